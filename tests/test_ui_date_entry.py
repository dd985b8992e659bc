"""Dates typed into the app's date boxes as people write them, and what they are told."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QDialog,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxdesk.models.quiz import SessionMode
from cxdesk.store import quizzes, workshop, workspace
from cxdesk.store.database import Database
from cxdesk.ui.date_entry import DateEntry
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz.session_dialog import SessionDialog
from tests.ui_helpers import when_dialog_opens

NOV_2 = date(2026, 11, 2)
UI = Path(__file__).resolve().parent.parent / "cxdesk" / "ui"


@pytest.fixture
def british() -> Iterator[None]:
    """Numeric dates day first, as in the UK (and Poland, Greece…)."""
    before = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def box(qtbot: QtBot, british: None) -> Iterator[DateEntry]:
    holder = QWidget()  # held by this fixture until the test ends (qtbot keeps a weakref)
    qtbot.addWidget(holder)
    entry = DateEntry(holder)
    entry.setDate(QDate(2026, 10, 15))
    after = DateEntry(holder)  # something to Tab on to
    QWidget.setTabOrder(entry, after)
    entry.move(0, 0)
    after.move(0, 60)
    with qtbot.waitExposed(holder):
        holder.show()
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow)
    entry.setFocus()
    entry.line.selectAll()
    yield entry  # noqa: PT022 - holds `holder` (and so the box) until the test ends


@pytest.mark.parametrize(
    "typed",
    ["2 Nov 2026", "2 November 2026", "2/11/2026", "2026-11-02", "Nov 2 2026", "Mon 2 Nov 2026"],
)
def test_the_formats_people_type_are_taken_and_shown_back(
    qtbot: QtBot, box: DateEntry, typed: str
) -> None:
    changes: list[QDate] = []
    box.dateChanged.connect(changes.append)
    qtbot.keyClicks(box.line, typed)
    # While typing: what it reads as (and, for numbers only, in which order).
    assert box.understood.text() in ("→ Mon 2 Nov 2026", "→ Mon 2 Nov 2026 (day first)")
    assert changes == []  # taken only when the person is done
    qtbot.keyClick(box.line, Qt.Key.Key_Tab)
    assert not box.line.hasFocus()  # one Tab leaves the box
    assert box.taken() == NOV_2
    assert changes == [QDate(2026, 11, 2)]
    assert box.text() == "2 Nov 2026"  # normalised on leaving
    assert box.understood.text() == "Mon 2 Nov 2026"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31 Feb 2026", "no day 31"),
        ("2 Nov", ""),
        ("next Tuesday", "not a date"),
        ("13/13/26", "month 13"),
    ],
)
def test_what_cannot_be_read_says_so_and_keeps_the_date(
    qtbot: QtBot, box: DateEntry, typed: str, why: str
) -> None:
    qtbot.keyClicks(box.line, typed)
    qtbot.keyClick(box.line, Qt.Key.Key_Return)
    if not why:  # "2 Nov" is this year's 2 November: fine
        assert box.taken() == date(date.today().year, 11, 2)
        return
    assert box.taken() == date(2026, 10, 15)
    assert box.text() == "15 Oct 2026"
    # The sentence beside the box: why, and which date stands.
    assert box.understood.text().startswith(f"⚠ “{typed}”")
    assert why in box.understood.text()
    assert box.understood.text().endswith("Kept Thu 15 Oct 2026.")
    assert why in box.take_problem()
    assert box.take_problem() == ""  # said once


def test_keys_step_the_date_and_the_range_holds(qtbot: QtBot, box: DateEntry) -> None:
    box.setDateRange(QDate(2026, 1, 1), QDate(2026, 12, 31))
    qtbot.keyClick(box.line, Qt.Key.Key_Up)
    assert box.taken() == date(2026, 10, 16)
    qtbot.keyClick(box.line, Qt.Key.Key_PageDown)
    assert box.taken() == date(2026, 9, 16)
    box.line.selectAll()
    qtbot.keyClicks(box.line, "2 Nov 2027")
    qtbot.keyClick(box.line, Qt.Key.Key_Return)
    assert box.taken() == date(2026, 9, 16)
    assert "outside the dates" in box.take_problem()


def test_typing_a_milestone_date_in_its_dialog(
    qtbot: QtBot,
    open_window,
    db: Database,  # type: ignore[no-untyped-def]
    british: None,
) -> None:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "eRejestracja")
    milestone = workspace.add_milestone(db, engagement.id, "Go-live", date(2026, 10, 15))
    window: MainWindow = open_window(db)
    assert window.page is not None
    tab = window.page.matrix

    def retype(dialog: QDialog) -> None:
        # The widget that takes the keys when the date box has focus.
        field = dialog.date.focusProxy() or dialog.date  # type: ignore[attr-defined]
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, "2 Nov 2026")
        qtbot.keyClick(field, Qt.Key.Key_Return)  # the dialog's OK, as a person presses it

    when_dialog_opens(qtbot, retype)
    tab.edit_milestone_action.trigger()
    assert workspace.list_milestones(db, engagement.id)[0].due_date == NOV_2
    assert milestone.id == workspace.list_milestones(db, engagement.id)[0].id


def test_a_milestone_dialog_stays_open_once_on_a_date_it_cannot_read(
    qtbot: QtBot,
    open_window,
    db: Database,  # type: ignore[no-untyped-def]
    british: None,
) -> None:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "eRejestracja")
    workspace.add_milestone(db, engagement.id, "Go-live", date(2026, 10, 15))
    window: MainWindow = open_window(db)
    assert window.page is not None
    seen: list[str] = []

    def retype(dialog: QDialog) -> None:
        # The widget that takes the keys when the date box has focus.
        field = dialog.date.focusProxy() or dialog.date  # type: ignore[attr-defined]
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, "31 Nov 2026")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        seen.append(dialog.date.understood.text())  # type: ignore[attr-defined]
        assert dialog.isVisible()  # not closed on the old date unnoticed
        qtbot.keyClick(field, Qt.Key.Key_Return)  # seen: OK keeps the date shown

    when_dialog_opens(qtbot, retype)
    window.page.matrix.edit_milestone_action.trigger()
    assert seen == [
        "⚠ “31 Nov 2026” is not a date: that month has no day 31. Kept Thu 15 Oct 2026."
    ]
    assert workspace.list_milestones(db, engagement.id)[0].due_date == date(2026, 10, 15)


def test_every_date_box_is_the_one_date_entry() -> None:
    """A QDateEdit reads typing section by section ("2 Nov 2026" became 7, then 27 Nov)
    and Tab walks its sections: no screen may use one again."""
    offenders = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.name != "date_entry.py"  # which says why it replaces them
        and re.search(r"\bQDate(Time)?Edit\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture
def american(qtbot: QtBot) -> Iterator[None]:
    """Numeric dates month first, as in the US."""
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(before)


def test_numeric_dates_follow_the_locale_and_say_which_way(qtbot: QtBot, american: None) -> None:
    entry = DateEntry()
    qtbot.addWidget(entry)
    entry.line.selectAll()
    qtbot.keyClicks(entry.line, "11/2/2026")
    assert entry.understood.text() == "→ Mon 2 Nov 2026 (month first)"
    qtbot.keyClick(entry.line, Qt.Key.Key_Return)
    assert entry.taken() == NOV_2
    # The same digits a British colleague would mean as 11 February: shown as read,
    # never silently taken as the other date.
    entry.line.selectAll()
    qtbot.keyClicks(entry.line, "2/11/2026")
    assert entry.understood.text() == "→ Wed 11 Feb 2026 (month first)"
    # A reading only one way round is taken that way, and says so.
    entry.line.selectAll()
    qtbot.keyClicks(entry.line, "30/11/2026")
    assert entry.understood.text() == "→ Mon 30 Nov 2026 (day first)"


def test_the_calendar_still_picks(qtbot: QtBot, box: DateEntry) -> None:
    finished: list[bool] = []
    box.editingFinished.connect(lambda: finished.append(True))
    qtbot.keyClick(box.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = box.findChild(QCalendarWidget)
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert popup.selectedDate() == QDate(2026, 10, 15)
    popup.setSelectedDate(QDate(2026, 11, 2))  # as arrow keys on the grid do
    popup.activated.emit(QDate(2026, 11, 2))  # Enter or a double click on the day
    assert not popup.isVisible()
    assert box.taken() == NOV_2
    assert box.understood.text() == "Mon 2 Nov 2026"
    assert finished == [True]
    assert box.line.hasFocus()


def test_a_date_stepped_with_keys_is_saved_on_leaving(
    qtbot: QtBot,
    open_window,
    db: Database,  # type: ignore[no-untyped-def]
    british: None,
) -> None:
    """The quiz session's date saves when the box is left (editingFinished), also after
    Up/Down, which QLineEdit alone would not report as an edit."""
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "eRejestracja")
    quiz = quizzes.ensure_built_in_quiz(db)
    workshop.add_session(
        db, quiz.id, engagement.id, "Kickoff", date(2026, 10, 15), SessionMode.HANDS, 5
    )
    window: MainWindow = open_window(db)
    assert window.page is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_tab(4)
    held_on = window.page.quiz.details.held_on
    qtbot.waitUntil(lambda: held_on.taken() == date(2026, 10, 15))
    held_on.setFocus()
    held_on.line.selectAll()
    qtbot.keyClicks(held_on.line, "2 Nov 2026")
    qtbot.keyClick(held_on.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].held_on == NOV_2)
    held_on.setFocus()
    qtbot.keyClick(held_on.line, Qt.Key.Key_Down)
    assert workshop.list_sessions(db)[0].held_on == NOV_2  # not saved on every step
    qtbot.keyClick(held_on.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: workshop.list_sessions(db)[0].held_on == date(2026, 11, 1))


def test_a_new_quiz_session_takes_a_typed_date(qtbot: QtBot, db: Database, british: None) -> None:
    quiz = quizzes.ensure_built_in_quiz(db)
    dialog = SessionDialog([quiz], None, today=date(2026, 10, 15))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.held_on.line.selectAll()
    qtbot.keyClicks(dialog.held_on.line, "31/11/2026")
    dialog.accept()  # Create: refused once, with the reason beside the box
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.isVisible()
    assert "that month has no day 31. Kept Thu 15 Oct 2026." in dialog.held_on.understood.text()
    dialog.held_on.line.selectAll()
    qtbot.keyClicks(dialog.held_on.line, "2 November")  # this year
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice is not None
    assert choice.held_on == date(date.today().year, 11, 2)
    assert choice.title.endswith(f"02 Nov {date.today().year}")  # the title followed


class _DateCells(QStyledItemDelegate):
    """The plainest delegate with a date box for its editor, as any table would have."""

    def createEditor(self, parent: QWidget, option: object, index: object) -> QWidget:  # type: ignore[override]
        return DateEntry(parent, feedback="tooltip")

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # type: ignore[override]
        assert isinstance(editor, DateEntry)
        editor.setDate(QDate(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex) -> None:  # type: ignore[override]
        assert isinstance(editor, DateEntry)
        index.model().setData(index, editor.to_python(), Qt.ItemDataRole.EditRole)


@pytest.fixture
def dates_table(qtbot: QtBot, british: None) -> Iterator[tuple[QTableView, QLineEdit]]:
    """A 2x2 table of dates beside a line edit, in a window that has the focus."""
    holder = QWidget()
    qtbot.addWidget(holder)
    model = QStandardItemModel(2, 2, holder)
    for row in range(2):
        for column in range(2):
            item = QStandardItem()
            item.setData(date(2026, 10, 15 + 2 * row + column), Qt.ItemDataRole.EditRole)
            model.setItem(row, column, item)
    view = QTableView(holder)
    view.setModel(model)
    view.setItemDelegate(_DateCells(view))
    view.setTabKeyNavigation(False)  # as the app's tables: Tab alone would leave the table
    elsewhere = QLineEdit(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(view)
    layout.addWidget(elsewhere)
    with qtbot.waitExposed(holder):
        holder.show()
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow)
    yield view, elsewhere  # noqa: PT022 - holds `holder` until the test ends


def _edit(qtbot: QtBot, view: QTableView, row: int, column: int, typed: str) -> QLineEdit:
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    assert isinstance(line.parent(), DateEntry)
    line.selectAll()
    qtbot.keyClicks(line, typed)
    return line


def _date_at(view: QTableView, row: int, column: int) -> date:
    return view.model().index(row, column).data(Qt.ItemDataRole.EditRole)  # type: ignore[no-any-return]


def test_as_a_cell_editor_tab_and_shift_tab_save_and_go_on(
    qtbot: QtBot, dates_table: tuple[QTableView, QLineEdit]
) -> None:
    """In any item view, Tab from the date box behaves as from a plain cell editor: the
    date is saved and the next cell is edited (it used to leave the view, the editor
    open and the date unsaved, because the delegate watches the box, not its line)."""
    view, _ = dates_table
    line = _edit(qtbot, view, 0, 0, "2 Nov 2026")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert _date_at(view, 0, 0) == NOV_2
    assert view.currentIndex() == view.model().index(0, 1)
    assert view.state() == QAbstractItemView.State.EditingState  # the next cell, open
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    assert line.text() == "16 Oct 2026"
    line.selectAll()
    qtbot.keyClicks(line, "3 Nov 2026")
    qtbot.keyClick(line, Qt.Key.Key_Backtab)
    assert _date_at(view, 0, 1) == date(2026, 11, 3)
    assert view.currentIndex() == view.model().index(0, 0)
    # Escape still closes a cell without saving what was typed.
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "9 Nov 2026")
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert _date_at(view, 0, 0) == NOV_2
    assert view.hasFocus()


def test_as_a_cell_editor_a_click_elsewhere_saves(
    qtbot: QtBot, dates_table: tuple[QTableView, QLineEdit]
) -> None:
    view, elsewhere = dates_table
    _edit(qtbot, view, 1, 0, "2 Nov 2026")
    qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert _date_at(view, 1, 0) == NOV_2
    assert elsewhere.hasFocus()  # where the person clicked
    # The calendar is part of the box: opening it does not close the cell.
    line = _edit(qtbot, view, 1, 1, "")
    qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    entry = line.parent()
    assert isinstance(entry, DateEntry)
    popup = entry.findChild(QCalendarWidget)
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert view.state() == QAbstractItemView.State.EditingState
    popup.activated.emit(QDate(2026, 11, 2))
    assert line.hasFocus()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert _date_at(view, 1, 1) == NOV_2


def test_in_a_form_tab_and_a_click_elsewhere_take_the_date_once(
    qtbot: QtBot, box: DateEntry
) -> None:
    """Outside a table the box leaves by Tab or a click as before: the date taken and
    editingFinished said once each time (a form saving on it saves once)."""
    finished: list[date] = []
    box.editingFinished.connect(lambda: finished.append(box.taken()))
    qtbot.keyClicks(box.line, "2 Nov 2026")
    qtbot.keyClick(box.line, Qt.Key.Key_Tab)
    assert not box.line.hasFocus()
    assert finished == [NOV_2]
    box.setFocus()
    box.line.selectAll()
    qtbot.keyClicks(box.line, "3 Nov 2026")
    other = box.parentWidget().findChildren(DateEntry)[1]  # type: ignore[union-attr]
    qtbot.mouseClick(other.line, Qt.MouseButton.LeftButton)
    assert other.line.hasFocus()
    assert finished == [NOV_2, date(2026, 11, 3)]
    # Shift+Tab comes back; Shift+Tab again leaves backwards, taking what was typed.
    qtbot.keyClick(other.line, Qt.Key.Key_Backtab)
    assert box.line.hasFocus()
    box.line.selectAll()
    qtbot.keyClicks(box.line, "4 Nov 2026")
    qtbot.keyClick(box.line, Qt.Key.Key_Backtab)
    assert not box.line.hasFocus()
    assert box.taken() == date(2026, 11, 4)
