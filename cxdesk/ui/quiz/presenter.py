"""The presenter view: a full-screen window a consultant drives on a projector.

Keyboard first: digits answer (saved at once, then the next statement), ← → move,
Enter starts the next person or records a show-of-hands tally, Ctrl+Enter (or F10) ends
voting, R reveals or hides the results, Esc leaves. Every answer is already in the
database when the screen changes, so leaving, a crash or a closed lid loses nothing:
opening the presenter again for the session resumes it (see
:mod:`cxdesk.ui.quiz.presenter_flow` for where).

A session answered on phones opens its room with the window and closes it with it
(:mod:`cxdesk.ui.quiz.presenter_room`): a join page, then the statement the room is on
with its live count; L locks the room to newcomers, H says how to help phones connect.

Results stay hidden until the facilitator reveals them, so nobody anchors on the room's
answers, and one person's answers are never on screen for the next.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QScreen
from PySide6.QtWidgets import QWidget

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.ops import ChangeSet
from cxdesk.store import workshop
from cxdesk.store.errors import EditRefused
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.presenter_flow import Page, Step
from cxdesk.ui.quiz.presenter_frame import PageView, PresenterFrame
from cxdesk.ui.quiz.presenter_screens import choose_screen
from cxdesk.ui.quiz.room import ROOM_TABLES, answers_applied

if TYPE_CHECKING:
    from cxdesk.room.network import LocalAddress
    from cxdesk.ui.quiz.presenter_room import PresenterRoom
    from cxdesk.ui.workspace import Workspace

DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
RENDER_MS = 16
ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}

_open: set[PresenterWindow] = set()  # shown windows stay alive even if the caller forgets them


class PresenterWindow(PresenterFrame):
    """One session, full screen. ``closed`` (session id) is emitted when it closes."""

    closed = Signal(int)

    def __init__(
        self,
        ws: Workspace,
        session_id: int,
        screen: QScreen | None = None,
        address: LocalAddress | None = None,
    ) -> None:
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

        self.start.startClicked.connect(self._begin_turn)
        self.statement.scoreClicked.connect(self._answer)
        self.tally.recordClicked.connect(self._record_tally)
        self.closed_page.revealClicked.connect(partial(self._reveal, True))
        ws.changed.connect(self._changed)
        # Deleting the engagement or client deletes its sessions too (cascade).
        ws.changed.connect(self._engagements_removed)

        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        else:
            self.resize(1280, 720)
        self.apply_scale()
        if self.data is None:
            QTimer.singleShot(0, self._session_gone)
            return
        # Not "… — CX Desk presenter": Qt adds the app's name itself (" — CX Desk").
        self.setWindowTitle(f"{self.data.session.title} — Presenter")
        self.statement.set_scale_range(self.data.quiz.scale_min, self.data.quiz.scale_max)
        if self.mode is SessionMode.PHONES:
            self._open_room(address)
        self._go(self._resume_step())

    def _open_room(self, address: LocalAddress | None) -> None:
        """Phones: the room's server, on the address chosen (else the first there is)."""
        from cxdesk.ui.quiz.network_choice import default_address
        from cxdesk.ui.quiz.presenter_room import PresenterRoom

        self.room = PresenterRoom(self.ws, self.session_id, address or default_address(), self)
        self.room.changed.connect(self._render)
        self.room.start()

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

    # -- keys ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.data is None or not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key, page = event.key(), self.step.page
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        n, mode = self.statement_count, self.mode
        if key == Qt.Key.Key_Escape:
            self._leave()
        elif self.room is not None and not ctrl and self.room.key(key, page, self.join):
            pass  # the room's own keys: lock, help
        elif (key in ENTER and ctrl) or key == Qt.Key.Key_F10:
            self._keep_draft()
            self._go(flow.end_voting(self.step))
        elif page is Page.START and key in ENTER:
            self._begin_turn()
        elif page is Page.THANKS and key in ENTER:
            self.pending_name = ""
            self._go(Step(Page.START))
        elif page is Page.TALLY and key in ENTER:
            self._record_tally()
        elif page is Page.JOIN and key in ENTER:
            self._go(flow.forward(self.step, n, mode))
        # Ctrl+L, not Ctrl+Delete: the count fields take Ctrl+Delete to delete a word.
        elif page is Page.TALLY and key == Qt.Key.Key_L and ctrl:
            self._clear_tally()
        elif page is Page.STATEMENT and key in DIGITS:
            self._digit(DIGITS[key])
        elif page is Page.STATEMENT and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._clear_answer()
        elif key == Qt.Key.Key_Right and page in (Page.STATEMENT, Page.TALLY, Page.JOIN, Page.POLL):
            self._keep_draft()
            self._go(flow.forward(self.step, n, mode))
        elif page is Page.START and key == Qt.Key.Key_N and ctrl:
            self.pending_name = ""
            self._go(Step(Page.START))  # someone new, not the unfinished turn offered
        elif key == Qt.Key.Key_Left and page in (Page.STATEMENT, Page.TALLY, Page.POLL):
            self._keep_draft()
            self._go(flow.back(self.step, n, mode, self._my_answers()))
        elif key == Qt.Key.Key_Left and page is Page.CLOSED:
            self._go(flow.back(self.step, n, mode))
        elif key == Qt.Key.Key_R and page in (Page.CLOSED, Page.RESULTS):
            self._reveal(page is Page.CLOSED)
        else:
            return False
        return True

    def _digit(self, digit: int) -> None:
        assert self.data is not None
        quiz = self.data.quiz
        score = flow.score_for_key(digit, quiz.scale_min, quiz.scale_max)
        if score is None:
            self.hint(f"Scores go from {quiz.scale_min} to {quiz.scale_max}")
        else:
            self._answer(score)

    # -- recording -------------------------------------------------------------------

    def _begin_turn(self) -> None:
        if self.data is None or self.step.page is not Page.START:
            return
        name = " ".join(self.start.name.text().split())
        index = self._participant_index()
        if index is not None:  # an empty record from before: reuse it, no second one
            record = self.data.participants[index]
            if name != record.name:
                self.ws.quizzes.rename_participant(record, name)  # refusals: editRefused
        else:
            self.pending_name = name
        # A resumed turn continues at its first unanswered statement (0 for a new one).
        self._go(replace(self.step, page=Page.STATEMENT))

    def _answer(self, score: int) -> None:
        if self.data is None or self.step.page is not Page.STATEMENT:
            return
        statement = self.data.quiz.statements[self.step.statement]
        try:
            self._saving = True
            participant = self.step.participant
            if participant is None:  # their first answer: now they are a participant
                record = self.ws.quizzes.add_participant(self.session_id, self.pending_name)
                participant = record.id
                self.step = replace(self.step, participant=participant)
            self.ws.quizzes.record_answer(self.session_id, participant, statement.id, score)
        except EditRefused as refused:
            if self._own:  # the person was added, their answer refused: show them
                self._saved()
            self.refuse(refused.message)
            return
        finally:
            self._saving = False
        if self._saved():
            self._go(flow.forward(self.step, self.statement_count, self.mode))

    def _clear_answer(self) -> None:
        assert self.data is not None
        if self.step.participant is None or self._my_answers()[self.step.statement] is None:
            return
        statement = self.data.quiz.statements[self.step.statement]
        try:
            self._saving = True
            self.ws.quizzes.clear_answer(self.session_id, self.step.participant, statement.id)
        except EditRefused as refused:
            self.refuse(refused.message)
            return
        finally:
            self._saving = False
        if self._saved():
            self._render()

    def _unrecorded_counts(self) -> dict[int, int] | None:
        """Counts typed on this tally page that differ from what is stored, if any."""
        if self.step.page is not Page.TALLY or self.data is None:
            return None
        counts = self.tally.counts()
        stored = self.data.tallies[self.step.statement]
        if counts == dict(stored or {}) or (stored is None and not any(counts.values())):
            return None
        return counts

    def _keep_draft(self) -> None:
        """Counts typed but not recorded stay on their statement while moving around."""
        if self.step.page is Page.TALLY:
            counts = self._unrecorded_counts()
            if counts is None:
                self.drafts.pop(self.step.statement, None)
            else:
                self.drafts[self.step.statement] = counts

    def _record_tally(self) -> None:
        if self.data is None or self.step.page is not Page.TALLY:
            return
        index = self.step.statement
        self._keep_draft()
        if self.data.session.participant_count == 0:
            self.refuse(texts.NO_PEOPLE)
            return
        statement = self.data.quiz.statements[index]
        try:
            self._saving = True
            self.ws.quizzes.record_tally(self.session_id, statement.id, self.tally.counts())
        except EditRefused as refused:
            self.refuse(refused.message)  # the fields keep what was typed
            return
        finally:
            self._saving = False
        self.drafts.pop(index, None)
        if self._saved():
            self._go(flow.forward(self.step, self.statement_count, self.mode))

    def _clear_tally(self) -> None:
        """Forget a recorded count (a latecomer: the room is counted again with them)."""
        if self.data is None:
            return
        index = self.step.statement
        statement = self.data.quiz.statements[index]
        try:
            self._saving = True
            self.ws.quizzes.clear_tally(self.session_id, statement.id)
        except EditRefused as refused:
            self.refuse(refused.message)
            return
        finally:
            self._saving = False
        self.drafts.pop(index, None)
        if self._saved():
            self._go(self.step)

    def _reveal(self, revealed: bool) -> None:
        try:
            self.ws.quizzes.set_revealed(self.session_id, revealed)
        except EditRefused as refused:
            self.refuse(refused.message)
            return
        target = Page.RESULTS if revealed else Page.CLOSED
        if self.data is not None and self.step.page is not target:
            self._go(Step(target))

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
        """Phones joined or answered: their answers applied in memory when they can be
        (hundreds of phones: a re-read each would cost frames), the page redrawn once
        for all that came together."""
        data = self.data
        applied = answers_applied(self.ws.db, data, changes) if data is not None else None
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
        gone no longer say: then yes)."""
        if any(changes.deleted.get(table) for table in ROOM_TABLES):
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

    # -- window ------------------------------------------------------------------------

    def _leave(self) -> None:
        """Esc. Everything is saved, except counts typed and not recorded: say so once."""
        if not self._warned_unsaved and self._unrecorded_counts() is not None:
            self.refuse(texts.UNSAVED_TALLY)
            self._warned_unsaved = True
            return
        self.close()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.focus_page(self.step.page)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hint_timer.stop()
        self._render_timer.stop()
        if self.room is not None:
            self.room.stop()  # no listening socket outlives the presenter
        super().closeEvent(event)
        if not self._closed:
            self._closed = True
            self.closed.emit(self.session_id)


def present(ws: Workspace, session_id: int, parent: QWidget) -> PresenterWindow | None:
    """Open the presenter for a session, full screen on the chosen screen."""
    session = workshop.get_session(ws.db, session_id)
    if session is None:
        ws.editRefused.emit("That workshop session no longer exists.")
        return None
    ok, screen = choose_screen(parent)
    if not ok:
        return None
    address = None
    if session.session_mode is SessionMode.PHONES:
        from cxdesk.ui.quiz.network_choice import choose_address

        address = choose_address(parent)
        if address is None:
            return None
    window = PresenterWindow(ws, session_id, screen, address)
    _open.add(window)
    window.closed.connect(partial(_forget, window))
    window.showFullScreen()
    window.raise_()
    window.activateWindow()
    return window


def _forget(window: PresenterWindow, _session_id: int) -> None:
    _open.discard(window)
