"""A throwaway PostgreSQL server for the tests: one per test session, on a Unix socket.

The server lives in a temporary folder (its data, its socket, its log), listens on no
TCP port, runs with fsync off (nothing in it outlives the session), and is stopped and
removed when the session ends. Each test that asks for one gets a fresh, empty
database of its own (:meth:`PostgresServer.new_database`).

PostgreSQL's ``initdb`` refuses to run as root: as root (CI, these machines) every
server command runs as the ``postgres`` user Debian's package makes, through
``runuser``; as anyone else, as that user.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# How long the server may take to start or stop before the session gives up on it.
START_SECONDS = 60
SUPERUSER = "postgres"
INSTALL_HINT = (
    "PostgreSQL's server is not installed, so the PostgreSQL tests are skipped. "
    "Install it (Debian: apt-get install postgresql) to run them; CI does."
)


class ServerUnavailable(RuntimeError):
    """PostgreSQL's binaries are missing, or the server could not be started."""


def server_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, newest version first."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.insert(0, Path(on_path).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


@dataclass
class PostgresServer:
    """A running server: its binaries, its folder, and the socket's folder."""

    binaries: Path
    root: Path
    _names: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @classmethod
    def start(cls) -> PostgresServer:
        binaries = server_binaries()
        if binaries is None:
            raise ServerUnavailable(INSTALL_HINT)
        # A short folder under /tmp: a Unix socket's path is limited to about 100 bytes.
        root = Path(tempfile.mkdtemp(prefix="cxpg-", dir="/tmp"))
        server = cls(binaries, root)
        try:
            server.socket_dir.mkdir()
            if os.geteuid() == 0:
                shutil.chown(root, SUPERUSER, SUPERUSER)
                shutil.chown(server.socket_dir, SUPERUSER, SUPERUSER)
            server._run(
                "initdb",
                "-D",
                str(server.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
            # The superuser comes in over the socket without a password (the tests'
            # own); every other role needs its password, as on a real server.
            (server.data / "pg_hba.conf").write_text(
                f"local all {SUPERUSER} trust\nlocal all all scram-sha-256\n"
            )
            server.serve()
        except BaseException:
            server._remove()
            raise
        return server

    def serve(self) -> None:
        """Start the server on its data (made by :meth:`start`; after :meth:`halt`)."""
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        # -w: pg_ctl polls until the server accepts connections (no fixed sleep).
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(START_SECONDS),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
        )

    def halt(self) -> None:
        """Stop the server as a restart does (open connections are ended), keeping its
        data for :meth:`serve`."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def stop(self) -> None:
        """Stop the server (fast: open connections are ended) and remove its folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))
        finally:
            self._remove()

    def url(self, database: str, *, user: str = SUPERUSER) -> str:
        """The SQLAlchemy URL of ``database`` on this server, over its socket."""
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket_dir}"

    def new_database(self) -> str:
        """A fresh, empty database (from template0) with a name of its own."""
        name = f"cxdesk_test_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name

    def empty_workspace(self, name: str) -> None:
        """Take a CX Desk workspace database back to what a new one holds: every row a
        test wrote goes, every id sequence starts again, the head's own rows come back.
        Connections a test left open are ended first (their locks would hold this up)."""
        import psycopg

        from cxdesk.store.server_schema import MARK_TABLE, head_rows

        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname=name, autocommit=True
        ) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            conn.execute("SET lock_timeout = '5s'")
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
                if row[0] not in ("alembic_version", MARK_TABLE)
            ]
            with conn.transaction():
                # DELETE, not TRUNCATE: a few rows each, and TRUNCATE makes every table's
                # files anew (a third of a second for the schema's fifty). As replica, no
                # trigger or foreign key runs: every row of every table goes anyway.
                conn.execute("SET LOCAL session_replication_role = replica")
                for table in tables:
                    conn.execute(f'DELETE FROM "{table}"'.encode())
                conn.execute(
                    "SELECT setval(oid, 1, false) FROM pg_class "
                    "WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
                )
                for statement in head_rows():
                    conn.execute(statement.encode())

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str, *, database: str = "postgres") -> None:
        """Run ``sql`` as the superuser, outside a transaction (CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname=database, autocommit=True
        ) as conn:
            conn.execute(sql.encode())

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.binaries / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=START_SECONDS + 30,
            check=False,
            stdin=subprocess.DEVNULL,
            cwd=self.root,
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerUnavailable(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
