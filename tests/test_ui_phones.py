"""A workshop answered on phones, driven as the consultant drives it: the new-session
dialog, the presenter's join page and statements, phones (plain HTTP clients in
threads) against the real room server on 127.0.0.1, the quiz tab's participants list,
and the room closing with the presenter, the session, the workspace.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import segno
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.models.quiz import SessionMode
from cxdesk.room import network
from cxdesk.room.network import LocalAddress
from cxdesk.store import workshop
from cxdesk.store.database import Database, open_database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz import phone_room
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.network_choice import THIS_LAPTOP, NetworkDialog, candidates
from cxdesk.ui.quiz.presenter import PresenterWindow
from cxdesk.ui.quiz.presenter_flow import Page
from cxdesk.ui.quiz.qr_code import QUIET_ZONE, QrCode, qr_matrix
from cxdesk.ui.quiz.session_dialog import SessionDialog
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.workspace import Workspace
from tests.phone_ui_helpers import LOOPBACK, loopback_rooms, window_engagement  # noqa: F401  (fixtures)
from tests.room_helpers import phones_session
from tests.test_ui_quiz_tab import quiz_tab
from tests.ui_helpers import when_dialog_opens


@pytest.fixture
def phones() -> Iterator[ThreadPoolExecutor]:
    """Threads the phones' requests run on, so the UI thread goes on meanwhile."""
    with ThreadPoolExecutor(4, thread_name_prefix="phone") as pool:
        yield pool


class Phone:
    """One phone in the room: plain HTTP with the page's headers."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""

    def call(self, path: str, body: dict[str, object] | None = None) -> tuple[int, Any]:
        headers = {"Origin": self.base, "Content-Type": "application/json"}
        if self.token:
            headers["X-CXDesk-Token"] = self.token
        request = urllib.request.Request(
            self.base + path,
            data=None if body is None else json.dumps(body).encode(),
            headers=headers,
            method="GET" if body is None else "POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                text = reply.read().decode()
                status = reply.status
        except urllib.error.HTTPError as refused:
            text, status = refused.read().decode(), refused.code
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def join(self, pin: str, name: str) -> int:
        status, body = self.call("/api/join", {"pin": pin, "name": name})
        if status == 200:
            self.token = body["token"]
        return status

    def answer(self, statement: int, score: int) -> int:
        return self.call("/api/answer", {"statement": statement, "score": score})[0]

    def state(self) -> tuple[int, Any]:
        return self.call("/api/state")


def guess_pins(address_url: str, pin: str, addresses: int = 20, each: int = 10) -> int:
    """Wrong PINs from many addresses of the loopback network, each within its own
    rate (someone on the venue's network guessing); then the right PIN from one more
    address: its status."""
    host, port = address_url.removeprefix("http://").split(":")

    def join(source: str, guess: str) -> int:
        connection = http.client.HTTPConnection(host, int(port), 10, (source, 0))
        try:
            body = json.dumps({"pin": guess, "name": "Bot"})
            connection.request(
                "POST",
                "/api/join",
                body,
                {"Origin": address_url, "Content-Type": "application/json"},
            )
            return connection.getresponse().status
        finally:
            connection.close()

    for n in range(addresses * each):
        guess = f"{(int(pin) + n + 1) % 10 ** len(pin):0{len(pin)}d}"
        assert join(f"127.0.3.{n % addresses + 1}", guess) == 403
    return join("127.0.4.1", pin)


def done(qtbot: QtBot, future: Future[Any]) -> Any:
    """The request's answer, the UI thread running meanwhile."""
    qtbot.waitUntil(future.done, timeout=10_000)
    return future.result()


def create_phones_session(qtbot: QtBot, tab: QuizTab, title: str) -> PresenterWindow:
    """New session (Ctrl+N), Phones, Create and present; the room open on the projector."""

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionDialog)
        dialog.title.setText(title)
        phones = dialog.modes.button(list(SessionMode).index(SessionMode.PHONES))
        assert phones.text() == "Ph&ones"
        phones.click()
        assert not dialog.people.isEnabled()
        dialog.present_button.click()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.presenter is not None)
    presenter = tab.presenter
    assert presenter is not None
    assert presenter.room is not None
    qtbot.waitUntil(lambda: bool(presenter.room and presenter.room.room.url), timeout=10_000)
    return presenter


