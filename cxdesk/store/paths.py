"""Where CX Desk keeps its files: the platform's user data folder, or CXDESK_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CXDESK_DATA_DIR"
DATABASE_SUFFIX = ".cxdb"


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
