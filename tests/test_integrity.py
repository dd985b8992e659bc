"""Refusals recognised by constraint name, the same words from SQLite and PostgreSQL.

PostgreSQL's side is driven here with a fake psycopg error (an SQLSTATE and a ``diag``
like psycopg's), so the mapping is covered where no server runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import CheckConstraint, create_engine, insert
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Client, Engagement
from cxdesk.models.tables import metadata
from cxdesk.store.database import Database
from cxdesk.store.integrity import (
    ConstraintFailure,
    Failure,
    constraint_failure,
    describe_integrity_error,
)


@dataclass
class FakeDiag:
    """The fields of psycopg's ``Diagnostic`` the store reads."""

    message_primary: str
    constraint_name: str | None = None
    table_name: str | None = None
    column_name: str | None = None


class FakePostgresError(Exception):
    def __init__(self, sqlstate: str, diag: FakeDiag) -> None:
        super().__init__(diag.message_primary)
        self.sqlstate = sqlstate
        self.diag = diag


def postgres(sqlstate: str, message: str, **diag: str) -> IntegrityError:
    return IntegrityError("INSERT ...", {}, FakePostgresError(sqlstate, FakeDiag(message, **diag)))


def sqlite(message: str) -> IntegrityError:
    return IntegrityError("INSERT ...", {}, Exception(message))


EMOTION = "An emotion goes from -3 to +3, so it was not saved."


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (
            sqlite("CHECK constraint failed: ck_touchpoint_emotion_range"),
            ConstraintFailure(
                Failure.CHECK,
                "ck_touchpoint_emotion_range",
                "touchpoint",
                message="CHECK constraint failed: ck_touchpoint_emotion_range",
            ),
        ),
        (
            postgres(
                "23514",
                'new row for relation "touchpoint" violates check constraint',
                constraint_name="ck_touchpoint_emotion_range",
                table_name="touchpoint",
            ),
            ConstraintFailure(
                Failure.CHECK,
                "ck_touchpoint_emotion_range",
                "touchpoint",
                message='new row for relation "touchpoint" violates check constraint',
            ),
        ),
        (
            sqlite(
                "UNIQUE constraint failed: stakeholder_emotion.touchpoint_id,"
                " stakeholder_emotion.stakeholder_id"
            ),
            ConstraintFailure(
                Failure.UNIQUE,
                "uq_stakeholder_emotion_touchpoint_id_stakeholder_id",
                "stakeholder_emotion",
                ("touchpoint_id", "stakeholder_id"),
                message="UNIQUE constraint failed: stakeholder_emotion.touchpoint_id,"
                " stakeholder_emotion.stakeholder_id",
            ),
        ),
        (
            postgres(
                "23505",
                "duplicate key",
                constraint_name="uq_stakeholder_emotion_touchpoint_id_stakeholder_id",
                table_name="stakeholder_emotion",
            ),
            ConstraintFailure(
                Failure.UNIQUE,
                "uq_stakeholder_emotion_touchpoint_id_stakeholder_id",
                "stakeholder_emotion",
                ("touchpoint_id", "stakeholder_id"),
                message="duplicate key",
            ),
        ),
        (
            sqlite("NOT NULL constraint failed: touchpoint.emotion"),
            ConstraintFailure(
                Failure.NOT_NULL,
                table="touchpoint",
                columns=("emotion",),
                message="NOT NULL constraint failed: touchpoint.emotion",
            ),
        ),
        (
            postgres("23502", "null value", table_name="touchpoint", column_name="emotion"),
            ConstraintFailure(
                Failure.NOT_NULL, table="touchpoint", columns=("emotion",), message="null value"
            ),
        ),
        (
            sqlite("FOREIGN KEY constraint failed"),
            ConstraintFailure(Failure.FOREIGN_KEY, message="FOREIGN KEY constraint failed"),
        ),
        (
            postgres(
                "23503",
                "violates foreign key",
                constraint_name="fk_engagement_client_id_client",
                table_name="engagement",
            ),
            ConstraintFailure(
                Failure.FOREIGN_KEY,
                "fk_engagement_client_id_client",
                "engagement",
                ("client_id",),
                message="violates foreign key",
            ),
        ),
        (
            sqlite("map_mismatch: the row belongs to the map of another engagement"),
            ConstraintFailure(
                Failure.RAISED,
                message="map_mismatch: the row belongs to the map of another engagement",
            ),
        ),
        (
            # PL/pgSQL's RAISE EXCEPTION without an ERRCODE: raise_exception.
            postgres("P0001", "map_mismatch: the row belongs to the map of another engagement"),
            ConstraintFailure(
                Failure.RAISED,
                message="map_mismatch: the row belongs to the map of another engagement",
            ),
        ),
        (
            # ... and with ERRCODE = 'check_violation': no constraint name.
            postgres("23514", "quiz_mismatch: the statement belongs to another quiz"),
            ConstraintFailure(
                Failure.RAISED, message="quiz_mismatch: the statement belongs to another quiz"
            ),
        ),
        (
            # ... as the PostgreSQL head schema's triggers raise: the rule as CONSTRAINT.
            postgres(
                "23514",
                "score_range: outside the quiz scale",
                constraint_name="score_range",
                table_name="quiz_answer",
            ),
            ConstraintFailure(Failure.RAISED, message="score_range: outside the quiz scale"),
        ),
        (
            postgres("22001", "value too long for type character varying(200)"),
            ConstraintFailure(
                Failure.TOO_LONG, message="value too long for type character varying(200)"
            ),
        ),
    ],
)
def test_what_failed_is_read_from_either_engine(
    error: IntegrityError, failure: ConstraintFailure
) -> None:
    assert constraint_failure(error) == failure


