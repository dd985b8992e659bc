"""Importing expectation rows, RATER responses and closing the loop's rows (actions, "you
said, we did", small wins: :mod:`cxdesk.store.loop_sheet_import`) from a CSV or XLSX file.

Three steps, so a person sees everything before anything is written:

1. :func:`read_table` reads the file as hostile input (size, row and column limits,
   binary junk, zip bombs, unknown encodings) into plain headers and rows. Nothing here
   runs a formula: XLSX cells are read as the values last saved, CSV cells as text.
2. :func:`preview_import` maps the headers (guessed, or as the person chose), parses
   each row and lists every problem by row and column. Still nothing written.
3. :func:`import_rows` writes the good rows in ONE transaction: all of them or none.
   Run as an operation (:func:`cxdesk.ops.imports.import_sheet`), it is one undo step.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement, ExpectationItem, Milestone
from cxdesk.models.feedback_entities import (
    POINTS_FIELDS,
    SCORE_FIELDS,
    RaterAssessment,
    RaterRespondent,
)
from cxdesk.models.servqual import RespondentSide, ScoringMode
from cxdesk.models.sheet_columns import (
    COLUMNS,
    ParsedRow,
    ParsedSheet,
    RowId,
    RowProblem,
    SheetKind,
    cell_text,
    engagement_tag,
    guess_mapping,
    is_blank,
    mapping_problems,
    normalize_header,
    parse_rows,
    unguard_formula,
)
from cxdesk.store import expectations, rater
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.workspace import (
    clean_name,
    clean_person_name,
    get_or_refuse,
    lock_parent,
    next_position,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# XLSX is a zip: refuse one that would unpack to far more than it weighs (a zip bomb).
MAX_ZIP_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
DEFAULT_ASSESSMENT = "Imported responses"


class SheetRefused(Exception):
    """The file cannot be imported at all; ``message`` names the file and why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class SheetTable:
    """A file's first table: its header row and the data rows, as plain values."""

    name: str  # the file's name, for messages
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number as shown, cells)
    sheet: str = ""  # the worksheet read (XLSX)
    sheets: tuple[str, ...] = ()  # every worksheet of the file (XLSX)
    notices: tuple[str, ...] = ()  # e.g. read as Windows-1252
    # Rows the reading itself found wrong (a quote that swallowed the lines after it):
    # each is a blocking problem of its row, whatever the mapping.
    read_problems: tuple[RowProblem, ...] = ()
    # XLSX formula cells saved without their result: (row, column index, cell "C7").
    uncomputed: tuple[tuple[int, int, str], ...] = ()


# --- reading -----------------------------------------------------------------------


def read_table(path: Path, kind: SheetKind | None = None, sheet: str | None = None) -> SheetTable:
    """Read a CSV or XLSX file (the content decides, not the extension)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SheetRefused(_too_big(path.name, size))
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SheetRefused(
            f"CX Desk cannot read “{path.name}”: {error.strerror or error}."
        ) from error
    return read_bytes(data, path.name, kind, sheet)


def read_bytes(
    data: bytes, name: str, kind: SheetKind | None = None, sheet: str | None = None
) -> SheetTable:
    if len(data) > MAX_FILE_BYTES:
        raise SheetRefused(_too_big(name, len(data)))
    if not data.strip():
        raise SheetRefused(f"“{name}” is empty.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, kind, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetRefused(
            f"“{name}” is an old Excel file (.xls). Save it as .xlsx or CSV in Excel, "
            "then import that."
        )
    return _read_csv(data, name)


def _too_big(name: str, size: int) -> str:
    return (
        f"“{name}” is {size / 1024 / 1024:.1f} MB; CX Desk imports spreadsheets up to "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
    )


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig"), ()
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return text, (
                f"“{name}” is not UTF-8, so it was read as Windows-1252 (Western European). "
                "Check that accented letters look right below; if not, save the file as "
                "“CSV UTF-8” and import it again.",
            )
    raise SheetRefused(
        f"“{name}” is not a text file CX Desk can read (neither UTF-8 nor Windows-1252). "
        "Save it from your spreadsheet program as “CSV UTF-8” or as .xlsx."
    )


def _looks_binary(text: str) -> bool:
    sample = text[:65_536]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(8, len(sample) // 100)


def _delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line uses most.

    Only delimiters outside quotes count: a title such as "Expectation (what; why; when)"
    holds its own semicolons, and counting them read a comma-separated file as one column.
    """
    counts = dict.fromkeys((",", ";", "\t"), 0)
    quoted = False
    filled = False  # the line so far has more than blanks
    for ch in text[:65_536]:
        if ch == '"':
            quoted = not quoted  # a doubled quote ("") flips twice: still inside
        elif quoted:
            continue
        elif ch in "\r\n":
            if filled:
                break  # the end of the first line that holds anything: the header
            counts = dict.fromkeys(counts, 0)
            continue
        elif ch in counts:
            counts[ch] += 1
        if not ch.isspace():
            filled = True
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# The csv module's own ceiling (128 KB a field) refuses a long cell in its words ("field
# larger than field limit"), naming neither row nor column. The file's size limit is the
# real bound; a cell longer than CX Desk stores is a row problem naming its row and column
# (the parsing's "This text is too long (…, at most 20,000)").
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


