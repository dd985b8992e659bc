"""a pulse check says whose it is: the client's people or our own team

Revision ID: 0011_pulse_side
Revises: 0010_phones_sessions
Create Date: 2026-12-10 10:00:00.000000

``pulse_check.side`` ('client' or 'team', as a RATER respondent's side): a pulse check
collected on phones is the client's people's or, in a separate round, our own team's.
Every pulse check stored before was typed in by the consultant from the client's answers,
so existing rows are 'client'. ADD COLUMN with a constant default rewrites no row, and
SQLite appends the column to the table's text, which is what a new workspace is then made
with (cxdesk/store/head_schema.py).

Downgrade drops the column: an older CX Desk shows our team's pulse checks beside the
client's, unmarked (it has no way to tell them apart).

Written out rather than read from the models, so this step stays what it was.
"""

from alembic import op

revision = "0011_pulse_side"
down_revision = "0010_phones_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE pulse_check ADD COLUMN side VARCHAR(8) DEFAULT 'client' NOT NULL "
        "CONSTRAINT ck_pulse_check_side_known CHECK (side IN ('team', 'client'))"
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+), as 0009's downgrade: its CHECK goes with it.
    op.execute("ALTER TABLE pulse_check DROP COLUMN side")
