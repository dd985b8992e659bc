"""Operations on the client emotion map: phases, touchpoints, emotions, stakeholders,
handoff checklists and revisits.

Each function builds the :class:`~cxdesk.ops.Operation` for one thing a consultant does
on the map, with the words Edit > Undo shows, or returns None when nothing would change.
Undo is the journal's: a deleted phase comes back with its touchpoints, their scores and
its checklist under the same ids, and the neighbours a step renumbered move back.
Field edits carry the version of the record the screen shows, so an edit made on a row
somebody changed since is refused (``StaleRow``) instead of written over their change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxdesk.models.journey_map import (
    TOUCHPOINT_FIELD_LABELS,
    HandoffItemRecord,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.ops.conflicts import edit_told, emotion_edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import journey_map as store
from cxdesk.store.database import Database

STAKEHOLDER_LABELS = {"name": "name", "role": "role", "influence": "influence", "notes": "notes"}


# --- phases --------------------------------------------------------------------------


def add_default_phases(engagement_id: int) -> Operation[tuple[PhaseRecord, ...]]:
    """The three default phases with their checklists; the phases are the value."""
    return Operation(
        "Start the map with the three default phases",
        lambda db: store.add_default_phases(db, engagement_id),
        engagement_id,
    )


def add_phase(engagement_id: int, name: str, at: int | None = None) -> Operation[PhaseRecord]:
    return Operation(
        f"New phase “{name.strip()}”",
        lambda db: store.add_phase(db, engagement_id, name, at),
        engagement_id,
    )


def rename_phase(phase: PhaseRecord, name: str) -> Operation[PhaseRecord] | None:
    if name.strip() == phase.name:
        return None
    return Operation(
        f"Rename phase “{phase.name}”",
        lambda db: edit_told(
            db,
            "map_phase",
            phase,
            "phase",
            lambda: store.rename_phase(db, phase.id, name, version=phase.version),
        ),
        phase.engagement_id,
    )


def move_phase(
    phase: PhaseRecord, to: int, shown: Sequence[int] | None = None
) -> Operation[None] | None:
    """To index ``to`` of the phases as the screen shows them (``shown``, their ids)."""
    if to == phase.position:
        return None
    return Operation(
        f"Move phase “{phase.name}”",
        lambda db: store.move_phase(db, phase.id, to, shown),
        phase.engagement_id,
    )


def delete_phase(phase: PhaseRecord) -> Operation[None]:
    return Operation(
        f"Delete phase “{phase.name}”",
        lambda db: store.delete_phase(db, phase.id),
        phase.engagement_id,
    )


# --- touchpoints ---------------------------------------------------------------------


def add_touchpoint(
    engagement_id: int, phase_id: int, at: int | None = None, **values: Any
) -> Operation[TouchpointRecord]:
    return Operation(
        "Add touchpoint",
        lambda db: store.add_touchpoint(db, phase_id, at, **values),
        engagement_id,
    )


def edit_touchpoint(
    touchpoint: TouchpointRecord, field: str, value: Any
) -> Operation[TouchpointRecord] | None:
    if getattr(touchpoint, field, None) == value:
        return None
    label = TOUCHPOINT_FIELD_LABELS.get(field, field).lower()
    return Operation(
        f"Edit {label} of “{touchpoint.name}”",
        lambda db: edit_told(
            db,
            "touchpoint",
            touchpoint,
            "touchpoint",
            lambda: store.update_touchpoint(
                db, touchpoint.id, field, value, version=touchpoint.version
            ),
        ),
        touchpoint.engagement_id,
    )


def set_stakeholder_emotion(
    touchpoint: TouchpointRecord, stakeholder_id: int, score: int | None
) -> Operation[TouchpointRecord] | None:
    if touchpoint.stakeholder_emotions.get(stakeholder_id) == score:
        return None
    return Operation(
        f"Score a stakeholder's emotion at “{touchpoint.name}”",
        lambda db: emotion_edit_told(
            db,
            touchpoint,
            stakeholder_id,
            lambda: store.set_stakeholder_emotion(
                db, touchpoint.id, stakeholder_id, score, touchpoint.stakeholder_emotions
            ),
        ),
        touchpoint.engagement_id,
    )


def move_touchpoint(
    touchpoint: TouchpointRecord, phase_id: int, to: int, shown: Sequence[int] | None = None
) -> Operation[None] | None:
    """To index ``to`` of ``phase_id``: its own phase or a neighbour. ``shown``: the ids of
    that phase's touchpoints as the screen shows them (the move is checked against them)."""
    if (phase_id, to) == (touchpoint.phase_id, touchpoint.position):
        return None
    shown_in = touchpoint.phase_id if shown is not None else None
    return Operation(
        f"Move touchpoint “{touchpoint.name}”",
        lambda db: store.move_touchpoint(db, touchpoint.id, phase_id, to, shown, shown_in),
        touchpoint.engagement_id,
    )


