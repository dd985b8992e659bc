"""Revisiting the map's emotions at a milestone, so the curve can show before and after."""

from __future__ import annotations

from sqlalchemy import delete, literal, select
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of, utcnow
from cxdesk.models.engagement_entities import Milestone
from cxdesk.models.journey_entities import (
    EmotionRevisit,
    EmotionSnapshot,
    StakeholderEmotionSnapshot,
)
from cxdesk.models.journey_map import RevisitRecord
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import PHASE, SCORE, STAKEHOLDER, TOUCHPOINT, insert_row, rows_of
from cxdesk.store.workspace import get_or_refuse

REVISIT = table_of(EmotionRevisit)
SNAPSHOT = table_of(EmotionSnapshot)
STAKEHOLDER_SNAPSHOT = table_of(StakeholderEmotionSnapshot)
MILESTONE = table_of(Milestone)

NOTHING_TO_REVISIT = (
    "There is nothing to revisit yet: score how the client feels at a touchpoint first."
)


def revisit(db: Database, milestone_id: int) -> int:
    """Record every emotion on the map now (overall and per stakeholder) at the milestone,
    replacing an earlier revisit there; the new revisit's id."""
    with db.transaction() as s:
        engagement_id = get_or_refuse(s, Milestone, milestone_id, "milestone").engagement_id
        on_map = PHASE.c.engagement_id == engagement_id
        scored = s.scalar(
            select(TOUCHPOINT.c.id)
            .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
            .where(on_map, TOUCHPOINT.c.emotion.is_not(None))
            .limit(1)
        ) or s.scalar(
            select(SCORE.c.id)
            .join(STAKEHOLDER, STAKEHOLDER.c.id == SCORE.c.stakeholder_id)
            .where(STAKEHOLDER.c.engagement_id == engagement_id)
            .limit(1)
        )
        if not scored:
            raise EditRefused(NOTHING_TO_REVISIT)
        # The earlier revisit goes with its snapshots (ON DELETE CASCADE).
        s.execute(delete(REVISIT).where(REVISIT.c.milestone_id == milestone_id))
        revisit_id = insert_row(s, REVISIT, milestone_id=milestone_id, taken_at=utcnow())
        s.execute(
            SNAPSHOT.insert().from_select(
                ["revisit_id", "touchpoint_id", "emotion"],
                select(literal(revisit_id), TOUCHPOINT.c.id, TOUCHPOINT.c.emotion)
                .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
                .where(on_map, TOUCHPOINT.c.emotion.is_not(None)),
            )
        )
        s.execute(
            STAKEHOLDER_SNAPSHOT.insert().from_select(
                ["revisit_id", "touchpoint_id", "stakeholder_id", "emotion"],
                select(
                    literal(revisit_id),
                    SCORE.c.touchpoint_id,
                    SCORE.c.stakeholder_id,
                    SCORE.c.emotion,
                )
                .join(STAKEHOLDER, STAKEHOLDER.c.id == SCORE.c.stakeholder_id)
                .where(STAKEHOLDER.c.engagement_id == engagement_id),
            )
        )
        return revisit_id


def read_revisits(s: Session, engagement_id: int) -> list[RevisitRecord]:
    """The map's revisits in milestone order, each with the emotions it recorded."""
    revisits = rows_of(
        s,
        select(REVISIT.c.id, REVISIT.c.milestone_id, MILESTONE.c.name, REVISIT.c.taken_at)
        .join(MILESTONE, MILESTONE.c.id == REVISIT.c.milestone_id)
        .where(MILESTONE.c.engagement_id == engagement_id)
        .order_by(MILESTONE.c.position, MILESTONE.c.id),
    )
    if not revisits:
        return []
    ids = [row[0] for row in revisits]
    emotions: dict[int, dict[int, int]] = {i: {} for i in ids}
    for revisit_id, touchpoint_id, emotion in rows_of(
        s,
        select(SNAPSHOT.c.revisit_id, SNAPSHOT.c.touchpoint_id, SNAPSHOT.c.emotion).where(
            SNAPSHOT.c.revisit_id.in_(ids)
        ),
    ):
        emotions[revisit_id][touchpoint_id] = emotion
    theirs: dict[int, dict[tuple[int, int], int]] = {i: {} for i in ids}
    for revisit_id, touchpoint_id, stakeholder_id, emotion in rows_of(
        s,
        select(
            STAKEHOLDER_SNAPSHOT.c.revisit_id,
            STAKEHOLDER_SNAPSHOT.c.touchpoint_id,
            STAKEHOLDER_SNAPSHOT.c.stakeholder_id,
            STAKEHOLDER_SNAPSHOT.c.emotion,
        ).where(STAKEHOLDER_SNAPSHOT.c.revisit_id.in_(ids)),
    ):
        theirs[revisit_id][(touchpoint_id, stakeholder_id)] = emotion
    return [
        RevisitRecord(i, milestone_id, name, taken_at, emotions[i], theirs[i])
        for i, milestone_id, name, taken_at in revisits
    ]
