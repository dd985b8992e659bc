"""Each participant's total and band in a pass-the-laptop session, as a Qt table model.

Updated after every answer recorded in the room: only the rows whose text changed are
announced with ``dataChanged`` (and a newcomer is inserted in place), so a 300-person
table is not rebuilt for one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from cxdesk.models.records import SessionResultsData
from cxdesk.models.workshop_results import WorkshopResults
from cxdesk.ui.quiz.texts import participant_name, total_text
from cxdesk.ui.record_model import Column, RecordTableModel

HEADERS = ("Participant", "Total", "Band")
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
    return RememberedRows()(data, results)


class RememberedRows:
    """:func:`rows_of`, remembering each participant's row: after one answer, applied in
    memory, every other person's record and answers are the very objects shown last time
    (``SessionResultsData.with_answer``), so only the one who answered gets a new row."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[object, object, object, Row]] = {}

    def __call__(
        self, data: SessionResultsData | None, results: WorkshopResults | None
    ) -> list[Row]:
        if data is None or results is None:
            self._made = {}
            return []
        count = len(data.quiz.statements)
        made: dict[int, tuple[object, object, object, Row]] = {}
        rows = []
        for participant, answers, total, band in zip(
            data.participants, data.answers, results.totals, results.bands, strict=False
        ):
            old = self._made.get(participant.id)
            # The same quiz (its bands, its statements) and the same answers: the same row.
            if (
                old is not None
                and old[0] is participant
                and old[1] is answers
                and old[2] is data.quiz
            ):
                row = old[3]
            else:
                row = Row(
                    participant_id=participant.id,
                    name=participant_name(participant),
                    total=total_text(total, answers, count),
                    band=band.label if band is not None else NO_BAND,
                    complete=total is not None,
                    sort_total=-1 if total is None else total,
                    band_advice=f"{band.label}: {band.advice}" if band is not None else "",
                )
            made[participant.id] = (participant, answers, data.quiz, row)
            rows.append(row)
        self._made = made
        return rows


def _faint(row: Row) -> QColor | None:
    if row.complete:
        return None
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ParticipantsModel(RecordTableModel[Row]):
    """Read-only: names are changed in the session list, answers in the presenter."""

    key = staticmethod(attrgetter("participant_id"))
    columns = (
        Column("name", HEADERS[0], sort=lambda r: r.name.casefold(), accessible=attrgetter("name")),
        Column(
            "total",
            HEADERS[1],
            sort=attrgetter("sort_total"),
            accessible=attrgetter("total"),
            align=_RIGHT,
            roles={Qt.ItemDataRole.ForegroundRole: _faint},
        ),
        Column(
            "band",
            HEADERS[2],
            accessible=attrgetter("band"),
            tooltip=lambda r: r.band_advice or None,
            roles={Qt.ItemDataRole.ForegroundRole: _faint},
        ),
    )

    def set_rows(self, rows: list[Row]) -> None:
        self.apply(rows)

    def row(self, index: int) -> Row:
        return self.record(index)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and orientation == Qt.Orientation.Horizontal
            and section == 1
        ):
            return int(_RIGHT)
        return super().headerData(section, orientation, role)
