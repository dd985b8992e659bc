"""Start-up's second step: load the store while the first frame is on screen.

The first frame (:mod:`cxdesk.ui.first_frame`) shows the last engagement within a few
tenths of a second; SQLAlchemy, the store and the rest of the window take over a second
more to import. They are imported on a worker thread, so the window stays responsive
(the UI thread waits in Qt's event loop, which does not hold Python's lock, so the
import runs at full speed). Back on the UI thread the claimed file is connected to and
the window attached: from then on everything can be changed.

Whenever the UI thread runs Python meanwhile (a timer, a key press into the matrix's
filter, the table asking its model for every cell it paints), it must take Python's lock
from the worker, and waits up to the switch interval for it each time: so while
importing the interval is shorter (:data:`LOADING_SWITCH_INTERVAL_S`), and restored
when the imports end (or fail, or the window closes first).
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk.store.errors import DatabaseRefused
from cxdesk.store.first_frame import FirstFrameReader
from cxdesk.store.inspection import FileState
from cxdesk.store.sqlite_file import Backend

if TYPE_CHECKING:
    from cxdesk.store.database import Database

log = logging.getLogger(__name__)

# What the window's attach() builds it from, beyond what the first frame imported.
STORE_MODULES = (
    "cxdesk.store.database",
    "cxdesk.store.demo",
    "cxdesk.ui.workspace",
    "cxdesk.ui.navigator",
    "cxdesk.ui.engagement_page",
    "cxdesk.ui.background_undo",
    "cxdesk.ui.backup_restore",
    "cxdesk.ui.backup_worker",
    "cxdesk.ui.engagement_files",
    "cxdesk.ui.spreadsheet_actions",
    "cxdesk.store.backups",
)

# Python's default is 5 ms. benchmarks/bench_loading.py, 10 fresh interpreters each,
# interleaved, on a loaded 2-CPU machine, from the first frame until the imports are
# done: a key press every 50 ms into the first frame's matrix filter, due -> frame
# painted, p95 of all presses, demo engagement 26.3 ms at 5 ms, 13.4 ms at 1 ms (idle
# 5.4); 300 rows 267 -> 164 ms (idle 16; the median run's p95 143 -> 83 ms). A 10 ms
# timer's p95 lateness 14.9 -> 9.8 and 62 -> 44 ms. Ready no later (median 1.34 ->
# 1.15 s and 1.39 -> 1.56 s, the noise here). An earlier run of 12 agreed (p95 29.5 ->
# 10.9 ms, 122 -> 31.5 ms) and found 0.5 ms no better. Importing on the UI thread, one
# module per idle slice, is far worse (p95 0.9 s: SQLAlchemy's import is one slice).
LOADING_SWITCH_INTERVAL_S = 0.001

TAB_MODULES = (
    "cxdesk.ui.overview.tab",
    "cxdesk.ui.matrix.tab",
    "cxdesk.ui.rater.tab",
    "cxdesk.ui.pulse.tab",
    "cxdesk.ui.quiz.tab",
    "cxdesk.ui.journey.tab",
)


class StoreLoader(QObject):
    """Imports the store off the UI thread, then gives the claimed workspace to
    ``attach`` (the main window's); ``ready`` follows (with the database), or ``window``
    closes after saying why the file could not be opened after all."""

    ready = Signal(object)  # the Database, once the window works on it
    _imported = Signal(object)  # from the worker: None, or what stopped the import

    def __init__(
        self,
        window: QWidget,
        attach: Callable[[Database], None],
        backend: Backend,
        state: FileState,
        reader: FirstFrameReader,
        *,
        headless: bool = False,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.attach = attach
        self.backend = backend
        self.state = state
        self.reader = reader
        self.headless = headless
        self._worker: threading.Thread | None = None
        self._switch_interval: float | None = None  # to restore once the imports end
        # Queued to this object's (the UI) thread: it is emitted from the worker.
        self._imported.connect(self._attach)

    def start(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, LOADING_SWITCH_INTERVAL_S))
        self._worker = threading.Thread(target=self._import, name="cxdesk-store-import")
        try:
            self._worker.start()
        except BaseException:
            self._restore_switch_interval()
            raise

    def _restore_switch_interval(self) -> None:
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None

    def _import(self) -> None:
        try:
            for name in (*STORE_MODULES, *TAB_MODULES):
                importlib.import_module(name)
        except BaseException as error:  # handed to the UI thread, which reports it
            self._imported.emit(error)
        else:
            self._imported.emit(None)

    def _attach(self, error: BaseException | None) -> None:
        if self._worker is not None:
            self._worker.join()  # it has finished: only its emit was left
        self._restore_switch_interval()  # no other thread wants the lock now
        self.reader.close()
        if error is not None:
            self.backend.release()
            self.window.close()
            raise error  # the error hook logs it and says so
        from cxdesk.store.database import open_claimed

        try:
            db: Database = open_claimed(self.backend, self.state)
        except DatabaseRefused as refusal:
            log.warning("could not open %s after its first frame: %s", refusal.path, refusal)
            if not self.headless:
                QMessageBox.critical(self.window, refusal.title, refusal.message)
            self.window.close()
            return
        self.attach(db)
        self.ready.emit(db)

    def finish(self) -> None:
        """At exit: wait for an import still running (closed before the store was ready),
        so no thread outlives the window, and let go of the file."""
        if self._worker is not None:
            self._worker.join()
        self._restore_switch_interval()
        self.reader.close()
