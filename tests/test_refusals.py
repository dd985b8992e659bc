"""Files CX Desk must refuse: each is left byte-for-byte untouched, with nothing beside it.

Every test records the file's bytes, modification time and its folder's listing before
trying to open it, and checks all three afterwards. The modification time is first set
far in the past, so any write at all (even of identical bytes) would show.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url, text

from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.store import workspace as ws
from cxdesk.store.database import open_database
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.schema import APPLICATION_ID
from cxdesk.store.server_schema import MARK_TABLE
from tests import raw_rows

LONG_AGO_NS = 1_000_000_000 * 1_500_000_000  # July 2017
PAGE = 4096
NOBODY = 65534
CHILD_ANSWERS_WITHIN_S = 60  # opening one small file as another user


@dataclass(frozen=True)
class Untouched:
    """What must not change when a file is refused."""

    content: bytes | tuple[str, ...]
    mtime_ns: int
    mode: int
    neighbours: tuple[str, ...]


def record(path: Path) -> Untouched:
    if path.is_file():
        os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))
    stat = path.stat()
    content: bytes | tuple[str, ...] = (
        tuple(sorted(p.name for p in path.iterdir())) if path.is_dir() else path.read_bytes()
    )
    neighbours = tuple(sorted(p.name for p in path.parent.iterdir()))
    return Untouched(content, stat.st_mtime_ns, stat.st_mode, neighbours)


def refuse(path: Path, backups: Path) -> DatabaseRefused:
    """Try to open ``path``; it must be refused and left exactly as it was."""
    before = record(path)
    with pytest.raises(DatabaseRefused) as caught:
        open_database(path, backup_folder=backups)
    assert record(path) == before, "the refused file (or its folder) was changed"
    assert not backups.exists(), "a refused file must not even be backed up"
    return caught.value


def assert_readable(refused: DatabaseRefused, path: Path, reason: RefusalReason) -> None:
    assert refused.reason is reason
    assert refused.path == path
    message = refused.message
    assert message.startswith(f"CX Desk cannot open “{path}”.")
    assert refused.detail in message
    assert message.endswith("The file has not been changed.")
    assert "Traceback" not in message
    assert len(refused.detail) < 400, "a dialog message, not a dump"
    assert refused.title
    assert str(path) in str(refused)


def make_workspace(path: Path, *, rows: int = 3) -> Path:
    """A real CX Desk database with some data, closed cleanly (no -wal left)."""
    with open_database(path, backup_folder=path.parent / "setup-backups") as db:
        client = ws.add_client(db, "Acme Logistics")
        engagement = ws.add_engagement(db, client.id, "Portal rollout")
        with db.transaction() as s:
            s.add_all(
                ExpectationItem(
                    engagement_id=engagement.id,
                    position=i,
                    expects=f"Expectation {i} " * 30,
                    expected_level=1 + i % 5,
                )
                for i in range(rows)
            )
    path.with_name(path.name + ".lock").unlink()
    shutil.rmtree(path.parent / "setup-backups", ignore_errors=True)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding only the file under test (so its listing is meaningful)."""
    place = tmp_path / "files"
    place.mkdir()
    return place


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"


# --- not a database, not ours --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"Kickoff notes: the client expects live tracking.\n"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        ("workspace.cxdb", b"SQLite format 2\x00" + bytes(200)),  # almost the magic
        ("tiny.cxdb", b"SQ"),
    ],
)
def test_a_file_that_is_not_a_database(
    folder: Path, backups: Path, name: str, content: bytes
) -> None:
    path = folder / name
    path.write_bytes(content)
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.NOT_SQLITE)
    assert "not a database" in refused.detail


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_sqlite_database(folder: Path, backups: Path, journal_mode: str) -> None:
    path = folder / "invoices.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoice (total) VALUES (99.5)")
        conn.commit()
    assert sorted(p.name for p in folder.iterdir()) == ["invoices.db"]
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.NOT_CXDESK)
    assert "a database made by another program" in refused.detail


def test_an_empty_database_opens_as_a_new_workspace(folder: Path, backups: Path) -> None:
    """What a kill leaves between SQLite writing a new file's header (journal_mode=WAL on
    connect) and the schema's commit: nothing in it, so nothing to refuse or protect."""
    path = folder / "w.cxdb"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = wal")  # writes the header, nothing else
    assert path.stat().st_size > 0
    with open_database(path, backup_folder=backups) as db:
        assert db.created
        ws.add_client(db, "Zoë Łukasiewicz")
    with open_database(path, backup_folder=backups) as db:
        assert [c.name for c, _ in ws.list_clients(db)] == ["Zoë Łukasiewicz"]