def refused_connection(address_url: str) -> bool:
    host, port = address_url.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def key(qtbot: QtBot, presenter: PresenterWindow, which: Qt.Key, ctrl: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(presenter, which, modifier)


def test_a_room_answers_on_phones_from_the_dialog_to_the_results(
    window: MainWindow, qtbot: QtBot, db: Database, phones: ThreadPoolExecutor
) -> None:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    (session,) = workshop.list_sessions(db)
    assert session.session_mode is SessionMode.PHONES
    room = presenter.room.room if presenter.room else None
    assert room is not None

    # The join page: the code carries the address and the PIN, both in large type too.
    assert presenter.step.page is Page.JOIN
    join = presenter.join
    assert room.url == f"{room.address_url}/?pin={room.pin}"
    assert room.address_url.startswith("http://127.0.0.1:")
    expected = segno.make(room.url, error="m", micro=False).matrix
    assert join.qr.matrix == tuple(tuple(bool(m) for m in row) for row in expected)
    assert join.qr.isVisible()
    assert join.url.text() == room.address_url
    assert join.pin.text() == f"PIN {room.pin}"
    assert join.joined.text() == "Nobody has joined yet"
    assert "phones cannot reach it" in join.problem.text()  # loopback: said on screen
    # The consultant's panel says where the room is open.
    assert f"The room is open at {room.address_url}" in tab.details.room_note.text()

    # Three phones join (one with markup for a name), one opens the self-test page.
    ana, ben, spam = Phone(room.address_url), Phone(room.address_url), Phone(room.address_url)
    joins = [
        phones.submit(p.join, room.pin, name)
        for p, name in ((ana, "Ana"), (ben, ""), (spam, "<b>Spam</b>"))
    ]
    assert [done(qtbot, j) for j in joins] == [200, 200, 200]
    qtbot.waitUntil(lambda: join.joined.text() == "3 people joined")
    assert sorted(p.name for p in workshop.load_session_results(db, session.id).participants) == [
        "",
        "<b>Spam</b>",
        "Ana",
    ]
    done(qtbot, phones.submit(ana.call, "/check"))
    qtbot.waitUntil(lambda: "1 phone reached it" in join.reach.text())

    # Enter: the room is on the first statement; the phones see it.
    key(qtbot, presenter, Qt.Key.Key_Return)
    assert presenter.step.page is Page.POLL
    data = workshop.load_session_results(db, session.id)
    assert data is not None
    first, second = (st.id for st in data.quiz.statements[:2])
    assert presenter.poll.count.text() == "0 of 3 answered"
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(ben.state))[1]["statement"] is not None)
    _status, state = done(qtbot, phones.submit(ben.state))
    assert (state["phase"], state["statement"]["id"]) == ("open", first)

    answers = [phones.submit(ana.answer, first, 5), phones.submit(ben.answer, first, 2)]
    assert [done(qtbot, a) for a in answers] == [200, 200]
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "2 of 3 answered")
    assert done(qtbot, phones.submit(spam.answer, first, 1)) == 200
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "3 of 3 answered")
    assert done(qtbot, phones.submit(ben.answer, first, 3)) == 200  # changed: last one wins
    qtbot.waitUntil(lambda: tab.details.progress.text().startswith("3 people have started"))
    stored = workshop.load_session_results(db, session.id)
    assert stored is not None
    by_name = {p.name: a[0] for p, a in zip(stored.participants, stored.answers, strict=True)}
    assert by_name == {"Ana": 5, "": 3, "<b>Spam</b>": 1}

    # The spam name is removed in the quiz tab: its rows go, its phone is told.
    names = [tab.details.participants.item(i) for i in range(tab.details.participants.count())]
    (spam_item,) = [item for item in names if item.text().startswith("<b>Spam</b>")]
    tab.details.participants.setCurrentItem(spam_item)
    tab.details.delete_action.trigger()
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "2 of 2 answered")
    assert len(workshop.load_session_results(db, session.id).participants) == 2
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(spam.state))[0] == 410)
    assert done(qtbot, phones.submit(spam.answer, first, 4)) in (401, 410)

    # L: nobody new may join; L again opens the room.
    key(qtbot, presenter, Qt.Key.Key_L)
    assert presenter.poll.join.text().startswith("The room is closed to newcomers")
    assert done(qtbot, phones.submit(Phone(room.address_url).join, room.pin, "Late")) == 423
    key(qtbot, presenter, Qt.Key.Key_L)

    # Next statement; then voting closes: the phones see it, answers are refused.
    key(qtbot, presenter, Qt.Key.Key_Right)
    assert presenter.progress.text() == "Statement 2 of 5"
    assert presenter.poll.count.text() == "0 of 2 answered"
    assert done(qtbot, phones.submit(ana.answer, first, 4)) == 409  # the room moved on
    assert done(qtbot, phones.submit(ana.answer, second, 4)) == 200
    qtbot.waitUntil(lambda: presenter.poll.count.text() == "1 of 2 answered")
    key(qtbot, presenter, Qt.Key.Key_Return, ctrl=True)
    assert presenter.step.page is Page.CLOSED
    qtbot.waitUntil(lambda: done(qtbot, phones.submit(ana.state))[1]["phase"] == "closed")
    assert done(qtbot, phones.submit(ben.answer, second, 2)) == 409
    assert presenter.closed_page.answered.text() == "2 people answered"

    # R reveals, as for the other ways; Esc leaves and the room's socket closes with it.
    key(qtbot, presenter, Qt.Key.Key_R)
    assert presenter.step.page is Page.RESULTS
    assert workshop.get_session(db, session.id).revealed
    key(qtbot, presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.presenter is None)
    assert phone_room.running_rooms() == []
    assert refused_connection(room.address_url)
    assert "Present (F5) to open the room" in tab.details.room_note.text()


