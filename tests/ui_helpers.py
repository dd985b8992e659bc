"""Helpers for driving the UI as a person would."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[1]

# Each poller of when_dialog_opens still looking for its dialog; the test's teardown
# stops them (dialogs_never_opened), so none answers a dialog of a later test.
_looking: list[QTimer] = []


def when_dialog_opens(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog once it is shown (the caller then opens it).

    If ``act`` fails, the dialog is closed before the failure goes on to pytest-qt (which
    fails the test with it): left open, its exec() never returns and the test hangs past
    any timeout. A dialog that has not opened by the end of the test fails it (see
    tests/conftest.py).
    """
    timer = QTimer()

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not (isinstance(dialog, QDialog) and dialog.isVisible()):
            timer.setInterval(20)  # looked at once, then every 20 ms
            return
        timer.stop()  # before act: a dialog it opens in turn is for the next poller
        _looking.remove(timer)
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    timer.timeout.connect(attempt)
    _looking.append(timer)
    timer.start(0)


def dialogs_never_opened() -> int:
    """Stop the pollers of when_dialog_opens still looking; how many there were."""
    left = len(_looking)
    for timer in _looking:
        timer.stop()
    _looking.clear()
    return left


def file_menu_action(window: QMainWindow, text: str) -> QAction:
    """The File menu's one command of that text (its mnemonic's & left out)."""
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    (action,) = [a for a in menu.actions() if a.text().replace("&", "") == text]
    return action


def open_editor(view: QAbstractItemView) -> QWidget:
    """The one cell editor the view has open (F2, typing or a double-click opened it)."""
    editors = [
        w
        for w in view.viewport().findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox) and w.isVisible()
    ]
    assert len(editors) == 1, f"expected one open editor, found {editors}"
    return editors[0]


def modules_loaded_by(statement: str, packages: Iterable[str]) -> list[str]:
    """Which of ``packages`` a fresh Python has loaded once it ran ``statement`` (an
    import): what the app pays for at start-up, indirect imports included."""
    watched = sorted(packages)
    code = f"import sys; {statement}; print([m for m in {watched!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return list(ast.literal_eval(result.stdout.strip()))


def cell_center(view: QWidget, index: QModelIndex):  # type: ignore[no-untyped-def]
    return view.visualRect(index).center()  # type: ignore[attr-defined]


def type_into_cell(qtbot: QtBot, window: Any, item_id: int, field: str, text: str) -> None:
    """Type ``text`` into one cell of ``window``'s matrix and press Enter, as a person
    does: select it, F2, type, Return."""
    tab = window.page.matrix
    index = tab.index_of(item_id, field)
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = open_editor(tab.view)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt closes a line editor on Enter through a queued call: let the event loop run.
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
