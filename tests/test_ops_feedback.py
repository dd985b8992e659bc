"""The RATER, pulse and Overview operations: each one undone and redone exactly, and
refused with words when somebody else changed its rows in between."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, update

from cxdesk.models.feedback_entities import PulseCheck, RaterAssessment, RaterRespondent
from cxdesk.models.quadrant import Axis
from cxdesk.models.records import (
    AssessmentRecord,
    PulseRecord,
    RespondentRecord,
    StatementRecord,
)
from cxdesk.models.servqual import RaterDimension, RespondentSide, ScoringMode
from cxdesk.ops import Operation, perform, revert
from cxdesk.ops import feedback as ops
from cxdesk.store import overview as overview_store
from cxdesk.store import pulse, rater, workspace
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.ops_helpers import undo_is_refused
from tests.raw_rows import user_data
from tests.store_reads import content

pytestmark = pytest.mark.both_backends

R, A, T, E, RS = tuple(RaterDimension)


@dataclass(frozen=True)
class Made:
    """What the workspace holds before each operation."""

    engagement: int
    milestone: int
    by_dimensions: AssessmentRecord
    by_statements: AssessmentRecord
    ann: RespondentRecord  # scored per dimension, with importance points
    ben: RespondentRecord
    cleo: RespondentRecord  # scoring the statements
    statement: int  # one of two Reliability statements, scored by Cleo
    pulse: PulseRecord
    shown_statement: StatementRecord  # that statement as the RATER tab shows it


@pytest.fixture
def made(db: Database, engagement_id: int) -> Made:
    milestone = workspace.add_milestone(db, engagement_id, "Kickoff", date(2026, 1, 12))
    by_dimensions = rater.add_assessment(db, engagement_id, "At kickoff", milestone_id=milestone.id)
    ann = rater.add_respondent(db, by_dimensions.id, "Ann", RespondentSide.TEAM)
    rater.update_respondent(db, ann.id, "empathy_perception", 5)
    ann = rater.set_points(db, ann.id, {R: 40, A: 20, T: 10, E: 20, RS: 10})
    ben = rater.add_respondent(db, by_dimensions.id, "Ben")
    by_statements = rater.add_assessment(
        db, engagement_id, "Statements", scoring=ScoringMode.STATEMENTS
    )
    cleo = rater.add_respondent(db, by_statements.id, "Cleo")
    statement = next(s for s in rater.list_statements(db, by_statements.id) if s.dimension == R)
    rater.set_statement_score(db, cleo.id, statement.id, "expectation", 6)
    rater.set_statement_score(db, cleo.id, statement.id, "perception", 4)
    pulse_check = pulse.add_pulse(db, engagement_id, date(2026, 1, 20), respondent="Dana", csat=4)
    overview_store.set_override(db, engagement_id, None, Axis.VALUE, 6.0, "Pilot went live")
    return Made(
        engagement_id,
        milestone.id,
        by_dimensions,
        by_statements,
        ann,
        ben,
        cleo,
        statement.id,
        pulse_check,
        statement,
    )


Build = Callable[[Made], Operation[Any] | None]

# Every operation of the area, with the words Edit > Undo shows for it.
OPERATIONS: dict[str, tuple[Build, str]] = {
    "add assessment": (
        lambda m: ops.add_assessment(m.engagement, " Mid-point ", milestone_id=m.milestone),
        "New assessment “Mid-point”",
    ),
    "add assessment by statements": (
        lambda m: ops.add_assessment(m.engagement, "Statements 2", scoring=ScoringMode.STATEMENTS),
        "New assessment “Statements 2”",
    ),
    "edit assessment title": (
        lambda m: ops.edit_assessment(m.by_dimensions, "title", "Kickoff review"),
        "Edit assessment title",
    ),
    "unlink assessment milestone": (
        lambda m: ops.edit_assessment(m.by_dimensions, "milestone_id", None),
        "Edit assessment milestone",
    ),
    "switch to statements": (
        lambda m: ops.edit_assessment(m.by_dimensions, "scoring", ScoringMode.STATEMENTS.value),
        "Edit way of scoring",
    ),
    "edit assessment details": (
        lambda m: ops.edit_assessment_details(
            m.by_dimensions,
            [("title", "Renamed"), ("held_on", date(2026, 2, 1)), ("notes", "Ran late")],
        ),
        "Edit assessment “At kickoff”",
    ),
    "delete assessment": (lambda m: ops.delete_assessment(m.by_statements), ""),
    "add respondent": (
        lambda m: ops.add_respondent(m.engagement, m.by_dimensions.id, "Eve", RespondentSide.TEAM),
        "Add respondent",
    ),
    "score a respondent": (
        lambda m: ops.edit_respondent(m.engagement, m.ben, "reliability_expectation", 7),
        "Edit Reliability expectation",
    ),
    "rename a respondent": (
        lambda m: ops.edit_respondent(m.engagement, m.ann, "name", "Anna"),
        "Edit respondent name",
    ),
    "set points": (
        lambda m: ops.set_points(m.engagement, m.ben, {R: 20, A: 20, T: 20, E: 20, RS: 20}),
        "Set importance points",
    ),
    "clear points": (
        lambda m: ops.set_points(m.engagement, m.ann, None),
        "Clear importance points",
    ),
    "delete respondents": (
        lambda m: ops.delete_respondents(m.engagement, [m.ann.id, m.ben.id]),
        "Delete 2 respondents",
    ),
    "delete a scored respondent": (
        lambda m: ops.delete_respondents(m.engagement, [m.cleo.id]),
        "Delete respondent",
    ),
    "add statement": (
        lambda m: ops.add_statement(m.engagement, m.by_statements.id, E, "They listen."),
        "Add statement",
    ),
    "edit statement": (
        lambda m: ops.edit_statement(m.engagement, m.shown_statement, "Promises are kept."),
        "Edit statement",
    ),
    "delete statement": (
        lambda m: ops.delete_statement(m.engagement, m.statement),
        "Delete statement",
    ),
    "score a statement": (
        lambda m: ops.set_statement_score(m.engagement, m.cleo.id, m.statement, "perception", 7, 4),
        "Score statement (perception)",
    ),
    "score a new statement": (
        lambda m: ops.set_statement_score(
            m.engagement, m.cleo.id, m.statement + 1, "expectation", 5, None
        ),
        "Score statement (expectation)",
    ),
    "unscore a statement": (  # both scores gone: the score row goes too
        lambda m: ops.set_statement_score(
            m.engagement, m.cleo.id, m.statement, "expectation", None, 6
        ),
        "Score statement (expectation)",
    ),
    "record pulse check": (
        lambda m: ops.add_pulse(m.engagement, date(2026, 2, 3), respondent="Eli", confidence=8),
        "Record pulse check",
    ),
    "edit pulse check": (
        lambda m: ops.edit_pulse(m.pulse, "working", "Weekly demos"),
        "Edit what's working",
    ),
    "move pulse check to a milestone": (
        lambda m: ops.edit_pulse(m.pulse, "milestone_id", m.milestone),
        "Edit pulse-check milestone",
    ),
    "delete pulse check": (
        lambda m: ops.delete_pulses(m.engagement, [m.pulse.id]),
        "Delete pulse check",
    ),
    "set manual value": (
        lambda m: ops.set_override(m.engagement, m.milestone, Axis.VALUE, 3.5, "Slipped"),
        "Set manual value delivered",
    ),
    "replace manual value": (
        lambda m: ops.set_override(m.engagement, None, Axis.VALUE, 7.0, "Audit"),
        "Set manual value delivered",
    ),
    "clear manual value": (
        lambda m: ops.set_override(m.engagement, None, Axis.VALUE, None),
        "Clear manual value delivered",
    ),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_operation_undoes_and_redoes_exactly(db: Database, made: Made, name: str) -> None:
    build, label = OPERATIONS[name]
    operation = build(made)
    assert operation is not None
    if label:
        assert operation.label == label
    before = user_data(db)
    done = perform(db, operation)
    after = user_data(db)
    assert after != before
    assert done.changeset.concerns(made.engagement)
    assert done.changeset.engagements == {made.engagement}
    back = revert(db, done)
    assert user_data(db) == before
    assert back.changeset.tables == done.changeset.tables
    revert(db, back)
    assert user_data(db) == after


def test_the_assessment_delete_says_its_title(made: Made) -> None:
    operation = ops.delete_assessment(made.by_statements)
    assert operation.label == "Delete assessment “Statements”"


def test_an_edit_that_changes_nothing_is_no_operation(made: Made) -> None:
    assert ops.edit_assessment(made.by_dimensions, "title", "At kickoff") is None
    assert ops.edit_assessment_details(made.by_dimensions, [("title", "At kickoff")]) is None
    assert ops.edit_respondent(made.engagement, made.ann, "empathy_perception", 5) is None
    assert ops.set_points(made.engagement, made.ben, None) is None
    same = made.shown_statement.text
    assert ops.edit_statement(made.engagement, made.shown_statement, same) is None
    assert ops.set_statement_score(made.engagement, 1, 2, "perception", 4, 4) is None
    assert ops.edit_pulse(made.pulse, "csat", 4) is None
    assert ops.delete_respondents(made.engagement, []) is None
    assert ops.delete_pulses(made.engagement, []) is None


def test_deleting_an_assessment_takes_its_respondents_statements_and_scores_and_undo_brings_them(
    db: Database, made: Made
) -> None:
    done = perform(db, ops.delete_assessment(made.by_statements))
    assert set(done.changeset.deleted) == {
        "rater_assessment",
        "rater_respondent",
        "rater_statement",
        "rater_statement_score",
    }
    assert rater.list_respondents(db, made.by_statements.id) == []
    revert(db, done)
    (cleo,) = rater.list_respondents(db, made.by_statements.id)
    assert content(cleo) == content(made.cleo)  # who changed it and when: the undo's
    assert rater.list_statement_scores(db, made.by_statements.id) == {
        made.cleo.id: {made.statement: (6, 4)}
    }


# --- a colleague's change in between -------------------------------------------------


Meanwhile = Callable[[Made], Any]

# An operation, and what a colleague changes on the same rows before the undo.
CONFLICTS: dict[str, tuple[Build, Meanwhile, str]] = {
    "respondent score": (
        lambda m: ops.edit_respondent(m.engagement, m.ben, "empathy_perception", 3),
        lambda m: (
            update(RaterRespondent)
            .where(RaterRespondent.id == m.ben.id)
            .values(empathy_perception=6)
        ),
        "A RATER respondent was changed after this step",
    ),
    "assessment title": (
        lambda m: ops.edit_assessment(m.by_dimensions, "title", "Mine"),
        lambda m: (
            update(RaterAssessment)
            .where(RaterAssessment.id == m.by_dimensions.id)
            .values(notes="Ana's notes")
        ),
        "A RATER assessment was changed after this step",
    ),
    "pulse answer": (
        lambda m: ops.edit_pulse(m.pulse, "csat", 2),
        lambda m: update(PulseCheck).where(PulseCheck.id == m.pulse.id).values(csat=5),
        "A pulse check was changed after this step",
    ),
    "added respondent renamed": (
        lambda m: ops.add_respondent(m.engagement, m.by_dimensions.id, "Eve"),
        lambda m: update(RaterRespondent).where(RaterRespondent.name == "Eve").values(name="Eva"),
        "A RATER respondent was changed after this step",
    ),
}


@pytest.mark.parametrize("name", CONFLICTS)
def test_undo_over_a_colleagues_later_change_is_refused_and_keeps_it(
    db: Database, made: Made, other: Engine, name: str
) -> None:
    build, meanwhile, words = CONFLICTS[name]
    operation = build(made)
    assert operation is not None
    done = perform(db, operation)
    with other.begin() as conn:
        conn.execute(meanwhile(made))
    undo_is_refused(db, done, words)


def test_an_edit_from_a_screen_older_than_the_row_is_refused(
    db: Database, made: Made, other: Engine
) -> None:
    with other.begin() as conn:
        conn.execute(
            update(RaterRespondent).where(RaterRespondent.id == made.ben.id).values(name="Benjamin")
        )
        conn.execute(update(PulseCheck).where(PulseCheck.id == made.pulse.id).values(csat=5))
        conn.execute(
            update(RaterAssessment)
            .where(RaterAssessment.id == made.by_dimensions.id)
            .values(notes="Ana's")
        )
    theirs = user_data(db)
    stale = [
        (ops.edit_respondent(made.engagement, made.ben, "empathy_perception", 2), "respondent"),
        (
            ops.set_points(made.engagement, made.ben, {R: 100, A: 0, T: 0, E: 0, RS: 0}),
            "respondent",
        ),
        (ops.edit_pulse(made.pulse, "csat", 1), "pulse check"),
        (ops.edit_assessment(made.by_dimensions, "title", "Mine"), "assessment"),
        (ops.edit_assessment_details(made.by_dimensions, [("notes", "Mine")]), "assessment"),
    ]
    for operation, what in stale:
        assert operation is not None
        # A respondent's refusal names the change ("You changed this respondent's ..."):
        # the colleague's engine writes as this computer's person.
        with pytest.raises(
            StaleRow, match=f"(Someone|You) changed this {what}.* after your screen"
        ):
            perform(db, operation)
    assert user_data(db) == theirs
    # Read again, the same edits go through.
    fresh = rater.get_respondents(db, [made.ben.id])[0]
    edit = ops.edit_respondent(made.engagement, fresh, "empathy_perception", 2)
    assert edit is not None
    assert perform(db, edit).value.empathy_perception == 2
    (fresh_pulse,) = pulse.get_pulses(db, [made.pulse.id])
    assert fresh_pulse.csat == 5
    edit_pulse = ops.edit_pulse(fresh_pulse, "csat", 1)
    assert edit_pulse is not None
    assert perform(db, edit_pulse).value.csat == 1
