"""The Overview's "Closing the loop" panel on the demo: open and overdue actions with the
oldest overdue, open issues and those too long on their rung, the five gaps at a glance,
and one key from the Overview to the issue log and the "you said, we did" log."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.actions import action_counts
from cxdesk.models.issues import issue_counts
from cxdesk.store import actions as action_store
from cxdesk.store import issues as issue_store
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.overview.loop_panel import FiveGapsModel, read_loop_numbers
from cxdesk.ui.tabs import TabKey

TODAY = date(2026, 3, 20)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db, today=TODAY)


def test_the_overview_counts_the_loop_and_goes_to_the_logs_by_key(
    window, db: Database, window_engagement: int, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    page = window.page
    overview = page.overview
    overview.today = lambda: TODAY
    page.show_view(TabKey.OVERVIEW)
    overview.refresh()
    actions = action_counts(
        [r.record for r in action_store.list_actions(db, window_engagement)], TODAY
    )
    issues = issue_counts(issue_store.list_issues(db, window_engagement), TODAY)
    assert actions.overdue  # the demo has some overdue actions
    assert issues.too_long  # ... and an issue too long on its rung
    line = overview.loop.actions_line.text()
    assert f"{actions.open} open" in line
    assert f"⚠ {actions.overdue} overdue" in line
    assert actions.oldest_overdue is not None
    assert actions.oldest_overdue.title.replace("&", "&amp;") in line
    assert f"⚠ {issues.too_long} too long on their rung" in overview.loop.issues_line.text()
    table = overview.loop.model
    labels = [table.index(r, 0).data() for r in range(table.rowCount())]
    assert labels[0] == "Knowledge gap (cognition)"
    assert labels[-1] == "No cause named"
    numbers = read_loop_numbers(db, window_engagement, TODAY)
    assert [table.index(r, 1).data() for r in range(6)] == [
        row.open_actions for row in numbers.five_gaps
    ]
    assert sum(row.open_actions for row in numbers.five_gaps) == actions.open

    overview.setFocus()
    qtbot.keyClick(overview, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: page.tabs.currentIndex() == page.keys.index(TabKey.ISSUES))
    page.show_view(TabKey.OVERVIEW)
    overview.setFocus()
    qtbot.keyClick(overview, Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: page.tabs.currentIndex() == page.keys.index(TabKey.LOOP_LOG))


def test_the_five_gaps_model_passes_qtmodeltester(qtmodeltester, db: Database) -> None:  # type: ignore[no-untyped-def]
    engagement = add_demo_engagement(db, today=TODAY)
    model = FiveGapsModel()
    model.reset(list(read_loop_numbers(db, engagement, TODAY).five_gaps))
    qtmodeltester.check(model, force_py=True)


def test_the_overdue_count_and_the_oldest_overdue_open_the_overdue_actions(
    window, db: Database, window_engagement: int, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ui.actions.filters import Showing
    from cxdesk.ui.actions.model import COLUMN_INDEX

    page = window.page
    overview = page.overview
    overview.today = lambda: TODAY
    actions = page.tab(TabKey.ACTIONS)
    actions.today = lambda: TODAY  # type: ignore[attr-defined]
    page.show_view(TabKey.OVERVIEW)
    overview.refresh()
    line = overview.loop.actions_line
    assert "<a href='overdue'>⚠ 2 overdue</a>" in line.text()
    assert "<a href='overdue'>Hold the second train-the-trainer" in line.text()
    actions.owner.setCurrentIndex(1)  # a filter left from before is cleared  # type: ignore[attr-defined]

    line.linkActivated.emit("overdue")  # as a click on either link
    assert page.tabs.currentWidget() is actions
    assert actions.showing.currentData() == Showing.OVERDUE.value  # type: ignore[attr-defined]
    assert actions.owner.currentIndex() == 0  # type: ignore[attr-defined]
    proxy = actions.proxy  # type: ignore[attr-defined]
    title = COLUMN_INDEX["title"]
    titles = [proxy.index(r, title).data() for r in range(proxy.rowCount())]
    assert len(titles) == 2
    assert all(t.startswith(("Hold the second", "Introduce the support lead")) for t in titles)
    current = actions.view.currentIndex().data()  # type: ignore[attr-defined]
    assert current.startswith("Hold the second train-the-trainer")  # the oldest overdue
    qtbot.waitUntil(lambda: "2 shown" in actions.count.text())  # type: ignore[attr-defined]

    # The count's own word still opens the whole list.
    page.show_view(TabKey.OVERVIEW)
    line.linkActivated.emit("actions")
    assert page.tabs.currentWidget() is actions
