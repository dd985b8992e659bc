"""While the store loads after the first frame, does the window still answer at once?

    uv run python benchmarks/bench_loading.py [--quick] [--dir PATH]

Start-up shows the last engagement read with plain sqlite3, then imports SQLAlchemy, the
store and the tabs (a second or more) and attaches the store on the UI thread
(``cxdesk/ui/store_loader.py``). Meanwhile a person may scroll, filter or click in the
first frame. Each run is a fresh interpreter (the imports are cold, as at start-up, with
cached bytecode as an install has it) that starts as ``cxdesk/app.py`` does (claim,
``FirstFrameReader``, ``FirstFrame``, ``MainWindow(None, settings, first_frame=...)``,
``StoreLoader``) and, from the first painted frame until the store is ready, measures on
the UI thread:

- lateness: a 10 ms single-shot timer, re-armed at every tick, and how late each tick is;
- key presses: every 50 ms a key press ("k", then Backspace) for the matrix's filter box,
  timed from the moment it was due (as if the system had it then: a press due while the
  UI thread is busy is posted when it is free) until the box's ``textChanged`` handlers
  (the filter) have run, and until the frame showing it (box and table) is painted.

The strategies, interleaved run by run:

- ``worker, switch 5 ms``: the store imported on a worker thread by ``StoreLoader``, with
  the GIL switch interval at Python's default while importing (a UI thread that wants
  the GIL waits up to the interval before the worker is asked to let go);
- ``worker, switch 1 ms``: the same at 1 ms, as shipped
  (``store_loader.LOADING_SWITCH_INTERVAL_S``);
- ``UI slices``: the same modules imported on the UI thread, one of StoreLoader's
  modules per idle slice (``QTimer.singleShot(0)``), written here, not in the app;
- ``UI fine``: as ``UI slices``, and the event loop also runs before every module any of
  them imports (an audit hook calls ``processEvents``): the finest slicing possible, and
  unsafe in the app (handlers would run inside half-done imports);
- ``idle``: no loading, the reference for what the timer and the key presses cost.

Lateness and key presses are counted until the imports are done; attaching the store on
the UI thread (connect, build the real page) blocks it alike for every strategy and is
reported as its own figure. Two workspaces: the demo engagement and one of 300 rows
(the filter runs Python for every row).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

# A child (one start-up) imports nothing that start-up would not: its imports are timed.
CHILD = __name__ == "__main__" and sys.argv[1:2] == ["--child"]
if not CHILD:
    from run import FULL, QUICK, Plan, child_env, median, p95

TICK_MS = 10
KEY_EVERY_MS = 50
RESULT = "CXDESK-LOADING "
CHILD_TIMEOUT_S = 120
BIG_ROWS = 300


@dataclass(frozen=True)
class Strategy:
    name: str
    label: str
    switch_ms: float | None = None  # the GIL switch interval while importing


STRATEGIES = (
    Strategy("worker", "worker, switch 5 ms", switch_ms=5.0),
    Strategy("worker", "worker, switch 1 ms", switch_ms=1.0),
    Strategy("slices", "UI slices"),
    Strategy("fine", "UI fine"),
    Strategy("idle", "idle"),
)


# -- the child: one start-up, probed --------------------------------------------------------


def child(strategy: str, path: Path, switch_ms: float | None, idle_s: float, last: int) -> None:
    """Start as cxdesk/app.py does, probe the UI thread from the first painted frame until
    the store is ready, print one JSON line."""
    from cxdesk import app as cxapp

    for name in cxapp.BEFORE_QT:
        importlib.import_module(name)

    from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit

    from cxdesk.store.paths import data_dir

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    opened = cxapp._open_workspace(path, demo=True)
    assert isinstance(opened, cxapp.Claimed), "the workspace should be at the head schema"
    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    if last:
        from cxdesk.ui.window_layout import last_engagement_key

        settings.setValue(last_engagement_key(opened.backend.path), last)
    window = cxapp._first_frame_window(opened, settings)
    assert window is not None
    assert window.first_frame is not None
    first = window.first_frame
    rows = first.matrix.model.rowCount()

    from cxdesk.ui import store_loader
    from cxdesk.ui.store_loader import STORE_MODULES, TAB_MODULES, StoreLoader

    class Probes(QObject):
        """The UI thread's answers: timer lateness and key presses, due to handled."""

        def __init__(self, search: QLineEdit) -> None:
            super().__init__()
            self.search = search
            self.running = False
            self.tick = QTimer(self)
            self.tick.setTimerType(Qt.TimerType.PreciseTimer)
            self.tick.setSingleShot(True)
            self.tick.timeout.connect(self._tick)
            self.keys = QTimer(self)
            self.keys.setTimerType(Qt.TimerType.PreciseTimer)
            self.keys.setSingleShot(True)
            self.keys.timeout.connect(self._post)
            self.due = 0.0
            self.next_key = 0.0
            self.pressed = 0
            self.cut = 0  # presses whose frame was painted only after the imports ended
            self.waiting: list[float] = []  # posted presses (when due), not handled yet
            self.unpainted: list[float] = []  # handled, box not repainted yet
            self.lateness: list[float] = []
            self.handled: list[float] = []
            self.painted: list[float] = []
            # After the proxy's set_search: the filter has run when this is called.
            search.textChanged.connect(self._handled)
            search.installEventFilter(self)

        def start(self) -> None:
            self.running = True
            self._arm_tick()
            self.next_key = perf_counter() + KEY_EVERY_MS / 1000
            self._arm_keys()

        def stop(self) -> None:
            self.running = False
            self.tick.stop()
            self.keys.stop()

        def _arm_tick(self) -> None:
            self.due = perf_counter() + TICK_MS / 1000
            self.tick.start(TICK_MS)

        def _tick(self) -> None:
            if self.running:
                self.lateness.append((perf_counter() - self.due) * 1000)
                self._arm_tick()

        def _arm_keys(self) -> None:
            self.keys.start(max(0, round((self.next_key - perf_counter()) * 1000)))

        def _post(self) -> None:
            if not self.running:
                return
            now = perf_counter()
            while self.next_key <= now:  # presses due while the thread was busy: all now
                if self.pressed % 2 == 0:  # "k": about half the rows stay, the table changes
                    event = QKeyEvent(
                        QEvent.Type.KeyPress, Qt.Key.Key_K, Qt.KeyboardModifier.NoModifier, "k"
                    )
                else:
                    event = QKeyEvent(
                        QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier
                    )
                self.pressed += 1
                self.waiting.append(self.next_key)
                QApplication.postEvent(self.search, event)
                self.next_key += KEY_EVERY_MS / 1000
            self._arm_keys()

        def _handled(self, _text: str) -> None:
            now = perf_counter()
            if self.waiting:
                due = self.waiting.pop(0)
                self.handled.append((now - due) * 1000)
                self.unpainted.append(due)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.unpainted:
                # The box is painted in the frame that shows the press; the table with
                # its filtered rows in the same frame, whose end this zero timer marks.
                shown = list(self.unpainted)
                self.unpainted.clear()
                QTimer.singleShot(0, lambda: self._painted(shown))
            return False

        def _painted(self, shown: list[float]) -> None:
            if not self.running:  # the imports ended first: attaching is not counted
                self.cut += len(shown)
                return
            now = perf_counter()
            self.painted.extend((now - due) * 1000 for due in shown)

    probes = Probes(first.matrix.search)
    marks: dict[str, float] = {}
    if switch_ms is not None:  # StoreLoader sets it while importing, and restores it
        store_loader.LOADING_SWITCH_INTERVAL_S = switch_ms / 1000

    class ProbedLoader(StoreLoader):
        """StoreLoader as shipped (``start``), or importing on the UI thread in slices."""

        fine = False

        def _attach(self, error: BaseException | None) -> None:
            marks["imported"] = perf_counter()
            self.fine = False
            probes.stop()
            super()._attach(error)

        def start_in_slices(self, fine: bool) -> None:
            names = [*STORE_MODULES, *TAB_MODULES]
            self.fine = fine

            def step() -> None:
                if not names:
                    self._attach(None)
                    return
                importlib.import_module(names.pop(0))
                QTimer.singleShot(0, step)

            QTimer.singleShot(0, step)

    loader = ProbedLoader(
        window, window.attach, opened.backend, opened.state, first.reader, headless=True
    )
    if strategy == "fine":
        inside = [False]

        def between_modules(event: str, _args: tuple[Any, ...]) -> None:
            # "import" is audited before a module not yet in sys.modules is found and run.
            if event == "import" and loader.fine and not inside[0]:
                inside[0] = True
                try:
                    app.processEvents()
                finally:
                    inside[0] = False

        sys.addaudithook(between_modules)

    heavy_before = [m for m in cxapp.HEAVY_MODULES if m in sys.modules]

    def done() -> None:
        marks["painted"] = perf_counter()
        import json

        began = marks["began"]
        result = {
            "rows": rows,
            "heavy_before": heavy_before,
            "imports_s": marks["imported"] - began,
            "attach_ms": (marks.get("ready", marks["imported"]) - marks["imported"]) * 1000,
            "ready_s": marks["painted"] - began,
            "lateness": probes.lateness,
            "handled": probes.handled,
            "painted": probes.painted,
            "pressed": probes.pressed,
            "lost": len(probes.waiting) + len(probes.unpainted) + probes.cut,
        }
        print(RESULT + json.dumps(result), flush=True)
        window.close()
        QApplication.quit()

    def ready(_db: object) -> None:
        marks["ready"] = perf_counter()
        cxapp._after_paint(app, window, [done])

    loader.ready.connect(ready)

    def idle_done() -> None:
        marks["imported"] = perf_counter()
        probes.stop()
        done()

    def begin() -> None:
        marks["began"] = perf_counter()
        probes.start()
        if strategy == "worker":
            loader.start()
        elif strategy in ("slices", "fine"):
            loader.start_in_slices(fine=strategy == "fine")
        else:
            QTimer.singleShot(round(idle_s * 1000), idle_done)

    window.show()
    cxapp._after_paint(app, window, [begin])
    try:
        app.exec()
    finally:
        loader.finish()
        if strategy == "idle":
            opened.backend.release()


