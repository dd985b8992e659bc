"""Start-up: command line, logging, the global error hook, opening the workspace.

``cxdesk export ...`` is handed to :mod:`cxdesk.cli_export` before anything imports Qt:
it writes the PDF toolkit with no QApplication and no window.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple, cast

from cxdesk import __version__
from cxdesk.store.paths import data_dir, database_path_argument, default_database_path

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from cxdesk.store.database import Database
    from cxdesk.store.inspection import FileState
    from cxdesk.store.sqlite_file import SQLiteFile
    from cxdesk.ui.main_window import MainWindow

log = logging.getLogger("cxdesk")

HEADLESS_ENV = "CXDESK_HEADLESS"  # scripted runs and tests: never block on a dialog
BENCHMARK_EXIT_ENV = "CXDESK_BENCHMARK_EXIT"  # benchmarks/run.py: report the frames, quit
BEFORE_QT = (  # the file's claim and first read, and the matrix's column titles
    "cxdesk.store.sqlite_file",
    "cxdesk.store.first_frame",
    "cxdesk.models.sheet_columns",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="cxdesk",
        description="CX Desk: close the customer-experience gap on client engagements.",
        epilog="cxdesk export --help: write the branded Expectation Management Toolkit "
        "as a PDF from the command line, without opening a window.",
    )
    parser.add_argument(
        "--db",
        type=database_path_argument,
        metavar="PATH_OR_URL",
        help=f"the database file to open (default: {default_database_path()}), or a team "
        "workspace's address: postgresql+psycopg://user@server/dbname (its password in "
        "your ~/.pgpass, never on the command line)",
    )
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="do not add the demo engagement to a newly created database",
    )
    parser.add_argument("--version", action="version", version=f"CX Desk {__version__}")
    return parser.parse_args(argv)


def _configure_logging() -> None:
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "cxdesk.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _install_error_hook() -> None:
    """An unexpected error is logged and explained; the data is safe (every edit committed)."""

    telling: list[object] = []  # the dialog about a server gone, while it is open

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if "psycopg" in sys.modules and _server_gone(error):  # only a team workspace's
            # Not a bug: a screen read while the team workspace's server was away. Said
            # once (every screen's next read would fail the same way), in words.
            log.warning("the server went away: %s", error.__class__.__name__)
            if not os.environ.get(HEADLESS_ENV) and not telling:
                from PySide6.QtWidgets import QApplication, QMessageBox

                from cxdesk.store.server_database import SERVER_GONE

                if QApplication.instance() is not None:
                    telling.append(error)
                    try:
                        QMessageBox.warning(None, "Server not reachable", SERVER_GONE)
                    finally:
                        telling.clear()
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        traceback.print_exception(kind, error, tb)
        if os.environ.get(HEADLESS_ENV):
            return
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                "Something went wrong",
                f"CX Desk hit an unexpected problem:\n\n{error}\n\n"
                "Everything you entered before this was already saved. "
                f"Details are in {data_dir() / 'cxdesk.log'}.",
            )

    sys.excepthook = hook


def _server_gone(error: BaseException) -> bool:
    # Imported when asked: a SQLite workspace never loads the server's module.
    from cxdesk.store.server_database import server_gone

    return server_gone(error)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["export"]:
        _configure_logging()
        from cxdesk.cli_export import main as export_main

        return export_main(arguments[1:])
    args = parse_args(arguments)
    _configure_logging()
    _install_error_hook()

    # What the first frame needs that is not Qt, imported before PySide6: once PySide6 is
    # loaded, its import hook reads the source of every module imported after it.
    for name in BEFORE_QT:
        importlib.import_module(name)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cxdesk.store.errors import DatabaseRefused

    # instance() is typed QCoreApplication; the only one this process makes is a
    # QApplication (here, or pytest-qt's qapp).
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])
    app.setApplicationName("CX Desk")
    app.setApplicationDisplayName("CX Desk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CX Desk")
    app.setStyle("Fusion")  # one look everywhere, and it follows the light/dark scheme
    from PySide6.QtGui import QIcon

    from cxdesk.resources import resource

    app.setWindowIcon(QIcon(str(resource("icons", "cxdesk.svg"))))

    headless = bool(os.environ.get(HEADLESS_ENV))
    path = args.db if args.db is not None else default_database_path()
    if isinstance(path, str):  # a team workspace's address: the window connects
        return _run_on_server(app, path, demo=not args.no_demo, headless=headless)
    try:
        opened = _open_workspace(path, demo=not args.no_demo, ask=not headless)
    except DatabaseRefused as refusal:
        recovered = None
        if not headless and isinstance(path, Path):  # a server's backups are its own
            # A damaged file with a good backup: offered plainly, set aside, never deleted.
            from cxdesk.ui.backup_restore import offer_recovery

            recovered = offer_recovery(refusal, path)
        try:
            if recovered is None:
                raise refusal
            opened = _open_workspace(recovered, demo=not args.no_demo, ask=not headless)
        except DatabaseRefused as final:
            print(f"cxdesk: {final.message}", file=sys.stderr)
            if not headless:
                QMessageBox.critical(None, final.title, final.message)
            return 2

    from cxdesk.ui.main_window import MainWindow

    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    benchmark = bool(os.environ.get(BENCHMARK_EXIT_ENV))
    if isinstance(opened, Claimed):
        # Our file at the current schema: its first frame now, read with plain sqlite3;
        # SQLAlchemy and the rest load on a worker thread once that frame is on screen.
        first = _first_frame_window(opened, settings)
        if first is not None:
            return _run_with_first_frame(app, first, opened, headless, benchmark)
        from cxdesk.store.database import open_claimed

        try:  # the file could not be read for a first frame: the store opens it instead
            opened = open_claimed(opened.backend, opened.state)
        except DatabaseRefused as refusal:
            print(f"cxdesk: {refusal.message}", file=sys.stderr)
            if not headless:
                QMessageBox.critical(None, refusal.title, refusal.message)
            return 2

    # Migrated just now (its schema was behind): shown once the store has it.
    # A team workspace made just now asks whether to add the demo (once, in its window).
    window = MainWindow(opened, settings, offer_demo=not args.no_demo and not headless)
    window.show()
    if benchmark:
        _after_paint(
            app, window, [lambda: _report("shown", window), lambda: _benchmark_done(window)]
        )
    return app.exec()


def _run_on_server(app, url: str, *, demo: bool, headless: bool) -> int:  # type: ignore[no-untyped-def]
    """``cxdesk --db URL``: the window is up at once and connects off the UI thread,
    saying so, with Cancel (a server that does not answer takes the whole timeout); then
    it shows the team workspace, or why it could not. Exit status 2 when none was opened
    (refused, or cancelled and quit), as for a refused file."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from cxdesk.store.errors import DatabaseRefused
    from cxdesk.store.server_database import ServerDatabase
    from cxdesk.ui.main_window import MainWindow
    from cxdesk.ui.tasks import Failure

    try:
        server = ServerDatabase(url)  # the address read, no network yet
    except DatabaseRefused as refusal:
        print(f"cxdesk: {refusal.message}", file=sys.stderr)
        if not headless:
            QMessageBox.critical(None, refusal.title, refusal.message)
        return 2
    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    # A new team workspace is shared: its window asks before adding the demo, unless
    # there is nobody to ask (a run without a screen adds it as a new file gets it).
    window = MainWindow(None, settings, offer_demo=demo and not headless)
    opening = window.open_on_server(server, demo_on=date.today() if demo and headless else None)

    def refused(failure: Failure) -> None:
        print(f"cxdesk: {failure.message}", file=sys.stderr)
        if headless:  # nobody to read the window, or to press Try again
            window.close()

    opening.refused.connect(refused)
    if os.environ.get(BENCHMARK_EXIT_ENV):
        _after_paint(app, window, [lambda: _report("shown", window)])
        opening.opened.connect(
            lambda _db: _after_paint(app, window, [lambda: _benchmark_done(window)])
        )
    window.show()
    exit_code: int = app.exec()
    return exit_code if opening.succeeded else 2


