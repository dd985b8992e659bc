"""The matrix's columns: what each shows, how it is edited, sorted and what it means."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt

from cxdesk.models.engagement_records import ItemRecord
from cxdesk.models.gaps import gap_symbol, trails_expectations
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.sheet_columns import SheetKind, column
from cxdesk.ui import theme
from cxdesk.ui.change_note import with_change_note
from cxdesk.ui.record_model import Column, collapse_spaces

UNSCORED = 10_000.0  # sorts after every real level or gap
_STATUS_ORDER = {status.value: n for n, status in enumerate(ExpectationStatus)}


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


def _display(kind: Kind) -> Callable[[Any], str]:
    if kind is Kind.GAP:
        return gap_symbol
    if kind in (Kind.LEVEL, Kind.SACRIFICE):
        return lambda value: "–" if value is None else str(value)
    if kind is Kind.POSITION:
        return lambda value: str(value + 1)
    if kind is Kind.STATUS:
        return lambda value: ExpectationStatus(value).label
    return str


def _gap_tooltip(value: int | None) -> str:
    if value is None:
        return "Not scored yet: set both levels to see the gap"
    if trails_expectations(value):
        return f"{value}: trails expectations"
    return f"+{value}: meets or beats expectations" if value else "0: exactly as expected"


def _sort_key(kind: Kind) -> Callable[[Any], Any]:
    if kind in (Kind.TEXT, Kind.LINE):
        return str.casefold
    if kind is Kind.STATUS:
        return _STATUS_ORDER.__getitem__
    return lambda value: UNSCORED if value is None else float(value)


def _column(field: str, kind: Kind, help: str, width: int) -> Column[ItemRecord]:
    read = attrgetter(field)
    title = _title(field)
    shown = _display(kind)
    key = _sort_key(kind)
    wordy = kind in (Kind.TEXT, Kind.LINE)
    tooltip: Callable[[ItemRecord], Any] | None = None
    roles: dict[int, Callable[[ItemRecord], Any]] = {}
    if wordy:
        tooltip = lambda item: read(item) or None  # noqa: E731 - one reader per column
    elif kind is Kind.GAP:
        tooltip = lambda item: _gap_tooltip(read(item))  # noqa: E731
        roles[Qt.ItemDataRole.BackgroundRole] = lambda item: theme.gap_background(read(item))
    return Column(
        field,
        title,
        help,
        kind=kind,
        width=width,
        editable=kind not in (Kind.POSITION, Kind.GAP),
        display=lambda item: shown(read(item)),
        sort=lambda item: key(read(item)),
        # Every cell also says who changed the row last, and when (a team's matrix).
        tooltip=with_change_note(tooltip),
        accessible=lambda item: f"{title}: {shown(read(item)) or 'empty'}",
        align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        if wordy
        else Qt.AlignmentFlag.AlignCenter,
        tidy=collapse_spaces if kind is Kind.LINE else None,
        roles=roles,
    )


COLUMNS: tuple[Column[ItemRecord], ...] = (
    _column(
        "position",
        Kind.POSITION,
        "Order of the expectation (drag or Ctrl+Up/Down)",
        36,
    ),
    _column("expects", Kind.TEXT, "What the client expects", 200),
    _column("needs", Kind.TEXT, "What the client actually needs", 150),
    _column("planned", Kind.TEXT, "What we planned to deliver", 150),
    _column("delivered", Kind.TEXT, "What was delivered", 150),
    _column("experienced", Kind.TEXT, "What the client experienced", 150),
    _column(
        "expected_level",
        Kind.LEVEL,
        "Expected level, 1-5 (type a digit)",
        48,
    ),
    _column(
        "delivered_level",
        Kind.LEVEL,
        "Delivered level, 1-5 (type a digit)",
        48,
    ),
    _column(
        "experienced_level",
        Kind.LEVEL,
        "Experienced level, 1-5 (type a digit)",
        52,
    ),
    _column(
        "delivery_gap",
        Kind.GAP,
        "Delivered − expected. ▼ negative: delivery trails expectations",
        84,
    ),
    _column(
        "perceived_gap",
        Kind.GAP,
        "Experienced − expected. ▼ negative: the client feels it trails expectations",
        90,
    ),
    _column(
        "sacrifice",
        Kind.TEXT,
        "What it cost the client (experience = expectation − sacrifice)",
        150,
    ),
    _column(
        "sacrifice_level",
        Kind.SACRIFICE,
        "Size of the sacrifice, 0-4",
        44,
    ),
    _column("status", Kind.STATUS, "Where this expectation stands", 80),
    _column("owner", Kind.LINE, "Who on our side owns it", 90),
    _column("notes", Kind.TEXT, "Anything else worth remembering", 160),
)

COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
SEARCHABLE = tuple(i for i, c in enumerate(COLUMNS) if c.kind in (Kind.TEXT, Kind.LINE))
