"""The Expectation Matrix as a Qt table model over :class:`ItemRecord` rows, and its filter.

Edits go to the workspace (undoable, committed at once); the model changes only when
the workspace reports what changed, so the screen always shows what is saved.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject

from cxdesk.models.records import ItemRecord
from cxdesk.ops import ChangeSet
from cxdesk.store import expectations
from cxdesk.ui.matrix.table import ItemTableModel, MatrixFilterProxy
from cxdesk.ui.record_model import Column, RecordRole
from cxdesk.ui.workspace import Workspace

ItemRole = RecordRole  # the row's ItemRecord
ITEMS = "expectation_item"  # the rows' table, as a ChangeSet names it

__all__ = ["ITEMS", "ExpectationTableModel", "ItemRole", "MatrixFilterProxy"]


class ExpectationTableModel(ItemTableModel):
    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._engagement_id: int | None = None
        self._saving: int | None = None  # the row whose cell edit() is saving
        workspace.changed.connect(self._on_changed)

    # -- loading -------------------------------------------------------------------

    @property
    def engagement_id(self) -> int | None:
        return self._engagement_id

    def load(self, engagement_id: int | None) -> None:
        """Show another engagement's matrix (the one place a full reset is right)."""
        self._engagement_id = engagement_id
        self.reset(
            expectations.list_items(self._workspace.db, engagement_id)
            if engagement_id is not None
            else []
        )

    def items(self) -> list[ItemRecord]:
        return self.records()

    def item(self, row: int) -> ItemRecord:
        return self.record(row)

    def edit(self, record: ItemRecord, column: Column[ItemRecord], value: object) -> bool:
        # The row as saved comes back from run(): no second read of it while typing.
        self._saving = record.id
        try:
            saved = self._workspace.edit_item(record, column.field, value)
        finally:
            self._saving = None
        if saved is not None:
            self.update_record(saved)
        elif getattr(record, column.field) != value:
            # Refused (the person was told why): show the row as it is now, so the next
            # edit starts from what is saved (somebody may have changed it).
            self._reread({record.id})
        return True

    # -- reacting to saved changes -------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        engagement_id = self._engagement_id
        if (
            engagement_id is None
            or not changes.touches(ITEMS)
            or not changes.concerns(engagement_id)
        ):
            return
        if changes.reshapes(ITEMS):  # rows came or went: the list, moved to in place
            self.apply(expectations.list_items(self._workspace.db, engagement_id))
        elif changes.updated[ITEMS] != {self._saving}:  # else edit() shows what run() gives
            # An undo, a redo, several rows: re-read just the rows changed, not the 1,000.
            self._reread(changes.updated[ITEMS])

    def _reread(self, item_ids: Iterable[int]) -> None:
        shown = {i: r for i in item_ids if (r := self.record_of(i)) is not None}
        if not shown:
            return
        fresh = expectations.get_items(self._workspace.db, shown)
        moved = len(fresh) != len(shown) or any(
            shown[item.id].position != item.position for item in fresh
        )
        if moved and self._engagement_id is not None:  # a move renumbers: rows change place
            self.apply(expectations.list_items(self._workspace.db, self._engagement_id))
            return
        for item in fresh:
            self.update_record(item)
