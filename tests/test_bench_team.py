"""The team benchmark's harness (benchmarks/bench_team.py) tells the truth: one tiny run
of it, untimed, on the session's PostgreSQL server and a SQLite file.

The figures themselves are the benchmark's; here, that what it counts is what happened:
each window opened the engagement as often as planned with every row shown and painted,
every edit typed on each backend is in that backend's database, and its lines say which
is which. Without PostgreSQL's binaries the section is one line saying so.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.postgres_server import PostgresServer

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def team() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_team
    finally:
        sys.path.remove(str(BENCHMARKS))
    return bench_team


def test_a_tiny_run_counts_what_each_window_did(
    qapp: object, tmp_path: Path, team: ModuleType, postgres_server: PostgresServer
) -> None:
    plan = team.Plan(first_starts=1, starts=1, opens=2, edits=3, feedback=1)

    run = team.measure_team(plan, tmp_path, postgres_server, items=30, milestones=2)

    assert set(run.backends) == {"SQLite", "PostgreSQL"}
    for mine in run.backends.values():
        assert len(mine.opens) == len(mine.demo_opens) == plan.opens
        assert all(painted for *_ms, painted in mine.opens + mine.demo_opens)
        assert mine.rows_shown == 30
        # 3 timed edits after 5 warm-ups, on up to 8 rows: each row's last text is stored.
        assert len(mine.edits) == plan.edits
        assert mine.written
        assert mine.saved == len(mine.written)
        assert len(mine.reads) == plan.opens
    assert isinstance(run.backends["PostgreSQL"].address, str)
    assert run.snapshots == 30 * 2
    lines = team.team_lines(plan, run)
    assert lines[0].startswith(f"team: PostgreSQL {run.server} on a Unix socket")
    assert [line.split(":")[0] for line in lines if not line.startswith(" ")] == [
        "team",
        "team open 30-item engagement",
        "team typing",
        "team toolkit read",
    ]


def test_an_edit_missing_from_a_database_stops_the_benchmark(
    qapp: object, tmp_path: Path, team: ModuleType, postgres_server: PostgresServer
) -> None:
    plan = team.Plan(first_starts=1, starts=1, opens=1, edits=1, feedback=1)
    run = team.measure_team(plan, tmp_path, postgres_server, items=10, milestones=1)
    run.backends["PostgreSQL"].saved -= 1

    with pytest.raises(SystemExit, match="PostgreSQL holds"):
        team.team_lines(plan, run)


def test_without_postgresql_the_section_is_one_line(
    tmp_path: Path, team: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(team, "server_binaries", lambda: None)

    lines = team.bench_team(team.QUICK, tmp_path)

    assert len(lines) == 1
    assert lines[0].startswith("team: skipped: PostgreSQL's server")
