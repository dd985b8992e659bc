"""Operations on what people told us: RATER assessments, pulse checks, quadrant overrides.

Each function builds one :class:`~cxdesk.ops.Operation` (or returns None when nothing
would change); its label is what Edit > Undo says. The store functions it calls do the
checking and the writing; undo and redo come from the journal, so nothing here knows
how to take a change back.

Cell and field edits carry the version of the row the person's screen showed, so an
edit over somebody's later change is refused (:class:`~cxdesk.store.errors.StaleRow`)
instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN
from cxdesk.models.quadrant import Axis
from cxdesk.models.records import (
    AssessmentRecord,
    OverrideRecord,
    PulseRecord,
    RespondentRecord,
    ShownOverride,
    StatementRecord,
)
from cxdesk.models.servqual import RaterDimension, RespondentSide, ScoringMode
from cxdesk.models.tables import metadata
from cxdesk.ops.conflicts import edit_told, override_edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import overview, pulse, rater
from cxdesk.store.changed_meanwhile import (
    SHORT,
    ChangedMeanwhile,
    FieldChange,
    RowChanged,
    change_made,
)
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow

ASSESSMENT_LABELS = {
    "title": "assessment title",
    "held_on": "assessment date",
    "milestone_id": "assessment milestone",
    "scoring": "way of scoring",
    "notes": "assessment notes",
}
PULSE_LABELS = {
    "taken_on": "pulse-check date",
    "milestone_id": "pulse-check milestone",
    "respondent": "respondent",
    "confidence": "confidence",
    "csat": "CSAT",
    "working": "what's working",
    "not_working": "what's not working",
    "side": "pulse-check side",
}

# The tables these operations change, as a ChangeSet names them.
ASSESSMENTS = "rater_assessment"
STATEMENTS = "rater_statement"
RESPONDENTS = "rater_respondent"
STATEMENT_SCORES = "rater_statement_score"
PULSES = "pulse_check"
OVERRIDES = "quadrant_override"
RATER_TABLES = (ASSESSMENTS, STATEMENTS, RESPONDENTS, STATEMENT_SCORES)
FEEDBACK_TABLES = (*RATER_TABLES, PULSES, OVERRIDES)


def respondent_label(field: str) -> str:
    """How Edit > Undo names a respondent's field: "respondent name", "Empathy perception"."""
    if field == "name":
        return "respondent name"
    if field == "side":
        return "respondent side"
    dimension, kind = field.split("_", 1)
    return f"{dimension.capitalize()} {kind}"


def _what(count: int, noun: str) -> str:
    """ "respondent" for one, "3 respondents" for more (the undo labels' wording)."""
    return noun if count == 1 else f"{count} {noun}s"


# --- assessments -------------------------------------------------------------------


def add_assessment(
    engagement_id: int,
    title: str,
    *,
    held_on: date | None = None,
    milestone_id: int | None = None,
    scoring: ScoringMode = ScoringMode.DIMENSIONS,
) -> Operation[AssessmentRecord]:
    return Operation(
        f"New assessment “{title.strip()}”",
        lambda db: rater.add_assessment(
            db, engagement_id, title, held_on=held_on, milestone_id=milestone_id, scoring=scoring
        ),
        engagement_id,
    )


def edit_assessment(
    assessment: AssessmentRecord, field: str, value: Any
) -> Operation[AssessmentRecord] | None:
    """One field of an assessment, refused if the assessment changed since it was read."""
    if getattr(assessment, field) == value:
        return None
    return Operation(
        f"Edit {ASSESSMENT_LABELS.get(field, field)}",
        lambda db: edit_told(
            db,
            ASSESSMENTS,
            assessment,
            "assessment",
            lambda: rater.update_assessment(db, assessment.id, field, value, assessment.version),
        ),
        assessment.engagement_id,
    )


