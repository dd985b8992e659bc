"""The pulse-check responses as a Qt table model, and its sort/filter proxy.

Edits go to ``ws.feedback`` (undoable, committed at once); the model changes only when
the tab passes on what the store saved, so the screen always shows what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from cxdesk.models.pulse import (
    CONFIDENCE_QUESTION,
    CSAT_LABELS,
    CSAT_QUESTION,
    NOT_WORKING_QUESTION,
    WORKING_QUESTION,
)
from cxdesk.models.records import MilestoneRecord, PulseRecord
from cxdesk.models.servqual import RespondentSide
from cxdesk.store import pulse as pulse_store
from cxdesk.ui.pulse.scores import NOT_ANSWERED
from cxdesk.ui.record_model import (
    AnyIndex,
    Column,
    RecordRole,
    RecordTableModel,
    SortRole,
    collapse_spaces,
    strip_text,
)
from cxdesk.ui.workspace import Workspace

PulseRole = RecordRole  # the row's PulseRecord
_UNANSWERED = 10_000
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _column(field: str, title: str, help: str, kind: str, **readers: Any) -> Column[PulseRecord]:
    """A column of kind "date", "milestone", "line", "side", "score" or "text"."""
    read = attrgetter(field)
    shown: Callable[[PulseRecord], str] = readers.pop("display", lambda r: str(read(r)))
    return Column(
        field,
        title,
        help,
        kind=kind,
        editable=True,
        display=shown,
        accessible=lambda r: f"{title}: {_said(shown(r))}",
        align=Qt.AlignmentFlag.AlignCenter if kind == "score" else _LEFT,
        **readers,
    )


def _said(shown: str) -> str:
    return shown if shown and shown != NOT_ANSWERED else "empty"


def _score(value: int | None) -> str:
    return NOT_ANSWERED if value is None else str(value)


def _one_line(text: str) -> str:
    return " ⏎ ".join(text.splitlines())  # one line per row in the table


COLUMNS: tuple[Column[PulseRecord], ...] = (
    _column(
        "taken_on",
        "Date",
        "The day the client answered",
        "date",
        display=lambda r: f"{r.taken_on:%d %b %Y}",
        # Same day: the later response first when sorted newest first.
        sort=lambda r: r.taken_on.toordinal() * 10_000_000 + r.id,
    ),
    # Shown and sorted by the milestone's name, which the model knows (see data()).
    _column("milestone_id", "Milestone", "The milestone this check belongs to", "milestone"),
    _column(
        "respondent",
        "Respondent",
        "Who answered",
        "line",
        sort=lambda r: r.respondent.casefold(),
        tidy=collapse_spaces,
    ),
    _column(
        "side",
        "Side",
        "The client's people, or our own team (counted apart: the trend is the client's). "
        "Press C or T to switch",
        "side",
        display=lambda r: RespondentSide(r.side).label,
        sort=lambda r: RespondentSide(r.side).label.casefold(),
    ),
    _column(
        "confidence",
        "Confidence",
        CONFIDENCE_QUESTION + " (1-10)",
        "score",
        display=lambda r: _score(r.confidence),
        sort=lambda r: _UNANSWERED if r.confidence is None else r.confidence,
    ),
    _column(
        "csat",
        "CSAT",
        CSAT_QUESTION + " (1-5)",
        "score",
        display=lambda r: _score(r.csat),
        sort=lambda r: _UNANSWERED if r.csat is None else r.csat,
        tooltip=lambda r: None if r.csat is None else CSAT_LABELS[r.csat],
    ),
    _column(
        "working",
        "What's working",
        WORKING_QUESTION,
        "text",
        display=lambda r: _one_line(r.working),
        sort=lambda r: r.working.casefold(),
        tooltip=lambda r: r.working or None,
        tidy=strip_text,
    ),
    _column(
        "not_working",
        "What's not working",
        NOT_WORKING_QUESTION,
        "text",
        display=lambda r: _one_line(r.not_working),
        sort=lambda r: r.not_working.casefold(),
        tooltip=lambda r: r.not_working or None,
        tidy=strip_text,
    ),
)
COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
MILESTONE = COLUMN_INDEX["milestone_id"]
_BY_NAME = (Qt.ItemDataRole.DisplayRole, SortRole, Qt.ItemDataRole.AccessibleTextRole)


class PulseTableModel(RecordTableModel[PulseRecord]):
    """The responses in the store's order; the proxy sorts them for the screen."""

    columns = COLUMNS

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._milestones: dict[int, str] = {}

    # -- loading -------------------------------------------------------------------

    def pulses(self) -> list[PulseRecord]:
        return self.records()

    def set_milestones(self, milestones: list[MilestoneRecord]) -> None:
        names = {m.id: m.name for m in milestones}
        if names != self._milestones:
            self._milestones = names
            if self.rowCount():
                self.dataChanged.emit(
                    self.index(0, MILESTONE), self.index(self.rowCount() - 1, MILESTONE)
                )

    def milestone_name(self, milestone_id: int | None) -> str:
        return "" if milestone_id is None else self._milestones.get(milestone_id, "")

    def reset_pulses(self, pulses: list[PulseRecord]) -> None:
        """Another engagement's responses (the one place a full reset is right)."""
        self.reset(pulses)

    def set_pulses(self, fresh: list[PulseRecord]) -> None:
        """Move to ``fresh`` with targeted signals, so selection and scrolling survive."""
        self.apply(fresh)

    def update_pulses(self, records: Sequence[PulseRecord]) -> None:
        """Rows an edit changed, as re-read: repainted in place (absent ones ignored)."""
        for record in records:
            self.update_record(record)

    # -- Qt model API --------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == MILESTONE and role in _BY_NAME and 0 <= index.row() < len(self._rows):
            name = self.milestone_name(self.record(index.row()).milestone_id)
            if role == SortRole:
                return name.casefold()
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{COLUMNS[MILESTONE].title}: {_said(name)}"
            return name
        return super().data(index, role)

    def edit(self, record: PulseRecord, column: Column[PulseRecord], value: Any) -> bool:
        if self._ws.feedback.edit_pulse(record, column.field, value) is None:
            # Refused or unchanged: the row shows what is stored, which may be a
            # colleague's newer answer the refusal speaks of.
            self.update_pulses(pulse_store.get_pulses(self._ws.db, [record.id]))
        return True


class PulseFilterProxy(QSortFilterProxyModel):
    """Sort by any column; filter by text (respondent, answers, milestone)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.casefold().strip()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        haystack = " ".join(
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in range(len(COLUMNS))
        )
        return self._needle in haystack.casefold()
