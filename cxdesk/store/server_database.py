"""The PostgreSQL backend: a team workspace that is one database on a shared server.

It implements :class:`~cxdesk.store.sqlite_file.Backend` beside the SQLite file: the
same store, operations and tabs run on it. What differs is here. It is looked at before
use (reachable, the right password, permissions, CX Desk's own or empty) with a
timeout, so a window never freezes on a server that does not answer; it takes no lock
(several people at once is the point); its backups are the server's (pg_dump), not the
app's. A password is never shown or logged: :func:`safe_url` is what people see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxdesk.store.errors import DatabaseRefused, RefusalReason, not_a_workspace
from cxdesk.store.inspection import FileState
from cxdesk.store.paths import SERVER_SCHEMES, url_scheme
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION, KNOWN_REVISIONS
from cxdesk.store.server_schema import MARK_TABLE

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

log = logging.getLogger(__name__)

# Seconds to wait for the server before saying it cannot be reached.
CONNECT_TIMEOUT = 5
# Seconds a statement waits for a lock before it is refused: a colleague's larger change
# (an import) holds the writers' turn (store/writer_turns.py) until it commits, and an
# edit made on the UI thread must not freeze the window for as long.
LOCK_WAIT = 3
# Seconds of silence after which a server reached over the network counts as gone: the
# kernel probes a connection waiting for an answer after KEEPALIVE_IDLE seconds, every
# KEEPALIVE_INTERVAL, and gives up after KEEPALIVE_COUNT unanswered probes; data it sent
# that stays unacknowledged as long ends the connection too (TCP_USER_TIMEOUT). Without
# them a dead network (Wi-Fi gone, a VPN dropped) holds a statement for many minutes.
SERVER_SILENCE = 8
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 4, 2, 2
# Seconds a colleague's transaction may sit idle, holding the writers' turn, before the
# server ends it: a laptop that vanished mid-edit does not hold everybody up for the
# two hours the server's own keepalive takes to notice.
IDLE_IN_EDIT = 60


def network_settings(query: Mapping[str, str | tuple[str, ...]]) -> dict[str, str]:
    """libpq's parameters for every connection to a team workspace: the timeouts above
    (a Unix socket has no keepalives; libpq leaves them out there). What the address
    sets itself (``query``) wins."""
    settings = {
        "connect_timeout": str(CONNECT_TIMEOUT),
        "keepalives": "1",
        "keepalives_idle": str(KEEPALIVE_IDLE),
        "keepalives_interval": str(KEEPALIVE_INTERVAL),
        "keepalives_count": str(KEEPALIVE_COUNT),
        "tcp_user_timeout": str(SERVER_SILENCE * 1000),
    }
    for key in settings:
        given = query.get(key)
        if given is not None:
            settings[key] = given if isinstance(given, str) else given[-1]
    return settings


def bound_waits(engine: Engine) -> None:
    """Every connection of ``engine`` waits at most LOCK_WAIT seconds for a lock, and
    the server ends its transaction after IDLE_IN_EDIT seconds idle. Set once per
    connection, when it is made: by SET, not the ``options`` startup parameter, which
    connection poolers (PgBouncer) refuse."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _bounded(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false), "
                "set_config('idle_in_transaction_session_timeout', %s, false)",
                (f"{LOCK_WAIT}s", f"{IDLE_IN_EDIT}s"),
            )
        dbapi_connection.commit()


def parse_url(text: str) -> URL:
    """``text`` as SQLAlchemy's URL for psycopg, or a refusal in words for another kind.

    No refusal repeats ``text``: it may hold a password.
    """
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    scheme = url_scheme(text)
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        raise DatabaseRefused(
            RefusalReason.SERVER_URL,
            Path(scheme),
            "This is not a database address CX Desk can read: it looks like "
            "postgresql+psycopg://user@server:5432/cxdesk (the port, when given, a number).",
            name=f"{scheme}://…",
        ) from None  # the parser's message quotes the address
    shown = safe_url_text(url)
    if url.drivername not in SERVER_SCHEMES:
        raise DatabaseRefused(
            RefusalReason.SERVER_URL,
            Path(shown),
            f"CX Desk works with SQLite files and PostgreSQL servers, not “{url.drivername}”. "
            "A team workspace's address starts with postgresql+psycopg://",
            name=shown,
        )
    if not url.database and not url.query.get("service"):  # a service file names it
        raise DatabaseRefused(
            RefusalReason.SERVER_URL,
            Path(shown),
            "The address names no database: add its name, as in postgresql+psycopg://server/cxdesk",
            name=shown,
        )
    return url.set(drivername="postgresql+psycopg")


