"""The portfolio's table: one row per engagement, its columns, sorting and filtering.

Every column sorts by a number (a count, a score, a date as its day number, a quadrant by
how good it is, the last change by its change number), never by the text shown, so
"10" sorts after "9" and "2 Dec" after "28 Nov". Rows without a value sort first going up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.portfolio import PortfolioLine, move_text
from cxdesk.models.quadrant import Direction, Quadrant
from cxdesk.ui.record_model import Column, RecordRole, RecordTableModel, SortRole

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PHASES = list(JourneyPhase)
# Best last, so sorting down puts Stellar Success on top; not on the quadrant yet: first.
_QUADRANT_ORDER = {
    None: -1,
    Quadrant.TOTAL_MISFIRE: 0,
    Quadrant.HIDDEN_HERO: 1,
    Quadrant.STYLE_OVER_SUBSTANCE: 2,
    Quadrant.STELLAR_SUCCESS: 3,
}
_DIRECTION_ORDER = {
    Direction.UNKNOWN: -1,
    Direction.WORSE: 0,
    Direction.SAME: 1,
    Direction.BETTER: 2,
}
NOT_PLACED = "not_placed"  # the quadrant filter's choice for engagements not on it yet


def _one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _or_minus_one(value: float | None) -> float:
    return -1.0 if value is None else value


def _local(at: datetime) -> datetime:
    """The store's naive UTC in this computer's time, as every other screen shows it."""
    return at.replace(tzinfo=UTC).astimezone()


def _last_changed(line: PortfolioLine) -> str:
    touched = line.last_touched
    if touched.at is None:
        return ""
    shown = _local(touched.at).strftime("%d %b %Y %H:%M" if touched.exact else "%d %b %Y")
    # Not exact: the newest time the engagement's rows carry; an edit since may be later.
    return shown if touched.exact else f"≥ {shown}"


def _last_changed_tip(line: PortfolioLine) -> str:
    touched = line.last_touched
    by = f" by {touched.by}" if touched.by else ""
    if touched.exact:
        return f"The engagement's latest edit was made at this time{by}."
    return (
        "Edited at least this recently: the newest date its records carry. Its latest "
        "edit was made before CX Desk recorded who and when (schema 0013), so this column "
        "sorts by the order of the edits, which is exact."
    )


COLUMNS: tuple[Column[PortfolioLine], ...] = (
    Column("client", "Client", sort=lambda r: (r.client.casefold(), r.client_id)),
    Column("name", "Engagement", sort=lambda r: (r.name.casefold(), r.engagement_id)),
    Column(
        "phase",
        "Phase",
        "Where the engagement stands in the client's journey.",
        display=lambda r: r.phase.label,
        sort=lambda r: _PHASES.index(r.phase),
    ),
    Column(
        "",
        "Quadrant now",
        "The Project Experience Quadrant now, as on the engagement's Overview.",
        display=lambda r: r.quadrant.now.label if r.quadrant.now else "Not placed yet",
        sort=lambda r: _QUADRANT_ORDER[r.quadrant.now],
    ),
    Column(
        "",
        "Since previous milestone",
        "Better or worse than at the previous milestone on the quadrant's path: by the "
        "quadrant first, then by value plus experience.",
        display=lambda r: move_text(r.quadrant),
        sort=lambda r: _DIRECTION_ORDER[r.quadrant.direction],
    ),
    Column(
        "trailing",
        "Trailing",
        "Expectations trailing: rows of the matrix with a negative delivery or perceived gap.",
        align=_RIGHT,
    ),
    Column(
        "open_handoff_items",
        "Open handoff items",
        "Open items on the emotion map's handoff checklists.",
        align=_RIGHT,
    ),
    Column(
        "",
        "Last pulse",
        "The latest day of the client's pulse checks.",
        display=lambda r: r.last_pulse.taken_on.strftime("%d %b %Y") if r.last_pulse else "",
        sort=lambda r: r.last_pulse.taken_on.toordinal() if r.last_pulse else -1,
    ),
    Column(
        "",
        "Confidence",
        "The client's mean confidence (1-10) that day.",
        display=lambda r: _one_decimal(r.last_pulse.mean_confidence if r.last_pulse else None),
        sort=lambda r: _or_minus_one(r.last_pulse.mean_confidence if r.last_pulse else None),
        align=_RIGHT,
    ),
    Column(
        "",
        "CSAT",
        "The client's mean CSAT (1-5) that day.",
        display=lambda r: _one_decimal(r.last_pulse.mean_csat if r.last_pulse else None),
        sort=lambda r: _or_minus_one(r.last_pulse.mean_csat if r.last_pulse else None),
        align=_RIGHT,
    ),
    Column(
        "",
        "Last changed",
        "When the engagement was last edited (UTC).",
        display=_last_changed,
        sort=lambda r: r.last_touched.change,
        tooltip=_last_changed_tip,
    ),
    Column(
        "",
        "Changed by",
        "Who made the engagement's latest edit: the PostgreSQL user on a team workspace, "
        "the person logged in to the computer on a workspace file.",
        display=lambda r: r.last_touched.by,
        sort=lambda r: (r.last_touched.by.casefold(), r.last_touched.change),
    ),
)


class PortfolioModel(RecordTableModel[PortfolioLine]):
    columns = COLUMNS
    key = staticmethod(attrgetter("engagement_id"))


class PortfolioFilter(QSortFilterProxyModel):
    """Rows whose client or engagement name holds the typed text (case-blind), in the
    chosen quadrant (None: any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.quadrant: Quadrant | str | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)  # a line read again moves to its sorted place

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange()

    def set_quadrant(self, quadrant: Quadrant | str | None) -> None:
        self.beginFilterChange()
        self.quadrant = quadrant
        self.endFilterChange()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        line: PortfolioLine = (
            self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        )
        if self.text and (
            self.text not in line.client.casefold() and self.text not in line.name.casefold()
        ):
            return False
        if self.quadrant is None:
            return True
        now = line.quadrant.now
        return now is None if self.quadrant == NOT_PLACED else now == self.quadrant

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        # Sort keys are numbers or (text, id) tuples: compared in Python, as they are.
        mine: Any = left.data(SortRole)
        theirs: Any = right.data(SortRole)
        return bool(mine < theirs)

    def line(self, row: int) -> PortfolioLine:
        line: PortfolioLine = self.index(row, 0).data(RecordRole)
        return line
