"""What the first frame shows, read with Python's own ``sqlite3`` before the store loads.

Start-up claims the workspace file first (:func:`cxdesk.store.sqlite_file.claim`: every
refusal happens there, before anything is shown), then reads the navigator's clients and
the last engagement's matrix through this reader while SQLAlchemy is still being
imported; with the Overview in front, everything its quadrant and key numbers are
computed from too. The statements are the store's own (:mod:`cxdesk.store.reads`), so
the first frame shows exactly what the store reads a moment later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cxdesk.models.engagement_records import (
    ClientRecord,
    EngagementRecord,
    ItemRecord,
    MilestoneRecord,
)
from cxdesk.models.overview import Overview, build_overview
from cxdesk.models.records import (
    AssessmentRecord,
    OverrideRecord,
    PulseRecord,
    SnapshotRecord,
)
from cxdesk.models.servqual import RaterResponse
from cxdesk.store import reads
from cxdesk.store.inspection import read_only_connection


class FirstFrameReader:
    """A read-only look at a claimed workspace file (the caller holds its lock, so nobody
    writes to it while this is open); closed once the store takes over."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = read_only_connection(path)

    def _rows(self, sql: str, parameters: Mapping[str, object]) -> Iterable[Sequence[Any]]:
        if self._conn is None:
            raise RuntimeError("the first frame's reader is closed: the store has the file")
        return self._conn.execute(sql, parameters).fetchall()

    def list_clients(self) -> list[tuple[ClientRecord, list[EngagementRecord]]]:
        return reads.list_clients(self._rows)

    def list_items(self, engagement_id: int) -> list[ItemRecord]:
        return reads.list_items(self._rows, engagement_id)

    def list_milestones(self, engagement_id: int) -> list[MilestoneRecord]:
        return reads.list_milestones(self._rows, engagement_id)

    def list_snapshots(self, engagement_id: int) -> list[SnapshotRecord]:
        return reads.list_snapshots(self._rows, engagement_id)

    def list_pulses(self, engagement_id: int) -> list[PulseRecord]:
        return reads.list_pulses(self._rows, engagement_id)

    def list_overrides(self, engagement_id: int) -> list[OverrideRecord]:
        return reads.list_overrides(self._rows, engagement_id)

    def load_engagement_responses(
        self, engagement_id: int
    ) -> list[tuple[AssessmentRecord, list[RaterResponse]]]:
        return reads.load_engagement_responses(self._rows, engagement_id)

    def load_overview(self, engagement_id: int) -> Overview:
        """The Overview as :func:`cxdesk.store.overview.load_overview` computes it."""
        return build_overview(
            milestones=self.list_milestones(engagement_id),
            items=self.list_items(engagement_id),
            snapshots=self.list_snapshots(engagement_id),
            assessments=self.load_engagement_responses(engagement_id),
            pulses=self.list_pulses(engagement_id),
            overrides=self.list_overrides(engagement_id),
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
