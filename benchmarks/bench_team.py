"""A team workspace on PostgreSQL next to a SQLite file, measured in the same run.

    uv run python benchmarks/bench_team.py [--quick] [--dir PATH]

A throwaway PostgreSQL server is started as the tests start theirs
(``tests/postgres_server.py``: initdb and pg_ctl as the ``postgres`` user, its socket in a
temporary folder, no TCP port) but durable, as a team's server runs: fsync,
synchronous_commit and full-page writes on, so a commit waits for the disk as SQLite's
``synchronous=FULL`` does. Both workspaces get the demo engagement and the foundation
benchmark's 1,000-item engagement (``generate.py``: 20 milestones, 20,000 snapshots). A
main window on each, in one process, then measures the "open 1,000-item engagement" and
"typing" lines of ``run.py`` through the same code (``run.time_open``, ``run.time_edit``),
and the toolkit's read (``load_toolkit_data``), interleaved: SQLite, then PostgreSQL, round
after round, so the machine's noise falls on both. PostgreSQL's figures are given as a
ratio to SQLite's. Without PostgreSQL's binaries the section says so in one line.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
# The server-starting code the tests use; benchmarks sit beside tests in the repository,
# and cxdesk itself never imports either.
sys.path.insert(0, str(ROOT))

from tests.postgres_server import PostgresServer, ServerUnavailable, server_binaries  # noqa: E402

from run import FULL, QUICK, PaintCounter, Plan, cell_in_view, median, p95, time_edit, time_open  # noqa: E402

BACKENDS = ("SQLite", "PostgreSQL")
SKIPPED = "team: skipped:"


class DurableServer(PostgresServer):
    """The tests' throwaway server, with a team server's durability: the tests run theirs
    with fsync off, which would flatter every commit against SQLite's fsync."""

    def serve(self) -> None:
        options = f"-k {self.socket_dir} -c listen_addresses='' -c fsync=on"
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
        )


@dataclass
class Backend:
    """What one workspace's window measured."""

    name: str
    address: Path | str
    opens: list[tuple[float, float, float, bool]] = field(default_factory=list)
    demo_opens: list[tuple[float, float, float, bool]] = field(default_factory=list)
    edits: list[tuple[float, float, float]] = field(default_factory=list)
    reads: list[float] = field(default_factory=list)
    rows_shown: int = 0  # the matrix's rows after opening the big engagement
    written: dict[int, str] = field(default_factory=dict)  # item id -> last notes typed
    saved: int = 0  # of those, how many the database holds afterwards

    def open_ms(self) -> float:
        return median([sum(r[:3]) for r in self.opens])

    def edit_ms(self) -> list[float]:
        return [e[0] for e in self.edits]


@dataclass
class TeamRun:
    server: str
    round_trip_ms: float  # SELECT 1 over the socket, median
    generated_s: dict[str, float]
    items: int
    milestones: int
    snapshots: int
    backends: dict[str, Backend]


def bench_team(plan: Plan, tmp: Path) -> list[str]:
    if server_binaries() is None:
        return [
            f"{SKIPPED} PostgreSQL's server (initdb, pg_ctl, postgres) is not installed here "
            "(Debian: apt-get install postgresql)"
        ]
    try:
        with durable_server() as server:
            result = measure_team(plan, tmp, server)
    except ServerUnavailable as refused:
        first = str(refused).strip().splitlines()[0]
        return [f"{SKIPPED} the PostgreSQL server could not be started ({first})"]
    return team_lines(plan, result)


@contextmanager
def durable_server() -> Iterator[PostgresServer]:
    server = DurableServer.start()
    try:
        yield server
    finally:
        server.stop()


