"""The cell being typed in: saved before a command that would throw its editor away, and
never refilled under the person's hands."""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QMessageBox,
    QWidget,
)


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


_FILLED = "cxdesk_filled"
# What each open editor was filled with: the cell's value when editing began.
_filled: weakref.WeakKeyDictionary[QWidget, object] = weakref.WeakKeyDictionary()


def first_fill(editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> bool:
    """Whether a delegate's setEditorData is filling ``editor`` for the first time (then
    it fills it); False when the editor is open already.

    Qt 6 fills every open editor again whenever its row changes, and on a team workspace
    a row changes when a colleague's edit is heard (ui/live_updates.py): what the person
    is typing would be replaced by the colleague's text. It stays theirs, and
    :func:`changed_while_typing` keeps it from overwriting the colleague's unseen.
    """
    # The flag on the Qt object itself: a new editor never passes for an old one.
    if editor.property(_FILLED):
        return False
    editor.setProperty(_FILLED, True)
    _filled[editor] = index.data(Qt.ItemDataRole.EditRole)
    return True


def changed_while_typing(
    editor: QWidget, index: QModelIndex | QPersistentModelIndex, typed: object
) -> bool:
    """Whether the cell changed (a colleague, another device) since ``editor`` opened;
    then ``typed`` must not be saved over it. When the person typed something else, they
    are told, with the value now stored, and what they typed goes to the clipboard:
    nothing is overwritten unseen and nothing typed is lost."""
    if not editor.property(_FILLED) or editor not in _filled:
        return False
    before, now = _filled[editor], index.data(Qt.ItemDataRole.EditRole)
    if now == before:
        return False
    if typed != before:
        if isinstance(typed, str):
            QApplication.clipboard().setText(typed)
        kept = " It is on the clipboard." if isinstance(typed, str) else ""
        QMessageBox.warning(
            editor.window(),
            "Not saved",
            f"This cell was changed while you were typing (by a colleague, or on another "
            f"device): it now holds “{_shown(now)}”. What you typed, “{_shown(typed)}”, "
            f"was not saved over it.{kept}",
        )
    return True


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else f"{text[:200]}…"


# The text typed into the cell being saved just now (UI thread only): what a refusal of
# that save puts on the clipboard (see typed_kept_on_clipboard).
_saving: list[str] = []


def save_typed(
    model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex, typed: Any
) -> None:
    """A delegate's save of what the person typed into ``index``. Should the store refuse
    it (a colleague's larger change still being saved, a server that stopped answering, a
    row changed since), the editor is gone with the text in it: the refusal's words then
    say that text is on the clipboard, and it is (:func:`typed_kept_on_clipboard`)."""
    _saving.append(typed if isinstance(typed, str) and typed.strip() else "")
    try:
        model.setData(index, typed, Qt.ItemDataRole.EditRole)
    finally:
        _saving.pop()


def typed_kept_on_clipboard() -> str:
    """For the words refusing an edit: when it was the save of typed text, that text is
    put on the clipboard and this says so (" What you typed is on the clipboard."); else
    ""."""
    if not _saving or not _saving[-1]:
        return ""
    QApplication.clipboard().setText(_saving[-1])
    return " What you typed is on the clipboard."
