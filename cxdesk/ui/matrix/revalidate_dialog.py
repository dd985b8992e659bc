"""Revalidate at a milestone: the day the revalidation describes, then the levels recorded.

Often entered after the fact (on 7 December, the revalidation held with the client at the
milestone due 2 November), a revalidation is dated as of the day it describes: by default
the milestone's due date once it has come, else today; the consultant can type another.
A day still to come is refused here, in words, and the dialog stays open.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.as_of import as_of_problem, default_day, revalidated_on
from cxdesk.models.records import MilestoneRecord
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.forms import grow_to_fit

WHAT = "A revalidation"


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a milestone's name is people's text
    label.setWordWrap(True)
    return label


class RevalidateDialog(QDialog):
    """Asks the day a revalidation at ``milestone`` describes; :meth:`day` once accepted."""

    def __init__(
        self, milestone: MilestoneRecord, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Revalidate at milestone")
        self.today = today or date.today()
        earlier = revalidated_on(milestone)
        due = milestone.due_date
        self.as_of = DateEntry(self)
        self.as_of.setDate(earlier or default_day(self.today, due))
        self.as_of.setToolTip(
            "The day you went through the expectations with the client: type it "
            "(2 Nov 2026, 2026-11-02…) or press Alt+Down for the calendar"
        )
        intro = _words(
            f"Record every expectation's levels (expected, delivered, experienced) as the "
            f"client's view at “{milestone.name}”, dated as of the day it describes."
        )
        if earlier is not None:
            why = (
                f"Revalidated as of {earlier:%d %b %Y} already: this records the levels as "
                "they are now in place of those (Edit > Undo gives them back)."
            )
        elif due is not None and due <= self.today:
            why = (
                f"Dated as of the milestone's due date, {due:%d %b %Y}. If you met the "
                "client on another day, type that day."
            )
        elif due is not None:
            why = f"The milestone is due {due:%d %b %Y}: dated today, as it happens now."
        else:
            why = "Dated today; type another day if it happened earlier."
        self.why = _words(why)
        self.why.setEnabled(False)  # secondary: greyed
        self.problem = _words("")
        self.problem.hide()

        form = QFormLayout()
        form.addRow("&As of:", self.as_of)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Revalidate")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.why)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.as_of.setFocus()

    def day(self) -> date:
        return self.as_of.to_python()

    def accept(self) -> None:
        # A date typed that cannot be read, or one still to come, stays on screen with
        # the reason; nothing is recorded until the day is one it can be.
        problem = self.as_of.take_problem() or as_of_problem(self.day(), self.today, WHAT)
        if problem:
            self.problem.setText(f"⚠ {problem}")
            self.problem.show()
            grow_to_fit(self)
            self.as_of.setFocus()
            return
        super().accept()
