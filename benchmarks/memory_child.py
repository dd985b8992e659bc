"""The child of bench_memory.py: CX Desk started as a user starts it, every tab shown, idle.

    python benchmarks/memory_child.py app DB [--trace N]   # the app; DB: a new file
    python benchmarks/memory_child.py imports              # RSS each heavy import adds

``app`` makes the QApplication, then calls ``cxdesk.app.main(["--db", DB])`` (which uses
that QApplication, as it does pytest-qt's); a timer finds the main window, brings each
tab of the engagement page to the front with ``page.tabs.setCurrentIndex(i)`` and waits
until the tab is painted, waits for the window's background tasks (the start-up backup),
then lets the app idle. It then prints one ``CXDESK-MEMORY idle`` line of facts and waits
for a line on stdin, while the parent reads its /proc/<pid>/status. Nothing else is
imported here: the child's memory is the app's (this is why it is not in bench_memory.py,
which imports run.py and what that needs).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

MARKER = "CXDESK-MEMORY idle"
IDLE_S = 3.0  # after the last tab is painted and the start-up backup is done
SNAPSHOT_ENV = "CXDESK_MEMORY_SNAPSHOT"  # with --trace: where the child dumps its snapshot
MODULES_ENV = "CXDESK_MEMORY_MODULES"  # where the child writes the names of its modules
# What the app may import before it is idle, in the order a start would meet them; each
# is imported after the ones before it, so a delta is what that package adds on top.
HEAVY = (
    "PySide6.QtWidgets",
    "sqlalchemy",
    "sqlalchemy.orm",
    "alembic",
    "numpy",
    "pyqtgraph",
    "reportlab.platypus",
    "openpyxl",
    "PySide6.QtSvg",
    "PySide6.QtPrintSupport",
    "cxdesk.ui.main_window",
)


def status_kb(pid: int | str = "self") -> dict[str, int]:
    """The ``Vm*`` and ``Rss*`` lines of /proc/<pid>/status, in kB."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name.startswith(("Vm", "Rss")) and rest.strip().endswith("kB"):
            values[name] = int(rest.split()[0])
    return values


def malloc_facts() -> dict[str, str]:
    """glibc's view of the C heap: bytes in use, held free in arenas, in big mmaps."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            )
        ]

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return {}
    mb = 1024 * 1024
    return {
        "malloc_used_mb": f"{info.uordblks / mb:.1f}",
        "malloc_free_mb": f"{info.fordblks / mb:.1f}",
        "malloc_mmap_mb": f"{info.hblkhd / mb:.1f}",
    }


def pymalloc_facts() -> dict[str, str]:
    """Python's small-object allocator: bytes in its arenas in use, and free in them."""
    import re

    read, write = os.pipe()  # it writes to the C stderr, a few kB: the pipe holds them
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write)
    with os.fdopen(read) as out:
        text = out.read()

    def number(label: str) -> int:
        found = re.search(rf"^# {label}\s+=\s+([\d,]+)", text, re.MULTILINE)
        return int(found.group(1).replace(",", "")) if found else 0

    mb = 1024 * 1024
    free = number("bytes in available blocks") + number("bytes in [0-9]+ unused pools")
    return {
        "pymalloc_arenas": str(number("arenas allocated current")),  # of 1 MiB each
        "pymalloc_used_mb": f"{number('bytes in allocated blocks') / mb:.1f}",
        "pymalloc_free_mb": f"{free / mb:.1f}",
    }


def heavy_loaded() -> str:
    roots = ("sqlalchemy", "alembic", "numpy", "pyqtgraph", "reportlab", "openpyxl", "PIL")
    return ",".join(r for r in roots if r in sys.modules) or "none"


