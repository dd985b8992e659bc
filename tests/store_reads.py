"""Reads only tests need: what the database holds after an edit, and a digest of the file.

The app itself reads whole engagements (``store.workspace``, ``store.workshop``); a test
checking one row or one session's participants reads them here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.models.records import ItemRecord, ParticipantRecord, RespondentRecord
from cxdesk.models.workshop_entities import WorkshopParticipant
from cxdesk.store.database import Database
from cxdesk.store.engagement_file import import_engagement_file, read_engagement_file
from cxdesk.store.engagement_import import ImportResult, Resolution
from cxdesk.store.expectations import item_record
from cxdesk.store.workshop import participant_record

RecordT = TypeVar("RecordT", ItemRecord, RespondentRecord)


def content(record: RecordT) -> RecordT:
    """``record`` without who changed it last and when: what an undo puts back exactly
    (the undo is a change of its own, made by its person, now)."""
    return replace(record, changed_by=None, changed_at=None)


def contents(records: list[RecordT]) -> list[RecordT]:
    """Each of ``records`` without who changed it last and when (see :func:`content`)."""
    return [content(record) for record in records]


def get_item(db: Database, item_id: int) -> ItemRecord | None:
    with db.reading() as s:
        item = s.get(ExpectationItem, item_id)
        return item_record(item) if item else None


def list_participants(db: Database, session_id: int) -> list[ParticipantRecord]:
    with db.reading() as s:
        rows = s.scalars(
            select(WorkshopParticipant)
            .where(WorkshopParticipant.session_id == session_id)
            .order_by(WorkshopParticipant.position, WorkshopParticipant.id)
        )
        return [participant_record(r) for r in rows]


def import_path(
    db: Database, path: Path, resolutions: Mapping[int, Resolution] | None = None
) -> ImportResult:
    """Read, check and import ``path`` in one go."""
    return import_engagement_file(db, read_engagement_file(path), resolutions)


def database_hash(path: Path) -> str:
    """A digest of a database file (and its WAL), to show a refused import changed nothing."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        with suppress(FileNotFoundError):
            digest.update(part.read_bytes())
    return digest.hexdigest()