class Claimed(NamedTuple):
    """A workspace file checked and taken for this process, at the current schema: the
    window shows it before the store loads."""

    backend: SQLiteFile
    state: FileState


def _first_frame_window(claimed: Claimed, settings: QSettings) -> MainWindow | None:
    """The window showing ``claimed``'s first frame, or None when that cannot be read
    (the store, which checks more, then opens the file and says what is wrong)."""
    import sqlite3

    from cxdesk.store.first_frame import FirstFrameReader
    from cxdesk.ui.first_frame import FirstFrame
    from cxdesk.ui.main_window import MainWindow

    reader: FirstFrameReader | None = None
    try:
        reader = FirstFrameReader(claimed.backend.path)
        first_frame = FirstFrame(reader, settings, claimed.backend.path)
    except sqlite3.Error:
        log.exception("the first frame of %s could not be read", claimed.backend.path)
        if reader is not None:
            reader.close()
        return None
    return MainWindow(None, settings, first_frame=first_frame)


def _run_with_first_frame(  # type: ignore[no-untyped-def]
    app, window: MainWindow, claimed: Claimed, headless: bool, benchmark: bool
) -> int:
    """Show ``window``'s first frame, load the store once it is painted, run the app."""
    from cxdesk.ui.store_loader import StoreLoader

    assert window.first_frame is not None
    loader = StoreLoader(
        window,
        window.attach,
        claimed.backend,
        claimed.state,
        window.first_frame.reader,
        headless=headless,
    )
    after_first_paint = [loader.start]
    if benchmark:
        after_first_paint.insert(0, lambda: _report("shown", window))
        loader.ready.connect(
            lambda _db: _after_paint(app, window, [lambda: _benchmark_done(window)])
        )
    window.show()
    _after_paint(app, window, after_first_paint)
    try:
        exit_code: int = app.exec()
    finally:
        loader.finish()
    return exit_code


