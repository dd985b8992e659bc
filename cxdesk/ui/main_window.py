"""The main window: menus, the client navigator and the engagement's tabs."""

from __future__ import annotations

import sys
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from cxdesk import __version__
from cxdesk.models.engagement_records import ClientRecord, EngagementRecord
from cxdesk.store.errors import DatabaseRefused
from cxdesk.store.paths import DATABASE_SUFFIX, default_database_path
from cxdesk.ui import status_line
from cxdesk.ui.editing import commit_pending_edit
from cxdesk.ui.recent_folders import FileKind, RecentFolders
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.window_layout import (
    EmptyState,
    engagement_area,
    last_engagement_key,
    remember_tab,
    remembered_tab,
)

if TYPE_CHECKING:
    from cxdesk.store.database import Database
    from cxdesk.store.server_database import ServerDatabase
    from cxdesk.ui.backup_worker import BackupScheduler
    from cxdesk.ui.connecting import TeamWorkspaceOpening
    from cxdesk.ui.engagement_files import EngagementFiles
    from cxdesk.ui.engagement_page import EngagementPage
    from cxdesk.ui.export_worker import ToolkitExporter
    from cxdesk.ui.first_frame import FirstFrame
    from cxdesk.ui.laptop_copy import LaptopCopy
    from cxdesk.ui.navigator import ClientNavigator
    from cxdesk.ui.portfolio_window import PortfolioWindow
    from cxdesk.ui.spreadsheet_actions import SpreadsheetActions
    from cxdesk.ui.tasks import TaskRunner
    from cxdesk.ui.workspace import Workspace

FILE_FILTER = f"CX Desk database (*{DATABASE_SUFFIX} *.sqlite *.db);;All files (*)"
# Said when a team workspace's server, gone for a while, is heard again.
SERVER_BACK = "The team workspace's server is back: colleagues' changes show again."


