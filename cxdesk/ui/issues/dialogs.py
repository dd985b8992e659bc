"""The issue log's dialogs: raise an issue, move it on (escalate, resolve, reopen) and link
its pain points. They only collect values; the tab runs the operation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.actions import OwnerSide
from cxdesk.models.escalation import EscalationLevel
from cxdesk.models.issues import DETAILS_MAX, PERSON_MAX, TITLE_MAX
from cxdesk.models.journey_map import TouchpointRecord
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.forms import add_labelled_row


class Form(QDialog):
    """A small form with a line for what is wrong with it, OK and Cancel."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def show_problem(self, words: str, field: QWidget | None = None) -> None:
        self.problem.setText(words)
        self.problem.setVisible(bool(words))
        if field is not None:
            field.setFocus()

    def date_problem(self, entry: DateEntry) -> bool:
        problem = entry.take_problem()
        if problem:
            self.show_problem(problem, entry)
        return bool(problem)


def text_box(text: str = "", placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(80)
    return box


def line_box(text: str = "", limit: int = PERSON_MAX, placeholder: str = "") -> QLineEdit:
    line = QLineEdit(text)
    line.setMaxLength(limit)
    line.setPlaceholderText(placeholder)
    return line


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class RaisedIssue:
    """What a person typed for a new issue: ``raise_issue``'s values."""

    title: str
    raised_on: date
    rung: EscalationLevel
    raised_by: str
    raised_by_side: str
    owner: str | None  # None: the rung's owner
    details: str


class RaiseIssueDialog(Form):
    """A new issue: what it is, who raised it and when, and the rung it starts on."""

    def __init__(
        self, ladder: Sequence[EscalationLevel], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__("Raise issue", parent)
        self.ladder = list(ladder)
        self.title = line_box(limit=TITLE_MAX, placeholder="What is wrong, in one line")
        self.details = text_box(placeholder="What happened, what the client said")
        self.raised_by = line_box(placeholder="Who raised it")
        self.side = QComboBox()
        for side in (OwnerSide.CLIENT, OwnerSide.OURS):
            self.side.addItem(
                "The client raised it" if side is OwnerSide.CLIENT else "Our team found it",
                side.value,
            )
        self.raised_on = DateEntry(feedback="below")
        self.raised_on.setDate(today)
        self.rung = QComboBox()
        for level in self.ladder:
            self.rung.addItem(f"{level.name} — {level.response_time}", level.position)
        self.owner = line_box()
        self.rung.currentIndexChanged.connect(self._rung_chosen)
        self._rung_chosen()
        add_labelled_row(self.form, "&Issue:", self.title)
        add_labelled_row(self.form, "&Details:", self.details)
        add_labelled_row(self.form, "Raised &by:", self.raised_by)
        add_labelled_row(self.form, "&Who:", self.side)
        add_labelled_row(self.form, "Raised &on:", self.raised_on)
        add_labelled_row(self.form, "&Rung:", self.rung)
        add_labelled_row(self.form, "O&wner:", self.owner)
        self.title.setFocus()

    def _rung_chosen(self, *_args: object) -> None:
        level = self.ladder[self.rung.currentIndex()] if self.ladder else None
        owner = level.owner if level is not None else ""
        self.owner.setPlaceholderText(f"{owner} (the rung's owner)" if owner else "Who owns it")

    def accept(self) -> None:
        if not self.title.text().strip():
            self.show_problem("Say what the issue is: it needs a title.", self.title)
            return
        if len(self.details.toPlainText()) > DETAILS_MAX:
            self.show_problem(f"The details are longer than {DETAILS_MAX:,} characters.")
            return
        if self.date_problem(self.raised_on):
            return
        super().accept()

    def issue(self) -> RaisedIssue:
        owner = one_line(self.owner.text())
        return RaisedIssue(
            title=one_line(self.title.text()),
            raised_on=self.raised_on.to_python(),
            rung=self.ladder[self.rung.currentIndex()],
            raised_by=one_line(self.raised_by.text()),
            raised_by_side=self.side.currentData(),
            owner=owner or None,
            details=self.details.toPlainText().strip(),
        )


class EscalateDialog(Form):
    """Move an issue up the ladder: to which rung, from which day, owned by whom."""

    def __init__(
        self,
        title: str,
        above: Sequence[EscalationLevel],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Escalate issue", parent)
        self.above = list(above)
        about = QLabel(f"Escalate “{title}” up the ladder.")
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        self.form.addRow(about)
        self.rung = QComboBox()
        for level in self.above:
            self.rung.addItem(f"{level.name} — {level.response_time}", level.id)
        self.on = DateEntry(feedback="below")
        self.on.setDate(today)
        self.owner = line_box()
        self.note = line_box(limit=2000, placeholder="Why it climbs (optional)")
        self.rung.currentIndexChanged.connect(self._rung_chosen)
        self._rung_chosen()
        add_labelled_row(self.form, "&To:", self.rung)
        add_labelled_row(self.form, "&On:", self.on)
        add_labelled_row(self.form, "O&wner:", self.owner)
        add_labelled_row(self.form, "&Note:", self.note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Escalate")
        self.rung.setFocus()

    def _rung_chosen(self, *_args: object) -> None:
        level = self.level()
        owner = level.owner if level is not None else ""
        self.owner.setPlaceholderText(f"{owner} (the rung's owner)" if owner else "Who owns it")

    def level(self) -> EscalationLevel | None:
        index = self.rung.currentIndex()
        return self.above[index] if 0 <= index < len(self.above) else None

    def accept(self) -> None:
        if self.date_problem(self.on):
            return
        super().accept()

    def owner_name(self) -> str | None:
        return one_line(self.owner.text()) or None


class ResolveDialog(Form):
    """Close an issue with what was done (or reopen it, with why)."""

    def __init__(
        self, title: str, today: date, *, reopen: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__("Reopen issue" if reopen else "Resolve issue", parent)
        self.reopen = reopen
        question = (
            f"Why is “{title}” open again?" if reopen else f"What was done to resolve “{title}”?"
        )
        about = QLabel(question)
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        self.form.addRow(about)
        self.text = text_box(
            placeholder="Optional" if reopen else "e.g. Data fixed and re-run; client confirmed"
        )
        self.on = DateEntry(feedback="below")
        self.on.setDate(today)
        add_labelled_row(self.form, "&Note:" if reopen else "&What was done:", self.text)
        add_labelled_row(self.form, "&On:", self.on)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Reopen" if reopen else "Resolve")
        ok.setShortcut("Ctrl+Return")
        self.text.setFocus()

    def accept(self) -> None:
        if not self.reopen and not self.text.toPlainText().strip():
            self.show_problem("Say what was done: a resolved issue keeps it.", self.text)
            return
        if self.date_problem(self.on):
            return
        super().accept()

    def words(self) -> str:
        return self.text.toPlainText().strip()


class PainPointsDialog(Form):
    """Tick the touchpoints of the emotion map this issue hurts (its pain points)."""

    def __init__(
        self,
        title: str,
        touchpoints: Sequence[TouchpointRecord],
        linked: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Pain points", parent)
        about = QLabel(
            f"The touchpoints of the emotion map “{title}” is about:"
            if touchpoints
            else "The emotion map has no touchpoints yet: add them on its tab."
        )
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        self.form.addRow(about)
        self.list = QListWidget()
        for touchpoint in touchpoints:
            pain = f" — {one_line(touchpoint.pain_points)}" if touchpoint.pain_points else ""
            item = QListWidgetItem(f"{touchpoint.name}{pain}")
            item.setData(Qt.ItemDataRole.UserRole, touchpoint.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = touchpoint.id in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.form.addRow(self.list)
        self.list.setFocus()

    def ticked(self) -> set[int]:
        ids = set()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids
