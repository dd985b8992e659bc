"""Table views for fast scoring with the client in the room.

A digit 1-7 on a score cell saves it and moves on to the next score cell; any other
digit is refused with a message and saves nothing; Delete or Backspace clears a score
(not scored, never zero). The respondents table also takes T/C on the Side column, and
Enter after typing a name goes on to the first score.

People type "7 Tab 3 Tab" as readily as "73": a Tab right after a digit ends that entry
rather than moving again (the digit already moved on), so both land in the same cells.
A digit on a cell that holds text (a name, a statement) is refused, never typed over it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.servqual import (
    SCALE_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    RespondentSide,
)
from cxdesk.ui.editing import changed_while_typing, first_fill, save_typed
from cxdesk.ui.rater.columns import COLUMNS, SCORE_PARTS, CellKindRole, DimensionRole, Kind
from cxdesk.ui.record_model import AnyIndex
from cxdesk.ui.score_keys import text_cell_key

OUT_OF_RANGE = (
    "Scores go from {low} (strongly disagree) to {high} (strongly agree); {digit} was not saved."
)
COMPUTED = "Scored by statements: this is the mean of the statements below; score those."
ROW_DONE = (
    "That was the last score of this row: Ctrl+N adds the next respondent. To change "
    "this score, press Delete first (an extra digit never overwrites it)."
)
_SIDE_KEYS = {"t": RespondentSide.TEAM, "c": RespondentSide.CLIENT}


class ScoringView(QTableView):
    """A table where digits score cells whose CellKindRole is "score"."""

    rejectedKey = Signal(str)  # why a key did nothing
    wrap_rows = False  # after the last score of a row, go on to the next row's first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_done = QPersistentModelIndex()  # the row's last score, just typed
        # Where the last digit left the cursor: a Tab here confirms that digit, not a move.
        self._typed_to = QPersistentModelIndex()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        # Compact rows: on a 1024x700 laptop screen every respondent row counts.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        plain = not (
            event.modifiers()
            & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        editing = self.state() == QAbstractItemView.State.EditingState
        typed_to, modifier_only = self._typed_to, event.text() == "" and _is_modifier(event)
        if not modifier_only:
            self._typed_to = QPersistentModelIndex()
        if (
            event.key() == Qt.Key.Key_Tab
            and not event.modifiers()
            and not editing
            and index.isValid()
            and typed_to == index
        ):
            event.accept()  # the digit already moved here: this Tab ends its entry
            return
        if index.isValid() and plain and not editing and self.handle_key(index, event):
            if len(event.text()) == 1 and event.text().isdecimal():
                # Saved or refused, the digit was this cell's entry: a Tab next ends it,
                # so a refused digit does not shift every later score by one cell.
                self._typed_to = QPersistentModelIndex(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def handle_key(self, index: QModelIndex, event: QKeyEvent) -> bool:
        kind = index.data(CellKindRole)
        if kind is None:
            return text_cell_key(self, index, event, self.rejectedKey.emit)
        text = event.text()
        digit = len(text) == 1 and text.isdecimal()
        clear = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if kind == "computed" and (digit or clear):
            self.rejectedKey.emit(COMPUTED)
            return True
        if digit and self._row_done == index:
            self.rejectedKey.emit(ROW_DONE)
            return True
        if digit:
            value = int(text)
            if SCORE_MIN <= value <= SCORE_MAX:
                self.model().setData(index, value, Qt.ItemDataRole.EditRole)
                self.advance(index)
            else:
                self.rejectedKey.emit(
                    OUT_OF_RANGE.format(low=SCORE_MIN, high=SCORE_MAX, digit=text)
                )
            return True
        if clear:
            self.model().setData(index, None, Qt.ItemDataRole.EditRole)
            self._row_done = QPersistentModelIndex()
            return True
        return False

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        super().currentChanged(current, previous)
        self._row_done = QPersistentModelIndex()  # moved on: digits score again
        self._typed_to = QPersistentModelIndex()  # set again after a digit's own move

    def advance(self, index: QModelIndex) -> None:
        model = self.model()
        row, column = index.row(), index.column() + 1
        while row < model.rowCount():
            while column < model.columnCount():
                candidate = model.index(row, column)
                if candidate.data(CellKindRole) == "score":
                    self.setCurrentIndex(candidate)
                    return
                column += 1
            if not self.wrap_rows:
                # Stay on the last score, but do not let one digit too many overwrite it.
                self._row_done = QPersistentModelIndex(index)
                return
            row, column = row + 1, 0

    def first_score(self, row: int) -> QModelIndex:
        model = self.model()
        for column in range(model.columnCount()):
            candidate = model.index(row, column)
            if candidate.data(CellKindRole) == "score":
                return candidate
        return QModelIndex()


def _is_modifier(event: QKeyEvent) -> bool:
    return event.key() in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_Meta,
        Qt.Key.Key_AltGr,
    )


class DimensionHeader(QHeaderView):
    """Two rows: the dimension's name spans its E and P columns, E / P underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setHighlightSections(False)
        self.setStretchLastSection(True)

    def band(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self):  # type: ignore[no-untyped-def]
        size = super().sizeHint()
        size.setHeight(max(size.height(), self.fontMetrics().height() + 8) + self.band())
        return size

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        model = self.model()
        value = model.headerData(logical, Qt.Orientation.Horizontal, DimensionRole)
        if not value:
            super().paintSection(painter, rect, logical)
            return
        band = self.band()
        painter.save()
        super().paintSection(painter, rect.adjusted(0, band, 0, 0), logical)
        painter.restore()
        # The pair's first column starts the span; paint it whole for either column,
        # so a repaint of one column never leaves half a label.
        first = logical if SCORE_PARTS[logical].measure == "expectation" else logical - 1
        left = self.sectionViewportPosition(first)
        width = self.sectionSize(first) + self.sectionSize(first + 1)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(left, rect.top(), width, band)
        option.section = first
        option.position = QStyleOptionHeader.SectionPosition.Middle
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.text = self.fontMetrics().elidedText(
            RaterDimension(value).label, Qt.TextElideMode.ElideRight, width - 6
        )
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()


