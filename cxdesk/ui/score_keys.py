"""One rule for tables where a typed digit scores a cell.

In such a table the person types digits quickly, eyes on the client rather than the
screen. If the cursor is on a text cell (a respondent's name, an expectation, a
touchpoint) instead of a score, Qt's "any key starts an edit" would open the cell's
editor with its text selected and the digit would replace the name, or be appended to
the sentence, with no warning. So in these tables a digit never starts an edit over
text: the person is told how to edit the cell on purpose (F2, Enter or a double-click)
and nothing changes. Empty cells still take typing as usual, and letters still type
over (that is a deliberate rename, never a stray score).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

from cxdesk.ui.record_model import AnyIndex

TYPE_OVER = (
    "{what} already holds text, so {digit} was not typed over it: digits score only the "
    "score cells. To change {what}, press F2 or Enter (or double-click) first."
)
_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def is_digit(event: QKeyEvent) -> bool:
    text = event.text()
    return len(text) == 1 and text.isdecimal()


def digit_over_text(view: QAbstractItemView, index: AnyIndex, event: QKeyEvent) -> bool:
    """True when ``event`` is a digit that would open ``index``'s editor over its text.

    Call it only for cells that are not scores (a score cell takes the digit itself).
    """
    if not is_digit(event) or not index.isValid():
        return False
    if not view.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed:
        return False
    if not index.flags() & Qt.ItemFlag.ItemIsEditable:
        return False
    value = index.data(Qt.ItemDataRole.EditRole)
    return isinstance(value, str) and bool(value.strip())


def type_over_message(what: str, event: QKeyEvent) -> str:
    return TYPE_OVER.format(what=what, digit=event.text())


def column_title(view: QAbstractItemView, index: AnyIndex) -> str:
    """A cell named by its column's header, for messages ("the Name cell")."""
    model = view.model()
    title = model.headerData(index.column(), Qt.Orientation.Horizontal)
    title = str(title or "").replace("\n", " ").strip()
    return f"the {title} cell" if title else "this cell"


def enter_starts_edit(view: QAbstractItemView, index: AnyIndex, event: QKeyEvent) -> bool:
    """Enter opens an editable cell's editor (Qt only does so on macOS); True if it did.

    With digits barred from typing over text, Enter is the obvious key to edit on
    purpose, and it is what the refusal message names.
    """
    if event.key() not in _EDIT_KEYS or not index.isValid():
        return False
    if not index.flags() & Qt.ItemFlag.ItemIsEditable:
        return False
    return view.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, event)


def text_cell_key(
    view: QAbstractItemView, index: AnyIndex, event: QKeyEvent, refuse: Callable[[str], None]
) -> bool:
    """The keys a text cell handles itself; True when ``event`` was taken.

    A digit over text is refused with how to edit the cell (``refuse`` gets the words, a
    view's ``rejectedKey.emit``); Enter starts an edit on purpose.
    """
    if digit_over_text(view, index, event):
        refuse(type_over_message(column_title(view, index), event))
        return True
    return enter_starts_edit(view, index, event)