def child_app(db_path: str, trace: int) -> int:
    """Start CX Desk as a user does, visit every tab, idle, report, wait to be told to quit."""
    if trace:
        import tracemalloc

        tracemalloc.start(trace)
    import gc

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from cxdesk.app import main

    app = QApplication(sys.argv[:1])
    facts: dict[str, str] = {}

    def main_window() -> Any:
        for widget in app.topLevelWidgets():
            page = getattr(widget, "page", None)
            if widget.isVisible() and page is not None and page.tabs.count() > 0:
                return widget
        return None

    class Painted(QObject):
        """Notes every widget painted since it was last cleared."""

        def __init__(self) -> None:
            super().__init__()
            self.seen: set[int] = set()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen.add(id(watched))
            return False

    painted = Painted()
    app.installEventFilter(painted)

    def settle(ok: Any, rounds: int = 400) -> bool:
        for _ in range(rounds):
            app.processEvents()
            if ok():
                return True
            threading.Event().wait(0.005)  # let a worker thread or a timer come due
        return False

    def drive() -> None:
        window = main_window()
        if window is None:
            QTimer.singleShot(20, drive)
            return
        page = window.page
        before = status_kb()
        facts["started_rss_mb"] = f"{before['VmRSS'] / 1024:.1f}"
        visited = 0
        visits: list[str] = []  # the RSS each tab's first showing added, in MB
        for index in range(page.tabs.count()):
            rss_before = status_kb()["VmRSS"]
            page.tabs.setCurrentIndex(index)
            tab = page.tabs.widget(index)
            painted.seen.clear()
            if not settle(
                lambda t=tab: (
                    id(t) in painted.seen
                    or any(id(c) in painted.seen for c in t.findChildren(QWidget))
                )
            ):
                print(f"benchmark: tab {index} was never painted", file=sys.stderr)
                app.exit(3)
                return
            settle(lambda: False, rounds=20)  # deferred work of the tab (chart debounces)
            visited += 1
            title = page.tabs.tabText(index).replace("&", "").split()[0]
            visits.append(f"{title}+{(status_kb()['VmRSS'] - rss_before) / 1024:.1f}")
        tasks = getattr(window, "tasks", None)
        if tasks is not None and not settle(lambda: not tasks.busy(), rounds=4000):
            print("benchmark: a background task never finished", file=sys.stderr)
        facts["tabs"] = str(visited)
        facts["per_tab_mb"] = ",".join(visits)
        if os.environ.get(MODULES_ENV):  # for a closer look: which modules the app holds
            Path(os.environ[MODULES_ENV]).write_text("\n".join(sorted(sys.modules)))
        facts["engagement"] = str(getattr(page.engagement, "name", "")).replace(" ", "_")
        QTimer.singleShot(int(IDLE_S * 1000), lambda: report(window))

    def report(window: Any) -> None:
        gc.collect()  # what an idle app converges to; no more garbage is made while idle
        facts["heavy"] = heavy_loaded()
        facts["modules"] = str(len(sys.modules))
        facts["py_blocks"] = str(sys.getallocatedblocks())
        facts["threads"] = str(threading.active_count())
        facts.update(malloc_facts())
        facts.update(pymalloc_facts())
        if trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot()
            tracemalloc.stop()
            if os.environ.get(SNAPSHOT_ENV):  # for a closer look: tracemalloc.Snapshot.load
                snapshot.dump(os.environ[SNAPSHOT_ENV])
            facts["traced_mb"] = (
                f"{sum(s.size for s in snapshot.statistics('filename')) / 2**20:.1f}"
            )
            for name, size in traced_by_package(snapshot)[:12]:
                facts[f"traced.{name}"] = f"{size / 2**20:.1f}"
        print(MARKER + " " + " ".join(f"{k}={v}" for k, v in facts.items()), flush=True)
        sys.stdin.readline()  # the parent reads /proc/<pid>/status meanwhile
        window.close()
        app.quit()

    QTimer.singleShot(0, drive)
    return main(["--db", db_path])


def traced_by_package(snapshot: Any) -> list[tuple[str, int]]:
    """Traced bytes by the package whose code allocated them; "import" is what importlib
    itself allocates (module code objects and dicts, of whichever package was imported)."""
    by: dict[str, int] = {}
    for stat in snapshot.statistics("filename"):
        path = stat.traceback[-1].filename
        if "importlib" in path or path.startswith("<"):
            name = "import"
        elif "site-packages/" in path:
            name = path.split("site-packages/", 1)[1].split("/", 1)[0].split(".")[0]
        elif "/cxdesk/" in path:
            name = "cxdesk." + path.split("/cxdesk/", 1)[1].split("/", 1)[0].split(".")[0]
        else:
            name = "stdlib"
        by[name] = by.get(name, 0) + stat.size
    return sorted(by.items(), key=lambda kv: kv[1], reverse=True)


def child_imports() -> int:
    """RSS after each heavy import, in HEAVY's order (with a QApplication, as in the app)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    import cxdesk.ui  # noqa: F401  (as in the app: PySide6 then keeps no module sources)

    previous = status_kb()["VmRSS"]
    parts = [f"python+QApplication={previous / 1024:.1f}"]
    import importlib

    for name in HEAVY:
        importlib.import_module(name)
        now = status_kb()["VmRSS"]
        parts.append(f"{name}=+{(now - previous) / 1024:.1f}")
        previous = now
    print(MARKER + " " + " ".join(parts), flush=True)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["app"] and len(argv) in (2, 4):
        trace = int(argv[3]) if len(argv) == 4 and argv[2] == "--trace" else 0
        return child_app(argv[1], trace)
    if argv == ["imports"]:
        return child_imports()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
