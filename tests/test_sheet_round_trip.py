"""Spreadsheet round trips: the app's own titles map back, a re-imported export updates its
rows (by ID, else by the expectation's text) as one undoable step, and no row is added
without what the client expects."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from cxdesk.models.servqual import RespondentSide
from cxdesk.models.sheet_columns import COLUMNS, SheetKind, guess_mapping
from cxdesk.ops import perform, revert
from cxdesk.ops.imports import import_sheet
from cxdesk.store import expectations, rater, workspace
from cxdesk.store import sheet_import as si
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.errors import EditRefused
from cxdesk.ui.matrix.columns import COLUMNS as MATRIX_ON_SCREEN


def engagement(db: Database, name: str = "Engagement") -> int:
    client = workspace.add_client(db, f"{name} client")
    return workspace.add_engagement(db, client.id, name).id


def values_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's stored columns but who changed it last and when: an undo, a redo puts
    the values back, and is itself a change by its person, now (schema 0013)."""
    return {k: v for k, v in row.items() if k not in ("changed_by", "changed_at")}


def items_table(db: Database, engagement_id: int) -> list[dict[str, Any]]:
    """Every stored column of the engagement's expectations, ids and positions included."""
    with db.reading() as s:
        rows = s.execute(
            text("SELECT * FROM expectation_item WHERE engagement_id = :e ORDER BY position, id"),
            {"e": engagement_id},
        )
        return [values_of(r._mapping) for r in rows]


def preview_of(db: Database, engagement_id: int, data: bytes, name: str = "t.csv"):  # type: ignore[no-untyped-def]
    table = si.read_bytes(data, name, SheetKind.MATRIX)
    return si.preview_import(table, SheetKind.MATRIX, si.load_target(db, engagement_id))


# --- the app's own titles ----------------------------------------------------------


def spellings(title: str) -> list[str]:
    return [
        title,
        title.upper(),
        title.lower(),
        f"  {title.swapcase()}  ",
        title.replace(" ", "   "),
    ]


@pytest.mark.parametrize("kind", list(SheetKind))
def test_every_title_the_app_writes_maps_back(db: Database, kind: SheetKind) -> None:
    """What the XLSX and CSV exports write, and what the matrix shows on screen, in any
    case and spacing, maps to its own column (computed ones to nothing, never another)."""
    engagement_id = add_demo_engagement(db)
    title_of = {
        SheetKind.MATRIX: sp.MATRIX_SHEET,
        SheetKind.RATER: sp.RATER_SHEET,
        SheetKind.ACTIONS: sp.ACTIONS_SHEET,
        SheetKind.SAID: sp.SAID_SHEET,
        SheetKind.WINS: sp.WINS_SHEET,
    }
    sheet = next(s for s in sp.load_sheets(db, engagement_id) if s.title == title_of[kind])
    expected = [c.key if c.importable else None for c in COLUMNS[kind]]
    assert len(sheet.headers) == len(expected)
    titles: list[tuple[str, str | None]] = list(zip(sheet.headers, expected, strict=True))
    # The CSV file's header row, as the import reads it back.
    csv_headers = si.read_bytes(sp.csv_text(sheet).encode(), "x.csv").headers
    assert list(csv_headers) == list(sheet.headers)
    if kind is SheetKind.MATRIX:
        titles += [(c.title, c.field if c.editable else None) for c in MATRIX_ON_SCREEN]
    for title, key in titles:
        for spelled in spellings(title):
            assert guess_mapping([spelled], kind) == [key], spelled
    for variant in range(5):
        row = [spellings(title)[variant] for title, _key in titles[: len(expected)]]
        assert guess_mapping(row, kind) == expected
    if kind is SheetKind.MATRIX:
        screen = [c.title for c in MATRIX_ON_SCREEN]
        assert guess_mapping(screen, kind) == [
            c.field if c.editable else None for c in MATRIX_ON_SCREEN
        ]


