"""The spreadsheet menu commands through the real main window: export, preview, import, undo."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxdesk.models.sheet_columns import SheetKind
from cxdesk.store import expectations, rater
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.spreadsheet_actions import SpreadsheetActions
from tests.store_reads import contents

BAD_CSV = (
    "Expectation;Expected level;Statüs;Owner;Whatever\r\n"
    "Zoë's weekly demo;4;On track;Ελένη;x\r\n"
    "Broken;9;nope;Фёдор;y\r\n"
    "=cmd|' /C calc'!A0;2;met;R&D <core>;z\r\n"
)


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db)


def actions_of(window) -> SpreadsheetActions:  # type: ignore[no-untyped-def]
    return window.spreadsheets


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
    assert len(blocker.args[0]) == len(sp.SHEET_TITLES)
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
    # The rows as they were (who changed them and when are the undo's and the redo's).
    window.undo()
    assert contents(expectations.list_items(db, engagement_id)) == contents(before)
    window.redo()
    assert contents(expectations.list_items(db, engagement_id)) == contents(after)


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


def matrix_on_screen(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(expects, owner) of every row the matrix tab shows."""
    assert window.page is not None
    model = window.page.matrix.model
    return [(i.expects, i.owner) for i in model.items()]


def test_reimporting_the_export_updates_rows_in_one_undo_step(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path, monkeypatch, db
) -> None:
    """Re-importing the app's own export doubled every row; now its rows are updated in
    place (they carry their IDs), the preview counts what happens, and undo puts it back."""
    engagement_id = window.shown_engagement().id
    before = expectations.list_items(db, engagement_id)
    assert len(before) >= 4
    actions = actions_of(window)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    with qtbot.waitSignal(actions.finished, timeout=20_000) as blocker:
        actions.export_csv_action.trigger()
    exported = blocker.args[0][0]
    rows = list(csv.reader(io.StringIO(exported.read_bytes().decode("utf-8-sig"), newline="")))
    owner = rows[0].index("Owner")
    rows[1][owner] = "Małgorzata Wójcik-Żuławska"
    rows[3][owner] = "Ελένη Παπαδοπούλου"
    rows.append(["", "Added <b>from</b> the sheet"] + [""] * (len(rows[0]) - 2))
    out = io.StringIO()
    csv.writer(out).writerows(rows)

    actions, dialog = open_preview(
        window, qtbot, tmp_path, monkeypatch, out.getvalue().encode("utf-8"), SheetKind.MATRIX
    )
    unchanged = len(before) - 2
    assert dialog.summary.text() == f"<b>Update 2 rows, add 1, unchanged {unchanged}.</b>"
    assert dialog.import_button.text() == "Import: update 2, add 1"
    assert [dialog.model.verdict(n) for n in (2, 3, 4, len(rows))] == [
        "Update",
        "Unchanged",
        "Update",
        "Add",
    ]
    assert dialog.problems.item(0).text() == "No problems found."
    tooltip = dialog.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Updates Owner."  # what an update changes, on the row's verdict
    added = dialog.model.index(dialog.model.rowCount() - 1, 2)
    assert added.data() == "Added <b>from</b> the sheet"
    shown = QTextDocument()
    shown.setHtml(added.data(Qt.ItemDataRole.ToolTipRole))  # a client's cell, not markup
    assert shown.toPlainText() == "Added <b>from</b> the sheet"
    dialog.grab().save(str(tmp_path / "round-trip-preview.png"))
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    after = expectations.list_items(db, engagement_id)
    assert len(after) == len(before) + 1
    assert [i.owner for i in after[:4]] == [
        "Małgorzata Wójcik-Żuławska",
        before[1].owner,
        "Ελένη Παπαδοπούλου",
        before[3].owner,
    ]
    assert after[-1].expects == "Added <b>from</b> the sheet"
    assert window.undo_action.text() == "&Undo Import: update 2 expectations, add 1"
    assert "Imported: update 2 expectations, add 1." in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: matrix_on_screen(window) == [(i.expects, i.owner) for i in after])

    window.undo()  # one step: the values back, the added row gone
    assert contents(expectations.list_items(db, engagement_id)) == contents(before)
    qtbot.waitUntil(lambda: matrix_on_screen(window) == [(i.expects, i.owner) for i in before])
    window.redo()
    assert contents(expectations.list_items(db, engagement_id)) == contents(after)


