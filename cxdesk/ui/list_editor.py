"""The frame of a dialog that edits a short list of rows in place (stakeholders, the
escalation ladder): actions with their buttons, a status line, and an undo that only
reaches the steps taken in this dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QWidget,
)

from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.workspace import Workspace


class ListEditorDialog(QDialog):
    """Subclasses build their table, call ``tool_row`` and ``close_box`` for the layout,
    refresh ``update_undo_actions`` from their own ``_update_actions``, and stop listening
    to the workspace in ``disconnect_workspace`` (called once, when the dialog closes)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        # Undo here only takes back what was done in this dialog, not earlier edits.
        self._first_step = self._top_step = ws.undo_stack.index()
        self._closed = False
        self.buttons: dict[str, QPushButton] = {}
        self.status = StatusLine()  # what was just done here, for a while
        self.undo_action = self.make_action("Undo", "Ctrl+Z", self.undo)
        self.redo_action = self.make_action("Redo", "Ctrl+Shift+Z", self.redo)

    def make_action(self, text: str, keys: str, slot: Any) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text())
        button.setToolTip(action.toolTip())
        button.setAutoDefault(False)  # Enter in a name box adds; it must not press these
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        self.buttons[action.text()] = button
        return button

    def tool_row(self, left: tuple[QAction, ...], right: tuple[QAction, ...]) -> QHBoxLayout:
        """Buttons for ``left`` actions, a stretch, then ``right`` ones and Undo/Redo."""
        tools = QHBoxLayout()
        for action in left:
            tools.addWidget(self.button(action))
        tools.addStretch(1)
        for action in (*right, self.undo_action, self.redo_action):
            tools.addWidget(self.button(action))
        return tools

    def close_box(self) -> QDialogButtonBox:
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        return close

    @staticmethod
    def select_row(view: QTableView, model: QAbstractItemModel, row: int, column: int) -> None:
        view.selectionModel().setCurrentIndex(
            model.index(row, column),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    # -- undo within the dialog -------------------------------------------------------

    def undo(self) -> None:
        if self.ws.undo_stack.index() > self._first_step:
            self.ws.undo_stack.undo()

    def redo(self) -> None:
        if self.ws.undo_stack.index() < self._top_step:
            self.ws.undo_stack.redo()

    def update_undo_actions(self) -> None:
        stack = self.ws.undo_stack
        if stack.index() > self._top_step or not stack.canRedo():
            self._top_step = stack.index()  # a new step here cuts off the old redo branch
        self.undo_action.setEnabled(stack.index() > self._first_step)
        self.redo_action.setEnabled(stack.index() < self._top_step)

    # -- closing ----------------------------------------------------------------------

    def disconnect_workspace(self) -> None:
        """Stop listening to the workspace: a closed dialog must not re-read on every edit."""

    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            self.disconnect_workspace()
        super().done(result)