def _read_csv(data: bytes, name: str) -> SheetTable:
    text, notices = _decode(data, name)
    if _looks_binary(text):
        raise SheetRefused(
            f"“{name}” does not look like a spreadsheet: it holds binary data. Choose a "
            ".csv or .xlsx file."
        )
    delimiter = _delimiter(text)
    # The file's physical lines, split as the reader splits them, to say where a row
    # starts and to see a quote that never closed.
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    raw_rows: list[tuple[int, tuple[object, ...]]] = []
    problems: list[RowProblem] = []
    header: tuple[str, ...] | None = None
    number = 0
    read = 0  # lines consumed so far
    try:
        for number, cells in enumerate(reader, start=1):
            first, read = read + 1, reader.line_num
            raw_rows.append((number, tuple(unguard_formula(c) for c in cells)))
            _check_size(name, number, len(cells), raw_rows)
            if header is None and any(c.strip() for c in cells):
                header = tuple(cells)
                if read > first and _swallowed(lines, first, read, cells, delimiter):
                    raise SheetRefused(
                        f'The header line of “{name}” opens a quote (") on line {first} that '
                        f"is not closed where the header should end, so lines {first}–{read} "
                        "read as one. Fix the quotes on that line and import the file again."
                    )
            elif header is not None and read > first:
                at = _swallowed(lines, first, read, cells, delimiter)
                if at is not None:
                    index, line = at
                    column = header[index].strip() if index < len(header) else ""
                    column = column or f"Column {_letters(index)}"
                    problems.append(
                        RowProblem(
                            number,
                            column,
                            f'A quote (") opened on line {line} of the file is not closed '
                            f"where this cell should end, so lines {line}–{read} "
                            f"({read - line + 1} lines) were read as this one cell. Fix the "
                            f"quotes on line {line} and import the file again.",
                        )
                    )
    except csv.Error as error:
        raise SheetRefused(
            f"“{name}” cannot be read as CSV near row {number + 1}: {error}."
        ) from error
    return _table(name, raw_rows, notices=notices, read_problems=tuple(problems))


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _swallowed(
    lines: Sequence[str],
    first: int,
    last: int,
    cells: Sequence[str],
    delimiter: str,
) -> tuple[int, int] | None:
    """``(cell index, line)`` where a stray quote took in the lines after it, or ``None``.

    A cell may rightly hold several lines (notes), even lines full of commas that look
    like rows of the file: only the row's lines failing a strict read says a quote is
    wrong (it never closes before the end of the file, or what closes it is followed by
    more text, not by a delimiter or the line's end). A guess from how the lines look
    blocked well-formed notes of several lines with commas in each.
    """
    try:
        for _row in csv.reader(iter(lines[first - 1 : last]), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        pass
    else:
        return None
    line = first
    for index, cell in enumerate(cells):
        if len(cell.splitlines()) > 1:
            return index, line
        line += len(_NEWLINE.findall(cell))
    return None


def _check_size(name: str, number: int, width: int, rows: list[Any]) -> None:
    if len(rows) > MAX_ROWS + 1:
        raise SheetRefused(
            f"“{name}” has more than {MAX_ROWS:,} rows; CX Desk imports at most that many "
            "at a time. Split it into smaller files."
        )
    if width > MAX_COLUMNS:
        raise SheetRefused(
            f"Row {number} of “{name}” has {width:,} columns; CX Desk reads at most "
            f"{MAX_COLUMNS}. Is this the right file?"
        )


def _check_zip(data: bytes, name: str) -> None:
    not_xlsx = f"“{name}” is not a readable Excel workbook (.xlsx): it may be damaged."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SheetRefused(not_xlsx) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SheetRefused(f"“{name}” holds {len(entries):,} parts, too many for a spreadsheet.")
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_UNPACKED_BYTES or (
            entry.file_size > 1024 * 1024
            and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        ):
            raise SheetRefused(
                f"“{name}” would unpack to far more than it weighs; CX Desk does not open it "
                "(it could fill the memory of this computer)."
            )
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise SheetRefused(not_xlsx)


def _read_xlsx(data: bytes, name: str, kind: SheetKind | None, sheet: str | None) -> SheetTable:
    _check_zip(data, name)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like
            # data_only: a formula cell gives the value Excel last saved, never the formula
            # run by us; read_only streams rows instead of building the whole sheet.
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                names = tuple(book.sheetnames)
                chosen = _choose_sheet(names, kind, sheet)
                rows: list[tuple[int, tuple[object, ...]]] = []
                for number, cells in enumerate(book[chosen].iter_rows(values_only=True), start=1):
                    rows.append((number, tuple(_xlsx_cell(c) for c in cells)))
                    _check_size(name, number, len(cells), rows)
            finally:
                book.close()
    except SheetRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise SheetRefused(
            f"“{name}” is not a readable Excel workbook (.xlsx): {type(error).__name__}."
        ) from error
    uncomputed = _formulas_without_result(data, chosen)
    return _table(name, rows, sheet=chosen, sheets=names, uncomputed=uncomputed)


_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _formulas_without_result(data: bytes, sheet: str) -> tuple[tuple[int, int, str], ...]:
    """The cells of ``sheet`` that hold a formula but no saved result.

    openpyxl (data_only) reads such a cell as empty, which would import a blank where the
    file shows a value once a spreadsheet program calculates it (files written by scripts
    are saved uncalculated). Read from the worksheet's XML: ``<c r="C7"><f>…</f></c>``
    with no ``<v>`` or an empty one. The workbook has been read by openpyxl already, so a
    part this cannot find or parse is left alone rather than refused.
    """
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return ()
            xml = archive.read(part)
        if not _FORMULA_TAG.search(xml):
            return ()  # most files: no formula at all, nothing more to read
        found: list[tuple[int, int, str]] = []
        row_number, column = 0, -1
        events = ElementTree.iterparse(io.BytesIO(xml), events=("start", "end"))
        for event, element in events:
            tag = element.tag.rpartition("}")[2]
            if tag == "row":
                if event == "start":  # a writer may leave out the numbers: count then
                    given = element.get("r") or ""
                    row_number = int(given) if given.isdigit() else row_number + 1
                    column = -1
                else:
                    element.clear()
                continue
            if tag != "c" or event != "end":
                continue
            ref = element.get("r") or ""
            where = _CELL_REF.fullmatch(ref)
            column = _column_index(where.group(1)) if where else column + 1
            children = {child.tag.rpartition("}")[2]: child for child in element}
            value = children.get("v")
            if "f" in children and (value is None or not (value.text or "").strip()):
                found.append((row_number, column, f"{_letters(column)}{row_number}"))
            element.clear()
        return tuple(found)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError):
        return ()


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of the worksheet named ``sheet`` (workbook.xml and its relations)."""
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") or "" for r in rels if r.get("Id")}
    for element in book.iter():
        if element.tag.rpartition("}")[2] != "sheet" or element.get("name") != sheet:
            continue
        rel = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel, "")
        if not target:
            return None
        return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _choose_sheet(names: tuple[str, ...], kind: SheetKind | None, sheet: str | None) -> str:
    if not names:
        raise SheetRefused("The workbook has no worksheet.")
    if sheet is not None and sheet in names:
        return sheet
    if kind is not None:
        from cxdesk.store import spreadsheets as sp

        wanted = normalize_header(
            {
                SheetKind.MATRIX: sp.MATRIX_SHEET,
                SheetKind.RATER: sp.RATER_SHEET,
                SheetKind.ACTIONS: sp.ACTIONS_SHEET,
                SheetKind.SAID: sp.SAID_SHEET,
                SheetKind.WINS: sp.WINS_SHEET,
            }[kind]
        )
        for candidate in names:
            if normalize_header(candidate) == wanted:
                return candidate
    return names[0]


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS + 1]
    if value is None or isinstance(value, str | int | float | date):
        return value
    return cell_text(value)  # a time, a duration, an error value: as text


def _table(
    name: str,
    rows: list[tuple[int, tuple[object, ...]]],
    *,
    sheet: str = "",
    sheets: tuple[str, ...] = (),
    notices: tuple[str, ...] = (),
    read_problems: tuple[RowProblem, ...] = (),
    uncomputed: tuple[tuple[int, int, str], ...] = (),
) -> SheetTable:
    filled = [(n, cells) for n, cells in rows if any(cell_text(c).strip() for c in cells)]
    if not filled:
        raise SheetRefused(f"“{name}” has no rows to import.")
    header_number, header_cells = filled[0]
    width = max(len(cells) for _n, cells in filled)
    while width and all(len(c) < width or not cell_text(c[width - 1]).strip() for _n, c in filled):
        width -= 1
    headers = tuple(
        cell_text(header_cells[i]).strip() if i < len(header_cells) else "" for i in range(width)
    )
    headers = tuple(h or f"Column {_letters(i)}" for i, h in enumerate(headers))
    data = tuple((n, cells[:width]) for n, cells in rows if n > header_number)
    return SheetTable(
        name,
        headers,
        data,
        sheet,
        sheets,
        notices,
        tuple(p for p in read_problems if p.row > header_number),
        tuple(u for u in uncomputed if u[0] > header_number),
    )


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


# --- previewing --------------------------------------------------------------------

_ITEM_KEYS = tuple(c.key for c in COLUMNS[SheetKind.MATRIX] if c.importable and c.key != "id")


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """What rows are matched against in the engagement they go into."""

    engagement_id: int
    assessments: Mapping[str, tuple[int, str, date | None]]  # title key -> (id, scoring, held)
    milestones: Mapping[str, int]  # name key -> id
    # The matrix as it is, in its order: item id -> the values an import can change.
    items: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    tag: str = ""  # the engagement's tag in its rows' exported ids (engagement_tag)
    # Every respondent of the engagement's assessments: id -> as stored.
    respondents: Mapping[int, StoredRespondent] = field(default_factory=dict)
    # Closing the loop's rows, per sheet: id -> the values an import can change.
    loop: Mapping[SheetKind, Mapping[int, Mapping[str, Any]]] = field(default_factory=dict)
    touchpoints: Mapping[str, int] = field(default_factory=dict)  # name key -> id


# What a RATER row can change of a respondent (the assessment's own fields are not).
_RESPONDENT_KEYS = ("name", "side", *SCORE_FIELDS, *POINTS_FIELDS)


@dataclass(frozen=True, slots=True)
class StoredRespondent:
    assessment_id: int
    assessment_title: str
    scoring: str
    values: Mapping[str, Any]  # _RESPONDENT_KEYS as stored


def load_target(db: Database, engagement_id: int) -> ImportTarget:
    from cxdesk.store.loop_sheet_import import load_loop_rows, load_touchpoints

    with db.reading() as s:
        engagement = s.get(Engagement, engagement_id)
        if engagement is None:
            raise SheetRefused("That engagement no longer exists (it may have been deleted).")
        assessments = {
            normalize_header(a.title): (a.id, a.scoring, a.held_on)
            for a in s.scalars(
                select(RaterAssessment)
                .where(RaterAssessment.engagement_id == engagement_id)
                .order_by(RaterAssessment.id.desc())
            )
        }
        milestones = {
            normalize_header(m.name): m.id
            for m in s.scalars(
                select(Milestone)
                .where(Milestone.engagement_id == engagement_id)
                .order_by(Milestone.position.desc())
            )
        }
        table = table_of(ExpectationItem)
        items = {
            row.id: {key: row._mapping[key] for key in _ITEM_KEYS}
            for row in s.execute(
                select(table)
                .where(table.c.engagement_id == engagement_id)
                .order_by(table.c.position, table.c.id)
            )
        }
        tag = engagement_tag(engagement_id, engagement.created_at)
        r_table = table_of(RaterRespondent)
        respondents = {
            row.id: StoredRespondent(
                row.assessment_id,
                row.title,
                row.scoring,
                {key: row._mapping[key] for key in _RESPONDENT_KEYS},
            )
            for row in s.execute(
                select(r_table, RaterAssessment.title, RaterAssessment.scoring)
                .join(RaterAssessment, RaterAssessment.id == r_table.c.assessment_id)
                .where(RaterAssessment.engagement_id == engagement_id)
                .order_by(r_table.c.assessment_id, r_table.c.position, r_table.c.id)
            )
        }
        loop = load_loop_rows(s, engagement_id)
        touchpoints = load_touchpoints(s, engagement_id)
    return ImportTarget(
        engagement_id, assessments, milestones, items, tag, respondents, loop, touchpoints
    )


class RowAction(StrEnum):
    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What a row of the file does: add an expectation (a respondent), or update one (by
    its ID, or a matrix row by its text), or nothing because it already reads the same."""

    row: int
    action: RowAction
    item_id: int | None = None  # the expectation's (the respondent's) id
    changes: Mapping[str, Any] = field(default_factory=dict)  # the values an update sets


