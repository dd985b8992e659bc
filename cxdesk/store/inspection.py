"""Looking at a database file before using it, without changing a single byte of it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from cxdesk.store.errors import DatabaseRefused, RefusalReason, not_a_workspace
from cxdesk.store.paths import default_backup_folder, journal_paths
from cxdesk.store.schema import APPLICATION_ID, KNOWN_REVISIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
# What to do instead of opening a file that is not CX Desk's.
CHOOSE_A_WORKSPACE = "Choose a CX Desk workspace, or a new file's name to start one."


@dataclass(frozen=True, slots=True)
class FileState:
    """What a usable file holds: nothing yet, or a CX Desk schema at ``revision``."""

    path: Path
    is_new: bool
    revision: str | None


def inspect_database(path: Path) -> FileState:
    """Check that ``path`` can be a CX Desk workspace; raise DatabaseRefused if not.

    The file is only ever opened read-only here, so a refused file is left untouched.
    """
    if path.is_dir():
        raise DatabaseRefused(RefusalReason.UNREADABLE, path, "This is a folder, not a file.")
    if not path.exists():
        _check_folder_writable(path)
        return FileState(path, is_new=True, revision=None)
    if path.stat().st_size == 0:
        return _empty(path)
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise DatabaseRefused(
            RefusalReason.UNREADABLE, path, f"The file could not be read ({exc.strerror})."
        ) from exc
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise DatabaseRefused(
            RefusalReason.NOT_SQLITE,
            path,
            not_a_workspace(
                f"The file “{path.name}”",
                "it is not a database at all (it may be a document or another program's file)",
                CHOOSE_A_WORKSPACE,
            ),
        )
    # Bytes 18-19 of the header are 2 for a WAL-mode file (every CX Desk database).
    revision = _read_cxdesk_revision(path, wal_mode=header[18:20] == b"\x02\x02")
    if revision is None:
        return _empty(path)
    if revision not in KNOWN_REVISIONS:
        raise DatabaseRefused(
            RefusalReason.NEWER_VERSION,
            path,
            f"It was saved by a newer version of CX Desk (schema “{revision}”). "
            "Update CX Desk to open it.",
        )
    if not os.access(path, os.W_OK):
        raise DatabaseRefused(
            RefusalReason.READ_ONLY,
            path,
            "The file is read-only, so your edits could not be saved. "
            "Copy it somewhere you can write to, or change its permissions.",
        )
    _check_folder_writable(path)
    return FileState(path, is_new=False, revision=revision)


def _empty(path: Path) -> FileState:
    """A file with nothing in it is a new workspace (a kill while one was being made leaves
    one) — unless CX Desk has good backups of it: then it was emptied, and starting afresh
    in it would let the backups of the empty file thin the real ones away."""
    # Here, not at the top: backups read the tables' definitions (SQLAlchemy), and start-up
    # inspects a file before the first frame, when only an empty file needs them.
    from cxdesk.store.backups import newest_good_backup

    if newest_good_backup(default_backup_folder(path), path) is not None:
        raise DatabaseRefused(
            RefusalReason.DAMAGED,
            path,
            "The file is empty, yet CX Desk has backups of it: it was emptied by a crash, a "
            "full disk or another program. Restore the newest backup.",
        )
    _check_folder_writable(path)
    return FileState(path, is_new=True, revision=None)


def _check_folder_writable(path: Path) -> None:
    folder = path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise DatabaseRefused(
            RefusalReason.READ_ONLY,
            path,
            f"The folder “{existing}” is read-only. CX Desk needs to write its journal beside "
            "the database to keep every edit safe; choose a folder you can write to.",
        )


def _holds_nothing(conn: sqlite3.Connection) -> bool:
    return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0


def read_only_connection(path: Path, *, wal_mode: bool = True) -> sqlite3.Connection:
    """A ``sqlite3`` connection that cannot change a byte of the file at ``path``."""
    # Opened read-only, a WAL-mode file still makes SQLite create "-wal" and "-shm" files
    # beside it (left behind when the file is refused), and fails as if damaged in a
    # read-only folder. With no "-wal" file there is no log to read, so the file is opened
    # immutable: nothing is created or locked. With a log (open elsewhere, or a crash left
    # committed edits in it) it must be read, so SQLite is left to do so.
    immutable = wal_mode and not journal_paths(path)[0].exists()
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, timeout=5)


def _read_cxdesk_revision(path: Path, *, wal_mode: bool) -> str | None:
    """The schema revision of a CX Desk file; None for an empty database (no schema)."""
    try:
        conn = read_only_connection(path, wal_mode=wal_mode)
    except sqlite3.Error as exc:
        raise DatabaseRefused(
            RefusalReason.UNREADABLE, path, f"The file could not be opened ({exc})."
        ) from exc
    try:
        try:
            check = conn.execute("PRAGMA quick_check").fetchall()
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                RefusalReason.DAMAGED,
                path,
                f"The database is damaged and cannot be read safely ({exc}). "
                "Restore a backup, or send the file to support.",
            ) from exc
        if check != [("ok",)]:
            # One quick_check row can hold hundreds of lines: show the first three problems.
            lines = [
                line.strip()
                for row in check
                for line in str(row[0]).splitlines()
                if line.strip() and not line.startswith("***")
            ]
            problems = "; ".join(lines[:3])
            raise DatabaseRefused(
                RefusalReason.DAMAGED,
                path,
                f"The database is damaged ({problems}). Restore a backup, or send the file "
                "to support.",
            )
        if application_id == 0 and _holds_nothing(conn):
            # An empty database: what a new workspace is for a moment, between SQLite
            # writing its header (journal_mode=WAL on connect) and the schema's commit.
            # A kill there must not leave a file every later start refuses.
            return None
        if application_id != APPLICATION_ID:
            raise DatabaseRefused(
                RefusalReason.NOT_CXDESK,
                path,
                not_a_workspace(
                    f"The file “{path.name}”",
                    "it is a database made by another program",
                    CHOOSE_A_WORKSPACE,
                ),
            )
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                RefusalReason.DAMAGED,
                path,
                "The database is marked as CX Desk's but its version record is missing.",
            ) from exc
        if row is None:
            raise DatabaseRefused(
                RefusalReason.DAMAGED,
                path,
                "The database is marked as CX Desk's but its version record is empty.",
            )
        return str(row[0])
    finally:
        conn.close()
