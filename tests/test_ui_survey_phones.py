"""A RATER survey and a pulse check collected on phones, driven as the consultant drives
them: Collect on phones… in the RATER and Pulse tabs, whose answers (the side), the
window's QR code, address, PIN, network and live counts, lock and stop; phones (aiohttp
clients on 127.0.0.1, in a thread so the UI thread goes on) answering; the tables and
the database checked as the answers arrive; the room closing with its window, with what
it collects, with the main window."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from cxdesk.models.servqual import DIMENSIONS, RespondentSide
from cxdesk.room import network
from cxdesk.room.network import LocalAddress
from cxdesk.store import pulse, rater, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.pulse.model import COLUMN_INDEX as PULSE_COLUMNS
from cxdesk.ui.survey_phones import room as survey_room
from cxdesk.ui.survey_phones.start import CollectDialog
from cxdesk.ui.survey_phones.window import SurveyPhonesWindow
from cxdesk.ui.workspace import Workspace
from tests.phone_ui_helpers import LOOPBACK, loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.room_helpers import Phone, phone_session
from tests.test_ui_phones import guess_pins
from tests.ui_helpers import when_dialog_opens

SHOTS = os.environ.get("CXDESK_PHONE_SHOTS", "")  # a folder: the windows saved there


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    """A thread the phones' requests run on (each scenario its own asyncio loop)."""
    with ThreadPoolExecutor(1, thread_name_prefix="phones") as pool:
        yield pool


@dataclass
class Door:
    """What a phone knows of the room: its address and PIN (read off the window)."""

    base: str
    pin: str

    @property
    def server(self) -> Door:  # tests.room_helpers.Phone asks room.server.pin
        return self


def door(window: SurveyPhonesWindow) -> Door:
    room = window.room
    assert room is not None
    return Door(room.address_url, room.pin)


def on_phones(
    qtbot: QtBot, pool: ThreadPoolExecutor, scenario: Callable[[], Coroutine[Any, Any, Any]]
) -> Any:
    """Run the phones' scenario to its end, the UI thread running meanwhile."""
    future = pool.submit(lambda: asyncio.run(asyncio.wait_for(scenario(), 30)))
    qtbot.waitUntil(future.done, timeout=30_000)
    return future.result()


def open_window(qtbot: QtBot, action: Any, side: RespondentSide, milestone: str = "") -> None:
    """Collect on phones…, choose whose answers (and the milestone), Open the room."""

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, CollectDialog)
        dialog.side_button(side).click()
        if milestone:
            assert dialog.milestone is not None
            dialog.milestone.setCurrentIndex(dialog.milestone.findText(milestone))
        dialog.open_button.click()

    when_dialog_opens(qtbot, fill)
    action.trigger()


def serving(qtbot: QtBot, window: SurveyPhonesWindow) -> None:
    qtbot.waitUntil(lambda: window.url.text().startswith("http://127.0.0.1:"), timeout=10_000)


def port_closed(address_url: str) -> bool:
    host, port = address_url.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except OSError:
        return True
    return False


def shot(widget: Any, name: str) -> None:
    """What the consultant sees, saved for a person to look at (laid out first) when
    CXDESK_PHONE_SHOTS names a folder; nothing is written otherwise."""
    QApplication.processEvents()
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def rater_score(phone: Phone, item: str, measure: str, score: int) -> Any:
    return phone.post("/api/answer", {"item": item, "measure": measure, "score": score})


