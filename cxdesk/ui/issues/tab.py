"""The Issue log tab: the engagement's issues on its escalation ladder, how long each has sat
on its rung against the time the rung allows, and each one's dated history.

Raise, escalate, resolve, reopen, edit in place, link pain points and spawn an action:
every one is an operation (one undo step), a refusal said here in the store's words. The
day the time on a rung is counted to is ``today`` (a test puts a fake clock there).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.issues import IssueRecord, issue_counts
from cxdesk.ops import issues as issue_ops
from cxdesk.store import escalation as ladder_store
from cxdesk.store import issues as issue_store
from cxdesk.store import journey_map
from cxdesk.ui.engagement_list import EngagementListTab, asked
from cxdesk.ui.issues.dialogs import (
    EscalateDialog,
    PainPointsDialog,
    RaiseIssueDialog,
    ResolveDialog,
)
from cxdesk.ui.issues.model import (
    COLUMN_INDEX,
    IssueLine,
    IssueLineRole,
    IssueTableModel,
    history_lines,
    lines_of,
)
from cxdesk.ui.issues.view import IssuesView
from cxdesk.ui.record_model import SortRole
from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.workspace import Workspace

# What the log shows: a change to any re-reads it.
WATCHED = (
    "issue",
    "issue_step",
    "issue_touchpoint",
    "escalation_level",
    "gap_action",
    "touchpoint",
)
SHOWING = (
    ("Open", "open"),
    ("Too long on rung", "too_long"),
    ("Resolved", "resolved"),
    ("All", "all"),
)


class IssueFilterProxy(QSortFilterProxyModel):
    """Open, too long on the rung, resolved, or all; sorted by a header's SortRole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.showing = "all"
        self.setSortRole(SortRole)

    def show_only(self, showing: str) -> None:
        self.beginFilterChange()
        self.showing = showing
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        line: IssueLine = self.sourceModel().index(row, 0, parent).data(IssueLineRole)
        if self.showing == "open":
            return line.record.is_open
        if self.showing == "too_long":
            return line.time.too_long
        if self.showing == "resolved":
            return not line.record.is_open
        return True


