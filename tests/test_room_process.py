"""The room served from a process of its own (cxdesk.room.process): it answers phones and
writes their answers to the app's workspace, it ends with the room, it ends when the app
dies however it dies (no orphan keeps a port open on a client's network), and a room
whose process dies is told as failed."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from cxdesk.room import channel
from cxdesk.room.events import RoomEvent, RoomFailed, RoomStarted, RoomStopped
from cxdesk.room.process import DIED, RoomProcess
from cxdesk.room.quiz import QuizRoom
from cxdesk.store.database import Database, open_database
from tests.room_helpers import Phone, phone_session, phones_session, run

ROOT = Path(__file__).resolve().parent.parent


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A child of this process that ended but was not waited for yet.
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:
        return False


def wait_for(condition: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


class Door:
    """What tests.room_helpers.Phone needs of a room: its address and PIN."""

    def __init__(self, room: RoomProcess) -> None:
        self.server = room
        self.base = f"http://127.0.0.1:{room.port}"


@pytest.mark.both_backends
def test_phones_answer_a_room_served_from_its_own_process(db: Database) -> None:
    """On a SQLite file and on a team workspace alike: the room's process writes there."""
    session, quiz = phones_session(db)
    events: list[RoomEvent] = []
    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=events.append)
    room.start()
    try:
        assert room.wait_started()
        assert room.pin
        assert room.url == f"http://127.0.0.1:{room.port}/?pin={room.pin}"
        statement = quiz.statements[0].id
        room.show_statement(statement)

        async def answer() -> tuple[int, object]:
            async with phone_session(Door(room)) as http:  # type: ignore[arg-type]
                phone = Phone(http, Door(room))  # type: ignore[arg-type]
                assert (await phone.join("Ana"))[0] == 200
                for _ in range(100):  # the command reaches the room's process in its time
                    status, reply = await phone.answer(statement, 4)
                    if status == 200:
                        return status, reply
                    await asyncio.sleep(0.05)
                return status, reply

        assert run(answer)[0] == 200
    finally:
        room.stop()
    assert refused(room.port)
    assert room._process is not None
    assert room._process.returncode == 0
    with db.reading() as s:
        stored = s.execute(text("SELECT score FROM quiz_answer")).scalars().all()
    assert stored == [4]
    assert isinstance(events[0], RoomStarted)
    assert isinstance(events[-1], RoomStopped)
    identity = room.identity()  # handed back for the next room: Ana's phone, her answer
    assert identity is not None
    assert [(p.name, dict(p.answers)) for p in identity.phones] == [("Ana", {statement: 4})]


