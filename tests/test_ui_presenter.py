"""The presenter view driven by the keyboard, checked in the database and on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.store import quizzes, workshop
from cxdesk.store import workspace as store
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.ui.quiz import presenter_screens
from cxdesk.ui.quiz.presenter import PresenterWindow, present
from cxdesk.ui.quiz.presenter_flow import Page
from cxdesk.ui.workspace import Workspace
from tests.store_reads import list_participants
from tests.ui_helpers import when_dialog_opens

DIGIT = {d: getattr(Qt.Key, f"Key_{d}") for d in range(10)}


@pytest.fixture
def ws(db: Database) -> Iterator[Workspace]:
    workspace = Workspace(db)
    yield workspace
    workspace.undo_stack.clear()


@pytest.fixture
def quiz_id(db: Database) -> int:
    return quizzes.ensure_built_in_quiz(db).id


@pytest.fixture
def laptop(db: Database, quiz_id: int) -> int:
    return workshop.add_session(db, quiz_id, None, "Kick-off workshop", date(2026, 3, 20)).id


@pytest.fixture
def hands(db: Database, quiz_id: int) -> int:
    return workshop.add_session(
        db, quiz_id, None, "Team retro", date(2026, 3, 21), SessionMode.HANDS, 12
    ).id


@pytest.fixture
def open_presenter(qtbot: QtBot, ws: Workspace) -> Iterator[Callable[[int], PresenterWindow]]:
    """Open the presenter at projector size, active so it gets the keys; closed after."""
    opened: list[PresenterWindow] = []

    def make(session_id: int) -> PresenterWindow:
        window = PresenterWindow(ws, session_id)
        opened.append(window)
        window.resize(1280, 720)
        with qtbot.waitExposed(window):
            window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for window in opened:
        window.close()
        window.deleteLater()


def press(qtbot: QtBot, window: QWidget, key: Qt.Key, ctrl: bool = False) -> None:
    """A key press on whatever has the focus, as a person's keyboard would send it."""
    target = QApplication.focusWidget() or window
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(target, key, modifier)


def answer(qtbot: QtBot, window: QWidget, *scores: int | None) -> None:
    """Digits for scores; ``None`` skips the statement with the right arrow."""
    for score in scores:
        press(qtbot, window, Qt.Key.Key_Right if score is None else DIGIT[score])