LONG_UNIQUE = "uq_stakeholder_emotion_snapshot_revisit_id_touchpoint_id_stakeholder_id"


@pytest.mark.parametrize(
    "server_name",
    [
        LONG_UNIQUE[:58] + "_14f5",  # SQLAlchemy's naming convention, cut for PostgreSQL
        LONG_UNIQUE[:63],  # PostgreSQL's own cut of a name written out in full
    ],
)
def test_a_name_postgresql_shortened_is_the_models_name(server_name: str) -> None:
    failure = constraint_failure(
        postgres(
            "23505",
            "duplicate key",
            constraint_name=server_name,
            table_name="stakeholder_emotion_snapshot",
        )
    )
    assert failure.constraint == LONG_UNIQUE
    assert failure.columns == ("revisit_id", "touchpoint_id", "stakeholder_id")


CHECKS = sorted(
    str(rule.name)
    for table in metadata().tables.values()
    for rule in table.constraints
    if isinstance(rule, CheckConstraint)
)


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_has_the_same_words_on_both_engines(name: str) -> None:
    on_sqlite = describe_integrity_error(sqlite(f"CHECK constraint failed: {name}"))
    on_postgres = describe_integrity_error(
        postgres("23514", f'violates check constraint "{name}"', constraint_name=name)
    )
    if name in ("ck_change_counter_single_row", "ck_last_change_single_row"):
        # Rows only the store writes: no words for people, the database's own.
        assert name in on_sqlite
        assert name in on_postgres
    else:
        assert on_sqlite == on_postgres
        assert "refused by the database" not in on_sqlite


@pytest.mark.parametrize(
    ("sqlite_message", "postgres_error", "words"),
    [
        (
            "CHECK constraint failed: ck_touchpoint_emotion_range",
            postgres("23514", "check", constraint_name="ck_touchpoint_emotion_range"),
            EMOTION,
        ),
        (
            "NOT NULL constraint failed: stakeholder_emotion.emotion",
            postgres("23502", "null", table_name="stakeholder_emotion", column_name="emotion"),
            EMOTION,
        ),
        (
            "UNIQUE constraint failed: emotion_revisit.milestone_id",
            postgres(
                "23505",
                "duplicate key",
                constraint_name="uq_emotion_revisit_milestone_id",
                table_name="emotion_revisit",
            ),
            "That milestone has been revisited already.",
        ),
        (
            "FOREIGN KEY constraint failed",
            postgres("23503", "fk", constraint_name="fk_touchpoint_phase_id_map_phase"),
            "What this edit refers to no longer exists (it may have been deleted).",
        ),
        (
            "score_range: outside the quiz scale",
            postgres("P0001", "score_range: outside the quiz scale"),
            "That score is outside the quiz's scale, so it was not saved.",
        ),
        (
            "stakeholder_mismatch: the stakeholder belongs to another engagement",
            postgres(
                "23514", "stakeholder_mismatch: the stakeholder belongs to another engagement"
            ),
            "That stakeholder belongs to another engagement, so the score was not saved.",
        ),
        (
            "CHECK constraint failed: ck_brand_footer_length",
            postgres("23514", "check", constraint_name="ck_brand_footer_length"),
            "The brand's footer is too long, so it was not saved.",
        ),
        (
            "CHECK constraint failed: ck_rater_respondent_points_total",
            postgres("23514", "check", constraint_name="ck_rater_respondent_points_total"),
            "Importance points must add up to exactly 100 (or all be left out).",
        ),
    ],
)
def test_the_consultants_words_are_the_same_on_both_engines(
    sqlite_message: str, postgres_error: IntegrityError, words: str
) -> None:
    assert describe_integrity_error(sqlite(sqlite_message)) == words
    assert describe_integrity_error(postgres_error) == words