APP = textwrap.dedent(
    """
    import sys, time
    from cxdesk.room.process import RoomProcess
    from cxdesk.room.quiz import QuizRoom
    from cxdesk.store.database import open_database

    db = open_database(sys.argv[1])
    room = RoomProcess(db, QuizRoom(int(sys.argv[2])), "127.0.0.1", 0)
    room.start()
    assert room.wait_started(30)
    print(room._process.pid, room.port, flush=True)
    time.sleep(120)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="kills the app with SIGKILL")
def test_the_rooms_process_ends_when_the_app_is_killed(tmp_path: Path) -> None:
    """However the app ends (here SIGKILL: no handler, no aboutToQuit), its room's
    process ends too and its port closes."""
    file = tmp_path / "app.cxdb"
    db = open_database(file, backup_folder=tmp_path / "backups")
    session, _quiz = phones_session(db)
    db.close()  # the app claims the file now
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(file), str(session.id)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert app.stdout is not None
        pid, port = (int(n) for n in app.stdout.readline().split())
        assert not refused(port)
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
        assert wait_for(lambda: gone(pid)), "the room's process outlived the app"
        assert refused(port)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        assert app.stdout is not None
        app.stdout.close()


def test_a_room_whose_process_dies_is_told_as_failed(db: Database) -> None:
    session, _quiz = phones_session(db)
    events: list[RoomEvent] = []
    told = threading.Event()

    def on_event(event: RoomEvent) -> None:
        events.append(event)
        if isinstance(event, RoomFailed):
            told.set()

    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=on_event)
    room.start()
    try:
        assert room.wait_started()
        assert room._process is not None
        room._process.kill()
        assert told.wait(10)
        assert not room.serving
        assert events[-1] == RoomFailed(DIED)
    finally:
        room.stop()  # still ends cleanly


def test_the_rooms_process_runs_without_a_standard_error(tmp_path: Path) -> None:
    """A windowed app (pythonw on Windows) has no standard error to hand on: the room's
    process still starts, and ends when its pipe does."""
    without_stderr = (
        "import os, sys; os.close(2); "
        "os.execv(sys.executable, [sys.executable, '-m', 'cxdesk.room.child'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", without_stderr],
        input=b"",  # the app went away before it said which room
        stdout=subprocess.PIPE,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, b"")


def test_a_room_whose_process_cannot_be_started_is_told_as_failed(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The interpreter missing, too many open files, a frozen app: the room fails in
    words, as one whose process died, never as an error out of start()."""
    from cxdesk.room import process

    session, _quiz = phones_session(db)
    monkeypatch.setattr(process, "CHILD_COMMAND", [str(tmp_path / "no-such-python")])
    events: list[RoomEvent] = []
    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=events.append)
    room.start()
    assert not room.wait_started(0)
    assert not room.serving
    assert len(events) == 1
    assert isinstance(events[0], RoomFailed)
    assert events[0].message.startswith("The phones' page could not be started")
    room.stop()  # nothing to stop: it still ends cleanly
    assert room.identity() is None


def test_the_rooms_process_imports_nothing_from_the_apps_folder(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """'python -m' would put the folder the app was started from first on the room's
    import path: a file there named like a module the room imports (aiohttp.py in
    Downloads) would run in the room's process instead."""
    session, _quiz = phones_session(db)
    marker = tmp_path / "ran"
    (tmp_path / "aiohttp.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0)
    room.start()
    try:
        assert room.wait_started(30)
    finally:
        room.stop()
    assert not marker.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one process")
def test_an_interrupt_from_the_apps_terminal_leaves_the_room_to_the_app(db: Database) -> None:
    """Ctrl+C in the terminal the app runs in reaches its room's process too (one process
    group): the room must not end by itself while the app and its projector go on
    showing it; it ends when the app stops it or goes away."""
    session, _quiz = phones_session(db)
    events: list[RoomEvent] = []
    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=events.append)
    room.start()
    try:
        assert room.wait_started(30)
        assert room._process is not None
        os.kill(room._process.pid, signal.SIGINT)
    finally:
        room.stop()
    assert room._process.returncode == 0  # stopped by the app: before, ended by the interrupt
    assert isinstance(events[-1], RoomStopped)


def test_the_rooms_own_errors_reach_the_apps_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What goes wrong in the room's process is written to the app's log in its data
    folder (CXDESK_DATA_DIR here): a windowed app has no standard error to show it."""
    monkeypatch.setenv("CXDESK_DATA_DIR", str(tmp_path / "data"))
    garbage = b"\x00\x00\x00\x04nope"  # a frame that is no message of the app's
    done = subprocess.run(
        [sys.executable, "-m", "cxdesk.room.child"],
        input=garbage,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    log = (tmp_path / "data" / "cxdesk.log").read_text(encoding="utf-8")
    assert "The room's process failed" in log
    assert "UnpicklingError" in log


def test_a_message_whose_handling_fails_is_not_read_again() -> None:
    """The room's process hands each command on as it reads it: when handling one fails,
    the commands before it were done, and the next read must not bring them again (a
    phone removed twice, a statement shown again after the next)."""
    frames = channel.Frames()
    handled: list[object] = []
    first, failing, last = (channel.Command("show_statement", n) for n in (1, 2, 3))

    def take(data: bytes) -> None:  # as the room's process does with what it reads
        for message in frames.feed(data):
            handled.append(message)
            if message == failing:
                raise RuntimeError("the room could not take it")

    with pytest.raises(RuntimeError):
        take(channel.frame(first) + channel.frame(failing))
    assert list(frames.feed(channel.frame(last))) == [last]
    assert handled == [first, failing]


# The room's process, with its server failing to start (as an error inside
# RoomServer.start would): the process still ends in order and says RoomClosed.
FAILING_CHILD = textwrap.dedent(
    """
    import sys
    from cxdesk.room import child, server

    def start(self):
        raise RuntimeError("no event loop for the room")

    server.RoomServer.start = start
    sys.exit(child.main())
    """
)


def test_a_room_whose_process_ends_by_itself_is_told_as_failed(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The room's process ends without the app asking, in order (it says RoomClosed):
    the app is told the room failed, in words, so the join page does not stay on
    "Starting…"."""
    from cxdesk.room import process

    monkeypatch.setenv("CXDESK_DATA_DIR", str(tmp_path / "data"))  # its log goes there
    monkeypatch.setattr(process, "CHILD_COMMAND", [sys.executable, "-P", "-c", FAILING_CHILD])
    session, _quiz = phones_session(db)
    events: list[RoomEvent] = []
    told = threading.Event()

    def on_event(event: RoomEvent) -> None:
        events.append(event)
        if isinstance(event, RoomFailed):
            told.set()

    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0, on_event=on_event)
    room.start()
    try:
        assert told.wait(30), "the app was never told"
        assert not room.serving
        assert not room.wait_started(0)
        failed = [e for e in events if isinstance(e, RoomFailed)]
        assert len(failed) == 1
        assert failed[0].message.startswith("The phones' page could not be started")
    finally:
        room.stop()
    assert room._process is not None
    assert room._process.returncode == 1


