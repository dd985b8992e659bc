"""Closing the loop's tables: actions against gaps, the issue log on the escalation ladder,
"you said, we did" and small wins.

As elsewhere every rule that one row can state is a CHECK (a status, a cause among the
five gaps, dates in order, a link only of the kind the row says), so a hand-written
statement cannot store what the screens refuse. Rules that reach into other tables (a
linked row belongs to the same engagement; an issue's rung is on its engagement's
ladder) are triggers, made by migration 0014 and on PostgreSQL translated from it.

Deleting the engagement takes everything with it. Deleting what an action answers (a
matrix row, a touchpoint, a pulse check...) leaves the action, unlinked (ON DELETE SET
NULL), with the words it was made from: the consultant's commitments are not lost with
a row. An issue's rung cannot be deleted while issues sit on it (no ON DELETE rule: the
store refuses first, in words). Ids are never reused (AUTOINCREMENT): undo brings
deleted rows back under their old ids.
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

from cxdesk.models import actions, issues, loop_log
from cxdesk.models.actions import ActionStatus, OwnerSide, SourceKind
from cxdesk.models.base import Base, Versioned, utcnow
from cxdesk.models.constraints import not_blank, one_of
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.issues import IssueStatus, StepKind
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.servqual import RaterDimension

_RATER_KINDS = f"'{SourceKind.RATER_GAP.value}', '{SourceKind.RATER_DISAGREEMENT.value}'"


def _position_check() -> CheckConstraint:
    return CheckConstraint(
        "position = CAST(position AS INTEGER) AND position >= 0", name="position_range"
    )


def _only_for(column: str, kinds: str, kind_column: str = "source_kind") -> str:
    return f"({column} IS NULL OR {kind_column} IN ({kinds}))"


class Issue(Versioned, Base):
    """A problem the client raised or the team found, on a rung of the escalation ladder."""

    __tablename__ = "issue"
    __table_args__ = (
        not_blank("title"),
        one_of("status", IssueStatus),
        one_of("raised_by_side", OwnerSide),
        CheckConstraint(
            f"(status = '{IssueStatus.RESOLVED.value}') = (resolved_on IS NOT NULL)",
            name="resolved_dated",
        ),
        CheckConstraint(
            f"status <> '{IssueStatus.RESOLVED.value}' OR length(trim(resolution)) > 0",
            name="resolution_given",
        ),
        CheckConstraint("on_rung_since >= raised_on", name="on_rung_after_raised"),
        CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= on_rung_since", name="resolved_after_rung"
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(issues.TITLE_MAX))
    details: Mapped[str] = mapped_column(Text, default="", server_default="")
    raised_by: Mapped[str] = mapped_column(String(issues.PERSON_MAX), default="", server_default="")
    raised_by_side: Mapped[str] = mapped_column(
        String(8), default=OwnerSide.CLIENT.value, server_default=OwnerSide.CLIENT.value
    )
    raised_on: Mapped[date] = mapped_column(Date)
    # No ON DELETE rule: a rung with issues on it is not deleted (the store says so first).
    rung_id: Mapped[int] = mapped_column(ForeignKey("escalation_level.id"), index=True)
    owner: Mapped[str] = mapped_column(String(issues.PERSON_MAX), default="", server_default="")
    on_rung_since: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        String(16), default=IssueStatus.OPEN.value, server_default=IssueStatus.OPEN.value
    )
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str] = mapped_column(Text, default="", server_default="")


class IssueStep(Versioned, Base):
    """A dated entry of an issue's history: raised, escalated, resolved, reopened."""

    __tablename__ = "issue_step"
    __table_args__ = (one_of("kind", StepKind), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    # The history outlives a rung deleted later: its name is kept beside the link.
    rung_id: Mapped[int | None] = mapped_column(
        ForeignKey("escalation_level.id", ondelete="SET NULL"), index=True
    )
    rung_name: Mapped[str] = mapped_column(String(issues.TITLE_MAX), default="", server_default="")
    owner: Mapped[str] = mapped_column(String(issues.PERSON_MAX), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class IssueTouchpoint(Versioned, Base):
    """A pain point (a touchpoint of the emotion map) an issue is linked to."""

    __tablename__ = "issue_touchpoint"
    __table_args__ = (UniqueConstraint("issue_id", "touchpoint_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    touchpoint_id: Mapped[int] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="CASCADE"), index=True
    )


class GapAction(Versioned, Base):
    """An action against one gap the app found, with an owner, a due date and a status."""

    __tablename__ = "gap_action"
    __table_args__ = (
        not_blank("title"),
        _position_check(),
        one_of("source_kind", SourceKind),
        one_of("status", ActionStatus),
        one_of("owner_side", OwnerSide),
        one_of("cause", GapCause),  # NULL: no cause named (a NULL passes a CHECK)
        one_of("rater_dimension", RaterDimension),
        # Only the link of the kind the row says may be set; it is set when the action
        # is made (the store), and may be NULL later: its row deleted (ON DELETE SET NULL).
        CheckConstraint(
            " AND ".join(
                (
                    _only_for("expectation_item_id", f"'{SourceKind.EXPECTATION.value}'"),
                    _only_for("rater_assessment_id", _RATER_KINDS),
                    _only_for("touchpoint_id", f"'{SourceKind.PAIN_POINT.value}'"),
                    _only_for("stakeholder_id", f"'{SourceKind.PAIN_POINT.value}'"),
                    _only_for("handoff_item_id", f"'{SourceKind.HANDOFF_ITEM.value}'"),
                    _only_for("pulse_check_id", f"'{SourceKind.PULSE_CHECK.value}'"),
                )
            ),
            name="source_link",
        ),
        CheckConstraint(
            f"(source_kind IN ({_RATER_KINDS})) = (rater_dimension IS NOT NULL)",
            name="rater_dimension_given",
        ),
        CheckConstraint(
            f"(status IN ('{ActionStatus.DONE.value}', '{ActionStatus.DROPPED.value}'))"
            " = (closed_at IS NOT NULL)",
            name="closed_dated",
        ),
        CheckConstraint(
            "closed_at IS NULL OR closed_at >= created_at", name="closed_after_created"
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(actions.TITLE_MAX))
    source_kind: Mapped[str] = mapped_column(
        String(24), default=SourceKind.NONE.value, server_default=SourceKind.NONE.value
    )
    expectation_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("expectation_item.id", ondelete="SET NULL"), index=True
    )
    rater_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("rater_assessment.id", ondelete="SET NULL"), index=True
    )
    rater_dimension: Mapped[str | None] = mapped_column(String(16))
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="SET NULL"), index=True
    )
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL"), index=True
    )
    handoff_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("handoff_item.id", ondelete="SET NULL"), index=True
    )
    pulse_check_id: Mapped[int | None] = mapped_column(
        ForeignKey("pulse_check.id", ondelete="SET NULL"), index=True
    )
    source_label: Mapped[str] = mapped_column(Text, default="", server_default="")
    gap_before: Mapped[float | None] = mapped_column(Float)
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issue.id", ondelete="SET NULL"), index=True
    )
    cause: Mapped[str | None] = mapped_column(String(16))
    owner_name: Mapped[str] = mapped_column(
        String(actions.OWNER_MAX), default="", server_default=""
    )
    owner_side: Mapped[str] = mapped_column(
        String(8), default=OwnerSide.OURS.value, server_default=OwnerSide.OURS.value
    )
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        String(16), default=ActionStatus.OPEN.value, server_default=ActionStatus.OPEN.value
    )
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class YouSaidWeDid(Versioned, Base):
    """What the client told us, and what we did about it."""

    __tablename__ = "you_said_we_did"
    __table_args__ = (
        not_blank("said"),
        one_of("said_source", SaidSource),
        CheckConstraint(
            " AND ".join(
                _only_for(source.link_column, f"'{source.value}'", "said_source")
                for source in SaidSource
                if source.link_column is not None
            ),
            name="said_link",
        ),
        CheckConstraint("did_on IS NULL OR did_on >= said_on", name="did_after_said"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    said_on: Mapped[date] = mapped_column(Date)
    said: Mapped[str] = mapped_column(Text)
    said_by: Mapped[str] = mapped_column(String(loop_log.PERSON_MAX), default="", server_default="")
    said_source: Mapped[str] = mapped_column(
        String(16), default=SaidSource.TYPED.value, server_default=SaidSource.TYPED.value
    )
    pulse_check_id: Mapped[int | None] = mapped_column(
        ForeignKey("pulse_check.id", ondelete="SET NULL"), index=True
    )
    rater_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("rater_assessment.id", ondelete="SET NULL"), index=True
    )
    workshop_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="SET NULL"), index=True
    )
    we_did: Mapped[str] = mapped_column(Text, default="", server_default="")
    did_on: Mapped[date | None] = mapped_column(Date)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("gap_action.id", ondelete="SET NULL"), index=True
    )


class SmallWin(Versioned, Base):
    """A win worth celebrating with the client, dated, about a milestone or a touchpoint."""

    __tablename__ = "small_win"
    __table_args__ = (not_blank("text"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    won_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="SET NULL"), index=True
    )
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="SET NULL"), index=True
    )
