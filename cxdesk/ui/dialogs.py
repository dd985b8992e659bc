"""Small dialogs: naming things, milestones, and plain-spoken refusals."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.journey import JourneyPhase
from cxdesk.ui.date_entry import DateEntry, to_qdate


class NameDialog(QDialog):
    """Asks for a name (and, for engagements, the journey phase); OK only when not blank."""

    def __init__(
        self,
        title: str,
        label: str,
        text: str = "",
        *,
        with_phase: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(text)
        self.name.setMaxLength(NAME_MAX)
        self.name.setMinimumWidth(320)
        self.phase = QComboBox()
        for phase in JourneyPhase:
            self.phase.addItem(phase.label, phase.value)
        form = QFormLayout(self)
        form.addRow(label, self.name)
        if with_phase:
            form.addRow("Journey phase:", self.phase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def value(self) -> str:
        return self.name.text().strip()

    def journey_phase(self) -> JourneyPhase:
        return JourneyPhase(self.phase.currentData())


class MilestoneDialog(QDialog):
    def __init__(
        self,
        title: str,
        name: str = "",
        due: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name)
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText("e.g. Design sign-off")
        self.has_date = QCheckBox("Due on")
        self.date = DateEntry()
        self.date.setDate(to_qdate(due) if due else QDate.currentDate())
        self.has_date.setChecked(due is not None)
        self.date.setEnabled(due is not None)
        self.has_date.toggled.connect(self.date.setEnabled)
        form = QFormLayout(self)
        form.addRow("Milestone:", self.name)
        form.addRow(self.has_date, self.date)
        hint = QLabel(
            "At each milestone, revalidate expectations with the client: "
            "don't assume alignment holds without check-ins."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(t.strip())
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name.strip()))

    def accept(self) -> None:
        # A date typed that cannot be read stays on screen with its warning once,
        # rather than the dialog closing on the previous date unnoticed.
        if self.has_date.isChecked() and self.date.take_problem():
            self.date.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, date | None]:
        due = self.date.to_python() if self.has_date.isChecked() else None
        return self.name.text().strip(), due
