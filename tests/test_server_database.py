"""A team workspace on PostgreSQL: opened by URL, made at the head schema, refused in words."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, inspect, text

from cxdesk.models.tables import metadata
from cxdesk.store import migrate, workspace
from cxdesk.store.database import make_engine, open_database
from cxdesk.store.errors import DatabaseRefused, EditRefused, RefusalReason
from cxdesk.store.schema import HEAD_REVISION
from cxdesk.store.server_database import ServerDatabase
from cxdesk.store.server_schema import MARK_TABLE, sqlite_triggers
from tests.postgres_server import PostgresServer


def _names(url: str) -> str:
    from sqlalchemy import make_url

    name = make_url(url).database
    assert name
    return name


def test_an_empty_database_becomes_a_workspace_at_the_head(postgres_url: str) -> None:
    with open_database(postgres_url) as db:
        assert db.created
        client = workspace.add_client(db, "Harbourline")
        workspace.add_engagement(db, client.id, "ERP rollout")
    with open_database(postgres_url) as db:
        assert not db.created
        assert [c.name for c, _ in workspace.list_clients(db)] == ["Harbourline"]
        with db.engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).all()
            assert revision == [(HEAD_REVISION,)]
            assert conn.execute(text(f"SELECT count(*) FROM {MARK_TABLE}")).scalar() == 1


def _short(name: str) -> str:
    """A name as PostgreSQL keeps it: SQLAlchemy cuts one past 63 characters and ends it
    with a hash (SQLite keeps it whole), so both are compared by their first 55."""
    return name[:55] if len(name) > 55 else name


def _schema(engine: Engine) -> dict[str, object]:
    """Each table's columns, constraint names and indexes, as the database reports them."""
    found = inspect(engine)
    return {
        name: (
            # Columns added by a migration come last on SQLite, in the models' place here.
            sorted(c["name"] for c in found.get_columns(name)),
            sorted(str(c["name"]) for c in found.get_check_constraints(name)),
            sorted(str(k["name"]) for k in found.get_foreign_keys(name)),
            sorted(_short(str(u["name"])) for u in found.get_unique_constraints(name)),
            sorted(
                (str(i["name"]), tuple(i["column_names"]))
                for i in found.get_indexes(name)
                if "duplicates_constraint" not in i  # PostgreSQL's index of a UNIQUE
            ),
        )
        for name in found.get_table_names()
    }


def test_the_head_schema_is_the_sqlite_heads(postgres_url: str, tmp_path: Path) -> None:
    """Tables, columns, constraint names and indexes: the same as a new SQLite workspace
    (whose schema the migrations made), and every table of the models."""
    open_database(postgres_url).close()
    open_database(tmp_path / "w.cxdb").close()
    on_postgres, on_sqlite = create_engine(postgres_url), make_engine(tmp_path / "w.cxdb")
    try:
        postgres, sqlite = _schema(on_postgres), _schema(on_sqlite)
        assert set(postgres) == {*metadata().tables, "alembic_version", MARK_TABLE}
        del postgres[MARK_TABLE]
        assert postgres == sqlite
        # The primary keys' names, where SQLite kept one (an AUTOINCREMENT key has none).
        for name in sqlite:
            kept = inspect(on_sqlite).get_pk_constraint(name)["name"]
            if kept:
                assert inspect(on_postgres).get_pk_constraint(name)["name"] == kept
    finally:
        on_postgres.dispose()
        on_sqlite.dispose()


def test_every_sqlite_trigger_is_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    open_database(postgres_url).close()
    open_database(tmp_path / "w.cxdb").close()
    with sqlite3.connect(tmp_path / "w.cxdb") as conn:
        on_sqlite = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            on_postgres = set(
                conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
            )
    finally:
        engine.dispose()
    assert len(sqlite_triggers()) == len(on_sqlite)
    assert on_postgres == on_sqlite


def test_the_name_shown_has_no_password(postgres_server: PostgresServer) -> None:
    server = ServerDatabase("postgresql+psycopg://ana:s3cret@db.example.com:5433/cx")
    assert server.display_name == "cx on db.example.com"
    assert "s3cret" not in str(server.path)
    assert "s3cret" not in repr(server.url)


def _refusal(url: str) -> DatabaseRefused:
    with pytest.raises(DatabaseRefused) as refused:
        open_database(url)
    assert "s3cret" not in refused.value.message
    return refused.value


