"""The spreadsheet columns CX Desk writes and reads, and how each cell is parsed.

Pure values and functions: header matching (case- and accent-insensitive), one parser per
kind of column, and per-row problems a person can act on ("row 7, Expected level: levels
go from 1 to 5"). The store's spreadsheet export writes these headers; its import maps a
file's headers onto them and parses each row here before anything touches the database.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Any

from cxdesk.models.actions import ActionStatus, OwnerSide
from cxdesk.models.constraints import storable
from cxdesk.models.five_gaps import CAUSES, cause_of
from cxdesk.models.journey import (
    LEVEL_MAX,
    LEVEL_MIN,
    SACRIFICE_MAX,
    SACRIFICE_MIN,
    ExpectationStatus,
)
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    SCORE_MAX,
    SCORE_MIN,
    RespondentSide,
    points_problem,
)

TEXT_MAX = 20_000  # the store's limit for an expectation's text and notes
NAME_MAX = 200  # names, titles, owners

# Text a spreadsheet program would run as a formula when it opens a CSV file (OWASP's
# list; a leading tab or carriage return is checked on its own, below), and the
# full-width forms some programs (Excel in East Asian locales) also take.
_FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


class SheetKind(StrEnum):
    MATRIX = "matrix"
    RATER = "rater"
    ACTIONS = "actions"
    SAID = "said"
    WINS = "wins"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SheetKind.MATRIX: "expectation rows",
    SheetKind.RATER: "RATER responses",
    SheetKind.ACTIONS: "actions",
    SheetKind.SAID: "“you said, we did” entries",
    SheetKind.WINS: "small wins",
}


class Parse(StrEnum):
    ID = "id"  # the row's CX Desk id, as the export writes it ("42@1a2b3c4d")
    TEXT = "text"
    NAME = "name"  # short text (title, owner, respondent)
    LEVEL = "level"
    SACRIFICE = "sacrifice"
    STATUS = "status"
    SCORE = "score"
    POINTS = "points"
    DATE = "date"
    SIDE = "side"
    ACTION_STATUS = "action_status"  # open, in progress, done, dropped
    CAUSE = "cause"  # one of the five gaps, by its label, value or synonym
    OWNER_SIDE = "owner_side"  # our team or the client's
    COMPUTED = "computed"  # written on export (a gap, a position), never imported


@dataclass(frozen=True, slots=True)
class SheetColumn:
    key: str
    header: str  # what the export writes, and the exact match on import
    parse: Parse
    aliases: tuple[str, ...] = ()
    # The column's title on screen where it is shorter than the export's header (the
    # matrix shows "Client expects"): the screen takes it from here, and the import
    # recognises it, so whatever a person copies from the app maps back by itself.
    title: str = ""

    @property
    def importable(self) -> bool:
        return self.parse is not Parse.COMPUTED

    @property
    def screen_title(self) -> str:
        return self.title or self.header

    @property
    def own_names(self) -> tuple[str, ...]:
        """Every title CX Desk itself gives this column (export header, screen title)."""
        return (self.header, self.title) if self.title else (self.header,)


def _dimension_columns() -> tuple[SheetColumn, ...]:
    scores = tuple(
        SheetColumn(
            f"{d.value}_{kind}",
            f"{d.label} {kind}",
            Parse.SCORE,
            (f"{d.label} {kind[0]}", f"{d.value[0]} {kind[0]}", f"{d.label} {kind[:3]}"),
        )
        for d in DIMENSIONS
        for kind in ("expectation", "perception")
    )
    points = tuple(
        SheetColumn(f"{d.value}_points", f"{d.label} points", Parse.POINTS, (f"{d.label} weight",))
        for d in DIMENSIONS
    )
    return scores + points


MATRIX_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("position", "#", Parse.COMPUTED, ("no", "row")),
    SheetColumn(
        "expects",
        "What the client expects",
        Parse.TEXT,
        ("expects", "expectation"),
        "Client expects",
    ),
    SheetColumn(
        "needs", "What they need", Parse.TEXT, ("needs", "what the client needs"), "Client needs"
    ),
    SheetColumn("planned", "What we planned", Parse.TEXT, ("planned", "plan"), "We planned"),
    SheetColumn(
        "delivered", "What was delivered", Parse.TEXT, ("delivered", "delivery"), "We delivered"
    ),
    SheetColumn(
        "experienced",
        "What the client experienced",
        Parse.TEXT,
        ("experienced", "experience"),
        "Client experienced",
    ),
    SheetColumn("expected_level", "Expected level", Parse.LEVEL, ("expected",), "Exp."),
    SheetColumn("delivered_level", "Delivered level", Parse.LEVEL, (), "Del."),
    SheetColumn("experienced_level", "Experienced level", Parse.LEVEL, (), "Expd."),
    SheetColumn("delivery_gap", "Delivery gap", Parse.COMPUTED),
    SheetColumn("perceived_gap", "Perceived gap", Parse.COMPUTED),
    SheetColumn("sacrifice", "Sacrifice", Parse.TEXT, ("what the client gave up",)),
    SheetColumn("sacrifice_level", "Sacrifice level", Parse.SACRIFICE, (), "Cost"),
    SheetColumn("status", "Status", Parse.STATUS, ("state",)),
    SheetColumn("owner", "Owner", Parse.NAME, ("responsible", "who")),
    SheetColumn("notes", "Notes", Parse.TEXT, ("note", "comments", "comment")),
    # Last, out of the way: what lets a re-imported export update its rows in place.
    SheetColumn("id", "CX Desk ID", Parse.ID, ("id", "row id", "cxdesk id")),
)

RATER_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("assessment", "Assessment", Parse.NAME, ("assessment title", "survey")),
    SheetColumn("held_on", "Held on", Parse.DATE, ("date", "assessment date")),
    SheetColumn("milestone", "Milestone", Parse.NAME, ()),
    SheetColumn("scoring", "Scoring", Parse.COMPUTED, ()),
    SheetColumn("name", "Respondent", Parse.NAME, ("name", "respondent name", "person")),
    SheetColumn("side", "Side", Parse.SIDE, ("team or client", "respondent side")),
    *_dimension_columns(),
    # As in the matrix: what lets a re-imported export update its respondents in place.
    SheetColumn("id", "CX Desk ID", Parse.ID, ("id", "row id", "cxdesk id")),
)

_ID_COLUMN = SheetColumn("id", "CX Desk ID", Parse.ID, ("id", "row id", "cxdesk id"))

# Closing the loop. What an action answers, whether it is late and whether it worked are
# the app's to say (written, not read back); what a person decides in a meeting is read.
ACTION_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("position", "#", Parse.COMPUTED, ("no", "row")),
    SheetColumn("title", "Action", Parse.NAME, ("title", "action title", "to do")),
    SheetColumn("source_kind", "Gap it answers", Parse.COMPUTED, ("gap", "source kind")),
    SheetColumn("source", "Source", Parse.COMPUTED, ("source words", "from")),
    SheetColumn("cause", "Cause", Parse.CAUSE, ("five gaps cause", "gap cause", "root cause")),
    SheetColumn("owner_name", "Owner", Parse.NAME, ("responsible", "who", "owner name")),
    SheetColumn("owner_side", "Owner's side", Parse.OWNER_SIDE, ("owner side", "side")),
    SheetColumn("due_on", "Due", Parse.DATE, ("due date", "due on", "deadline")),
    SheetColumn("status", "Status", Parse.ACTION_STATUS, ("state",)),
    SheetColumn("overdue", "Overdue", Parse.COMPUTED, ("late",)),
    SheetColumn("days_overdue", "Days overdue", Parse.COMPUTED, ("days late",)),
    SheetColumn("outcome", "What was done", Parse.TEXT, ("outcome", "result", "done")),
    SheetColumn("closed_on", "Closed on", Parse.COMPUTED, ("closed",)),
    SheetColumn("verdict", "Did it work?", Parse.COMPUTED, ("did it work", "verdict")),
    SheetColumn("before", "Gap before", Parse.COMPUTED, ("before",)),
    SheetColumn("after", "Gap after", Parse.COMPUTED, ("after",)),
    SheetColumn("after_label", "After measured at", Parse.COMPUTED, ("measured at",)),
    SheetColumn("issue", "From issue", Parse.COMPUTED, ("issue",)),
    _ID_COLUMN,
)

SAID_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("said_on", "Said on", Parse.DATE, ("date", "when")),
    SheetColumn("said", "You said", Parse.TEXT, ("said", "what the client said", "feedback")),
    SheetColumn("said_by", "Said by", Parse.NAME, ("who", "by", "client")),
    SheetColumn("source", "From", Parse.COMPUTED, ("source", "where")),
    SheetColumn("we_did", "We did", Parse.TEXT, ("what we did", "response", "did")),
    SheetColumn("did_on", "Did on", Parse.DATE, ("done on", "date done")),
    SheetColumn("action", "Done action", Parse.COMPUTED, ("action",)),
    SheetColumn("answered", "Answered", Parse.COMPUTED, ()),
    _ID_COLUMN,
)

WIN_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("won_on", "Won on", Parse.DATE, ("date", "when")),
    SheetColumn("text", "Win", Parse.TEXT, ("small win", "what", "text")),
    SheetColumn("milestone", "Milestone", Parse.NAME, ()),
    SheetColumn("touchpoint", "Touchpoint", Parse.NAME, ("pain point",)),
    _ID_COLUMN,
)

COLUMNS: Mapping[SheetKind, tuple[SheetColumn, ...]] = {
    SheetKind.MATRIX: MATRIX_COLUMNS,
    SheetKind.RATER: RATER_COLUMNS,
    SheetKind.ACTIONS: ACTION_COLUMNS,
    SheetKind.SAID: SAID_COLUMNS,
    SheetKind.WINS: WIN_COLUMNS,
}


def column(kind: SheetKind, key: str) -> SheetColumn:
    return next(c for c in COLUMNS[kind] if c.key == key)


# --- headers -----------------------------------------------------------------------


def normalize_header(text: object) -> str:
    """ "  Zoë's  LEVEL (1-5) " -> "zoes level 1 5": accents, case and punctuation ignored.

    Letters of every script count ("Ελένη" stays "ελενη", not "" like "Фёдор" would be),
    and text with no letter or digit at all keeps its symbols ("#" is "#"), so two
    different titles never read as the same empty one.
    """
    plain = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("'", "").replace("’", "")
    words = re.findall(r"[^\W_]+", plain)
    return " ".join(words) if words else " ".join(plain.split())


def guess_mapping(headers: Sequence[object], kind: SheetKind) -> list[str | None]:
    """For each of the file's columns, the column key it most likely holds (or ``None``).

    The export's own headers match exactly; then each column's aliases; then a header that
    starts with a known one ("Expected level (1-5)"). Each key is used once, leftmost first.
    """
    columns = COLUMNS[kind]
    names = [normalize_header(h) for h in headers]
    mapping: list[str | None] = [None] * len(headers)
    used: set[str] = set()

    def assign(matches: Any) -> None:
        for index, name in enumerate(names):
            if mapping[index] is not None or not name:
                continue
            for col in columns:
                if col.key not in used and matches(name, col):
                    mapping[index] = col.key
                    used.add(col.key)
                    break

    own = {col.key: {normalize_header(n) for n in col.own_names} for col in columns}
    aliases = {col.key: {normalize_header(a) for a in col.aliases} for col in columns}
    assign(lambda name, col: name == normalize_header(col.header))
    assign(lambda name, col: name in own[col.key])
    assign(lambda name, col: name in aliases[col.key])
    assign(
        lambda name, col: any(
            name.startswith(n + " ") for n in own[col.key] if any(c.isalnum() for c in n)
        )
    )
    # Computed columns are recognised (so they are not taken for another) but not imported.
    return [key if key and column(kind, key).importable else None for key in mapping]


# --- cells -------------------------------------------------------------------------


class CellProblem(ValueError):
    """A cell that cannot be imported; ``message`` says why in the user's words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def could_be_formula(text: str) -> bool:
    """Whether a spreadsheet program could take this text for a formula: it starts with
    = + - @ (or their full-width forms), a tab or a carriage return, or with any other
    whitespace (a space, a newline…) and then one of those (OWASP's CSV injection rules)."""
    return text[:1] in ("\t", "\r") or text.lstrip()[:1] in _FORMULA_CHARS


