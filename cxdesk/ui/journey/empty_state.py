"""What an engagement without a journey map shows: what the map is for, and how to start."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cxdesk.models.journey_map import DEFAULT_PHASES

TEXT_WIDTH = 620


class JourneyEmptyState(QWidget):
    """Why map the journey, the three default phases one click away, or a phase of one's own."""

    defaultPhasesRequested = Signal()
    ownPhaseRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        phases = " → ".join(escape(p) for p in DEFAULT_PHASES)
        self.text = QLabel(
            "<h2>Map the client's journey</h2>"
            "<p>Understand what the client <b>sees, feels and needs</b> across each "
            "touchpoint of the project, and catch pain points before they fester.</p>"
            "<p>Lay out the phases, add every moment the client meets your team, and score "
            "how they feel there, from −3 angry to +3 delighted: for the client overall "
            "and, if you like, for each stakeholder, since every client has internal "
            "politics, pressures and personas. The curve flags the lowest points; each "
            "handoff between phases gets a checklist, because that is where clients fall "
            "through the cracks.</p>"
            f"<p>The usual phases: <b>{phases}</b>, with the usual checklists for the "
            "Sales → Implementation and Implementation → Support handoffs.</p>"
        )
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.default_button = QPushButton("Start with the three usual phases")
        self.default_button.setToolTip(
            f"{' → '.join(DEFAULT_PHASES)}, with the two handoff checklists"
        )
        self.default_button.setDefault(True)
        self.default_button.clicked.connect(self.defaultPhasesRequested)
        self.own_button = QPushButton("Add a phase of my own")
        self.own_button.setToolTip("Add one phase and type its name (Ctrl+Shift+P)")
        self.own_button.clicked.connect(self.ownPhaseRequested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.own_button)
        buttons.addStretch(1)

        # A column of readable width in the middle; its label wraps to that width.
        column = QWidget()
        column.setMaximumWidth(TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(self.text)
        column_layout.addSpacing(8)
        column_layout.addLayout(buttons)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(column, 3)
        middle.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addLayout(middle)
        layout.addStretch(2)
        self.setFocusProxy(self.default_button)

    def set_enabled_for(self, has_engagement: bool) -> None:
        """Without an engagement there is nothing to add phases to."""
        self.default_button.setEnabled(has_engagement)
        self.own_button.setEnabled(has_engagement)