def safe_url_text(url: URL) -> str:
    """The URL as it may be shown or logged: never its password."""
    return url.render_as_string(hide_password=True)


SERVER_GONE = (
    "The team workspace's server cannot be reached just now (it may be restarting, or "
    "the network is down), so CX Desk could not read what this screen shows. Everything "
    "saved before is safe on the server. CX Desk connects again by itself: try again "
    "in a moment."
)


def server_gone(error: BaseException) -> bool:
    """Whether ``error`` is a server that went away (restarted, the network gone), not a
    bug: PostgreSQL's driver's OperationalError, as SQLAlchemy raises it. (SQLite's
    OperationalError, a locked file or a full disk, is not this.)"""
    import psycopg
    from sqlalchemy.exc import OperationalError

    return isinstance(error, OperationalError) and isinstance(error.orig, psycopg.OperationalError)


def connection_refusal(error: BaseException, url: URL) -> tuple[RefusalReason, str]:
    """Why the server turned the connection down (``error``: psycopg's), in words.

    What went wrong is read by :func:`~cxdesk.store.server_refusals.server_refusal`
    (the SQLSTATE first); the words here are the person's, never the driver's, unless
    nothing better is known (a server speaking another language: then its own)."""
    from cxdesk.store.server_refusals import Refused, server_refusal

    refusal = server_refusal(error)
    what = refusal.what
    who = f"“{url.username}”" if url.username else "your user"
    if what is Refused.WRONG_PASSWORD:
        # The server says the same for a user it does not know (so as not to tell).
        return RefusalReason.UNREADABLE, (
            f"The server did not accept the password of {who}. CX Desk stores no password: "
            "put it in your pgpass file or service file (see the README), or check it with "
            "the database's administrator."
        )
    if what is Refused.NO_PASSWORD:
        return RefusalReason.UNREADABLE, (
            f"The server asks for the password of {who}, and none was given. CX Desk "
            "stores no password: type it, or put it in your pgpass file or service file "
            "(see the README)."
        )
    if what is Refused.NOT_LET_IN:
        return RefusalReason.UNREADABLE, (
            f"The server does not let {who} in from this computer: there may be no such "
            "user, or it may not log in from here. Check the user's name, or ask the "
            "database's administrator to allow it."
        )
    if what is Refused.NO_DATABASE:
        return RefusalReason.UNREADABLE, (
            f"The server has no database “{url.database}”. Check its name, or ask the "
            "database's administrator to create it (an empty one becomes a new workspace)."
        )
    if what is Refused.NO_PERMISSION:
        return RefusalReason.READ_ONLY, (
            f"{who[0].upper()}{who[1:]} may not connect to the database “{url.database}”. "
            "Ask its administrator to grant CONNECT on it."
        )
    if what is Refused.SHUTTING_DOWN:
        return RefusalReason.UNREADABLE, (
            "The server is starting up or shutting down just now (its administrator may "
            "be restarting it). Try again in a minute."
        )
    if what is Refused.TOO_MANY:
        return RefusalReason.UNREADABLE, (
            "The server takes no more connections just now: as many people and programs "
            "as it allows are connected. Try again in a moment, or ask the database's "
            "administrator to allow more."
        )
    if what is Refused.NO_SUCH_HOST:
        return RefusalReason.UNREADABLE, (
            f"No server called “{url.host}” could be found. Check its name (and the "
            "network: a VPN the server needs?), or ask the database's administrator."
        )
    if what is Refused.NOT_POSTGRESQL:
        return RefusalReason.NOT_CXDESK, (
            f"What answers at {url.host or 'that address'} port {url.port or 5432} is not a "
            "PostgreSQL server. Check the server's name and port with the database's "
            "administrator."
        )
    if what is Refused.SSL:
        return RefusalReason.UNREADABLE, (
            "The secure connection (SSL) the address asks for could not be made. Check the "
            "address's sslmode with the database's administrator."
        )
    if what is Refused.TIMEOUT:
        return RefusalReason.UNREADABLE, (
            f"The server could not be reached within {CONNECT_TIMEOUT} seconds. Check the "
            "network and the address, or ask the database's administrator whether it is "
            "running."
        )
    if what is Refused.UNREACHABLE:
        return RefusalReason.UNREADABLE, (
            "The server could not be reached: nothing answers at that address. Check the "
            "address, or ask the database's administrator whether the server is running."
        )
    return RefusalReason.UNREADABLE, (
        f"The server could not be reached, or turned the connection down: “{refusal.said}”. "
        "Check the network and the address, or ask the database's administrator."
    )


