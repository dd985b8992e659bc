"""The client emotion map's store: read a whole map at once, and every edit of it.

Each edit is one committed transaction and refuses bad input with :class:`EditRefused`;
deletes return the rows :func:`restore_phase` and friends put back under the same ids at
the same places. The operations live in ``journey_phases``, ``journey_touchpoints`` and
``journey_revisits``; import them from here.
"""

from __future__ import annotations

from cxdesk.models.journey_map import JourneyMap
from cxdesk.store.database import Database
from cxdesk.store.journey_common import (
    PHASE,
    STAKEHOLDER,
    UNSTORABLE,
    read_phases,
    read_stakeholders,
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
    restore_handoff_items,
    restore_phase,
    update_handoff_item,
)
from cxdesk.store.journey_revisits import (
    NOTHING_TO_REVISIT,
    RevisitUndo,
    read_revisits,
    revisit,
    undo_revisit,
)
from cxdesk.store.journey_touchpoints import (
    NEW_TOUCHPOINT,
    add_stakeholder,
    add_touchpoint,
    delete_stakeholder,
    delete_touchpoints,
    move_stakeholder,
    move_touchpoint,
    restore_stakeholder,
    restore_touchpoints,
    set_stakeholder_emotion,
    update_stakeholder,
    update_touchpoint,
)

__all__ = [
    "NEW_TOUCHPOINT",
    "NOTHING_TO_REVISIT",
    "UNSTORABLE",
    "RevisitUndo",
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
    "load_map",
    "move_phase",
    "move_stakeholder",
    "move_touchpoint",
    "rename_phase",
    "restore_handoff_items",
    "restore_phase",
    "restore_stakeholder",
    "restore_touchpoints",
    "revisit",
    "set_stakeholder_emotion",
    "undo_revisit",
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
