"""The matrix's table model and filter as the screen shows them, with no store behind.

:class:`ItemTableModel` lays out :class:`ItemRecord` rows in the matrix's columns and
:class:`MatrixFilterProxy` sorts and filters them. The tab's model
(:class:`cxdesk.ui.matrix.model.ExpectationTableModel`) adds saving and following saved
changes; the first frame at start-up uses these two as they are, before the store loads.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel

from cxdesk.models.engagement_records import ItemRecord
from cxdesk.models.gaps import trails_expectations
from cxdesk.ui.matrix.columns import COLUMNS, SEARCHABLE
from cxdesk.ui.record_model import AnyIndex, RecordRole, RecordTableModel, SortRole


class ItemTableModel(RecordTableModel[ItemRecord]):
    """Expectation Matrix rows in the matrix's columns."""

    columns = COLUMNS


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
        item: ItemRecord = model.data(model.index(source_row, 0, source_parent), RecordRole)
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
