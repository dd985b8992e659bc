"""The Overview's "Closing the loop" panel: open and overdue actions (and the oldest overdue),
open issues and those too long on their rung, the five gaps at a glance, and one key to
the issue log and the "you said, we did" log.

It reads three small things (the actions' counts, the issues, the five gaps table) when
the Overview recomputes; it saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.actions import ActionCounts, action_counts
from cxdesk.models.five_gaps import FiveGapsRow
from cxdesk.models.issues import IssueCounts, issue_counts
from cxdesk.store import action_evidence
from cxdesk.store import actions as action_store
from cxdesk.store import issues as issue_store
from cxdesk.store.database import Database
from cxdesk.ui.record_model import Column, RecordTableModel
from cxdesk.ui.tabs import TabKey

ISSUE_LOG_KEY = "Ctrl+Shift+I"
SAID_LOG_KEY = "Ctrl+Shift+Y"
# What the panel counts: a change to any recomputes it.
LOOP_TABLES = ("gap_action", "issue", "issue_step", "escalation_level")


@dataclass(frozen=True, slots=True)
class LoopNumbers:
    actions: ActionCounts
    oldest_title: str  # the oldest overdue action's title ("" when none)
    issues: IssueCounts
    five_gaps: tuple[FiveGapsRow, ...]


def read_loop_numbers(db: Database, engagement_id: int, today: date) -> LoopNumbers:
    rows = action_store.list_actions(db, engagement_id)
    counts = action_counts([r.record for r in rows], today)
    oldest = counts.oldest_overdue
    return LoopNumbers(
        actions=counts,
        oldest_title=oldest.title if oldest is not None else "",
        issues=issue_counts(issue_store.list_issues(db, engagement_id), today),
        five_gaps=action_evidence.load_five_gaps(db, engagement_id),
    )


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

FIVE_GAPS_COLUMNS: tuple[Column[FiveGapsRow], ...] = (
    Column(
        "label",
        "Gap",
        "The five gaps model of service quality (the seed's word in brackets)",
        value=lambda row: row.cause.label_with_synonym if row.cause else row.label,
        tooltip=lambda row: (
            f"{row.cause.label_with_synonym}: {row.cause.between}" if row.cause else None
        ),
    ),
    Column(
        "open_actions",
        "Open actions",
        "Actions open or in progress put down to this gap",
        align=_RIGHT,
    ),
    Column(
        "trailing_expectations",
        "Trailing",
        "Expectations trailing (experienced below expected) whose actions name this gap",
        align=_RIGHT,
    ),
    Column(
        "trouble",
        "Trouble with",
        "What kind of trouble the gap is",
        value=lambda row: row.cause.trouble if row.cause else "",
    ),
)


class FiveGapsModel(RecordTableModel[FiveGapsRow]):
    columns = FIVE_GAPS_COLUMNS
    key = staticmethod(lambda row: row.cause.value if row.cause else "")


def _link(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ClosingLoopPanel(QWidget):
    """The panel; ``goTo`` asks for a tab (a TabKey) when a line or a button is used."""

    goTo = Signal(str)
    overdueWanted = Signal()  # the overdue count or the oldest overdue: the overdue actions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Closing the loop")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        self.actions_line = _link("")
        self.actions_line.linkActivated.connect(self._actions_link)
        self.issues_line = _link("")
        self.issues_line.linkActivated.connect(lambda _href: self.goTo.emit(TabKey.ISSUES))
        self.model = FiveGapsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setAccessibleName("Five gaps at a glance")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.trouble = QLabel()
        self.trouble.setWordWrap(True)

        self.issue_log_action = self._key("Issue &log", ISSUE_LOG_KEY, TabKey.ISSUES)
        self.said_log_action = self._key(
            "“You said, we did” and small &wins", SAID_LOG_KEY, TabKey.LOOP_LOG
        )
        buttons = QHBoxLayout()
        for action, text in (
            (self.issue_log_action, "Issue log"),
            (self.said_log_action, "You said, we did"),
        ):
            # Short: the Overview's side column is narrow at 1024 px; the key is in the tip.
            button = QPushButton(text)
            button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.actions_line)
        layout.addWidget(self.issues_line)
        layout.addWidget(QLabel("Five gaps at a glance:"))
        layout.addWidget(self.table)
        layout.addWidget(self.trouble)
        layout.addLayout(buttons)

    def _actions_link(self, href: str) -> None:
        if href == "overdue":
            self.overdueWanted.emit()
        else:
            self.goTo.emit(TabKey.ACTIONS)

    def _key(self, text: str, shortcut: str, tab: TabKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: self.goTo.emit(tab))
        return action

    def show_numbers(self, numbers: LoopNumbers | None) -> None:
        if numbers is None:
            self.actions_line.setText("")
            self.issues_line.setText("")
            self.model.reset([])
            self.trouble.setText("")
            return
        counts = numbers.actions
        words = f"<a href='actions'>Actions</a>: {counts.open} open"
        if counts.overdue:
            words += f" · <b><a href='overdue'>⚠ {counts.overdue} overdue</a></b>"
            if numbers.oldest_title:
                oldest = _escape(numbers.oldest_title)
                words += f"; oldest: “<a href='overdue'>{oldest}</a>”"
        self.actions_line.setText(words)
        issues = numbers.issues
        words = f"<a href='issues'>Issues</a>: {issues.open} open"
        if issues.too_long:
            words += f" · <b>⚠ {issues.too_long} too long on their rung</b>"
        self.issues_line.setText(words)
        self.model.apply(list(numbers.five_gaps))
        self._fit_table()
        self.trouble.setText(_trouble_words(numbers.five_gaps))

    def _fit_table(self) -> None:
        rows = self.model.rowCount()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(height)


def _trouble_words(rows: tuple[FiveGapsRow, ...]) -> str:
    """Where the trouble is: the gap with the most open actions and trailing expectations."""
    named = [r for r in rows if r.cause is not None and r.open_actions + r.trailing_expectations]
    if not named:
        return "No open action names a gap's cause yet."
    worst = max(named, key=lambda r: r.open_actions + r.trailing_expectations)
    return f"Most of the trouble is {worst.cause.trouble if worst.cause else ''}: {worst.label}."
