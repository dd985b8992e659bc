"""Storing RATER assessments, pulse checks and quadrant overrides (cxdesk.store.rater,
.pulse, .overview): edits, refusals, the database's own CHECKs, cascades, undo, migration.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from cxdesk.models.quadrant import Axis
from cxdesk.models.servqual import DIMENSIONS, DimensionScore, RespondentSide, ScoringMode
from cxdesk.ops import Operation, perform, revert
from cxdesk.store import expectations as ex
from cxdesk.store import overview as ov
from cxdesk.store import pulse as pu
from cxdesk.store import rater
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database, make_engine, open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests import db_dump
from tests.raw_rows import Address, every_row

pytestmark = pytest.mark.both_backends

R, A, T, E, RESP = DIMENSIONS
TEAM, CLIENT = RespondentSide.TEAM, RespondentSide.CLIENT
FEEDBACK_TABLES = (
    "rater_assessment",
    "rater_statement",
    "rater_respondent",
    "rater_statement_score",
    "pulse_check",
    "quadrant_override",
)
ALL_TABLES = ("client", "engagement", "milestone", "expectation_item", "expectation_snapshot")
DEFAULTS = Path(__file__).parents[1] / "resources" / "defaults" / "rater_statements.toml"


def dump(
    workspace: Address, tables: tuple[str, ...] = ALL_TABLES + FEEDBACK_TABLES
) -> dict[str, Any]:
    """The rows of this module's tables, without their versions (see db_dump.every_row)."""
    return every_row(workspace, tables, versions=False)


def count(db: Database, table: str) -> int:
    with db.reading() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@dataclass
class Setup:
    engagement: int
    m1: int
    m2: int
    other_engagement: int
    other_milestone: int


@pytest.fixture
def setup(db: Database) -> Setup:
    client = ws.add_client(db, "Harbourline Freight Co.")
    engagement = ws.add_engagement(db, client.id, "Customer portal rollout")
    m1 = ws.add_milestone(db, engagement.id, "Kickoff", date(2026, 1, 9))
    m2 = ws.add_milestone(db, engagement.id, "Design sign-off", date(2026, 2, 9))
    other = ws.add_engagement(db, client.id, "Data warehouse")
    other_m = ws.add_milestone(db, other.id, "Their kickoff")
    return Setup(engagement.id, m1.id, m2.id, other.id, other_m.id)


def refused(match: str) -> Any:
    return pytest.raises(EditRefused, match=match)


# --- assessments ---------------------------------------------------------------------


def test_add_update_and_list_assessments(db: Database, setup: Setup) -> None:
    late = rater.add_assessment(db, setup.engagement, "  March   review ", held_on=date(2026, 3, 1))
    early = rater.add_assessment(
        db, setup.engagement, "Kickoff review", held_on=date(2026, 1, 10), milestone_id=setup.m1
    )
    assert late.title == "March review"  # spaces tidied
    assert early.milestone_id == setup.m1
    assert early.mode is ScoringMode.DIMENSIONS
    assert [a.id for a in rater.list_assessments(db, setup.engagement)] == [early.id, late.id]
    assert rater.list_assessments(db, setup.other_engagement) == []

    changed = rater.update_assessment(db, late.id, "title", "Mid-project review")
    assert changed.title == "Mid-project review"
    rater.update_assessment(db, late.id, "held_on", date(2026, 1, 5))  # now the earliest
    rater.update_assessment(db, late.id, "milestone_id", setup.m2)
    rater.update_assessment(db, late.id, "notes", "Sponsor joined late.")
    again = rater.get_assessment(db, late.id)
    assert again is not None
    assert (again.held_on, again.milestone_id, again.notes) == (
        date(2026, 1, 5),
        setup.m2,
        "Sponsor joined late.",
    )
    assert [a.id for a in rater.list_assessments(db, setup.engagement)] == [late.id, early.id]
    rater.update_assessment(db, late.id, "milestone_id", None)
    rater.update_assessment(db, late.id, "held_on", None)
    assert rater.get_assessment(db, late.id).milestone_id is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "The assessment needs a name."),
        ("title", "x" * 201, "The assessment name is too long"),
        ("owner", "Priya", "“owner” is not a field of an assessment."),
        ("scoring", "weekly", "scored one score per dimension, or by statements"),
        ("held_on", "2026-01-10", "The date of an assessment must be a date."),
        ("notes", None, "Notes are text of at most 20,000 characters."),
        ("notes", "x" * 20_001, "Notes are text of at most 20,000 characters."),
        ("milestone_id", 999, "That milestone no longer exists"),
    ],
)
def test_assessment_refusals(
    db: Database, setup: Setup, field: str, value: Any, message: str
) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    before = dump(db)
    with refused(message):
        rater.update_assessment(db, assessment.id, field, value)
    assert dump(db) == before


def test_an_assessment_cannot_belong_to_another_engagements_milestone(
    db: Database, setup: Setup
) -> None:
    with refused("That milestone belongs to another engagement."):
        rater.add_assessment(db, setup.engagement, "Review", milestone_id=setup.other_milestone)
    assessment = rater.add_assessment(db, setup.engagement, "Review")
    before = dump(db)
    with refused("That milestone belongs to another engagement."):
        rater.update_assessment(db, assessment.id, "milestone_id", setup.other_milestone)
    with refused("The assessment needs a name."):
        rater.add_assessment(db, setup.engagement, " \t ")
    with refused("That engagement no longer exists"):
        rater.add_assessment(db, 999, "Review")
    with refused("That assessment no longer exists"):
        rater.update_assessment(db, 999, "title", "Review")
    assert dump(db) == before


# --- respondents ---------------------------------------------------------------------


