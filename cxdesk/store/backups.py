"""Verified backups of a workspace, their thinning, restoring one, and damaged files.

Every backup is made with SQLite's online backup API from a read-only connection (a
consistent copy even while the app writes), written under a temporary name, checked
(``quick_check``, CX Desk's mark, a known schema) and only then given its real name: a
file named like a backup was verified. Older ones are then thinned by
:mod:`cxdesk.store.backup_policy`. Safe to call from a worker thread: each call opens its
own ``sqlite3`` connections and closes them before returning.

File names: ``<database stem>-<label>-<YYYYMMDD-HHMMSS>[-n]<suffix>``, where the label is
the :class:`BackupReason` value, or ``before-<revision>`` for the backup taken before a
schema update (the name migrate.py has always used).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from filelock import FileLock, Timeout

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN
from cxdesk.models.workspace_entities import ChangeCounter
from cxdesk.store.backup_policy import (
    BackupInfo,
    BackupReason,
    RetentionPolicy,
    backups_to_delete,
    newest_first,
)
from cxdesk.store.last_change import TABLE as LAST_CHANGE_TABLE
from cxdesk.store.last_change import read_last_change
from cxdesk.store.paths import (
    DATABASE_SUFFIX,
    default_backup_folder,
    journal_paths,
    lock_path,
)
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION, KNOWN_REVISIONS

log = logging.getLogger(__name__)

STAMP = "%Y%m%d-%H%M%S"
Clock = Callable[[], datetime]

__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupReason",
    "RetentionPolicy",
    "backup_if_changed",
    "content_fingerprint",
    "default_backup_folder",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "restore_backup",
    "set_aside_damaged",
    "thin_backups",
    "verify_backup",
]

# Bookkeeping of row versions, not data (see store.versions).
COUNTER_TABLE = ChangeCounter.__tablename__


class BackupError(Exception):
    """A backup could not be made, or a restore was refused; ``message`` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- names ---------------------------------------------------------------------------


def _suffix(db_path: Path) -> str:
    return db_path.suffix or DATABASE_SUFFIX


def _label(reason: BackupReason, to_revision: str | None = None) -> str:
    if reason is BackupReason.MIGRATION:
        return f"before-{to_revision or HEAD_REVISION}"
    return reason.value


def _name_pattern(db_path: Path) -> re.Pattern[str]:
    labels = "|".join(re.escape(r.value) for r in BackupReason if r is not BackupReason.MIGRATION)
    return re.compile(
        rf"{re.escape(db_path.stem)}-(?P<label>{labels}|before-\d{{4}}_\w+?)"
        rf"-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?{re.escape(_suffix(db_path))}"
    )