def test_a_database_with_cxdesk_tables_but_no_cxdesk_mark(folder: Path, backups: Path) -> None:
    # Tables alone do not make a file ours: only the application_id does.
    path = make_workspace(folder / "w.cxdb")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 0")
    for leftover in ("w.cxdb-wal", "w.cxdb-shm"):
        (folder / leftover).unlink(missing_ok=True)
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.NOT_CXDESK)


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("CREATE TABLE client (id INTEGER PRIMARY KEY)", "version record is missing"),
        ("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)", "record is empty"),
    ],
)
def test_marked_as_cxdesk_but_without_a_version(
    folder: Path, backups: Path, setup: str, words: str
) -> None:
    path = folder / "w.cxdb"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(setup)
        conn.commit()
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.DAMAGED)
    assert words in refused.detail


# A team workspace's mark is a table's row where a file's is its application_id; the
# rest of the file's refusals are about files (bytes, locks, permissions on disk). The
# server's own (foreign tables, a newer schema, no rights) are in test_server_database.
@pytest.mark.parametrize(
    ("damage", "reason", "words"),
    [
        (f"DELETE FROM {MARK_TABLE}", RefusalReason.NOT_CXDESK, "not a CX Desk workspace"),
        ("DROP TABLE alembic_version", RefusalReason.DAMAGED, "version record is missing"),
        ("DELETE FROM alembic_version", RefusalReason.DAMAGED, "version record is empty"),
    ],
    ids=["no mark", "no version table", "no version"],
)
def test_a_team_workspace_without_its_mark_or_version(
    postgres_url: str, damage: str, reason: RefusalReason, words: str
) -> None:
    """As a file: tables alone do not make a database ours, and a marked one without its
    version record is damaged (not someone else's), in the file's words."""
    open_database(postgres_url).close()
    with raw_rows.plain(postgres_url) as conn:
        conn.execute(text(damage))
    before = raw_rows.every_row(postgres_url)
    with pytest.raises(DatabaseRefused) as caught:
        open_database(postgres_url)
    assert raw_rows.every_row(postgres_url) == before, "the refused workspace was changed"
    assert caught.value.reason is reason
    assert words in caught.value.detail


# "<Place> is not a CX Desk workspace: <what it is>. <What to do instead>."
NOT_A_WORKSPACE = re.compile(
    r"^The (file|database) “[^”]+”( on [^:]+)? is not a CX Desk workspace: "
    r"it [^.]+\. [A-Z][^.]+\.$"
)