def test_add_and_update_respondents(db: Database, setup: Setup) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    ann = rater.add_respondent(db, assessment.id, "  Ann   Lee ", CLIENT)
    anon = rater.add_respondent(db, assessment.id, "Anonymous", TEAM)
    assert (ann.name, ann.position, ann.side) == ("Ann Lee", 0, "client")
    assert (anon.name, anon.display_name, anon.position, anon.side) == ("", "anonymous", 1, "team")

    rater.update_respondent(db, ann.id, "reliability_expectation", 6)
    rater.update_respondent(db, ann.id, "reliability_perception", 4)
    rater.update_respondent(db, ann.id, "side", "team")
    ann = rater.update_respondent(db, ann.id, "name", "Ann L.")
    assert (ann.name, ann.side, ann.reliability_expectation, ann.reliability_perception) == (
        "Ann L.",
        "team",
        6,
        4,
    )
    assert ann.response().gap(R) == -2
    cleared = rater.update_respondent(db, ann.id, "reliability_perception", None)
    assert cleared.reliability_perception is None  # a cleared score is missing, not 0
    assert [r.id for r in rater.list_respondents(db, assessment.id)] == [ann.id, anon.id]

    split = dict(zip(DIMENSIONS, (40, 10, 0, 30, 20), strict=True))
    ann = rater.set_points(db, ann.id, split)
    assert ann.points == split
    assert rater.set_points(db, ann.id, None).points is None


@pytest.mark.parametrize("value", [0, 8, -1, 3.5, True, "4", 4.0])
def test_out_of_range_scores_are_refused(db: Database, setup: Setup, value: Any) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    rater.update_respondent(db, ann.id, "empathy_expectation", 5)
    before = dump(db)
    with refused(f"Scores go from 1 to 7; “{value}” was not saved."):
        rater.update_respondent(db, ann.id, "empathy_expectation", value)
    assert dump(db) == before
    assert rater.list_respondents(db, assessment.id)[0].empathy_expectation == 5


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ((10, 20, 20, 20, 20), "The points add up to 90; they must add up to exactly 100."),
        ((30, 20, 20, 20, 20), "The points add up to 110; they must add up to exactly 100."),
        ((-10, 50, 20, 20, 20), "Each dimension takes 0 to 100 points."),
        ((120, -20, 0, 0, 0), "Each dimension takes 0 to 100 points."),
        ((20.0, 20, 20, 20, 20), "Importance points are whole numbers."),
        ((True, 19, 20, 20, 40), "Importance points are whole numbers."),
        ((50, 50), "Give every dimension its points"),  # partial: only R and A
    ],
)
def test_points_that_are_not_a_split_of_100_are_refused(
    db: Database, setup: Setup, given: tuple[Any, ...], message: str
) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    rater.set_points(db, ann.id, dict.fromkeys(DIMENSIONS, 20))
    before = dump(db)
    with refused(message):
        rater.set_points(db, ann.id, dict(zip(DIMENSIONS, given, strict=False)))
    assert dump(db) == before


def test_respondent_refusals(db: Database, setup: Setup) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    before = dump(db)
    with refused("“reliability_points” is not something a respondent scores."):
        rater.update_respondent(db, ann.id, "reliability_points", 20)  # set_points does that
    with refused("“position” is not something a respondent scores."):
        rater.update_respondent(db, ann.id, "position", 3)
    with refused("A respondent is on our team or the client's side."):
        rater.update_respondent(db, ann.id, "side", "vendor")
    with refused("A name is text."):
        rater.update_respondent(db, ann.id, "name", None)
    with refused("That name is too long"):
        rater.update_respondent(db, ann.id, "name", "x" * 201)
    with refused("That name is too long"):
        rater.add_respondent(db, assessment.id, "x" * 201)
    with refused("That respondent no longer exists"):
        rater.update_respondent(db, 999, "name", "Bo")
    with refused("That assessment no longer exists"):
        rater.add_respondent(db, 999, "Bo")
    assert dump(db) == before


@pytest.mark.parametrize(
    "call", ["side", "scoring", "dimension", "points", "axis", "title", "text", "reason"]
)
def test_unknown_choices_passed_to_add_functions_are_refused_clearly(
    db: Database, setup: Setup, call: str
) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    calls: dict[str, Callable[[], object]] = {
        "side": lambda: rater.add_respondent(db, assessment.id, "Bo", "vendor"),  # type: ignore[arg-type]
        "scoring": lambda: rater.add_assessment(db, setup.engagement, "R", scoring="weekly"),  # type: ignore[arg-type]
        "dimension": lambda: rater.add_statement(db, assessment.id, "speed", "Fast"),  # type: ignore[arg-type]
        "points": lambda: rater.set_points(db, ann.id, {"speed": 100}),  # type: ignore[dict-item]
        "axis": lambda: ov.set_override(db, setup.engagement, None, "mood", 5, "why"),  # type: ignore[arg-type]
        "title": lambda: rater.add_assessment(db, setup.engagement, None),  # type: ignore[arg-type]
        "text": lambda: rater.add_statement(db, assessment.id, "empathy", None),  # type: ignore[arg-type]
        "reason": lambda: ov.set_override(db, setup.engagement, None, "value", 5, None),  # type: ignore[arg-type]
    }
    with pytest.raises(EditRefused):
        calls[call]()


# --- statements ----------------------------------------------------------------------


def default_texts() -> list[tuple[str, str]]:
    data = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    return [(s["dimension"], s["text"]) for s in data["statement"]]


