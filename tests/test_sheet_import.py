"""Spreadsheet import: hostile files refused cleanly, per-row problems, all or nothing."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import text

from cxdesk.models.sheet_columns import CellProblem, Parse, SheetKind, parse_cell
from cxdesk.ops import perform, revert
from cxdesk.ops.imports import import_sheet
from cxdesk.store import expectations, rater, workspace
from cxdesk.store import sheet_import as si
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from tests.raw_rows import is_server

pytestmark = pytest.mark.both_backends

MATRIX_CSV = (
    "What the client expects,Expected level,Delivered level,Status,Owner\r\n"
    "Weekly demos,4,3,On track,Zoë\r\n"
    "A quick answer,9,2,open,Ana\r\n"  # a level out of range
    ",,,,\r\n"  # a blank row: skipped
    "Clear reports,3,x,bogus,Leo\r\n"  # two problems
    "Fewer meetings,2 - low,5.0,Met,\r\n"
)


def engagement(db: Database) -> int:
    client = workspace.add_client(db, "Client")
    return workspace.add_engagement(db, client.id, "Engagement").id


def fingerprint(db: Database) -> tuple[str, list[tuple[object, ...]]]:
    """The SQLite file's bytes (with its WAL) and the content, to show nothing changed.
    A server has no file of ours: its content alone says it."""
    digest = hashlib.sha256()
    if not is_server(db):
        for path in (db.path, db.path.with_name(db.path.name + "-wal")):
            if path.exists():
                digest.update(path.read_bytes())
    with db.reading() as s:
        rows = [
            tuple(r)
            for table in ("expectation_item", "rater_assessment", "rater_respondent")
            for r in s.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
        ]
    return digest.hexdigest(), rows


def the_engagement(db: Database) -> int:
    """The one engagement of the workspace, made on first use (a fuzzed test's examples
    share the test's workspace; a server's ids do not start again at 1)."""
    shown = [e.id for _client, engagements in workspace.list_clients(db) for e in engagements]
    return shown[0] if shown else engagement(db)


def preview_bytes(db: Database, engagement_id: int, data: bytes, kind=SheetKind.MATRIX):  # type: ignore[no-untyped-def]
    table = si.read_bytes(data, "test.csv", kind)
    return si.preview_import(table, kind, si.load_target(db, engagement_id))


def test_each_bad_row_is_named_and_the_good_rows_import(db: Database) -> None:
    engagement_id = engagement(db)
    before = fingerprint(db)
    preview = preview_bytes(db, engagement_id, MATRIX_CSV.encode())

    assert fingerprint(db) == before  # a preview writes nothing
    messages = [str(p) for p in preview.problems]
    assert messages[0].startswith("Row 3, Expected level: Levels go from 1 to 5")
    assert any(m.startswith("Row 5, Delivered level:") for m in messages)
    assert any(m.startswith("Row 5, Status: “bogus” is not a status") for m in messages)
    assert [r.row for r in preview.ready] == [2, 6]
    assert preview.skipped_blank == 1
    assert preview.summary() == "Add 2 rows; 2 rows with problems will be left out."

    result = si.import_rows(db, preview)
    items = expectations.list_items(db, engagement_id)
    assert [i.id for i in items] == list(result.item_ids)
    assert [
        (i.expects, i.expected_level, i.delivered_level, i.experienced_level, i.status, i.owner)
        for i in items
    ] == [
        ("Weekly demos", 4, 3, None, "on_track", "Zoë"),
        ("Fewer meetings", 2, 5, None, "met", ""),
    ]


def test_import_is_all_or_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    engagement_id = engagement(db)
    expectations.add_item(db, engagement_id, expects="Already here")
    preview = preview_bytes(db, engagement_id, MATRIX_CSV.encode())
    before = fingerprint(db)
    real = expectations.validate_field
    calls = []

    def failing(field: str, value: object) -> object:
        calls.append(field)
        if len(calls) > 6:
            raise EditRefused("the disk is full")
        return real(field, value)

    monkeypatch.setattr(expectations, "validate_field", failing)
    with pytest.raises(EditRefused):
        si.import_rows(db, preview)
    assert fingerprint(db)[1] == before[1]


def test_undo_and_redo_of_an_import(db: Database) -> None:
    engagement_id = engagement(db)
    expectations.add_item(db, engagement_id, expects="Already here")
    done = perform(db, import_sheet(preview_bytes(db, engagement_id, MATRIX_CSV.encode())))
    result = done.value
    after = [i.expects for i in expectations.list_items(db, engagement_id)]
    assert after == ["Already here", "Weekly demos", "Fewer meetings"]

    undone = revert(db, done)
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["Already here"]
    revert(db, undone)
    items = expectations.list_items(db, engagement_id)
    assert [i.expects for i in items] == after
    assert [i.id for i in items[1:]] == list(result.item_ids)


def test_undo_takes_only_the_imported_rows_when_positions_have_gaps(db: Database) -> None:
    """An engagement file stores positions as written (10, 20, ...): the imported rows are
    found by position after the last one, never among the rows already there."""
    engagement_id = engagement(db)
    for name in ("First", "Second", "Third"):
        expectations.add_item(db, engagement_id, expects=name)
    with db.transaction() as s:
        s.execute(
            text(
                "UPDATE expectation_item SET position = (position + 1) * 10 "
                "WHERE engagement_id = :e"
            ),
            {"e": engagement_id},
        )
    done = perform(db, import_sheet(preview_bytes(db, engagement_id, MATRIX_CSV.encode())))
    assert done.value.count == 2
    revert(db, done)
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == [
        "First",
        "Second",
        "Third",
    ]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("31/3/2026", date(2026, 3, 31)),  # day first: 31 cannot be a month
        ("3/31/2026", date(2026, 3, 31)),  # month first (US): 31 cannot be a month
        ("4/4/2026", date(2026, 4, 4)),  # either way the same day
        ("2026-04-03", date(2026, 4, 3)),
        ("03.04.2026", date(2026, 4, 3)),  # dots: day first
    ],
)
def test_dates_are_read_only_when_they_read_one_way(written: str, read: date) -> None:
    assert parse_cell(Parse.DATE, written) == read


def test_a_date_that_reads_two_ways_is_a_row_problem() -> None:
    with pytest.raises(CellProblem, match="could be 3 April or 4 March"):
        parse_cell(Parse.DATE, "3/4/2026")
    with pytest.raises(CellProblem, match="not a date on the calendar"):
        parse_cell(Parse.DATE, "31/2/2026")


def test_rater_rows_group_into_assessments(db: Database) -> None:
    engagement_id = engagement(db)
    milestone = workspace.add_milestone(db, engagement_id, "Kickoff")
    existing = rater.add_assessment(db, engagement_id, "Mid-point")
    rater.add_respondent(db, existing.id, "Already scored")
    data = (
        "Assessment;Held on;Milestone;Respondent;Side;Reliability E;Reliability P;"
        "Empathy points;Reliability points;Assurance points;Tangibles points;"
        "Responsiveness points\n"
        "RATER at kickoff;2026-03-01;kickoff;Ελένη;Client;5;3;20;20;20;20;20\n"
        "RATER at kickoff;01.03.2026;Kickoff;Фёдор;our team;6;7;;;;;\n"
        "Mid-point;;;Zoë;client;8;1;;;;;\n"  # 8 is out of range
        "Mid-point;;;Ana;Customer;4;4;50;10;10;10;10\n"  # points add to 90
        "Mid-point;;;Leo;Them;4;4;;;;;\n"
        "Survey;;Launch;;;1;1;;;;;\n"
    ).encode()
    preview = preview_bytes(db, engagement_id, data, SheetKind.RATER)
    messages = [str(p) for p in preview.problems]
    assert "Row 4, Reliability E: RATER scores go from 1 to 7; “8” is outside that." in messages
    assert (
        "Row 5, Importance points: The points add up to 90; they must add up to exactly 100."
        in messages
    )
    warning = next(p for p in preview.problems if not p.blocking)
    assert (warning.row, warning.column) == (7, "Milestone")
    assert [r.row for r in preview.ready] == [2, 3, 6, 7]

    done = perform(db, import_sheet(preview))
    assessments = {a.title: a for a in rater.list_assessments(db, engagement_id)}
    assert set(assessments) == {"Mid-point", "RATER at kickoff", "Survey"}
    kickoff = assessments["RATER at kickoff"]
    assert (kickoff.held_on, kickoff.milestone_id) == (date(2026, 3, 1), milestone.id)
    people = rater.list_respondents(db, kickoff.id)
    assert [(p.name, p.side, p.reliability_expectation) for p in people] == [
        ("Ελένη", "client", 5),
        ("Фёдор", "team", 6),
    ]
    assert people[0].empathy_points == 20
    mid = rater.list_respondents(db, existing.id)
    assert [p.name for p in mid] == ["Already scored", "Leo"]
    assert assessments["Survey"].milestone_id is None

    undone = revert(db, done)
    assert [a.title for a in rater.list_assessments(db, engagement_id)] == ["Mid-point"]
    assert [p.name for p in rater.list_respondents(db, existing.id)] == ["Already scored"]
    revert(db, undone)
    assert len(rater.list_assessments(db, engagement_id)) == 3


def test_titles_in_other_scripts_are_told_apart(db: Database) -> None:
    """Header matching kept only Latin letters: "Ελένη" and "Фёдор" both read as "", so a
    response for one assessment went into the other."""
    engagement_id = engagement(db)
    greek = rater.add_assessment(db, engagement_id, "Ελένη")
    russian = rater.add_assessment(db, engagement_id, "Фёдор")
    data = "Assessment,Respondent,Empathy expectation\nФёдор,Ana,4\nΕΛΈΝΗ,Leo,5\n".encode()
    si.import_rows(db, preview_bytes(db, engagement_id, data, SheetKind.RATER))
    assert [p.name for p in rater.list_respondents(db, russian.id)] == ["Ana"]
    assert [p.name for p in rater.list_respondents(db, greek.id)] == ["Leo"]


def test_statement_scored_assessment_is_not_imported_into(db: Database) -> None:
    engagement_id = engagement(db)
    rater.add_assessment(db, engagement_id, "By statements", scoring=rater.ScoringMode.STATEMENTS)
    data = b"Assessment,Respondent,Empathy perception\nBy statements,Ana,4\n"
    preview = preview_bytes(db, engagement_id, data, SheetKind.RATER)
    assert not preview.can_import
    assert "scored by statements" in str(preview.problems[0])


def test_cp1252_file_is_read_with_a_warning(db: Database) -> None:
    engagement_id = engagement(db)
    data = "What the client expects;Owner\r\nCafé service;Zoë\r\n".encode("cp1252")
    preview = preview_bytes(db, engagement_id, data)
    assert "Windows-1252" in preview.table.notices[0]
    assert [dict(r.values) for r in preview.ready] == [{"expects": "Café service", "owner": "Zoë"}]


def test_utf16_and_tab_separated(db: Database) -> None:
    engagement_id = engagement(db)
    data = "What the client expects\tOwner\r\nΕλένη's plan\tФёдор\r\n".encode("utf-16")
    preview = preview_bytes(db, engagement_id, data)
    assert preview.table.notices == ()
    assert dict(preview.ready[0].values) == {"expects": "Ελένη's plan", "owner": "Фёдор"}


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        (
            '"Expectation (what; why; when)",Owner\r\nWeekly demos,Ana\r\n',
            ("Expectation (what; why; when)", "Owner"),
        ),
        (
            '"Expects, in short; really";Owner\nWeekly demos;Ana\n',
            ("Expects, in short; really", "Owner"),
        ),
        (
            '\r\n"Expects\t(tabbed)""; quoted"",",Owner\nWeekly demos,Ana\n',
            ('Expects\t(tabbed)"; quoted",', "Owner"),
        ),
    ],
)
def test_the_delimiter_is_guessed_from_outside_quotes(
    db: Database, data: str, headers: tuple[str, ...]
) -> None:
    """Semicolons inside a quoted title read a comma-separated file as one column."""
    table = si.read_bytes(data.encode(), "t.csv")
    assert table.headers == headers
    assert [cells for _n, cells in table.rows] == [("Weekly demos", "Ana")]
    engagement_id = engagement(db)
    target = si.load_target(db, engagement_id)
    preview = si.preview_import(table, SheetKind.MATRIX, target, ["expects", "owner"])
    si.import_rows(db, preview)
    items = expectations.list_items(db, engagement_id)
    assert [(i.expects, i.owner) for i in items] == [("Weekly demos", "Ana")]


def test_csv_formula_quote_is_removed_on_import(db: Database) -> None:
    engagement_id = engagement(db)
    data = b"Expects,Notes\nA,\"'=cmd|' /C calc'!A0\"\nB,=1+1\n"
    preview = preview_bytes(db, engagement_id, data)
    assert [r.values["notes"] for r in preview.ready] == ["=cmd|' /C calc'!A0", "=1+1"]


def xlsx_bytes(rows: list[list[object]], title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_formulas_are_read_not_run(db: Database) -> None:
    """A formula cell gives the result the spreadsheet program saved; CX Desk runs none."""
    engagement_id = engagement(db)
    data = with_saved_results(
        xlsx_bytes([["Expects", "Notes", "Expected level"], ["One", "=SUM(1,1)", "=2+1"]]),
        {"B2": "2", "C2": "3"},
    )
    preview = preview_bytes(db, engagement_id, data)
    assert preview.problems == ()
    assert [dict(r.values) for r in preview.ready] == [
        {"expects": "One", "notes": "2", "expected_level": 3}
    ]


def with_saved_results(data: bytes, results: dict[str, str]) -> bytes:
    """The workbook as a spreadsheet program saves it: each formula with its result."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                for ref, value in results.items():
                    cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', xml)
                    assert cell is not None
                    saved = re.sub(r"<v\s*/>|<v></v>", "", cell.group(0))
                    saved = saved.replace("</c>", f"<v>{value}</v></c>")
                    xml = xml.replace(cell.group(0), saved)
                content = xml.encode()
            copy.writestr(entry, content)
    return out.getvalue()


