"""Saving the cell being typed in before a command that would throw its editor away."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QWidget


def commit_pending_edit() -> None:
    """Save what the person is typing in a table cell, then close its editor.

    A keyboard shortcut or a menu leaves the focus in the editor, and a command that
    reloads the model (add a row, switch engagement) or replays undo would otherwise
    close the editor unsaved. Run this *before* the command: saving from inside an undo
    replay would push a new step while the stack is mid-undo.
    """
    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    if widget is None or widget.state() != QAbstractItemView.State.EditingState:
        return
    editor = widget.indexWidget(widget.currentIndex())
    if editor is None:
        return
    widget.commitData(editor)
    widget.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