def test_switching_to_statements_adds_the_default_set_exactly_once(
    db: Database, setup: Setup
) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    assert rater.list_statements(db, assessment.id) == []
    switched = rater.update_assessment(db, assessment.id, "scoring", "statements")
    assert switched.mode is ScoringMode.STATEMENTS
    first = rater.list_statements(db, assessment.id)
    order = {d.value: i for i, d in enumerate(DIMENSIONS)}
    expected = sorted(default_texts(), key=lambda dt: order[dt[0]])  # stable: file order kept
    assert [(s.dimension, s.text) for s in first] == expected
    # Back and forth: the statements (and any edits to them) are kept, never doubled.
    rater.update_statement(db, first[0].id, "Deliverables arrive on the promised day.")
    rater.update_assessment(db, assessment.id, "scoring", "dimensions")
    rater.update_assessment(db, assessment.id, "scoring", "statements")
    again = rater.list_statements(db, assessment.id)
    assert [s.id for s in again] == [s.id for s in first]
    assert again[0].text == "Deliverables arrive on the promised day."
    # Created by statements: the defaults come with it.
    direct = rater.add_assessment(db, setup.engagement, "By statements", scoring="statements")  # type: ignore[arg-type]
    assert len(rater.list_statements(db, direct.id)) == len(expected)


def test_statements_and_their_scores(db: Database, setup: Setup) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Kickoff review")
    other = rater.add_assessment(db, setup.engagement, "Another")
    resp = rater.add_statement(db, assessment.id, RESP, "  Issues are fixed the same day. ")
    rel = rater.add_statement(db, assessment.id, R, "Deliverables arrive when promised.")
    foreign = rater.add_statement(db, other.id, R, "Elsewhere.")
    assert resp.text == "Issues are fixed the same day."
    # Listed in RATER order, whatever order they were added in.
    assert [s.id for s in rater.list_statements(db, assessment.id)] == [rel.id, resp.id]

    ann = rater.add_respondent(db, assessment.id, "Ann")
    assert rater.set_statement_score(db, ann.id, rel.id, "expectation", 6) == (6, None)
    assert rater.set_statement_score(db, ann.id, rel.id, "perception", 4) == (6, 4)
    assert rater.set_statement_score(db, ann.id, rel.id, "perception", 5) == (6, 5)  # replaced
    assert rater.list_statement_scores(db, assessment.id) == {ann.id: {rel.id: (6, 5)}}

    before = dump(db)
    for value in (0, 8, 3.5, True, "4"):
        with refused("Scores go from 1 to 7"):
            rater.set_statement_score(db, ann.id, rel.id, "perception", value)  # type: ignore[arg-type]
    with refused("A statement is scored for expectation or perception."):
        rater.set_statement_score(db, ann.id, rel.id, "importance", 5)
    with refused("That statement belongs to another assessment."):
        rater.set_statement_score(db, ann.id, foreign.id, "perception", 5)
    with refused("A statement needs some text."):
        rater.add_statement(db, assessment.id, R, "   ")
    with refused("A statement needs some text."):
        rater.update_statement(db, rel.id, "")
    with refused("That statement is too long"):
        rater.update_statement(db, rel.id, "x" * 1001)
    assert dump(db) == before

    rater.update_statement(db, rel.id, "Deliverables arrive on the day promised.")
    rater.add_statement(db, assessment.id, R, "Commitments are kept.")  # rel is not the last
    done = perform(db, Operation("Delete", lambda db: rater.delete_statement(db, rel.id)))
    assert rater.list_statement_scores(db, assessment.id) == {}  # its scores went with it
    revert(db, done)
    assert rater.list_statement_scores(db, assessment.id) == {ann.id: {rel.id: (6, 5)}}


# --- pulse checks --------------------------------------------------------------------


def test_add_update_list_and_delete_pulses(db: Database, setup: Setup) -> None:
    later = pu.add_pulse(db, setup.engagement, date(2026, 2, 12), confidence=8, csat=4)
    earlier = pu.add_pulse(
        db,
        setup.engagement,
        date(2026, 1, 12),
        respondent="  Dana ",
        working="Weekly demos",
        milestone_id=setup.m1,
    )
    assert earlier.respondent == "Dana"
    assert (earlier.confidence, earlier.csat) == (None, None)  # unanswered, not 0
    assert [p.id for p in pu.list_pulses(db, setup.engagement)] == [earlier.id, later.id]

    pu.update_pulse(db, earlier.id, "confidence", 6)
    pu.update_pulse(db, earlier.id, "not_working", "Too many status meetings")
    changed = pu.update_pulse(db, earlier.id, "taken_on", date(2026, 3, 1))
    assert (changed.confidence, changed.not_working) == (6, "Too many status meetings")
    assert [p.id for p in pu.list_pulses(db, setup.engagement)] == [later.id, earlier.id]

    done = perform(db, Operation("Delete", lambda db: pu.delete_pulses(db, [earlier.id, later.id])))
    assert pu.list_pulses(db, setup.engagement) == []
    revert(db, done)
    restored = pu.list_pulses(db, setup.engagement)
    assert [p.id for p in restored] == [later.id, earlier.id]
    assert restored[1] == changed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("confidence", 0, "Confidence goes from 1 to 10; “0” was not saved."),
        ("confidence", 11, "Confidence goes from 1 to 10"),
        ("confidence", 7.5, "Confidence goes from 1 to 10"),
        ("confidence", True, "Confidence goes from 1 to 10"),
        ("confidence", "7", "Confidence goes from 1 to 10"),
        ("csat", 0, "CSAT goes from 1 to 5; “0” was not saved."),
        ("csat", 6, "CSAT goes from 1 to 5"),
        ("taken_on", None, "A pulse check needs the date it was taken."),
        ("taken_on", "2026-01-12", "A pulse check needs the date it was taken."),
        ("mood", "fine", "“mood” is not part of a pulse check."),
        ("working", 3, "“working” takes text."),
        ("respondent", "x" * 201, "That text is too long"),
        ("milestone_id", 999, "That milestone no longer exists"),
    ],
)
def test_pulse_refusals(db: Database, setup: Setup, field: str, value: Any, message: str) -> None:
    pulse = pu.add_pulse(db, setup.engagement, date(2026, 1, 12), confidence=5)
    before = dump(db)
    with refused(message):
        pu.update_pulse(db, pulse.id, field, value)
    assert dump(db) == before


