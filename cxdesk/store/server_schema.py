"""The head schema on PostgreSQL: the models' tables, the SQLite triggers in PL/pgSQL.

A team workspace never replays the SQLite-era migrations (0003 and 0005 write triggers
in SQLite's syntax, 0004 rebuilds tables from sqlite_master): a new, empty PostgreSQL
database is given today's head at once (Alembic's recipe: create the current schema,
stamp it), and only the migrations after that baseline ever run on it, which is why
every later migration must run on both databases.

The triggers are translated from the SQLite head schema's own statements
(:mod:`cxdesk.store.head_schema`), not written twice: each raises the same message, so
the store's words for a refused edit are the same on both, and each names its rule as
the constraint (``score_range``, ``map_mismatch``...) with SQLSTATE check_violation, so
psycopg reports an IntegrityError as SQLite's RAISE(ABORT) does.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Engine, Table, text

from cxdesk.models.tables import metadata
from cxdesk.store import demo_rows, head_schema
from cxdesk.store.last_change import NOT_AN_EDIT
from cxdesk.store.new_workspace import demo_table_rows
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION

# The one-row table that marks a PostgreSQL database as a CX Desk workspace (SQLite's
# files carry PRAGMA application_id instead). A table, not COMMENT ON DATABASE: it is
# kept by a plain pg_dump and restore, and any role that may read the schema sees it.
MARK_TABLE = "cxdesk_workspace"

_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) (?P<when>BEFORE|AFTER) (?P<event>INSERT|UPDATE|DELETE)"
    r"(?: OF (?P<columns>[\w, ]+?))? ON (?P<table>\w+) FOR EACH ROW"
    r"(?: WHEN (?P<condition>.+?))? BEGIN\s*(?P<body>.+?)\s*END$",
    re.DOTALL,
)
_RAISE = re.compile(
    r"SELECT RAISE\(ABORT, '(?P<message>[^']*)'\)"
    r"(?: WHERE (?P<condition>.+?))?;(?=\s*(?:SELECT|$))",
    re.DOTALL,
)
# What is kept from the SQLite head's rows: bookkeeping the schema starts with.
_HEAD_ROWS = re.compile(r"INSERT INTO (?P<table>\w+) VALUES")
_SQLITE_ONLY_ROWS = {"alembic_version", "sqlite_sequence"}


def sqlite_triggers() -> list[str]:
    """The CREATE TRIGGER statements of the SQLite head schema."""
    return [s for s in head_schema.STATEMENTS if s.startswith("CREATE TRIGGER")]


def postgres_trigger(sqlite_statement: str) -> tuple[str, str]:
    """The PL/pgSQL function and trigger doing what one SQLite trigger does."""
    found = _TRIGGER.match(sqlite_statement)
    if found is None:
        raise ValueError(f"a trigger CX Desk cannot translate: {sqlite_statement[:80]}")
    checks = []
    for part in _RAISE.finditer(found["body"]):
        message = part["message"]
        rule = message.split(":", 1)[0]
        raise_it = (
            f"RAISE EXCEPTION USING MESSAGE = '{message}', ERRCODE = 'check_violation', "
            f"CONSTRAINT = '{rule}', TABLE = '{found['table']}';"
        )
        condition = part["condition"]
        checks.append(f"IF {condition} THEN {raise_it} END IF;" if condition else raise_it)
    if not checks:
        raise ValueError(f"a trigger that raises nothing: {found['name']}")
    body = "\n    ".join(checks)
    if found["condition"]:
        body = f"IF {found['condition']} THEN\n    {body}\n  END IF;"
    function = (
        f"CREATE FUNCTION {found['name']}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n  {body}\n  RETURN NEW;\nEND\n$$"
    )
    columns = f" OF {found['columns']}" if found["columns"] else ""
    trigger = (
        f"CREATE TRIGGER {found['name']} {found['when']} {found['event']}{columns} "
        f"ON {found['table']} FOR EACH ROW EXECUTE FUNCTION {found['name']}()"
    )
    return function, trigger


def head_statements() -> list[str]:
    """What the models' tables lack of the head schema on PostgreSQL: the triggers, the
    revision stamp, the mark of a CX Desk workspace and the head's bookkeeping rows."""
    statements: list[str] = []
    for sqlite_statement in sqlite_triggers():
        statements.extend(postgres_trigger(sqlite_statement))
    statements += [
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
        f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')",
        f"CREATE TABLE {MARK_TABLE} (application_id INTEGER NOT NULL, "
        f"CONSTRAINT ck_{MARK_TABLE}_ours CHECK (application_id = {APPLICATION_ID}))",
        f"INSERT INTO {MARK_TABLE} VALUES ({APPLICATION_ID})",
    ]
    return statements + head_rows()


