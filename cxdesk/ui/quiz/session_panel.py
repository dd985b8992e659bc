"""The selected session's details: title, date, people, and who has answered (not what).

Nothing here shows a score: while the results are hidden this is what the facilitator
sees, and the laptop's screen may be mirrored to the projector.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import ParticipantRecord, SessionRecord, SessionResultsData
from cxdesk.models.wording import counted
from cxdesk.models.workshop_entities import PARTICIPANTS_MAX
from cxdesk.store import workshop
from cxdesk.store.workshop import EARLIEST, LATEST
from cxdesk.ui.date_entry import DateEntry, to_qdate
from cxdesk.ui.quiz import phone_texts
from cxdesk.ui.quiz.sessions import MODE_SHORT
from cxdesk.ui.quiz.texts import answered, participant_name
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from cxdesk.ui.quiz.phone_room import PhoneRoom

ParticipantRole = Qt.ItemDataRole.UserRole + 1  # the ParticipantRecord of a list row
NO_SESSION_DETAILS = "A session's title, date and who has answered show here."


def answered_line(person: ParticipantRecord, answered: int, statements: int) -> str:
    who = participant_name(person)
    if answered == statements:
        return f"{who} — all {statements} answered"
    return f"{who} — {answered} of {statements} answered (incomplete)"


def progress_text(data: SessionResultsData) -> str:
    """How far the room has got, without a single score."""
    statements = len(data.quiz.statements)
    if data.session.session_mode is SessionMode.HANDS:
        tallied = sum(t is not None for t in data.tallies)
        return (
            f"{tallied} of {counted(statements, 'statement')} tallied for "
            f"{counted(data.session.participant_count, 'person', 'people')}."
        )
    people = len(data.participants)
    if not people:
        return "Nobody has answered yet."
    done = sum(all(a is not None for a in answers) for answers in data.answers)
    noun = "person has" if people == 1 else "people have"
    text = f"{people} {noun} started; {done} answered every statement."
    return text if done == people else f"{text} {people - done} incomplete."


class SessionDetails(QWidget):
    """Edits a session's title, date and (show of hands) people; lists its participants."""

    participantsSelected = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.session: SessionRecord | None = None

        self.title = QLineEdit()
        self.title.setMaxLength(NAME_MAX)
        self.title.editingFinished.connect(self._title_done)
        self.held_on = DateEntry(self)
        self.held_on.setDateRange(to_qdate(EARLIEST), to_qdate(LATEST))
        self.held_on.editingFinished.connect(self._date_done)
        self.people = QSpinBox()
        self.people.setRange(1, PARTICIPANTS_MAX)
        self.people.valueChanged.connect(self._people_suffix)
        self._people_suffix(self.people.value())
        self.people.setToolTip("Every statement's show of hands must add up to this number")
        self.people.editingFinished.connect(self._people_done)
        self.people_label = QLabel("People:")
        self.mode = QLabel()
        self.quiz = QLabel()
        self.quiz.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        # Phones: where the room is open, the self-test, what the OS may ask.
        self.room_note = QLabel()
        self.room_note.setWordWrap(True)
        self.room_note.setTextFormat(Qt.TextFormat.PlainText)
        self.room_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.room: PhoneRoom | None = None

        self.participants = QListWidget()
        self.participants.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.participants.setToolTip("F2 renames, Delete removes (undo with Ctrl+Z)")
        self.participants.itemActivated.connect(self.rename_selected)
        self.participants.itemSelectionChanged.connect(self.participantsSelected)
        self.rename_action = self._list_action("&Rename participant…", "F2", self.rename_selected)
        self.delete_action = self._list_action(
            "Delete &participant", QKeySequence.StandardKey.Delete, self.delete_selected
        )
        self.participants_label = QLabel("&Participants:")
        self.participants_label.setBuddy(self.participants)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Title:", self.title)
        form.addRow("&Date:", self.held_on)
        form.addRow("Quiz:", self.quiz)
        form.addRow("Answers by:", self.mode)
        form.addRow(self.people_label, self.people)
        # With no session chosen the form is hidden, not shown blank: an empty form
        # showed its widgets' defaults ("1 Jan 2000", "1 people") as if they were a session.
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addWidget(self.progress)
        body.addWidget(self.room_note)
        body.addWidget(self.participants_label)
        body.addWidget(self.participants, 100)
        body.addStretch(1)  # keeps the progress line up top when there is no list
        self.none = QLabel(NO_SESSION_DETAILS)
        self.none.setWordWrap(True)
        self.none.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none.setEnabled(False)  # drawn in the muted colour of a placeholder
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.none, 1)
        self.none.hide()

    def _people_suffix(self, value: int) -> None:
        self.people.setSuffix(" person" if value == 1 else " people")

    def _list_action(
        self, text: str, key: str | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.participants.addAction(action)
        return action

    # -- showing -------------------------------------------------------------------

    def show_session(self, data: SessionResultsData | None) -> None:
        self.session = data.session if data else None
        self.body.setVisible(data is not None)
        self.none.setVisible(data is None)
        if data is None:
            self.title.clear()
            self.participants.clear()
            self.progress.clear()
            return
        session = data.session
        if not self.title.hasFocus():
            self.title.setText(session.title)
        if not self.held_on.hasFocus():
            self.held_on.setDate(to_qdate(session.held_on))
        hands = session.session_mode is SessionMode.HANDS
        self.quiz.setText(data.quiz.title)
        self.mode.setText(MODE_SHORT[session.session_mode])
        self.people.setVisible(hands)
        self.people_label.setVisible(hands)
        if hands and not self.people.hasFocus():
            self.people.setValue(max(1, session.participant_count))
        self.participants.setVisible(not hands)
        self.participants_label.setVisible(not hands)
        self.progress.setText(progress_text(data))
        self._show_room_note()
        self._fill_participants(data)

    # -- phones --------------------------------------------------------------------

    def set_room(self, room: PhoneRoom | None) -> None:
        """The room the presenter opened (None once it closed): its address and
        self-test are shown with its session."""
        if self.room is not None:
            with contextlib.suppress(RuntimeError):  # the room may be gone already
                for signal in (self.room.started, self.room.phoneReached, self.room.stopped):
                    signal.disconnect(self._show_room_note)
        self.room = room
        if room is not None:
            for signal in (room.started, room.phoneReached, room.stopped):
                signal.connect(self._show_room_note)
        self._show_room_note()

    def _show_room_note(self, *_args: object) -> None:
        session = self.session
        phones = session is not None and session.session_mode is SessionMode.PHONES
        self.room_note.setVisible(phones)
        if not phones or session is None:
            return
        room = self.room
        if room is not None and room.session_id == session.id and room.running and room.url:
            reach = phone_texts.reach_line(room.address_url, len(room.reached), keys=False)
            where = f"The room is open at {room.address_url} ({phone_texts.pin(room.pin)}). {reach}"
        else:
            where = phone_texts.SESSION_NOTE
        self.room_note.setText(f"{where}\n{phone_texts.BRIEF_HELP}")
        self.room_note.setToolTip(f"{phone_texts.ISOLATION}\n\n{phone_texts.FIREWALL}")

    def _fill_participants(self, data: SessionResultsData) -> None:
        selected = {p.id for p in self.selected_participants()}
        statements = len(data.quiz.statements)
        self.participants.clear()
        for person, answers in zip(data.participants, data.answers, strict=True):
            item = QListWidgetItem(answered_line(person, answered(answers), statements))
            item.setData(ParticipantRole, person)
            self.participants.addItem(item)
            item.setSelected(person.id in selected)

    def selected_participants(self) -> list[ParticipantRecord]:
        return [item.data(ParticipantRole) for item in self.participants.selectedItems()]

    # -- edits ---------------------------------------------------------------------

    def _edit(self, field: str, value: object) -> None:
        session = self.session
        if session is None or getattr(session, field) == value:
            return
        self.ws.quizzes.edit_session(session, field, value)
        # Show what is stored: a refused edit (a blank title, hands already counted for
        # another number of people) must not stay on screen as if it were saved.
        stored = workshop.get_session(self.ws.db, session.id)
        if stored is not None:
            self.session = stored
            self.title.setText(stored.title)
            self.held_on.setDate(to_qdate(stored.held_on))
            self.people.setValue(max(1, stored.participant_count))

    def _title_done(self) -> None:
        self._edit("title", self.title.text().strip())

    def _date_done(self) -> None:
        self._edit("held_on", self.held_on.to_python())

    def _people_done(self) -> None:
        if self.session is not None and self.session.session_mode is SessionMode.HANDS:
            self._edit("participant_count", self.people.value())

    def rename_selected(self, *_args: object) -> None:
        people = self.selected_participants()
        if len(people) != 1:
            return
        person = people[0]
        name, ok = QInputDialog.getText(
            self, "Rename participant", "Name (leave empty for anonymous):", text=person.name
        )
        if ok:
            self.ws.quizzes.rename_participant(person, name)

    def delete_selected(self) -> None:
        people = self.selected_participants()
        if people and self.session is not None:
            self.ws.quizzes.delete_participants(self.session.id, [p.id for p in people])