def test_a_database_with_other_tables_is_refused_untouched(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    postgres_server.execute("CREATE TABLE invoices (id integer)", database=_names(postgres_url))
    refused = _refusal(postgres_url)
    assert refused.reason is RefusalReason.NOT_CXDESK
    assert "not a CX Desk workspace" in refused.detail
    engine = create_engine(postgres_url)
    try:
        assert inspect(engine).get_table_names() == ["invoices"]
    finally:
        engine.dispose()


def test_a_newer_schema_is_refused(postgres_server: PostgresServer, postgres_url: str) -> None:
    open_database(postgres_url).close()
    postgres_server.execute(
        "UPDATE alembic_version SET version_num = '0099_future'", database=_names(postgres_url)
    )
    refused = _refusal(postgres_url)
    assert refused.reason is RefusalReason.NEWER_VERSION
    assert "0099_future" in refused.detail


def test_a_missing_database_is_refused(postgres_server: PostgresServer) -> None:
    refused = _refusal(postgres_server.url("no_such_workspace"))
    assert "no database “no_such_workspace”" in refused.detail


def test_an_unreachable_server_is_refused(tmp_path: Path) -> None:
    refused = _refusal(f"postgresql+psycopg://ana@/cx?host={tmp_path}")
    assert "could not be reached" in refused.detail


def test_a_wrong_password_is_refused(postgres_server: PostgresServer) -> None:
    postgres_server.execute("CREATE ROLE ana LOGIN PASSWORD 'right'")
    try:
        url = f"postgresql+psycopg://ana:s3cret@/postgres?host={postgres_server.socket_dir}"
        refused = _refusal(url)
        assert "did not accept the password of “ana”" in refused.detail
    finally:
        postgres_server.execute("DROP ROLE ana")


def test_a_role_without_rights_on_the_tables_is_refused(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    open_database(postgres_url).close()
    name = _names(postgres_url)
    postgres_server.execute("CREATE ROLE bob LOGIN PASSWORD 'pw'")
    try:
        postgres_server.execute(
            f"GRANT SELECT ON {MARK_TABLE}, alembic_version TO bob", database=name
        )
        url = f"postgresql+psycopg://bob:pw@/{name}?host={postgres_server.socket_dir}"
        refused = _refusal(url)
        assert refused.reason is RefusalReason.READ_ONLY
        assert "may not read and edit" in refused.detail
        # Given what the README's editor role gets, the same person works in it.
        postgres_server.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bob; "
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO bob",
            database=name,
        )
        with open_database(url) as db:
            workspace.add_client(db, "Edited by Bob")
    finally:
        postgres_server.execute("DROP OWNED BY bob CASCADE", database=name)
        postgres_server.execute("DROP ROLE bob")


def test_other_kinds_of_server_are_refused_in_words() -> None:
    refused = _refusal("mysql://ana:s3cret@db/cx")
    assert refused.reason is RefusalReason.SERVER_URL
    assert "not “mysql”" in refused.detail


# -- refusals told by their SQLSTATE (issue 18) -------------------------------------------

# The server's words in German, as a server with lc_messages = 'de_DE' sends them: what
# went wrong is read from the SQLSTATE (the psycopg.errors class), never the language.
GERMAN = [
    (
        "InvalidPassword",
        "Passwort-Authentifizierung für Benutzer »ana« fehlgeschlagen",
        "did not accept the password of “ana”",
    ),
    ("InvalidAuthorizationSpecification", "Rolle »ana« existiert nicht", "does not let “ana” in"),
    ("InvalidCatalogName", "Datenbank »cx« existiert nicht", "has no database “cx”"),
    (
        "InsufficientPrivilege",
        "keine Berechtigung für Datenbank »cx«",
        "“ana” may not connect to the database “cx”",
    ),
    (
        "AdminShutdown",
        "Verbindung wird abgebrochen aufgrund von Befehl des Administrators",
        "starting up or shutting down",
    ),
    ("CannotConnectNow", "das Datenbanksystem fährt herunter", "starting up or shutting down"),
    (
        "TooManyConnections",
        "tut mir leid, schon zu viele Verbindungen",
        "takes no more connections",
    ),
]


@pytest.mark.parametrize(("kind", "server_says", "words"), GERMAN, ids=[g[0] for g in GERMAN])
def test_a_refusal_is_told_by_its_sqlstate_in_any_language(
    kind: str, server_says: str, words: str
) -> None:
    import psycopg

    from cxdesk.store.server_database import connection_refusal, parse_url

    error = getattr(psycopg.errors, kind)(server_says)
    _reason, detail = connection_refusal(error, parse_url("postgresql://ana@db.example.com/cx"))
    assert words in detail
    assert server_says not in detail


def test_a_start_up_refusal_in_another_language_is_told_in_the_servers_words() -> None:
    """libpq hands over no SQLSTATE for a refusal while connecting: an unknown sentence is
    quoted as the server said it, not told as 'could not be reached'."""
    import psycopg

    from cxdesk.store.server_database import connection_refusal, parse_url

    error = psycopg.OperationalError(
        'connection failed: connection to server at "db.example.com" (10.0.0.9), port 5432 '
        "failed: FATAL:  Passwort-Authentifizierung für Benutzer »ana« fehlgeschlagen"
    )
    _reason, detail = connection_refusal(error, parse_url("postgresql://ana@db.example.com/cx"))
    assert "“FATAL: Passwort-Authentifizierung für Benutzer »ana« fehlgeschlagen”" in detail
    assert "10.0.0.9" not in detail
    assert "within 5 seconds" not in detail


@pytest.fixture
def cara(postgres_server: PostgresServer) -> Iterator[str]:
    """A role of the test's own, "cara", who logs in with the password "pw"."""
    postgres_server.execute("CREATE ROLE cara LOGIN PASSWORD 'pw'")
    try:
        yield "cara"
    finally:
        postgres_server.execute("DROP ROLE cara")


def _cara_url(server: PostgresServer, database: str, password: str = "pw") -> str:
    secret = f":{password}" if password else ""
    return f"postgresql+psycopg://cara{secret}@/{database}?host={server.socket_dir}"


def test_no_password_is_told_as_none_given(
    postgres_server: PostgresServer, cara: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    refused = _refusal(_cara_url(postgres_server, "postgres", password=""))
    assert "asks for the password of “cara”, and none was given" in refused.detail


def test_a_role_that_may_not_log_in_is_told_so(postgres_server: PostgresServer, cara: str) -> None:
    postgres_server.execute("ALTER ROLE cara NOLOGIN")
    refused = _refusal(_cara_url(postgres_server, "postgres"))
    assert "does not let “cara” in from this computer" in refused.detail


def test_no_connect_privilege_is_refused(
    postgres_server: PostgresServer, postgres_url: str, cara: str
) -> None:
    name = _names(postgres_url)
    postgres_server.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
    refused = _refusal(_cara_url(postgres_server, name))
    assert refused.reason is RefusalReason.READ_ONLY
    assert f"“cara” may not connect to the database “{name}”" in refused.detail


def test_a_schema_the_role_may_not_use_is_refused_not_taken_for_empty(
    postgres_server: PostgresServer, postgres_url: str, cara: str
) -> None:
    """Without USAGE on the schema its tables are invisible: the workspace was told as
    'The database is empty, and “cara” may not create tables in it'."""
    open_database(postgres_url).close()
    name = _names(postgres_url)
    postgres_server.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cara; "
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        database=name,
    )
    try:
        refused = _refusal(_cara_url(postgres_server, name))
    finally:
        postgres_server.execute("DROP OWNED BY cara CASCADE", database=name)
    assert refused.reason is RefusalReason.READ_ONLY
    assert "“cara” may not read and edit this workspace's tables" in refused.detail


def test_an_edit_the_role_may_not_make_is_refused_in_words(
    postgres_server: PostgresServer, postgres_url: str, cara: str
) -> None:
    """Rights on the tables but not on their sequences (the README's second GRANT
    forgotten): the server refuses the new row with SQLSTATE 42501, told in words,
    nothing saved. It was an unexpected ProgrammingError (a bug's dialog)."""
    open_database(postgres_url).close()
    name = _names(postgres_url)
    postgres_server.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cara",
        database=name,
    )
    try:
        with open_database(_cara_url(postgres_server, name)) as db:
            with pytest.raises(EditRefused) as refused:
                workspace.add_client(db, "Harbourline")
            assert "did not let your role make this change (no permission)" in (
                refused.value.message
            )
            assert workspace.list_clients(db) == []
    finally:
        postgres_server.execute("DROP OWNED BY cara CASCADE", database=name)


