"""Spreadsheet export: typed XLSX sheets, UTF-8 CSV, no formula ever, and round trips."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cxdesk.models.sheet_columns import (
    SheetKind,
    could_be_formula,
    guard_formula,
    guess_mapping,
    normalize_header,
    unguard_formula,
)
from cxdesk.store import expectations, pulse, rater, workspace
from cxdesk.store import sheet_import as si
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement

TRICKY = (
    "Zoë Łukasiewicz",
    "Ελένη",
    "Фёдор",
    "R&D <core>",
    "x" * 300,
    "first line\nsecond line",
    "=cmd|' /C calc'!A0",
    "+1 555 0100",
    "-minus",
    "@SUM(A1)",
    "'=already quoted",
)


def fresh_engagement(db: Database, name: str = "Fresh") -> int:
    client = workspace.add_client(db, f"{name} client")
    return workspace.add_engagement(db, client.id, name).id


def tricky_engagement(db: Database) -> int:
    engagement_id = fresh_engagement(db, "Tricky")
    for index, text in enumerate(TRICKY):
        expectations.add_item(
            db,
            engagement_id,
            expects=text,
            needs=TRICKY[-1 - index],
            owner=text[:200].replace("\n", " "),
            notes=text,
            expected_level=1 + index % 5,
            delivered_level=None if index % 3 == 0 else 5 - index % 5,
            sacrifice_level=index % 5,
            status=["open", "on_track", "at_risk", "met", "missed"][index % 5],
        )
    assessment = rater.add_assessment(db, engagement_id, "Zoë's RATER", held_on=date(2026, 3, 1))
    for text in TRICKY[:4]:
        respondent = rater.add_respondent(db, assessment.id, text)
        rater.update_respondent(db, respondent.id, "empathy_perception", 7)
    pulse.add_pulse(db, engagement_id, date(2026, 3, 2), confidence=8, working=TRICKY[6])
    return engagement_id


def matrix_content(db: Database, engagement_id: int) -> list[tuple[object, ...]]:
    return [
        (
            i.expects,
            i.needs,
            i.planned,
            i.delivered,
            i.experienced,
            i.levels,
            i.sacrifice,
            i.sacrifice_level,
            i.status,
            i.owner,
            i.notes,
        )
        for i in expectations.list_items(db, engagement_id)
    ]


def test_xlsx_has_one_typed_sheet_each_with_a_bold_frozen_header(db: Database, tmp_path: Path):
    engagement_id = add_demo_engagement(db, today=date(2026, 6, 1))
    out = sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "demo.xlsx")

    book = load_workbook(out)
    assert book.sheetnames == list(sp.SHEET_TITLES)
    matrix = book[sp.MATRIX_SHEET]
    assert matrix.freeze_panes == "A2"
    assert all(cell.font.bold for cell in matrix[1])
    assert matrix.cell(1, 2).value == "What the client expects"
    assert matrix.column_dimensions["B"].width >= 20
    headers = [c.value for c in matrix[1]]
    level = matrix.cell(2, headers.index("Expected level") + 1)
    assert isinstance(level.value, int)
    assert level.data_type == "n"
    items = expectations.list_items(db, engagement_id)
    assert matrix.cell(2, headers.index("Delivery gap") + 1).value == items[0].delivery_gap
    assert matrix.max_row == len(items) + 1

    responses = book[sp.RATER_SHEET]
    held = responses.cell(2, 2)
    assert isinstance(held.value, datetime)
    assert held.is_date
    pulses = book[sp.PULSE_SHEET]
    assert isinstance(pulses.cell(2, 1).value, datetime)
    assert pulses.max_row == len(pulse.list_pulses(db, engagement_id)) + 1
    quiz = book[sp.QUIZ_SHEET]
    assert quiz.max_row > 1
    assert [c.value for c in quiz[1]][:2] == ["Session", "Held on"]


def test_xlsx_text_is_never_a_formula(db: Database, tmp_path: Path) -> None:
    engagement_id = tricky_engagement(db)
    out = sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "t.xlsx")

    with zipfile.ZipFile(out) as archive:
        sheet_xml = "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in sheet_xml
    assert "<f " not in sheet_xml
    book = load_workbook(out)
    values = [c.value for row in book[sp.MATRIX_SHEET].iter_rows() for c in row]
    assert "=cmd|' /C calc'!A0" in values  # the text exactly, as text
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_csv_is_utf8_with_bom_and_guards_formulas(db: Database, tmp_path: Path) -> None:
    engagement_id = tricky_engagement(db)
    paths = sp.write_csv_files(sp.load_sheets(db, engagement_id), tmp_path, "Tricky")

    assert [p.name for p in paths] == [f"Tricky - {t}.csv" for t in sp.SHEET_TITLES]
    data = paths[0].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row]
    assert "Zoë Łukasiewicz" in cells
    assert "Ελένη" in cells
    assert "first line\nsecond line" in cells
    assert "'=cmd|' /C calc'!A0" in cells  # quoted: Excel shows it, never runs it
    assert "'+1 555 0100" in cells
    assert "''=already quoted" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    # Numbers stay numbers (a negative gap is not text to guard).
    header = rows[0]
    gaps = [row[header.index("Delivery gap")] for row in rows[1:]]
    assert any(g.startswith("-") for g in gaps)


# What OWASP's CSV injection rules name beyond a plain leading = + - @: a formula after
# leading whitespace (a newline, spaces, a tab), and the full-width forms.
HIDDEN_FORMULAS = (
    "\n=cmd|' /C calc'!A0",
    "  =1+1",
    "\r\n@SUM(A1)",
    "\u3000+1",  # an ideographic space
    '＝HYPERLINK("http://x")',
    "＋1",
    "－1",
    "＠SUM(A1)",
    " \t-2",
    "'  =quoted already",
)


@pytest.mark.parametrize(
    "text", [*TRICKY, *HIDDEN_FORMULAS, "'", "''", "'x", "=", "", "'-'", "\t=tab", " plain"]
)
def test_formula_guard_is_reversible(text: str) -> None:
    guarded = guard_formula(text)
    assert not could_be_formula(guarded)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard_formula(guarded) == text


def test_csv_and_xlsx_neutralise_formulas_after_whitespace_and_full_width(
    db: Database, tmp_path: Path
) -> None:
    """ "\n=cmd…", " =1+1" and "＝…" were written as they are: Excel and LibreOffice run them."""
    engagement_id = fresh_engagement(db)
    for text in HIDDEN_FORMULAS:
        expectations.add_item(db, engagement_id, expects=text, owner=text.strip()[:50])
    sheets = sp.load_sheets(db, engagement_id)
    (path,) = sp.write_csv_files(sheets[:1], tmp_path, "hidden")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    column = rows[0].index("What the client expects")
    written = [row[column] for row in rows[1:]]
    assert written == ["'" + text for text in HIDDEN_FORMULAS]
    assert not any(could_be_formula(cell) for row in rows for cell in row)

    out = sp.write_xlsx(sheets, tmp_path / "hidden.xlsx")
    cells = [row[column] for row in load_workbook(out)[sp.MATRIX_SHEET].iter_rows(min_row=2)]
    assert [c.value for c in cells] == list(HIDDEN_FORMULAS)
    assert all(c.data_type == "s" for c in cells)
    # Excel's "text" mark on each that could read as a formula (all but the quoted one).
    assert [c.quotePrefix for c in cells] == [True] * 9 + [False]

    # Both come back as they were written in the app.
    target = fresh_engagement(db, "Back")
    for source in (path, out):
        preview = si.preview_import(
            si.read_table(source, SheetKind.MATRIX), SheetKind.MATRIX, si.load_target(db, target)
        )
        assert [r.values["expects"] for r in preview.ready] == list(HIDDEN_FORMULAS)


def test_export_headers_map_back_exactly() -> None:
    for kind, sheet_headers in (
        (SheetKind.MATRIX, sp.MATRIX_COLUMNS),
        (SheetKind.RATER, sp.RATER_COLUMNS),
    ):
        headers = [c.header for c in sheet_headers]
        mapping = guess_mapping(headers, kind)
        assert mapping == [c.key if c.importable else None for c in sheet_headers]


def test_header_matching_ignores_case_accents_and_punctuation() -> None:
    assert normalize_header("  ÉXPECTED   level (1-5) ") == "expected level 1 5"
    mapping = guess_mapping(
        ["STATUS", "Expected Level (1-5)", "Expéctation", "Nötes", "Who", "Whatever"],
        SheetKind.MATRIX,
    )
    assert mapping == ["status", "expected_level", "expects", "notes", "owner", None]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_round_trip_of_tricky_content(db: Database, tmp_path: Path, suffix: str) -> None:
    source = tricky_engagement(db)
    sheets = sp.load_sheets(db, source)
    if suffix == "xlsx":
        matrix_file = rater_file = sp.write_xlsx(sheets, tmp_path / "t.xlsx")
    else:
        matrix_file, rater_file = sp.write_csv_files(sheets[:2], tmp_path, "t")

    target = fresh_engagement(db, "Copy")
    for kind, path in ((SheetKind.MATRIX, matrix_file), (SheetKind.RATER, rater_file)):
        preview = si.preview_import(si.read_table(path, kind), kind, si.load_target(db, target))
        assert not [p for p in preview.problems if p.blocking]
        si.import_rows(db, preview)

    assert matrix_content(db, target) == matrix_content(db, source)
    again = sp.load_sheets(db, target)
    assert without_ids(again[0]) == without_ids(sheets[0])  # other rows: other ids
    assert without_ids(again[1]) == without_ids(sheets[1])


def without_ids(sheet: sp.Sheet) -> list[tuple[object, ...]]:
    assert sheet.headers[-1] == "CX Desk ID"
    return [row[:-1] for row in sheet.rows]


def test_demo_round_trip_with_milestones(db: Database, tmp_path: Path) -> None:
    source = add_demo_engagement(db, today=date(2026, 6, 1))
    sheets = sp.load_sheets(db, source)
    out = sp.write_xlsx(sheets, tmp_path / "demo.xlsx")
    target = fresh_engagement(db, "Demo copy")
    for milestone in workspace.list_milestones(db, source):
        workspace.add_milestone(db, target, milestone.name, milestone.due_date)

    for kind in (SheetKind.MATRIX, SheetKind.RATER):
        preview = si.preview_import(si.read_table(out, kind), kind, si.load_target(db, target))
        # The only word: the IDs are of the other engagement, so rows are added here.
        assert [p.message[:27] for p in preview.problems] == ["The IDs in this file are of"]
        si.import_rows(db, preview)

    again = sp.load_sheets(db, target)
    assert without_ids(again[0]) == without_ids(sheets[0])
    assert without_ids(again[1]) == without_ids(sheets[1])
    assert matrix_content(db, target) == matrix_content(db, source)


def test_export_writes_nothing_when_the_folder_is_missing(db: Database, tmp_path: Path):
    engagement_id = tricky_engagement(db)
    with pytest.raises(FileNotFoundError):
        sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "nope" / "x.xlsx")
    assert not (tmp_path / "nope").exists()


def test_a_failed_write_leaves_no_partial_file(db: Database, tmp_path: Path, monkeypatch):
    engagement_id = tricky_engagement(db)
    (tmp_path / "x.xlsx").write_bytes(b"the earlier export")

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.Workbook.save", broken)
    with pytest.raises(OSError, match="No space left"):
        sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "x.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".part", ".xlsx")) == [
        "x.xlsx"
    ]


def test_safe_file_stem() -> None:
    assert sp.safe_file_stem('R&D <core>: a/b "x"') == "R&D core a b x"
    assert sp.safe_file_stem("///") == "CX Desk export"
