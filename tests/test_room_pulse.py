"""A pulse check answered on phones (cxdesk.room.pulse) over real sockets on 127.0.0.1:
each phone one pulse-check response of the chosen side, made by its first answer and
changed by every later one, free text cleaned and capped, resuming, the consultant's own
edits respected, and hostile values refused with nothing stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from cxdesk.models.servqual import RespondentSide
from cxdesk.ops import feedback as ops
from cxdesk.ops import perform
from cxdesk.room import pulse as pulse_room
from cxdesk.room import rater as rater_room
from cxdesk.room import survey as survey_room
from cxdesk.room.events import AnswersSaved, ParticipantJoined, RoomFailed
from cxdesk.room.pulse import TEXT_MAX, PulseRoom
from cxdesk.room.server import RoomServer
from cxdesk.room.state import Participant, Refusal, RoomState
from cxdesk.room.survey import FINISHED, STARTED
from cxdesk.store import pulse, workspace
from cxdesk.store.database import Database
from tests.room_helpers import WAIT, Phone, phone_session, run
from tests.survey_helpers import Batches, feedback_rows, joined_phones, open_survey, survey_phone

DAY = date(2026, 3, 12)


def answer(phone: Phone, question: Any, value: Any) -> Any:
    return phone.post("/api/answer", {"question": question, "value": value})


@pytest.fixture
def milestone_id(db: Database, engagement_id: int) -> int:
    return workspace.add_milestone(db, engagement_id, "Go-live", DAY).id


def test_each_phone_is_one_pulse_check_made_by_its_first_answer(
    db: Database, engagement_id: int, milestone_id: int
) -> None:
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY, milestone_id)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                ana = survey_phone(http, room)
                assert (await ana.join("Ana"))[0] == 200
                assert pulse.list_pulses(db, engagement_id) == []  # nothing to store yet
                status, state = await ana.get("/api/state")
                assert status == 200
                assert (state["kind"], state["phase"], state["title"]) == (
                    "pulse",
                    "open",
                    "Pulse check",
                )
                questions = {q["id"]: q for q in state["questions"]}
                assert list(questions) == ["confidence", "csat", "working", "not_working"]
                assert (questions["confidence"]["min"], questions["confidence"]["max"]) == (1, 10)
                assert (questions["csat"]["min"], questions["csat"]["max"]) == (1, 5)
                assert questions["csat"]["labels"]["5"] == "Very satisfied"
                assert questions["working"]["max"] == TEXT_MAX
                assert state["answers"] == {}
                # An empty text first: saved as nothing (a response needs an answer).
                assert await answer(ana, "working", "  ") == (
                    200,
                    {"saved": True, "question": "working", "value": ""},
                )
                assert pulse.list_pulses(db, engagement_id) == []
                assert (await answer(ana, "confidence", 7))[0] == 200
                [row] = pulse.list_pulses(db, engagement_id)
                assert (row.respondent, row.side, row.taken_on, row.milestone_id) == (
                    "Ana",
                    "client",
                    DAY,
                    milestone_id,
                )
                assert row.confidence == 7
                assert kind.participant_of(row.id) is not None
                # Every later answer changes that row, as it is given (the same field
                # again: the phone's own earlier write is no conflict).
                for question, value in (
                    ("csat", 4),
                    ("confidence", 8),
                    ("working", "Weekly demos\r\nClear owner"),
                    ("not_working", "Slow replies"),
                    ("not_working", ""),
                ):
                    status, reply = await answer(ana, question, value)
                    assert status == 200, reply
                [row] = pulse.list_pulses(db, engagement_id)
                assert (row.confidence, row.csat, row.working, row.not_working) == (
                    8,
                    4,
                    "Weekly demos\nClear owner",
                    "",
                )
                _, state = await ana.get("/api/state")
                assert state["answers"] == {
                    "confidence": 8,
                    "csat": 4,
                    "working": "Weekly demos\nClear owner",
                }

        run(scenario)
        joined = room.of(ParticipantJoined)[0]
        assert not joined.changeset  # a phone joining stores nothing
        room.wait_until(
            lambda events: any(
                getattr(e, "answered", {}) == {STARTED: 1, FINISHED: 1} for e in events
            )
        )
        assert all(e.changeset.touches("pulse_check") for e in room.of(AnswersSaved))


def test_our_teams_round_and_a_phone_resuming(db: Database, engagement_id: int) -> None:
    with open_survey(db, PulseRoom(engagement_id, RespondentSide.TEAM, DAY)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                _, joined = await phone.join("Our PM")
                await answer(phone, "csat", 5)
            async with phone_session(room, cookies=False) as http:
                again = survey_phone(http, room)
                status, _ = await again.join(token=joined["token"])
                assert status == 200
                _, state = await again.get("/api/state", {"X-CXDesk-Token": joined["token"]})
                assert state["answers"]["csat"] == 5
                assert state["side"] == "team"
            async with phone_session(room) as http:
                other = survey_phone(http, room)
                await other.join()
                await answer(other, "not_working", "Scope creep")

        run(scenario)
        rows = pulse.list_pulses(db, engagement_id)
        assert [(r.respondent, r.side, r.csat, r.not_working) for r in rows] == [
            ("Our PM", "team", 5, ""),
            ("", "team", None, "Scope creep"),
        ]


def test_free_text_is_cleaned_and_capped(db: Database, engagement_id: int) -> None:
    with open_survey(db, PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join()
                await answer(phone, "csat", 3)
                before = feedback_rows(db)
                status, reply = await answer(phone, "working", "x" * (TEXT_MAX + 1))
                assert status == 422
                assert "at most 800 characters" in reply["error"]
                assert feedback_rows(db) == before
                # Markup is text; control characters (but line breaks and tabs), lone
                # surrogates and bidi overrides go.
                hostile = '<script>alert("x")</script>\x00\x1b[31m\u202eevil\ud800\tok\nline'
                status, reply = await answer(phone, "not_working", hostile)
                assert status == 200
                cleaned = '<script>alert("x")</script>[31mevil\tok\nline'
                assert reply["value"] == cleaned
                # The longest text allowed, in four-byte characters, fits in a request as
                # a browser sends it (JSON.stringify leaves them as UTF-8).
                body = {"question": "working", "value": "😀" * TEXT_MAX}
                raw = json.dumps(body, ensure_ascii=False).encode()
                assert (await phone.post("/api/answer", raw))[0] == 200

        run(scenario)
        [row] = pulse.list_pulses(db, engagement_id)
        assert row.not_working == '<script>alert("x")</script>[31mevil\tok\nline'
        assert row.working == "😀" * TEXT_MAX


def test_hostile_values_are_refused_and_nothing_is_stored(db: Database, engagement_id: int) -> None:
    with open_survey(db, PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("Eve")
                for question, value in (
                    ("confidence", 0),
                    ("confidence", 11),
                    ("confidence", 5.5),
                    ("confidence", "7"),
                    ("confidence", True),
                    ("confidence", None),
                    ("csat", 6),
                    ("csat", -1),
                    ("working", 5),
                    ("working", None),
                    ("working", ["a"]),
                    ("side", "team"),
                    ("respondent", "Mallory"),
                    ("taken_on", "2026-01-01"),
                    ("milestone_id", 1),
                    ("engagement_id", 2),
                    ("id", 1),
                    (None, 5),
                ):
                    status, reply = await answer(phone, question, value)
                    assert status == 422, (question, value)
                    assert reply["error"]
                assert (await phone.post("/api/answer", {"statement": 1, "score": 4}))[0] == 422
                assert (await phone.post("/api/answer", b"{" + b" " * 5000))[0] == 413
                assert feedback_rows(db)["pulse_check"] == []
                await answer(phone, "confidence", 6)
                before = feedback_rows(db)
                room.server.set_voting(False)
                for _ in range(200):
                    status, reply = await answer(phone, "confidence", 9)
                    if status != 200:
                        break
                assert status == 409
                assert "closed" in reply["error"]
                _, state = await phone.get("/api/state")
                assert state["phase"] == "closed"
                assert feedback_rows(db) == before

        run(scenario)
        [row] = pulse.list_pulses(db, engagement_id)
        assert (row.respondent, row.confidence, row.side) == ("Eve", 6, "client")


def test_a_survey_keeps_no_refusal_in_a_constant(engagement_id: int) -> None:
    """An exception raised again keeps the frames of every raise (and the requests they
    hold): each refusal is a new one, and constants are only words."""
    modules = (survey_room, rater_room, pulse_room)
    kept = [
        f"{module.__name__}.{name}"
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, BaseException)
    ]
    assert kept == []
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)
    state, who = RoomState(), Participant(1, "t" * 32, "Di")
    refused = []
    for body in ({"question": "csat", "value": 9}, {"question": "csat", "value": 9}):
        with pytest.raises(Refusal) as caught:
            kind.read_answer(body, state, who)
        refused.append(caught.value)
    state.voting_open = False
    with pytest.raises(Refusal) as closed:
        kind.read_answer({"question": "csat", "value": 3}, state, who)
    assert refused[0] is not refused[1]
    assert [r.status for r in (*refused, closed.value)] == [422, 422, 409]


def test_the_consultants_change_on_the_laptop_is_not_written_over(
    db: Database, engagement_id: int
) -> None:
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("Di")
                await answer(phone, "csat", 2)
                [row] = pulse.list_pulses(db, engagement_id)
                row = perform(db, ops.edit_pulse(row, "respondent", "Di (CFO)")).value  # type: ignore[union-attr]
                perform(db, ops.edit_pulse(row, "csat", 3))  # type: ignore[arg-type]
                assert (await answer(phone, "confidence", 6))[0] == 200  # not theirs
                status, reply = await answer(phone, "csat", 1)
                assert status == 409
                assert "changed on the laptop" in reply["error"]
                _, state = await phone.get("/api/state")
                assert state["answers"]["csat"] == 3
                assert (await answer(phone, "csat", 1))[0] == 200
                # Deleted on the laptop: told in words.
                perform(db, ops.delete_pulses(engagement_id, [row.id]))  # type: ignore[arg-type]
                status, reply = await answer(phone, "csat", 4)
                assert status == 409
                assert "deleted on the laptop" in reply["error"]
                assert kind.participant_of(row.id) == room.of(ParticipantJoined)[0].participant_id

        run(scenario)
        assert pulse.list_pulses(db, engagement_id) == []


def test_an_answer_of_a_response_deleted_on_the_laptop_never_reaches_the_next_response(
    db: Database, engagement_id: int
) -> None:
    """The last pulse check deleted on the laptop, a newcomer's first answer makes a row
    with a new id (AUTOINCREMENT, schema 0012: before it, the same id): the deleted
    phone's answer, sent before the room hears of the deletion (the desktop's removal
    held back), is refused in words and the newcomer's response is left as they gave it."""
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Noor") as (di, noor):
                assert (await answer(di, "csat", 2))[0] == 200
                [gone] = pulse.list_pulses(db, engagement_id)
                perform(db, ops.delete_pulses(engagement_id, [gone.id]))  # type: ignore[arg-type]
                assert (await answer(noor, "confidence", 7))[0] == 200
                [newcomer] = pulse.list_pulses(db, engagement_id)
                assert newcomer.id > gone.id  # never the deleted one's
                status, reply = await answer(di, "working", "All good")
                assert status == 409, reply
                assert "deleted on the laptop" in reply["error"]
                assert (await answer(noor, "csat", 4))[0] == 200

        run(scenario)
        [row] = pulse.list_pulses(db, engagement_id)
        assert (row.respondent, row.confidence, row.csat, row.working) == ("Noor", 7, 4, "")


