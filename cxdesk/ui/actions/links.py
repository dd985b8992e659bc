"""A gap and its actions, both ways: "New action for this gap…" (Ctrl+Shift+G) and "Show
actions for this gap" wherever a gap is seen, a count (and once done, the before → after)
beside it, and "Go to the gap" from an action back to its row.

A tab where gaps are seen gets a :class:`GapLink` on its table (see ``sources.py``): the
link knows how to read the gap at a cell and how to select a gap's row. The tabs meet
through the workspace's :class:`GapNavigation`, so none imports another.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from cxdesk.models.actions import ActionSource, Evidence, SourceKind, Verdict
from cxdesk.ops import ChangeSet
from cxdesk.ops import actions as action_ops
from cxdesk.store import action_evidence
from cxdesk.store import actions as action_store
from cxdesk.store.errors import EditRefused
from cxdesk.ui.actions.dialogs import NewActionDialog
from cxdesk.ui.actions.model import number
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.workspace import Workspace

NEW_ACTION_KEY = "Ctrl+Shift+G"  # G for gap; Ctrl+Shift+A is the RATER tab's new assessment
ACTION_TABLE = "gap_action"

TAB_OF_KIND = {
    SourceKind.EXPECTATION: TabKey.MATRIX,
    SourceKind.RATER_GAP: TabKey.RATER,
    SourceKind.RATER_DISAGREEMENT: TabKey.RATER,
    SourceKind.PAIN_POINT: TabKey.MAP,
    SourceKind.HANDOFF_ITEM: TabKey.MAP,
    SourceKind.PULSE_CHECK: TabKey.PULSE,
}


class GapNavigation(QObject):
    """Where a workspace's tabs ask each other to show a gap or its actions."""

    showSource = Signal(object)  # ActionSource: select its row in its tab
    showActions = Signal(object)  # ActionSource: the Actions view filtered to it
    showOverdue = Signal()  # the Actions view filtered to the overdue actions


_navigations: weakref.WeakKeyDictionary[Workspace, GapNavigation] = weakref.WeakKeyDictionary()


def navigation(ws: Workspace) -> GapNavigation:
    found = _navigations.get(ws)
    if found is None:
        found = _navigations[ws] = GapNavigation(ws)
    return found


def go_to_source(ws: Workspace, source: ActionSource) -> None:
    """Bring the source's tab to the front (made now if need be) and select its row."""
    tab = TAB_OF_KIND.get(source.kind)
    if tab is None:
        return
    ws.focusView.emit(tab)
    navigation(ws).showSource.emit(source)


def show_actions_for(ws: Workspace, source: ActionSource) -> None:
    ws.focusView.emit(TabKey.ACTIONS)
    navigation(ws).showActions.emit(source)


def show_overdue_actions(ws: Workspace) -> None:
    """The Actions tab in front (made now if need be), showing only the overdue actions."""
    ws.focusView.emit(TabKey.ACTIONS)
    navigation(ws).showOverdue.emit()


def create_action(
    ws: Workspace,
    engagement_id: int,
    source: ActionSource,
    parent: QWidget,
    *,
    today: date | None = None,
) -> int | None:
    """Ask for a new action on ``source`` (title and gap filled in) and make it, as one
    undo step; its id, or None (cancelled or refused: the person was told why)."""
    try:
        draft = action_store.source_draft(ws.db, engagement_id, source)
    except EditRefused as refusal:
        ws.editRefused.emit(refusal.message)
        return None
    dialog = NewActionDialog(draft.title, draft.label, today=today, parent=parent)
    try:
        if not dialog.exec():
            return None
        typed = dialog.draft()
    finally:
        dialog.deleteLater()
    made = ws.run(
        action_ops.add_action(engagement_id, typed.title, source=source, **typed.values()),
        TabKey.ACTIONS,
    )
    return made.id if made is not None else None


