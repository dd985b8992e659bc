"""The quiz editor's two tables: the statements (in order) and the bands.

Cells are edited in place and reach the table as they are typed, so the editor's list of
problems ("No band covers totals 15-16") follows every keystroke; Esc still puts back
what the cell held before. Out-of-range totals cannot be typed: the spin boxes stop at
the widest totals a quiz can have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cxdesk.models.quiz import SCALE_LIMIT_MAX, Band
from cxdesk.store.quizzes import ADVICE_MAX, STATEMENT_MAX, STATEMENTS_MAX

AnyIndex = Any
EDIT = Qt.ItemDataRole.EditRole
TOTAL_MAX = STATEMENTS_MAX * SCALE_LIMIT_MAX
"""The highest total any quiz can reach: a band's limits never need to go further."""
LABEL_MAX = 200
BAND_HEADERS = ("From", "To", "Label", "Advice")
FROM, TO, LABEL, ADVICE = range(4)


class LiveDelegate(QStyledItemDelegate):
    """Commits every keystroke; Esc puts back the value the cell had when editing began."""

    def __init__(
        self,
        parent: QWidget,
        whole_columns: Sequence[int] = (),
        max_lengths: dict[int, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.whole_columns = set(whole_columns)
        self.max_lengths = max_lengths or {}
        self._before: dict[QWidget, tuple[QPersistentModelIndex, Any]] = {}
        self.closeEditor.connect(self._editor_closed)

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() in self.whole_columns:
            option.displayAlignment = Qt.AlignmentFlag.AlignCenter

    def createEditor(self, parent: QWidget, option: Any, index: AnyIndex) -> QWidget:
        editor: QWidget
        if index.column() in self.whole_columns:
            spin = QSpinBox(parent)
            spin.setRange(0, TOTAL_MAX)
            spin.setFrame(False)
            spin.valueChanged.connect(lambda _v, e=spin: self.commitData.emit(e))
            editor = spin
        else:
            line = QLineEdit(parent)
            line.setFrame(False)
            line.setMaxLength(self.max_lengths.get(index.column(), STATEMENT_MAX))
            line.textEdited.connect(lambda _t, e=line: self.commitData.emit(e))
            editor = line
        self._before[editor] = (QPersistentModelIndex(index), index.data(EDIT))
        return editor

    def forget(self) -> None:
        self._before.clear()

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        # Filling the editor is not an edit: the view does not know the editor yet.
        was_blocked = editor.blockSignals(True)
        super().setEditorData(editor, index)
        editor.blockSignals(was_blocked)

    def _editor_closed(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index, before = self._before.pop(editor, (None, None))
        reverted = hint == QAbstractItemDelegate.EndEditHint.RevertModelCache
        if reverted and index is not None and index.isValid():
            model = index.model()
            model.setData(model.index(index.row(), index.column()), before, EDIT)


class EditableTable(QTableWidget):
    """A table edited from the keyboard: Enter edits, Insert adds, Delete removes a row."""

    edited = Signal()  # rows or cells changed
    addRequested = Signal()

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        self.read_only = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Tab leaves the table (a keyboard user is not trapped in it); while a cell is
        # being edited, Tab still moves on to the next cell.
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.itemChanged.connect(self._item_changed)
        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.addRequested.emit)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.delete_current)

    def _shortcut(self, keys: QKeySequence, slot: Any) -> QShortcut:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _item_changed(self, item: QTableWidgetItem) -> None:
        item.setToolTip(str(item.data(EDIT) or ""))
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not editing
            and not self.read_only
            and self.currentIndex().isValid()
        ):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _row_items(self, row: int) -> list[QTableWidgetItem | None]:
        return [self.takeItem(row, column) for column in range(self.columnCount())]

    def insert_row(self, row: int, values: Sequence[Any]) -> None:
        self.insertRow(row)
        was_blocked = self.blockSignals(True)  # one ``edited`` for the row, not per cell
        for column, value in enumerate(values):
            item = QTableWidgetItem()
            item.setData(EDIT, value)
            item.setToolTip(str(value))
            self.setItem(row, column, item)
        self.blockSignals(was_blocked)
        self.edited.emit()

    def start_editing(self, row: int, column: int) -> None:
        self.setFocus()
        self.setCurrentCell(row, column)
        self.edit(self.model().index(row, column))

    def delete_current(self) -> None:
        row = self.currentRow()
        if self.read_only or row < 0:
            return
        self.removeRow(row)
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), self.currentColumn())
        self.edited.emit()

    def move_current(self, step: int) -> None:
        row, column = self.currentRow(), max(self.currentColumn(), 0)
        target = row + step
        if self.read_only or row < 0 or not 0 <= target < self.rowCount():
            return
        moving, other = self._row_items(row), self._row_items(target)
        # Both rows' cells are empty now (taken), so an empty cell needs no setItem.
        for col, (a, b) in enumerate(zip(moving, other, strict=True)):
            if a is not None:
                self.setItem(target, col, a)
            if b is not None:
                self.setItem(row, col, b)
        self.setCurrentCell(target, column)
        self.edited.emit()

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        delegate = self.itemDelegate()
        if isinstance(delegate, LiveDelegate):
            delegate.forget()  # an editor still open must not write into the new rows
        was_blocked = self.blockSignals(True)
        self.setRowCount(0)
        for row in rows:
            self.insert_row(self.rowCount(), row)
        self.blockSignals(was_blocked)

    def cell(self, row: int, column: int) -> Any:
        item = self.item(row, column)
        return None if item is None else item.data(EDIT)


