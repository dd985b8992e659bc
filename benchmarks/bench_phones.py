"""Phones in the room under load: 300 and 500 phones on loopback join a phones session,
hold its event stream and answer five statements while the projector shows the count.

    uv run python benchmarks/bench_phones.py [--quick] [--dir PATH] [--runs N]

Each run is two fresh processes: the laptop (phones_desk.py: the workspace, the room's
server in its own process, the projector at 1920x1080, a heartbeat on the UI thread) and
the phones (phones_crowd.py: aiohttp clients on 127.0.0.1, each with its own cookie jar
and two connections). The projector is the presenter (F5) of the phones session;
``--projector standin`` puts a bare label fed by the server's events in its place, to
tell the room's cost from the presenter's. The phones are a process of their own so that
their Python does not share the laptop's GIL, as real phones do not; they still share
this machine's CPUs. Runs of 3 (the baseline), 300 and 500 phones are interleaved, and
every figure is the median of the runs, with each run's value after it. See
benchmarks/README.md, "phones".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from phones_desk import HEARTBEAT_MS, RESULT  # noqa: E402

from run import FULL, QUICK, Plan, median, verdict  # noqa: E402

BASELINE = 3  # phones: what an answer costs in a near-empty room
TARGET_P99_MS = {300: 100.0, 500: 250.0}
FRAME_MS = 1000 / 60
CHILD_TIMEOUT_S = 360


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_desk(phones: int, folder: Path, projector: str, think_s: float, log: Path) -> Any:
    folder.mkdir(parents=True)
    command = [
        sys.executable,
        str(HERE / "phones_desk.py"),
        f"--phones={phones}",
        f"--folder={folder}",
        f"--projector={projector}",
        f"--think-s={think_s}",
    ]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CXDESK_HEADLESS="1")
    env["CXDESK_DATA_DIR"] = str(folder / "data")
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
    facts = json.loads(lines[-1][len(RESULT) :]) if lines else {}
    if done.returncode != 0 or not lines or "error" in facts:
        raise SystemExit(
            f"benchmark: {phones} phones: {facts.get('error', f'exit {done.returncode}')}\n"
            + log.read_text(errors="replace")[-3000:]
        )
    return facts


def summary(facts: dict[str, Any]) -> dict[str, float]:
    """One run's figures."""
    crowd = facts["crowd"]
    trips = [ms for _number, ms, _change in crowd["round_trips"]]
    shows = facts["shows"]
    # How long the last phone waited for each statement after the desktop showed it.
    reach = [
        (max(crowd["arrived"][str(k + 1)]) - shows[k]) * 1000
        for k in range(len(shows) - 1)
        if str(k + 1) in crowd["arrived"]
    ]
    load, idle = facts["load_gaps"], facts["idle_gaps"]
    server = facts["server"]
    before, after = facts["threads_before"], facts["threads_after"]

    def cpu(thread: str, which: int) -> float:  # s on a CPU (0) or waiting for one (1)
        if thread not in before or thread not in after:
            return float("nan")
        return float(after[thread][which] - before[thread][which])

    # A stall's time off a CPU and not waiting for one: blocked (on the GIL, a lock).
    stalls = facts["stalls"]
    blocked = [gap - ran - queued - HEARTBEAT_MS for _t, gap, ran, queued, *_rest in stalls]
    # Of that, at most what the room's server threads ran meanwhile can be their work
    # holding the GIL; the rest they spent waiting for a CPU (holding it or not: the
    # phones' process shares this machine's CPUs, real phones do not) or idle.
    by_server = [
        min(b, server_ran) for b, (*_s, server_ran, _q, _o) in zip(blocked, stalls, strict=True)
    ]
    worst = max(range(len(stalls)), key=blocked.__getitem__, default=None)
    worst_stall = stalls[worst] if worst is not None else (0.0,) * 7
    longest = max(stalls, key=lambda s: s[1], default=(0.0,) * 7)
    return {
        "p50": percentile(trips, 0.5),
        "p99": percentile(trips, 0.99),
        "max": max(trips),
        "answers": len(trips),
        "handled_p99": percentile(server["handled_ms"], 0.99),
        "batches": server["batches"],
        "batch_mean": server["batch_mean"],
        "batch_p99_ms": percentile(server["batch_ms"], 0.99),
        "loop_late_p99": percentile(server["loop_late_ms"], 0.99),
        "loop_late_max": max(server["loop_late_ms"], default=float("nan")),
        "gc_full": sum(1 for _t, generation, _ms in server["collections"] if generation == 2),
        "gc_max": max((ms for _t, _g, ms in server["collections"]), default=0.0),
        "join_s": facts["joined"]["join_s"],
        "streams_s": facts["joined"]["streams_s"],
        "reach_ms": median(reach),
        "shown_p50": percentile(facts["latencies"], 0.5),
        "shown_p99": percentile(facts["latencies"], 0.99),
        "shown_n": len(facts["latencies"]),
        "stall": max(load),
        "stall_ran": longest[2],
        "stall_queued": longest[3],
        "rereads": len(facts["rereads"]),
        "reread_ms": max((ms for _t, ms in facts["rereads"]), default=0.0),
        "blocked": max(blocked, default=0.0),
        "blocked_by_server": max(by_server, default=0.0),
        "worst_server_ran": worst_stall[4],
        "worst_server_queued": worst_stall[5],
        "worst_other_ran": worst_stall[6],
        "stall_p99": percentile(load, 0.99),
        "over_frame": len(facts["stalls"]),
        "idle_stall": max(idle[1:]),  # the first gap holds the timer's start
        "acked": facts["acked"],
        "stored": facts["stored"],
        "lost": facts["lost"],
        "unacked": facts["unacked"],
        "failed": crowd["failed"],
        "lag_p99": crowd["lag_ms"][1],
        "lag_max": crowd["lag_ms"][2],
        "writer_s": cpu("cxdesk-room-writer", 0),
        "loop_s": cpu("cxdesk-room", 0),
        "ui_s": cpu("MainThread", 0),
        "waited_s": sum(cpu(t, 1) for t in ("cxdesk-room-writer", "cxdesk-room", "MainThread")),
        "load": (facts["load_before"] + facts["load_after"]) / 2,
    }