@dataclass(frozen=True, slots=True)
class ImportPreview:
    kind: SheetKind
    table: SheetTable
    target: ImportTarget
    mapping: tuple[str | None, ...]
    ready: tuple[ParsedRow, ...]  # the rows without a blocking problem
    problems: tuple[RowProblem, ...]
    mapping_problems: tuple[str, ...]
    skipped_blank: int = 0
    bad_rows: frozenset[int] = field(default_factory=frozenset)
    plan: tuple[RowPlan, ...] = ()  # one for each ready row, in order

    def count(self, action: RowAction) -> int:
        return sum(1 for p in self.plan if p.action is action)

    @property
    def writes(self) -> int:
        """How many rows importing writes (added or updated)."""
        return len(self.plan) - self.count(RowAction.UNCHANGED)

    @property
    def can_import(self) -> bool:
        return self.writes > 0 and not self.mapping_problems

    def summary(self) -> str:
        if self.mapping_problems:
            return " ".join(self.mapping_problems)
        bad = len(self.bad_rows)
        text = _plan_words(
            self.count(RowAction.UPDATE),
            self.count(RowAction.ADD),
            self.count(RowAction.UNCHANGED),
        )
        if bad:
            text += f"; {bad} row{_s(bad)} with problems will be left out"
        return text + "."

    def describe(self) -> str:
        """The undo step's name: "Import 2 expectations", "Import: update 6 expectations, add 2"."""
        singular, plural = _NOUNS[self.kind]
        updates, adds = self.count(RowAction.UPDATE), self.count(RowAction.ADD)
        if not updates:
            return f"Import {adds} {singular if adds == 1 else plural}"
        text = f"Import: update {updates} {singular if updates == 1 else plural}"
        return text + (f", add {adds}" if adds else "")