def test_the_consultants_change_is_not_written_over_by_a_tap_written_with_others(
    db: Database, engagement_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taps that arrive while a commit is in progress are written as one batch; the
    conflicting one is refused as it is alone, and the batch's others are saved."""
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)
    batches = Batches(monkeypatch, kind)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Ed", "Fay") as (di, ed, fay):
                for phone in (di, ed, fay):
                    assert (await answer(phone, "confidence", 5))[0] == 200
                row = next(r for r in pulse.list_pulses(db, engagement_id) if r.respondent == "Di")
                perform(db, ops.edit_pulse(row, "confidence", 2))  # type: ignore[arg-type]
                fays, dis, eds = await batches.together(
                    db,
                    lambda: answer(fay, "csat", 4),
                    lambda: answer(di, "confidence", 9),
                    lambda: answer(ed, "csat", 3),
                )
                assert (fays[0], eds[0]) == (200, 200)
                assert dis[0] == 409, dis
                assert "changed on the laptop" in dis[1]["error"]
                _, state = await di.get("/api/state")
                assert state["answers"]["confidence"] == 2

        run(scenario)
        stored = {r.respondent: r for r in pulse.list_pulses(db, engagement_id)}
        assert stored["Di"].confidence == 2  # the laptop's, kept
        assert (stored["Ed"].csat, stored["Fay"].csat) == (3, 4)