def test_the_matrix_own_titles_import_with_their_text(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path, monkeypatch, db
) -> None:
    """The header a consultant copies from the matrix mapped "Client expects" to nothing
    and imported "Ready" rows with no text."""
    engagement_id = window.shown_engagement().id
    before = expectations.list_items(db, engagement_id)
    data = (
        "Client expects;Client needs;Expected level;Owner;Notes\r\n"
        "Faster triage;Fewer calls;4;Zoë;\r\n"
        ";Nothing expected;2;Ana;a blank expectation\r\n"
    ).encode()
    actions, dialog = open_preview(window, qtbot, tmp_path, monkeypatch, data, SheetKind.MATRIX)
    assert dialog.mapping() == ["expects", "needs", "expected_level", "owner", "notes"]
    assert [c.currentText() for c in dialog.combos[:2]] == [
        "What the client expects",
        "What they need",
    ]
    assert [dialog.model.verdict(2), dialog.model.verdict(3)] == ["Add", "Left out"]
    assert dialog.problems.item(0).text() == (
        "Row 3, Client expects: This row would add an expectation with no text: write what "
        "the client expects."
    )
    assert dialog.import_button.text() == "Import 1 row"
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    added = expectations.list_items(db, engagement_id)[len(before) :]
    assert [(i.expects, i.needs, i.expected_level) for i in added] == [
        ("Faster triage", "Fewer calls", 4)
    ]
    assert window.undo_action.text() == "&Undo Import 1 expectation"


def test_a_stray_quote_is_shown_as_a_row_problem(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path, monkeypatch
) -> None:
    rows = "".join(f"Row {n},3,Ana\r\n" for n in range(100))
    data = ('Client expects,Exp.,Owner\r\nFine,4,Zoë\r\n"Broken,2,Leo\r\n' + rows).encode()
    _actions, dialog = open_preview(window, qtbot, tmp_path, monkeypatch, data, SheetKind.MATRIX)
    assert dialog.model.verdict(3) == "Left out"
    assert (
        dialog.problems.item(0)
        .text()
        .startswith('Row 3, Client expects: A quote (") opened on line 3 of the file is not closed')
    )
    assert dialog.import_button.text() == "Import 1 row"
    dialog.reject()


def respondent_rows(db: Database, engagement_id: int) -> list[tuple[int, str, str, int | None]]:
    return [
        (r.id, r.name, r.side, r.reliability_perception)
        for a in rater.list_assessments(db, engagement_id)
        for r in rater.list_respondents(db, a.id)
    ]


def test_reimporting_the_rater_export_updates_respondents_in_one_undo_step(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path, monkeypatch, db
) -> None:
    """Export XLSX then Import RATER added every respondent a second time."""
    engagement_id = window.shown_engagement().id
    before = respondent_rows(db, engagement_id)
    assert len(before) >= 3
    actions = actions_of(window)
    chosen = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    with qtbot.waitSignal(actions.finished, timeout=20_000) as blocker:
        actions.export_xlsx_action.trigger()
    exported = blocker.args[0][0]

    _actions, dialog = open_preview(
        window, qtbot, tmp_path, monkeypatch, exported.read_bytes(), SheetKind.RATER
    )
    assert dialog.summary.text() == f"<b>{len(before)} rows unchanged: nothing to import.</b>"
    assert not dialog.import_button.isEnabled()
    assert dialog.model.verdict(2) == "Unchanged"
    dialog.reject()

    book = load_workbook(exported)
    sheet = book[sp.RATER_SHEET]
    headers = [c.value for c in sheet[1]]
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    first[headers.index("Reliability perception")].value = 1
    book.save(exported)
    actions, dialog = open_preview(
        window, qtbot, tmp_path, monkeypatch, exported.read_bytes(), SheetKind.RATER
    )
    unchanged = len(before) - 1
    assert dialog.summary.text() == f"<b>Update 1 row, unchanged {unchanged}.</b>"
    assert dialog.import_button.text() == "Import: update 1"
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "Updates Reliability perception."
    )
    dialog.grab().save(str(tmp_path / "rater-round-trip-preview.png"))
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    after = respondent_rows(db, engagement_id)
    assert len(after) == len(before)
    assert [r[3] for r in after if r not in before] == [1]
    assert window.undo_action.text() == "&Undo Import: update 1 RATER response"
    window.undo()
    assert respondent_rows(db, engagement_id) == before
    window.redo()
    assert respondent_rows(db, engagement_id) == after
