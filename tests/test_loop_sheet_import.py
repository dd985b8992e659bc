"""Closing the loop's sheets import back: an exported workbook (or CSV) read again changes
nothing; edited in a spreadsheet (status, owner, due, what was done; a new row), it
updates those rows and adds the new ones as one undoable step; bad cells are told by row
and column and left out. The issue log is exported only."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cxdesk.models.sheet_columns import COLUMNS, SheetKind, guess_mapping
from cxdesk.ops import perform, revert
from cxdesk.ops.imports import import_sheet
from cxdesk.store import actions, loop_log, workspace
from cxdesk.store import sheet_import as si
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from tests.loop_rows import FORMULA, HOSTILE, add_loop_rows
from tests.raw_rows import user_data

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 3, 2)
LOOP_KINDS = (SheetKind.ACTIONS, SheetKind.SAID, SheetKind.WINS)


@pytest.fixture
def loop_engagement(db: Database) -> int:
    client = workspace.add_client(db, HOSTILE[1])
    engagement_id = workspace.add_engagement(db, client.id, HOSTILE[2]).id
    add_loop_rows(db, engagement_id, TODAY)
    return engagement_id


def _workbook(db: Database, engagement_id: int, tmp_path: Path) -> Path:
    return sp.write_xlsx(sp.load_sheets(db, engagement_id, TODAY), tmp_path / "loop.xlsx")


def _preview(db: Database, engagement_id: int, path: Path, kind: SheetKind) -> si.ImportPreview:
    return si.preview_import(si.read_table(path, kind), kind, si.load_target(db, engagement_id))


def _edit(path: Path, title: str, edit: Any) -> Path:
    """``path`` with sheet ``title`` changed by ``edit(rows as dicts, the sheet)``."""
    book = load_workbook(path)
    sheet = book[title]
    header = [c.value for c in sheet[1]]

    def cell(row: int, column: str) -> Any:
        return sheet.cell(row, header.index(column) + 1)

    edit(cell, sheet)
    out = path.with_name(f"edited-{title}.xlsx")
    book.save(out)
    return out


@pytest.mark.parametrize("kind", LOOP_KINDS)
def test_an_exported_sheet_read_again_changes_nothing(
    db: Database, loop_engagement: int, tmp_path: Path, kind: SheetKind
) -> None:
    """Every row found by its ID and reading as stored: hostile text, line breaks (a CR
    too), dates, the cause with its synonym, the sides and statuses in their labels."""
    path = _workbook(db, loop_engagement, tmp_path)
    preview = _preview(db, loop_engagement, path, kind)
    assert (
        preview.table.sheet
        == {
            SheetKind.ACTIONS: "Actions",
            SheetKind.SAID: "You said, we did",
            SheetKind.WINS: "Small wins",
        }[kind]
    )
    assert [p for p in preview.problems if p.blocking] == []
    assert preview.plan
    assert {p.action for p in preview.plan} == {si.RowAction.UNCHANGED}
    assert not preview.can_import
    # The CSV file of the sheet, too.
    sheet = next(
        s for s in sp.load_sheets(db, loop_engagement, TODAY) if s.title == preview.table.sheet
    )
    (csv_path,) = sp.write_csv_files([sheet], tmp_path, "loop")
    again = _preview(db, loop_engagement, csv_path, kind)
    assert {p.action for p in again.plan} == {si.RowAction.UNCHANGED}
    assert len(again.plan) == len(preview.plan)


def test_actions_edited_in_a_spreadsheet_update_and_add_as_one_step(
    db: Database, loop_engagement: int, tmp_path: Path
) -> None:
    before = actions.list_actions(db, loop_engagement)
    data_before = user_data(db)

    def edit(cell: Any, sheet: Any) -> None:
        cell(3, "Status").value = "Done"  # the second action, in progress
        cell(3, "What was done").value = FORMULA
        cell(3, "What was done").data_type = "s"  # typed as text, as Excel keeps a '= cell
        cell(4, "Owner").value = "Ελένη"
        cell(4, "Owner's side").value = "client"
        cell(4, "Due").value = datetime(2026, 4, 1)
        cell(4, "Cause").value = "policy"  # the standards gap, in the analysis's word
        cell(5, "Status").value = "Open"  # the dropped one, reopened
        cell(11, "Cause").value = ""  # no cause named (it was the delivery gap)
        row = sheet.max_row + 1
        cell(row, "Action").value = "Фёдор: call the sponsor"
        cell(row, "Due").value = "2026-03-31"
        cell(row, "Status").value = "in progress"
        cell(row, "Overdue").value = "No"  # computed columns are never read

    path = _edit(_workbook(db, loop_engagement, tmp_path), "Actions", edit)
    preview = _preview(db, loop_engagement, path, SheetKind.ACTIONS)
    assert [p for p in preview.problems if p.blocking] == []
    assert (preview.count(si.RowAction.UPDATE), preview.count(si.RowAction.ADD)) == (4, 1)
    assert preview.describe() == "Import: update 4 actions, add 1"
    changes = {p.item_id: dict(p.changes) for p in preview.plan if p.changes and p.item_id}
    ids = [a.id for a in before]
    assert changes == {
        ids[1]: {"status": "done", "outcome": FORMULA},
        ids[2]: {"owner_name": "Ελένη", "owner_side": "client", "due_on": date(2026, 4, 1),
                 "cause": "standards"},
        ids[3]: {"status": "open"},
        ids[9]: {"cause": None},
    }  # fmt: skip
    done = perform(db, import_sheet(preview))
    after = {a.id: a.record for a in actions.list_actions(db, loop_engagement)}
    assert after[ids[1]].status == "done"
    assert after[ids[1]].closed_at is not None
    assert after[ids[1]].outcome == FORMULA
    assert (after[ids[2]].owner_name, after[ids[2]].cause) == ("Ελένη", "standards")
    assert (after[ids[3]].status, after[ids[3]].closed_at) == ("open", None)
    assert after[ids[9]].cause is None
    (new,) = [a for i, a in after.items() if i not in ids]
    assert (new.title, new.status, new.due_on, new.source_kind) == (
        "Фёдор: call the sponsor",
        "in_progress",
        date(2026, 3, 31),
        "none",
    )
    assert new.position == len(before)  # at the end of the consultant's order
    assert done.value.item_ids == (new.id,)
    revert(db, done)
    assert user_data(db) == data_before


def test_the_log_and_the_wins_edited_and_added(
    db: Database, loop_engagement: int, tmp_path: Path
) -> None:
    path = _workbook(db, loop_engagement, tmp_path)

    def said(cell: Any, sheet: Any) -> None:
        cell(3, "We did").value = "Ελένη called back"  # the RATER comment, answered
        cell(3, "Did on").value = datetime(2026, 2, 3)
        row = sheet.max_row + 1
        cell(row, "Said on").value = "2026-02-20"
        cell(row, "You said").value = HOSTILE[5]
        cell(row, "Said by").value = "Фёдор"

    preview = _preview(db, loop_engagement, _edit(path, "You said, we did", said), SheetKind.SAID)
    assert (preview.count(si.RowAction.UPDATE), preview.count(si.RowAction.ADD)) == (1, 1)
    perform(db, import_sheet(preview))
    entries = loop_log.list_said(db, loop_engagement)
    answered = next(e for e in entries if e.said == HOSTILE[2])
    assert (answered.we_did, answered.did_on) == ("Ελένη called back", date(2026, 2, 3))
    added = next(e for e in entries if e.said_on == date(2026, 2, 20))
    assert (added.said, added.said_by, added.said_source) == (HOSTILE[5], "Фёдор", "typed")

    def wins(cell: Any, sheet: Any) -> None:
        cell(4, "Milestone").value = "σχεδιασμός — SIGN-OFF"  # case and accents aside
        row = sheet.max_row + 1
        cell(row, "Won on").value = datetime(2026, 3, 1)
        cell(row, "Win").value = "Go-live without a call"
        cell(row, "Touchpoint").value = "go-live"

    preview = _preview(db, loop_engagement, _edit(path, "Small wins", wins), SheetKind.WINS)
    assert (preview.count(si.RowAction.UPDATE), preview.count(si.RowAction.ADD)) == (1, 1)
    perform(db, import_sheet(preview))
    found = {w.text: w for w in loop_log.list_wins(db, loop_engagement)}
    milestones = {m.name: m.id for m in workspace.list_milestones(db, loop_engagement)}
    assert found["Pilot live on time"].milestone_id == milestones["Σχεδιασμός — sign-off"]
    new = found["Go-live without a call"]
    assert new.won_on == date(2026, 3, 1)
    assert new.touchpoint_id == found[HOSTILE[3]].touchpoint_id  # "Go-live"


def test_bad_cells_are_told_by_row_and_column_and_left_out(
    db: Database, loop_engagement: int, tmp_path: Path
) -> None:
    path = _workbook(db, loop_engagement, tmp_path)

    def edit(cell: Any, sheet: Any) -> None:
        cell(2, "Status").value = "finished"
        cell(3, "Cause").value = "budget"
        cell(4, "Action").value = "   "  # would leave an action without a title
        cell(5, "Owner's side").value = "vendor"
        row = sheet.max_row + 1
        cell(row, "Owner").value = "Nobody said what"  # a new action without a title
        cell(row + 1, "Action").value = "Fine"

    preview = _preview(db, loop_engagement, _edit(path, "Actions", edit), SheetKind.ACTIONS)
    told = [str(p) for p in preview.problems if p.blocking]
    assert told == [
        "Row 2, Status: “finished” is not an action's status (Open, In progress, Done, Dropped).",
        "Row 3, Cause: “budget” is not one of the five gaps (Knowledge gap, Standards gap, "
        "Delivery gap, Communication gap, Customer gap), nor blank.",
        "Row 4, Action: An action needs a title.",
        "Row 5, Owner's side: “vendor” is not a side: write “Our team” or “Client”.",
        "Row 12, Action: This row would add an action without “Action”: fill it in.",
    ]
    assert (preview.count(si.RowAction.ADD), preview.count(si.RowAction.UPDATE)) == (1, 0)

    def said(cell: Any, sheet: Any) -> None:
        cell(2, "Did on").value = datetime(2026, 1, 1)  # said on 5 January

    preview = _preview(db, loop_engagement, _edit(path, "You said, we did", said), SheetKind.SAID)
    assert [str(p) for p in preview.problems] == [
        "Row 2, Did on: What we did is dated 01 Jan 2026, before it was said (05 Jan 2026)."
    ]
    assert not preview.can_import

    def wins(cell: Any, sheet: Any) -> None:
        cell(2, "Milestone").value = "Go-live party"

    preview = _preview(db, loop_engagement, _edit(path, "Small wins", wins), SheetKind.WINS)
    assert [str(p) for p in preview.problems] == [
        "Row 2, Milestone: This engagement has no milestone “Go-live party”, so the win keeps "
        "the milestone it has."
    ]
    assert preview.count(si.RowAction.UNCHANGED) == 3


def test_another_engagements_sheet_is_matched_by_its_words(
    db: Database, loop_engagement: int, tmp_path: Path
) -> None:
    """Its IDs are not this engagement's: a row is matched by its title (each action once),
    and a title this engagement lacks is added."""
    client = workspace.add_client(db, "Other client")
    other = workspace.add_engagement(db, client.id, "Other").id
    actions.add_action(db, other, "Send the sponsor a one-page summary", owner_name="Ana")
    actions.add_action(db, other, "Only there")
    path = sp.write_xlsx(sp.load_sheets(db, other, TODAY), tmp_path / "other.xlsx")
    preview = _preview(db, loop_engagement, path, SheetKind.ACTIONS)
    assert [str(p) for p in preview.problems] == [
        "Row 2, CX Desk ID: The IDs in this file are of another engagement (or another CX "
        "Desk workspace), so its rows are matched by their words instead."
    ]
    typed = next(
        a
        for a in actions.list_actions(db, loop_engagement)
        if a.record.title == ("Send the sponsor a one-page summary")
    )
    assert [(p.action, p.item_id, dict(p.changes)) for p in preview.plan] == [
        (si.RowAction.UPDATE, typed.id, {"owner_name": "Ana"}),
        (si.RowAction.ADD, None, {"title": "Only there", "owner_side": "ours",
                                  "due_on": None, "cause": None, "owner_name": "",
                                  "status": "open", "outcome": ""}),
    ]  # fmt: skip


def test_the_export_headers_map_to_their_columns() -> None:
    for kind in LOOP_KINDS:
        headers = [c.header for c in COLUMNS[kind]]
        expected = [c.key if c.importable else None for c in COLUMNS[kind]]
        assert guess_mapping(headers, kind) == expected