def test_an_editor_opening_a_workspace_a_schema_update_behind_is_told_to_ask_its_owner(
    postgres_server: PostgresServer, postgres_url: str, cara: str
) -> None:
    """The README's roles: the owner migrates, an editor may only edit. When a new CX
    Desk finds the team workspace one schema behind and the person opening it is an
    editor, the update is not theirs to make: they are told who can make it, and the
    database is left as it was. It was the server's bare 'must be owner of table'
    (a ProgrammingError: the bug dialog)."""
    open_database(postgres_url).close()  # made by its owner, at the head
    engine = create_engine(postgres_url)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")  # as a workspace the previous CX Desk made
        with engine.connect() as conn:
            behind = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    name = _names(postgres_url)
    postgres_server.execute(  # the README's editor role
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cara; "
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO cara",
        database=name,
    )
    try:
        refused = _refusal(_cara_url(postgres_server, name))
    finally:
        postgres_server.execute("DROP OWNED BY cara CASCADE", database=name)
    assert refused.reason is RefusalReason.READ_ONLY
    assert "needs updating for this version of CX Desk" in refused.detail
    assert "“cara” may not" in refused.detail
    assert "its owner" in refused.detail
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            still = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert still == behind != HEAD_REVISION


def test_the_migrations_after_the_baseline_bring_a_team_workspace_to_the_head_schema(
    postgres_url: str,
) -> None:
    """Every migration since a team workspace could first be made (the head of the day
    was its baseline) runs down and up again on PostgreSQL and leaves the schema a new
    workspace is given: tables, columns, constraint names, indexes and triggers."""
    open_database(postgres_url).close()
    engine = create_engine(postgres_url)

    def triggers() -> set[str]:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            return set(found.scalars())

    try:
        made, made_triggers = _schema(engine), triggers()
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0012_survey_ids")  # before the first server step
        assert _schema(engine) != made
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert _schema(engine) == made
        assert triggers() == made_triggers
    finally:
        engine.dispose()
