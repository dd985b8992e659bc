"""The columns of the respondents table: who, which side, E and P per dimension, points, status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cxdesk.models.servqual import DIMENSIONS, RaterDimension


class Kind(Enum):
    NAME = "name"
    SIDE = "side"
    SCORE = "score"
    POINTS = "points"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class Column:
    kind: Kind
    title: str
    help: str
    dimension: RaterDimension | None = None
    measure: str = ""  # "expectation" or "perception" for a score column

    @property
    def field(self) -> str:
        """The RespondentRecord attribute a name, side or score column edits."""
        if self.kind is Kind.SCORE:
            assert self.dimension is not None
            return f"{self.dimension.value}_{self.measure}"
        value: str = self.kind.value  # every Kind's value is a str
        return value


def _score_help(dimension: RaterDimension, measure: str) -> str:
    what = "expected" if measure == "expectation" else "experienced"
    return (
        f"{dimension.label}: {dimension.question}\n"
        f"{measure.capitalize()}: how strongly they agree it was {what}, "
        "1 = strongly disagree … 7 = strongly agree.\nType 1-7; Delete clears."
    )


COLUMNS: tuple[Column, ...] = (
    Column(Kind.NAME, "Name", "Who answered (leave empty for anonymous)"),
    Column(Kind.SIDE, "Side", "Our team or the client: press T or C to switch"),
    *(
        Column(Kind.SCORE, measure[0].upper(), _score_help(d, measure), d, measure)
        for d in DIMENSIONS
        for measure in ("expectation", "perception")
    ),
    Column(
        Kind.POINTS,
        "Points",
        "Importance points: how this respondent splits 100 points over the five "
        "dimensions (Ctrl+I). R A T E R, in that order.",
    ),
    Column(Kind.STATUS, "Status", "Whether every dimension has both scores"),
)

COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
SCORE_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.kind is Kind.SCORE)
FIRST_SCORE_COLUMN = SCORE_COLUMNS[0]