def test_the_matrix_titles_a_consultant_copies_import_with_their_text(db: Database) -> None:
    """The matrix's own column titles mapped "Client expects" to nothing: rows were
    imported "Ready" with no expectation text."""
    engagement_id = engagement(db)
    data = (
        "Client expects;Client needs;Expected level;Owner;Notes\r\n"
        "Weekly demos;A say in priorities;4;Zoë;first\r\n"
        "Ελένη's report;Clear numbers;3;Фёдор;\r\n"
    ).encode()
    preview = preview_of(db, engagement_id, data)
    assert preview.mapping == ("expects", "needs", "expected_level", "owner", "notes")
    assert preview.summary() == "Add 2 rows."
    si.import_rows(db, preview)
    stored = [
        (i.expects, i.needs, i.expected_level, i.owner)
        for i in expectations.list_items(db, engagement_id)
    ]
    assert stored == [
        ("Weekly demos", "A say in priorities", 4, "Zoë"),
        ("Ελένη's report", "Clear numbers", 3, "Фёдор"),
    ]


def test_a_row_that_would_add_an_expectation_with_no_text_is_refused(db: Database) -> None:
    engagement_id = engagement(db)
    data = b"Client expects,Expected level,Notes\r\nReal one,4,x\r\n ,3,only notes\r\n,,\r\n"
    preview = preview_of(db, engagement_id, data)
    assert [str(p) for p in preview.problems] == [
        "Row 3, Client expects: This row would add an expectation with no text: write what "
        "the client expects."
    ]
    assert preview.bad_rows == {3}
    assert preview.summary() == "Add 1 row; 1 row with problems will be left out."
    si.import_rows(db, preview)
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["Real one"]

    # With no column for the text at all, the file is refused as a whole, before any row.
    nothing = preview_of(db, engagement_id, b"Expected level,Notes\r\n4,x\r\n")
    assert not nothing.can_import
    assert nothing.summary().startswith("No column is mapped to “What the client expects”")
    with pytest.raises(EditRefused):
        si.import_rows(db, nothing)


# --- round-trip update -------------------------------------------------------------


def sixteen(db: Database) -> int:
    engagement_id = engagement(db, "Pomorze")
    for n in range(16):
        expectations.add_item(
            db,
            engagement_id,
            expects=f"Expectation {n}",
            needs=f"Need {n}",
            expected_level=1 + n % 5,
            owner="Małgorzata",
            notes="" if n % 2 else f"Note {n}",
        )
    return engagement_id


def edit_matrix_rows(rows: list[list[Any]], headers: list[str]) -> list[list[Any]]:
    """What a consultant does to an export: edit six rows, add two without an ID."""
    col = {h: i for i, h in enumerate(headers)}
    rows = [list(r) for r in rows]
    rows[0][col["Expected level"]] = 5 if rows[0][col["Expected level"]] != 5 else 4
    rows[1][col["What the client expects"]] = "Expectation 1, reworded"  # matched by its ID
    rows[2][col["Notes"]] = "New note"
    rows[3][col["Owner"]] = "Ελένη"
    rows[4][col["Status"]] = "At risk"
    rows[5][col["Delivered level"]] = 2
    rows[6][col["Delivery gap"]] = 99  # computed: not imported, not a change
    blank = [None] * len(headers)
    rows.append(
        [
            *blank[: col["What the client expects"]],
            "Brand new one",
            *blank[col["What the client expects"] + 1 :],
        ]
    )
    rows.append(
        [
            *blank[: col["What the client expects"]],
            "Another new one",
            *blank[col["What the client expects"] + 1 :],
        ]
    )
    return rows