def test_an_empty_pulse_response_is_refused(db: Database, setup: Setup) -> None:
    before = dump(db)
    for answers in ({}, {"respondent": "Dana"}, {"working": "", "not_working": ""}):
        with refused("This response has no answers yet"):
            pu.add_pulse(db, setup.engagement, date(2026, 1, 12), **answers)
    with refused("That milestone no longer exists"):
        pu.add_pulse(db, setup.engagement, date(2026, 1, 12), csat=3, milestone_id=999)
    with refused("That milestone belongs to another engagement."):
        pu.add_pulse(
            db, setup.engagement, date(2026, 1, 12), csat=3, milestone_id=setup.other_milestone
        )
    with refused("CSAT goes from 1 to 5"):
        pu.add_pulse(db, setup.engagement, date(2026, 1, 12), csat=9)
    with refused("That engagement no longer exists"):
        pu.add_pulse(db, 999, date(2026, 1, 12), csat=3)
    assert dump(db) == before
    pulse = pu.add_pulse(db, setup.engagement, date(2026, 1, 12), csat=3)
    with refused("That milestone belongs to another engagement."):
        pu.update_pulse(db, pulse.id, "milestone_id", setup.other_milestone)


# --- quadrant overrides --------------------------------------------------------------


def test_set_override_replaces_and_clears_returning_the_one_in_force(
    db: Database, setup: Setup
) -> None:
    eid = setup.engagement
    first = ov.set_override(db, eid, None, Axis.VALUE, 7.0, " Pilot went live early ")
    assert first is not None
    assert (first.milestone_id, first.axis, first.score, first.reason) == (
        None,
        "value",
        7.0,
        "Pilot went live early",  # trimmed when saved
    )
    revised = ov.set_override(db, eid, None, Axis.VALUE, 6.5, "Revised after the audit")
    assert revised is not None
    assert (revised.score, revised.reason) == (6.5, "Revised after the audit")
    # Other milestones and the other axis are separate overrides.
    ov.set_override(db, eid, setup.m1, Axis.VALUE, 3, "Kickoff slipped")
    ov.set_override(db, eid, None, Axis.EXPERIENCE, 0, "Sponsor walked out")
    assert sorted((o.milestone_id or 0, o.axis, o.score) for o in ov.list_overrides(db, eid)) == [
        (0, "experience", 0.0),
        (0, "value", 6.5),
        (setup.m1, "value", 3.0),
    ]
    assert ov.set_override(db, eid, None, Axis.VALUE, None) is None  # cleared
    assert ov.set_override(db, eid, None, Axis.VALUE, None) is None  # nothing left to clear
    assert len(ov.list_overrides(db, eid)) == 2
    assert ov.list_overrides(db, setup.other_engagement) == []


@pytest.mark.parametrize(
    ("milestone", "score", "reason", "message"),
    [
        (None, 10.5, "why", "A manual score goes from 0 to 10; “10.5” was not saved."),
        (None, -1, "why", "A manual score goes from 0 to 10"),
        (None, True, "why", "A manual score is a number."),
        (None, "5", "why", "A manual score is a number."),
        (None, 5, "   ", "Say why you are overriding the computed score."),
        (None, 5, "x" * 2001, "That reason is too long"),
        ("other", 5, "why", "That milestone belongs to another engagement."),
        (999, 5, "why", "That milestone no longer exists"),
    ],
)
def test_override_refusals(
    db: Database,
    setup: Setup,
    milestone: Any,
    score: Any,
    reason: str,
    message: str,
) -> None:
    ov.set_override(db, setup.engagement, None, Axis.VALUE, 5.0, "Kept")
    before = dump(db)
    milestone_id = setup.other_milestone if milestone == "other" else milestone
    with refused(message):
        ov.set_override(db, setup.engagement, milestone_id, Axis.VALUE, score, reason)
    assert dump(db) == before


def test_load_overview_applies_the_override_to_its_point(db: Database, setup: Setup) -> None:
    item = ex.add_item(
        db, setup.engagement, expects="Live tracking", expected_level=4, delivered_level=5
    )
    assert item.delivery_gap == 1  # value now = 5 + 1.25 = 6.25
    ex.revalidate(db, setup.m1)  # M1 has the same levels: 6.25
    ov.set_override(db, setup.engagement, setup.m1, Axis.VALUE, 2.0, "Pilot site only")
    m1, now = ov.load_overview(db, setup.engagement).path
    assert (m1.milestone_id, m1.value.effective, m1.value.computed) == (setup.m1, 2.0, 6.25)
    assert (now.milestone_id, now.value.effective) == (None, 6.25)


# --- the database's own rules --------------------------------------------------------

RESPONDENT = "INSERT INTO rater_respondent (assessment_id, position, name, side{cols}) VALUES (:a, 0, '', 'client'{vals})"  # noqa: E501


def respondent_insert(**values: Any) -> tuple[str, dict[str, Any]]:
    cols = "".join(f", {k}" for k in values)
    vals = "".join(f", :{k}" for k in values)
    return RESPONDENT.format(cols=cols, vals=vals), values


def points_insert(*split: int | None) -> tuple[str, dict[str, Any]]:
    return respondent_insert(**{f"{d.value}_points": p for d, p in zip(DIMENSIONS, split)})  # noqa: B905


