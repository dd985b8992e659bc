"""What the editable record tables (the Actions table, the pulse checks' responses) share:
how the table takes keys and selections, and how a cell's editor is read, saved and sized.

A cell is saved only when what was typed differs from what it holds, and never over a
colleague's change made while it was being typed (:func:`changed_while_typing`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.editing import changed_while_typing, save_typed
from cxdesk.ui.record_model import AnyIndex

# What an editor that is not a choice, a paragraph or a line gives: nothing to save.
NOTHING_TYPED = object()


def set_up_record_table(view: QTableView) -> None:
    """Rows selected whole (several at once), a key or a double click edits, headers sort,
    and Tab leaves the table, as in the rest of the tab; rows one line high."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 10)
    view.horizontalHeader().setHighlightSections(False)


def plain_key_on_cell(view: QTableView, event: QKeyEvent, index: AnyIndex) -> bool:
    """Whether ``event`` is a plain key (Shift at most) on a cell not being edited: a
    table's own keys (a side's letter, a status's) apply then."""
    plain = not (
        event.modifiers()
        & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
    )
    return plain and index.isValid() and view.state() != QAbstractItemView.State.EditingState


class CellDelegate(QStyledItemDelegate):
    """A record table's editors: a paragraph opens at least ``paragraph`` (width,
    height) large, a choice at least ``choice`` wide (see :func:`editor_rect`)."""

    paragraph: ClassVar[tuple[int, int]]
    choice: ClassVar[int]

    def _submit(self, editor: QWidget) -> None:
        """Save the editor's value and close it (a choice made, a paragraph's Enter)."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        editor.setGeometry(
            editor_rect(editor, option.rect, paragraph=self.paragraph, choice=self.choice)
        )


def fill_text_editor(editor: QWidget, value: Any) -> None:
    """Put a cell's value into its choice, paragraph or line editor."""
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText(value or "")
        editor.moveCursor(editor.textCursor().MoveOperation.End)
    elif isinstance(editor, QLineEdit):
        editor.setText(value or "")


def typed_value(editor: QWidget) -> Any:
    """What a choice, paragraph or line editor holds (NOTHING_TYPED for another)."""
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    return NOTHING_TYPED


def save_cell(editor: QWidget, model: QAbstractItemModel, index: AnyIndex, value: Any) -> None:
    """Save what was typed unless it is what the cell holds, or the cell changed since the
    editor opened (the person is told; nothing is saved over a colleague's change)."""
    if value is NOTHING_TYPED or changed_while_typing(editor, index, value):
        return
    if value != index.data(Qt.ItemDataRole.EditRole):
        save_typed(model, index, value)


def editor_rect(editor: QWidget, cell: QRect, *, paragraph: tuple[int, int], choice: int) -> QRect:
    """Where an editor opens over its ``cell``: a paragraph gets room to write a sentence or
    two (at least ``paragraph`` wide and high) without the row jumping in height; a date
    its whole box; a choice at least ``choice`` wide."""
    if isinstance(editor, QPlainTextEdit):
        width, height = paragraph
        return cell.adjusted(0, 0, max(0, width - cell.width()), max(0, height - cell.height()))
    if isinstance(editor, DateEntry):
        return cell.adjusted(0, 0, max(0, editor.sizeHint().width() - cell.width()), 0)
    if isinstance(editor, QComboBox):
        return cell.adjusted(0, 0, max(0, choice - cell.width()), 0)
    return cell
