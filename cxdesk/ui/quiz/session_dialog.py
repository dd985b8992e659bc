"""The New workshop session dialog: which quiz, when, for whom, and how answers are collected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import QuizRecord
from cxdesk.models.wording import counted
from cxdesk.models.workshop_entities import PARTICIPANTS_MAX
from cxdesk.store.workshop import EARLIEST, LATEST
from cxdesk.ui.date_entry import DateEntry, to_qdate

MODE_TEXT = {
    SessionMode.LAPTOP: (
        "Pass the &laptop",
        "Each person answers every statement in turn; the screen clears between people, "
        "so everyone gets a total and a band.",
    ),
    SessionMode.HANDS: (
        "Show of &hands",
        "For each statement you type how many people chose each score; the room gets an "
        "average, people no individual total.",
    ),
    SessionMode.PHONES: (
        "Ph&ones",
        "The room answers on their phones over this laptop's Wi-Fi, no internet needed: "
        "they scan a QR code on the projector; everyone gets a total and a band.",
    ),
}


def default_title(quiz: QuizRecord | None, held_on: date) -> str:
    name = quiz.title if quiz else "Workshop"
    return f"{name} — {held_on:%d %b %Y}"


@dataclass(frozen=True, slots=True)
class SessionChoice:
    quiz_id: int
    engagement_id: int | None
    title: str
    held_on: date
    mode: SessionMode
    participant_count: int
    present_now: bool


class SessionDialog(QDialog):
    """Asks for a new session's details; ``choice()`` gives them once accepted."""

    def __init__(
        self,
        quizzes: Sequence[QuizRecord],
        engagement_id: int | None,
        engagement_name: str = "",
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop session")
        self._engagement_id = engagement_id
        self._quizzes = list(quizzes)
        self._present_now = False
        # The title follows the quiz and date until the consultant types their own.
        self._title_touched = False

        self.quiz = QComboBox()
        for quiz in self._quizzes:
            label = f"{quiz.title} (built in)" if quiz.built_in else quiz.title
            self.quiz.addItem(
                f"{label} — {counted(len(quiz.statements), 'statement')}, "
                f"{quiz.scale_min}–{quiz.scale_max}",
                quiz.id,
            )
        self.held_on = DateEntry(self)
        self.held_on.setDateRange(to_qdate(EARLIEST), to_qdate(LATEST))
        self.held_on.setDate(to_qdate(today or date.today()))
        self.title = QLineEdit()
        self.title.setMaxLength(NAME_MAX)
        self.title.textEdited.connect(self._title_edited)
        self.for_engagement = QCheckBox(
            f"For {engagement_name}" if engagement_name else "For this engagement"
        )
        self.for_engagement.setChecked(engagement_id is not None)
        self.for_engagement.setEnabled(engagement_id is not None)
        self.for_engagement.setToolTip(
            "Sessions of an engagement are compared with its earlier sessions of the same quiz"
        )

        self.modes = QButtonGroup(self)
        mode_box = QVBoxLayout()
        for number, mode in enumerate(SessionMode):
            text, explanation = MODE_TEXT[mode]
            button = QRadioButton(text)
            button.setToolTip(explanation)
            self.modes.addButton(button, number)
            hint = QLabel(explanation)
            hint.setWordWrap(True)
            hint.setEnabled(False)
            hint.setContentsMargins(22, 0, 0, 4)
            mode_box.addWidget(button)
            mode_box.addWidget(hint)
        self.modes.button(0).setChecked(True)
        self.people = QSpinBox()
        self.people.setRange(1, PARTICIPANTS_MAX)
        self.people.setValue(10)
        self.people.setSuffix(" people")
        self.people.setToolTip("Every statement's show of hands must add up to this number")
        self.people_label = QLabel("People in the &room:")
        self.people_label.setBuddy(self.people)

        form = QFormLayout()
        form.addRow("&Quiz:", self.quiz)
        form.addRow("&Date:", self.held_on)
        form.addRow("&Title:", self.title)
        form.addRow("", self.for_engagement)
        form.addRow("Collect answers by:", mode_box)
        form.addRow(self.people_label, self.people)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.present_button = QPushButton("Create and &present")
        self.present_button.setToolTip("Create the session and open the full-screen presenter")
        buttons.addButton(self.present_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.present_button.clicked.connect(self._present_clicked)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # Enter presents: the usual next step in a room. Only once the button is in the
        # dialog does setDefault reach the dialog (else the box makes "Create" default).
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAutoDefault(False)
        self.present_button.setDefault(True)

        self.quiz.currentIndexChanged.connect(self._default_title)
        self.held_on.dateChanged.connect(self._default_title)
        self.modes.idToggled.connect(self._mode_toggled)
        self._default_title()
        self._mode_toggled()
        self.title.setFocus()
        self.title.selectAll()

    def _selected_quiz(self) -> QuizRecord | None:
        index = self.quiz.currentIndex()
        return self._quizzes[index] if 0 <= index < len(self._quizzes) else None

    def _title_edited(self, _text: str) -> None:
        self._title_touched = True

    def _default_title(self, *_args: object) -> None:
        if not self._title_touched:
            self.title.setText(default_title(self._selected_quiz(), self.held_on.taken()))

    def _mode(self) -> SessionMode:
        return list(SessionMode)[max(self.modes.checkedId(), 0)]

    def _mode_toggled(self, *_args: object) -> None:
        hands = self._mode() is SessionMode.HANDS
        self.people.setEnabled(hands)
        self.people_label.setEnabled(hands)

    def _present_clicked(self) -> None:
        self._present_now = True

    def accept(self) -> None:
        # A date typed that cannot be read stays on screen with its warning once,
        # rather than the session being created on the previous date unnoticed.
        if self.held_on.take_problem():
            self._present_now = False
            self.held_on.setFocus()
            return
        if not self.title.text().strip():
            self.title.setText(default_title(self._selected_quiz(), self.held_on.to_python()))
        super().accept()

    def choice(self) -> SessionChoice | None:
        quiz = self._selected_quiz()
        if quiz is None:
            return None
        mode = self._mode()
        return SessionChoice(
            quiz_id=quiz.id,
            engagement_id=self._engagement_id if self.for_engagement.isChecked() else None,
            title=self.title.text().strip(),
            held_on=self.held_on.to_python(),
            mode=mode,
            participant_count=self.people.value() if mode is SessionMode.HANDS else 0,
            present_now=self._present_now,
        )
