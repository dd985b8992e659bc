"""The client emotion map's store: read a whole map at once, and every edit of it.

Each edit is one committed transaction (or joins the operation that calls it,
``cxdesk.ops.journey``, whose journal makes it undoable) and refuses bad input with
:class:`EditRefused`. The edits live in ``journey_phases``, ``journey_touchpoints`` and
``journey_revisits``; import them from here.
"""

from __future__ import annotations

from collections.abc import Collection

from cxdesk.models.journey_map import HandoffItemRecord, JourneyMap, TouchpointRecord
from cxdesk.store.database import Database
from cxdesk.store.journey_common import (
    ITEM,
    PHASE,
    STAKEHOLDER,
    TOUCHPOINT,
    UNSTORABLE,
    read_items,
    read_phases,
    read_stakeholders,
    read_touchpoints,
)
from cxdesk.store.journey_phases import (
    add_default_checklist,
    add_default_phases,
    add_handoff_item,
    add_phase,
    delete_handoff_item,
    delete_phase,
    move_phase,
    rename_phase,
    update_handoff_item,
)
from cxdesk.store.journey_revisits import (
    NOTHING_TO_REVISIT,
    read_revisits,
    revisit,
)
from cxdesk.store.journey_touchpoints import (
    NEW_TOUCHPOINT,
    add_stakeholder,
    add_touchpoint,
    delete_stakeholder,
    delete_touchpoints,
    move_stakeholder,
    move_touchpoint,
    set_stakeholder_emotion,
    update_stakeholder,
    update_touchpoint,
)

__all__ = [
    "NEW_TOUCHPOINT",
    "NOTHING_TO_REVISIT",
    "UNSTORABLE",
    "add_default_checklist",
    "add_default_phases",
    "add_handoff_item",
    "add_phase",
    "add_stakeholder",
    "add_touchpoint",
    "delete_handoff_item",
    "delete_phase",
    "delete_stakeholder",
    "delete_touchpoints",
    "load_handoff_items",
    "load_map",
    "load_touchpoints",
    "move_phase",
    "move_stakeholder",
    "move_touchpoint",
    "rename_phase",
    "revisit",
    "set_stakeholder_emotion",
    "update_handoff_item",
    "update_stakeholder",
    "update_touchpoint",
]


def load_map(db: Database, engagement_id: int) -> JourneyMap:
    """The engagement's whole map: phases with their touchpoints (and every stakeholder's
    scores) and checklists, stakeholders, revisits. Plain-column queries, no ORM objects:
    the map is re-read after every structural edit, in front of the client."""
    with db.reading() as s:
        return JourneyMap(
            engagement_id=engagement_id,
            phases=tuple(read_phases(s, PHASE.c.engagement_id == engagement_id)),
            stakeholders=tuple(read_stakeholders(s, STAKEHOLDER.c.engagement_id == engagement_id)),
            revisits=tuple(read_revisits(s, engagement_id)),
        )


def load_touchpoints(
    db: Database, engagement_id: int, ids: Collection[int] | None = None
) -> list[TouchpointRecord]:
    """The map's touchpoints (only ``ids``, when given) in journey order, with their
    scores: what a screen re-reads after a field or a score changed."""
    where = PHASE.c.engagement_id == engagement_id
    if ids is not None:
        where = where & TOUCHPOINT.c.id.in_(list(ids))
    with db.reading() as s:
        return read_touchpoints(s, where)


def load_handoff_items(
    db: Database, engagement_id: int, ids: Collection[int]
) -> list[HandoffItemRecord]:
    """These checklist items of the map, as they are now (ticked, reworded)."""
    with db.reading() as s:
        return read_items(s, (PHASE.c.engagement_id == engagement_id) & ITEM.c.id.in_(list(ids)))
