"""The cell being typed in: saved before a command that would throw its editor away, and
never refilled under the person's hands."""

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


# Set on an editor once its delegate has filled it.
_FILLED = "cxdesk_filled"


def first_fill(editor: QWidget) -> bool:
    """Whether a delegate's setEditorData is filling ``editor`` for the first time (then
    it fills it); False when the editor is open already.

    Qt 6 fills every open editor again whenever its row changes, and on a team workspace
    a row changes when a colleague's edit is heard (ui/live_updates.py): what the person
    is typing would be replaced by the colleague's text. It stays theirs; saving it meets
    the row's version check, which refuses it in words if the colleague changed it.
    """
    if editor.property(_FILLED):
        return False
    editor.setProperty(_FILLED, True)
    return True
