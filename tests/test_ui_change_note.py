"""Who changed a row last, and when, where a team sees the same rows: each Expectation
Matrix cell's and each RATER respondent's name and side tooltips say "Changed by Ana,
10:42" (two people on one workspace file, Ben's window driven with qtbot)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.servqual import RespondentSide
from cxdesk.store import expectations, rater, workspace
from cxdesk.store.database import Database, open_database
from tests.test_colleague_conflicts import clock, consultant_on_file
from tests.ui_helpers import type_into_cell

TIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def ana_and_ben(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    path = tmp_path / "team.cxdb"
    open_database(path, backup_folder=tmp_path / "backups").close()
    ana, ben = consultant_on_file(path, "Ana"), consultant_on_file(path, "Ben")
    yield ana, ben
    ana.engine.dispose()
    ben.engine.dispose()


def test_the_matrix_row_says_who_changed_it_and_when(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    ana_and_ben: tuple[Database, Database],
) -> None:
    ana, ben = ana_and_ben
    client = workspace.add_client(ana, "Harbourline")
    engagement = workspace.add_engagement(ana, client.id, "Portal")
    item = expectations.add_item(ana, engagement.id, expects="Weekly status")
    untouched = expectations.add_item(ana, engagement.id, expects="Monthly review")
    item = expectations.update_item(ana, item.id, "owner", "Ola")
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement.id)
    tab = window.page.matrix

    anas = f"Changed by Ana, {clock(item.changed_at)}"
    assert tab.index_of(item.id, "expected_level").data(TIP) == anas
    assert tab.index_of(item.id, "position").data(TIP) == anas
    # A text cell's tooltip is its text, with the note under it.
    assert tab.index_of(item.id, "expects").data(TIP) == f"Weekly status\n\n{anas}"
    assert tab.index_of(untouched.id, "expected_level").data(TIP) == (
        f"Changed by Ana, {clock(untouched.changed_at)}"
    )

    type_into_cell(qtbot, window, item.id, "notes", "Call on Tuesday")
    bens = expectations.get_items(ben, [item.id])[0]
    assert bens.changed_by == "Ben"
    assert (
        tab.index_of(item.id, "owner").data(TIP)
        == f"Ola\n\nChanged by Ben, {clock(bens.changed_at)}"
    )


def test_a_row_nobody_is_known_to_have_changed_has_no_note(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    ana_and_ben: tuple[Database, Database],
) -> None:
    _ana, ben = ana_and_ben
    from cxdesk.store.demo import add_demo_engagement

    engagement_id = add_demo_engagement(ben)  # invented: written by nobody
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    first = expectations.list_items(ben, engagement_id)[0]
    assert first.changed_by is None
    assert window.page.matrix.index_of(first.id, "expected_level").data(TIP) is None


def test_a_rater_respondent_says_who_changed_it_and_when(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    ana_and_ben: tuple[Database, Database],
) -> None:
    ana, ben = ana_and_ben
    client = workspace.add_client(ana, "Harbourline")
    engagement = workspace.add_engagement(ana, client.id, "Portal")
    assessment = rater.add_assessment(ana, engagement.id, "RATER at Kickoff")
    zoe = rater.add_respondent(ana, assessment.id, "Zoë", side=RespondentSide.CLIENT)
    zoe = rater.update_respondent(ana, zoe.id, "empathy_perception", 6)
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement.id)
    window.page.tabs.setCurrentWidget(window.page.rater)
    tab = window.page.rater
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)

    anas = f"Changed by Ana, {clock(zoe.changed_at)}"
    assert tab.index_of(zoe.id, "name").data() == "Zoë"
    assert tab.index_of(zoe.id, "name").data(TIP) == anas
    assert tab.index_of(zoe.id, "side").data(TIP) == anas
