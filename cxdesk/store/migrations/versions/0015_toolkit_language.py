"""an engagement remembers the language its toolkit prints in

Revision ID: 0015_toolkit_language
Revises: 0014_closing_loop
Create Date: 2026-12-15 09:00:00.000000

``engagement.toolkit_language`` (NULL, or one of the seven codes the toolkit prints in:
en, de, fr, es, nl, pt, pl; a named CHECK): the language chosen for an engagement travels
with it to colleagues on a team workspace and in a .cxdesk file, where before it lived in
one laptop's settings only. Nullable ADD COLUMN rewrites no row: every engagement stored
before is NULL ("not chosen yet", printed in English as before). The same statement runs
on SQLite (which appends the column to the table's text, what a new workspace is then
made with, cxdesk/store/head_schema.py) and on PostgreSQL.

Downgrade drops the column: an older CX Desk prints in the language each laptop remembers.

Written out rather than read from the models, so this step stays what it was.
"""

from alembic import op

revision = "0015_toolkit_language"
down_revision = "0014_closing_loop"
branch_labels = None
depends_on = None

CODES = ("en", "de", "fr", "es", "nl", "pt", "pl")


def upgrade() -> None:
    allowed = ", ".join(f"'{code}'" for code in CODES)
    op.execute(
        "ALTER TABLE engagement ADD COLUMN toolkit_language VARCHAR(8) "
        "CONSTRAINT ck_engagement_toolkit_language_known "
        f"CHECK (toolkit_language IN ({allowed}))"
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+), as 0011's downgrade: its CHECK goes with it.
    op.execute("ALTER TABLE engagement DROP COLUMN toolkit_language")
