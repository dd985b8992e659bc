"""The side panel as it looks: clients and their engagements, search, and the buttons.

:class:`NavigatorPanel` lists records and keeps the selection; it reads and saves
nothing. The navigator (:class:`cxdesk.ui.navigator.ClientNavigator`) adds what the
commands do and follows saved changes; the first frame at start-up shows this panel as
it is, before the store has loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.engagement_records import ClientRecord, EngagementRecord
from cxdesk.models.name_order import name_order_text

KindRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2
# What the panel sorts by: the store's order of names (models/name_order), so "Äpfel"
# and "Łódź" are listed under A and L, not after Z as the names' code points would be.
SortRole = Qt.ItemDataRole.UserRole + 3
CLIENT, ENGAGEMENT = "client", "engagement"


def _show_record(node: QStandardItem, record: ClientRecord | EngagementRecord) -> None:
    """Name, tooltip and record of a row, the same when it is added and when renamed (the
    tooltip holds the whole name, which a narrow panel shows cut)."""
    kind = "Client" if isinstance(record, ClientRecord) else "Engagement"
    node.setText(record.name)
    node.setToolTip(f"{kind}: {record.name}")
    node.setData(record, RecordRole)
    node.setData(name_order_text(record.name, record.id), SortRole)


class NavigatorTree(QTreeView):
    """Names are edited in a dialog (it validates and is undoable), not in place."""

    renameRequested = Signal()

    def edit(self, index, trigger, event):  # type: ignore[no-untyped-def, override]
        if trigger == QAbstractItemView.EditTrigger.EditKeyPressed:
            self.renameRequested.emit()
            return False
        return super().edit(index, trigger, event)


class NavigatorPanel(QWidget):
    engagementSelected = Signal(object)  # EngagementRecord or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Clients and engagements"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SortRole)
        self.proxy.setAutoAcceptChildRows(True)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search clients")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)

        self.tree = NavigatorTree()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setSortingEnabled(True)
        # Long names share their beginnings ("Pomorze Zdrowie Hospital Group – e-Rejestracja
        # phase 1" and "… phase 2"): cut in the middle, both ends stay readable; the whole
        # name is in the tooltip.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # The platform's edit key (F2; Return on macOS) opens the rename dialog.
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        # Scoped to the panel: F2 and Delete mean "edit cell" and "clear" in the matrix.
        self.rename_action = QAction("Rena&me client or engagement…", self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.delete_action = QAction("Delete client or en&gagement…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        for action in (self.rename_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.tree.addAction(action)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.new_client_button = QPushButton("New client…")
        self.new_engagement_button = QPushButton("New engagement…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_client_button)
        buttons.addWidget(self.new_engagement_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    # -- content -------------------------------------------------------------------

    def show_clients(
        self, clients: Sequence[tuple[ClientRecord, Sequence[EngagementRecord]]]
    ) -> None:
        """List ``clients`` with their engagements (once per opened workspace)."""
        self.model.removeRows(0, self.model.rowCount())
        for client, engagements in clients:
            node = self._client_added(client)
            for engagement in engagements:
                self._engagement_added(engagement, node)
        self.tree.expandAll()

    def _client_node(self, client_id: int) -> QStandardItem | None:
        for row in range(self.model.rowCount()):
            node = self.model.item(row)
            if node.data(RecordRole).id == client_id:
                return node
        return None

    def _engagement_node(self, engagement_id: int) -> QStandardItem | None:
        for row in range(self.model.rowCount()):
            client = self.model.item(row)
            for child_row in range(client.rowCount()):
                node = client.child(child_row)
                if node.data(RecordRole).id == engagement_id:
                    return node
        return None

    def _client_added(self, client: ClientRecord) -> QStandardItem:
        existing = self._client_node(client.id)
        if existing is not None:
            return existing
        node = QStandardItem()
        node.setData(CLIENT, KindRole)
        _show_record(node, client)
        self.model.appendRow(node)
        return node

    def _client_changed(self, client: ClientRecord) -> None:
        node = self._client_node(client.id)
        if node is not None:
            _show_record(node, client)

    def _client_removed(self, client_id: int) -> None:
        node = self._client_node(client_id)
        if node is not None:
            self.model.removeRow(node.row())
            self._reselect()

    def _engagement_added(
        self, engagement: EngagementRecord, parent: QStandardItem | None = None
    ) -> None:
        if self._engagement_node(engagement.id) is not None:
            return
        client_node = parent or self._client_node(engagement.client_id)
        if client_node is None:
            return
        node = QStandardItem()
        node.setData(ENGAGEMENT, KindRole)
        _show_record(node, engagement)
        client_node.appendRow(node)
        self.tree.expand(self.proxy.mapFromSource(client_node.index()))

    def _engagement_changed(self, engagement: EngagementRecord) -> None:
        node = self._engagement_node(engagement.id)
        if node is not None:
            _show_record(node, engagement)
            current = self.current_engagement()
            if current and current.id == engagement.id:
                self.engagementSelected.emit(engagement)

    def _engagement_removed(self, engagement_id: int) -> None:
        node = self._engagement_node(engagement_id)
        if node is not None:
            node.parent().removeRow(node.row())
            self._reselect()

    def _reselect(self) -> None:
        # Removing the row that holds the current one (its client, say) does not always
        # move Qt's current index with a signal: say what is shown now, so no page keeps
        # showing an engagement that is gone.
        self.engagementSelected.emit(self.current_engagement())

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    # -- selection -----------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.engagementSelected.emit(self.current_engagement())

    def current_node(self) -> QStandardItem | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return self.model.itemFromIndex(self.proxy.mapToSource(index))

    def current_client(self) -> ClientRecord | None:
        node = self.current_node()
        if node is None:
            return None
        if node.data(KindRole) == ENGAGEMENT:
            node = node.parent()
        client: ClientRecord | None = node.data(RecordRole)
        return client

    def current_engagement(self) -> EngagementRecord | None:
        node = self.current_node()
        if node is None or node.data(KindRole) != ENGAGEMENT:
            return None
        engagement: EngagementRecord | None = node.data(RecordRole)
        return engagement

    def select_engagement(self, engagement_id: int) -> bool:
        node = self._engagement_node(engagement_id)
        if node is None:
            return False
        index = self.proxy.mapFromSource(node.index())
        if not index.isValid():  # hidden by the search: clear it rather than fail
            self.search.clear()
            index = self.proxy.mapFromSource(node.index())
        self.tree.setCurrentIndex(index)
        return True

    def select_client(self, client_id: int) -> None:
        node = self._client_node(client_id)
        if node is None:
            return
        index = self.proxy.mapFromSource(node.index())
        if not index.isValid():  # hidden by the search: clear it rather than fail
            self.search.clear()
            index = self.proxy.mapFromSource(node.index())
        self.tree.setCurrentIndex(index)

    def select_remembered(self, remembered: object) -> bool:
        """Select the engagement whose id was ``remembered`` (a setting: None, or an id as
        text), else the first one listed; False when there is none to select."""
        if remembered is not None and self.select_engagement(int(str(remembered))):
            return True
        first = self.first_engagement()
        return first is not None and self.select_engagement(first.id)

    def first_engagement(self) -> EngagementRecord | None:
        for row in range(self.proxy.rowCount()):
            client = self.proxy.index(row, 0)
            if self.proxy.rowCount(client):
                first: EngagementRecord | None = self.proxy.index(0, 0, client).data(RecordRole)
                return first
        return None