def exported_then_edited(db: Database, engagement_id: int, tmp_path: Path, suffix: str) -> Path:
    sheets = sp.load_sheets(db, engagement_id)
    if suffix == "xlsx":
        path = sp.write_xlsx(sheets, tmp_path / "matrix.xlsx")
        book = load_workbook(path)
        ws = book[sp.MATRIX_SHEET]
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        headers, rows = [str(h) for h in values[0]], values[1:]
        ws.delete_rows(2, ws.max_row)
        for row in edit_matrix_rows(rows, headers):
            ws.append(row)
        book.save(path)
        return path
    (path,) = sp.write_csv_files(sheets[:1], tmp_path, "matrix")
    text_rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out).writerows([text_rows[0], *edit_matrix_rows(text_rows[1:], text_rows[0])])
    path.write_text(out.getvalue(), "utf-8")
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_reimporting_an_export_updates_its_rows_as_one_undo_step(
    db: Database, tmp_path: Path, suffix: str
) -> None:
    """Re-importing the export doubled every row (commit 40fa2f9 only warned): now the
    rows it carries are updated in place, by their IDs, and new rows are added."""
    engagement_id = sixteen(db)
    path = exported_then_edited(db, engagement_id, tmp_path, suffix)
    before = items_table(db, engagement_id)

    preview = si.preview_import(
        si.read_table(path, SheetKind.MATRIX),
        SheetKind.MATRIX,
        si.load_target(db, engagement_id),
    )
    assert preview.problems == ()
    assert preview.summary() == "Update 6 rows, add 2, unchanged 10."
    assert preview.describe() == "Import: update 6 expectations, add 2"
    assert items_table(db, engagement_id) == before  # a preview writes nothing

    done = perform(db, import_sheet(preview))
    after = items_table(db, engagement_id)
    assert len(after) == 18
    changed = {
        # The version moves with every update: what matters here is the values.
        row["id"]: {k: v for k, v in row.items() if old.get(k) != v and k != "version"}
        for row, old in zip(after, before, strict=False)
        if row != old
    }
    ids = [row["id"] for row in before]
    assert changed == {
        ids[0]: {"expected_level": 5 if before[0]["expected_level"] != 5 else 4},
        ids[1]: {"expects": "Expectation 1, reworded"},
        ids[2]: {"notes": "New note"},
        ids[3]: {"owner": "Ελένη"},
        ids[4]: {"status": "at_risk"},
        ids[5]: {"delivered_level": 2},
    }
    assert [r["expects"] for r in after[16:]] == ["Brand new one", "Another new one"]
    assert after[16]["position"] == 16

    undone = revert(db, done)
    assert items_table(db, engagement_id) == before  # values back, added rows gone
    revert(db, undone)
    assert items_table(db, engagement_id) == after

    # The same file once more: everything is already as it says.
    again = si.preview_import(
        si.read_table(path, SheetKind.MATRIX),
        SheetKind.MATRIX,
        si.load_target(db, engagement_id),
    )
    # (The two rows without an ID match the rows they added, by their text.)
    assert again.summary() == "18 rows unchanged: nothing to import."
    assert not again.can_import


def test_without_ids_rows_match_by_the_expectation_text(db: Database) -> None:
    engagement_id = engagement(db)
    first = expectations.add_item(db, engagement_id, expects="weekly  DEMOS", expected_level=2)
    twin_a = expectations.add_item(db, engagement_id, expects="Same words")
    twin_b = expectations.add_item(db, engagement_id, expects="Same words", owner="Ana")
    greek = expectations.add_item(db, engagement_id, expects="Ελένη")
    data = (
        "What the client expects,Expected level,Owner\r\n"
        "Weekly demos,4,\r\n"  # case and spacing aside, the same words: updated
        "Same words,,\r\n"  # the first twin, unchanged
        "Same words,,Leo\r\n"  # the second twin
        "Same words,,Zoë\r\n"  # a third: added
        "Фёдор,1,\r\n"  # other script, other words: added (never matched to "Ελένη")
    ).encode()
    preview = preview_of(db, engagement_id, data)
    assert [(p.row, p.action, p.item_id) for p in preview.plan] == [
        (2, si.RowAction.UPDATE, first.id),
        (3, si.RowAction.UNCHANGED, twin_a.id),
        (4, si.RowAction.UPDATE, twin_b.id),
        (5, si.RowAction.ADD, None),
        (6, si.RowAction.ADD, None),
    ]
    assert preview.summary() == "Update 2 rows, add 2, unchanged 1."
    si.import_rows(db, preview)
    items = {i.id: i for i in expectations.list_items(db, engagement_id)}
    # The text as the file writes it: the file is what the person edited.
    assert (items[first.id].expects, items[first.id].expected_level) == ("Weekly demos", 4)
    assert items[twin_b.id].owner == "Leo"
    assert items[greek.id].expects == "Ελένη"
    assert len(items) == 6


