"""Phones in the room (cxdesk.room.server) over real sockets on 127.0.0.1: join, the
room's state, answers committed before they are acknowledged, resuming, the event
stream, and the desktop's commands."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from cxdesk.room.events import (
    AnswersSaved,
    ParticipantJoined,
    ParticipantRemoved,
    ParticipantRestored,
    PhoneReached,
    RoomStarted,
    RoomStopped,
)
from cxdesk.store.database import Database
from tests.room_helpers import (
    WAIT,
    Phone,
    open_room,
    phone_session,
    run,
    stored_answers,
    stored_names,
)


def test_a_phone_joins_sees_the_statement_and_its_answer_is_stored(db: Database) -> None:
    with open_room(db) as room:
        started = room.wait_for(RoomStarted)[0]
        assert started.url == f"{room.base}/?pin={room.server.pin}"
        assert len(room.server.pin) == 6
        first = room.statements[0]

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                status, reply = await phone.join("Ana")
                assert status == 200
                assert reply["name"] == "Ana"
                status, state = await phone.get("/api/state")
                assert status == 200
                assert state["phase"] == "lobby"
                assert state["statement"] is None
                room.server.show_statement(first)
                state = await wait_state(phone, lambda s: s["statement"] is not None)
                assert state == {
                    "kind": "quiz",
                    "title": room.quiz.title,
                    "phase": "open",
                    "statement": {
                        "id": first,
                        "number": 1,
                        "count": 5,
                        "text": room.quiz.statements[0].text,
                    },
                    "scale": {
                        "min": 1,
                        "max": 5,
                        "labels": {"1": "Strongly disagree", "5": "Strongly agree"},
                    },
                    "answers": {},
                    "name": "Ana",
                }
                status, reply = await phone.answer(first, 4)
                assert (status, reply) == (200, {"saved": True, "statement": first, "score": 4})
                # "saved" means committed: the answer is in the database already.
                assert stored_answers(db, room.session.id) == {("Ana", first): 4}
                _, state = await phone.get("/api/state")
                assert state["answers"] == {str(first): 4}

        run(scenario)
        joined = room.wait_for(ParticipantJoined)[0]
        assert (joined.name, joined.joined) == ("Ana", 1)
        assert joined.changeset is not None
        assert joined.changeset.created == {"workshop_participant": {joined.participant_id}}
        saved = room.wait_for(AnswersSaved)[0]
        assert saved.answered == {first: 1}
        assert saved.changeset.touches("quiz_answer")
    assert isinstance(room.events[-1], RoomStopped)


async def wait_state(phone: Phone, ready: Any) -> Any:
    """The room's state once ``ready(state)`` (the desktop's commands reach the room's
    thread a moment later)."""
    for _ in range(int(WAIT / 0.01)):
        _, state = await phone.get("/api/state")
        if ready(state):
            return state
        await asyncio.sleep(0.01)
    raise AssertionError(f"the room never got there: {state}")


def test_the_last_answer_wins(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                await phone.join("Ana")
                await wait_state(phone, lambda s: s["phase"] == "open")
                for score in (2, 5, 3):
                    assert (await phone.answer(first, score))[0] == 200
                # Many at once from one phone: committed in the order sent.
                replies = await asyncio.gather(*(phone.answer(first, s) for s in (1, 2, 3, 4)))
                assert [status for status, _ in replies] == [200] * 4
                _, state = await phone.get("/api/state")
                assert state["answers"] == {str(first): 4}

        run(scenario)
        assert stored_answers(db, room.session.id) == {("Ana", first): 4}


def test_a_phone_resumes_with_its_token_by_cookie_header_or_join(db: Database) -> None:
    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                _, joined = await phone.join("Ana")
                await wait_state(phone, lambda s: s["phase"] == "open")
                await phone.answer(first, 5)
                # The cookie alone (the page reloaded, localStorage lost).
                status, state = await phone.get("/api/state")
                assert (status, state["name"], state["answers"]) == (200, "Ana", {str(first): 5})
            token = joined["token"]
            # A captive-portal browser that dropped the cookie: the header alone.
            async with phone_session(room, cookies=False) as http:
                phone = Phone(http, room)
                status, state = await phone.get("/api/state", {"X-CXDesk-Token": token})
                assert (status, state["name"], state["answers"]) == (200, "Ana", {str(first): 5})
                status, _ = await phone.get("/api/state")
                assert status == 401
                # Joining again with the token is the same participant, no new row.
                status, again = await phone.join("Someone else", token=token)
                assert (status, again) == (200, {"token": token, "name": "Ana"})

        run(scenario)
        assert stored_names(db, room.session.id) == ["Ana"]
        assert len(room.of(ParticipantJoined)) == 1


def test_the_join_sets_a_strict_http_only_cookie_and_every_response_the_headers(
    db: Database,
) -> None:
    with open_room(db) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                async with http.post(
                    "/api/join",
                    data=json.dumps({"pin": room.server.pin}),
                    headers={"Origin": room.base},
                ) as response:
                    assert response.status == 200
                    cookie = response.headers["Set-Cookie"]
                    token = (await response.json())["token"]
                    headers = response.headers
                assert cookie.startswith(f"cxdesk_room={token};")
                assert "HttpOnly" in cookie
                assert "SameSite=Strict" in cookie
                assert "Path=/" in cookie
                assert headers["Cache-Control"] == "no-store"
                for path in ("/api/state", "/check", "/nothing-here", "/"):
                    async with http.get(path) as response:
                        csp = response.headers["Content-Security-Policy"]
                        assert csp.startswith("default-src 'none'; script-src 'self';")
                        assert "frame-ancestors 'none'" in csp
                        assert response.headers["X-Content-Type-Options"] == "nosniff"
                        assert response.headers["Referrer-Policy"] == "no-referrer"

        run(scenario)


def test_the_event_stream_sends_the_state_on_every_change_removal_and_undo(db: Database) -> None:
    with open_room(db) as room:
        first, second = room.statements[:2]

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                await phone.join("Ana")
                async with http.get(f"/api/events?token={phone.token}") as stream:
                    assert stream.status == 200
                    assert stream.headers["Content-Type"].startswith("text/event-stream")
                    events = sse(stream)
                    name, state = await anext(events)
                    assert (name, state["phase"], state["statement"]) == ("state", "lobby", None)
                    room.server.show_statement(first)
                    name, state = await anext(events)
                    assert (name, state["phase"], state["statement"]["id"]) == (
                        "state",
                        "open",
                        first,
                    )
                    room.server.set_voting(False)
                    assert (await anext(events))[1]["phase"] == "closed"
                    room.server.show_statement(second)
                    room.server.set_voting(True)
                    state = (await anext(events))[1]
                    while state["phase"] != "open":  # the two changes may come as one
                        state = (await anext(events))[1]
                    assert state["statement"]["number"] == 2
                    participant = room.wait_for(ParticipantJoined)[0].participant_id
                    room.server.remove_participant(participant)
                    name, body = await anext(events)
                    assert name == "removed"
                    assert "removed" in body["error"]
                    status, reply = await phone.get("/api/state")
                    assert status == 410
                    assert reply["reason"] == "removed"
                    assert "removed" in reply["error"]
                    # The deletion undone: the same stream shows the room again.
                    room.server.restore_participant(participant)
                    name, state = await anext(events)
                    assert (name, state["phase"], state["statement"]["number"]) == (
                        "state",
                        "open",
                        2,
                    )
                status, reply = await phone.get("/api/state")
                assert (status, reply["name"]) == (200, "Ana")

        run(scenario)
        removed = room.wait_for(ParticipantRemoved)[0]
        assert removed.joined == 0
        assert room.wait_for(ParticipantRestored)[0].joined == 1


def test_the_event_stream_keeps_alive_and_ends_when_the_room_stops(db: Database) -> None:
    from cxdesk.room.limits import RoomLimits

    with open_room(db, limits=RoomLimits(keepalive_seconds=0.05)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = Phone(http, room)
                await phone.join()
                async with http.get(f"/api/events?token={phone.token}") as stream:
                    await stream.content.readuntil(b"\n\n")  # retry
                    await stream.content.readuntil(b"\n\n")  # the state
                    keepalive = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), WAIT)
                    assert keepalive == b": keepalive\n\n"
                    await asyncio.to_thread(room.server.stop)
                    seen = [item async for item in sse(stream)]
                    assert seen[-1][0] == "state"
                    assert seen[-1][1]["phase"] == "ended"

        run(scenario)


async def sse(stream: aiohttp.ClientResponse) -> Any:
    """(event name, data) as they come; comments skipped; ends with the stream."""
    name, data = "message", ""
    while True:
        line = await asyncio.wait_for(stream.content.readline(), WAIT)
        if not line:
            return
        text = line.decode().rstrip("\n")
        if text.startswith("event: "):
            name = text[len("event: ") :]
        elif text.startswith("data: "):
            data += text[len("data: ") :]
        elif not text and data:
            yield name, json.loads(data)
            name, data = "message", ""


def test_the_desktop_locks_the_lobby(db: Database) -> None:
    with open_room(db) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                early = Phone(http, room)
                assert (await early.join("Early"))[0] == 200
            room.server.set_lobby_locked(True)
            async with phone_session(room) as http:
                late = Phone(http, room)
                for _ in range(int(WAIT / 0.01)):
                    status, reply = await late.join("Late")
                    if status != 200:
                        break
                    await asyncio.sleep(0.01)
                assert status == 423
                assert "closed to newcomers" in reply["error"]
                # Who is in may still come back (a reload).
                status, _ = await late.join(token=early.token)
                assert status == 200
            room.server.set_lobby_locked(False)
            await asyncio.sleep(0.05)
            async with phone_session(room) as http:
                assert (await Phone(http, room).join("Later"))[0] == 200

        run(scenario)
        assert stored_names(db, room.session.id)[0] == "Early"
        assert "Late" not in stored_names(db, room.session.id)


def test_the_check_page_reports_that_a_phone_reached_the_laptop(db: Database) -> None:
    with open_room(db) as room:

        async def scenario() -> str:
            async with phone_session(room) as http, http.get("/check") as response:
                assert response.status == 200
                return await response.text()

        page = run(scenario)
        assert "Your phone reached CX Desk" in page
        assert room.server.pin not in page
        reached = room.wait_for(PhoneReached)
        assert [e.address for e in reached] == ["127.0.0.1"]


def test_a_stream_the_phone_dropped_is_let_go_at_the_next_keepalive(db: Database) -> None:
    from cxdesk.room.limits import RoomLimits

    limits = RoomLimits(keepalive_seconds=0.05, streams_per_address=1)
    with open_room(db, limits=limits) as room:

        async def scenario() -> None:
            async with phone_session(room) as http_a, phone_session(room) as http_b:
                ana, ben = Phone(http_a, room), Phone(http_b, room)
                await ana.join("Ana")
                await ben.join("Ben")
                async with http_a.get(f"/api/events?token={ana.token}") as stream:
                    await stream.content.readuntil(b"\n\n")
                    async with http_b.get(f"/api/events?token={ben.token}") as refused:
                        assert refused.status == 503  # one stream for this address
                    stream.connection.close()  # type: ignore[union-attr]  # the phone slept
                for _ in range(int(WAIT / 0.02)):
                    async with http_b.get(f"/api/events?token={ben.token}") as again:
                        if again.status == 200:
                            break
                    await asyncio.sleep(0.02)
                assert again.status == 200
                async with http_a.head(f"/api/events?token={ana.token}") as head:
                    assert head.status == 405

        run(scenario)


def test_a_participant_deleted_on_the_desktop_is_refused_and_the_room_goes_on(
    db: Database,
) -> None:
    from cxdesk.ops import perform
    from cxdesk.ops import quizzes as ops

    with open_room(db) as room:
        first = room.statements[0]
        room.server.show_statement(first)

        async def scenario() -> None:
            async with phone_session(room) as http_a, phone_session(room) as http_b:
                ana, ben = Phone(http_a, room), Phone(http_b, room)
                await ana.join("Ana")
                await ben.join("Ben")
                await wait_state(ana, lambda s: s["phase"] == "open")
                ana_id = room.wait_for(ParticipantJoined)[0].participant_id
                # The desktop deletes her rows first (an undoable Delete), then tells the room.
                await asyncio.to_thread(perform, db, ops.delete_participants([ana_id]))
                status, reply = await ana.answer(first, 2)
                assert status == 409
                assert "no longer exists" in reply["error"]
                room.server.remove_participant(ana_id)
                for _ in range(int(WAIT / 0.01)):
                    status, reply = await ana.answer(first, 2)
                    if status != 409:
                        break
                    await asyncio.sleep(0.01)
                assert (status, reply["reason"]) == (410, "removed")
                assert (await ben.answer(first, 4))[0] == 200

        run(scenario)
        assert stored_answers(db, room.session.id) == {("Ben", first): 4}
