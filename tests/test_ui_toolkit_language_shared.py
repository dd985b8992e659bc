"""File > Export toolkit…: the language chosen for an engagement is the workspace's, so a
colleague's export and the command line print in it too (schema 0015). The dialog starts
at the engagement's language; choosing another sets it as one undo step."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.cli_export import EXIT_OK
from cxdesk.cli_export import main as command_line
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.ui.main_window import MainWindow
from tests.test_colleague_conflicts import consultant_on_file
from tests.test_ui_export_language import choose, export, open_export


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout.decode()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_polish_chosen_in_the_dialog_is_the_colleagues_and_the_command_lines(
    db: Database,
    db_path: Path,
    open_window: Callable[[Database], Any],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    demo = add_demo_engagement(db)
    ben = consultant_on_file(db_path, "Ben")  # a colleague on the same workspace
    try:
        workspace.set_toolkit_language(ben, demo, "de")  # Ben chose German before
        window: MainWindow = open_window(db)
        qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)

        dialog = open_export(window, qtbot)
        assert dialog.language.currentData() == "de"  # the engagement's, not this laptop's
        choose(dialog, "pl")
        export(window, qtbot, dialog, tmp_path / "dialog.pdf")
        assert workspace.toolkit_language(ben, demo) == "pl"  # Ben sees Ana's choice
        assert window.ws is not None
        stack = window.ws.undo_stack
        assert stack.undoText() == "Toolkit language: Polski"
        stack.undo()  # one step: back to Ben's German
        assert workspace.toolkit_language(ben, demo) == "de"
        stack.redo()
        assert workspace.toolkit_language(ben, demo) == "pl"
        again = open_export(window, qtbot)
        assert again.language.currentData() == "pl"
        again.reject()
        window.close()  # and with it the database: the command opens the file itself
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        ben.engine.dispose()

    out = tmp_path / "command.pdf"
    engagement = f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}"
    assert command_line(["--db", str(db_path), "-e", engagement, "-o", str(out)]) == EXIT_OK
    text = pdf_text(out)  # no --language: the engagement's
    assert "Macierz oczekiwań" in text
    assert "Expectation matrix" not in text
    english = tmp_path / "english.pdf"
    args = ["--db", str(db_path), "-e", engagement, "-o", str(english), "--language", "en"]
    assert command_line(args) == EXIT_OK  # a language given still wins
    assert "Expectation matrix" in pdf_text(english)
