"""Override one axis of one quadrant point with a manual score, and say why.

The reason is required: the Overview shows it beside the score, so a judgement is never
mistaken for a measurement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, MIDPOINT, Axis, AxisScore, PathPoint
from cxdesk.store.overview import REASON_MAX

REASON_HINT = "Say why you are overriding the computed score: it is shown beside the score."
SCORE_STEP = 0.5


@dataclass(frozen=True, slots=True)
class OverrideChoice:
    milestone_id: int | None  # None: now
    axis: Axis
    score: float | None  # None: clear the override
    reason: str


def axis_of(point: PathPoint, axis: Axis) -> AxisScore:
    return point.value if axis is Axis.VALUE else point.experience


class OverrideDialog(QDialog):
    def __init__(
        self,
        path: Sequence[PathPoint],
        milestone_id: int | None = None,
        axis: Axis = Axis.VALUE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override a score")
        self.path = list(path)
        self._clear = False

        self.point_box = QComboBox()
        for point in self.path:
            self.point_box.addItem(point.label, point.milestone_id)
        self.axis_box = QComboBox()
        for a in Axis:
            self.axis_box.addItem(a.label, a.value)
        self.computed = QLabel()
        self.score = QDoubleSpinBox()
        self.score.setRange(AXIS_MIN, AXIS_MAX)
        self.score.setSingleStep(SCORE_STEP)
        self.score.setDecimals(1)
        self.score.setToolTip("0 = far below what was expected, 5 = as expected, 10 = far above")
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText("e.g. the pilot saved them two FTE")
        self.hint = QLabel(REASON_HINT)
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Point:", self.point_box)
        form.addRow("&Axis:", self.axis_box)
        form.addRow("Computed:", self.computed)
        form.addRow("Manual &score (0-10):", self.score)
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.hint)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Set manual score")
        self.clear_button = QPushButton("C&lear override")
        self.clear_button.setToolTip("Go back to the computed score")
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self._clear_chosen)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        index = self.point_box.findData(milestone_id)
        self.point_box.setCurrentIndex(index if index >= 0 else len(self.path) - 1)
        self.axis_box.setCurrentIndex(self.axis_box.findData(Axis(axis).value))
        self.point_box.currentIndexChanged.connect(self._show_choice)
        self.axis_box.currentIndexChanged.connect(self._show_choice)
        self.reason.textChanged.connect(self._update_ok)
        self._show_choice()

    def current_point(self) -> PathPoint:
        return self.path[max(0, self.point_box.currentIndex())]

    def current_axis(self) -> Axis:
        return Axis(self.axis_box.currentData())

    def _show_choice(self, *_args: object) -> None:
        """Fill in what the chosen point and axis have now: computed, and any override."""
        score = axis_of(self.current_point(), self.current_axis())
        self.computed.setText("no data yet" if score.computed is None else f"{score.computed:.1f}")
        if score.is_overridden:
            self.score.setValue(score.override or 0.0)
            self.reason.setText(score.reason)
        else:
            start = score.computed if score.computed is not None else MIDPOINT
            self.score.setValue(round(start / SCORE_STEP) * SCORE_STEP)
            self.reason.clear()
        self.clear_button.setVisible(score.is_overridden)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        blank = not self.reason.text().strip()
        self.ok.setEnabled(not blank)
        self.hint.setVisible(blank)

    def _clear_chosen(self) -> None:
        self._clear = True
        self.accept()

    def choice(self) -> OverrideChoice:
        point = self.current_point()
        if self._clear:
            return OverrideChoice(point.milestone_id, self.current_axis(), None, "")
        return OverrideChoice(
            point.milestone_id,
            self.current_axis(),
            float(self.score.value()),
            self.reason.text().strip(),
        )
