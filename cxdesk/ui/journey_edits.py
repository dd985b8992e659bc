"""Undoable edits of the client emotion map, with targeted change signals.

Every change to the map — phases, touchpoints, emotions, stakeholders, handoff
checklists, revisits — is one step on the workspace's undo stack, so a consultant
building the map live in a workshop can take anything back with Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cxdesk.models.journey_map import (
    TOUCHPOINT_FIELD_LABELS,
    HandoffItemRecord,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.store import journey_map as store
from cxdesk.store.graveyard import BuriedRows
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

VIEW = TabKey.MAP
STAKEHOLDER_LABELS = {"name": "name", "role": "role", "influence": "influence", "notes": "notes"}


class JourneyEdits(QObject):
    """Store operations on an engagement's emotion map, each one undoable."""

    mapChanged = Signal(int)  # engagement id: phases, touchpoints, stakeholders... re-read
    touchpointChanged = Signal(object)  # TouchpointRecord: fields or stakeholder scores
    handoffItemChanged = Signal(object)  # HandoffItemRecord: ticked, unticked, reworded
    touchpointCreated = Signal(object)  # TouchpointRecord, after mapChanged (to select it)
    phaseCreated = Signal(object)  # PhaseRecord, after mapChanged
    revisitsChanged = Signal(int)  # engagement id, after mapChanged

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.db = ws.db

    # -- plumbing ------------------------------------------------------------------

    def _push(
        self, text: str, do: Callable[[], None], undo: Callable[[], None], engagement_id: int
    ) -> None:
        self.ws.push(text, do, undo, engagement_id, VIEW)

    def _changed(self, engagement_id: int) -> Callable[[], None]:
        return lambda: self.mapChanged.emit(engagement_id)

    def _push_many(
        self,
        text: str,
        engagement_id: int,
        create: Callable[[], Sequence[Any]],
        delete: Callable[[int], BuriedRows],
        restore: Callable[[BuriedRows], Any],
        announce: Callable[[Any], None] | None = None,
    ) -> None:
        """An undoable step creating several ordered rows at once (the default phases,
        a default checklist): undo buries them last-first, redo restores them first-first."""
        created: list[int] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if created:
                for rows in reversed(buried):
                    restore(rows)
                self.mapChanged.emit(engagement_id)
                return
            records = create()
            created.extend(r.id for r in records)
            self.mapChanged.emit(engagement_id)
            if announce is not None and records:
                announce(records[0])

        def undo() -> None:
            buried[:] = [delete(row_id) for row_id in reversed(created)]
            self.mapChanged.emit(engagement_id)

        self._push(text, do, undo, engagement_id)

    # -- phases --------------------------------------------------------------------

    def add_default_phases(self, engagement_id: int) -> None:
        self._push_many(
            "Start the map with the three default phases",
            engagement_id,
            lambda: store.add_default_phases(self.db, engagement_id),
            lambda phase_id: store.delete_phase(self.db, phase_id),
            lambda rows: store.restore_phase(self.db, rows),
            self.phaseCreated.emit,
        )

    def add_phase(self, engagement_id: int, name: str, at: int | None = None) -> None:
        self.ws.push_create(
            f"New phase “{name.strip()}”",
            lambda: store.add_phase(self.db, engagement_id, name, at),
            lambda phase_id: store.delete_phase(self.db, phase_id),
            self._changed(engagement_id),
            engagement_id,
            VIEW,
            self.phaseCreated.emit,
            restore=lambda rows: store.restore_phase(self.db, rows),
        )

    def rename_phase(self, phase: PhaseRecord, name: str) -> None:
        if name.strip() == phase.name:
            return

        def apply(new: str) -> Callable[[], None]:
            def step() -> None:
                store.rename_phase(self.db, phase.id, new)
                self.mapChanged.emit(phase.engagement_id)

            return step

        self._push(
            f"Rename phase “{phase.name}”", apply(name), apply(phase.name), phase.engagement_id
        )

    def move_phase(self, phase: PhaseRecord, to: int) -> None:
        if to == phase.position:
            return

        def apply(index: int) -> Callable[[], None]:
            def step() -> None:
                store.move_phase(self.db, phase.id, index)
                self.mapChanged.emit(phase.engagement_id)

            return step

        self._push(
            f"Move phase “{phase.name}”", apply(to), apply(phase.position), phase.engagement_id
        )

    def delete_phase(self, phase: PhaseRecord) -> None:
        self.ws.push_delete(
            f"Delete phase “{phase.name}”",
            lambda: store.delete_phase(self.db, phase.id),
            self._changed(phase.engagement_id),
            phase.engagement_id,
            VIEW,
            restore=lambda rows: store.restore_phase(self.db, rows),
        )

    # -- touchpoints ---------------------------------------------------------------

    def add_touchpoint(
        self, engagement_id: int, phase_id: int, at: int | None = None, **values: Any
    ) -> None:
        self.ws.push_create(
            "Add touchpoint",
            lambda: store.add_touchpoint(self.db, phase_id, at, **values),
            lambda touchpoint_id: store.delete_touchpoints(self.db, [touchpoint_id]),
            self._changed(engagement_id),
            engagement_id,
            VIEW,
            self.touchpointCreated.emit,
            restore=lambda rows: store.restore_touchpoints(self.db, rows),
        )

    def edit_touchpoint(self, touchpoint: TouchpointRecord, field: str, value: Any) -> None:
        old = getattr(touchpoint, field, None)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            return lambda: self.touchpointChanged.emit(
                store.update_touchpoint(self.db, touchpoint.id, field, v)
            )

        label = TOUCHPOINT_FIELD_LABELS.get(field, field).lower()
        self._push(
            f"Edit {label} of “{touchpoint.name}”",
            apply(value),
            apply(old),
            touchpoint.engagement_id,
        )

    def set_stakeholder_emotion(
        self, touchpoint: TouchpointRecord, stakeholder_id: int, score: int | None
    ) -> None:
        old = touchpoint.stakeholder_emotions.get(stakeholder_id)
        if old == score:
            return

        def apply(v: int | None) -> Callable[[], None]:
            return lambda: self.touchpointChanged.emit(
                store.set_stakeholder_emotion(self.db, touchpoint.id, stakeholder_id, v)
            )

        self._push(
            f"Score a stakeholder's emotion at “{touchpoint.name}”",
            apply(score),
            apply(old),
            touchpoint.engagement_id,
        )

    def move_touchpoint(self, touchpoint: TouchpointRecord, phase_id: int, to: int) -> None:
        if (phase_id, to) == (touchpoint.phase_id, touchpoint.position):
            return

        def apply(phase: int, index: int) -> Callable[[], None]:
            def step() -> None:
                store.move_touchpoint(self.db, touchpoint.id, phase, index)
                self.mapChanged.emit(touchpoint.engagement_id)

            return step

        self._push(
            f"Move touchpoint “{touchpoint.name}”",
            apply(phase_id, to),
            apply(touchpoint.phase_id, touchpoint.position),
            touchpoint.engagement_id,
        )

    def delete_touchpoints(self, engagement_id: int, touchpoint_ids: Sequence[int]) -> None:
        ids = list(touchpoint_ids)
        if not ids:
            return
        what = "touchpoint" if len(ids) == 1 else f"{len(ids)} touchpoints"
        self.ws.push_delete(
            f"Delete {what}",
            lambda: store.delete_touchpoints(self.db, ids),
            self._changed(engagement_id),
            engagement_id,
            VIEW,
            restore=lambda rows: store.restore_touchpoints(self.db, rows),
        )

    # -- stakeholders --------------------------------------------------------------

    def add_stakeholder(
        self,
        engagement_id: int,
        name: str,
        role: str = "",
        influence: str = "medium",
        notes: str = "",
    ) -> None:
        self.ws.push_create(
            f"New stakeholder “{name.strip()}”",
            lambda: store.add_stakeholder(self.db, engagement_id, name, role, influence, notes),
            lambda stakeholder_id: store.delete_stakeholder(self.db, stakeholder_id),
            self._changed(engagement_id),
            engagement_id,
            VIEW,
            restore=lambda rows: store.restore_stakeholder(self.db, rows),
        )

    def edit_stakeholder(self, stakeholder: StakeholderRecord, field: str, value: Any) -> None:
        old = getattr(stakeholder, field, None)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            def step() -> None:
                store.update_stakeholder(self.db, stakeholder.id, field, v)
                self.mapChanged.emit(stakeholder.engagement_id)

            return step

        label = STAKEHOLDER_LABELS.get(field, field)
        self._push(
            f"Edit {label} of “{stakeholder.name}”",
            apply(value),
            apply(old),
            stakeholder.engagement_id,
        )

    def move_stakeholder(self, stakeholder: StakeholderRecord, to: int) -> None:
        if to == stakeholder.position:
            return

        def apply(index: int) -> Callable[[], None]:
            def step() -> None:
                store.move_stakeholder(self.db, stakeholder.id, index)
                self.mapChanged.emit(stakeholder.engagement_id)

            return step

        self._push(
            f"Move stakeholder “{stakeholder.name}”",
            apply(to),
            apply(stakeholder.position),
            stakeholder.engagement_id,
        )

    def delete_stakeholder(self, stakeholder: StakeholderRecord) -> None:
        self.ws.push_delete(
            f"Delete stakeholder “{stakeholder.name}”",
            lambda: store.delete_stakeholder(self.db, stakeholder.id),
            self._changed(stakeholder.engagement_id),
            stakeholder.engagement_id,
            VIEW,
            restore=lambda rows: store.restore_stakeholder(self.db, rows),
        )

    # -- handoff checklists --------------------------------------------------------

    def add_handoff_item(self, engagement_id: int, phase_id: int, text: str) -> None:
        self.ws.push_create(
            "Add handoff checklist item",
            lambda: store.add_handoff_item(self.db, phase_id, text),
            lambda item_id: store.delete_handoff_item(self.db, item_id),
            self._changed(engagement_id),
            engagement_id,
            VIEW,
            restore=lambda rows: store.restore_handoff_items(self.db, rows),
        )

    def add_default_checklist(self, phase: PhaseRecord) -> None:
        self._push_many(
            f"Add the handoff checklist into “{phase.name}”",
            phase.engagement_id,
            lambda: store.add_default_checklist(self.db, phase.id),
            lambda item_id: store.delete_handoff_item(self.db, item_id),
            lambda rows: store.restore_handoff_items(self.db, rows),
        )

    def set_handoff_item_done(self, item: HandoffItemRecord, done: bool) -> None:
        if done == item.done:
            return

        def apply(value: bool) -> Callable[[], None]:
            return lambda: self.handoffItemChanged.emit(
                store.update_handoff_item(self.db, item.id, done=value)
            )

        verb = "Tick" if done else "Untick"
        self._push(f"{verb} “{item.text}”", apply(done), apply(item.done), item.engagement_id)

    def edit_handoff_item(self, item: HandoffItemRecord, text: str) -> None:
        if text.strip() == item.text:
            return

        def apply(value: str) -> Callable[[], None]:
            return lambda: self.handoffItemChanged.emit(
                store.update_handoff_item(self.db, item.id, text=value)
            )

        self._push(
            f"Reword handoff item “{item.text}”", apply(text), apply(item.text), item.engagement_id
        )

    def delete_handoff_item(self, item: HandoffItemRecord) -> None:
        self.ws.push_delete(
            f"Delete handoff item “{item.text}”",
            lambda: store.delete_handoff_item(self.db, item.id),
            self._changed(item.engagement_id),
            item.engagement_id,
            VIEW,
            restore=lambda rows: store.restore_handoff_items(self.db, rows),
        )

    # -- revisits ------------------------------------------------------------------

    def revisit(self, engagement_id: int, milestone_id: int, milestone_name: str) -> None:
        """Snapshot every emotion on the map at the milestone, for before/after."""
        done: list[store.RevisitUndo] = []

        def changed() -> None:
            self.mapChanged.emit(engagement_id)
            self.revisitsChanged.emit(engagement_id)

        def do() -> None:
            done[:] = [store.revisit(self.db, milestone_id)]
            changed()

        def undo() -> None:
            store.undo_revisit(self.db, done[0])
            changed()

        self._push(f"Revisit emotions at “{milestone_name}”", do, undo, engagement_id)
