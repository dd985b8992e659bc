"""Start-up: command line, logging, the global error hook, opening the workspace.

``cxdesk export ...`` is handed to :mod:`cxdesk.cli_export` before anything imports Qt:
it writes the PDF toolkit with no QApplication and no window.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from types import TracebackType
from typing import cast

from cxdesk import __version__
from cxdesk.store.paths import data_dir, database_path_argument, default_database_path

log = logging.getLogger("cxdesk")

HEADLESS_ENV = "CXDESK_HEADLESS"  # scripted runs and tests: never block on a dialog
BENCHMARK_EXIT_ENV = "CXDESK_BENCHMARK_EXIT"  # benchmarks/run.py: report the first frame, quit


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
        metavar="PATH",
        help=f"the database file to open (default: {default_database_path()})",
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

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
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


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["export"]:
        _configure_logging()
        from cxdesk.cli_export import main as export_main

        return export_main(arguments[1:])
    args = parse_args(arguments)
    _configure_logging()
    _install_error_hook()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cxdesk.store.database import open_database
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

    path = args.db if args.db is not None else default_database_path()
    try:
        db = open_database(path)
    except DatabaseRefused as refusal:
        recovered = None
        if not os.environ.get(HEADLESS_ENV):
            # A damaged file with a good backup: offered plainly, set aside, never deleted.
            from cxdesk.ui.backup_restore import offer_recovery

            recovered = offer_recovery(refusal, path)
        try:
            if recovered is None:
                raise refusal
            db = open_database(recovered)
        except DatabaseRefused as final:
            print(f"cxdesk: {final.message}", file=sys.stderr)
            if not os.environ.get(HEADLESS_ENV):
                QMessageBox.critical(None, final.title, final.message)
            return 2
    if db.created and not args.no_demo:
        from cxdesk.store.demo import add_demo_engagement

        add_demo_engagement(db)

    from cxdesk.ui.main_window import MainWindow

    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.show()
    if os.environ.get(BENCHMARK_EXIT_ENV):
        _exit_after_first_frame(app, window)
    return app.exec()


def _exit_after_first_frame(app, window) -> None:  # type: ignore[no-untyped-def]
    """benchmarks/run.py times start-up to the line printed here, then the app quits.

    The line comes once the main window's first frame is painted (not merely when
    show() returns), with what the frame held: matrix rows, tabs, whether charts loaded.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    def report() -> None:
        page = window.page
        rows = page.matrix.model.rowCount() if page else 0
        tabs = page.tabs.count() if page else 0
        charts = int(page is not None and page.matrix.charts is not None)
        print(f"CXDESK-BENCHMARK shown rows={rows} tabs={tabs} charts={charts}", flush=True)
        window.close()
        app.quit()

    class FirstFrame(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                app.removeEventFilter(self)
                QTimer.singleShot(0, report)  # after the rest of this frame is painted
            return False

    app.installEventFilter(FirstFrame(app))


if __name__ == "__main__":
    sys.exit(main())
