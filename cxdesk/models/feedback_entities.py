"""What the client (and our team) tell us: RATER assessments, pulse checks, quadrant overrides.

As in :mod:`cxdesk.models.engagement_entities`, every bound is also a CHECK constraint. A deleted
milestone unlinks its assessments and pulse checks (ON DELETE SET NULL) rather than
deleting what people said; its quadrant overrides belong to it and go with it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
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
from cxdesk.models.pulse import CONFIDENCE_MAX, CONFIDENCE_MIN, CSAT_MAX, CSAT_MIN
from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, Axis
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    RespondentSide,
    ScoringMode,
)

SCORE_FIELDS = tuple(
    f"{d.value}_{kind}" for d in DIMENSIONS for kind in ("expectation", "perception")
)
POINTS_FIELDS = tuple(f"{d.value}_points" for d in DIMENSIONS)


def _points_check() -> CheckConstraint:
    # Importance points are all given (adding up to exactly 100) or all left out: a
    # half-split or a total of 90 cannot be stored by any path.
    all_null = " AND ".join(f"{f} IS NULL" for f in POINTS_FIELDS)
    none_null = " AND ".join(f"{f} IS NOT NULL" for f in POINTS_FIELDS)
    total = " + ".join(POINTS_FIELDS)
    return CheckConstraint(
        f"({all_null}) OR ({none_null} AND {total} = {POINTS_TOTAL})", name="points_total"
    )


class RaterAssessment(Versioned, Base):
    """One round of RATER scoring for an engagement, optionally at a milestone."""

    __tablename__ = "rater_assessment"
    __table_args__ = (not_blank("title"), one_of("scoring", ScoringMode))

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    held_on: Mapped[date | None] = mapped_column(Date)
    scoring: Mapped[str] = mapped_column(
        String(16), default=ScoringMode.DIMENSIONS.value, server_default="dimensions"
    )
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RaterStatement(Versioned, Base):
    """A statement respondents score when an assessment is scored by statements."""

    __tablename__ = "rater_statement"
    # Ids never reused (migration 0012): a RATER room keeps the statements it showed.
    __table_args__ = (
        not_blank("text"),
        one_of("dimension", RaterDimension),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("rater_assessment.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class RaterRespondent(Versioned, Base):
    """One person's scores in an assessment: E and P per dimension, importance points."""

    __tablename__ = "rater_respondent"
    __table_args__ = (
        one_of("side", RespondentSide),
        *(range_check(f, SCORE_MIN, SCORE_MAX) for f in SCORE_FIELDS),
        *(range_check(f, 0, POINTS_TOTAL) for f in POINTS_FIELDS),
        _points_check(),
        # Ids never reused (migration 0012): a RATER room keeps each phone's respondent,
        # and an answer on its way must never reach a newcomer's row.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("rater_assessment.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    side: Mapped[str] = mapped_column(String(8), default=RespondentSide.CLIENT.value)
    reliability_expectation: Mapped[int | None] = mapped_column(Integer)
    reliability_perception: Mapped[int | None] = mapped_column(Integer)
    assurance_expectation: Mapped[int | None] = mapped_column(Integer)
    assurance_perception: Mapped[int | None] = mapped_column(Integer)
    tangibles_expectation: Mapped[int | None] = mapped_column(Integer)
    tangibles_perception: Mapped[int | None] = mapped_column(Integer)
    empathy_expectation: Mapped[int | None] = mapped_column(Integer)
    empathy_perception: Mapped[int | None] = mapped_column(Integer)
    responsiveness_expectation: Mapped[int | None] = mapped_column(Integer)
    responsiveness_perception: Mapped[int | None] = mapped_column(Integer)
    reliability_points: Mapped[int | None] = mapped_column(Integer)
    assurance_points: Mapped[int | None] = mapped_column(Integer)
    tangibles_points: Mapped[int | None] = mapped_column(Integer)
    empathy_points: Mapped[int | None] = mapped_column(Integer)
    responsiveness_points: Mapped[int | None] = mapped_column(Integer)


class RaterStatementScore(Versioned, Base):
    """A respondent's E and P for one statement (assessments scored by statements)."""

    __tablename__ = "rater_statement_score"
    __table_args__ = (
        UniqueConstraint("respondent_id", "statement_id"),
        range_check("expectation", SCORE_MIN, SCORE_MAX),
        range_check("perception", SCORE_MIN, SCORE_MAX),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("rater_respondent.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("rater_statement.id", ondelete="CASCADE"), index=True
    )
    expectation: Mapped[int | None] = mapped_column(Integer)
    perception: Mapped[int | None] = mapped_column(Integer)


class PulseCheck(Versioned, Base):
    """One mid-project pulse-check response."""

    __tablename__ = "pulse_check"
    __table_args__ = (
        range_check("confidence", CONFIDENCE_MIN, CONFIDENCE_MAX),
        range_check("csat", CSAT_MIN, CSAT_MAX),
        one_of("side", RespondentSide),
        {"sqlite_autoincrement": True},  # ids never reused: see RaterRespondent
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="SET NULL"), index=True
    )
    taken_on: Mapped[date] = mapped_column(Date)
    respondent: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    confidence: Mapped[int | None] = mapped_column(Integer)
    csat: Mapped[int | None] = mapped_column(Integer)
    working: Mapped[str] = mapped_column(Text, default="", server_default="")
    not_working: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The client's people, or our own team in a separate round (collected on phones);
    # the trend and the Overview read the client's only.
    side: Mapped[str] = mapped_column(
        String(8), default=RespondentSide.CLIENT.value, server_default=RespondentSide.CLIENT.value
    )


class QuadrantOverride(Versioned, Base):
    """A consultant's manual score for one quadrant axis, now or at a milestone, with why."""

    __tablename__ = "quadrant_override"
    __table_args__ = (
        one_of("axis", Axis),
        not_blank("reason"),
        CheckConstraint(f"score BETWEEN {AXIS_MIN} AND {AXIS_MAX}", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    # NULL: the override applies to "now", the path's current end.
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    axis: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
