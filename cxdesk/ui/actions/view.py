"""The Actions table and its cell editors (a line, a date, a choice, a paragraph)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cxdesk.models.actions import OUTCOME_MAX, OWNER_MAX, TITLE_MAX, ActionStatus, OwnerSide
from cxdesk.ui import table_cells as cells
from cxdesk.ui.actions.dialogs import cause_box, side_box
from cxdesk.ui.actions.model import COLUMNS
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.editing import first_fill
from cxdesk.ui.matrix.delegates import MultiLineEditor
from cxdesk.ui.record_model import AnyIndex
from cxdesk.ui.score_keys import text_cell_key

WIDTHS = {  # the essentials (what, status, due, did it work) fit 1024 px beside the clients
    "title": 210,
    "status": 80,
    "due_on": 170,
    "evidence": 200,
    "source": 170,
    "cause": 115,
    "owner_name": 90,
    "owner_side": 65,
}
_LIMITS = {"title": TITLE_MAX, "owner_name": OWNER_MAX}
SIDE_KEYS = {"o": OwnerSide.OURS, "c": OwnerSide.CLIENT}
STATUS_KEYS = {
    "o": ActionStatus.OPEN,
    "p": ActionStatus.IN_PROGRESS,
    "d": ActionStatus.DONE,
    "x": ActionStatus.DROPPED,
}


class ActionDelegate(cells.CellDelegate):
    rejected = Signal(str)  # a date that could not be read: why
    paragraph = (280, 90)
    choice = 150

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        kind = COLUMNS[index.column()].kind
        if kind == "date":
            editor = DateEntry(parent, feedback="tooltip")
            editor.setAutoFillBackground(True)
            return editor
        if kind in ("cause", "side", "status"):
            if kind == "cause":
                combo = cause_box(parent)
            elif kind == "side":
                combo = side_box(parent)
            else:
                combo = QComboBox(parent)
                for status in ActionStatus:
                    combo.addItem(status.label, status.value)
            combo.activated.connect(lambda _i: self._submit(combo))
            return combo
        if kind == "text":
            text = MultiLineEditor(parent, max_length=OUTCOME_MAX)
            text.setTabChangesFocus(True)
            text.submitted.connect(lambda: self._submit(text))
            return text
        line = QLineEdit(parent)
        line.setMaxLength(_LIMITS.get(COLUMNS[index.column()].field, TITLE_MAX))
        return line

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEntry):
            if value is not None:
                editor.setDate(QDate(value))
            editor.line.selectAll()
        else:
            cells.fill_text_editor(editor, value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any
        if isinstance(editor, DateEntry):
            problem = editor.take_problem()
            if problem:
                self.rejected.emit(problem)
                return
            value = editor.to_python()
        else:
            value = cells.typed_value(editor)
        cells.save_cell(editor, model, index, value)


class ActionsView(QTableView):
    rejectedKey = Signal(str)  # a key did nothing: why
    statusKey = Signal(object)  # an ActionStatus typed on the Status column
    clearDue = Signal(QModelIndex)  # Delete on the Due column: no due date
    sourceActivated = Signal(QModelIndex)  # the gap cell double-clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(ActionDelegate(self))
        cells.set_up_record_table(self)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(self._double_clicked)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        for index, column in enumerate(COLUMNS):
            if column.field in WIDTHS:
                self.setColumnWidth(index, WIDTHS[column.field])

    def _double_clicked(self, index: QModelIndex) -> None:
        if COLUMNS[index.column()].kind == "source":
            self.sourceActivated.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if cells.plain_key_on_cell(self, event, index):
            kind = COLUMNS[index.column()].kind
            letter = event.text().lower()
            if kind == "side" and letter in SIDE_KEYS:
                self.model().setData(index, SIDE_KEYS[letter].value, Qt.ItemDataRole.EditRole)
                event.accept()
                return
            if kind == "status" and letter in STATUS_KEYS:
                self.statusKey.emit(STATUS_KEYS[letter])
                event.accept()
                return
            if kind == "date" and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clearDue.emit(index)
                event.accept()
                return
            if kind in ("source", "evidence") and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                if kind == "source":
                    self.sourceActivated.emit(index)
                event.accept()
                return
            if kind in ("line", "text") and text_cell_key(
                self, index, event, self.rejectedKey.emit
            ):
                event.accept()
                return
        super().keyPressEvent(event)
