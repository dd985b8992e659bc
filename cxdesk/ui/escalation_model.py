"""The escalation ladder as the UI sees it: its edits on the workspace, and a table model.

An engagement on the default ladder has no rows of its own (see ``cxdesk.store.escalation``).
Its first edit stores the default rungs and then changes them, in one operation
(``cxdesk.ops.toolkit``): undoing it takes both back (the default again), and redo brings
the same rows back under the same ids, so every later step still finds its rung.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from cxdesk.models.escalation import FIELD_LABELS, FIELDS, EscalationLevel
from cxdesk.ops import toolkit as ops
from cxdesk.ui.record_model import AnyIndex, plain_tip

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

NAME, TRIGGER, OWNER, RESPONSE_TIME, CHANNEL = range(len(FIELDS))
# What the ladder's screens watch in Workspace.changed.
LADDER_TABLE = "escalation_level"


class EscalationEdits:
    """An engagement's escalation ladder, edited one undoable operation at a time on the
    workspace. Each method returns the operation's value, or None when it was refused
    (the person has been told why) or nothing changes."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def edit_level(self, level: EscalationLevel, field: str, value: Any) -> EscalationLevel | None:
        """Change one field of a rung (a default one makes the ladder the engagement's own)."""
        return self._ws.run(ops.edit_level(level, field, value))

    def add_level(
        self, engagement_id: int, at: int | None = None, **values: Any
    ) -> EscalationLevel | None:
        """A new rung at index ``at`` (the end when None)."""
        return self._ws.run(ops.add_level(engagement_id, at, **values))

    def delete_level(self, level: EscalationLevel) -> tuple[EscalationLevel, ...] | None:
        """The ladder left, or None when refused (the last rung stays)."""
        return self._ws.run(ops.delete_level(level))

    def move_level(
        self, level: EscalationLevel, to: int, shown: Sequence[int] | None = None
    ) -> tuple[EscalationLevel, ...] | None:
        """The ladder in its new order, or None when refused or not moved. ``shown``: the
        rungs' ids as the screen shows them (a colleague's change since is not moved over)."""
        return self._ws.run(ops.move_level(level, to, shown))

    def reset_to_default(
        self, engagement_id: int, shown: Sequence[EscalationLevel]
    ) -> tuple[EscalationLevel, ...] | None:
        """Forget the engagement's own ladder: the default one applies again (returned);
        None when refused. ``shown``: the rungs as the screen shows them (a colleague's
        change since is not deleted unseen)."""
        return self._ws.run(ops.reset_to_default(engagement_id, shown))


class EscalationModel(QAbstractTableModel):
    """The ladder's rungs in order, one column per field; edits go through the workspace
    and come back re-read (:meth:`set_levels`)."""

    def __init__(self, edits: EscalationEdits, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.rows: tuple[EscalationLevel, ...] = ()

    def set_levels(self, levels: tuple[EscalationLevel, ...]) -> None:
        if [r.id for r in levels] == [r.id for r in self.rows] and all(r.id for r in levels):
            self.rows = levels  # the same stored rungs in the same order: repaint only
            if levels:
                self.dataChanged.emit(self.index(0, 0), self.index(len(levels) - 1, CHANNEL))
            return
        self.beginResetModel()
        self.rows = levels
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return FIELD_LABELS[FIELDS[section]]
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = getattr(self.rows[index.row()], FIELDS[index.column()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TRIGGER and value:
            return plain_tip(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        level = self.rows[index.row()]
        return self.edits.edit_level(level, FIELDS[index.column()], value) is not None

    def row_of(self, level_id: int) -> int | None:
        return next((r for r, level in enumerate(self.rows) if level.id == level_id), None)
