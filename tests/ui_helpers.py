"""Helpers for driving the UI as a person would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot


def when_dialog_opens(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog once it is shown (the caller then opens it).

    If ``act`` fails, the dialog is closed before the failure goes on to pytest-qt (which
    fails the test with it): left open, its exec() never returns and the test hangs past
    any timeout.
    """

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            try:
                act(dialog)
            except BaseException:
                dialog.reject()
                raise
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def cell_center(view: QWidget, index: QModelIndex):  # type: ignore[no-untyped-def]
    return view.visualRect(index).center()  # type: ignore[attr-defined]
