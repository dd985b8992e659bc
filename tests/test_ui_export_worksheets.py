"""File > Export: the kickoff template's row count and the worksheets, chosen in the dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.reports.sections import SECTIONS
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.export_dialog import ExportDialog
from cxdesk.ui.main_window import MainWindow


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def open_export(window: MainWindow, qtbot: QtBot, *, blank: bool = False) -> ExportDialog:
    window.export_toolkit(blank=blank)
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def field_names(path: Path) -> list[str]:
    return list(PdfReader(path).get_fields() or {})


def test_the_kickoff_rows_are_chosen_in_the_dialog(
    window: MainWindow, qtbot: QtBot, out: Path
) -> None:
    dialog = open_export(window, qtbot, blank=True)
    assert dialog.kickoff_rows.value() == 12
    assert dialog.kickoff_rows.isEnabled()
    # Typed as a person does: the field's text selected, the new count typed over it.
    dialog.kickoff_rows.setFocus()
    dialog.kickoff_rows.selectAll()
    qtbot.keyClicks(dialog.kickoff_rows, "20")
    assert dialog.kickoff_rows.value() == 20
    qtbot.keyClick(dialog.kickoff_rows, Qt.Key.Key_Up)
    assert dialog.kickoff_rows.value() == 21
    # Out of range cannot be typed: the spin box keeps its limits.
    dialog.kickoff_rows.selectAll()
    qtbot.keyClicks(dialog.kickoff_rows, "99")
    assert dialog.kickoff_rows.value() <= 60
    dialog.kickoff_rows.setValue(21)
    for key, box in dialog.boxes.items():
        box.setChecked(key == "kickoff")
    dialog.path.setText(str(out / "kickoff.pdf"))
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        dialog.accept()
    assert done.args[0].sections == ("kickoff",)
    names = field_names(out / "kickoff.pdf")
    assert "kickoff.expectation.21.owner" in names
    assert "kickoff.expectation.22.owner" not in names
    assert "kickoff.revalidation.21.notes" in names


def test_the_row_count_waits_for_the_kickoff_template(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_export(window, qtbot, blank=True)
    qtbot.mouseClick(dialog.boxes["kickoff"], Qt.MouseButton.LeftButton)
    assert not dialog.boxes["kickoff"].isChecked()
    assert not dialog.kickoff_rows.isEnabled()
    qtbot.mouseClick(dialog.boxes["kickoff"], Qt.MouseButton.LeftButton)
    assert dialog.kickoff_rows.isEnabled()
    dialog.reject()


WORKSHEETS = [spec.key for spec in SECTIONS if spec.worksheet]
FIELDS = {
    "rater-sheet": "rater.",
    "emotion-canvas": "emotion_map.",
    "pulse-cards": "pulse.",
    "action-log": "action.",
}


def test_worksheets_are_blank_templates_and_print_for_an_engagement_when_ticked(
    window: MainWindow, qtbot: QtBot, out: Path
) -> None:
    dialog = open_export(window, qtbot)
    assert not dialog.blank.isChecked()
    for key in WORKSHEETS:
        assert dialog.boxes[key].isEnabled()
        assert not dialog.boxes[key].isChecked()  # not in the client's toolkit unasked
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    assert all(dialog.boxes[key].isChecked() for key in WORKSHEETS)  # the binder's sheets
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    assert not any(dialog.boxes[key].isChecked() for key in WORKSHEETS)
    # Unticked or ticked by the person, a worksheet stays so either way: their choice.
    first, last = WORKSHEETS[0], WORKSHEETS[-1]
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.boxes[last], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    assert dialog.blank.isChecked()
    assert not dialog.boxes[last].isChecked()
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.boxes[first], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    assert not dialog.blank.isChecked()
    assert dialog.boxes[first].isChecked()
    chosen = dialog.chosen_sections()
    assert [key for key in WORKSHEETS if key in chosen] == [first]
    dialog.path.setText(str(out / "toolkit.pdf"))
    with qtbot.waitSignal(window.exporter.finished, timeout=120_000) as done:
        dialog.accept()
    assert done.args[0].sections == chosen
    names = field_names(out / "toolkit.pdf")
    for key in WORKSHEETS:
        assert any(n.startswith(FIELDS[key]) for n in names) == (key == first), key
