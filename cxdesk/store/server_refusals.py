"""Why a PostgreSQL server turned CX Desk away, read from psycopg's exception.

By its SQLSTATE wherever the server gave one: an error on an open connection carries it
(``error.sqlstate``; psycopg raises it as the matching ``psycopg.errors`` class, e.g.
``InvalidPassword`` for 28P01), and the code means the same whatever language the
server speaks (its ``lc_messages``). Where no code exists, by psycopg's own exception
class (``ConnectionTimeout``) and libpq's flags (``PQconnectionNeedsPassword``).

What is left is the connection's start-up. libpq reads the server's refusal there (a
wrong password, a database that does not exist, no CONNECT privilege, a server
shutting down) with its SQLSTATE, but keeps that to itself and hands over only its text:
psycopg's exception then has no ``sqlstate`` and an empty ``diag`` (seen with psycopg
3.3 and libpq 18; libpq has no call that gives the code back, and psycopg none to ask
libpq for it in the message). So for those alone the text is read, as narrowly as it can
be: only the server's line after libpq's "FATAL:", matched against the server's own
sentences for each code (PostgreSQL's postinit.c and auth.c) and turned into that code,
so one table of codes decides. A server speaking another language is then not
recognised: it is told in the server's own words (:attr:`ServerRefusal.said`), never
as something it is not. Failures before any server answered (no such host, nothing
listening, no socket) have no SQLSTATE at all; they are told by psycopg's and libpq's
own (English) messages, and otherwise in libpq's words too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Refused(StrEnum):
    """What went wrong, whatever told it (a code, a class, a flag, a message)."""

    WRONG_PASSWORD = "wrong password"  # 28P01 invalid_password
    NO_PASSWORD = "no password"  # libpq: the server asks for one, none was given
    NOT_LET_IN = "not let in"  # 28000 invalid_authorization_specification
    NO_DATABASE = "no database"  # 3D000 invalid_catalog_name
    NO_PERMISSION = "no permission"  # 42501 insufficient_privilege
    SHUTTING_DOWN = "shutting down"  # 57P01/57P02 on a connection, 57P03 connecting
    TOO_MANY = "too many connections"  # 53300 too_many_connections
    NO_SUCH_HOST = "no such host"
    NOT_POSTGRESQL = "not PostgreSQL"  # something else answered at the port
    SSL = "ssl"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # nothing listens there
    OTHER = "other"


# PostgreSQL's SQLSTATEs (Appendix A) for what CX Desk tells apart.
BY_SQLSTATE = {
    "28P01": Refused.WRONG_PASSWORD,
    "28000": Refused.NOT_LET_IN,
    "3D000": Refused.NO_DATABASE,
    "42501": Refused.NO_PERMISSION,
    "57P01": Refused.SHUTTING_DOWN,  # admin_shutdown: the server is stopping
    "57P02": Refused.SHUTTING_DOWN,  # crash_shutdown: another backend crashed
    "57P03": Refused.SHUTTING_DOWN,  # cannot_connect_now: starting, stopping, recovering
    "53300": Refused.TOO_MANY,
}

# The server's start-up refusals as its sources word them, and the SQLSTATE each is sent
# with (see the module docstring: libpq passes on the text alone).
_STARTUP_SQLSTATES = (
    (re.compile(r"^password authentication failed for user "), "28P01"),
    (re.compile(r"^role \".*\" does not exist"), "28000"),
    (re.compile(r"^role \".*\" is not permitted to log in"), "28000"),
    (re.compile(r"^no pg_hba\.conf entry for "), "28000"),
    (re.compile(r"^pg_hba\.conf rejects connection for "), "28000"),
    (re.compile(r"^(Peer|Ident|GSSAPI|SSPI|LDAP|RADIUS|PAM) authentication failed "), "28000"),
    (re.compile(r"^database \".*\" does not exist"), "3D000"),
    (re.compile(r"^permission denied for database "), "42501"),
    (re.compile(r"^the database system is (starting up|shutting down|in recovery mode)"), "57P03"),
    (re.compile(r"^the database system is not (yet )?accepting connections"), "57P03"),
    (re.compile(r"^sorry, too many clients already"), "53300"),
    (re.compile(r"^remaining connection slots are reserved "), "53300"),
)
# libpq's prefix for the server's message ("...failed: FATAL:  password authentication
# failed for user "ana""); the server's severity word is in its own language too.
_FATAL_LINE = re.compile(r"FATAL:  (.+)")


@dataclass(frozen=True)
class ServerRefusal:
    """``what`` went wrong; ``said``: libpq's or the server's own words for it, without
    the address (shown when nothing better is known)."""

    what: Refused
    said: str
    sqlstate: str | None = None


def server_refusal(error: BaseException) -> ServerRefusal:
    """What ``error`` (a ``psycopg.Error``) says went wrong; see the module docstring."""
    import psycopg

    said = _said(str(error))
    code: str | None = getattr(error, "sqlstate", None)
    if code is None and isinstance(error, psycopg.OperationalError):
        code = startup_sqlstate(str(error))
    if code in BY_SQLSTATE:
        return ServerRefusal(BY_SQLSTATE[code], said, code)
    if isinstance(error, psycopg.errors.ConnectionTimeout):
        return ServerRefusal(Refused.TIMEOUT, said)
    pgconn: Any = getattr(error, "pgconn", None)
    if pgconn is not None and getattr(pgconn, "needs_password", False):
        return ServerRefusal(Refused.NO_PASSWORD, said)
    return ServerRefusal(_before_any_server(str(error)), said, code)


def startup_sqlstate(message: str) -> str | None:
    """The SQLSTATE the server sent with a start-up refusal libpq passed on as
    ``message``; None when it is not one of the server's known (English) sentences."""
    for line in _FATAL_LINE.findall(message):
        for sentence, code in _STARTUP_SQLSTATES:
            if sentence.search(line):
                return code
    return None


def _before_any_server(message: str) -> Refused:
    """No SQLSTATE exists before a server answers: psycopg's and libpq's own messages
    (not the server's; English) say what failed, narrowly matched."""
    if message.startswith("failed to resolve host") or "could not translate host name" in message:
        return Refused.NO_SUCH_HOST  # psycopg resolves first; libpq when given hostaddr-less
    if "invalid response to SSL negotiation" in message or "server sent data" in message:
        return Refused.NOT_POSTGRESQL  # a web server or proxy answered the SSL request
    if "SSL" in message:
        return Refused.SSL
    if "Is the server running" in message:  # libpq's hint after ECONNREFUSED or no socket
        return Refused.UNREACHABLE
    return Refused.OTHER


# libpq's prefix naming the address: "connection to server at "db.example.com"
# (10.0.0.9), port 5432 failed: " or "... on socket "/run/postgresql/.s.PGSQL.5432"
# failed: ", after psycopg's own "connection failed: ".
_ADDRESS_PREFIX = re.compile(
    r"^(connection (failed|is bad): )?connection to server "
    r"(on socket \"[^\"]*\"|at \"[^\"]*\"( \([^)]*\))?, port \d+) failed: "
)


def _said(message: str) -> str:
    """libpq's words without the prefix naming the address, on one line."""
    lines = (_ADDRESS_PREFIX.sub("", line.strip()) for line in message.splitlines())
    return " ".join(" ".join(lines).split())[:300]
