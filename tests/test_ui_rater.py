"""The RATER scorecard driven through its widgets, checked in the database and on screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from cxdesk.models.feedback_entities import RaterRespondent
from cxdesk.models.servqual import RaterDimension, RespondentSide, ScoringMode
from cxdesk.store import rater, workspace
from cxdesk.store.database import Database, make_engine, open_database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.rater.columns import COLUMN_INDEX, COLUMNS, FIRST_SCORE_COLUMN, SCORE_COLUMNS
from cxdesk.ui.rater.dialogs import AssessmentDialog, PointsDialog, StatementDialog
from cxdesk.ui.rater.model import CellKindRole
from cxdesk.ui.rater.tab import RaterTab
from tests.ui_helpers import open_editor, when_dialog_opens

R, A, T, E, RS = tuple(RaterDimension)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Four respondents, hand-worked: E/P per dimension in RATER order.
# gaps: Ana 0 0 +1 -1 0 · Ben +1 +1 0 0 -1 · Cleo -2 -1 0 -4 -2 · Dan -3 0 +1 -2 -2
PEOPLE = [
    ("Ana", RespondentSide.TEAM, "6666566566"),
    ("Ben", RespondentSide.TEAM, "6756556665"),
    ("Cleo", RespondentSide.CLIENT, "7565557364"),
    ("Dan", RespondentSide.CLIENT, "7466566475"),
]
GAPS = {R: -1.0, A: 0.0, T: 0.5, E: -1.75, RS: -1.25}  # unweighted: -3.5 / 5 = -0.70


@pytest.fixture
def engagement_id(engagement_id: int, db: Database) -> int:
    """The shared engagement with two undated milestones."""
    workspace.add_milestone(db, engagement_id, "Kickoff")
    workspace.add_milestone(db, engagement_id, "Go-live")
    return engagement_id


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def rater_tab(window: MainWindow) -> RaterTab:
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.rater)
    return window.page.rater


def scored_assessment(db: Database, engagement_id: int, mode: ScoringMode = ScoringMode.DIMENSIONS):  # type: ignore[no-untyped-def]
    return rater.add_assessment(db, engagement_id, "RATER at Kickoff", scoring=mode)


def enter_respondent(qtbot: QtBot, tab: RaterTab, side: RespondentSide, name: str, digits: str):  # type: ignore[no-untyped-def]
    key = Qt.Key.Key_T if side is RespondentSide.TEAM else Qt.Key.Key_N
    before = tab.model.rowCount()
    qtbot.keyClick(tab.view, key, CTRL)
    assert tab.model.rowCount() == before + 1
    editor = open_editor(tab.view)  # focus lands on the new row's name
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt closes the editor through a queued call; Enter then goes on to the first score.
    qtbot.waitUntil(lambda: tab.view.currentIndex().column() == FIRST_SCORE_COLUMN)
    assert tab.view.state() != QAbstractItemView.State.EditingState
    qtbot.keyClicks(tab.view, digits)


def test_empty_states_then_new_assessment(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = rater_tab(window)
    assert tab.pages.currentWidget() is tab.empty_page
    assert "No RATER assessment yet" in tab.empty_text.text()

    seen: list[str] = []

    def fill(dialog: AssessmentDialog) -> None:  # type: ignore[misc]
        seen.append(dialog.title.text())
        assert dialog.milestone.currentText() == "Kickoff"  # first not yet revalidated
        dialog.milestone.setCurrentIndex(dialog.milestone.findText("Go-live"))
        seen.append(dialog.title.text())
        dialog.accept()

    when_dialog_opens(qtbot, fill)  # type: ignore[arg-type]
    tab.empty_button.click()
    assert seen == ["RATER at Kickoff", "RATER at Go-live"]
    [assessment] = rater.list_assessments(db, engagement_id)
    assert assessment.title == "RATER at Go-live"
    assert tab.pages.currentWidget() is tab.scorecard_page
    assert tab.chooser.currentData() == assessment.id
    assert "Go-live" in tab.chooser.currentText()
    # No respondents: a sentence, never a NaN.
    assert "No respondents yet" in tab.summary_label.text()
    assert "nan" not in tab.summary_label.text().lower()
    charts = tab.ensure_charts()
    assert charts.flagged_dimensions() == ()
    assert all(v is None for v in charts.gap_bars().values())


def test_showing_the_tab_draws_the_demo_scorecard_by_itself(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from cxdesk.store.demo import add_demo_engagement

    engagement = add_demo_engagement(db)
    window.navigator.reload()
    assert window.navigator.select_engagement(engagement)
    tab = rater_tab(window)
    # No call to ensure_charts: a person only clicks the tab.
    qtbot.waitUntil(lambda: tab.charts is not None, timeout=3000)
    charts = tab.charts
    assert charts is not None
    qtbot.waitUntil(lambda: charts.flagged_dimensions() == (E,))  # the demo's experience gap
    assert "Pilot go-live" in tab.chooser.currentText()
    assert len(charts.trend_series()[E]) == 3  # one point per demo assessment


def test_two_team_and_two_client_respondents_by_keyboard(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    tab = rater_tab(window)
    charts = tab.ensure_charts()
    tab.view.setFocus()
    for name, side, digits in PEOPLE:
        enter_respondent(qtbot, tab, side, name, digits)

    saved = rater.list_respondents(db, assessment.id)
    assert [(r.name, r.side) for r in saved] == [(n, s.value) for n, s, _d in PEOPLE]
    assert saved[2].empathy_expectation == 7
    assert saved[2].empathy_perception == 3
    assert saved[3].responsiveness_perception == 5
    assert all(r.response().is_complete for r in saved)
    assert tab.proxy.index(0, COLUMN_INDEX["side"]).data() == "Our team"
    assert tab.proxy.index(3, COLUMN_INDEX["status"]).data() == "complete"

    text = tab.summary_label.text()
    assert "4 respondents" in text
    assert "unweighted score −0.7" in text
    assert "the experience gap: Empathy (−1.8)" in text
    assert "our team rates it" in text
    qtbot.waitUntil(lambda: charts.gap_bars() == GAPS)
    assert charts.flagged_dimensions() == (E,)
    assert charts.trend_series()[E] == [-1.75]  # one point: this assessment
    assert tab.summary is not None
    assert tab.summary.sides.team[R] == 0.5

    # Importance points for Cleo: 90 is refused with the reason, 100 is saved.
    tab.view.setCurrentIndex(tab.index_of(saved[2].id, "name"))
    outcome: list[str] = []

    def split(dialog: PointsDialog) -> None:  # type: ignore[misc]
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for dimension, value in zip(RaterDimension, (30, 10, 10, 20, 20), strict=True):
            dialog.spins[dimension].setValue(value)
        outcome.append(dialog.problem.text())
        assert not ok.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter does not sneak it through
        assert dialog.isVisible()
        dialog.spins[R].setValue(40)
        assert ok.isEnabled()
        ok.click()

    when_dialog_opens(qtbot, split)  # type: ignore[arg-type]
    qtbot.keyClick(tab.view, Qt.Key.Key_I, CTRL)
    assert outcome == ["The points add up to 90; they must add up to exactly 100."]
    cleo = rater.list_respondents(db, assessment.id)[2]
    assert cleo.points == {R: 40, A: 10, T: 10, E: 20, RS: 20}
    assert tab.index_of(cleo.id, "points").data() == "R40 A10 T10 E20 R20"
    # Cleo's weighted gap: .4(-2) + .1(-1) + .1(0) + .2(-4) + .2(-2) = -2.10; the others
    # gave no points, so weigh all five equally: Ana 0, Ben +0.2, Dan -1.2.
    # Weighted score: (0 + 0.2 - 2.1 - 1.2) / 4 = -0.775
    assert "weighted score −0.8 (weighted by 4 of 4 respondents)" in tab.summary_label.text()

    # The points can be cleared again.
    when_dialog_opens(qtbot, lambda d: d.clear_button.click())  # type: ignore[attr-defined]
    tab.points_action.trigger()
    assert rater.list_respondents(db, assessment.id)[2].points is None


def test_out_of_range_digit_refused_delete_clears_and_side_keys(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    person = rater.add_respondent(db, assessment.id, "Eve")
    rater.update_respondent(db, person.id, "reliability_expectation", 4)
    tab = rater_tab(window)
    tab.view.setFocus()
    cell = tab.index_of(person.id, "reliability_expectation")
    tab.view.setCurrentIndex(cell)
    for digit in "089":
        qtbot.keyClicks(tab.view, digit)
        assert "1 (strongly disagree) to 7 (strongly agree)" in tab.message.text()
        assert f"{digit} was not saved" in tab.message.text()
    assert rater.list_respondents(db, assessment.id)[0].reliability_expectation == 4
    assert tab.view.currentIndex() == cell  # a refused digit does not move on
    assert not window.ws.undo_stack.canUndo()

    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert rater.list_respondents(db, assessment.id)[0].reliability_expectation is None
    assert tab.index_of(person.id, "reliability_expectation").data() == "–"  # never 0

    tab.view.setCurrentIndex(tab.index_of(person.id, "side"))
    qtbot.keyClicks(tab.view, "t")
    assert rater.list_respondents(db, assessment.id)[0].side == "team"
    qtbot.keyClicks(tab.view, "C")
    assert rater.list_respondents(db, assessment.id)[0].side == "client"


def test_missing_score_is_incomplete_and_left_out(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    full = rater.add_respondent(db, assessment.id, "Full")
    gappy = rater.add_respondent(db, assessment.id, "")
    for field in rater.RESPONDENT_FIELDS[2:]:
        rater.update_respondent(db, full.id, field, 6 if field.endswith("expectation") else 4)
        if not field.startswith("tangibles"):
            rater.update_respondent(db, gappy.id, field, 5)
    rater.update_respondent(db, gappy.id, "tangibles_expectation", 5)
    tab = rater_tab(window)
    assert tab.index_of(gappy.id, "name").data() == "anonymous"
    assert tab.index_of(gappy.id, "status").data() == "incomplete: missing Tangibles"
    assert tab.index_of(gappy.id, "tangibles_perception").data() == "–"
    assert tab.summary is not None
    # Tangibles: only Full's -2 counts (a zero for the blank would have made it -1).
    assert tab.summary.gaps[T] == -2.0
    assert tab.summary.gaps[R] == -1.0  # (-2 + 0) / 2
    assert "1 incomplete respondent" in tab.summary_label.text()
    charts = tab.ensure_charts()
    qtbot.waitUntil(lambda: charts.gap_bars()[T] == -2.0)
    assert charts.flagged_dimensions() == (T,)


def test_tied_experience_gaps_are_all_flagged(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    # Reliability and Empathy both trail by 2; the others by 1 or not at all.
    assessment = scored_assessment(db, engagement_id)
    person = rater.add_respondent(db, assessment.id, "Ewa")
    perceived = {"reliability": 4, "assurance": 5, "tangibles": 6, "empathy": 4}
    for field in rater.RESPONDENT_FIELDS[2:]:
        dimension, part = field.rsplit("_", 1)
        value = 6 if part == "expectation" else perceived.get(dimension, 6)
        rater.update_respondent(db, person.id, field, value)
    tab = rater_tab(window)
    assert "the experience gap: Reliability and Empathy (tied at −2.0)" in (
        tab.summary_label.text()
    )
    charts = tab.ensure_charts()
    qtbot.waitUntil(lambda: charts.flagged_dimensions() == (R, E))
    assert "Reliability and Empathy" in charts.gaps.header.text()
    # Both rows are hatched and outlined, each to its own bar's end.
    assert list(charts.gaps.flag_bar.opts["y"]) == [0, 3]
    assert list(charts.gaps.flag_bar.opts["width"]) == [-2.0, -2.0]


def test_undo_redo_of_a_score_and_of_a_delete(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    keep = rater.add_respondent(db, assessment.id, "Keep")
    gone = rater.add_respondent(db, assessment.id, "Gone")
    rater.update_respondent(db, gone.id, "empathy_perception", 2)
    tab = rater_tab(window)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.index_of(keep.id, "assurance_perception"))
    qtbot.keyClicks(tab.view, "5")
    assert rater.list_respondents(db, assessment.id)[0].assurance_perception == 5
    assert tab.view.currentIndex() == tab.index_of(keep.id, "tangibles_expectation")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert rater.list_respondents(db, assessment.id)[0].assurance_perception is None
    assert tab.index_of(keep.id, "assurance_perception").data() == "–"
    window.redo_action.trigger()
    assert rater.list_respondents(db, assessment.id)[0].assurance_perception == 5
    assert tab.index_of(keep.id, "assurance_perception").data() == "5"

    # (QTest leaves Ctrl "held" for the view after Ctrl+Z: select explicitly.)
    tab.view.selectionModel().setCurrentIndex(
        tab.index_of(gone.id, "name"), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert [r.name for r in rater.list_respondents(db, assessment.id)] == ["Keep"]
    assert tab.model.rowCount() == 1
    assert "Ctrl+Z" in tab.message.text()
    window.undo_action.trigger()
    back = rater.list_respondents(db, assessment.id)
    assert [(r.id, r.empathy_perception) for r in back] == [(keep.id, None), (gone.id, 2)]
    assert tab.model.rowCount() == 2
    window.redo_action.trigger()
    assert tab.model.rowCount() == 1


def test_scores_survive_closing_and_reopening(
    qtbot: QtBot, db_path: Path, private_data_dir: Path
) -> None:
    db = open_database(db_path)
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    assessment = rater.add_assessment(db, engagement.id, "Round one")
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    first = MainWindow(db, settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(first.isActiveWindow)  # shortcuts only reach the active window
    tab = rater_tab(first)
    tab.view.setFocus()
    enter_respondent(qtbot, tab, RespondentSide.CLIENT, "Cleo", "7565557364")
    first.close()

    again = open_database(db_path)
    second = MainWindow(again, settings)
    qtbot.addWidget(second)
    second.show()
    tab = rater_tab(second)
    assert tab.chooser.currentData() == assessment.id
    [cleo] = rater.list_respondents(again, assessment.id)
    assert (cleo.name, cleo.side, cleo.empathy_perception) == ("Cleo", "client", 3)
    assert tab.index_of(cleo.id, "empathy_perception").data() == "3"
    assert "the experience gap: Empathy (−4.0)" in tab.summary_label.text()
    second.close()


def test_scoring_by_statements(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = scored_assessment(db, engagement_id, ScoringMode.STATEMENTS)
    statements = rater.list_statements(db, assessment.id)
    assert statements  # the default set
    person = rater.add_respondent(db, assessment.id, "Sam")
    tab = rater_tab(window)
    panel = tab.statements
    assert panel.isVisible()
    cell = tab.index_of(person.id, "reliability_expectation")
    assert cell.data(CellKindRole) == "computed"
    assert not tab.proxy.flags(cell) & Qt.ItemFlag.ItemIsEditable
    tab.view.setFocus()
    tab.view.setCurrentIndex(cell)
    qtbot.keyClicks(tab.view, "5")
    assert "mean of the statements" in tab.message.text()
    assert "Statements for Sam" in panel.heading.text()

    # Score every statement E then P, by digits only, top to bottom.
    panel.focus_first_score()
    reliability = [s for s in statements if s.dimension == "reliability"]
    digits = "".join("46" if s.dimension == "reliability" else "55" for s in statements)
    digits = digits[:-1] + "4"  # the last P differs
    qtbot.keyClicks(panel.view, digits)
    scores = rater.list_statement_scores(db, assessment.id)[person.id]
    assert scores[reliability[0].id] == (4, 6)
    assert scores[statements[-1].id] == (5, 4)
    assert tab.index_of(person.id, "reliability_perception").data() == "6.0"
    last = RaterDimension(statements[-1].dimension)
    expected_mean = (5 * (sum(1 for s in statements if s.dimension == last) - 1) + 4) / sum(
        1 for s in statements if s.dimension == last
    )
    assert tab.summary is not None
    assert tab.summary.means[last].perception == pytest.approx(expected_mean)
    assert tab.index_of(person.id, "status").data() == "complete"

    # Add a statement: that dimension is incomplete again until it is scored.
    def add(dialog: StatementDialog) -> None:  # type: ignore[misc]
        dialog.dimension.setCurrentIndex(dialog.dimension.findData("empathy"))
        dialog.text.setText("They asked what keeps our depot managers awake")
        dialog.accept()

    when_dialog_opens(qtbot, add)  # type: ignore[arg-type]
    panel.add_button.click()
    added = [s for s in rater.list_statements(db, assessment.id) if "depot" in s.text]
    assert len(added) == 1
    assert added[0].dimension == "empathy"
    assert tab.index_of(person.id, "status").data() == "incomplete: missing Empathy"

    # Delete it again (confirmed), then undo the delete.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    row = [s.id for s in panel.model.statements].index(added[0].id)
    panel.view.setCurrentIndex(panel.model.index(row, 1))
    panel.delete_button.click()
    assert tab.index_of(person.id, "status").data() == "complete"
    window.undo_action.trigger()
    assert len(rater.list_statements(db, assessment.id)) == len(statements) + 1


def test_delete_and_edit_assessment_with_undo(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = rater.add_assessment(db, engagement_id, "First")
    second = rater.add_assessment(db, engagement_id, "Second")
    tab = rater_tab(window)
    assert tab.chooser.count() == 2
    assert tab.chooser.currentData() == second.id  # the newest is shown

    def rename(dialog: AssessmentDialog) -> None:  # type: ignore[misc]
        dialog.title.setText("Second, renamed")
        dialog.scoring.setCurrentIndex(dialog.scoring.findData(ScoringMode.STATEMENTS.value))
        dialog.accept()

    when_dialog_opens(qtbot, rename)  # type: ignore[arg-type]
    tab.edit_assessment_action.trigger()
    record = rater.get_assessment(db, second.id)
    assert record is not None
    assert record.title == "Second, renamed"
    assert record.mode is ScoringMode.STATEMENTS
    assert tab.chooser.currentText().startswith("Second, renamed")
    assert tab.statements.isVisible()
    window.undo_action.trigger()  # one step undoes both changes
    record = rater.get_assessment(db, second.id)
    assert record is not None
    assert (record.title, record.mode) == ("Second", ScoringMode.DIMENSIONS)

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    tab.delete_assessment_action.trigger()
    assert [a.id for a in rater.list_assessments(db, engagement_id)] == [first.id]
    assert tab.chooser.currentData() == first.id
    window.undo_action.trigger()
    assert tab.chooser.count() == 2


def _demo_model(db: Database):  # type: ignore[no-untyped-def]
    from cxdesk.store.demo import add_demo_engagement
    from cxdesk.ui.rater.model import RespondentTableModel
    from cxdesk.ui.workspace import Workspace

    demo = add_demo_engagement(db)
    ws = Workspace(db)
    model = RespondentTableModel(ws)
    latest = rater.list_assessments(db, demo)[-1]
    model.load(latest)
    return ws, model, latest


def test_respondent_model_passes_qtmodeltester(qtmodeltester, db: Database) -> None:  # type: ignore[no-untyped-def]
    ws, model, latest = _demo_model(db)
    assert model.rowCount() == 5
    assert model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model, force_py=True)
    # after an edit, a structural change and a switch to scoring by statements
    ws.feedback.edit_respondent(model.respondent(0), "empathy_perception", 1)
    ws.feedback.add_respondent(latest.id, "New", RespondentSide.TEAM)
    ws.feedback.delete_respondents(latest.id, [model.respondent(1).id])
    assert model.rowCount() == 5
    ws.feedback.edit_assessment(latest, "scoring", ScoringMode.STATEMENTS.value)
    model.set_assessment(rater.get_assessment(db, latest.id))
    assert model.index(0, FIRST_SCORE_COLUMN).data(CellKindRole) == "computed"
    qtmodeltester.check(model, force_py=True)


def test_respondent_proxy_passes_qtmodeltester(qtmodeltester, db: Database) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ui.rater.model import RespondentProxy

    _ws, model, _latest = _demo_model(db)
    proxy = RespondentProxy()
    proxy.setSourceModel(model)
    proxy.set_side("team")
    assert proxy.rowCount() == 2
    qtmodeltester.check(proxy, force_py=True)


def test_statement_model_passes_qtmodeltester(
    qtmodeltester, db: Database, engagement_id: int
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ui.rater.statements import StatementScoreModel
    from cxdesk.ui.workspace import Workspace

    ws = Workspace(db)
    by_statements = scored_assessment(db, engagement_id, ScoringMode.STATEMENTS)
    person = rater.add_respondent(db, by_statements.id, "Sam")
    statements = rater.list_statements(db, by_statements.id)
    rater.set_statement_score(db, person.id, statements[0].id, "expectation", 3)
    model = StatementScoreModel(ws)
    model.set_statements(
        by_statements.id, statements, rater.list_statement_scores(db, by_statements.id)
    )
    model.set_respondent(person)
    assert model.index(0, 2).data() == "3"
    assert model.index(0, 3).data() == "–"
    qtmodeltester.check(model, force_py=True)


def test_trend_has_one_point_per_assessment_and_follows_renames(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    from datetime import date

    kickoff, golive = workspace.list_milestones(db, engagement_id)
    for title, held_on, milestone, perception in (
        ("Later", date(2025, 6, 1), golive, 5),
        ("Earlier", date(2025, 1, 1), kickoff, 3),
    ):
        assessment = rater.add_assessment(
            db, engagement_id, title, held_on=held_on, milestone_id=milestone.id
        )
        person = rater.add_respondent(db, assessment.id, "P")
        rater.update_respondent(db, person.id, "empathy_expectation", 6)
        rater.update_respondent(db, person.id, "empathy_perception", perception)
    tab = rater_tab(window)
    assert [tab.chooser.itemText(i) for i in range(2)] == [
        "Earlier · 01 Jan 2025 · Kickoff",
        "Later · 01 Jun 2025 · Go-live",
    ]
    assert [label for label, _gaps in tab.trend()] == ["Kickoff", "Go-live"]  # by milestone
    charts = tab.ensure_charts()
    qtbot.waitUntil(lambda: charts.trend_series()[E] == [-3.0, -1.0])
    window.ws.edit_milestone(engagement_id, kickoff.id, ("Kickoff", None), ("Start", None))
    assert tab.chooser.itemText(0) == "Earlier · 01 Jan 2025 · Start"
    assert tab.trend()[0][0] == "Start"


def test_a_new_assessment_scored_with_the_client_by_keyboard_alone(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    from PySide6.QtWidgets import QApplication

    window.navigator.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # View > RATER scorecard
    tab = window.page.rater
    assert window.page.tabs.currentWidget() is tab

    seen: list[object] = []

    def name_it(dialog: AssessmentDialog) -> None:  # type: ignore[misc]
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        focused = QApplication.focusWidget()
        seen.append(focused)
        if focused is not dialog.title:
            dialog.reject()  # fail below, rather than hang on an open dialog
            return
        dialog.title.selectAll()
        qtbot.keyClicks(focused, "Workshop scorecard")
        qtbot.keyClick(focused, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, name_it)  # type: ignore[arg-type]
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bool(seen))
    assert isinstance(seen[0], QLineEdit)  # the title is ready to type over
    [assessment] = rater.list_assessments(db, engagement_id)
    assert assessment.title == "Workshop scorecard"

    # Back in the window, the scoring table has the focus: Ctrl+N goes straight on.
    # (Offscreen there is no window manager to hand activation back after the dialog.)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.view)
    enter_respondent(qtbot, tab, RespondentSide.CLIENT, "Cleo", "7565557364")
    enter_respondent(qtbot, tab, RespondentSide.TEAM, "Ana", "6666566566")
    saved = rater.list_respondents(db, assessment.id)
    assert [(r.name, r.side) for r in saved] == [("Cleo", "client"), ("Ana", "team")]
    assert all(r.response().is_complete for r in saved)


def test_one_digit_too_many_never_overwrites_the_last_score(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    tab = rater_tab(window)
    tab.view.setFocus()
    enter_respondent(qtbot, tab, RespondentSide.CLIENT, "Fay", "6554433456")
    qtbot.keyClicks(tab.view, "2")  # an eleventh digit
    [fay] = rater.list_respondents(db, assessment.id)
    assert fay.responsiveness_perception == 6  # the tenth digit stays
    assert "last score of this row" in tab.message.text()
    # Delete, then a digit, re-scores the cell on purpose.
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    qtbot.keyClicks(tab.view, "2")
    assert rater.list_respondents(db, assessment.id)[0].responsiveness_perception == 2


def test_switching_a_scored_assessment_to_statements_asks_first(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = scored_assessment(db, engagement_id)
    eve = rater.add_respondent(db, assessment.id, "Eve")
    rater.update_respondent(db, eve.id, "empathy_perception", 3)
    tab = rater_tab(window)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)

    def to_statements(dialog: AssessmentDialog) -> None:  # type: ignore[misc]
        dialog.scoring.setCurrentIndex(dialog.scoring.findData(ScoringMode.STATEMENTS.value))
        dialog.accept()

    when_dialog_opens(qtbot, to_statements)  # type: ignore[arg-type]
    tab.edit_assessment_action.trigger()
    assert "respondent's scores per dimension will be hidden" in asked[0]
    assert "Nothing is deleted" in asked[0]
    assert rater.get_assessment(db, assessment.id).mode is ScoringMode.DIMENSIONS  # type: ignore[union-attr]
    assert tab.index_of(eve.id, "empathy_perception").data() == "3"

    answer[0] = QMessageBox.StandardButton.Yes
    when_dialog_opens(qtbot, to_statements)  # type: ignore[arg-type]
    tab.edit_assessment_action.trigger()
    assert rater.get_assessment(db, assessment.id).mode is ScoringMode.STATEMENTS  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert tab.index_of(eve.id, "empathy_perception").data() == "3"  # back, as promised


def test_changes_made_while_the_tab_is_hidden_show_when_it_returns(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    eve = rater.add_respondent(db, assessment.id, "Eve")
    tab = rater_tab(window)
    assert tab.index_of(eve.id, "empathy_perception").data() == "–"
    window.page.tabs.setCurrentWidget(window.page.matrix)
    # An edit that reaches this assessment while the tab is hidden (e.g. an import).
    window.ws.feedback.edit_respondent(eve, "empathy_perception", 5)
    window.page.tabs.setCurrentWidget(tab)
    assert tab.index_of(eve.id, "empathy_perception").data() == "5"


def test_editing_an_undated_assessment_keeps_it_undated(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    undated = rater.add_assessment(db, engagement_id, "Undated")
    tab = rater_tab(window)

    def rename(dialog: AssessmentDialog) -> None:  # type: ignore[misc]
        assert not dialog.dated.isChecked()
        assert not dialog.date.isEnabled()
        dialog.title.setText("Undated, renamed")
        dialog.accept()

    when_dialog_opens(qtbot, rename)  # type: ignore[arg-type]
    tab.edit_assessment_action.trigger()
    record = rater.get_assessment(db, undated.id)
    assert record is not None
    assert (record.title, record.held_on) == ("Undated, renamed", None)


NAME = "Małgorzata Wójcik-Żuławska"
SCORES = "7365427163"  # R E/P, A E/P, T E/P, E E/P, RS E/P


def start_respondent(qtbot: QtBot, tab: RaterTab) -> None:
    """Ctrl+N, the name (Unicode put in as text), Enter: the cursor on the first score."""
    qtbot.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    editor = open_editor(tab.view)
    assert isinstance(editor, QLineEdit)
    editor.setText(NAME)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)


def saved_scores(db: Database, assessment_id: int) -> tuple[str, str]:
    [person] = rater.list_respondents(db, assessment_id)
    digits = "".join(
        str(getattr(person, COLUMNS[c].field) or "·")
        for c in range(len(COLUMNS))
        if COLUMNS[c].kind.value == "score"
    )
    return person.name, digits


@pytest.mark.parametrize("style", ["digit then Tab", "digits alone"])
def test_digits_with_or_without_tab_land_in_their_own_cells(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, style: str
) -> None:
    assessment = scored_assessment(db, engagement_id)
    tab = rater_tab(window)
    tab.view.setFocus()
    start_respondent(qtbot, tab)
    qtbot.waitUntil(lambda: tab.view.currentIndex().column() == FIRST_SCORE_COLUMN)
    for digit in SCORES:
        qtbot.keyClicks(tab.view, digit)
        if style == "digit then Tab":
            qtbot.keyClick(tab.view, Qt.Key.Key_Tab)
    assert saved_scores(db, assessment.id) == (NAME, SCORES)
    # The cursor rests on the last score, not wrapped round to the name.
    assert tab.view.currentIndex().column() == SCORE_COLUMNS[-1]
    # Typing on past the row never reaches the name: more digits and Tabs change nothing
    # (each digit is refused as one too many, and the Tab after it ends that entry).
    for _ in range(len(COLUMNS) + 2):
        qtbot.keyClicks(tab.view, "6")
        qtbot.keyClick(tab.view, Qt.Key.Key_Tab)
    assert saved_scores(db, assessment.id) == (NAME, SCORES)
    name_cell = tab.index_of(rater.list_respondents(db, assessment.id)[0].id, "name")
    assert name_cell.data() == NAME
    assert tab.view.state() != QAbstractItemView.State.EditingState


def test_tab_alone_skips_one_score_each(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    tab = rater_tab(window)
    tab.view.setFocus()
    start_respondent(qtbot, tab)
    qtbot.waitUntil(lambda: tab.view.currentIndex().column() == FIRST_SCORE_COLUMN)
    # R E = 7, Tab confirms it; a second Tab skips R P; A E = 3; Tab; Tab skips A P; T E = 5.
    for key in ("7", Qt.Key.Key_Tab, Qt.Key.Key_Tab, "3", Qt.Key.Key_Tab, Qt.Key.Key_Tab, "5"):
        if isinstance(key, str):
            qtbot.keyClicks(tab.view, key)
        else:
            qtbot.keyClick(tab.view, key)
    assert saved_scores(db, assessment.id) == (NAME, "7·3·5·····")


def test_a_digit_on_a_name_is_refused_until_an_edit_is_started(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id)
    tab = rater_tab(window)
    tab.view.setFocus()
    start_respondent(qtbot, tab)
    [person] = rater.list_respondents(db, assessment.id)
    name_cell = tab.index_of(person.id, "name")
    tab.view.setCurrentIndex(name_cell)
    qtbot.keyClicks(tab.view, "6")
    assert tab.view.state() != QAbstractItemView.State.EditingState
    assert rater.list_respondents(db, assessment.id)[0].name == NAME
    assert name_cell.data() == NAME
    assert "F2 or Enter" in tab.message.text()
    assert "Name" in tab.message.text()
    # Enter starts an edit on purpose; then a name with digits can be typed.
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    editor = open_editor(tab.view)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Respondent 6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rater.list_respondents(db, assessment.id)[0].name == "Respondent 6")


def test_a_digit_on_a_statement_text_is_refused(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = scored_assessment(db, engagement_id, ScoringMode.STATEMENTS)
    tab = rater_tab(window)
    tab.view.setFocus()
    start_respondent(qtbot, tab)
    panel = tab.statements
    qtbot.waitUntil(lambda: panel.view.hasFocus())
    text_cell = panel.model.index(0, 1)
    before = text_cell.data()
    assert before
    panel.view.setCurrentIndex(text_cell)
    qtbot.keyClicks(panel.view, "4")
    assert panel.view.state() != QAbstractItemView.State.EditingState
    assert panel.model.index(0, 1).data() == before
    assert rater.list_statements(db, assessment.id)[0].text == before
    assert "F2 or Enter" in tab.message.text()


def test_a_score_typed_over_a_colleagues_change_is_refused_and_the_row_shows_theirs(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = scored_assessment(db, engagement_id)
    eve = rater.add_respondent(db, assessment.id, "Eve")
    tab = rater_tab(window)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    # The screen shows Eve unscored; Ana scores her Empathy meanwhile, on another device.
    colleague = make_engine(db.path)
    try:
        with colleague.begin() as conn:
            conn.execute(
                update(RaterRespondent)
                .where(RaterRespondent.id == eve.id)
                .values(empathy_perception=6)
            )
    finally:
        colleague.dispose()
    assert tab.index_of(eve.id, "empathy_perception").data() == "–"

    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.index_of(eve.id, "assurance_perception"))
    qtbot.keyClicks(tab.view, "5")
    assert len(warnings) == 1
    assert re.match(  # the colleague's engine writes as this computer's person: "You"
        r"You changed this respondent's Empathy perception at \d\d:\d\d \(empty → 6\) in "
        r"another window or on another device, after your screen showed it",
        warnings[0],
    )
    [kept] = rater.list_respondents(db, assessment.id)
    assert (kept.assurance_perception, kept.empathy_perception) == (None, 6)
    assert tab.index_of(eve.id, "empathy_perception").data() == "6"  # theirs, shown now
    assert not window.ws.undo_stack.canUndo()

    tab.view.setCurrentIndex(tab.index_of(eve.id, "assurance_perception"))
    qtbot.keyClicks(tab.view, "5")  # again, on the row as it is
    assert rater.list_respondents(db, assessment.id)[0].assurance_perception == 5
    assert len(warnings) == 1


def test_the_trend_a_person_clicks_is_the_engagement_shown_and_its_latest_scores(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    """The trend reads every assessment of an engagement, so it is read when its tab is
    in front: what that tab shows must still be the engagement chosen, as saved."""
    from cxdesk.models.servqual import summarise_scorecard
    from cxdesk.store.demo import add_demo_engagement
    from cxdesk.ui.rater.summary import milestone_names, trend_points

    def stored_trend(eid: int) -> dict[RaterDimension, list[float | None]]:
        names = milestone_names(workspace.list_milestones(db, eid))
        points = trend_points(rater.load_engagement_responses(db, eid), names)
        return {d: [gaps[d] for _label, gaps in points] for d in RaterDimension}

    def stored_gaps(eid: int) -> dict[RaterDimension, float | None]:
        """The gap bars of the assessment a person finds chosen: the latest one."""
        _latest, responses = rater.load_engagement_responses(db, eid)[-1]
        gaps = summarise_scorecard(responses).gaps
        return {d: None if gaps[d] is None else round(gaps[d], 9) for d in RaterDimension}

    def shown_trend() -> dict[RaterDimension, list[float | None]]:
        assert charts.trend.isVisible()
        return charts.trend.series()  # the lines drawn, as they are on screen

    def click_chart_tab(panel: QWidget) -> None:
        bar = charts.tabs.tabBar()
        index = charts.tabs.indexOf(panel)
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert charts.tabs.currentWidget() is panel

    ours = scored_assessment(db, engagement_id)
    ann = rater.add_respondent(db, ours.id, "Ann")
    rater.update_respondent(db, ann.id, "empathy_expectation", 6)
    rater.update_respondent(db, ann.id, "empathy_perception", 3)
    demo = add_demo_engagement(db)
    window.navigator.reload()
    tab = rater_tab(window)
    charts = tab.ensure_charts()
    qtbot.waitUntil(charts.isVisible)
    assert charts.tabs.currentWidget() is charts.sides  # the trend is behind a tab

    # Chosen while the trend is hidden, then clicked once the charts in view are drawn
    # (after their debounce): the demo's three assessments, at the click.
    assert window.navigator.select_engagement(demo)
    qtbot.waitUntil(lambda: charts.gap_bars() == stored_gaps(demo))
    click_chart_tab(charts.trend)
    assert shown_trend() == stored_trend(demo)
    assert len(shown_trend()[E]) == 3

    # Chosen while the trend is in front: redrawn with the other charts.
    assert window.navigator.select_engagement(engagement_id)
    qtbot.waitUntil(lambda: tab.engagement_id == engagement_id)
    qtbot.waitUntil(lambda: charts.trend.series()[E] == [-3.0])
    assert shown_trend() == stored_trend(engagement_id)

    # A score saved while the trend is hidden shows once it is clicked again.
    click_chart_tab(charts.sides)
    [ann] = rater.get_respondents(db, [ann.id])  # as saved, version and all
    assert window.ws.feedback.edit_respondent(ann, "empathy_perception", 5) is not None
    qtbot.waitUntil(lambda: charts.gap_bars()[E] == -1.0)
    click_chart_tab(charts.trend)
    assert shown_trend()[E] == [-1.0]
    assert shown_trend() == stored_trend(engagement_id)


def test_a_name_typed_on_a_phone_heads_its_statements_as_typed(
    window: MainWindow, db: Database, engagement_id: int
) -> None:
    """The statements' heading is rich text (its bold); a respondent's name, which a phone
    may have typed, is text in it, not markup."""
    from PySide6.QtGui import QTextDocument

    assessment = scored_assessment(db, engagement_id, ScoringMode.STATEMENTS)
    typed = '<i style="font-size:90px">Sam</i><img src="file:///etc/hosts">'
    person = rater.add_respondent(db, assessment.id, typed)
    tab = rater_tab(window)
    tab.view.setCurrentIndex(tab.index_of(person.id, "reliability_expectation"))
    shown = QTextDocument()
    shown.setHtml(tab.statements.heading.text())
    assert shown.toPlainText().startswith(f"Statements for {typed}: type 1-7")