def open_room(window: MainWindow, qtbot: QtBot, db: Database) -> tuple[QuizTab, str]:
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    assert presenter.room is not None
    address_url = presenter.room.room.address_url
    assert not refused_connection(address_url)
    return tab, address_url


def test_the_room_closes_when_its_session_is_deleted(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab, address_url = open_room(window, qtbot, db)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: said.append(text))
    tab.delete_action.trigger()
    qtbot.waitUntil(lambda: tab.presenter is None)
    assert said == [texts.GONE]
    assert workshop.list_sessions(db) == []
    assert phone_room.running_rooms() == []
    assert refused_connection(address_url)


@pytest.mark.parametrize("how", ["another workspace opened", "window closed", "app quitting"])
def test_the_room_closes_with_the_workspace_and_the_app(
    window: MainWindow, qtbot: QtBot, db: Database, how: str, tmp_path: Path
) -> None:
    _tab, address_url = open_room(window, qtbot, db)
    if how == "app quitting":
        phone_room.stop_every_room()  # what QCoreApplication.aboutToQuit runs
    elif how == "window closed":
        window.close()
    else:  # File > Open database… ends in this
        other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "backups")
        window.set_workspace(Workspace(other))
    assert phone_room.running_rooms() == []
    assert refused_connection(address_url)


def test_a_room_that_cannot_open_says_why_on_the_projector(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An address this laptop does not have (the network changed since it was chosen).
    monkeypatch.setattr(
        network, "local_addresses", lambda: [LocalAddress("Wi-Fi", "192.0.2.1", False)]
    )
    tab = quiz_tab(window, qtbot)
    when_dialog_opens(qtbot, _phones_and_present)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.presenter is not None)
    presenter = tab.presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.join.problem.isVisible(), timeout=10_000)
    assert "192.0.2.1" in presenter.join.problem.text()
    assert not presenter.join.qr.isVisible()
    assert phone_room.running_rooms() == []
    presenter.close()


def _phones_and_present(dialog: QDialog) -> None:
    assert isinstance(dialog, SessionDialog)
    dialog.modes.button(list(SessionMode).index(SessionMode.PHONES)).click()
    dialog.present_button.click()


WIFI = LocalAddress("Wi-Fi", "127.0.0.2", False)  # 127.0.0.0/8: bindable here, like a LAN
ETHERNET = LocalAddress("Ethernet", "127.0.0.3", False)
SELF_ASSIGNED = LocalAddress("USB", "169.254.3.4", False)


def test_f5_asks_which_network_first_and_remembers_it(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        network, "local_addresses", lambda: [WIFI, ETHERNET, SELF_ASSIGNED, LOOPBACK]
    )
    tab = quiz_tab(window, qtbot)
    offered: list[list[str]] = []

    def choose_ethernet(dialog: QDialog) -> None:
        assert isinstance(dialog, NetworkDialog)
        offered.append([dialog.network.itemText(i) for i in range(dialog.network.count())])
        assert dialog.network.currentIndex() == 0  # nothing remembered yet
        dialog.network.setCurrentIndex(1)
        dialog.accept()

    def create_then_choose(dialog: QDialog) -> None:
        when_dialog_opens(qtbot, choose_ethernet)  # the next one: before the room opens
        _phones_and_present(dialog)

    when_dialog_opens(qtbot, create_then_choose)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.presenter is not None and bool(_room_url(tab)), timeout=10_000)
    assert offered == [
        [
            "Wi-Fi — 127.0.0.2",
            "Ethernet — 127.0.0.3",
            "USB — 169.254.3.4 (no router gave it an address: rarely the room's network)",
        ]
    ]
    assert _room_url(tab).startswith("http://127.0.0.3:")  # bound to that one only
    assert tab.presenter is not None
    tab.presenter.close()
    qtbot.waitUntil(lambda: tab.presenter is None)

    # F5 again, the Ethernet's address changed meanwhile: the Ethernet is offered first.
    moved = LocalAddress("Ethernet", "127.0.0.4", False)
    monkeypatch.setattr(network, "local_addresses", lambda: [WIFI, moved, LOOPBACK])
    seen: list[int] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, NetworkDialog)
        seen.append(dialog.network.currentIndex())
        dialog.reject()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    when_dialog_opens(qtbot, cancel)
    qtbot.keyClick(tab.view, Qt.Key.Key_F5)
    assert seen == [1]
    assert tab.presenter is None  # cancelled: no presenter, no room
    assert phone_room.running_rooms() == []


