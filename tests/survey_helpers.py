"""A RATER survey or pulse-check room on 127.0.0.1 (a free port), and phones answering it
over real sockets (tests.room_helpers' Phone, an aiohttp client)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cxdesk.room.events import RoomEvent
from cxdesk.room.kinds import RoomKind
from cxdesk.room.limits import RoomLimits
from cxdesk.room.server import RoomServer
from cxdesk.store.database import Database
from tests.db_dump import every_row
from tests.room_helpers import WAIT, Phone

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


def feedback_rows(db: Database) -> dict[str, list[Any]]:
    """Every respondent, statement score and pulse check as stored."""
    return every_row(db.path, FEEDBACK_TABLES)
