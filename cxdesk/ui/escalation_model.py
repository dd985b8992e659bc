"""The escalation ladder as the UI sees it: undoable edits on the workspace, and a table model.

An engagement on the default ladder has no rows of its own (see ``cxdesk.store.escalation``).
Its first edit stores the default rungs and then changes them, in one undo step: undoing
it clears them again (back to the default), and redo brings them back under the same ids,
so every later step still finds its rung.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from cxdesk.models.escalation import FIELD_LABELS, FIELDS, EscalationLevel
from cxdesk.store import escalation as store
from cxdesk.store.errors import EditRefused
from cxdesk.store.graveyard import BuriedRows
from cxdesk.ui.record_model import AnyIndex

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

NAME, TRIGGER, OWNER, RESPONSE_TIME, CHANNEL = range(len(FIELDS))


class EscalationEdits(QObject):
    """Store operations on an engagement's escalation ladder, each one undoable.

    It lives as long as the workspace (its undo steps call it after a dialog has closed):
    get it with :func:`escalation_edits`.
    """

    ladderChanged = Signal(int)  # engagement id: re-read the ladder
    levelCreated = Signal(object)  # EscalationLevel, after ladderChanged (to select it)

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.db = ws.db

    # -- plumbing ------------------------------------------------------------------

    def _push(
        self, text: str, engagement_id: int, do: Callable[[], None], undo: Callable[[], None]
    ) -> None:
        """An undoable step on the ladder, made the engagement's own first if need be."""
        created: list[bool] = []  # set by the first do: were the default rungs stored then?
        buried: list[BuriedRows] = []

        def first() -> None:
            created.append(store.ensure_ladder(self.db, engagement_id).created)
            try:
                do()
            except BaseException:
                if created[0]:  # the step failed: leave the ladder as it was, the default
                    store.clear_ladder(self.db, engagement_id)
                raise

        def forward() -> None:
            if not created:
                first()
            else:
                if created[0]:
                    store.restore_levels(self.db, buried[0])
                do()
            self.ladderChanged.emit(engagement_id)

        def backward() -> None:
            undo()
            if created[0]:
                buried[:] = [store.clear_ladder(self.db, engagement_id)]
            self.ladderChanged.emit(engagement_id)

        self.ws.push(text, forward, backward, engagement_id)

    def _rung_id(self, level: EscalationLevel) -> Callable[[], int]:
        """The stored id of ``level``: a default rung's is known once the ladder is stored
        (and stays the same through undo and redo)."""
        known: list[int] = [level.id] if level.id else []

        def rung_id() -> int:
            if not known:
                ladder = store.list_levels(self.db, level.engagement_id)
                known.append(ladder[level.position].id)
            return known[0]

        return rung_id

    def _refused(self, refusal: EditRefused) -> None:
        self.ws.editRefused.emit(refusal.message)

    # -- edits ---------------------------------------------------------------------

    def edit_level(self, level: EscalationLevel, field: str, value: Any) -> bool:
        """Change one field of a rung; False when refused or nothing changes."""
        try:
            value = store.clean_level_field(field, value)
        except EditRefused as refusal:
            self._refused(refusal)
            return False
        old = getattr(level, field)
        if value == old:
            return False
        rung = self._rung_id(level)

        def apply(new: str) -> Callable[[], None]:
            def step() -> None:
                store.update_level(self.db, rung(), field, new)

            return step

        label = FIELD_LABELS[field].lower()
        self._push(f"Edit {label} of “{level.name}”", level.engagement_id, apply(value), apply(old))
        return True

    def add_level(self, engagement_id: int, at: int | None = None, **values: Any) -> None:
        """A new rung at index ``at`` (the end when None), selected once added."""
        added: list[EscalationLevel] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if added:
                store.restore_levels(self.db, buried[0])
                return
            added.append(store.add_level(self.db, engagement_id, at, **values))

        def undo() -> None:
            buried[:] = [store.delete_level(self.db, added[0].id)]

        before = self.ws.undo_stack.index()
        self._push("Add escalation level", engagement_id, do, undo)
        if self.ws.undo_stack.index() != before and added:
            self.levelCreated.emit(added[0])

    def delete_level(self, level: EscalationLevel) -> None:
        rung = self._rung_id(level)
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [store.delete_level(self.db, rung())]

        self._push(
            f"Delete escalation level “{level.name}”",
            level.engagement_id,
            do,
            lambda: store.restore_levels(self.db, buried[0]),
        )

    def move_level(self, level: EscalationLevel, to: int) -> None:
        if to == level.position:
            return
        rung = self._rung_id(level)

        def apply(index: int) -> Callable[[], None]:
            def step() -> None:
                store.move_level(self.db, rung(), index)

            return step

        self._push(
            f"Move escalation level “{level.name}”",
            level.engagement_id,
            apply(to),
            apply(level.position),
        )

    def reset_to_default(self, engagement_id: int) -> None:
        """Forget the engagement's own ladder: the default one applies again."""
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [store.clear_ladder(self.db, engagement_id)]
            self.ladderChanged.emit(engagement_id)

        def undo() -> None:
            store.restore_levels(self.db, buried[0])
            self.ladderChanged.emit(engagement_id)

        self.ws.push("Reset the escalation ladder to the default", do, undo, engagement_id)


def escalation_edits(ws: Workspace) -> EscalationEdits:
    """The workspace's one :class:`EscalationEdits`, made on first use."""
    found = ws.findChild(EscalationEdits)
    return found if isinstance(found, EscalationEdits) else EscalationEdits(ws)


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
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        level = self.rows[index.row()]
        return self.edits.edit_level(level, FIELDS[index.column()], value)

    def row_of(self, level_id: int) -> int | None:
        return next((r for r, level in enumerate(self.rows) if level.id == level_id), None)