def edit_assessment_details(
    assessment: AssessmentRecord, changes: Sequence[tuple[str, Any]]
) -> Operation[AssessmentRecord] | None:
    """Several fields at once (the details dialog): one undo step, saved whole or not at all."""
    wanted = [(field, value) for field, value in changes if getattr(assessment, field) != value]
    if not wanted:
        return None

    def run(db: Database) -> AssessmentRecord:
        # The version is checked once, before the first write: the later ones see the
        # version this operation just gave the row.
        version: int | None = assessment.version
        record = assessment
        for field, value in wanted:
            record = rater.update_assessment(db, assessment.id, field, value, version)
            version = None
        return record

    def told(db: Database) -> AssessmentRecord:
        return edit_told(db, ASSESSMENTS, assessment, "assessment", lambda: run(db))

    return Operation(f"Edit assessment “{assessment.title}”", told, assessment.engagement_id)


def delete_assessment(assessment: AssessmentRecord) -> Operation[None]:
    return Operation(
        f"Delete assessment “{assessment.title}”",
        lambda db: rater.delete_assessment(db, assessment.id),
        assessment.engagement_id,
    )


# --- respondents -------------------------------------------------------------------


def add_respondent(
    engagement_id: int,
    assessment_id: int,
    name: str = "",
    side: RespondentSide = RespondentSide.CLIENT,
) -> Operation[RespondentRecord]:
    return Operation(
        "Add respondent",
        lambda db: rater.add_respondent(db, assessment_id, name, side),
        engagement_id,
    )


def edit_respondent(
    engagement_id: int, respondent: RespondentRecord, field: str, value: Any
) -> Operation[RespondentRecord] | None:
    """A name, side or score cell, refused if the respondent changed since it was read."""
    if getattr(respondent, field) == value:
        return None
    return Operation(
        f"Edit {respondent_label(field)}",
        lambda db: edit_told(
            db,
            "rater_respondent",
            respondent,
            "respondent",
            lambda: rater.update_respondent(db, respondent.id, field, value, respondent.version),
        ),
        engagement_id,
    )


def set_points(
    engagement_id: int,
    respondent: RespondentRecord,
    points: Mapping[RaterDimension, int] | None,
) -> Operation[RespondentRecord] | None:
    if respondent.points == (dict(points) if points is not None else None):
        return None
    return Operation(
        "Clear importance points" if points is None else "Set importance points",
        lambda db: edit_told(
            db,
            "rater_respondent",
            respondent,
            "respondent",
            lambda: rater.set_points(db, respondent.id, points, respondent.version),
        ),
        engagement_id,
    )


