"""The list of workshop sessions in the CX quiz tab: newest first, with their room result.

A session's room average is shown only once its results are revealed: the list may be on
a projector while people are still answering, and an early number sways the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionRecord, SessionResultsData
from cxdesk.store import workshop
from cxdesk.store.database import Database
from cxdesk.ui.record_model import AnyIndex

SessionRole = Qt.ItemDataRole.UserRole + 1  # the row's SessionRecord

MODE_SHORT = {SessionMode.LAPTOP: "Pass the laptop", SessionMode.HANDS: "Show of hands"}


class SessionScope(StrEnum):
    """Which sessions the tab lists."""

    ENGAGEMENT = "This engagement's sessions"
    UNLINKED = "Sessions without an engagement"
    ALL = "All sessions"


class Column(IntEnum):
    DATE = 0
    TITLE = 1
    PEOPLE = 2
    RESULT = 3


# The quiz and the way answers were collected are in the title's tooltip and the details
# below the list: four columns fit beside the results on a 1024-pixel laptop screen.
HEADERS = ("Date", "Session", "People", "Average")


@dataclass(frozen=True, slots=True)
class SessionRow:
    record: SessionRecord
    quiz_title: str
    people: int
    """Participants (pass the laptop) or people in the room (show of hands)."""
    finished: int
    average: float | None
    band: str


def load_rows(db: Database, scope: SessionScope, engagement_id: int | None) -> list[SessionRow]:
    """The sessions in scope, newest first, each with its people and room result."""
    if scope is SessionScope.ENGAGEMENT:
        records = workshop.list_sessions(db, engagement_id=engagement_id) if engagement_id else []
    else:
        records = workshop.list_sessions(db)
        if scope is SessionScope.UNLINKED:
            records = [r for r in records if r.engagement_id is None]
    rows: list[SessionRow] = []
    for record in reversed(records):
        data = workshop.load_session_results(db, record.id)
        if data is not None:  # else deleted between the two reads
            rows.append(session_row(data))
    return rows


def session_row(data: SessionResultsData) -> SessionRow:
    record = data.session
    results = data.results
    people = (
        record.participant_count
        if record.session_mode is SessionMode.HANDS
        else len(data.participants)
    )
    return SessionRow(
        record=record,
        quiz_title=data.quiz.title,
        people=people,
        finished=results.finished,
        average=results.room_average,
        band=results.room_band.label if results.room_band else "",
    )


class SessionTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SessionRow] = []

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_row(self, row: SessionRow) -> None:
        """One session's numbers changed (an answer came in): repaint only its row."""
        number = self.row_of(row.record.id)
        if number is not None:
            self.rows[number] = row
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(HEADERS) - 1))

    def row_of(self, session_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.record.id == session_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = Column(index.column())
        if role == SessionRole:
            return row.record
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.PEOPLE, Column.RESULT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: SessionRow, column: Column) -> str:
        record = row.record
        if column is Column.DATE:
            return f"{record.held_on:%d %b %Y}"
        if column is Column.TITLE:
            return record.title
        if column is Column.PEOPLE:
            return str(row.people)
        if not record.revealed:
            return "hidden"
        return "—" if row.average is None else f"{row.average:.1f}"

    @staticmethod
    def _tooltip(row: SessionRow, column: Column) -> str | None:
        if column is Column.RESULT:
            if not row.record.revealed:
                return "Results are hidden until you reveal them (Ctrl+R)"
            if row.average is None:
                return "Not enough answers for a room average yet"
            return f"Room average {row.average:.1f}: {row.band}"
        if column is Column.TITLE:
            mode = MODE_SHORT[row.record.session_mode].lower()
            return f"{row.record.title}\n{row.quiz_title}, by {mode}"
        return None
