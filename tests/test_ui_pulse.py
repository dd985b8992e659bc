"""The Pulse checks tab driven by keyboard and mouse, checked in the database and on screen."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.models.feedback_entities import PulseCheck
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace
from cxdesk.store.database import Database, open_database
from cxdesk.ui import shortcuts_help
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.pulse.model import COLUMN_INDEX, PulseRole, PulseTableModel
from tests.ops_helpers import Colleague


def today() -> date:
    """Today when asked, not when the module was imported: a run that crosses midnight
    compares with the date the app itself takes."""
    return date.today()


@pytest.fixture
def engagement_id(engagement_id: int, db: Database) -> int:
    """The shared engagement with a milestone past, one ahead and one undated."""
    workspace.add_milestone(db, engagement_id, "Kickoff", today() - timedelta(days=20))
    workspace.add_milestone(db, engagement_id, "Go-live", today() + timedelta(days=10))
    workspace.add_milestone(db, engagement_id, "Undated")
    return engagement_id


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The shared window, on the Pulse checks tab."""
    qtbot_tab(window, qtbot)
    return window


def qtbot_tab(window: MainWindow, qtbot: QtBot | None = None):  # type: ignore[no-untyped-def]
    """Switch to the Pulse checks tab as a person would (View > Pulse checks, Ctrl+4)."""
    assert window.page is not None
    if qtbot is not None:
        # Typing needs the window active; a window shown second is not, at first.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    window.show_tab(3)
    tab = window.page.pulse
    assert tab.isVisible()
    return tab


