"""While a room serves, the objects the app made before are frozen out of Python's garbage
collections (each full one held every thread, the UI's too, 50-100 ms under 500 phones:
benchmarks/bench_phones.py); the last room to stop gives them back."""

from __future__ import annotations

import gc

from cxdesk.store.database import Database
from tests.room_helpers import open_room, phones_session


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
