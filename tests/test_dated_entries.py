"""Entries dated "as of" the day they describe (issue 20, part 3), driven as a person works.

On 7 December the consultant enters the revalidation, the RATER assessment and a pulse
check of the milestone due 2 November: each carries the day it describes (the milestone's
due date by default, or a day typed), the PDF prints it and the trends put it in its place;
a day still to come is refused in words and nothing is saved; undo gives back what was.
Dates are relative to the day the test runs, so it holds on any day.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.language import ENGLISH
from cxdesk.models.servqual import RespondentSide
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops.operation import perform, revert
from cxdesk.reports.document import build_toolkit
from cxdesk.store import expectations, pulse, rater, workspace
from cxdesk.store.brand import load_brand
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.toolkit import load_toolkit_data
from cxdesk.ui.main_window import MainWindow
from tests.ui_helpers import when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier
FUTURE = "cannot be dated in the future"

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


def today() -> date:
    return date.today()


def due() -> date:
    """When the pilot's milestone was due: five weeks before the day the work is typed in."""
    return today() - timedelta(days=36)


def typed(day: date) -> str:
    """A date as a person writes it, in ASCII (keyClicks types nothing else)."""
    return f"{day.day} {day:%b %Y}"


short_date = ENGLISH.short_date  # as the English toolkit prints a date: "2 Nov 2026"


@pytest.fixture
def engagement_id(engagement_id: int, db: Database) -> int:
    """One expectation trailing its expectation; the pilot's milestone already due, the
    rollout's still to come."""
    expectations.add_item(
        db,
        engagement_id,
        expects="Weekly status they can forward",
        expected_level=4,
        delivered_level=3,
        experienced_level=2,
    )
    workspace.add_milestone(db, engagement_id, "Pilot go-live", due())
    workspace.add_milestone(db, engagement_id, "Rollout", today() + timedelta(days=20))
    return engagement_id


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def milestone(db: Database, engagement_id: int, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in workspace.list_milestones(db, engagement_id) if m.name == name)


def pdf_text(db: Database, engagement_id: int, tmp_path: Path, section: str) -> str:
    """One section of the engagement's toolkit, as pdftotext reads it (rows kept on lines)."""
    out = tmp_path / f"{section}.pdf"
    build_toolkit(load_toolkit_data(db, engagement_id), load_brand(db), out, sections=[section])
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(out), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def line_with(text: str, *words: str) -> str:
    [line] = [line for line in text.splitlines() if all(w in line for w in words)]
    return line


# --- a revalidation at a milestone -------------------------------------------------------


def matrix_tab(window: MainWindow):  # type: ignore[no-untyped-def]
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.matrix)
    return window.page.matrix


def revalidate(qtbot: QtBot, tab, name: str, day: date | None = None) -> list[date]:  # type: ignore[no-untyped-def]
    """Ctrl+R at the milestone ``name``; the day offered, then ``day`` typed (or the day
    offered kept) and Enter. Returns the day the dialog offered."""
    tab.milestone_box.setCurrentIndex(tab.milestone_box.findData(tab_milestone_id(tab, name)))
    offered: list[date] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        offered.append(dialog.as_of.taken())
        qtbot.waitUntil(dialog.as_of.line.hasFocus)  # ready to type the day over
        if day is not None:
            dialog.as_of.line.selectAll()
            qtbot.keyClicks(dialog.as_of.line, typed(day))
        qtbot.keyClick(dialog.as_of.line, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, answer)
    # Back from an earlier dialog (offscreen, the window is not made active again by itself).
    tab.window().activateWindow()
    qtbot.waitUntil(tab.window().isActiveWindow)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_R, CTRL)
    return offered