class StatementTable(EditableTable):
    """The statements, numbered as the problems name them ("Statement 3 is empty")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1, parent)
        self.setItemDelegate(LiveDelegate(self, max_lengths={0: STATEMENT_MAX}))
        self.setHorizontalHeaderLabels(["Statement"])
        self.horizontalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self._shortcut(QKeySequence("Ctrl+Up"), lambda: self.move_current(-1))
        self._shortcut(QKeySequence("Ctrl+Down"), lambda: self.move_current(1))

    def texts(self) -> list[str]:
        return [str(self.cell(row, 0) or "") for row in range(self.rowCount())]

    def set_texts(self, texts: Sequence[str]) -> None:
        self.set_rows([[t] for t in texts])

    def add_statement(self) -> None:
        """A new, empty statement below the current one, ready to type."""
        if self.read_only:
            return
        row = self.currentRow() + 1 if self.currentRow() >= 0 else self.rowCount()
        self.insert_row(row, [""])
        self.start_editing(row, 0)


class BandTable(EditableTable):
    """Bands as rows: from, to (totals, inclusive), label and advice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(BAND_HEADERS), parent)
        self.setItemDelegate(LiveDelegate(self, (FROM, TO), {LABEL: LABEL_MAX, ADVICE: ADVICE_MAX}))
        self.setHorizontalHeaderLabels(list(BAND_HEADERS))
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ADVICE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        for column in (FROM, TO):
            self.setColumnWidth(column, 64)
        for column, tip in (
            (FROM, "The lowest total in the band"),
            (TO, "The highest total in the band (included)"),
        ):
            header_item = self.horizontalHeaderItem(column)  # set by the labels above
            if header_item is not None:
                header_item.setToolTip(tip)

    def bands(self) -> list[Band]:
        return [
            Band(
                int(self.cell(row, FROM) or 0),
                int(self.cell(row, TO) or 0),
                str(self.cell(row, LABEL) or ""),
                str(self.cell(row, ADVICE) or ""),
            )
            for row in range(self.rowCount())
        ]

    def set_bands(self, bands: Sequence[Band]) -> None:
        self.set_rows([[b.low, b.high, b.label, b.advice] for b in bands])

    def add_band(self, low: int, high: int) -> None:
        """A band for ``low``-``high`` (the first totals no band covers), label to type."""
        if self.read_only:
            return
        row = self.rowCount()
        self.insert_row(row, [low, high, "", ""])
        self.start_editing(row, LABEL)


def first_uncovered(bands: Sequence[Band], low: int, high: int) -> tuple[int, int] | None:
    """The first run of totals from ``low`` to ``high`` that no band covers."""
    covered = {t for b in bands for t in range(max(b.low, low), min(b.high, high) + 1)}
    start = next((t for t in range(low, high + 1) if t not in covered), None)
    if start is None:
        return None
    end = start
    while end + 1 <= high and end + 1 not in covered:
        end += 1
    return start, end
