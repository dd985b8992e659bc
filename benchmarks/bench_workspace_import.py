"""Importing a big workspace file: File > Import engagement file… on 640,000 rows.

    uv run python benchmarks/bench_workspace_import.py [--quick] [--dir PATH]

The workspace file is made as ``generate_workspace_file.py`` makes it (32 engagements of
1,000 expectations revalidated at 20 milestones, exported with the app's own workspace
export; 4 engagements with ``--quick``), then imported into a new database in a fresh
process, the way the app does it (``read_engagement_file``, then
``import_engagement_file``), so the peak memory is the import's own. Baseline of the
ratio, in the same run: the workspace export that made the file, the same rows
travelling the other way. Before the import was batched and streamed, this took 109 s
and 330-740 MB with the window frozen; there is no target beyond "well under that", as
the window now stays responsive (the work runs on a worker, with progress and Cancel).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_workspace_file import IMPORTED, make_file  # noqa: E402

from run import FULL, QUICK, Plan  # noqa: E402


def bench_workspace_import(plan: Plan, tmp: Path) -> list[str]:
    # By value: run.py, run as a script, hands over its own copy of the plans.
    engagements = 4 if plan.opens < FULL.opens else 32
    path = tmp / "workspace.cxdesk"
    made = make_file(path, engagements=engagements)
    child = subprocess.run(
        [sys.executable, str(HERE / "generate_workspace_file.py"), str(path), "--import-only"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    line = next((x for x in child.stdout.splitlines() if x.startswith(IMPORTED)), None)
    if child.returncode != 0 or line is None:
        raise SystemExit(
            f"benchmark: the workspace import exited {child.returncode}:\n"
            + (child.stdout + child.stderr)[-3000:]
        )
    facts = dict(part.split("=", 1) for part in line[len(IMPORTED) :].split())
    imported = int(facts["engagements"])
    stored = int(facts["rows"])
    if imported != engagements or stored != made.rows - engagements:
        raise SystemExit(
            f"benchmark: the import wrote {imported} engagements and {stored:,} rows; "
            f"the file holds {engagements} and {made.rows - engagements:,}"
        )
    read, write = float(facts["read"]), float(facts["write"])
    total = read + write
    return [
        f"workspace import: {made.rows:,} rows ({engagements} engagements, "
        f"{made.size / 2**20:.1f} MB file) in {total:.1f} s vs exporting them "
        f"{made.export_s:.1f} s -> ratio {total / made.export_s:.1f}x (information only)",
        f"  read and check {read:.1f} s, write {write:.1f} s (each engagement read and checked "
        f"again as it is written, one in memory at a time); peak memory {facts['peak_mb']} MB "
        "in a fresh process",
        f"  undo {float(facts['undo']):.1f} s, redo {float(facts['redo']):.1f} s (Edit > Undo "
        "and Redo: the generic revert of every row the import wrote, on the task runner "
        "in the app); "
        f"peak memory with them {facts['undo_peak_mb']} MB",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 engagements instead of 32")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        for line in bench_workspace_import(QUICK if args.quick else FULL, Path(folder)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