def tab_milestone_id(tab, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(m.id for m in tab.milestones if m.name == name)


def test_a_revalidation_entered_after_the_milestone_is_dated_as_of_its_due_date(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, tmp_path: Path
) -> None:
    tab = matrix_tab(window)
    assert revalidate(qtbot, tab, "Pilot go-live") == [due()]  # offered: the due date
    pilot = milestone(db, engagement_id, "Pilot go-live")
    assert pilot.revalidated_at is not None
    assert pilot.revalidated_at.date() == due()
    assert tab.milestone_state.text() == f"Revalidated as of {due():%d %b %Y}."
    # The kickoff sheet's milestones: revalidated on the day it describes, not today.
    row = line_with(pdf_text(db, engagement_id, tmp_path, "kickoff"), "Pilot go-live")
    assert row.count(short_date(due())) == 2, row  # due, and revalidated on
    assert short_date(today()) not in row

    # Entered on another day than due: the day typed is the one kept.
    met = due() + timedelta(days=3)
    assert revalidate(qtbot, tab, "Pilot go-live", met) == [due()]  # the earlier day offered
    assert milestone(db, engagement_id, "Pilot go-live").revalidated_at.date() == met
    assert tab.milestone_state.text() == f"Revalidated as of {met:%d %b %Y}."

    # Undo gives back each day in turn, then no revalidation at all.
    window.undo_action.trigger()
    assert milestone(db, engagement_id, "Pilot go-live").revalidated_at.date() == due()
    window.undo_action.trigger()
    assert milestone(db, engagement_id, "Pilot go-live").revalidated_at is None
    assert expectations.list_snapshots(db, engagement_id) == []
    assert tab.milestone_state.text() == "Not revalidated yet."


def test_a_revalidation_cannot_be_dated_in_the_future(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = matrix_tab(window)
    rollout = tab_milestone_id(tab, "Rollout")
    tab.milestone_box.setCurrentIndex(tab.milestone_box.findData(rollout))
    seen: list[object] = []

    def try_a_day_to_come(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog.as_of.taken())  # not due yet: today is offered
        dialog.as_of.line.selectAll()
        qtbot.keyClicks(dialog.as_of.line, typed(today() + timedelta(days=3)))
        qtbot.keyClick(dialog.as_of.line, Qt.Key.Key_Return)
        seen.append(dialog.isVisible())  # it stays open, saying why
        seen.append(dialog.problem.text())
        dialog.reject()

    when_dialog_opens(qtbot, try_a_day_to_come)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_R, CTRL)
    assert seen[:2] == [today(), True]
    assert FUTURE in str(seen[2])
    assert milestone(db, engagement_id, "Rollout").revalidated_at is None
    assert expectations.list_snapshots(db, engagement_id) == []
    assert window.undo_action.isEnabled() is False  # nothing was done, nothing to undo
    # The store refuses it too, whoever asks.
    with pytest.raises(EditRefused, match=FUTURE):
        expectations.revalidate(db, rollout, today() + timedelta(days=3))


def test_the_heatmap_follows_the_days_the_revalidations_describe(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, tmp_path: Path
) -> None:
    """A kickoff added late for a moment before the pilot takes its place in time."""
    tab = matrix_tab(window)
    window.ws.add_milestone(engagement_id, "Kickoff", today() - timedelta(days=80))
    revalidate(qtbot, tab, "Pilot go-live")
    assert revalidate(qtbot, tab, "Kickoff") == [today() - timedelta(days=80)]
    charts = tab.ensure_charts()
    qtbot.waitUntil(lambda: charts.heatmap.columns == ["Kickoff", "Pilot go-live", "Now"])
    header = line_with(pdf_text(db, engagement_id, tmp_path, "matrix"), "Kickoff", "Now")
    assert header.index("Kickoff") < header.index("Pilot go-live") < header.index("Now")


def test_a_revalidation_undone_gives_back_the_day_it_replaced(
    db: Database, engagement_id: int
) -> None:
    pilot = milestone(db, engagement_id, "Pilot go-live")
    first = perform(db, matrix_ops.revalidate(engagement_id, pilot.id, pilot.name, due()))
    later = due() + timedelta(days=2)
    second = perform(db, matrix_ops.revalidate(engagement_id, pilot.id, pilot.name, later))
    assert milestone(db, engagement_id, "Pilot go-live").revalidated_at.date() == later
    revert(db, second)
    assert milestone(db, engagement_id, "Pilot go-live") == first.value
    revert(db, first)
    assert milestone(db, engagement_id, "Pilot go-live") == pilot


# --- a RATER assessment -------------------------------------------------------------------


def rater_tab(window: MainWindow):  # type: ignore[no-untyped-def]
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.rater)
    return window.page.rater


def scored(db: Database, assessment_id: int, perception: int) -> None:
    """One client respondent: expected 6 and perceived ``perception`` on every dimension."""
    person = rater.add_respondent(db, assessment_id, "Dana", RespondentSide.CLIENT)
    for dimension in ("reliability", "assurance", "tangibles", "empathy", "responsiveness"):
        rater.update_respondent(db, person.id, f"{dimension}_expectation", 6)
        rater.update_respondent(db, person.id, f"{dimension}_perception", perception)