def results(db: Database, session_id: int) -> SessionResultsData:
    data = workshop.load_session_results(db, session_id)
    assert data is not None
    return data


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person can read on the window right now."""
    shown = [w for w in window.findChildren(QLabel) if w.isVisibleTo(window) and w.text()]
    buttons = [w for w in window.findChildren(QPushButton) if w.isVisibleTo(window)]
    return [w.text() for w in shown] + [b.text() for b in buttons]


def test_pass_the_laptop_for_three_people_by_keyboard_only(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    assert window.step.page is Page.START
    assert window.start.title.text() == "Participant 1"
    assert QApplication.focusWidget() is window.start.name

    # Ana types her name and answers everything.
    qtbot.keyClicks(window.start.name, "Ana")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.step.page is Page.STATEMENT
    assert window.progress.text() == "Statement 1 of 5"
    assert window.who.text() == "Participant 1 · Ana"
    answer(qtbot, window, 4, 3, 5, 2, 4)
    assert window.step.page is Page.THANKS
    thanks = visible_texts(window)
    assert set(thanks) == {
        "Participant 1 · Ana",
        "Thank you",
        "Pass the laptop on",
        "Next person: press Enter to start",
        "Enter next person · Ctrl+Enter end voting · Esc leave",
    }

    # The second person stays anonymous, goes back and changes an answer.
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.step.page is Page.START
    assert window.start.title.text() == "Participant 2"
    assert window.start.name.text() == ""
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.who.text() == "Participant 2"
    answer(qtbot, window, 3, 3)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.progress.text() == "Statement 2 of 5"
    assert window.statement.chosen() == 3  # their own earlier answer, highlighted
    assert "Your answer: 3" in window.statement.caption.text()
    answer(qtbot, window, 5, 2, 4, 4)
    assert window.step.page is Page.THANKS

    # The third skips statement 2; the thank-you page says so, with no scores.
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 2, None, 3, 3, 3)
    assert window.step.page is Page.THANKS
    assert window.thanks.skipped.text() == "You skipped 1 statement: shown as incomplete"
    assert not window.statement.isVisible()
    assert set(visible_texts(window)) == {  # nothing else: no score of anyone's
        "Participant 3",
        "Thank you",
        "Pass the laptop on",
        "You skipped 1 statement: shown as incomplete",
        "Next person: press Enter to start",
        "Enter next person · Ctrl+Enter end voting · Esc leave",
    }

    press(qtbot, window, Qt.Key.Key_Return, ctrl=True)  # end voting
    assert window.step.page is Page.CLOSED
    assert window.closed_page.answered.text() == "3 people answered"
    assert window.closed_page.note.text() == "1 of them skipped a statement"

    data = results(db, laptop)
    assert [p.name for p in data.participants] == ["Ana", "", ""]
    assert data.answers == ((4, 3, 5, 2, 4), (3, 5, 2, 4, 4), (2, None, 3, 3, 3))
    assert data.results.totals == (18, 18, None)  # the skip is incomplete, never 0
    assert data.session.revealed is False


def test_the_hand_over_page_never_leads_back_into_anyones_answers(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 2, None, 3, 3, 3)
    assert window.step.page is Page.THANKS
    press(qtbot, window, Qt.Key.Key_Left)  # the next person reaching for the arrows
    assert window.step.page is Page.THANKS
    assert not window.statement.isVisible()
    # During their own turn ← goes back, and Backspace takes an answer back.
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 4)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.statement.chosen() == 4
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert window.statement.chosen() is None
    assert results(db, laptop).answers == ((2, None, 3, 3, 3), (None,) * 5)


def test_someone_new_does_not_continue_an_unfinished_turn(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    qtbot.keyClicks(window.start.name, "Ana")
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 5, None, 5, 5, 5)  # Ana skips one on purpose and is done...
    with qtbot.waitSignal(window.closed):
        press(qtbot, window, Qt.Key.Key_Escape)  # ...and the lid closes before Enter

    again = open_presenter(laptop)
    assert again.step.page is Page.START
    assert again.start.name.text() == "Ana"
    press(qtbot, again, Qt.Key.Key_N, ctrl=True)  # Ben: someone new
    assert again.start.title.text() == "Participant 2"
    assert again.start.name.text() == ""
    press(qtbot, again, Qt.Key.Key_Return)
    answer(qtbot, again, 1, 1, 1, 1, 1)
    data = results(db, laptop)
    assert data.answers == ((5, None, 5, 5, 5), (1, 1, 1, 1, 1))


def test_digits_outside_the_scale_record_nothing(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    for digit in (0, 6, 9):
        answer(qtbot, window, digit)
        assert window.shown_message() == "Scores go from 1 to 5"
        assert not window.is_refusal_shown()  # a gentle hint, not an error
    assert window.progress.text() == "Statement 1 of 5"
    assert list_participants(db, laptop) == []  # not even an empty record
    # The hint fades by itself.
    window.hint_timer.setInterval(10)
    answer(qtbot, window, 7)
    qtbot.waitUntil(lambda: window.shown_message() == "")
    # The big buttons answer too.
    qtbot.mouseClick(window.statement.buttons[2], Qt.MouseButton.LeftButton)
    assert results(db, laptop).answers[0][0] == 2
    assert window.progress.text() == "Statement 2 of 5"


def test_a_refused_answer_is_shown_in_place_in_large_type(
    qtbot: QtBot, ws: Workspace, laptop: int, open_presenter, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)

    def refuse(*_args: object) -> None:
        raise EditRefused("That participant was removed meanwhile.")

    monkeypatch.setattr(ws.quizzes, "record_answer", refuse)
    answer(qtbot, window, 4)
    assert window.is_refusal_shown()
    assert window.shown_message() == "That participant was removed meanwhile."
    assert window.message.font().pixelSize() >= 24
    assert window.progress.text() == "Statement 1 of 5"  # stays, to try again


def type_counts(qtbot: QtBot, window: PresenterWindow, *counts: int) -> None:
    """Type one count per score, Tab between them, as a facilitator would."""
    for index, count in enumerate(counts):
        if index:
            press(qtbot, window, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), str(count))


def test_show_of_hands_refuses_a_tally_that_does_not_add_up(
    qtbot: QtBot, db: Database, hands: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(hands)
    assert window.step.page is Page.TALLY
    assert window.progress.text() == "Statement 1 of 5"
    assert window.who.text() == "Show of hands · 12 people"
    assert QApplication.focusWidget() is window.tally.fields[1]

    type_counts(qtbot, window, 2, 3, 4, 1, 1)
    assert window.tally.sum.text() == "11 of 12 hands"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.is_refusal_shown()
    assert "add up to 11, but 12 people" in window.shown_message()
    assert window.message.font().pixelSize() >= 24
    assert window.tally.counts() == {1: 2, 2: 3, 3: 4, 4: 1, 5: 1}  # nothing lost
    assert window.progress.text() == "Statement 1 of 5"
    assert results(db, hands).tallies == (None,) * 5  # nothing stored

    # Shift+Tab back to score 4, correct it, and record.
    press(qtbot, window, Qt.Key.Key_Backtab)
    qtbot.keyClicks(QApplication.focusWidget(), "2")
    assert window.tally.sum.text() == "12 of 12 hands ✓"
    press(qtbot, window, Qt.Key.Key_Return)
    assert results(db, hands).tallies[0] == {1: 2, 2: 3, 3: 4, 4: 2, 5: 1}
    assert window.progress.text() == "Statement 2 of 5"
    assert window.tally.counts() == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert window.shown_message() == ""

    # Too many hands in one field cannot even be typed: 13 is more than the room.
    qtbot.keyClicks(QApplication.focusWidget(), "13")
    assert window.tally.fields[1].count() == 1

    # Going back shows the stored counts, editable again.
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.progress.text() == "Statement 1 of 5"
    assert window.tally.counts() == {1: 2, 2: 3, 3: 4, 4: 2, 5: 1}
    assert window.tally.state.text().startswith("Recorded")
    qtbot.keyClicks(QApplication.focusWidget(), "1")
    press(qtbot, window, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    press(qtbot, window, Qt.Key.Key_Return)
    assert results(db, hands).tallies[0] == {1: 1, 2: 4, 3: 4, 4: 2, 5: 1}


def test_typed_counts_survive_moving_away_and_esc_warns_once(
    qtbot: QtBot, db: Database, hands: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(hands)
    type_counts(qtbot, window, 5, 7)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.tally.counts() == {1: 5, 2: 7, 3: 0, 4: 0, 5: 0}
    with qtbot.assertNotEmitted(window.closed):
        press(qtbot, window, Qt.Key.Key_Escape)
    assert window.shown_message().startswith("These counts are not recorded yet")
    with qtbot.waitSignal(window.closed):
        press(qtbot, window, Qt.Key.Key_Escape)
    assert results(db, hands).tallies == (None,) * 5


def test_a_session_without_a_head_count_cannot_be_tallied(
    qtbot: QtBot, db: Database, quiz_id: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    session = workshop.add_session(db, quiz_id, None, "Unknown room", date(2026, 3, 1), "hands")
    window = open_presenter(session.id)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.is_refusal_shown()
    assert "how many people are in the room" in window.shown_message()
    assert results(db, session.id).tallies == (None,) * 5


def test_resume_after_closing_mid_session(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 4, 3, 5, 2, 4)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.keyClicks(window.start.name, "Bo")
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 2, 2)
    assert window.progress.text() == "Statement 3 of 5"
    with qtbot.waitSignal(window.closed) as closed:
        press(qtbot, window, Qt.Key.Key_Escape)
    assert closed.args == [laptop]
    assert not window.isVisible()

    again = open_presenter(laptop)
    # Bo's start page first: whoever holds the laptop now says it is still Bo (Enter).
    assert again.step.page is Page.START
    assert again.start.name.text() == "Bo"
    assert "stopped after 2 of 5 statements" in again.start.prompt.text()
    press(qtbot, again, Qt.Key.Key_Return)
    assert again.step.page is Page.STATEMENT
    assert again.who.text() == "Participant 2 · Bo"
    assert again.progress.text() == "Statement 3 of 5"
    assert again.statement.chosen() is None
    answer(qtbot, again, 3, 3, 3)
    assert again.step.page is Page.THANKS
    press(qtbot, again, Qt.Key.Key_Return)
    assert again.start.title.text() == "Participant 3"
    data = results(db, laptop)
    assert [p.name for p in data.participants] == ["", "Bo"]
    assert data.answers == ((4, 3, 5, 2, 4), (2, 2, 3, 3, 3))


def test_resume_reuses_an_empty_participant_record(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    workshop.add_participant(db, laptop, "Cy")
    window = open_presenter(laptop)
    assert window.step.page is Page.START
    assert window.start.title.text() == "Participant 1"
    assert window.start.name.text() == "Cy"
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 5)
    data = results(db, laptop)
    assert [p.name for p in data.participants] == ["Cy"]
    assert data.answers == ((5, None, None, None, None),)


def test_resume_a_show_of_hands_at_the_first_untallied_statement(
    qtbot: QtBot, db: Database, hands: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    statements = results(db, hands).quiz.statements
    workshop.record_tally(db, hands, statements[0].id, {3: 12})
    workshop.record_tally(db, hands, statements[1].id, {4: 12})
    window = open_presenter(hands)
    assert window.progress.text() == "Statement 3 of 5"
    for statement in statements[2:]:
        workshop.record_tally(db, hands, statement.id, {5: 12})
    window.close()
    assert open_presenter(hands).step.page is Page.CLOSED


def test_reveal_and_hide_the_results(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 4, 3, 5, 2, 4)
    press(qtbot, window, Qt.Key.Key_Return, ctrl=True)
    assert window.step.page is Page.CLOSED
    assert window.results.panel is None  # hidden: not even built

    press(qtbot, window, Qt.Key.Key_R)
    assert window.step.page is Page.RESULTS
    assert workshop.get_session(db, laptop).revealed is True  # type: ignore[union-attr]
    from cxdesk.ui.quiz.results import ResultsPanel

    panel = window.results.panel
    assert isinstance(panel, ResultsPanel)
    assert panel.large
    assert panel.isVisible()
    assert panel.data is not None
    assert panel.data.answers == ((4, 3, 5, 2, 4),)

    press(qtbot, window, Qt.Key.Key_R)
    assert window.step.page is Page.CLOSED
    assert not panel.isVisible()
    assert workshop.get_session(db, laptop).revealed is False  # type: ignore[union-attr]

    # Revealed, closed, opened again: on the results; the button reveals too.
    qtbot.mouseClick(window.closed_page.reveal_button, Qt.MouseButton.LeftButton)
    assert window.step.page is Page.RESULTS
    window.close()
    assert open_presenter(laptop).step.page is Page.RESULTS


def test_results_compare_with_the_earlier_session(
    qtbot: QtBot, db: Database, ws: Workspace, quiz_id: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    client = store.add_client(db, "Northwind")
    engagement = store.add_engagement(db, client.id, "Portal")
    earlier = workshop.add_session(db, quiz_id, engagement.id, "Before", date(2026, 1, 5))
    later = workshop.add_session(db, quiz_id, engagement.id, "After", date(2026, 3, 5))
    person = workshop.add_participant(db, earlier.id)
    for statement in results(db, earlier.id).quiz.statements:
        workshop.record_answer(db, person.id, statement.id, 2)
    ws.quizzes.set_revealed(later.id, True)
    window = open_presenter(later.id)
    panel = window.results.panel
    assert panel is not None
    assert panel.previous is not None
    assert panel.previous.session.id == earlier.id


def test_following_a_reveal_made_in_the_main_window(
    qtbot: QtBot, ws: Workspace, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    ws.quizzes.set_revealed(laptop, True)
    assert window.step.page is Page.RESULTS
    ws.quizzes.set_revealed(laptop, False)
    assert window.step.page is Page.CLOSED


def test_a_deleted_session_closes_the_presenter_with_a_message(
    qtbot: QtBot, ws: Workspace, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    session = workshop.get_session(ws.db, laptop)
    assert session is not None
    with (
        qtbot.waitSignal(ws.editRefused) as refused,
        qtbot.waitSignal(window.closed),
    ):
        ws.quizzes.delete_session(session)
    assert "deleted" in refused.args[0]
    assert window.gone_message == refused.args[0]
    assert not window.isVisible()


def test_the_longest_statement_fits_at_1280x720(
    qtbot: QtBot, db: Database, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    texts = [s.text for s in results(db, laptop).quiz.statements]
    longest = max(range(len(texts)), key=lambda i: len(texts[i]))
    answer(qtbot, window, *([None] * longest))
    label = window.statement.statement
    assert label.text() == texts[longest]
    assert label.fits(label.pixel_size())
    assert label.pixel_size() >= 60  # legible from the back of a room
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignCenter)
    box = label.fontMetrics().boundingRect(QRect(0, 0, label.width(), 10_000), flags, label.text())
    assert box.height() <= label.height()
    assert box.width() <= label.width()
    # A much longer custom statement gets smaller type, never clipped words.
    label.setText(texts[longest] * 4)
    assert label.fits(label.pixel_size())
    assert label.pixel_size() < 60


def test_present_shows_the_window_full_screen_on_the_only_screen(
    qtbot: QtBot, ws: Workspace, laptop: int
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    window = present(ws, laptop, parent)
    assert window is not None
    try:
        qtbot.waitExposed(window)
        assert window.isFullScreen()
        assert window.step.page is Page.START
    finally:
        window.close()
        window.deleteLater()
    assert present(ws, 9999, parent) is None


class FakeScreen:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name

    def manufacturer(self) -> str:
        return "Epson"

    def model(self) -> str:
        return "EB-X49"

    def geometry(self) -> QRect:
        return QRect(0, 0, 1280, 720)


def test_with_two_screens_it_asks_and_defaults_to_the_other_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    here = parent.screen()
    projector = FakeScreen("HDMI-1")
    monkeypatch.setattr(
        presenter_screens.QGuiApplication, "screens", staticmethod(lambda: [here, projector])
    )
    asked: list[str] = []

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.textValue())
        dialog.accept()

    when_dialog_opens(qtbot, accept)
    ok, screen = presenter_screens.choose_screen(parent)
    assert ok
    assert screen is projector
    assert asked == ["HDMI-1 — Epson EB-X49 (1280×720)"]

    when_dialog_opens(qtbot, lambda dialog: dialog.reject())
    assert presenter_screens.choose_screen(parent) == (False, None)


def test_keys_reach_the_presenter_from_the_name_field(
    qtbot: QtBot, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(laptop)
    assert QApplication.focusWidget() is window.start.name
    press(qtbot, window, Qt.Key.Key_Return, ctrl=True)  # end voting before anyone starts
    assert window.step.page is Page.CLOSED
    assert window.closed_page.answered.text() == "0 people answered"
    press(qtbot, window, Qt.Key.Key_Left)  # back to voting
    assert window.step.page is Page.START
    assert QApplication.focusWidget() is window.start.name
    with qtbot.waitSignal(window.closed) as closed:
        press(qtbot, window, Qt.Key.Key_Escape)
    assert closed.args == [laptop]
    assert not window.isVisible()


def test_the_presenter_follows_a_switch_to_the_dark_palette(
    qtbot: QtBot, laptop: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    window = open_presenter(laptop)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: "rgba(30,30,30,1.00)" in window.styleSheet())
        assert "rgba(240,240,240,1.00)" in window.styleSheet()
    finally:
        app.setPalette(before)


def test_a_latecomer_clear_a_tally_change_the_head_count_and_count_again(
    qtbot: QtBot, db: Database, ws: Workspace, hands: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    window = open_presenter(hands)
    type_counts(qtbot, window, 2, 3, 4, 2, 1)
    press(qtbot, window, Qt.Key.Key_Return)
    assert results(db, hands).tallies[0] is not None
    session = workshop.get_session(db, hands)
    assert session is not None
    with pytest.raises(EditRefused, match="Ctrl\\+L"):
        workshop.update_session(db, hands, "participant_count", 13)

    press(qtbot, window, Qt.Key.Key_Left)  # back to statement 1
    press(qtbot, window, Qt.Key.Key_L, ctrl=True)
    assert results(db, hands).tallies[0] is None
    ws.quizzes.edit_session(session, "participant_count", 13)
    qtbot.waitUntil(lambda: window.who.text() == "Show of hands · 13 people")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tally.fields[1].setFocus()
    type_counts(qtbot, window, 2, 3, 4, 2, 2)
    press(qtbot, window, Qt.Key.Key_Return)
    tally = results(db, hands).tallies[0]
    assert tally is not None
    assert sum(tally.values()) == 13


def test_deleting_the_engagement_closes_the_presenter(
    qtbot: QtBot, db: Database, ws: Workspace, quiz_id: int, open_presenter
) -> None:  # type: ignore[no-untyped-def]
    client = store.add_client(db, "Acme")
    engagement = store.add_engagement(db, client.id, "Portal")
    session = workshop.add_session(db, quiz_id, engagement.id, "Room", date.today())
    window = open_presenter(session.id)
    with qtbot.waitSignal(window.closed):
        ws.delete_engagement(engagement)
    assert not window.isVisible()


@pytest.fixture
def session_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sessions read whole (``load_session_results``), in order, from now on."""
    reads: list[int] = []
    real = workshop.load_session_results

    def counted(db: Database, session_id: int) -> SessionResultsData | None:
        reads.append(session_id)
        return real(db, session_id)

    monkeypatch.setattr(workshop, "load_session_results", counted)
    return reads


