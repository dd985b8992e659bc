"""The client's stakeholders (every client has internal politics, pressures, personas), edited in a
dialog: each one gets their own emotion lane on the map and their own curve."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.journey_map import (
    NAME_MAX,
    TEXT_MAX,
    Influence,
    JourneyMap,
    StakeholderRecord,
)
from cxdesk.models.wording import counted
from cxdesk.ops import ChangeSet
from cxdesk.store import journey_map as journey_store
from cxdesk.ui.editing import changed_while_typing, first_fill
from cxdesk.ui.list_editor import ListEditorDialog
from cxdesk.ui.record_model import AnyIndex, Column, RecordTableModel, strip_text
from cxdesk.ui.workspace import Workspace

NAME, ROLE, INFLUENCE, NOTES, SCORES = range(5)
STAKEHOLDER_TABLES = ("stakeholder", "stakeholder_emotion", "touchpoint", "map_phase")
_SCORES_SAY = "Touchpoints where this person's emotion is scored on the map"


class StakeholderModel(RecordTableModel[StakeholderRecord]):
    """The stakeholders in their order; edits go to ``ws.journey`` and come back re-read."""

    numbered_rows = True
    columns = (
        Column("name", "Name", editable=True, tidy=strip_text),
        Column("role", "Role", editable=True, tidy=strip_text),
        Column(
            "influence",
            "Influence",
            editable=True,
            display=lambda s: Influence(s.influence).label,
            tidy=strip_text,
        ),
        Column("notes", "Notes", editable=True, tooltip=lambda s: s.notes or None),
        # How many touchpoints score the person: the model counts them (see data()).
        Column("", "Scores", tooltip=lambda _s: _SCORES_SAY),
    )

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.scores: dict[int, int] = {}  # stakeholder id -> touchpoints scored

    @property
    def rows(self) -> tuple[StakeholderRecord, ...]:
        return tuple(self._rows)

    def set_map(self, journey: JourneyMap) -> None:
        scores = {s.id: 0 for s in journey.stakeholders}
        for touchpoint in journey.touchpoints():
            for stakeholder_id in touchpoint.stakeholder_emotions:
                scores[stakeholder_id] = scores.get(stakeholder_id, 0) + 1
        before, self.scores = self.scores, scores
        self.apply(journey.stakeholders)
        self.repaint_rows(
            row
            for row, s in enumerate(self._rows)
            if s.id in before and before[s.id] != scores.get(s.id)
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() == SCORES
            and 0 <= index.row() < len(self._rows)
        ):
            n = self.scores.get(self._rows[index.row()].id, 0)
            return counted(n, "touchpoint") if n else "none yet"
        return super().data(index, role)

    def edit(
        self, record: StakeholderRecord, column: Column[StakeholderRecord], value: Any
    ) -> bool:
        if value == getattr(record, column.field):
            return False
        self.ws.journey.edit_stakeholder(record, column.field, value)
        return True


class StakeholderDelegate(QStyledItemDelegate):
    """Influence is chosen from its three values; names and notes have their limits."""

    def createEditor(self, parent: QWidget, option: Any, index: AnyIndex) -> QWidget:
        if index.column() == INFLUENCE:
            combo = QComboBox(parent)
            for level in Influence:
                combo.addItem(level.label, level.value)
            # A choice is saved as soon as it is made, like a typed cell on Enter.
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setMaxLength(NAME_MAX if index.column() in (NAME, ROLE) else TEXT_MAX)
        return editor

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            if not changed_while_typing(editor, index, editor.currentData()):
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class StakeholdersDialog(ListEditorDialog):
    """Add, rename, reorder and delete the client's stakeholders; undo what was done here."""

    def __init__(self, ws: Workspace, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.engagement_id = engagement_id
        self.setWindowTitle("Client stakeholders")
        self.resize(720, 420)

        intro = QLabel(
            "Every client has internal politics, pressures and personas. Each person added "
            "here gets an “Emotion · name” lane on the map to score, and a curve of their own."
        )
        intro.setWordWrap(True)
        self.model = StakeholderModel(ws, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(StakeholderDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(NAME, 150)
        header.resizeSection(ROLE, 150)
        header.resizeSection(INFLUENCE, 90)
        header.resizeSection(SCORES, 110)

        self.new_name = QLineEdit()
        self.new_name.setMaxLength(NAME_MAX)
        self.new_name.setPlaceholderText("New stakeholder's name, then Enter")
        self.new_name.returnPressed.connect(self.add)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        self.new_name.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip()))
        )
        self.add_button.setEnabled(False)
        self.add_button.setAutoDefault(False)

        self.delete_action = self.make_action("Delete", "Delete", self.delete_current)
        self.up_action = self.make_action("Move up", "Ctrl+Shift+Up", lambda: self.move_current(-1))
        self.down_action = self.make_action(
            "Move down", "Ctrl+Shift+Down", lambda: self.move_current(1)
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)

        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(adding)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.tool_row((self.up_action, self.down_action, self.delete_action), ()))
        layout.addWidget(self.status)
        layout.addWidget(self.close_box())

        ws.changed.connect(self._on_changed)
        ws.undo_stack.indexChanged.connect(self._update_actions)
        self.view.selectionModel().currentRowChanged.connect(self._update_actions)
        self.reload()
        self.new_name.setFocus()

    # -- reading ---------------------------------------------------------------------

    def reload(self) -> None:
        before = {s.id for s in self.model.rows}
        current = self.current()
        self.model.set_map(journey_store.load_map(self.ws.db, self.engagement_id))
        added = [s for s in self.model.rows if s.id not in before]
        chosen = added[-1] if before and added else current
        if chosen is None and self.model.rows:
            chosen = self.model.rows[0]  # Delete and the moves have someone to act on
        if chosen is not None:
            self.select(chosen.id)
        self._update_actions()

    def _on_changed(self, changes: ChangeSet) -> None:
        # The people, and the touchpoints that score them (the Scores column).
        if changes.touches(*STAKEHOLDER_TABLES) and changes.concerns(self.engagement_id):
            self.reload()

    def current(self) -> StakeholderRecord | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def select(self, stakeholder_id: int, column: int | None = None) -> None:
        row = self.model.row_of(stakeholder_id)
        if row is None:
            return
        column = column if column is not None else max(self.view.currentIndex().column(), 0)
        self.select_row(self.view, self.model, row, column)

    # -- commands --------------------------------------------------------------------

    def add(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            return
        if self.ws.journey.add_stakeholder(self.engagement_id, name) is not None:
            self.new_name.clear()
            self.status.say(
                f"Added {name}. Set their role and influence here; score them on the map."
            )

    def delete_current(self) -> None:
        person = self.current()
        if person is None:
            return
        n = self.model.scores.get(person.id, 0)
        self.ws.journey.delete_stakeholder(person)
        scores = f" and their {counted(n, 'score')}" if n else ""
        self.status.say(f"Deleted {person.name}{scores}. Undo (Ctrl+Z) brings it back.")

    def move_current(self, step: int) -> None:
        person = self.current()
        if person is None:
            return
        target = person.position + step
        if 0 <= target < len(self.model.rows):
            shown = [p.id for p in self.model.rows]
            self.ws.journey.move_stakeholder(person, target, shown)
            self.select(person.id)

    def _update_actions(self, *_args: object) -> None:
        person = self.current()
        self.delete_action.setEnabled(person is not None)
        self.up_action.setEnabled(person is not None and person.position > 0)
        self.down_action.setEnabled(
            person is not None and person.position < len(self.model.rows) - 1
        )
        self.update_undo_actions()

    def disconnect_workspace(self) -> None:
        self.ws.changed.disconnect(self._on_changed)
        self.ws.undo_stack.indexChanged.disconnect(self._update_actions)
