"""The quiz editor's two tables: the statements (in order) and the bands.

The draft is kept in two record models (:class:`StatementDraft`, :class:`BandDraft`) until
Save, not in the cells of a widget. Cells are edited in place and reach the draft as they
are typed, so the editor's list of problems ("No band covers totals 15-16") follows every
keystroke; Esc still puts back what the cell held before. Out-of-range totals cannot be
typed: the spin boxes stop at the widest totals a quiz can have.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QLocale, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cxdesk.models.quiz import SCALE_LIMIT_MAX, Band
from cxdesk.store.quizzes import ADVICE_MAX, STATEMENT_MAX, STATEMENTS_MAX
from cxdesk.ui.record_model import AnyIndex, Column, RecordTableModel

EDIT = Qt.ItemDataRole.EditRole
TOTAL_MAX = STATEMENTS_MAX * SCALE_LIMIT_MAX
"""The highest total any quiz can reach: a band's limits never need to go further."""
LABEL_MAX = 200
FROM, TO, LABEL, ADVICE = range(4)
_draft_keys = itertools.count(1)  # a draft row's identity while it is moved and edited


@dataclass(frozen=True, slots=True)
class DraftRow:
    key: int
    """The row's identity while it is moved and edited (its values may repeat)."""


@dataclass(frozen=True, slots=True)
class DraftStatement(DraftRow):
    text: str


@dataclass(frozen=True, slots=True)
class DraftBand(DraftRow):
    low: int
    high: int
    label: str
    advice: str

    def band(self) -> Band:
        return Band(int(self.low or 0), int(self.high or 0), str(self.label), str(self.advice))


def _total(value: int) -> str:
    return QLocale().toString(int(value))  # as a spin box or a plain cell shows a number


D = TypeVar("D", bound=DraftRow)


class DraftModel(RecordTableModel[D]):
    """Rows of a form not saved yet: an edit changes the draft here, and says so."""

    edited = Signal()  # rows or cells changed
    key = staticmethod(attrgetter("key"))

    def edit(self, record: D, column: Column[D], value: Any) -> bool:
        before = self.record_of(record.key)
        super().edit(record, column, value)
        if self.record_of(record.key) != before:
            self.edited.emit()
        return True

    def insert(self, row: int, record: D) -> None:
        rows = self.records()
        rows.insert(row, record)
        self.apply(rows)
        self.edited.emit()

    def remove(self, row: int) -> None:
        rows = self.records()
        del rows[row]
        self.apply(rows)
        self.edited.emit()

    def move(self, row: int, target: int) -> None:
        rows = self.records()
        rows.insert(target, rows.pop(row))
        self.apply(rows)
        self.edited.emit()


class StatementDraft(DraftModel[DraftStatement]):
    numbered_rows = True  # the problems name statements by number ("Statement 3 is empty")
    columns = (Column("text", "Statement", editable=True, tooltip=lambda s: s.text or None),)

    def texts(self) -> list[str]:
        return [s.text for s in self._rows]

    def set_texts(self, texts: Sequence[str]) -> None:
        self.reset([DraftStatement(next(_draft_keys), t) for t in texts])


class BandDraft(DraftModel[DraftBand]):
    columns = (
        Column(
            "low",
            "From",
            "The lowest total in the band",
            editable=True,
            display=lambda b: _total(b.low),
            tooltip=lambda b: str(b.low),
        ),
        Column(
            "high",
            "To",
            "The highest total in the band (included)",
            editable=True,
            display=lambda b: _total(b.high),
            tooltip=lambda b: str(b.high),
        ),
        Column("label", "Label", editable=True, tooltip=lambda b: b.label or None),
        Column("advice", "Advice", editable=True, tooltip=lambda b: b.advice or None),
    )

    def bands(self) -> list[Band]:
        return [b.band() for b in self._rows]

    def set_bands(self, bands: Sequence[Band]) -> None:
        self.reset([new_band(b.low, b.high, b.label, b.advice) for b in bands])