def answered_before(db: Database, session_id: int, *rows: tuple[int, ...]) -> None:
    """People who answered before the presenter opened (the session is resumed)."""
    statements = results(db, session_id).quiz.statements
    for row in rows:
        person = workshop.add_participant(db, session_id)
        for statement, score in zip(statements, row, strict=True):
            workshop.record_answer(db, person.id, statement.id, score)


def open_on_projector(open_presenter, session_id: int) -> PresenterWindow:  # type: ignore[no-untyped-def]
    window: PresenterWindow = open_presenter(session_id)
    window.resize(1920, 1080)
    return window


def test_answers_at_the_laptop_show_what_a_fresh_presenter_shows_without_a_re_read(
    qtbot: QtBot, db: Database, ws: Workspace, laptop: int, open_presenter, session_reads
) -> None:  # type: ignore[no-untyped-def]
    answered_before(db, laptop, (4, 3, 5, 2, 4), (2, 2, 3, 1, 5))
    window = open_on_projector(open_presenter, laptop)
    qtbot.keyClicks(window.start.name, "Chloe")
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 5)  # her first answer: she joins, the session is read again
    session_reads.clear()
    answer(qtbot, window, 4, 3)
    press(qtbot, window, Qt.Key.Key_Left)
    assert window.statement.caption.text().startswith("Your answer: 3")
    answer(qtbot, window, 2)  # she changes her mind
    answer(qtbot, window, 1, 5)
    assert window.step.page is Page.THANKS
    # Five answers by someone already in the data: applied in memory, none read again.
    assert session_reads == []

    # Meanwhile someone answers on another screen: that is read again, then the next
    # person at the laptop is applied to it.
    late = ws.quizzes.add_participant(laptop, "Dev")
    ws.quizzes.record_answer(laptop, late.id, window.data.quiz.statements[0].id, 3)  # type: ignore[union-attr]
    assert session_reads
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.start.title.text() == "Participant 5"
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 1)
    session_reads.clear()
    answer(qtbot, window, 2, None, 4)
    assert session_reads == []

    stored = results(db, laptop)
    assert [p.name for p in stored.participants] == ["", "", "Chloe", "Dev", ""]
    assert stored.answers == (
        (4, 3, 5, 2, 4),
        (2, 2, 3, 1, 5),
        (5, 4, 2, 1, 5),
        (3, None, None, None, None),
        (1, 2, None, 4, None),
    )
    assert window.data == stored

    # Voting over, results hidden: the projector says what a presenter opened now says,
    # and nothing of the results is on screen or even built.
    press(qtbot, window, Qt.Key.Key_Right)  # the last statement skipped: her turn ends
    press(qtbot, window, Qt.Key.Key_Return, ctrl=True)
    fresh = open_on_projector(open_presenter, laptop)
    press(qtbot, fresh, Qt.Key.Key_Return, ctrl=True)
    for shown in (window, fresh):
        assert shown.step.page is Page.CLOSED
        assert shown.results.panel is None
    assert visible_texts(window) == visible_texts(fresh)
    assert window.closed_page.answered.text() == "5 people answered"
    assert window.closed_page.note.text() == "2 of them skipped a statement"

    # Revealed (the live window follows): the same results, drawn the same, pixel for pixel.
    press(qtbot, fresh, Qt.Key.Key_R)
    for shown in (window, fresh):
        assert shown.step.page is Page.RESULTS
    from cxdesk.ui.quiz.results import ResultsPanel

    live, new = window.results.panel, fresh.results.panel
    assert isinstance(live, ResultsPanel)
    assert isinstance(new, ResultsPanel)
    assert live.data == new.data == results(db, laptop)
    assert live.chart is not None
    assert new.chart is not None
    assert live.chart.series() == new.chart.series()
    assert live.chart.drawn_shares() == new.chart.drawn_shares()
    assert visible_texts(window) == visible_texts(fresh)
    # Once both have laid out the page they just entered (the header's "Results" grows).
    qtbot.waitUntil(lambda: window.grab().toImage() == fresh.grab().toImage())


