"""Workshop quizzes and the sessions that run them: statements, bands, participants, answers.

As elsewhere, every bound is also a CHECK constraint. One rule cannot be a CHECK: an
answer (or a tally row) must lie within *its quiz's* scale, which lives in another
table; migration 0003 adds SQLite triggers for it, so no path can store a 6 on a 1-5
quiz. A quiz that has sessions cannot be deleted (ON DELETE RESTRICT): their results
would lose their meaning.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cxdesk.models.base import Base, Versioned, utcnow
from cxdesk.models.constraints import not_blank, one_of, range_check
from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.quiz import SCALE_LIMIT_MAX, SCALE_LIMIT_MIN, SessionMode

PARTICIPANTS_MAX = 10_000
"""More people than any workshop room holds; a larger count is a typo."""


class Quiz(Versioned, Base):
    """A self-assessment quiz: the built-in one (five statements, 1-5) or a consultant's own."""

    __tablename__ = "quiz"
    __table_args__ = (
        not_blank("title"),
        CheckConstraint(
            f"scale_min = CAST(scale_min AS INTEGER) AND scale_max = CAST(scale_max AS INTEGER)"
            f" AND {SCALE_LIMIT_MIN} <= scale_min AND scale_min < scale_max"
            f" AND scale_max <= {SCALE_LIMIT_MAX}",
            name="scale_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    scale_min: Mapped[int] = mapped_column(Integer)
    scale_max: Mapped[int] = mapped_column(Integer)
    built_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuizStatement(Versioned, Base):
    __tablename__ = "quiz_statement"
    __table_args__ = (not_blank("text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class QuizBand(Versioned, Base):
    """Totals ``low``-``high`` (inclusive) mean ``label``; coverage is checked by the store."""

    __tablename__ = "quiz_band"
    __table_args__ = (
        not_blank("label"),
        CheckConstraint("low <= high", name="band_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    low: Mapped[int] = mapped_column(Integer)
    high: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(NAME_MAX))
    advice: Mapped[str] = mapped_column(Text, default="", server_default="")


class WorkshopSession(Versioned, Base):
    """One run of a quiz in a room, for an engagement or for none."""

    __tablename__ = "workshop_session"
    __table_args__ = (
        not_blank("title"),
        one_of("mode", SessionMode),
        range_check("participant_count", 0, PARTICIPANTS_MAX),
        {"sqlite_autoincrement": True},  # ids never reused: see WorkshopParticipant
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="RESTRICT"), index=True)
    engagement_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    held_on: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(8), default=SessionMode.LAPTOP.value)
    # Show of hands only: every statement's tally must add up to it.
    participant_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WorkshopParticipant(Versioned, Base):
    """One person who took the quiz by passing the laptop; anonymous unless named."""

    __tablename__ = "workshop_participant"
    # Never reuse a deleted row's id: undo restores rows under their old ids, and rows
    # recorded in the room meanwhile are not on the undo stack (migration 0004).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")


class QuizAnswer(Versioned, Base):
    """A participant's score for one statement; a skipped statement has no row."""

    __tablename__ = "quiz_answer"
    __table_args__ = (
        UniqueConstraint("participant_id", "statement_id"),
        range_check("score", SCALE_LIMIT_MIN, SCALE_LIMIT_MAX),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_statement.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)


class HandsTally(Versioned, Base):
    """How many hands went up for one score of one statement (show-of-hands sessions)."""

    __tablename__ = "hands_tally"
    __table_args__ = (
        UniqueConstraint("session_id", "statement_id", "score"),
        range_check("score", SCALE_LIMIT_MIN, SCALE_LIMIT_MAX),
        range_check("count", 0, PARTICIPANTS_MAX),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_statement.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
