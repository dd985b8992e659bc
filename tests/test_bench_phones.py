"""The phones benchmark's harness (benchmarks/bench_phones.py) tells the truth: one small
run of its laptop and phones processes, untimed, and its lost-answer check able to fail.

The figures themselves are the benchmark's; here, that what it counts is what happened:
every phone joined and answered each statement, the answers acknowledged are the ones
stored, the projector's count was seen to rise, and the heartbeat ran.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
PHONES = 4
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def desk() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import phones_desk
    finally:
        sys.path.remove(str(BENCHMARKS))
    return phones_desk


@pytest.mark.parametrize("projector", ["presenter", "standin"])
def test_a_small_run_counts_what_the_phones_did(
    tmp_path: Path, desk: ModuleType, projector: str
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CXDESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "phones_desk.py"),
            f"--phones={PHONES}",
            f"--folder={tmp_path}",
            f"--projector={projector}",
            "--think-s=0.05",
            "--change=0.5",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(desk.RESULT)]
    assert done.returncode == 0, done.stderr[-3000:]
    facts = json.loads(lines[-1][len(desk.RESULT) :])
    statements = 5
    assert facts["joined"]["join_s"] > 0
    # Each statement, then voting closed: shown in turn.
    assert len(facts["shows"]) == statements + 1
    assert facts["shows"] == sorted(facts["shows"])
    # Every phone's last answer to every statement is stored, and nothing else.
    assert (facts["acked"], facts["stored"], facts["lost"], facts["unacked"]) == (
        PHONES * statements,
        PHONES * statements,
        0,
        0,
    )
    crowd = facts["crowd"]
    assert crowd["failed"] == 0
    trips = crowd["round_trips"]
    assert len(trips) >= PHONES * statements
    assert {number for number, _ms, _change in trips} == set(range(1, statements + 1))
    assert all(ms > 0 for _n, ms, _change in trips)
    for number in range(1, statements + 1):  # each phone saw each statement once
        assert len(crowd["arrived"][str(number)]) == PHONES
    # The count rose to PHONES on each statement: at most one rise per answer, at least
    # one per statement, each seen on the projector after the server reported it.
    assert statements <= len(facts["latencies"]) <= PHONES * statements
    assert all(ms >= 0 for ms in facts["latencies"])
    assert len(facts["load_gaps"]) > 10
    assert facts["server"]["batches"] >= 1
    assert len(facts["server"]["handled_ms"]) == len(trips)


def test_an_answer_not_stored_as_acknowledged_counts_as_lost(desk: ModuleType) -> None:
    acked = {"Phone 0001": {"7": 4, "8": 2}, "Phone 0002": {"7": 5}}
    stored = {("Phone 0001", 7): 4, ("Phone 0001", 8): 2, ("Phone 0002", 7): 5}
    assert desk.lost_answers(acked, stored) == (3, 0, 0)
    changed = {**stored, ("Phone 0001", 8): 3}  # another score than the phone was told
    assert desk.lost_answers(acked, changed) == (3, 1, 0)
    missing = {k: v for k, v in stored.items() if k != ("Phone 0002", 7)}
    assert desk.lost_answers(acked, missing) == (3, 1, 0)
    extra = {**stored, ("Phone 0003", 7): 1}  # stored, never acknowledged
    assert desk.lost_answers(acked, extra) == (3, 0, 1)


def test_the_projector_count_is_read_from_its_words(desk: ModuleType) -> None:
    assert desk.shown_count("12 of 300 answered") == 12
    assert desk.shown_count("Nobody has joined yet") is None
