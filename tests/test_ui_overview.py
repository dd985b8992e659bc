"""The Overview tab driven through its widgets: the quadrant path, key numbers, overrides.

The data is made through store functions and worked by hand:

- Kickoff (revalidated): delivery gaps -1 and 0 -> value 5 + 1.25 x -0.5 = 4.375.
  Client SERVQUAL gap -1 -> 5 - 5/6 = 4.17; pulse CSAT 4 -> 7.5, confidence 7 -> 6.67;
  experience = mean = 6.11. Style > Substance.
- Design sign-off: only a pulse check -> experience, no value: listed, not drawn.
- Now: delivery gaps +1 and 0 -> value 5.625. The latest assessment (Kickoff's) 4.17, the
  latest pulse day CSAT 2 -> 2.5, confidence 4 -> 3.33; experience 3.33. Hidden Hero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from cxdesk.models.quadrant import Axis
from cxdesk.models.servqual import RaterDimension, RespondentSide
from cxdesk.store import expectations, rater, workspace
from cxdesk.store import overview as overview_store
from cxdesk.store import pulse as pulse_store
from cxdesk.store.database import Database, open_database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.overview.override_dialog import REASON_HINT, OverrideDialog
from cxdesk.ui.overview.tab import OverviewTab
from tests.store_reads import get_item
from tests.ui_helpers import when_dialog_opens

KICKOFF = (4.375, (5 - 5 / 6 + 7.5 + 60 / 9) / 3)
NOW = (5.625, (5 - 5 / 6 + 2.5 + 30 / 9) / 3)


@dataclass
class Story:
    engagement_id: int
    kickoff: int
    design: int
    items: list[int]


def score_respondent(db: Database, respondent_id: int, expectation: int, perception: int) -> None:
    for dimension in RaterDimension:
        rater.update_respondent(db, respondent_id, f"{dimension.value}_expectation", expectation)
        rater.update_respondent(db, respondent_id, f"{dimension.value}_perception", perception)


def make_story(db: Database) -> Story:
    client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
    engagement = workspace.add_engagement(db, client.id, "ERP rollout")
    eid = engagement.id
    kickoff = workspace.add_milestone(db, eid, "Kickoff", None)
    design = workspace.add_milestone(db, eid, "Design sign-off", None)
    first = expectations.add_item(
        db, eid, expects="Live tracking", expected_level=4, delivered_level=3, experienced_level=3
    )
    second = expectations.add_item(
        db, eid, expects="Weekly report", expected_level=3, delivered_level=3, experienced_level=3
    )
    expectations.revalidate(db, kickoff.id)
    expectations.update_item(db, first.id, "delivered_level", 5)
    expectations.update_item(db, first.id, "experienced_level", 5)

    assessment = rater.add_assessment(db, eid, "RATER at kickoff", milestone_id=kickoff.id)
    client_side = rater.add_respondent(db, assessment.id, "Ana", RespondentSide.CLIENT)
    score_respondent(db, client_side.id, 6, 5)  # gap -1
    team = rater.add_respondent(db, assessment.id, "Us", RespondentSide.TEAM)
    score_respondent(db, team.id, 5, 6)  # gap +1: we think it went better

    pulse_store.add_pulse(db, eid, date(2025, 3, 1), milestone_id=kickoff.id, confidence=7, csat=4)
    pulse_store.add_pulse(db, eid, date(2025, 4, 1), milestone_id=design.id, confidence=5, csat=3)
    pulse_store.add_pulse(db, eid, date(2025, 5, 1), confidence=4, csat=2)
    return Story(eid, kickoff.id, design.id, [first.id, second.id])


@pytest.fixture
def story(db: Database) -> Story:
    return make_story(db)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+key on the window, as a person would (shortcuts reach the active window only)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def show_overview(qtbot: QtBot, window: MainWindow) -> OverviewTab:
    """Ctrl+1 brings the Overview forward; its chart follows."""
    assert window.page is not None
    press(qtbot, window, Qt.Key.Key_1)
    tab = window.page.overview
    assert tab.isVisible()
    qtbot.waitUntil(lambda: tab.chart is not None)
    return tab


def drawn(tab: OverviewTab) -> list[tuple[str, float, float, bool]]:
    return [
        (label, round(x, 3), round(y, 3), manual) for label, x, y, manual in tab.chart.path_points()
    ]


def rounded(point: tuple[float, float]) -> tuple[float, float]:
    return round(point[0], 3), round(point[1], 3)


def test_path_quadrant_and_key_numbers(
    qtbot: QtBot, open_window, db: Database, story: Story
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    tab = show_overview(qtbot, window)

    assert drawn(tab) == [
        ("1 Kickoff", *rounded(KICKOFF), False),
        ("Now", *rounded(NOW), False),
    ]
    assert tab.chart.missing_points() == ["Design sign-off: no value data yet"]
    assert not tab.chart.missing_label.isHidden()
    assert not tab.chart.is_empty()
    labels = tab.chart.quadrant_labels()
    for text in (
        "Stellar Success\nKeep doing this!",
        "Style > Substance\nBe careful!",
        "Hidden Hero\nYou delivered, but no one noticed.",
        "Total Misfire\nRedesign everything.",
    ):
        assert text in labels

    assert tab.quadrant_title.text() == "Now: Hidden Hero"
    assert tab.quadrant_advice.text() == "You delivered, but no one noticed."
    point = tab.point_text.text()
    assert "Value delivered 5.6" in point
    assert "Experience 3.3</b> = mean of SERVQUAL 4.2, CSAT 2.5, confidence 3.3" in point
    assert "Value delivered = 5 + 1.25" in tab.formulas.text()
    assert "Experience = the mean" in tab.formulas.text()

    shown = {name: (value, direction) for name, value, direction in tab.numbers.shown()}
    assert shown["Client's SERVQUAL gap (P − E)"][0] == "-1.0"  # the client, not the room
    assert shown["Client's SERVQUAL gap (P − E)"][1].startswith("First measurement")
    assert shown["Team vs client difference"][0] == "+2.0"
    assert shown["Client confidence (1-10)"] == ("4.0", "▼ worse since Design sign-off (was 5.0)")
    assert shown["CSAT (1-5)"] == ("2.0", "▼ worse since Design sign-off (was 3.0)")
    assert shown["Expectations trailing"] == ("0 rows", "▼ better since Kickoff (was 1 row)")
    assert not any("nan" in text.lower() for row in tab.numbers.shown() for text in row)
    assert tab.pulse_chart is not None
    assert tab.pulse_chart.series()["Confidence"]


def open_override_dialog(qtbot: QtBot, tab: OverviewTab, act) -> None:  # type: ignore[no-untyped-def]
    when_dialog_opens(qtbot, act)
    qtbot.mouseClick(tab.override_button, Qt.MouseButton.LeftButton)


def test_override_with_reason_then_undo_redo_and_clear(
    qtbot: QtBot, open_window, db: Database, story: Story
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    tab = show_overview(qtbot, window)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        assert dialog.point_box.currentText() == "Now"  # the current point by default
        dialog.point_box.setFocus()
        qtbot.keyClick(dialog.point_box, Qt.Key.Key_Home)  # the oldest: Kickoff
        assert dialog.point_box.currentText() == "Kickoff"
        qtbot.keyClick(dialog.axis_box, Qt.Key.Key_End)  # Experience
        assert dialog.current_axis() is Axis.EXPERIENCE
        seen["computed"] = dialog.computed.text()
        assert not dialog.clear_button.isVisible()
        dialog.score.setFocus()
        dialog.score.selectAll()
        qtbot.keyClicks(dialog.score, "3.5")
        # No reason yet: the dialog cannot be accepted, and says why.
        seen["ok_blank"] = dialog.ok.isEnabled()
        seen["hint"] = dialog.hint.isVisible() and dialog.hint.text()
        qtbot.keyClicks(dialog.reason, "   ")
        seen["ok_spaces"] = dialog.ok.isEnabled()
        dialog.reason.clear()
        qtbot.keyClicks(dialog.reason, "Sponsor felt unheard at kickoff")
        seen["ok_reason"] = dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    open_override_dialog(qtbot, tab, fill)
    assert seen == {
        "computed": f"{KICKOFF[1]:.1f}",
        "ok_blank": False,
        "hint": REASON_HINT,
        "ok_spaces": False,
        "ok_reason": True,
    }
    [saved] = overview_store.list_overrides(db, story.engagement_id)
    assert (saved.milestone_id, saved.axis, saved.score, saved.reason) == (
        story.kickoff,
        "experience",
        3.5,
        "Sponsor felt unheard at kickoff",
    )
    qtbot.waitUntil(
        lambda: drawn(tab)[0] == ("1 Kickoff (manual experience)", KICKOFF[0], 3.5, True)
    )
    assert drawn(tab)[1] == ("Now", *rounded(NOW), False)  # Now is untouched

    press(qtbot, window, Qt.Key.Key_Z)
    assert overview_store.list_overrides(db, story.engagement_id) == []
    qtbot.waitUntil(lambda: drawn(tab)[0] == ("1 Kickoff", *rounded(KICKOFF), False))
    window.redo_action.trigger()
    assert len(overview_store.list_overrides(db, story.engagement_id)) == 1
    qtbot.waitUntil(lambda: drawn(tab)[0][3] is True)

    def clear(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        qtbot.keyClick(dialog.point_box, Qt.Key.Key_Home)
        qtbot.keyClick(dialog.axis_box, Qt.Key.Key_End)
        assert dialog.clear_button.isVisible()
        assert dialog.reason.text() == "Sponsor felt unheard at kickoff"
        assert dialog.score.value() == 3.5
        qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)

    open_override_dialog(qtbot, tab, clear)
    assert overview_store.list_overrides(db, story.engagement_id) == []
    qtbot.waitUntil(lambda: drawn(tab)[0][3] is False)


def test_override_of_now_shows_reason_beside_computed_value(
    qtbot: QtBot, open_window, db: Database, story: Story
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    tab = show_overview(qtbot, window)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        assert dialog.current_axis() is Axis.VALUE
        assert dialog.computed.text() == "5.6"
        dialog.score.setFocus()
        dialog.score.selectAll()
        qtbot.keyClicks(dialog.score, "2")
        qtbot.keyClicks(dialog.reason, "The pilot savings are not real yet")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    open_override_dialog(qtbot, tab, fill)
    qtbot.waitUntil(lambda: tab.quadrant_title.text() == "Now: Total Misfire")
    text = tab.point_text.text()
    assert "Value delivered 2.0" in text
    [saved] = overview_store.list_overrides(db, story.engagement_id)
    assert saved.made_at is not None
    made = f"{saved.made_at:%d %b %Y}"
    assert f"manual since {made}; computed 5.6" in text  # a judgement carries its date
    assert "The pilot savings are not real yet" in text
    assert "set by hand to 2.0" in tab.point_text.toolTip()
    assert drawn(tab)[-1] == ("Now (manual value)", 2.0, round(NOW[1], 3), True)


def test_override_dialog_limits_the_score(qtbot: QtBot, db: Database, story: Story) -> None:
    path = overview_store.load_overview(db, story.engagement_id).path
    dialog = OverrideDialog(path)
    qtbot.addWidget(dialog)
    assert (dialog.score.minimum(), dialog.score.maximum(), dialog.score.singleStep()) == (
        0.0,
        10.0,
        0.5,
    )
    dialog.score.selectAll()
    qtbot.keyClicks(dialog.score, "12")
    assert dialog.score.value() <= 10.0
    assert [dialog.point_box.itemText(i) for i in range(dialog.point_box.count())] == [
        "Kickoff",
        "Design sign-off",
        "Now",
    ]


def test_live_update_while_visible_and_deferred_while_hidden(
    qtbot: QtBot, open_window, db: Database, story: Story
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    tab = show_overview(qtbot, window)
    ws = window.page.ws  # type: ignore[union-attr]
    first = get_item(db, story.items[0])
    assert first is not None

    ws.edit_item(first, "delivered_level", 1)  # what a matrix edit does: gap -3, mean -1.5
    qtbot.waitUntil(lambda: drawn(tab)[-1][1] == round(5 - 1.5 * 1.25, 3))
    assert tab.quadrant_title.text() == "Now: Total Misfire"
    # Undoing a matrix edit brings the matrix forward (no change happens out of sight);
    # the Overview, now hidden, catches up when shown again.
    press(qtbot, window, Qt.Key.Key_Z)
    assert get_item(db, first.id).delivered_level == 5  # type: ignore[union-attr]
    assert not tab.isVisible()
    show_overview(qtbot, window)
    assert drawn(tab)[-1][1] == NOW[0]

    # Hidden: a change only marks the Overview dirty; showing it again recomputes.
    press(qtbot, window, Qt.Key.Key_2)
    assert not tab.isVisible()
    ws.feedback.add_pulse(story.engagement_id, date(2025, 6, 1), confidence=10, csat=5)
    # Hidden, the change marks the tab dirty and starts no recompute (not even a timer).
    assert tab._dirty
    assert not tab._timer.isActive()
    assert tab.numbers.shown()[2][1] == "4.0"
    press(qtbot, window, Qt.Key.Key_1)
    assert tab.numbers.shown()[2][1] == "10.0"
    assert tab.numbers.shown()[2][2].startswith("▲ better")


def test_empty_engagement_says_what_to_do(qtbot: QtBot, open_window, db: Database) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "New client")
    workspace.add_engagement(db, client.id, "Nothing yet")
    window = open_window(db)
    tab = show_overview(qtbot, window)
    assert tab.chart.is_empty()
    assert tab.chart.path_points() == []
    assert "Score expected and delivered levels" in tab.chart.empty.text()
    assert "RATER assessment" in tab.chart.empty.text()
    assert tab.quadrant_title.text() == "Now: not on the quadrant yet"
    assert tab.quadrant_advice.text().startswith("Score expected and delivered levels")
    values = [value for _name, value, _direction in tab.numbers.shown()]
    assert values == ["-", "-", "-", "-", "0 rows"]
    texts = [tab.point_text.text(), *(t for row in tab.numbers.shown() for t in row)]
    assert not any("nan" in t.lower() for t in texts)
    assert "Record a pulse check" in tab.numbers.shown()[2][2]


def test_override_survives_closing_and_reopening(
    qtbot: QtBot, db_path: Path, private_data_dir: Path
) -> None:
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    db = open_database(db_path)
    story = make_story(db)
    first = MainWindow(db, settings)
    qtbot.addWidget(first)
    first.show()
    tab = show_overview(qtbot, first)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        qtbot.keyClick(dialog.axis_box, Qt.Key.Key_End)
        dialog.score.selectAll()
        qtbot.keyClicks(dialog.score, "8.5")
        qtbot.keyClicks(dialog.reason, "Client praised us in the steering committee")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    open_override_dialog(qtbot, tab, fill)
    first.close()

    again = open_database(db_path)
    second = MainWindow(again, settings)
    qtbot.addWidget(second)
    second.show()
    tab = show_overview(qtbot, second)
    assert tab.engagement_id == story.engagement_id
    assert drawn(tab)[-1] == ("Now (manual experience)", NOW[0], 8.5, True)
    assert "Client praised us in the steering committee" in tab.point_text.text()
    assert tab.quadrant_title.text() == "Now: Stellar Success"
    second.close()


def test_chart_is_fixed_and_follows_a_switch_to_dark(
    qtbot: QtBot, open_window, db: Database, story: Story
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    window = open_window(db)
    tab = show_overview(qtbot, window)
    chart = tab.chart
    assert chart.view.state["mouseEnabled"] == [False, False]  # nothing to pan or zoom
    (x0, x1), (y0, y1) = chart.view.viewRange()
    assert x0 <= 0
    assert x1 >= 10
    assert y0 <= 0
    assert y1 >= 10
    app = QApplication.instance()
    light = app.palette()  # type: ignore[union-attr]
    assert chart.plot.backgroundBrush().color().lightness() > 128
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2d2d2d"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    try:
        app.setPalette(dark)  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: chart.plot.backgroundBrush().color().lightness() < 64)
        assert drawn(tab)[0] == ("1 Kickoff", *rounded(KICKOFF), False)  # redrawn, kept
    finally:
        app.setPalette(light)  # type: ignore[union-attr]


def test_key_number_wording() -> None:
    from cxdesk.models.quadrant import Better, KeyNumber
    from cxdesk.ui.overview.numbers import direction_text, format_value

    trailing = KeyNumber("Expectations trailing", 1.0, 3.0, "Kickoff", Better.LOWER)
    assert format_value(trailing) == "1 row"
    assert direction_text(trailing) == "▼ better since Kickoff (was 3 rows)"
    gap = KeyNumber("SERVQUAL gap, weighted (P − E)", -0.25, 0.5, "RATER 1", Better.HIGHER)
    assert format_value(gap) == "-0.2"
    assert direction_text(gap) == "▼ worse since RATER 1 (was +0.5)"
    same = KeyNumber("CSAT (1-5)", 4.0, 4.0, "01 Mar 2025")
    assert direction_text(same) == "= no change since 01 Mar 2025 (was 4.0)"
    for broken in (None, float("nan"), float("inf")):
        number = KeyNumber("CSAT (1-5)", broken)
        assert format_value(number) == "-"
        assert direction_text(number) == "Record a pulse check (Pulse checks tab)."


def test_labels_avoid_each_other_and_stay_inside() -> None:
    from cxdesk.ui.overview.labels import Box, place_labels

    points = [(5.0, 5.0), (5.3, 5.0), (9.8, 9.8)]
    boxes = place_labels(
        points,
        [(2.5, 0.5)] * 3,
        [((5.0, 5.0), (5.3, 5.0)), ((5.3, 5.0), (9.8, 9.8))],
        [],
        Box(-0.3, -0.3, 10.6, 10.6),
        gap=0.2,
        marker=0.3,
    )
    for i, a in enumerate(boxes):
        assert a.x >= -0.3  # inside the chart
        assert a.x + a.w <= 10.3
        for b in boxes[i + 1 :]:
            assert a.overlap(b) == 0


@pytest.mark.parametrize(
    ("value", "shown"),
    [(4.96, "4.96"), (4.94, "4.9"), (5.0, "5.0"), (5.04, "5.0"), (4.999, "4.999")],
)
def test_axis_numbers_never_round_across_the_midline(value: float, shown: str) -> None:
    from cxdesk.ui.overview.texts import axis_number

    assert axis_number(value) == shown


def test_point_labels_after_other_paths_are_those_a_new_chart_draws(
    qtbot: QtBot, db: Database
) -> None:
    """The point labels are rewritten, not re-created, for another path (another
    engagement): none may be left over, and each must read and sit as on a new chart."""
    import pyqtgraph as pg

    from cxdesk.store.demo import add_demo_engagement
    from cxdesk.ui.overview.chart import QuadrantChart
    from cxdesk.ui.overview.texts import EMPTY_TEXT

    path = overview_store.load_overview(db, add_demo_engagement(db)).path
    assert len(path) >= 3

    def chart() -> QuadrantChart:
        made = QuadrantChart()
        qtbot.addWidget(made)
        made.resize(700, 500)
        with qtbot.waitExposed(made):
            made.show()
        return made

    def labels(shown: QuadrantChart) -> list[tuple[str, float, float]]:
        items = shown.plot.getPlotItem().items
        return sorted(
            (item.textItem.toPlainText(), round(item.pos().x(), 6), round(item.pos().y(), 6))
            for item in items
            if isinstance(item, pg.TextItem) and item.isVisible() and item.zValue() == 12
        )

    reused = chart()
    for shown in (path, path[-1:], [], path[:2], path):
        reused.set_path(shown, EMPTY_TEXT)
        fresh = chart()
        fresh.set_path(shown, EMPTY_TEXT)
        assert labels(reused) == labels(fresh)
        assert len(labels(reused)) == len({(x, y) for _t, x, y in labels(fresh)})
        fresh.close()
    assert len(labels(reused)) >= 3


def test_path_after_other_paths_is_the_one_a_new_chart_draws(qtbot: QtBot, db: Database) -> None:
    """The path's line, arrows and points are rewritten, not re-created, for another
    path (another engagement, an empty one): nothing of an earlier path may be left over,
    and the chart must look exactly as a new chart drawing the same path."""
    import pyqtgraph as pg

    from cxdesk.store.demo import add_demo_engagement
    from cxdesk.ui.overview.chart import QuadrantChart
    from cxdesk.ui.overview.texts import EMPTY_TEXT

    path = overview_store.load_overview(db, add_demo_engagement(db)).path
    assert len(path) >= 3

    def chart() -> QuadrantChart:
        made = QuadrantChart()
        qtbot.addWidget(made)
        made.resize(700, 500)
        with qtbot.waitExposed(made):
            made.show()
        return made

    def items(shown: QuadrantChart) -> list[tuple[str, tuple[float, ...]]]:
        """What the path draws: each visible arrow, the line's points, the markers."""
        drawn: list[tuple[str, tuple[float, ...]]] = []
        for item in shown.plot.getPlotItem().items:
            if not item.isVisible():
                continue
            if isinstance(item, pg.ArrowItem):
                drawn.append(
                    (
                        "arrow",
                        (round(item.pos().x(), 6), round(item.pos().y(), 6), item.opts["angle"]),
                    )
                )
            elif isinstance(item, pg.PlotDataItem):
                xs, ys = item.getData()
                drawn.append(("line", (*xs, *ys)))
            elif isinstance(item, pg.ScatterPlotItem):
                drawn += [("point", (p.pos().x(), p.pos().y(), p.size())) for p in item.points()]
        return sorted(drawn)

    reused = chart()
    for shown in (path, path[-1:], [], path[:2], path[::-1], path):
        reused.set_path(shown, EMPTY_TEXT)
        fresh = chart()
        fresh.set_path(shown, EMPTY_TEXT)
        assert items(reused) == items(fresh)
        assert reused.is_empty() == fresh.is_empty()
        if not fresh.is_empty():
            assert reused.plot.grab().toImage() == fresh.plot.grab().toImage()
        fresh.close()
    assert sum(kind == "arrow" for kind, _at in items(reused)) >= 1


