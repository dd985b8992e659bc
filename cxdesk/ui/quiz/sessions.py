"""The list of workshop sessions in the CX quiz tab: newest first, with their room result.

A session's room average is shown only once its results are revealed: the list may be on
a projector while people are still answering, and an early number sways the room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import Qt

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionRecord, SessionResultsData
from cxdesk.store import workshop
from cxdesk.store.database import Database
from cxdesk.ui.record_model import FIRST_TABLE_ROLE, RecordTableModel
from cxdesk.ui.record_model import Column as RecordColumn

SessionRole = FIRST_TABLE_ROLE  # the row's SessionRecord

MODE_SHORT = {
    SessionMode.LAPTOP: "Pass the laptop",
    SessionMode.HANDS: "Show of hands",
    SessionMode.PHONES: "Phones",
}
# "Kickoff, by show of hands": how the title's tooltip says it.
MODE_HOW = {
    SessionMode.LAPTOP: "by passing the laptop",
    SessionMode.HANDS: "by show of hands",
    SessionMode.PHONES: "on phones",
}


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
    """Participants (pass the laptop, phones) or people in the room (show of hands)."""
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


def _result_text(row: SessionRow) -> str:
    if not row.record.revealed:
        return "hidden"
    return "—" if row.average is None else f"{row.average:.1f}"


def _result_tooltip(row: SessionRow) -> str:
    if not row.record.revealed:
        return "Results are hidden until you reveal them (Ctrl+R)"
    if row.average is None:
        return "Not enough answers for a room average yet"
    return f"Room average {row.average:.1f}: {row.band}"


def _title_tooltip(row: SessionRow) -> str:
    return f"{row.record.title}\n{row.quiz_title}, {MODE_HOW[row.record.session_mode]}"


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RECORD: dict[int, Callable[[SessionRow], Any]] = {SessionRole: lambda r: r.record}


class SessionTableModel(RecordTableModel[SessionRow]):
    """Read-only rows, one per session, keyed by the session's id."""

    key = staticmethod(lambda row: row.record.id)
    columns = (
        RecordColumn(
            "",
            HEADERS[Column.DATE],
            display=lambda r: f"{r.record.held_on:%d %b %Y}",
            roles=_RECORD,
        ),
        RecordColumn(
            "",
            HEADERS[Column.TITLE],
            display=lambda r: r.record.title,
            tooltip=_title_tooltip,
            roles=_RECORD,
        ),
        RecordColumn(
            "", HEADERS[Column.PEOPLE], display=lambda r: str(r.people), align=_RIGHT, roles=_RECORD
        ),
        RecordColumn(
            "",
            HEADERS[Column.RESULT],
            display=_result_text,
            tooltip=_result_tooltip,
            align=_RIGHT,
            roles=_RECORD,
        ),
    )

    @property
    def rows(self) -> list[SessionRow]:
        return self.records()

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.reset(rows)

    def update_row(self, row: SessionRow) -> None:
        """One session's numbers changed (an answer came in): repaint only its row."""
        self.update_record(row)
