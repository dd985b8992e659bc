"""Which backups to keep: pure rules over dates, tested with a fake clock.

Nothing here touches a file. :func:`backups_to_delete` is given what is in the backups
folder and the time now, and says which backups the retention policy lets go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path


class BackupReason(StrEnum):
    """Why a backup was made; the value is the label in its file name."""

    START = "start"
    EDITING = "editing"
    MANUAL = "manual"
    BEFORE_RESTORE = "before-restore"
    MIGRATION = "migration"  # file label "before-<revision>", as migrate.py always wrote

    @property
    def words(self) -> str:
        return _WORDS[self]


_WORDS = {
    BackupReason.START: "On start",
    BackupReason.EDITING: "While editing",
    BackupReason.MANUAL: "Made by hand",
    BackupReason.BEFORE_RESTORE: "Before a restore",
    BackupReason.MIGRATION: "Before an update",
}

# A restore or an update is when a person most needs the way back: the backup taken just
# before either is kept for this long whatever the other rules say.
PROTECTED_REASONS = frozenset({BackupReason.BEFORE_RESTORE, BackupReason.MIGRATION})


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Keep the newest ``keep_last``; then the newest of each day for ``daily_days``
    days; then the newest of each week for ``weekly_weeks`` weeks (about three months).
    Backups made before a restore or an update are kept ``protected_days`` days."""

    keep_last: int = 10
    daily_days: int = 14
    weekly_weeks: int = 13
    protected_days: int = 14

    def __post_init__(self) -> None:
        for name in ("keep_last", "daily_days", "weekly_weeks", "protected_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file and what it holds (read from it, read-only).

    ``created`` is local time (from the file name); ``last_edit`` is when the data last
    changed, UTC as everything stored: recorded with every change from schema 0007 on
    (``last_edit_recorded``); in an older file, the newest time in the data, and the
    last edit may have been later (rows without a time of their own, such as a matrix
    level, were edited unseen). ``problem`` says why the file cannot
    be restored (it could not be read, or it is not a CX Desk database); None when it
    looked fine. Only :func:`cxdesk.store.backups.verify_backup` runs the full check.
    """

    path: Path
    created: datetime
    reason: BackupReason
    size: int
    revision: str | None = None
    clients: int | None = None
    engagements: int | None = None
    last_edit: datetime | None = None
    last_edit_recorded: bool = False
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


def newest_first(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    # The file name breaks ties: "-2" after the same second sorts after the first.
    return sorted(backups, key=lambda b: (b.created, len(b.name), b.name), reverse=True)


def backups_to_delete(
    backups: Sequence[BackupInfo], now: datetime, policy: RetentionPolicy | None = None
) -> list[BackupInfo]:
    """The backups the policy lets go, oldest first. Never the newest one.

    Give it only backups that were verified (every backup CX Desk names was verified
    before it got its name) and that belong to one database.
    """
    policy = policy or RetentionPolicy()
    ordered = newest_first(backups)
    if not ordered:
        return []
    keep: set[Path] = {ordered[0].path}
    keep.update(b.path for b in ordered[: policy.keep_last])
    days_seen: set[object] = set()
    weeks_seen: set[object] = set()
    for backup in ordered:  # newest first: the first seen of a day/week is its newest
        age = now - backup.created
        if age < timedelta(days=policy.daily_days):
            day = backup.created.date()
            if day not in days_seen:
                days_seen.add(day)
                keep.add(backup.path)
        if age < timedelta(weeks=policy.weekly_weeks):
            week = backup.created.isocalendar()[:2]
            if week not in weeks_seen:
                weeks_seen.add(week)
                keep.add(backup.path)
        if backup.reason in PROTECTED_REASONS and age < timedelta(days=policy.protected_days):
            keep.add(backup.path)
    return [b for b in reversed(ordered) if b.path not in keep]