def test_the_next_person_sees_none_of_the_answers_applied_in_memory(
    qtbot: QtBot, db: Database, laptop: int, open_presenter, session_reads
) -> None:  # type: ignore[no-untyped-def]
    window = open_on_projector(open_presenter, laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 4, 3, 5, 2, 4)
    thanks = visible_texts(window)
    assert not any(str(score) in text for text in thanks for score in (2, 3, 4, 5))
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.who.text() == "Participant 2"
    assert window.statement.chosen() is None
    assert window.statement.caption.text() == ""
    assert window.results.panel is None
    answer(qtbot, window, 1)
    assert window.statement.chosen() is None  # statement 2: nothing chosen yet
    assert results(db, laptop).answers == ((4, 3, 5, 2, 4), (1, None, None, None, None))


def test_an_answer_taken_back_and_a_removed_participant_put_back(
    qtbot: QtBot, db: Database, ws: Workspace, laptop: int, open_presenter, session_reads
) -> None:  # type: ignore[no-untyped-def]
    window = open_on_projector(open_presenter, laptop)
    qtbot.keyClicks(window.start.name, "Ana")
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, 4, 3, 5)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Backspace)  # the third answer taken back
    assert window.statement.chosen() is None
    assert window.statement.caption.text() == ""
    assert results(db, laptop).answers == ((4, 3, None, None, None),)
    assert window.data == results(db, laptop)
    answer(qtbot, window, 2, 1)
    assert results(db, laptop).answers == ((4, 3, 2, 1, None),)
    assert window.data == results(db, laptop)

    # Removed in the main window while at the laptop, then put back with Undo.
    ana = results(db, laptop).participants[0]
    ws.quizzes.delete_participants(laptop, [ana.id])
    assert window.step.page is Page.START
    assert window.data == results(db, laptop)
    assert window.data.participants == ()  # type: ignore[union-attr]
    ws.undo_stack.undo()
    assert window.data == results(db, laptop)
    assert [p.name for p in window.data.participants] == ["Ana"]  # type: ignore[union-attr]

    # The resumed turn is hers again; her next answer is applied in memory.
    window.close()
    again = open_on_projector(open_presenter, laptop)
    press(qtbot, again, Qt.Key.Key_Return)
    assert again.who.text() == "Participant 1 · Ana"
    session_reads.clear()
    answer(qtbot, again, 5)
    assert session_reads == []
    assert again.step.page is Page.THANKS
    assert again.data == results(db, laptop)
    assert again.data.answers == ((4, 3, 2, 1, 5),)  # type: ignore[union-attr]


def test_redrawing_the_same_statement_does_not_fit_its_text_again(
    qtbot: QtBot, db: Database, laptop: int, open_presenter, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The presenter redraws at every batch of phones' answers; fitting a statement is a
    dozen word-wrapped layouts at large sizes, paid only for new text or a new size."""
    window = open_presenter(laptop)
    press(qtbot, window, Qt.Key.Key_Return)
    answer(qtbot, window, None)
    label = window.statement.statement
    size, text = label.pixel_size(), label.text()
    fitted: list[int] = []
    real_fits = type(label).fits
    monkeypatch.setattr(
        type(label), "fits", lambda self, px: fitted.append(px) or real_fits(self, px)
    )
    label.setText(text)
    assert fitted == []
    assert label.pixel_size() == size
    label.setText(text + " " + text)
    assert fitted
    assert label.fits(label.pixel_size())
    fitted.clear()
    label.resize(label.width() // 2, label.height())
    assert fitted
    assert label.fits(label.pixel_size())
