"""The spreadsheet menu commands through the real main window: export, preview, import, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxdesk.models.sheet_columns import SheetKind
from cxdesk.store import expectations, rater
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.spreadsheet_actions import SpreadsheetActions

BAD_CSV = (
    "Expectation;Expected level;Statüs;Owner;Whatever\r\n"
    "Zoë's weekly demo;4;On track;Ελένη;x\r\n"
    "Broken;9;nope;Фёдор;y\r\n"
    "=cmd|' /C calc'!A0;2;met;R&D <core>;z\r\n"
)


@pytest.fixture
def window(open_window, db: Database):  # type: ignore[no-untyped-def]
    engagement_id = add_demo_engagement(db)
    win = open_window(db)
    win.navigator.select_engagement(engagement_id)
    return win


def actions_of(window) -> SpreadsheetActions:  # type: ignore[no-untyped-def]
    found = window.findChild(SpreadsheetActions)
    assert found is not None
    return found


def test_the_file_menu_offers_the_commands(window) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export to &spreadsheet (XLSX)…" in texts
    assert "Import e&xpectations from a spreadsheet…" in texts
    assert "Import RATER &responses from a spreadsheet…" in texts


def test_export_xlsx_and_csv_from_the_menu(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    actions = actions_of(window)
    chosen = tmp_path / "out" / "demo"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    with qtbot.waitSignal(actions.finished, timeout=20_000) as blocker:
        actions.export_xlsx_action.trigger()
    assert blocker.args[0] == [chosen.with_suffix(".xlsx")]
    assert load_workbook(chosen.with_suffix(".xlsx")).sheetnames == list(sp.SHEET_TITLES)
    assert "Exported “demo.xlsx”" in window.statusBar().currentMessage()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    with qtbot.waitSignal(actions.finished, timeout=20_000) as blocker:
        actions.export_csv_action.trigger()
    assert len(blocker.args[0]) == 4
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in blocker.args[0])


def open_preview(window, qtbot, tmp_path: Path, monkeypatch, data: bytes, kind: SheetKind):  # type: ignore[no-untyped-def]
    path = tmp_path / "incoming.csv"
    path.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    actions = actions_of(window)
    trigger = (
        actions.import_matrix_action if kind is SheetKind.MATRIX else actions.import_rater_action
    )
    trigger.trigger()
    qtbot.waitUntil(
        lambda: actions.dialog is not None and actions.dialog.isVisible(), timeout=10_000
    )
    return actions, actions.dialog


def test_preview_then_import_then_undo(window, qtbot, tmp_path, monkeypatch, db) -> None:  # type: ignore[no-untyped-def]
    engagement_id = window.shown_engagement().id
    before = expectations.list_items(db, engagement_id)
    actions, dialog = open_preview(
        window, qtbot, tmp_path, monkeypatch, BAD_CSV.encode("cp1252", "replace"), SheetKind.MATRIX
    )
    # cp1252 cannot hold Greek or Cyrillic: the file is read with a warning and "?"s.
    assert "Windows-1252" in dialog.notices.text()
    assert dialog.mapping() == ["expects", "expected_level", "status", "owner", None]
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems[0] == "Row 3, Expected level: Levels go from 1 to 5; “9” is outside that."
    assert problems[1].startswith("Row 3, Statüs: “nope” is not a status")
    assert dialog.import_button.text() == "Import 2 rows"
    assert dialog.model.verdict(3) == "Left out"
    assert expectations.list_items(db, engagement_id) == before  # nothing written yet

    dialog.set_mapping(3, None)  # do not import the owner after all
    assert dialog.preview.mapping[3] is None
    dialog.set_mapping(4, "notes")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    after = expectations.list_items(db, engagement_id)
    added = after[len(before) :]
    assert [(i.expects, i.expected_level, i.status, i.owner, i.notes) for i in added] == [
        ("Zoë's weekly demo", 4, "on_track", "", "x"),
        ("=cmd|' /C calc'!A0", 2, "met", "", "z"),
    ]
    assert window.undo_action.text() == "&Undo Import 2 expectations"
    window.undo()
    assert expectations.list_items(db, engagement_id) == before
    window.redo()
    assert expectations.list_items(db, engagement_id) == after


def test_cancel_writes_nothing(window, qtbot, tmp_path, monkeypatch, db) -> None:  # type: ignore[no-untyped-def]
    engagement_id = window.shown_engagement().id
    before = [rater.list_respondents(db, a.id) for a in rater.list_assessments(db, engagement_id)]
    data = b"Assessment,Respondent,Side,Empathy expectation\nNew one,Ana,client,5\n"
    actions, dialog = open_preview(window, qtbot, tmp_path, monkeypatch, data, SheetKind.RATER)
    assert dialog.import_button.text() == "Import 1 row"
    with qtbot.waitSignal(actions.finished, timeout=10_000) as blocker:
        dialog.reject()
    assert blocker.args == [None]
    after = [rater.list_respondents(db, a.id) for a in rater.list_assessments(db, engagement_id)]
    assert after == before
    assert not window.undo_action.isEnabled()


def test_a_refused_file_is_explained(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x00\x01\x02\x03" * 100)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    actions = actions_of(window)
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        actions.import_matrix_action.trigger()
    assert actions.dialog is None
    box = actions.message
    assert isinstance(box, QMessageBox)
    assert "“photo.csv” does not look like a spreadsheet" in box.text()
    box.close()
