"""The issue log's table, and the cell editors of the closing-the-loop tables (a line, a
paragraph, a date, our team or the client)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt, Signal
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

from cxdesk.models.actions import OwnerSide
from cxdesk.models.issues import PERSON_MAX, TITLE_MAX
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.editing import first_fill
from cxdesk.ui.issues.model import COLUMNS
from cxdesk.ui.matrix.delegates import MultiLineEditor
from cxdesk.ui.record_model import AnyIndex, Column

TEXT_MAX = 20_000  # a paragraph's cell: the stores' limit for said, we did, a win

WIDTHS = {
    "title": 220,
    "rung": 170,
    "raised_by": 110,
    "raised_by_side": 72,
    "raised_on": 86,
    "owner": 120,
    "allowed": 170,
    "days_on_rung": 44,
    "flag": 185,
    "status": 70,
}


class RecordDelegate(QStyledItemDelegate):
    """Editors by the column's kind: "date", "side", "text" (Enter saves, Shift+Enter a new
    line), anything else one line."""

    rejected = Signal(str)  # a date that could not be read: why

    def __init__(self, columns: Sequence[Column[Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = self.columns[index.column()]
        if column.kind == "text":
            text = MultiLineEditor(parent, max_length=TEXT_MAX)
            text.setTabChangesFocus(True)
            text.submitted.connect(lambda: self._submit(text))
            return text
        if column.kind == "date":
            entry = DateEntry(parent, feedback="tooltip")
            entry.setAutoFillBackground(True)
            return entry
        if column.kind == "side":
            combo = QComboBox(parent)
            for side in OwnerSide:
                combo.addItem(side.label, side.value)
            combo.activated.connect(lambda _i: self._submit(combo))
            return combo
        line = QLineEdit(parent)
        line.setFrame(False)
        line.setMaxLength(TITLE_MAX if column.field == "title" else PERSON_MAX)
        return line

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, 90 - rect.height()))  # room to write
        editor.setGeometry(rect)

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEntry):
            if value is not None:
                editor.setDate(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(value or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, DateEntry):
            problem = editor.take_problem()
            if problem:
                self.rejected.emit(problem)
                return
            model.setData(index, editor.to_python(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class IssuesView(QTableView):
    """The log: one issue a row, sortable, edited in place (F2, or typing over a cell)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(RecordDelegate(COLUMNS, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setSortingEnabled(False)  # the store's order: open first, highest rung first
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setAccessibleName("Issue log")

    def size_columns(self) -> None:
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(COLUMNS):
            header.resizeSection(number, WIDTHS.get(column.field, 100))
        header.setStretchLastSection(True)
