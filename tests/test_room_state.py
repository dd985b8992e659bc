"""A room's state without sockets (cxdesk.room.state, limits, streams, quiz): the PIN,
joining, rate limits on a clock the test moves, tokens, the phase, names made safe, the
streams' caps and what a quiz room accepts as an answer."""

from __future__ import annotations

from typing import Any

import pytest

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.room.kinds import Answer
from cxdesk.room.limits import RateLimiter, RoomLimits
from cxdesk.room.quiz import QuizRoom
from cxdesk.room.state import (
    ENDED,
    LOBBY_LOCKED,
    NOT_JOINED,
    PINS_PAUSED,
    REMOVED,
    ROOM_FULL,
    TOO_FAST,
    TOO_MANY_TRIES,
    WRONG_PIN,
    Phase,
    Refusal,
    RoomState,
    Words,
    clean_name,
)
from cxdesk.room.streams import TOO_MANY_STREAMS, Streams
from cxdesk.store.database import Database
from tests.room_helpers import phones_session


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def refused(expected: Words) -> Any:
    return pytest.raises(Refusal, check=lambda r: r.words == expected)


def test_the_pin_is_six_random_digits() -> None:
    pins = {RoomState().pin for _ in range(50)}
    assert all(len(pin) == 6 and pin.isdigit() for pin in pins)
    assert len(pins) > 45  # from secrets, not a counter


def test_wrong_pins_from_many_addresses_spend_the_rooms_budget_and_pause_newcomers() -> None:
    clock = Clock()
    limits = RoomLimits(wrong_pins_per_minute=30, wrong_pin_burst=200, wrong_pin_pause_seconds=60)
    told: list[int] = []
    room = RoomState(limits, clock, pin="123456", on_pin_guessing=told.append)
    room.check_join("10.0.0.1", "123456")
    room.reserve_seat()
    ana = room.seat(1, "Ana").token
    guesses = iter(range(1_000_000))
    for n in range(200):  # ten tries from each of twenty addresses: each within its rate
        with refused(WRONG_PIN):
            room.check_join(f"10.0.1.{n // 10}", f"{next(guesses):06d}")
    assert told == [200]  # the desktop is told once
    for address in ("10.0.2.1", "10.0.2.2"):  # the right PIN tells nothing now, nor a wrong one
        for pin in ("123456", "999999"):
            with refused(PINS_PAUSED):
                room.check_join(address, pin)
    room.check_join("10.0.2.3", "123456", resuming=room.knows(None, ana))  # Ana reloads
    clock.now += 60.0  # the pause is over: 30 more wrong PINs, then another pause
    for n in range(30):
        with refused(WRONG_PIN):
            room.check_join(f"10.0.3.{n}", "000000")
    assert told == [200, 230]
    with refused(PINS_PAUSED):
        room.check_join("10.0.4.1", "123456")

    # The room opened again goes on with the same budget: a guesser gets no new one.
    again = RoomState(limits, clock, on_pin_guessing=told.append)
    again.take_over(room.identity("10.0.0.99", 8765))
    with refused(PINS_PAUSED):
        again.check_join("10.0.4.2", "123456")
    clock.now += 60.0
    again.check_join("10.0.4.3", "123456")


def test_joins_from_one_address_are_limited_right_or_wrong_and_come_back_with_time() -> None:
    clock = Clock()
    room = RoomState(RoomLimits(joins_per_minute=10, join_burst=20), clock, pin="1234")
    for _ in range(19):
        with refused(WRONG_PIN):
            room.check_join("10.0.0.7", "0000")
    room.check_join("10.0.0.7", "1234")  # the 20th: the burst is spent
    for pin in ("0000", "1234"):  # the right PIN does not get through either
        with refused(TOO_MANY_TRIES):
            room.check_join("10.0.0.7", pin)
    room.check_join("10.0.0.8", "1234")  # another phone is not held up
    clock.now += 6.0  # 10 a minute: one more every 6 s
    room.check_join("10.0.0.7", "1234")
    with refused(TOO_MANY_TRIES):
        room.check_join("10.0.0.7", "1234")


