"""Idle memory: CX Desk with the demo engagement open and every tab visited, against a bare window.

    uv run python benchmarks/bench_memory.py [--quick] [--dir PATH]

The app runs in a child process, ``memory_child.py app <new file>``: ``cxdesk.app.main``
as a user starts it (a new database, so the demo engagement is added), with the
environment of run.py's start-up children; it shows every tab of the demo engagement,
waits for the start-up backup, idles, then says so and waits. The parent reads the
child's VmRSS and VmHWM from ``/proc/<pid>/status`` then and lets it quit. The baseline is
``bare_window.py --stay`` (a bare PySide6 window with as many tabs, left open), read the
same way, in the same run, interleaved. ``memory_child.py imports`` reports the RSS each
heavy package adds when imported one after another; in a full run, one more app child
with tracemalloc gives the Python heap by package.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memory_child import IDLE_S, MARKER, status_kb  # noqa: E402

from run import FULL, QUICK, ROOT, Plan, child_env, median  # noqa: E402

TARGET_MB = 200.0
CHILD_TIMEOUT_S = 180


# -- in the parent ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Idle:
    rss_mb: float
    hwm_mb: float
    facts: dict[str, str]


def idle_memory(command: list[str], env: dict[str, str], log: Path, marker: str = MARKER) -> Idle:
    """Run ``command`` until its idle line, read its /proc status, then let it quit."""
    with log.open("w") as stderr:
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_S, child.kill)
        watchdog.start()
        try:
            assert child.stdout is not None
            assert child.stdin is not None
            found: Idle | None = None
            for line in child.stdout:
                if line.startswith(marker):
                    status = status_kb(child.pid)
                    facts = dict(p.split("=", 1) for p in line[len(marker) :].split())
                    facts["anon_mb"] = f"{status.get('RssAnon', 0) / 1024:.0f}"
                    facts["file_mb"] = f"{status.get('RssFile', 0) / 1024:.0f}"
                    found = Idle(status["VmRSS"] / 1024, status["VmHWM"] / 1024, facts)
                    child.stdin.write("\n")
                    child.stdin.flush()
                    break
            child.stdin.close()
            child.stdout.read()
            code = child.wait()
        finally:
            watchdog.cancel()
    if found is None or code != 0:
        raise SystemExit(
            f"benchmark: {' '.join(command)} exited {code} without reporting idle memory:\n"
            + log.read_text(errors="replace")[-3000:]
        )
    return found


def bench_memory(plan: Plan, tmp: Path) -> list[str]:
    data = tmp / "memory-data"
    env = child_env(data)
    env.pop("CXDESK_BENCHMARK_EXIT", None)  # the app must stay open until it is measured
    log = tmp / "memory-stderr.txt"
    me = [sys.executable, str(HERE / "memory_child.py")]
    runs = max(3, plan.starts)

    apps: list[Idle] = []
    bares: list[Idle] = []
    for n in range(runs):  # interleaved, so drift on the machine hits both alike
        apps.append(idle_memory([*me, "app", str(tmp / f"memory-{n}.cxdb")], env, log))
        tabs = apps[-1].facts["tabs"]
        bare = [sys.executable, str(HERE / "bare_window.py"), "--tabs", tabs, "--stay"]
        bares.append(idle_memory(bare, env, log, marker="CXDESK-BENCHMARK shown"))
    imports = idle_memory([*me, "imports"], env, log)

    rss, base = median([a.rss_mb for a in apps]), median([b.rss_mb for b in bares])
    facts = apps[len(apps) // 2].facts
    lines = [
        f"idle memory: cxdesk {rss:.0f} MB RSS vs bare window {base:.0f} MB -> ratio "
        f"{rss / base:.1f}x (target < {TARGET_MB:.0f} MB: "
        f"{'met' if rss < TARGET_MB else 'MISSED'})",
        f"  median of {runs}, demo engagement, {facts['tabs']} tabs visited, idle "
        f"{IDLE_S:.0f} s: RSS cxdesk "
        + " ".join(f"{a.rss_mb:.0f}" for a in apps)
        + " / bare "
        + " ".join(f"{b.rss_mb:.0f}" for b in bares)
        + "; peak (VmHWM) cxdesk "
        + " ".join(f"{a.hwm_mb:.0f}" for a in apps)
        + f"; {facts['started_rss_mb']} MB when the window first came up",
        f"  at idle: RSS {facts['anon_mb']} MB anonymous + {facts['file_mb']} MB of mapped "
        f"files (libraries, fonts); Python objects {facts['pymalloc_used_mb']} MB in "
        f"{facts['pymalloc_arenas']} 1-MiB arenas ({facts['pymalloc_free_mb']} MB free in "
        f"them), glibc malloc {facts.get('malloc_used_mb', '?')} MB in use + "
        f"{facts.get('malloc_free_mb', '?')} MB free, {facts.get('malloc_mmap_mb', '?')} MB "
        f"in big mmaps; {facts['modules']} modules (heavy: {facts['heavy']}), "
        f"{facts['threads']} threads",
        "  the first showing of each tab added (MB RSS): "
        + ", ".join(t.replace("+", " +") for t in facts["per_tab_mb"].split(",")),
        "  RSS each import adds, in this order: "
        + ", ".join(f"{k} {v}" for k, v in imports.facts.items() if not k.endswith("_mb")),
    ]
    if plan is FULL:
        traced = idle_memory(
            [*me, "app", str(tmp / "memory-traced.cxdb"), "--trace", "1"], env, log
        )
        by = {k[len("traced.") :]: v for k, v in traced.facts.items() if k.startswith("traced.")}
        lines.append(
            f"  Python heap at idle (tracemalloc, a separate run): {traced.facts['traced_mb']} MB: "
            + ", ".join(f"{k} {v}" for k, v in by.items())
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        for line in bench_memory(QUICK if args.quick else FULL, Path(folder)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