def delete_touchpoints(engagement_id: int, touchpoint_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(touchpoint_ids)
    if not ids:
        return None
    what = "touchpoint" if len(ids) == 1 else f"{len(ids)} touchpoints"

    def run(db: Database) -> None:
        store.delete_touchpoints(db, ids)

    return Operation(f"Delete {what}", run, engagement_id)


# --- stakeholders --------------------------------------------------------------------


def add_stakeholder(
    engagement_id: int,
    name: str,
    role: str = "",
    influence: str = "medium",
    notes: str = "",
) -> Operation[StakeholderRecord]:
    return Operation(
        f"New stakeholder “{name.strip()}”",
        lambda db: store.add_stakeholder(db, engagement_id, name, role, influence, notes),
        engagement_id,
    )


def edit_stakeholder(
    stakeholder: StakeholderRecord, field: str, value: Any
) -> Operation[StakeholderRecord] | None:
    if getattr(stakeholder, field, None) == value:
        return None
    label = STAKEHOLDER_LABELS.get(field, field)
    return Operation(
        f"Edit {label} of “{stakeholder.name}”",
        lambda db: edit_told(
            db,
            "stakeholder",
            stakeholder,
            "stakeholder",
            lambda: store.update_stakeholder(
                db, stakeholder.id, field, value, version=stakeholder.version
            ),
        ),
        stakeholder.engagement_id,
    )


def move_stakeholder(
    stakeholder: StakeholderRecord, to: int, shown: Sequence[int] | None = None
) -> Operation[None] | None:
    """To index ``to`` of the stakeholders as the screen shows them (``shown``, their ids)."""
    if to == stakeholder.position:
        return None
    return Operation(
        f"Move stakeholder “{stakeholder.name}”",
        lambda db: store.move_stakeholder(db, stakeholder.id, to, shown),
        stakeholder.engagement_id,
    )


def delete_stakeholder(stakeholder: StakeholderRecord) -> Operation[None]:
    """The person goes with every score they gave."""
    return Operation(
        f"Delete stakeholder “{stakeholder.name}”",
        lambda db: store.delete_stakeholder(db, stakeholder.id),
        stakeholder.engagement_id,
    )


# --- handoff checklists --------------------------------------------------------------


def add_handoff_item(engagement_id: int, phase_id: int, text: str) -> Operation[HandoffItemRecord]:
    return Operation(
        "Add handoff checklist item",
        lambda db: store.add_handoff_item(db, phase_id, text),
        engagement_id,
    )


def add_default_checklist(phase: PhaseRecord) -> Operation[tuple[HandoffItemRecord, ...]]:
    return Operation(
        f"Add the handoff checklist into “{phase.name}”",
        lambda db: store.add_default_checklist(db, phase.id),
        phase.engagement_id,
    )


def set_handoff_item_done(
    item: HandoffItemRecord, done: bool
) -> Operation[HandoffItemRecord] | None:
    if done == item.done:
        return None
    verb = "Tick" if done else "Untick"
    return Operation(
        f"{verb} “{item.text}”",
        lambda db: edit_told(
            db,
            "handoff_item",
            item,
            "handoff item",
            lambda: store.update_handoff_item(db, item.id, done=done, version=item.version),
        ),
        item.engagement_id,
    )


def edit_handoff_item(item: HandoffItemRecord, text: str) -> Operation[HandoffItemRecord] | None:
    if text.strip() == item.text:
        return None
    return Operation(
        f"Reword handoff item “{item.text}”",
        lambda db: edit_told(
            db,
            "handoff_item",
            item,
            "handoff item",
            lambda: store.update_handoff_item(db, item.id, text=text, version=item.version),
        ),
        item.engagement_id,
    )


def delete_handoff_item(item: HandoffItemRecord) -> Operation[None]:
    return Operation(
        f"Delete handoff item “{item.text}”",
        lambda db: store.delete_handoff_item(db, item.id),
        item.engagement_id,
    )


# --- revisits ------------------------------------------------------------------------


def revisit(engagement_id: int, milestone_id: int, milestone_name: str) -> Operation[int]:
    """Snapshot every emotion on the map at the milestone (replacing an earlier revisit
    there, which undo brings back); the revisit's id is the value."""
    return Operation(
        f"Revisit emotions at “{milestone_name}”",
        lambda db: store.revisit(db, milestone_id),
        engagement_id,
    )
