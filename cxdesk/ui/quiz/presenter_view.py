"""What the presenter shows of its session: where it is (the page, the person at the
laptop, counts typed), the session's data kept in step with the database, and the page
drawn from them.

The data follows the window's own saves (applied at once, in memory for an answer),
changes made elsewhere (the main window, undo, another window) and, for a session
answered on phones, the room (:mod:`cxdesk.ui.quiz.presenter_room`), opened with the
window: its joins and answers are applied in memory and drawn once a frame. The keys and what
they record are :class:`cxdesk.ui.quiz.presenter.PresenterWindow`'s.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.ops import ChangeSet
from cxdesk.store import workshop
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.presenter_flow import Page, Step
from cxdesk.ui.quiz.presenter_frame import PageView, PresenterFrame
from cxdesk.ui.quiz.room import ROOM_TABLES, answers_applied, room_changes_applied

if TYPE_CHECKING:
    from cxdesk.room.network import LocalAddress
    from cxdesk.ui.quiz.presenter_room import PresenterRoom
    from cxdesk.ui.workspace import Workspace

RENDER_MS = 16


class PresenterView(PresenterFrame):
    """One session on the presenter: its data, where it is, and the page shown."""

    def __init__(self, ws: Workspace, session_id: int) -> None:
        super().__init__()
        self.ws = ws
        self.session_id = session_id
        self.data: SessionResultsData | None = workshop.load_session_results(ws.db, session_id)
        self.step = Step(Page.START)
        self.pending_name = ""  # a new person's name, saved with their first answer
        self.drafts: dict[int, dict[int, int]] = {}  # typed, unrecorded tallies by statement
        self.gone_message = ""
        self._warned_unsaved = False
        self._closed = False
        # While this window saves an answer or a tally, what it changed is kept here and
        # applied right after (in memory for answers, else by reading the session once),
        # not handled a second time as a change made elsewhere.
        self._saving = False
        self._own: list[ChangeSet] = []
        self.room: PresenterRoom | None = None  # phones: the room's server, while open
        # Phones answer many at once: their answers are drawn together, once a frame.
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_MS)
        self._render_timer.timeout.connect(self._render)
        ws.changed.connect(self._changed)
        # Deleting the engagement or client deletes its sessions too (cascade).
        ws.changed.connect(self._engagements_removed)

    def _open_room(self, address: LocalAddress | None) -> None:
        """Phones: the room's server, on the address chosen (else the first there is)."""
        from cxdesk.ui.quiz.network_choice import default_address
        from cxdesk.ui.quiz.presenter_room import PresenterRoom

        self.room = PresenterRoom(self.ws, self.session_id, address or default_address(), self)
        self.room.changed.connect(self._render)
        self.room.room.alarm.changed.connect(self._pin_guessed)
        self.room.start()

    def _pin_guessed(self, words: str) -> None:
        """The join page says it in place of the lobby line; elsewhere the message line
        does, until the next page or key (a latecomer may be the one refused)."""
        if words and self.step.page is not Page.JOIN:
            self.refuse(words)

    def close_room(self) -> None:
        """Phones: close the room's socket and its connections (idempotent)."""
        if self.room is not None:
            self.room.stop()

    # -- where we are ----------------------------------------------------------------

    @property
    def mode(self) -> SessionMode:
        assert self.data is not None
        return self.data.session.session_mode

    @property
    def statement_count(self) -> int:
        return len(self.data.quiz.statements) if self.data else 0

    def _resume_step(self) -> Step:
        data = self.data
        assert data is not None
        step = flow.resume_step(
            self.mode,
            self.statement_count,
            data.answers,
            data.tallies,
            data.session.revealed,
            data.session.participant_count,
        )
        if step.participant is not None:  # an index into the answers: keep the id instead
            step = replace(step, participant=data.participants[step.participant].id)
        return step

    def _participant_index(self) -> int | None:
        if self.data is None or self.step.participant is None:
            return None
        ids = [p.id for p in self.data.participants]
        return ids.index(self.step.participant) if self.step.participant in ids else None

    def _my_answers(self) -> tuple[int | None, ...]:
        index = self._participant_index()
        if index is None or self.data is None:
            return (None,) * self.statement_count
        return self.data.answers[index]

    def _person(self) -> tuple[int, str]:
        """This person's number and name (typed on the start page until their first answer)."""
        assert self.data is not None
        index = self._participant_index()
        if index is None:
            return len(self.data.participants) + 1, self.pending_name
        return index + 1, self.data.participants[index].name

    # -- showing a page ----------------------------------------------------------------

    def _go(self, step: Step) -> None:
        """Enter a page: fields filled afresh, focus where the keys go, messages cleared."""
        self.step = step
        self._warned_unsaved = False
        self.set_message("")
        if self.room is not None and self.data is not None:
            self.room.entered(step, [st.id for st in self.data.quiz.statements])
        self._render(entering=True)

    def _render(self, entering: bool = False) -> None:
        """Show the current page; re-rendering (data changed) keeps what is being typed."""
        self._render_timer.stop()
        if self.data is None:
            return
        number, name = self._person()
        self.show_page(
            PageView(
                self.step,
                self.data,
                number,
                name,
                self._my_answers(),
                self.drafts.get(self.step.statement),
                self._earlier,
                self.room.shown() if self.room is not None else None,
            ),
            entering,
        )

    def _earlier(self) -> SessionResultsData | None:
        """The earlier session of the same quiz for the same engagement, to compare with."""
        previous = workshop.previous_session(self.ws.db, self.session_id)
        return workshop.load_session_results(self.ws.db, previous.id) if previous else None

    # -- changes made elsewhere --------------------------------------------------------

    def _saved(self) -> bool:
        """This window's own changes applied to its data: an answer in memory, as the quiz
        tab does (reading 300 people's answers again would cost a third of a frame), the
        rest (someone joined, a clear, a tally) by reading the session again."""
        own, self._own = self._own, []
        data = self.data
        for changes in own:
            if data is None:
                break
            data = answers_applied(self.ws.db, data, changes)
        if data is None or self._closed:
            return self._reload()
        self.data = data
        return True

    def _reload(self) -> bool:
        """Fresh data; ``False`` (and the window closes) if the session is gone."""
        if self._closed:
            return False
        self.data = workshop.load_session_results(self.ws.db, self.session_id)
        if self.data is None:
            self._session_gone()
            return False
        if self.step.participant is not None and self._participant_index() is None:
            self.step = Step(Page.START)  # their record was deleted in the main window
        return True

    def _changed(self, changes: ChangeSet) -> None:
        if self._closed:
            return
        if self._saving:
            self._own.append(changes)
            return
        if self.session_id in changes.ids("workshop_session"):
            self._session_changed()  # revealed, renamed, recounted, or deleted
        elif changes.touches("quiz", "quiz_statement", "quiz_band", "workshop_session"):
            self._reload()  # a session deleted with its engagement, say
        elif self.room is not None and changes.touches(*ROOM_TABLES):
            self._room_answered(changes)
        elif (
            changes.touches("workshop_participant", "quiz_answer", "hands_tally")
            and self._mine(changes)
            and self._reload()
        ):
            self._render()

    def _room_answered(self, changes: ChangeSet) -> None:
        """Phones joined or answered: the newcomers and their answers applied in memory
        when they can be (hundreds of phones: a re-read each would cost frames), the page
        redrawn once for all that came together."""
        data = self.data
        applied = room_changes_applied(self.ws.db, data, changes) if data is not None else None
        if applied is not None:
            if applied is not data:
                self.data = applied
                self._render_soon()
        elif self._mine(changes) and self._reload():
            self._render_soon()

    def _render_soon(self) -> None:
        # Not restarted while pending: a steady stream of answers must not hold it off.
        if not self._render_timer.isActive():
            self._render_timer.start()

    def _mine(self, changes: ChangeSet) -> bool:
        """Whether the room's rows that changed may be this session's (rows that are
        gone no longer say, nor does a colleague's change too big to name rows: then
        yes)."""
        if changes.whole & set(ROOM_TABLES) or any(
            changes.deleted.get(table) for table in ROOM_TABLES
        ):
            return True
        answers = workshop.answers_by_id(self.ws.db, changes.ids("quiz_answer"))
        sessions = {session_id for session_id, _answer in answers}
        sessions |= workshop.sessions_of(
            self.ws.db, changes.ids("workshop_participant"), changes.ids("hands_tally")
        )
        return self.session_id in sessions

    def _session_changed(self) -> None:
        if not self._reload():
            return
        assert self.data is not None
        record = self.data.session
        page = self.step.page
        if record.revealed and page is not Page.RESULTS:
            self._go(Step(Page.RESULTS))  # revealed from the main window: follow it
        elif not record.revealed and page is Page.RESULTS:
            self._go(Step(Page.CLOSED))
        else:
            self._render()

    def _sessions_changed(self, _engagement_id: object) -> None:
        self._reload()

    def _engagements_removed(self, changes: ChangeSet) -> None:
        # A session may belong to an engagement (or client) that was just deleted.
        if "engagement" in changes.deleted or "client" in changes.deleted:
            self._reload()

    def _session_gone(self) -> None:
        if self._closed:
            return
        self.gone_message = texts.GONE
        self.ws.editRefused.emit(texts.GONE)
        self.close()