BAD_ROWS: dict[str, tuple[str, dict[str, Any]]] = {
    "score 8": respondent_insert(reliability_expectation=8),
    "score 0": respondent_insert(empathy_perception=0),
    "score 3.5": respondent_insert(tangibles_perception=3.5),
    "points total 90": points_insert(10, 20, 20, 20, 20),
    "points half given": points_insert(50, 50, None, None, None),
    "points negative": points_insert(-10, 50, 20, 20, 20),
    "unknown side": (
        "INSERT INTO rater_respondent (assessment_id, position, name, side) "
        "VALUES (:a, 0, '', 'vendor')",
        {},
    ),
    "blank title": (
        "INSERT INTO rater_assessment (engagement_id, title, scoring, notes, created_at) "
        "VALUES (:e, '   ', 'dimensions', '', '2026-01-01')",
        {},
    ),
    "unknown scoring": (
        "INSERT INTO rater_assessment (engagement_id, title, scoring, notes, created_at) "
        "VALUES (:e, 'Review', 'weekly', '', '2026-01-01')",
        {},
    ),
    "unknown dimension": (
        "INSERT INTO rater_statement (assessment_id, dimension, position, text) "
        "VALUES (:a, 'speed', 0, 'Fast')",
        {},
    ),
    "blank statement": (
        "INSERT INTO rater_statement (assessment_id, dimension, position, text) "
        "VALUES (:a, 'empathy', 0, '')",
        {},
    ),
    "statement score 8": (
        "INSERT INTO rater_statement_score (respondent_id, statement_id, expectation) "
        "VALUES (:r, :s, 8)",
        {},
    ),
    "confidence 11": (
        "INSERT INTO pulse_check (engagement_id, taken_on, respondent, confidence, working, "
        "not_working, created_at) VALUES (:e, '2026-01-12', '', 11, '', '', '2026-01-12')",
        {},
    ),
    "csat 0": (
        "INSERT INTO pulse_check (engagement_id, taken_on, respondent, csat, working, "
        "not_working, created_at) VALUES (:e, '2026-01-12', '', 0, '', '', '2026-01-12')",
        {},
    ),
    "override score 10.5": (
        "INSERT INTO quadrant_override (engagement_id, axis, score, reason, created_at) "
        "VALUES (:e, 'value', 10.5, 'why', '2026-01-12')",
        {},
    ),
    "unknown override axis": (
        "INSERT INTO quadrant_override (engagement_id, axis, score, reason, created_at) "
        "VALUES (:e, 'mood', 5, 'why', '2026-01-12')",
        {},
    ),
    "override without reason": (
        "INSERT INTO quadrant_override (engagement_id, axis, score, reason, created_at) "
        "VALUES (:e, 'value', 5, '  ', '2026-01-12')",
        {},
    ),
    "score raised to 8": ("UPDATE rater_respondent SET assurance_perception = 8", {}),
    "points changed to 95": ("UPDATE rater_respondent SET empathy_points = 15", {}),
    "points cleared on one": ("UPDATE rater_respondent SET empathy_points = NULL", {}),
    "pulse of no engagement": (
        "INSERT INTO pulse_check (engagement_id, taken_on, respondent, csat, working, "
        "not_working, created_at) VALUES (999, '2026-01-12', '', 3, '', '', '2026-01-12')",
        {},
    ),
}