class Keys:
    """Presses keys on whatever has focus, counting them (the 15-second budget)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)
        self.count += len(text)

    def press(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.focused(), key)
        self.count += 1


def test_record_a_response_by_keyboard_only(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    form = tab.form
    # The date defaults to today, the milestone to the one due nearest it (Go-live is 10
    # days away, Kickoff 20 days ago).
    assert form.milestone.currentText() == "Go-live"
    assert form.taken_on() == today()
    assert form.respondent.hasFocus()

    keys = Keys(qtbot)
    keys.type("Ana")
    keys.press(Qt.Key.Key_Tab)
    keys.type("10")  # two digits: 10 is a valid confidence
    keys.press(Qt.Key.Key_Tab)
    keys.type("4")
    assert form.csat_meaning.text() == "satisfied"
    keys.press(Qt.Key.Key_Tab)
    keys.type("Demos")
    keys.press(Qt.Key.Key_Tab)
    keys.type("Slow replies")
    keys.press(Qt.Key.Key_Return)
    # Besides the words themselves: 4 Tabs, 3 digits and Enter.
    assert keys.count - len("Ana" + "Demos" + "Slow replies") == 8

    [stored] = pulse_store.list_pulses(db, engagement_id)
    golive = workspace.list_milestones(db, engagement_id)[1]
    assert (stored.respondent, stored.confidence, stored.csat) == ("Ana", 10, 4)
    assert (stored.working, stored.not_working) == ("Demos", "Slow replies")
    assert (stored.taken_on, stored.milestone_id) == (today(), golive.id)

    # The form is ready for the next person: date and milestone kept, the rest cleared.
    assert form.respondent.hasFocus()
    assert form.respondent.text() == ""
    assert form.working.text() == ""
    assert form.confidence.score() is None
    assert form.csat.score() is None
    assert form.milestone.currentText() == "Go-live"
    assert form.status.text() == f"Recorded (1 response on {today():%d %b %Y})"

    # On screen: the table row, the summary and the chart's daily means.
    assert tab.model.rowCount() == 1
    assert tab.index_of(stored.id, "confidence").data() == "10"
    assert tab.index_of(stored.id, "milestone_id").data() == "Go-live"
    assert tab.index_of(stored.id, "not_working").data() == "Slow replies"
    assert "Confidence 10.0 / 10" in tab.summary.text()
    assert "Slow replies" in tab.not_working.text()
    chart = tab.ensure_chart()
    qtbot.waitUntil(lambda: chart.series()["Confidence"] == [(today(), 10.0)])
    assert chart.series()["CSAT"] == [(today(), 4.0)]

    # A second response by someone already named: the completer knows them.
    assert "Ana" in form.names.stringList()
    keys.type("Bo")
    keys.press(Qt.Key.Key_Tab)
    keys.type("6")
    keys.press(Qt.Key.Key_Return)
    assert form.status.text() == f"Recorded (2 responses on {today():%d %b %Y})"
    assert [p.confidence for p in pulse_store.list_pulses(db, engagement_id)] == [10, 6]
    qtbot.waitUntil(lambda: chart.series()["Confidence"] == [(today(), 8.0)])
    # Newest first in the table.
    assert tab.proxy.index(0, COLUMN_INDEX["respondent"]).data() == "Bo"

    # One Ctrl+Z takes the last response back out of the database.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p.respondent for p in pulse_store.list_pulses(db, engagement_id)] == ["Ana"]
    assert tab.model.rowCount() == 1


def test_out_of_range_scores_cannot_be_typed(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    form = qtbot_tab(window).form
    keys = Keys(qtbot)
    keys.type("Cy")
    keys.press(Qt.Key.Key_Tab)
    keys.type("11")  # the second 1 is refused by the box: 1 stays, and the form says so
    assert form.confidence.text() == "1"
    assert "11 is not a score from 1 to 10; it stays 1" in form.status.text()
    form.confidence.selectAll()
    keys.type("0")  # 0 is not a confidence: the key does nothing
    assert form.confidence.text() == "1"
    keys.press(Qt.Key.Key_Backspace)  # an empty box means "not answered"
    assert form.confidence.score() is None
    keys.type("0")
    assert form.confidence.score() is None
    keys.type("7")
    keys.press(Qt.Key.Key_Tab)
    keys.type("6")  # CSAT stops at 5
    assert form.csat.score() is None
    assert "6 is not a score from 1 to 5; it stays unanswered" in form.status.text()
    keys.type("0")
    assert form.csat.score() is None
    keys.type("5")
    keys.press(Qt.Key.Key_Return)
    [stored] = pulse_store.list_pulses(db, engagement_id)
    assert (stored.confidence, stored.csat) == (7, 5)

    # The arrow keys stop at the ends too (the step below 1 is "not answered").
    spin = form.confidence
    spin.setFocus()
    for _ in range(12):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.score() == 10
    for _ in range(12):
        qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert spin.score() is None
    assert spin.text() == "–"


def test_empty_response_is_refused_and_the_form_kept(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    form = qtbot_tab(window).form
    keys = Keys(qtbot)
    keys.type("Dee")
    keys.press(Qt.Key.Key_Return)
    assert pulse_store.list_pulses(db, engagement_id) == []
    assert "no answers yet" in form.status.text()
    assert form.respondent.text() == "Dee"  # nothing typed is lost
    assert warnings == []  # said in the form: no dialog interrupts the meeting
    assert not window.ws.undo_stack.canUndo()
    # Add the missing answer and record: the same form goes through.
    keys.press(Qt.Key.Key_Tab)
    keys.type("3")
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    [stored] = pulse_store.list_pulses(db, engagement_id)
    assert (stored.respondent, stored.confidence, stored.csat) == ("Dee", 3, None)


def edit_cell(qtbot: QtBot, tab, pulse_id: int, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    index = tab.index_of(pulse_id, field)
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None
    assert tab.view.isAncestorOf(editor)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)


def test_edit_inline_with_undo_and_redo(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", confidence=5, csat=2)
    [record] = pulse_store.list_pulses(db, engagement_id)

    edit_cell(qtbot, tab, record.id, "confidence", "9")
    assert pulse_store.list_pulses(db, engagement_id)[0].confidence == 9
    assert tab.index_of(record.id, "confidence").data() == "9"
    # Out of range in the cell editor: 7 is refused for CSAT, nothing changes.
    edit_cell(qtbot, tab, record.id, "csat", "7")
    assert pulse_store.list_pulses(db, engagement_id)[0].csat == 2
    edit_cell(qtbot, tab, record.id, "not_working", "Too many meetings")
    assert pulse_store.list_pulses(db, engagement_id)[0].not_working == "Too many meetings"
    assert "Too many meetings" in tab.not_working.text()

    window.undo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].not_working == ""
    window.undo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].confidence == 5
    assert tab.index_of(record.id, "confidence").data() == "5"
    window.redo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].confidence == 9
    assert tab.index_of(record.id, "confidence").data() == "9"


def test_edit_date_and_milestone_inline(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=4)
    [record] = pulse_store.list_pulses(db, engagement_id)
    # The milestone cell: a combo, "(none)" first; Down picks the next one and saves.
    index = tab.index_of(record.id, "milestone_id")
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    kickoff = workspace.list_milestones(db, engagement_id)[0]
    assert pulse_store.list_pulses(db, engagement_id)[0].milestone_id == kickoff.id
    assert tab.index_of(record.id, "milestone_id").data() == "Kickoff"
    # The date cell: a date editor; Down moves the day back, Enter saves.
    index = tab.index_of(record.id, "taken_on")
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == today() - timedelta(days=1)
    window.undo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == today()
    # Typed as people write dates; what cannot be read is said, and the date stays.
    earlier = today() - timedelta(days=36)  # a day already past, whatever today is
    for typed in ("31 Feb 2026", f"{earlier.day} {earlier:%b %Y}"):
        tab.view.setCurrentIndex(tab.index_of(record.id, "taken_on"))
        tab.view.setFocus()
        qtbot.keyClick(tab.view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(editor, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
        if typed.startswith("31"):
            assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == today()
            assert "that month has no day 31" in tab.form.status.text()
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == earlier


def test_delete_selected_and_undo(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    for name in ("Fay", "Gus"):
        window.ws.feedback.add_pulse(engagement_id, today(), respondent=name, csat=3)
    fay = next(p for p in pulse_store.list_pulses(db, engagement_id) if p.respondent == "Fay")
    assert not tab.delete_button.isEnabled()
    tab.view.setFocus()
    tab.view.selectRow(tab.index_of(fay.id, "respondent").row())
    assert tab.delete_button.isEnabled()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [p.respondent for p in pulse_store.list_pulses(db, engagement_id)] == ["Gus"]
    assert tab.model.rowCount() == 1
    window.undo_action.trigger()
    assert sorted(p.respondent for p in pulse_store.list_pulses(db, engagement_id)) == [
        "Fay",
        "Gus",
    ]
    assert tab.model.rowCount() == 2
    # The Delete button does the same.
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert len(pulse_store.list_pulses(db, engagement_id)) == 1


def test_responses_survive_reopening(
    qtbot: QtBot, db_path: Path, tmp_path: Path, private_data_dir: Path
) -> None:
    db = open_database(db_path, backup_folder=tmp_path / "backups")
    client = workspace.add_client(db, "Hal")
    engagement = workspace.add_engagement(db, client.id, "CRM")
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = qtbot_tab(window, qtbot)
    keys = Keys(qtbot)
    keys.type("Ivy")
    keys.press(Qt.Key.Key_Tab)
    keys.type("8")
    keys.press(Qt.Key.Key_Return)
    window.close()
    db.close()

    db = open_database(db_path, backup_folder=tmp_path / "backups")
    try:
        [stored] = pulse_store.list_pulses(db, engagement.id)
        assert (stored.respondent, stored.confidence, stored.milestone_id) == ("Ivy", 8, None)
        again = MainWindow(db, settings)
        qtbot.addWidget(again)
        again.show()
        tab = qtbot_tab(again)
        assert tab.model.rowCount() == 1
        assert tab.proxy.index(0, COLUMN_INDEX["respondent"]).data() == "Ivy"
        again.close()
    finally:
        db.close()


def test_model_is_a_valid_qt_model(
    qtmodeltester, window: MainWindow, db: Database, engagement_id: int
) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        window.ws.feedback.add_pulse(
            engagement_id, today() - timedelta(days=n), respondent=f"R{n}", confidence=n + 1
        )
    tab = qtbot_tab(window)
    assert isinstance(tab.model, PulseTableModel)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    # Unanswered is shown as "–", never as 0, and sorts after the answered ones.
    record = tab.proxy.index(0, 0).data(PulseRole)
    assert tab.index_of(record.id, "csat").data() == "–"


def test_chart_marks_milestones_and_has_an_empty_state(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    chart = tab.ensure_chart()
    assert chart.stack.currentWidget() is chart.empty
    assert "No pulse checks yet" in chart.empty.text()
    # Dated milestones are marked by date; the undated one is not drawn.
    assert chart.milestone_marks() == [
        ("Kickoff", today() - timedelta(days=20)),
        ("Go-live", today() + timedelta(days=10)),
    ]
    window.ws.feedback.add_pulse(engagement_id, today() - timedelta(days=2), csat=5)
    window.ws.feedback.add_pulse(engagement_id, today() - timedelta(days=2), csat=2, confidence=4)
    qtbot.waitUntil(lambda: chart.stack.currentWidget() is not chart.empty)
    assert chart.series() == {
        "Confidence": [(today() - timedelta(days=2), 4.0)],
        "CSAT": [(today() - timedelta(days=2), 3.5)],
    }
    # Renaming a milestone (another tab's edit) reaches the chart and the table.
    kickoff = workspace.list_milestones(db, engagement_id)[0]
    window.ws.edit_milestone(
        engagement_id, kickoff.id, ("Kickoff", kickoff.due_date), ("Start", kickoff.due_date)
    )
    qtbot.waitUntil(lambda: chart.milestone_marks()[0][0] == "Start")
    assert tab.form.milestone.itemText(1) == "Start"
    assert "50% satisfied" in tab.summary.text()


def test_a_digit_on_a_respondent_name_in_the_table_is_refused(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=4)
    [record] = pulse_store.list_pulses(db, engagement_id)
    tab.view.setCurrentIndex(tab.index_of(record.id, "respondent"))
    tab.view.setFocus()
    qtbot.keyClicks(tab.view, "4")
    assert tab.view.state() != QAbstractItemView.State.EditingState
    assert pulse_store.list_pulses(db, engagement_id)[0].respondent == "Eve"
    assert tab.index_of(record.id, "respondent").data() == "Eve"
    assert "F2 or Enter" in tab.form.status.text()
    # A score cell still takes the digit straight away.
    tab.view.setCurrentIndex(tab.index_of(record.id, "csat"))
    qtbot.keyClicks(QApplication.focusWidget(), "2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pulse_store.list_pulses(db, engagement_id)[0].csat == 2)


def type_date(keys: Keys, form, day: date) -> None:  # type: ignore[no-untyped-def]
    """Into the date box as a person writes it: "2 Nov 2026"."""
    form.date.setFocus()
    keys.focused().selectAll()  # type: ignore[attr-defined]
    keys.type(f"{day.day} {day:%b %Y}")


def test_a_whole_pulse_check_typed_with_tabs(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    """Date, Tab, Tab, name, Tab, 4, Tab, 3, Tab, text, Tab, text, Enter: every value in
    its field. The date box used to take three Tabs (day, month, year), so "Respondent"
    got the confidence "4" and every later answer shifted one field."""
    tab = qtbot_tab(window)
    form = tab.form
    kickoff = workspace.list_milestones(db, engagement_id)[0]
    keys = Keys(qtbot)
    # The help says so; the keys below hold it to its word.
    pulse_keys = dict(next(keys for title, keys in shortcuts_help.LEFT if title == "Pulse checks"))
    assert pulse_keys["Tab"].startswith("from each answer to the next, the date too")
    # Tabbed into, the date is left by one Tab.
    form.date.setFocus(Qt.FocusReason.TabFocusReason)
    keys.press(Qt.Key.Key_Tab)
    assert form.milestone.hasFocus()
    # A check taken 18 days ago, typed: the milestone follows the date to Kickoff (due 2
    # days from it; Go-live is 28 days away) as the Tab leaves the date.
    day = today() - timedelta(days=18)
    assert form.milestone.currentText() == "Go-live"  # nearest today
    type_date(keys, form, day)
    keys.press(Qt.Key.Key_Tab)
    assert form.milestone.hasFocus()
    assert form.milestone.currentText() == "Kickoff"
    shown = QLocale().toString(QDate(day), "d MMM yyyy")
    assert form.date.text() == shown  # what was understood, in the box and under it
    assert form.date.understood.text() == QLocale().toString(QDate(day), "ddd d MMM yyyy")
    keys.press(Qt.Key.Key_Tab)
    assert form.respondent.hasFocus()
    keys.type("Ana")
    keys.press(Qt.Key.Key_Tab)
    keys.type("4")
    keys.press(Qt.Key.Key_Tab)
    keys.type("3")
    keys.press(Qt.Key.Key_Tab)
    keys.type("Quick answers")
    keys.press(Qt.Key.Key_Tab)
    keys.type("Invoices late")
    keys.press(Qt.Key.Key_Return)
    [stored] = pulse_store.list_pulses(db, engagement_id)
    assert (stored.taken_on, stored.milestone_id) == (day, kickoff.id)
    assert (stored.respondent, stored.confidence, stored.csat) == ("Ana", 4, 3)
    assert (stored.working, stored.not_working) == ("Quick answers", "Invoices late")
    # On screen too, and the form keeps date and milestone for the next person.
    assert tab.index_of(stored.id, "respondent").data() == "Ana"
    assert tab.index_of(stored.id, "milestone_id").data() == "Kickoff"
    assert (form.taken_on(), form.milestone.currentText()) == (day, "Kickoff")
    assert form.respondent.hasFocus()


def test_the_milestone_follows_the_date_until_one_is_picked(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    form = qtbot_tab(window).form
    keys = Keys(qtbot)
    type_date(keys, form, today() - timedelta(days=18))
    keys.press(Qt.Key.Key_Tab)
    assert form.milestone.currentText() == "Kickoff"
    type_date(keys, form, today() + timedelta(days=7))
    keys.press(Qt.Key.Key_Tab)
    assert form.milestone.currentText() == "Go-live"
    # A milestone picked by the person stays when the date changes.
    keys.press(Qt.Key.Key_Up)  # Go-live -> Kickoff, on the milestone box
    assert form.milestone.currentText() == "Kickoff"
    type_date(keys, form, today() + timedelta(days=9))
    keys.press(Qt.Key.Key_Tab)
    assert form.milestone.currentText() == "Kickoff"
    # Another engagement forgets the pick: the milestone follows the date again.
    tab = qtbot_tab(window)
    tab.show_engagement(None)
    tab.show_engagement(engagement_id)
    qtbot.waitUntil(lambda: form.milestone.currentText() == "Go-live")


def test_a_date_that_cannot_be_read_is_said_and_nothing_recorded(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window)
    form = tab.form
    keys = Keys(qtbot)
    form.date.setFocus()
    keys.focused().selectAll()  # type: ignore[attr-defined]
    keys.type("31 Feb 2026")
    assert "not a date" in form.date.understood.text()
    form.respondent.setFocus()
    keys.type("Ana")
    keys.press(Qt.Key.Key_Tab)
    keys.type("7")
    keys.press(Qt.Key.Key_Return)
    assert pulse_store.list_pulses(db, engagement_id) == []
    assert "no day 31" in form.status.text()
    assert form.taken_on() == today()  # the date kept, shown in the box again
    assert form.date.text() == f"{today().day} {today():%b %Y}"
    # Enter again records it, under the date the box shows.
    keys.press(Qt.Key.Key_Return)
    [stored] = pulse_store.list_pulses(db, engagement_id)
    assert (stored.respondent, stored.confidence, stored.taken_on) == ("Ana", 7, today())


def test_the_recorded_message_goes_away(
    qtbot: QtBot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Recorded (1 response …)" is news for a moment; left up it reads as the state of
    things long after (it stayed for as long as the tab was open)."""
    from cxdesk.ui import status_line

    monkeypatch.setattr(status_line, "STATUS_MS", 200)
    monkeypatch.setattr(status_line, "MS_PER_CHARACTER", 0)
    form = qtbot_tab(window).form
    form.respondent.setText("Ana")
    form.working.setText("Demos")
    qtbot.keyClick(form.respondent, Qt.Key.Key_Return)
    assert form.status.text().startswith("Recorded (1 response")
    qtbot.waitUntil(lambda: form.status.text() == "", timeout=3000)


