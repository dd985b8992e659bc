"""The quick-entry row: one pulse-check response, by keyboard only, during a meeting.

Respondent, Tab, confidence digit(s), Tab, CSAT digit, (Tab, text, Tab, text,) Enter.
Enter records from any field; date and milestone stay for the next person.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.as_of import default_day
from cxdesk.models.pulse import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    CONFIDENCE_QUESTION,
    CSAT_LABELS,
    CSAT_MAX,
    CSAT_MIN,
    CSAT_QUESTION,
    NOT_WORKING_QUESTION,
    WORKING_QUESTION,
    milestone_for_date,
)
from cxdesk.models.records import MilestoneRecord
from cxdesk.store import pulse as pulse_store
from cxdesk.ui.date_entry import DateEntry, to_qdate
from cxdesk.ui.pulse.scores import ScoreSpinBox
from cxdesk.ui.status_line import StatusLine

NO_MILESTONE = "(none)"
TEXT_LIMIT = 20_000


def milestone_tip(milestone: MilestoneRecord) -> str:
    due = f"due {milestone.due_date:%d %b %Y}" if milestone.due_date else "no due date"
    state = "not revalidated yet" if milestone.revalidated_at is None else "revalidated"
    return f"{milestone.name}: {due}, {state}"


class PulseEntryForm(QFrame):
    """Collects one response; the tab records it (``submitted``) and calls :meth:`recorded`."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Typed as people write dates; Tab leaves it for the next answer in one press.
        self.date = DateEntry(feedback="below")
        self.date.setDateRange(to_qdate(pulse_store.EARLIEST), to_qdate(pulse_store.LATEST))
        self.date.setDate(QDate.currentDate())
        self.date.setToolTip(
            "The day the client answered: type it (2 Nov 2026, 2026-11-02…) or press "
            "Alt+Down for the calendar"
        )
        self.milestone = QComboBox()
        self.milestone.setMinimumContentsLength(14)
        self.milestone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.milestone.setToolTip(
            "The milestone this check belongs to: the one due nearest the date, until you "
            "pick one; kept for the next person"
        )
        self._milestones: list[MilestoneRecord] = []
        # Until the person picks a milestone, it follows the date (the one due nearest).
        self._milestone_picked = False
        # Until the person sets the date, picking another milestone dates the check as
        # of that milestone's due date (once it has come): answers entered after the fact.
        self._date_set = False
        self._moving_date = False  # the form itself moves the date
        self.milestone.activated.connect(self._milestone_activated)
        self.date.dateChanged.connect(self._follow_date)
        self.date.dateChanged.connect(self._date_changed)
        self.respondent = QLineEdit()
        self.respondent.setPlaceholderText("Name (optional)")
        self.respondent.setMaxLength(200)
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.respondent.setCompleter(completer)
        self.confidence = ScoreSpinBox(CONFIDENCE_MIN, CONFIDENCE_MAX)
        self.confidence.setToolTip(f"Ask: “{CONFIDENCE_QUESTION}”\nType 1-10; “–” = no answer")
        self.csat = ScoreSpinBox(CSAT_MIN, CSAT_MAX)
        for box in (self.confidence, self.csat):
            box.refusedKey.connect(self._refused_key)
        self.csat.setToolTip(
            f"Ask: “{CSAT_QUESTION}”\n" + "\n".join(CSAT_LABELS.values()) + "\n“–” = no answer"
        )
        self.csat_meaning = QLabel()
        self.csat.valueChanged.connect(self._show_csat_meaning)
        self.working = QLineEdit()
        self.working.setPlaceholderText(WORKING_QUESTION)
        self.working.setToolTip(f"Ask: “{WORKING_QUESTION}”")
        self.not_working = QLineEdit()
        self.not_working.setPlaceholderText(NOT_WORKING_QUESTION)
        self.not_working.setToolTip(f"Ask: “{NOT_WORKING_QUESTION}”")
        for line in (self.working, self.not_working):
            line.setMaxLength(TEXT_LIMIT)
        self.record_button = QPushButton("&Record")
        self.record_button.setDefault(True)
        self.record_button.setToolTip("Record this response (Enter, from any field)")
        self.record_button.clicked.connect(self.submitted)
        # Reads the question to ask for the field that has focus: the consultant asks
        # it aloud without looking anywhere else.
        self.ask = QLabel()
        self.ask.setWordWrap(True)
        self.ask.setEnabled(False)
        self.status = StatusLine()  # "Recorded (…)" is news for a moment, not a state
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        self._show_csat_meaning()
        self._show_question(self.respondent)

    def _build_layout(self) -> None:
        def field(text: str, buddy: QWidget, stretch: int, row: QHBoxLayout) -> None:
            """A label over its field; rows are independent so widths do not couple."""
            title = QLabel(text)
            title.setBuddy(buddy)
            title.setToolTip(buddy.toolTip())
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(title)
            column.addWidget(buddy)
            # Top-aligned: the date's "understood" line below its box must not push its
            # label and box out of line with the other fields.
            column.addStretch(1)
            row.addLayout(column, stretch)

        for spin in (self.confidence, self.csat):
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("10") + 48)
        # Fixed room for the CSAT meaning, so the row does not jump while typing.
        self.csat_meaning.setMinimumWidth(self.fontMetrics().horizontalAdvance("very satisfied"))

        first = QHBoxLayout()
        first.setSpacing(8)
        field("&Date", self.date, 0, first)
        field("&Milestone", self.milestone, 1, first)
        field("R&espondent", self.respondent, 2, first)
        field("&Confidence 1-10", self.confidence, 0, first)
        field("C&SAT 1-5", self.csat, 0, first)
        self.csat_meaning.setMinimumHeight(self.csat.sizeHint().height())  # level with it
        field(" ", self.csat_meaning, 0, first)  # beside the CSAT box, under no title
        second = QHBoxLayout()
        second.setSpacing(8)
        field("What's &working", self.working, 1, second)
        field("What's &not working", self.not_working, 1, second)
        second.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignBottom)
        third = QHBoxLayout()
        third.addWidget(self.ask, 1)
        third.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(third)

        chain = (
            self.date,
            self.milestone,
            self.respondent,
            self.confidence,
            self.csat,
            self.working,
            self.not_working,
            self.record_button,
        )
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        for widget in chain[:-1]:
            widget.installEventFilter(self)
        self.date.line.installEventFilter(self)  # the date's keys reach its line first

    # -- keyboard ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & Qt.KeyboardModifier.AltModifier
            ):
                if watched is self.milestone and self.milestone.view().isVisible():
                    return False  # Enter picks the highlighted milestone first
                self.submitted.emit()
                return True
        elif event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self._show_question(watched)
        return super().eventFilter(watched, event)

    def _show_question(self, field: QWidget) -> None:
        questions = {
            self.confidence: CONFIDENCE_QUESTION,
            self.csat: CSAT_QUESTION + "  " + " · ".join(CSAT_LABELS.values()),
            self.working: WORKING_QUESTION,
            self.not_working: NOT_WORKING_QUESTION,
        }
        question = questions.get(field)
        self.ask.setText(
            f"Ask: “{question}”" if question else "Enter records the response from any field."
        )

    def _show_csat_meaning(self, *_args: object) -> None:
        score = self.csat.value()
        self.csat_meaning.setText(
            CSAT_LABELS[score].split(" - ", 1)[1] if score >= CSAT_MIN else "not answered"
        )

    # -- values --------------------------------------------------------------------

    def set_milestones(self, milestones: list[MilestoneRecord]) -> None:
        """Keep a milestone the person picked if it still exists; otherwise the one due
        nearest the date (or, with no due dates, the next one to revalidate)."""
        current = self.milestone.currentData() if self.milestone.count() else -1
        self._milestones = list(milestones)
        self.milestone.blockSignals(True)
        self.milestone.clear()
        self.milestone.addItem(NO_MILESTONE, None)
        for m in milestones:
            self.milestone.addItem(m.name, m.id)
            self.milestone.setItemData(
                self.milestone.count() - 1, milestone_tip(m), Qt.ItemDataRole.ToolTipRole
            )
        kept = self.milestone.findData(current) if current not in (-1, None) else -1
        if current is None and self._milestone_picked:
            kept = 0  # "(none)" chosen on purpose
        self.milestone.setCurrentIndex(max(kept, 0))
        self.milestone.blockSignals(False)
        if not self._milestone_picked or kept < 0:
            self._milestone_picked = False
            self._follow_date()

    def _milestone_activated(self, index: int) -> None:
        self._milestone_picked = True  # from now on the date no longer moves it
        picked = self._milestones[index - 1] if 0 < index <= len(self._milestones) else None
        if self._date_set or picked is None or picked.due_date is None:
            return
        # The milestone the date already stands at keeps the date (a live meeting); another
        # one is a check entered after the fact, dated as of that milestone's due date.
        nearest = milestone_for_date((m.due_date for m in self._milestones), self.date.taken())
        if nearest == index - 1:
            return
        day = default_day(date.today(), picked.due_date)
        if day == self.date.taken():
            return
        self._moving_date = True
        try:
            self.date.setDate(day)
        finally:
            self._moving_date = False
        self.show_status(
            f"Dated {day:%d %b %Y}, as of {picked.name}"
            + (" (its due date)" if day == picked.due_date else " (today: it is not due yet)")
            + ": change the date if the answers are from another day."
        )

    def _date_changed(self, *_args: object) -> None:
        if not self._moving_date:
            self._date_set = True  # the person's date: picking a milestone keeps it

    def _follow_date(self, *_args: object) -> None:
        if self._milestone_picked or not self.milestone.count():
            return
        milestones = self._milestones
        position = milestone_for_date((m.due_date for m in milestones), self.date.taken())
        if position is None:  # no due dates: the next one to revalidate, as before
            pending = [i for i, m in enumerate(milestones) if m.revalidated_at is None]
            position = pending[0] if pending else len(milestones) - 1
        self.milestone.setCurrentIndex(position + 1 if milestones else 0)

    def reset_milestone(self) -> None:
        """Another engagement: forget the previous choice."""
        self.milestone.clear()
        self._milestone_picked = False
        self._date_set = False

    def set_names(self, names: list[str]) -> None:
        self.names.setStringList(names)

    def answers(self) -> dict[str, Any]:
        return {
            "milestone_id": self.milestone.currentData(),
            "respondent": self.respondent.text().strip(),
            "confidence": self.confidence.score(),
            "csat": self.csat.score(),
            "working": self.working.text().strip(),
            "not_working": self.not_working.text().strip(),
        }

    def taken_on(self) -> date:
        return self.date.to_python()

    def date_problem(self) -> str:
        """Why the typed date was not taken (said once; the previous date is kept)."""
        return self.date.take_problem()

    def recorded(self, message: str) -> None:
        """Clear what belongs to one person; keep date and milestone; next respondent."""
        self.respondent.clear()
        self.confidence.clear_score()
        self.csat.clear_score()
        self.working.clear()
        self.not_working.clear()
        self.show_status(message)
        self.respondent.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused_key(self, message: str) -> None:
        self.show_status(message, refused=True)

    def show_status(self, message: str, refused: bool = False) -> None:
        self.status.say(f"⚠ {message}" if refused else message)
