"""The columns of the respondents table: who, which side, E and P per dimension, points, status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from cxdesk.models.records import RespondentRecord
from cxdesk.models.servqual import DIMENSIONS, RaterDimension, RespondentSide
from cxdesk.ui.change_note import with_change_note
from cxdesk.ui.record_model import FIRST_TABLE_ROLE, Column, collapse_spaces

CellKindRole = FIRST_TABLE_ROLE  # "score" (typed digits save), "computed", None
DimensionRole = FIRST_TABLE_ROLE + 1  # header: the dimension a score column belongs to
NOT_SCORED = "–"
POINT_LETTERS = "RATER"  # the RATER order, as the Points column shows it


class Kind(Enum):
    NAME = "name"
    SIDE = "side"
    SCORE = "score"
    POINTS = "points"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class ScorePart:
    """What a score column holds: one dimension's expectation or perception."""

    dimension: RaterDimension
    measure: str  # "expectation" or "perception"

    @property
    def field(self) -> str:
        """The RespondentRecord attribute the column edits."""
        return f"{self.dimension.value}_{self.measure}"


def muted_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


def points_text(record: RespondentRecord) -> str:
    points = record.points
    if points is None:
        return NOT_SCORED
    return " ".join(f"{POINT_LETTERS[i]}{points[d]}" for i, d in enumerate(DIMENSIONS))


def _points_tooltip(record: RespondentRecord) -> str:
    if record.points is None:
        return "No importance points yet: Ctrl+I to split 100 points"
    return "\n".join(f"{d.label}: {record.points[d]}" for d in DIMENSIONS)


def _score_help(dimension: RaterDimension, measure: str) -> str:
    what = "expected" if measure == "expectation" else "experienced"
    return (
        f"{dimension.label}: {dimension.question}\n"
        f"{measure.capitalize()}: how strongly they agree it was {what}, "
        "1 = strongly disagree … 7 = strongly agree.\nType 1-7; Delete clears."
    )


SCORE_PARTS_IN_ORDER = tuple(
    ScorePart(d, measure) for d in DIMENSIONS for measure in ("expectation", "perception")
)

# The score and status columns depend on how the assessment is scored (the model
# reads them); the others read the record alone.
COLUMNS: tuple[Column[RespondentRecord], ...] = (
    Column(
        "name",
        "Name",
        "Who answered (leave empty for anonymous)",
        kind=Kind.NAME,
        editable=True,
        display=lambda r: r.display_name,
        tooltip=with_change_note(None),  # who changed the respondent last, and when
        accessible=lambda r: f"Name: {r.display_name}",
        tidy=collapse_spaces,
        roles={
            Qt.ItemDataRole.ForegroundRole: lambda r: None if r.name else muted_colour(),
            Qt.ItemDataRole.FontRole: lambda r: None if r.name else italic(),
        },
    ),
    Column(
        "side",
        "Side",
        "Our team or the client: press T or C to switch",
        kind=Kind.SIDE,
        editable=True,
        display=lambda r: RespondentSide(r.side).label,
        tooltip=with_change_note(None),
        accessible=lambda r: f"Side: {RespondentSide(r.side).label}",
    ),
    *(
        Column(
            part.field,
            part.measure[0].upper(),
            _score_help(part.dimension, part.measure),
            kind=Kind.SCORE,
            editable=True,
        )
        for part in SCORE_PARTS_IN_ORDER
    ),
    Column(
        "points",
        "Points",
        "Importance points: how this respondent splits 100 points over the five "
        "dimensions (Ctrl+I). R A T E R, in that order.",
        kind=Kind.POINTS,
        value=lambda _r: None,
        display=points_text,
        tooltip=_points_tooltip,
        accessible=lambda r: f"Points: {points_text(r)}",
        align=Qt.AlignmentFlag.AlignCenter,
        roles={
            Qt.ItemDataRole.ForegroundRole: lambda r: muted_colour() if r.points is None else None
        },
    ),
    Column(
        "status",
        "Status",
        "Whether every dimension has both scores",
        kind=Kind.STATUS,
        value=lambda _r: None,
    ),
)

COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
SCORE_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.kind is Kind.SCORE)
FIRST_SCORE_COLUMN = SCORE_COLUMNS[0]
SCORE_PARTS = dict(zip(SCORE_COLUMNS, SCORE_PARTS_IN_ORDER, strict=True))
"""Column number -> the dimension and measure a score column holds."""