def open_date_cell(qtbot: QtBot, tab, pulse_id: int, typed: str) -> QWidget:  # type: ignore[no-untyped-def]
    """F2 on a row's date cell and type into its editor as a person writes a date."""
    tab.view.setCurrentIndex(tab.index_of(pulse_id, "taken_on"))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    assert tab.view.state() == QAbstractItemView.State.EditingState
    line = QApplication.focusWidget()
    assert line is not None
    assert tab.view.isAncestorOf(line)
    line.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(line, typed)
    return line


def test_a_date_typed_in_the_table_is_saved_by_tab_and_tab_goes_on_to_the_next_cell(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    """Only Enter used to save a date cell: Tab left the editor open, the old date in the
    database and the focus in a scroll area outside the table (the table's delegate
    watched the date box, but its keys and focus go to the line inside it)."""
    tab = qtbot_tab(window, qtbot)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=4)
    [record] = pulse_store.list_pulses(db, engagement_id)
    line = open_date_cell(qtbot, tab, record.id, "3 Nov 2026")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == date(2026, 11, 3)
    assert tab.index_of(record.id, "taken_on").data() == "03 Nov 2026"
    # Tab goes on to the next cell, as from any other cell editor; the table keeps focus.
    assert tab.view.currentIndex() == tab.index_of(record.id, "milestone_id")
    focused = QApplication.focusWidget()
    assert focused is not None
    assert tab.view.isAncestorOf(focused)  # the milestone cell's editor, not a scroll area
    # Shift+Tab comes back to the date cell, whose editor shows the date saved.
    qtbot.keyClick(focused, Qt.Key.Key_Backtab)
    assert tab.view.currentIndex() == tab.index_of(record.id, "taken_on")
    line = QApplication.focusWidget()
    assert line is not None
    assert tab.view.isAncestorOf(line)
    assert line.text() == "3 Nov 2026"  # type: ignore[attr-defined]
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    [stored] = pulse_store.list_pulses(db, engagement_id)
    assert (stored.taken_on, stored.milestone_id, stored.respondent) == (
        date(2026, 11, 3),
        None,
        "Eve",
    )


