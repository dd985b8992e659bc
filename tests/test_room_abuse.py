"""Hostile machines against the laptop itself, on a real room on 127.0.0.1: refused
requests by the thousand keep no memory, one address cannot take every connection nor
hold one with a slow body, and the PIN cannot be guessed from many addresses."""

from __future__ import annotations

import gc
import tracemalloc
from types import ModuleType

from cxdesk.room import api, quiz, state, streams, web
from cxdesk.room.state import Refusal
from cxdesk.store.database import Database
from tests.room_helpers import Phone, open_room, phone_session, run


def test_no_refusal_is_kept_in_a_constant() -> None:
    # An exception raised again keeps every raise's frames: constants are words.
    modules: list[ModuleType] = [state, streams, api, quiz, web]
    kept = [
        f"{module.__name__}.{name}"
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, BaseException)
    ]
    assert kept == []


def test_thousands_of_refused_requests_keep_no_memory(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def refuse_many(stranger: Phone, phone: Phone, times: int) -> None:
            made_up = {"X-CXDesk-Token": "A" * 32}
            for n in range(times):
                if n % 4 == 0:  # no PIN, no token: a made-up one
                    assert (await stranger.get("/api/state", made_up))[0] == 401
                elif n % 4 == 1:  # a wrong PIN, then too many tries
                    assert (await stranger.join("Bot", pin="x"))[0] in (403, 429)
                elif n % 4 == 2:  # not JSON
                    assert (await phone.post("/api/answer", b"\xff"))[0] == 422
                else:  # not an answer, then too many at once
                    assert (await phone.answer(first, 99))[0] in (422, 429)

        async def scenario() -> int:
            async with phone_session(room) as http, phone_session(room, cookies=False) as other:
                phone, stranger = Phone(http, room), Phone(other, room)
                assert (await phone.join("Ana"))[0] == 200
                await refuse_many(stranger, phone, 400)  # aiohttp's own caches fill up first
                gc.collect()
                tracemalloc.start()
                try:
                    before = tracemalloc.get_traced_memory()[0]
                    await refuse_many(stranger, phone, 2000)
                    gc.collect()
                    return tracemalloc.get_traced_memory()[0] - before
                finally:
                    tracemalloc.stop()

        grown = run(scenario, seconds=120)
    # Kept on a refusal's traceback, each request held about 4 KB: 8 MB here.
    assert grown < 1_000_000, f"2,000 refused requests kept {grown:,} bytes"


def test_a_refusal_raised_is_a_new_one_each_time() -> None:
    room = state.RoomState(pin="123456")
    raised = []
    for _ in range(2):
        try:
            room.authenticate("A" * 32)
        except Refusal as refusal:
            raised.append(refusal)
    assert raised[0] is not raised[1]
    assert raised[0].words == raised[1].words == state.NOT_JOINED
