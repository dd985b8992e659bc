"""The responses table and its cell editors, which cannot produce an out-of-range value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.pulse import CONFIDENCE_MAX, CONFIDENCE_MIN, CSAT_MAX, CSAT_MIN
from cxdesk.models.servqual import RespondentSide
from cxdesk.store import pulse as pulse_store
from cxdesk.ui import table_cells as cells
from cxdesk.ui.date_entry import DateEntry, to_qdate
from cxdesk.ui.editing import first_fill
from cxdesk.ui.matrix.delegates import MultiLineEditor
from cxdesk.ui.pulse.entry import NO_MILESTONE
from cxdesk.ui.pulse.model import COLUMNS, PulseTableModel
from cxdesk.ui.pulse.scores import ScoreSpinBox
from cxdesk.ui.record_model import AnyIndex
from cxdesk.ui.score_keys import enter_starts_edit, text_cell_key

WIDTHS = {
    "taken_on": 92,
    "milestone_id": 116,
    "respondent": 124,
    "side": 76,
    "confidence": 80,
    "csat": 52,
}
_SIDE_KEYS = {"c": RespondentSide.CLIENT, "t": RespondentSide.TEAM}
RANGES = {"confidence": (CONFIDENCE_MIN, CONFIDENCE_MAX), "csat": (CSAT_MIN, CSAT_MAX)}


class PulseDelegate(cells.CellDelegate):
    """Chooses the editor by column."""

    rejected = Signal(str)  # a cell's text was not taken (a date that cannot be read): why
    # Room to write a sentence or two without the row jumping in height.
    paragraph = (260, 80)
    choice = 130

    def __init__(self, source: PulseTableModel, milestones: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.source = source
        self.milestones = milestones  # a callable giving the engagement's milestones

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = COLUMNS[index.column()]
        if column.kind == "date":
            # The view watches this box for Tab and focus-out (save, go on / close); the
            # box passes on those of the line inside it, where keys and focus really go.
            editor = DateEntry(parent, feedback="right")
            editor.setAutoFillBackground(True)  # its "understood" line covers the next cell
            editor.setDateRange(to_qdate(pulse_store.EARLIEST), to_qdate(pulse_store.LATEST))
            return editor
        if column.kind in ("milestone", "side"):
            combo = QComboBox(parent)
            if column.kind == "side":
                for side in RespondentSide:
                    combo.addItem(side.label, side.value)
            else:
                combo.addItem(NO_MILESTONE, None)
                for milestone in self.milestones():
                    combo.addItem(milestone.name, milestone.id)
            combo.activated.connect(lambda _i: self._submit(combo))
            return combo
        if column.kind == "score":
            return ScoreSpinBox(*RANGES[column.field], parent)
        if column.kind == "text":
            text = MultiLineEditor(parent)
            text.setTabChangesFocus(True)
            text.submitted.connect(lambda: self._submit(text))
            return text
        line = QLineEdit(parent)
        line.setMaxLength(NAME_MAX)  # the store's limit: never a refusal after typing
        return line

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, ScoreSpinBox):
            editor.set_score(value)
            editor.selectAll()
        elif isinstance(editor, DateEntry):
            editor.setDate(QDate(value))
            editor.line.selectAll()
        else:
            cells.fill_text_editor(editor, value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any
        if isinstance(editor, ScoreSpinBox):
            value = editor.score()
        elif isinstance(editor, DateEntry):
            problem = editor.take_problem()
            if problem:
                self.rejected.emit(problem)  # the cell keeps its date: say why
            value = editor.to_python()
        else:
            value = cells.typed_value(editor)
        cells.save_cell(editor, model, index, value)


class PulseView(QTableView):
    rejectedKey = Signal(str)  # a key did nothing: why

    def __init__(self, delegate: PulseDelegate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(delegate)
        cells.set_up_record_table(self)  # Tab leaves the table, as in the rest of the tab

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        for index, column in enumerate(COLUMNS):
            if column.field in WIDTHS:
                self.setColumnWidth(index, WIDTHS[column.field])
            else:
                # The two answers share what is left: "not working" must never be the
                # column scrolled out of sight, it is what the consultant acts on.
                self.horizontalHeader().setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if cells.plain_key_on_cell(self, event, index):
            side = _SIDE_KEYS.get(event.text().lower())
            if COLUMNS[index.column()].kind == "side" and side is not None:
                self.model().setData(index, side.value, Qt.ItemDataRole.EditRole)  # C or T
                event.accept()
                return
            # A score typed on the respondent's name or an answer must not replace it.
            taken = (
                enter_starts_edit(self, index, event)  # a score cell takes its digit itself
                if COLUMNS[index.column()].kind == "score"
                else text_cell_key(self, index, event, self.rejectedKey.emit)
            )
            if taken:
                event.accept()
                return
        super().keyPressEvent(event)