_NOUNS = {
    SheetKind.MATRIX: ("expectation", "expectations"),
    SheetKind.RATER: ("RATER response", "RATER responses"),
    SheetKind.ACTIONS: ("action", "actions"),
    SheetKind.SAID: ("“you said, we did” entry", "“you said, we did” entries"),
    SheetKind.WINS: ("small win", "small wins"),
}


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _plan_words(updates: int, adds: int, unchanged: int) -> str:
    """ "Update 6 rows, add 2, unchanged 10": the noun once, on the first count."""
    parts: list[str] = []
    for verb, n in (("update", updates), ("add", adds)):
        if n:
            parts.append(f"{verb} {n}" + (f" row{_s(n)}" if not parts else ""))
    if unchanged:
        parts.append(
            f"unchanged {unchanged}" if parts else f"{unchanged} row{_s(unchanged)} unchanged"
        )
    if not parts:
        return "No rows ready to import"
    text = ", ".join(parts)
    if not updates and not adds:
        text += ": nothing to import"
    return text[0].upper() + text[1:]


def preview_import(
    table: SheetTable,
    kind: SheetKind,
    target: ImportTarget,
    mapping: Sequence[str | None] | None = None,
) -> ImportPreview:
    chosen = tuple(mapping) if mapping is not None else tuple(guess_mapping(table.headers, kind))
    chosen = (chosen + (None,) * len(table.headers))[: len(table.headers)]
    parsed = parse_rows(kind, table.headers, table.rows, chosen)
    parsed = _with_problems(parsed, [*table.read_problems, *_uncomputed(table, kind, chosen)])
    plan: tuple[RowPlan, ...] = ()
    if kind is SheetKind.RATER:
        parsed, plan = _plan_rater(parsed, target, table.headers, chosen)
    elif kind is SheetKind.MATRIX:
        parsed, plan = _plan_matrix(parsed, target, table.headers, chosen)
    else:
        parsed, plan = _plan_loop(kind, parsed, target, table.headers, chosen)
    return ImportPreview(
        kind,
        table,
        target,
        chosen,
        parsed.good,
        parsed.problems,
        tuple(mapping_problems(kind, chosen)),
        parsed.skipped_blank,
        parsed.bad_rows,
        plan,
    )