def test_an_xlsx_formula_without_a_saved_result_is_a_row_problem(db: Database) -> None:
    """A workbook written by a script holds formulas nobody calculated: the cell would read
    as empty. It is a problem naming the cell, never a silent blank."""
    engagement_id = engagement(db)
    data = xlsx_bytes(
        [
            ["Expects", "Notes", "Expected level", "Ignored"],
            ["One", "plain", 3, "=1+1"],  # a formula in a column not imported: no matter
            ["Two", "=SUM(1,1)", 2, ""],
            ["Three", "fine", "=2+1", ""],
        ]
    )
    preview = preview_bytes(db, engagement_id, data)
    preview = si.preview_import(
        preview.table,
        SheetKind.MATRIX,
        preview.target,
        ["expects", "notes", "expected_level", None],
    )
    assert [(p.row, p.column, p.blocking) for p in preview.problems] == [
        (3, "Notes", True),
        (4, "Expected level", True),
    ]
    assert preview.problems[0].message.startswith("Cell B3 holds a formula whose result was not")
    assert preview.problems[1].message.startswith("Cell C4 holds a formula")
    assert [r.row for r in preview.ready] == [2]


def test_xlsx_picks_the_sheet_of_its_kind(db: Database, tmp_path: Path) -> None:
    engagement_id = engagement(db)
    expectations.add_item(db, engagement_id, expects="One", expected_level=2)
    out = sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "x.xlsx")
    table = si.read_table(out, SheetKind.RATER)
    assert table.sheet == sp.RATER_SHEET
    assert table.sheets == sp.SHEET_TITLES
    table = si.read_table(out, SheetKind.MATRIX)
    assert table.sheet == sp.MATRIX_SHEET
    assert table.rows[0][1][1] == "One"
    assert si.read_table(out, SheetKind.MATRIX, sheet=sp.PULSE_SHEET).sheet == sp.PULSE_SHEET


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "is empty"),
        (b"   \r\n", "is empty"),
        (b"\x00\x01\x02binary\x00junk" * 50, "binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Excel file"),
        (b"PK\x03\x04truncated", "not a readable Excel workbook"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "neither UTF-8 nor Windows-1252"),
    ],
)
def test_hostile_files_are_refused_by_name(db: Database, data: bytes, words: str) -> None:
    engagement_id = engagement(db)
    before = fingerprint(db)
    with pytest.raises(si.SheetRefused) as refusal:
        preview_bytes(db, engagement_id, data)
    assert "“test.csv”" in refusal.value.message
    assert words in refusal.value.message
    assert fingerprint(db) == before