def test_ids_of_another_engagement_or_workspace_never_update_a_row(
    db: Database, tmp_path: Path
) -> None:
    here = engagement(db, "Here")
    mine = [expectations.add_item(db, here, expects=f"Mine {n}").id for n in range(3)]
    # Another workspace, made the same way: the same engagement and expectation ids.
    other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "other-backups")
    try:
        there = engagement(other, "Here")
        theirs = [expectations.add_item(other, there, expects=f"Theirs {n}").id for n in range(3)]
        assert (there, theirs) == (here, mine)
        sheet = sp.load_sheets(other, there)[0]
    finally:
        other.close()
    before = items_table(db, here)
    preview = preview_of(db, here, sp.csv_text(sheet).encode())
    assert [p.action for p in preview.plan] == [si.RowAction.ADD] * 3
    assert [(p.row, p.blocking) for p in preview.problems] == [(2, False)]
    assert preview.problems[0].message.startswith(
        "The IDs in this file are of another engagement (or another CX Desk workspace)"
    )
    si.import_rows(db, preview)
    assert items_table(db, here)[:3] == before

    # Another engagement of this workspace: its ids name rows that are not this one's.
    elsewhere = engagement(db, "Elsewhere")
    expectations.add_item(db, elsewhere, expects="Mine 0")  # only its text matches
    sheet = sp.load_sheets(db, here)[0]
    preview = preview_of(db, elsewhere, sp.csv_text(sheet).encode())
    assert preview.summary() == "Add 5 rows, unchanged 1."
    # A bare number someone typed is never trusted, not even for a row of this engagement.
    data = f"Expects,Notes,ID\r\nMine 1,x,{mine[1]}\r\nSomething,y,{mine[2]}\r\n".encode()
    preview = preview_of(db, elsewhere, data)
    assert [p.action for p in preview.plan] == [si.RowAction.ADD, si.RowAction.ADD]
    assert [p.message[:45] for p in preview.problems] == [
        "This ID column holds plain numbers, not CX De"
    ]


def test_a_trackers_own_numbers_in_an_id_column_never_overwrite_expectations(
    db: Database,
) -> None:
    """A consultant's tracker "ID,Expectation,Owner" numbered 1, 2, 3, imported into an
    engagement whose expectations are 1, 2, 3: its rows are added (or matched by text),
    never written over the stored ones."""
    engagement_id = engagement(db)
    ids = [
        expectations.add_item(db, engagement_id, expects=text, owner="Ana").id
        for text in ("Weekly demos", "Named contact", "Fixed price")
    ]
    assert ids == [1, 2, 3]  # the collision the tracker's numbering makes
    before = items_table(db, engagement_id)
    data = (
        "ID,Expectation,Owner\r\n"
        "1,Reply within a day,Leo\r\n"
        "2,Named contact,Zoë\r\n"  # the same words as expectation 2: updated by text
        "3,Monthly report,Leo\r\n"
    ).encode()
    preview = preview_of(db, engagement_id, data)
    assert [(p.row, p.action, p.item_id) for p in preview.plan] == [
        (2, si.RowAction.ADD, None),
        (3, si.RowAction.UPDATE, ids[1]),
        (4, si.RowAction.ADD, None),
    ]
    assert preview.summary() == "Update 1 row, add 2."
    assert [(p.row, p.column, p.blocking) for p in preview.problems] == [(2, "ID", False)]
    assert "not CX Desk's IDs" in preview.problems[0].message
    si.import_rows(db, preview)
    after = items_table(db, engagement_id)
    assert [r["expects"] for r in after] == [
        "Weekly demos",
        "Named contact",
        "Fixed price",
        "Reply within a day",
        "Monthly report",
    ]
    assert [r["owner"] for r in after] == ["Ana", "Zoë", "Ana", "Leo", "Leo"]
    assert (after[0], after[2]) == (before[0], before[2])