# -- the parent: runs, interleaved ----------------------------------------------------------


@dataclass(frozen=True)
class Run:
    rows: int
    imports_s: float
    attach_ms: float
    ready_s: float
    lateness: list[float]
    handled: list[float]
    painted: list[float]
    pressed: int
    lost: int


def run_child(
    strategy: Strategy, path: Path, env: dict[str, str], idle_s: float, last: int, log: Path
) -> Run:
    import json
    import subprocess

    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        strategy.name,
        "--db",
        str(path),
        "--idle-s",
        f"{idle_s:.3f}",
        "--last",
        str(last),
    ]
    if strategy.switch_ms is not None:
        command += ["--switch-ms", str(strategy.switch_ms)]
    with log.open("w") as stderr:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=CHILD_TIMEOUT_S,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise SystemExit(
            f"benchmark: {strategy.label} exited {done.returncode} without its figures:\n"
            + log.read_text(errors="replace")[-3000:]
        )
    facts = json.loads(lines[-1][len(RESULT) :])
    if facts.pop("heavy_before"):
        raise SystemExit("benchmark: a heavy module was imported before the first frame")
    return Run(**facts)


def stats(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    return median(values), p95(values), max(values)


def bench_loading(plan: Plan, tmp: Path) -> list[str]:
    data = tmp / "loading-data"
    env = child_env(data, bytecode=tmp / "loading-bytecode")
    env.pop("CXDESK_BENCHMARK_EXIT", None)  # this child reports its own figures
    log = tmp / "loading-stderr.txt"
    demo = tmp / "loading-demo.cxdb"
    # The first start makes the demo workspace (plain sqlite3) and fills the bytecode cache.
    run_child(STRATEGIES[0], demo, env, 1.0, 0, log)
    big = tmp / "loading-big.cxdb"
    big.write_bytes(demo.read_bytes())
    from generate import generate

    made = generate(big, items=BIG_ROWS, milestones=5)
    workspaces = (
        ("demo engagement", demo, 0),
        (f"{BIG_ROWS}-row engagement", big, made.engagement_id),
    )
    for _name, path, last in workspaces:  # warm the file cache and the bytecode once more
        run_child(STRATEGIES[0], path, env, 1.0, last, log)

    runs = plan.starts
    results: dict[tuple[str, str], list[Run]] = {}
    for n in range(runs):
        for name, path, last in workspaces:
            # The reference idles as long as the shipped worker imported, so far.
            shipped = results.get((name, STRATEGIES[1].label), [])
            idle_s = median([r.imports_s for r in shipped]) if shipped else 1.5
            order = STRATEGIES[n % len(STRATEGIES) :] + STRATEGIES[: n % len(STRATEGIES)]
            for strategy in order:  # rotated, so no strategy always follows another
                run = run_child(strategy, path, env, idle_s, last, log)
                results.setdefault((name, strategy.label), []).append(run)

    lines = [
        f"loading after the first frame: the UI thread from the first painted frame until the "
        f"imports are done, {runs} runs per strategy, interleaved; a {TICK_MS} ms timer's "
        f"lateness and a key press every {KEY_EVERY_MS} ms into the matrix filter (due -> "
        "filtered -> frame painted), p50/p95/max ms over all the runs' samples"
    ]
    for name, _path, _last in workspaces:
        idle = results[(name, "idle")]
        idle_p95 = p95([x for r in idle for x in r.painted])
        lines.append(f"  {name} ({idle[0].rows} rows in the first frame):")
        for strategy in STRATEGIES:
            got = results[(name, strategy.label)]
            painted = [x for r in got for x in r.painted]

            def pooled(pick: Any, got: list[Run] = got) -> str:
                low, high, top = stats([x for r in got for x in pick(r)])
                return f"{low:.1f}/{high:.1f}/{top:.0f}"

            line = (
                f"    {strategy.label}: late {pooled(lambda r: r.lateness)}; key filtered "
                f"{pooled(lambda r: r.handled)}, painted {pooled(lambda r: r.painted)} "
                f"(p95 {p95(painted) / idle_p95:.1f}x idle)"
            )
            if strategy.name != "idle":
                line += (
                    f"; imports {median([r.imports_s for r in got]):.2f} s, attach "
                    f"{median([r.attach_ms for r in got]):.0f} ms, ready "
                    f"{median([r.ready_s for r in got]):.2f} s"
                )
            lost = sum(r.lost for r in got)
            if lost:
                line += f"; {lost} key presses were still queued when the imports ended"
            lines.append(line)
            lines.append(
                "      runs (p95 late / p95 key painted / max key painted ms, ready s): "
                + "  ".join(
                    f"{stats(r.lateness)[1]:.0f}/{stats(r.painted)[1]:.0f}/"
                    f"{stats(r.painted)[2]:.0f},{r.ready_s:.2f}"
                    for r in got
                )
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--runs", type=int, default=None, help="runs per strategy")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--switch-ms", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--idle-s", type=float, default=1.5, help=argparse.SUPPRESS)
    parser.add_argument("--last", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if CHILD:
        child(args.child, args.db, args.switch_ms, args.idle_s, args.last)
        return 0
    import tempfile

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    plan = QUICK if args.quick else FULL
    if args.runs is not None:
        plan = Plan(plan.first_starts, args.runs, plan.opens, plan.edits, plan.feedback)
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        os.environ["CXDESK_DATA_DIR"] = str(Path(folder) / "data")
        for line in bench_loading(plan, Path(folder)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
