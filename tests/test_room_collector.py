"""While a room serves, the objects the app made before are frozen out of Python's garbage
collections (each full one held every thread, the UI's too, 50-100 ms under 500 phones:
benchmarks/bench_phones.py); the last room to stop gives them back."""

from __future__ import annotations

import asyncio
import gc

import pytest

from cxdesk.collector import freeze_newcomers
from cxdesk.room import server
from cxdesk.store.database import Database
from tests.room_helpers import Phone, open_room, phone_session, phones_session, run


def test_a_serving_room_freezes_what_the_app_made_and_gives_it_back(db: Database) -> None:
    before = gc.get_freeze_count()
    with open_room(db):
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == before


def test_overlapping_rooms_keep_them_frozen_until_the_last_stops(db: Database) -> None:
    before = gc.get_freeze_count()
    second, _quiz = phones_session(db, "Second room")
    with open_room(db) as first:
        frozen = gc.get_freeze_count()
        assert frozen > before
        with open_room(db, second):
            assert gc.get_freeze_count() >= frozen
        first.server.stop()  # the second stopped first; the first stops now
        assert gc.get_freeze_count() == before


def test_what_phones_bring_when_they_join_is_frozen_too(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "FREEZE_SECONDS", 0.01)
    before = gc.get_freeze_count()
    with open_room(db) as room:
        at_start = gc.get_freeze_count()

        async def scenario() -> None:
            async with phone_session(room) as http:
                status, _reply = await Phone(http, room).join("Ana")
                assert status == 200
                # Polled, not slept for: the room looks for newcomers every 10 ms here.
                deadline = asyncio.get_running_loop().time() + 10
                while gc.get_freeze_count() <= at_start:
                    assert asyncio.get_running_loop().time() < deadline, "never frozen"
                    await asyncio.sleep(0.005)

        run(scenario)
    assert gc.get_freeze_count() == before  # all given back when the room stopped


def test_freezing_newcomers_outside_a_room_does_nothing() -> None:
    before = gc.get_freeze_count()
    freeze_newcomers()
    assert gc.get_freeze_count() == before
