"""The window's content in the second or so before the store has loaded.

Start-up shows the last engagement at once, read with Python's own ``sqlite3``
(:class:`cxdesk.store.first_frame.FirstFrameReader`), while SQLAlchemy and the rest of
the app are imported. What is shown is built from the same widgets as the real page (the
navigator's panel, the engagement's heading, the tab bar, the matrix's and the Overview's
layouts), so nothing moves when the real page takes its place; only nothing can be
changed yet. The Overview's quadrant and key numbers are computed from the same reads
as the store's (its chart, pyqtgraph, comes with the store). The
person may still look around: choose another engagement or tab, scroll, filter the
matrix. What they chose is kept in the settings the real window starts from, so it
opens where they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.engagement_records import EngagementRecord, ItemRecord
from cxdesk.store.first_frame import FirstFrameReader
from cxdesk.ui.engagement_heading import EngagementHeading
from cxdesk.ui.matrix.layout import MatrixLayout
from cxdesk.ui.matrix.table import ItemTableModel
from cxdesk.ui.navigator_panel import NavigatorPanel
from cxdesk.ui.overview.layout import OverviewLayout
from cxdesk.ui.record_model import AnyIndex, Column
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.window_layout import (
    EmptyState,
    engagement_area,
    last_engagement_key,
    page_layout,
    remember_tab,
    remembered_tab,
)

OPENING = "Opening…"  # a tab whose content comes with the store


class ReadOnlyItems(ItemTableModel):
    """The matrix's rows as saved; no cell can be changed before the store is ready."""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return super().flags(index) & ~Qt.ItemFlag.ItemIsEditable

    def edit(self, record: ItemRecord, column: Column[ItemRecord], value: object) -> bool:
        return False


class FirstFrame(QWidget):
    """The navigator, heading, tabs and (when in front) the matrix or the Overview,
    read-only."""

    def __init__(
        self,
        reader: FirstFrameReader,
        settings: QSettings,
        database_path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.settings = settings
        self._last_key = last_engagement_key(database_path)
        self.engagement: EngagementRecord | None = None

        self.navigator = NavigatorPanel()
        self.clients = reader.list_clients()
        self.navigator.show_clients(self.clients)
        for button in (self.navigator.new_client_button, self.navigator.new_engagement_button):
            button.setEnabled(False)

        self.heading = EngagementHeading()
        self.heading.phase.setEnabled(False)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.keys: tuple[TabKey, ...] = tuple(spec.key for spec in ENGAGEMENT_TABS)
        self.matrix = MatrixLayout(ReadOnlyItems())
        self.matrix.model.setParent(self.matrix)
        self.matrix.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for action in self.matrix.actions():
            action.setEnabled(action is self.matrix.find_action)
        for widget in (
            self.matrix.add_button,
            self.matrix.revalidate_button,
            self.matrix.milestone_button,
            self.matrix.chart_placeholder,
        ):
            widget.setEnabled(False)
        self.overview = OverviewLayout(editable=False)
        for placeholder in (self.overview.chart_placeholder, self.overview.pulse_placeholder):
            placeholder.setEnabled(False)
        # The engagement whose Overview is shown: it is computed when first in front (it
        # reads every assessment and pulse check, which the matrix alone does not need).
        self._overview_of: int | None = None
        for spec in ENGAGEMENT_TABS:
            if spec.key is TabKey.MATRIX:
                self.tabs.addTab(self.matrix, spec.title)
            elif spec.key is TabKey.OVERVIEW:
                self.tabs.addTab(self.overview, spec.title)
            else:
                self.tabs.addTab(_opening(), spec.title)
        self.page = QWidget()
        page_layout(self.page, self.heading, self.tabs)

        self.empty = EmptyState()
        for button in self.empty.buttons:
            button.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.page)
        self.splitter = engagement_area(self.navigator, self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.tabs.setCurrentIndex(self.keys.index(remembered_tab(settings) or TabKey.MATRIX))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.navigator.engagementSelected.connect(self._show_engagement)
        if not self.navigator.select_remembered(settings.value(self._last_key)):
            self._show_engagement(None)

    @property
    def shows_data(self) -> bool:
        """Whether the tab in front shows the engagement's own numbers (not "Opening…")."""
        engagement = self.engagement
        if engagement is None:
            return True
        key = self.keys[self.tabs.currentIndex()]
        return key is TabKey.MATRIX or (
            key is TabKey.OVERVIEW and self._overview_of == engagement.id
        )

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.keys):  # -1: no tab
            remember_tab(self.settings, self.keys[index])
        self._show_overview_if_in_front()

    def _show_overview_if_in_front(self) -> None:
        engagement = self.engagement
        if engagement is None or self.tabs.currentWidget() is not self.overview:
            return
        if self._overview_of != engagement.id:
            self.overview.show_overview(self.reader.load_overview(engagement.id))
            self._overview_of = engagement.id

    def _show_engagement(self, engagement: EngagementRecord | None) -> None:
        self.engagement = engagement
        if engagement is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.page)
        self.settings.setValue(self._last_key, engagement.id)
        client = next(c for c, _ in self.clients if c.id == engagement.client_id)
        self.heading.show_engagement(client.name, engagement)
        self.show_matrix(self.reader.list_items(engagement.id), engagement.id)
        self._show_overview_if_in_front()

    def show_matrix(self, items: Sequence[ItemRecord], engagement_id: int) -> None:
        milestones = self.reader.list_milestones(engagement_id)
        self.matrix.model.reset(items)
        self.matrix.show_milestones(milestones, None)
        current = self.matrix.milestone_box.currentData()
        self.matrix.show_milestone_state(
            next((m for m in milestones if m.id == current), None), has_engagement=True
        )
        self.matrix.show_summary(items, has_engagement=True)


def _opening() -> QWidget:
    label = QLabel(OPENING)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label
