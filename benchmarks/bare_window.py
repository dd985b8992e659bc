"""The start-up baseline: a bare PySide6 QMainWindow with N empty tabs, timed like CX Desk.

    python benchmarks/bare_window.py --tabs 1

Like ``CXDESK_BENCHMARK_EXIT`` in cxdesk/app.py it prints one ``CXDESK-BENCHMARK shown``
line once the window's first frame is painted, then quits; run.py times the line. With
``--stay`` it waits for a line on stdin before quitting (bench_memory.py reads its RSS).
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bare QMainWindow start-up baseline")
    parser.add_argument("--tabs", type=int, default=1)
    parser.add_argument(
        "--stay",
        action="store_true",
        help="after the line, stay open until a line comes on stdin (bench_memory.py reads "
        "the idle window's RSS meanwhile)",
    )
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")  # as CX Desk does
    window = QMainWindow()
    window.setWindowTitle("bare window")
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    for n in range(args.tabs):
        tabs.addTab(QWidget(), f"Tab {n + 1}")
    window.setCentralWidget(tabs)
    window.resize(1280, 800)

    def report() -> None:
        print(f"CXDESK-BENCHMARK shown rows=0 tabs={tabs.count()} charts=0", flush=True)
        if args.stay:
            sys.stdin.readline()
        window.close()
        app.quit()

    # Mirrors cxdesk.app._exit_after_first_frame on purpose: the baseline must not import
    # cxdesk, or it would pay part of the cost it is there to compare against.
    class FirstFrame(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                app.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    app.installEventFilter(FirstFrame(app))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
