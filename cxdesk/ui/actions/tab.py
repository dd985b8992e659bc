"""The Actions tab: every action of the engagement, what gap each answers, who owns it,
when it is due (overdue ones marked), and once done, whether the gap moved.

Read while the tab is visible, re-read when a change touches actions or what their gaps
are measured by; every edit is an operation (one undo step) and a refusal is said here
in the store's words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.actions import (
    ActionRecord,
    ActionRow,
    ActionSource,
    ActionStatus,
    SourceKind,
)
from cxdesk.ops import actions as action_ops
from cxdesk.store import action_evidence
from cxdesk.store import actions as action_store
from cxdesk.ui.actions.dialogs import NewActionDialog, OutcomeDialog
from cxdesk.ui.actions.filter_bar import filter_row
from cxdesk.ui.actions.filters import ActionFilterProxy, Showing
from cxdesk.ui.actions.links import go_to_source, navigation
from cxdesk.ui.actions.model import (
    COLUMN_INDEX,
    ActionLine,
    ActionLineRole,
    ActionTableModel,
    lines_of,
)
from cxdesk.ui.actions.view import ActionsView
from cxdesk.ui.engagement_list import EngagementListTab, asked
from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.workspace import Workspace

# What an action's "did it work?" is measured by: a change to any re-reads the evidence.
MEASURES = (
    "gap_action",
    "issue",
    "expectation_item",
    "expectation_snapshot",
    "milestone",
    "rater_assessment",
    "rater_respondent",
    "pulse_check",
    "touchpoint",
    "stakeholder",
    "emotion_snapshot",
    "stakeholder_emotion_snapshot",
    "handoff_item",
)


class ActionsTab(EngagementListTab):
    watches = MEASURES
    tab_key = TabKey.ACTIONS

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.model = ActionTableModel(self._save, self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = ActionsView()
        self.view.setModel(self.proxy)
        # The consultant's own order until a header is clicked (no column sorted).
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self._build_actions()
        self._build_layout()
        self.setFocusProxy(self.view)

        self.view.statusKey.connect(self.set_status)
        self.view.clearDue.connect(self._clear_due)
        self.view.sourceActivated.connect(lambda _index: self.go_to_source())
        self.view.rejectedKey.connect(self.status.say)
        delegate = self.view.itemDelegate()
        delegate.rejected.connect(self.status.say)  # type: ignore[attr-defined]
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        # The counts line once per burst: a filter removes its rows a run at a time.
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self._counts_changed)
        for signal in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.dataChanged,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
        ):
            signal.connect(self._recount.start)
        self._listen()
        navigation(ws).showActions.connect(self.show_actions_for)
        navigation(ws).showOverdue.connect(self.show_overdue)
        self._update_actions()

    # -- construction --------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.add_action = self._action("&New action…", "Ctrl+N", self.new_action)
        self.delete_action = self._action("&Delete action", "Ctrl+Delete", self.delete_selected)
        self.start_action = self._action(
            "Mark in &progress",
            "Ctrl+Shift+P",
            lambda: self.set_status(ActionStatus.IN_PROGRESS),
        )
        self.done_action = self._action(
            "M&ark done…", "Ctrl+Shift+D", lambda: self.set_status(ActionStatus.DONE)
        )
        self.drop_action = self._action(
            "Dr&op action", None, lambda: self.set_status(ActionStatus.DROPPED)
        )
        self.reopen_action = self._action(
            "Reop&en action", None, lambda: self.set_status(ActionStatus.OPEN)
        )
        self.source_action = self._action("Go &to the gap", "Ctrl+G", self.go_to_source)
        self.find_action = self._action("&Find", QKeySequence.StandardKey.Find, self._focus_search)

    def _build_layout(self) -> None:
        self.filters = filter_row(self._filters_changed)
        self.showing, self.owner = self.filters.showing, self.filters.owner
        self.cause, self.kind = self.filters.cause, self.filters.kind
        self.search = self.filters.search

        # "Show actions for this gap": the one gap the view is narrowed to, and a way out.
        self.gap_label = QLabel()
        self.gap_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gap_clear = QToolButton()
        self.gap_clear.setText("Show every gap")
        self.gap_clear.clicked.connect(lambda: self.show_actions_for(None))
        self.gap_bar = QWidget()
        gap_row = QHBoxLayout(self.gap_bar)
        gap_row.setContentsMargins(0, 0, 0, 0)
        gap_row.addWidget(self.gap_label, 1)
        gap_row.addWidget(self.gap_clear)
        self.gap_bar.hide()

        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.new_button = QPushButton("New action…")
        self.new_button.setToolTip("A typed action (Ctrl+N); on a gap's own tab, Ctrl+Shift+G")
        self.new_button.clicked.connect(self.add_action.trigger)
        self.done_button = QPushButton("Mark done…")
        self.done_button.setToolTip("Say what was done and close it (Ctrl+Shift+D)")
        self.done_button.clicked.connect(self.done_action.trigger)
        self.source_button = QPushButton("Go to the gap")
        self.source_button.setToolTip("Show the gap this action answers on its tab (Ctrl+G)")
        self.source_button.clicked.connect(self.source_action.trigger)
        tools = QHBoxLayout()
        tools.addWidget(self.count)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.new_button)
        tools.addWidget(self.done_button)
        tools.addWidget(self.source_button)
        self.status = StatusLine(hide_when_empty=True)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(self.filters.row)
        layout.addWidget(self.gap_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    # -- showing an engagement -----------------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        if engagement_id != self.engagement_id:
            self.proxy.change(gap=None)
            self.gap_bar.hide()
        super().show_engagement(engagement_id)

    def _read(self) -> list[tuple[ActionTableModel, list[ActionLine]]]:
        return [(self.model, self._lines())]

    def _lines(self) -> list[ActionLine]:
        if self.engagement_id is None:
            return []
        rows = action_store.list_actions(self.ws.db, self.engagement_id)
        done = [r.record for r in rows if r.record.closed_at is not None]
        evidence = (
            action_evidence.load_evidence(self.ws.db, self.engagement_id, done) if done else {}
        )
        return lines_of(rows, evidence, self.today())

    # -- filters -------------------------------------------------------------------------

    def _rows_shown(self) -> None:
        self._owners_changed()

    def _owners_changed(self) -> None:
        if self.filters.offer_owners(line.record.owner_name for line in self.model.lines()):
            self._filters_changed()

    def _filters_changed(self, *_args: object) -> None:
        kind = self.kind.currentData()
        self.proxy.change(
            showing=Showing(self.showing.currentData()),
            owner=self.owner.currentData(),
            cause=self.cause.currentData(),
            kind=SourceKind(kind) if kind is not None else None,
            words=self.search.text().casefold().strip(),
        )

    def show_actions_for(self, source: ActionSource | None) -> None:
        """Narrow the view to the actions on one gap (None: every gap again)."""
        self.proxy.change(gap=source)
        if source is None:
            self.gap_bar.hide()
            return
        words = next(
            (line.row.source_text for line in self.model.lines() if _answers(line, source)),
            "this gap",
        )
        self.gap_label.setText(f"Actions on {words}")
        self.gap_bar.show()
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, COLUMN_INDEX["title"]))

    def show_overdue(self) -> None:
        """Only the overdue actions, every other filter cleared (the Overview's overdue
        count and its oldest overdue action lead here), the oldest overdue selected."""
        self.show_actions_for(None)
        boxes = (self.owner, self.cause, self.kind)
        for box in (*boxes, self.showing, self.search):
            box.blockSignals(True)
        for box in boxes:
            box.setCurrentIndex(0)
        self.search.clear()
        self.showing.setCurrentIndex(self.showing.findData(Showing.OVERDUE.value))
        for box in (*boxes, self.showing, self.search):
            box.blockSignals(False)
        self._filters_changed()  # once, whichever boxes changed
        rows = range(self.proxy.rowCount())
        if rows:
            title = COLUMN_INDEX["title"]
            oldest = max(
                rows, key=lambda r: self.proxy.index(r, title).data(ActionLineRole).days_overdue
            )
            self.view.setCurrentIndex(self.proxy.index(oldest, title))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _counts_changed(self, *_args: object) -> None:
        lines = self.model.lines()
        open_ = sum(1 for line in lines if line.record.is_open)
        late = sum(1 for line in lines if line.days_overdue)
        shown = self.proxy.rowCount()
        words = f"{len(lines)} actions · {open_} open · {late} overdue"
        if shown != len(lines):
            words += f" · {shown} shown"
        self.count.setText(words if lines else "No actions yet")
        self._update_actions()

    # -- the actions on rows -------------------------------------------------------------

    def selected(self) -> list[ActionLine]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return [self.proxy.index(r, 0).data(ActionLineRole) for r in sorted(rows)]

    def current(self) -> ActionLine | None:
        index = self.view.currentIndex()
        return index.data(ActionLineRole) if index.isValid() else None

    def _save(self, record: ActionRecord, field: str, value: Any) -> None:
        self._saved(self.ws.run(action_ops.edit_action(record, field, value), self.tab_key))

    def _saved(self, row: ActionRow | None) -> None:
        """Show the saved row at once (the next key edits it as saved); its evidence and
        everything else follow with the re-read the change started."""
        if row is None:
            return
        old = self.model.record_of(row.id)
        evidence = old.evidence if old is not None else None
        self.model.update_record(ActionLine(row, evidence, row.record.days_overdue(self.today())))

    def _clear_due(self, index: QModelIndex) -> None:
        line = index.data(ActionLineRole)
        if line is not None and line.record.due_on is not None:
            self._save(line.record, "due_on", None)

    def new_action(self) -> None:
        if self.engagement_id is None:
            return
        typed = asked(
            NewActionDialog("", "", today=self.today(), parent=self), NewActionDialog.draft
        )
        if typed is None:
            return
        made = self._run(action_ops.add_action(self.engagement_id, typed.title, **typed.values()))
        if made is not None:
            self.select(made.id)

    def select(self, action_id: int, field: str = "title") -> bool:
        return self._select_line(self.view, self.proxy, action_id, COLUMN_INDEX[field])

    def set_status(self, status: ActionStatus) -> None:
        """Move the current action on (done asks what was done), one undo step."""
        line = self.current()
        if line is None:
            return
        record = line.record
        outcome: str | None = None
        if status is ActionStatus.DONE and record.status != ActionStatus.DONE.value:
            outcome = asked(
                OutcomeDialog(record.title, record.outcome, parent=self), OutcomeDialog.text
            )
            if outcome is None:
                return
        self._saved(
            self.ws.run(action_ops.set_status(record, status, outcome=outcome), self.tab_key)
        )

    def delete_selected(self) -> None:
        lines = self.selected()
        if self.engagement_id is None or not lines:
            return
        self.ws.run(
            action_ops.delete_actions(self.engagement_id, [line.id for line in lines]),
            self.tab_key,
        )

    def go_to_source(self) -> None:
        line = self.current()
        if line is None:
            return
        source = source_of(line.record)
        if source is None:
            self.status.say(
                "This action answers no gap on another tab"
                if line.record.kind is SourceKind.NONE
                else "Its gap was deleted: only its words are kept."
            )
            return
        go_to_source(self.ws, source)

    def _update_actions(self, *_args: object) -> None:
        line = self.current()
        has = line is not None
        self.add_action.setEnabled(self.engagement_id is not None)
        self.new_button.setEnabled(self.engagement_id is not None)
        for action in (self.delete_action, self.start_action, self.drop_action, self.reopen_action):
            action.setEnabled(has)
        self.done_action.setEnabled(has)
        self.done_button.setEnabled(has)
        linked = line is not None and source_of(line.record) is not None
        self.source_action.setEnabled(linked)
        self.source_button.setEnabled(linked)

    def menu_actions(self) -> list[QAction]:
        return [
            self.add_action,
            self.delete_action,
            self.start_action,
            self.done_action,
            self.drop_action,
            self.reopen_action,
            self.source_action,
            self.find_action,
        ]


def source_of(record: ActionRecord) -> ActionSource | None:
    """The gap an action answers, to go to it; None when typed or its row was deleted."""
    if record.source_gone or record.source_id is None:
        return None
    return ActionSource(
        record.kind,
        record.source_id,
        dimension=record.rater_dimension,
        stakeholder_id=record.stakeholder_id,
    )


def _answers(line: ActionLine, source: ActionSource) -> bool:
    from cxdesk.ui.actions.filters import answers

    return answers(line, source)
