"""workshop rows never reuse a deleted row's id (AUTOINCREMENT)

Revision ID: 0004_workshop_ids
Revises: 0003_quiz
Create Date: 2026-11-23 19:10:00

SQLite gives a new row the highest id in use plus one, so the id of a row just deleted
is handed to the next one. Undo brings deleted rows back under their old ids; answers
recorded in the presenter are not on the undo stack, so a participant added after a
delete took the deleted participant's id (a session created after one was deleted, its
id) and the undo then failed, losing the deleted answers for good. AUTOINCREMENT never hands out an id twice.

The tables are rebuilt from their own CREATE statements (so every CHECK, foreign key and
unique constraint stays exactly as it is), with the id column made AUTOINCREMENT. The
scale triggers of 0003 reference these tables, so they are read, dropped first and
created again, unchanged, at the end. Migrations run with foreign keys off, so dropping a parent table does
not cascade.
"""

from alembic import op
from sqlalchemy import text

revision = "0004_workshop_ids"
down_revision = "0003_quiz"
branch_labels = None
depends_on = None

TABLES = ("workshop_session", "workshop_participant", "quiz_answer", "hands_tally")


def _take_triggers() -> list[str]:
    """The CREATE statements of the triggers on these tables, which are dropped."""
    bind = op.get_bind()
    rows = bind.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('workshop_session', 'workshop_participant', 'quiz_answer', "
            "'hands_tally') "
            "ORDER BY name"
        )
    ).all()
    for name, _sql in rows:
        op.execute(f"DROP TRIGGER {name}")
    return [sql for _name, sql in rows]


def _rebuild(table: str, autoincrement: bool) -> None:
    bind = op.get_bind()
    create = bind.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    indexes = bind.execute(
        text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL"
        ),
        {"t": table},
    ).scalars().all()
    inline = f"id INTEGER NOT NULL CONSTRAINT pk_{table} PRIMARY KEY AUTOINCREMENT, "
    separate = f"CONSTRAINT pk_{table} PRIMARY KEY (id), "
    if autoincrement:
        new = create.replace("id INTEGER NOT NULL, ", inline, 1).replace(separate, "", 1)
    else:
        new = create.replace(inline, "id INTEGER NOT NULL, ", 1).replace(
            "CONSTRAINT", separate + "CONSTRAINT", 1
        )
    if new == create:
        raise RuntimeError(f"0004: unexpected schema for {table}")
    new = new.replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table}_rebuilt (", 1)
    op.execute(new)
    op.execute(f"INSERT INTO {table}_rebuilt SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    for index in indexes:
        op.execute(index)


def upgrade() -> None:
    triggers = _take_triggers()
    for table in TABLES:
        _rebuild(table, autoincrement=True)
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    triggers = _take_triggers()
    for table in TABLES:
        _rebuild(table, autoincrement=False)
    for statement in triggers:
        op.execute(statement)
