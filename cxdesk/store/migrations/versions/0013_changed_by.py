"""every row people edit says who changed it last, and when

Revision ID: 0013_changed_by
Revises: 0012_survey_ids
Create Date: 2026-12-12 10:00:00.000000

Each table with a ``version`` (0009) gains ``changed_by VARCHAR(200)`` and ``changed_at
DATETIME``, both nullable, set by the store with the version on every INSERT and UPDATE
(cxdesk/store/versions.py): a refused edit can say who changed the row and when, and the
matrix and the RATER respondents show "changed by Ana, 10:42". Rows stored before say
nobody (NULL): nobody knows who made them.

A plain ADD COLUMN on both databases rather than batch mode: a nullable column without a
default rewrites no row (instant on a large file), and batch mode's copy of each table
would trip over the triggers that name other tables (as 0009 found). SQLite appends the
columns to each table's text, which is what a new workspace is made with
(cxdesk/store/head_schema.py); PostgreSQL's head is made from the models, which have them.

Downgrade drops the columns (SQLite 3.35+'s own DROP COLUMN, as 0009's downgrade).

Written out rather than read from the models, so this step stays what it was.
"""

from alembic import op
import sqlalchemy as sa

revision = "0013_changed_by"
down_revision = "0012_survey_ids"
branch_labels = None
depends_on = None

# 0009's tables: every one that has a version.
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
    for table in TABLES:
        op.add_column(table, sa.Column('changed_by', sa.String(length=200), nullable=True))
        op.add_column(table, sa.Column('changed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.execute(f'ALTER TABLE {table} DROP COLUMN changed_at')
        op.execute(f'ALTER TABLE {table} DROP COLUMN changed_by')
