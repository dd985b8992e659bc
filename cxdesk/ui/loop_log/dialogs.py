"""The dialogs of the two logs: what the client said (from a pulse check, a RATER comment, a
workshop, or typed) and what we did; a done action to pair with it; a small win. They
only collect values; the tab runs the operation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QListWidget, QWidget

from cxdesk.models.actions import ActionRecord
from cxdesk.models.loop_log import PERSON_MAX, SaidSource
from cxdesk.store.loop_log import SaidDraft
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.forms import add_labelled_row
from cxdesk.ui.issues.dialogs import Form, line_box, one_line, text_box

# A row a client's words can come from: (its id, how it reads in the list).
SourceRows = Sequence[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class SaidEntry:
    """What a person typed for a new entry: ``add_said``'s values."""

    said_on: date
    said: str
    said_by: str
    source: SaidSource
    source_id: int | None
    we_did: str
    did_on: date | None


class SaidDialog(Form):
    """A new "you said, we did" entry. Choosing a pulse check, a RATER assessment or a
    workshop fills in the date, the words and who said them (``draft`` reads them)."""

    def __init__(
        self,
        rows: dict[SaidSource, SourceRows],
        draft: Callable[[SaidSource, int], SaidDraft],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("You said, we did", parent)
        self.rows = rows
        self.draft = draft
        self.source = QComboBox()
        for source in (SaidSource.TYPED, SaidSource.PULSE, SaidSource.RATER, SaidSource.WORKSHOP):
            if source is SaidSource.TYPED or rows.get(source):
                self.source.addItem(source.label, source.value)
        self.row = QComboBox()
        self.said_on = DateEntry(feedback="below")
        self.said_on.setDate(today)
        self.said = text_box(placeholder="What the client told us, in their words")
        self.said_by = line_box(limit=PERSON_MAX, placeholder="Who said it")
        self.we_did = text_box(placeholder="What we did about it (or pair a done action later)")
        self.has_did = QCheckBox("&Done on")
        self.did_on = DateEntry(feedback="below")
        self.did_on.setDate(today)
        self.did_on.setEnabled(False)
        self.has_did.toggled.connect(self.did_on.setEnabled)
        did_row = QHBoxLayout()
        did_row.addWidget(self.has_did)
        did_row.addWidget(self.did_on, 1)
        add_labelled_row(self.form, "&From:", self.source)
        self.row_label = add_labelled_row(self.form, "&Which:", self.row)
        add_labelled_row(self.form, "&Said on:", self.said_on)
        add_labelled_row(self.form, "&You said:", self.said)
        add_labelled_row(self.form, "Wh&o:", self.said_by)
        add_labelled_row(self.form, "&We did:", self.we_did)
        self.form.addRow("", did_row)
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.row.currentIndexChanged.connect(self._row_chosen)
        self._source_chosen()
        self.source.setFocus()

    def chosen(self) -> SaidSource:
        return SaidSource(self.source.currentData())

    def choose(self, source: SaidSource, row_id: int | None = None) -> None:
        """Start from ``source`` (and its row ``row_id``), as a person choosing them would."""
        self.source.setCurrentIndex(max(self.source.findData(source.value), 0))
        if row_id is not None:
            self.row.setCurrentIndex(max(self.row.findData(row_id), 0))

    def _source_chosen(self, *_args: object) -> None:
        source = self.chosen()
        typed = source is SaidSource.TYPED
        self.row.blockSignals(True)
        self.row.clear()
        for row_id, words in self.rows.get(source, ()):
            self.row.addItem(words, row_id)
        self.row.blockSignals(False)
        self.row.setVisible(not typed)
        self.row_label.setVisible(not typed)
        if not typed:
            self._row_chosen()

    def _row_chosen(self, *_args: object) -> None:
        row_id = self.row.currentData()
        if row_id is None:
            return
        draft = self.draft(self.chosen(), int(row_id))
        self.said_on.setDate(draft.said_on)
        if draft.said:
            self.said.setPlainText(draft.said)
        if draft.said_by:
            self.said_by.setText(draft.said_by)

    def accept(self) -> None:
        if not self.said.toPlainText().strip():
            self.show_problem("Say what the client said: the entry needs their words.", self.said)
            return
        if self.date_problem(self.said_on):
            return
        if self.has_did.isChecked() and self.date_problem(self.did_on):
            return
        super().accept()

    def entry(self) -> SaidEntry:
        source = self.chosen()
        row_id = self.row.currentData() if source is not SaidSource.TYPED else None
        return SaidEntry(
            said_on=self.said_on.to_python(),
            said=self.said.toPlainText().strip(),
            said_by=one_line(self.said_by.text()),
            source=source,
            source_id=int(row_id) if row_id is not None else None,
            we_did=self.we_did.toPlainText().strip(),
            did_on=self.did_on.to_python() if self.has_did.isChecked() else None,
        )


class PairDialog(Form):
    """Choose the done action that answers what the client said."""

    def __init__(
        self, said: str, done: Sequence[ActionRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__("Pair with a done action", parent)
        about = QLabel(
            f"Which done action answers “{one_line(said)[:120]}”?"
            if done
            else "No action is done yet: mark one done on the Actions tab first."
        )
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        self.form.addRow(about)
        self.list = QListWidget()
        for action in done:
            when = f"{action.closed_at:%d %b %Y}: " if action.closed_at else ""
            outcome = f" — {one_line(action.outcome)}" if action.outcome else ""
            self.list.addItem(f"{when}{action.title}{outcome}")
            self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, action.id)
        self.list.setCurrentRow(0)
        self.form.addRow(self.list)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.setFocus()

    def accept(self) -> None:
        if self.list.currentItem() is None:
            self.reject()
            return
        super().accept()

    def action_id(self) -> int:
        return int(self.list.currentItem().data(Qt.ItemDataRole.UserRole))


@dataclass(frozen=True, slots=True)
class WinEntry:
    won_on: date
    text: str
    milestone_id: int | None
    touchpoint_id: int | None


class WinDialog(Form):
    """A small win: the day, what went well, and the milestone or touchpoint it is about."""

    def __init__(
        self,
        milestones: SourceRows,
        touchpoints: SourceRows,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Small win", parent)
        self.won_on = DateEntry(feedback="below")
        self.won_on.setDate(today)
        self.text = text_box(placeholder="e.g. Pilot went live a week early")
        self.milestone = QComboBox()
        self.touchpoint = QComboBox()
        for box, rows in ((self.milestone, milestones), (self.touchpoint, touchpoints)):
            box.addItem("None", None)
            for row_id, name in rows:
                box.addItem(name, row_id)
        add_labelled_row(self.form, "&Small win:", self.text)
        add_labelled_row(self.form, "&On:", self.won_on)
        add_labelled_row(self.form, "&Milestone:", self.milestone)
        add_labelled_row(self.form, "&Touchpoint:", self.touchpoint)
        self.text.setFocus()

    def accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.show_problem("Say what the win was.", self.text)
            return
        if self.date_problem(self.won_on):
            return
        super().accept()

    def entry(self) -> WinEntry:
        return WinEntry(
            won_on=self.won_on.to_python(),
            text=self.text.toPlainText().strip(),
            milestone_id=self.milestone.currentData(),
            touchpoint_id=self.touchpoint.currentData(),
        )