def _plan_loop(
    kind: SheetKind,
    parsed: ParsedSheet,
    target: ImportTarget,
    headers: Sequence[str],
    mapping: Sequence[str | None],
) -> tuple[ParsedSheet, tuple[RowPlan, ...]]:
    from cxdesk.store.loop_sheet_import import plan_loop

    problems, planned = plan_loop(
        kind,
        parsed,
        target.loop.get(kind, {}),
        target.tag,
        target.milestones,
        target.touchpoints,
        headers,
        mapping,
    )
    plans = tuple(
        RowPlan(
            row,
            RowAction.ADD
            if item_id is None
            else (RowAction.UPDATE if changes else RowAction.UNCHANGED),
            item_id,
            changes,
        )
        for row, item_id, changes in planned
    )
    planned_rows = {p.row for p in plans}
    bad = {r.row for r in parsed.good if r.row not in planned_rows}
    return (
        ParsedSheet(
            parsed.kind,
            tuple(r for r in parsed.good if r.row in planned_rows),
            tuple(sorted([*parsed.problems, *problems], key=lambda p: p.row)),
            parsed.skipped_blank,
            parsed.bad_rows | frozenset(bad),
        ),
        plans,
    )


def _with_problems(parsed: ParsedSheet, found: Sequence[RowProblem]) -> ParsedSheet:
    """``parsed`` with more problems; a row with a blocking one is left out."""
    if not found:
        return parsed
    blocked = {p.row for p in found if p.blocking}
    problems = sorted([*parsed.problems, *found], key=lambda p: p.row)  # stable: row order
    return ParsedSheet(
        parsed.kind,
        tuple(r for r in parsed.good if r.row not in blocked),
        tuple(problems),
        parsed.skipped_blank,
        parsed.bad_rows | {r.row for r in parsed.good if r.row in blocked},
    )


def _uncomputed(
    table: SheetTable, kind: SheetKind, mapping: Sequence[str | None]
) -> list[RowProblem]:
    importable = {c.key for c in COLUMNS[kind] if c.importable}
    filled = {number for number, cells in table.rows if any(not is_blank(c) for c in cells)}
    found = []
    for row, index, ref in table.uncomputed:
        key = mapping[index] if index < len(mapping) else None
        if key in importable and row in filled:
            found.append(
                RowProblem(
                    row,
                    table.headers[index],
                    f"Cell {ref} holds a formula whose result was not saved in the file (it "
                    "was written by a program that does not calculate), so CX Desk cannot "
                    "know its value. Open the file in Excel or LibreOffice and save it, or "
                    "type the value, then import it again.",
                )
            )
    return found


def _text_key(text: str) -> str:
    # Case and spacing only: the client's words are compared as words, in any script.
    return " ".join(text.split()).casefold()


def _header_for(key: str, headers: Sequence[str], mapping: Sequence[str | None]) -> str:
    return next((headers[i] for i, k in enumerate(mapping) if k == key), "")


