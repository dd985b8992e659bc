"""Importing expectation rows and RATER responses from a CSV or XLSX file.

Three steps, so a person sees everything before anything is written:

1. :func:`read_table` reads the file as hostile input (size, row and column limits,
   binary junk, zip bombs, unknown encodings) into plain headers and rows. Nothing here
   runs a formula: XLSX cells are read as the values last saved, CSV cells as text.
2. :func:`preview_import` maps the headers (guessed, or as the person chose), parses
   each row and lists every problem by row and column. Still nothing written.
3. :func:`import_rows` writes the good rows in ONE transaction: all of them or none.
   :func:`undo_import` / :func:`redo_import` make it one undo step.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from cxdesk.models.base import table_of
from cxdesk.models.entities import Engagement, ExpectationItem, Milestone
from cxdesk.models.feedback import RaterAssessment, RaterRespondent
from cxdesk.models.servqual import ScoringMode
from cxdesk.models.sheet_columns import (
    COLUMNS,
    ParsedRow,
    ParsedSheet,
    RowProblem,
    SheetKind,
    cell_text,
    guess_mapping,
    mapping_problems,
    normalize_header,
    parse_rows,
    unguard_formula,
)
from cxdesk.store import expectations, graveyard, rater
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.workspace import clean_name, clean_person_name, get_or_refuse, next_position

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
    """Comma, semicolon (European Excel) or tab: whichever the header line uses most."""
    line: list[str] = []
    quoted = False
    for ch in text[:65_536]:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            if "".join(line).strip():
                break
            line = []
            continue
        line.append(ch)
    header = "".join(line)
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> SheetTable:
    text, notices = _decode(data, name)
    if _looks_binary(text):
        raise SheetRefused(
            f"“{name}” does not look like a spreadsheet: it holds binary data. Choose a "
            ".csv or .xlsx file."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    raw_rows: list[tuple[int, tuple[object, ...]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            raw_rows.append((number, tuple(unguard_formula(c) for c in cells)))
            _check_size(name, number, len(cells), raw_rows)
    except csv.Error as error:
        raise SheetRefused(
            f"“{name}” cannot be read as CSV near row {number + 1}: {error}."
        ) from error
    return _table(name, raw_rows, notices=notices)


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
    return _table(name, rows, sheet=chosen, sheets=names)


def _choose_sheet(names: tuple[str, ...], kind: SheetKind | None, sheet: str | None) -> str:
    if not names:
        raise SheetRefused("The workbook has no worksheet.")
    if sheet is not None and sheet in names:
        return sheet
    if kind is not None:
        from cxdesk.store.spreadsheets import MATRIX_SHEET, RATER_SHEET

        wanted = normalize_header(MATRIX_SHEET if kind is SheetKind.MATRIX else RATER_SHEET)
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
    return SheetTable(name, headers, data, sheet, sheets, notices)


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


# --- previewing --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """What rows are matched against in the engagement they go into."""

    engagement_id: int
    assessments: Mapping[str, tuple[int, str, date | None]]  # title key -> (id, scoring, held)
    milestones: Mapping[str, int]  # name key -> id
    expectations: frozenset[str] = frozenset()  # "what the client expects" keys already there


def load_target(db: Database, engagement_id: int) -> ImportTarget:
    with db.reading() as s:
        if s.get(Engagement, engagement_id) is None:
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
        expected = frozenset(
            _text_key(text)
            for text in s.scalars(
                select(ExpectationItem.expects).where(
                    ExpectationItem.engagement_id == engagement_id
                )
            )
            if text.strip()
        )
    return ImportTarget(engagement_id, assessments, milestones, expected)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    kind: SheetKind
    table: SheetTable
    target: ImportTarget
    mapping: tuple[str | None, ...]
    ready: tuple[ParsedRow, ...]  # the rows that will be imported
    problems: tuple[RowProblem, ...]
    mapping_problems: tuple[str, ...]
    skipped_blank: int = 0
    bad_rows: frozenset[int] = field(default_factory=frozenset)

    @property
    def can_import(self) -> bool:
        return bool(self.ready) and not self.mapping_problems

    def summary(self) -> str:
        if self.mapping_problems:
            return " ".join(self.mapping_problems)
        n, bad = len(self.ready), len(self.bad_rows)
        text = f"{n} row{'s' if n != 1 else ''} ready to import"
        if bad:
            text += f"; {bad} row{'s' if bad != 1 else ''} with problems will be left out"
        return text + "."


def preview_import(
    table: SheetTable,
    kind: SheetKind,
    target: ImportTarget,
    mapping: Sequence[str | None] | None = None,
) -> ImportPreview:
    chosen = tuple(mapping) if mapping is not None else tuple(guess_mapping(table.headers, kind))
    chosen = (chosen + (None,) * len(table.headers))[: len(table.headers)]
    parsed = parse_rows(kind, table.headers, table.rows, chosen)
    if kind is SheetKind.RATER:
        parsed = _check_rater_rows(parsed, target)
    else:
        parsed = _warn_of_rows_already_there(parsed, target)
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
    )


def _text_key(text: str) -> str:
    # Case and spacing only: normalize_header keeps Latin letters, so "Ελένη" and "Фёдор"
    # would both become "" and match each other.
    return " ".join(text.split()).casefold()


def _warn_of_rows_already_there(parsed: ParsedSheet, target: ImportTarget) -> ParsedSheet:
    """Re-importing the app's own export doubles every row: say so before it happens
    (a warning, not a refusal: two rows may rightly read the same)."""
    again = [
        RowProblem(
            row.row,
            "What the client expects",
            "This engagement already has this expectation: importing it adds a second one.",
            blocking=False,
        )
        for row in parsed.good
        if _text_key(row.values.get("expects") or "") in target.expectations
    ]
    if not again:
        return parsed
    return replace(parsed, problems=(*parsed.problems, *again))


def _check_rater_rows(parsed: ParsedSheet, target: ImportTarget) -> ParsedSheet:
    good: list[ParsedRow] = []
    problems = list(parsed.problems)
    bad = set(parsed.bad_rows)
    warned: set[str] = set()
    for row in parsed.good:
        title = row.values.get("assessment") or DEFAULT_ASSESSMENT
        existing = _existing(target, title, row.values.get("held_on"))
        if existing is not None and existing[1] == ScoringMode.STATEMENTS.value:
            problems.append(
                RowProblem(
                    row.row,
                    "Assessment",
                    f"“{title}” is scored by statements in this engagement; responses can "
                    "only be imported into an assessment scored per dimension.",
                )
            )
            bad.add(row.row)
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
        good.append(row)
    return ParsedSheet(
        parsed.kind, tuple(good), tuple(problems), parsed.skipped_blank, frozenset(bad)
    )


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
    item_ids: tuple[int, ...] = ()
    assessment_ids: tuple[int, ...] = ()  # created by the import
    respondent_ids: tuple[int, ...] = ()  # added to assessments that were already there
    touched_assessments: tuple[int, ...] = ()

    def describe(self) -> str:
        if self.kind is SheetKind.MATRIX:
            return f"Import {self.count} expectation{'s' if self.count != 1 else ''}"
        return f"Import {self.count} RATER response{'s' if self.count != 1 else ''}"


def import_rows(db: Database, preview: ImportPreview) -> ImportResult:
    """Write every ready row in one transaction; any refusal writes nothing at all."""
    if not preview.can_import:
        raise EditRefused(preview.summary())
    if preview.kind is SheetKind.MATRIX:
        return _import_items(db, preview)
    return _import_responses(db, preview)


_ITEM_KEYS = tuple(c.key for c in COLUMNS[SheetKind.MATRIX] if c.importable)


def _import_items(db: Database, preview: ImportPreview) -> ImportResult:
    engagement_id = preview.target.engagement_id
    table = table_of(ExpectationItem)
    blank = {key: None if key.endswith("_level") else "" for key in _ITEM_KEYS}
    blank["status"] = "open"
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        # After the last position, not at the row count: positions may have gaps (an
        # engagement file stores them as written), and the new rows are found by position.
        last = s.scalar(
            select(func.max(table.c.position)).where(table.c.engagement_id == engagement_id)
        )
        start = 0 if last is None else last + 1
        rows = []
        for offset, row in enumerate(preview.ready):
            values = dict(blank, engagement_id=engagement_id, position=start + offset)
            for key, value in row.values.items():
                if key in _ITEM_KEYS and value is not None:
                    values[key] = expectations.validate_field(key, value)
            rows.append(values)
        # One executemany (Core): 20,000 rows in a fraction of what the ORM would take.
        s.execute(table.insert(), rows)
        ids = tuple(
            s.scalars(
                select(table.c.id)
                .where(table.c.engagement_id == engagement_id, table.c.position >= start)
                .order_by(table.c.position)
            )
        )
    return ImportResult(SheetKind.MATRIX, engagement_id, len(ids), item_ids=ids)


def _import_responses(db: Database, preview: ImportPreview) -> ImportResult:
    target = preview.target
    created: dict[tuple[str, date | None], RaterAssessment] = {}
    added: list[RaterRespondent] = []
    touched: set[int] = set()
    with db.transaction() as s:
        get_or_refuse(s, Engagement, target.engagement_id, "engagement")
        for row in preview.ready:
            values = row.values
            title = clean_name(values.get("assessment") or DEFAULT_ASSESSMENT, "assessment")
            held_on = values.get("held_on")
            existing = _existing(target, title, held_on)
            if existing is not None:
                assessment_id = existing[0]
                current = get_or_refuse(s, RaterAssessment, assessment_id, "assessment")
                if current.scoring != ScoringMode.DIMENSIONS.value:
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
            len(preview.ready),
            assessment_ids=tuple(a.id for a in created.values()),
            respondent_ids=tuple(r.id for r in added),
            touched_assessments=tuple(sorted(touched)),
        )
    return result


def undo_import(db: Database, result: ImportResult) -> graveyard.BuriedRows:
    """Take an import back out (every row it wrote); the result puts them back."""
    if result.kind is SheetKind.MATRIX:
        return expectations.delete_items(db, result.item_ids)
    with db.transaction() as s:
        first = graveyard.bury(s, table_of(RaterAssessment), result.assessment_ids)
        second = graveyard.bury(s, table_of(RaterRespondent), result.respondent_ids)
    return graveyard.BuriedRows(first.rows + second.rows, first.links + second.links)


def redo_import(db: Database, result: ImportResult, buried: graveyard.BuriedRows) -> None:
    if result.kind is SheetKind.MATRIX:
        expectations.restore_items(db, buried)
        return
    with db.transaction() as s:
        graveyard.restore(s, buried)