def test_an_unterminated_quote_in_the_header_is_refused_naming_the_line() -> None:
    with pytest.raises(si.SheetRefused) as refusal:
        si.read_bytes(b'Expects,"Notes\nA,1\nB,2\n' + b"a" * 10, "test.csv")
    assert refusal.value.message.startswith(
        'The header line of “test.csv” opens a quote (") on line 1'
    )


def test_an_unbalanced_quote_is_a_row_problem_naming_its_line(db: Database) -> None:
    """One stray quote made the reader take the next 101 lines as one "ready" cell."""
    engagement_id = engagement(db)
    swallowed = "".join(f"Row {n},{n % 5 + 1},Ana\r\n" for n in range(100))
    data = (
        "What the client expects,Expected level,Owner\r\n"
        "Weekly demos,4,Zoë\r\n"
        '"Quick answers,3,Leo\r\n' + swallowed
    ).encode()
    preview = preview_bytes(db, engagement_id, data)
    assert [(p.row, p.column, p.blocking) for p in preview.problems] == [
        (3, "What the client expects", True)
    ]
    assert preview.problems[0].message.startswith(
        'A quote (") opened on line 3 of the file is not closed where this cell should '
        "end, so lines 3–103 (101 lines) were read as this one cell."
    )
    assert [r.row for r in preview.ready] == [2]
    assert preview.bad_rows == {3}

    # A quote that closes far down (a stray one) is found the same way; the rows after
    # it read normally again.
    data = b'Expects;Notes\nA;ok\nB;"half\nC;x\nD;y\nE;z" end\nF;fine\n'
    preview = preview_bytes(db, engagement_id, data)
    assert len(preview.problems) == 1
    assert str(preview.problems[0]).startswith(
        'Row 3, Notes: A quote (") opened on line 3 of the file is not closed'
    )
    assert [r.row for r in preview.ready] == [2, 4]