# What the refusal says, by the first word of the case.
WORDS = {
    "score": "out of range",
    "statement": "out of range",
    "confidence": "out of range",
    "csat": "out of range",
    "unknown": "not one CX Desk knows",
    "pulse": "no longer exists",
    "points": "must add up to exactly 100",
    "points negative": "out of range",  # the range check speaks first
    "blank title": "A title cannot be empty",
    "blank statement": "A statement cannot be empty",
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_the_database_refuses_bad_rows_written_around_the_store(
    db: Database, backend: str, setup: Setup, case: str
) -> None:
    if backend == "postgresql" and re.search(r"\d\.\d", case) and "override" not in case:
        pytest.skip("PostgreSQL's integer column rounds a fraction written into it")
    assessment = rater.add_assessment(db, setup.engagement, "Review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    rater.set_points(db, ann.id, dict.fromkeys(DIMENSIONS, 20))
    statement = rater.add_statement(db, assessment.id, E, "They listen.")
    sql, values = BAD_ROWS[case]
    params = {"a": assessment.id, "e": setup.engagement, "r": ann.id, "s": statement.id, **values}
    before = dump(db)
    with pytest.raises(EditRefused) as caught, db.transaction() as s:
        s.execute(text(sql), params)
    assert caught.value.message
    said = WORDS.get(" ".join(case.split()[:2])) or WORDS.get(case.split()[0], "")
    assert said in caught.value.message
    if case == "override without reason":
        assert caught.value.message == "A reason for an override cannot be empty."
    assert dump(db) == before


def test_the_database_accepts_the_edges_of_every_range(db: Database, setup: Setup) -> None:
    # The control for the test above: 1, 7, 0 and 100 points, 1-10, 1-5, 0.0-10.0 all fit.
    assessment = rater.add_assessment(db, setup.engagement, "Review")
    with db.transaction() as s:
        for sql, values in (
            respondent_insert(reliability_expectation=1, reliability_perception=7),
            points_insert(100, 0, 0, 0, 0),
        ):
            s.execute(text(sql), {"a": assessment.id, **values})
        s.execute(
            text(
                "INSERT INTO quadrant_override (engagement_id, axis, score, reason, created_at) "
                "VALUES (:e, 'value', 0.0, 'why', '2026-01-12'), "
                "(:e, 'experience', 10.0, 'why', '2026-01-12')"
            ),
            {"e": setup.engagement},
        )
    assert len(rater.list_respondents(db, assessment.id)) == 2
    assert len(ov.list_overrides(db, setup.engagement)) == 2


# --- cascades and undo ---------------------------------------------------------------


def fill(db: Database, setup: Setup) -> dict[str, int]:
    """Something in every feedback table, linked to M1 where a link is possible."""
    assessment = rater.add_assessment(
        db,
        setup.engagement,
        "Kickoff review",
        milestone_id=setup.m1,
        scoring=ScoringMode.STATEMENTS,
    )
    unlinked = rater.add_assessment(db, setup.engagement, "Unlinked review")
    ann = rater.add_respondent(db, assessment.id, "Ann")
    rater.update_respondent(db, ann.id, "reliability_expectation", 5)
    rater.set_points(db, ann.id, dict.fromkeys(DIMENSIONS, 20))
    rater.add_respondent(db, unlinked.id, "Ben", TEAM)
    statement = rater.list_statements(db, assessment.id)[0]
    rater.set_statement_score(db, ann.id, statement.id, "expectation", 6)
    pulse = pu.add_pulse(db, setup.engagement, date(2026, 1, 12), csat=4, milestone_id=setup.m1)
    pu.add_pulse(db, setup.engagement, date(2026, 2, 12), csat=5, milestone_id=setup.m2)
    ov.set_override(db, setup.engagement, setup.m1, Axis.VALUE, 4.0, "At M1")
    ov.set_override(db, setup.engagement, None, Axis.EXPERIENCE, 6.0, "Now")
    # The other engagement has its own, which must survive everything below.
    theirs = rater.add_assessment(db, setup.other_engagement, "Their review")
    rater.add_respondent(db, theirs.id, "Cy")
    pu.add_pulse(db, setup.other_engagement, date(2026, 1, 5), confidence=3)
    return {"assessment": assessment.id, "pulse": pulse.id}


def test_deleting_an_engagement_removes_its_feedback_and_undo_restores_it(
    db: Database, setup: Setup
) -> None:
    fill(db, setup)
    before = dump(db)
    done = perform(db, Operation("Delete", lambda db: ws.delete_engagement(db, setup.engagement)))
    assert rater.list_assessments(db, setup.engagement) == []
    assert pu.list_pulses(db, setup.engagement) == []
    assert ov.list_overrides(db, setup.engagement) == []
    # What is left is the other engagement's: one assessment, one respondent, one pulse.
    assert count(db, "rater_assessment") == 1
    assert count(db, "rater_respondent") == 1
    assert count(db, "rater_statement") == 0
    assert count(db, "rater_statement_score") == 0
    assert count(db, "pulse_check") == 1
    assert count(db, "quadrant_override") == 0

    revert(db, done)
    assert dump(db) == before


def test_deleting_a_milestone_unlinks_feedback_and_undo_links_it_again(
    db: Database, setup: Setup
) -> None:
    made = fill(db, setup)
    before = dump(db)
    done = perform(db, Operation("Delete", lambda db: ws.delete_milestone(db, setup.m1)))
    # What people said is kept, only unlinked (SET NULL); the override at M1 goes with it.
    assert rater.get_assessment(db, made["assessment"]).milestone_id is None  # type: ignore[union-attr]
    assert rater.list_respondents(db, made["assessment"])  # Ann is still there
    by_id = {p.id: p for p in pu.list_pulses(db, setup.engagement)}
    assert by_id[made["pulse"]].milestone_id is None
    assert {p.milestone_id for p in by_id.values()} == {None, setup.m2}  # M2's link untouched
    assert [(o.milestone_id, o.axis) for o in ov.list_overrides(db, setup.engagement)] == [
        (None, "experience")
    ]
    assert set(done.changeset.updated) == {"rater_assessment", "pulse_check"}  # unlinked

    revert(db, done)
    assert dump(db) == before
    assert rater.get_assessment(db, made["assessment"]).milestone_id == setup.m1  # type: ignore[union-attr]


def test_deleting_an_assessment_or_respondent_and_undoing_it(db: Database, setup: Setup) -> None:
    made = fill(db, setup)
    before = dump(db)
    done = perform(
        db, Operation("Delete", lambda db: rater.delete_assessment(db, made["assessment"]))
    )
    assert rater.get_assessment(db, made["assessment"]) is None
    assert rater.list_respondents(db, made["assessment"]) == []
    assert rater.list_statements(db, made["assessment"]) == []
    assert rater.list_statement_scores(db, made["assessment"]) == {}
    revert(db, done)
    assert dump(db) == before

    (ann,) = rater.list_respondents(db, made["assessment"])
    done = perform(db, Operation("Delete", lambda db: rater.delete_respondents(db, [ann.id])))
    assert rater.list_statement_scores(db, made["assessment"]) == {}  # Ann's scores went too
    revert(db, done)
    assert dump(db) == before


# --- what the charts read ------------------------------------------------------------


def test_load_engagement_responses_order_and_statement_means(db: Database, setup: Setup) -> None:
    eid = setup.engagement
    march = rater.add_assessment(db, eid, "March", held_on=date(2026, 3, 1))
    january = rater.add_assessment(
        db, eid, "January", held_on=date(2026, 1, 10), scoring=ScoringMode.STATEMENTS
    )
    empty = rater.add_assessment(db, eid, "February, nobody came", held_on=date(2026, 2, 1))
    rater.add_assessment(db, setup.other_engagement, "Not ours", held_on=date(2026, 1, 1))

    # March, by dimension: Ben (team) then Ann (client), in the order they were added.
    ben = rater.add_respondent(db, march.id, "Ben", TEAM)
    ann = rater.add_respondent(db, march.id, "Ann", CLIENT)
    rater.update_respondent(db, ben.id, "assurance_expectation", 5)
    rater.update_respondent(db, ben.id, "assurance_perception", 7)
    rater.update_respondent(db, ann.id, "assurance_expectation", 6)

    # January, by statements: Cy scores the Reliability statements.
    cy = rater.add_respondent(db, january.id, "Cy", CLIENT)
    rel = [s for s in rater.list_statements(db, january.id) if s.dimension == "reliability"]
    assert len(rel) >= 2
    for statement, (e, p) in zip(rel, [(6, 4), (7, 4)] + [(5, 5)] * (len(rel) - 2), strict=True):
        rater.set_statement_score(db, cy.id, statement.id, "expectation", e)
        rater.set_statement_score(db, cy.id, statement.id, "perception", p)
    # A direct score on a statement-scored assessment is not what counts.
    rater.update_respondent(db, cy.id, "reliability_expectation", 1)

    loaded = rater.load_engagement_responses(db, eid)
    assert [a.title for a, _ in loaded] == ["January", "February, nobody came", "March"]
    (jan, jan_said), (feb, feb_said), (mar, mar_said) = loaded
    assert (feb.id, mar.id) == (empty.id, march.id)
    assert feb_said == []
    assert [r.name for r in mar_said] == ["Ben", "Ann"]
    assert [r.side for r in mar_said] == [TEAM, CLIENT]
    assert mar_said[0].score(A) == DimensionScore(5, 7)
    assert mar_said[1].score(A) == DimensionScore(6, None)  # half-scored: no gap
    (cy_said,) = jan_said
    # Reliability = the mean of its statements: E (6 + 7 + 5 x (n-2)) / n, P likewise.
    n = len(rel)
    expectation = (6 + 7 + 5 * (n - 2)) / n
    perception = (4 + 4 + 5 * (n - 2)) / n
    assert cy_said.score(R).expectation == pytest.approx(expectation)
    assert cy_said.score(R).perception == pytest.approx(perception)
    assert cy_said.score(A) == DimensionScore()  # Assurance statements not scored
    assert jan.mode is ScoringMode.STATEMENTS
    assert rater.load_engagement_responses(db, 999) == []


def test_load_engagement_responses_equals_what_each_scorecard_reads(
    db: Database, setup: Setup
) -> None:
    """The trend and the Overview read a whole engagement in four queries; each assessment
    must come out as the scorecard reads it alone, and nothing of another engagement."""
    made: dict[int, list[int]] = {}
    for eid in (setup.engagement, setup.other_engagement):
        for i, mode in enumerate([ScoringMode.STATEMENTS, ScoringMode.DIMENSIONS] * 2):
            assessment = rater.add_assessment(
                db, eid, f"Round {i}", held_on=date(2026, 4 - i, 1), scoring=mode
            )
            made.setdefault(eid, []).append(assessment.id)
            statements = rater.list_statements(db, assessment.id)
            for n, side in enumerate([CLIENT, TEAM, CLIENT]):
                person = rater.add_respondent(db, assessment.id, f"P{n}", side)
                if mode is ScoringMode.DIMENSIONS:
                    rater.update_respondent(db, person.id, "empathy_expectation", 1 + n + i)
                    rater.update_respondent(db, person.id, "empathy_perception", 7 - n)
                    if n == 1:
                        points = dict(zip(DIMENSIONS, [40, 10, 0, 30, 20], strict=True))
                        rater.set_points(db, person.id, points)
                else:
                    for k, statement in enumerate(statements[: 12 - 3 * n]):
                        rater.set_statement_score(
                            db, person.id, statement.id, "expectation", 1 + (k + i) % 7
                        )
                        rater.set_statement_score(
                            db, person.id, statement.id, "perception", 1 + (k * n) % 7
                        )
    for eid in (setup.engagement, setup.other_engagement):
        one_by_one = [
            (
                a,
                rater.responses_of(
                    a,
                    rater.list_respondents(db, a.id),
                    rater.list_statements(db, a.id),
                    rater.list_statement_scores(db, a.id),
                ),
            )
            for a in rater.list_assessments(db, eid)
        ]
        assert [a.id for a, _ in one_by_one] == made[eid][::-1]  # oldest first
        assert rater.load_engagement_responses(db, eid) == one_by_one
        assert any(r.points for _a, said in one_by_one for r in said)
        assert any(r.score(R).expectation for _a, said in one_by_one for r in said)


def test_a_respondent_scored_by_dimension_reads_as_its_record_gives(
    db: Database, setup: Setup
) -> None:
    """The engagement's read makes each response of an assessment scored by dimension
    straight from its row; it must be the response the respondent's record gives, for
    an unnamed, a half-scored, a fully scored and an unscored respondent on either side,
    with points spread, all on one dimension or not given."""
    a = rater.add_assessment(db, setup.engagement, "Round", held_on=date(2026, 5, 1))
    unnamed = rater.add_respondent(db, a.id, "", TEAM)
    rater.update_respondent(db, unnamed.id, "tangibles_perception", 3)  # half-scored
    full = rater.add_respondent(db, a.id, "Dee", CLIENT)
    for n, dimension in enumerate(DIMENSIONS):
        rater.update_respondent(db, full.id, f"{dimension.value}_expectation", 1 + n)
        rater.update_respondent(db, full.id, f"{dimension.value}_perception", 7 - n)
    rater.set_points(db, full.id, dict.fromkeys(DIMENSIONS, 20))
    one_dimension = rater.add_respondent(db, a.id, "Zed", CLIENT)
    rater.update_respondent(db, one_dimension.id, "reliability_expectation", 4)
    rater.set_points(db, one_dimension.id, dict(zip(DIMENSIONS, [100, 0, 0, 0, 0], strict=True)))
    rater.add_respondent(db, a.id, "Pat", TEAM)  # nothing scored yet

    ((read, said),) = rater.load_engagement_responses(db, setup.engagement)
    records = rater.list_respondents(db, a.id)
    assert read == rater.get_assessment(db, a.id)
    assert said == [r.response() for r in records]
    assert [(r.name, r.side, r.points is None) for r in said] == [
        ("anonymous", TEAM, True),
        ("Dee", CLIENT, False),
        ("Zed", CLIENT, False),
        ("Pat", TEAM, True),
    ]
    assert said[0].score(T) == DimensionScore(None, 3)
    assert said[1].gap(R) == 6  # 7 - 1


# --- an older database ---------------------------------------------------------------


def make_0001_workspace(path: Path) -> None:
    """A database as CX Desk 0001 left it, with some data in it."""
    from alembic import command

    from cxdesk.store.migrate import alembic_config

    engine = make_engine(path)
    try:
        config = alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0001_initial")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2025-11-01 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, start_date, "
                "created_at) VALUES (1, 1, 'Portal', 'implementation', '2025-11-03', "
                "'2025-11-01 09:00:00')",
                "INSERT INTO milestone (id, engagement_id, position, name, due_date, "
                "revalidated_at) VALUES (1, 1, 0, 'Kickoff', '2025-11-10', "
                "'2025-11-10 17:00:00')",
                "INSERT INTO expectation_item (id, engagement_id, position, expects, "
                "expected_level, delivered_level, experienced_level) "
                "VALUES (1, 1, 0, 'Live tracking', 4, 3, 2)",
                "INSERT INTO expectation_snapshot (id, milestone_id, item_id, expected_level, "
                "delivered_level, experienced_level, taken_at) "
                "VALUES (1, 1, 1, 4, 2, 2, '2025-11-10 17:00:00')",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_a_0001_workspace_migrates_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.cxdb"
    make_0001_workspace(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001_initial",)
        ]
        assert (
            conn.execute(
                "SELECT name FROM sqlite_master WHERE name = 'rater_assessment'"
            ).fetchall()
            == []
        )
    before = dump_across_migrations(path)

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        assert [(c.name, [e.name for e in es]) for c, es in ws.list_clients(db)] == [
            ("Acme", ["Portal"])
        ]
        # The new tables work with the old rows: an assessment at the old milestone.
        assessment = rater.add_assessment(db, 1, "First RATER", milestone_id=1)
        ann = rater.add_respondent(db, assessment.id, "Ann")
        rater.update_respondent(db, ann.id, "empathy_expectation", 6)
        pu.add_pulse(db, 1, date(2025, 11, 12), confidence=7, milestone_id=1)
        kickoff, now = ov.load_overview(db, 1).path
        assert kickoff.milestone_id == 1
        assert kickoff.value.computed == pytest.approx(5 + 1.25 * -2)  # the old snapshot
        assert now.value.computed == pytest.approx(5 + 1.25 * -1)  # the item as it is now

    assert dump_across_migrations(path) == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (backup,) = (tmp_path / "backups").iterdir()
    assert dump_across_migrations(backup) == before


def dump_across_migrations(path: Path) -> dict[str, Any]:
    """The 0001 tables' rows without the columns later schemas add to them (versions,
    who changed a row and when, the engagement's toolkit language): the rows a workspace
    had before migrating, compared with themselves after."""
    return db_dump.every_row(path, ALL_TABLES, versions=False, since_0015=False)


def test_a_dimensions_last_statement_cannot_be_deleted(db: Database, setup: Setup) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "By statements", scoring="statements")  # type: ignore[arg-type]
    tangibles = [s for s in rater.list_statements(db, assessment.id) if s.dimension == "tangibles"]
    assert len(tangibles) == 2
    rater.delete_statement(db, tangibles[0].id)  # one of two: fine
    before = dump(db)
    with refused("This is Tangibles's only statement"):
        rater.delete_statement(db, tangibles[1].id)
    assert dump(db) == before


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2100, 1, 1), date(9999, 12, 31)])
def test_a_pulse_date_far_outside_an_engagement_is_refused_as_a_typo(
    db: Database, setup: Setup, day: date
) -> None:
    with refused("looks like a typo"):
        pu.add_pulse(db, setup.engagement, day, confidence=5)
    record = pu.add_pulse(db, setup.engagement, date(2026, 1, 12), confidence=5)
    with refused("looks like a typo"):
        pu.update_pulse(db, record.id, "taken_on", day)


