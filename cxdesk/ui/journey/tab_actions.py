"""The Emotion map tab's commands: adding, deleting and moving phases and touchpoints,
the stakeholders, revisiting at a milestone; their shortcuts, buttons and Edit menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton, QStyle, QToolButton, QWidget

from cxdesk.models.journey_map import PhaseRecord, TouchpointRecord
from cxdesk.models.wording import counted
from cxdesk.store import workspace as workspace_store
from cxdesk.ui.editing import commit_pending_edit
from cxdesk.ui.journey.grid_model import LaneKind
from cxdesk.ui.journey.revisit_dialog import GO_TO_MATRIX, RevisitDialog
from cxdesk.ui.journey.stakeholders import StakeholdersDialog
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.models.journey_map import JourneyMap
    from cxdesk.ui.journey.grid_view import JourneyGrid
    from cxdesk.ui.workspace import Workspace

NEW_PHASE_NAME = "New phase"


class JourneyActions:
    """Mixed into :class:`~cxdesk.ui.journey.tab.JourneyTab` (a QWidget)."""

    ws: Workspace
    engagement_id: int | None
    journey: JourneyMap
    grid: JourneyGrid

    def say(self, message: str) -> None: ...

    if TYPE_CHECKING:  # the QWidget's own, not shadowed at run time

        def isVisible(self) -> bool: ...

    # -- construction --------------------------------------------------------------

    def _action(
        self, text: str, shortcut: str, slot: object, tip: str, *, on_grid: bool = False
    ) -> QAction:
        """An action whose keys work anywhere in the tab, or (``on_grid``) only in the grid:
        Ctrl+Delete in a checklist must not delete the touchpoints selected in the grid."""
        tab: QWidget = self  # type: ignore[assignment]
        action = QAction(text, tab)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
        # Save the cell being typed in first: the command reloads the grid (Ctrl+N in a
        # workshop, straight after typing a touchpoint's name).
        action.triggered.connect(commit_pending_edit)
        action.triggered.connect(slot)
        (self.grid if on_grid else tab).addAction(action)
        return action

    def build_actions(self) -> None:
        self.add_phase_action = self._action(
            "Add &phase", "Ctrl+Shift+P", self.add_phase, "Add a phase after the current one"
        )
        self.add_touchpoint_action = self._action(
            "Add &touchpoint",
            "Ctrl+N",
            self.add_touchpoint,
            "Add a touchpoint after the current one and type its name",
        )
        self.delete_action = self._action(
            "&Delete touchpoints",
            "Ctrl+Delete",
            self.delete_selected,
            "Delete the selected touchpoints, or the phase when on the phase lane",
            on_grid=True,
        )
        self.move_left_action = self._action(
            "Move l&eft",
            "Ctrl+Shift+Left",
            lambda: self.move_current(-1),
            "Move the touchpoint (on the phase lane, the phase) earlier",
            on_grid=True,
        )
        self.move_right_action = self._action(
            "Move r&ight",
            "Ctrl+Shift+Right",
            lambda: self.move_current(1),
            "Move the touchpoint (on the phase lane, the phase) later",
            on_grid=True,
        )
        self.stakeholders_action = self._action(
            "&Stakeholders…",
            "Ctrl+Shift+K",
            self.edit_stakeholders,
            "The client's stakeholders, each with their own emotion lane",
        )
        self.revisit_action = self._action(
            "Re&visit at milestone…",
            "Ctrl+R",
            self.revisit,
            "Record every emotion on the map now, to compare with later",
        )
        style = self.grid.style()
        self.delete_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.move_left_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowLeft))
        self.move_right_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowRight))

    def toolbar_buttons(self) -> list[QWidget]:
        buttons: list[QWidget] = []
        for action, text in (
            (self.add_phase_action, "+ Phase"),
            (self.add_touchpoint_action, "+ Touchpoint"),
            (self.delete_action, "Delete"),
        ):
            buttons.append(self._push_button(action, text))
            if action is self.delete_action:
                self.delete_button = buttons[-1]
        for action in (self.move_left_action, self.move_right_action):
            tool = QToolButton()
            tool.setDefaultAction(action)
            tool.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            buttons.append(tool)
        buttons.append(self._push_button(self.stakeholders_action, "Stakeholders…"))
        buttons.append(self._push_button(self.revisit_action, "Revisit…"))
        return buttons

    def _push_button(self, action: QAction, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setIcon(action.icon())
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        return button

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [
            self.add_touchpoint_action,
            self.add_phase_action,
            self.delete_action,
            self.move_left_action,
            self.move_right_action,
            self.stakeholders_action,
            self.revisit_action,
        ]

    # -- where the consultant is ---------------------------------------------------

    def on_phase_lane(self) -> bool:
        index = self.grid.currentIndex()
        lane = self.grid.grid_model.lane(index.row()) if index.isValid() else None
        return lane is not None and lane.kind is LaneKind.PHASE

    def current_phase(self) -> PhaseRecord | None:
        slot = self.grid.current_slot()
        return slot.phase if slot is not None else None

    def current_touchpoint(self) -> TouchpointRecord | None:
        slot = self.grid.current_slot()
        return slot.touchpoint if slot is not None else None

    def update_actions(self, *_args: object) -> None:
        has_map = self.engagement_id is not None and not self.journey.is_empty
        phase = self.current_phase()
        on_phase = self.on_phase_lane()
        touchpoints = self.grid.selected_touchpoints() if has_map else []
        self.add_phase_action.setEnabled(self.engagement_id is not None)
        self.add_touchpoint_action.setEnabled(has_map)
        self.stakeholders_action.setEnabled(self.engagement_id is not None)
        self.revisit_action.setEnabled(has_map)
        if on_phase and phase is not None:
            self.delete_action.setText("&Delete phase")
            self.delete_action.setEnabled(True)
            self.move_left_action.setEnabled(phase.position > 0)
            self.move_right_action.setEnabled(phase.position < len(self.journey.phases) - 1)
        else:
            n = len(touchpoints)
            self.delete_action.setText(
                "&Delete touchpoint" if n <= 1 else f"&Delete {n} touchpoints"
            )
            self.delete_action.setEnabled(n > 0)
            touchpoint = self.current_touchpoint()
            first = touchpoint is not None and phase is not None and self._is_first(touchpoint)
            last = touchpoint is not None and phase is not None and self._is_last(touchpoint)
            self.move_left_action.setEnabled(touchpoint is not None and not first)
            self.move_right_action.setEnabled(touchpoint is not None and not last)

    def _is_first(self, touchpoint: TouchpointRecord) -> bool:
        touchpoints = self.journey.touchpoints()
        return bool(touchpoints) and touchpoints[0].id == touchpoint.id

    def _is_last(self, touchpoint: TouchpointRecord) -> bool:
        touchpoints = self.journey.touchpoints()
        return bool(touchpoints) and touchpoints[-1].id == touchpoint.id

    # -- selecting and editing what was just added ---------------------------------

    def edit_touchpoint_name(self, touchpoint_id: int) -> None:
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        self.grid.edit_touchpoint_name(touchpoint_id)

    def select_phase(self, phase_id: int, *, edit: bool = False) -> None:
        if not self.grid.select_phase(phase_id):
            return
        if edit:
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
            self.grid.edit(self.grid.currentIndex())

    # -- commands ------------------------------------------------------------------

    def add_default_phases(self) -> None:
        if self.engagement_id is None:
            return
        phases = self.ws.journey.add_default_phases(self.engagement_id)
        if phases and self.isVisible():
            self.select_phase(phases[0].id)

    def add_phase(self) -> None:
        if self.engagement_id is None:
            return
        phase = self.current_phase()
        at = phase.position + 1 if phase is not None else None
        added = self.ws.journey.add_phase(self.engagement_id, NEW_PHASE_NAME, at)
        if added is not None and self.isVisible():
            self.select_phase(added.id, edit=True)  # the consultant types its name at once

    def add_touchpoint(self) -> None:
        if self.engagement_id is None or self.journey.is_empty:
            return
        slot = self.grid.current_slot()
        if slot is None:
            phase, at = self.journey.phases[-1], None
        else:
            phase = slot.phase
            at = slot.touchpoint.position + 1 if slot.touchpoint is not None else None
        added = self.ws.journey.add_touchpoint(self.engagement_id, phase.id, at)
        if added is not None and self.isVisible():
            # Live in a workshop: the new touchpoint's name is ready to be typed over.
            self.edit_touchpoint_name(added.id)

    def delete_selected(self) -> None:
        if self.engagement_id is None:
            return
        phase = self.current_phase()
        if self.on_phase_lane() and phase is not None:
            self.delete_phase(phase)
            return
        touchpoints = self.grid.selected_touchpoints()
        if touchpoints:
            self.ws.journey.delete_touchpoints(self.engagement_id, [t.id for t in touchpoints])

    def delete_phase(self, phase: PhaseRecord) -> None:
        n = len(phase.touchpoints)
        if n:
            items = len(phase.handoff)
            checklist = f", and the {items}-item handoff checklist into it" if items else ""
            answer = QMessageBox.question(
                self,  # type: ignore[arg-type]
                "Delete phase",
                f"Delete the phase “{phase.name}” with its {counted(n, 'touchpoint')}"
                f" (their emotions and notes){checklist}?\n\n"
                "Edit > Undo brings it all back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ws.journey.delete_phase(phase)

    def move_current(self, step: int) -> None:
        phase = self.current_phase()
        if phase is None:
            return
        if self.on_phase_lane():
            target = phase.position + step
            if 0 <= target < len(self.journey.phases):
                shown = [p.id for p in self.journey.phases]
                self.ws.journey.move_phase(phase, target, shown)
                self.select_phase(phase.id)
            return
        touchpoint = self.current_touchpoint()
        if touchpoint is None:
            return
        target = touchpoint.position + step
        if 0 <= target < len(phase.touchpoints):
            shown = [t.id for t in phase.touchpoints]
            self.ws.journey.move_touchpoint(touchpoint, phase.id, target, shown)
        else:
            # Past the edge of its phase: into the neighbouring phase, at the near end.
            neighbour_at = phase.position + step
            if not 0 <= neighbour_at < len(self.journey.phases):
                return
            neighbour = self.journey.phases[neighbour_at]
            to = len(neighbour.touchpoints) if step < 0 else 0
            shown = [t.id for t in neighbour.touchpoints]
            self.ws.journey.move_touchpoint(touchpoint, neighbour.id, to, shown)
        self.grid.select_touchpoint(touchpoint.id)

    def edit_stakeholders(self) -> None:
        if self.engagement_id is None:
            return
        dialog = StakeholdersDialog(self.ws, self.engagement_id, self)  # type: ignore[arg-type]
        dialog.exec()
        dialog.deleteLater()

    def revisit(self) -> None:
        if self.engagement_id is None:
            return
        milestones = workspace_store.list_milestones(self.ws.db, self.engagement_id)
        dialog = RevisitDialog(milestones, self.journey.revisits, self)  # type: ignore[arg-type]
        result = dialog.exec()
        chosen = dialog.chosen()
        dialog.deleteLater()
        if result == GO_TO_MATRIX:
            self.ws.focusView.emit(TabKey.MATRIX)
        elif (
            result
            and chosen is not None
            and self.ws.journey.revisit(self.engagement_id, chosen.id, chosen.name) is not None
        ):
            self.say(
                f"Emotions recorded at “{chosen.name}”. Later, choose it in "
                "“Compare with” to see what changed."
            )