def new_band(low: int, high: int, label: str = "", advice: str = "") -> DraftBand:
    return DraftBand(next(_draft_keys), low, high, label, advice)


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


M = TypeVar("M", bound=DraftModel[Any])


class EditableTable(QTableView, Generic[M]):
    """A draft's table edited from the keyboard: Enter edits, Insert adds, Delete removes a row."""

    edited = Signal()  # rows or cells changed
    addRequested = Signal()
    currentMoved = Signal()  # another cell (or none) is current

    def __init__(self, draft: M, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: M = draft
        self.setModel(draft)
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
        draft.edited.connect(self.edited)
        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.addRequested.emit)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.delete_current)

    def _shortcut(self, keys: QKeySequence, slot: Any) -> QShortcut:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        super().currentChanged(current, previous)
        self.currentMoved.emit()

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

    # -- rows and the current cell ----------------------------------------------------

    def row_count(self) -> int:
        return self.draft.rowCount()

    def current_row(self) -> int:
        """The current row, -1 when there is none."""
        return self.currentIndex().row()

    def set_current_cell(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.draft.index(row, column))

    def cell(self, row: int, column: int) -> Any:
        return self.draft.index(row, column).data(EDIT)

    def start_editing(self, row: int, column: int) -> None:
        self.setFocus()
        self.set_current_cell(row, column)
        self.edit(self.draft.index(row, column))

    def delete_current(self) -> None:
        row, column = self.current_row(), max(self.currentIndex().column(), 0)
        if self.read_only or row < 0:
            return
        self.draft.remove(row)
        if self.row_count():
            self.set_current_cell(min(row, self.row_count() - 1), column)

    def move_current(self, step: int) -> None:
        row, column = self.current_row(), max(self.currentIndex().column(), 0)
        target = row + step
        if self.read_only or row < 0 or not 0 <= target < self.row_count():
            return
        self.draft.move(row, target)
        self.set_current_cell(target, column)

    def forget_editors(self) -> None:
        delegate = self.itemDelegate()
        if isinstance(delegate, LiveDelegate):
            delegate.forget()  # an editor still open must not write into the new rows


class StatementTable(EditableTable[StatementDraft]):
    """The statements, numbered as the problems name them ("Statement 3 is empty")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(StatementDraft(), parent)
        self.draft.setParent(self)
        self.setItemDelegate(LiveDelegate(self, max_lengths={0: STATEMENT_MAX}))
        self.horizontalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self._shortcut(QKeySequence("Ctrl+Up"), lambda: self.move_current(-1))
        self._shortcut(QKeySequence("Ctrl+Down"), lambda: self.move_current(1))

    def texts(self) -> list[str]:
        return self.draft.texts()

    def set_texts(self, texts: Sequence[str]) -> None:
        self.forget_editors()
        self.draft.set_texts(texts)

    def add_statement(self) -> None:
        """A new, empty statement below the current one, ready to type."""
        if self.read_only:
            return
        row = self.current_row() + 1 if self.current_row() >= 0 else self.row_count()
        self.draft.insert(row, DraftStatement(next(_draft_keys), ""))
        self.start_editing(row, 0)


class BandTable(EditableTable[BandDraft]):
    """Bands as rows: from, to (totals, inclusive), label and advice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BandDraft(), parent)
        self.draft.setParent(self)
        self.setItemDelegate(LiveDelegate(self, (FROM, TO), {LABEL: LABEL_MAX, ADVICE: ADVICE_MAX}))
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ADVICE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        for column in (FROM, TO):
            self.setColumnWidth(column, 64)

    def bands(self) -> list[Band]:
        return self.draft.bands()

    def set_bands(self, bands: Sequence[Band]) -> None:
        self.forget_editors()
        self.draft.set_bands(bands)

    def add_band(self, low: int, high: int) -> None:
        """A band for ``low``-``high`` (the first totals no band covers), label to type."""
        if self.read_only:
            return
        row = self.row_count()
        self.draft.insert(row, new_band(low, high))
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