def _plan_matrix(
    parsed: ParsedSheet,
    target: ImportTarget,
    headers: Sequence[str],
    mapping: Sequence[str | None],
) -> tuple[ParsedSheet, tuple[RowPlan, ...]]:
    """Match each row to the expectation it updates: by its CX Desk ID when the ID is of
    this engagement, else by the text of what the client expects (each expectation once,
    in the matrix's order); a row matching none adds one, and must say what is expected.

    An ID is trusted only with this engagement's tag: an export of another engagement or
    of another workspace (where the same number is another row), and a bare number (a
    person's own numbering), are matched by text.
    """
    by_text: dict[str, list[int]] = {}
    for existing, stored_values in target.items.items():
        key = _text_key(stored_values["expects"] or "")
        if key:
            by_text.setdefault(key, []).append(existing)
    expects_header = _header_for("expects", headers, mapping)
    id_header = _header_for("id", headers, mapping)
    claimed: dict[int, int] = {}  # item id -> the file's row that updates it
    problems: list[RowProblem] = []
    plans: list[RowPlan] = []
    foreign_said = bare_said = False
    for row in parsed.good:
        values = {k: v for k, v in row.values.items() if k in _ITEM_KEYS}
        text = values.get("expects")
        row_id = row.values.get("id")
        item_id: int | None = None
        if isinstance(row_id, RowId):
            if row_id.tag is None:
                # A bare number is somebody's own numbering (a tracker's "ID" 1, 2, 3),
                # never proof of which expectation a row is: trusting it replaced the
                # texts of expectations 1, 2 and 3. Only the export's tagged IDs update.
                if not bare_said:
                    bare_said = True
                    problems.append(
                        RowProblem(
                            row.row,
                            id_header,
                            "This ID column holds plain numbers, not CX Desk's IDs (its "
                            "exports write them like “42@1a2b3c4d”), so its rows are matched "
                            "to this engagement's by what the client expects instead.",
                            blocking=False,
                        )
                    )
            elif row_id.tag != target.tag:
                if not foreign_said:
                    foreign_said = True
                    problems.append(
                        RowProblem(
                            row.row,
                            id_header,
                            "The IDs in this file are of another engagement (or another CX "
                            "Desk workspace), so its rows are matched to this engagement's "
                            "by what the client expects instead.",
                            blocking=False,
                        )
                    )
            elif row_id.item_id in target.items:
                if row_id.item_id in claimed:
                    problems.append(
                        RowProblem(
                            row.row,
                            id_header,
                            f"Row {claimed[row_id.item_id]} has the same ID: one expectation "
                            "cannot be updated from two rows. Keep one of them.",
                        )
                    )
                    continue
                item_id = row_id.item_id
            else:
                problems.append(
                    RowProblem(
                        row.row,
                        id_header,
                        "This engagement has no expectation with this ID (deleted since "
                        "the export?), so the row is matched by its text or added.",
                        blocking=False,
                    )
                )
        if item_id is None and text and text.strip():
            item_id = next((i for i in by_text.get(_text_key(text), ()) if i not in claimed), None)
        if item_id is None:
            if not (text or "").strip():
                problems.append(
                    RowProblem(
                        row.row,
                        expects_header,
                        "This row would add an expectation with no text: write what the "
                        "client expects"
                        + ("." if expects_header else ", in a column mapped to it."),
                    )
                )
                continue
            plans.append(RowPlan(row.row, RowAction.ADD))
            continue
        stored = target.items[item_id]
        changes = {k: v for k, v in values.items() if _changes(k, v, stored[k])}
        if "expects" in changes and not (changes["expects"] or "").strip():
            problems.append(
                RowProblem(
                    row.row,
                    expects_header,
                    "This would leave the expectation with no text (it reads "
                    f"“{_short_text(stored['expects'])}”): write what the client expects.",
                )
            )
            continue
        claimed[item_id] = row.row
        action = RowAction.UPDATE if changes else RowAction.UNCHANGED
        plans.append(RowPlan(row.row, action, item_id, changes))
    parsed = _with_problems(parsed, problems)
    return parsed, tuple(plans)


def _changes(key: str, value: Any, stored: Any) -> bool:
    if key == "status" and value is None:
        return False  # a blank status keeps the one there (a new row starts "Open")
    return bool(value != stored)


