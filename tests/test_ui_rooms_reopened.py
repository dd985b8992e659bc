"""A room closed by mistake and opened again is the same room to the phones, within one
run of the app: the presenter of a phones session (Esc, then F5) and a RATER survey or
pulse check collected on phones (Stop or close, then Collect on phones… again). The
same PIN, address and port on the screen; a phone whose page reloads resumes as the same
participant with its answers (no new row, nobody counted twice); someone deleted on the
laptop meanwhile stays out; a room locked stays locked."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.servqual import RespondentSide
from cxdesk.store import pulse, rater, workshop
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz import phone_room
from cxdesk.ui.quiz.kept_rooms import kept_rooms
from cxdesk.ui.quiz.presenter_flow import Page
from cxdesk.ui.quiz.qr_code import qr_matrix
from tests.phone_ui_helpers import loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.room_helpers import Phone as AsyncPhone
from tests.room_helpers import phone_session
from tests.test_ui_phones import (
    Phone,
    create_phones_session,
    done,
    key,
    refused_connection,
)
from tests.test_ui_quiz_tab import quiz_tab
from tests.test_ui_survey_phones import door, on_phones, open_window, port_closed, serving, shot

TOKEN = "X-CXDesk-Token"


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    """Threads the phones' requests run on, so the UI thread goes on meanwhile."""
    with ThreadPoolExecutor(2, thread_name_prefix="phone") as pool:
        yield pool


def test_the_presenter_opened_again_is_the_same_room_to_the_phones(
    window: MainWindow, qtbot: QtBot, db: Database, phones: ThreadPoolExecutor
) -> None:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    assert presenter.room is not None
    room = presenter.room.room
    url, pin, address_url = room.url, room.pin, room.address_url
    ana, ben = Phone(address_url), Phone(address_url)
    assert done(qtbot, phones.submit(ana.join, pin, "Ana")) == 200
    assert done(qtbot, phones.submit(ben.join, pin, "Ben")) == 200
    qtbot.waitUntil(lambda: presenter.join.joined.text() == "2 people joined")
    key(qtbot, presenter, Qt.Key.Key_Return)  # the room on the first statement
    data = workshop.load_session_results(db, presenter.session_id)
    assert data is not None
    first = data.quiz.statements[0].id
    assert done(qtbot, phones.submit(ana.answer, first, 4)) == 200
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "1 of 2 answered")
    key(qtbot, presenter, Qt.Key.Key_L)  # closed to newcomers

    # Esc by mistake: the room closes with the presenter, nothing listens.
    key(qtbot, presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.presenter is None)
    assert phone_room.running_rooms() == []
    assert refused_connection(address_url)
    # Meanwhile Ben is deleted in the quiz tab's participants list.
    people = tab.details.participants
    qtbot.waitUntil(lambda: people.count() == 2)
    (bens,) = [people.item(i) for i in range(2) if people.item(i).text().startswith("Ben")]
    people.setCurrentItem(bens)
    tab.details.delete_action.trigger()
    qtbot.waitUntil(lambda: people.count() == 1)

    # F5 again: the same room on the projector, the same code, address and PIN.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(tab.view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tab.presenter is not None)
    presenter = tab.presenter
    assert presenter is not None
    assert presenter.room is not None
    again = presenter.room.room
    qtbot.waitUntil(lambda: bool(again.url), timeout=10_000)
    assert (again.url, again.pin, again.address_url) == (url, pin, address_url)
    assert presenter.step.page is Page.JOIN
    assert presenter.join.pin.text() == f"PIN {pin}"
    assert presenter.join.url.text() == address_url
    assert presenter.join.qr.matrix == qr_matrix(url)
    assert presenter.join.joined.text() == "1 person joined"
    assert presenter.join.lobby.text().startswith("The room is closed to newcomers")
    shot(presenter, "presenter-reopened")

    # Ana's page reloads: the same participant, with her answer; no second row.
    status, state = done(qtbot, phones.submit(ana.state))
    assert (status, state["name"], state["answers"]) == (200, "Ana", {str(first): 4})
    token = ana.token
    assert done(qtbot, phones.submit(ana.join, pin, "Ana again")) == 200
    assert ana.token == token
    stored = workshop.load_session_results(db, presenter.session_id)
    assert stored is not None
    assert [p.name for p in stored.participants] == ["Ana"]
    assert list(stored.answers) == [(4, None, None, None, None)]
    # Ben, deleted while no room ran, is told so, not let in again.
    status, reply = done(qtbot, phones.submit(ben.state))
    assert (status, reply["reason"]) == (410, "removed")
    assert done(qtbot, phones.submit(Phone(address_url).join, pin, "Late")) == 423
    key(qtbot, presenter, Qt.Key.Key_L)  # open again: newcomers join as before
    assert done(qtbot, phones.submit(Phone(address_url).join, pin, "Late")) == 200
    qtbot.waitUntil(lambda: presenter.join.joined.text() == "2 people joined")
    presenter.close()
    assert refused_connection(address_url)


