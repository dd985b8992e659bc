"""The tests' own PostgreSQL server: started once, a fresh database for each test."""

from __future__ import annotations

from pathlib import Path

import psycopg
from sqlalchemy import make_url

from tests.postgres_server import PostgresServer


def _connect(server: PostgresServer, url: str) -> psycopg.Connection[tuple[object, ...]]:
    name = make_url(url).database
    assert name
    return psycopg.connect(host=str(server.socket_dir), user="postgres", dbname=name)


def test_each_test_gets_an_empty_database_of_its_own(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    with _connect(postgres_server, postgres_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE left_behind (id integer)")


def test_a_table_made_by_another_test_is_not_here(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    with _connect(postgres_server, postgres_url) as conn:
        found = conn.execute("SELECT to_regclass('left_behind')").fetchone()
        assert found == (None,)


def test_the_server_listens_on_its_socket_only(postgres_server: PostgresServer) -> None:
    sockets = list(Path(postgres_server.socket_dir).glob(".s.PGSQL.*"))
    assert [s.name for s in sockets if not s.name.endswith(".lock")] == [".s.PGSQL.5432"]
    with psycopg.connect(
        host=str(postgres_server.socket_dir), user="postgres", dbname="postgres"
    ) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == ("",)
        assert conn.execute("SHOW fsync").fetchone() == ("off",)