def test_a_file_and_a_server_database_not_cxdesks_are_refused_alike(
    folder: Path, backups: Path, postgres_url: str
) -> None:
    """Someone else's file and someone else's PostgreSQL database are refused in one
    sentence shape, naming the file, or the database and its server (issue 18)."""
    foreign_file = folder / "crm.db"
    with closing(sqlite3.connect(foreign_file)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    not_a_database = folder / "notes.cxdb"
    not_a_database.write_bytes(b"Kickoff notes\n")
    with raw_rows.plain(postgres_url) as conn:
        conn.execute(text("CREATE TABLE invoices (id integer)"))
    name = make_url(postgres_url).database
    refusals = [refuse(foreign_file, backups), refuse(not_a_database, backups)]
    with pytest.raises(DatabaseRefused) as caught:
        open_database(postgres_url)
    refusals.append(caught.value)
    for refused in refusals:
        assert refused.reason in (RefusalReason.NOT_CXDESK, RefusalReason.NOT_SQLITE)
        assert refused.title == "Not a CX Desk database"
        assert NOT_A_WORKSPACE.match(refused.detail), refused.detail
    assert refusals[0].detail.startswith("The file “crm.db” is not a CX Desk workspace: it is")
    assert refusals[1].detail.startswith("The file “notes.cxdb” is not a CX Desk workspace: it")
    assert refusals[2].detail.startswith(
        f"The database “{name}” on this computer is not a CX Desk workspace: it holds"
    )
    assert refusals[2].message.endswith("The database has not been changed.")


# --- damaged -------------------------------------------------------------------------
# quick_check walks every b-tree page and the freelist, so structural damage (a page of
# garbage, a truncated file, a broken header field or page header) is caught, either as
# rows of problems or as "malformed" errors: both kinds are exercised below. What no
# check can see is a changed byte inside a stored value (SQLite keeps no checksums), and
# quick_check skips the index-versus-table comparison that integrity_check does; those
# kinds of damage are therefore not tested here.


def _garbage_page(data: bytes) -> bytes:
    middle = (len(data) // PAGE // 2) * PAGE
    return data[:middle] + random.Random(7).randbytes(PAGE) + data[middle + PAGE :]


def _zeroed_page(data: bytes) -> bytes:
    middle = (len(data) // PAGE // 2) * PAGE
    return data[:middle] + bytes(PAGE) + data[middle + PAGE :]


def _bad_cell_count(data: bytes) -> bytes:
    # A leaf page claiming 80 cells it does not have: quick_check lists the bad cells.
    # The table leaf page nearest the middle: each new table's and index's root page
    # shifts what lies exactly there.
    pages = len(data) // PAGE
    middle = min(
        (n for n in range(1, pages) if data[n * PAGE] == 0x0D),
        key=lambda n: abs(n - pages // 2),
        default=None,
    )
    assert middle is not None, "expected a table leaf page in the file"
    start = middle * PAGE
    return data[: start + 3] + b"\x00\x50" + data[start + 5 :]


def _bad_freelist_count(data: bytes) -> bytes:
    return data[:36] + (50).to_bytes(4, "big") + data[40:]


def _bad_page_size(data: bytes) -> bytes:
    return data[:16] + b"\x00\x03" + data[18:]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "garbage page in the middle": _garbage_page,
    "zeroed page in the middle": _zeroed_page,
    "page claims cells it lacks": _bad_cell_count,
    "freelist count wrong": _bad_freelist_count,
    "impossible page size": _bad_page_size,
    "truncated to half": lambda data: data[: len(data) // 2],
    "truncated at a page boundary": lambda data: data[: 5 * PAGE],
    "truncated inside the header": lambda data: data[:50],
}


@pytest.mark.parametrize("damage", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_a_damaged_cxdesk_database(folder: Path, backups: Path, damage: str) -> None:
    path = make_workspace(folder / "w.cxdb", rows=300)
    healthy = path.read_bytes()
    assert len(healthy) > 20 * PAGE, "needs several pages for the damage to land in"
    path.write_bytes(CORRUPTIONS[damage](healthy))
    assert path.read_bytes() != healthy

    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.DAMAGED)
    assert "damaged" in refused.detail
    assert "Restore a backup" in refused.detail


def test_the_healthy_original_of_the_damaged_files_opens(folder: Path, backups: Path) -> None:
    # The control for the test above: without the damage, the same file opens.
    path = make_workspace(folder / "w.cxdb", rows=300)
    with open_database(path, backup_folder=backups) as db:
        assert [c.name for c, _ in ws.list_clients(db)] == ["Acme Logistics"]


# --- newer version -------------------------------------------------------------------


def test_a_database_from_a_newer_cxdesk(folder: Path, backups: Path) -> None:
    path = make_workspace(folder / "w.cxdb")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    assert sorted(p.name for p in folder.iterdir()) == ["w.cxdb"]  # cleanly closed
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.NEWER_VERSION)
    assert "9999_future" in refused.detail
    assert "newer version of CX Desk" in refused.detail
    assert "Update CX Desk" in refused.detail


# --- already open --------------------------------------------------------------------


def test_already_open_in_this_process(folder: Path, backups: Path) -> None:
    path = make_workspace(folder / "w.cxdb")
    first = open_database(path, backup_folder=backups)
    try:
        ws.add_client(first, "Borealis Bank")  # the first window has unsaved-to-main edits
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        wal_before = wal.read_bytes()
        refused = refuse(path, backups)
        assert wal.read_bytes() == wal_before
        assert_readable(refused, path, RefusalReason.ALREADY_OPEN)
        assert "already open" in refused.detail
        # The first window is unaffected by the refused second attempt.
        ws.add_client(first, "Cobalt Care")
    finally:
        first.close()
    with open_database(path, backup_folder=backups) as again:
        names = [c.name for c, _ in ws.list_clients(again)]
    assert names == ["Acme Logistics", "Borealis Bank", "Cobalt Care"]


def test_already_open_in_another_process(folder: Path, backups: Path) -> None:
    # Two CX Desk windows are two processes: the lock must work across them.
    path = make_workspace(folder / "w.cxdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from cxdesk.store.database import open_database\n"
            f"db = open_database(Path({str(path)!r}))\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n"
            "db.close()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        refused = refuse(path, backups)
        assert_readable(refused, path, RefusalReason.ALREADY_OPEN)
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    with open_database(path, backup_folder=backups) as db:
        assert db.created is False


# --- folders and permissions ---------------------------------------------------------


def test_a_folder_path(folder: Path, backups: Path) -> None:
    path = folder / "workspace.cxdb"
    path.mkdir()
    (path / "inside.txt").write_text("keep me")
    refused = refuse(path, backups)
    assert_readable(refused, path, RefusalReason.UNREADABLE)
    assert "folder, not a file" in refused.detail
    assert (path / "inside.txt").read_text() == "keep me"


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an ordinary (non-root) user can reach, for the permission tests.

    Run as root, the tests switch to the "nobody" user in a forked child (see
    :func:`as_ordinary_user`): root may write to read-only files and folders, so only an
    ordinary user sees what a consultant sees. pytest's own temp folder is private to
    root, hence a separate one.
    """
    base = Path(tempfile.mkdtemp(prefix="cxdesk-perm-"))
    base.chmod(0o755)
    place = base / "files"
    place.mkdir()
    try:
        yield place
    finally:
        for p in [place, *place.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o666)
        shutil.rmtree(base)


def give_to_ordinary_user(*paths: Path) -> None:
    if os.geteuid() == 0:
        for p in paths:
            os.chown(p, NOBODY, NOBODY)


def as_ordinary_user(action: Callable[[], Any]) -> Any:
    """Run ``action`` as this user, or, when that is root, as "nobody" in a forked child."""
    if os.geteuid() != 0:
        return action()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                result: Any = ("ok", action())
            except BaseException as exc:
                result = ("error", f"{type(exc).__name__}: {exc}")
            os.write(write_end, pickle.dumps(result))
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + CHILD_ANSWERS_WITHIN_S
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)  # reaped below
                pytest.fail(f"the child gave no answer within {CHILD_ANSWERS_WITHIN_S} s")
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    status, value = pickle.loads(b"".join(chunks))
    assert status == "ok", value
    return value


def attempt(path: Path) -> tuple[str, ...]:
    """Open and close ``path``; describe what happened in picklable terms."""
    try:
        database = open_database(path, backup_folder=path.parent.parent / "backups")
    except DatabaseRefused as refused:
        return (str(refused.reason), refused.detail, refused.message)
    database.close()
    return ("opened",)


needs_posix = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(os, "geteuid"), reason="POSIX permissions"
)


@needs_posix
@pytest.mark.parametrize(("mode", "outcome"), [(0o644, "opened"), (0o444, "read_only")])
def test_a_read_only_file(shared_folder: Path, mode: int, outcome: str) -> None:
    path = make_workspace(shared_folder / "w.cxdb")
    give_to_ordinary_user(shared_folder, path)
    path.chmod(mode)
    before = record(path)
    result = as_ordinary_user(lambda: attempt(path))
    assert result[0] == outcome, result
    if outcome == "opened":
        return  # the control: the same user may open a writable file here
    assert record(path) == before, "no -wal/-shm/.lock beside it, not a byte changed"
    assert "file is read-only" in result[1]
    assert result[2].endswith("The file has not been changed.")


@needs_posix
@pytest.mark.parametrize("which", ["existing workspace", "new workspace", "new in a subfolder"])
def test_a_read_only_folder(shared_folder: Path, which: str) -> None:
    existing = make_workspace(shared_folder / "w.cxdb")
    give_to_ordinary_user(shared_folder, existing)
    path = {
        "existing workspace": existing,
        "new workspace": shared_folder / "new.cxdb",
        "new in a subfolder": shared_folder / "sub" / "new.cxdb",
    }[which]
    shared_folder.chmod(0o555)
    before = record(existing)
    result = as_ordinary_user(lambda: attempt(path))
    # A damaged-file verdict here would send the user to restore a backup for nothing.
    assert result[0] == "read_only", result
    assert "read-only" in result[1]
    assert str(shared_folder) in result[1]
    assert record(existing) == before
    assert not path.exists() or path == existing


@needs_posix
def test_an_unreadable_file(shared_folder: Path) -> None:
    path = make_workspace(shared_folder / "w.cxdb")
    give_to_ordinary_user(shared_folder)
    path.chmod(0o000)  # still owned by root: nobody may not read it
    before = record(path)
    result = as_ordinary_user(lambda: attempt(path))
    assert result[0] == "unreadable", result
    assert "could not be read" in result[1]
    assert record(path) == before


def test_every_reason_has_a_title() -> None:
    titles = {
        reason: DatabaseRefused(reason, Path("w.cxdb"), "detail").title for reason in RefusalReason
    }
    assert all(titles.values())
    assert titles[RefusalReason.NEWER_VERSION] != titles[RefusalReason.DAMAGED]