def test_cells_over_several_lines_are_still_welcome(db: Database) -> None:
    engagement_id = engagement(db)
    notes = "Met Ana, Leo\nand Zoë, twice\nthen, later, Фёдор"
    data = ('Expects,Notes\r\nA,"' + notes + '"\r\nB,x\r\n').encode()
    preview = preview_bytes(db, engagement_id, data)
    assert preview.problems == ()
    assert [r.values["notes"] for r in preview.ready] == [notes, "x"]


def test_notes_whose_lines_look_like_rows_are_well_formed_csv_and_import(db: Database) -> None:
    """A quoted Notes cell of 4 lines, each with 2+ commas (as many as the header has),
    was taken for a stray quote that swallowed rows and the row was left out."""
    engagement_id = engagement(db)
    notes = (
        "Call 1: Ana, Leo, Zoë agreed\n"
        "Call 2: price, scope, dates, all open\n"
        "Call 3: Ana, Фёдор, ok\n"
        "Next: demo, report, review"
    )
    data = (
        "What the client expects,Owner,Notes\r\n"
        'Weekly demos,Ana,"' + notes + '"\r\n'
        "Named contact,Leo,short\r\n"
    ).encode()
    preview = preview_bytes(db, engagement_id, data)
    assert preview.problems == ()
    assert [r.values["notes"] for r in preview.ready] == [notes, "short"]
    assert preview.summary() == "Add 2 rows."
    si.import_rows(db, preview)
    assert [i.notes for i in expectations.list_items(db, engagement_id)] == [notes, "short"]


