"""A team workspace's address, opening it, and the password kept by libpq, not by us.

File > Open team workspace... asks for a server, port, database, user and SSL mode;
:class:`TeamAddress` makes the URL the store opens from them. The password is never part
of what is remembered (settings, recent workspaces, the window's title): it is either
typed for this one connection, held in memory by the engine only, or kept in the
person's pgpass file, which libpq reads by itself on every connection (the OS keyring
would need the ``keyring`` package and a backend that is often missing on Linux).
:func:`save_password` writes that file as libpq wants it: owner-only (0600; libpq
ignores a file others may read), one ``host:port:database:user:password`` line per
entry with ``:`` and ``\\`` escaped.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cxdesk.store.server_database import ServerDatabase, parse_url, safe_url_text
from cxdesk.store.workspace_kind import is_team_workspace

__all__ = [
    "DEFAULT_PORT",
    "SSL_MODES",
    "TeamAddress",
    "is_team_workspace",
    "open_team_workspace",
    "pgpass_file",
    "pgpass_line",
    "save_password",
]

if TYPE_CHECKING:
    from sqlalchemy import URL

    from cxdesk.store.database import Database

DEFAULT_PORT = 5432
# What the dialog offers, in libpq's words: prefer (TLS when the server offers it, the
# default), require (TLS or no connection), verify-full (TLS with the server's
# certificate checked against ~/.postgresql/root.crt), disable (never TLS).
SSL_MODES = ("prefer", "require", "verify-full", "disable")


@dataclass(frozen=True)
class TeamAddress:
    """Where a team workspace is: never its password."""

    host: str  # a name, an IP address, or a socket's folder ("/var/run/postgresql")
    port: int
    database: str
    user: str
    sslmode: str = "prefer"

    def url(self, password: str | None = None) -> URL:
        """The store's URL; with ``password`` only for the connection being made."""
        from sqlalchemy import URL

        query = {"sslmode": self.sslmode}
        host: str | None = self.host.strip() or None
        if host is not None and host.startswith("/"):
            query = {"host": host, **query}  # a socket's folder goes in the query
            host = None
        return URL.create(
            "postgresql+psycopg",
            username=self.user.strip() or None,
            password=password or None,
            host=host,
            port=self.port,
            database=self.database.strip(),
            query=query,
        )

    @property
    def text(self) -> str:
        """The URL as remembered among recent workspaces and shown: no password."""
        return safe_url_text(self.url())

    @property
    def display_name(self) -> str:
        return ServerDatabase(self.url()).display_name

    @classmethod
    def from_text(cls, text: str) -> TeamAddress:
        """A remembered address back into its fields (its password, if any, dropped);
        :class:`~cxdesk.store.errors.DatabaseRefused` when it is not one."""
        url = parse_url(text)
        socket = url.query.get("host")
        host = socket if isinstance(socket, str) else (socket[-1] if socket else url.host or "")
        mode = url.query.get("sslmode", "prefer")
        return cls(
            host=host,
            port=url.port or DEFAULT_PORT,
            database=url.database or "",
            user=url.username or "",
            sslmode=mode if isinstance(mode, str) else mode[-1],
        )


def open_team_workspace(
    url: URL, *, demo_on: date | None = None, check: Callable[[], None] | None = None
) -> Database:
    """Open the team workspace at ``url`` (slow: run it off the UI thread): checked
    with the connection timeout and refused in words
    (:class:`~cxdesk.store.errors.DatabaseRefused`); an empty database becomes an empty
    workspace at the head schema, with the demo engagement dated ``demo_on`` when given
    (else none: colleagues share it; the window asks whether to add it, as ``created``
    says it was made just now).

    ``check`` is called while waiting for the server and between the steps; what it
    raises (a Cancel) stops the opening, and nothing stays open."""
    from cxdesk.store.database import open_claimed

    server = ServerDatabase(url)
    state = server.inspect(check)
    if check is not None:
        check()
    made_now = state.is_new
    if made_now:
        state = server.create(demo_on)
    db = open_claimed(server, state)
    db.created = made_now  # create() left it at the head schema: no longer "new"
    if check is not None:
        try:
            check()
        except BaseException:
            db.close()
            raise
    return db


# -- the pgpass file ---------------------------------------------------------------------


def pgpass_file() -> Path:
    """Where libpq looks for passwords: PGPASSFILE, else ~/.pgpass
    (%APPDATA%\\postgresql\\pgpass.conf on Windows)."""
    override = os.environ.get("PGPASSFILE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escaped(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    """A pgpass line's fields, its escapes undone."""
    fields, current, escaped = [], [], False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def pgpass_line(address: TeamAddress, password: str) -> str:
    """``host:port:database:user:password`` as libpq reads it. A socket connection is
    matched on its folder (libpq compares the host parameter as given)."""
    host = address.host.strip() or "localhost"
    parts = (host, str(address.port), address.database.strip(), address.user.strip(), password)
    return ":".join(_escaped(part) for part in parts)


def save_password(address: TeamAddress, password: str) -> Path:
    """Put ``password`` for ``address`` in the pgpass file, replacing that address's
    line and keeping every other; the file is owner-only (0600) and replaced at once
    (a temporary file beside it, renamed), so it is never half written."""
    target = pgpass_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = pgpass_line(address, password)
    key = _fields(line)[:4]
    kept = []
    if target.exists():
        for old in target.read_text(encoding="utf-8").splitlines():
            if old.strip() and not old.lstrip().startswith("#") and _fields(old)[:4] == key:
                continue  # the old password for the same address
            kept.append(old)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write("\n".join([*kept, line]) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)  # whatever the umask or an inherited ACL gave
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