def guard_formula(text: str) -> str:
    """Text as a CSV cell that no spreadsheet runs: a leading quote when it could be taken
    for a formula (:func:`could_be_formula`).

    Reversible (:func:`unguard_formula`): text already starting with quotes and then such
    a start gets one more quote, so every text survives a round trip.
    """
    return "'" + text if could_be_formula(text.lstrip("'")) else text


def unguard_formula(text: str) -> str:
    if text[:1] == "'" and could_be_formula(text.lstrip("'")):
        return text[1:]
    return text


# --- row ids -----------------------------------------------------------------------

# "42@1a2b3c4d": the row's id and a tag of the engagement it belongs to (its id and the
# moment it was created), so an export of another engagement, or of another workspace
# whose ids happen to match, never updates the wrong row.
_ROW_ID = re.compile(r"\s*#?(\d{1,18})\s*(?:@\s*([0-9a-fA-F]{8}))?\s*")


def engagement_tag(engagement_id: int, created_at: datetime) -> str:
    stamp = created_at.replace(tzinfo=None).isoformat(timespec="microseconds")
    return hashlib.sha256(f"{engagement_id}|{stamp}".encode()).hexdigest()[:8]


def format_row_id(item_id: int, tag: str) -> str:
    return f"{item_id}@{tag}"


