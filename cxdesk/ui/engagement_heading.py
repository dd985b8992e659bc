"""An engagement's heading: "client — engagement", its journey phase and the next step.

Shown above the tabs by the engagement page, and by the first frame at start-up before
the store has loaded (so both look the same); choosing a phase is the page's to save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cxdesk.models.engagement_records import EngagementRecord
from cxdesk.models.journey import JourneyPhase

HANDOFF_HINT = {
    JourneyPhase.MARKETING_SALES: "Next: the Sales → Implementation handoff, a risky moment.",
    JourneyPhase.IMPLEMENTATION: "Next: the Implementation → Support handoff, a risky moment.",
    JourneyPhase.SUPPORT_SUCCESS: "Keep revalidating: expectations drift after go-live too.",
}


class EngagementHeading(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phase = QComboBox()
        for phase in JourneyPhase:
            self.phase.addItem(phase.label, phase.value)
        self.phase.setToolTip("Where the engagement stands in the client's journey")
        self.phase_hint = QLabel()
        self.phase_hint.setEnabled(False)
        self.phase_hint.setWordWrap(True)
        phase_label = QLabel("&Journey phase:")
        phase_label.setBuddy(self.phase)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(phase_label)
        heading.addWidget(self.phase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.phase_hint)

    def show_engagement(self, client_name: str, engagement: EngagementRecord | None) -> None:
        if engagement is None:
            self.title.clear()
            return
        self.title.setText(f"{client_name} — {engagement.name}")
        phase = JourneyPhase(engagement.journey_phase)
        self.phase.setCurrentIndex(self.phase.findData(phase.value))
        self.phase_hint.setText(HANDOFF_HINT[phase])
