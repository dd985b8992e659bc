"""The crash test, CI-sized: SIGKILL a process editing a workspace; nothing is lost.

The full run (120+ kills) is ``uv run python benchmarks/crash_test.py``; see its docstring
and benchmarks/README.md. Here: 8 kills during a seeded stream of edits made through the
store (two fresh files, each killed four times), 3 during migrations from an older
schema, and the runner's own checks are shown able to fail (a child without our BEGIN).
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.timeout(240),
]


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def crash() -> ModuleType:
    return _load("crash_test")


def test_kills_during_edits_lose_nothing(crash: ModuleType, tmp_path: Path) -> None:
    tally = crash.Tally()
    crash.edit_kills(tmp_path, kills=8, chain=4, seed=11, tally=tally)

    assert tally.kills == 8
    assert tally.problems == []
    assert tally.lost == 0
    assert tally.corrupted == 0
    # The children got far enough to test something: commits were reported and checked.
    assert tally.commits_verified >= 20


def test_kills_during_a_migration_leave_the_old_or_the_new_schema(
    crash: ModuleType, tmp_path: Path
) -> None:
    tally = crash.Tally()
    # From the first revision: the longest migration (every later revision, table rebuilds).
    crash.migration_kills(tmp_path, kills=3, seed=5, tally=tally, revisions=("0001_initial",))

    assert tally.migration_kills == 3
    assert tally.problems == []
    assert tally.migration_bad == 0
    assert tally.migration_old + tally.migration_new == 3


def test_the_checks_notice_a_missing_commit(crash: ModuleType, tmp_path: Path) -> None:
    """The verifier itself: a state equal to an earlier reported commit is counted lost,
    any other state corrupted, and the reported state passes."""
    child_module = _load("crash_child")
    path = tmp_path / "w.cxdb"
    from cxdesk.store import workspace as ws
    from cxdesk.store.database import open_database

    with open_database(path, backup_folder=tmp_path / "b") as db:
        ws.add_client(db, "Zoë Łukasiewicz")
    before, _ = crash.examine(path)
    with open_database(path, backup_folder=tmp_path / "b") as db:
        client = ws.add_client(db, "Ελένη")
    after, _ = crash.examine(path)
    fact = (
        '{"op": "add_client", "sql": "SELECT name FROM client WHERE id = ?", '
        f'"params": [{client.id}], "rows": [["Ελένη"]]}}'
    )
    reported = [f"OPENED 0 {before}", f"P 1 {after}", f"C 1 {after} {fact}"]

    ok = crash.Tally()
    crash.verify_edits(path, reported, before, ok)
    assert (ok.lost, ok.corrupted, ok.commits_verified) == (0, 0, 1)

    # The same report against a file where that commit did not land: one commit lost.
    with open_database(path, backup_folder=tmp_path / "b") as db:
        ws.delete_client(db, client.id)
    state, _ = crash.examine(path)
    lost = crash.Tally()
    crash.verify_edits(
        path, [f"OPENED 0 {state}", f"P 1 {after}", f"C 1 {after} {fact}"], state, lost
    )
    assert lost.lost == 1

    # A state nobody reported: corrupted.
    with open_database(path, backup_folder=tmp_path / "b") as db:
        ws.add_client(db, "Фёдор")
    odd = crash.Tally()
    crash.verify_edits(path, reported, before, odd)
    assert odd.corrupted >= 1
    assert child_module.digest is crash.digest


def test_a_kill_while_a_new_workspace_is_created_leaves_a_file_the_app_opens(
    crash: ModuleType, tmp_path: Path
) -> None:
    tally = crash.Tally()
    crash.creation_kills(tmp_path, kills=3, seed=1, tally=tally)
    assert tally.creation_kills == 3
    assert tally.corrupted == 0
    assert tally.new_file_refused == 0


def _kill_a_backup_midway(crash: ModuleType, path: Path, folder: Path, log: Path) -> list[str]:
    """Run the child until it is inside SQLite's copy, SIGKILL it; what it left."""
    child = crash.Child(["backup", str(path), "--backups", str(folder)], log, None)
    line = child.read(120.0)
    if line is None:
        pytest.fail(child.died_alone())
    child.kill()
    assert line.startswith("COPYING "), line
    partial = Path(line.removeprefix("COPYING "))
    journal = partial.with_name(partial.name + "-journal")
    assert partial.parent == folder
    assert partial.name.startswith(".w-start-")
    assert partial.exists()
    assert journal.stat().st_size > 0  # a hot journal: the copy's transaction was open
    return sorted(p.name for p in folder.iterdir())


def test_a_backup_killed_midway_leaves_nothing_after_the_next_start(
    crash: ModuleType, tmp_path: Path
) -> None:
    """SIGKILL inside SQLite's copy leaves the hidden ``.partial`` and
    its ``-journal``; the next backup removed only the ``.partial``, so the journal stayed
    in the backups folder for ever. The next start cleans both, whether it makes a backup
    (the data changed) or not (the same data as the newest backup)."""
    from cxdesk.store.backups import BackupReason, backup_if_changed, list_backups

    path, folder = tmp_path / "w.cxdb", tmp_path / "backups"
    later = lambda: datetime.now() + timedelta(hours=1)  # noqa: E731  (another name)

    # A first backup killed: the next start backs up (there is no backup yet).
    left = _kill_a_backup_midway(crash, path, folder, tmp_path / "child1.log")
    assert len(left) == 2, left  # the half copy and its journal, nothing else
    made = backup_if_changed(path, folder, BackupReason.START, clock=later)
    assert made is not None
    assert made.clients == 20
    assert sorted(p.name for p in folder.iterdir()) == [made.path.name]

    # Killed again, the data unchanged: the next start makes no backup, and cleans up all
    # the same.
    left = _kill_a_backup_midway(crash, path, folder, tmp_path / "child2.log")
    assert len(left) == 3, left
    assert backup_if_changed(path, folder, BackupReason.START, clock=later) is None
    assert sorted(p.name for p in folder.iterdir()) == [made.path.name]
    assert [b.path for b in list_backups(folder, path)] == [made.path]
