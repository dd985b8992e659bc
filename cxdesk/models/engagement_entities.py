"""The workspace's entities: clients, engagements, milestones and the Expectation Matrix.

Every bounded value is also a CHECK constraint, so bad data cannot get in by any path
(widgets, imports, a hand-written SQL statement); deleting a client or an engagement
cascades in the database itself so nothing is left orphaned.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxdesk.models.base import Base, Versioned, utcnow
from cxdesk.models.constraints import not_blank, one_of, range_check
from cxdesk.models.gaps import LevelTriple, delivery_gap, perceived_gap
from cxdesk.models.journey import (
    LEVEL_MAX,
    LEVEL_MIN,
    SACRIFICE_MAX,
    SACRIFICE_MIN,
    ExpectationStatus,
    JourneyPhase,
)
from cxdesk.models.toolkit_language import ToolkitLanguage

NAME_MAX = 200


class Client(Versioned, Base):
    __tablename__ = "client"
    __table_args__ = (not_blank("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    engagements: Mapped[list[Engagement]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Engagement.name",
    )


class Engagement(Versioned, Base):
    __tablename__ = "engagement"
    __table_args__ = (
        not_blank("name"),
        one_of("journey_phase", JourneyPhase),
        one_of("toolkit_language", ToolkitLanguage),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    journey_phase: Mapped[str] = mapped_column(
        String(32),
        default=JourneyPhase.MARKETING_SALES.value,
        server_default=JourneyPhase.MARKETING_SALES.value,
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The language its toolkit prints in (schema 0015); NULL: not chosen yet (English).
    toolkit_language: Mapped[str | None] = mapped_column(String(8))

    client: Mapped[Client] = relationship(back_populates="engagements")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="engagement",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Milestone.position, Milestone.id)",
    )
    items: Mapped[list[ExpectationItem]] = relationship(
        back_populates="engagement",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ExpectationItem.position, ExpectationItem.id)",
    )


class Milestone(Versioned, Base):
    """A point in the engagement where expectations are revalidated."""

    __tablename__ = "milestone"
    __table_args__ = (not_blank("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    due_date: Mapped[date | None] = mapped_column(Date)
    revalidated_at: Mapped[datetime | None] = mapped_column(DateTime)

    engagement: Mapped[Engagement] = relationship(back_populates="milestones")
    snapshots: Mapped[list[ExpectationSnapshot]] = relationship(
        back_populates="milestone", cascade="all, delete-orphan", passive_deletes=True
    )


class ExpectationItem(Versioned, Base):
    """One row of the Expectation Matrix with its levels and sacrifice."""

    __tablename__ = "expectation_item"
    __table_args__ = (
        range_check("expected_level", LEVEL_MIN, LEVEL_MAX),
        range_check("delivered_level", LEVEL_MIN, LEVEL_MAX),
        range_check("experienced_level", LEVEL_MIN, LEVEL_MAX),
        range_check("sacrifice_level", SACRIFICE_MIN, SACRIFICE_MAX),
        one_of("status", ExpectationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    expects: Mapped[str] = mapped_column(Text, default="", server_default="")
    needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    planned: Mapped[str] = mapped_column(Text, default="", server_default="")
    delivered: Mapped[str] = mapped_column(Text, default="", server_default="")
    experienced: Mapped[str] = mapped_column(Text, default="", server_default="")
    expected_level: Mapped[int | None] = mapped_column(Integer)
    delivered_level: Mapped[int | None] = mapped_column(Integer)
    experienced_level: Mapped[int | None] = mapped_column(Integer)
    sacrifice: Mapped[str] = mapped_column(Text, default="", server_default="")
    sacrifice_level: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(16),
        default=ExpectationStatus.OPEN.value,
        server_default=ExpectationStatus.OPEN.value,
    )
    owner: Mapped[str] = mapped_column(String(NAME_MAX), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    engagement: Mapped[Engagement] = relationship(back_populates="items")

    @property
    def levels(self) -> LevelTriple:
        return LevelTriple(self.expected_level, self.delivered_level, self.experienced_level)

    @property
    def delivery_gap(self) -> int | None:
        return delivery_gap(self.expected_level, self.delivered_level)

    @property
    def perceived_gap(self) -> int | None:
        return perceived_gap(self.expected_level, self.experienced_level)


class ExpectationSnapshot(Versioned, Base):
    """One item's levels as revalidated at one milestone: the heatmap's cells."""

    __tablename__ = "expectation_snapshot"
    __table_args__ = (
        UniqueConstraint("milestone_id", "item_id"),
        range_check("expected_level", LEVEL_MIN, LEVEL_MAX),
        range_check("delivered_level", LEVEL_MIN, LEVEL_MAX),
        range_check("experienced_level", LEVEL_MIN, LEVEL_MAX),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("expectation_item.id", ondelete="CASCADE"), index=True
    )
    expected_level: Mapped[int | None] = mapped_column(Integer)
    delivered_level: Mapped[int | None] = mapped_column(Integer)
    experienced_level: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    milestone: Mapped[Milestone] = relationship(back_populates="snapshots")

    @property
    def levels(self) -> LevelTriple:
        return LevelTriple(self.expected_level, self.delivered_level, self.experienced_level)


# The text fields of an expectation that the matrix edits in place; the store's
# update operation accepts only these (and the level fields) by name.
ITEM_TEXT_FIELDS = (
    "expects",
    "needs",
    "planned",
    "delivered",
    "experienced",
    "sacrifice",
    "owner",
    "notes",
)
ITEM_LEVEL_FIELDS = ("expected_level", "delivered_level", "experienced_level")
ITEM_EDITABLE_FIELDS = (*ITEM_TEXT_FIELDS, *ITEM_LEVEL_FIELDS, "sacrifice_level", "status")
