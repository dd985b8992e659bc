"""The Overview's data: everything the quadrant and key numbers need, and manual overrides."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.feedback_entities import QuadrantOverride
from cxdesk.models.overview import Overview, build_overview
from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, Axis
from cxdesk.models.records import MilestoneRecord, OverrideRecord, PulseRecord, ShownOverride
from cxdesk.store import expectations, pulse, rater, reads, workspace
from cxdesk.store.database import Database, session_rows
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.workspace import check_milestone, choice, get_or_refuse

REASON_MAX = 2_000


def override_record(row: QuadrantOverride) -> OverrideRecord:
    return OverrideRecord(
        row.id, row.engagement_id, row.milestone_id, row.axis, row.score, row.reason, row.created_at
    )


def list_overrides(db: Database, engagement_id: int) -> list[OverrideRecord]:
    with db.reading() as s:
        return reads.list_overrides(session_rows(s), engagement_id)


def set_override(
    db: Database,
    engagement_id: int,
    milestone_id: int | None,
    axis: Axis,
    score: float | None,
    reason: str = "",
    shown: ShownOverride | None = None,
) -> OverrideRecord | None:
    """Set (or with ``score`` None, clear) one axis's manual score; returns the one now
    in force (None once cleared).

    A manual score needs a reason: the Overview shows it beside the score, so whoever
    reads the quadrant later knows it is a judgement and why it was made.

    Given ``shown`` (that axis at that point as the screen shows it), refused
    (:class:`StaleRow`) when the manual score there is no longer the one shown: somebody
    set, changed or cleared it since. The score and reason are compared, not a row's
    version: "no manual score" is no row at all, and setting one replaces the row.
    """
    axis = choice(Axis, axis, "The quadrant's axes are value delivered and experience.")
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise EditRefused("A manual score is a number.")
        if not AXIS_MIN <= score <= AXIS_MAX:
            raise EditRefused(
                f"A manual score goes from {AXIS_MIN:g} to {AXIS_MAX:g}; “{score}” was not saved."
            )
        if not isinstance(reason, str):
            raise EditRefused("Say why you are overriding the computed score.")
        reason = reason.strip()
        if not reason:
            raise EditRefused("Say why you are overriding the computed score.")
        if len(reason) > REASON_MAX:
            raise EditRefused(f"That reason is too long (at most {REASON_MAX:,} characters).")
    with db.transaction() as s:
        # Held until the commit: two people setting the engagement's manual scores take
        # turns, and the second compares with what the first left (an axis nobody set has
        # no row of its own to hold, and two first scores would make two rows).
        get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
        check_milestone(s, engagement_id, milestone_id)
        milestone_match = (
            QuadrantOverride.milestone_id.is_(None)
            if milestone_id is None
            else QuadrantOverride.milestone_id == milestone_id
        )
        same = (
            QuadrantOverride.engagement_id == engagement_id,
            milestone_match,
            QuadrantOverride.axis == axis.value,
        )
        if shown is not None:
            now = s.execute(
                select(QuadrantOverride.score, QuadrantOverride.reason).where(*same)
            ).first()
            if (ShownOverride(*now) if now else ShownOverride(None)) != shown:
                raise StaleRow("manual score")
        s.execute(delete(QuadrantOverride).where(*same))
        if score is None:
            return None
        override = QuadrantOverride(
            engagement_id=engagement_id,
            milestone_id=milestone_id,
            axis=axis.value,
            score=float(score),
            reason=reason,
        )
        s.add(override)
        s.flush()
        return override_record(override)


@dataclass(frozen=True, slots=True)
class OverviewRead:
    """The Overview and the pulse checks and milestones it was computed from: the
    Overview's pulse trend draws those same lists rather than reading them again."""

    overview: Overview
    pulses: list[PulseRecord]
    milestones: list[MilestoneRecord]


def read_overview(db: Database, engagement_id: int) -> OverviewRead:
    """Read everything the Overview shows and compute it (pure maths in models/); the
    first frame computes the same from the same statements
    (:meth:`cxdesk.store.first_frame.FirstFrameReader.load_overview`)."""
    milestones = workspace.list_milestones(db, engagement_id)
    pulses = pulse.list_pulses(db, engagement_id)
    overview = build_overview(
        milestones=milestones,
        items=expectations.list_items(db, engagement_id),
        snapshots=expectations.list_snapshots(db, engagement_id),
        assessments=rater.load_engagement_responses(db, engagement_id),
        pulses=pulses,
        overrides=list_overrides(db, engagement_id),
    )
    return OverviewRead(overview, pulses, milestones)


def load_overview(db: Database, engagement_id: int) -> Overview:
    """The Overview alone (see :func:`read_overview`)."""
    return read_overview(db, engagement_id).overview
