"""the workspace's last change: one row, updated in the same transaction as every change

Revision ID: 0007_last_change
Revises: 0006_toolkit
Create Date: 2026-12-07 12:00:00.000000

One new table, no change to existing ones (nothing to rebuild, so no data at risk).
``last_change`` holds at most one row (id 1). It starts empty: when an older file was
last edited is not known exactly, and a backup's "Last edit" then falls back to the
newest ``*_at`` time in the data, as it did before this revision. The first edit after
the update writes the row; the update itself is not an edit (see migrate.upgrade).
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_last_change'
down_revision = '0006_toolkit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('last_change',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_last_change_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_last_change'))
    )


def downgrade() -> None:
    op.drop_table('last_change')
