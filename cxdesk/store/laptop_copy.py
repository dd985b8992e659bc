"""File > Copy to my laptop: one engagement of a team workspace into the local file.

A consultant going to a client site takes an engagement with them: it is exported from
the team workspace (PostgreSQL) exactly as File > Export engagement… writes a .cxdesk
file, read back with every check File > Import… makes, and imported into the local
SQLite workspace in one transaction, as Import does. Nothing of the engagement-file
logic is repeated here: only the order of its steps, and the local workspace kept open
(and locked) between the question "copy alongside or replace?" and the import. Coming
back is File > Import… of an engagement file exported on the laptop.

Both steps are slow (a server round trip per table, then a transaction on the file):
run them off the UI thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cxdesk.store.database import Database, open_database
from cxdesk.store.engagement_file import (
    EngagementFile,
    export_engagement,
    import_engagement_file,
    read_engagement_file,
)
from cxdesk.store.engagement_import import Conflict, ImportResult, Resolution, find_conflicts
from cxdesk.store.paths import default_database_path, is_database_url

__all__ = ["PreparedCopy", "finish_copy", "local_workspace", "prepare_copy"]

Progress = Callable[[int, int], None]


def local_workspace(last_opened: object) -> Path:
    """Where an engagement is copied to: the last local file this person opened (the
    settings' ``database/last``) while it is still there, else the default workspace
    file (made by the copy when the laptop has none yet)."""
    if isinstance(last_opened, str) and last_opened and not is_database_url(last_opened):
        last = Path(last_opened)
        if last.is_file():
            return last
    return default_database_path()


@dataclass
class PreparedCopy:
    """The engagement read from the team workspace, and the local workspace it goes
    into, open (and so locked against other windows) until :func:`finish_copy` or
    :meth:`abandon`."""

    file: EngagementFile
    local: Database
    conflicts: Sequence[Conflict]

    def abandon(self) -> None:
        """Nothing is copied after all: the local workspace is closed again, unchanged."""
        self.local.close()


def prepare_copy(team: Database, engagement_id: int, local: Path) -> PreparedCopy:
    """Export ``engagement_id`` from ``team`` as an engagement file, read it back, open
    the local workspace at ``local`` and find which engagements it already has.

    Refusals, each with nothing changed anywhere: :class:`EngagementGone` (deleted on the
    server meanwhile), :class:`DatabaseRefused` (the local file is open in another CX Desk
    window, damaged, newer...), :class:`EngagementFileRefused`.
    """
    with tempfile.TemporaryDirectory(prefix="cxdesk-copy-") as scratch:
        path = Path(scratch) / f"engagement-{engagement_id}.cxdesk"
        export_engagement(team, engagement_id, path)
        file = read_engagement_file(path)  # holds the file's bytes: the folder may go
    db = open_database(local)
    try:
        conflicts = find_conflicts(db, file.names)
    except BaseException:
        db.close()
        raise
    return PreparedCopy(file, db, conflicts)


def finish_copy(
    prepared: PreparedCopy,
    resolution: Resolution = Resolution.COPY,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import the engagement into the local workspace (one transaction: all or nothing),
    an engagement it already has copied alongside or replaced as ``resolution`` says;
    the local workspace is closed in any case."""
    try:
        resolutions = {conflict.index: resolution for conflict in prepared.conflicts}
        return import_engagement_file(
            prepared.local, prepared.file, resolutions, None, progress, cancelled
        )
    finally:
        prepared.local.close()
