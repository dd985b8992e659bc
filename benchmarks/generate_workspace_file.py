"""Make a big workspace .cxdesk file, and time importing it into a fresh database.

    uv run python benchmarks/generate_workspace_file.py big.cxdesk [--engagements 32]
        [--items 1000] [--milestones 20]
    uv run python benchmarks/generate_workspace_file.py big.cxdesk --import-only

The default is the case a consultant met: a 35 MB workspace file with about 640,000 rows
(32 engagements of 1,000 expectations revalidated at 20 milestones: 20,000 snapshots
each). The file is made by exporting a generated database (``generate.py``'s
engagement, one per client) with the app's own workspace export, so it is exactly what
File > Export workspace writes.

``--import-only`` reads, checks and imports an existing file into a new temporary
database the way File > Import does (``read_engagement_file``, then the import as one
operation, ``perform`` of ``ops.imports.import_engagement_file``), then undoes and redoes
it as Edit > Undo and Redo do (``revert``, on the task runner in the app), and prints the
wall time of each step and the process's peak resident memory. Run it in a fresh
process for a clean peak (this script does).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import func, select, update

from cxdesk.models.engagement_entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.store.database import open_database

from generate import add_big_engagement


@dataclass(frozen=True)
class Made:
    rows: int  # in the file: clients' engagements, expectations, milestones, snapshots
    size: int  # bytes
    export_s: float  # File > Export workspace's own work, timed alone


def make_file(target: Path, engagements: int = 32, items: int = 1000, milestones: int = 20) -> Made:
    """Write the workspace file with the app's workspace export (timed)."""
    from cxdesk.store.engagement_file import export_workspace

    rows = 0
    with (
        tempfile.TemporaryDirectory(prefix="cxdesk-bigfile-") as folder,
        open_database(Path(folder) / "big.cxdb") as db,
    ):
        for n in range(engagements):
            made = add_big_engagement(db, items, milestones, seed=n)
            with db.transaction() as s:  # distinct names, so nothing is a conflict
                s.execute(
                    update(Client)
                    .where(Client.id == made.client_id)
                    .values(name=f"Benchmark client {n + 1:03d}")
                )
                s.execute(
                    update(Engagement)
                    .where(Engagement.id == made.engagement_id)
                    .values(name=f"Transformation wave {n + 1:03d}")
                )
            rows += 1 + made.items + made.milestones + made.snapshots
        began = perf_counter()
        summary = export_workspace(db.path, target)
        export_s = perf_counter() - began
    return Made(rows, summary.size, export_s)


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, as ru_maxrss keeps what the
    parent held when it forked this process (a benchmark that made the file first)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)


IMPORTED = "CXDESK-IMPORT"


def time_import(path: Path) -> None:
    from cxdesk.ops import perform, revert
    from cxdesk.ops.imports import import_engagement_file
    from cxdesk.store.engagement_file import read_engagement_file

    with (
        tempfile.TemporaryDirectory(prefix="cxdesk-bigimport-") as folder,
        open_database(Path(folder) / "into.cxdb") as db,
    ):
        began = perf_counter()
        file = read_engagement_file(path)
        read = perf_counter() - began
        print(f"read and check: {read:.1f} s, peak RSS {peak_rss_mb():.0f} MB", flush=True)
        write_began = perf_counter()
        done = perform(db, import_engagement_file(file))
        wrote = perf_counter() - write_began
        result = done.value
        written_mb = peak_rss_mb()
        stored = _stored(db)
        began = perf_counter()
        undone = revert(db, done)  # Edit > Undo
        undo = perf_counter() - began
        if _stored(db):
            raise SystemExit("benchmark: the undo of the import left rows behind")
        began = perf_counter()
        revert(db, undone)  # Edit > Redo
        redo = perf_counter() - began
        if _stored(db) != stored:
            raise SystemExit("benchmark: the redo of the import did not bring every row back")
    print(
        f"import of {len(result.engagement_ids)} engagements: read+check {read:.1f} s, "
        f"write {wrote:.1f} s, total {read + wrote:.1f} s; peak RSS {written_mb:.0f} MB; "
        f"undo {undo:.1f} s, redo {redo:.1f} s, peak RSS then {peak_rss_mb():.0f} MB"
    )
    print(
        f"{IMPORTED} engagements={len(result.engagement_ids)} rows={stored} read={read:.3f} "
        f"write={wrote:.3f} peak_mb={written_mb:.0f} undo={undo:.3f} redo={redo:.3f} "
        f"undo_peak_mb={peak_rss_mb():.0f}"
    )


def _stored(db: Any) -> int:
    """The rows an import writes most of, counted back: a figure to trust."""
    with db.reading() as s:
        return sum(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (ExpectationItem.__table__, ExpectationSnapshot.__table__, Milestone.__table__)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the .cxdesk file to write (or to import)")
    parser.add_argument("--engagements", type=int, default=32)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--milestones", type=int, default=20)
    parser.add_argument(
        "--import-only", action="store_true", help="time importing an existing file instead"
    )
    args = parser.parse_args(argv)
    if args.import_only:
        time_import(args.path)
        return 0
    if args.path.exists():
        parser.error(f"{args.path} exists; remove it first")
    began = perf_counter()
    made = make_file(args.path, args.engagements, args.items, args.milestones)
    print(
        f"{args.path}: {made.rows:,} rows, {made.size / 2**20:.1f} MB "
        f"({perf_counter() - began:.1f} s, of which the export {made.export_s:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