def test_one_id_twice_and_a_blanked_text_are_row_problems(db: Database) -> None:
    engagement_id = engagement(db)
    expectations.add_item(db, engagement_id, expects="Keep me")
    sheet = sp.load_sheets(db, engagement_id)[0]
    row_id = sheet.rows[0][-1]
    data = (
        f"What the client expects,Notes,CX Desk ID\r\n"
        f",emptied,{row_id}\r\n"
        f"Keep me,first,{row_id}\r\n"
        f"Keep me,second,{row_id}\r\n"
        f"Other,bad id,not-an-id\r\n"
    ).encode()
    preview = preview_of(db, engagement_id, data)
    assert [str(p)[:50] for p in preview.problems] == [
        "Row 2, What the client expects: This would leave t",
        "Row 4, CX Desk ID: Row 3 has the same ID: one expe",
        "Row 5, CX Desk ID: “not-an-id” is not a CX Desk ID",
    ]
    assert [(p.row, p.action) for p in preview.plan] == [(3, si.RowAction.UPDATE)]


def test_an_expectation_deleted_after_the_preview_refuses_the_whole_import(
    db: Database,
) -> None:
    engagement_id = sixteen(db)
    sheet = sp.load_sheets(db, engagement_id)[0]
    rows = [list(r) for r in sheet.rows]
    rows[0][1] = "Changed"
    rows.append([None, "Added"] + [None] * (len(sheet.headers) - 2))
    out = io.StringIO()
    csv.writer(out).writerows([sheet.headers, *rows])
    preview = preview_of(db, engagement_id, out.getvalue().encode())
    assert preview.summary() == "Update 1 row, add 1, unchanged 15."
    expectations.delete_items(db, [int(str(sheet.rows[0][-1]).split("@")[0])])
    before = items_table(db, engagement_id)
    with pytest.raises(EditRefused, match="no longer in this engagement"):
        si.import_rows(db, preview)
    assert items_table(db, engagement_id) == before


# --- RATER responses ---------------------------------------------------------------


def respondents_table(db: Database, engagement_id: int) -> list[dict[str, Any]]:
    """Every stored column of the engagement's respondents, ids and positions included."""
    with db.reading() as s:
        rows = s.execute(
            text(
                "SELECT r.* FROM rater_respondent r JOIN rater_assessment a "
                "ON a.id = r.assessment_id WHERE a.engagement_id = :e "
                "ORDER BY r.assessment_id, r.position, r.id"
            ),
            {"e": engagement_id},
        )
        return [values_of(r._mapping) for r in rows]


def rated(db: Database) -> int:
    """Two assessments: Ola (client), an anonymous client and Leo (team) in one."""
    engagement_id = engagement(db)
    kickoff = rater.add_assessment(db, engagement_id, "Kickoff RATER")
    for name, side, score in (
        ("Ola", RespondentSide.CLIENT, 5),
        ("", RespondentSide.CLIENT, 3),
        ("Leo", RespondentSide.TEAM, 6),
    ):
        person = rater.add_respondent(db, kickoff.id, name, side)
        rater.update_respondent(db, person.id, "reliability_expectation", score)
        rater.update_respondent(db, person.id, "reliability_perception", score - 1)
    later = rater.add_assessment(db, engagement_id, "Close-out RATER")
    rater.add_respondent(db, later.id, "Ola")
    return engagement_id


def rater_preview(db: Database, engagement_id: int, path: Path):  # type: ignore[no-untyped-def]
    table = si.read_table(path, SheetKind.RATER)
    return si.preview_import(table, SheetKind.RATER, si.load_target(db, engagement_id))


