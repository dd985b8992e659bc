"""The Overview tab as it looks: the quadrant's place, where "now" is, the key numbers.

:class:`OverviewLayout` builds the widgets and shows an :class:`Overview` in them; it
reads nothing, saves nothing and draws no chart. The tab
(:class:`cxdesk.ui.overview.tab.OverviewTab`) adds where the Overview comes from, the
quadrant and pulse charts (pyqtgraph, built on first show) and the override; the first
frame at start-up shows this layout as it is, read-only, with the Overview computed from
plain ``sqlite3`` reads before the store has loaded, so the two cannot look different.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.overview import Overview
from cxdesk.models.quadrant import EXPERIENCE_FORMULA, VALUE_FORMULA, Axis
from cxdesk.ui.overview.numbers import KeyNumbersPanel
from cxdesk.ui.overview.texts import missing_advice, point_html

CHART_LOADING = "Loading the quadrant…"
PULSE_LOADING = "Loading the pulse trend…"


def _heading_font(widget: QWidget, scale: float) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


class OverviewLayout(QWidget):
    """The Overview's widgets. ``editable`` False (the first frame): the override stays
    off whatever is shown, as nothing can be saved before the store is ready."""

    def __init__(self, parent: QWidget | None = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.editable = editable
        self.overview: Overview | None = None
        # What it does is the tab's (it saves); the first frame shows it, disabled.
        self.override_action = QAction("&Override a score…", self)
        self.override_action.setToolTip(
            "Replace a computed score with your own judgement, and say why"
        )
        self.addAction(self.override_action)
        self._build_layout()
        self.show_overview(None)

    # -- construction --------------------------------------------------------------

    def _build_layout(self) -> None:
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel(CHART_LOADING)
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.quadrant_title = QLabel()
        self.quadrant_title.setFont(_heading_font(self, 1.6))
        self.quadrant_title.setWordWrap(True)
        self.quadrant_advice = QLabel()
        self.quadrant_advice.setFont(_heading_font(self, 1.15))
        self.quadrant_advice.setWordWrap(True)
        self.point_text = QLabel()
        self.point_text.setWordWrap(True)
        self.point_text.setTextFormat(Qt.TextFormat.RichText)
        self.point_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override_button = QPushButton(self.override_action.text())
        self.override_button.setToolTip(self.override_action.toolTip())
        self.override_button.clicked.connect(self.override_action.trigger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)

        numbers_title = QLabel("Is the gap closing?")
        numbers_title.setFont(_heading_font(self, 1.1))
        self.numbers = KeyNumbersPanel()
        formulas_title = QLabel("How the quadrant is computed")
        formulas_title.setFont(_heading_font(self, 1.0))
        self.formulas = QLabel(f"{VALUE_FORMULA}\n\n{EXPERIENCE_FORMULA}")
        self.formulas.setWordWrap(True)
        self.formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = QFont(self.formulas.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.formulas.setFont(small)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 8, 4)
        side_layout.addWidget(self.quadrant_title)
        side_layout.addWidget(self.quadrant_advice)
        side_layout.addWidget(self.point_text)
        side_layout.addLayout(buttons)
        side_layout.addSpacing(8)
        side_layout.addWidget(numbers_title)
        side_layout.addWidget(self.numbers)
        side_layout.addSpacing(8)
        side_layout.addWidget(formulas_title)
        side_layout.addWidget(self.formulas)
        side_layout.addStretch(1)
        self.side = QScrollArea()
        self.side.setWidget(side)
        self.side.setWidgetResizable(True)
        self.side.setFrameShape(QFrame.Shape.NoFrame)
        self.side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.setMinimumWidth(300)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.chart_holder)
        top.addWidget(self.side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([560, 380])
        top.setChildrenCollapsible(False)
        self.top = top

        self.pulse_holder = QWidget()
        self.pulse_layout = QVBoxLayout(self.pulse_holder)
        self.pulse_layout.setContentsMargins(0, 0, 0, 0)
        # Holds the pulse trend's place until the tab builds it, so the quadrant's area
        # does not shrink when the chart (or the real page after the first frame) arrives.
        self.pulse_placeholder = QLabel(PULSE_LOADING)
        self.pulse_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pulse_layout.addWidget(self.pulse_placeholder)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.pulse_holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 150])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    # -- what is shown -------------------------------------------------------------

    def show_overview(self, overview: Overview | None) -> None:
        """Where "now" is on the quadrant, how it was computed, and the key numbers."""
        self.overview = overview
        can_override = self.editable and overview is not None
        self.override_action.setEnabled(can_override)
        self.override_button.setEnabled(can_override)
        if overview is None:
            self.quadrant_title.setText("")
            self.quadrant_advice.setText("")
            self.point_text.setText("")
            self.point_text.setToolTip("")
            self.numbers.set_numbers([])
            return
        now = overview.now
        where = now.quadrant
        if where is None:
            self.quadrant_title.setText("Now: not on the quadrant yet")
            self.quadrant_advice.setText(missing_advice(now))
        else:
            self.quadrant_title.setText(f"Now: {where.label}")
            self.quadrant_advice.setText(where.advice)
        font = self.quadrant_advice.font()
        font.setBold(where is not None)  # the advice stands out; a to-do list need not
        self.quadrant_advice.setFont(font)
        self.point_text.setText(point_html(now))
        tips = [
            f"{axis.label}: set by hand to {score.override:.1f} because “{score.reason}”"
            for axis, score in ((Axis.VALUE, now.value), (Axis.EXPERIENCE, now.experience))
            if score.is_overridden
        ]
        self.point_text.setToolTip("\n".join(tips))
        self.numbers.set_numbers(overview.key_numbers)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.numbers.refresh_colours()