@dataclass(frozen=True, slots=True)
class RowId:
    item_id: int
    tag: str | None  # None: a bare number someone typed, never trusted to pick a row


def _row_id(raw: object) -> RowId | None:
    if is_blank(raw):
        return None
    match = _ROW_ID.fullmatch(cell_text(raw)[:60])
    if match is None:
        raise CellProblem(
            f"“{_short(raw)}” is not a CX Desk ID (the export writes them like “42@1a2b3c4d”). "
            "Leave the cell empty to add the row as a new expectation."
        )
    tag = match.group(2)
    return RowId(int(match.group(1)), tag.lower() if tag else None)


def cell_text(raw: object) -> str:
    """A cell as the text a person sees (numbers without a spurious ".0")."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):  # a spreadsheet's date cell reads as midnight
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _whole_number(raw: object, low: int, high: int, what: str) -> int | None:
    if is_blank(raw):
        return None
    number: float | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        # "4", "4.0", "4,0" and the app's own labels ("4 - high") all mean 4.
        match = re.fullmatch(r"\s*([+-]?\d{1,6})(?:[.,]0*)?(?:\s*-\s*\S.*)?\s*", raw, re.DOTALL)
        number = float(match.group(1)) if match else None
    if number is None or not math.isfinite(number) or not number.is_integer():
        raise CellProblem(
            f"{what} are whole numbers from {low} to {high}; “{_short(raw)}” is not one."
        )
    if not low <= number <= high:
        raise CellProblem(f"{what} go from {low} to {high}; “{_short(raw)}” is outside that.")
    return int(number)


def _short(raw: object) -> str:
    text = cell_text(raw).replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


_STATUS_WORDS = {
    **{normalize_header(s.value): s for s in ExpectationStatus},
    **{normalize_header(s.label): s for s in ExpectationStatus},
    "ontrack": ExpectationStatus.ON_TRACK,
    "atrisk": ExpectationStatus.AT_RISK,
    "done": ExpectationStatus.MET,
}
_SIDE_WORDS = {
    "team": RespondentSide.TEAM,
    "our team": RespondentSide.TEAM,
    "ours": RespondentSide.TEAM,
    "us": RespondentSide.TEAM,
    "we": RespondentSide.TEAM,
    "provider": RespondentSide.TEAM,
    "client": RespondentSide.CLIENT,
    "customer": RespondentSide.CLIENT,
    "them": RespondentSide.CLIENT,
}


_ACTION_STATUS_WORDS = {
    **{normalize_header(s.value): s for s in ActionStatus},
    **{normalize_header(s.label): s for s in ActionStatus},
    "inprogress": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "to do": ActionStatus.OPEN,
    "todo": ActionStatus.OPEN,
    "not started": ActionStatus.OPEN,
    "complete": ActionStatus.DONE,
    "completed": ActionStatus.DONE,
    "closed": ActionStatus.DONE,
    "cancelled": ActionStatus.DROPPED,
    "canceled": ActionStatus.DROPPED,
}
_OWNER_SIDE_WORDS = {
    **{normalize_header(s.label): s for s in OwnerSide},
    **{normalize_header(s.value): s for s in OwnerSide},
    "team": OwnerSide.OURS,
    "us": OwnerSide.OURS,
    "we": OwnerSide.OURS,
    "provider": OwnerSide.OURS,
    "customer": OwnerSide.CLIENT,
    "them": OwnerSide.CLIENT,
}


@lru_cache(maxsize=256)
def _action_status_of(text: str) -> ActionStatus | None:
    words = normalize_header(text)
    return _ACTION_STATUS_WORDS.get(words) or _ACTION_STATUS_WORDS.get(words.replace(" ", ""))


def _cause_of(raw: object) -> str | None:
    """ "Knowledge gap", "knowledge", "cognition", the export's "Knowledge gap (cognition)"."""
    if is_blank(raw):
        return None
    text = cell_text(raw)[:100]
    for candidate in (text, re.sub(r"\(.*\)", "", text)):
        try:
            found = cause_of(" ".join(candidate.split()))
        except ValueError:
            continue
        return None if found is None else found.value
    known = ", ".join(c.label for c in CAUSES)
    raise CellProblem(f"“{_short(raw)}” is not one of the five gaps ({known}), nor blank.")


