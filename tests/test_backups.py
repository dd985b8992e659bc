"""Backups: thinning rules on a fake clock, and making, listing, restoring and setting
aside damaged files on real temporary databases."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesk.store import backups as bk
from cxdesk.store import workspace as ws
from cxdesk.store.backup_policy import (
    BackupInfo,
    BackupReason,
    RetentionPolicy,
    backups_to_delete,
)
from cxdesk.store.backups import BackupError
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.paths import lock_path
from cxdesk.store.schema import HEAD_REVISION
from tests.db_dump import every_row

NOW = datetime(2026, 12, 6, 15, 0, 0)


def info(created: datetime, reason: BackupReason = BackupReason.EDITING) -> BackupInfo:
    return BackupInfo(Path(f"/b/w-{created:%Y%m%d-%H%M%S}.cxdb"), created, reason, 1)


def kept(backups: list[BackupInfo], policy: RetentionPolicy | None = None) -> list[datetime]:
    gone = {b.path for b in backups_to_delete(backups, NOW, policy)}
    return sorted(b.created for b in backups if b.path not in gone)


# --- the thinning rules (pure, fake clock) -------------------------------------------


def test_nothing_to_thin() -> None:
    assert backups_to_delete([], NOW) == []
    one = info(NOW - timedelta(days=400))
    assert backups_to_delete([one], NOW) == [], "the newest is never deleted, however old"


def test_the_last_ten_are_kept_whatever_their_age() -> None:
    backups = [info(NOW - timedelta(hours=i)) for i in range(25)]
    survivors = kept(backups)
    newest_ten = sorted(b.created for b in backups)[-10:]
    assert set(newest_ten) <= set(survivors)
    # All 25 fall on today or yesterday: beyond the ten, one per day (yesterday's newest).
    assert len(survivors) == 11


def test_one_a_day_for_two_weeks_then_one_a_week() -> None:
    # Four backups a day (9:00, 11:00, 13:00, 17:00) for 120 days before today.
    backups = [
        info(datetime(2026, 12, 5, hour) - timedelta(days=day))
        for day in range(120)
        for hour in (9, 11, 13, 17)
    ]
    survivors = kept(backups)
    recent = [t for t in survivors if NOW - t < timedelta(days=14)]
    days = {t.date() for t in recent}
    # Each of the last 14 days keeps its newest (17:00); the last ten add a few more.
    for day in days:
        assert datetime.combine(day, datetime.min.time()).replace(hour=17) in survivors
    assert len(days) == 14
    older = [t for t in survivors if NOW - t >= timedelta(days=14)]
    weeks = [t.isocalendar()[:2] for t in older]
    assert len(weeks) == len(set(weeks)), "one a week beyond two weeks"
    assert all(NOW - t < timedelta(weeks=13) for t in older), "nothing beyond ~3 months"
    assert 10 <= len(older) <= 12


def test_a_settable_policy() -> None:
    backups = [info(NOW - timedelta(hours=i)) for i in range(48)]
    policy = RetentionPolicy(keep_last=3, daily_days=0, weekly_weeks=0)
    assert kept(backups, policy) == sorted(b.created for b in backups)[-3:]
    with pytest.raises(ValueError, match="keep_last"):
        RetentionPolicy(keep_last=-1)


def test_the_newest_is_kept_even_when_the_policy_keeps_nothing() -> None:
    backups = [info(NOW - timedelta(days=i)) for i in range(5)]
    policy = RetentionPolicy(keep_last=0, daily_days=0, weekly_weeks=0, protected_days=0)
    assert kept(backups, policy) == [NOW]


def test_backups_before_a_restore_or_an_update_are_kept_two_weeks() -> None:
    restore = info(NOW - timedelta(days=3, hours=5), BackupReason.BEFORE_RESTORE)
    update = info(NOW - timedelta(days=20), BackupReason.MIGRATION)
    busy = [info(NOW - timedelta(days=3, minutes=m)) for m in range(0, 300, 10)]
    survivors = kept([restore, update, *busy])
    assert restore.created in survivors
    # Three weeks old, a week's newest only if nothing newer in that week: here it is.
    later = info(NOW - timedelta(days=19, hours=23))
    assert update.created not in kept([restore, update, later, *busy])


@settings(max_examples=50, deadline=None)
@given(
    ages=st.lists(st.integers(min_value=-60, max_value=200 * 24 * 60), min_size=1, max_size=60),
    keep_last=st.integers(0, 12),
    daily=st.integers(0, 20),
    weekly=st.integers(0, 20),
)
def test_thinning_invariants(ages: list[int], keep_last: int, daily: int, weekly: int) -> None:
    backups = [info(NOW - timedelta(minutes=a)) for a in sorted(set(ages))]
    policy = RetentionPolicy(keep_last=keep_last, daily_days=daily, weekly_weeks=weekly)
    gone = backups_to_delete(backups, NOW, policy)
    gone_paths = {b.path for b in gone}
    newest = max(backups, key=lambda b: b.created)
    assert newest.path not in gone_paths
    by_age = sorted(backups, key=lambda b: b.created, reverse=True)
    assert not gone_paths & {b.path for b in by_age[:keep_last]}
    assert len(gone) == len(gone_paths)
    assert gone_paths <= {b.path for b in backups}
    # Thinning again with nothing new deletes nothing more.
    rest = [b for b in backups if b.path not in gone_paths]
    assert backups_to_delete(rest, NOW, policy) == []


# --- real databases --------------------------------------------------------------------


def read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with bk._read_only(path) as conn:  # leaves no -wal/-shm beside a backup
        return conn.execute(sql).fetchall()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FakeClock:
    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


def fill(db: Database, name: str = "Zoë Łukasiewicz") -> None:
    client = ws.add_client(db, name)
    engagement = ws.add_engagement(db, client.id, "R&D <core>")
    ws.add_milestone(db, engagement.id, "Kickoff")


def test_make_backup_is_verified_complete_and_named(
    db: Database, db_path: Path, folder: Path
) -> None:
    fill(db)
    made = bk.make_backup(db_path, folder, BackupReason.START, clock=FakeClock())
    assert made.path.name == "workspace-start-20261206-150000.cxdb"
    assert made.created == NOW
    assert made.reason is BackupReason.START
    assert (made.clients, made.engagements, made.problem) == (1, 1, None)
    assert made.revision == HEAD_REVISION
    assert made.size == made.path.stat().st_size
    assert made.last_edit is not None
    assert abs(made.last_edit - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
    assert every_row(made.path) == every_row(db_path)
    assert bk.verify_backup(made.path) == HEAD_REVISION
    assert sorted(p.name for p in folder.iterdir()) == [made.path.name], "no temp files left"


def test_two_backups_in_one_second_get_two_names(db: Database, db_path: Path, folder: Path) -> None:
    clock = FakeClock()
    first = bk.make_backup(db_path, folder, BackupReason.EDITING, clock=clock)
    second = bk.make_backup(db_path, folder, BackupReason.EDITING, clock=clock)
    assert second.path.name == "workspace-editing-20261206-150000-2.cxdb"
    assert [b.path for b in bk.list_backups(folder, db_path)] == [second.path, first.path]


def test_list_backups_ignores_foreign_files_newest_first(
    db: Database, db_path: Path, folder: Path
) -> None:
    clock = FakeClock()
    older = bk.make_backup(db_path, folder, BackupReason.START, clock=clock)
    fill(db)
    clock.advance(hours=1)
    newer = bk.make_backup(db_path, folder, BackupReason.EDITING, clock=clock)
    (folder / "notes.txt").write_text("mine")
    (folder / "workspace-old-20261206-150000.cxdb").write_bytes(b"another database's")
    (folder / "workspace-start-20261306-150000.cxdb").write_bytes(b"no 13th month")
    (folder / "other-start-20261206-150000.cxdb").write_bytes(b"another database's")
    listed = bk.list_backups(folder, db_path)
    assert [b.path for b in listed] == [newer.path, older.path]
    assert [(b.clients, b.engagements) for b in listed] == [(1, 1), (0, 0)]
    assert bk.list_backups(folder / "missing", db_path) == []


def test_the_migration_backup_is_one_of_ours(db: Database, db_path: Path, folder: Path) -> None:
    made = bk.make_backup(db_path, folder, BackupReason.MIGRATION, clock=FakeClock())
    assert made.path.name == f"workspace-before-{HEAD_REVISION}-20261206-150000.cxdb"
    (listed,) = bk.list_backups(folder, db_path)
    assert listed.reason is BackupReason.MIGRATION


def test_a_damaged_backup_is_listed_with_its_problem_and_never_counts(
    db: Database, db_path: Path, folder: Path
) -> None:
    clock = FakeClock()
    good = bk.make_backup(db_path, folder, BackupReason.START, clock=clock)
    clock.advance(minutes=5)
    bad = bk.make_backup(db_path, folder, BackupReason.EDITING, clock=clock)
    bad.path.write_bytes(bad.path.read_bytes()[:512])  # truncated
    listed = {b.path: b for b in bk.list_backups(folder, db_path)}
    assert listed[bad.path].problem is not None
    assert bk.newest_good_backup(folder, db_path) == listed[good.path]
    with pytest.raises(BackupError, match=bad.path.name):
        bk.verify_backup(bad.path)


def test_backups_are_thinned_after_each_one(db: Database, db_path: Path, folder: Path) -> None:
    clock = FakeClock()
    policy = RetentionPolicy(keep_last=3, daily_days=0, weekly_weeks=0)
    for _ in range(6):
        fill(db, f"Client {clock.now:%H%M}")
        bk.make_backup(db_path, folder, BackupReason.EDITING, policy=policy, clock=clock)
        clock.advance(minutes=30)
    listed = bk.list_backups(folder, db_path)
    assert [b.clients for b in listed] == [6, 5, 4]


def test_a_failed_backup_leaves_nothing_and_deletes_nothing(
    db: Database, db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    policy = RetentionPolicy(keep_last=1, daily_days=0, weekly_weeks=0)
    first = bk.make_backup(db_path, folder, BackupReason.START, policy=policy, clock=clock)

    def broken(path: Path) -> str:
        raise BackupError(f"The backup “{path.name}” is damaged (test).")

    monkeypatch.setattr(bk, "verify_backup", broken)
    clock.advance(hours=1)
    with pytest.raises(BackupError, match=r"could not back up “workspace\.cxdb”"):
        bk.make_backup(db_path, folder, BackupReason.EDITING, policy=policy, clock=clock)
    assert [p.name for p in folder.iterdir()] == [first.path.name]


def test_only_this_databases_interrupted_copies_are_removed(
    db: Database, db_path: Path, folder: Path
) -> None:
    """The clean-up of interrupted copies takes a killed backup's half copy and every file
    SQLite keeps beside it, and nothing another database sharing the folder may be writing."""
    folder.mkdir()
    stale = ".workspace-editing-20261206-140000.cxdb.partial"
    ours = [stale, *(stale + s for s in ("-journal", "-wal", "-shm"))]
    others = [
        ".workspace-copy-editing-20261206-140000.cxdb.partial-journal",  # "workspace-copy"
        ".workspace-editing-20261206-140000.cxdb.partial-other",
        ".hidden-notes",
        "workspace-editing-20261206-140000.cxdb.partial-journal",  # not a hidden partial
    ]
    for name in ours + others:
        (folder / name).write_bytes(b"x")
    made = bk.make_backup(db_path, folder, BackupReason.START, clock=FakeClock())
    assert sorted(p.name for p in folder.iterdir()) == sorted([*others, made.path.name])


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize(("db_mode", "expected"), [(0o600, 0o600), (0o640, 0o640), (0o444, 0o644)])
def test_a_backup_is_as_private_as_its_database(
    db: Database, db_path: Path, folder: Path, db_mode: int, expected: int
) -> None:
    """SQLite creates the copy by the umask (0644 usually): a workspace kept owner-only
    had copies of every client's data readable by anyone in the backups folder. The
    owner can always read and write a backup (to verify, list and thin it)."""
    os.chmod(db_path, db_mode)
    old = os.umask(0o022)
    try:
        made = bk.make_backup(db_path, folder, BackupReason.START, clock=FakeClock())
    finally:
        os.umask(old)
        os.chmod(db_path, 0o600)
    assert oct(made.path.stat().st_mode & 0o777) == oct(expected)


def test_a_filesystem_that_refuses_chmod_still_gets_its_backup(
    db: Database, db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exFAT, SMB and some FUSE mounts refuse chmod: the backup is made all the same (the
    one before a schema update decides whether the workspace opens at all)."""

    def refuse(path: object, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(bk.os, "chmod", refuse)
    made = bk.make_backup(db_path, folder, BackupReason.START, clock=FakeClock())
    assert made.path.exists()
    bk.verify_backup(made.path)


def test_a_backup_into_an_unwritable_folder_says_so(db: Database, db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="backups folder"):
        bk.make_backup(db_path, blocker / "backups", BackupReason.START)


def test_backup_if_changed_skips_unchanged_data(db: Database, db_path: Path, folder: Path) -> None:
    clock = FakeClock()
    assert bk.backup_if_changed(db_path, folder, BackupReason.START, clock=clock) is not None
    clock.advance(minutes=1)
    assert bk.backup_if_changed(db_path, folder, BackupReason.START, clock=clock) is None
    fill(db)
    clock.advance(minutes=1)
    made = bk.backup_if_changed(db_path, folder, BackupReason.EDITING, clock=clock)
    assert made is not None
    assert made.clients == 1
    # An edit then its undo: the same data again, so no new backup.
    renamed = ws.list_clients(db)[0][0]
    ws.rename_client(db, renamed.id, "Фёдор")
    ws.rename_client(db, renamed.id, "Zoë Łukasiewicz")
    clock.advance(minutes=1)
    assert bk.backup_if_changed(db_path, folder, BackupReason.EDITING, clock=clock) is None
    assert len(bk.list_backups(folder, db_path)) == 2


def test_the_default_folder_keeps_databases_apart(tmp_path: Path, private_data_dir: Path) -> None:
    from cxdesk.store.paths import backup_dir, default_database_path

    assert bk.default_backup_folder(default_database_path()) == backup_dir()
    one = bk.default_backup_folder(tmp_path / "a" / "workspace.cxdb")
    two = bk.default_backup_folder(tmp_path / "b" / "workspace.cxdb")
    assert one != two
    assert one.parent == two.parent == backup_dir()


# --- restoring -----------------------------------------------------------------------


def test_restore_brings_back_the_data_after_backing_up_the_current_file(
    db_path: Path, folder: Path
) -> None:
    clock = FakeClock()
    with open_database(db_path, backup_folder=folder) as db:
        fill(db, "Zoë Łukasiewicz")
        chosen = bk.make_backup(db_path, folder, BackupReason.EDITING, clock=clock)
        wanted = every_row(db_path)
        ws.add_client(db, "Ελένη")
        ws.add_client(db, "x" * 200)
        current = every_row(db_path)
    clock.advance(hours=2)
    before = bk.restore_backup(chosen, db_path, folder, clock=clock)
    assert before is not None
    assert before.reason is BackupReason.BEFORE_RESTORE
    assert every_row(before.path) == current
    assert every_row(db_path) == wanted
    assert read(db_path, "PRAGMA quick_check") == [("ok",)]
    with open_database(db_path, backup_folder=folder) as db:  # usable, and writable
        assert [c.name for c, _ in ws.list_clients(db)] == ["Zoë Łukasiewicz"]
        ws.add_client(db, "Фёдор")
    assert not db_path.with_name(db_path.name + "-wal").exists()


def test_restore_refuses_while_the_database_is_open(db: Database, db_path: Path, folder: Path):  # type: ignore[no-untyped-def]
    chosen = bk.make_backup(db_path, folder, BackupReason.EDITING)
    fill(db)
    with pytest.raises(BackupError, match="open in another CX Desk window"):
        bk.restore_backup(chosen, db_path, folder)
    assert [b.path for b in bk.list_backups(folder, db_path)] == [chosen.path]


def closed_workspace(db_path: Path, folder: Path) -> tuple[BackupInfo, str, Any]:
    with open_database(db_path, backup_folder=folder) as db:
        fill(db)
        chosen = bk.make_backup(db_path, folder, BackupReason.EDITING)
        ws.add_client(db, "After the backup")
    return chosen, sha(db_path), every_row(db_path)


@pytest.mark.parametrize("damage", ["truncated", "junk page", "newer schema", "not ours"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    db_path: Path, folder: Path, damage: str
) -> None:
    chosen, digest, content = closed_workspace(db_path, folder)
    data = bytearray(chosen.path.read_bytes())
    if damage == "truncated":
        chosen.path.write_bytes(bytes(data[: len(data) // 3]))
    elif damage == "junk page":
        data[4096 * 2 : 4096 * 2 + 300] = os.urandom(300)
        chosen.path.write_bytes(bytes(data))
    else:
        with closing(sqlite3.connect(chosen.path)) as conn:
            if damage == "newer schema":
                conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
            else:
                conn.execute("PRAGMA application_id = 7")
            conn.commit()
    with pytest.raises(BackupError) as refused:
        bk.restore_backup(chosen, db_path, folder)
    assert chosen.path.name in refused.value.message
    if damage == "newer schema":
        assert "newer version of CX Desk" in refused.value.message
    assert sha(db_path) == digest
    assert every_row(db_path) == content
    assert len(bk.list_backups(folder, db_path)) == 1, "no 'before restore' for a refusal"


def test_a_failed_copy_leaves_the_current_file_as_it_was(
    db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen, digest, content = closed_workspace(db_path, folder)
    real_copy = bk._copy

    def copy_then_fail(source: Path, target: Path) -> None:
        if target == db_path:
            raise sqlite3.OperationalError("disk I/O error")
        real_copy(source, target)

    monkeypatch.setattr(bk, "_copy", copy_then_fail)
    with pytest.raises(BackupError, match="has not been changed"):
        bk.restore_backup(chosen, db_path, folder)
    assert sha(db_path) == digest
    assert every_row(db_path) == content


def test_a_restore_that_does_not_check_out_is_undone(
    db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen, _digest, content = closed_workspace(db_path, folder)
    monkeypatch.setattr(bk, "_check_restored", lambda _path, _wanted: "test failure")
    with pytest.raises(BackupError, match="put back as it was"):
        bk.restore_backup(chosen, db_path, folder)
    assert every_row(db_path) == content
    assert read(db_path, "PRAGMA quick_check") == [("ok",)]


# --- a damaged database at start-up --------------------------------------------------


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_set_aside_untouched_and_a_backup_takes_its_place(
    db_path: Path, folder: Path
) -> None:
    with open_database(db_path, backup_folder=folder) as db:
        fill(db)
        good = bk.make_backup(db_path, folder, BackupReason.EDITING)
    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    with pytest.raises(DatabaseRefused) as refused:
        open_database(db_path, backup_folder=folder)
    assert refused.value.reason is RefusalReason.DAMAGED

    assert bk.newest_good_backup(folder, db_path) == good
    aside = bk.set_aside_damaged(db_path, clock=FakeClock())
    assert aside.name == "workspace.cxdb.damaged-20261206-150000"
    assert aside.read_bytes() == damaged_bytes
    assert not db_path.exists()
    assert bk.restore_backup(good, db_path, folder) is None  # nothing to back up first
    with open_database(db_path, backup_folder=folder) as db:
        assert [c.name for c, _ in ws.list_clients(db)] == ["Zoë Łukasiewicz"]
    assert aside.read_bytes() == damaged_bytes


def test_set_aside_moves_the_log_with_the_file_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "w.cxdb"
    for name, text in (("w.cxdb", "db"), ("w.cxdb-wal", "wal"), ("w.cxdb-shm", "shm")):
        (tmp_path / name).write_text(text)
    (tmp_path / "w.cxdb.damaged-20261206-150000").write_text("an earlier one")
    aside = bk.set_aside_damaged(path, clock=FakeClock())
    assert aside.name == "w.cxdb.damaged-20261206-150000-2"
    assert aside.read_text() == "db"
    assert aside.with_name(aside.name + "-wal").read_text() == "wal"
    assert aside.with_name(aside.name + "-shm").read_text() == "shm"
    assert (tmp_path / "w.cxdb.damaged-20261206-150000").read_text() == "an earlier one"
    assert not path.exists()
    assert not (tmp_path / "w.cxdb-wal").exists()


def test_set_aside_puts_everything_back_when_a_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.cxdb"
    path.write_text("db")
    (tmp_path / "w.cxdb-wal").write_text("wal")
    real_rename = os.rename

    def rename(old: Path, new: Path) -> None:
        if Path(old) == path:
            raise PermissionError(13, "Permission denied")
        real_rename(old, new)

    monkeypatch.setattr(bk.os, "rename", rename)
    with pytest.raises(BackupError, match=r"could not rename the damaged file “w\.cxdb”"):
        bk.set_aside_damaged(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.cxdb", "w.cxdb-wal"]


def test_no_good_backup(db_path: Path, folder: Path) -> None:
    assert bk.newest_good_backup(folder, db_path) is None
    folder.mkdir()
    (folder / "workspace-start-20261206-150000.cxdb").write_bytes(b"SQLite format 3\x00" * 10)
    assert bk.newest_good_backup(folder, db_path) is None


def test_the_lock_file_is_left_free(db_path: Path, folder: Path) -> None:
    chosen, _digest, _content = closed_workspace(db_path, folder)
    bk.restore_backup(chosen, db_path, folder)
    from filelock import FileLock

    lock = FileLock(lock_path(db_path), timeout=0)
    lock.acquire()
    lock.release()
