"""A room's life (cxdesk.room.server): no listening socket before start() or after stop(),
no thread left, words when it cannot start, the next port when one is taken, aiohttp
loaded only when a room starts, and answers arriving together committed together."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cxdesk.models.quiz import SessionMode
from cxdesk.ops import perform
from cxdesk.ops import quizzes as ops
from cxdesk.room.events import AnswersSaved, RoomFailed, RoomStarted, RoomStopped
from cxdesk.room.limits import RoomLimits
from cxdesk.room.quiz import QuizRoom
from cxdesk.room.server import RoomServer
from cxdesk.store.database import Database
from tests.room_helpers import (
    Phone,
    open_room,
    phone_session,
    phones_session,
    run,
    stored_answers,
)


def listening_ports() -> set[int]:
    """The TCP ports this process listens on (Linux: its socket fds in /proc/net/tcp)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (listdir's own fd)
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


pytestmark = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the process's sockets from /proc"
)


def test_the_app_listens_on_nothing_at_start_and_a_room_only_while_it_runs(
    db: Database, window: object
) -> None:
    assert listening_ports() == set()  # the main window is up: nothing listens
    before = set(threading.enumerate())
    with open_room(db) as room:
        assert listening_ports() == {room.server.port}
        assert {t.name for t in set(threading.enumerate()) - before} == {
            "cxdesk-room",
            "cxdesk-room-writer",
        }
    assert listening_ports() == set()
    assert set(threading.enumerate()) == before
    assert isinstance(room.events[-1], RoomStopped)


def test_the_room_binds_the_chosen_address_only(db: Database) -> None:
    with open_room(db) as room:
        with socket.create_connection(("127.0.0.1", room.server.port), timeout=5):
            pass
        # Another loopback address of this machine: nothing listens there.
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.2", room.server.port), timeout=5)


def test_a_taken_port_moves_the_room_to_the_next(db: Database) -> None:
    session, _ = phones_session(db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = RoomServer(db, QuizRoom(session.id), "127.0.0.1", port)
        server.start()
        try:
            assert server.wait_started()
            assert port < server.port < port + 20
            assert server.url == f"http://127.0.0.1:{server.port}/?pin={server.pin}"
        finally:
            server.stop()


def test_a_room_that_cannot_start_says_why_and_leaves_nothing_behind(db: Database) -> None:
    deleted, quiz = phones_session(db, "Deleted")
    hands = perform(
        db, ops.add_session(quiz.id, None, "Hands", deleted.held_on, SessionMode.HANDS)
    ).value
    perform(db, ops.delete_session(deleted))
    live, _ = phones_session(db, "Live")
    before = set(threading.enumerate())
    cases = [
        (hands.id, "127.0.0.1", "show of hands"),
        (deleted.id, "127.0.0.1", "no longer exists"),
        # TEST-NET-3: never an address of this machine; binding it sends nothing.
        (live.id, "203.0.113.7", "no longer has the address 203.0.113.7"),
    ]
    for session_id, address, words in cases:
        events: list[object] = []
        server = RoomServer(db, QuizRoom(session_id), address, 0, on_event=events.append)
        server.start()
        assert not server.wait_started()
        server.stop()
        assert len(events) == 1
        assert isinstance(events[0], RoomFailed)
        assert words in events[0].message
        assert not server.serving
    assert listening_ports() == set()
    assert set(threading.enumerate()) == before


def test_stop_before_start_and_twice_is_harmless(db: Database) -> None:
    session, quiz = phones_session(db)
    events: list[object] = []
    server = RoomServer(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=events.append)
    server.stop()
    server.show_statement(quiz.statements[0].id)  # before start: applied when it opens
    server.start()
    assert server.wait_started()
    with pytest.raises(RuntimeError):
        server.start()
    server.stop()
    server.stop()
    server.set_voting(False)  # after stop: dropped
    assert [type(e) for e in events] == [RoomStarted, RoomStopped]


def test_importing_the_server_loads_no_aiohttp() -> None:
    code = (
        "import sys\n"
        "import cxdesk.room.server, cxdesk.room.quiz, cxdesk.room.network, cxdesk.room.events\n"
        "print(','.join(m for m in sys.modules if m.startswith('aiohttp')) or '-')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "-"


def test_answers_arriving_together_are_one_commit_and_each_reply_follows_it(
    db: Database,
) -> None:
    people = 40
    limits = RoomLimits(join_burst=people, connections_per_address=2 * people)
    with open_room(db, limits=limits) as room:  # all from 127.0.0.1
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            phones = []
            for n in range(people):
                http = phone_session(room)
                phone = Phone(http, room)
                assert (await phone.join(f"P{n}"))[0] == 200
                phones.append(phone)
            try:
                while (await phones[0].answer(first, 1))[0] != 200:  # the room is open
                    await asyncio.sleep(0.01)
                room.wait_for(AnswersSaved)
                # The desktop is saving something: the writer waits for the database,
                # and everything that arrives meanwhile queues up.
                db._writing.acquire()
                try:
                    answers = [
                        asyncio.ensure_future(phone.answer(first, 1 + n % 5))
                        for n, phone in enumerate(phones)
                    ]
                    done, _ = await asyncio.wait(answers, timeout=0.5)
                    assert not done  # no phone is told "saved" before the commit
                finally:
                    db._writing.release()
                replies = await asyncio.gather(*answers)
                assert [status for status, _ in replies] == [200] * people
            finally:
                for phone in phones:
                    await phone.http.close()

        run(scenario)
        saved = room.of(AnswersSaved)
        # The first answer alone, then the one blocked, then the rest together.
        assert 2 <= len(saved) <= 4, len(saved)
        assert saved[-1].answered == {first: people}
        stored = stored_answers(db, room.session.id)
        assert stored == {(f"P{n}", first): 1 + n % 5 for n in range(people)}


@pytest.mark.logs_errors  # the fault is a bug, and logged as one
@pytest.mark.parametrize("fault", ["connection_cap", "build_app"])
def test_a_room_failing_after_it_bound_its_port_closes_the_socket_at_once(
    db: Database, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    import cxdesk.room.server as server_module
    import cxdesk.room.web as web_module

    bound: list[socket.socket] = []
    original = server_module.listen

    def listen(address: str, first_port: int, prefer: int | None = None) -> socket.socket:
        sock = original(address, first_port, prefer)
        bound.append(sock)  # held here: it cannot close by being collected
        return sock

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a fault between binding the port and serving")

    monkeypatch.setattr(server_module, "listen", listen)
    monkeypatch.setattr(server_module if fault == "connection_cap" else web_module, fault, broken)
    session, _ = phones_session(db)
    events: list[object] = []
    server = RoomServer(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=events.append)
    server.start()
    assert not server.wait_started()
    server.stop()
    assert [type(e) for e in events] == [RoomFailed]
    assert len(bound) == 1
    assert bound[0].fileno() == -1  # closed when it failed, not left to the collector
