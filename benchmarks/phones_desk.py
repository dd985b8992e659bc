"""The laptop of bench_phones.py: a phones session's room served while the projector shows
its live count, driven through five statements while the phones answer, and timed.

    python benchmarks/phones_desk.py --phones N --folder DIR [--projector standin|presenter]

One run, in a fresh process: a workspace with a phones session of the built-in quiz, the
QApplication, the room's server in its own process (phones_room.py: the app's, with the
probes of phones_probes.py in it), the projector (the phones session's PresenterWindow at
1920x1080 with its PhoneRoom, or a stand-in: a QObject that gets the server's events
through a queued signal and sets a label), a heartbeat timer on the UI thread, and the
phones in a process of their own (phones_crowd.py). The desktop moves the room to the
next statement once every phone's answer was acknowledged and the projector shows them
all. At the end the
room stops and the answers stored are compared with those acknowledged.

Prints one ``CXDESK-PHONES {json}`` line of facts; bench_phones.py makes them figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT = "CXDESK-PHONES "
HEARTBEAT_MS = 2  # the UI thread's probe: every gap between its ticks is kept
IDLE_S = 1.0  # the heartbeat with the room open and no phone yet: the floor of the noise
DEADLINE_S = 300  # the whole run, then it fails


def bench_limits(phones: int) -> Any:
    """The room's limits, but every phone comes from 127.0.0.1: the per-address ones are
    raised (as RoomLimits says a load test does)."""
    from cxdesk.room.limits import RoomLimits

    return RoomLimits(
        joins_per_minute=60.0 * phones,
        join_burst=2 * phones,
        streams_per_address=2 * phones + 10,
        connections_per_address=4 * phones + 10,  # a stream and a request or two each
    )


class Stamps:
    """When the server reported each rise of a statement's count (on its writer thread)."""

    def __init__(self) -> None:
        self.rises: list[tuple[float, int, int]] = []  # monotonic, statement id, count
        self._last: dict[int, int] = {}  # writer thread only

    def record(self, event: object) -> None:
        from cxdesk.room.events import AnswersSaved

        if not isinstance(event, AnswersSaved):
            return
        now = time.monotonic()
        for statement, count in event.answered.items():
            if count > self._last.get(statement, 0):
                self._last[statement] = count
                self.rises.append((now, statement, count))  # list.append: one bytecode


def make_session(folder: Path) -> tuple[Any, int, list[int]]:
    from cxdesk.models.quiz import SessionMode
    from cxdesk.store import quizzes, workshop
    from cxdesk.store import workspace as store
    from cxdesk.store.database import open_database

    db = open_database(folder / "phones.cxdb", backup_folder=folder / "backups")
    client = store.add_client(db, "Harbourline Freight Co.")
    engagement = store.add_engagement(db, client.id, "Customer portal rollout")
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(
        db, quiz.id, engagement.id, "All-hands on phones", date(2026, 5, 20), SessionMode.PHONES
    )
    return db, session.id, [st.id for st in quiz.statements]


def stored_answers(db: Any, session_id: int) -> dict[tuple[str, int], int]:
    from sqlalchemy import text

    with db.reading() as s:
        rows = s.execute(
            text(
                "SELECT p.name, a.statement_id, a.score FROM quiz_answer a "
                "JOIN workshop_participant p ON p.id = a.participant_id "
                "WHERE p.session_id = :session"
            ),
            {"session": session_id},
        ).all()
    return {(name, statement): score for name, statement, score in rows}


def lost_answers(
    acked: dict[str, dict[str, int]], stored: dict[tuple[str, int], int]
) -> tuple[int, int, int]:
    """(acknowledged, lost, stored but never acknowledged): an answer is lost when the
    phone was told "saved" and the database holds another score, or none."""
    told = {
        (name, int(sid)): score for name, given in acked.items() for sid, score in given.items()
    }
    lost = sum(1 for key, score in told.items() if stored.get(key) != score)
    return len(told), lost, len(set(stored) - set(told))