def test_a_rater_survey_collected_on_phones_fills_the_tab_live(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, phones: ThreadPoolExecutor
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "Q1 <b>review</b>")
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.rater)
    tab = window.page.rater
    qtbot.waitUntil(lambda: tab.current_assessment() is not None)
    assert tab.collect_action in tab.assessment_button.menu().actions()

    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    survey = tab.phones_window
    assert survey is not None
    serving(qtbot, survey)
    room = survey.room
    assert room is not None
    assert survey.what.text() == "“Q1 <b>review</b>” · answers from the client's people"
    assert survey.qr.text() == room.url == f"{room.address_url}/?pin={room.pin}"
    assert survey.pin.text() == f"PIN {room.pin}"
    assert survey.counts.text() == "Nobody has joined yet"
    assert survey.network.currentText().startswith("lo — 127.0.0.1")
    assert survey_room.running_surveys() == [room]
    shot(survey, "rater-window-open")

    async def three_phones() -> list[str]:
        tokens = []
        for name, scores in (("Ana", 2), ("Ben", 10), ("", 0)):
            async with phone_session(door(survey)) as http:  # type: ignore[arg-type]
                phone = Phone(http, door(survey))  # type: ignore[arg-type]
                assert (await phone.join(name))[0] == 200
                assert phone.token is not None
                tokens.append(phone.token)
                given = [(d.value, m) for d in DIMENSIONS for m in ("expectation", "perception")]
                for item, measure in given[:scores]:
                    assert (await rater_score(phone, item, measure, 5))[0] == 200
        return tokens

    tokens = on_phones(qtbot, phones, three_phones)
    # The tab shows them as they came, without anyone touching it.
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    names = [tab.model.record(r).display_name for r in range(3)]
    assert names == ["Ana", "Ben", "anonymous"]
    ben = tab.model.record(1)
    assert tab.index_of(ben.id, "side").data() == "Client"
    assert tab.index_of(ben.id, "reliability_expectation").data() == "5"
    qtbot.waitUntil(lambda: survey.counts.text() == "3 joined · 2 answered · 1 finished")
    assert not survey.network.isEnabled()  # phones joined: the network stays
    stored = {r.name: r for r in rater.list_respondents(db, assessment.id)}
    assert stored["Ana"].reliability_perception == 5
    assert stored["Ben"].response().is_complete
    assert stored[""].side == "client"
    shot(survey, "rater-window-counts")
    shot(tab, "rater-tab-live")

    # Ben is a spam name: deleted in the tab, his phone is out of the room.
    view = tab.view
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        tab.index_of(ben.id, "name"),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    tab.delete_action.trigger()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    qtbot.waitUntil(lambda: survey.counts.text() == "2 joined · 1 answered · 0 finished")

    async def bens_phone() -> tuple[int, Any]:
        async with phone_session(door(survey), cookies=False) as http:  # type: ignore[arg-type]
            phone = Phone(http, door(survey))  # type: ignore[arg-type]
            return await phone.get("/api/state", {"X-CXDesk-Token": tokens[1]})

    status, reply = on_phones(qtbot, phones, bens_phone)
    assert (status, reply["reason"]) == (410, "removed")

    # Locked: nobody new gets in; those in the room go on.
    survey.lock_button.click()
    assert survey.lock_button.text() == "Un&lock the room"

    async def late_and_early() -> tuple[int, int]:
        async with phone_session(door(survey)) as http:  # type: ignore[arg-type]
            late = Phone(http, door(survey))  # type: ignore[arg-type]
            for _ in range(200):
                status, _reply = await late.join("Late")
                if status != 200:
                    break
                await asyncio.sleep(0.01)
        async with phone_session(door(survey), cookies=False) as http:  # type: ignore[arg-type]
            ana = Phone(http, door(survey))  # type: ignore[arg-type]
            ana.token = tokens[0]
            saved, _ = await ana.post(
                "/api/answer",
                {"item": "empathy", "measure": "perception", "score": 2},
                {"X-CXDesk-Token": tokens[0]},
            )
        return status, saved

    assert on_phones(qtbot, phones, late_and_early) == (423, 200)
    ana = next(r for r in rater.list_respondents(db, assessment.id) if r.name == "Ana")
    qtbot.waitUntil(lambda: tab.index_of(ana.id, "empathy_perception").data() == "2")

    # Stop: the socket closes before Stop returns; the window says so.
    address_url = room.address_url
    survey.stop_button.click()
    assert port_closed(address_url)
    assert survey_room.running_surveys() == []
    qtbot.waitUntil(lambda: survey.url.text() == "Stopped: phones can no longer answer.")
    assert not survey.stop_button.isEnabled()
    assert not survey.network.isEnabled()  # stopped stays stopped: collect again to reopen
    assert survey.counts.text() == "2 joined · 1 answered · 0 finished"
    shot(survey, "rater-window-stopped")
    survey.close()
    assert [r.name for r in rater.list_respondents(db, assessment.id)] == ["Ana", ""]