def test_a_date_typed_in_the_table_is_saved_by_clicking_elsewhere(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window, qtbot)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=4)
    [record] = pulse_store.list_pulses(db, engagement_id)
    open_date_cell(qtbot, tab, record.id, "3 Nov 2026")
    qtbot.mouseClick(tab.form.respondent, Qt.MouseButton.LeftButton)
    assert tab.form.respondent.hasFocus()
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == date(2026, 11, 3)
    assert tab.form.respondent.hasFocus()  # the click's box keeps the focus it was given
    # One undo step takes it back, as for any other edit.
    window.undo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].taken_on == today()


def test_an_unreadable_date_in_the_table_is_refused_by_tab_and_the_date_kept(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = qtbot_tab(window, qtbot)
    window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=4)
    [record] = pulse_store.list_pulses(db, engagement_id)
    before = pulse_store.list_pulses(db, engagement_id)
    line = open_date_cell(qtbot, tab, record.id, "31 Feb 2026")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: tab.view.currentIndex() == tab.index_of(record.id, "milestone_id"))
    # Said in a sentence: what was typed, why it is not a date, and which date stands.
    status = tab.form.status.text()
    assert "“31 Feb 2026”" in status
    assert "that month has no day 31" in status
    assert f"Kept {QLocale().toString(QDate(today()), 'ddd d MMM yyyy')}." in status
    # Nothing else of the response moved.
    assert pulse_store.list_pulses(db, engagement_id) == before


