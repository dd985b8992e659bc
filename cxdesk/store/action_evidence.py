"""Did the actions work, and where does the trouble lie: the evidence of each done action
and the five gaps counts, read for one engagement in a handful of queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from cxdesk.models.actions import (
    ActionRecord,
    ActionStatus,
    Evidence,
    Measurement,
    SourceKind,
    evidence,
)
from cxdesk.models.base import utcnow
from cxdesk.models.five_gaps import ActionCause, FiveGapsRow, GapCause, five_gaps_counts
from cxdesk.models.gaps import summarise
from cxdesk.models.servqual import RaterDimension
from cxdesk.store import gap_measures, reads
from cxdesk.store.actions import ACTION, read_actions
from cxdesk.store.database import Database, session_rows
from cxdesk.store.journey_common import rows_of


def load_evidence(
    db: Database, engagement_id: int, actions: Sequence[ActionRecord] | None = None
) -> dict[int, Evidence]:
    """Action id -> whether its source gap moved after it was done (:func:`evidence`), for
    ``actions`` (by default every action of the engagement)."""
    with db.reading() as s:
        if actions is None:
            actions = [
                row.record for row in read_actions(s, ACTION.c.engagement_id == engagement_id)
            ]
        done = [a for a in actions if a.closed_at is not None and not a.source_gone]
        done_ids = {a.id for a in done}
        kinds = {a.kind for a in done}
        items = gap_measures.expectation_history(
            s, [a.expectation_item_id for a in done if a.expectation_item_id is not None]
        )
        rater = (
            gap_measures.rater_history(s, engagement_id)
            if kinds & {SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT}
            else []
        )
        emotions = (
            gap_measures.emotion_history(s, engagement_id) if SourceKind.PAIN_POINT in kinds else {}
        )
        pulses = (
            gap_measures.pulse_history(s, engagement_id) if SourceKind.PULSE_CHECK in kinds else []
        )
        found: dict[int, Evidence] = {}
        for action in actions:
            history: list[Measurement] = []
            now: Measurement | None = None
            kind = action.kind
            if action.id not in done_ids:
                pass  # not done, or its source gone: nothing to read
            elif kind is SourceKind.EXPECTATION and action.expectation_item_id is not None:
                history = items.get(action.expectation_item_id, [])
            elif kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
                assert action.rater_assessment_id is not None
                assert action.rater_dimension is not None
                history = gap_measures.rater_measurements(
                    rater,
                    action.rater_assessment_id,
                    kind.value,
                    RaterDimension(action.rater_dimension),
                )
            elif kind is SourceKind.PAIN_POINT and action.touchpoint_id is not None:
                history = emotions.get((action.touchpoint_id, action.stakeholder_id), [])
            elif kind is SourceKind.PULSE_CHECK and action.pulse_check_id is not None:
                history = gap_measures.pulse_measurements(pulses, action.pulse_check_id)
            elif kind is SourceKind.HANDOFF_ITEM and action.handoff_item_id is not None:
                ticked = gap_measures.handoff_now(s, action.handoff_item_id)
                if ticked is not None:
                    now = Measurement(utcnow(), ticked, "now")
            found[action.id] = evidence(action, history, now=now)
        return found


def load_five_gaps(db: Database, engagement_id: int) -> tuple[FiveGapsRow, ...]:
    """The Overview's five gaps table: open actions and trailing expectations per cause."""
    causes = {cause.value: cause for cause in GapCause}
    closed = {ActionStatus.DONE.value, ActionStatus.DROPPED.value}
    with db.reading() as s:
        found = rows_of(
            s,
            select(ACTION.c.cause, ACTION.c.status, ACTION.c.expectation_item_id).where(
                ACTION.c.engagement_id == engagement_id
            ),
        )
        items = reads.list_items(session_rows(s), engagement_id)
    trailing = [item.id for item in items if summarise([item.levels]).trailing_rows]
    return five_gaps_counts(
        (
            ActionCause(causes.get(cause) if cause else None, status not in closed, item_id)
            for cause, status, item_id in found
        ),
        trailing,
    )
