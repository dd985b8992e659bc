"""Automatic backups and restores, off the UI thread.

:class:`BackupScheduler` belongs to the main window. It backs the open database up on
start (when the data changed since the newest backup), every 30 minutes while edits are
being made, and on request; it runs restores. The work runs on the window's task runner
(one backup or restore at a time): it opens its own read-only ``sqlite3`` connections
(never the UI's Session) and gets plain paths only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from cxdesk.store.backup_policy import BackupInfo, BackupReason, RetentionPolicy
from cxdesk.ui.tasks import Failure, TaskKind, TaskRunner
from cxdesk.ui.window_services import WindowServices

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

EDITING_INTERVAL_MS = 30 * 60 * 1000
START_DELAY_MS = 2000  # after the first frame: start-up is not slowed by a backup


def _explain(error: Exception) -> Failure | None:
    from cxdesk.store.backups import BackupError

    return Failure("Backup", error.message) if isinstance(error, BackupError) else None


def _unexpected(error: Exception) -> Failure:  # a bug: said so, the details in the log
    return Failure("Backup", f"The backup could not be made ({type(error).__name__}: {error}).")


BACKUP = TaskKind("backup", log, "backup work", _explain, _unexpected)


class BackupScheduler(QObject):
    """Runs one backup or restore at a time for a window; see the module docstring."""

    backedUp = Signal(object)  # BackupInfo, or None when nothing had changed
    failed = Signal(str)
    notice = Signal(str)  # a line for the status bar

    def __init__(
        self,
        window: WindowServices,
        *,
        tasks: TaskRunner | None = None,
        folder_for: Callable[[Path], Path] | None = None,
        policy: RetentionPolicy | None = None,
        interval_ms: int | None = None,
        start_delay_ms: int | None = None,
    ) -> None:
        super().__init__(window.dialog_parent)
        from cxdesk.store.backups import default_backup_folder

        self.window = window
        self.folder_for = folder_for or default_backup_folder
        self.policy = policy
        self.tasks = tasks if tasks is not None else window.tasks
        self.dirty = False
        self.last_error: str | None = None
        self._watched: Workspace | None = None
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(EDITING_INTERVAL_MS if interval_ms is None else interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._watch()
        QTimer.singleShot(
            START_DELAY_MS if start_delay_ms is None else start_delay_ms, self._on_start
        )

    # -- when ------------------------------------------------------------------------

    def folder(self) -> Path:
        assert self.window.ws is not None
        return self.folder_for(self.window.ws.db.path)

    def _watch(self) -> None:
        """Follow the window's workspace: a database opened since is watched from now."""
        ws = self.window.ws
        if ws is self._watched:
            return
        # The previous workspace's connection goes with it (set_workspace deletes it).
        self._watched = ws
        if ws is not None:
            ws.undo_stack.indexChanged.connect(self._edited)
            self.dirty = True  # a newly opened file: back it up if it changed

    @Slot(int)
    def _edited(self, _index: int) -> None:
        self.dirty = True

    @Slot()
    def _on_start(self) -> None:
        self.backup_now(BackupReason.START)

    @Slot()
    def _tick(self) -> None:
        self._watch()
        if self.dirty:
            self.backup_now(BackupReason.EDITING)

    def busy(self) -> bool:
        return self.tasks.busy(BACKUP.lane)

    def on_server(self) -> bool:
        """Whether the window shows a team workspace: no file to copy, and its backups
        are the server's own (pg_dump, the server's schedule), not this app's."""
        ws = self.window.ws
        if ws is None:
            return False
        from cxdesk.store.workspace_kind import is_team_workspace

        return is_team_workspace(ws.db)

    # -- the work ----------------------------------------------------------------------

    def backup_now(self, reason: BackupReason, *, only_if_changed: bool = True) -> bool:
        """Start a backup of the open database on the worker; False if one is running."""
        from cxdesk.store.backups import backup_if_changed, make_backup

        if self._closed or self.busy() or self.window.ws is None:
            return False
        self._watch()
        if self.on_server():
            self.dirty = False  # nothing to do: the server keeps the backups
            return True
        path, folder, policy = self.window.ws.db.path, self.folder(), self.policy
        self.dirty = False  # edits made while it runs mark it dirty again

        def job() -> BackupInfo | None:
            if only_if_changed:
                return backup_if_changed(path, folder, reason, policy=policy)
            return make_backup(path, folder, reason, policy=policy)

        return self._run(job, self._backed_up, self._backup_failed)

    def restore(
        self,
        backup: BackupInfo,
        on_done: Callable[[BackupInfo | None], None],
        on_failed: Callable[[str], None],
    ) -> bool:
        """Restore ``backup`` into the open database's file on the worker.

        The window's database is closed first (the restore takes its lock); ``on_done``
        or ``on_failed`` runs on the UI thread afterwards and must reopen it.
        """
        from cxdesk.store.backups import restore_backup
        from cxdesk.ui.editing import commit_pending_edit

        if self._closed or self.busy() or self.window.ws is None or self.on_server():
            return False
        commit_pending_edit()
        path, folder = self.window.ws.db.path, self.folder()
        self.timer.stop()
        self.window.ws.db.close()
        return self._run(lambda: restore_backup(backup, path, folder), on_done, on_failed)

    def _run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
    ) -> bool:
        task = self.tasks.start(
            BACKUP, lambda _control: job(), on_done, lambda failure: on_failed(failure.message)
        )
        return task is not None

    def _backed_up(self, info: BackupInfo | None) -> None:
        self.last_error = None
        if info is not None:
            self.notice.emit(f"Backed up at {info.created:%H:%M}")
        self.backedUp.emit(info)

    def _backup_failed(self, message: str) -> None:
        log.warning("backup failed: %s", message)
        self.last_error = message
        self.dirty = True  # try again at the next tick
        self.notice.emit("The automatic backup failed: " + message)
        self.failed.emit(message)

    def resume(self) -> None:
        """After a restore: watch the reopened workspace, back up on the usual rhythm."""
        self._watch()
        self.dirty = False
        self.timer.start()

    def shutdown(self) -> None:
        """The window is closing (it calls this): no more backups. The window's task
        runner waits for a running one (a backup or a restore cannot stop half-way) and
        drops its outcome."""
        self._closed = True
        self.timer.stop()
