"""Whether an open workspace is a SQLite file or a team workspace on a server.

Asked by what treats a workspace as a file (backups, the suggested name of an export,
the folder a file dialog starts in, the window's file path). Importing nothing: a
laptop's start-up never loads the PostgreSQL backend (and its schema module) just to
learn that its workspace is a file.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxdesk.store.database import Database

_SERVER_MODULE = "cxdesk.store.server_database"


def is_team_workspace(db: Database) -> bool:
    """Whether ``db`` is on a server: no file, and its backups are the server's own."""
    server = sys.modules.get(_SERVER_MODULE)  # not loaded: no server workspace was opened
    return server is not None and isinstance(db.backend, server.ServerDatabase)