def head_rows() -> list[str]:
    """The INSERTs of the head's bookkeeping rows (the change counter's first row...)."""
    return [
        statement
        for statement in head_schema.STATEMENTS
        if (row := _HEAD_ROWS.match(statement)) and row["table"] not in _SQLITE_ONLY_ROWS
    ]


# Every foreign key may be deferred to the end of its transaction, as SQLite's PRAGMA
# defer_foreign_keys lets an undo do (journal.restore puts rows back in groups, and a row
# may point at one of a later group until the end). INITIALLY IMMEDIATE: every other
# statement is checked at once, as before; only a transaction that says SET CONSTRAINTS
# ALL DEFERRED waits. Their ON DELETE CASCADE is never deferred, on either engine.
DEFERRABLE_FOREIGN_KEYS = """
DO $$
DECLARE fk record;
BEGIN
  FOR fk IN SELECT conrelid::regclass AS child, conname FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('ALTER TABLE %%s ALTER CONSTRAINT %%I DEFERRABLE INITIALLY IMMEDIATE',
                   fk.child, fk.conname);
  END LOOP;
END
$$"""  # %% for psycopg, which reads % in any statement as a placeholder


def create_at_head(engine: Engine) -> None:
    """Give a new, empty PostgreSQL database the head schema in one transaction."""
    with engine.connect() as connection:
        # Making the schema is not an edit (no "last change", no row versions).
        connection.execution_options(**{NOT_AN_EDIT: True})
        with connection.begin():
            held = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            ).scalar_one()
            if held:
                raise RuntimeError("a new workspace already holds tables")
            metadata().create_all(connection)
            connection.exec_driver_sql(DEFERRABLE_FOREIGN_KEYS)
            for statement in head_statements():
                connection.exec_driver_sql(statement)


def write_demo(engine: Engine, today: date, now: datetime | None = None) -> None:
    """The demo engagement, the same rows a new SQLite workspace is given, in one
    transaction, into a database :func:`create_at_head` has just made."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    tables = metadata().tables
    with engine.connect() as connection, connection.begin():
        for demo in demo_rows.TABLES:
            if demo.name == "alembic_version":
                continue
            table = tables[demo.name]
            rows = [
                {
                    column: _typed(table, column, value)
                    for column, value in zip(demo.columns, row, strict=True)
                }
                for row in demo_table_rows(demo, today, now)
            ]
            # As SQLite's INSERT OR REPLACE: the head's own rows (the change counter)
            # are replaced by the demo's.
            connection.execute(table.delete())
            if rows:
                connection.execute(table.insert(), rows)
        restart_id_sequences(connection)


def restart_id_sequences(connection: Connection) -> None:
    """Rows written with their ids (the demo, an imported workspace) leave each table's
    id sequence behind them: move it past the highest id, so the next row gets a new one."""
    for table in metadata().sorted_tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false) "
                "WHERE pg_get_serial_sequence(:table, 'id') IS NOT NULL"
            ),
            {"table": table.name},
        )


def _typed(table: Table, column: str, value: Any) -> Any:
    """A value as SQLite stores it (dates as text, booleans as 0/1) as the column's type."""
    if value is None:
        return None
    kind = table.c[column].type
    if isinstance(kind, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value