def test_redrawing_paths_draws_no_new_point_symbols(qtbot: QtBot, db: Database) -> None:
    """Switching engagements redraws the path: its points keep their pens and brushes,
    so pyqtgraph's symbol atlas (which knows a symbol by its pen's and brush's identity)
    draws each look once, instead of every point again, into an atlas that only grew."""
    from cxdesk.store.demo import add_demo_engagement
    from cxdesk.ui.overview.chart import QuadrantChart
    from cxdesk.ui.overview.texts import EMPTY_TEXT

    path = overview_store.load_overview(db, add_demo_engagement(db)).path
    chart = QuadrantChart()
    qtbot.addWidget(chart)
    chart.resize(700, 500)
    with qtbot.waitExposed(chart):
        chart.show()
    chart.set_path(path, EMPTY_TEXT)
    chart.plot.grab()
    assert chart._scatter is not None
    atlas = chart._scatter.fragmentAtlas
    looks = len(atlas)
    assert looks >= 2  # the milestones' circles and Now's diamond
    for shown in (path[::-1], path[:2], [], path, path[-1:], path):
        chart.set_path(shown, EMPTY_TEXT)
        chart.plot.grab()
    assert len(atlas) == looks


def test_label_places_are_those_of_checking_every_overlap() -> None:
    """place_labels skips the overlaps that cannot count: on random paths (some with
    points on whole numbers, touching edges) it must choose the same boxes as the
    plain rule of summing every overlap and every segment's clip."""
    import itertools
    import random

    from cxdesk.ui.overview.labels import Box, _segment_hits, candidates, place_labels

    def plain(points, sizes, segments, obstacles, bounds, gap, marker, order):  # type: ignore[no-untyped-def]
        markers = [Box(x - marker / 2, y - marker / 2, marker, marker) for x, y in points]
        chosen: dict[int, Box] = {}
        for index in order:
            w, h = sizes[index]
            area = max(w * h, 1e-9)
            best = None
            for rank, box in enumerate(candidates(points[index], w, h, gap)):
                cost = 6.0 * (box.w * box.h - box.overlap(bounds)) / area
                cost += 5.0 * sum(box.overlap(b) for b in chosen.values()) / area
                cost += 5.0 * sum(box.overlap(m) for m in markers) / area
                cost += 1.5 * sum(box.overlap(o) for o in obstacles) / area
                cost += 0.25 * sum(_segment_hits(box, s) for s in segments)
                cost += 0.05 * rank
                if best is None or cost < best[0]:
                    best = (cost, box)
            chosen[index] = best[1]
        return [chosen[i] for i in range(len(points))]

    rng = random.Random(16)
    for _ in range(200):
        n = rng.randint(1, 25)
        points = [(rng.uniform(0, 10), rng.uniform(0, 10)) for _ in range(n)]
        if rng.random() < 0.3:
            points = [(float(round(x)), float(round(y))) for x, y in points]
        sizes = [(rng.uniform(0.5, 4), rng.uniform(0.2, 0.6)) for _ in range(n)]
        segments = list(itertools.pairwise(points))
        obstacles = [Box(rng.uniform(0, 8), rng.uniform(0, 8), 2, 1) for _ in range(4)]
        order = rng.sample(range(n), n)
        args = (points, sizes, segments, obstacles, Box(-0.3, -0.3, 10.6, 10.6), 0.2, 0.4, order)
        assert place_labels(*args) == plain(*args)