class IssuesTab(EngagementListTab):
    watches = WATCHED
    tab_key = TabKey.ISSUES
    reread_when_shown = True  # days on a rung move with the calendar, not only with changes

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.model = IssueTableModel(self._save, self)
        self.proxy = IssueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = IssuesView()
        self.view.setModel(self.proxy)
        self.view.size_columns()
        self._build_actions()
        self._build_layout()
        self.setFocusProxy(self.view)

        delegate = self.view.itemDelegate()
        delegate.rejected.connect(self.status.say)  # type: ignore[attr-defined]
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._current_changed)
        self.model.dataChanged.connect(self._current_changed)
        self._listen()
        self._current_changed()

    # -- construction --------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.raise_action = self._action("Ra&ise issue…", "Ctrl+N", self.raise_issue)
        self.escalate_action = self._action("&Escalate issue…", "Ctrl+Shift+E", self.escalate)
        self.resolve_action = self._action("Re&solve issue…", "Ctrl+Shift+R", self.resolve)
        self.reopen_action = self._action("Re&open issue…", "Ctrl+Shift+O", self.reopen)
        self.pain_action = self._action("Lin&k pain points…", "Ctrl+Shift+L", self.link_pain_points)
        self.spawn_action = self._action("New &action from issue…", "Ctrl+Shift+G", self.spawn)
        self.delete_action = self._action("&Delete issue", "Ctrl+Delete", self.delete_selected)

    def _build_layout(self) -> None:
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.showing = QComboBox()
        for label, value in SHOWING:
            self.showing.addItem(label, value)
        self.showing.setCurrentIndex(len(SHOWING) - 1)
        self.showing.currentIndexChanged.connect(
            lambda _i: self.proxy.show_only(self.showing.currentData())
        )
        show_label = QLabel("S&how:")
        show_label.setBuddy(self.showing)
        tools = QHBoxLayout()
        tools.addWidget(self.count, 1)
        tools.addWidget(show_label)
        tools.addWidget(self.showing)
        # The commands get a row of their own: beside the count and the filter they made
        # the tab 1,012 px wide at least, and a 1024 px window grew past the screen.
        commands = QHBoxLayout()
        self.buttons: dict[QAction, QPushButton] = {}
        for action, text in (
            (self.raise_action, "Raise…"),
            (self.escalate_action, "Escalate…"),
            (self.resolve_action, "Resolve…"),
            (self.reopen_action, "Reopen…"),
            (self.pain_action, "Pain points…"),
            (self.spawn_action, "New action…"),
        ):
            self.buttons[action] = self._button(action, text)
            commands.addWidget(self.buttons[action])
        commands.addStretch(1)

        self.history = QLabel()
        self.history.setTextFormat(Qt.TextFormat.PlainText)  # people's words, as typed
        self.history.setWordWrap(True)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setAccessibleName("The issue's history")
        history_box = QWidget()
        box = QVBoxLayout(history_box)
        box.setContentsMargins(0, 0, 0, 0)
        title = QLabel("History")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        box.addWidget(title)
        box.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.status = StatusLine(hide_when_empty=True)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(commands)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # -- showing an engagement -----------------------------------------------------------

    def _read(self) -> list[tuple[IssueTableModel, list[IssueLine]]]:
        if self.engagement_id is None:
            return [(self.model, [])]
        rows = issue_store.list_issues(self.ws.db, self.engagement_id)
        rungs = len(ladder_store.list_levels(self.ws.db, self.engagement_id))
        return [(self.model, lines_of(rows, self.today(), rungs))]

    def _rows_shown(self) -> None:
        self._counts_changed()

    def _counts_changed(self) -> None:
        lines = self.model.lines()
        counts = issue_counts([line.row for line in lines], self.today())
        if not lines:
            self.count.setText("No issues yet: Ctrl+N raises one")
        else:
            late = f" · ⚠ {counts.too_long} too long on their rung" if counts.too_long else ""
            self.count.setText(f"{len(lines)} issues · {counts.open} open{late}")
        self._current_changed()

    # -- the current issue ----------------------------------------------------------------

    def current(self) -> IssueLine | None:
        index = self.view.currentIndex()
        return index.data(IssueLineRole) if index.isValid() else None

    def select(self, issue_id: int, field: str = "title") -> bool:
        return self._select_line(self.view, self.proxy, issue_id, COLUMN_INDEX[field])

    def _current_changed(self, *_args: object) -> None:
        line = self.current()
        self.history.setText(self._history_text(line) if line is not None else "")
        has = line is not None and self.engagement_id is not None
        is_open = has and line is not None and line.record.is_open
        enabled = {
            self.raise_action: self.engagement_id is not None,
            self.escalate_action: is_open and line is not None and not line.row.top_rung,
            self.resolve_action: is_open,
            self.reopen_action: has and not is_open,
            self.pain_action: has,
            self.spawn_action: has,
            self.delete_action: has,
        }
        for action, on in enabled.items():
            action.setEnabled(bool(on))
            if action in self.buttons:
                self.buttons[action].setEnabled(bool(on))

    def _history_text(self, line: IssueLine) -> str:
        record = line.record
        parts = history_lines(line.row)
        if record.details:
            parts.insert(0, f"Details: {record.details}")
        if record.resolved_on is not None:
            parts.append(f"What was done: {record.resolution}")
        if line.row.touchpoint_ids and self.engagement_id is not None:
            names = [
                t.name
                for t in journey_map.load_touchpoints(
                    self.ws.db, self.engagement_id, line.row.touchpoint_ids
                )
            ]
            parts.append("Pain points: " + "; ".join(names))
        if line.row.action_ids:
            n = len(line.row.action_ids)
            parts.append(f"Actions spawned: {n} (on the Actions tab)")
        return "\n".join(parts)

    # -- commands -------------------------------------------------------------------------

    def _save(self, record: IssueRecord, field: str, value: Any) -> None:
        self._run(issue_ops.edit_issue(record, field, value))

    def raise_issue(self) -> None:
        if self.engagement_id is None:
            return
        ladder = ladder_store.list_levels(self.ws.db, self.engagement_id)
        typed = asked(RaiseIssueDialog(ladder, self.today(), self), RaiseIssueDialog.issue)
        if typed is None:
            return
        made = self._run(
            issue_ops.raise_issue(
                self.engagement_id,
                typed.title,
                typed.raised_on,
                rung=typed.rung,
                raised_by=typed.raised_by,
                raised_by_side=typed.raised_by_side,
                owner=typed.owner,
                details=typed.details,
            )
        )
        if made is not None:
            self.select(made.id)

    def escalate(self) -> None:
        line = self.current()
        if line is None or self.engagement_id is None:
            return
        ladder = ladder_store.list_levels(self.ws.db, self.engagement_id)
        above = [level for level in ladder if level.position > line.row.rung_position]
        if not above:
            self.status.say("It is on the ladder's top rung already: it cannot climb further.")
            return
        escalation = asked(
            EscalateDialog(line.record.title, above, self.today(), self),
            lambda dialog: (
                dialog.level(),
                dialog.on.to_python(),
                dialog.owner_name(),
                dialog.note.text().strip(),
            ),
        )
        if escalation is None:
            return
        level, on, owner, note = escalation
        self._run(issue_ops.escalate(line.record, on, to_rung=level, owner=owner, note=note))

    def resolve(self) -> None:
        self._close_or_reopen(reopen=False)

    def reopen(self) -> None:
        self._close_or_reopen(reopen=True)

    def _close_or_reopen(self, *, reopen: bool) -> None:
        line = self.current()
        if line is None or line.record.is_open == reopen:
            return
        answer = asked(
            ResolveDialog(line.record.title, self.today(), reopen=reopen, parent=self),
            lambda dialog: (dialog.on.to_python(), dialog.words()),
        )
        if answer is None:
            return
        on, words = answer
        if reopen:
            self._run(issue_ops.reopen(line.record, on, words))
        else:
            self._run(issue_ops.resolve(line.record, on, words))

    def link_pain_points(self) -> None:
        line = self.current()
        if line is None or self.engagement_id is None:
            return
        touchpoints = journey_map.load_touchpoints(self.ws.db, self.engagement_id)
        linked = set(line.row.touchpoint_ids)
        ticked = asked(
            PainPointsDialog(line.record.title, touchpoints, sorted(linked), self),
            PainPointsDialog.ticked,
        )
        if ticked is None:
            return
        # One step per link: each is undone on its own, as it was made.
        record = line.record
        for touchpoint_id in sorted(ticked - linked):
            row = self._run(issue_ops.link_pain_point(record, touchpoint_id))
            if row is None:
                return
            record = row.record
        for touchpoint_id in sorted(linked - ticked):
            row = self._run(issue_ops.unlink_pain_point(record, touchpoint_id))
            if row is None:
                return
            record = row.record

    def spawn(self) -> None:
        """A new action from the current issue (the Actions tab's dialog), one undo step."""
        line = self.current()
        if line is None:
            return
        from cxdesk.ui.actions.dialogs import NewActionDialog

        typed = asked(
            NewActionDialog(
                line.record.title, f"Issue: {line.record.title}", today=self.today(), parent=self
            ),
            NewActionDialog.draft,
        )
        if typed is None:
            return
        made = self._run(issue_ops.spawn_action(line.record, typed.title, **typed.values()))
        if made is not None:
            self.status.say(f"Action “{typed.title}” added: see it on the Actions tab.")

    def delete_selected(self) -> None:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        ids = [self.proxy.index(r, 0).data(IssueLineRole).id for r in sorted(rows)]
        if not ids and (line := self.current()) is not None:
            ids = [line.id]
        if self.engagement_id is not None and ids:
            self._run(issue_ops.delete_issues(self.engagement_id, ids))

    def menu_actions(self) -> list[QAction]:
        return [
            self.raise_action,
            self.escalate_action,
            self.resolve_action,
            self.reopen_action,
            self.pain_action,
            self.spawn_action,
            self.delete_action,
        ]