class ThreadSched:
    """A thread's time on a CPU and waiting for one, ns (Linux; zeros elsewhere): its
    schedstat, kept open so a read costs a few microseconds. The calling thread's by
    default."""

    def __init__(self, native_id: int | None = None) -> None:
        task = threading.get_native_id() if native_id is None else native_id
        try:
            self._fd: int | None = os.open(f"/proc/self/task/{task}/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def read(self) -> tuple[int, int]:
        if self._fd is None:
            return 0, 0
        try:
            ran, queued, _slices = os.pread(self._fd, 128, 0).split()
        except OSError:  # the thread has ended
            return 0, 0
        return int(ran), int(queued)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Threads:
    """The summed schedstat of a group of other threads (the room's server threads, or
    every other thread), found by name when first read: they start after the heartbeat."""

    def __init__(self, server: bool) -> None:
        self._server = server
        self._clocks: dict[int, ThreadSched] = {}

    def read(self) -> tuple[int, int]:
        for thread in threading.enumerate():
            native = thread.native_id
            if native is None or native in self._clocks or thread is threading.main_thread():
                continue
            if thread.name.startswith("cxdesk-room") == self._server:
                self._clocks[native] = ThreadSched(native)
        ran = queued = 0
        for clock in self._clocks.values():
            r, q = clock.read()
            ran, queued = ran + r, queued + q
        return ran, queued

    def close(self) -> None:
        for clock in self._clocks.values():
            clock.close()


def threads_sched() -> dict[str, tuple[float, float]]:
    """Each Python thread's time on a CPU and waiting for one so far, s (Linux)."""
    times: dict[str, tuple[float, float]] = {}
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/schedstat", "rb") as stat:
                ran, queued, _slices = stat.read().split()
        except (OSError, ValueError):
            continue
        times[thread.name] = (int(ran) / 1e9, int(queued) / 1e9)
    return times


def shown_count(text: str) -> int | None:
    """The first number of the projector's count ("12 of 300 answered")."""
    found = re.search(r"\d+", text)
    return int(found.group()) if found else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CXDESK_HEADLESS", "1")
    from phones_projector import make_projector
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def quiet(_mode: object, _context: object, message: str) -> None:
        if not message.startswith("This plugin does not support"):  # offscreen's notes
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(quiet)
    folder = Path(args.folder)
    db, session_id, statements = make_session(folder)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    stamps = Stamps()
    # The room serves from its own process: this script's twin with the probes in it,
    # which writes what they saw to a file when the room stops.
    from phones_room import PROBES_FILE

    import cxdesk.room.process as room_process

    probes_file = folder / "room-probes.json"
    os.environ[PROBES_FILE] = str(probes_file)
    room_process.CHILD_COMMAND = [sys.executable, str(HERE / "phones_room.py")]
    projector = make_projector(
        args.projector, db, session_id, statements, bench_limits(args.phones), stamps
    )
    facts: dict[str, Any] = {"phones": args.phones, "projector": projector.kind}

    class Heartbeat(QObject):
        """Ticks every HEARTBEAT_MS on the UI thread; the gaps between ticks are its stalls.
        Where Linux tells (schedstat), a stall's time is split into running, waiting for a
        CPU (the machine is busy) and neither: blocked, on the GIL or a lock. What the
        room's server threads (and every other thread) did meanwhile is kept beside it, to
        tell a block the server's running work caused from one while it waited for a CPU."""

        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer(self)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.setInterval(HEARTBEAT_MS)
            self.timer.timeout.connect(self._tick)
            self.gaps: list[float] = []
            # monotonic at the end, gap, then ms: the UI thread running and waiting for a
            # CPU, the server's threads running and waiting, the other threads running
            self.stalls: list[tuple[float, ...]] = []
            self.last = 0.0
            self.clocks = (ThreadSched(), Threads(server=True), Threads(server=False))
            self.sched: list[tuple[int, int]] = []

        def _read(self) -> list[tuple[int, int]]:
            return [clock.read() for clock in self.clocks]

        def start(self) -> None:
            self.gaps = []
            self.last = time.monotonic()
            self.sched = self._read()
            self.timer.start()

        def stop(self) -> list[float]:
            self.timer.stop()
            return self.gaps

        def close(self) -> None:
            for clock in self.clocks:
                clock.close()

        def _tick(self) -> None:
            now, sched = time.monotonic(), self._read()
            gap = (now - self.last) * 1000
            self.gaps.append(gap)
            if gap > 1000 / 60:
                (ran, queued), (server_ran, server_queued), (other_ran, _q) = (
                    ((b[0] - a[0]) / 1e6, (b[1] - a[1]) / 1e6)
                    for a, b in zip(self.sched, sched, strict=True)
                )
                self.stalls.append((now, gap, ran, queued, server_ran, server_queued, other_ran))
            self.last, self.sched = now, sched

    class Drive(QObject):
        """The consultant: opens the room, lets the phones in, moves on once all answered."""

        line = Signal(str)  # a line of the phones' process, from its reader thread

        def __init__(self) -> None:
            super().__init__()
            self.heartbeat = Heartbeat()
            self.crowd: subprocess.Popen[str] | None = None
            self.index = -1  # the statement shown; -1: the join page
            self.acked = 0  # statements every phone's answer was acknowledged for
            self.shows: list[float] = []  # monotonic, when each statement was shown
            self.latencies: list[float] = []  # event reported -> count painted, ms
            self.pending = 0  # index into stamps.rises of the first not yet shown
            self.error = ""
            self.crowd_began = 0.0
            self.line.connect(self._line, Qt.ConnectionType.QueuedConnection)
            projector.count_label.installEventFilter(self)
            projector.started.connect(self._started)

        def _started(self) -> None:
            self.heartbeat.start()
            QTimer.singleShot(int(IDLE_S * 1000), self._let_phones_in)

        def _let_phones_in(self) -> None:
            facts["idle_gaps"] = self.heartbeat.stop()
            facts["threads_before"] = threads_sched()
            facts["load_before"] = os.getloadavg()[0]
            self.heartbeat.start()
            self.crowd_began = time.monotonic()
            command = [
                sys.executable,
                str(HERE / "phones_crowd.py"),
                f"--base={projector.base}",
                f"--pin={projector.pin}",
                f"--phones={args.phones}",
                f"--think-s={args.think_s}",
                f"--change={args.change}",
            ]
            self.crowd = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, cwd=HERE
            )
            threading.Thread(target=self._read, args=(self.crowd,), daemon=True).start()

        def _read(self, crowd: subprocess.Popen[str]) -> None:
            assert crowd.stdout is not None
            for text in crowd.stdout:
                self.line.emit(text.rstrip("\n"))
            crowd.wait()
            self.line.emit("PHONES exited")

        def _line(self, text: str) -> None:
            what, _, rest = text.removeprefix("PHONES ").partition(" ")
            if what == "joined":
                facts["joined"] = json.loads(rest)
                facts["joined_at"] = time.monotonic()
                self._move()
            elif what == "answered":
                self.acked = int(rest)
                self._maybe_move()
            elif what == "result":
                facts["crowd"] = json.loads(rest)
            elif what == "failed":
                self.error = f"the phones failed: {rest}"
            elif what == "exited":
                self._finish()

        def _move(self) -> None:
            self.index += 1
            self.shows.append(time.monotonic())
            projector.move(self.index if self.index < len(statements) else None)
            # Rises of earlier statements can no longer be shown on the projector.
            self.pending = len(stamps.rises)

        def _maybe_move(self) -> None:
            """On once every phone's answer is saved and the projector shows them all."""
            if self.index >= len(statements) or self.acked < self.index + 1:
                return
            if shown_count(projector.count_label.text()) == args.phones:
                if args.shot and self.index == 0:  # every phone answered statement 1
                    projector.window.grab().save(args.shot)
                self._move()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and 0 <= self.index < len(statements):
                self._painted()
            return False

        def _painted(self) -> None:
            now = time.monotonic()
            shown = shown_count(projector.count_label.text()) or 0
            current = statements[self.index]
            rises = stamps.rises
            while self.pending < len(rises):
                when, statement, count = rises[self.pending]
                if statement == current:
                    if count > shown:
                        break
                    self.latencies.append((now - when) * 1000)
                self.pending += 1
            QTimer.singleShot(0, self._maybe_move)

        def _finish(self) -> None:
            facts["load_gaps"] = self.heartbeat.stop()
            self.heartbeat.close()
            facts["threads_after"] = threads_sched()
            facts["load_after"] = os.getloadavg()[0]
            facts["shows"] = self.shows
            facts["stalls"] = self.heartbeat.stalls
            facts["rereads"] = [r for r in projector.rereads if r[0] >= self.crowd_began]
            facts["crowd_began"] = self.crowd_began
            facts["latencies"] = self.latencies
            if self.error:
                facts["error"] = self.error
            elif "crowd" not in facts:
                facts["error"] = "the phones' process ended without its result"
            app.quit()

    drive = Drive()

    def give_up() -> None:
        drive.error = f"the run took over {DEADLINE_S} s"
        if drive.crowd is not None:
            drive.crowd.kill()  # its reader thread then reports it ended

    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(give_up)
    deadline.start(DEADLINE_S * 1000)
    cpu_before = time.process_time()
    projector.open()
    app.exec()
    deadline.stop()
    facts["cpu_s"] = time.process_time() - cpu_before
    projector.close()  # the room stops: every answer in progress is committed first
    room = json.loads(probes_file.read_text()) if probes_file.exists() else {}
    room_threads = room.pop("threads", {})
    facts["server"] = room
    # The room's threads are in its process: their times beside this one's.
    for when in ("before", "after"):
        theirs = room_threads.get(when, {})
        facts.setdefault(f"threads_{when}", {}).update(
            {name: times for name, times in theirs.items() if name.startswith("cxdesk-room")}
        )
    if "crowd" in facts:
        stored = stored_answers(db, session_id)
        facts["acked"], facts["lost"], facts["unacked"] = lost_answers(
            facts["crowd"].pop("acked"), stored
        )
        facts["stored"] = len(stored)
    db.close()
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, required=True)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--projector", choices=("standin", "presenter"), default="presenter")
    parser.add_argument("--think-s", type=float, default=3.0)
    parser.add_argument("--change", type=float, default=0.1)
    parser.add_argument("--shot", default="", help="a PNG of the projector, statement 1 answered")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    facts = run(args)
    print(RESULT + json.dumps(facts), flush=True)
    return 0 if "error" not in facts else 1


if __name__ == "__main__":
    sys.exit(main())
