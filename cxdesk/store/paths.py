"""Where CX Desk keeps its files: the platform's user data folder, or CXDESK_DATA_DIR.

Every name the store gives a file beside or about a workspace (its lock, its SQLite
journal, its backups folder) is made here, so the modules that open, inspect, migrate
and back up a workspace agree on them without importing each other.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

DATA_DIR_ENV = "CXDESK_DATA_DIR"
DATABASE_SUFFIX = ".cxdb"
# The schemes of a team workspace's address (libpq's two, and SQLAlchemy's with psycopg).
SERVER_SCHEMES = ("postgresql+psycopg", "postgresql", "postgres")
SERVER_URL_REFUSED = (
    "CX Desk opens SQLite files and PostgreSQL servers: give the path of a database file "
    f"(for example workspace{DATABASE_SUFFIX}) or a team workspace's address "
    "(postgresql+psycopg://server/cxdesk)."
)
# "postgresql+psycopg://...", "sqlite:///...", "mysql://...": a scheme (two characters at
# least, so a Windows drive letter such as C:/ is still a path) and "://". Path() folds
# "//" into "/", so a URL that already went through Path is matched on "scheme:/" too.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:/")


def data_dir() -> Path:
    """The folder for the default database, backups, settings and logs.

    ``CXDESK_DATA_DIR`` overrides the platform folder: tests and portable installs
    (a USB stick at a client site) use it to keep everything in one place.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("CX Desk", appauthor=False)


def default_database_path() -> Path:
    return data_dir() / f"workspace{DATABASE_SUFFIX}"


def backup_dir() -> Path:
    return data_dir() / "backups"


def lock_path(path: Path) -> Path:
    """The lock file that keeps a second CX Desk (window or restore) off ``path``."""
    return path.with_name(path.name + ".lock")


def journal_paths(path: Path) -> tuple[Path, Path]:
    """SQLite's "-wal" log and "-shm" index beside a WAL-mode database file."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def default_backup_folder(db_path: Path) -> Path:
    """The default database's backups go in ``backup_dir()``; any other database gets a
    folder of its own there, so two files both called "workspace.cxdb" never share (and
    never thin) each other's backups."""
    db_path = Path(db_path).expanduser().absolute()
    if db_path == default_database_path().expanduser().absolute():
        return backup_dir()
    digest = hashlib.sha1(str(db_path).encode(), usedforsecurity=False).hexdigest()[:10]
    return backup_dir() / f"{db_path.stem}-{digest}"


def is_database_url(text: str | os.PathLike[str]) -> bool:
    """Whether ``--db``'s value is a server URL rather than a file's path (taken as a
    path, a URL silently made a SQLite file named like it in the current folder)."""
    return _URL.match(os.fspath(text)) is not None


def url_scheme(text: str) -> str:
    """The scheme of a URL ("postgresql+psycopg"), lower case."""
    return text.split(":", 1)[0].lower()


def database_path_argument(text: str) -> Path | str:
    """``--db``'s value, for argparse's ``type=``: a file's path, or a PostgreSQL
    address kept as text (``Path`` would fold its "//"). Another kind of URL is refused
    in words: argparse turns :class:`argparse.ArgumentTypeError` into "argument --db:
    <why>" and exit status 2, before anything is opened or created. The refusal never
    repeats the value: it may hold a password.
    """
    if not is_database_url(text):
        return Path(text)
    scheme = url_scheme(text)
    if scheme in SERVER_SCHEMES:
        return text
    import argparse

    raise argparse.ArgumentTypeError(
        f"“{scheme}” is not a kind of database CX Desk opens. " + SERVER_URL_REFUSED
    )
