"""The side panel: clients and their engagements, with search, create, rename and delete."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk.models.wording import counted
from cxdesk.ops import ChangeSet
from cxdesk.store import workspace as store
from cxdesk.ui.dialogs import NameDialog
from cxdesk.ui.navigator_panel import CLIENT, ENGAGEMENT, KindRole, NavigatorPanel, RecordRole
from cxdesk.ui.workspace import Workspace

__all__ = ["CLIENT", "ENGAGEMENT", "ClientNavigator", "KindRole", "RecordRole"]


class ClientNavigator(NavigatorPanel):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.tree.renameRequested.connect(self.rename_current)
        self.rename_action.triggered.connect(self.rename_current)
        self.delete_action.triggered.connect(self.delete_current)
        self.new_client_button.clicked.connect(self.new_client)
        self.new_engagement_button.clicked.connect(self.new_engagement)
        ws.changed.connect(self._on_changed)
        self.reload()

    # -- content -------------------------------------------------------------------

    def reload(self) -> None:
        """Fill from the database (once per opened workspace)."""
        self.show_clients(store.list_clients(self.ws.db))

    def _on_changed(self, changes: ChangeSet) -> None:
        """Follow clients and engagements made, renamed and deleted, by an edit or its
        undo (an undone delete brings the client back with its engagements)."""
        if not changes.touches(CLIENT, ENGAGEMENT):
            return
        if changes.whole & {CLIENT, ENGAGEMENT}:
            changes = self._rows_changed()
        db = self.ws.db
        gone_clients = changes.deleted.get(CLIENT, frozenset())
        for engagement_id in changes.deleted.get(ENGAGEMENT, ()):
            node = self._engagement_node(engagement_id)
            if node is not None and node.parent().data(RecordRole).id not in gone_clients:
                self._engagement_removed(engagement_id)  # else it goes with its client
        for client_id in gone_clients:
            self._client_removed(client_id)
        for client_id in sorted(changes.created.get(CLIENT, ())):
            client = store.get_client(db, client_id)
            if client is not None:
                self._client_added(client)
        for client_id in changes.updated.get(CLIENT, ()):
            client = store.get_client(db, client_id)
            if client is not None:
                self._client_changed(client)
        for engagement_id in sorted(changes.created.get(ENGAGEMENT, ())):
            engagement = store.get_engagement(db, engagement_id)
            if engagement is not None:
                self._engagement_added(engagement)
        for engagement_id in changes.updated.get(ENGAGEMENT, ()):
            engagement = store.get_engagement(db, engagement_id)
            if engagement is not None:
                self._engagement_changed(engagement)

    def _rows_changed(self) -> ChangeSet:
        """A colleague's change that named no rows (too big to list them): which
        clients and engagements came, went or may have changed, from what the panel
        shows against what is stored, so the selection and the filter stay."""
        shown: dict[str, set[int]] = {CLIENT: set(), ENGAGEMENT: set()}
        for row in range(self.model.rowCount()):
            client = self.model.item(row)
            shown[CLIENT].add(client.data(RecordRole).id)
            for child in range(client.rowCount()):
                shown[ENGAGEMENT].add(client.child(child).data(RecordRole).id)
        stored: dict[str, set[int]] = {CLIENT: set(), ENGAGEMENT: set()}
        for client_record, engagements in store.list_clients(self.ws.db):
            stored[CLIENT].add(client_record.id)
            stored[ENGAGEMENT].update(e.id for e in engagements)
        kinds = (CLIENT, ENGAGEMENT)
        return ChangeSet(
            created={k: frozenset(stored[k] - shown[k]) for k in kinds},
            updated={k: frozenset(stored[k] & shown[k]) for k in kinds},
            deleted={k: frozenset(shown[k] - stored[k]) for k in kinds},
        )

    # -- commands ------------------------------------------------------------------

    def new_client(self) -> None:
        dialog = NameDialog("New client", "Client name:", parent=self)
        if dialog.exec():
            client_id = self.ws.add_client(dialog.value())
            if client_id is not None:
                # Selected, so "New engagement" (the obvious next step) knows its client.
                self.select_client(client_id)

    def new_engagement(self) -> None:
        client = self.current_client()
        if client is None:
            QMessageBox.information(
                self, "New engagement", "Select (or create) the client the engagement is for."
            )
            return
        dialog = NameDialog(
            f"New engagement for {client.name}", "Engagement:", with_phase=True, parent=self
        )
        if dialog.exec():
            engagement_id = self.ws.add_engagement(
                client.id, dialog.value(), dialog.journey_phase()
            )
            if engagement_id is not None:
                self.select_engagement(engagement_id)  # selecting opens it

    def rename_current(self) -> None:
        node = self.current_node()
        if node is None:
            return
        record = node.data(RecordRole)
        if node.data(KindRole) == CLIENT:
            dialog = NameDialog("Rename client", "Client name:", record.name, parent=self)
            if dialog.exec():
                self.ws.rename_client(record, dialog.value())
        else:
            dialog = NameDialog("Rename engagement", "Engagement:", record.name, parent=self)
            if dialog.exec():
                self.ws.rename_engagement(record, dialog.value())

    def delete_current(self) -> None:
        node = self.current_node()
        if node is None:
            return
        record = node.data(RecordRole)
        if node.data(KindRole) == CLIENT:
            count = node.rowCount()
            detail = f" and its {counted(count, 'engagement')}" if count else ""
            question = f"Delete the client “{record.name}”{detail}?"
        else:
            question = f"Delete the engagement “{record.name}” and everything recorded in it?"
        answer = QMessageBox.question(
            self, "Delete", f"{question}\n\nYou can undo this with Edit > Undo (Ctrl+Z)."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if node.data(KindRole) == CLIENT:
            self.ws.delete_client(record)
        else:
            self.ws.delete_engagement(record)
