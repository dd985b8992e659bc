"""A RATER survey answered on phones (cxdesk.room.rater) over real sockets on 127.0.0.1:
each phone a respondent of the chosen side, every score written as it is given, the
points split checked, resuming, the consultant's own edits on the laptop respected, and
hostile values refused with nothing stored."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cxdesk.models.servqual import DIMENSIONS, RespondentSide, ScoringMode
from cxdesk.ops import feedback as ops
from cxdesk.ops import perform
from cxdesk.room.events import AnswersSaved, ParticipantJoined
from cxdesk.room.rater import RaterRoom
from cxdesk.room.survey import FINISHED, STARTED
from cxdesk.store import rater
from cxdesk.store.database import Database
from tests.room_helpers import Phone, phone_session, run
from tests.survey_helpers import Batches, feedback_rows, joined_phones, open_survey, survey_phone

FULL = {"reliability": 30, "assurance": 20, "tangibles": 10, "empathy": 25, "responsiveness": 15}


def score(phone: Phone, item: Any, measure: str, value: Any) -> Any:
    return phone.post("/api/answer", {"item": item, "measure": measure, "score": value})


def points(phone: Phone, split: Any) -> Any:
    return phone.post("/api/answer", {"points": split})


def respondents(db: Database, assessment_id: int) -> list[Any]:
    return rater.list_respondents(db, assessment_id)


@pytest.fixture
def assessment_id(db: Database, engagement_id: int) -> int:
    return rater.add_assessment(db, engagement_id, "Mid-project review").id


def test_each_phone_is_a_respondent_of_the_side_and_each_score_is_stored_as_given(
    db: Database, assessment_id: int
) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                ana = survey_phone(http, room)
                assert (await ana.join("Ana"))[0] == 200
                [row] = respondents(db, assessment_id)
                assert (row.name, row.side) == ("Ana", "client")
                status, state = await ana.get("/api/state")
                assert status == 200
                assert (state["kind"], state["phase"], state["title"]) == (
                    "rater",
                    "open",
                    "Mid-project review",
                )
                assert state["scale"]["min"] == 1
                assert state["scale"]["max"] == 7
                assert state["scale"]["labels"]["1"] == "Strongly disagree"
                assert state["scale"]["labels"]["7"] == "Strongly agree"
                assert [i["id"] for i in state["items"]] == [d.value for d in DIMENSIONS]
                first = state["items"][0]
                assert first["label"] == "Reliability"
                assert first["text"] == "Did we deliver what we promised?"
                assert (first["expectation"], first["perception"]) == (None, None)
                assert state["points"]["given"] is None
                assert state["points"]["total"] == 100

                # One score at a time, each committed before its reply; the same field
                # again (the phone's own earlier write changed the row's version).
                for measure, value in (("expectation", 6), ("perception", 3), ("perception", 4)):
                    status, reply = await score(ana, "reliability", measure, value)
                    assert (status, reply) == (
                        200,
                        {"saved": True, "item": "reliability", "measure": measure, "score": value},
                    )
                    stored = respondents(db, assessment_id)[0]
                    assert getattr(stored, f"reliability_{measure}") == value
                _, state = await ana.get("/api/state")
                assert (state["items"][0]["expectation"], state["items"][0]["perception"]) == (6, 4)

        run(scenario)
        room.wait_until(lambda events: any(isinstance(e, AnswersSaved) for e in events))
        assert room.of(AnswersSaved)[-1].answered == {STARTED: 1, FINISHED: 0}
        joined = room.of(ParticipantJoined)[0]
        assert joined.changeset.created == {"rater_respondent": {joined.participant_id}}


def test_a_whole_form_and_the_points_finish_a_respondent(db: Database, assessment_id: int) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.TEAM)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join()
                for n, dimension in enumerate(DIMENSIONS):
                    assert (await score(phone, dimension.value, "expectation", 7 - n))[0] == 200
                    assert (await score(phone, dimension.value, "perception", 1 + n))[0] == 200
                status, reply = await points(phone, FULL)
                assert (status, reply) == (200, {"saved": True, "points": FULL})
                _, state = await phone.get("/api/state")
                assert state["points"]["given"] == FULL
                assert state["side"] == "team"
                assert len(state["answers"]) == 11  # ten scores and the points
                assert state["answers"]["reliability:expectation"] == 7
                assert state["answers"]["points"] == FULL
                # Cleared, then given again.
                assert await points(phone, None) == (200, {"saved": True, "points": None})
                assert respondents(db, assessment_id)[0].points is None
                assert (await points(phone, FULL))[0] == 200

        run(scenario)
        [row] = respondents(db, assessment_id)
        assert (row.name, row.side) == ("", "team")
        assert row.response().is_complete
        assert {d.value: n for d, n in (row.points or {}).items()} == FULL
        room.wait_until(lambda e: e and getattr(e[-1], "answered", {}).get(FINISHED) == 1)


def test_by_statements_each_statement_is_scored(db: Database, engagement_id: int) -> None:
    assessment = rater.add_assessment(
        db, engagement_id, "By statements", scoring=ScoringMode.STATEMENTS
    )
    other = rater.add_assessment(db, engagement_id, "Another", scoring=ScoringMode.STATEMENTS)
    statements = rater.list_statements(db, assessment.id)
    foreign = rater.list_statements(db, other.id)[0].id
    with open_survey(db, RaterRoom(assessment.id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("Bo")
                _, state = await phone.get("/api/state")
                assert state["scoring"] == "statements"
                assert [i["id"] for i in state["items"]] == [s.id for s in statements]
                assert state["items"][0]["text"] == statements[0].text
                assert state["items"][0]["about"] == "Did we deliver what we promised?"
                first = statements[0].id
                assert (await score(phone, first, "expectation", 5))[0] == 200
                assert (await score(phone, first, "perception", 2))[0] == 200
                assert (await score(phone, first, "perception", 3))[0] == 200
                before = feedback_rows(db)
                # Another assessment's statement, a dimension's name: not this form's.
                for item in (foreign, "reliability", str(first), None, [first]):
                    status, _ = await score(phone, item, "expectation", 4)
                    assert status == 422, item
                assert feedback_rows(db) == before
                _, state = await phone.get("/api/state")
                assert (state["items"][0]["expectation"], state["items"][0]["perception"]) == (5, 3)

        run(scenario)
        [row] = respondents(db, assessment.id)
        assert rater.list_statement_scores(db, assessment.id) == {
            row.id: {statements[0].id: (5, 3)}
        }


def test_a_phone_resumes_with_its_answers(db: Database, assessment_id: int) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                _, joined = await phone.join("Cy")
                await score(phone, "empathy", "perception", 2)
                await points(phone, FULL)
            token = joined["token"]
            async with phone_session(room, cookies=False) as http:
                again = survey_phone(http, room)
                status, rejoined = await again.join("Someone else", token=token)
                assert (status, rejoined["name"]) == (200, "Cy")
                _, state = await again.get("/api/state", {"X-CXDesk-Token": token})
                empathy = next(i for i in state["items"] if i["id"] == "empathy")
                assert empathy["perception"] == 2
                assert state["points"]["given"] == FULL

        run(scenario)
        assert [r.name for r in respondents(db, assessment_id)] == ["Cy"]


def test_the_consultants_change_on_the_laptop_is_not_written_over(
    db: Database, engagement_id: int, assessment_id: int
) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("Di")
                assert (await score(phone, "assurance", "expectation", 5))[0] == 200
                # The consultant fixes the name and another score on the laptop.
                row = respondents(db, assessment_id)[0]
                row = perform(db, ops.edit_respondent(engagement_id, row, "name", "Di (CFO)")).value  # type: ignore[union-attr]
                perform(db, ops.edit_respondent(engagement_id, row, "assurance_expectation", 2))  # type: ignore[arg-type]
                # Another field: written over nothing of theirs, so saved.
                assert (await score(phone, "tangibles", "perception", 6))[0] == 200
                # Their field: refused in words, and the phone is shown theirs...
                status, reply = await score(phone, "assurance", "expectation", 7)
                assert status == 409
                assert "changed on the laptop" in reply["error"]
                _, state = await phone.get("/api/state")
                assurance = next(i for i in state["items"] if i["id"] == "assurance")
                assert assurance["expectation"] == 2
                # ... which it may change now, having seen it.
                assert (await score(phone, "assurance", "expectation", 7))[0] == 200

        run(scenario)
        [row] = respondents(db, assessment_id)
        assert (row.name, row.assurance_expectation, row.tangibles_perception) == ("Di (CFO)", 7, 6)


def test_the_consultants_change_is_not_written_over_by_a_tap_written_with_others(
    db: Database, engagement_id: int, assessment_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taps that arrive while a commit is in progress are written as one batch; the
    conflicting one is refused as it is alone, and the batch's others are saved."""
    kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    batches = Batches(monkeypatch, kind)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Ed", "Fay") as (di, ed, fay):
                assert (await score(di, "assurance", "expectation", 5))[0] == 200
                row = next(r for r in respondents(db, assessment_id) if r.name == "Di")
                perform(db, ops.edit_respondent(engagement_id, row, "assurance_expectation", 2))  # type: ignore[arg-type]
                fays, dis, eds = await batches.together(
                    db,
                    lambda: score(fay, "empathy", "perception", 3),
                    lambda: score(di, "assurance", "expectation", 7),
                    lambda: score(ed, "tangibles", "perception", 6),
                )
                assert (fays[0], eds[0]) == (200, 200)
                assert dis[0] == 409, dis
                assert "changed on the laptop" in dis[1]["error"]
                _, state = await di.get("/api/state")
                assurance = next(i for i in state["items"] if i["id"] == "assurance")
                assert assurance["expectation"] == 2
                assert (await score(di, "assurance", "expectation", 7))[0] == 200

        run(scenario)
        stored = {r.name: r for r in respondents(db, assessment_id)}
        assert stored["Di"].assurance_expectation == 7  # only once the phone had seen the 2
        assert (stored["Ed"].tangibles_perception, stored["Fay"].empathy_perception) == (6, 3)


