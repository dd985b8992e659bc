"""The "You said, we did" tab: what the client told us paired with what we did about it, and
the small wins worth celebrating with them, each a dated log.

An entry starts from a pulse check's free text, a RATER assessment's comments, a
workshop, or is typed; it is paired with a done action or a typed "we did". Every edit is
an operation (one undo step), a refusal said here in the store's words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.actions import ActionStatus
from cxdesk.models.loop_log import SaidSource, SmallWinRecord, YouSaidRecord
from cxdesk.ops import loop_log as log_ops
from cxdesk.store import actions as action_store
from cxdesk.store import journey_map
from cxdesk.store import loop_log as log_store
from cxdesk.store import pulse as pulse_store
from cxdesk.store import rater as rater_store
from cxdesk.store import workshop as workshop_store
from cxdesk.store import workspace as workspace_store
from cxdesk.ui.engagement_list import EngagementListTab, asked
from cxdesk.ui.issues.dialogs import one_line
from cxdesk.ui.issues.view import RecordDelegate
from cxdesk.ui.loop_log.dialogs import PairDialog, SaidDialog, SourceRows, WinDialog
from cxdesk.ui.loop_log.model import (
    SAID_COLUMNS,
    SAID_INDEX,
    WIN_COLUMNS,
    WIN_INDEX,
    SaidLine,
    SaidTableModel,
    WinLine,
    WinTableModel,
)
from cxdesk.ui.record_model import RecordRole
from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.workspace import Workspace

SAID_WATCHES = ("you_said_we_did", "gap_action")
WIN_WATCHES = ("small_win", "milestone", "touchpoint")
SAID_WIDTHS = (100, 300, 110, 100, 260, 100)
WIN_WIDTHS = (100, 420, 180, 180)


def _table(model: Any, columns: Any, widths: tuple[int, ...], name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(RecordDelegate(columns, view))
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(
        QTableView.EditTrigger.DoubleClicked
        | QTableView.EditTrigger.EditKeyPressed
        | QTableView.EditTrigger.AnyKeyPressed
    )
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setAccessibleName(name)
    header = view.horizontalHeader()
    for number, width in enumerate(widths):
        header.resizeSection(number, width)
    header.setStretchLastSection(True)
    return view


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class LoopLogTab(EngagementListTab):
    watches = (*SAID_WATCHES, *WIN_WATCHES)
    tab_key = TabKey.LOOP_LOG

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent)
        self.said_model = SaidTableModel(self._save_said, self)
        self.win_model = WinTableModel(self._save_win, self)
        self.said_view = _table(self.said_model, SAID_COLUMNS, SAID_WIDTHS, "You said, we did")
        self.win_view = _table(self.win_model, WIN_COLUMNS, WIN_WIDTHS, "Small wins")
        self._build_actions()
        self._build_layout()
        self.setFocusProxy(self.said_view)

        for view in (self.said_view, self.win_view):
            view.itemDelegate().rejected.connect(self.status.say)  # type: ignore[attr-defined]
        self.said_view.selectionModel().currentChanged.connect(self._update_actions)
        self._listen()
        self._update_actions()

    def _build_actions(self) -> None:
        self.said_action = self._action("Add “&you said”…", "Ctrl+Shift+Y", lambda: self.add_said())
        self.pair_action = self._action(
            "&Pair with a done action…", "Ctrl+Shift+D", self.pair_with_action
        )
        self.win_action = self._action("Add small &win…", "Ctrl+Shift+W", self.add_win)
        self.delete_action = self._action("&Delete entry", "Ctrl+Delete", self.delete_selected)

    def _build_layout(self) -> None:
        self.said_count = QLabel()
        self.win_count = QLabel()
        self.buttons: dict[QAction, QPushButton] = {}

        def bar(title: str, count: QLabel, actions: tuple[tuple[QAction, str], ...]) -> QHBoxLayout:
            row = QHBoxLayout()
            row.addWidget(_heading(title))
            row.addWidget(count, 1)
            for action, text in actions:
                self.buttons[action] = self._button(action, text)
                row.addWidget(self.buttons[action])
            return row

        said_box = QWidget()
        said = QVBoxLayout(said_box)
        said.setContentsMargins(0, 0, 0, 0)
        said.addLayout(
            bar(
                "You said, we did",
                self.said_count,
                ((self.said_action, "You said…"), (self.pair_action, "Pair with done action…")),
            )
        )
        said.addWidget(self.said_view, 1)
        win_box = QWidget()
        win = QVBoxLayout(win_box)
        win.setContentsMargins(0, 0, 0, 0)
        win.addLayout(bar("Small wins", self.win_count, ((self.win_action, "Small win…"),)))
        win.addWidget(self.win_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(said_box)
        splitter.addWidget(win_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.status = StatusLine(hide_when_empty=True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # -- showing an engagement -----------------------------------------------------------

    def _read(
        self,
    ) -> tuple[tuple[SaidTableModel, list[SaidLine]], tuple[WinTableModel, list[WinLine]]]:
        eid = self.engagement_id
        if eid is None:
            return (self.said_model, []), (self.win_model, [])
        db = self.ws.db
        said = log_store.list_said(db, eid)
        titles: dict[int, str] = {}
        wanted = [e.action_id for e in said if e.action_id is not None]
        if wanted:
            titles = {a.id: a.record.title for a in action_store.get_actions(db, wanted)}
        wins = log_store.list_wins(db, eid)
        milestones = {m.id: m.name for m in workspace_store.list_milestones(db, eid)}
        touchpoints = (
            {t.id: t.name for t in journey_map.load_touchpoints(db, eid)}
            if any(w.touchpoint_id for w in wins)
            else {}
        )
        return (
            (
                self.said_model,
                [SaidLine(e, titles.get(e.action_id, "") if e.action_id else "") for e in said],
            ),
            (
                self.win_model,
                [
                    WinLine(
                        w,
                        milestones.get(w.milestone_id, "") if w.milestone_id else "",
                        touchpoints.get(w.touchpoint_id, "") if w.touchpoint_id else "",
                    )
                    for w in wins
                ],
            ),
        )

    def _rows_shown(self) -> None:
        self._counts_changed()

    def _counts_changed(self) -> None:
        said = self.said_model.records()
        answered = sum(1 for line in said if line.record.answered)
        self.said_count.setText(
            f"{len(said)} entries · {answered} answered" if said else "Nothing yet (Ctrl+Shift+Y)"
        )
        wins = self.win_model.rowCount()
        self.win_count.setText(f"{wins}" if wins else "None yet (Ctrl+Shift+W)")
        self._update_actions()

    def current_said(self) -> SaidLine | None:
        index = self.said_view.currentIndex()
        return index.data(RecordRole) if index.isValid() else None

    def _update_actions(self, *_args: object) -> None:
        has = self.engagement_id is not None
        states = {
            self.said_action: has,
            self.win_action: has,
            self.pair_action: self.current_said() is not None,
        }
        for action, on in states.items():
            action.setEnabled(on)
            self.buttons[action].setEnabled(on)

    # -- commands -------------------------------------------------------------------------

    def _save_said(self, record: YouSaidRecord, field: str, value: Any) -> None:
        self._run(log_ops.edit_said(record, field, value))

    def _save_win(self, record: SmallWinRecord, field: str, value: Any) -> None:
        self._run(log_ops.edit_win(record, field, value))

    def _source_rows(self) -> dict[SaidSource, SourceRows]:
        eid = self.engagement_id
        assert eid is not None
        db = self.ws.db
        pulses = [
            (
                p.id,
                f"{p.taken_on:%d %b %Y} · {p.respondent or 'Unnamed'}: "
                f"{one_line(p.not_working or p.working)[:90]}",
            )
            for p in pulse_store.list_pulses(db, eid)
            if (p.not_working or p.working).strip()
        ]
        assessments = [
            (a.id, f"{a.title}: {one_line(a.notes)[:90]}")
            for a in rater_store.list_assessments(db, eid)
            if a.notes.strip()
        ]
        sessions = [
            (s.id, f"{s.held_on:%d %b %Y} · {s.title}")
            for s in workshop_store.list_sessions(db, eid)
        ]
        return {
            SaidSource.PULSE: pulses,
            SaidSource.RATER: assessments,
            SaidSource.WORKSHOP: sessions,
        }

    def add_said(self, source: SaidSource | None = None, row_id: int | None = None) -> None:
        """Ask what the client said (from ``source``'s row ``row_id`` when given) and add it."""
        if self.engagement_id is None:
            return
        db = self.ws.db
        dialog = SaidDialog(
            self._source_rows(), lambda s, r: log_store.said_draft(db, s, r), self.today(), self
        )
        if source is not None:
            dialog.choose(source, row_id)
        typed = asked(dialog, SaidDialog.entry)
        if typed is None:
            return
        made = self._run(
            log_ops.add_said(
                self.engagement_id,
                typed.said_on,
                typed.said,
                said_by=typed.said_by,
                source=typed.source,
                source_id=typed.source_id,
                we_did=typed.we_did,
                did_on=typed.did_on,
            )
        )
        if made is not None:
            self._select(self.said_view, self.said_model, made.id, SAID_INDEX["said"])

    def pair_with_action(self) -> None:
        line = self.current_said()
        if line is None or self.engagement_id is None:
            return
        done = [
            row.record
            for row in action_store.list_actions(self.ws.db, self.engagement_id)
            if row.record.status == ActionStatus.DONE.value
        ]
        # With no done action to choose, the dialog only says so.
        action_id = asked(
            PairDialog(line.record.said, done, self),
            lambda dialog: dialog.action_id() if done else None,
        )
        if action_id is None:
            return
        self._run(log_ops.answer_with_action(line.record, action_id))

    def add_win(self) -> None:
        eid = self.engagement_id
        if eid is None:
            return
        db = self.ws.db
        milestones = [(m.id, m.name) for m in workspace_store.list_milestones(db, eid)]
        touchpoints = [(t.id, t.name) for t in journey_map.load_touchpoints(db, eid)]
        typed = asked(WinDialog(milestones, touchpoints, self.today(), self), WinDialog.entry)
        if typed is None:
            return
        made = self._run(
            log_ops.add_win(
                eid,
                typed.won_on,
                typed.text,
                milestone_id=typed.milestone_id,
                touchpoint_id=typed.touchpoint_id,
            )
        )
        if made is not None:
            self._select(self.win_view, self.win_model, made.id, WIN_INDEX["text"])

    def _select(self, view: QTableView, model: Any, row_id: int, column: int) -> None:
        row = model.row_of(row_id)
        if row is not None:
            view.setCurrentIndex(model.index(row, column))
            view.setFocus()

    def delete_selected(self) -> None:
        eid = self.engagement_id
        if eid is None:
            return
        wins = self.win_view.hasFocus()
        view = self.win_view if wins else self.said_view
        rows = {i.row() for i in view.selectionModel().selectedRows()}
        if not rows and view.currentIndex().isValid():
            rows = {view.currentIndex().row()}
        ids = [view.model().index(r, 0).data(RecordRole).id for r in sorted(rows)]
        if ids:
            self._run(log_ops.delete_wins(eid, ids) if wins else log_ops.delete_said(eid, ids))

    def menu_actions(self) -> list[QAction]:
        return [self.said_action, self.pair_action, self.win_action, self.delete_action]