def test_a_unique_rule_without_words_is_shown_as_the_database_said_it() -> None:
    message = "UNIQUE constraint failed: quiz_answer.participant_id, quiz_answer.statement_id"
    assert describe_integrity_error(sqlite(message)) == (
        f"The edit was refused by the database ({message})."
    )


def test_real_sqlite_refusals_are_read_by_name(db: Database) -> None:
    """SQLite's own messages, not written by hand: a CHECK, a NOT NULL, a UNIQUE."""
    client = table_of(Client)
    when = datetime(2025, 1, 1)
    with db.engine.begin() as conn:
        conn.execute(insert(client).values(id=1, name="Acme", created_at=when))
    failures = []
    for values in ({"name": "   "}, {"name": None}, {"id": 1, "name": "Again"}):
        with pytest.raises(IntegrityError) as refused, db.engine.begin() as conn:
            conn.execute(insert(client).values(created_at=when, **values))
        failures.append(constraint_failure(refused.value))
    assert [(f.kind, f.constraint, f.table, f.columns) for f in failures] == [
        (Failure.CHECK, "ck_client_name_not_blank", "client", ()),
        (Failure.NOT_NULL, None, "client", ("name",)),
        (Failure.UNIQUE, "pk_client", "client", ("id",)),
    ]
    assert describe_integrity_error(IntegrityError("", {}, Exception(failures[0].message))) == (
        "A name cannot be empty."
    )


def test_the_seam_takes_any_dbapi_error() -> None:
    """A trigger's RAISE EXCEPTION reaches SQLAlchemy as a ProgrammingError, a too-long
    text as a DataError: the seam reads them alike."""
    raised = ProgrammingError("INSERT", {}, FakePostgresError("P0001", FakeDiag("map_mismatch: x")))
    assert constraint_failure(raised).kind is Failure.RAISED
    too_long = DataError("INSERT", {}, FakePostgresError("22001", FakeDiag("value too long")))
    assert constraint_failure(too_long).kind is Failure.TOO_LONG


def test_real_postgresql_refusals_give_the_same_words(postgres_url: str) -> None:
    """The server's own errors (psycopg's diag), on the models' schema."""
    engine = create_engine(postgres_url)
    try:
        metadata().create_all(engine)
        client = table_of(Client)
        when = datetime(2025, 1, 1)
        with engine.begin() as conn:
            conn.execute(insert(client).values(id=1, name="Acme", created_at=when))
        failures = []
        for values in ({"name": "   "}, {"name": None}, {"id": 1, "name": "Again"}):
            with pytest.raises(IntegrityError) as refused, engine.begin() as conn:
                conn.execute(insert(client).values(created_at=when, **values))
            failures.append(refused.value)
        with pytest.raises(IntegrityError) as orphan, engine.begin() as conn:
            conn.execute(
                insert(table_of(Engagement)).values(client_id=99, name="Portal", created_at=when)
            )
        failures.append(orphan.value)
    finally:
        engine.dispose()
    assert [
        (f.kind, f.constraint, f.table, f.columns) for f in map(constraint_failure, failures)
    ] == [
        (Failure.CHECK, "ck_client_name_not_blank", "client", ()),
        (Failure.NOT_NULL, None, "client", ("name",)),
        (Failure.UNIQUE, "pk_client", "client", ("id",)),
        (Failure.FOREIGN_KEY, "fk_engagement_client_id_client", "engagement", ("client_id",)),
    ]
    assert [describe_integrity_error(f) for f in failures] == [
        "A name cannot be empty.",
        'The edit was refused by the database (null value in column "name" of relation'
        ' "client" violates not-null constraint).',
        "The edit was refused by the database (duplicate key value violates unique constraint"
        ' "pk_client").',
        "What this edit refers to no longer exists (it may have been deleted).",
    ]
