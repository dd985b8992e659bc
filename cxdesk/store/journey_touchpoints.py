"""The emotion map's touchpoints, the client's stakeholders and each one's emotion scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.journey_map import (
    STAKEHOLDER_FIELDS,
    Influence,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.models.row_order import Disorder, Upset
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.journey_common import (
    PHASE,
    SCORE,
    STAKEHOLDER,
    STAKEHOLDERS,
    TOUCHPOINT,
    TOUCHPOINTS,
    clean_emotion,
    clean_map_name,
    clean_role,
    clean_text,
    clean_touchpoint_field,
    delete_positioned,
    engagement_of_phase,
    insert_row,
    move_within,
    must_be_current,
    must_exist,
    open_gap,
    renumber,
    stakeholder_record,
    touchpoint_record,
)
from cxdesk.store.moves import checked_landing, moved_meanwhile
from cxdesk.store.workspace import ROW_LOCK, choice, get_or_refuse

NEW_TOUCHPOINT = "New touchpoint"

# --- touchpoints ---------------------------------------------------------------------


def add_touchpoint(
    db: Database, phase_id: int, at: int | None = None, **values: Any
) -> TouchpointRecord:
    """A touchpoint at index ``at`` of its phase (the end when None); ``values`` are any of
    ``TOUCHPOINT_FIELDS``, the name "New touchpoint" unless given."""
    clean = {field: clean_touchpoint_field(field, v) for field, v in values.items()}
    clean.setdefault("name", NEW_TOUCHPOINT)
    with db.transaction() as s:
        engagement_of_phase(s, phase_id)
        position = open_gap(s, TOUCHPOINT, "phase_id", phase_id, at)
        return touchpoint_record(
            s, insert_row(s, TOUCHPOINT, phase_id=phase_id, position=position, **clean)
        )


def update_touchpoint(
    db: Database, touchpoint_id: int, field: str, value: Any, version: int | None = None
) -> TouchpointRecord:
    """Set one field; with ``version`` (the touchpoint as the screen shows it), refused
    when somebody changed it since."""
    value = clean_touchpoint_field(field, value)
    with db.transaction() as s:
        must_be_current(s, TOUCHPOINT, touchpoint_id, "touchpoint", version)
        s.execute(update(TOUCHPOINT).where(TOUCHPOINT.c.id == touchpoint_id).values({field: value}))
        return touchpoint_record(s, touchpoint_id)


def set_stakeholder_emotion(
    db: Database,
    touchpoint_id: int,
    stakeholder_id: int,
    score: int | None,
    shown: Mapping[int, int] | None = None,
) -> TouchpointRecord:
    """One stakeholder's emotion at a touchpoint; None clears it (not scored).

    Given ``shown`` (the touchpoint's scores as the screen shows them), refused
    (:class:`StaleRow`) when the stakeholder's score there is no longer the one shown:
    somebody scored, rescored or cleared it since. The score is compared, not a row's
    version: "not scored" is no row at all, and has no version to compare.
    """
    score = clean_emotion(score)
    with db.transaction() as s:
        engagement_id = _touchpoint_engagement(s, touchpoint_id)
        theirs = must_exist(
            s.scalar(select(STAKEHOLDER.c.engagement_id).where(STAKEHOLDER.c.id == stakeholder_id)),
            "stakeholder",
        )
        if theirs != engagement_id:
            raise EditRefused("That stakeholder belongs to another engagement.")
        this = (SCORE.c.touchpoint_id == touchpoint_id) & (SCORE.c.stakeholder_id == stakeholder_id)
        # Held until the commit: a colleague scoring the same cell at once waits, then
        # compares with the score as it is after ours (a cell nobody scored has no row to
        # hold; two first scores at once meet the unique key instead, and one is refused).
        now = s.scalar(select(SCORE.c.emotion).where(this).with_for_update(**ROW_LOCK))
        if shown is not None and now != shown.get(stakeholder_id):
            raise StaleRow("stakeholder's emotion")
        if score is None:
            s.execute(delete(SCORE).where(this))
        elif now is None:
            s.execute(
                SCORE.insert().values(
                    touchpoint_id=touchpoint_id, stakeholder_id=stakeholder_id, emotion=score
                )
            )
        else:
            s.execute(update(SCORE).where(this).values(emotion=score))
        return touchpoint_record(s, touchpoint_id)


def move_touchpoint(
    db: Database,
    touchpoint_id: int,
    phase_id: int,
    to: int,
    shown: Sequence[int] | None = None,
    shown_in: int | None = None,
) -> None:
    """Move a touchpoint to index ``to`` of ``phase_id``: its own phase or another phase of
    the same map (its scores go with it).

    Given ``shown`` (the ids of ``phase_id``'s touchpoints as the screen showed them) and
    ``shown_in`` (the phase the screen showed the touchpoint in), refused when the
    touchpoints it passes over, or lands between, were moved, added or deleted since, or
    the touchpoint itself was moved."""
    with db.transaction() as s:
        engagement_id = _touchpoint_engagement(s, touchpoint_id)
        if engagement_of_phase(s, phase_id) != engagement_id:
            raise EditRefused("A touchpoint can only move within its own engagement's map.")
        old_phase = must_exist(
            s.scalar(select(TOUCHPOINT.c.phase_id).where(TOUCHPOINT.c.id == touchpoint_id)),
            "touchpoint",
        )
        if shown_in is not None and old_phase != shown_in:
            raise moved_meanwhile(s, TOUCHPOINTS, Disorder(Upset.MOVED_ITSELF, touchpoint_id))
        if old_phase != phase_id:
            at = checked_landing(s, TOUCHPOINTS, phase_id, max(0, to), shown)
            position = open_gap(s, TOUCHPOINT, "phase_id", phase_id, at)
            s.execute(
                update(TOUCHPOINT)
                .where(TOUCHPOINT.c.id == touchpoint_id)
                .values(phase_id=phase_id, position=position)
            )
            renumber(s, TOUCHPOINT, "phase_id", old_phase)
        else:
            move_within(s, TOUCHPOINTS, phase_id, touchpoint_id, to, shown)


def delete_touchpoints(db: Database, ids: Sequence[int]) -> None:
    """Delete touchpoints with their scores; the phases close ranks."""
    with db.transaction() as s:
        delete_positioned(s, TOUCHPOINT, "phase_id", ids, "touchpoint")


def _touchpoint_engagement(s: Session, touchpoint_id: int) -> int:
    found = s.scalar(
        select(PHASE.c.engagement_id)
        .join(TOUCHPOINT, TOUCHPOINT.c.phase_id == PHASE.c.id)
        .where(TOUCHPOINT.c.id == touchpoint_id)
    )
    return int(must_exist(found, "touchpoint"))


# --- stakeholders --------------------------------------------------------------------

INFLUENCE_REFUSED = "Influence is low, medium or high."


def _clean_stakeholder_field(field: str, value: Any) -> Any:
    if field not in STAKEHOLDER_FIELDS:
        raise EditRefused(f"“{field}” is not part of a stakeholder.")
    if field == "name":
        return clean_map_name(value, "stakeholder")
    if field == "role":
        return clean_role(value)
    if field == "influence":
        return choice(Influence, value, INFLUENCE_REFUSED).value
    return clean_text(value, "Notes")


def add_stakeholder(
    db: Database,
    engagement_id: int,
    name: str,
    role: str = "",
    influence: str = "medium",
    notes: str = "",
) -> StakeholderRecord:
    """A person on the client side, after the others (whose politics and persona colour the map)."""
    values = {
        field: _clean_stakeholder_field(field, value)
        for field, value in (("name", name), ("role", role), ("influence", influence))
    }
    values["notes"] = _clean_stakeholder_field("notes", notes)
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        position = open_gap(s, STAKEHOLDER, "engagement_id", engagement_id, None)
        stakeholder_id = insert_row(
            s, STAKEHOLDER, engagement_id=engagement_id, position=position, **values
        )
        return stakeholder_record(s, stakeholder_id)


def update_stakeholder(
    db: Database, stakeholder_id: int, field: str, value: Any, version: int | None = None
) -> StakeholderRecord:
    """Set one field; with ``version`` (the person as the screen shows them), refused
    when somebody changed the row since."""
    value = _clean_stakeholder_field(field, value)
    with db.transaction() as s:
        must_be_current(s, STAKEHOLDER, stakeholder_id, "stakeholder", version)
        s.execute(
            update(STAKEHOLDER).where(STAKEHOLDER.c.id == stakeholder_id).values({field: value})
        )
        return stakeholder_record(s, stakeholder_id)


def move_stakeholder(
    db: Database, stakeholder_id: int, to: int, shown: Sequence[int] | None = None
) -> None:
    """Move a stakeholder to index ``to`` of the list the screen showed (``shown``, their
    ids): refused when the people it passes over were moved, added or deleted since."""
    with db.transaction() as s:
        engagement_id = stakeholder_record(s, stakeholder_id).engagement_id
        move_within(s, STAKEHOLDERS, engagement_id, stakeholder_id, to, shown)


def delete_stakeholder(db: Database, stakeholder_id: int) -> None:
    """Delete a stakeholder with every score they gave."""
    with db.transaction() as s:
        delete_positioned(s, STAKEHOLDER, "engagement_id", [stakeholder_id], "stakeholder")