class RespondentDelegate(QStyledItemDelegate):
    """A line for the name, and pickers that cannot produce a bad side or score."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        kind = COLUMNS[index.column()].kind
        if kind is Kind.NAME:
            editor = QLineEdit(parent)
            editor.setMaxLength(NAME_MAX)
            editor.setPlaceholderText("anonymous")
            return editor
        if kind is Kind.SIDE:
            return self.combo(parent, [(side.value, side.label) for side in RespondentSide])
        return self.score_editor(parent)

    def score_editor(self, parent: QWidget) -> QComboBox:
        return self.combo(parent, [(None, "– not scored"), *SCALE_LABELS.items()])

    def combo(self, parent: QWidget, choices: list[tuple[Any, str]]) -> QComboBox:
        combo = QComboBox(parent)
        for value, label in choices:
            combo.addItem(label, value)
        # A picked value is saved at once: scoring live in a meeting is one click.
        combo.activated.connect(lambda _i: self._submit(combo))
        return combo

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QLineEdit):
            editor.setText(value or "")
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any = editor.text() if isinstance(editor, QLineEdit) else editor.currentData()  # type: ignore[attr-defined]
        if changed_while_typing(editor, index, value):
            return
        if value != index.data(Qt.ItemDataRole.EditRole):
            save_typed(model, index, value)


class RespondentView(ScoringView):
    nameSubmitted = Signal(QModelIndex)  # Enter in a name: go on to the scores

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(DimensionHeader(self))
        self.setItemDelegate(RespondentDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)  # long names elide rather than spill out of fixed rows
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        metrics = self.fontMetrics()
        widths = {Kind.NAME: 160, Kind.SIDE: 76, Kind.POINTS: 140, Kind.STATUS: 200}
        for index, column in enumerate(COLUMNS):
            part = SCORE_PARTS.get(index)
            if part is not None:
                # Each pair is wide enough to name its dimension in the header.
                pair = metrics.horizontalAdvance(part.dimension.label) + 14
                self.setColumnWidth(index, max(34, (pair + 1) // 2))
            else:
                self.setColumnWidth(index, widths[column.kind])

    def handle_key(self, index: QModelIndex, event: QKeyEvent) -> bool:
        if COLUMNS[index.column()].kind is Kind.SIDE and event.text().lower() in _SIDE_KEYS:
            side = _SIDE_KEYS[event.text().lower()]
            self.model().setData(index, side.value, Qt.ItemDataRole.EditRole)
            return True
        return super().handle_key(index, event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = self.currentIndex()
        super().closeEditor(editor, hint)
        submitted = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        if submitted and index.isValid() and COLUMNS[index.column()].kind is Kind.NAME:
            self.nameSubmitted.emit(index)
