"""The client emotion map's tables: phases, touchpoints, scores, handoff checklists, revisits.

As elsewhere every bound is a CHECK constraint and every child goes with its parent (ON
DELETE CASCADE): engagement -> phase -> touchpoint -> stakeholder scores, stakeholder ->
scores, milestone -> revisit -> snapshot rows. One rule cannot be a CHECK: a stakeholder
scores only the touchpoints of their own engagement; migration 0005 adds triggers for it.
Ids are never reused (AUTOINCREMENT): undo brings deleted rows back under their old ids.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
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
from cxdesk.models.journey_map import EMOTION_MAX, EMOTION_MIN, NAME_MAX, Influence


def _position_check() -> CheckConstraint:
    return CheckConstraint(
        "position = CAST(position AS INTEGER) AND position >= 0", name="position_range"
    )


def _emotion_check() -> CheckConstraint:
    return range_check("emotion", EMOTION_MIN, EMOTION_MAX)


class MapPhase(Versioned, Base):
    """A phase of the client's journey on the emotion map (not ``engagement.journey_phase``,
    which says where the engagement stands now)."""

    __tablename__ = "map_phase"
    __table_args__ = (not_blank("name"), _position_check(), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_MAX))


class Touchpoint(Versioned, Base):
    """One moment the client meets the provider, with the client's overall emotion."""

    __tablename__ = "touchpoint"
    __table_args__ = (
        not_blank("name"),
        _position_check(),
        _emotion_check(),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(
        ForeignKey("map_phase.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    channel: Mapped[str] = mapped_column(Text, default="", server_default="")
    sees_does: Mapped[str] = mapped_column(Text, default="", server_default="")
    thinks_feels: Mapped[str] = mapped_column(Text, default="", server_default="")
    needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    emotion: Mapped[int | None] = mapped_column(Integer)
    pain_points: Mapped[str] = mapped_column(Text, default="", server_default="")
    opportunities: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_team: Mapped[str] = mapped_column(Text, default="", server_default="")


class Stakeholder(Versioned, Base):
    """A person on the client side whose emotion is scored on its own."""

    __tablename__ = "stakeholder"
    __table_args__ = (
        not_blank("name"),
        one_of("influence", Influence),
        _position_check(),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    role: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    influence: Mapped[str] = mapped_column(
        String(16), default=Influence.MEDIUM.value, server_default=Influence.MEDIUM.value
    )
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class StakeholderEmotion(Versioned, Base):
    """One stakeholder's emotion at one touchpoint; not scored means no row."""

    __tablename__ = "stakeholder_emotion"
    __table_args__ = (
        UniqueConstraint("touchpoint_id", "stakeholder_id"),
        _emotion_check(),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    emotion: Mapped[int] = mapped_column(Integer)


class HandoffItem(Versioned, Base):
    """One item of the checklist for handing the client over *into* its phase."""

    __tablename__ = "handoff_item"
    __table_args__ = (
        not_blank("text"),
        _position_check(),
        CheckConstraint("done IN (0, 1)", name="done_flag"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(
        ForeignKey("map_phase.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # An integer, not Boolean: SQLite stores either as 0/1 and the CHECK says so.
    done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EmotionRevisit(Versioned, Base):
    """The map's emotions as they stood at a milestone: at most one per milestone."""

    __tablename__ = "emotion_revisit"
    __table_args__ = (UniqueConstraint("milestone_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint indexes it.
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestone.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EmotionSnapshot(Versioned, Base):
    """A touchpoint's overall emotion when revisited (scored touchpoints only)."""

    __tablename__ = "emotion_snapshot"
    __table_args__ = (
        UniqueConstraint("revisit_id", "touchpoint_id"),
        _emotion_check(),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revisit_id: Mapped[int] = mapped_column(
        ForeignKey("emotion_revisit.id", ondelete="CASCADE"), index=True
    )
    touchpoint_id: Mapped[int] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="CASCADE"), index=True
    )
    emotion: Mapped[int] = mapped_column(Integer)


class StakeholderEmotionSnapshot(Versioned, Base):
    """A stakeholder's emotion at a touchpoint when revisited."""

    __tablename__ = "stakeholder_emotion_snapshot"
    __table_args__ = (
        UniqueConstraint("revisit_id", "touchpoint_id", "stakeholder_id"),
        _emotion_check(),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revisit_id: Mapped[int] = mapped_column(
        ForeignKey("emotion_revisit.id", ondelete="CASCADE"), index=True
    )
    touchpoint_id: Mapped[int] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    emotion: Mapped[int] = mapped_column(Integer)
