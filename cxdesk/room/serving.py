"""What the request handlers of a running room share (no aiohttp here): the room's
state and kind, its streams, the writer, and how to report to the desktop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cxdesk.room.events import RoomEvent
from cxdesk.room.kinds import RoomKind
from cxdesk.room.limits import RateLimiter
from cxdesk.room.state import Refusal, RoomState
from cxdesk.room.streams import Streams
from cxdesk.room.writer import Job, Reply, Writer

log = logging.getLogger(__name__)


PAGE_FILES = {  # request path -> (file in resources/phone/, content type)
    "/": ("index.html", "text/html"),
    "/phone.js": ("phone.js", "text/javascript"),
    "/phone.css": ("phone.css", "text/css"),
    "/survey.js": ("survey.js", "text/javascript"),  # the RATER and pulse-check forms
    "/survey.css": ("survey.css", "text/css"),
}


@dataclass(frozen=True, slots=True)
class Page:
    """One of the phone page's files, read once when the room starts."""

    body: bytes
    content_type: str  # served with charset=utf-8


def load_pages(folder: Path) -> dict[str, Page]:
    """The phone page's files by request path; a file missing (not built yet) is not
    served (404)."""
    pages: dict[str, Page] = {}
    for path, (name, content_type) in PAGE_FILES.items():
        file = folder / name
        if file.is_file():
            pages[path] = Page(file.read_bytes(), content_type)
    return pages


@dataclass(eq=False, slots=True)
class Serving:
    state: RoomState
    room: RoomKind
    streams: Streams
    writer: Writer
    emit: Callable[[RoomEvent], None]
    host: str  # the Host header every request must carry: ADDR:PORT
    pages: dict[str, Page]  # request path -> file: nothing else of the disk is served
    checks: RateLimiter  # the self-test page reports at most so often per address

    @property
    def origin(self) -> str:
        """The Origin every state-changing request must carry (CSRF)."""
        return f"http://{self.host}"

    def changed(self) -> None:
        """The phase or the statement changed: every phone is sent the state again."""
        self.streams.wake_all()

    async def write(self, job: Callable[[Reply], Job]) -> object:
        """Hand a job to the writer thread and wait (without blocking the loop) until its
        batch is committed; its value, or its :class:`Refusal` raised."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[object] = loop.create_future()

        def settle(result: object) -> None:
            if not done.done():  # the request may have been given up meanwhile
                done.set_result(result)

        def reply(result: object) -> None:  # on the writer thread
            try:
                loop.call_soon_threadsafe(settle, result)
            except RuntimeError:  # the loop has closed: the room stopped
                log.debug("a reply came after the room stopped")

        self.writer.submit(job(reply))
        result = await done
        if isinstance(result, Refusal):
            raise result
        return result