@lru_cache(maxsize=256)
def _status_of(text: str) -> ExpectationStatus | None:
    words = normalize_header(text)
    return _STATUS_WORDS.get(words.replace(" ", "")) or _STATUS_WORDS.get(words)


@lru_cache(maxsize=256)
def _side_of(text: str) -> RespondentSide | None:
    return _SIDE_WORDS.get(normalize_header(text))


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d", "%d %b %Y", "%d %B %Y")
# 3/4/2026 is 3 April in Europe and March 4 in the US: a slash date is read only when
# it can be read one way (31/3/2026, 3/31/2026, 4/4/2026); otherwise the row says so.
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_cell(parse: Parse, raw: object) -> Any:
    """The value to store for one cell, or :class:`CellProblem`. Blank means "not given"."""
    if parse in (Parse.TEXT, Parse.NAME):
        text = cell_text(raw)
        if parse is Parse.NAME:
            text = " ".join(text.split())
        limit = NAME_MAX if parse is Parse.NAME else TEXT_MAX
        if len(text) > limit:
            raise CellProblem(
                f"This text is too long ({len(text):,} characters, at most {limit:,})."
            )
        if not storable(text):  # the store's one rule for text: said here, row by row
            raise CellProblem(
                "This text holds a character CX Desk cannot store or export (a control "
                "character or a broken one); remove it and import the file again."
            )
        return text
    if parse is Parse.LEVEL:
        return _whole_number(raw, LEVEL_MIN, LEVEL_MAX, "Levels")
    if parse is Parse.SACRIFICE:
        return _whole_number(raw, SACRIFICE_MIN, SACRIFICE_MAX, "Sacrifice levels")
    if parse is Parse.SCORE:
        return _whole_number(raw, SCORE_MIN, SCORE_MAX, "RATER scores")
    if parse is Parse.POINTS:
        return _whole_number(raw, 0, POINTS_TOTAL, "Importance points")
    if parse is Parse.STATUS:
        if is_blank(raw):
            return None
        status = _status_of(cell_text(raw)[:100])
        if status is None:
            known = ", ".join(s.label for s in ExpectationStatus)
            raise CellProblem(f"“{_short(raw)}” is not a status CX Desk knows ({known}).")
        return status.value
    if parse is Parse.SIDE:
        if is_blank(raw):
            return None
        side = _side_of(cell_text(raw)[:100])
        if side is None:
            raise CellProblem(f"“{_short(raw)}” is not a side: write “Our team” or “Client”.")
        return side.value
    if parse is Parse.ACTION_STATUS:
        if is_blank(raw):
            return None
        state = _action_status_of(cell_text(raw)[:100])
        if state is None:
            known = ", ".join(s.label for s in ActionStatus)
            raise CellProblem(f"“{_short(raw)}” is not an action's status ({known}).")
        return state.value
    if parse is Parse.CAUSE:
        return _cause_of(raw)
    if parse is Parse.OWNER_SIDE:
        if is_blank(raw):
            return None
        owner = _OWNER_SIDE_WORDS.get(normalize_header(cell_text(raw)[:100]))
        if owner is None:
            raise CellProblem(f"“{_short(raw)}” is not a side: write “Our team” or “Client”.")
        return owner.value
    if parse is Parse.DATE:
        return _parse_date(raw)
    if parse is Parse.ID:
        return _row_id(raw)
    return None


