"""The scorecard's dialogs: an assessment's details, importance points, a statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cxdesk.models.as_of import as_of_problem, default_day
from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.records import AssessmentRecord, MilestoneRecord, RespondentRecord
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    RaterDimension,
    ScoringMode,
    points_problem,
)
from cxdesk.ui.date_entry import DateEntry, to_qdate
from cxdesk.ui.forms import add_labelled_row, grow_to_fit

NO_MILESTONE = "(none)"


def default_title(milestone: MilestoneRecord | None) -> str:
    return f"RATER at {milestone.name}" if milestone else "RATER assessment"


def _ok_cancel() -> QDialogButtonBox:
    return QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )


class AssessmentDialog(QDialog):
    """A new assessment's (or an existing one's) title, date, milestone and way of scoring.

    The date is the day the assessment was held, which is often before the day it is
    typed in: a new one made at a milestone already due is dated as of its due date
    (today otherwise), following the milestone chosen until the date is typed over.
    """

    def __init__(
        self,
        window_title: str,
        milestones: Sequence[MilestoneRecord],
        assessment: AssessmentRecord | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title)
        self.today = today or date.today()
        self._held_before = assessment.held_on if assessment is not None else None
        self.milestones = list(milestones)
        self.milestone = QComboBox()
        self.milestone.addItem(NO_MILESTONE, None)
        for m in self.milestones:
            self.milestone.addItem(m.name, m.id)
        self.title = QLineEdit()
        self.title.setMaxLength(NAME_MAX)
        self.title.setMinimumWidth(320)
        self.date = DateEntry()
        self.date.setToolTip(
            "The day the assessment was held (the milestone's due date by default, once "
            "it has come): type it or press Alt+Down for the calendar"
        )
        # An assessment may be undated; editing it must not quietly date it today.
        self.dated = QCheckBox("Held on")
        self.dated.setChecked(True)
        self.dated.toggled.connect(self.date.setEnabled)
        self.scoring = QComboBox()
        for mode in ScoringMode:
            self.scoring.addItem(mode.label, mode.value)
        self.scoring.setToolTip(
            "By statements: each dimension has a few statements to score, and its E and P "
            "are their means (the default set can be edited)."
        )
        if assessment is None:
            # Default to the first milestone not revalidated yet: the one being reached.
            pending = [m for m in self.milestones if m.revalidated_at is None]
            chosen = pending[0] if pending else None
            self.milestone.setCurrentIndex(self.milestone.findData(chosen.id if chosen else None))
            self.title.setText(default_title(chosen))
            self.date.setDate(default_day(self.today, chosen.due_date if chosen else None))
        else:
            self.milestone.setCurrentIndex(max(self.milestone.findData(assessment.milestone_id), 0))
            self.title.setText(assessment.title)
            self.date.setDate(
                to_qdate(assessment.held_on) if assessment.held_on else QDate.currentDate()
            )
            self.dated.setChecked(assessment.held_on is not None)
            self.scoring.setCurrentIndex(self.scoring.findData(assessment.scoring))
        # Until the title (the date) is typed over, it follows the milestone chosen.
        self._title_follows = assessment is None
        self._date_follows = assessment is None
        self._moving_date = False  # the dialog itself moves the date with the milestone
        self.title.textEdited.connect(self._title_edited)
        self.date.dateChanged.connect(self._date_edited)
        self.milestone.currentIndexChanged.connect(self._milestone_changed)

        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        when = QHBoxLayout()
        when.addWidget(self.dated)
        when.addWidget(self.date, 1)
        add_labelled_row(form, "&Date:", when)
        form.addRow("&Milestone:", self.milestone)
        form.addRow("&Scoring:", self.scoring)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = _ok_cancel()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._update_ok)
        self._update_ok()

    def accept(self) -> None:
        # A date typed that cannot be read stays on screen with its warning once,
        # rather than the dialog closing on the previous date unnoticed.
        # So is a day still to come: an assessment is dated the day it was held.
        if self.dated.isChecked():
            problem = self.date.take_problem()
            day = self.date.to_python()
            if not problem and day != self._held_before:  # its date as stored may stay
                problem = as_of_problem(day, self.today, "An assessment") or ""
            if problem:
                self.problem.setText(f"⚠ {problem}")
                self.problem.show()
                grow_to_fit(self)
                self.date.setFocus()
                return
        super().accept()

    def _title_edited(self, _text: str) -> None:
        self._title_follows = False

    def _date_edited(self, _day: QDate) -> None:
        if not self._moving_date:
            self._date_follows = False

    def _milestone_changed(self, _index: int) -> None:
        chosen = next((m for m in self.milestones if m.id == self.milestone.currentData()), None)
        if self._title_follows:
            self.title.setText(default_title(chosen))
        if self._date_follows:
            self._moving_date = True
            try:
                self.date.setDate(default_day(self.today, chosen.due_date if chosen else None))
            finally:
                self._moving_date = False

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title.text().strip()))

    def values(self) -> tuple[str, date | None, int | None, ScoringMode]:
        held_on = self.date.to_python() if self.dated.isChecked() else None
        return (
            self.title.text().strip(),
            held_on,
            self.milestone.currentData(),
            ScoringMode(self.scoring.currentData()),
        )


class PointsDialog(QDialog):
    """Split exactly 100 importance points over the five dimensions, or clear them."""

    def __init__(self, respondent: RespondentRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Importance points — {respondent.display_name}")
        self.cleared = False
        given = respondent.points or {}
        intro = QLabel(
            f"How much does each dimension matter to {respondent.display_name}? "
            f"Split {POINTS_TOTAL} points across the five; 0 is allowed."
        )
        intro.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(intro)
        self.spins: dict[RaterDimension, QSpinBox] = {}
        for dimension in DIMENSIONS:
            spin = QSpinBox()
            spin.setRange(0, POINTS_TOTAL)
            spin.setValue(given.get(dimension, 0))
            spin.setToolTip(dimension.question)
            spin.valueChanged.connect(self._update)
            label = QLabel(f"{dimension.label}:")
            label.setToolTip(dimension.question)
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.spins[dimension] = spin
        self.total = QLabel()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form.addRow("Total:", self.total)
        form.addRow(self.problem)
        self.buttons = _ok_cancel()
        self.clear_button = QPushButton("Clear points")
        self.clear_button.setToolTip("Leave this respondent out of the weighted score")
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self._clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._update()

    def points(self) -> dict[RaterDimension, int]:
        return {d: spin.value() for d, spin in self.spins.items()}

    def _update(self) -> None:
        points = self.points()
        problem = points_problem(dict(points))
        self.total.setText(f"{sum(points.values())} of {POINTS_TOTAL}")
        self.problem.setText(problem or "Ready to save.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def accept(self) -> None:
        if not self.cleared and points_problem(dict(self.points())) is not None:
            return  # Enter with a wrong total: stay, the message says why
        super().accept()

    def values(self) -> dict[RaterDimension, int] | None:
        return None if self.cleared else self.points()


class StatementDialog(QDialog):
    def __init__(
        self,
        window_title: str,
        dimension: RaterDimension,
        text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title)
        self.dimension = QComboBox()
        for d in DIMENSIONS:
            self.dimension.addItem(d.label, d.value)
            self.dimension.setItemData(self.dimension.count() - 1, d.question, 3)  # tooltip
        self.dimension.setCurrentIndex(self.dimension.findData(dimension.value))
        self.text = QLineEdit(text)
        self.text.setMinimumWidth(380)
        self.text.setPlaceholderText("e.g. They kept every promise made at kickoff")
        form = QFormLayout(self)
        form.addRow("&Dimension:", self.dimension)
        form.addRow("&Statement:", self.text)
        self.buttons = _ok_cancel()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.text.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(t.strip())
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def values(self) -> tuple[RaterDimension, str]:
        return RaterDimension(self.dimension.currentData()), self.text.text().strip()