@dataclass(frozen=True, slots=True)
class Badge:
    count: int
    evidence: Evidence | None  # the latest done action's, when measured since

    @property
    def text(self) -> str:
        what = "1 action" if self.count == 1 else f"{self.count} actions"
        evidence = self.evidence
        if evidence is None or evidence.before is None or evidence.after is None:
            return what
        mark = {Verdict.IMPROVED: "▲", Verdict.WORSE: "▼"}.get(evidence.verdict, "=")
        return f"{what} · {mark} {number(evidence.before)} → {number(evidence.after)}"


class GapLink(QObject):
    """The actions of one table where gaps are seen."""

    def __init__(
        self,
        ws: Workspace,
        view: QAbstractItemView,
        *,
        engagement: Callable[[], int | None],
        source_at: Callable[[QModelIndex], ActionSource | None],
        select: Callable[[ActionSource], bool],
        kinds: Collection[SourceKind],
        measures: Collection[str] = (),
        what: str = "gap",
        others: Sequence[tuple[str, Callable[[QModelIndex], ActionSource | None]]] = (),
        badges: bool = True,
    ) -> None:
        super().__init__(view)
        self.ws = ws
        self.view = view
        self.engagement = engagement
        self.source_at = source_at
        self.select = select
        self.kinds = frozenset(kinds)
        self._tables = frozenset({ACTION_TABLE, *measures})
        self.badges: dict[tuple[str, int], Badge] = {}
        self._badges_of: int | None = None  # the engagement they were read for

        self.new_action = QAction(f"New &action for this {what}…", view)
        self.new_action.setShortcut(QKeySequence(NEW_ACTION_KEY))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.create)
        view.addAction(self.new_action)
        self.show_action = QAction(f"&Show actions for this {what}", view)
        self.show_action.triggered.connect(self.show_actions)
        # More kinds of gap at the same cell (a RATER dimension's team-vs-client
        # disagreement beside its gap): context menu entries of their own.
        self.others: list[tuple[QAction, Callable[[QModelIndex], ActionSource | None]]] = []
        for text, other_at in others:
            other = QAction(text, view)
            other.triggered.connect(lambda _=False, at=other_at: self._create_from(at))
            self.others.append((other, other_at))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)

        self.overlay = _BadgeOverlay(self) if badges else None
        self._reread = QTimer(self)
        self._reread.setSingleShot(True)
        self._reread.setInterval(50)  # a burst of changes: one read
        self._reread.timeout.connect(self._reread_if_shown)
        ws.changed.connect(self._on_changed)
        navigation(ws).showSource.connect(self._show_source)
        view.viewport().installEventFilter(self)

    # -- the gap at the current cell ----------------------------------------------------

    def current_source(self) -> ActionSource | None:
        index = self.view.currentIndex()
        return self.source_at(index) if index.isValid() else None

    def badge_of(self, source: ActionSource) -> Badge | None:
        column = source.kind.link_column
        if column is None or source.record_id is None:
            return None
        self._ensure_badges()
        return self.badges.get((column, source.record_id))

    def create(self) -> int | None:
        return self._create_from(self.source_at)

    def _create_from(self, source_at: Callable[[QModelIndex], ActionSource | None]) -> int | None:
        index = self.view.currentIndex()
        source = source_at(index) if index.isValid() else None
        engagement_id = self.engagement()
        if source is None or engagement_id is None:
            return None
        return create_action(self.ws, engagement_id, source, self.view.window())

    def show_actions(self) -> None:
        source = self.current_source()
        if source is not None:
            show_actions_for(self.ws, source)

    def _context_menu(self, at: QPoint) -> None:
        index = self.view.indexAt(at)
        if index.isValid():
            self.view.setCurrentIndex(index)
        source = self.current_source()
        menu = QMenu(self.view)
        menu.addAction(self.new_action)
        current = self.view.currentIndex()
        for other, other_at in self.others:
            other.setEnabled(current.isValid() and other_at(current) is not None)
            menu.addAction(other)
        badge = self.badge_of(source) if source is not None else None
        self.show_action.setText(
            f"&Show actions for this gap ({badge.count})" if badge else "&Show actions for this gap"
        )
        menu.addAction(self.show_action)
        self.new_action.setEnabled(source is not None)
        self.show_action.setEnabled(badge is not None)
        menu.exec(self.view.viewport().mapToGlobal(at))
        self.new_action.setEnabled(True)
        menu.deleteLater()

    def _show_source(self, source: ActionSource) -> None:
        if source.kind in self.kinds and self.select(source):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the badges ----------------------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        engagement_id = self.engagement()
        if engagement_id is None or not changes.concerns(engagement_id):
            return
        if changes.touches(*self._tables):
            self._badges_of = None
            if self.view.isVisible():
                self._reread.start()

    def _ensure_badges(self) -> None:
        if self._badges_of != self.engagement():
            self.read_badges()

    def _reread_if_shown(self) -> None:
        # The burst's read waits 50 ms: by then the window may have closed (and a team
        # workspace's connection with it). A hidden table reads again when next shown.
        if self.view.isVisible():
            self.read_badges()

    def read_badges(self) -> None:
        engagement_id = self.engagement()
        self._badges_of = engagement_id
        self.badges = {} if engagement_id is None else read_badges(self.ws, engagement_id)
        if self.overlay is not None:
            self.overlay.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._ensure_badges()
        overlay = self.overlay
        if overlay is not None and kind in (QEvent.Type.Resize, QEvent.Type.Paint):
            overlay.follow()
        return False


