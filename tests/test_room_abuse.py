"""Hostile machines against the laptop itself, on a real room on 127.0.0.1: refused
requests by the thousand keep no memory, one address cannot take every connection nor
hold one with a slow or idle one, and the PIN cannot be guessed from many addresses."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import socket
import struct
import tracemalloc
from types import ModuleType

import aiohttp
import pytest

from cxdesk.room import api, pulse, quiz, rater, state, streams, survey, web
from cxdesk.room.events import PinUnderAttack
from cxdesk.room.limits import RoomLimits
from cxdesk.room.state import Refusal
from cxdesk.store.database import Database
from tests.room_helpers import Phone, Room, open_room, phone_session, run, stored_names

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def test_no_refusal_is_kept_in_a_constant() -> None:
    # An exception raised again keeps every raise's frames: constants are words.
    modules: list[ModuleType] = [state, streams, api, quiz, web, survey, rater, pulse]
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


def _host(room: Room) -> bytes:
    return f"{room.server.address}:{room.server.port}".encode()


async def _open(room: Room, source: str = "127.0.0.1") -> Connection:
    return await asyncio.open_connection(
        room.server.address, room.server.port, local_addr=(source, 0)
    )


async def _closed(reader: asyncio.StreamReader, seconds: float = 5.0) -> bytes:
    """What the room sends before it closes the connection (failing past ``seconds``)."""
    with contextlib.suppress(ConnectionResetError):
        return await asyncio.wait_for(reader.read(), seconds)
    return b""


def test_one_address_cannot_take_every_connection_and_another_still_joins(
    db: Database,
) -> None:
    with open_room(db, limits=RoomLimits(connections_per_address=4)) as room:

        async def scenario() -> None:
            held = [await _open(room) for _ in range(4)]  # idle, as a script holds them
            reader, writer = await _open(room)
            assert await _closed(reader) == b""  # the fifth: closed unanswered
            writer.close()
            connector = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
            jar = aiohttp.CookieJar(unsafe=True)
            async with aiohttp.ClientSession(
                base_url=room.base, cookie_jar=jar, connector=connector
            ) as http:
                assert (await Phone(http, room).join("Ana"))[0] == 200  # another address
            for _, held_writer in held:
                held_writer.close()
                await held_writer.wait_closed()
            status = 0
            for _ in range(500):  # the room notices they closed, then lets the address in
                async with phone_session(room) as http:
                    with contextlib.suppress(aiohttp.ClientConnectionError):
                        status = (await Phone(http, room).join("Ben"))[0]
                if status == 200:
                    break
                await asyncio.sleep(0.01)
            assert status == 200

        run(scenario)
    assert stored_names(db, room.session.id) == ["Ana", "Ben"]


def test_a_slow_body_is_cut_off_and_an_idle_connection_closed(db: Database) -> None:
    limits = RoomLimits(body_seconds=0.3, idle_seconds=0.3)
    with open_room(db, limits=limits) as room:
        host = _host(room)

        async def scenario() -> tuple[bytes, bytes]:
            reader, writer = await _open(room)
            writer.write(
                b"POST /api/join HTTP/1.1\r\nHost: "
                + host
                + b"\r\nOrigin: http://"
                + host
                + b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
            )  # then nothing more of the body
            slow = await _closed(reader)
            writer.close()
            reader, writer = await _open(room)
            writer.write(b"GET /check HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
            idle = await _closed(reader)  # answered, then closed once idle
            writer.close()
            return slow, idle

        slow, idle = run(scenario)
    assert slow.startswith(b"HTTP/1.1 408 ")
    assert b"took too long" in slow
    assert idle.startswith(b"HTTP/1.1 200 ")


def test_a_phone_gone_mid_request_is_not_logged_as_the_laptops_fault(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="cxdesk")
    with open_room(db) as room:
        host = _host(room)

        async def scenario() -> None:
            for _ in range(3):
                _, writer = await _open(room)
                writer.write(
                    b"POST /api/join HTTP/1.1\r\nHost: "
                    + host
                    + b"\r\nOrigin: http://"
                    + host
                    + b"\r\nContent-Length: 1000\r\n\r\n{"
                )
                await writer.drain()
                sock = writer.get_extra_info("socket")
                # Reset, as a phone dropping off the Wi-Fi looks once it times out.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.close()
            for _ in range(500):
                if sum("went away" in r.getMessage() for r in caplog.records) == 3:
                    break
                await asyncio.sleep(0.01)
            async with phone_session(room) as http:
                assert (await Phone(http, room).join("Ana"))[0] == 200

        run(scenario)
    assert sum("went away" in r.getMessage() for r in caplog.records) == 3
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == []


async def _join_from(room: Room, source: str, pin: str, token: str | None = None) -> int:
    """A join from ``source`` (an address of the loopback network), as a phone's page
    sends it; its status."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0))
    async with aiohttp.ClientSession(
        base_url=room.base, cookie_jar=aiohttp.DummyCookieJar(), connector=connector
    ) as http:
        extra = {} if token is None else {"token": token}
        return (await Phone(http, room).join("Bot", pin=pin, **extra))[0]


def test_pins_guessed_from_many_addresses_pause_newcomers_and_the_desktop_is_told(
    db: Database,
) -> None:
    limits = RoomLimits(wrong_pin_burst=40, wrong_pin_pause_seconds=600)
    with open_room(db, limits=limits) as room:
        pin = room.server.pin
        assert len(pin) == 6

        async def guessed() -> str:
            async with phone_session(room) as http:
                ana = Phone(http, room)
                assert (await ana.join("Ana"))[0] == 200
            # One guess from each of 40 addresses: every one within its own rate.
            wrong = [f"{(int(pin) + n) % 1_000_000:06d}" for n in range(1, 41)]
            for n, guess in enumerate(wrong):
                assert await _join_from(room, f"127.0.1.{n + 1}", guess) == 403
            assert await _join_from(room, "127.0.2.1", pin) == 429  # right, and refused
            assert ana.token is not None
            assert await _join_from(room, "127.0.2.2", pin, ana.token) == 200  # Ana reloads
            return ana.token

        ana_token = run(guessed)
        told = room.wait_for(PinUnderAttack)
        assert (told[0].wrong_pins, told[0].seconds) == (40, 600)
        assert "guessing the room's PIN" in told[0].message
    kept = room.server.identity()
    assert kept is not None

    # Closed and opened again (the presenter's Esc, then F5): still paused.
    with open_room(db, room.session, limits=limits, identity=kept) as again:

        async def reopened() -> None:
            assert await _join_from(again, "127.0.3.1", pin) == 429
            assert await _join_from(again, "127.0.3.2", pin, ana_token) == 200

        run(reopened)
    assert stored_names(db, room.session.id) == ["Ana"]


def test_no_response_says_which_python_or_aiohttp_runs_the_room(db: Database) -> None:
    with open_room(db) as room:

        async def scenario() -> list[str]:
            servers = []
            async with phone_session(room) as http:
                for path in ("/", "/phone.js", "/check", "/api/state", "/no-such-page"):
                    async with http.get(path) as response:
                        servers.append(response.headers.get("Server", ""))
                async with http.post("/api/join", json={}) as response:  # no Origin: 403
                    servers.append(response.headers.get("Server", ""))
            return servers

        servers = run(scenario)
    assert servers == ["CX Desk"] * 6