def test_someone_guessing_the_pin_is_said_in_the_window_until_the_pause_ends(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.room.limits import RoomLimits
    from cxdesk.ui.quiz import served_room

    # On a network (127.0.0.2 stands for the Wi-Fi): no "no network" words meanwhile.
    wifi = LocalAddress("Wi-Fi", "127.0.0.2", False)
    monkeypatch.setattr(network, "local_addresses", lambda: [wifi, LOOPBACK])
    # The pause is shortened, to see the words go when it ends (the room serves from a
    # process of its own: it is told its limits).
    monkeypatch.setattr(served_room, "ROOM_LIMITS", RoomLimits(wrong_pin_pause_seconds=1.0))
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    open_window(qtbot, window.page.pulse.collect_action, RespondentSide.CLIENT)
    survey = window.page.pulse.phones_window
    assert survey is not None
    qtbot.waitUntil(lambda: survey.url.text().startswith("http://127.0.0.2:"), timeout=10_000)
    room = survey.room
    assert room is not None
    assert survey.status.text() == ""
    assert guess_pins(room.address_url, room.pin) == 429
    qtbot.waitUntil(lambda: "guessing the room's PIN" in survey.status.text())
    assert survey.status.text().startswith("Someone on this network is guessing")
    shot(survey, "pulse-window-pin-guessed")
    qtbot.waitUntil(lambda: survey.status.text() == "", timeout=5_000)
    survey.close()


def test_a_pulse_check_of_our_team_collected_on_phones(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, phones: ThreadPoolExecutor
) -> None:
    workspace.add_milestone(db, engagement_id, "Go-live", date(2026, 6, 1))
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    tab = window.page.pulse
    assert tab.collect_button.isEnabled()
    open_window(qtbot, tab.collect_action, RespondentSide.TEAM, milestone="Go-live")
    survey = tab.phones_window
    assert survey is not None
    serving(qtbot, survey)
    assert survey.heading.text() == "Pulse check on phones"
    assert survey.what.text().startswith("Answers from our own team, dated ")
    shot(survey, "pulse-window-open")

    async def two_phones() -> None:
        for name, answers in (
            ("Our PM", (("confidence", 9), ("csat", 5), ("not_working", "Scope creep"))),
            ("", (("working", "Daily stand-ups"),)),
        ):
            async with phone_session(door(survey)) as http:  # type: ignore[arg-type]
                phone = Phone(http, door(survey))  # type: ignore[arg-type]
                await phone.join(name)
                for question, value in answers:
                    body = {"question": question, "value": value}
                    assert (await phone.post("/api/answer", body))[0] == 200

    on_phones(qtbot, phones, two_phones)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    qtbot.waitUntil(lambda: survey.counts.text() == "2 joined · 2 answered · 1 finished")
    rows = pulse.list_pulses(db, engagement_id)
    assert [(p.respondent, p.side, p.confidence, p.not_working) for p in rows] == [
        ("Our PM", "team", 9, "Scope creep"),
        ("", "team", None, ""),
    ]
    pm = rows[0]
    assert tab.index_of(pm.id, "side").data() == "Our team"
    assert tab.index_of(pm.id, "milestone_id").data() == "Go-live"
    assert tab.index_of(pm.id, "confidence").data() == "9"
    assert tab.proxy.headerData(PULSE_COLUMNS["side"], Qt.Orientation.Horizontal) == "Side"
    # Our team's answers are listed but not in the client's numbers.
    assert "2 responses from our team (not in these numbers)" in tab.summary.text()
    shot(tab, "pulse-tab-live")
    shot(survey, "pulse-window-counts")

    # Closing the window closes the room.
    address_url = survey.room.address_url if survey.room else ""
    survey.close()
    assert port_closed(address_url)
    assert survey_room.running_surveys() == []


def test_a_room_stops_with_the_assessment_it_collects(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "Doomed")
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.rater)
    tab = window.page.rater
    qtbot.waitUntil(lambda: tab.current_assessment() is not None)
    open_window(qtbot, tab.collect_action, RespondentSide.CLIENT)
    survey = tab.phones_window
    assert survey is not None
    serving(qtbot, survey)
    first = survey.room
    assert first is not None
    # Asked again while it runs: the same window comes to the front, no second room.
    tab.collect_action.trigger()
    assert tab.phones_window is survey
    assert survey_room.running_surveys() == [first]

    window.ws.feedback.delete_assessment(assessment)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: survey_room.running_surveys() == [])
    assert port_closed(first.address_url)