def _parse_date(raw: object) -> date | None:
    if is_blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = cell_text(raw).strip()
    slash = _SLASH_DATE.match(text)
    if slash:
        return _slash_date(raw, *(int(part) for part in slash.groups()))
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text[:40], pattern).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text[:40]).date()
    except ValueError:
        raise CellProblem(
            f"“{_short(raw)}” is not a date CX Desk reads (write it as 2026-03-31)."
        ) from None


def _slash_date(raw: object, first: int, second: int, year: int) -> date:
    if first != second and first <= 12 and second <= 12:
        raise CellProblem(
            f"“{_short(raw)}” could be {first} {_MONTHS[second - 1]} or {second} "
            f"{_MONTHS[first - 1]}: write it as {year}-{second:02d}-{first:02d} "
            f"or {year}-{first:02d}-{second:02d}."
        )
    day, month = (second, first) if second > 12 else (first, second)  # US when it must be
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(f"“{_short(raw)}” is not a date on the calendar.") from None


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# --- rows --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (the header is row 1 when it is the first)
    column: str  # the file's header, or "" for the whole row
    message: str
    blocking: bool = True  # False: a warning, the row is still imported

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    row: int
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedSheet:
    kind: SheetKind
    good: tuple[ParsedRow, ...]
    problems: tuple[RowProblem, ...]
    skipped_blank: int = 0
    bad_rows: frozenset[int] = field(default_factory=frozenset)

    @property
    def errors(self) -> tuple[RowProblem, ...]:
        return tuple(p for p in self.problems if p.blocking)