def test_a_cell_of_megabytes_is_a_row_problem_in_our_words(db: Database) -> None:
    """The csv module's ceiling said "field larger than field limit (131072)" for the
    whole file; the row and column are named, with CX Desk's limit."""
    engagement_id = engagement(db)
    huge = "n" * (5 * 1024 * 1024)
    data = ("Expects,Notes,Whatever\r\nA," + huge + ",x\r\nB,fine," + huge + "\r\n").encode()
    preview = preview_bytes(db, engagement_id, data)
    assert [str(p) for p in preview.problems] == [
        "Row 2, Notes: This text is too long (5,242,880 characters, at most 20,000)."
    ]
    assert [r.values["expects"] for r in preview.ready] == ["B"]  # an ignored column: fine


def test_truncated_and_bomb_xlsx_are_refused(tmp_path: Path) -> None:
    good = xlsx_bytes([["Notes"], ["fine"]])
    with pytest.raises(si.SheetRefused, match="not a readable Excel workbook"):
        si.read_bytes(good[: len(good) // 2], "half.xlsx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(si.SheetRefused, match="unpack to far more"):
        si.read_bytes(bomb.getvalue(), "bomb.xlsx")
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("word/document.xml", "<doc/>")
    with pytest.raises(si.SheetRefused, match="not a readable Excel workbook"):
        si.read_bytes(not_a_workbook.getvalue(), "letter.docx")


def test_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(si, "MAX_ROWS", 10)
    with pytest.raises(si.SheetRefused, match="more than 10 rows"):
        si.read_bytes(b"Notes\n" + b"x\n" * 20, "long.csv")
    with pytest.raises(si.SheetRefused, match="columns"):
        si.read_bytes(b",".join([b"a"] * 500), "wide.csv")
    monkeypatch.setattr(si, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.csv"
    big.write_bytes(b"Notes\n" + b"x" * 200)
    with pytest.raises(si.SheetRefused, match="up to 0 MB"):
        si.read_table(big)


def test_too_long_text_is_a_row_problem(db: Database) -> None:
    engagement_id = engagement(db)
    data = ("Notes,Owner\n" + "n" * 20_001 + ",ok\nfine," + "o" * 201 + "\n").encode()
    preview = preview_bytes(db, engagement_id, data)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "Notes"), (3, "Owner")]
    assert not preview.can_import


def test_mapping_problems_block_the_import(db: Database) -> None:
    engagement_id = engagement(db)
    table = si.read_bytes(b"A,B\n1,2\n", "t.csv")
    target = si.load_target(db, engagement_id)
    nothing = si.preview_import(table, SheetKind.MATRIX, target)
    assert nothing.mapping == (None, None)
    assert "No column is mapped" in nothing.summary()
    twice = si.preview_import(table, SheetKind.MATRIX, target, ["notes", "notes"])
    assert not twice.can_import
    assert "Two columns are mapped to “Notes”" in twice.summary()
    chosen = si.preview_import(table, SheetKind.MATRIX, target, ["expects", "notes"])
    assert dict(chosen.ready[0].values) == {"expects": "1", "notes": "2"}
    # Without what the client expects, every row would be an expectation with no text.
    no_text = si.preview_import(table, SheetKind.MATRIX, target, ["expected_level", "notes"])
    assert not no_text.can_import
    assert "No column is mapped to “What the client expects”" in no_text.summary()


# --- arbitrary input: never a crash, the database untouched until confirmed ----------


def read_or_refusal(data: bytes, kind: SheetKind) -> si.SheetTable | si.SheetRefused:
    try:
        return si.read_bytes(data, "fuzz.csv", kind)
    except si.SheetRefused as refusal:
        return refusal


CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["4", "9", "-1", "3.5", "On track", "client", "=1+1", "'=x", "2026-13-01"]),
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2_000), kind=st.sampled_from(list(SheetKind)))
def test_arbitrary_bytes_refuse_or_preview(db: Database, data: bytes, kind: SheetKind) -> None:
    engagement_id = the_engagement(db)
    before = fingerprint(db)
    outcome = read_or_refusal(data, kind)
    if isinstance(outcome, si.SheetRefused):
        assert "“fuzz.csv”" in outcome.message or "worksheet" in outcome.message
    else:
        preview = si.preview_import(outcome, kind, si.load_target(db, engagement_id))
        assert all(str(p).startswith("Row ") for p in preview.problems)
    assert fingerprint(db) == before


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=8), min_size=1, max_size=12),
    kind=st.sampled_from(list(SheetKind)),
    header=st.permutations(
        [
            "What the client expects",
            "Expected level",
            "Notes",
            "Status",
            "Respondent",
            "Side",
            "Empathy perception",
            "Assessment",
            "Owner",
        ]
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_arbitrary_tables_preview_then_import_only_good_rows(
    db: Database, rows: list[list[str]], kind: SheetKind, header: list[str], encoding: str
) -> None:
    import csv

    engagement_id = the_engagement(db)
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8")
    before = fingerprint(db)
    try:
        table = si.read_bytes(data, "fuzz.csv", kind)
    except si.SheetRefused:
        assert fingerprint(db) == before
        return
    preview = si.preview_import(table, kind, si.load_target(db, engagement_id))
    assert fingerprint(db) == before
    assert {r.row for r in preview.ready}.isdisjoint(preview.bad_rows)
    if not preview.can_import:
        return
    items_before = len(expectations.list_items(db, engagement_id))
    done = perform(db, import_sheet(preview))
    assert done.value.count == preview.writes
    if kind is SheetKind.MATRIX:
        added = preview.count(si.RowAction.ADD)
        assert len(expectations.list_items(db, engagement_id)) == items_before + added
    revert(db, done)
    assert fingerprint(db)[1] == before[1]