@pytest.mark.parametrize("how", ["another workspace opened", "window closed", "app quitting"])
def test_a_survey_room_closes_with_the_workspace_and_the_app(
    qtbot: QtBot, window: MainWindow, how: str, tmp_path: Path
) -> None:
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    open_window(qtbot, window.page.pulse.collect_action, RespondentSide.CLIENT)
    survey = window.page.pulse.phones_window
    assert survey is not None
    serving(qtbot, survey)
    assert survey.room is not None
    address_url = survey.room.address_url
    if how == "app quitting":
        survey_room.stop_every_survey()  # what QCoreApplication.aboutToQuit runs
    elif how == "window closed":
        window.close()  # before its database closes: the room's writer uses it
    else:  # File > Open database… ends in this
        other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "backups")
        window.set_workspace(Workspace(other))
    assert survey_room.running_surveys() == []
    assert port_closed(address_url)


def test_a_room_that_cannot_open_says_why(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An address this laptop does not have (the network changed since it was listed).
    monkeypatch.setattr(
        network, "local_addresses", lambda: [LocalAddress("Wi-Fi", "192.0.2.1", False)]
    )
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    open_window(qtbot, window.page.pulse.collect_action, RespondentSide.CLIENT)
    survey = window.page.pulse.phones_window
    assert survey is not None
    qtbot.waitUntil(lambda: "192.0.2.1" in survey.status.text(), timeout=10_000)
    assert survey.qr.text() == ""
    assert not survey.stop_button.isEnabled()
    assert survey.network.isEnabled()  # choosing it again tries again
    assert survey_room.running_surveys() == []
    shot(survey, "pulse-window-failed")
    survey.close()


def test_another_network_opens_the_room_there_until_a_phone_joins(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, phones: ThreadPoolExecutor
) -> None:
    # Two networks as the laptop lists them (loopback addresses, so nothing leaves it).
    wifi, hotspot = (
        LocalAddress("Wi-Fi", "127.0.0.1", False),
        LocalAddress("Hotspot", "127.0.0.2", False),
    )
    monkeypatch.setattr(network, "local_addresses", lambda: [wifi, hotspot])
    assert window.page is not None
    window.page.tabs.setCurrentWidget(window.page.pulse)
    open_window(qtbot, window.page.pulse.collect_action, RespondentSide.CLIENT)
    survey = window.page.pulse.phones_window
    assert survey is not None
    serving(qtbot, survey)
    first = survey.room
    assert first is not None
    assert survey.network.count() == 2

    survey.network.setCurrentIndex(1)
    survey.network.activated.emit(1)  # as a person's choice in the list
    qtbot.waitUntil(lambda: survey.url.text().startswith("http://127.0.0.2:"), timeout=10_000)
    assert port_closed(first.address_url)
    assert survey.room is not None
    assert survey.qr.text() == survey.room.url
    assert survey_room.running_surveys() == [survey.room]

    async def join() -> int:
        async with phone_session(door(survey)) as http:  # type: ignore[arg-type]
            return (await Phone(http, door(survey)).join("Ana"))[0]  # type: ignore[arg-type]

    assert on_phones(qtbot, phones, join) == 200
    qtbot.waitUntil(lambda: survey.counts.text().startswith("1 joined"))
    assert not survey.network.isEnabled()  # Ana would be left behind
    survey.close()
