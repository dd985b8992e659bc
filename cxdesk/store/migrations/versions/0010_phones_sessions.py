"""a workshop session may collect its answers on people's phones

Revision ID: 0010_phones_sessions
Revises: 0009_row_versions
Create Date: 2026-12-09 10:00:00.000000

``workshop_session.mode`` gains a third value, ``'phones'``: the room answers on their
own phones over the laptop's Wi-Fi. Such a session stores what a pass-the-laptop one
does (participants and their answers), so only the CHECK on the mode widens.

SQLite cannot change a CHECK in place. Rebuilding the table (as 0004 did) would move it,
and SQLite's own ``sqlite_sequence`` with it, to other places in the schema than a new
workspace's statements give them (cxdesk/store/head_schema.py must be the database the
migrations make). Widening a CHECK leaves every stored row valid and nothing on disk
changes, so this step edits the constraint's text in the schema instead, the way SQLite's
documentation gives for removing a CHECK (ALTER TABLE, "making other kinds of table
schema changes"): in the migration's transaction, with ``writable_schema`` on, the
schema's version raised by one so every connection reads the new text, then the
table's integrity check; the table, its rows, ids, triggers and AUTOINCREMENT counter are as
they were.

Downgrade turns phones sessions into pass-the-laptop ones (the same rows, which an older
CX Desk shows as people who passed the laptop) and narrows the CHECK back.

Written out rather than read from the models, so this step stays what it was.
"""

from alembic import op
from sqlalchemy import text

revision = "0010_phones_sessions"
down_revision = "0009_row_versions"
branch_labels = None
depends_on = None

NARROW = "CONSTRAINT ck_workshop_session_mode_known CHECK (mode IN ('laptop', 'hands'))"
WIDE = "CONSTRAINT ck_workshop_session_mode_known CHECK (mode IN ('laptop', 'hands', 'phones'))"


def _replace_check(old: str, new: str) -> None:
    """The session table's CHECK on its mode rewritten from ``old`` to ``new``; refused
    unless every stored row keeps the new rule (the caller sees to it)."""
    bind = op.get_bind()
    create = bind.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'workshop_session'")
    ).scalar_one()
    if new in create and old not in create:
        return  # already so (a file put back to an older stamp by hand, say)
    if create.count(old) != 1:
        raise RuntimeError("0010: unexpected schema for workshop_session")
    version = bind.execute(text("PRAGMA schema_version")).scalar_one()
    bind.execute(text("PRAGMA writable_schema = ON"))
    try:
        bind.execute(
            text(
                "UPDATE sqlite_master SET sql = :sql "
                "WHERE type = 'table' AND name = 'workshop_session'"
            ),
            {"sql": create.replace(old, new)},
        )
        # Every connection (this one too) reads the schema again at its next statement.
        bind.execute(text(f"PRAGMA schema_version = {int(version) + 1}"))
    finally:
        bind.execute(text("PRAGMA writable_schema = OFF"))
    # This table only (SQLite 3.33+; 0009 already needs 3.35): a whole 100 MB workspace
    # would hold the upgrade up for seconds over one table's text.
    problems = bind.execute(text("PRAGMA integrity_check(workshop_session)")).scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"0010: the schema edit failed its check: {problems[:3]}")


def upgrade() -> None:
    _replace_check(NARROW, WIDE)


def downgrade() -> None:
    # An older CX Desk knows no phones: their sessions hold what passing the laptop
    # stores (people and their answers), so that is what they become.
    op.execute("UPDATE workshop_session SET mode = 'laptop' WHERE mode = 'phones'")
    _replace_check(WIDE, NARROW)
