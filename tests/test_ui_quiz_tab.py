"""The CX quiz tab driven by keyboard and mouse, checked in the database and on screen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.models.quiz import SessionMode
from cxdesk.models.workshop_entities import WorkshopSession
from cxdesk.store import quizzes, workshop, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz.session_dialog import SessionDialog
from cxdesk.ui.quiz.sessions import Column, SessionScope
from cxdesk.ui.quiz.tab import EMPTY, HIDDEN, RESULTS, QuizTab
from tests.db_dump import user_data
from tests.ops_helpers import Colleague
from tests.store_reads import list_participants
from tests.ui_helpers import when_dialog_opens


def today() -> date:
    """Today when asked, not when the module was imported: a run that crosses midnight
    compares with the date the app itself takes."""
    return date.today()


QUIZ_TAB = 4


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def quiz_tab(window: MainWindow, qtbot: QtBot) -> QuizTab:
    """Switch to the CX quiz tab as a person would (View > CX quiz, Ctrl+5)."""
    assert window.page is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tab = window.page.quiz
    qtbot.waitUntil(tab.isVisible)
    return tab


def create_session(
    qtbot: QtBot,
    tab: QuizTab,
    title: str,
    *,
    hands: int | None = None,
    linked: bool = True,
) -> None:
    """New session (Ctrl+N), fill the dialog with the keyboard, Create."""

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionDialog)
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        dialog.title.selectAll()
        qtbot.keyClicks(dialog.title, title)
        if hands is not None:
            dialog.modes.button(1).click()
            dialog.people.setValue(hands)
        if not linked:
            dialog.for_engagement.setChecked(False)
        dialog.accept()  # "Create" (not "Create and present")

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    tab.window().activateWindow()


def test_the_tab_starts_empty_and_offers_a_first_session(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    tab = quiz_tab(window, qtbot)
    assert tab.model.rowCount() == 0
    assert tab.pages.currentIndex() == EMPTY
    assert "New session" in tab.empty.text()
    assert not tab.present_action.isEnabled()
    # Looking at the tab writes the built-in quiz, so it is there to choose.
    assert [q.title for q in quizzes.list_quizzes(db)] == ["CX Self-Assessment"]


def test_a_new_session_is_saved_listed_and_undoable(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Kickoff workshop")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [stored] = workshop.list_sessions(db, engagement_id=engagement_id)
    assert stored.title == "Kickoff workshop"
    assert stored.session_mode is SessionMode.LAPTOP
    assert stored.held_on == today()
    assert not stored.revealed
    assert tab.current_session() == stored
    assert tab.model.index(0, Column.RESULT).data() == "hidden"
    assert tab.pages.currentIndex() == HIDDEN
    assert "Nobody has answered yet" in tab.hidden.text()
    assert tab.details.title.text() == "Kickoff workshop"

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert workshop.list_sessions(db) == []
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert workshop.list_sessions(db)[0].id == stored.id


def test_a_show_of_hands_session_keeps_its_people(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Steering group", hands=12)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [stored] = workshop.list_sessions(db)
    assert stored.session_mode is SessionMode.HANDS
    assert stored.participant_count == 12
    assert tab.model.index(0, Column.PEOPLE).data() == "12"
    assert "0 of 5 statements tallied for 12 people" in tab.hidden.text()
    assert tab.details.people.isVisible()
    assert not tab.details.participants.isVisible()


def test_session_details_are_edited_in_place(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: refusals.append(text))
    quiz = quizzes.ensure_built_in_quiz(db)
    workshop.add_session(db, quiz.id, engagement_id, "Kickoff", today(), SessionMode.HANDS, 5)
    tab = quiz_tab(window, qtbot)
    details = tab.details
    details.title.setFocus()
    details.title.selectAll()
    qtbot.keyClicks(details.title, "Kickoff workshop")
    qtbot.keyClick(details.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].title == "Kickoff workshop")
    details.held_on.setFocus()
    details.held_on.setDate(QDate(today() - timedelta(days=3)))
    details.people.setFocus()  # leaving the date saves it
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].held_on == today() - timedelta(days=3))
    details.people.selectAll()
    qtbot.keyClicks(details.people, "7")
    qtbot.keyClick(details.people, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].participant_count == 7)
    qtbot.waitUntil(lambda: tab.model.index(0, Column.TITLE).data() == "Kickoff workshop")

    # A blank title is refused, said in the status bar, and the stored one comes back.
    details.title.setFocus()
    details.title.selectAll()
    qtbot.keyClick(details.title, Qt.Key.Key_Delete)
    qtbot.keyClick(details.title, Qt.Key.Key_Return)
    assert workshop.list_sessions(db)[0].title == "Kickoff workshop"
    assert details.title.text() == "Kickoff workshop"
    assert len(refusals) == 1
    assert "session" in refusals[0].lower()

    window.undo_action.trigger()  # the people count
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].participant_count == 5)


def test_undo_over_a_colleagues_later_change_is_refused_and_keeps_it(
    window: MainWindow,
    qtbot: QtBot,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second writer (a colleague on a shared database, another window) renames the
    session after the person's edit: Ctrl+Z says why it will not undo, and keeps theirs."""
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: refusals.append(text))
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(
        db, quiz.id, engagement_id, "Kickoff", today(), SessionMode.HANDS, 5
    )
    tab = quiz_tab(window, qtbot)
    details = tab.details
    details.people.setFocus()
    details.people.selectAll()
    qtbot.keyClicks(details.people, "7")
    qtbot.keyClick(details.people, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].participant_count == 7)

    colleague(WorkshopSession, session.id, title="Kickoff (Ana's notes)")
    theirs = user_data(db.path)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(refusals) == 1)
    assert refusals[0].startswith("A workshop session was changed after this step")
    assert "nothing was changed" in refusals[0]
    assert user_data(db.path) == theirs
    [stored] = workshop.list_sessions(db)
    assert (stored.title, stored.participant_count) == ("Kickoff (Ana's notes)", 7)
    assert not window.ws.undo_stack.canUndo()  # type: ignore[union-attr]