def test_by_statements_a_tap_written_with_others_keeps_the_consultants_change(
    db: Database, engagement_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "By them", scoring=ScoringMode.STATEMENTS)
    first, second = (s.id for s in rater.list_statements(db, assessment.id)[:2])
    kind = RaterRoom(assessment.id, RespondentSide.CLIENT)
    batches = Batches(monkeypatch, kind)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Ed", "Fay") as (di, ed, fay):
                assert (await score(di, first, "expectation", 5))[0] == 200
                row = next(r for r in respondents(db, assessment.id) if r.name == "Di")
                laptop = ops.set_statement_score(engagement_id, row.id, first, "expectation", 2, 5)
                assert laptop is not None
                perform(db, laptop)
                fays, dis, eds = await batches.together(
                    db,
                    lambda: score(fay, second, "perception", 3),
                    lambda: score(di, first, "expectation", 7),
                    lambda: score(ed, first, "perception", 6),
                )
                assert (fays[0], eds[0]) == (200, 200)
                assert dis[0] == 409, dis
                assert "changed on the laptop" in dis[1]["error"]
                _, state = await di.get("/api/state")
                assert state["items"][0]["expectation"] == 2

        run(scenario)
        by_name = {r.id: r.name for r in respondents(db, assessment.id)}
        stored = {
            by_name[rid]: s for rid, s in rater.list_statement_scores(db, assessment.id).items()
        }
        assert stored["Di"][first] == (2, None)  # the laptop's, kept
        assert (stored["Ed"][first], stored["Fay"][second]) == ((None, 6), (None, 3))


