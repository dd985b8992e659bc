"""A RATER survey phone's respondent deleted in the RATER tab and the deletion undone
(Edit > Undo): the same phone goes on answering on its own row, through the real room on
127.0.0.1 (as tests/test_ui_phones_undo.py for the quiz)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from cxdesk.models.servqual import RespondentSide
from cxdesk.store import rater
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from tests.phone_ui_helpers import loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.room_helpers import Phone, phone_session
from tests.test_ui_survey_phones import door, on_phones, open_window, serving

SCORE = "/api/answer"


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    """A thread the phones' requests run on (each scenario its own asyncio loop)."""
    with ThreadPoolExecutor(1, thread_name_prefix="phones") as pool:
        yield pool


def test_undoing_a_respondents_deletion_gives_their_phone_back(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, phones: ThreadPoolExecutor
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "Q1 review")
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.rater)
    tab = window.page.rater
    qtbot.waitUntil(lambda: tab.current_assessment() is not None)
    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    survey = tab.phones_window
    assert survey is not None
    serving(qtbot, survey)

    async def ben_scores(item: str, measure: str, score: int, token: str | None) -> Any:
        async with phone_session(door(survey), cookies=False) as http:  # type: ignore[arg-type]
            phone = Phone(http, door(survey))  # type: ignore[arg-type]
            if token is None:
                assert (await phone.join("Ben"))[0] == 200
                token = phone.token
            assert token is not None
            header = {"X-CXDesk-Token": token}
            status, _ = await phone.post(
                SCORE, {"item": item, "measure": measure, "score": score}, header
            )
            return token, status

    def state(token: str) -> tuple[int, Any]:
        async def read() -> tuple[int, Any]:
            async with phone_session(door(survey), cookies=False) as http:  # type: ignore[arg-type]
                phone = Phone(http, door(survey))  # type: ignore[arg-type]
                return await phone.get("/api/state", {"X-CXDesk-Token": token})

        return on_phones(qtbot, phones, read)  # type: ignore[no-any-return]

    token, status = on_phones(
        qtbot, phones, lambda: ben_scores("reliability", "expectation", 5, None)
    )
    assert status == 200
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    (ben,) = rater.list_respondents(db, assessment.id)

    # Ben is deleted in the tab: his phone is out of the room.
    tab.view.setFocus()
    tab.view.selectionModel().setCurrentIndex(
        tab.index_of(ben.id, "name"),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    tab.delete_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    qtbot.waitUntil(lambda: state(token)[0] == 410)

    # Edit > Undo: his row is back under its own id, and so is his phone, with his score.
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    qtbot.waitUntil(lambda: state(token)[0] == 200)
    status, shown = state(token)
    assert (shown["name"], shown["answers"]) == ("Ben", {"reliability:expectation": 5})

    # His next score lands on his own row: nobody new.
    _, status = on_phones(qtbot, phones, lambda: ben_scores("empathy", "perception", 3, token))
    assert status == 200
    (row,) = rater.list_respondents(db, assessment.id)
    assert (row.id, row.name) == (ben.id, "Ben")
    assert (row.reliability_expectation, row.empathy_perception) == (5, 3)
    qtbot.waitUntil(lambda: tab.index_of(ben.id, "empathy_perception").data() == "3")

    survey.stop_button.click()
    survey.close()