def delete_respondents(engagement_id: int, respondent_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(respondent_ids)
    if not ids:
        return None
    return Operation(
        f"Delete {_what(len(ids), 'respondent')}",
        lambda db: rater.delete_respondents(db, ids),
        engagement_id,
    )


# --- statements --------------------------------------------------------------------


def add_statement(
    engagement_id: int, assessment_id: int, dimension: RaterDimension, text: str
) -> Operation[StatementRecord]:
    return Operation(
        "Add statement",
        lambda db: rater.add_statement(db, assessment_id, dimension, text),
        engagement_id,
    )


def edit_statement(
    engagement_id: int, statement: StatementRecord, new: str
) -> Operation[StatementRecord] | None:
    """Reword ``statement`` as the screen shows it: refused over a colleague's change since."""
    if statement.text == new:
        return None
    return Operation(
        "Edit statement",
        lambda db: edit_told(
            db,
            "rater_statement",
            statement,
            "statement",
            lambda: rater.update_statement(db, statement.id, new, statement.version),
        ),
        engagement_id,
    )


def delete_statement(engagement_id: int, statement_id: int) -> Operation[None]:
    return Operation(
        "Delete statement", lambda db: rater.delete_statement(db, statement_id), engagement_id
    )


def set_statement_score(
    engagement_id: int,
    respondent_id: int,
    statement_id: int,
    kind: str,
    value: int | None,
    old: int | None,
) -> Operation[tuple[int | None, int | None]] | None:
    """``old`` is the score the screen showed (None: not scored): the score is refused
    when a colleague changed it since, in words naming who, when and from what."""
    if value == old:
        return None

    def run(db: Database) -> tuple[int | None, int | None]:
        try:
            return rater.set_statement_score(
                db, respondent_id, statement_id, kind, value, {kind: old}
            )
        except StaleRow:
            told = _statement_score_change(db, respondent_id, statement_id, kind, old)
            if told is None:
                raise  # the respondent or the statement is gone: the store's words say so
            change, subject = told
            raise ChangedMeanwhile("score", change, STATEMENT_SCORES, subject=subject) from None

    return Operation(f"Score statement ({kind})", run, engagement_id)


def _statement_score_change(
    db: Database, respondent_id: int, statement_id: int, kind: str, before: int | None
) -> tuple[RowChanged, str] | None:
    """The respondent's ``kind`` score of the statement now, as a change from ``before``,
    and what to call it ("Ann's expectation for “Issues are fixed…”"); None when the
    respondent or the statement is gone. Who and when are the score row's: a score with
    neither E nor P is no row, so nobody is named."""
    tables = metadata().tables
    scores, people, statements = (
        tables[STATEMENT_SCORES],
        tables[RESPONDENTS],
        tables[STATEMENTS],
    )
    with db.reading() as session:
        conn = session.connection()
        person = conn.execute(select(people.c.name).where(people.c.id == respondent_id)).scalar()
        words = conn.execute(
            select(statements.c.text).where(statements.c.id == statement_id)
        ).scalar()
        if person is None or words is None:
            return None
        now = (
            conn.execute(
                select(scores).where(
                    scores.c.respondent_id == respondent_id,
                    scores.c.statement_id == statement_id,
                )
            )
            .mappings()
            .first()
        )
        change = change_made(
            conn,
            None if now is None else now[CHANGED_BY_COLUMN],
            None if now is None else now[CHANGED_AT_COLUMN],
            (FieldChange(kind, _scored(before), _scored(None if now is None else now[kind])),),
            0 if now is None else now[VERSION_COLUMN],
        )
    return change, f"{person}'s {kind} for “{_quoted(words)}”"


def _scored(score: int | None) -> str:
    """As the statements' score cell shows it; "not scored" for an empty cell."""
    return "not scored" if score is None else str(score)


def _quoted(words: str) -> str:
    """A statement short enough to quote in a sentence: its first 40 characters."""
    return words if len(words) <= SHORT else f"{words[: SHORT - 1].rstrip()}…"


# --- pulse checks ------------------------------------------------------------------


def add_pulse(engagement_id: int, taken_on: date, **answers: Any) -> Operation[PulseRecord]:
    return Operation(
        "Record pulse check",
        lambda db: pulse.add_pulse(db, engagement_id, taken_on, **answers),
        engagement_id,
    )


def edit_pulse(record: PulseRecord, field: str, value: Any) -> Operation[PulseRecord] | None:
    """One answer of a response, refused if the response changed since it was read."""
    if getattr(record, field) == value:
        return None
    return Operation(
        f"Edit {PULSE_LABELS.get(field, field)}",
        lambda db: edit_told(
            db,
            "pulse_check",
            record,
            "pulse check",
            lambda: pulse.update_pulse(db, record.id, field, value, record.version),
        ),
        record.engagement_id,
    )


def delete_pulses(engagement_id: int, pulse_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(pulse_ids)
    if not ids:
        return None
    return Operation(
        f"Delete {_what(len(ids), 'pulse check')}",
        lambda db: pulse.delete_pulses(db, ids),
        engagement_id,
    )


# --- quadrant overrides ------------------------------------------------------------


def set_override(
    engagement_id: int,
    milestone_id: int | None,
    axis: Axis,
    score: float | None,
    reason: str = "",
    shown: ShownOverride | None = None,
) -> Operation[OverrideRecord | None]:
    """Set (``score`` None: clear) the Overview's manual score of one axis at a milestone;
    with ``shown`` (that score as the screen showed it), refused over a change since."""
    what = Axis(axis).label.lower()
    return Operation(
        f"Clear manual {what}" if score is None else f"Set manual {what}",
        lambda db: override_edit_told(
            db,
            engagement_id,
            milestone_id,
            axis,
            shown,
            lambda: overview.set_override(
                db, engagement_id, milestone_id, axis, score, reason, shown
            ),
        ),
        engagement_id,
    )