def measure_team(
    plan: Plan, tmp: Path, server: PostgresServer, *, items: int = 1000, milestones: int = 20
) -> TeamRun:
    """Both workspaces made alike, a window on each, every figure taken in turn on each."""
    data = tmp / "team-data"
    data.mkdir(parents=True, exist_ok=True)
    os.environ.update(QT_QPA_PLATFORM="offscreen", CXDESK_DATA_DIR=str(data), CXDESK_HEADLESS="1")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from cxdesk.store import expectations
    from cxdesk.store import workspace as store
    from cxdesk.store.database import Database, open_database
    from cxdesk.store.demo import DEMO_ENGAGEMENT, add_demo_engagement
    from cxdesk.store.toolkit import load_toolkit_data
    from cxdesk.ui.main_window import MainWindow

    from generate import add_big_engagement

    app = QApplication.instance() or QApplication([sys.argv[0]])
    name = server.new_database()
    addresses: dict[str, Path | str] = {
        "SQLite": tmp / "team.cxdb",
        "PostgreSQL": server.url(name),
    }
    generated_s: dict[str, float] = {}
    big_ids: dict[str, int] = {}
    snapshots = 0
    for backend, address in addresses.items():
        began = perf_counter()
        with open_database(address) as made_db:
            add_demo_engagement(made_db)
            made = add_big_engagement(made_db, items, milestones)
        generated_s[backend] = perf_counter() - began
        big_ids[backend] = made.engagement_id
        snapshots = made.snapshots

    windows: dict[str, Any] = {}
    databases: dict[str, Database] = {}
    results = {backend: Backend(backend, address) for backend, address in addresses.items()}
    try:
        for backend, address in addresses.items():
            db = databases[backend] = open_database(address)
            settings = QSettings(str(data / f"{backend}.ini"), QSettings.Format.IniFormat)
            window = windows[backend] = MainWindow(db, settings)
            window.show()
            app.processEvents()
        version, round_trip = server_facts(databases["PostgreSQL"])
        demos = {
            backend: next(
                e.id for _c, es in store.list_clients(db) for e in es if e.name == DEMO_ENGAGEMENT
            )
            for backend, db in databases.items()
        }
        pages = {}
        for backend, window in windows.items():
            page = window.page
            assert page is not None
            assert window.navigator is not None
            charts = page.matrix.ensure_charts()  # pyqtgraph imported: opening is timed
            app.processEvents()
            counter = PaintCounter(
                app, [page.matrix.view.viewport(), charts.levels.plot.viewport()]
            )
            pages[backend] = (window.navigator, page.matrix, counter)

        # Every figure is taken on SQLite, then on PostgreSQL, round after round, so that
        # the shared machine's noise falls on both alike.
        # Opening, as run.py's "open 1,000-item engagement": warm-up, then demo and big
        # in turn (the warm-up ends on the big one: selecting the engagement already
        # shown does nothing).
        for backend in BACKENDS:
            navigator, matrix, counter = pages[backend]
            time_open(navigator, matrix, counter, demos[backend])
            time_open(navigator, matrix, counter, big_ids[backend])
        for _ in range(plan.opens):
            for backend in BACKENDS:
                navigator, matrix, counter = pages[backend]
                mine = results[backend]
                mine.demo_opens.append(time_open(navigator, matrix, counter, demos[backend]))
                mine.opens.append(time_open(navigator, matrix, counter, big_ids[backend]))
                mine.rows_shown = matrix.model.rowCount()

        # Typing, as run.py's "typing": the same random rows on both, a few warm-ups.
        chosen = {backend: random.Random(3) for backend in BACKENDS}
        listed = {backend: pages[backend][1].model.items() for backend in BACKENDS}
        for n in range(plan.edits + 5):
            text = f"Client asked again on call {n}; follow up with the sponsor."
            for backend in BACKENDS:
                _navigator, matrix, counter = pages[backend]
                item = chosen[backend].choice(listed[backend])
                index = cell_in_view(matrix, counter, item.id)
                took = time_edit(matrix, counter, index, text)
                results[backend].written[item.id] = text
                if n >= 5:  # the first few warm up the undo and commit paths
                    results[backend].edits.append(took)

        # The toolkit's read of the big engagement (one read transaction on each).
        for backend in BACKENDS:
            load_toolkit_data(databases[backend], big_ids[backend])  # warm-up
        for _ in range(plan.opens):
            for backend in BACKENDS:
                began = perf_counter()
                load_toolkit_data(databases[backend], big_ids[backend])
                results[backend].reads.append((perf_counter() - began) * 1000)

        for backend, db in databases.items():
            stored = {i.id: i.notes for i in expectations.list_items(db, big_ids[backend])}
            mine = results[backend]
            mine.saved = sum(stored.get(i) == text for i, text in mine.written.items())
    finally:
        for window in windows.values():
            if window.ws is not None:
                window.ws.undo_stack.clear()  # the edits' undo history goes before closing
            window.close()  # closes its database (and a team workspace's change feed)
            window.deleteLater()
        app.processEvents()
        for db in databases.values():
            db.close()
    return TeamRun(
        server=version,
        round_trip_ms=round_trip,
        generated_s=generated_s,
        items=items,
        milestones=milestones,
        snapshots=snapshots,
        backends=results,
    )


