"""a change count on every row people edit, for optimistic concurrency

Revision ID: 0009_row_versions
Revises: 0008_storable_text
Create Date: 2026-12-07 15:00:00.000000

Each table that holds what people edit gains ``version INTEGER NOT NULL DEFAULT 1``,
raised by the store on every UPDATE. An undo (or an edit made from a screen read
earlier) compares it with what it expects, so it never overwrites a change made after
it by another window, a phone or a colleague. ADD COLUMN with a constant default
rewrites no row: existing rows read as version 1 at once, whatever the file's size.
``change_counter`` (one row) hands out the version numbers: never twice the same, so a
row's (id, version) names one content even after an undo put an older one back. It
starts at 1, the version every existing row has. Downgrade drops the columns and the counter.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_row_versions'
down_revision = '0008_storable_text'
branch_labels = None
depends_on = None

# Written out rather than read from the models, so this step stays what it was.
TABLES = (
    'brand', 'client', 'quiz', 'engagement', 'quiz_band', 'quiz_statement',
    'escalation_level', 'expectation_item', 'map_phase', 'milestone', 'stakeholder',
    'workshop_session', 'emotion_revisit', 'expectation_snapshot', 'handoff_item',
    'hands_tally', 'pulse_check', 'quadrant_override', 'rater_assessment', 'touchpoint',
    'workshop_participant', 'emotion_snapshot', 'quiz_answer', 'rater_respondent',
    'rater_statement', 'stakeholder_emotion', 'stakeholder_emotion_snapshot',
    'rater_statement_score',
)


def upgrade() -> None:
    counter = op.create_table('change_counter',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_change_counter_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter'))
    )
    op.bulk_insert(counter, [{'id': 1, 'last_number': 1}])
    for table in TABLES:
        op.add_column(
            table,
            sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        )


def downgrade() -> None:
    for table in TABLES:
        # SQLite's own DROP COLUMN (3.35+): batch mode's copy of the table would trip
        # over the triggers that name other tables (a quiz's scale on its tallies).
        op.execute(f'ALTER TABLE {table} DROP COLUMN version')
    op.drop_table('change_counter')
