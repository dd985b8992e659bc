"""Closing the loop in the spreadsheet export: the Actions, Issue log, "You said, we did"
and Small wins sheets in XLSX and CSV, typed, with hostile and non-Latin text as text."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cxdesk.models.sheet_columns import could_be_formula, unguard_formula
from cxdesk.store import spreadsheets as sp
from cxdesk.store import workspace
from cxdesk.store.database import Database
from tests.loop_rows import FORMULA, HOSTILE, add_loop_rows

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 3, 2)  # a Monday: the loop rows' story is told as of this day


@pytest.fixture
def loop_engagement(db: Database) -> int:
    client = workspace.add_client(db, HOSTILE[1])
    engagement_id = workspace.add_engagement(db, client.id, HOSTILE[2]).id
    add_loop_rows(db, engagement_id, TODAY)
    return engagement_id


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _rows(book: Any, title: str) -> list[dict[str, Any]]:
    sheet = book[title]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]


def test_the_four_loop_sheets_in_xlsx(db: Database, loop_engagement: int, tmp_path: Path) -> None:
    out = sp.write_xlsx(sp.load_sheets(db, loop_engagement, TODAY), tmp_path / "loop.xlsx")
    book = load_workbook(out)
    assert book.sheetnames[-4:] == ["Actions", "Issue log", "You said, we did", "Small wins"]
    assert book.sheetnames == list(sp.SHEET_TITLES)
    for title in book.sheetnames[-4:]:
        assert book[title].freeze_panes == "A2"
        assert all(cell.font.bold for cell in book[title][1])

    actions = _rows(book, "Actions")
    assert [a["#"] for a in actions] == list(range(1, 11))
    first = actions[0]
    assert first["Action"] == f"Close the gap: {HOSTILE[2]}"
    assert first["Gap it answers"] == "Trailing expectation"
    assert first["Source"] == f"Expectation: {HOSTILE[2]}"
    assert first["Cause"] == "Knowledge gap (cognition)"
    assert (first["Owner"], first["Owner's side"]) == (HOSTILE[1], "Client")
    assert first["Due"] == datetime(2026, 2, 10)  # a date cell (openpyxl reads it as midnight)
    assert book["Actions"].cell(2, 8).is_date
    assert (first["Status"], first["Overdue"], first["Days overdue"]) == ("Done", "No", None)
    assert first["What was done"] == HOSTILE[2]
    assert first["Closed on"] == datetime(2026, 2, 20)
    assert (first["Did it work?"], first["Gap before"]) == ("Not measured yet", -2)
    late = actions[1]  # in progress, due 11 February
    assert (late["Status"], late["Overdue"], late["Days overdue"]) == ("In progress", "Yes", 19)
    assert late["Cause"] == "Standards gap (protocol)"
    assert late["Source"] == "RATER Empathy, gap in “RATER — Фёдор”"
    gone = actions[7]
    assert gone["Source"] == "Expectation: Deleted after its action (deleted)"
    assert gone["What was done"] == HOSTILE[1]
    assert actions[6]["What was done"] == FORMULA  # as text, never a formula
    spawned = actions[9]
    assert (spawned["From issue"], spawned["Overdue"]) == ("Invoices lack the PO number", "No")
    assert all(a["CX Desk ID"].endswith(actions[0]["CX Desk ID"][-9:]) for a in actions)

    issues = _rows(book, "Issue log")
    assert [i["Issue"] for i in issues] == [
        "Invoices lack the PO number",
        "Status reports",
        FORMULA,
    ]
    waiting, reopened, climbed = issues
    assert (waiting["Rung"], waiting["Rung number"], waiting["Status"]) == (
        "Level 2: Engagement manager",
        2,
        "Open",
    )
    assert (waiting["Raised by"], waiting["Raised by side"]) == ("Ben", "Our team")
    assert (waiting["Days on rung"], waiting["Time allowed"]) == (14, "Within 1 working day")
    assert (waiting["Too long"], waiting["Days over"]) == ("Yes", 13)
    assert waiting["Deadline on rung"] == datetime(2026, 2, 17)
    assert waiting["Actions"] == "Add the PO number"
    assert reopened["History"].splitlines() == [
        "2026-02-03 Raised on Triage — διαλογή",
        "2026-02-05 Resolved: Sent a shorter one",
        "2026-02-12 Reopened on Triage — διαλογή: Still too long",
        "2026-02-13 Escalated to Level 1: Project team "
        "(owner Project lead, with the client's day-to-day contact)",
    ]
    assert (climbed["Status"], climbed["Too long"], climbed["Days on rung"]) == (
        "Resolved",
        "No",
        4,  # 6 to 10 February: counted to the day it was resolved
    )
    assert climbed["Resolution"] == HOSTILE[7]
    assert climbed["Details"] == HOSTILE[5]  # line breaks as written, \r\n and all
    assert climbed["Pain points"] == "Kick-off 顧客\nGo-live"
    assert climbed["History"].splitlines()[1] == (
        f"2026-02-04 Escalated to Level 2: Engagement manager (owner {HOSTILE[2]}): {HOSTILE[4]}"
    )

    said = _rows(book, "You said, we did")
    assert [(s["Said on"], s["From"], s["Answered"]) for s in said] == [
        (datetime(2026, 1, 5), "Workshop note", "Yes"),
        (datetime(2026, 2, 1), "RATER comment", "No"),
        (datetime(2026, 2, 9), "Pulse check", "Yes"),
        (datetime(2026, 2, 14), "Typed", "No"),
    ]
    assert (said[2]["We did"], said[2]["Done action"]) == (FORMULA, "Act on: line one")
    assert said[1]["Said by"] == HOSTILE[1]
    wins = _rows(book, "Small wins")
    assert [(w["Win"], w["Milestone"], w["Touchpoint"]) for w in wins] == [
        (HOSTILE[6], "Σχεδιασμός — sign-off", None),
        (HOSTILE[3], None, "Go-live"),
        ("Pilot live on time", None, None),
    ]

    with zipfile.ZipFile(out) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if "worksheets/" in n
        )
    assert "<f>" not in xml
    assert "<f " not in xml
    cells = [c for ws in book.worksheets[-4:] for row in ws.iter_rows() for c in row]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert formulas
    assert all(c.data_type == "s" and c.quotePrefix for c in formulas)


def test_the_four_loop_sheets_as_csv(db: Database, loop_engagement: int, tmp_path: Path) -> None:
    paths = sp.write_csv_files(sp.load_sheets(db, loop_engagement, TODAY), tmp_path, "Loop")
    names = [p.name for p in paths[-4:]]
    assert names == [
        "Loop - Actions.csv",
        "Loop - Issue log.csv",
        "Loop - You said, we did.csv",
        "Loop - Small wins.csv",
    ]
    tables = {}
    for path in paths[-4:]:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        # Nothing a spreadsheet would run (a number such as "-2.0" is a number).
        assert not any(could_be_formula(c) for row in rows for c in row if not _number(c))
        tables[path.stem.removeprefix("Loop - ")] = [
            dict(zip(rows[0], (unguard_formula(c) for c in row), strict=True)) for row in rows[1:]
        ]
    actions = tables["Actions"]
    assert actions[6]["What was done"] == FORMULA
    assert actions[3]["What was done"] == HOSTILE[5]  # line breaks kept, \r\n and all
    assert (actions[1]["Due"], actions[1]["Days overdue"]) == ("2026-02-11", "19")
    assert actions[0]["Gap before"] == "-2.0"
    issues = tables["Issue log"]
    assert issues[2]["Details"] == HOSTILE[5]
    assert issues[2]["Issue"] == FORMULA
    said = tables["You said, we did"]
    assert [s["You said"] for s in said] == [HOSTILE[7], HOSTILE[2], HOSTILE[5], HOSTILE[4]]
    assert tables["Small wins"][0]["Win"] == HOSTILE[6]


def test_an_engagement_without_a_loop_has_the_sheets_with_headers_only(
    db: Database, tmp_path: Path
) -> None:
    client = workspace.add_client(db, "Empty")
    engagement_id = workspace.add_engagement(db, client.id, "Nothing yet").id
    sheets = sp.load_sheets(db, engagement_id, TODAY)
    assert [s.title for s in sheets] == list(sp.SHEET_TITLES)
    assert all(s.rows == () for s in sheets[-4:])
    book = load_workbook(sp.write_xlsx(sheets, tmp_path / "empty.xlsx"))
    assert [c.value for c in book["Actions"][1]][:3] == ["#", "Action", "Gap it answers"]
    assert book["Issue log"].max_row == 1