def _close(conn: Any) -> None:
    """Close a connection nobody waits for any more (an abandoned attempt's)."""
    try:
        conn.close()
    except Exception:  # already broken: nothing left to close
        log.debug("closing an abandoned connection failed", exc_info=True)


class ServerDatabase:
    """A workspace that is one database on a PostgreSQL server (a ``--db`` URL)."""

    def __init__(self, url: str | URL) -> None:
        self._url = parse_url(url) if isinstance(url, str) else url

    @property
    def url(self) -> URL:
        return self._url

    @property
    def path(self) -> Path:
        """No file: the URL without its password, for what names a workspace by path."""
        return Path(safe_url_text(self._url))

    @property
    def display_name(self) -> str:
        """ "cxdesk on db.example.com": the database and its server, never a password."""
        service = self._service()
        if service is not None:
            return f"service “{service}”"
        return f"{self._url.database} on {self._server()}"

    @property
    def place(self) -> str:
        """What a sentence calls it: "The database “cxdesk” on db.example.com" (as a
        file's is "The file “crm.db”")."""
        service = self._service()
        if service is not None:
            return f"The database of the service “{service}”"
        return f"The database “{self._url.database}” on {self._server()}"

    def _service(self) -> str | None:
        """The service file's entry that says where, when the address names no database."""
        service = self._url.query.get("service")
        if self._url.database or not service:
            return None
        return service if isinstance(service, str) else service[-1]

    def _server(self) -> str:
        host = self._url.host or self._url.query.get("host") or "this computer"
        if isinstance(host, tuple):
            host = ", ".join(host)
        return "this computer" if str(host).startswith("/") else str(host)

    def _refused(self, reason: RefusalReason, detail: str) -> DatabaseRefused:
        return DatabaseRefused(reason, self.path, detail, name=self.display_name)

    def connect(self, check: Callable[[], None] | None = None) -> Any:
        """A plain psycopg connection (no SQLAlchemy) with the timeout, or a refusal.

        With ``check``, waiting for the server can stop: it is called every few
        hundredths of a second meanwhile, and what it raises (a Cancel) ends the wait at
        once (see :mod:`cxdesk.store.abandonable`)."""
        if check is None:
            return self._connect()
        from cxdesk.store.abandonable import wait_abandonably

        return wait_abandonably(self._connect, check, _close)

    def _connect(self) -> Any:
        import psycopg

        arguments = dict(self._url.translate_connect_args(username="user", database="dbname"))
        for key, value in self._url.query.items():
            arguments[key] = value if isinstance(value, str) else value[-1]
        arguments.update(network_settings(self._url.query))
        try:
            return psycopg.connect(**arguments, autocommit=True)
        except psycopg.Error as exc:
            # from None: psycopg's message may quote the address; the words say enough.
            raise self._refused(*connection_refusal(exc, self._url)) from None

    def inspect(self, check: Callable[[], None] | None = None) -> FileState:
        """What the database holds, changing nothing: empty (a new workspace), CX Desk's
        at a known revision, or refused in words (foreign tables, newer, no rights).
        ``check``: see :meth:`connect`."""
        import psycopg

        from cxdesk.store.server_refusals import Refused, server_refusal

        with self.connect(check) as conn:
            try:
                return self._inspect(conn)
            except psycopg.Error as exc:
                # The server refused a question (42501: a table or schema the role may not
                # read) or went away meanwhile (57P01: shutting down): by its SQLSTATE.
                log.info("inspecting %s: %s", safe_url_text(self._url), exc.sqlstate)
                if server_refusal(exc).what is Refused.NO_PERMISSION:
                    raise self._refused(
                        RefusalReason.READ_ONLY, self._no_permission_words()
                    ) from None
                raise self._refused(*connection_refusal(exc, self._url)) from None

    def _inspect(self, conn: Any) -> FileState:
        schema = conn.execute("SELECT current_schema()").fetchone()
        if schema is None or schema[0] is None:
            # No schema on the search path the role may use (no USAGE on it): its tables
            # are invisible, and the database would look empty.
            raise self._refused(RefusalReason.READ_ONLY, self._no_permission_words())
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
        if not tables:
            self._check_may_create(conn)
            return FileState(self.path, is_new=True, revision=None)
        if MARK_TABLE not in tables:
            raise self._not_ours()
        self._check_may_read(conn, tables)
        marks = conn.execute(f"SELECT application_id FROM {MARK_TABLE}").fetchall()
        if marks != [(APPLICATION_ID,)]:
            raise self._not_ours()
        if "alembic_version" not in tables:
            # Marked as ours: damaged, not someone else's (a SQLite file's words).
            raise self._refused(
                RefusalReason.DAMAGED,
                "The database is marked as CX Desk's but its version record is missing.",
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            raise self._refused(
                RefusalReason.DAMAGED,
                "The database is marked as CX Desk's but its version record is empty.",
            )
        revision = str(row[0])
        if revision not in KNOWN_REVISIONS:
            raise self._refused(
                RefusalReason.NEWER_VERSION,
                f"It was written by a newer version of CX Desk (schema “{revision}”). "
                "Update CX Desk to open it.",
            )
        self._check_may_edit(conn, tables)
        return FileState(self.path, is_new=False, revision=revision)

    def _not_ours(self) -> DatabaseRefused:
        """Tables without CX Desk's mark: someone else's, refused as a file is."""
        return self._refused(
            RefusalReason.NOT_CXDESK,
            not_a_workspace(
                self.place,
                "it holds tables another program made",
                "Give the address of an empty database, or of a team workspace.",
            ),
        )

    def _check_may_create(self, conn: Any) -> None:
        may = conn.execute("SELECT has_schema_privilege(current_schema(), 'CREATE')").fetchone()
        if not may or not may[0]:
            raise self._refused(
                RefusalReason.READ_ONLY,
                f"The database is empty, and “{self._url.username or 'your user'}” may not "
                "create tables in it. Ask the database's owner to open it once with CX Desk "
                "(which makes the workspace), or to grant you CREATE on its schema.",
            )

    def _check_may_read(self, conn: Any, tables: set[str]) -> None:
        bookkeeping = [t for t in (MARK_TABLE, "alembic_version") if t in tables]
        may = conn.execute(
            "SELECT bool_and(has_table_privilege(t, 'SELECT')) FROM unnest(%s::text[]) AS t",
            (bookkeeping,),
        ).fetchone()
        if not may or not may[0]:
            raise self._refused(RefusalReason.READ_ONLY, self._no_permission_words())

    def _check_may_edit(self, conn: Any, tables: set[str]) -> None:
        from cxdesk.models.tables import metadata

        ours = sorted(name for name in metadata().tables if name in tables)
        lacking = conn.execute(
            "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT ("
            "has_table_privilege(t, 'SELECT') AND has_table_privilege(t, 'INSERT') "
            "AND has_table_privilege(t, 'UPDATE') AND has_table_privilege(t, 'DELETE'))",
            (ours,),
        ).fetchall()
        if lacking:
            log.info("no permission on %s of %s", lacking[0][0], safe_url_text(self._url))
            raise self._refused(RefusalReason.READ_ONLY, self._no_permission_words())

    def _no_permission_words(self) -> str:
        who = self._url.username or "your user"
        return (
            f"“{who}” may not read and edit this workspace's tables. Ask the database's "
            "owner to grant your role SELECT, INSERT, UPDATE and DELETE on its tables "
            "(and USAGE on its schema and sequences): the README's “Team workspace on "
            "PostgreSQL” says how."
        )

    def acquire(self) -> None:
        """Nothing to lock: several people working at once is what a server is for."""

    def release(self) -> None:
        """Nothing was locked."""

    def create_engine(self) -> Engine:
        from sqlalchemy import create_engine

        from cxdesk.store.writer_turns import take_turns

        engine = create_engine(
            self._url,
            # A connection the server dropped (restarted, idle timeout) is replaced
            # before use instead of failing the next edit.
            pool_pre_ping=True,
            connect_args=network_settings(self._url.query),
        )
        take_turns(engine)  # two writers never wait for each other
        bound_waits(engine)  # nor one for the other longer than LOCK_WAIT
        return engine

    def migrate(self, engine: Engine, state: FileState) -> None:
        """A new (empty) database gets the head schema; an older one its migrations.
        No backup first: on a server that is the server's own (pg_dump)."""
        from cxdesk.store import migrate, server_schema

        if state.is_new:
            server_schema.create_at_head(engine)
            return
        from sqlalchemy.exc import DBAPIError

        try:
            migrate.replay_migrations(engine)
        except DBAPIError as exc:
            # SQLSTATE 42501: an editor's role (the README's) may not change the tables.
            # The update is one transaction, rolled back whole: nothing was changed.
            sqlstate = getattr(exc.orig, "sqlstate", None)
            if sqlstate == "55P03":  # a colleague's transaction held a table LOCK_WAIT s
                raise self._refused(
                    RefusalReason.UNREADABLE,
                    f"The workspace needs updating for this version of CX Desk (it is at "
                    f"schema “{state.revision}”), and a colleague's change was being saved "
                    "meanwhile, so the update waited and was not made; nothing was changed. "
                    "Try again in a moment.",
                ) from None
            if sqlstate != "42501":
                raise
            raise self._refused(
                RefusalReason.READ_ONLY, self._not_yours_to_update(engine, state)
            ) from None

    def _not_yours_to_update(self, engine: Engine, state: FileState) -> str:
        owner = None
        try:
            with engine.connect() as conn:
                owner = conn.exec_driver_sql(
                    "SELECT tableowner FROM pg_tables "
                    "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
                ).scalar()
        except Exception:  # the words do without the owner's name
            log.debug("reading the workspace's owner failed", exc_info=True)
        whose = f"its owner, “{owner}”," if owner else "its owner"
        return (
            f"The workspace needs updating for this version of CX Desk (it is at schema "
            f"“{state.revision}”), and “{self._url.username or 'your user'}” may not "
            f"change its tables: only {whose} may. Ask them to open it once with this "
            "version of CX Desk (which updates it for everybody), then open it again."
        )

    def create(self, demo_on: date | None) -> FileState:
        """Make the new, empty database a workspace at the head schema, then the demo
        engagement as the store writes it (``demo_on``, unless None)."""
        from cxdesk.store import server_schema

        engine = self.create_engine()
        try:
            server_schema.create_at_head(engine)
            if demo_on is not None:
                server_schema.write_demo(engine, demo_on)
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(exc, SQLAlchemyError):
                raise
            raise self._refused(
                RefusalReason.UNREADABLE,
                "CX Desk could not make the workspace in this database "
                f"({exc.__class__.__name__}).",
            ) from exc
        finally:
            engine.dispose()
        return FileState(self.path, is_new=False, revision=HEAD_REVISION)

    def discard_new(self) -> None:
        """Nothing to remove: making the schema is one transaction, rolled back whole."""