def test_a_session_without_an_engagement_is_found_later(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Open training day", linked=False)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [stored] = workshop.list_sessions(db)
    assert stored.engagement_id is None
    assert tab.scope.currentText() == SessionScope.UNLINKED.value
    tab.scope.setCurrentIndex(tab.scope.findData(SessionScope.ENGAGEMENT.name))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    tab.scope.setCurrentIndex(tab.scope.findData(SessionScope.ALL.name))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)


def test_delete_asks_and_undo_brings_the_answers_back(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "Kickoff", today())
    person = workshop.add_participant(db, session.id, "Ana")
    workshop.record_answer(db, person.id, quiz.statements[0].id, 4)
    tab = quiz_tab(window, qtbot)
    assert "Ana" in tab.details.participants.item(0).text()
    assert "1 of 5 answered (incomplete)" in tab.details.participants.item(0).text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert len(workshop.list_sessions(db)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert workshop.list_sessions(db) == []

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    data = workshop.load_session_results(db, session.id)
    assert data is not None
    assert data.answers == ((4, None, None, None, None),)


def test_participants_are_renamed_and_removed_from_the_list(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "Kickoff", today())
    first = workshop.add_participant(db, session.id)
    workshop.add_participant(db, session.id, "Bo")
    tab = quiz_tab(window, qtbot)
    people = tab.details.participants
    assert people.item(0).text() == "Participant 1 — 0 of 5 answered (incomplete)"

    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Zoë", True))
    people.setFocus()
    people.setCurrentRow(0)
    qtbot.keyClick(people, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "Zoë" in people.item(0).text())
    assert list_participants(db, session.id)[0].name == "Zoë"

    second = people.visualItemRect(people.item(1)).center()
    qtbot.mouseClick(people.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.keyClick(people, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: people.count() == 1)
    assert [p.id for p in list_participants(db, session.id)] == [first.id]
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: people.count() == 2)


def test_the_demo_engagement_has_two_workshops_to_compare(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    engagement_id = add_demo_engagement(db)
    sessions = workshop.list_sessions(db, engagement_id=engagement_id)
    assert [s.title for s in sessions] == ["Kickoff workshop", "Design sign-off check-in"]
    kickoff, sign_off = (workshop.load_session_results(db, s.id) for s in sessions)
    assert kickoff is not None
    assert sign_off is not None
    assert kickoff.results.room_band is not None
    assert kickoff.results.room_band.label.startswith("Big opportunity")
    assert sign_off.results.room_band is not None
    assert sign_off.results.room_band.label.startswith("Strong foundation")
    assert workshop.previous_session(db, sessions[1].id) == sessions[0]
    assert kickoff.results.totals[3] is None  # one person skipped a statement


def test_revealed_results_are_shown_and_can_be_hidden_again(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "Kickoff", today())
    person = workshop.add_participant(db, session.id)
    for statement, score in zip(quiz.statements, (5, 4, 4, 5, 4), strict=True):
        workshop.record_answer(db, person.id, statement.id, score)
    tab = quiz_tab(window, qtbot)
    assert tab.pages.currentIndex() == HIDDEN
    assert "1 person has started; 1 answered every statement" in tab.hidden.text()

    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == RESULTS)
    assert workshop.get_session(db, session.id).revealed  # type: ignore[union-attr]
    assert tab.model.index(0, Column.RESULT).data() == "22.0"
    assert tab.reveal_action.text() == "&Hide results"

    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == HIDDEN)
    assert not workshop.get_session(db, session.id).revealed  # type: ignore[union-attr]