def bench_phones(
    plan: Plan,
    tmp: Path,
    projector: str = "presenter",
    runs: int | None = None,
) -> list[str]:
    runs = runs if runs is not None else (1 if plan is QUICK else 3)
    sizes = (BASELINE, *TARGET_P99_MS)
    results: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    kind = ""
    for r in range(runs):
        order = sizes[r % len(sizes) :] + sizes[: r % len(sizes)]  # rotated: no size always first
        for phones in order:
            folder = tmp / f"phones-{phones}-{r}"
            facts = run_desk(phones, folder, projector, 3.0, tmp / "phones-stderr.txt")
            kind = facts["projector"]
            results[phones].append(summary(facts))

    base = results[BASELINE]
    lines = [
        f"phones on loopback: {runs} run(s) per size, interleaved, each a fresh laptop process "
        f"({kind} 1920x1080 + UI heartbeat every 2 ms; the room server in a process of its "
        f"own) and a phones process; "
        f"every phone answers each of 5 statements within 3 s of seeing it, one in ten "
        f"changes its answer once"
    ]
    for phones, target in TARGET_P99_MS.items():
        got = results[phones]

        def mid(key: str, got: list[dict[str, float]] = got) -> float:
            return median([r[key] for r in got])

        def each(key: str, fmt: str = ".0f", got: list[dict[str, float]] = got) -> str:
            return " ".join(format(r[key], fmt) for r in got)

        p99, stall = mid("p99"), mid("stall")
        lost = sum(r["lost"] for r in got)
        lines += [
            f"phones {phones}: answer round trip (tap to the 200 'saved', committed) p99 "
            f"{p99:.0f} ms, p50 {mid('p50'):.1f} ms vs {BASELINE} phones p50 "
            f"{median([r['p50'] for r in base]):.1f} ms -> ratio "
            f"{mid('p50') / median([r['p50'] for r in base]):.1f}x (target p99 < {target:.0f} "
            f"ms: {verdict(p99 < target)}); runs p99 {each('p99')}, max {each('max')}",
            f"  joined: all {phones} in {mid('join_s'):.2f} s, streams open in "
            f"{mid('streams_s'):.2f} s (at once: page, join, state, stream; runs "
            f"{each('join_s', '.2f')}); a statement reached the last phone "
            f"{mid('reach_ms'):.0f} ms after the desktop showed it (runs {each('reach_ms')})",
            f"  projector: the count showed a saved answer {mid('shown_p50'):.0f} ms p50, "
            f"{mid('shown_p99'):.0f} ms p99 after the server reported its batch (runs p99 "
            f"{each('shown_p99')}; {mid('shown_n'):.0f} rises of the count per run)",
            f"  UI thread: longest stall {stall:.0f} ms (in it {mid('stall_ran'):.0f} ms its own "
            f"work, {mid('stall_queued'):.0f} ms waiting for a CPU); blocked (off a CPU and not "
            f"waiting for one: the GIL, a lock) at most {mid('blocked'):.0f} ms, of which the "
            f"server's threads ran at most {mid('blocked_by_server'):.0f} ms (target: blocked "
            f"by the server <= {FRAME_MS:.0f} ms: "
            f"{verdict(mid('blocked_by_server') <= FRAME_MS)}); in the longest block the "
            f"server ran {mid('worst_server_ran'):.0f} ms and waited for a CPU "
            f"{mid('worst_server_queued'):.0f} ms (its threads summed), other threads ran "
            f"{mid('worst_other_ran'):.0f} ms; runs blocked {each('blocked')}, by the server "
            f"{each('blocked_by_server')}; {mid('over_frame'):.0f} "
            f"gaps over a frame, p99 gap {mid('stall_p99'):.1f} ms; idle with the room open "
            f"{mid('idle_stall'):.0f} ms; runs stall {each('stall')}; "
            f"the projector read the whole session again {mid('rereads'):.0f} times (people "
            f"joined), the longest {mid('reread_ms'):.0f} ms",
            f"  answers: {mid('acked'):.0f} acknowledged, {mid('stored'):.0f} stored, lost "
            f"{lost:.0f} over all runs (target 0: {verdict(lost == 0)}); refused or failed "
            f"{sum(r['failed'] for r in got):.0f}, stored unacknowledged "
            f"{sum(r['unacked'] for r in got):.0f}",
            f"  server (in its own process): answer handler p99 {mid('handled_p99'):.0f} ms "
            f"(request read to reply made); {mid('batches'):.0f} commits of "
            f"{mid('batch_mean'):.1f} jobs on average, p99 {mid('batch_p99_ms'):.0f} ms each; "
            f"its event loop late p99 "
            f"{mid('loop_late_p99'):.0f} ms, max {mid('loop_late_max'):.0f} ms; Python's "
            f"collector there (it holds that process's GIL) ran {mid('gc_full'):.0f} full "
            f"collections, the longest collection {mid('gc_max'):.0f} ms (runs {each('gc_max')})",
            f"  CPU: writer thread {mid('writer_s'):.1f} s, event loop {mid('loop_s'):.1f} s, UI "
            f"thread {mid('ui_s'):.1f} s; the three waited {mid('waited_s'):.1f} s for a CPU "
            f"(load average {mid('load'):.1f} on {os.cpu_count()} CPUs; runs "
            f"{each('load', '.1f')}); the phones' own loop late p99 {mid('lag_p99'):.0f} ms, "
            f"max {mid('lag_max'):.0f} ms",
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes")
    parser.add_argument("--runs", type=int, default=None, help="runs per size")
    parser.add_argument("--projector", choices=("presenter", "standin"), default="presenter")
    args = parser.parse_args(argv)
    section: Callable[[Plan, Path], list[str]] = lambda plan, tmp: bench_phones(  # noqa: E731
        plan, tmp, args.projector, args.runs
    )
    with tempfile.TemporaryDirectory(prefix="cxdesk-bench-", dir=args.dir) as folder:
        for line in section(QUICK if args.quick else FULL, Path(folder)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
