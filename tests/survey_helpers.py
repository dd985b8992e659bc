"""A RATER survey or pulse-check room on 127.0.0.1 (a free port), and phones answering it
over real sockets (tests.room_helpers' Phone, an aiohttp client)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from cxdesk.ops.operation import Operation
from cxdesk.room.events import RoomEvent
from cxdesk.room.kinds import Answer, RoomKind
from cxdesk.room.limits import RoomLimits
from cxdesk.room.server import RoomServer
from cxdesk.room.writer import Writer
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from tests.db_dump import every_row
from tests.room_helpers import WAIT, Phone, phone_session

FEEDBACK_TABLES = ("rater_respondent", "rater_statement_score", "pulse_check")


@dataclass
class SurveyRoom:
    server: RoomServer
    kind: Any  # the RaterRoom or PulseRoom served
    events: list[RoomEvent] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def base(self) -> str:
        return f"http://{self.server.address}:{self.server.port}"

    def record(self, event: RoomEvent) -> None:
        with self.arrived:
            self.events.append(event)
            self.arrived.notify_all()

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in list(self.events) if isinstance(e, kind)]

    def wait_until(self, ready: Any) -> None:
        """Until ``ready(events)``: the server reports from its own threads."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: ready(list(self.events)), WAIT), self.events


@contextmanager
def open_survey(
    db: Database, kind: RoomKind, limits: RoomLimits | None = None
) -> Iterator[SurveyRoom]:
    room = SurveyRoom(None, kind)  # type: ignore[arg-type]  # the server comes next
    room.server = RoomServer(
        db, kind, "127.0.0.1", port=0, on_event=room.record, limits=limits or RoomLimits()
    )
    room.server.start()
    try:
        assert room.server.wait_started(WAIT), room.events
        yield room
    finally:
        room.server.stop()


def survey_phone(http: Any, room: SurveyRoom) -> Phone:
    return Phone(http, room)  # type: ignore[arg-type]  # only its server and base are used


@asynccontextmanager
async def joined_phones(room: SurveyRoom, *names: str) -> AsyncIterator[list[Phone]]:
    """A phone of its own for each name, joined."""
    async with AsyncExitStack() as stack:
        phones = []
        for name in names:
            http = await stack.enter_async_context(phone_session(room))  # type: ignore[arg-type]
            phone = survey_phone(http, room)
            assert (await phone.join(name))[0] == 200
            phones.append(phone)
        yield phones


def feedback_rows(db: Database) -> dict[str, list[Any]]:
    """Every respondent, statement score and pulse check as stored."""
    return every_row(db.path, FEEDBACK_TABLES)


class Batches:
    """The answers a room's writer is handed, watched: the size of every batch it asks
    the room to write, and answers held back behind a commit in progress (the database's
    write lock held, as the laptop's own save holds it) so that the ones sent meanwhile
    are written as one batch, as they are whenever phones tap during a commit."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, kind: Any) -> None:
        self.sizes: list[int] = []  # written by the writer thread
        self.submitted = 0  # written by the room's loop
        self._refuse_next = False
        real_save, real_submit = kind.save, Writer.submit

        def save(answers: Sequence[Answer]) -> Operation[object]:
            self.sizes.append(len(answers))
            operation = real_save(answers)
            if not self._refuse_next or len(answers) < 2:
                return operation
            self._refuse_next = False

            def run(db: Database) -> object:
                operation.run(db)  # everything written, then the commit fails
                raise EditRefused("The edit could not be saved: disk I/O error.")

            return Operation(operation.label, run, operation.engagement_id)

        def submit(writer: Writer, job: Any) -> None:
            real_submit(writer, job)
            self.submitted += 1

        monkeypatch.setattr(kind, "save", save)
        monkeypatch.setattr(Writer, "submit", submit)

    def refuse_next_batch(self) -> None:
        """The next batch of two or more answers fails as a commit can (a full disk):
        each answer of it is then written alone."""
        self._refuse_next = True

    async def together(
        self, db: Database, lead: Callable[[], Awaitable[Any]], *taps: Callable[[], Awaitable[Any]]
    ) -> list[Any]:
        """``lead``'s answer taken by the writer and held at the database's lock, ``taps``
        sent meanwhile (so queued behind it, one batch); then every reply, in order."""
        db._writing.acquire()
        try:
            written = len(self.sizes)
            first = asyncio.ensure_future(lead())
            await _until(lambda: len(self.sizes) > written)  # the writer waits for the lock
            submitted = self.submitted
            queued = [asyncio.ensure_future(tap()) for tap in taps]
            await _until(lambda: self.submitted == submitted + len(taps))
        finally:
            db._writing.release()
        replies = [await first, *[await tap for tap in queued]]
        assert len(taps) in self.sizes[written:], self.sizes  # they were one batch
        return replies


async def _until(ready: Callable[[], bool]) -> None:
    """Until ``ready()``, letting the phones' requests go on meanwhile."""
    deadline = time.monotonic() + WAIT
    while not ready():
        assert time.monotonic() < deadline, "the room's writer was not handed the answers"
        await asyncio.sleep(0.002)