@pytest.mark.parametrize("pin", [None, 1234, "12345", "123", "", " 1234x", ["1234"]])
def test_anything_but_the_pin_is_wrong(pin: object) -> None:
    room = RoomState(pin="1234")
    with refused(WRONG_PIN):
        room.check_join("10.0.0.7", pin)


def test_seats_the_lobby_and_the_cap() -> None:
    room = RoomState(RoomLimits(participants=2), pin="1234")
    room.reserve_seat()
    room.reserve_seat()  # two on their way to the database count already
    with refused(ROOM_FULL):
        room.reserve_seat()
    room.release_seat()  # one could not be saved
    ana = room.seat(7, "Ana")
    assert room.joined == 1
    room.lobby_locked = True
    with refused(LOBBY_LOCKED):
        room.reserve_seat()
    room.lobby_locked = False
    room.remove(ana.id)
    assert room.joined == 0
    room.reserve_seat()  # the removed person's place is free again


def test_a_removal_undone_lets_the_same_token_in_again() -> None:
    room = RoomState(pin="1234")
    room.reserve_seat()
    ana = room.seat(7, "Ana")
    ana.answers[3] = 4
    assert room.restore(ana.id) is None  # not removed: nothing to give back
    assert room.restore(99) is None  # never in this room
    room.remove(ana.id)
    with refused(REMOVED):
        room.authenticate(ana.token)
    assert room.restore(ana.id) is ana
    assert room.authenticate(ana.token) is ana
    assert (room.joined, ana.answers) == (1, {3: 4})
    assert room.restore(ana.id) is None  # once
    assert room.joined == 1


def test_tokens_name_one_participant_and_are_refused_when_unknown_or_revoked() -> None:
    room = RoomState(pin="1234")
    room.reserve_seat()
    ana = room.seat(1, "Ana")
    room.reserve_seat()
    ben = room.seat(2, "Ben")
    assert len(ana.token) == 32
    assert ana.token != ben.token
    assert room.authenticate(ana.token) is ana
    assert room.authenticate(None, "nonsense", ben.token) is ben  # the first known one
    assert room.authenticate(ana.token, ben.token) is ana
    for unknown in ([], [None], ["x" * 32], [ana.token[:-1]], [ana.token + "A"], [42]):
        with refused(NOT_JOINED):
            room.authenticate(*unknown)
    assert room.resume("x" * 32) is None
    assert room.resume(None, ben.token) is ben
    room.remove(ana.id)
    with refused(REMOVED):
        room.authenticate(ana.token)
    with refused(REMOVED):
        room.resume(ana.token)
    assert room.authenticate(ana.token, ben.token) is ben
    assert room.remove(ana.id) is None  # again: nothing
    assert room.remove(99) is None
    room.ended = True
    with refused(ENDED):
        room.authenticate(ben.token)
    with refused(ENDED):
        room.check_join("10.0.0.7", "1234")


def test_the_phase_follows_the_desktop() -> None:
    room = RoomState()
    assert room.phase is Phase.LOBBY
    room.statement_id = 5
    assert room.phase is Phase.OPEN
    room.voting_open = False
    assert room.phase is Phase.CLOSED
    room.statement_id = None
    assert room.phase is Phase.CLOSED
    room.ended = True
    assert room.phase is Phase.ENDED


def test_answers_are_limited_per_participant() -> None:
    clock = Clock()
    room = RoomState(RoomLimits(answers_per_second=5, answer_burst=3), clock)
    room.reserve_seat()
    ana = room.seat(1, "Ana")
    room.reserve_seat()
    ben = room.seat(2, "Ben")
    for _ in range(3):
        room.check_answer_rate(ana)
    with refused(TOO_FAST):
        room.check_answer_rate(ana)
    room.check_answer_rate(ben)
    clock.now += 0.2
    room.check_answer_rate(ana)


