"""Cell editors: multi-line text, and level/status pickers that cannot produce a bad value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from cxdesk.models.journey import LEVEL_LABELS, SACRIFICE_LABELS, ExpectationStatus
from cxdesk.ui.editing import changed_while_typing, first_fill, save_typed
from cxdesk.ui.matrix.columns import COLUMNS, Kind
from cxdesk.ui.record_model import AnyIndex

NOT_SCORED = "– not scored"


TEXT_LIMIT = 20_000  # the store's limit for free text (expectations, pulse, journey)


class MultiLineEditor(QPlainTextEdit):
    """Enter saves (as in a spreadsheet); Shift+Enter or Alt+Enter starts a new line.

    Text past ``max_length`` is taken back as it arrives (the paste or the typing undone,
    and said why): left in, the store would refuse the whole cell and the text would go
    with the closed editor.
    """

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None, *, max_length: int = TEXT_LIMIT) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self.textChanged.connect(self._keep_within_limit)

    def _keep_within_limit(self) -> None:
        if len(self.toPlainText()) <= self.max_length:
            return
        self.undo()  # the paste (or the last typing) that went over, as one step
        if len(self.toPlainText()) > self.max_length:  # nothing to undo: cut, as a last resort
            self.setPlainText(self.toPlainText()[: self.max_length])
        QToolTip.showText(
            self.mapToGlobal(self.rect().bottomLeft()),
            f"A cell holds at most {self.max_length:,} characters: that was not added "
            "(it is still on the clipboard if you pasted it).",
            self,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers()
            & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self.submitted.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


class MatrixDelegate(QStyledItemDelegate):
    """Chooses the editor by column kind."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        kind = COLUMNS[index.column()].kind
        if kind is Kind.TEXT:
            editor = MultiLineEditor(parent)
            editor.setTabChangesFocus(True)
            editor.submitted.connect(lambda: self._submit(editor))
            return editor
        if kind is Kind.LINE:
            return QLineEdit(parent)
        if kind in (Kind.LEVEL, Kind.SACRIFICE, Kind.STATUS):
            combo = QComboBox(parent)
            for value, label in _choices(kind):
                combo.addItem(label, value)
            # A picked value is saved at once: scoring live in a workshop is one click.
            combo.activated.connect(lambda _i: self._submit(combo))
            return combo
        return super().createEditor(parent, option, index)

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        elif isinstance(editor, QLineEdit):
            editor.setText(value or "")
        elif isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any
        if isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        else:
            super().setModelData(editor, model, index)
            return
        if changed_while_typing(editor, index, value):
            return
        if value != index.data(Qt.ItemDataRole.EditRole):
            save_typed(model, index, value)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            # Room to write a sentence or two without the row jumping in height.
            rect = rect.adjusted(0, 0, max(0, 260 - rect.width()), max(0, 96 - rect.height()))
        editor.setGeometry(rect)


def _choices(kind: Kind) -> list[tuple[Any, str]]:
    if kind is Kind.LEVEL:
        return [(None, NOT_SCORED), *LEVEL_LABELS.items()]
    if kind is Kind.SACRIFICE:
        return [(None, NOT_SCORED), *SACRIFICE_LABELS.items()]
    return [(s.value, s.label) for s in ExpectationStatus]
