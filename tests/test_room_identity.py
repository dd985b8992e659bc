"""A room opened again takes over the one that closed (cxdesk.room.identity), over real
sockets on 127.0.0.1: the same PIN and port, a phone's token resumes the same
participant with its answers, removed ones stay out, the lobby stays locked."""

from __future__ import annotations

import socket
from typing import Any

from cxdesk.room.events import ParticipantJoined
from cxdesk.room.identity import RoomIdentity
from cxdesk.room.quiz import QuizRoom
from cxdesk.room.server import RoomServer
from cxdesk.store.database import Database
from tests.room_helpers import Phone, Room, open_room, phone_session, run, stored_names

TOKEN_HEADER = "X-CXDesk-Token"


def _joined_and_answered(room: Room) -> tuple[str, str, str]:
    """Ana answers the first statement, Ben and Spam join; Spam is removed and the
    lobby locked. Their tokens."""
    first = room.statements[0]
    room.server.show_statement(first)

    async def scenario() -> tuple[str, str, str]:
        tokens = []
        for name in ("Ana", "Ben", "Spam"):
            async with phone_session(room) as http:
                phone = Phone(http, room)
                assert (await phone.join(name))[0] == 200
                if name == "Ana":
                    assert (await phone.answer(first, 4))[0] == 200
                assert phone.token is not None
                tokens.append(phone.token)
        return tokens[0], tokens[1], tokens[2]

    tokens = run(scenario)
    spam = room.wait_for(ParticipantJoined, 3)[2]
    room.server.remove_participant(spam.participant_id)
    room.server.set_lobby_locked(True)
    return tokens


async def _ask(room: Room, path: str, token: str, body: Any = None, cookie: bool = False) -> Any:
    """One request of a phone whose page reloaded: its token from localStorage (the
    header) or, ``cookie``, only the cookie its browser kept."""
    async with phone_session(room) as http:
        if cookie:
            http.cookie_jar.update_cookies({"cxdesk_room": token})
        phone = Phone(http, room)
        headers = {} if cookie else {TOKEN_HEADER: token}
        if body is None:
            return await phone.get(path, headers)
        return await phone.post(path, body, headers)


def test_a_room_opened_again_is_the_same_room_to_its_phones(db: Database) -> None:
    with open_room(db) as room:
        ana, ben, spam = _joined_and_answered(room)
        pin, port, first = room.server.pin, room.server.port, room.statements[0]
        assert room.server.identity() is None  # the state is the room's thread's meanwhile
    kept = room.server.identity()
    assert kept is not None
    assert (kept.pin, kept.address, kept.port, kept.lobby_locked) == (pin, "127.0.0.1", port, True)
    assert kept.joined == 2
    assert ana not in repr(kept)  # secrets stay out of logs
    assert pin not in repr(kept)

    with open_room(db, room.session, identity=kept) as again:
        # The same PIN and port: the QR code on the screen is the same.
        assert (again.server.pin, again.server.port) == (pin, port)
        assert again.server.url == room.server.url

        async def reloaded() -> None:
            # Ana's page reloads: by its stored token, or by the cookie alone.
            status, state = await _ask(again, "/api/state", ana)
            assert status == 200
            assert (state["name"], state["answers"]) == ("Ana", {str(first): 4})
            status, state = await _ask(again, "/api/state", ana, cookie=True)
            assert (status, state["name"]) == (200, "Ana")
            status, reply = await _ask(again, "/api/join", ana, {"pin": pin, "token": ana})
            assert (status, reply["token"], reply["name"]) == (200, ana, "Ana")
            status, reply = await _ask(again, "/api/join", ben, {"pin": pin, "name": "Ben 2"})
            assert (status, reply["token"], reply["name"]) == (200, ben, "Ben")
            # Removed stays removed; the lobby stays locked to newcomers.
            status, reply = await _ask(again, "/api/state", spam)
            assert (status, reply["reason"]) == (410, "removed")
            status, _ = await _ask(again, "/api/join", spam, {"pin": pin, "token": spam})
            assert status == 410
            async with phone_session(again) as http:
                assert (await Phone(http, again).join("Late"))[0] == 423

        run(reloaded)
    assert again.of(ParticipantJoined) == []  # nobody joined twice
    assert stored_names(db, room.session.id) == ["Ana", "Ben", "Spam"]  # no new row


def test_participants_removed_while_no_room_ran_are_told_so(db: Database) -> None:
    with open_room(db) as room:
        ana, ben, _spam = _joined_and_answered(room)
        ana_id = room.wait_for(ParticipantJoined, 1)[0].participant_id
    kept = room.server.identity()
    assert kept is not None
    kept = kept.removing([ana_id])
    assert kept.joined == 1

    with open_room(db, room.session, identity=kept) as again:

        async def reloaded() -> None:
            status, reply = await _ask(again, "/api/state", ana)
            assert (status, reply["reason"]) == (410, "removed")
            assert (await _ask(again, "/api/state", ben))[0] == 200

        run(reloaded)
    # The deletion undone while no room ran: Ana's phone is let in again.
    back = kept.restoring([ana_id, 999_999])
    assert back.joined == 2
    assert back.restoring([ana_id]) is back
    with open_room(db, room.session, identity=back) as third:

        async def resumed() -> None:
            assert (await _ask(third, "/api/state", ana))[0] == 200

        run(resumed)


def test_a_room_opened_again_on_a_port_now_taken_keeps_its_pin_and_phones(
    db: Database,
) -> None:
    with open_room(db) as room:
        ana, _ben, _spam = _joined_and_answered(room)
    kept = room.server.identity()
    assert kept is not None
    with socket.socket() as squatter:  # another program took the port meanwhile
        squatter.bind(("127.0.0.1", kept.port))
        squatter.listen()
        with open_room(db, room.session, identity=kept) as again:
            assert again.server.port != kept.port
            assert again.server.pin == kept.pin

            async def reloaded() -> None:
                assert (await _ask(again, "/api/state", ana))[0] == 200

            run(reloaded)
    moved = again.server.identity()
    assert moved is not None
    assert moved.port == again.server.port


def test_a_room_that_never_opened_hands_on_what_it_took_over(db: Database) -> None:
    taken = RoomIdentity("0042", lobby_locked=True, address="127.0.0.1", port=8799)
    with open_room(db, identity=taken) as room:
        assert room.server.pin == "0042"
    unopened = RoomServer(db, QuizRoom(room.session.id), "127.0.0.1", 0, identity=taken)
    assert unopened.identity() == taken