def test_undo_over_a_colleagues_later_change_is_refused_in_words_and_keeps_it(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = qtbot_tab(window)
    record = window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", confidence=5)
    assert record is not None
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    edit_cell(qtbot, tab, record.id, "confidence", "9")
    assert pulse_store.list_pulses(db, engagement_id)[0].confidence == 9

    # Ana adds to the same response after the person's edit, on another device.
    colleague(PulseCheck, record.id, working="Ana: demos")

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(warnings) == 1
    assert "A pulse check was changed after this step" in warnings[0]
    assert "nothing was changed" in warnings[0]
    [kept] = pulse_store.list_pulses(db, engagement_id)
    assert (kept.confidence, kept.working) == (9, "Ana: demos")
    assert tab.index_of(record.id, "confidence").data() == "9"
    # The refused step is not offered again; the one before it (recording) still is.
    assert window.undo_action.text() == "&Undo Record pulse check"


def test_an_edit_over_a_colleagues_change_is_refused_and_the_row_shows_theirs(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = qtbot_tab(window)
    record = window.ws.feedback.add_pulse(engagement_id, today(), respondent="Eve", csat=2)
    assert record is not None
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    # The screen shows CSAT 2; Ana makes it 5 meanwhile, on another device.
    colleague(PulseCheck, record.id, csat=5)
    assert tab.index_of(record.id, "csat").data() == "2"

    edit_cell(qtbot, tab, record.id, "confidence", "9")
    assert len(warnings) == 1
    assert re.match(  # the colleague's engine writes as this computer's person: "You"
        r"You changed this pulse check's CSAT at \d\d:\d\d \(2 → 5\) in another window or on "
        r"another device, after your screen showed it",
        warnings[0],
    )
    [kept] = pulse_store.list_pulses(db, engagement_id)
    assert (kept.confidence, kept.csat) == (None, 5)  # nothing of the stale edit saved
    assert tab.index_of(record.id, "csat").data() == "5"  # the screen shows theirs now
    assert window.undo_action.text() == "&Undo Record pulse check"  # no step for it

    edit_cell(qtbot, tab, record.id, "confidence", "9")  # again, on the fresh row
    assert pulse_store.list_pulses(db, engagement_id)[0].confidence == 9
    assert len(warnings) == 1


def test_milestone_lines_drawn_are_the_engagements_shown_after_switching(qtbot: QtBot) -> None:
    """The lines are moved and renamed, not re-created, when another engagement's
    milestones come: what is drawn must still be exactly those milestones."""
    import pyqtgraph as pg

    from cxdesk.models.records import MilestoneRecord
    from cxdesk.ui.pulse.charts import PulseTrendChart, timestamp

    chart = PulseTrendChart()
    qtbot.addWidget(chart)
    chart.resize(800, 300)
    chart.show()

    def milestones(first: int, *names: str) -> list[MilestoneRecord]:
        return [
            MilestoneRecord(i, 1, i, name, today() + timedelta(days=first + 7 * i), None)
            for i, name in enumerate(names)
        ]

    def drawn() -> list[tuple[float, str, str, float]]:
        items = chart.plot.getPlotItem().items
        lines = [i for i in items if isinstance(i, pg.InfiniteLine) and i.isVisible()]
        assert sorted(map(id, lines)) == sorted(map(id, chart.marks))  # none left behind
        return [
            (m.value(), m.label.textItem.toPlainText(), m.toolTip(), m.label.orthoPos)
            for m in lines
        ]

    def expected(records: list[MilestoneRecord]) -> list[tuple[float, str, str, float]]:
        dated = [m for m in records if m.due_date is not None]
        return [
            (timestamp(due), m.name, f"{m.name}: due {due:%d %b %Y}", 0.83 if i % 2 else 0.95)
            for i, m in enumerate(dated)
            if (due := m.due_date) is not None
        ]

    many = milestones(-70, *(f"Sprint {n} review" for n in range(20)))
    few = milestones(3, "Kickoff", "Go-live")
    undated = [
        *milestones(-9, "Design", "Build", "Pilot"),
        MilestoneRecord(9, 1, 9, "Later", None, None),
    ]
    for records in (many, few, many, undated, [], many):
        chart.set_data([], records)
        assert drawn() == expected(records)
        assert chart.milestone_marks() == [(m.name, m.due_date) for m in records if m.due_date]


def test_milestone_names_with_braces_are_drawn_as_typed(qtbot: QtBot) -> None:
    """pyqtgraph reads a line's label as a format string: "{x}" raised KeyError and
    "{value}" printed the line's position instead of the milestone's name."""
    import pyqtgraph as pg

    from cxdesk.models.records import MilestoneRecord
    from cxdesk.ui.pulse.charts import PulseTrendChart

    chart = PulseTrendChart()
    qtbot.addWidget(chart)
    chart.resize(800, 300)
    chart.show()
    names = ["Phase {2}", "{value}", "50% done }", "{"]
    records = [
        MilestoneRecord(i, 1, i, name, today() + timedelta(days=7 * i), None)
        for i, name in enumerate(names)
    ]
    for _ in range(2):  # drawn new, then the same lines renamed
        chart.set_data([], records)
        lines = [
            item
            for item in chart.plot.getPlotItem().items
            if isinstance(item, pg.InfiniteLine) and item.isVisible()
        ]
        assert [line.label.textItem.toPlainText() for line in lines] == names


def test_text_typed_on_a_phone_shows_in_the_tooltip_as_typed(
    qtbot: QtBot, window: MainWindow, engagement_id: int
) -> None:
    """A tooltip that *might* be rich text is rendered as such by Qt: what a phone typed
    into "what's working" must not restyle, load images into or stretch the laptop's."""
    from PySide6.QtGui import QHelpEvent, QTextDocument
    from PySide6.QtWidgets import QToolTip

    typed = '<b style="font-size:60px">x</b><img src="file:///etc/hosts">\n<table width=5000>'
    tab = qtbot_tab(window, qtbot)
    window.ws.feedback.add_pulse(
        engagement_id, today(), respondent="<i>Ana</i>", csat=3, working=typed, not_working=typed
    )
    for field in ("working", "not_working"):
        index = tab.view.model().index(0, COLUMN_INDEX[field])
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        shown = QTextDocument()
        shown.setHtml(tip)
        assert shown.toPlainText() == typed  # the literal text, line break kept
    # The tooltip the view really shows, hovering over the cell.
    working = tab.view.model().index(0, COLUMN_INDEX["working"])
    tab.view.scrollTo(working)
    cell = tab.view.visualRect(working)
    viewport = tab.view.viewport()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, cell.center(), viewport.mapToGlobal(cell.center()))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    shown = QTextDocument()
    shown.setHtml(QToolTip.text())
    assert shown.toPlainText() == typed
    QToolTip.hideText()
