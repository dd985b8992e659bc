"""The matrix's columns: what each shows, how it is edited and what it means."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from cxdesk.models.sheet_columns import SheetKind, column


def _title(field: str) -> str:
    """The title the spreadsheet columns declare for the screen: one declaration, so a
    spreadsheet with the matrix's own headers (what a consultant copies) maps back."""
    return column(SheetKind.MATRIX, field).screen_title


class Kind(Enum):
    POSITION = auto()
    TEXT = auto()
    LINE = auto()  # single-line text (owner)
    LEVEL = auto()  # 1-5
    SACRIFICE = auto()  # 0-4
    STATUS = auto()
    GAP = auto()  # computed, read-only


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    title: str
    kind: Kind
    help: str
    width: int

    @property
    def editable(self) -> bool:
        return self.kind not in (Kind.POSITION, Kind.GAP)


COLUMNS: tuple[Column, ...] = (
    Column(
        "position",
        _title("position"),
        Kind.POSITION,
        "Order of the expectation (drag or Ctrl+Up/Down)",
        36,
    ),
    Column("expects", _title("expects"), Kind.TEXT, "What the client expects", 200),
    Column("needs", _title("needs"), Kind.TEXT, "What the client actually needs", 150),
    Column("planned", _title("planned"), Kind.TEXT, "What we planned to deliver", 150),
    Column("delivered", _title("delivered"), Kind.TEXT, "What was delivered", 150),
    Column("experienced", _title("experienced"), Kind.TEXT, "What the client experienced", 150),
    Column(
        "expected_level",
        _title("expected_level"),
        Kind.LEVEL,
        "Expected level, 1-5 (type a digit)",
        48,
    ),
    Column(
        "delivered_level",
        _title("delivered_level"),
        Kind.LEVEL,
        "Delivered level, 1-5 (type a digit)",
        48,
    ),
    Column(
        "experienced_level",
        _title("experienced_level"),
        Kind.LEVEL,
        "Experienced level, 1-5 (type a digit)",
        52,
    ),
    Column(
        "delivery_gap",
        _title("delivery_gap"),
        Kind.GAP,
        "Delivered − expected. ▼ negative: delivery trails expectations",
        84,
    ),
    Column(
        "perceived_gap",
        _title("perceived_gap"),
        Kind.GAP,
        "Experienced − expected. ▼ negative: the client feels it trails expectations",
        90,
    ),
    Column(
        "sacrifice",
        _title("sacrifice"),
        Kind.TEXT,
        "What it cost the client (experience = expectation − sacrifice)",
        150,
    ),
    Column(
        "sacrifice_level",
        _title("sacrifice_level"),
        Kind.SACRIFICE,
        "Size of the sacrifice, 0-4",
        44,
    ),
    Column("status", _title("status"), Kind.STATUS, "Where this expectation stands", 80),
    Column("owner", _title("owner"), Kind.LINE, "Who on our side owns it", 90),
    Column("notes", _title("notes"), Kind.TEXT, "Anything else worth remembering", 160),
)

COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
SEARCHABLE = tuple(i for i, c in enumerate(COLUMNS) if c.kind in (Kind.TEXT, Kind.LINE))