def read_badges(ws: Workspace, engagement_id: int) -> dict[tuple[str, int], Badge]:
    """(link column, row id) -> how many actions answer it, and the latest measured
    before → after of its done ones."""
    counts = action_store.action_counts_by_source(ws.db, engagement_id)
    if not counts:
        return {}
    rows = action_store.list_actions(ws.db, engagement_id)
    done = [r.record for r in rows if r.record.closed_at is not None]
    evidence = action_evidence.load_evidence(ws.db, engagement_id, done) if done else {}
    latest: dict[tuple[str, int], Evidence] = {}
    for record in sorted(done, key=lambda r: r.closed_at or r.created_at):
        column, found = record.kind.link_column, evidence.get(record.id)
        if column is None or record.source_id is None or found is None:
            continue
        if found.before is not None and found.after is not None:
            latest[(column, record.source_id)] = found
    return {key: Badge(n, latest.get(key)) for key, n in counts.items()}


class _BadgeOverlay(QWidget):
    """The badges painted over a table's rows, at their right end: the table is a tab's own
    and keeps its columns; the overlay lets every click through."""

    def __init__(self, link: GapLink) -> None:
        super().__init__(link.view.viewport())
        self.link = link
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.follow()
        self.show()

    def follow(self) -> None:
        rect = self.link.view.viewport().rect()
        if self.geometry() != rect:
            self.setGeometry(rect)
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        link, view = self.link, self.link.view
        if not link.badges:
            return
        model = view.model()
        if model is None:
            return
        painter = QPainter(self)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)  # a note on the row, not a cell of it
        painter.setFont(font)
        metrics = painter.fontMetrics()
        height = metrics.height() + 2
        palette = self.palette()
        fill = QColor(palette.color(QPalette.ColorRole.ToolTipBase))
        text = palette.color(QPalette.ColorRole.ToolTipText)
        first = max(view.indexAt(self.rect().topLeft()).row(), 0)
        for row in range(first, model.rowCount()):
            index = model.index(row, 0)
            rect = view.visualRect(index)
            if rect.top() > self.height():
                break
            source = link.source_at(index)
            badge = link.badges.get(_key(source)) if source is not None else None
            if badge is None:
                continue
            words = badge.text
            width = metrics.horizontalAdvance(words) + 12
            # Bottom right: a tall row's text is at its top and its numbers in its middle.
            top = max(rect.top() + 1, rect.bottom() - height - 1)
            box = QRect(self.width() - width - 4, top, width, min(height, rect.height() - 2))
            painter.setPen(text)
            painter.setBrush(fill)
            painter.drawRoundedRect(box, 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, words)
        painter.end()


def _key(source: ActionSource) -> tuple[str, int]:
    return (source.kind.link_column or "", source.record_id or 0)