def test_a_batch_that_fails_to_commit_points_no_phone_at_a_row_rolled_back(
    db: Database, engagement_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows a batch made are remembered only once it is committed: written again
    alone, each phone's first answer makes its own row, and its next answers go there."""
    kind = PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)
    batches = Batches(monkeypatch, kind)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Ed", "Fay") as (di, ed, fay):
                batches.refuse_next_batch()
                replies = await batches.together(
                    db,
                    lambda: answer(fay, "confidence", 4),
                    lambda: answer(di, "confidence", 9),
                    lambda: answer(ed, "confidence", 3),
                )
                assert [status for status, _ in replies] == [200, 200, 200], replies
                for phone, csat in ((di, 5), (ed, 1)):
                    assert (await answer(phone, "csat", csat))[0] == 200

        run(scenario)
        stored = {
            r.respondent: (r.confidence, r.csat) for r in pulse.list_pulses(db, engagement_id)
        }
        assert stored == {"Di": (9, 5), "Ed": (3, 1), "Fay": (4, None)}
        for row in pulse.list_pulses(db, engagement_id):
            assert kind.participant_of(row.id) is not None


def test_a_room_for_a_milestone_or_engagement_gone_does_not_open(
    db: Database, engagement_id: int, milestone_id: int
) -> None:
    workspace.delete_milestone(db, milestone_id)
    events: list[Any] = []
    server = RoomServer(
        db,
        PulseRoom(engagement_id, RespondentSide.CLIENT, DAY, milestone_id),
        "127.0.0.1",
        port=0,
        on_event=events.append,
    )
    server.start()
    try:
        assert not server.wait_started(WAIT)
    finally:
        server.stop()
    assert [type(e) for e in events] == [RoomFailed]
    assert "milestone no longer exists" in events[0].message
