"""What the workspace records about itself rather than about clients: when it last changed,
and the number its next change will give the rows it edits.

``last_change`` holds at most one row (id 1), written by the store in the same
transaction as every change to the data (see :mod:`cxdesk.store.last_change`), so a
backup knows the time of its newest edit whatever was edited: a matrix level, the brand
and an escalation rung have no ``*_at`` column of their own. No row means no edit was
recorded yet (a new file, or one made before schema 0007).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from cxdesk.models.base import Base

LAST_CHANGE_ID = 1
CHANGE_COUNTER_ID = 1


class LastChangeRow(Base):
    """The time (naive UTC, as everything stored) of the newest committed change."""

    __tablename__ = "last_change"
    __table_args__ = (CheckConstraint(f"id = {LAST_CHANGE_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeCounter(Base):
    """The number of the newest committed change that edited a row.

    Each transaction that updates rows takes the next number and writes it to their
    ``version`` (see :mod:`cxdesk.store.versions`): numbers are never handed out twice,
    so a row's (id, version) always names one content, even after an undo put an older
    version back. One row (id 1).
    """

    __tablename__ = "change_counter"
    __table_args__ = (CheckConstraint(f"id = {CHANGE_COUNTER_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)
