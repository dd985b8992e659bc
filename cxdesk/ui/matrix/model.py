"""The Expectation Matrix as a Qt table model over :class:`ItemRecord` rows, and its filter.

Edits go to the workspace (undoable, committed at once); the model changes only when
the workspace reports what changed, so the screen always shows what is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from cxdesk.models.gaps import gap_symbol, trails_expectations
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.records import ItemRecord
from cxdesk.store import expectations
from cxdesk.ui import theme
from cxdesk.ui.matrix.columns import COLUMNS, SEARCHABLE, Kind
from cxdesk.ui.workspace import Workspace

ItemRole = Qt.ItemDataRole.UserRole + 1  # the row's ItemRecord
SortRole = Qt.ItemDataRole.UserRole + 2  # a comparable key; unscored sorts last

AnyIndex = QModelIndex | QPersistentModelIndex
_UNSCORED = 10_000.0  # sorts after every real level or gap


class ExpectationTableModel(QAbstractTableModel):
    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._engagement_id: int | None = None
        self._rows: list[ItemRecord] = []
        workspace.itemChanged.connect(self._on_item_changed)
        workspace.itemsChanged.connect(self._on_items_changed)

    # -- loading -------------------------------------------------------------------

    @property
    def engagement_id(self) -> int | None:
        return self._engagement_id

    def load(self, engagement_id: int | None) -> None:
        """Show another engagement's matrix (the one place a full reset is right)."""
        self.beginResetModel()
        self._engagement_id = engagement_id
        self._rows = (
            expectations.list_items(self._workspace.db, engagement_id)
            if engagement_id is not None
            else []
        )
        self.endResetModel()

    def items(self) -> list[ItemRecord]:
        return list(self._rows)

    def item(self, row: int) -> ItemRecord:
        return self._rows[row]

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == item_id:
                return row
        return None

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.help
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = COLUMNS[index.column()]
        value = getattr(item, column.field)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(column.kind, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == ItemRole:
            return item
        if role == SortRole:
            return _sort_key(column.kind, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(column.kind, value)
        if role == Qt.ItemDataRole.BackgroundRole and column.kind is Kind.GAP:
            return theme.gap_background(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in (Kind.TEXT, Kind.LINE):
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.title}: {_display(column.kind, value) or 'empty'}"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if not column.editable:
            return False
        if column.kind is Kind.LINE and isinstance(value, str):
            value = " ".join(value.split())
        self._workspace.edit_item(self._rows[index.row()], column.field, value)
        return True

    # -- reacting to saved changes -------------------------------------------------

    def _on_item_changed(self, item: ItemRecord) -> None:
        row = self.row_of(item.id)
        if row is None or item.engagement_id != self._engagement_id:
            return
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _on_items_changed(self, engagement_id: int) -> None:
        if engagement_id != self._engagement_id:
            return
        self._apply(expectations.list_items(self._workspace.db, engagement_id))

    def _apply(self, fresh: list[ItemRecord]) -> None:
        """Move from the current rows to ``fresh`` with targeted signals, keeping selection."""
        fresh_ids = {i.id for i in fresh}
        # 1. rows that went away, bottom-up so indices stay valid
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id not in fresh_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        # 2. rows that arrived, at their new index
        known = {i.id for i in self._rows}
        for target, item in enumerate(fresh):
            if item.id not in known:
                at = min(target, len(self._rows))
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, item)
                self.endInsertRows()
        # 3. same rows, maybe in another order or with new positions
        if [i.id for i in self._rows] != [i.id for i in fresh]:
            self.layoutAboutToBeChanged.emit()
            new_rows = {item.id: row for row, item in enumerate(fresh)}
            persistent = self.persistentIndexList()
            moved = [self.index(new_rows[self._rows[p.row()].id], p.column()) for p in persistent]
            self._rows = list(fresh)
            self.changePersistentIndexList(persistent, moved)
            self.layoutChanged.emit()
        elif self._rows != fresh:
            self._rows = list(fresh)
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )


def _display(kind: Kind, value: Any) -> str:
    if kind is Kind.GAP:
        return gap_symbol(value)
    if kind in (Kind.LEVEL, Kind.SACRIFICE):
        return "–" if value is None else str(value)
    if kind is Kind.POSITION:
        return str(value + 1)
    if kind is Kind.STATUS:
        return ExpectationStatus(value).label
    return str(value)


def _tooltip(kind: Kind, value: Any) -> str | None:
    if kind in (Kind.TEXT, Kind.LINE):
        return str(value) if value else None
    if kind is Kind.GAP:
        if value is None:
            return "Not scored yet: set both levels to see the gap"
        if trails_expectations(value):
            return f"{value}: trails expectations"
        return f"+{value}: meets or beats expectations" if value else "0: exactly as expected"
    return None


def _sort_key(kind: Kind, value: Any) -> Any:
    if kind in (Kind.TEXT, Kind.LINE):
        return value.casefold()
    if kind is Kind.STATUS:
        return list(ExpectationStatus).index(ExpectationStatus(value))
    return _UNSCORED if value is None else float(value)


class MatrixFilterProxy(QSortFilterProxyModel):
    """Sort by any column; filter by text, status and "trailing expectations only"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status: str | None = None
        self._trailing_only = False
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.casefold().strip()
        self.endFilterChange()

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange()

    def set_trailing_only(self, enabled: bool) -> None:
        self.beginFilterChange()
        self._trailing_only = enabled
        self.endFilterChange()

    @property
    def is_filtering(self) -> bool:
        return bool(self._needle or self._status or self._trailing_only)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        item: ItemRecord = model.data(model.index(source_row, 0, source_parent), ItemRole)
        if item is None:
            return False
        if self._status and item.status != self._status:
            return False
        if self._trailing_only and not (
            trails_expectations(item.perceived_gap) or trails_expectations(item.delivery_gap)
        ):
            return False
        if self._needle:
            haystack = " ".join(getattr(item, COLUMNS[c].field) for c in SEARCHABLE)
            if self._needle not in haystack.casefold():
                return False
        return True