def new_assessment(qtbot: QtBot, window: MainWindow, act) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+A on the RATER tab; ``act`` fills the dialog (and closes it)."""
    tab = rater_tab(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    when_dialog_opens(qtbot, act)
    tab.new_assessment_action.trigger()


def test_an_assessment_entered_after_the_fact_is_dated_and_ordered_as_held(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, tmp_path: Path
) -> None:
    december = rater.add_assessment(
        db, engagement_id, "December round", held_on=today() - timedelta(days=5)
    )
    scored(db, december.id, 5)
    seen: list[object] = []

    def at_the_pilot(dialog) -> None:  # type: ignore[no-untyped-def]
        # The pilot's milestone (first not revalidated) is offered, dated as of its due date.
        seen.append((dialog.milestone.currentText(), dialog.date.taken()))
        dialog.milestone.setCurrentIndex(dialog.milestone.findText("Rollout"))
        seen.append(dialog.date.taken())  # not due yet: today
        dialog.milestone.setCurrentIndex(dialog.milestone.findText("Pilot go-live"))
        seen.append(dialog.date.taken())
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    new_assessment(qtbot, window, at_the_pilot)
    assert seen == [("Pilot go-live", due()), today(), due()]
    made = next(a for a in rater.list_assessments(db, engagement_id) if a.id != december.id)
    assert (made.title, made.held_on) == ("RATER at Pilot go-live", due())
    scored(db, made.id, 3)

    # Oldest first by the day held: the pilot's round before December's, in the chooser,
    # the trend and the PDF's trend table.
    tab = rater_tab(window)
    tab.show_engagement(engagement_id)  # read again: the respondents came from elsewhere
    assert [a.id for a in rater.list_assessments(db, engagement_id)] == [made.id, december.id]
    assert tab.chooser.itemText(0).startswith("RATER at Pilot go-live")
    assert [label for label, _gaps in tab.trend()] == ["Pilot go-live", "December round"]
    text = pdf_text(db, engagement_id, tmp_path, "rater")
    header = line_with(text, "RATER at Pilot", "December round")
    assert header.index("RATER at Pilot") < header.index("December round")
    assert short_date(due()) in text


def test_an_assessment_keeps_a_day_typed_and_refuses_one_to_come(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    met = due() + timedelta(days=2)
    seen: list[object] = []

    def typed_days(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(dialog.isActiveWindow)  # typing needs the dialog in front
        for day in (met, today() + timedelta(days=4)):
            dialog.date.line.setFocus()
            dialog.date.line.selectAll()
            qtbot.keyClicks(dialog.date.line, typed(day))
            qtbot.keyClick(dialog.date.line, Qt.Key.Key_Tab)
            # A date typed stays when another milestone is chosen.
            dialog.milestone.setCurrentIndex(dialog.milestone.findText("Rollout"))
            seen.append(dialog.date.taken())
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
        seen.append((dialog.isVisible(), dialog.problem.text()))  # refused, in words
        dialog.date.line.selectAll()
        qtbot.keyClicks(dialog.date.line, typed(met))
        qtbot.keyClick(dialog.date.line, Qt.Key.Key_Return)  # taken, then OK

    new_assessment(qtbot, window, typed_days)
    assert seen[:2] == [met, today() + timedelta(days=4)]
    visible, problem = seen[2]  # type: ignore[misc]
    assert visible
    assert FUTURE in problem
    [made] = rater.list_assessments(db, engagement_id)
    assert made.held_on == met
    # The store refuses a day to come whoever asks, new or edited; undo gives back the day.
    with pytest.raises(EditRefused, match=FUTURE):
        rater.add_assessment(db, engagement_id, "Later", held_on=today() + timedelta(days=1))
    with pytest.raises(EditRefused, match=FUTURE):
        rater.update_assessment(db, made.id, "held_on", today() + timedelta(days=1))
    window.ws.feedback.edit_assessment_details(made, [("held_on", due())])
    assert rater.list_assessments(db, engagement_id)[0].held_on == due()
    window.undo_action.trigger()
    assert rater.list_assessments(db, engagement_id)[0].held_on == met


# --- a pulse check --------------------------------------------------------------------------


def pulse_tab(window: MainWindow, qtbot: QtBot):  # type: ignore[no-untyped-def]
    assert window.page is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_tab(3)
    return window.page.pulse


def test_a_pulse_check_entered_at_an_earlier_milestone_is_dated_as_of_its_due_date(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, tmp_path: Path
) -> None:
    pulse.add_pulse(db, engagement_id, today() - timedelta(days=5), respondent="Eve", csat=5)
    tab = pulse_tab(window, qtbot)
    form = tab.form
    # Today, at the milestone due nearest (the rollout): a check taken in a meeting now.
    assert (form.taken_on(), form.milestone.currentText()) == (today(), "Rollout")
    # The consultant picks the pilot's milestone from the keyboard: entered after the
    # fact, the check is dated as of its due date, and the form says so.
    form.milestone.setFocus()
    qtbot.keyClick(form.milestone, Qt.Key.Key_Up)
    assert form.milestone.currentText() == "Pilot go-live"
    assert form.taken_on() == due()
    assert f"Dated {due():%d %b %Y}" in form.status.text()
    form.respondent.setFocus()
    qtbot.keyClicks(form.respondent, "Ana")
    qtbot.keyClick(form.respondent, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "6")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    pilot = milestone(db, engagement_id, "Pilot go-live")
    ana = next(p for p in pulse.list_pulses(db, engagement_id) if p.respondent == "Ana")
    assert (ana.taken_on, ana.milestone_id, ana.confidence) == (due(), pilot.id, 6)
    # Oldest first by the day taken: the PDF's trend lists the pilot's check first.
    text = pdf_text(db, engagement_id, tmp_path, "feedback")
    first, second = short_date(due()), short_date(today() - timedelta(days=5))
    assert first in text
    assert second in text
    assert text.index(first) < text.index(second)


def test_a_pulse_checks_date_follows_the_milestone_picked_until_one_is_typed(
    qtbot: QtBot, window: MainWindow, engagement_id: int
) -> None:
    form = pulse_tab(window, qtbot).form
    form.milestone.setFocus()
    qtbot.keyClick(form.milestone, Qt.Key.Key_Up)  # the pilot's: dated as of its due date
    assert form.taken_on() == due()
    qtbot.keyClick(form.milestone, Qt.Key.Key_Down)  # the rollout's, not due yet: today
    assert (form.milestone.currentText(), form.taken_on()) == ("Rollout", today())
    # A date the person typed is theirs: picking another milestone leaves it.
    form.date.setFocus()
    form.date.line.selectAll()
    met = due() + timedelta(days=1)
    qtbot.keyClicks(form.date.line, typed(met))
    qtbot.keyClick(form.date.line, Qt.Key.Key_Tab)
    assert form.milestone.hasFocus()
    qtbot.keyClick(form.milestone, Qt.Key.Key_Up)  # the pilot's again: the date stays
    assert (form.milestone.currentText(), form.taken_on()) == ("Pilot go-live", met)


def test_a_pulse_check_cannot_be_dated_in_the_future(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = pulse_tab(window, qtbot)
    form = tab.form
    form.date.setFocus()
    form.date.line.selectAll()
    qtbot.keyClicks(form.date.line, typed(today() + timedelta(days=3)))
    qtbot.keyClick(form.date.line, Qt.Key.Key_Tab)
    form.respondent.setFocus()
    qtbot.keyClicks(form.respondent, "Ana")
    qtbot.keyClick(form.respondent, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "6")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert FUTURE in form.status.text()
    assert pulse.list_pulses(db, engagement_id) == []
    assert form.respondent.text() == "Ana"  # nothing typed is lost

    # In the table too: a day to come typed into a check's date is refused in words.
    record = pulse.add_pulse(db, engagement_id, today(), respondent="Eve", csat=4)
    tab.show_engagement(engagement_id)
    warned: list[str] = []

    def read_and_close(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        box.accept()

    when_dialog_opens(qtbot, read_and_close)
    tab.view.setCurrentIndex(tab.index_of(record.id, "taken_on"))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()  # type: ignore[union-attr]
    qtbot.keyClicks(editor, typed(today() + timedelta(days=3)))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(warned))
    assert FUTURE in warned[0]
    assert pulse.list_pulses(db, engagement_id)[0].taken_on == today()