def _parse_name(path: Path, pattern: re.Pattern[str]) -> tuple[datetime, BackupReason] | None:
    match = pattern.fullmatch(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    label = match["label"]
    known = {r.value: r for r in BackupReason}
    return created, known.get(label, BackupReason.MIGRATION)


def _free_name(
    folder: Path, db_path: Path, reason: BackupReason, when: datetime, to_revision: str | None
) -> Path:
    base = f"{db_path.stem}-{_label(reason, to_revision)}-{when.strftime(STAMP)}"
    suffix = _suffix(db_path)
    candidate = folder / f"{base}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}{suffix}"
        n += 1
    return candidate


# --- reading a database read-only ----------------------------------------------------


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves no -wal/-shm behind (see inspection.py)."""
    # A file with its log beside it is open (the app's, the room's process): it is never
    # opened here but through SQLite. Closing a file of our own on it would release every
    # lock SQLite holds on it in this process (POSIX locks are the process's), and another
    # process's SQLite, taking itself for the last one there, would remove the log under
    # the app's open connection.
    immutable = not journal_paths(path)[0].exists() and _wal_mode(path)
    # Quoted: in a URI "#" or "?" in a folder name would cut the path short.
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=True)
    try:
        yield conn
    finally:
        conn.close()


def _wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL (read only when no connection has it open)."""
    with path.open("rb") as f:
        header = f.read(20)
    return header[18:20] == b"\x02\x02"


_WHO_AND_WHEN = (VERSION_COLUMN, CHANGED_BY_COLUMN, CHANGED_AT_COLUMN)


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _fingerprint(conn: sqlite3.Connection) -> str:
    digest = hashlib.sha256()
    for table in _tables(conn):
        if table in (LAST_CHANGE_TABLE, COUNTER_TABLE):
            # When, not what: an edit and its undo leave the same data, and no new backup.
            continue
        digest.update(f"\x00table {table}\x00".encode())
        quoted = '"' + table.replace('"', '""') + '"'
        # A row's version counts its changes, and who made the last one when; an edit
        # and the edit back leave the same data, so the same fingerprint.
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info({quoted})")]
        kept = ", ".join(
            '"' + c.replace('"', '""') + '"' for c in columns if c not in _WHO_AND_WHEN
        )
        try:
            rows = conn.execute(f"SELECT {kept or '*'} FROM {quoted} ORDER BY rowid")
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            rows = conn.execute(f"SELECT {kept or '*'} FROM {quoted} ORDER BY 1")
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def content_fingerprint(path: Path) -> str:
    """A hash of everything the database holds (not of how SQLite laid it out), so a
    backup and the file it was copied from have the same one until the next edit."""
    with _read_only(path) as conn:
        return _fingerprint(conn)


_fingerprints: dict[tuple[str, int, int], str] = {}


def _backup_fingerprint(path: Path) -> str:
    """Backups never change once named: their fingerprint is remembered by size and time."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _fingerprints:
        _fingerprints[key] = content_fingerprint(path)
    return _fingerprints[key]


def verify_backup(path: Path) -> str:
    """Check a backup fully before it counts or is restored; returns its schema revision.

    Raises :class:`BackupError` naming the file and what is wrong with it.
    """
    try:
        with _read_only(path) as conn:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise BackupError(f"The backup “{path.name}” is damaged ({check[0][0]}).")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise BackupError(f"“{path.name}” is not a CX Desk database.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            tables = set(_tables(conn))
    except sqlite3.Error as exc:
        raise BackupError(f"The backup “{path.name}” cannot be read ({exc}).") from exc
    except OSError as exc:
        raise BackupError(
            f"The backup “{path.name}” cannot be read ({exc.strerror or exc})."
        ) from exc
    if row is None or not {"client", "engagement"} <= tables:
        raise BackupError(f"The backup “{path.name}” is missing CX Desk's tables.")
    revision = str(row[0])
    if revision not in KNOWN_REVISIONS:
        raise BackupError(
            f"The backup “{path.name}” was made by a newer version of CX Desk "
            f"(schema “{revision}”). Update CX Desk to restore it."
        )
    return revision


def _last_edit(conn: sqlite3.Connection, tables: list[str]) -> tuple[datetime | None, bool]:
    """When the data last changed, and whether that time was recorded: by the store,
    with every change (schema 0007 on). For a file with none recorded (older, or not
    edited since its update), the newest time in the data (rows added,
    revalidations...), which misses edits to rows without a time of their own (a matrix
    level, the brand, a ladder rung)."""
    recorded = read_last_change(conn)
    if recorded is not None:
        return recorded, True
    return _newest_time(conn, tables), False


def _newest_time(conn: sqlite3.Connection, tables: list[str]) -> datetime | None:
    newest: str | None = None
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        for column in conn.execute(f"PRAGMA table_info({quoted})").fetchall():
            name = str(column[1])
            if not name.endswith("_at"):
                continue
            value = conn.execute(f'SELECT max("{name}") FROM {quoted}').fetchone()[0]
            if isinstance(value, str) and (newest is None or value > newest):
                newest = value
    if newest is None:
        return None
    try:
        return datetime.fromisoformat(newest)
    except ValueError:
        return None


def _describe(path: Path, created: datetime, reason: BackupReason) -> BackupInfo:
    info = BackupInfo(path=path, created=created, reason=reason, size=path.stat().st_size)
    try:
        with _read_only(path) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return replace(info, problem="This is not a CX Desk database.")
            revision = str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
            clients = int(conn.execute("SELECT count(*) FROM client").fetchone()[0])
            engagements = int(conn.execute("SELECT count(*) FROM engagement").fetchone()[0])
            last_edit, recorded = _last_edit(conn, _tables(conn))
    except (sqlite3.Error, OSError, TypeError) as exc:
        return replace(info, problem=f"It cannot be read ({exc}).")
    problem = None
    if revision not in KNOWN_REVISIONS:
        problem = "It was made by a newer version of CX Desk."
    return replace(
        info,
        revision=revision,
        clients=clients,
        engagements=engagements,
        last_edit=last_edit,
        last_edit_recorded=recorded,
        problem=problem,
    )


# --- listing, making, thinning -------------------------------------------------------


def list_backups(folder: Path, db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path`` in ``folder``, newest first, with what each holds.

    Files that are not this database's backups (other databases', anything else) are
    ignored. A backup that cannot be read is listed with its ``problem``.
    """
    folder, db_path = Path(folder), Path(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_path)
    found = []
    for path in folder.iterdir():
        parsed = _parse_name(path, pattern)
        if parsed is None or not path.is_file():
            continue
        found.append(_describe(path, *parsed))
    return newest_first(found)


def thin_backups(
    folder: Path,
    db_path: Path,
    policy: RetentionPolicy | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Delete the backups the policy lets go; returns what was deleted.

    Only backups that read as CX Desk databases take part: one that cannot be read is
    left for a person to look at, and never makes a good one go.
    """
    good = [b for b in list_backups(folder, db_path) if b.problem is None]
    deleted = []
    for backup in backups_to_delete(good, now or datetime.now(), policy):
        try:
            backup.path.unlink()
        except OSError as exc:  # read-only folder, file in use: try again next time
            log.warning("could not delete old backup %s: %s", backup.path, exc)
            continue
        deleted.append(backup.path)
        log.info("thinned backup %s", backup.path.name)
    return deleted


def _copy(source: Path, target: Path) -> None:
    """One online-backup copy; on the target it is one transaction (all or nothing)."""
    with _read_only(source) as src, closing(sqlite3.connect(target, timeout=10)) as dst:
        src.backup(dst)


def make_backup(
    db_path: Path,
    folder: Path,
    reason: BackupReason,
    *,
    policy: RetentionPolicy | None = None,
    thin: bool = True,
    clock: Clock = datetime.now,
    to_revision: str | None = None,
) -> BackupInfo:
    """Back up ``db_path`` into ``folder``, verify the copy, then thin older backups.

    ``to_revision`` names the schema a MIGRATION backup is taken before updating to
    (the head revision by default).

    Raises :class:`BackupError` if the copy could not be written or did not verify;
    nothing is left behind then, and no older backup is deleted.
    """
    db_path, folder = Path(db_path), Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"CX Desk could not make the backups folder {folder} ({exc.strerror or exc})."
        ) from exc
    _remove_interrupted_copies(folder, db_path)
    when = clock()
    target = _free_name(folder, db_path, reason, when, to_revision)
    partial = folder / f".{target.name}.partial"
    try:
        _copy(db_path, partial)
        verify_backup(partial)
        _same_mode_as(db_path, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError, BackupError) as exc:
        for leftover in _with_companions(partial):
            _remove_quietly(leftover)  # on a read-only disk this fails too: say the first
        detail = exc.message if isinstance(exc, BackupError) else str(exc)
        raise BackupError(
            f"CX Desk could not back up “{db_path.name}” to {folder}: {detail}"
        ) from exc
    log.info("backed up %s to %s (%s)", db_path, target, reason.value)
    info = _describe(target, datetime.strptime(when.strftime(STAMP), STAMP), reason)
    if thin:
        thin_backups(folder, db_path, policy, when)
    return info


# What SQLite may write beside a copy under way: its rollback journal (the copy is made
# in the default journal mode), and a -wal/-shm should the mode ever be WAL.
_COMPANIONS = ("-journal", "-wal", "-shm")
_PARTIAL = re.compile(r"\.(?P<backup>.+)\.partial(?:-journal|-wal|-shm)?")


def _with_companions(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in _COMPANIONS)]


def _remove_interrupted_copies(folder: Path, db_path: Path) -> None:
    """Remove what a backup killed half-way left: its hidden ``.partial`` and that file's
    rollback journal. The journal is hot: left there, it stays for ever, and SQLite would
    roll it into a new copy that happened to get the same name. Only names this
    database's backups take are touched (another database may share the folder); the
    database's lock keeps a second CX Desk from backing it up at the same time."""
    pattern = _name_pattern(db_path)
    try:
        hidden = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return  # no folder yet, or unreadable: make_backup says so in words
    for path in hidden:
        match = _PARTIAL.fullmatch(path.name)
        if match is not None and pattern.fullmatch(match["backup"]):
            _remove_quietly(path)


def _same_mode_as(db_path: Path, copy: Path) -> None:
    """A backup is as private as the database it copies, never more readable: SQLite
    creates it by the umask (0644 usually), so a workspace its owner made 0600 had
    world-readable copies of every client's data in the backups folder. Owner read and
    write always, so CX Desk can verify, list and thin its own backups."""
    if os.name != "posix":
        return  # Windows has no such bits; the folder's ACL applies to both
    mode = stat.S_IMODE(db_path.stat().st_mode) & 0o666
    try:
        os.chmod(copy, mode | stat.S_IRUSR | stat.S_IWUSR)
    except OSError as exc:
        # exFAT, SMB and some FUSE mounts refuse chmod (they keep no such bits): a backup
        # there is still a backup, and the one before a schema update gates opening.
        log.warning("could not set the mode of backup %s: %s", copy, exc)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)


def backup_if_changed(
    db_path: Path,
    folder: Path,
    reason: BackupReason,
    *,
    policy: RetentionPolicy | None = None,
    clock: Clock = datetime.now,
) -> BackupInfo | None:
    """Make a backup only when the data differs from the newest good backup's.

    What an interrupted backup left is removed either way: the start backup is often
    skipped (nothing changed since), and a stale journal must not wait for an edit."""
    _remove_interrupted_copies(Path(folder), Path(db_path))
    newest = next((b for b in list_backups(folder, db_path) if b.problem is None), None)
    if newest is not None:
        try:
            if content_fingerprint(db_path) == _backup_fingerprint(newest.path):
                return None
        except (sqlite3.Error, OSError):
            pass  # make_backup says what is wrong, in words
    return make_backup(db_path, folder, reason, policy=policy, clock=clock)


# --- restoring, and damaged files ----------------------------------------------------


def newest_good_backup(folder: Path, db_path: Path) -> BackupInfo | None:
    """The newest backup that passes the full check, or None."""
    for backup in list_backups(folder, db_path):
        if backup.problem is not None:
            continue
        try:
            verify_backup(backup.path)
        except BackupError as exc:
            log.warning("skipping backup %s: %s", backup.path.name, exc.message)
            continue
        return backup
    return None


def restore_backup(
    backup: BackupInfo | Path,
    db_path: Path,
    backup_folder: Path,
    *,
    clock: Clock = datetime.now,
) -> BackupInfo | None:
    """Put ``backup``'s data into ``db_path``, after backing the current file up.

    The app must have closed the database first (its lock is taken here). Returns the
    "before restore" backup (None when there was no file to back up). Raises
    :class:`BackupError` when the backup is refused or anything fails; the current file
    then holds what it held before.
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    db_path = Path(db_path).expanduser().absolute()
    verify_backup(source)
    wanted = content_fingerprint(source)
    lock = FileLock(lock_path(db_path), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise BackupError(
            f"“{db_path.name}” is open in another CX Desk window; close it there first."
        ) from exc
    except OSError as exc:
        raise BackupError(f"CX Desk could not lock “{db_path.name}” ({exc}).") from exc
    try:
        before = None
        if db_path.exists() and db_path.stat().st_size > 0:
            # Not thinned now: thinning could take the very backup being restored.
            before = make_backup(
                db_path, backup_folder, BackupReason.BEFORE_RESTORE, thin=False, clock=clock
            )
        try:
            _copy(source, db_path)
        except (sqlite3.Error, OSError) as exc:  # rolled back: the file is as it was
            raise BackupError(
                f"The backup “{source.name}” could not be copied into “{db_path.name}” "
                f"({exc}). Your database has not been changed."
            ) from exc
        problem = _check_restored(db_path, wanted)
        if problem is not None:
            _undo_restore(db_path, before)
            raise BackupError(
                f"The restored copy of “{source.name}” did not check out ({problem}), so "
                f"“{db_path.name}” was put back as it was."
            )
    finally:
        lock.release()
    log.info("restored %s from %s", db_path, source)
    return before


def _check_restored(db_path: Path, wanted: str) -> str | None:
    try:
        with _read_only(db_path) as conn:
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                return str(check[0][0])
            if _fingerprint(conn) != wanted:
                return "its content differs from the backup"
    except sqlite3.Error as exc:
        return str(exc)
    return None


def _undo_restore(db_path: Path, before: BackupInfo | None) -> None:
    if before is not None:
        _copy(before.path, db_path)
    else:  # there was no file before: leave none
        for leftover in (db_path, *_companions(db_path)):
            leftover.unlink(missing_ok=True)


def _companions(path: Path) -> tuple[Path, Path]:
    return journal_paths(path)


def set_aside_damaged(path: Path, *, clock: Clock = datetime.now) -> Path:
    """Rename a damaged database (and its -wal/-shm, kept beside it so SQLite still reads
    them together) to ``<name>.damaged-<stamp>``. Nothing is ever deleted. Returns the
    new path; raises :class:`BackupError` (with everything moved back) if it cannot."""
    path = Path(path).expanduser().absolute()
    base = f"{path.name}.damaged-{clock().strftime(STAMP)}"
    target = path.with_name(base)
    n = 2
    while any(p.exists() for p in (target, *_companions(target))):
        target = path.with_name(f"{base}-{n}")
        n += 1
    moves = [(path, target)]
    moves += [
        (a, b) for a, b in zip(_companions(path), _companions(target), strict=True) if a.exists()
    ]
    done: list[tuple[Path, Path]] = []
    try:
        # The log first: a -wal left at the old name would be read into whatever file
        # is made there next.
        for old, new in reversed(moves):
            os.rename(old, new)
            done.append((old, new))
    except OSError as exc:
        for old, new in reversed(done):
            os.rename(new, old)
        raise BackupError(
            f"CX Desk could not rename the damaged file “{path.name}” ({exc.strerror or exc})."
        ) from exc
    log.warning("set aside damaged database %s as %s", path, target)
    return target
