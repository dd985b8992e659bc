"""Collect on phones…: asks whose answers these are (the client's people or our own
team, and for a pulse check the milestone), then opens the survey's window.

Imported when the consultant asks, never at start-up (the room's server, segno and the
rest come with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.records import AssessmentRecord, MilestoneRecord
from cxdesk.models.servqual import RespondentSide
from cxdesk.ui.pulse.entry import NO_MILESTONE
from cxdesk.ui.survey_phones.window import SurveyPhonesWindow

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

SIDES = (RespondentSide.CLIENT, RespondentSide.TEAM)  # as offered, the usual one first
SIDE_WORDS = {
    RespondentSide.CLIENT: "The client's people",
    RespondentSide.TEAM: "Our own team (a separate round)",
}


class CollectDialog(QDialog):
    """Whose answers the phones give; a pulse check also says its milestone."""

    def __init__(
        self,
        title: str,
        intro: str,
        milestones: Sequence[MilestoneRecord] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setTextFormat(Qt.TextFormat.PlainText)  # an assessment's title is people's text
        text.setWordWrap(True)
        self.sides = QButtonGroup(self)
        form = QFormLayout()
        choices = QVBoxLayout()
        for index, side in enumerate(SIDES):
            button = QRadioButton(SIDE_WORDS[side])
            self.sides.addButton(button, index)
            choices.addWidget(button)
        self.side_button(RespondentSide.CLIENT).setChecked(True)
        form.addRow("Answers from:", choices)
        self.milestone: QComboBox | None = None
        if milestones is not None:
            self.milestone = QComboBox()
            self.milestone.addItem(NO_MILESTONE, None)
            for milestone in milestones:
                self.milestone.addItem(milestone.name, milestone.id)
            form.addRow("&Milestone:", self.milestone)
            form.addRow("Dated:", QLabel(f"today, {date.today():%d %b %Y}"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText("&Open the room")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def side_button(self, side: RespondentSide) -> QRadioButton:
        button = self.sides.button(SIDES.index(side))
        assert isinstance(button, QRadioButton)
        return button

    def side(self) -> RespondentSide:
        return SIDES[max(self.sides.checkedId(), 0)]

    def milestone_id(self) -> int | None:
        if self.milestone is None:
            return None
        chosen = self.milestone.currentData()
        return chosen if isinstance(chosen, int) else None


def _side_words(side: RespondentSide) -> str:
    return "the client's people" if side is RespondentSide.CLIENT else "our own team"


def collect_rater(
    ws: Workspace, assessment: AssessmentRecord, parent: QWidget
) -> SurveyPhonesWindow | None:
    """Ask whose answers, then open the RATER survey's window (None if cancelled)."""
    from cxdesk.room.rater import RaterRoom

    dialog = CollectDialog(
        "Collect on phones",
        f"Each phone that joins becomes a respondent of “{assessment.title}” and scores it "
        "on its own: expectation and perception, and the importance points if it wants.",
        parent=parent,
    )
    try:
        if not dialog.exec():
            return None
        side = dialog.side()
    finally:
        dialog.deleteLater()
    window = SurveyPhonesWindow(
        ws,
        RaterRoom(assessment.id, side),
        "RATER survey on phones",
        f"“{assessment.title}” · answers from {_side_words(side)}",
        parent,
    )
    window.show()
    window.start()
    return window


def collect_pulse(
    ws: Workspace, engagement_id: int, milestones: Sequence[MilestoneRecord], parent: QWidget
) -> SurveyPhonesWindow | None:
    """Ask whose answers and the milestone, then open the pulse check's window."""
    from cxdesk.room.pulse import PulseRoom

    dialog = CollectDialog(
        "Collect on phones",
        "Each phone that joins answers the pulse check on its own: confidence, CSAT, "
        "what's working and what's not. Each one is a response in the table.",
        milestones,
        parent,
    )
    try:
        if not dialog.exec():
            return None
        side, milestone_id = dialog.side(), dialog.milestone_id()
    finally:
        dialog.deleteLater()
    taken_on = date.today()
    window = SurveyPhonesWindow(
        ws,
        PulseRoom(engagement_id, side, taken_on, milestone_id),
        "Pulse check on phones",
        f"Answers from {_side_words(side)}, dated {taken_on:%d %b %Y}",
        parent,
    )
    window.show()
    window.start()
    return window