def _short_text(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 40 else one_line[:39] + "…"


def _plan_rater(
    parsed: ParsedSheet,
    target: ImportTarget,
    headers: Sequence[str],
    mapping: Sequence[str | None],
) -> tuple[ParsedSheet, tuple[RowPlan, ...]]:
    """Match each RATER row to the respondent it is: by its CX Desk ID when the ID is of
    this engagement (update or unchanged), else a row that reads exactly like a respondent
    of the assessment it names (same name, side and scores) is that respondent, unchanged;
    any other row adds one. Re-importing the app's own sheet added every person again."""
    id_header = _header_for("id", headers, mapping)
    claimed: dict[int, int] = {}  # respondent id -> the file's row that is them
    problems: list[RowProblem] = []
    plans: list[RowPlan] = []
    bad: set[int] = set()
    warned: set[str] = set()
    said: set[str] = set()  # the notes said once for the file
    same: list[int] = []  # rows taken as a respondent already there, without an ID

    def once(kind: str, row: int, column: str, message: str) -> None:
        if kind not in said:
            said.add(kind)
            problems.append(RowProblem(row, column, message, blocking=False))

    def refuse(row: int, column: str, message: str) -> None:
        problems.append(RowProblem(row, column, message))
        bad.add(row)

    for row in parsed.good:
        title = row.values.get("assessment") or DEFAULT_ASSESSMENT
        existing = _existing(target, title, row.values.get("held_on"))
        try:
            values = _respondent_values(row.values)
        except EditRefused as refused:
            refuse(row.row, _header_for("name", headers, mapping), refused.message)
            continue
        row_id = row.values.get("id")
        respondent_id: int | None = None
        if isinstance(row_id, RowId):
            if row_id.tag is None:
                once(
                    "bare",
                    row.row,
                    id_header,
                    "This ID column holds plain numbers, not CX Desk's IDs (its exports "
                    "write them like “42@1a2b3c4d”), so it is not used to find respondents.",
                )
            elif row_id.tag != target.tag:
                once(
                    "foreign",
                    row.row,
                    id_header,
                    "The IDs in this file are of another engagement (or another CX Desk "
                    "workspace), so its rows are added to this engagement's assessments.",
                )
            elif row_id.item_id not in target.respondents:
                problems.append(
                    RowProblem(
                        row.row,
                        id_header,
                        "This engagement has no respondent with this ID (deleted since the "
                        "export?), so the row is added.",
                        blocking=False,
                    )
                )
            elif row_id.item_id in claimed:
                refuse(
                    row.row,
                    id_header,
                    f"Row {claimed[row_id.item_id]} has the same ID: one respondent cannot "
                    "be updated from two rows. Keep one of them.",
                )
                continue
            else:
                respondent_id = row_id.item_id
        if respondent_id is not None:
            stored = target.respondents[respondent_id]
            if stored.scoring == ScoringMode.STATEMENTS.value:
                refuse(
                    row.row,
                    "Assessment",
                    f"“{stored.assessment_title}” is scored by statements: its respondents' "
                    "scores are the means of their statements, edited in the app, not here.",
                )
                continue
            if existing is None or existing[0] != stored.assessment_id:
                problems.append(
                    RowProblem(
                        row.row,
                        "Assessment",
                        f"This respondent is in “{stored.assessment_title}”: the row updates "
                        "them there (an import does not move a respondent to another "
                        "assessment or rename one).",
                        blocking=False,
                    )
                )
            changes = {
                k: v
                for k, v in values.items()
                if not (k == "side" and v is None) and v != stored.values[k]
            }
            claimed[respondent_id] = row.row
            action = RowAction.UPDATE if changes else RowAction.UNCHANGED
            plans.append(RowPlan(row.row, action, respondent_id, changes))
            continue
        if existing is not None and existing[1] == ScoringMode.STATEMENTS.value:
            refuse(
                row.row,
                "Assessment",
                f"“{title}” is scored by statements in this engagement; responses can "
                "only be imported into an assessment scored per dimension.",
            )
            continue
        milestone = row.values.get("milestone")
        known = normalize_header(milestone or "") in target.milestones
        if milestone and existing is None and not known and milestone not in warned:
            warned.add(milestone)  # said once, on the first row naming it
            problems.append(
                RowProblem(
                    row.row,
                    "Milestone",
                    f"This engagement has no milestone “{milestone}”: the assessment is "
                    "imported without one.",
                    blocking=False,
                )
            )
        twin = None
        if existing is not None:
            wanted = dict(values, side=values.get("side") or RespondentSide.CLIENT.value)
            twin = next(
                (
                    rid
                    for rid, r in target.respondents.items()
                    if r.assessment_id == existing[0]
                    and rid not in claimed
                    and all(r.values[k] == v for k, v in wanted.items())
                ),
                None,
            )
        if twin is None:
            plans.append(RowPlan(row.row, RowAction.ADD))
        else:
            claimed[twin] = row.row
            same.append(row.row)
            plans.append(RowPlan(row.row, RowAction.UNCHANGED, twin))
    if same:
        n = len(same)
        problems.append(
            RowProblem(
                same[0],
                "",
                f"{n} row{_s(n)} read{'s' if n == 1 else ''} exactly like a respondent "
                "already in the assessment named (same name, side and scores), so "
                f"{'it is' if n == 1 else 'they are'} taken as that respondent and not "
                "added again.",
                blocking=False,
            )
        )
    parsed = ParsedSheet(
        parsed.kind,
        tuple(r for r in parsed.good if r.row not in bad),
        tuple(sorted([*parsed.problems, *problems], key=lambda p: p.row)),
        parsed.skipped_blank,
        parsed.bad_rows | frozenset(bad),
    )
    return parsed, tuple(plans)


def _respondent_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The respondent fields a row gives, as the store keeps them: the name cleaned
    ("anonymous", as the export shows a blank name, is blank), always a name; the side
    only when given (blank keeps the one there, a new respondent is a client)."""
    found = {k: values[k] for k in _RESPONDENT_KEYS if k in values}
    found["name"] = clean_person_name(values.get("name") or "")
    return found


def _existing(
    target: ImportTarget, title: str, held_on: date | None
) -> tuple[int, str, date | None] | None:
    found = target.assessments.get(normalize_header(title))
    if found is None or (held_on is not None and found[2] not in (None, held_on)):
        return None
    return found


# --- importing ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    kind: SheetKind
    engagement_id: int
    count: int
    item_ids: tuple[int, ...] = ()  # added by the import
    assessment_ids: tuple[int, ...] = ()  # created by the import
    respondent_ids: tuple[int, ...] = ()  # added to assessments that were already there
    touched_assessments: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()  # expectations (RATER: respondents) it updated


def import_rows(db: Database, preview: ImportPreview) -> ImportResult:
    """Write every ready row in one transaction; any refusal writes nothing at all."""
    if not preview.can_import:
        raise EditRefused(preview.summary())
    if preview.kind is SheetKind.MATRIX:
        return _import_items(db, preview)
    if preview.kind is SheetKind.RATER:
        return _import_responses(db, preview)
    from cxdesk.store.loop_sheet_import import write_loop

    engagement_id = preview.target.engagement_id
    writes = [p for p in preview.plan if p.action is not RowAction.UNCHANGED]
    added, updated = write_loop(db, preview.kind, engagement_id, writes)
    return ImportResult(
        preview.kind,
        engagement_id,
        len(added) + len(updated),
        item_ids=added,
        updated_ids=updated,
    )


def _import_items(db: Database, preview: ImportPreview) -> ImportResult:
    engagement_id = preview.target.engagement_id
    table = table_of(ExpectationItem)
    blank = {key: None if key.endswith("_level") else "" for key in _ITEM_KEYS}
    blank["status"] = "open"
    values_of = {row.row: row.values for row in preview.ready}
    updates = [p for p in preview.plan if p.action is RowAction.UPDATE]
    adds = [p for p in preview.plan if p.action is RowAction.ADD]
    updated: list[int] = []
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
        current = _current_items(s, [p.item_id for p in updates if p.item_id is not None])
        for plan in updates:
            row = current.get(plan.item_id) if plan.item_id is not None else None
            if plan.item_id is None or row is None or row["engagement_id"] != engagement_id:
                raise EditRefused(
                    f"The expectation that row {plan.row} of the file updates is no longer in "
                    "this engagement (deleted meanwhile?); nothing was imported. Import the "
                    "file again to see it as it is now."
                )
            new = {k: expectations.validate_field(k, v) for k, v in plan.changes.items()}
            updated.append(plan.item_id)
            s.execute(table.update().where(table.c.id == plan.item_id).values(**new))
        # After the last position, not at the row count: positions may have gaps (an
        # engagement file stores them as written), and the new rows are found by position.
        last = s.scalar(
            select(func.max(table.c.position)).where(table.c.engagement_id == engagement_id)
        )
        start = 0 if last is None else last + 1
        rows = []
        for offset, plan in enumerate(adds):
            values = dict(blank, engagement_id=engagement_id, position=start + offset)
            for key, value in values_of[plan.row].items():
                if key in _ITEM_KEYS and value is not None:
                    values[key] = expectations.validate_field(key, value)
            rows.append(values)
        ids: tuple[int, ...] = ()
        if rows:
            # One executemany (Core): 20,000 rows in a fraction of what the ORM would take.
            s.execute(table.insert(), rows)
            ids = tuple(
                s.scalars(
                    select(table.c.id)
                    .where(table.c.engagement_id == engagement_id, table.c.position >= start)
                    .order_by(table.c.position)
                )
            )
    return ImportResult(
        SheetKind.MATRIX,
        engagement_id,
        len(ids) + len(updated),
        item_ids=ids,
        updated_ids=tuple(updated),
    )


def _current_items(s: Session, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
    table = table_of(ExpectationItem)
    found: dict[int, Mapping[str, Any]] = {}
    for start in range(0, len(ids), 500):  # within every engine's limit of parameters
        chunk = ids[start : start + 500]
        for row in s.execute(select(table).where(table.c.id.in_(chunk))):
            found[row.id] = dict(row._mapping)
    return found


def _import_responses(db: Database, preview: ImportPreview) -> ImportResult:
    target = preview.target
    table = table_of(RaterRespondent)
    created: dict[tuple[str, date | None], RaterAssessment] = {}
    added: list[RaterRespondent] = []
    touched: set[int] = set()
    updated: list[int] = []
    values_of = {row.row: row.values for row in preview.ready}
    with db.transaction() as s:
        get_or_refuse(s, Engagement, target.engagement_id, "engagement")
        for plan in preview.plan:
            if plan.action is RowAction.UNCHANGED:
                continue
            values = values_of[plan.row]
            if plan.action is RowAction.UPDATE:
                current = s.get(RaterRespondent, plan.item_id) if plan.item_id else None
                assessment = (
                    None if current is None else s.get(RaterAssessment, current.assessment_id)
                )
                if (
                    current is None
                    or assessment is None
                    or assessment.engagement_id != target.engagement_id
                    or assessment.scoring != ScoringMode.DIMENSIONS.value
                ):
                    raise EditRefused(
                        f"The respondent that row {plan.row} of the file updates is no longer "
                        "in this engagement as it was (deleted meanwhile?); nothing was "
                        "imported. Import the file again to see it as it is now."
                    )
                new = {k: _respondent_field(k, v) for k, v in plan.changes.items()}
                updated.append(current.id)
                s.execute(table.update().where(table.c.id == current.id).values(**new))
                touched.add(assessment.id)
                continue
            title = clean_name(values.get("assessment") or DEFAULT_ASSESSMENT, "assessment")
            held_on = values.get("held_on")
            existing = _existing(target, title, held_on)
            if existing is not None:
                assessment_id = existing[0]
                current_assessment = get_or_refuse(s, RaterAssessment, assessment_id, "assessment")
                if current_assessment.scoring != ScoringMode.DIMENSIONS.value:
                    raise EditRefused(f"“{title}” is scored by statements; nothing was imported.")
            else:
                key = (normalize_header(title), held_on)
                if key not in created:
                    milestone = values.get("milestone")
                    created[key] = RaterAssessment(
                        engagement_id=target.engagement_id,
                        title=title,
                        held_on=held_on,
                        milestone_id=target.milestones.get(normalize_header(milestone or "")),
                        scoring=ScoringMode.DIMENSIONS.value,
                    )
                    s.add(created[key])
                    s.flush()
                assessment_id = created[key].id
            touched.add(assessment_id)
            scores = {
                key: rater.validate_score(values.get(key))
                for key in values
                if key.endswith(("_expectation", "_perception"))
            }
            points = {key: values[key] for key in values if key.endswith("_points")}
            lock_parent(s, RaterRespondent.assessment_id, assessment_id)
            respondent = RaterRespondent(
                assessment_id=assessment_id,
                position=next_position(
                    s, RaterRespondent.position, RaterRespondent.assessment_id == assessment_id
                ),
                name=clean_person_name(values.get("name") or ""),
                side=values.get("side") or "client",
                **scores,
                **points,
            )
            s.add(respondent)
            s.flush()
            if existing is not None:
                added.append(respondent)
        result = ImportResult(
            SheetKind.RATER,
            target.engagement_id,
            preview.writes,
            assessment_ids=tuple(a.id for a in created.values()),
            respondent_ids=tuple(r.id for r in added),
            touched_assessments=tuple(sorted(touched)),
            updated_ids=tuple(updated),
        )
    return result


def _respondent_field(key: str, value: Any) -> Any:
    """A respondent's field as the store saves it (checked again, as every write is)."""
    if key == "name":
        return clean_person_name(value or "")
    if key == "side":
        return RespondentSide(value).value
    if key in SCORE_FIELDS:
        return rater.validate_score(value)
    return value  # importance points: the row's rules checked all five together