@pytest.mark.sqlite_only("a SQLite error (a full disk) is what it stages")
def test_a_database_that_cannot_be_written_refuses_the_edit_clearly(
    db: Database, setup: Setup
) -> None:
    from sqlalchemy import event

    def fail(conn, cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO pulse_check"):
            import sqlite3

            raise sqlite3.OperationalError("database or disk is full")

    event.listen(db.engine, "before_cursor_execute", fail)
    try:
        with refused("could not be saved: database or disk is full"):
            pu.add_pulse(db, setup.engagement, date(2026, 1, 12), confidence=5)
    finally:
        event.remove(db.engine, "before_cursor_execute", fail)
    assert pu.list_pulses(db, setup.engagement) == []


def test_clearing_both_scores_of_a_statement_leaves_no_row(db: Database, setup: Setup) -> None:
    assessment = rater.add_assessment(db, setup.engagement, "Stmts", scoring="statements")  # type: ignore[arg-type]
    ann = rater.add_respondent(db, assessment.id, "Ann")
    first = rater.list_statements(db, assessment.id)[0]
    rater.set_statement_score(db, ann.id, first.id, "expectation", 6)
    assert rater.set_statement_score(db, ann.id, first.id, "expectation", None) == (None, None)
    assert rater.list_statement_scores(db, assessment.id) == {}
    assert count(db, "rater_statement_score") == 0
