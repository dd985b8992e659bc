"""Hostile phones against a real room on 127.0.0.1 (cxdesk.room): wrong PIN, no or
foreign tokens, oversized bodies, 10,000 joins from one address, answers out of scale
or for another statement or session, markup and control characters in names, a wrong
Host or Origin, paths that reach for the disk. Nothing is stored, nothing crashes, and
the room keeps serving everybody else."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from datetime import date

import aiohttp
import pytest

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.ops import perform
from cxdesk.ops import quizzes as ops
from cxdesk.resources import resource_dir
from cxdesk.room.limits import RoomLimits
from cxdesk.room.serving import Page, load_pages
from cxdesk.store import quizzes
from cxdesk.store.database import Database
from tests.room_helpers import (
    Phone,
    Room,
    open_room,
    phone_session,
    run,
    stored_answers,
    stored_names,
)


def from_address(room: Room, address: str) -> aiohttp.ClientSession:
    """A phone with another address on the loopback network (127.0.0.0/8)."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    return aiohttp.ClientSession(
        base_url=room.base, cookie_jar=aiohttp.CookieJar(unsafe=True), connector=connector
    )


async def raw_request(room: Room, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (no client tidying the path or the headers)."""
    reader, writer = await asyncio.open_connection(room.server.address, room.server.port)
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        return status, await reader.readexactly(length)
    finally:
        writer.close()
        await writer.wait_closed()


def test_a_wrong_pin_no_token_and_a_made_up_token_get_nothing(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                wrong = "0000" if room.server.pin != "0000" else "1111"
                for pin in (wrong, "", None, 1234, room.server.pin + "0"):
                    status, reply = await phone.join("Mallory", pin=pin)
                    assert status == 403
                    assert "PIN" in reply["error"]
                made_up = {"X-CXDesk-Token": "A" * 32}
                for path in ("/api/state", "/api/events", "/api/events?token=" + "A" * 32):
                    assert (await phone.get(path, made_up))[0] == 401
                    assert (await phone.get(path))[0] == 401
                status, reply = await phone.answer(first, 3)
                assert status == 401
                assert reply["error"]
                # The token in the query is for event streams only.
                _, joined = await Phone(http, room).join("Ana")
                http.cookie_jar.clear()
                assert (await phone.get(f"/api/state?token={joined['token']}"))[0] == 401

        run(scenario)
        assert stored_names(db, room.session.id) == ["Ana"]
        assert stored_answers(db, room.session.id) == {}


def test_a_phone_can_touch_only_its_own_answers(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http_a, phone_session(room) as http_b:
                ana, ben = Phone(http_a, room), Phone(http_b, room)
                await ana.join("Ana")
                await ben.join("Ben")
                while (await ben.answer(first, 5))[0] != 200:  # the room reaches "open"
                    await asyncio.sleep(0.01)
                ben_id = next(
                    e.participant_id for e in room.events if getattr(e, "name", 0) == "Ben"
                )
                # Ana names Ben in every way a body could: she still answers as herself.
                for body in (
                    {"statement": first, "score": 1, "participant": ben_id},
                    {"statement": first, "score": 1, "participant_id": ben_id, "token": ben.token},
                ):
                    assert (await ana.post("/api/answer", body))[0] == 200
                _, state = await ana.get("/api/state")
                assert state["name"] == "Ana"
                assert state["answers"] == {str(first): 1}
                _, state = await ben.get("/api/state")
                assert state["answers"] == {str(first): 5}  # Ana sees only her own, and Ben his

        run(scenario)
        assert stored_answers(db, room.session.id) == {("Ana", first): 1, ("Ben", first): 5}


def test_oversized_bodies_are_refused_unread(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                pin = room.server.pin
                big_name = {"pin": pin, "name": "x" * 5000}
                status, reply = await phone.post("/api/join", big_name)
                assert status == 413
                assert reply == {"error": "That was too much to send."}
                await phone.join("Ana")
                padded = {"statement": first, "score": 3, "pad": "x" * 10_000}
                assert (await phone.post("/api/answer", padded))[0] == 413

                # A megabyte sent in chunks, with no length said up front.
                async def chunks() -> object:
                    for _ in range(256):
                        yield b"x" * 4096

                headers = {"Origin": room.base}
                async with http.post("/api/answer", data=chunks(), headers=headers) as response:
                    assert response.status == 413
                # Not JSON, or not an object: refused in words.
                for body in (b"\xff\xfe", b"[1,2]", b"nul", b"[" * 3000, b""):
                    status, reply = await phone.post("/api/answer", body)
                    assert status == 422, body[:10]
                    assert reply["error"]
                assert (await phone.answer(first, 3))[0] == 200  # still serving

        run(scenario)
        assert stored_names(db, room.session.id) == ["Ana"]
        assert stored_answers(db, room.session.id) == {("Ana", first): 3}


def test_ten_thousand_joins_from_one_address_are_refused_fast_and_others_go_on(
    db: Database,
) -> None:
    # The limiter's clock stands still: no attempt is let through by the time it takes.
    # The flood's 50 connections at once all come from 127.0.0.1 (here the join rate is
    # under test, not the cap on one address's connections).
    limits = RoomLimits(connections_per_address=64)
    with open_room(db, limits=limits, clock=lambda: 0.0) as room:
        first = room.statements[0]
        room.server.show_statement(first)
        pin = room.server.pin
        # Every PIN there is, the right one half-way: a brute force.
        guesses = [f"{n:04d}" for n in range(10_000) if f"{n:04d}" != pin]
        random.Random(17).shuffle(guesses)
        guesses.insert(5_000, pin)

        async def scenario() -> tuple[list[int], list[float], float]:
            async with from_address(room, "127.0.0.2") as http:
                ana = Phone(http, room)
                assert (await ana.join("Ana"))[0] == 200
                async with phone_session(room) as flood_http:
                    attacker = Phone(flood_http, room)
                    at_once = asyncio.Semaphore(50)

                    async def attempt(guess: str) -> int:
                        async with at_once:
                            return (await attacker.join("Bot", pin=guess))[0]

                    started = time.perf_counter()
                    flood = asyncio.gather(*(attempt(guess) for guess in guesses))
                    taps = []
                    for score in (1, 2, 3, 4, 5, 4, 3):  # Ana answers while the flood runs
                        tap = time.perf_counter()
                        status, _ = await ana.answer(first, score)
                        if status == 409:  # the room is not on the statement yet
                            await asyncio.sleep(0.01)
                            continue
                        assert status == 200
                        taps.append(time.perf_counter() - tap)
                    statuses = await flood
                    return statuses, taps, time.perf_counter() - started

        statuses, taps, took = run(scenario, seconds=120)
        assert statuses.count(403) == 20  # the burst: then every try is refused unheard
        assert statuses.count(429) == len(guesses) - 20
        assert statuses[5_000] == 429  # the right PIN, too late
        # About 4 s here; generous, for a busy machine.
        assert took < 60, f"10,000 refusals took {took:.1f} s"
        assert taps
        assert max(taps) < 5, f"Ana's answers took up to {max(taps):.2f} s during the flood"
        assert stored_names(db, room.session.id) == ["Ana"]


def test_answers_out_of_scale_or_for_another_statement_or_session_are_refused(
    db: Database,
) -> None:
    other_quiz = quizzes.add_quiz(
        db, "Team pulse", 1, 3, ["We listen", "We adapt"], [Band(2, 6, "All", "")]
    )
    other_session = perform(
        db,
        ops.add_session(other_quiz.id, None, "Other room", date(2026, 3, 1), SessionMode.PHONES),
    ).value
    with open_room(db) as room:
        first, second = room.statements[:2]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                await phone.join("Ana")
                while (await phone.answer(first, 3))[0] != 200:
                    await asyncio.sleep(0.01)
                for score in (0, 6, -3, 2.5, "4", True, None, 10**30):
                    status, reply = await phone.answer(first, score)
                    assert status == 422, score
                    assert reply["error"]
                for statement in (second, other_quiz.statements[0].id, 10**9, -1):
                    status, reply = await phone.answer(statement, 2)
                    assert status == 409, statement
                    assert "moved on" in reply["error"]
                room.server.set_voting(False)
                for _ in range(1000):
                    status, reply = await phone.answer(first, 5)
                    if status == 409:
                        break
                    await asyncio.sleep(0.01)
                assert reply["error"] == "Voting is closed for this statement."

        run(scenario)
        assert stored_answers(db, room.session.id) == {("Ana", first): 3}
        assert stored_names(db, other_session.id) == []


def test_markup_and_control_characters_in_names_are_stored_as_plain_safe_text(
    db: Database,
) -> None:
    typed = [
        "<img src=x onerror=alert(1)>",
        "Ana\x00\x07\x1b[31m\u202eRED",
        "  Zoë\r\nŁukasiewicz\t",
        "a" * 1000,
        "anonymous",
    ]
    with open_room(db) as room:

        async def scenario() -> list[str]:
            names = []
            async with phone_session(room) as http:
                for name in typed:
                    http.cookie_jar.clear()
                    status, reply = await Phone(http, room).join(name)
                    assert status == 200
                    names.append(reply["name"])
                async with http.get("/api/state") as response:
                    assert response.content_type == "application/json"
            return names

        replied = run(scenario)
    stored = stored_names(db, room.session.id)
    assert stored == [
        "<img src=x onerror=alert(1)>",
        "Ana[31mRED",
        "Zoë Łukasiewicz",
        "a" * 200,
        "",
    ]
    assert replied == stored


def test_a_wrong_host_or_origin_is_refused(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)
        port = room.server.port

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                for host in (f"evil.example:{port}", "127.0.0.1", f"localhost:{port}", "x"):
                    body = {"pin": room.server.pin, "name": "Rebound"}
                    status, reply = await phone.post("/api/join", body, {"Host": host})
                    assert status == 421, host
                    assert "another address" in reply["error"]
                    assert (await phone.get("/", {"Host": host}))[0] == 421
                for origin in (
                    "http://evil.example",
                    "null",
                    f"https://127.0.0.1:{port}",
                    f"{room.base}/",
                    f"http://127.0.0.1:{port + 1}",
                ):
                    status, reply = await phone.post(
                        "/api/join", {"pin": room.server.pin}, {"Origin": origin}
                    )
                    assert status == 403, origin
                async with http.post(
                    "/api/join", json={"pin": room.server.pin}
                ) as response:  # no Origin at all
                    assert response.status == 403
                await phone.join("Ana")
                async with http.post("/api/answer", json={"statement": first, "score": 2}) as r:
                    assert r.status == 403
                status, _ = await raw_request(
                    room, b"GET /api/state HTTP/1.1\r\nConnection: close\r\n\r\n"
                )  # no Host header at all
                assert status in (400, 421)

        run(scenario)
        assert stored_names(db, room.session.id) == ["Ana"]
        assert stored_answers(db, room.session.id) == {}


@pytest.mark.parametrize(
    "path",
    [
        b"/../pyproject.toml",
        b"/../../../../etc/passwd",
        b"/%2e%2e/%2e%2e/pyproject.toml",
        b"/..%2fpyproject.toml",
        b"/phone.js/../../cxdesk/app.py",
        b"/resources/phone/index.html",
        b"/phone/index.html",
        b"/index.html",
        b"//etc/passwd",
        b"/api/../../README.md",
        b"/phone.js%00.html",
        b"/PHONE.JS",
        b"/static/",
        b"/.git/config",
    ],
)
def test_no_path_reaches_the_disk(db: Database, path: bytes) -> None:
    with open_room(db) as room:
        served = {p.body for p in _pages(room)}
        host = f"{room.server.address}:{room.server.port}".encode()

        async def scenario() -> tuple[int, bytes]:
            return await raw_request(
                room,
                b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n",
            )

        status, body = run(scenario)
    # Either refused, or (a path that normalises to one of them) one of the page's files.
    assert status in (400, 404) or body in served, (status, body[:80])
    assert b"[project]" not in body
    assert b"root:" not in body


def _pages(room: Room) -> list[Page]:
    return list(load_pages(resource_dir() / "phone").values())


def test_requests_after_the_room_stopped_find_the_port_closed(db: Database) -> None:
    with open_room(db) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                assert (await phone.join("Ana"))[0] == 200  # a kept-alive connection
                await asyncio.to_thread(room.server.stop)
                with pytest.raises(aiohttp.ClientConnectionError):
                    await phone.get("/api/state")
            with pytest.raises(ConnectionRefusedError):
                await asyncio.open_connection(room.server.address, room.server.port)

        run(scenario)
        assert not room.server.serving


def test_connections_past_the_cap_are_closed_at_once_and_the_room_goes_on(
    db: Database,
) -> None:
    with open_room(db, limits=RoomLimits(connections=5)) as room:
        host = f"{room.server.address}:{room.server.port}".encode()
        request = b"GET /check HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"

        async def connect() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
            return await asyncio.open_connection(room.server.address, room.server.port)

        async def scenario() -> None:
            held = []
            for _ in range(5):  # kept open after a request, as idle as a script makes them
                reader, writer = await connect()
                writer.write(request)
                await reader.readuntil(b"Your phone reached CX Desk")
                held.append((reader, writer))
            reader, writer = await connect()
            writer.write(request)
            # Closed unanswered (reset, as the request it sent was never read).
            with contextlib.suppress(ConnectionResetError):
                assert await asyncio.wait_for(reader.read(), 5) == b""
            writer.close()
            _, held_writer = held.pop()
            held_writer.close()
            await held_writer.wait_closed()
            status = 0
            for _ in range(500):  # the room notices the closed one, then lets a new one in
                with contextlib.suppress(ConnectionResetError, asyncio.IncompleteReadError):
                    status, _ = await raw_request(room, request[:-2] + b"Connection: close\r\n\r\n")
                if status == 200:
                    break
                await asyncio.sleep(0.01)
            assert status == 200
            for _, writer in held:
                writer.close()
                await writer.wait_closed()

        run(scenario)
