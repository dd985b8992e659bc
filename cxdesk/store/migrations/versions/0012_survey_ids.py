"""survey rows never reuse a deleted row's id (AUTOINCREMENT)

Revision ID: 0012_survey_ids
Revises: 0011_pulse_side
Create Date: 2026-12-11 10:00:00.000000

SQLite gives a new row the highest id in use plus one, so the id of the last row deleted
is handed to the next one. The phones' survey rooms keep ids: a RATER room each phone's
respondent and the statements it showed, a pulse room each phone's pulse check. A
respondent deleted on the laptop while its phone's answer was on its way, then another
added to the same assessment before the room heard of the deletion, took the deleted id,
and the queued answer was written into the newcomer's row; a statement deleted and
another added took its id, and a phone's score of the old one went to the new. With
AUTOINCREMENT an id is never handed out twice (undo still puts a deleted row back under
its own id, which is how it gives a phone back its row).

``rater_respondent``, ``rater_statement`` and ``pulse_check`` are rebuilt from their own
CREATE statements with only the id's primary key changed: ``id INTEGER NOT NULL
CONSTRAINT pk_<table> PRIMARY KEY AUTOINCREMENT`` in place of the table constraint
``CONSTRAINT pk_<table> PRIMARY KEY (id)``, so every CHECK, foreign key and constraint
name stays as it is. The rows go through a copy of the table (not a new table renamed,
which SQLite would write back quoted), then the indexes and any triggers on the table
are made again from their own statements. ``rater_statement_score`` keeps its ids: no
room keeps them (a score is found by respondent and statement). Migrations run with
foreign keys off (cxdesk/store/migrate.py), so dropping a parent table cascades nothing,
and the references are checked before COMMIT.

SQLite's counter (``sqlite_sequence``) starts at the highest id each table holds: from
then on, deleting the last row never gives its id to the next. (A row deleted before
this update is in no undo stack: the app has just started.)

On another database (PostgreSQL, issue 18) this does nothing: an identity column never
hands out an id twice.

Downgrade rebuilds the tables as 0011 made them and drops their counters. A table
already as the step would leave it (a file put back to an older stamp by hand) is left
as it is. With foreign keys on, the step refuses to run: dropping a table would delete
the rows that reference it.

Written out rather than read from the models, so this step stays what it was.
"""

from alembic import op
from sqlalchemy import text

revision = "0012_survey_ids"
down_revision = "0011_pulse_side"
branch_labels = None
depends_on = None

TABLES = ("rater_statement", "rater_respondent", "pulse_check")


def _plain_key(table: str) -> tuple[str, str]:
    """The id column and its primary key as 0011 leaves them (the key the first table
    constraint, right after the columns)."""
    return "\tid INTEGER NOT NULL, \n", f"\tCONSTRAINT pk_{table} PRIMARY KEY (id), \n"


def _counted_key(table: str) -> str:
    """The id column as SQLAlchemy writes it for ``sqlite_autoincrement``."""
    return f"\tid INTEGER NOT NULL CONSTRAINT pk_{table} PRIMARY KEY AUTOINCREMENT, \n"


def _with_autoincrement(create: str, table: str) -> str:
    column, key = _plain_key(table)
    if create.count(column) != 1 or create.count(key) != 1:
        raise RuntimeError(f"0012: unexpected schema for {table}")
    return create.replace(column, _counted_key(table), 1).replace(key, "", 1)


def _without_autoincrement(create: str, table: str) -> str:
    column, key = _plain_key(table)
    counted = _counted_key(table)
    # The key goes back where it was: the first line that is a table constraint (an
    # inline column constraint, as pulse_check.side's CHECK, is not at a line's start).
    first = create.find("\n\tCONSTRAINT ")
    if create.count(counted) != 1 or first < 0:
        raise RuntimeError(f"0012: unexpected schema for {table}")
    create = create[: first + 1] + key + create[first + 1 :]
    return create.replace(counted, column, 1)


def _rebuild(table: str, autoincrement: bool) -> None:
    """``table`` made again from its own statement with the id's key changed, its rows,
    ids, indexes and triggers kept."""
    bind = op.get_bind()
    create = bind.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    if (_counted_key(table) in create) == autoincrement:
        return  # already so (a file put back to an older stamp by hand, say): as it is
    # Indexes and triggers go with DROP TABLE; those SQLite makes itself (sql NULL:
    # UNIQUE constraints) come back with the table.
    dependents = (
        bind.execute(
            text(
                "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                "AND tbl_name = :t AND sql IS NOT NULL ORDER BY rowid"
            ),
            {"t": table},
        )
        .scalars()
        .all()
    )
    new = (_with_autoincrement if autoincrement else _without_autoincrement)(create, table)
    held = f"{table}_0012"
    head = f"CREATE TABLE {table} ("
    if not create.startswith(head):
        raise RuntimeError(f"0012: unexpected schema for {table}")
    op.execute(create.replace(head, f"CREATE TABLE {held} (", 1))
    op.execute(f"INSERT INTO {held} SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(new)
    op.execute(f"INSERT INTO {table} SELECT * FROM {held}")
    op.execute(f"DROP TABLE {held}")
    for statement in dependents:
        op.execute(statement)
    # SQLite's counter: set here rather than left to the copy, so it is the same
    # whatever the table held (an empty table's row says 0).
    op.execute(text("DELETE FROM sqlite_sequence WHERE name = :t").bindparams(t=table))
    if autoincrement:
        op.execute(
            text(
                "INSERT INTO sqlite_sequence (name, seq) "
                f"SELECT :t, coalesce(max(id), 0) FROM {table}"
            ).bindparams(t=table)
        )


def _foreign_keys_off() -> None:
    """Refused with foreign keys on: dropping a table would then delete the rows that
    reference it (a respondent's statement scores) by their ON DELETE CASCADE."""
    if op.get_bind().execute(text("PRAGMA foreign_keys")).scalar_one():
        raise RuntimeError("0012 rebuilds tables: run it with foreign keys off, as migrate does")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _foreign_keys_off()
    for table in TABLES:
        _rebuild(table, autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _foreign_keys_off()
    for table in TABLES:
        _rebuild(table, autoincrement=False)
