"""The engagement's issue escalation ladder (from the toolkit), edited in place: who is
told when an issue climbs, how fast they answer and how. Every edit is saved as it is made
and is one step on the workspace's undo stack."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.escalation import FIELD_LIMITS, FIELDS, EscalationLevel, is_default
from cxdesk.models.wording import counted
from cxdesk.ops import ChangeSet
from cxdesk.store import escalation as store
from cxdesk.store import workspace as workspace_store
from cxdesk.ui.editing import changed_while_typing, first_fill, save_typed
from cxdesk.ui.escalation_model import (
    CHANNEL,
    LADDER_TABLE,
    NAME,
    OWNER,
    RESPONSE_TIME,
    TRIGGER,
    EscalationEdits,
    EscalationModel,
)
from cxdesk.ui.list_editor import ListEditorDialog
from cxdesk.ui.matrix.delegates import MultiLineEditor
from cxdesk.ui.record_model import AnyIndex
from cxdesk.ui.workspace import Workspace

INTRO = (
    "Agree this ladder with the client at kickoff: when an issue climbs a level, who owns "
    "it, how fast they answer and how. No surprises: the client hears of a problem from "
    "us first. The ladder is printed in the Expectation Management Toolkit."
)
ON_DEFAULT = "This engagement uses the default ladder; your first change makes it its own."


class EscalationDelegate(QStyledItemDelegate):
    """A trigger is a few sentences (Enter saves, Shift+Enter starts a new line); the other
    fields are one line, each within its limit."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        if index.column() == TRIGGER:
            editor = MultiLineEditor(parent, max_length=FIELD_LIMITS[FIELDS[TRIGGER]])
            editor.setTabChangesFocus(True)
            editor.submitted.connect(lambda: self._submit(editor))
            return editor
        line = QLineEdit(parent)
        line.setFrame(False)
        line.setMaxLength(FIELD_LIMITS[FIELDS[index.column()]])
        return line

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)  # air between wrapped rows

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            if not changed_while_typing(editor, index, editor.toPlainText()):
                save_typed(model, index, editor.toPlainText())
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, 90 - rect.height()))  # room to write
        editor.setGeometry(rect)


class EscalationDialog(ListEditorDialog):
    """Edit one engagement's escalation ladder; undo what was done here, or reset it."""

    def __init__(self, ws: Workspace, engagement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.engagement_id = engagement_id
        # Its own facade: an operation carries all its undo needs, so the steps taken
        # here still undo from the main window after the dialog is gone.
        self.edits = EscalationEdits(ws)
        engagement = workspace_store.get_engagement(ws.db, engagement_id)
        title = "Escalation ladder"
        self.setWindowTitle(f"{title} — {engagement.name}" if engagement else title)
        self.resize(980, 520)
        self._fit_pending = False

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.model = EscalationModel(self.edits, self)
        self.view = self._make_view()

        self.add_action = self.make_action("Add level", "Ctrl+N", self.add)
        self.delete_action = self.make_action("Delete", "Delete", self.delete_current)
        self.up_action = self.make_action("Move up", "Ctrl+Shift+Up", lambda: self.move_current(-1))
        self.down_action = self.make_action(
            "Move down", "Ctrl+Shift+Down", lambda: self.move_current(1)
        )
        self.reset_action = self.make_action("Reset to default", "", self.reset)
        # Delete acts on the table only: in an open cell editor it deletes text.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)

        tools = self.tool_row(
            (self.add_action, self.up_action, self.down_action, self.delete_action),
            (self.reset_action,),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.state)
        layout.addWidget(self.view, 1)
        layout.addLayout(tools)
        layout.addWidget(self.status)
        layout.addWidget(self.close_box())

        ws.changed.connect(self._on_changed)
        ws.undo_stack.indexChanged.connect(self._update_actions)
        self.view.selectionModel().currentRowChanged.connect(self._update_actions)
        self.reload()
        self.view.setFocus()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setItemDelegate(EscalationDelegate(view))
        view.setWordWrap(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setTabKeyNavigation(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header = view.horizontalHeader()
        # Rows as tall as their wrapped text, measured again whenever a column's width
        # changes (ResizeToContents measures before the stretched column has its width).
        header.sectionResized.connect(self._fit_rows_soon)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TRIGGER, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 190), (OWNER, 190), (RESPONSE_TIME, 130), (CHANNEL, 180)):
            header.resizeSection(column, width)
        return view

    def _fit_rows_soon(self, *_args: object) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_rows)

    def _fit_rows(self) -> None:
        self._fit_pending = False
        self.view.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_rows()

    # -- reading ---------------------------------------------------------------------

    def reload(self) -> None:
        current = self.current()
        column = max(self.view.currentIndex().column(), 0)
        self.model.set_levels(store.list_levels(self.ws.db, self.engagement_id))
        if self.model.rows:
            # The same rung if it is still there, else the same place (a default rung and
            # the stored one it became have different ids but the same position).
            row = self.model.row_of(current.id) if current and current.id else None
            if row is None:
                row = min(current.position if current else 0, len(self.model.rows) - 1)
            self._select_row(row, column)
        self._fit_rows()
        levels = self.model.rows
        if is_default(levels):
            self.state.setText(ON_DEFAULT)
        else:
            n = len(levels)
            self.state.setText(
                f"This engagement's own ladder, {counted(n, 'level')}. "
                "Reset to default brings back the standard four."
            )
        self._update_actions()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(LADDER_TABLE) and changes.concerns(self.engagement_id):
            self.reload()

    def current(self) -> EscalationLevel | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _select_row(self, row: int, column: int) -> None:
        self.select_row(self.view, self.model, row, column)

    # -- commands --------------------------------------------------------------------

    def add(self) -> None:
        """A new level below the current one (at the end with none selected)."""
        current = self.current()
        at = current.position + 1 if current else None
        level = self.edits.add_level(self.engagement_id, at)
        row = self.model.row_of(level.id) if level is not None else None
        if row is not None:
            self._select_row(row, NAME)
            self.view.edit(self.model.index(row, NAME))  # name it straight away

    def delete_current(self) -> None:
        level = self.current()
        if level is None:
            return
        if self.edits.delete_level(level) is not None:
            self.status.say(f"Deleted “{level.name}”. Undo (Ctrl+Z) brings it back.")

    def move_current(self, step: int) -> None:
        level = self.current()
        if level is None:
            return
        target = level.position + step
        if not 0 <= target < len(self.model.rows):
            return
        shown = [rung.id for rung in self.model.rows]
        # The moved level, where it is now (None: refused, or nothing moved).
        if self.edits.move_level(level, target, shown) is not None:
            self._select_row(target, max(self.view.currentIndex().column(), 0))

    def reset(self) -> None:
        if is_default(self.model.rows):
            return
        if self.edits.reset_to_default(self.engagement_id, self.model.rows) is not None:
            self.status.say("Back to the default ladder. Undo (Ctrl+Z) brings yours back.")

    def _update_actions(self, *_args: object) -> None:
        level = self.current()
        rows = len(self.model.rows)
        self.delete_action.setEnabled(level is not None and rows > 1)
        self.up_action.setEnabled(level is not None and level.position > 0)
        self.down_action.setEnabled(level is not None and level.position < rows - 1)
        self.reset_action.setEnabled(not is_default(self.model.rows))
        self.update_undo_actions()

    def disconnect_workspace(self) -> None:
        self.ws.changed.disconnect(self._on_changed)
        self.ws.undo_stack.indexChanged.disconnect(self._update_actions)
