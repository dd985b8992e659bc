"""The loop's sheets through the real main window: exported with the workbook, edited in a
spreadsheet, imported back from the File menu through the preview, undone as one step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cxdesk.models.actions import ActionRecord, ActionRow
from cxdesk.store import actions, loop_log, workspace
from cxdesk.store.database import Database
from tests.loop_rows import HOSTILE, add_loop_rows


def _contents(rows: list[ActionRow]) -> list[ActionRecord]:
    return [replace(row.record, changed_by=None, changed_at=None) for row in rows]


@pytest.fixture
def window_engagement(db: Database) -> int:
    client = workspace.add_client(db, HOSTILE[1])
    engagement_id = workspace.add_engagement(db, client.id, HOSTILE[2]).id
    add_loop_rows(db, engagement_id, date(2026, 3, 2))
    return engagement_id


def test_the_file_menu_offers_the_loop_imports(window) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Im&port actions from a spreadsheet…" in texts
    assert "Import “you said, we &did” from a spreadsheet…" in texts
    assert "Import smal&l wins from a spreadsheet…" in texts


def test_actions_exported_edited_and_imported_back(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path, monkeypatch, db: Database
) -> None:
    engagement_id = window.shown_engagement().id
    spreadsheets = window.spreadsheets
    chosen = tmp_path / "loop.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    with qtbot.waitSignal(spreadsheets.finished, timeout=20_000):
        spreadsheets.export_xlsx_action.trigger()

    # In the spreadsheet: the in-progress action is done, with what was done; the last
    # one gets an owner on the client's side; a row is added.
    book = load_workbook(chosen)
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    sheet.cell(3, column["Status"]).value = "Done"
    sheet.cell(3, column["What was done"]).value = "Ελένη ran the workshop"
    sheet.cell(11, column["Owner"]).value = "Фёдор"
    sheet.cell(11, column["Owner's side"]).value = "Client"
    sheet.cell(12, column["Action"]).value = "Zoë: thank the sponsor"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)

    before = actions.list_actions(db, engagement_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(edited), ""))
    spreadsheets.import_actions_action.trigger()
    qtbot.waitUntil(
        lambda: spreadsheets.dialog is not None and spreadsheets.dialog.isVisible(),
        timeout=10_000,
    )
    dialog = spreadsheets.dialog
    assert dialog.windowTitle() == "Import actions"
    assert dialog.table.sheet == "Actions"
    assert dialog.import_button.text() == "Import: update 2, add 1"
    assert dialog.model.verdict(3) == "Update"
    assert dialog.model.verdict(12) == "Add"
    assert actions.list_actions(db, engagement_id) == before  # nothing written yet
    dialog.grab().save(str(tmp_path / "dialog.png"))
    with qtbot.waitSignal(spreadsheets.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    after = actions.list_actions(db, engagement_id)
    done = after[1].record
    assert (done.status, done.outcome) == ("done", "Ελένη ran the workshop")
    assert (after[9].record.owner_name, after[9].record.owner_side) == ("Фёдор", "client")
    assert after[-1].record.title == "Zoë: thank the sponsor"
    assert window.undo_action.text() == "&Undo Import: update 2 actions, add 1"
    window.undo()
    # As they were (who changed them and when are the undo's).
    assert _contents(actions.list_actions(db, engagement_id)) == _contents(before)
    window.redo()
    assert len(actions.list_actions(db, engagement_id)) == len(before) + 1


def test_a_win_from_a_csv_file(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path, monkeypatch, db: Database
) -> None:
    engagement_id = window.shown_engagement().id
    path = tmp_path / "wins.csv"
    path.write_text("Won on;Win;Touchpoint\r\n2026-03-01;Пилот запущен 🚀;Go-live\r\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    spreadsheets = window.spreadsheets
    spreadsheets.import_wins_action.trigger()
    qtbot.waitUntil(
        lambda: spreadsheets.dialog is not None and spreadsheets.dialog.isVisible(),
        timeout=10_000,
    )
    dialog = spreadsheets.dialog
    assert dialog.mapping() == ["won_on", "text", "touchpoint"]
    with qtbot.waitSignal(spreadsheets.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wins = {w.text: w for w in loop_log.list_wins(db, engagement_id)}
    assert wins["Пилот запущен 🚀"].won_on == date(2026, 3, 1)
    assert wins["Пилот запущен 🚀"].touchpoint_id is not None
    assert window.undo_action.text() == "&Undo Import 1 small win"