def _room_url(tab: QuizTab) -> str:
    presenter = tab.presenter
    return presenter.room.room.url if presenter and presenter.room else ""


def test_one_network_is_used_without_asking() -> None:
    assert candidates([WIFI, LOOPBACK]) == [WIFI]
    assert candidates([LOOPBACK]) == [LOOPBACK]  # no network: this laptop, said on screen
    assert candidates([]) == [THIS_LAPTOP]


@pytest.mark.parametrize("side", [250, 643, 1000])
def test_the_code_is_drawn_module_by_module_with_its_quiet_zone(qtbot: QtBot, side: int) -> None:
    """What the projector shows is the matrix: whole pixels per module (no blurred edge),
    dark on white, four white modules around it, whatever the size."""
    code = QrCode()
    qtbot.addWidget(code)
    code.resize(side, side)
    code.set_text("http://192.168.1.23:8765/?pin=0042")
    assert code.matrix == qr_matrix("http://192.168.1.23:8765/?pin=0042")
    image = code.grab().toImage()
    area = code.code_rect()
    count = len(code.matrix) + 2 * QUIET_ZONE
    module = area.width() // count
    assert module * count == area.width() <= side
    for y in range(count):
        for x in range(count):
            inside = QUIET_ZONE <= x < count - QUIET_ZONE and QUIET_ZONE <= y < count - QUIET_ZONE
            dark = inside and code.matrix[y - QUIET_ZONE][x - QUIET_ZONE]
            for dx, dy in ((0, 0), (module - 1, module - 1)):  # a module's first and last pixel
                pixel = image.pixelColor(
                    area.left() + x * module + dx, area.top() + y * module + dy
                )
                assert pixel.name() == ("#000000" if dark else "#ffffff"), (x, y)


def test_a_presenter_that_fails_to_open_leaves_no_room_listening(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while the presenter is made (after its room opened) is kept alive by the
    error hook; the window is never shown, so nothing would ever close its room."""
    session, _quiz = phones_session(db)
    opened: list[str] = []

    def fault(presenter: PresenterWindow) -> object:
        assert presenter.room is not None
        server = presenter.room.room._server
        assert server is not None
        assert server.wait_started()
        opened.append(f"http://127.0.0.1:{server.port}")
        raise RuntimeError("a bug while the presenter was made")

    monkeypatch.setattr(PresenterWindow, "_resume_step", fault)
    with pytest.raises(RuntimeError, match="a bug"):
        PresenterWindow(window.ws, session.id, None, LOOPBACK)
    assert phone_room.running_rooms() == []
    assert refused_connection(opened[0])


def test_the_one_network_used_without_asking_is_named_on_the_join_page(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network, "local_addresses", lambda: [WIFI, LOOPBACK])
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")  # no network asked
    join = presenter.join
    qtbot.waitUntil(lambda: join.reach.text().startswith("Room on Wi-Fi · Can phones reach"))
    assert join.url.text().startswith("http://127.0.0.2:")
    presenter.close()
    assert phone_room.running_rooms() == []


def test_someone_guessing_the_pin_is_said_on_the_join_page(
    window: MainWindow, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network, "local_addresses", lambda: [WIFI, LOOPBACK])  # a network
    tab = quiz_tab(window, qtbot)
    presenter = create_phones_session(qtbot, tab, "Town hall")
    assert presenter.room is not None
    room = presenter.room.room
    join = presenter.join
    assert not join.problem.isVisible()
    assert guess_pins(room.address_url, room.pin) == 429  # the right PIN, refused a while
    qtbot.waitUntil(lambda: join.problem.isVisible())
    assert join.problem.text().startswith("Someone on this network is guessing the room's PIN")
    assert "lock the room" in join.problem.text()
    assert not join.lobby.isVisible()  # the words take its place
    assert join.qr.isVisible()  # phones already in, and latecomers later, still join
    key(qtbot, presenter, Qt.Key.Key_Escape)
    assert room.alarm.words == ""  # the room closed: nothing to warn of
