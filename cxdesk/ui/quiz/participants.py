"""Each participant's total and band in a pass-the-laptop session, as a Qt table model.

Updated after every answer recorded in the room: when the same people are listed (the
usual case: someone answered one more statement) only the rows whose text changed are
announced with ``dataChanged``, so a 300-person table is not rebuilt for one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPalette

from cxdesk.models.records import SessionResultsData
from cxdesk.models.workshop_results import WorkshopResults
from cxdesk.ui.quiz.texts import participant_name, total_text
from cxdesk.ui.record_model import AnyIndex

HEADERS = ("Participant", "Total", "Band")
SortRole = Qt.ItemDataRole.UserRole + 1  # a value that sorts: name, total (-1 incomplete), band
NO_BAND = "\u2013"


@dataclass(frozen=True, slots=True)
class Row:
    participant_id: int
    name: str
    total: str
    band: str
    complete: bool
    sort_total: int
    band_advice: str


def rows_of(data: SessionResultsData | None, results: WorkshopResults | None) -> list[Row]:
    if data is None or results is None:
        return []
    count = len(data.quiz.statements)
    rows = []
    for participant, answers, total, band in zip(
        data.participants, data.answers, results.totals, results.bands, strict=False
    ):
        rows.append(
            Row(
                participant_id=participant.id,
                name=participant_name(participant),
                total=total_text(total, answers, count),
                band=band.label if band is not None else NO_BAND,
                complete=total is not None,
                sort_total=-1 if total is None else total,
                band_advice=f"{band.label}: {band.advice}" if band is not None else "",
            )
        )
    return rows


class ParticipantsModel(QAbstractTableModel):
    """Read-only: names are changed in the session list, answers in the presenter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        same_people = len(rows) == len(self._rows) and all(
            a.participant_id == b.participant_id for a, b in zip(rows, self._rows, strict=True)
        )
        if not same_people:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old, self._rows = self._rows, rows
        changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=True)) if a != b]
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == 1:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (row.name, row.total, row.band)[column]
        if role == SortRole:
            return (row.name.casefold(), row.sort_total, row.band)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not row.complete and column > 0:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and row.band_advice:
            return row.band_advice
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
