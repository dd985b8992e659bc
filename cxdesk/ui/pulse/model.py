"""The pulse-check responses as a Qt table model, and its sort/filter proxy.

Edits go to ``ws.feedback`` (undoable, committed at once); the model changes only when
the tab passes on what the store saved, so the screen always shows what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from cxdesk.models.pulse import (
    CONFIDENCE_QUESTION,
    CSAT_LABELS,
    CSAT_QUESTION,
    NOT_WORKING_QUESTION,
    WORKING_QUESTION,
)
from cxdesk.models.records import MilestoneRecord, PulseRecord
from cxdesk.ui.pulse.scores import NOT_ANSWERED
from cxdesk.ui.workspace import Workspace

PulseRole = Qt.ItemDataRole.UserRole + 1  # the row's PulseRecord
SortRole = Qt.ItemDataRole.UserRole + 2  # a comparable key; unanswered sorts last

AnyIndex = QModelIndex | QPersistentModelIndex
_UNANSWERED = 10_000


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    title: str
    help: str
    kind: str  # "date", "milestone", "line", "score", "text"


COLUMNS = (
    Column("taken_on", "Date", "The day the client answered", "date"),
    Column("milestone_id", "Milestone", "The milestone this check belongs to", "milestone"),
    Column("respondent", "Respondent", "Who answered", "line"),
    Column("confidence", "Confidence", CONFIDENCE_QUESTION + " (1-10)", "score"),
    Column("csat", "CSAT", CSAT_QUESTION + " (1-5)", "score"),
    Column("working", "What's working", WORKING_QUESTION, "text"),
    Column("not_working", "What's not working", NOT_WORKING_QUESTION, "text"),
)
COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}


class PulseTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._rows: list[PulseRecord] = []
        self._milestones: dict[int, str] = {}

    # -- loading -------------------------------------------------------------------

    def pulses(self) -> list[PulseRecord]:
        return list(self._rows)

    def row_of(self, pulse_id: int) -> int | None:
        for row, record in enumerate(self._rows):
            if record.id == pulse_id:
                return row
        return None

    def set_milestones(self, milestones: list[MilestoneRecord]) -> None:
        names = {m.id: m.name for m in milestones}
        if names != self._milestones:
            self._milestones = names
            if self._rows:
                column = COLUMN_INDEX["milestone_id"]
                self.dataChanged.emit(
                    self.index(0, column), self.index(len(self._rows) - 1, column)
                )

    def milestone_name(self, milestone_id: int | None) -> str:
        return "" if milestone_id is None else self._milestones.get(milestone_id, "")

    def reset_pulses(self, pulses: list[PulseRecord]) -> None:
        """Another engagement's responses (the one place a full reset is right)."""
        self.beginResetModel()
        self._rows = list(pulses)
        self.endResetModel()

    def set_pulses(self, fresh: list[PulseRecord]) -> None:
        """Move to ``fresh`` with targeted signals, so selection and scrolling survive."""
        fresh_ids = {p.id for p in fresh}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id not in fresh_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        known = {p.id for p in self._rows}
        arrived = [p for p in fresh if p.id not in known]
        if arrived:
            at = len(self._rows)
            self.beginInsertRows(QModelIndex(), at, at + len(arrived) - 1)
            self._rows.extend(arrived)
            self.endInsertRows()
        # The proxy sorts; the source keeps arrival order, so only values can differ.
        by_id = {p.id: p for p in fresh}
        for record in list(self._rows):
            if by_id[record.id] != record:
                self.update_pulse(by_id[record.id])

    def update_pulse(self, record: PulseRecord) -> None:
        row = self.row_of(record.id)
        if row is None:
            return
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].help
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = COLUMNS[index.column()]
        value = getattr(record, column.field)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == PulseRole:
            return record
        if role == SortRole:
            return self._sort_key(column, record, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.kind == "text":
                return value or None
            if column.field == "csat" and value is not None:
                return CSAT_LABELS[value]
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind == "score":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = self._display(column, value)
            return f"{column.title}: {shown if shown and shown != NOT_ANSWERED else 'empty'}"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if column.kind == "line" and isinstance(value, str):
            value = " ".join(value.split())
        elif column.kind == "text" and isinstance(value, str):
            value = value.strip()
        self._ws.feedback.edit_pulse(self._rows[index.row()], column.field, value)
        return True

    def _display(self, column: Column, value: Any) -> str:
        if column.kind == "date":
            return f"{value:%d %b %Y}"
        if column.kind == "milestone":
            return self.milestone_name(value)
        if column.kind == "score":
            return NOT_ANSWERED if value is None else str(value)
        if column.kind == "text":
            return " ⏎ ".join(str(value).splitlines())  # one line per row in the table
        return str(value)

    def _sort_key(self, column: Column, record: PulseRecord, value: Any) -> Any:
        if column.kind == "date":
            # Same day: the later response first when sorted newest first.
            return record.taken_on.toordinal() * 10_000_000 + record.id
        if column.kind == "milestone":
            return self.milestone_name(value).casefold()
        if column.kind == "score":
            return _UNANSWERED if value is None else value
        return str(value).casefold()


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
