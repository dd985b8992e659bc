"""The records of a workspace's clients, engagements, milestones and matrix rows.

Kept apart from :mod:`cxdesk.models.records` (which re-exports them) because start-up
shows them in its first frame, before anything else of the app is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cxdesk.models.gaps import LevelTriple, delivery_gap, perceived_gap


@dataclass(frozen=True, slots=True)
class ClientRecord:
    id: int
    name: str
    version: int | None = None  # the row's change count when read: a rename is checked


@dataclass(frozen=True, slots=True)
class EngagementRecord:
    id: int
    client_id: int
    name: str
    journey_phase: str
    start_date: date | None
    # The row's change count when read: a rename or a new phase is checked against it.
    version: int | None = None
    # The language its toolkit prints in (a code of cxdesk.language.LANGUAGES), shared by
    # everyone on the workspace and carried in .cxdesk files; None: not chosen (English).
    toolkit_language: str | None = None


@dataclass(frozen=True, slots=True)
class MilestoneRecord:
    id: int
    engagement_id: int
    position: int
    name: str
    due_date: date | None
    revalidated_at: datetime | None


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One Expectation Matrix row."""

    id: int
    engagement_id: int
    position: int
    expects: str = ""
    needs: str = ""
    planned: str = ""
    delivered: str = ""
    experienced: str = ""
    expected_level: int | None = None
    delivered_level: int | None = None
    experienced_level: int | None = None
    sacrifice: str = ""
    sacrifice_level: int | None = None
    status: str = "open"
    owner: str = ""
    notes: str = ""
    version: int = 1  # the row's change count when read: an edit on an older one is refused
    changed_by: str | None = None  # who made the row's latest change (None: not known)
    changed_at: datetime | None = None  # when (naive UTC)

    @property
    def levels(self) -> LevelTriple:
        return LevelTriple(self.expected_level, self.delivered_level, self.experienced_level)

    @property
    def delivery_gap(self) -> int | None:
        return delivery_gap(self.expected_level, self.delivered_level)

    @property
    def perceived_gap(self) -> int | None:
        return perceived_gap(self.expected_level, self.experienced_level)
