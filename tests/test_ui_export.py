"""File > Export toolkit…: the section picker, the worker thread, progress, Cancel, outcome."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from cxdesk.models.brand import DEFAULT_BRAND, PageSize
from cxdesk.reports import document
from cxdesk.reports.sections import SECTIONS
from cxdesk.reports.sections import builder as real_builder
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.ui import export_worker
from cxdesk.ui.export_dialog import ExportDialog
from cxdesk.ui.main_window import MainWindow

BLANK_KEYS = [s.key for s in SECTIONS if s.blank_ok]
NEEDS_KEYS = [s.key for s in SECTIONS if s.needs_engagement]
WORKSHEET_KEYS = [s.key for s in SECTIONS if s.worksheet]
DEFAULT_NAME = f"{DEMO_CLIENT} – {DEMO_ENGAGEMENT} – Expectation Management Toolkit.pdf"


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What would have been handed to the desktop (a PDF viewer, a file manager)."""
    urls: list[QUrl] = []
    monkeypatch.setattr(export_worker, "open_url", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every section waits for the gate: the test holds the export mid-way."""
    event = threading.Event()

    def gated(spec: Any) -> Callable[..., Any]:
        build = real_builder(spec)

        def waiting(data: Any, brand: Any, tr: Any) -> Any:
            event.wait(10)
            return build(data, brand, tr)

        return waiting

    monkeypatch.setattr(document, "builder", gated)
    yield event
    event.set()  # never leave the worker waiting


def open_export(window: MainWindow, qtbot: QtBot, *, blank: bool = False) -> ExportDialog:
    window.export_toolkit(blank=blank)
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder exports go to (the database and settings live beside it)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def test_menu_entries(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = {a.text(): a for a in file_menu.actions()}  # type: ignore[union-attr]
    assert texts["Export &toolkit…"].shortcut().toString() == "Ctrl+E"
    assert "Export &blank templates…" in texts
    assert "Br&and settings…" in texts
    assert window.escalation_action in window.edit_menu.actions()
    assert window.escalation_action.isEnabled()  # the demo engagement is in front


def test_export_the_demo_toolkit(
    window: MainWindow, qtbot: QtBot, out: Path, opened: list[QUrl]
) -> None:
    dialog = open_export(window, qtbot)
    assert dialog.windowTitle() == "Export toolkit"
    assert not dialog.blank.isChecked()
    assert all(box.isEnabled() for box in dialog.boxes.values())
    # Every section but the worksheets, which are blank templates' (ticked, they print).
    assert [k for k, box in dialog.boxes.items() if not box.isChecked()] == WORKSHEET_KEYS
    assert [b.text() for b in dialog.boxes.values()][:2] == [
        "1. Cover",
        "2. Kickoff expectation alignment",
    ]
    assert Path(dialog.path.text()).name == DEFAULT_NAME
    assert dialog.page_size.currentText() == "A4 (the brand's)"
    target = out / "toolkit.pdf"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result is not None
    assert result.path == target
    assert result.sections == tuple(s.key for s in SECTIONS if not s.worksheet)
    text = pdf_text(target)
    assert DEMO_CLIENT in text
    for spec in SECTIONS[1:]:  # the cover prints the toolkit's title instead
        assert (spec.title in text) != spec.worksheet, spec.title
    assert len(PdfReader(target).pages) == result.pages
    assert window.settings.value("export/folder") == str(out)
    # The outcome offers to open the PDF or show it in its folder.
    box = window.exporter.message_box
    assert box is not None
    assert box.isVisible()
    assert f"({result.pages} pages)" in box.text()
    buttons = {b.text(): b for b in box.buttons()}
    assert set(buttons) >= {"&Open PDF", "Show in &folder"}
    qtbot.mouseClick(buttons["&Open PDF"], Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(target))]
    assert "Exported toolkit.pdf" in window.statusBar().currentMessage()
    assert leftovers(out) == ["toolkit.pdf"]


def test_letter_and_show_in_folder(
    window: MainWindow, qtbot: QtBot, out: Path, opened: list[QUrl]
) -> None:
    dialog = open_export(window, qtbot)
    dialog._select(False)
    dialog.boxes["cover"].setChecked(True)
    dialog.page_size.setCurrentIndex(dialog.page_size.findData(PageSize.LETTER.value))
    dialog.path.setText(str(out / "letter"))  # ".pdf" is added
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000):
        dialog.accept()
    target = out / "letter.pdf"
    page = PdfReader(target).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    box = window.exporter.message_box
    assert box is not None
    reveal = next(b for b in box.buttons() if b.text() == "Show in &folder")
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    if sys.platform.startswith("linux"):
        assert opened == [QUrl.fromLocalFile(str(out))]


def test_blank_templates_from_the_menu(window: MainWindow, qtbot: QtBot, out: Path) -> None:
    dialog = open_export(window, qtbot, blank=True)
    assert dialog.windowTitle() == "Export blank templates"
    assert dialog.blank.isChecked()
    assert dialog.blank.isEnabled()  # an engagement is open: it could be filled in
    for key in NEEDS_KEYS:
        assert not dialog.boxes[key].isEnabled()
        assert not dialog.boxes[key].isChecked()
        assert "Needs an engagement" in dialog.boxes[key].toolTip()
    assert dialog.chosen_sections() == tuple(BLANK_KEYS)
    assert Path(dialog.path.text()).name == "Expectation Management Toolkit – blank templates.pdf"
    # Switching to the filled-in toolkit brings back what was ticked, and its name.
    dialog.boxes["kickoff"].setChecked(False)
    dialog.blank.setChecked(False)
    assert all(dialog.boxes[key].isChecked() for key in NEEDS_KEYS)
    assert not dialog.boxes["kickoff"].isChecked()
    assert Path(dialog.path.text()).name == DEFAULT_NAME
    # A path the person typed is kept whatever they tick.
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out / "mine.pdf"))
    dialog.blank.setChecked(True)
    assert dialog.path.text() == str(out / "mine.pdf")
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000) as done:
        dialog.accept()
    assert done.args[0].sections == tuple(k for k in BLANK_KEYS if k != "kickoff")
    text = pdf_text(out / "mine.pdf")
    assert "Expectation matrix" not in text
    assert DEMO_CLIENT not in text


def test_no_engagement_open_means_blank_templates(
    open_window,  # type: ignore[no-untyped-def]
    db: Database,
    qtbot: QtBot,
) -> None:
    window = open_window(db)
    assert not window.escalation_action.isEnabled()
    dialog = open_export(window, qtbot)
    assert dialog.blank.isChecked()
    assert not dialog.blank.isEnabled()
    assert dialog.heading.text().startswith("No engagement open")
    assert dialog.chosen_sections() == tuple(BLANK_KEYS)
    assert all(not dialog.boxes[k].isEnabled() for k in NEEDS_KEYS)
    dialog.reject()


def test_export_button_needs_a_section_and_a_path(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_export(window, qtbot)
    qtbot.mouseClick(dialog.select_none, Qt.MouseButton.LeftButton)
    assert dialog.chosen_sections() == ()
    assert not dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.select_all, Qt.MouseButton.LeftButton)
    assert dialog.ok.isEnabled()
    dialog.path.setText("   ")
    assert not dialog.ok.isEnabled()
    dialog.reject()


def test_a_folder_that_cannot_take_the_file_is_refused_in_the_dialog(
    window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog = open_export(window, qtbot)
    dialog.path.setText(str(out / "missing" / "x.pdf"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert warned
    assert "does not exist" in warned[0]
    assert dialog.isVisible()  # the person can pick another place
    assert not window.exporter.running()
    dialog.reject()


def test_replacing_a_file_asks_first(
    window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = out / "keep.pdf"
    existing.write_bytes(b"%PDF- the old one")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    dialog = open_export(window, qtbot)
    dialog.path.setText(str(existing))
    dialog.accept()
    assert dialog.isVisible()
    assert existing.read_bytes() == b"%PDF- the old one"
    dialog.reject()


def test_choose_path_uses_the_file_dialog(
    window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    chosen = out / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    dialog = open_export(window, qtbot)
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.choice().out == out / "chosen.pdf"
    dialog.reject()


def test_cancel_leaves_nothing_behind(
    window: MainWindow, qtbot: QtBot, out: Path, gate: threading.Event
) -> None:
    target = out / "toolkit.pdf"
    exporter = window.exporter
    assert exporter.start(None, DEFAULT_BRAND, target, BLANK_KEYS)
    assert exporter.running()
    # The window keeps its event loop while the worker works: the progress dialog appears.
    qtbot.waitUntil(lambda: exporter.progress is not None and exporter.progress.isVisible())
    progress = exporter.progress
    assert progress is not None
    assert progress.labelText() == "Preparing the sections…"
    exporter._progress(2, 6, "CX self-assessment quiz")  # as the layout reports it
    assert progress.labelText() == "Laying out section 3 of 6:\nCX self-assessment quiz"
    assert (progress.value(), progress.maximum()) == (2, 6)
    cancel = progress.findChild(QPushButton)
    assert cancel is not None
    with qtbot.waitSignal(exporter.finished, timeout=30_000) as done:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()
    assert done.args == [None]
    assert not exporter.running()
    assert exporter.progress is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert exporter.message_box is None
    assert leftovers(out) == []  # no PDF, no temporary file


@pytest.mark.logs_errors  # the error is the point: logged, then said
def test_a_failure_is_explained_and_writes_nothing(
    window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_spec: Any) -> Callable[..., Any]:
        def build(_data: Any, _brand: Any, _tr: Any) -> Any:
            raise RuntimeError("a section fell over")

        return build

    monkeypatch.setattr(document, "builder", broken)
    with qtbot.waitSignal(window.exporter.finished, timeout=30_000) as done:
        window.exporter.start(None, DEFAULT_BRAND, out / "x.pdf", ["cover"])
    assert done.args == [None]
    box = window.exporter.message_box
    assert box is not None
    assert box.windowTitle() == "Export failed"
    assert "RuntimeError: a section fell over" in box.text()
    assert "Nothing was written" in box.text()
    assert leftovers(out) == []
    box.close()


def test_only_one_export_at_a_time(
    window: MainWindow, qtbot: QtBot, out: Path, gate: threading.Event
) -> None:
    exporter = window.exporter
    assert exporter.start(None, DEFAULT_BRAND, out / "a.pdf", ["cover"])
    assert not exporter.start(None, DEFAULT_BRAND, out / "b.pdf", ["cover"])
    window.export_toolkit()
    assert exporter.dialog is None
    assert "already running" in window.statusBar().currentMessage()
    with qtbot.waitSignal(exporter.finished, timeout=30_000):
        gate.set()
    assert (out / "a.pdf").exists()
    assert not (out / "b.pdf").exists()
    assert exporter.message_box is not None
    exporter.message_box.close()


def test_closing_the_window_mid_export_leaves_no_thread(
    window: MainWindow, qtbot: QtBot, out: Path, gate: threading.Event
) -> None:
    exporter = window.exporter
    assert exporter.start(None, DEFAULT_BRAND, out / "x.pdf", BLANK_KEYS)
    threading.Timer(0.3, gate.set).start()  # the section in progress finishes, then stops
    window.close()
    assert exporter.tasks.active_threads() == 0
    assert not exporter.running()
    assert leftovers(out) == []


def test_escalation_ladder_from_the_edit_menu(window: MainWindow, qtbot: QtBot) -> None:
    from cxdesk.ui.escalation_dialog import EscalationDialog

    window.escalation_action.trigger()
    dialog = window.escalation_dialog
    assert isinstance(dialog, EscalationDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert DEMO_ENGAGEMENT in dialog.windowTitle()
    dialog.reject()
    qtbot.waitUntil(lambda: window.escalation_dialog is None)


def test_brand_settings_from_the_file_menu(window: MainWindow, qtbot: QtBot) -> None:
    from cxdesk.ui.brand_dialog import BrandDialog

    window.brand_settings()
    dialog = window.brand_dialog
    assert isinstance(dialog, BrandDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    qtbot.waitUntil(lambda: window.brand_dialog is None)


def test_start_up_imports_no_pdf_library(tmp_path: Path, private_data_dir: Path) -> None:
    """The main window (menus and the exporter included) loads without ReportLab & co."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import cxdesk.app\n"
        "from cxdesk.store.database import open_database\n"
        "from cxdesk.store.demo import add_demo_engagement\n"
        "from cxdesk.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        f"db = open_database(Path({str(tmp_path / 'w.cxdb')!r}))\n"
        "add_demo_engagement(db)\n"
        f"settings = QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat)\n"
        "window = MainWindow(db, settings)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'reportlab', 'pypdf', 'svglib'}\n"
        "window.close()\n"
        "print(sorted(heavy))\n"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CXDESK_DATA_DIR=str(private_data_dir),
        CXDESK_HEADLESS="1",
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_outcome_names_characters_that_could_not_be_printed(
    window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports import fonts

    monkeypatch.setattr(fonts, "_system_candidates", lambda code: [])  # shipped fonts only
    data = ToolkitData(
        client=ClientRecord(3, "北京协和医院"),
        engagement=EngagementRecord(7, 3, "Rollout", "Implementation", date(2026, 2, 1)),
        printed_on=date(2026, 6, 1),
        items=(ItemRecord(1, 7, 0, expects="Sign \U0010fffd here, 王"),),
    )
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        window.exporter.start(data, DEFAULT_BRAND, out / "t.pdf", ["kickoff"])
    assert done.args[0].unprintable == ("\U0010fffd",)
    box = window.exporter.message_box
    assert box is not None
    assert box.icon() == QMessageBox.Icon.Warning
    assert "1 character could not be printed" in box.informativeText()
    assert "U+10FFFD" in box.informativeText()
    assert "1 character could not be printed" in window.statusBar().currentMessage()
