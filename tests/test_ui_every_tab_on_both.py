"""Issue 18's probe as a test: the demo engagement in a workspace, the main window on it,
and every tab shows the engagement's data, on a SQLite file and on a team workspace
(PostgreSQL) alike. What each tab must show is read from the store, not written here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store import expectations, issues, journey_map, loop_log, pulse, rater, workshop
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement

pytestmark = pytest.mark.both_backends


def model_texts(model: QAbstractItemModel) -> Iterator[str]:
    for row in range(min(model.rowCount(), 200)):
        for column in range(min(model.columnCount(), 40)):
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if value is not None:
                yield str(value)
    for column in range(min(model.columnCount(), 40)):
        header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if header is not None:
            yield str(header)


def shown_texts(tab: QWidget) -> str:
    """Every label's text and every table cell of ``tab``, as one text."""
    texts = [label.text() for label in tab.findChildren(QLabel) if label.isVisible()]
    for view in tab.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None:
            texts.extend(model_texts(model))
    return "\n".join(texts)


def test_every_tab_shows_the_demo_engagement(
    qtbot: QtBot, db: Database, open_window: Callable[[Database], Any]
) -> None:
    engagement_id = add_demo_engagement(db)
    first_item = expectations.list_items(db, engagement_id)[0].expects
    assessment = rater.list_assessments(db, engagement_id)[-1]
    respondent = rater.list_respondents(db, assessment.id)[0].name
    named_pulses = [p.respondent for p in pulse.list_pulses(db, engagement_id) if p.respondent]
    session = workshop.list_sessions(db, engagement_id)[-1].title
    touchpoint = journey_map.load_touchpoints(db, engagement_id)[0].name
    expected = {
        "Overview": "Now:",
        "Expectation Matrix": first_item,
        "RATER scorecard": respondent,
        "Pulse checks": named_pulses[-1],
        "CX quiz": session,
        "Emotion map": touchpoint,
        "Issue log": issues.list_issues(db, engagement_id)[0].record.title,
        "You said, we did": loop_log.list_said(db, engagement_id)[0].said_by,
    }

    window = open_window(db)
    assert window.navigator.select_engagement(engagement_id)
    tabs = window.page.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert [t for t in titles if t in expected] == list(expected)
    for title, text in expected.items():
        tabs.setCurrentIndex(titles.index(title))
        tab = tabs.currentWidget()
        qtbot.waitUntil(lambda tab=tab, text=text: text in shown_texts(tab), timeout=10_000)
        assert title == tabs.tabText(tabs.currentIndex())
