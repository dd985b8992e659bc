"""The small dialogs of actions: a new action (from a gap or typed) and "what was done".

Reusable by any screen that makes or closes an action (the Actions tab, a gap's tab, the
issue log): they only collect values; the caller runs the operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.actions import OWNER_MAX, TITLE_MAX, OwnerSide
from cxdesk.models.five_gaps import CAUSES
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.forms import add_labelled_row

NO_CAUSE = "Not named yet"


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """What a person typed for a new action: the keyword values of ``add_action``."""

    title: str
    cause: str | None
    owner_name: str
    owner_side: str
    due_on: date | None

    def values(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "owner_name": self.owner_name,
            "owner_side": self.owner_side,
            "due_on": self.due_on,
        }


def cause_box(parent: QWidget | None = None) -> QComboBox:
    """The five gaps by their standard names; the seed's word and what each lies between
    in the tooltip of each entry."""
    box = QComboBox(parent)
    box.addItem(NO_CAUSE, None)
    for cause in CAUSES:
        box.addItem(cause.label, cause.value)
        box.setItemData(
            box.count() - 1,
            f"{cause.label_with_synonym}: {cause.between}",
            Qt.ItemDataRole.ToolTipRole,
        )
    return box


def side_box(parent: QWidget | None = None) -> QComboBox:
    box = QComboBox(parent)
    for side in OwnerSide:
        box.addItem(side.label, side.value)
    return box


class NewActionDialog(QDialog):
    """A new action: its title and the gap it answers filled in, cause, owner and due."""

    def __init__(
        self,
        title: str,
        gap_words: str,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New action for this gap" if gap_words else "New action")
        self.title = QLineEdit(title)
        self.title.setMaxLength(TITLE_MAX)
        self.title.selectAll()
        self.gap = QLabel(gap_words or "None: a typed action")
        self.gap.setWordWrap(True)
        self.gap.setTextFormat(Qt.TextFormat.PlainText)  # the client's words, as typed
        self.cause = cause_box()
        self.owner = QLineEdit()
        self.owner.setMaxLength(OWNER_MAX)
        self.owner.setPlaceholderText("Who sees it through")
        self.side = side_box()
        self.has_due = QCheckBox("&Due by")
        self.due = DateEntry(feedback="below")
        self.due.setDate(today or date.today())
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)

        form = QFormLayout()
        add_labelled_row(form, "&Action:", self.title)
        form.addRow("Gap it answers:", self.gap)
        add_labelled_row(form, "&Cause (five gaps):", self.cause)
        add_labelled_row(form, "&Owner:", self.owner)
        add_labelled_row(form, "&Side:", self.side)
        form.addRow("", due_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def show_problem(self, words: str) -> None:
        self.problem.setText(words)
        self.problem.setVisible(bool(words))

    def accept(self) -> None:
        if not self.title.text().strip():
            self.show_problem("Say what will be done: the action needs a title.")
            self.title.setFocus()
            return
        if self.has_due.isChecked():
            problem = self.due.take_problem()
            if problem:
                self.show_problem(problem)
                self.due.setFocus()
                return
        super().accept()

    def draft(self) -> ActionDraft:
        return ActionDraft(
            title=" ".join(self.title.text().split()),
            cause=self.cause.currentData(),
            owner_name=" ".join(self.owner.text().split()),
            owner_side=self.side.currentData(),
            due_on=self.due.to_python() if self.has_due.isChecked() else None,
        )


class OutcomeDialog(QDialog):
    """Marking an action done: what was done (kept with it, shown to the client)."""

    def __init__(self, title: str, outcome: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark action done")
        about = QLabel(f"What was done about “{title}”?")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome = QPlainTextEdit(outcome)
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlaceholderText("e.g. Sent the weekly status note every Friday")
        about.setBuddy(self.outcome)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Mark done")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.outcome, 1)
        layout.addWidget(QLabel("Ctrl+Enter marks it done."))
        layout.addWidget(buttons)
        self.outcome.installEventFilter(self)  # Ctrl+Enter in the text marks it done
        self.resize(440, 240)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.outcome
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.outcome.toPlainText().strip()