def test_a_session_is_found_again_after_reopening(
    qtbot: QtBot, db_path: Path, tmp_path: Path, private_data_dir: Path
) -> None:
    db = open_database(db_path, backup_folder=tmp_path / "backups")
    client = workspace.add_client(db, "Hal")
    workspace.add_engagement(db, client.id, "CRM")
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Kickoff workshop")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    window.close()
    db.close()

    db = open_database(db_path, backup_folder=tmp_path / "backups")
    try:
        again = MainWindow(db, settings)
        qtbot.addWidget(again)
        with qtbot.waitExposed(again):
            again.show()
        assert again.page is not None
        tab = again.page.quiz
        assert tab.isVisible()  # the window reopens on the tab last used
        assert tab.model.index(0, Column.TITLE).data() == "Kickoff workshop"
        again.close()
    finally:
        db.close()


def test_create_and_present_then_find_the_answers_in_the_tab(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    tab = quiz_tab(window, qtbot)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionDialog)
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # "Create and present" is the default

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.presenter is not None and tab.presenter.isVisible())
    presenter = tab.presenter
    assert presenter is not None
    assert presenter.isFullScreen()
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)

    def key(k: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget() or presenter, k)

    key(Qt.Key.Key_Return)  # the first participant starts, anonymous
    for digit in (Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_5, Qt.Key.Key_4, Qt.Key.Key_2):
        key(digit)
    key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.presenter is None)
    assert not presenter.isVisible()

    [session] = workshop.list_sessions(db)
    data = workshop.load_session_results(db, session.id)
    assert data is not None
    assert data.answers == ((4, 3, 5, 4, 2),)
    qtbot.waitUntil(lambda: "1 answered every statement" in tab.hidden.text())
    assert tab.pages.currentIndex() == HIDDEN  # still hidden: nobody revealed them
    assert tab.model.index(0, Column.PEOPLE).data() == "1"


def test_revealed_results_follow_the_room_answer_by_answer(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "All hands", today())
    workshop.update_session(db, session.id, "revealed", True)
    ana = workshop.add_participant(db, session.id, "Ana")
    tab = quiz_tab(window, qtbot)
    qtbot.waitUntil(lambda: tab.results is not None and tab.pages.currentIndex() == RESULTS)
    reads: list[int] = []
    real_load = workshop.load_session_results
    monkeypatch.setattr(
        workshop, "load_session_results", lambda db, sid: reads.append(sid) or real_load(db, sid)
    )

    edits = window.ws.quizzes  # type: ignore[union-attr]
    for statement, score in zip(quiz.statements, (5, 4, 4, 5, 4), strict=True):
        edits.record_answer(session.id, ana.id, statement.id, score)
    panel = tab.results
    assert panel is not None
    qtbot.waitUntil(lambda: panel.chart is not None)  # built with the first answer
    chart = panel.chart
    assert chart is not None
    qtbot.waitUntil(lambda: chart.series()[0][5] == 1)
    assert tab.model.index(0, Column.RESULT).data() == "22.0"
    assert reads == []  # applied in memory: no re-read of the room's answers
    # Someone joins, then answers: added in memory too, nothing read whole.
    bo = edits.add_participant(session.id)
    edits.record_answer(session.id, bo.id, quiz.statements[0].id, 1)
    qtbot.waitUntil(lambda: chart.series()[0][1] == 1)
    assert tab.model.index(0, Column.PEOPLE).data() == "2"
    assert reads == []
    assert tab.data == real_load(db, session.id)


