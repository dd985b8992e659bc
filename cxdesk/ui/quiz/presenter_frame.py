"""How the presenter window looks: header, pages, message line, key hints, scaling.

:class:`PresenterFrame` holds the widgets and sizes them from the window (1.0 at
1920x1080), and follows the light or dark palette; the behaviour (keys, recording,
resuming) is :class:`cxdesk.ui.quiz.presenter.PresenterWindow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.presenter_flow import Page, Step
from cxdesk.ui.quiz.presenter_pages import (
    ClosedPage,
    ResultsPage,
    StartPage,
    StatementPage,
    TallyPage,
    ThanksPage,
)
from cxdesk.ui.quiz.presenter_phone_pages import JoinPage, PollPage, RoomShown
from cxdesk.ui.quiz.presenter_widgets import label, set_flag, set_px, style_sheet

HINT_MS = 2500
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything one page shows."""

    step: Step
    data: SessionResultsData
    number: int  # the person at the laptop: their number and name
    name: str
    answers: tuple[int | None, ...]  # their own answers (pass the laptop)
    draft: dict[int, int] | None  # counts typed on this tally and not recorded
    earlier: Callable[[], SessionResultsData | None]  # the session to compare with
    room: RoomShown | None = None  # phones: the room's address, PIN, state


class PresenterFrame(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("presenter")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._sheet = ""
        self._scale = 0.0
        self._people = 0  # the room, for the tally's running sum

        self.who = label(align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.progress = label(align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.who.setAccessibleName("Who is answering")
        self.progress.setAccessibleName("Progress")
        self.message = label()  # refusals and gentle hints, large, in place
        self.message.setVisible(False)
        self.keys = label()
        self.keys.setProperty("muted", True)
        self.start, self.statement, self.thanks = StartPage(), StatementPage(), ThanksPage()
        self.tally, self.closed_page, self.results = TallyPage(), ClosedPage(), ResultsPage()
        self.join, self.poll = JoinPage(), PollPage()
        self.pages: dict[Page, QWidget] = {
            Page.JOIN: self.join,
            Page.POLL: self.poll,
            Page.START: self.start,
            Page.STATEMENT: self.statement,
            Page.THANKS: self.thanks,
            Page.TALLY: self.tally,
            Page.CLOSED: self.closed_page,
            Page.RESULTS: self.results,
        }
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        header = QHBoxLayout()
        header.addWidget(self.who, 1)
        header.addWidget(self.progress)
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(header)
        self.outer.addWidget(self.stack, 1)
        self.outer.addWidget(self.message)
        self.outer.addWidget(self.keys)

        self.hint_timer = QTimer(self)
        self.hint_timer.setSingleShot(True)
        self.hint_timer.setInterval(HINT_MS)
        self.hint_timer.timeout.connect(self._clear_hint)
        self.tally.countsEdited.connect(self.update_sum)

    # -- pages -------------------------------------------------------------------------

    def show_page(self, view: PageView, entering: bool) -> None:
        """Show a page; ``entering`` it fills its fields afresh and moves the focus there."""
        step, data = view.step, view.data
        quiz, n = data.quiz, len(data.quiz.statements)
        self.stack.setCurrentWidget(self.pages[step.page])
        who, progress = data.session.title, ""
        if step.page is Page.START:
            if entering:
                answered = sum(a is not None for a in view.answers)
                self.start.set_participant(view.number, view.name, answered, n)
        elif step.page is Page.STATEMENT:
            who, progress = texts.person(view.number, view.name), texts.progress(step, n)
            chosen = view.answers[step.statement]
            self.statement.show_statement(quiz.statements[step.statement].text, chosen)
        elif step.page is Page.THANKS:
            who = texts.person(view.number, view.name)
            self.thanks.set_skipped(flow.skipped_count(view.answers, n))
        elif step.page is Page.TALLY:
            self._people = people = data.session.participant_count
            who, progress = f"Show of hands · {texts.people(people)}", texts.progress(step, n)
            self.tally.set_scale_range(quiz.scale_min, quiz.scale_max, people)
            self.tally.statement.setText(quiz.statements[step.statement].text)
            stored = data.tallies[step.statement]
            if entering:  # what was typed before and not recorded, else what is stored
                self.tally.set_counts(view.draft or stored or {})
            recorded = stored is not None
            self.tally.state.setText(texts.TALLY_RECORDED if recorded else texts.TALLY_NOT_RECORDED)
            self.update_sum()
        elif step.page is Page.JOIN:
            self.join.show_room(view.room or RoomShown(), len(data.participants))
        elif step.page is Page.POLL:
            progress = texts.progress(step, n)
            self.poll.show_statement(
                quiz.statements[step.statement].text,
                flow.answered_statement(data.answers, step.statement),
                len(data.participants),
                (view.room or RoomShown()).join_line(),
            )
        elif step.page is Page.CLOSED:
            hands = data.session.session_mode is SessionMode.HANDS
            self.closed_page.set_summary(
                *texts.closed_summary(
                    hands, n, data.answers, data.tallies, data.session.participant_count
                )
            )
        else:
            progress = "Results"
            self.results.ensure_panel().set_data(data, view.earlier())  # type: ignore[attr-defined]
        self.who.setText(who)
        self.progress.setText(progress)
        answer_keys = flow.key_range_text(quiz.scale_min, quiz.scale_max)
        self.keys.setText(texts.key_hints(step.page, answer_keys))
        if entering:
            self.focus_page(step.page)

    def update_sum(self) -> None:
        total = sum(self.tally.counts().values())
        self.tally.sum.setText(texts.tally_sum(total, self._people))
        set_flag(self.tally.sum, "refusal", total > self._people)

    def focus_page(self, page: Page) -> None:
        """Where the keys go: the name field, the first count, else the window itself."""
        if page is Page.START:
            self.start.name.setFocus()
        elif page is Page.TALLY and (field := self.tally.first_field()):
            field.setFocus()
            field.selectAll()
        else:
            self.setFocus()

    # -- the message line ----------------------------------------------------------------

    def set_message(self, text: str, refusal: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_flag(self.message, "refusal", refusal)
        set_flag(self.message, "muted", bool(text) and not refusal)
        self.hint_timer.stop()

    def refuse(self, text: str) -> None:
        """A refusal stays until the next page or action: it must be read."""
        self.set_message(text, refusal=True)

    def hint(self, text: str) -> None:
        """A gentle hint (a key that does nothing here) that fades after a moment."""
        self.set_message(text)
        self.hint_timer.start()

    def shown_message(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def is_refusal_shown(self) -> bool:
        return bool(self.shown_message()) and self.message.property("refusal") is True

    def _clear_hint(self) -> None:
        if self.message.property("refusal") is not True:
            self.set_message("")

    # -- size and colours ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_scale()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_sheet()  # light <-> dark while presenting

    def _apply_sheet(self) -> None:
        sheet = style_sheet(self._scale or 1.0)
        if sheet != self._sheet:  # a new sheet changes the palette: this stops the loop
            self._sheet = sheet
            self.setStyleSheet(sheet)

    def scale(self) -> float:
        return self._scale

    def apply_scale(self) -> None:
        scale = min(self.width() / DESIGN_WIDTH, self.height() / DESIGN_HEIGHT)
        if abs(scale - self._scale) < 0.005:
            return
        self._scale = scale
        margin, top = int(72 * scale), int(36 * scale)
        self.outer.setContentsMargins(margin, top, margin, int(24 * scale))
        self.outer.setSpacing(int(20 * scale))
        width = self.width() - 2 * margin
        set_px(self.who, 40 * scale)
        set_px(self.progress, 44 * scale, bold=True)
        set_px(self.message, 44 * scale, bold=True)
        set_px(self.keys, 27 * scale)
        for page in self.pages.values():
            page.apply_scale(scale, width)  # type: ignore[attr-defined]
        self._apply_sheet()
