"""The matrix table view, with keyboard scoring: type a digit on a level cell to set it.

A digit on a text cell that holds words is refused rather than typed into it (see
``score_keys``): a level typed one cell off must not land in the client's sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cxdesk.models.journey import LEVEL_MAX, LEVEL_MIN, SACRIFICE_MAX, SACRIFICE_MIN
from cxdesk.ui.matrix.columns import COLUMNS, Kind
from cxdesk.ui.matrix.delegates import MatrixDelegate
from cxdesk.ui.score_keys import text_cell_key

_RANGES = {Kind.LEVEL: (LEVEL_MIN, LEVEL_MAX), Kind.SACRIFICE: (SACRIFICE_MIN, SACRIFICE_MAX)}


class MatrixView(QTableView):
    rejectedKey = Signal(str)  # a key did nothing (a digit out of range, say): why

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(MatrixDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSortingEnabled(True)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        # Widths only stick once the header knows its sections, i.e. after setModel.
        for index, column in enumerate(COLUMNS):
            self.setColumnWidth(index, column.width)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and self.state() != QAbstractItemView.State.EditingState:
            kind = COLUMNS[index.column()].kind
            no_modifiers = not (
                event.modifiers()
                & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
            )
            if kind in _RANGES and no_modifiers:
                low, high = _RANGES[kind]
                text = event.text()
                if text.isdecimal() and len(text) == 1:
                    if low <= int(text) <= high:
                        self.model().setData(index, int(text), Qt.ItemDataRole.EditRole)
                    else:
                        title = COLUMNS[index.column()].title
                        self.rejectedKey.emit(f"Levels for {title}: {low}-{high} only")
                    event.accept()
                    return
                if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    self.model().setData(index, None, Qt.ItemDataRole.EditRole)
                    event.accept()
                    return
            if (
                kind not in _RANGES
                and no_modifiers
                and text_cell_key(self, index, event, self.rejectedKey.emit)
            ):
                event.accept()
                return
        super().keyPressEvent(event)