def test_undo_never_takes_a_rooms_answers_with_it(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: refusals.append(text))
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Room A")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [session] = workshop.list_sessions(db)
    edits = window.ws.quizzes  # type: ignore[union-attr]
    person = edits.add_participant(session.id)  # as the presenter does
    quiz = quizzes.ensure_built_in_quiz(db)
    edits.record_answer(session.id, person.id, quiz.statements[0].id, 5)

    window.undo_action.trigger()  # "Undo New workshop session"
    assert len(refusals) == 1
    # The generic refusal of an undo that would take later rows with it.
    assert "A workshop participant was added after this step" in refusals[0]
    assert "nothing was changed" in refusals[0]
    data = workshop.load_session_results(db, session.id)
    assert data is not None
    assert data.answers[0][0] == 5


def drawn_as_stored(tab: QuizTab, db: Database, session_id: int) -> bool:
    """Whether the chart on screen draws what the database holds: each statement's bar
    segments (share of people per score) and its mean dot, read back from the items."""
    panel = tab.results
    data = workshop.load_session_results(db, session_id)
    if panel is None or panel.chart is None or data is None:
        return False
    results = data.results
    expected: list[float | None] = []  # every segment's share, then every mean
    for counts in results.distributions:
        people = sum(counts.values())
        expected += [100 * n / people if people else 0.0 for n in counts.values()]
    expected += results.means
    drawn: list[float | None] = [w for row in panel.chart.drawn_shares() for w in row]
    drawn += panel.chart.drawn_means()
    return len(drawn) == len(expected) and all(
        d == e if d is None or e is None else abs(d - e) < 1e-9
        for d, e in zip(drawn, expected, strict=True)
    )


def test_the_chart_drawn_in_place_follows_answers_a_reveal_and_a_removal(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "All hands", today())
    people = [workshop.add_participant(db, session.id, name) for name in ("Ana", "Bo", "Cy")]
    for person, scores in zip(people, ((5, 4, 4, 5, 4), (2, 3, 1, 2, 2)), strict=False):
        for statement, score in zip(quiz.statements, scores, strict=True):
            workshop.record_answer(db, person.id, statement.id, score)
    tab = quiz_tab(window, qtbot)
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # reveal
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == RESULTS)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))

    # Cy answers in the room, one statement at a time; then Ana changes her mind and
    # clears one: each applied to the chart in memory, row by row.
    edits = window.ws.quizzes  # type: ignore[union-attr]
    for statement, score in zip(quiz.statements[:3], (1, 5, 3), strict=True):
        edits.record_answer(session.id, people[2].id, statement.id, score)
        qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))
    edits.record_answer(session.id, people[0].id, quiz.statements[4].id, 1)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))
    edits.clear_answer(session.id, people[0].id, quiz.statements[1].id)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))

    # Hidden, answered meanwhile, revealed again: the chart shows the answer given hidden.
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == HIDDEN)
    edits.record_answer(session.id, people[2].id, quiz.statements[3].id, 2)
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == RESULTS)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))
    chart = tab.results.chart if tab.results else None
    assert chart is not None
    assert chart.series()[3] == {1: 0, 2: 2, 3: 0, 4: 0, 5: 1}

    # Bo removed from the participants' list (Delete): his answers leave the bars.
    listed = tab.details.participants
    listed.setFocus()
    second = listed.visualItemRect(listed.item(1)).center()
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.keyClick(listed, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: listed.count() == 2)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))
    assert chart.series()[3] == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    window.undo_action.trigger()  # Bo comes back, and so do his bars
    qtbot.waitUntil(lambda: listed.count() == 3)
    qtbot.waitUntil(lambda: drawn_as_stored(tab, db, session.id))
    assert chart.series()[3] == {1: 0, 2: 2, 3: 0, 4: 0, 5: 1}


def test_the_library_offers_the_built_in_quiz_in_the_engagements_language(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    # A colleague chose Polish for this engagement's toolkit: the quiz library, opened
    # from the tab (Ctrl+Shift+L), offers the built-in quiz's copy in Polish first.
    workspace.set_toolkit_language(db, engagement_id, "pl")
    tab = quiz_tab(window, qtbot)
    offered: list[object] = []

    def look(dialog: QDialog) -> None:
        offered.append(dialog.copy_language.currentData())  # type: ignore[attr-defined]
        dialog.reject()

    when_dialog_opens(qtbot, look)
    qtbot.keyClick(
        tab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: offered == ["pl"])
