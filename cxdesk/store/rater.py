"""Operations on RATER assessments: respondents, their scores and points, statements."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Row, delete, func, select, text
from sqlalchemy.orm import Session

from cxdesk.models.as_of import as_of_problem
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.feedback_entities import (
    SCORE_FIELDS,
    RaterAssessment,
    RaterRespondent,
    RaterStatement,
    RaterStatementScore,
)
from cxdesk.models.records import (
    AssessmentRecord,
    RespondentRecord,
    StatementRecord,
)
from cxdesk.models.servqual import (
    DIMENSIONS,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    RaterResponse,
    RespondentSide,
    ScoringMode,
    points_problem,
)
from cxdesk.resources import resource
from cxdesk.store import graveyard, reads
from cxdesk.store.database import Database, session_rows
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.reads import StatementScores as StatementScores
from cxdesk.store.reads import responses_of as responses_of
from cxdesk.store.workspace import (
    ROW_LOCK,
    check_milestone,
    choice,
    clean_name,
    clean_person_name,
    get_or_refuse,
    lock_parent,
    next_position,
)

NOTES_MAX = 20_000

_UNKNOWN_SCORING = "An assessment is scored one score per dimension, or by statements."
_UNKNOWN_SIDE = "A respondent is on our team or the client's side."
_UNKNOWN_DIMENSION = (
    "The dimensions are Reliability, Assurance, Tangibles, Empathy and Responsiveness."
)

# An assessment's record has not every column (who changed it last is not shown).
_ASSESSMENT_COLUMNS = [f.name for f in fields(AssessmentRecord)]
_RESPONDENT_COLUMNS = [c.name for c in table_of(RaterRespondent).columns]


def assessment_record(row: Any) -> AssessmentRecord:
    return AssessmentRecord(**{name: getattr(row, name) for name in _ASSESSMENT_COLUMNS})


# The record's fields are the table's columns in the same order, so a row can be passed
# positionally: three times faster for the thousand respondents of a long engagement.
assert [f.name for f in fields(RespondentRecord)] == _RESPONDENT_COLUMNS


def respondent_record(row: Any) -> RespondentRecord:
    if isinstance(row, Row):
        return RespondentRecord(*row)
    return RespondentRecord(**{name: getattr(row, name) for name in _RESPONDENT_COLUMNS})


def statement_record(s: Any) -> StatementRecord:
    return StatementRecord(s.id, s.assessment_id, s.dimension, s.position, s.text, s.version)


@cache
def default_statements() -> tuple[tuple[RaterDimension, str], ...]:
    """The shipped default statements (resources/defaults/rater_statements.toml)."""
    with resource("defaults", "rater_statements.toml").open("rb") as f:
        data = tomllib.load(f)
    return tuple((RaterDimension(s["dimension"]), s["text"]) for s in data["statement"])


def validate_score(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise EditRefused(f"Scores go from {SCORE_MIN} to {SCORE_MAX}; “{value}” was not saved.")
    return value


# --- assessments -------------------------------------------------------------------


def list_assessments(db: Database, engagement_id: int) -> list[AssessmentRecord]:
    """Oldest first (by the date held, then as entered)."""
    table = table_of(RaterAssessment)
    with db.reading() as s:
        rows = s.execute(select(table).where(table.c.engagement_id == engagement_id)).all()
    return sorted((assessment_record(r) for r in rows), key=lambda a: a.sort_key)


def get_assessment(db: Database, assessment_id: int) -> AssessmentRecord | None:
    with db.reading() as s:
        row = s.get(RaterAssessment, assessment_id)
        return assessment_record(row) if row else None


def add_assessment(
    db: Database,
    engagement_id: int,
    title: str,
    *,
    held_on: date | None = None,
    milestone_id: int | None = None,
    scoring: ScoringMode = ScoringMode.DIMENSIONS,
) -> AssessmentRecord:
    title = clean_name(title, "assessment")
    held_on = _held_on(held_on)
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        check_milestone(s, engagement_id, milestone_id)
        assessment = RaterAssessment(
            engagement_id=engagement_id,
            title=title,
            held_on=held_on,
            milestone_id=milestone_id,
            scoring=choice(ScoringMode, scoring, _UNKNOWN_SCORING).value,
        )
        s.add(assessment)
        s.flush()
        if assessment.scoring == ScoringMode.STATEMENTS.value:
            _add_default_statements(s, assessment.id)
        return assessment_record(assessment)


ASSESSMENT_FIELDS = ("title", "held_on", "milestone_id", "scoring", "notes")


def _held_on(value: Any) -> date | None:
    """The day an assessment was held (None: undated), never a day still to come."""
    if value is None:
        return None
    if not isinstance(value, date):
        raise EditRefused("The date of an assessment must be a date.")
    problem = as_of_problem(value, date.today(), "An assessment")
    if problem is not None:
        raise EditRefused(problem)
    return value


def update_assessment(
    db: Database, assessment_id: int, field: str, value: Any, version: int | None = None
) -> AssessmentRecord:
    """Change one field; switching to statements adds the default set if there is none.

    With ``version`` (the assessment as the screen shows it), refused when somebody
    changed it since (:class:`~cxdesk.store.errors.StaleRow`)."""
    if field not in ASSESSMENT_FIELDS:
        raise EditRefused(f"“{field}” is not a field of an assessment.")
    if field == "title":
        value = clean_name(value, "assessment")
    elif field == "scoring":
        value = choice(ScoringMode, value, _UNKNOWN_SCORING).value
    elif field == "held_on":
        value = _held_on(value)
    elif field == "notes" and (not isinstance(value, str) or len(value) > NOTES_MAX):
        raise EditRefused(f"Notes are text of at most {NOTES_MAX:,} characters.")
    with db.transaction() as s:
        assessment = get_or_refuse(
            s, RaterAssessment, assessment_id, "assessment", version, lock=True
        )
        if field == "milestone_id":
            check_milestone(s, assessment.engagement_id, value)
        setattr(assessment, field, value)
        if field == "scoring" and value == ScoringMode.STATEMENTS.value:
            has_statements = s.scalar(
                select(func.count()).where(RaterStatement.assessment_id == assessment_id)
            )
            if not has_statements:
                _add_default_statements(s, assessment_id)
        s.flush()
        return assessment_record(assessment)


def delete_assessment(db: Database, assessment_id: int) -> None:
    """Delete an assessment with its statements, respondents and scores (ON DELETE CASCADE)."""
    with db.transaction() as s:
        table = table_of(RaterAssessment)
        s.execute(delete(table).where(table.c.id == assessment_id))


# --- respondents -------------------------------------------------------------------


def list_respondents(db: Database, assessment_id: int) -> list[RespondentRecord]:
    table = table_of(RaterRespondent)
    with db.reading() as s:
        rows = s.execute(
            select(table)
            .where(table.c.assessment_id == assessment_id)
            .order_by(table.c.position, table.c.id)
        ).all()
    return [respondent_record(r) for r in rows]


def get_respondents(db: Database, respondent_ids: Iterable[int]) -> list[RespondentRecord]:
    """The respondents of ``respondent_ids`` that still exist (a screen re-reading the
    rows an edit changed, not the whole assessment)."""
    table = table_of(RaterRespondent)
    with db.reading() as s:
        return [
            respondent_record(row)
            for part in graveyard.chunks(list(respondent_ids))
            for row in s.execute(select(table).where(table.c.id.in_(part)))
        ]


def add_respondent(
    db: Database,
    assessment_id: int,
    name: str = "",
    side: RespondentSide = RespondentSide.CLIENT,
) -> RespondentRecord:
    name = clean_person_name(name)
    with db.transaction() as s:
        get_or_refuse(s, RaterAssessment, assessment_id, "assessment", lock=True)
        respondent = RaterRespondent(
            assessment_id=assessment_id,
            position=next_position(
                s, RaterRespondent.position, RaterRespondent.assessment_id == assessment_id
            ),
            name=name,
            side=choice(RespondentSide, side, _UNKNOWN_SIDE).value,
        )
        s.add(respondent)
        s.flush()
        return respondent_record(respondent)


RESPONDENT_FIELDS = ("name", "side", *SCORE_FIELDS)


def update_respondent(
    db: Database, respondent_id: int, field: str, value: Any, version: int | None = None
) -> RespondentRecord:
    """Set a name, side or score; with ``version`` (the row the screen shows), refused
    when somebody changed the respondent since."""
    if field not in RESPONDENT_FIELDS:
        raise EditRefused(f"“{field}” is not something a respondent scores.")
    if field == "name":
        value = clean_person_name(value)
    elif field == "side":
        value = choice(RespondentSide, value, _UNKNOWN_SIDE).value
    else:
        value = validate_score(value)
    with db.transaction() as s:
        respondent = get_or_refuse(s, RaterRespondent, respondent_id, "respondent", version)
        setattr(respondent, field, value)
        s.flush()
        return respondent_record(respondent)


def set_points(
    db: Database,
    respondent_id: int,
    points: Mapping[RaterDimension, int] | None,
    version: int | None = None,
) -> RespondentRecord:
    """Split 100 importance points across the dimensions (``None`` clears them); with
    ``version``, refused when somebody changed the respondent since."""
    given: dict[RaterDimension, int | None] = dict.fromkeys(DIMENSIONS)
    if points is not None:
        for dimension, value in points.items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise EditRefused("Importance points are whole numbers.")
            given[choice(RaterDimension, dimension, _UNKNOWN_DIMENSION)] = value
        problem = points_problem(given)
        if problem:
            raise EditRefused(problem)
    with db.transaction() as s:
        respondent = get_or_refuse(s, RaterRespondent, respondent_id, "respondent", version)
        for dimension, points_given in given.items():
            setattr(respondent, f"{dimension.value}_points", points_given)
        s.flush()
        return respondent_record(respondent)


def delete_respondents(db: Database, respondent_ids: Sequence[int]) -> None:
    """Delete respondents with their scores (ON DELETE CASCADE)."""
    with db.transaction() as s:
        table = table_of(RaterRespondent)
        for condition in graveyard.among(table.c.id, respondent_ids):
            s.execute(delete(table).where(condition))


# --- statements --------------------------------------------------------------------


def _add_default_statements(s: Session, assessment_id: int) -> None:
    s.add_all(
        RaterStatement(assessment_id=assessment_id, dimension=d.value, position=i, text=text)
        for i, (d, text) in enumerate(default_statements())
    )


def list_statements(db: Database, assessment_id: int) -> list[StatementRecord]:
    """In RATER order, then as placed within each dimension."""
    with db.reading() as s:
        rows = s.scalars(
            select(RaterStatement)
            .where(RaterStatement.assessment_id == assessment_id)
            .order_by(RaterStatement.position, RaterStatement.id)
        ).all()
        records = [statement_record(r) for r in rows]
    order = {d.value: i for i, d in enumerate(DIMENSIONS)}
    return sorted(records, key=lambda r: (order[r.dimension], r.position, r.id))


def _clean_statement(text: str) -> str:
    if not isinstance(text, str):
        raise EditRefused("A statement is text.")
    cleaned = text.strip()
    if not cleaned:
        raise EditRefused("A statement needs some text.")
    if len(cleaned) > 1000:
        raise EditRefused("That statement is too long (at most 1,000 characters).")
    return cleaned


def add_statement(
    db: Database, assessment_id: int, dimension: RaterDimension, text: str
) -> StatementRecord:
    text = _clean_statement(text)
    with db.transaction() as s:
        get_or_refuse(s, RaterAssessment, assessment_id, "assessment", lock=True)
        statement = RaterStatement(
            assessment_id=assessment_id,
            dimension=choice(RaterDimension, dimension, _UNKNOWN_DIMENSION).value,
            position=next_position(
                s, RaterStatement.position, RaterStatement.assessment_id == assessment_id
            ),
            text=text,
        )
        s.add(statement)
        s.flush()
        return statement_record(statement)


def update_statement(
    db: Database, statement_id: int, text: str, version: int | None = None
) -> StatementRecord:
    """With ``version`` (the statement as the screen shows it), refused when somebody
    changed it since (:class:`~cxdesk.store.errors.StaleRow`)."""
    text = _clean_statement(text)
    with db.transaction() as s:
        statement = get_or_refuse(s, RaterStatement, statement_id, "statement", version)
        statement.text = text
        s.flush()
        return statement_record(statement)


def delete_statement(db: Database, statement_id: int) -> None:
    """Delete a statement and its scores; a dimension's last statement stays, since
    without one that dimension could never be scored."""
    with db.transaction() as s:
        statement = get_or_refuse(s, RaterStatement, statement_id, "statement")
        # Two people deleting a dimension's last two statements at once must not both
        # see a sibling left.
        lock_parent(s, RaterStatement.assessment_id, statement.assessment_id)
        siblings = s.scalar(
            select(func.count()).where(
                RaterStatement.assessment_id == statement.assessment_id,
                RaterStatement.dimension == statement.dimension,
            )
        )
        if siblings == 1:
            label = RaterDimension(statement.dimension).label
            raise EditRefused(
                f"This is {label}'s only statement: reword it instead, or add another "
                "before deleting it (without one, no one could score this dimension)."
            )
        table = table_of(RaterStatement)
        s.execute(delete(table).where(table.c.id == statement_id))


def list_statement_scores(db: Database, assessment_id: int) -> StatementScores:
    score = table_of(RaterStatementScore)
    respondent = table_of(RaterRespondent)
    with db.reading() as s:
        rows = s.execute(
            select(
                score.c.respondent_id,
                score.c.statement_id,
                score.c.expectation,
                score.c.perception,
            )
            .join(respondent, respondent.c.id == score.c.respondent_id)
            .where(respondent.c.assessment_id == assessment_id)
        ).all()
    scores: StatementScores = defaultdict(dict)
    for respondent_id, statement_id, e, p in rows:
        scores[respondent_id][statement_id] = (e, p)
    return dict(scores)


def set_statement_score(
    db: Database,
    respondent_id: int,
    statement_id: int,
    kind: str,
    value: int | None,
    shown: Mapping[str, int | None] | None = None,
) -> tuple[int | None, int | None]:
    """Set a respondent's expectation or perception for a statement; returns (E, P).

    Given ``shown`` (``{kind: the score the screen showed}``, None for not scored),
    refused (:class:`StaleRow`) when that score is no longer the one shown: somebody
    scored, rescored or cleared it since. The score is compared, not a row's version:
    "not scored" may be no row at all, with no version to compare."""
    if kind not in ("expectation", "perception"):
        raise EditRefused("A statement is scored for expectation or perception.")
    value = validate_score(value)
    with db.transaction() as s:
        respondent = get_or_refuse(s, RaterRespondent, respondent_id, "respondent")
        statement = get_or_refuse(s, RaterStatement, statement_id, "statement")
        if statement.assessment_id != respondent.assessment_id:
            raise EditRefused("That statement belongs to another assessment.")
        # Held until the commit: a colleague scoring the same cell at once waits, then
        # compares with the score as it is after ours.
        row = s.scalar(
            select(RaterStatementScore)
            .where(
                RaterStatementScore.respondent_id == respondent_id,
                RaterStatementScore.statement_id == statement_id,
            )
            .with_for_update(**ROW_LOCK)
        )
        if shown is not None and (None if row is None else getattr(row, kind)) != shown.get(kind):
            raise StaleRow("score")
        if row is None:
            row = RaterStatementScore(respondent_id=respondent_id, statement_id=statement_id)
            s.add(row)
        setattr(row, kind, value)
        scores = (row.expectation, row.perception)
        if scores == (None, None):
            s.delete(row)  # nothing scored: no row, as if it had never been touched
        s.flush()
        return scores


# --- what the charts and the Overview read -----------------------------------------


def load_engagement_responses(
    db: Database, engagement_id: int
) -> list[tuple[AssessmentRecord, list[RaterResponse]]]:
    """Every assessment of the engagement with its responses, oldest first, in 4 queries
    (:func:`cxdesk.store.reads.load_engagement_responses`: the first frame's Overview
    runs the same statements with plain sqlite3)."""
    with db.reading() as s:
        return reads.load_engagement_responses(session_rows(s), engagement_id)


def statement_score_of(
    db: Database, respondent_id: int, statement_id: int
) -> tuple[int, int | None, int | None] | None:
    """(the respondent's assessment, expectation, perception) of one statement as stored
    now; None when the respondent is gone. Inside a write: its transaction."""
    with db.reading() as s:
        found = s.execute(
            text(
                "SELECT r.assessment_id, sc.expectation, sc.perception "
                "FROM rater_respondent AS r "
                "LEFT JOIN rater_statement_score AS sc "
                "ON sc.respondent_id = r.id AND sc.statement_id = :statement "
                "WHERE r.id = :respondent"
            ),
            {"respondent": respondent_id, "statement": statement_id},
        ).first()
    return None if found is None else (found[0], found[1], found[2])


def statements_answered(db: Database, assessment_id: int) -> dict[int, tuple[int, int]]:
    """respondent id -> (statements scored at all, statements with both E and P)."""
    with db.reading() as s:
        rows = s.execute(
            text(
                "SELECT sc.respondent_id, COUNT(*), "
                "SUM(sc.expectation IS NOT NULL AND sc.perception IS NOT NULL) "
                "FROM rater_statement_score AS sc "
                "JOIN rater_respondent AS r ON r.id = sc.respondent_id "
                "WHERE r.assessment_id = :assessment GROUP BY sc.respondent_id"
            ),
            {"assessment": assessment_id},
        ).all()
    return {rid: (int(scored), int(complete or 0)) for rid, scored, complete in rows}