def test_a_batch_that_fails_to_commit_leaves_the_rooms_memory_as_stored(
    db: Database, assessment_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a batch wrote is remembered only once it is committed: written again alone,
    each answer is checked against what its phone saw, not what the failed batch wrote."""
    kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    batches = Batches(monkeypatch, kind)
    with open_survey(db, kind) as room:

        async def scenario() -> None:
            async with joined_phones(room, "Di", "Ed", "Fay") as (di, ed, fay):
                batches.refuse_next_batch()
                replies = await batches.together(
                    db,
                    lambda: score(fay, "empathy", "perception", 3),
                    lambda: score(di, "assurance", "expectation", 7),
                    lambda: score(ed, "tangibles", "perception", 6),
                )
                assert [status for status, _ in replies] == [200, 200, 200], replies

        run(scenario)
        stored = {r.name: r for r in respondents(db, assessment_id)}
        assert (stored["Di"].assurance_expectation, stored["Ed"].tangibles_perception) == (7, 6)


def test_hostile_values_are_refused_and_nothing_is_stored(db: Database, assessment_id: int) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("<b>Eve</b>\u202e\x07 \n x")
                before = feedback_rows(db)
                for item, measure, value in (
                    ("reliability", "expectation", 0),
                    ("reliability", "expectation", 8),
                    ("reliability", "expectation", 3.5),
                    ("reliability", "expectation", "5"),
                    ("reliability", "expectation", True),
                    ("reliability", "expectation", None),
                    ("reliability", "both", 4),
                    ("reliability", "reliability_points", 4),
                    ("loyalty", "expectation", 4),
                    ("Reliability", "expectation", 4),
                    (1, "expectation", 4),
                    ({"x": 1}, "perception", 4),
                ):
                    status, reply = await score(phone, item, measure, value)
                    assert status == 422, (item, measure, value)
                    assert reply["error"]
                for split, words in (
                    ({**FULL, "reliability": 20}, "add up to 90"),
                    ({**FULL, "reliability": 130, "assurance": -80}, "0 to 100"),
                    ({k: v for k, v in FULL.items() if k != "empathy"}, "whole number"),
                    ({**FULL, "loyalty": 0}, "whole number"),
                    ({**FULL, "reliability": 30.0}, "whole number"),
                    ({**FULL, "reliability": "30"}, "whole number"),
                    ({**FULL, "reliability": True, "assurance": 49}, "whole number"),
                    ([30, 20, 10, 25, 15], "whole number"),
                    (100, "whole number"),
                ):
                    status, reply = await points(phone, split)
                    assert status == 422, split
                    assert words in reply["error"], (split, reply)
                for body in ({}, {"item": "reliability"}, {"statement": 1, "score": 4}):
                    assert (await phone.post("/api/answer", body))[0] == 422
                assert (await phone.post("/api/answer", b"x" * 5000))[0] == 413
                assert feedback_rows(db) == before
                # Closed: nothing more is written, and the phone is told.
                room.server.set_voting(False)
                for _ in range(200):
                    status, reply = await score(phone, "reliability", "expectation", 4)
                    if status != 200:
                        break
                assert status == 409
                assert "closed" in reply["error"]

        run(scenario)
        [row] = respondents(db, assessment_id)
        assert row.name == "<b>Eve</b> x"  # markup kept as text, controls and bidi dropped


def test_a_respondent_deleted_on_the_laptop_is_told(
    db: Database, engagement_id: int, assessment_id: int
) -> None:
    room_kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    with open_survey(db, room_kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                await phone.join("Fay")
                [row] = respondents(db, assessment_id)
                assert room_kind.respondents() == [row.id]
                perform(db, ops.delete_respondents(engagement_id, [row.id]))  # type: ignore[arg-type]
                status, reply = await score(phone, "empathy", "expectation", 3)
                assert status == 409
                assert "deleted on the laptop" in reply["error"]
                room.server.remove_participant(row.id)
                for _ in range(200):
                    status, reply = await phone.get("/api/state")
                    if status == 410:
                        break
                assert reply["reason"] == "removed"

        run(scenario)
        assert respondents(db, assessment_id) == []


def test_an_answer_of_a_respondent_deleted_on_the_laptop_never_reaches_the_phone_joining_next(
    db: Database, engagement_id: int, assessment_id: int
) -> None:
    """The last respondent deleted on the laptop, a newcomer joins and is given a new id
    (AUTOINCREMENT, schema 0012: before it, the same id): the deleted phone's score, sent
    before the room hears of the deletion (the desktop's removal held back), is refused in
    words, and the newcomer's row is left as they gave it."""
    room_kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    with open_survey(db, room_kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as fay_http, phone_session(room) as noor_http:
                fay, noor = survey_phone(fay_http, room), survey_phone(noor_http, room)
                assert (await fay.join("Fay"))[0] == 200
                assert (await fay.get("/api/state"))[0] == 200  # as the page does on joining
                assert (await score(fay, "empathy", "expectation", 6))[0] == 200
                [gone] = respondents(db, assessment_id)
                perform(db, ops.delete_respondents(engagement_id, [gone.id]))  # type: ignore[arg-type]
                assert (await noor.join("Noor"))[0] == 200
                [newcomer] = respondents(db, assessment_id)
                assert newcomer.id > gone.id  # never the deleted one's
                assert (await score(noor, "reliability", "perception", 2))[0] == 200
                # Noor has no "assurance" yet, nor had Fay.
                status, reply = await score(fay, "assurance", "expectation", 7)
                assert status == 409, reply
                assert "deleted on the laptop" in reply["error"]
                status, state = await fay.get("/api/state")
                assert status == 200
                assert "assurance:expectation" not in state["answers"]  # nothing of Noor's
                _, state = await noor.get("/api/state")
                assert state["answers"] == {"reliability:perception": 2}
                assert (await score(noor, "assurance", "expectation", 5))[0] == 200

        run(scenario)
        [row] = respondents(db, assessment_id)
        assert row.name == "Noor"
        assert (row.reliability_perception, row.assurance_expectation) == (2, 5)
        assert row.empathy_expectation is None


def test_an_answer_of_a_deleted_respondent_never_reaches_one_the_consultant_added_meanwhile(
    db: Database, engagement_id: int, assessment_id: int
) -> None:
    """The race schema 0012 closes: a phone's respondent is deleted on the laptop and,
    before the room hears of it (the desktop's removal held back), the consultant adds
    another respondent to the SAME assessment. Before 0012 that one took the deleted id,
    and the old phone's queued score was written into it (the room had given the id to
    no phone of its own, so nothing told them apart). Now it is refused in words and the
    consultant's respondent is left as typed."""
    room_kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    with open_survey(db, room_kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                fay = survey_phone(http, room)
                assert (await fay.join("Fay"))[0] == 200
                assert (await fay.get("/api/state"))[0] == 200
                assert (await score(fay, "empathy", "expectation", 6))[0] == 200
                [gone] = respondents(db, assessment_id)
                perform(db, ops.delete_respondents(engagement_id, [gone.id]))  # type: ignore[arg-type]
                typed = perform(db, ops.add_respondent(engagement_id, assessment_id, "Ivo")).value
                assert typed.id != gone.id
                status, reply = await score(fay, "assurance", "expectation", 7)
                assert status == 409, reply
                assert "deleted on the laptop" in reply["error"]

        run(scenario)
        [row] = respondents(db, assessment_id)
        assert row.name == "Ivo"
        assert all(getattr(row, f"{d.value}_expectation") is None for d in DIMENSIONS)


def test_an_answer_never_reaches_a_respondent_added_to_another_assessment_meanwhile(
    db: Database, engagement_id: int, assessment_id: int
) -> None:
    room_kind = RaterRoom(assessment_id, RespondentSide.CLIENT)
    other = rater.add_assessment(db, engagement_id, "Kick-off").id
    with open_survey(db, room_kind) as room:

        async def scenario() -> None:
            async with phone_session(room) as http:
                fay = survey_phone(http, room)
                assert (await fay.join("Fay"))[0] == 200
                [gone] = respondents(db, assessment_id)
                perform(db, ops.delete_respondents(engagement_id, [gone.id]))  # type: ignore[arg-type]
                elsewhere = rater.add_respondent(db, other, "Ivo")
                assert elsewhere.id > gone.id
                status, reply = await score(fay, "tangibles", "perception", 4)
                assert status == 409, reply
                assert "deleted on the laptop" in reply["error"]

        run(scenario)
        [row] = respondents(db, other)
        assert (row.name, row.tangibles_perception) == ("Ivo", None)


def test_by_statements_an_answer_of_a_deleted_respondent_never_reaches_the_newcomer(
    db: Database, engagement_id: int
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "By items", scoring=ScoringMode.STATEMENTS)
    first, second = (s.id for s in rater.list_statements(db, assessment.id)[:2])
    with open_survey(db, RaterRoom(assessment.id, RespondentSide.CLIENT)) as room:

        async def scenario() -> None:
            async with phone_session(room) as bo_http, phone_session(room) as ada_http:
                bo, ada = survey_phone(bo_http, room), survey_phone(ada_http, room)
                assert (await bo.join("Bo"))[0] == 200
                assert (await score(bo, first, "expectation", 6))[0] == 200
                [gone] = respondents(db, assessment.id)
                perform(db, ops.delete_respondents(engagement_id, [gone.id]))  # type: ignore[arg-type]
                assert (await ada.join("Ada"))[0] == 200
                [newcomer] = respondents(db, assessment.id)
                assert newcomer.id > gone.id
                status, reply = await score(bo, second, "perception", 1)
                assert status == 409, reply
                assert "deleted on the laptop" in reply["error"]
                assert (await score(ada, first, "perception", 4))[0] == 200
                _, state = await ada.get("/api/state")
                assert state["answers"] == {f"{first}:perception": 4}  # nothing of Bo's

        run(scenario)
        [row] = respondents(db, assessment.id)
        assert row.name == "Ada"
        assert rater.list_statement_scores(db, assessment.id) == {row.id: {first: (None, 4)}}


def test_many_phones_at_once_each_keep_their_own_row(db: Database, assessment_id: int) -> None:
    with open_survey(db, RaterRoom(assessment_id, RespondentSide.CLIENT)) as room:

        async def one(n: int) -> None:
            async with phone_session(room) as http:
                phone = survey_phone(http, room)
                assert (await phone.join(f"P{n}"))[0] == 200
                for dimension in DIMENSIONS:
                    for measure in ("expectation", "perception"):
                        status, _ = await score(phone, dimension.value, measure, 1 + n % 7)
                        assert status == 200

        async def scenario() -> None:
            await asyncio.gather(*(one(n) for n in range(12)))

        run(scenario)
        rows = respondents(db, assessment_id)
        assert sorted(r.name for r in rows) == sorted(f"P{n}" for n in range(12))
        for row in rows:
            n = int(row.name[1:])
            assert row.reliability_expectation == row.responsiveness_perception == 1 + n % 7
        room.wait_until(
            lambda events: any(getattr(e, "answered", {}).get(FINISHED) == 12 for e in events)
        )