def server_facts(db: Any) -> tuple[str, float]:
    """The server's version, and the median time of a SELECT 1 over its socket (ms)."""
    from sqlalchemy import text

    with db.engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar()).split()[0]
        times = []
        for _ in range(51):
            began = perf_counter()
            connection.execute(text("SELECT 1")).scalar()
            times.append((perf_counter() - began) * 1000)
    return version, median(times)


def ratio(postgres: float, sqlite: float) -> str:
    return f"{postgres / sqlite:.1f}x" if sqlite > 0 else "n/a"


def team_lines(plan: Plan, run: TeamRun) -> list[str]:
    lite, pg = run.backends["SQLite"], run.backends["PostgreSQL"]
    for mine in (lite, pg):
        if mine.rows_shown != run.items or not all(r[3] for r in mine.opens + mine.demo_opens):
            raise SystemExit(f"benchmark: {mine.name}'s matrix was not filled or not painted")
        if mine.saved != len(mine.written):
            raise SystemExit(
                f"benchmark: {mine.name} holds {mine.saved} of the {len(mine.written)} edits typed"
            )
    frame = 1000 / 60

    def parts(mine: Backend) -> str:
        return " + ".join(
            f"{what} {median([r[i] for r in mine.opens]):.0f}"
            for i, what in enumerate(("matrix", "charts", "paint"))
        )

    def typing(mine: Backend) -> str:
        ms = mine.edit_ms()
        return f"{median(ms):.1f} ms median, p95 {p95(ms):.1f} ms"

    def after(mine: Backend) -> str:
        return (
            f"repaint {median([e[1] for e in mine.edits]):.1f} ms, chart refresh "
            f"{median([e[2] for e in mine.edits]):.0f} ms"
        )

    typed_verdict = "met" if p95(pg.edit_ms()) < frame / 2 else "MISSED"
    demo_ratio = ratio(
        median([sum(r[:3]) for r in pg.demo_opens]), median([sum(r[:3]) for r in lite.demo_opens])
    )
    return [
        f"team: PostgreSQL {run.server} on a Unix socket (fsync on, as a team's server runs; "
        f"SELECT 1 round trip {run.round_trip_ms:.2f} ms) vs SQLite (synchronous=FULL), in one "
        f"process, interleaved; each holds the demo and {run.items:,} items x "
        f"{run.milestones} milestones ({run.snapshots:,} snapshots), generated in "
        f"{run.generated_s['SQLite']:.1f} s / {run.generated_s['PostgreSQL']:.1f} s",
        f"team open {run.items:,}-item engagement: PostgreSQL {pg.open_ms():.0f} ms vs SQLite "
        f"{lite.open_ms():.0f} ms -> ratio {ratio(pg.open_ms(), lite.open_ms())} (target < "
        f"300 ms on PostgreSQL: {'met' if pg.open_ms() < 300 else 'MISSED'})",
        f"  median of {plan.opens}, as run.py's open line: PostgreSQL {parts(pg)} ms; SQLite "
        f"{parts(lite)} ms; the 8-item demo ratio {demo_ratio}",
        f"team typing: one cell edit PostgreSQL {typing(pg)} vs SQLite {typing(lite)} -> ratio "
        f"{ratio(median(pg.edit_ms()), median(lite.edit_ms()))} median, "
        f"{ratio(p95(pg.edit_ms()), p95(lite.edit_ms()))} p95 (target p95 under "
        f"{frame / 2:.0f} ms on PostgreSQL: {typed_verdict})",
        f"  {len(pg.edits)} edits each of the notes of the same random rows, as run.py's typing "
        f"line (setData -> commit + undo push + dataChanged + summary; on PostgreSQL the "
        f"change notice goes in the edit's transaction); then "
        f"PostgreSQL {after(pg)}; SQLite {after(lite)}; every last edit read back on both",
        f"team toolkit read: load_toolkit_data of the {run.items:,} items PostgreSQL "
        f"{median(pg.reads):.0f} ms vs SQLite {median(lite.reads):.0f} ms -> ratio "
        f"{ratio(median(pg.reads), median(lite.reads))} (median of {plan.opens}; REPEATABLE "
        "READ snapshot on PostgreSQL)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        for line in bench_team(QUICK if args.quick else FULL, Path(folder)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
