"""File > Export toolkit…: the language the toolkit prints in, remembered per engagement,
offered only when its catalogue is complete, and the same PDF as ``cxdesk export
--language``."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.cli_export import EXIT_OK
from cxdesk.cli_export import main as command_line
from cxdesk.language import available_languages
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.ui.export_dialog import ExportDialog
from cxdesk.ui.main_window import MainWindow

OTHER = "Portal audit"


def open_export(window: MainWindow, qtbot: QtBot) -> ExportDialog:
    window.export_toolkit()
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose(dialog: ExportDialog, code: str) -> None:
    """Pick a language in the chooser as a person does: by its name."""
    index = dialog.language.findData(code)
    assert index >= 0, f"{code} is not offered"
    dialog.language.setCurrentIndex(index)


def export(window: MainWindow, qtbot: QtBot, dialog: ExportDialog, target: Path) -> None:
    dialog.path.setText(str(target))
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        dialog.ok.click()
    assert done.args[0] is not None, window.exporter.last_error


def normalised(path: Path) -> bytes:
    """The PDF without its creation and modification dates and its file identifier."""
    data = path.read_bytes()
    data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 (D:0)", data)
    return re.sub(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", b"/ID [<0><0>]", data)


def test_the_chooser_offers_the_complete_languages_english_first(
    open_window: Callable[[Database], Any], db: Database, qtbot: QtBot
) -> None:
    add_demo_engagement(db)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    dialog = open_export(window, qtbot)
    offered = {
        dialog.language.itemData(i): dialog.language.itemText(i)
        for i in range(dialog.language.count())
    }
    assert offered == available_languages()
    assert dialog.language.currentData() == "en"
    assert {"pl", "de"} <= set(offered)
    dialog.reject()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_language_is_remembered_per_engagement(
    open_window: Callable[[Database], Any], db: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    demo = add_demo_engagement(db)
    client = workspace.add_client(db, "Northwind Traders")
    other = workspace.add_engagement(db, client.id, OTHER)
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    dialog = open_export(window, qtbot)
    choose(dialog, "pl")
    target = tmp_path / "pl.pdf"
    export(window, qtbot, dialog, target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True).stdout.decode()
    assert "Macierz oczekiwań" in text
    assert "Expectation matrix" not in text

    again = open_export(window, qtbot)
    assert again.language.currentData() == "pl"
    again.reject()
    assert window.navigator is not None
    assert window.navigator.select_engagement(other.id)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == other.id)
    elsewhere = open_export(window, qtbot)
    assert elsewhere.language.currentData() == "en"  # not this engagement's choice
    elsewhere.reject()


def test_the_dialog_and_the_command_line_write_the_same_polish_pdf(
    db: Database,
    db_path: Path,
    open_window: Callable[[Database], Any],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    add_demo_engagement(db)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    dialog = open_export(window, qtbot)
    choose(dialog, "pl")
    assert dialog.choice().language == "pl"
    from_dialog = tmp_path / "dialog.pdf"
    export(window, qtbot, dialog, from_dialog)
    window.close()  # and with it the database: the command opens the file itself
    qtbot.waitUntil(lambda: not window.isVisible())

    from_command = tmp_path / "command.pdf"
    engagement = f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}"
    args = ["--db", str(db_path), "-e", engagement, "-o", str(from_command)]
    code = command_line([*args, "--language", "pl", "--edition", "client"])
    assert code == EXIT_OK
    assert normalised(from_dialog) == normalised(from_command)
    english = tmp_path / "english.pdf"
    # English asked for: without --language the command prints in the engagement's language,
    # which the dialog has just set to Polish (tests/test_ui_toolkit_language_shared.py).
    english_args = [*args[:4], "-o", str(english), "--edition", "client", "--language", "en"]
    assert command_line(english_args) == EXIT_OK
    assert normalised(english) != normalised(from_command)  # the language did change it
