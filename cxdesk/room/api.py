"""The phone's API: join, the room's state, an answer, and the event stream (aiohttp)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import cast

from aiohttp import web

from cxdesk.room.events import ParticipantJoined
from cxdesk.room.serving import Serving
from cxdesk.room.state import REMOVED, Participant, Words, clean_name
from cxdesk.room.writer import Join, Save, Seat

COOKIE = "cxdesk_room"
TOKEN_HEADER = "X-CXDesk-Token"
MALFORMED = Words(422, "The phone sent something the room cannot read. Reload the page.")
TOO_SLOW = Words(408, "The phone took too long to send that. Try again.")
RETRY_MS = 3000  # how soon a phone's browser reconnects a dropped event stream


SERVING = web.AppKey("serving", Serving)  # where the app keeps what its handlers share


def _serving(request: web.Request) -> Serving:
    return request.app[SERVING]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: object) -> web.Response:
    return web.json_response(value, dumps=_dumps)


async def _body(request: web.Request) -> Mapping[str, object]:
    """The request's JSON object (the size was capped before it was read, and the time
    it may take to arrive is too)."""
    try:
        async with asyncio.timeout(_serving(request).state.limits.body_seconds):
            raw = await request.read()
    except TimeoutError:
        raise TOO_SLOW.refuse() from None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MALFORMED.refuse() from None
    if not isinstance(value, dict):
        raise MALFORMED.refuse()
    return value


def _participant(request: web.Request, *, query: bool = False) -> Participant:
    """Who is asking: the token in the header (the page keeps it in localStorage: a
    captive-portal browser may drop cookies), the cookie, or (event streams only, which
    cannot set headers) the query."""
    tokens = [request.headers.get(TOKEN_HEADER), request.cookies.get(COOKIE)]
    if query:
        tokens.append(request.query.get("token"))
    return _serving(request).state.authenticate(*tokens)


async def join(request: web.Request) -> web.StreamResponse:
    serving = _serving(request)
    room = serving.state
    body = await _body(request)
    tokens = (body.get("token"), request.headers.get(TOKEN_HEADER), request.cookies.get(COOKIE))
    room.check_join(request.remote or "", body.get("pin"), resuming=room.knows(*tokens))
    participant = room.resume(*tokens)
    if participant is None:
        room.reserve_seat()
        try:
            seat = await serving.write(lambda reply: Join(clean_name(body.get("name")), reply))
        except BaseException:
            room.release_seat()
            raise
        participant_id, name, changeset = cast(Seat, seat)
        participant = room.seat(participant_id, name)
        serving.emit(ParticipantJoined(participant.id, participant.name, room.joined, changeset))
    response = _json({"token": participant.token, "name": participant.name})
    response.set_cookie(COOKIE, participant.token, httponly=True, samesite="Strict", path="/")
    return response


async def state(request: web.Request) -> web.StreamResponse:
    serving = _serving(request)
    return _json(serving.room.view(serving.state, _participant(request)))


async def answer(request: web.Request) -> web.StreamResponse:
    serving = _serving(request)
    participant = _participant(request)
    body = await _body(request)
    serving.state.check_answer_rate(participant)
    given = serving.room.read_answer(body, serving.state, participant)
    await serving.write(lambda reply: Save(given, reply))
    # Committed: the phone's own answers (what its state shows) follow, in commit order.
    participant.answers[given.key] = given.value
    return _json(serving.room.saved(given))


async def events(request: web.Request) -> web.StreamResponse:
    """``event: state`` on connect and whenever the room changes, ``event: removed``
    when the presenter removes the participant (then ``state`` again if that is
    undone), a comment line to keep it open."""
    serving = _serving(request)
    participant = _participant(request, query=True)
    stream = serving.streams.open(participant, request.remote or "")
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no"}
    )
    try:
        await response.prepare(request)
        await response.write(f"retry: {RETRY_MS}\n\n".encode() + _state_event(serving, participant))
        while not serving.state.ended:
            try:
                await asyncio.wait_for(stream.wake.wait(), serving.state.limits.keepalive_seconds)
            except TimeoutError:
                # Also how a phone that went away is noticed: this write fails.
                await response.write(b": keepalive\n\n")
                continue
            stream.wake.clear()
            if stream.superseded:
                break
            if participant.removed:
                # The stream stays open: if the consultant undoes the deletion, the
                # next state event gives the phone its room back.
                await response.write(_event("removed", REMOVED.body))
                continue
            await response.write(_state_event(serving, participant))
    except ConnectionResetError:  # the phone went away (asleep, out of range, closed)
        pass
    finally:
        serving.streams.close(stream)
    return response


def _state_event(serving: Serving, participant: Participant) -> bytes:
    return _event("state", serving.room.view(serving.state, participant))


def _event(name: str, data: object) -> bytes:
    # json.dumps writes no line break (those in text are escaped): one data line.
    return f"event: {name}\ndata: {_dumps(data)}\n\n".encode()
