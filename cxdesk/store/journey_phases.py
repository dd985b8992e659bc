"""The emotion map's phases and the handoff checklist into each (the riskiest moments)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update

from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.journey_map import (
    DEFAULT_PHASES,
    HandoffItemRecord,
    PhaseRecord,
    default_checklist,
)
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import (
    ITEM,
    PHASE,
    PHASES,
    clean_item_text,
    clean_map_name,
    delete_positioned,
    engagement_of_phase,
    insert_row,
    item_record,
    move_within,
    must_be_current,
    open_gap,
    phase_record,
    read_phases,
)
from cxdesk.store.workspace import get_or_refuse

# --- phases --------------------------------------------------------------------------


def add_default_phases(db: Database, engagement_id: int) -> tuple[PhaseRecord, ...]:
    """The three default phases, each handoff with its default checklist: the map's first step."""
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        if s.scalar(select(PHASE.c.id).where(PHASE.c.engagement_id == engagement_id).limit(1)):
            raise EditRefused(
                "This map already has phases: add more one at a time, or delete them first."
            )
        ids = []
        for index, name in enumerate(DEFAULT_PHASES):
            phase_id = insert_row(s, PHASE, engagement_id=engagement_id, position=index, name=name)
            ids.append(phase_id)
            seeds = default_checklist(index)
            if seeds:
                s.execute(
                    ITEM.insert(),
                    [
                        {"phase_id": phase_id, "position": i, "text": text, "done": 0}
                        for i, text in enumerate(seeds)
                    ],
                )
        return tuple(read_phases(s, PHASE.c.id.in_(ids)))


def add_phase(db: Database, engagement_id: int, name: str, at: int | None = None) -> PhaseRecord:
    """A new, empty phase at index ``at`` (the end when None); later phases shift along."""
    name = clean_map_name(name, "phase")
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        position = open_gap(s, PHASE, "engagement_id", engagement_id, at)
        return phase_record(
            s, insert_row(s, PHASE, engagement_id=engagement_id, position=position, name=name)
        )


def rename_phase(db: Database, phase_id: int, name: str, version: int | None = None) -> PhaseRecord:
    """Rename a phase; with ``version`` (the phase as the screen shows it), refused when
    somebody changed it since."""
    name = clean_map_name(name, "phase")
    with db.transaction() as s:
        must_be_current(s, PHASE, phase_id, "phase", version)
        s.execute(update(PHASE).where(PHASE.c.id == phase_id).values(name=name))
        return phase_record(s, phase_id)


def move_phase(db: Database, phase_id: int, to: int, shown: Sequence[int] | None = None) -> None:
    """Move a phase (its touchpoints and the checklist into it go with it) to index ``to``
    of the map's phases as the screen showed them (``shown``, their ids): refused when the
    phases it passes over were moved, added or deleted since."""
    with db.transaction() as s:
        engagement_id = engagement_of_phase(s, phase_id)
        move_within(s, PHASES, engagement_id, phase_id, to, shown)


def delete_phase(db: Database, phase_id: int) -> None:
    """Delete a phase with its touchpoints, their scores and its checklist."""
    with db.transaction() as s:
        delete_positioned(s, PHASE, "engagement_id", [phase_id], "phase")


# --- handoff checklists --------------------------------------------------------------


def add_handoff_item(
    db: Database, phase_id: int, text: str, at: int | None = None
) -> HandoffItemRecord:
    """An item on the checklist for handing the client over into ``phase_id``."""
    text = clean_item_text(text)
    with db.transaction() as s:
        engagement_of_phase(s, phase_id)
        position = open_gap(s, ITEM, "phase_id", phase_id, at)
        item_id = insert_row(s, ITEM, phase_id=phase_id, position=position, text=text, done=0)
        return item_record(s, item_id)


def add_default_checklist(db: Database, phase_id: int) -> tuple[HandoffItemRecord, ...]:
    """The default checklist for the handoff into this phase, after any items it has already
    (an item already there, in any letter case, is not added twice)."""
    with db.transaction() as s:
        engagement_of_phase(s, phase_id)
        index = s.scalar(select(PHASE.c.position).where(PHASE.c.id == phase_id))
        seeds = default_checklist(int(index or 0))
        if not seeds:
            raise EditRefused(
                "The first phase has no handoff into it, so it has no checklist of usual items."
            )
        have = s.scalars(select(ITEM.c.text).where(ITEM.c.phase_id == phase_id)).all()
        known = {text.casefold() for text in have}
        missing = [text for text in seeds if text.casefold() not in known]
        if not missing:
            raise EditRefused("This handoff already has every item of the usual checklist.")
        ids = []
        for text in missing:
            position = open_gap(s, ITEM, "phase_id", phase_id, None)
            ids.append(insert_row(s, ITEM, phase_id=phase_id, position=position, text=text, done=0))
        return tuple(item_record(s, item_id) for item_id in ids)


def update_handoff_item(
    db: Database,
    item_id: int,
    *,
    text: str | None = None,
    done: bool | None = None,
    version: int | None = None,
) -> HandoffItemRecord:
    """Reword an item and/or tick it (``done``); what is None stays as it is. With
    ``version`` (the item as the screen shows it), refused when somebody changed it since."""
    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = clean_item_text(text)
    if done is not None:
        if not isinstance(done, bool):
            raise EditRefused("A checklist item is either done or not.")
        values["done"] = int(done)
    with db.transaction() as s:
        must_be_current(s, ITEM, item_id, "checklist item", version)
        if values:
            s.execute(update(ITEM).where(ITEM.c.id == item_id).values(**values))
        return item_record(s, item_id)


def delete_handoff_item(db: Database, item_id: int) -> None:
    with db.transaction() as s:
        delete_positioned(s, ITEM, "phase_id", [item_id], "checklist item")
