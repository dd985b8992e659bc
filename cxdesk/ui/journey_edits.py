"""The emotion map's edits as the UI calls them: each one operation on the workspace.

Every change to the map — phases, touchpoints, emotions, stakeholders, handoff
checklists, revisits — is one step on the workspace's undo stack, so a consultant
building the map live in a workshop can take anything back with Ctrl+Z. The operations
are in :mod:`cxdesk.ops.journey`; the screens hear of every change (and its undo) from
``Workspace.changed``. Each method returns the operation's value, or None when it was
refused (the person has been told why) or there was nothing to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxdesk.models.journey_map import (
    HandoffItemRecord,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.ops import journey as ops
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

VIEW = TabKey.MAP
# The tables of the map, for screens filtering Workspace.changed.
MAP_TABLES = (
    "map_phase",
    "touchpoint",
    "stakeholder",
    "stakeholder_emotion",
    "handoff_item",
    "emotion_revisit",
    "emotion_snapshot",
    "stakeholder_emotion_snapshot",
)


class JourneyEdits:
    """An engagement's emotion map, edited one undoable operation at a time."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # -- phases --------------------------------------------------------------------

    def add_default_phases(self, engagement_id: int) -> tuple[PhaseRecord, ...] | None:
        return self._ws.run(ops.add_default_phases(engagement_id), VIEW)

    def add_phase(self, engagement_id: int, name: str, at: int | None = None) -> PhaseRecord | None:
        return self._ws.run(ops.add_phase(engagement_id, name, at), VIEW)

    def rename_phase(self, phase: PhaseRecord, name: str) -> PhaseRecord | None:
        return self._ws.run(ops.rename_phase(phase, name), VIEW)

    def move_phase(self, phase: PhaseRecord, to: int, shown: Sequence[int] | None = None) -> None:
        """``shown``: the phases' ids as the screen shows them (checked against the map now)."""
        self._ws.run(ops.move_phase(phase, to, shown), VIEW)

    def delete_phase(self, phase: PhaseRecord) -> None:
        self._ws.run(ops.delete_phase(phase), VIEW)

    # -- touchpoints ---------------------------------------------------------------

    def add_touchpoint(
        self, engagement_id: int, phase_id: int, at: int | None = None, **values: Any
    ) -> TouchpointRecord | None:
        return self._ws.run(ops.add_touchpoint(engagement_id, phase_id, at, **values), VIEW)

    def edit_touchpoint(
        self, touchpoint: TouchpointRecord, field: str, value: Any
    ) -> TouchpointRecord | None:
        return self._ws.run(ops.edit_touchpoint(touchpoint, field, value), VIEW)

    def set_stakeholder_emotion(
        self, touchpoint: TouchpointRecord, stakeholder_id: int, score: int | None
    ) -> TouchpointRecord | None:
        return self._ws.run(ops.set_stakeholder_emotion(touchpoint, stakeholder_id, score), VIEW)

    def move_touchpoint(
        self,
        touchpoint: TouchpointRecord,
        phase_id: int,
        to: int,
        shown: Sequence[int] | None = None,
    ) -> None:
        """``shown``: the ids of ``phase_id``'s touchpoints as the screen shows them."""
        self._ws.run(ops.move_touchpoint(touchpoint, phase_id, to, shown), VIEW)

    def delete_touchpoints(self, engagement_id: int, touchpoint_ids: Sequence[int]) -> None:
        self._ws.run(ops.delete_touchpoints(engagement_id, touchpoint_ids), VIEW)

    # -- stakeholders --------------------------------------------------------------

    def add_stakeholder(
        self,
        engagement_id: int,
        name: str,
        role: str = "",
        influence: str = "medium",
        notes: str = "",
    ) -> StakeholderRecord | None:
        return self._ws.run(ops.add_stakeholder(engagement_id, name, role, influence, notes), VIEW)

    def edit_stakeholder(
        self, stakeholder: StakeholderRecord, field: str, value: Any
    ) -> StakeholderRecord | None:
        return self._ws.run(ops.edit_stakeholder(stakeholder, field, value), VIEW)

    def move_stakeholder(
        self, stakeholder: StakeholderRecord, to: int, shown: Sequence[int] | None = None
    ) -> None:
        """``shown``: the stakeholders' ids as the screen shows them."""
        self._ws.run(ops.move_stakeholder(stakeholder, to, shown), VIEW)

    def delete_stakeholder(self, stakeholder: StakeholderRecord) -> None:
        self._ws.run(ops.delete_stakeholder(stakeholder), VIEW)

    # -- handoff checklists --------------------------------------------------------

    def add_handoff_item(
        self, engagement_id: int, phase_id: int, text: str
    ) -> HandoffItemRecord | None:
        return self._ws.run(ops.add_handoff_item(engagement_id, phase_id, text), VIEW)

    def add_default_checklist(self, phase: PhaseRecord) -> tuple[HandoffItemRecord, ...] | None:
        return self._ws.run(ops.add_default_checklist(phase), VIEW)

    def set_handoff_item_done(
        self, item: HandoffItemRecord, done: bool
    ) -> HandoffItemRecord | None:
        return self._ws.run(ops.set_handoff_item_done(item, done), VIEW)

    def edit_handoff_item(self, item: HandoffItemRecord, text: str) -> HandoffItemRecord | None:
        return self._ws.run(ops.edit_handoff_item(item, text), VIEW)

    def delete_handoff_item(self, item: HandoffItemRecord) -> None:
        self._ws.run(ops.delete_handoff_item(item), VIEW)

    # -- revisits ------------------------------------------------------------------

    def revisit(self, engagement_id: int, milestone_id: int, milestone_name: str) -> int | None:
        """Snapshot every emotion on the map at the milestone, for before/after; the
        revisit's id, None when refused."""
        return self._ws.run(ops.revisit(engagement_id, milestone_id, milestone_name), VIEW)
