"""Phones joining a room, as the presenter and the quiz tab see them: the newcomers are
added to the session shown without reading the whole session again (500 phones: 50 ms on the UI
thread per batch), and a deletion in the quiz tab is still read again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from cxdesk.store import workshop
from cxdesk.store.database import Database
from cxdesk.store.workshop import SessionResultsData
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz.presenter import PresenterWindow
from tests.phone_ui_helpers import loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.test_ui_phones import Phone, create_phones_session, done
from tests.test_ui_quiz_tab import quiz_tab


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4, thread_name_prefix="phone") as pool:
        yield pool


def count_reads(presenter: PresenterWindow, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the presenter reads its whole session again, from now on."""
    reads: list[int] = []
    reload = presenter._reload

    def counted() -> bool:
        reads.append(presenter.session_id)
        return reload()

    monkeypatch.setattr(presenter, "_reload", counted)
    return reads


def test_phones_joining_are_added_without_reading_the_session_again(
    window: MainWindow,
    qtbot: QtBot,
    db: Database,
    phones: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    room = presenter.room.room if presenter.room else None
    assert room is not None
    (session,) = workshop.list_sessions(db)
    reads = count_reads(presenter, monkeypatch)
    load = workshop.load_session_results
    tab_reads: list[int] = []

    def counted_load(db: Database, session_id: int) -> SessionResultsData | None:
        tab_reads.append(session_id)
        return load(db, session_id)

    monkeypatch.setattr(workshop, "load_session_results", counted_load)
    assert tab.isVisible()
    assert tab.data is not None
    assert tab.data.session.id == session.id

    names = ["Ana", "Ben", "", "Dora", "Eli"]
    people = [Phone(room.address_url) for _ in names]
    joins = [phones.submit(p.join, room.pin, n) for p, n in zip(people, names, strict=True)]
    assert [done(qtbot, j) for j in joins] == [200] * len(names)
    qtbot.waitUntil(lambda: presenter.join.joined.text() == "5 people joined")
    qtbot.waitUntil(lambda: presenter.data is not None and len(presenter.data.participants) == 5)

    # The presenter holds what a re-read would give: the same people, in the same order,
    # nobody's answers yet; and it read nothing whole to get there.
    # The quiz tab too: its participants list shows them, nothing read whole.
    qtbot.waitUntil(lambda: tab.details.participants.count() == 5)
    assert tab_reads == []
    stored = load(db, session.id)
    assert tab.data == stored
    assert presenter.data == stored
    assert sorted(p.name for p in presenter.data.participants) == sorted(names)
    assert all(row == (None,) * len(stored.quiz.statements) for row in presenter.data.answers)
    assert reads == []

    # Ben is deleted in the quiz tab: that is read again, and he is gone from the screen.
    participants = tab.details.participants

    def bens() -> list[QListWidgetItem]:
        items = (participants.item(i) for i in range(participants.count()))
        return [item for item in items if item.text().startswith("Ben")]

    qtbot.waitUntil(lambda: len(bens()) == 1)
    participants.setCurrentItem(bens()[0])
    tab.details.delete_action.trigger()
    qtbot.waitUntil(lambda: len(presenter.data.participants) == 4 if presenter.data else False)
    assert reads == [session.id]
    assert presenter.data == load(db, session.id)
    qtbot.waitUntil(lambda: tab.details.participants.count() == 4)
    assert "Ben" not in [p.name for p in presenter.data.participants]
    qtbot.waitUntil(lambda: presenter.join.joined.text() == "4 people joined")


def test_what_the_server_reports_at_once_reaches_the_screen_in_one_turn(
    window: MainWindow, qtbot: QtBot
) -> None:
    """500 phones joining are 500 reports from the server's threads; each queued signal is
    a turn of the UI thread that must win Python's lock from those busy threads first. The
    reports made before the UI thread gets to them are handled in one turn, in order."""
    from cxdesk.room.events import PhoneReached

    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    room = presenter.room.room if presenter.room else None
    assert room is not None
    wakeups: list[int] = []
    room._reported.connect(lambda: wakeups.append(1), Qt.ConnectionType.DirectConnection)
    seen: list[str] = []
    room.phoneReached.connect(seen.append)
    addresses = [f"192.168.1.{n}" for n in range(1, 201)]

    # The UI thread is busy (this test) while the server's thread reports all 200.
    server_thread = threading.Thread(
        target=lambda: [room._report(PhoneReached(a)) for a in addresses]
    )
    server_thread.start()
    server_thread.join()
    assert seen == []  # nothing handled on the server's thread
    qtbot.waitUntil(lambda: len(seen) == len(addresses))
    assert seen == addresses
    assert wakeups == [1]
    assert set(addresses) <= room.reached