def _open_workspace(path: Path | str, *, demo: bool, ask: bool = False) -> Database | Claimed:
    """Claim ``path`` (every refusal happens here, before anything is shown). A new file
    is made at once with plain sqlite3 (with the demo engagement unless ``demo`` is
    False) and left claimed for the first frame, like a current one; one whose schema is
    behind is migrated by the store first. A new team workspace gets the demo only when
    ``ask`` is False (with ``ask``, its window offers it: ``Database.created``)."""
    from cxdesk.store.schema import HEAD_REVISION
    from cxdesk.store.sqlite_file import SQLiteFile, claim

    backend, state = claim(path)
    made_now = state.is_new
    if made_now:
        # A new team workspace is shared: its window asks before adding the demo
        # (``ask``), unless there is nobody to ask (a run without a screen adds it).
        on_server = not isinstance(backend, SQLiteFile)
        state = backend.create(date.today() if demo and not (on_server and ask) else None)
    # The first frame reads a file with plain sqlite3; a server's workspace is opened
    # by the store at once.
    if state.revision == HEAD_REVISION and isinstance(backend, SQLiteFile):
        return Claimed(backend, state)
    from cxdesk.store.database import open_claimed

    db = open_claimed(backend, state)
    db.created = made_now  # create() left it at the head schema: no longer "new"
    return db


def _after_paint(app, window, then: Sequence[Callable[[], object]]) -> None:  # type: ignore[no-untyped-def]
    """Run ``then`` once the window's next frame is painted (not merely shown)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    def run() -> None:
        for step in then:
            step()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                app.removeEventFilter(self)
                QTimer.singleShot(0, run)  # after the rest of this frame is painted
            return False

    watcher = FirstPaint(window)
    app.installEventFilter(watcher)
    window.update()  # a window already on screen paints again: the filter sees that frame


HEAVY_MODULES = (
    "sqlalchemy.orm",
    "alembic",
    "pyqtgraph",
    "reportlab",
    "numpy",
    "openpyxl",
    "aiohttp",  # the phones' server: only when a phone session starts
)


def _report(moment: str, window) -> None:  # type: ignore[no-untyped-def]
    """benchmarks/run.py times start-up to these lines: ``shown`` once the window's first
    frame is painted, ``ready`` once the store is attached and painted; each says what the
    frame held (matrix rows, tabs, whether its data was the engagement's own, charts) and
    which heavy modules were imported by then."""
    first = window.first_frame
    page = window.page
    if first is not None:
        rows, tabs, data, charts = (
            first.matrix.model.rowCount(),
            first.tabs.count(),
            int(first.shows_data),
            0,
        )
    elif page is not None:
        from cxdesk.ui.tabs import TabKey

        # The matrix's rows when its tab was built (in front): reporting must not build it.
        matrix = page.matrix if page.built(TabKey.MATRIX) else None
        rows = matrix.model.rowCount() if matrix is not None else 0
        tabs, data, charts = page.tabs.count(), 1, int(matrix is not None and bool(matrix.charts))
    else:
        rows, tabs, data, charts = 0, 0, 1, 0
    heavy = ",".join(m for m in HEAVY_MODULES if m in sys.modules) or "-"
    line = (
        f"CXDESK-BENCHMARK {moment} rows={rows} tabs={tabs} data={data} charts={charts} "
        f"heavy={heavy}"
    )
    print(line, flush=True)
    print(line, file=sys.stderr, flush=True)  # marks the moment in a -X importtime log


def _benchmark_done(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    _report("ready", window)
    window.close()
    QApplication.quit()


if __name__ == "__main__":
    sys.exit(main())
