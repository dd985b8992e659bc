"""Helpers for driving the UI as a person would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot


def when_dialog_opens(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog once it is shown (the caller then opens it)."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def cell_center(view: QWidget, index: QModelIndex):  # type: ignore[no-untyped-def]
    return view.visualRect(index).center()  # type: ignore[attr-defined]
