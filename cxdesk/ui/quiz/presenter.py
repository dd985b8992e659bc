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
What the window shows, and how its data follows the database and the room, is
:class:`cxdesk.ui.quiz.presenter_view.PresenterView`; this module is the keys and what
they record.

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
from cxdesk.store import workshop
from cxdesk.store.errors import EditRefused
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.presenter_flow import Page, Step
from cxdesk.ui.quiz.presenter_screens import choose_screen
from cxdesk.ui.quiz.presenter_view import PresenterView

if TYPE_CHECKING:
    from cxdesk.room.network import LocalAddress
    from cxdesk.ui.workspace import Workspace

DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}

_open: set[PresenterWindow] = set()  # shown windows stay alive even if the caller forgets them


class PresenterWindow(PresenterView):
    """One session, full screen. ``closed`` (session id) is emitted when it closes."""

    closed = Signal(int)

    def __init__(
        self,
        ws: Workspace,
        session_id: int,
        screen: QScreen | None = None,
        address: LocalAddress | None = None,
    ) -> None:
        super().__init__(ws, session_id)
        self.start.startClicked.connect(self._begin_turn)
        self.statement.scoreClicked.connect(self._answer)
        self.tally.recordClicked.connect(self._record_tally)
        self.closed_page.revealClicked.connect(partial(self._reveal, True))

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
        try:
            if self.mode is SessionMode.PHONES:
                self._open_room(address)
            self._go(self._resume_step())
        except BaseException:
            # A window that could not be made is never shown, so never closed: its room
            # would listen on with nothing on screen to stop it (a bug, kept alive by the
            # error hook, must not leave a socket open too).
            self.close_room()
            raise

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
        self.close_room()  # no listening socket outlives the presenter
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