def test_reimporting_the_rater_export_updates_respondents_as_one_undo_step(
    db: Database, tmp_path: Path
) -> None:
    """Export XLSX, Import RATER: every respondent was added again (['Ola', 'Ola'])."""
    engagement_id = rated(db)
    before = respondents_table(db, engagement_id)
    path = sp.write_xlsx(sp.load_sheets(db, engagement_id), tmp_path / "rater.xlsx")

    preview = rater_preview(db, engagement_id, path)
    assert preview.summary() == "4 rows unchanged: nothing to import."
    assert preview.problems == ()
    assert not preview.can_import

    book = load_workbook(path)
    sheet = book[sp.RATER_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[-1] == "CX Desk ID"
    by_name = {row[headers.index("Respondent")].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(by_name) == {"Ola", "anonymous", "Leo"}
    by_name["Leo"][headers.index("Reliability perception")].value = 7
    by_name["Leo"][headers.index("Side")].value = "Client"
    added = ["Kickoff RATER", None, None, None, "Zoë", "Client"]
    sheet.append(added + [None] * (len(headers) - len(added)))
    book.save(path)

    preview = rater_preview(db, engagement_id, path)
    assert preview.summary() == "Update 1 row, add 1, unchanged 3."
    assert preview.describe() == "Import: update 1 RATER response, add 1"
    done = perform(db, import_sheet(preview))
    after = respondents_table(db, engagement_id)
    assert len(after) == len(before) + 1
    leo = next(r for r in after if r["name"] == "Leo")
    assert (leo["side"], leo["reliability_expectation"], leo["reliability_perception"]) == (
        "client",
        6,
        7,
    )
    others = {r["id"]: r for r in after if r["name"] not in ("Leo", "Zoë")}
    assert others == {r["id"]: r for r in before if r["name"] != "Leo"}
    assert sorted(r["name"] for r in after) == ["", "Leo", "Ola", "Ola", "Zoë"]

    undone = revert(db, done)  # one step: Leo's values back, Zoë gone
    assert respondents_table(db, engagement_id) == before
    revert(db, undone)
    assert respondents_table(db, engagement_id) == after


def test_rater_rows_without_ids_that_read_like_a_respondent_are_not_added_again(
    db: Database,
) -> None:
    engagement_id = rated(db)
    before = respondents_table(db, engagement_id)
    data = (
        b"Assessment,Respondent,Side,Reliability expectation,Reliability perception\r\n"
        b"Kickoff RATER,Ola,Client,5,4\r\n"  # Ola as stored: unchanged
        b"Kickoff RATER,Ola,Client,5,4\r\n"  # a second Ola the same: there is one only
        b"Kickoff RATER,anonymous,Client,3,2\r\n"  # the anonymous client as stored
        b"Kickoff RATER,Leo,Client,6,5\r\n"  # Leo on the other side: another person
    )
    preview = si.preview_import(
        si.read_bytes(data, "t.csv", SheetKind.RATER),
        SheetKind.RATER,
        si.load_target(db, engagement_id),
    )
    assert [(p.row, p.action) for p in preview.plan] == [
        (2, si.RowAction.UNCHANGED),
        (3, si.RowAction.ADD),
        (4, si.RowAction.UNCHANGED),
        (5, si.RowAction.ADD),
    ]
    assert preview.summary() == "Add 2 rows, unchanged 2."
    assert [(p.row, p.blocking) for p in preview.problems] == [(2, False)]
    assert preview.problems[0].message.startswith(
        "2 rows read exactly like a respondent already in the assessment named"
    )
    si.import_rows(db, preview)
    assert len(respondents_table(db, engagement_id)) == len(before) + 2


def test_rater_ids_typed_or_of_another_engagement_never_update_a_respondent(
    db: Database,
) -> None:
    engagement_id = rated(db)
    before = respondents_table(db, engagement_id)
    first = before[0]["id"]
    data = (
        f"Assessment,Respondent,Reliability expectation,ID\r\nKickoff RATER,Nina,2,{first}\r\n"
    ).encode()
    preview = si.preview_import(
        si.read_bytes(data, "t.csv", SheetKind.RATER),
        SheetKind.RATER,
        si.load_target(db, engagement_id),
    )
    assert [p.action for p in preview.plan] == [si.RowAction.ADD]
    assert "not CX Desk's IDs" in preview.problems[0].message
    si.import_rows(db, preview)
    assert [r for r in respondents_table(db, engagement_id) if r["name"] != "Nina"] == before

    # Another engagement's export: its IDs name respondents that are not this one's.
    elsewhere = engagement(db, "Elsewhere")
    sheet = sp.load_sheets(db, engagement_id)[1]
    preview = si.preview_import(
        si.read_bytes(sp.csv_text(sheet).encode(), "t.csv", SheetKind.RATER),
        SheetKind.RATER,
        si.load_target(db, elsewhere),
    )
    assert preview.summary() == "Add 5 rows."
    assert [p.message[:27] for p in preview.problems] == ["The IDs in this file are of"]
    si.import_rows(db, preview)
    assert [r for r in respondents_table(db, engagement_id) if r["name"] != "Nina"] == before
