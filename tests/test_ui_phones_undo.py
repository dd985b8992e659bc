"""A phone's participant deleted in the quiz tab and the deletion undone (Ctrl+Z): the
same phone goes on answering on its own row, through the real room on 127.0.0.1."""

from __future__ import annotations

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
from cxdesk.ui.quiz.presenter_flow import Page
from tests.phone_ui_helpers import loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.test_ui_phones import Phone, create_phones_session, done, key
from tests.test_ui_quiz_tab import quiz_tab


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(2, thread_name_prefix="phone") as pool:
        yield pool


def test_undoing_a_participants_deletion_gives_their_phone_back(
    window: MainWindow, qtbot: QtBot, db: Database, phones: ThreadPoolExecutor
) -> None:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    room = presenter.room.room if presenter.room else None
    assert room is not None
    (session,) = workshop.list_sessions(db)
    ana, ben = Phone(room.address_url), Phone(room.address_url)
    assert [
        done(qtbot, phones.submit(p.join, room.pin, n)) for p, n in ((ana, "Ana"), (ben, "Ben"))
    ] == [200, 200]
    join = presenter.join
    qtbot.waitUntil(lambda: join.joined.text() == "2 people joined")
    key(qtbot, presenter, Qt.Key.Key_Return)
    assert presenter.step.page is Page.POLL
    first = results(db, session.id).quiz.statements[0].id
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(ben.state))[1]["statement"] is not None)
    assert done(qtbot, phones.submit(ben.answer, first, 2)) == 200
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "1 of 2 answered")

    (ben_id,) = [p.id for p in results(db, session.id).participants if p.name == "Ben"]

    # Ben is deleted in the participants list: his phone is refused as removed.
    participants = tab.details.participants

    def bens() -> list[QListWidgetItem]:
        items = (participants.item(i) for i in range(participants.count()))
        return [item for item in items if item.text().startswith("Ben")]

    qtbot.waitUntil(lambda: len(bens()) == 1)
    (ben_item,) = bens()
    participants.setCurrentItem(ben_item)
    tab.details.delete_action.trigger()
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "0 of 1 answered")
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(ben.state))[0] == 410)
    assert done(qtbot, phones.submit(ben.answer, first, 3)) == 410

    # Undo: Ben's row is back, and so is his phone, with the answer it had given.
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    window.undo_action.trigger()  # Edit > Undo (the presenter's window has the keyboard)
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "1 of 2 answered")
    qtbot.waitUntil(lambda: len(bens()) == 1)
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(ben.state))[0] == 200)
    status, state = done(qtbot, phones.submit(ben.state))
    assert (status, state["name"], state["answers"]) == (200, "Ben", {str(first): 2})

    # His next answer is saved on his own row: nobody new.
    assert done(qtbot, phones.submit(ben.answer, first, 4)) == 200
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "1 of 2 answered")
    stored = results(db, session.id)
    by_id = {p.id: (p.name, a[0]) for p, a in zip(stored.participants, stored.answers, strict=True)}
    assert by_id[ben_id] == ("Ben", 4)
    assert sorted(name for name, _ in by_id.values()) == ["Ana", "Ben"]


def results(db: Database, session_id: int) -> SessionResultsData:
    data = workshop.load_session_results(db, session_id)
    assert data is not None
    return data
