"""Charts of counted things: a level not scored has no bar and says "not scored" (a zero-high
bar read as a score), and no axis of expectations, touchpoints or people is labelled 0.6,
0.8... when only a row or two are in view."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from tests.store_reads import get_item

FRACTION = re.compile(r"^[−-]?\d+\.\d+$")


def drawn_tick_labels(axis: pg.AxisItem) -> list[str]:
    """The tick labels the axis draws now, as pyqtgraph lays them out for painting."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [text for _rect, _flags, text in specs[2]]


def visible_axes(root: QWidget) -> list[tuple[str, pg.AxisItem]]:
    found = []
    for plot in root.findChildren(pg.PlotWidget):
        if not plot.isVisibleTo(root):
            continue
        for name in ("left", "bottom", "right", "top"):
            axis = plot.getPlotItem().getAxis(name)
            if axis.isVisible():
                found.append((f"{type(plot.parent()).__name__}.{name}", axis))
    return found


CHART_BUILDERS = ("ensure_chart", "ensure_charts")


def has_charts(tab: QWidget) -> bool:
    return any(hasattr(tab, builder) for builder in CHART_BUILDERS)


def show_charts_now(qtbot: QtBot, tab: QWidget) -> None:
    """Build a tab's charts, which it builds a moment after it shows, and wait until they
    show what the tab holds: a layout shows a new chart by a queued call, and a tab draws
    fresh data on a short timer of its own (which coalesces a burst of edits)."""
    for builder in CHART_BUILDERS:
        if hasattr(tab, builder):
            chart = getattr(tab, builder)()
            qtbot.waitUntil(lambda chart=chart: not chart.isHidden())
    qtbot.waitUntil(lambda: not any(timer.isActive() for timer in tab.findChildren(QTimer)))


@pytest.fixture
def one_row(db: Database) -> tuple[int, int]:
    client = workspace.add_client(db, "Szpital Pomorski")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja")
    item = expectations.add_item(
        db, engagement.id, expects="Weekly report", expected_level=4, delivered_level=3
    )
    return engagement.id, item.id


def show_matrix_charts(window, qtbot: QtBot, engagement_id: int):  # type: ignore[no-untyped-def]
    assert window.navigator.select_engagement(engagement_id)
    tab = window.page.matrix
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.charts is not None and tab.charts.isVisible(), timeout=5000)
    return tab.charts


def test_an_unscored_level_has_no_bar_and_says_not_scored(
    qtbot: QtBot, db: Database, open_window, one_row: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    engagement_id, item_id = one_row
    window = open_window(db)
    charts = show_matrix_charts(window, qtbot, engagement_id)
    levels = charts.levels
    qtbot.waitUntil(lambda: levels.series()["Expected"] == [4.0])
    assert levels.series() == {"Expected": [4.0], "Delivered": [3.0], "Experienced": []}
    assert levels.unscored() == [(1, "Experienced")]
    labels = [label for label in levels.not_scored if label.isVisible()]
    assert [label.textItem.toPlainText() for label in labels] == ["not scored"]

    # Scoring it (as the table does) draws its bar and takes the words away.
    window.ws.edit_item(get_item(db, item_id), "experienced_level", 2)
    qtbot.waitUntil(lambda: levels.series()["Experienced"] == [2.0])
    assert levels.unscored() == []
    assert levels.not_scored == []


def test_the_levels_chart_of_one_row_has_whole_number_ticks(
    qtbot: QtBot, db: Database, open_window, one_row: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    engagement_id, _item = one_row
    window = open_window(db)
    charts = show_matrix_charts(window, qtbot, engagement_id)
    qtbot.waitUntil(lambda: charts.levels.series()["Expected"] == [4.0])
    bottom = charts.levels.plot.getPlotItem().getAxis("bottom")
    qtbot.waitUntil(lambda: drawn_tick_labels(bottom) != [])
    assert drawn_tick_labels(bottom) == ["1"]


def test_no_chart_in_the_app_labels_an_axis_with_fractions(
    qtbot: QtBot, db: Database, open_window, one_row: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """Every pyqtgraph axis on every tab that picks its own ticks, for a one-row engagement
    and the demo: the ticks pyqtgraph picks go to 0.2 apart when little is in view."""
    engagement_id, _item = one_row
    demo = add_demo_engagement(db)
    window = open_window(db)
    page = window.page
    problems = []
    for shown in (engagement_id, demo):
        assert window.navigator.select_engagement(shown)
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            tab = page.tabs.currentWidget()
            show_charts_now(qtbot, tab)
            axes = visible_axes(tab)
            if shown == demo and has_charts(tab):
                assert axes, f"the demo's {page.tabs.tabText(index)} showed no chart"
            for name, axis in axes:
                if axis._tickLevels is not None:
                    continue  # ticks the chart chose itself (the quadrant's 2.5 and 7.5)
                fractions = [t for t in drawn_tick_labels(axis) if FRACTION.match(t)]
                if fractions:
                    problems.append((page.tabs.tabText(index), name, fractions))
    assert problems == []
