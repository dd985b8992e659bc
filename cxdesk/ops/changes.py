"""What an operation changed, as the screens need it: which kinds of row, which ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cxdesk.store.journal import RowChange


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The rows an operation (or its undo) created, updated and deleted, by table name.

    A screen asks whether it is concerned (:meth:`touches`, :meth:`concerns`) and
    re-reads just those rows; nothing here holds row values, so a ChangeSet is small
    and safe to pass between threads.
    """

    created: dict[str, frozenset[int]] = field(default_factory=dict)
    updated: dict[str, frozenset[int]] = field(default_factory=dict)
    deleted: dict[str, frozenset[int]] = field(default_factory=dict)
    # The engagements whose data changed (from the rows' own engagement_id, or the one
    # the operation names for rows that do not say: a touchpoint, a quiz answer).
    engagements: frozenset[int] = frozenset()
    # Tables changed in ways not named row by row: a colleague's change too big for its
    # notice to list the ids, or changes committed while this window could not hear
    # (ops/live_changes.py). A screen showing rows of them re-reads them all, as when
    # rows came or went (touches and reshapes count them).
    whole: frozenset[str] = frozenset()

    @classmethod
    def of(cls, changes: Iterable[RowChange], engagement_id: int | None = None) -> ChangeSet:
        created: dict[str, set[int]] = defaultdict(set)
        updated: dict[str, set[int]] = defaultdict(set)
        deleted: dict[str, set[int]] = defaultdict(set)
        engagements: set[int] = set()
        for change in changes:
            kind = created if change.created else deleted if change.deleted else updated
            kind[change.table].add(change.id)
            if change.engagement_id is not None:
                engagements.add(change.engagement_id)
        if engagement_id is not None:
            engagements.add(engagement_id)
        return cls(_frozen(created), _frozen(updated), _frozen(deleted), frozenset(engagements))

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.whole)

    @property
    def tables(self) -> frozenset[str]:
        return (
            frozenset(self.created) | frozenset(self.updated) | frozenset(self.deleted)
        ) | self.whole

    def touches(self, *tables: str) -> bool:
        """Whether any row of these tables was created, updated or deleted."""
        return any(
            t in self.created or t in self.updated or t in self.deleted or t in self.whole
            for t in tables
        )

    def reshapes(self, *tables: str) -> bool:
        """Whether rows of these tables were created or deleted (not just updated), or
        may have been (:attr:`whole`): the list is read again."""
        return any(t in self.created or t in self.deleted or t in self.whole for t in tables)

    def ids(self, table: str) -> frozenset[int]:
        """Every id of ``table`` the change touched, however."""
        empty: frozenset[int] = frozenset()
        return (
            self.created.get(table, empty)
            | self.updated.get(table, empty)
            | self.deleted.get(table, empty)
        )

    def concerns(self, engagement_id: int | None) -> bool:
        """Whether the change may show on a screen of ``engagement_id`` (a change that
        names no engagement, such as a client's or a quiz's, concerns every screen)."""
        return not self.engagements or engagement_id in self.engagements


def _frozen(found: dict[str, set[int]]) -> dict[str, frozenset[int]]:
    return {table: frozenset(ids) for table, ids in found.items()}