def room_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name in {"cxdesk-room-send", "cxdesk-room-pipe"}]


@pytest.mark.skipif(sys.platform == "win32", reason="stalls the room's process with SIGSTOP")
@pytest.mark.parametrize(
    "then",
    # Killed past its wait: said in the app's log.
    ["it goes on", pytest.param("it never does", marks=pytest.mark.logs_errors)],
)
def test_a_stalled_rooms_process_never_holds_up_the_app(
    db: Database, monkeypatch: pytest.MonkeyPatch, then: str
) -> None:
    """The room's process stops reading (stalled, swapped out, stopped in a debugger)
    and its pipe fills up: the desktop's commands still return at once (the UI thread
    never waits for the room), and stop() still ends the room, its process and the
    pipe's threads; past its wait, by killing the process."""
    from cxdesk.room import process

    session, _quiz = phones_session(db)
    others = room_threads()  # other tests' rooms
    room = RoomProcess(db, QuizRoom(session.id), "127.0.0.1", 0)
    room.start()
    assert room.wait_started(30)
    assert room._process is not None
    pid = room._process.pid
    os.kill(pid, signal.SIGSTOP)

    def say_much() -> None:  # far more than the pipe holds (64 KB on Linux)
        for n in range(5000):
            room.set_lobby_locked(n % 2 == 0)

    caller = threading.Thread(target=say_much, name="the desktop")
    caller.start()
    try:
        caller.join(20)
        assert not caller.is_alive(), "a command waited for the stalled room's process"
    finally:
        if then == "it goes on" or caller.is_alive():
            os.kill(pid, signal.SIGCONT)
        else:
            monkeypatch.setattr(process, "STOP_WAIT_SECONDS", 1.0)
        room.stop()
        caller.join()
    expected = 0 if then == "it goes on" else -signal.SIGKILL
    assert room._process.returncode == expected
    assert [t for t in room_threads() if t not in others] == []