def test_the_rate_limiter_forgets_what_has_refilled() -> None:
    clock = Clock()
    limiter = RateLimiter(1.0, 2, clock, max_keys=100)
    for n in range(100):
        assert limiter.allow(f"10.0.{n}.1")
    clock.now += 5  # every bucket full again
    assert limiter.allow("10.0.200.1")
    assert len(limiter) == 1
    assert limiter.allow("10.0.200.1")
    assert not limiter.allow("10.0.200.1")  # still counted


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ana", "Ana"),
        ("  Ana \n\t María  ", "Ana María"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # shown as text
        ("A\x00n\x07a\x1b\x7f\x9f\x85b", "Ana b"),  # NEL is a line break
        ("\u202eAna\u202c \u2067Bo\u2069 \u200fC", "Ana Bo C"),
        ("👩\u200d💻 Zoë Łukasiewicz", "👩\u200d💻 Zoë Łukasiewicz"),
        ("\ud800x\ufffe", "x"),
        ("a" * 5000, "a" * NAME_MAX),
        (None, ""),
        (42, ""),
        (["Ana"], ""),
    ],
)
def test_names_are_made_safe_and_capped(typed: object, stored: str) -> None:
    assert clean_name(typed) == stored


def test_streams_are_capped_and_a_phones_oldest_gives_way() -> None:
    limits = RoomLimits(streams=5, streams_per_address=3, streams_per_participant=2)
    streams = Streams(limits)
    room = RoomState(limits)
    people = []
    for n in range(4):
        room.reserve_seat()
        people.append(room.seat(n, f"P{n}"))
    ana = people[0]
    first = streams.open(ana, "10.0.0.1")
    second = streams.open(ana, "10.0.0.1")
    third = streams.open(ana, "10.0.0.1")  # her third: the first ends
    assert first.superseded
    assert first.wake.is_set()
    assert not second.superseded
    assert len(streams) == 2
    streams.open(people[1], "10.0.0.1")
    with refused(TOO_MANY_STREAMS):
        streams.open(people[2], "10.0.0.1")  # three from this address
    streams.open(people[2], "10.0.0.2")
    streams.open(people[3], "10.0.0.3")
    with refused(TOO_MANY_STREAMS):
        streams.open(people[3], "10.0.0.4")  # five in the room
    streams.close(third)
    streams.close(third)  # again: nothing
    streams.close(first)  # already gone
    assert len(streams) == 4
    streams.open(people[3], "10.0.0.4")
    streams.wake(people[1])
    streams.wake_all()


def test_a_quiz_room_takes_a_whole_score_on_the_scale_for_the_statement_shown(
    db: Database,
) -> None:
    session, quiz = phones_session(db)
    kind = QuizRoom(session.id)
    kind.load(db)
    room = RoomState()
    room.reserve_seat()
    ana = room.seat(1, "Ana")
    first, second = (s.id for s in quiz.statements[:2])
    room.statement_id = first

    def answer(body: dict[str, object]) -> Answer:
        return kind.read_answer(body, room, ana)

    assert answer({"statement": first, "score": 5}) == Answer(ana.id, first, 5)
    assert answer({"statement": first, "score": 1, "participant": 99}).participant_id == ana.id
    for score in (0, 6, -1, 3.0, 3.5, "3", True, None, 10**100, [3], {"v": 3}):
        with pytest.raises(Refusal) as refusal:
            answer({"statement": first, "score": score})
        assert refusal.value.status == 422, score
    for statement in (str(first), None, True, 1.0 * first):
        with pytest.raises(Refusal) as refusal:
            answer({"statement": statement, "score": 3})
        assert refusal.value.status == 422
    for statement in (second, 10**9, -1):
        with pytest.raises(Refusal) as refusal:
            answer({"statement": statement, "score": 3})
        assert refusal.value.status == 409
    room.voting_open = False
    with pytest.raises(Refusal, match="Voting is closed"):
        answer({"statement": first, "score": 3})
    assert kind.shows(None)
    assert kind.shows(second)
    assert not kind.shows(10**9)
