"""Helpers for driving the UI as a person would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

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


def cell_center(view: QWidget, index: QModelIndex):  # type: ignore[no-untyped-def]
    return view.visualRect(index).center()  # type: ignore[attr-defined]