class MainWindow(QMainWindow):
    """The main window. Made with a database, it shows it at once (tests, New/Open);
    made with ``first_frame`` and no database, it shows that until :meth:`attach` is given
    the database (start-up: the store loads after the first frame is on screen)."""

    tasks: TaskRunner
    engagement_files: EngagementFiles
    spreadsheets: SpreadsheetActions
    backups: BackupScheduler
    laptop_copy: LaptopCopy

    def __init__(
        self,
        db: Database | None,
        settings: QSettings,
        *,
        first_frame: FirstFrame | None = None,
        offer_demo: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        # A team workspace made just now asks once whether to add the demo (not with
        # cxdesk --no-demo, nor in a run without a screen, which adds it as a file does).
        self.offer_demo = offer_demo
        self.demo_question: QMessageBox | None = None  # while it is asked
        self.recent_folders = RecentFolders(settings)  # where each file dialog opens
        self.ws: Workspace | None = None
        self.navigator: ClientNavigator | None = None
        self.page: EngagementPage | None = None
        self.first_frame = first_frame
        self.setWindowTitle("CX Desk")
        self.resize(1280, 800)
        self._saved_label = QLabel()
        self.statusBar().addPermanentWidget(self._saved_label)
        self._exporter: ToolkitExporter | None = None  # made on the first export
        self.brand_dialog: QDialog | None = None
        self.escalation_dialog: QDialog | None = None
        self.team_dialog: QDialog | None = None  # File > Open team workspace…, while open
        self.portfolio: PortfolioWindow | None = None  # made when first asked for
        bar = self.menuBar()
        self._menus = [bar.addMenu(title) for title in ("&File", "&Edit", "&View", "&Help")]
        if db is not None:
            self.attach(db)
        else:
            for menu in self._menus:  # until the store is ready: nothing can change yet
                menu.addAction(_opening_action(menu))
            if first_frame is not None:
                self.setCentralWidget(first_frame)
                self.setWindowTitle(f"{first_frame.reader.path.name} — CX Desk")
            self._saved_label.setText("Opening…")
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def attach(self, db: Database) -> None:
        """Make the window work on ``db``: its File menu's features, the menus, and the
        workspace in place of the first frame (where the person left it, via settings)."""
        from cxdesk.ui.backup_worker import BackupScheduler
        from cxdesk.ui.engagement_files import EngagementFiles
        from cxdesk.ui.laptop_copy import LaptopCopy
        from cxdesk.ui.spreadsheet_actions import SpreadsheetActions
        from cxdesk.ui.tasks import TaskRunner
        from cxdesk.ui.workspace import Workspace

        # Backups, exports and imports run off the UI thread here; closing waits for them.
        # (Made already when the window connected to a team workspace first.)
        if getattr(self, "tasks", None) is None:
            self.tasks = TaskRunner(self)
        # The File menu's features, each given this window as WindowServices (what it may
        # ask of the window) and kept here by name. Made before the first workspace: the
        # backups follow whichever workspace the window shows.
        self.engagement_files = EngagementFiles(self)
        self.laptop_copy = LaptopCopy(self, self.settings, self.open_path)
        self.spreadsheets = SpreadsheetActions(self)
        self.backups = BackupScheduler(self)
        for menu in self._menus:
            menu.clear()
        self._build_menus()
        first_frame = self.first_frame
        self.set_workspace(Workspace(db))
        if first_frame is not None:
            self.splitter.setSizes(first_frame.splitter.sizes())
            self.first_frame = None

    def open_on_server(
        self, server: ServerDatabase, *, demo_on: date | None = None
    ) -> TeamWorkspaceOpening:
        """Connect to ``server``'s team workspace off the UI thread, the window saying
        so meanwhile (``cxdesk --db URL``); :meth:`attach` once it is open."""
        from cxdesk.ui.connecting import TeamWorkspaceOpening
        from cxdesk.ui.tasks import TaskRunner

        self.tasks = TaskRunner(self)
        opening = TeamWorkspaceOpening(self, self.tasks, server, self.attach, demo_on=demo_on)
        self.setCentralWidget(opening.panel)
        self.setWindowTitle(f"{server.display_name} — CX Desk")
        self._saved_label.setText("")  # the panel says what happens
        opening.start()
        return opening

    # -- menus ---------------------------------------------------------------------

    def _add(self, menu, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        from cxdesk.ui.backup_restore import install_backup_actions
        from cxdesk.ui.engagement_files import install_engagement_file_actions
        from cxdesk.ui.spreadsheet_actions import install_spreadsheet_actions

        file, self.edit_menu, view, help_menu = self._menus
        self._add(
            file,
            "New &client…",
            lambda: self.navigator.new_client() if self.navigator else None,
            "Ctrl+Shift+C",
        )
        self._add(
            file,
            "New &engagement…",
            lambda: self.navigator.new_engagement() if self.navigator else None,
            "Ctrl+Shift+N",
        )
        file.addSeparator()
        self.export_action = self._add(
            file, "Export &toolkit…", lambda: self.export_toolkit(blank=False), "Ctrl+E"
        )
        self._add(file, "Export &blank templates…", lambda: self.export_toolkit(blank=True))
        self._add(file, "Br&and settings…", self.brand_settings)
        file.addSeparator()
        install_engagement_file_actions(self.engagement_files, file)
        self.laptop_copy.install(file)  # File > Copy to my laptop… (team workspaces)
        install_spreadsheet_actions(self.spreadsheets, file)
        file.addSeparator()
        self._add(file, "&New database…", self.new_database)
        self._add(file, "&Open database…", self.open_database_dialog, QKeySequence.StandardKey.Open)
        self._add(file, "Open tea&m workspace…", self.open_team_workspace)
        file.addSeparator()
        install_backup_actions(self.backups, file)
        file.addSeparator()
        self._add(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        # Ctrl+Shift+Z first (what the menu shows and the help says); Ctrl+Y as well.
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.redo)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.tab_actions_anchor = self.edit_menu.addSeparator()
        self._tab_menu_actions: list[QAction] = []
        self.escalation_action = self._add(
            self.edit_menu, "Escalation &ladder…", self.edit_escalation_ladder
        )
        self.escalation_action.setEnabled(False)

        self.navigator_action = self._add(view, "&Clients panel", self._toggle_navigator, "Ctrl+B")
        self.navigator_action.setCheckable(True)
        self.navigator_action.setChecked(True)
        self._add(
            view, "&Full screen", self._toggle_full_screen, QKeySequence.StandardKey.FullScreen
        )
        # Ctrl+0 beside Ctrl+1..6, the engagement's tabs: every engagement at once.
        self.portfolio_action = self._add(
            view, "Por&tfolio (every engagement)", self.show_portfolio, "Ctrl+0"
        )
        view.addSeparator()
        for number, spec in enumerate(ENGAGEMENT_TABS):
            self._add(view, spec.menu_text, partial(self.show_tab, number), f"Ctrl+{number + 1}")

        self._add(
            help_menu,
            "&Keyboard shortcuts",
            self.show_shortcuts,
            QKeySequence.StandardKey.HelpContents,
        )
        self._add(help_menu, "Add the &demo engagement", self.add_demo)
        self._add(help_menu, "&About CX Desk", self.show_about)

    # -- the open workspace --------------------------------------------------------

    def set_workspace(self, ws: Workspace) -> None:
        """Show a (newly opened) workspace; the previous one's widgets go with it."""
        old = self.ws
        if self.page is not None and self.page.built(TabKey.QUIZ):  # else it has none
            self.page.quiz.close_presenter()  # it belongs to the workspace being closed
        _stop_phone_surveys()  # they write to the workspace being closed
        self._close_portfolio()  # it shows the workspace being closed
        self.ws = ws
        ws.setParent(self)
        from cxdesk.ui.engagement_page import EngagementPage
        from cxdesk.ui.navigator import ClientNavigator

        self.navigator = ClientNavigator(ws)
        # Reopen on the tab last used: a consultant mid-workshop picks up where they were.
        # Only that tab is made now; the others when first shown.
        self.page = EngagementPage(ws, front=self._last_tab())
        self.empty = EmptyState()
        self.empty_new_client = self.empty.new_client
        self.empty_new_client.clicked.connect(
            lambda: self.navigator.new_client() if self.navigator else None
        )
        self.empty_new_engagement = self.empty.new_engagement
        self.empty_new_engagement.clicked.connect(
            lambda: self.navigator.new_engagement() if self.navigator else None
        )
        self.empty.demo.clicked.connect(self.add_demo)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.page)
        self.splitter = engagement_area(self.navigator, self.stack)
        self.setCentralWidget(self.splitter)
        self.navigator.setVisible(self.navigator_action.isChecked())

        self.navigator.engagementSelected.connect(self._show_engagement)
        ws.editRefused.connect(self._edit_refused)
        ws.liveStatusChanged.connect(self._live_status_changed)
        ws.focusEngagement.connect(self._focus_engagement)
        ws.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        ws.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        # Bound methods, not lambdas: Qt drops these connections when the window goes.
        ws.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        ws.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        ws.undo_stack.indexChanged.connect(self._saved)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.page.tabs.currentChanged.connect(self._tab_changed)
        self.page.tabs.currentChanged.connect(self._install_tab_actions)
        self._install_tab_actions()

        self.setWindowTitle(f"{ws.db.display_name} — CX Desk")
        # A team workspace has no file (its "path" is its address without a password).
        self.setWindowFilePath("" if _on_server(ws.db) else str(ws.db.path))
        if _on_server(ws.db):  # File > Open team workspace… offers it next time
            from cxdesk.ui.team_workspace_dialog import remember_workspace

            remember_workspace(self.settings, ws.db)
        self._saved_label.setText("All changes saved")
        if not _on_server(ws.db):  # where File > Copy to my laptop puts an engagement
            self.settings.setValue("database/last", str(ws.db.path))
        if self.offer_demo and ws.db.created and _on_server(ws.db):
            # After the window is on screen (the box is window-modal over it).
            QTimer.singleShot(0, self, partial(self._ask_demo, ws))
        if not self.navigator.select_remembered(self.settings.value(self._last_engagement_key())):
            self._show_engagement(None)
        if old is not None:
            old.db.close()
            old.deleteLater()

    def _last_tab(self) -> TabKey | None:
        """The tab in front when the window last showed one (None: never, or unreadable)."""
        return remembered_tab(self.settings)

    def _install_tab_actions(self, *_args: object) -> None:
        """The Edit menu offers the commands of the tab in front (and the navigator's)."""
        for action in self._tab_menu_actions:
            self.edit_menu.removeAction(action)
        assert self.page is not None
        assert self.navigator is not None
        self._tab_menu_actions = [
            self.navigator.rename_action,
            self.navigator.delete_action,
            *self.page.current_tab().menu_actions(),
        ]
        self.edit_menu.insertActions(self.tab_actions_anchor, self._tab_menu_actions)

    def _show_engagement(self, engagement: EngagementRecord | None) -> None:
        assert self.page is not None
        assert self.navigator is not None
        self.escalation_action.setEnabled(engagement is not None)
        assert self.ws is not None
        self.laptop_copy.follow(engagement, _on_server(self.ws.db))
        if engagement is None:
            self.stack.setCurrentWidget(self.empty)
            has_client = self.navigator.current_client() is not None
            self.empty_new_engagement.setVisible(has_client)
            self.page.show_engagement(None)
            return
        self.stack.setCurrentWidget(self.page)
        self.page.show_engagement(engagement)
        self.settings.setValue(self._last_engagement_key(), engagement.id)

    def _focus_engagement(self, engagement_id: int) -> None:
        assert self.navigator is not None
        current = self.navigator.current_engagement()
        if current is None or current.id != engagement_id:
            self.navigator.select_engagement(engagement_id)

    def _last_engagement_key(self) -> str:
        assert self.ws is not None
        return last_engagement_key(self.ws.db.path)

    def _undo_text_changed(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}" if text else "&Undo")

    def _redo_text_changed(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}" if text else "&Redo")

    def undo(self) -> None:
        if self.ws is not None:
            from cxdesk.ui import background_undo

            commit_pending_edit()  # the text being typed is a step of its own, undone first
            background_undo.undo(self.ws, self.tasks)

    def redo(self) -> None:
        if self.ws is not None:
            from cxdesk.ui import background_undo

            commit_pending_edit()
            background_undo.redo(self.ws, self.tasks)

    def _edit_refused(self, message: str) -> None:
        self.show_status(message)
        QMessageBox.warning(self, "Not saved", message)

    def _live_status_changed(self, words: str) -> None:
        # The engagement's page keeps saying it while it holds; the status bar says it
        # too, as the page is hidden while no engagement is chosen.
        self.show_status(words or SERVER_BACK)

    def _saved(self, _index: int) -> None:
        self._saved_label.setText(f"All changes saved · {datetime.now():%H:%M:%S}")

    # -- what the features ask of the window (WindowServices) ----------------------

    @property
    def dialog_parent(self) -> QWidget:
        return self

    def current_client(self) -> ClientRecord | None:
        return self.navigator.current_client() if self.navigator is not None else None

    def show_status(self, message: str) -> None:
        status_line.show_status(self, message)

    def reload_clients(self, select_engagement: int | None) -> None:
        if self.navigator is None:
            return
        self.navigator.reload()
        if select_engagement is not None:
            self.navigator.select_engagement(select_engagement)

    # -- files ---------------------------------------------------------------------

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open CX Desk database", str(self._folder()), FILE_FILTER
        )
        if path:
            self.recent_folders.remember(FileKind.DATABASE, Path(path))
            self.open_path(Path(path))

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New CX Desk database",
            str(self._folder() / f"engagements{DATABASE_SUFFIX}"),
            FILE_FILTER,
        )
        if not path:
            return
        target = Path(path)
        self.recent_folders.remember(FileKind.DATABASE, target)
        if not target.suffix:
            target = target.with_suffix(DATABASE_SUFFIX)
        if target.exists() and target.stat().st_size > 0:
            QMessageBox.warning(
                self,
                "New database",
                f"“{target.name}” already exists. Choose File > Open to open it, or pick "
                "another name: CX Desk never overwrites a file.",
            )
            return
        self.open_path(target)

    def open_path(self, path: Path) -> bool:
        from cxdesk.store.database import open_database
        from cxdesk.ui.workspace import Workspace

        assert self.ws is not None
        if path.absolute() == self.ws.db.path:
            return True
        try:
            db = open_database(path)
        except DatabaseRefused as refusal:
            QMessageBox.critical(self, refusal.title, refusal.message)
            return False
        self.set_workspace(Workspace(db))
        return True

    def open_team_workspace(self) -> None:
        """File > Open team workspace…: a workspace on a PostgreSQL server."""
        from cxdesk.ui.team_workspace_dialog import TeamWorkspaceDialog

        if self.team_dialog is not None:
            self.team_dialog.raise_()
            return
        self._open_dialog(TeamWorkspaceDialog(self, self.settings), "team_dialog")

    def _folder(self) -> Path:
        """Where Open and New start: the last folder a database was opened or made in,
        else the open database's."""
        assert self.ws is not None
        if _on_server(self.ws.db):  # no folder of its own: where the default file is
            return self.recent_folders.folder(FileKind.DATABASE, default_database_path().parent)
        return self.recent_folders.folder(FileKind.DATABASE, self.ws.db.path.parent)

    # -- the PDF toolkit, brand and escalation ladder ------------------------------

    def shown_engagement(self) -> EngagementRecord | None:
        if self.navigator is None or self.stack.currentWidget() is not self.page:
            return None
        return self.navigator.current_engagement()

    @property
    def exporter(self) -> ToolkitExporter:
        """PDF exports run on a worker thread; this owns it, its progress and its outcome.
        Made on first use, so start-up pays nothing for it."""
        if self._exporter is None:
            from cxdesk.ui.export_worker import ToolkitExporter

            self._exporter = ToolkitExporter(self, self.settings, tasks=self.tasks)
            self._exporter.notice.connect(self.show_status)
        return self._exporter

    def export_toolkit(self, *, blank: bool = False) -> None:
        """File > Export toolkit… (the engagement in front, or the blank templates)."""
        assert self.ws is not None
        assert self.navigator is not None
        engagement = self.shown_engagement()
        client = self.navigator.current_client() if engagement is not None else None
        self.exporter.ask(self.ws.db, client, engagement, blank=blank, run=self.ws.run)

    def brand_settings(self) -> None:
        from cxdesk.ui.brand_dialog import BrandDialog

        assert self.ws is not None
        self._open_dialog(BrandDialog(self.ws, self), "brand_dialog")

    def edit_escalation_ladder(self) -> None:
        from cxdesk.ui.escalation_dialog import EscalationDialog

        assert self.ws is not None
        engagement = self.shown_engagement()
        if engagement is None:
            return
        self._open_dialog(EscalationDialog(self.ws, engagement.id, self), "escalation_dialog")

    def _open_dialog(self, dialog: QDialog, attribute: str) -> None:
        """Window-modal without a nested event loop; kept on ``attribute`` while open."""
        setattr(self, attribute, dialog)

        def closed(_result: int) -> None:
            if getattr(self, attribute) is dialog:
                setattr(self, attribute, None)
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    # -- view and help -------------------------------------------------------------

    def _toggle_navigator(self, visible: bool) -> None:
        if self.navigator is not None:
            self.navigator.setVisible(visible)

    def _tab_changed(self, index: int) -> None:
        if self.page is not None and 0 <= index < len(self.page.keys):  # -1: no tab
            remember_tab(self.settings, self.page.keys[index])

    def show_tab(self, index: int) -> None:
        if self.page is not None and self.stack.currentWidget() is self.page:
            self.page.tabs.setCurrentIndex(index)
            self.page.tabs.currentWidget().setFocus()

    def show_portfolio(self) -> None:
        """View > Portfolio: the window listing every engagement, brought to the front."""
        from cxdesk.ui.portfolio_window import PortfolioWindow

        assert self.ws is not None
        if self.portfolio is None:
            self.portfolio = PortfolioWindow(self.ws, self.tasks, self.spreadsheets, self)
            self.portfolio.openEngagement.connect(self.open_engagement)
        self.portfolio.show()
        self.portfolio.raise_()
        self.portfolio.activateWindow()

    def _close_portfolio(self) -> None:
        if self.portfolio is not None:
            self.portfolio.close()
            self.portfolio.deleteLater()
            self.portfolio = None

    def open_engagement(self, engagement_id: int) -> None:
        """Show an engagement (from the portfolio) as if chosen in the clients panel."""
        from cxdesk.store.workspace import get_engagement

        assert self.ws is not None
        assert self.navigator is not None
        # Asked of the store, not the panel: a colleague (or an import) may have deleted
        # it without this window hearing of it.
        if get_engagement(self.ws.db, engagement_id) is None:
            self.reload_clients(None)
            message = "That engagement was deleted meanwhile."
            self.show_status(message)
            if self.portfolio is not None:
                self.portfolio.status.setText(message)
                self.portfolio.mark_stale()
            return
        self.navigator.select_engagement(engagement_id)
        self.raise_()
        self.activateWindow()

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def add_demo(self) -> None:
        from cxdesk.ops import ChangeSet
        from cxdesk.ops.live_changes import announce_written
        from cxdesk.store.demo import add_demo_engagement

        assert self.ws is not None
        engagement_id = add_demo_engagement(self.ws.db)
        # Not an operation (nothing to undo): colleagues' windows are told here.
        announce_written(self.ws.db, ChangeSet(whole=frozenset({"client", "engagement"})))
        assert self.navigator is not None
        self.navigator.reload()
        self.navigator.select_engagement(engagement_id)

    def _ask_demo(self, ws: Workspace) -> None:
        """The new team workspace's question: add the demo engagement? (once)."""
        from cxdesk.ui.demo_offer import ask_add_demo

        if self.ws is not ws:  # another workspace was opened meanwhile
            return

        def add() -> None:
            if self.ws is ws:
                self.add_demo()

        self.demo_question = ask_add_demo(self, ws.db.display_name, add)
        self.demo_question.finished.connect(self._demo_answered)

    def _demo_answered(self, _result: int) -> None:
        self.demo_question = None

    def show_shortcuts(self) -> None:
        from cxdesk.ui.shortcuts_help import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.exec()
        dialog.deleteLater()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About CX Desk",
            f"<b>CX Desk {__version__}</b><p>For consultants who close the customer-"
            "experience gap: what the client expected, what was delivered and what they "
            "experienced.</p><p>Works offline. Every edit is saved as you make it.</p>"
            f"<p>Database: {_where(self.ws.db) if self.ws else ''}</p>",
        )

    # -- closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing to save: every edit is already committed. Only the layout is kept.
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self._close_portfolio()  # a window of its own: it would keep the app running
        if self.ws is not None:  # else closed before the store was ready: nothing started
            self.backups.shutdown()  # no backup starts now
        if getattr(self, "tasks", None) is not None:  # also while connecting to a server
            # What runs is cancelled where it can be (an import rolls back, a connection
            # attempt is abandoned) and waited for: no thread outlives the window or uses
            # its database after it is closed.
            self.tasks.shutdown()
        if self.page is not None and self.page.built(TabKey.QUIZ):  # else it has none
            self.page.quiz.close_presenter()
        _stop_phone_surveys()  # before the database they write to closes
        if self.ws is not None:
            self.ws.db.close()
            self.ws = None
        super().closeEvent(event)


def _on_server(db: Database) -> bool:
    """A team workspace (PostgreSQL): no file, no folder, no app backups."""
    from cxdesk.store.workspace_kind import is_team_workspace

    return is_team_workspace(db)


def _where(db: Database) -> str:
    """The workspace for the About box: its file, or a team workspace's name (never its
    address: it may be given with a password)."""
    return f"the team workspace {db.display_name}" if _on_server(db) else str(db.path)


def _stop_phone_surveys() -> None:
    """Close every RATER survey or pulse check answered on phones (no listening socket
    outlives its workspace). None ran unless their module was loaded: not imported here."""
    rooms = sys.modules.get("cxdesk.ui.survey_phones.room")
    if rooms is not None:
        rooms.stop_every_survey()


def _opening_action(menu: QMenu) -> QAction:
    action = QAction("Opening the workspace…", menu)
    action.setEnabled(False)
    return action