def parse_rows(
    kind: SheetKind,
    headers: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
    mapping: Sequence[str | None],
) -> ParsedSheet:
    """Parse every data row (``(row number, cells)``) through ``mapping``.

    A row with any blocking problem is left out whole; blank rows are skipped quietly.
    """
    by_key = {c.key: c for c in COLUMNS[kind]}
    targets = [
        (index, by_key[key])
        for index, key in enumerate(mapping)
        if key is not None and key in by_key and by_key[key].importable
    ]
    good: list[ParsedRow] = []
    problems: list[RowProblem] = []
    bad: set[int] = set()
    blank = 0
    for number, cells in rows:
        mapped = [(i, col, cells[i] if i < len(cells) else None) for i, col in targets]
        if all(is_blank(raw) for _i, _col, raw in mapped):
            blank += 1
            continue
        values: dict[str, Any] = {}
        row_problems: list[RowProblem] = []
        for index, col, raw in mapped:
            header = cell_text(headers[index]) if index < len(headers) else col.header
            try:
                values[col.key] = parse_cell(col.parse, raw)
            except CellProblem as problem:
                row_problems.append(RowProblem(number, header or col.header, problem.message))
        row_problems.extend(_row_rules(kind, number, values, headers, mapping))
        problems.extend(row_problems)
        if any(p.blocking for p in row_problems):
            bad.add(number)
        else:
            good.append(ParsedRow(number, values))
    return ParsedSheet(kind, tuple(good), tuple(problems), blank, frozenset(bad))


def _header_of(key: str, headers: Sequence[object], mapping: Sequence[str | None]) -> str:
    for index, mapped in enumerate(mapping):
        if mapped == key and index < len(headers):
            return cell_text(headers[index])
    return ""


def _row_rules(
    kind: SheetKind,
    number: int,
    values: Mapping[str, Any],
    headers: Sequence[object],
    mapping: Sequence[str | None],
) -> list[RowProblem]:
    """Rules about a whole row rather than one cell."""
    if kind is not SheetKind.RATER:
        return []  # closing the loop's rows: their rules need the stored row (the import's plan)
    found: list[RowProblem] = []
    if "assessment" in values and not values["assessment"]:
        found.append(
            RowProblem(
                number,
                _header_of("assessment", headers, mapping),
                "Say which assessment this response belongs to.",
            )
        )
    points = {d: values.get(f"{d.value}_points") for d in DIMENSIONS}
    problem = points_problem(points)
    if problem:
        found.append(RowProblem(number, "Importance points", problem))
    return found


def mapping_problems(kind: SheetKind, mapping: Sequence[str | None]) -> list[str]:
    """What is wrong with a mapping as a whole (nothing to import, a column twice)."""
    keys = [k for k in mapping if k is not None]
    found = []
    twice = sorted({k for k in keys if keys.count(k) > 1})
    for key in twice:
        found.append(f"Two columns are mapped to “{column(kind, key).header}”: keep one.")
    if not keys:
        found.append(f"No column is mapped to anything CX Desk imports as {kind.label}.")
    elif kind in _NEEDED and not {_NEEDED[kind][0], "id"} & set(keys):
        # Every row would be a new one with nothing in it: say it once, for the file.
        key, what = _NEEDED[kind]
        found.append(
            f"No column is mapped to “{column(kind, key).header}”: choose the column "
            f"that holds {what}."
        )
    return found


# The column a new row cannot do without, and what it holds.
_NEEDED = {
    SheetKind.MATRIX: ("expects", "what the client expects"),
    SheetKind.ACTIONS: ("title", "the action"),
    SheetKind.SAID: ("said", "what the client said"),
    SheetKind.WINS: ("text", "the win"),
}