def _reloaded(door_: Any, token: str, path: str = "/api/state", body: Any = None) -> Any:
    """A phone whose page reloaded asks again with the token it stored."""

    async def ask() -> Any:
        async with phone_session(door_, cookies=False) as http:
            phone = AsyncPhone(http, door_)
            if body is None:
                return await phone.get(path, {TOKEN: token})
            return await phone.post(path, body, {TOKEN: token})

    return ask


def _newcomer(door_: Any) -> Any:
    async def join() -> int:
        async with phone_session(door_) as http:
            return int((await AsyncPhone(http, door_).join("Late"))[0])

    return join


def test_a_rater_survey_collected_again_is_the_same_room_to_the_phones(
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
    first = door(survey)

    async def two_phones() -> list[str]:
        tokens = []
        for name in ("Ana", "Ben"):
            async with phone_session(first) as http:  # type: ignore[arg-type]
                phone = AsyncPhone(http, first)  # type: ignore[arg-type]
                assert (await phone.join(name))[0] == 200
                body = {"item": "reliability", "measure": "expectation", "score": 6}
                assert (await phone.post("/api/answer", body))[0] == 200
                assert phone.token is not None
                tokens.append(phone.token)
        return tokens

    ana, ben = on_phones(qtbot, phones, two_phones)
    qtbot.waitUntil(lambda: survey.counts.text() == "2 joined · 2 answered · 0 finished")
    survey.lock_button.click()
    url = survey.qr.text()

    # The window closed by mistake: the room stops. Ben is deleted in the tab meanwhile.
    survey.close()
    assert port_closed(first.base)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    bens = next(r for r in rater.list_respondents(db, assessment.id) if r.name == "Ben")
    tab.view.setFocus()
    tab.view.selectionModel().setCurrentIndex(
        tab.index_of(bens.id, "name"),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    tab.delete_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)

    # Collect on phones… again, the same side: the same room.
    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    again = tab.phones_window
    assert again is not None
    assert again is not survey
    serving(qtbot, again)
    assert again.qr.text() == url
    assert again.pin.text() == f"PIN {first.pin}"
    assert door(again) == first
    assert again.counts.text() == "1 joined · 1 answered · 0 finished"
    assert again.lock_button.isChecked()
    shot(again, "rater-window-reopened")

    status, state = on_phones(qtbot, phones, _reloaded(first, ana))
    assert (status, state["name"], state["answers"]) == (200, "Ana", {"reliability:expectation": 6})
    body = {"item": "reliability", "measure": "perception", "score": 3}
    assert on_phones(qtbot, phones, _reloaded(first, ana, "/api/answer", body))[0] == 200
    (stored,) = rater.list_respondents(db, assessment.id)  # no second Ana
    assert (stored.name, stored.reliability_expectation, stored.reliability_perception) == (
        "Ana",
        6,
        3,
    )
    status, reply = on_phones(qtbot, phones, _reloaded(first, ben))
    assert (status, reply["reason"]) == (410, "removed")
    assert on_phones(qtbot, phones, _newcomer(first)) == 423  # still locked
    again.close()
    assert port_closed(first.base)

    # Our own team is another round: another room.
    open_window(qtbot, tab.collect_action, RespondentSide.TEAM)
    team = tab.phones_window
    assert team is not None
    serving(qtbot, team)
    assert team.qr.text() != url
    assert team.counts.text() == "Nobody has joined yet"
    team.close()


def test_a_pulse_check_collected_again_is_the_same_room_to_the_phones(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, phones: ThreadPoolExecutor
) -> None:
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    tab = window.page.pulse
    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    survey = tab.phones_window
    assert survey is not None
    serving(qtbot, survey)
    first = door(survey)

    async def two_phones() -> list[str]:
        tokens = []
        for name, answers in (("Ana", (("confidence", 7),)), ("Ben", ())):
            async with phone_session(first) as http:  # type: ignore[arg-type]
                phone = AsyncPhone(http, first)  # type: ignore[arg-type]
                assert (await phone.join(name))[0] == 200
                for question, value in answers:
                    body = {"question": question, "value": value}
                    assert (await phone.post("/api/answer", body))[0] == 200
                assert phone.token is not None
                tokens.append(phone.token)
        return tokens

    ana, ben = on_phones(qtbot, phones, two_phones)
    qtbot.waitUntil(lambda: survey.counts.text() == "2 joined · 1 answered · 0 finished")
    survey.stop_button.click()
    assert port_closed(first.base)
    survey.close()

    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    again = tab.phones_window
    assert again is not None
    serving(qtbot, again)
    assert door(again) == first
    assert again.counts.text() == "2 joined · 1 answered · 0 finished"
    assert not again.lock_button.isChecked()

    # Ana goes on with her own response; Ben's first answer makes his.
    status, state = on_phones(qtbot, phones, _reloaded(first, ana))
    assert (status, state["name"], state["answers"]) == (200, "Ana", {"confidence": 7})
    body = {"question": "csat", "value": 4}
    assert on_phones(qtbot, phones, _reloaded(first, ana, "/api/answer", body))[0] == 200
    body = {"question": "working", "value": "Clear owners"}
    assert on_phones(qtbot, phones, _reloaded(first, ben, "/api/answer", body))[0] == 200
    rows = pulse.list_pulses(db, engagement_id)
    assert [(p.respondent, p.confidence, p.csat, p.working) for p in rows] == [
        ("Ana", 7, 4, ""),
        ("Ben", None, None, "Clear owners"),
    ]
    qtbot.waitUntil(lambda: again.counts.text() == "2 joined · 2 answered · 1 finished")
    assert on_phones(qtbot, phones, _newcomer(first)) == 200  # not locked: newcomers join
    again.close()
    assert port_closed(first.base)


def test_a_room_is_forgotten_with_its_session(
    window: MainWindow, qtbot: QtBot, db: Database, phones: ThreadPoolExecutor
) -> None:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    session_id = presenter.session_id
    presenter.close()
    qtbot.waitUntil(lambda: tab.presenter is None)
    assert window.ws is not None
    kept = kept_rooms(window.ws)
    assert kept.take(("quiz", session_id)) is not None  # kept while the session exists...
    assert kept.take(("quiz", session_id)) is None  # ... for the one room that takes it
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    presenter = create_phones_session(qtbot, tab, "Board")
    other = presenter.session_id
    presenter.close()
    record = workshop.get_session(db, other)
    assert record is not None
    assert window.ws is not None
    window.ws.quizzes.delete_session(record)
    assert workshop.get_session(db, other) is None
    assert kept.take(("quiz", other)) is None  # ... and forgotten once it is deleted
