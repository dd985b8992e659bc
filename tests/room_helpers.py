"""A room server on 127.0.0.1 (a free port) over a phones session of the built-in quiz,
and phones as aiohttp clients: what the room's tests drive."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import aiohttp
from sqlalchemy import text

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import QuizRecord, SessionRecord
from cxdesk.ops import perform
from cxdesk.ops import quizzes as ops
from cxdesk.room.events import RoomEvent
from cxdesk.room.limits import RoomLimits
from cxdesk.room.quiz import QuizRoom
from cxdesk.room.server import RoomServer
from cxdesk.store import quizzes
from cxdesk.store.database import Database

WAIT = 10.0  # seconds a phone waits for an answer before the test fails
THE_PIN = object()  # Phone.join's default: the room's own PIN


@dataclass
class Room:
    server: RoomServer
    session: SessionRecord
    quiz: QuizRecord
    events: list[RoomEvent] = field(default_factory=list)
    # set whenever an event arrives (from the server's threads)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def base(self) -> str:
        return f"http://{self.server.address}:{self.server.port}"

    @property
    def statements(self) -> list[int]:
        return [s.id for s in self.quiz.statements]

    def record(self, event: RoomEvent) -> None:
        with self.arrived:
            self.events.append(event)
            self.arrived.notify_all()

    def wait_for(self, kind: type[Any], count: int = 1) -> list[Any]:
        """The first ``count`` events of ``kind``, waiting for them if need be."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.of(kind)) >= count, WAIT)
        found = self.of(kind)
        assert len(found) >= count, f"{kind.__name__}: {len(found)} of {count} came"
        return found[:count]

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in list(self.events) if isinstance(e, kind)]


def phones_session(db: Database, title: str = "Kick-off") -> tuple[SessionRecord, QuizRecord]:
    quiz = quizzes.ensure_built_in_quiz(db)
    day = date(2026, 3, 12)
    session = perform(db, ops.add_session(quiz.id, None, title, day, SessionMode.PHONES)).value
    return session, quiz


@contextmanager
def open_room(
    db: Database,
    session: SessionRecord | None = None,
    limits: RoomLimits | None = None,
    **options: Any,
) -> Iterator[Room]:
    if session is None:
        session, quiz = phones_session(db)
    else:
        found = quizzes.get_quiz(db, session.quiz_id)
        assert found is not None
        quiz = found
    room = Room(None, session, quiz)  # type: ignore[arg-type]  # the server comes next
    room.server = RoomServer(
        db,
        QuizRoom(session.id),
        "127.0.0.1",
        port=0,
        on_event=room.record,
        limits=limits or RoomLimits(),
        **options,
    )
    room.server.start()
    try:
        assert room.server.wait_started(WAIT), room.events
        yield room
    finally:
        room.server.stop()


class Phone:
    """One phone's browser: its cookie jar, and the Origin its page sends."""

    def __init__(self, http: aiohttp.ClientSession, room: Room) -> None:
        self.http = http
        self.room = room
        self.token: str | None = None

    async def join(self, name: str = "", pin: object = THE_PIN, **extra: Any) -> tuple[int, Any]:
        body = {"pin": self.room.server.pin if pin is THE_PIN else pin, "name": name, **extra}
        status, reply = await self.post("/api/join", body)
        if status == 200:
            self.token = reply["token"]
        return status, reply

    async def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with self.http.post(path, data=data, headers=self._headers(headers)) as response:
            return response.status, await _json(response)

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.http.get(path, headers=self._headers(headers)) as response:
            return response.status, await _json(response)

    async def answer(self, statement: int, score: Any) -> tuple[int, Any]:
        return await self.post("/api/answer", {"statement": statement, "score": score})

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Origin": self.room.base, "Content-Type": "application/json"}
        headers.update(extra or {})
        return headers


async def _json(response: aiohttp.ClientResponse) -> Any:
    raw = await response.read()
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def phone_session(room: Room, *, cookies: bool = True) -> aiohttp.ClientSession:
    """A browser for one phone; the host is an IP address, which aiohttp's cookie jar
    only keeps when told to (as a phone's browser does)."""
    jar: aiohttp.abc.AbstractCookieJar = (
        aiohttp.CookieJar(unsafe=True) if cookies else aiohttp.DummyCookieJar()
    )
    return aiohttp.ClientSession(base_url=room.base, cookie_jar=jar)


def run(scenario: Callable[[], Any], seconds: float = 60) -> Any:
    """Run an async scenario to its end (each test has its own loop), bounded in time."""

    async def bounded() -> Any:
        return await asyncio.wait_for(scenario(), seconds)

    return asyncio.run(bounded())


def stored_answers(db: Database, session_id: int) -> dict[tuple[str, int], int]:
    """(participant name, statement id) -> score, as stored."""
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


def stored_names(db: Database, session_id: int) -> list[str]:
    with db.reading() as s:
        return list(
            s.scalars(
                text(
                    "SELECT name FROM workshop_participant WHERE session_id = :session "
                    "ORDER BY position"
                ),
                {"session": session_id},
            )
        )
