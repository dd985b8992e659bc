"""The matrix charts draw what the gap maths says, however they were made fast.

The heatmap is fed perceived gaps computed by SQL (not snapshot records) and the charts'
cell and "not scored" labels are reused from one drawing to the next: what is drawn must
still equal models.gaps.heatmap_grid over the store's snapshots, and a chart redrawn for
another engagement must show what a freshly built one shows.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyqtgraph as pg
import pytest
from pytestqt.qtbot import QtBot

from cxdesk.models.gaps import heatmap_grid
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.matrix.charts import NOW, MatrixCharts, _colours


def hostile(db: Database, engagement_id: int) -> None:
    """Every combination of unscored levels, levels changed between revalidations, a
    milestone never revalidated, milestones revalidated out of order, a row added after
    the last revalidation and one deleted after being revalidated."""
    levels = (None, 1, 3, 5)
    for n, (expected, experienced) in enumerate((e, x) for e in levels for x in levels):
        expectations.add_item(
            db,
            engagement_id,
            expects=f"Row {n}",
            expected_level=expected,
            delivered_level=None if n % 3 else 2,
            experienced_level=experienced,
        )
    first = workspace.add_milestone(db, engagement_id, "Kick-off", date(2026, 1, 5))
    workspace.add_milestone(db, engagement_id, "Never revalidated", None)
    third = workspace.add_milestone(db, engagement_id, "Go-live ✓", date(2026, 3, 1))
    expectations.revalidate(db, third.id)
    items = expectations.list_items(db, engagement_id)
    for n, item in enumerate(items[::3]):
        expectations.update_item(db, item.id, "experienced_level", None if n % 2 else 4)
    expectations.move_item(db, items[7].id, 0)
    expectations.revalidate(db, first.id)
    expectations.delete_items(db, [items[2].id])
    expectations.add_item(db, engagement_id, expects="Added after", expected_level=2)


def test_snapshot_gaps_are_the_perceived_gaps_of_the_snapshots(
    db: Database, engagement_id: int
) -> None:
    hostile(db, engagement_id)
    for engagement in (engagement_id, add_demo_engagement(db)):
        snapshots = expectations.list_snapshots(db, engagement)
        assert expectations.list_snapshot_gaps(db, engagement) == [
            (s.item_id, s.milestone_id, s.levels.perceived_gap) for s in snapshots
        ]
    assert any(g is None for _i, _m, g in expectations.list_snapshot_gaps(db, engagement_id))


@pytest.fixture
def demo(db: Database) -> int:
    return add_demo_engagement(db)


@pytest.fixture
def window_engagement(engagement_id: int, db: Database, demo: int) -> None:
    """Both engagements exist when the window opens (it opens on either): the test picks."""
    hostile(db, engagement_id)


def shown_labels(plot: pg.PlotWidget) -> list[tuple[str, float, float, str]]:
    """Text, position and colour of every label drawn on a plot, in reading order."""
    return sorted(
        (
            item.toPlainText(),
            item.pos().x(),
            item.pos().y(),
            item.textItem.defaultTextColor().name(),
        )
        for item in plot.getViewBox().addedItems
        if isinstance(item, pg.TextItem) and item.isVisible()
    )


def test_heatmap_equals_the_gap_maths_and_a_fresh_chart_after_switching(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, demo: int
) -> None:
    assert window.navigator is not None
    window.navigator.select_engagement(engagement_id)
    assert window.page is not None
    tab = window.page.matrix
    charts = tab.ensure_charts()
    items = expectations.list_items(db, engagement_id)
    taken = [m for m in workspace.list_milestones(db, engagement_id) if m.revalidated_at]
    snapshots = expectations.list_snapshots(db, engagement_id)
    expected = heatmap_grid(
        [i.id for i in items],
        [m.id for m in taken],
        ((s.item_id, s.milestone_id, s.levels) for s in snapshots),
    )
    for row, item in zip(expected, items, strict=True):
        row.append(item.perceived_gap)
    qtbot.waitUntil(lambda: charts.heatmap.grid == expected)
    assert charts.heatmap.columns == [m.name for m in taken] + [NOW]
    assert np.array_equal(charts.heatmap.image.image, _colours(expected))
    assert {g for row in expected for g in row} >= {None, -4, 0, 4}  # hostile enough

    def drawn(chart: MatrixCharts) -> tuple[object, ...]:
        return (
            chart.heatmap.grid,
            chart.heatmap.columns,
            shown_labels(chart.heatmap.plot),
            shown_labels(chart.levels.plot),
            chart.levels.series(),
            chart.levels.unscored(),
        )

    # The demo (more cells, no unscored level) and back: its labels are reused, and none
    # of the hostile engagement's may stay behind, nor the demo's when we come back.
    for engagement in (demo, engagement_id):
        before = drawn(charts)
        window.navigator.select_engagement(engagement)
        qtbot.waitUntil(lambda: drawn(charts) != before)  # noqa: B023 - waited for here
        fresh = MatrixCharts()
        fresh.set_data(
            expectations.list_items(db, engagement),
            workspace.list_milestones(db, engagement),
            expectations.list_snapshot_gaps(db, engagement),
        )
        assert drawn(charts) == drawn(fresh)
        assert shown_labels(charts.heatmap.plot)  # labels are drawn at all
        fresh.deleteLater()
    assert shown_labels(charts.levels.plot)  # the hostile engagement's "not scored"
