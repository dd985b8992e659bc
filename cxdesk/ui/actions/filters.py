"""Which actions the Actions view shows: open, overdue, an owner, a cause, a kind of
source, one gap, or words typed; and its sort by what the cells mean (dates as dates)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from PySide6.QtCore import QObject, QSortFilterProxyModel

from cxdesk.models.actions import ActionSource, SourceKind
from cxdesk.ui.actions.model import COLUMNS, ActionLine, ActionLineRole, ActionTableModel
from cxdesk.ui.record_model import AnyIndex, SortRole


class Showing(StrEnum):
    ALL = "all"
    OPEN = "open"  # open or in progress
    OVERDUE = "overdue"
    CLOSED = "closed"  # done or dropped

    @property
    def label(self) -> str:
        return {
            Showing.ALL: "All actions",
            Showing.OPEN: "Open",
            Showing.OVERDUE: "Overdue",
            Showing.CLOSED: "Done or dropped",
        }[self]


ANY = None  # a filter that lets every row through


@dataclass(frozen=True, slots=True)
class ActionFilter:
    showing: Showing = Showing.ALL
    owner: str | None = ANY  # the owner's name, case-blind ("" = no owner named)
    cause: str | None = ANY  # a GapCause value, or "" for "no cause named"
    kind: SourceKind | None = ANY
    gap: ActionSource | None = ANY  # one gap: "Show actions for this gap"
    words: str = ""

    def accepts(self, line: ActionLine) -> bool:
        record = line.record
        if self.showing is Showing.OPEN and not record.is_open:
            return False
        if self.showing is Showing.OVERDUE and not line.days_overdue:
            return False
        if self.showing is Showing.CLOSED and record.is_open:
            return False
        if self.owner is not None and record.owner_name.casefold() != self.owner.casefold():
            return False
        if self.cause is not None and (record.cause or "") != self.cause:
            return False
        if self.kind is not None and record.kind is not self.kind:
            return False
        if self.gap is not None and not answers(line, self.gap):
            return False
        if self.words:
            haystack = " ".join(
                (record.title, line.row.source_text, record.owner_name, record.outcome)
            ).casefold()
            return self.words in haystack
        return True


def answers(line: ActionLine, gap: ActionSource) -> bool:
    """Whether the action answers that gap (a touchpoint's actions whoever's score; a
    RATER assessment's on that dimension when one is named), as ``actions_for`` reads."""
    record = line.record
    column = gap.kind.link_column
    if column is None or getattr(record, column) != gap.record_id:
        return False
    if gap.kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
        if record.kind is not gap.kind:
            return False
        return gap.dimension is None or record.rater_dimension == gap.dimension
    return True


class ActionFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rule = ActionFilter()
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_rule(self, rule: ActionFilter) -> None:
        if rule == self.rule:
            return
        self.beginFilterChange()
        self.rule = rule
        self.endFilterChange()

    def change(self, **fields: object) -> None:
        self.set_rule(replace(self.rule, **fields))  # type: ignore[arg-type]

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if isinstance(model, ActionTableModel):  # the record itself: no index, no data()
            return self.rule.accepts(model.record(source_row))
        line = model.index(source_row, 0, source_parent).data(ActionLineRole)
        return line is not None and self.rule.accepts(line)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        if a == b:  # ties in the consultant's order
            return bool(
                left.data(ActionLineRole).record.position
                < right.data(ActionLineRole).record.position
            )
        return bool(a < b)


__all__ = ["COLUMNS", "ActionFilter", "ActionFilterProxy", "Showing", "answers"]
