"""The reads the first frame needs, as SQL shared by the store and start-up.

At start-up the window shows the last engagement before SQLAlchemy is imported (it takes
over a second): :mod:`cxdesk.store.first_frame` runs these statements on a plain
``sqlite3`` connection. The store runs the very same statements through its session
(:func:`session_rows`), so the two can never read differently: one SQL text, one
conversion into the records in :mod:`cxdesk.models.records`.

The statements use ``:name`` parameters, which both ``sqlite3`` and SQLAlchemy's
``text()`` understand; a date comes back as ISO text from SQLite and as a ``date`` from a
driver that types it, and :func:`_date`/:func:`_datetime` accept both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any, TypeVar

from cxdesk.models.engagement_records import (
    ClientRecord,
    EngagementRecord,
    ItemRecord,
    MilestoneRecord,
)
from cxdesk.models.gaps import LevelTriple
from cxdesk.models.name_order import name_key
from cxdesk.models.records import (
    AssessmentRecord,
    OverrideRecord,
    PulseRecord,
    RespondentRecord,
    SnapshotRecord,
    StatementRecord,
)
from cxdesk.models.servqual import (
    DIMENSIONS,
    RaterResponse,
    RespondentSide,
    ScoringMode,
    given_score,
)

Rows = Callable[[str, Mapping[str, object]], Iterable[Sequence[Any]]]
"""Runs one statement with its parameters and gives the rows (tuples in column order)."""

ITEM_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ItemRecord))
PULSE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(PulseRecord))
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(AssessmentRecord))
# A respondent's record has the table's columns in the table's order (the RATER store
# checks it), so each row is passed positionally: a long engagement has a thousand.
RESPONDENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(RespondentRecord))

# Where each dimension's E and P, and each dimension's points, sit in a respondent row.
_SCORES_AT = tuple(
    (
        d,
        RESPONDENT_COLUMNS.index(f"{d.value}_expectation"),
        RESPONDENT_COLUMNS.index(f"{d.value}_perception"),
    )
    for d in DIMENSIONS
)
_POINTS_AT = tuple(RESPONDENT_COLUMNS.index(f"{d.value}_points") for d in DIMENSIONS)
_ASSESSMENT_AT = RESPONDENT_COLUMNS.index("assessment_id")
_NAME_AT = RESPONDENT_COLUMNS.index("name")
_SIDE_AT = RESPONDENT_COLUMNS.index("side")
_SIDES = {side.value: side for side in RespondentSide}

StatementScores = dict[int, dict[int, tuple[int | None, int | None]]]
"""respondent id -> statement id -> (expectation, perception)."""

# By name in Python (list_clients), not SQL: lower() and the collation differ between
# SQLite and a server (cxdesk.models.name_order).
CLIENTS = "SELECT id, name, version FROM client"
ENGAGEMENTS = "SELECT id, client_id, name, journey_phase, start_date, version FROM engagement"
ITEMS = (
    f"SELECT {', '.join(ITEM_COLUMNS)} FROM expectation_item "
    "WHERE engagement_id = :engagement_id ORDER BY position, id"
)
MILESTONES = (
    "SELECT id, engagement_id, position, name, due_date, revalidated_at FROM milestone "
    "WHERE engagement_id = :engagement_id ORDER BY position, id"
)

# The Overview's reads (cxdesk.store.overview.load_overview). Ordered, so a list reads
# the same on every path; the maths do not depend on the order of snapshots or overrides.
SNAPSHOTS = (
    "SELECT s.item_id, s.milestone_id, s.expected_level, s.delivered_level, "
    "s.experienced_level FROM expectation_snapshot AS s "
    "JOIN milestone AS m ON m.id = s.milestone_id "
    "WHERE m.engagement_id = :engagement_id ORDER BY s.id"
)
# The perceived gap (experienced - expected) of each snapshot; SQL's NULL arithmetic gives
# NULL when either level is unscored, as models.gaps.perceived_gap gives None.
SNAPSHOT_GAPS = (
    "SELECT s.item_id, s.milestone_id, s.experienced_level - s.expected_level "
    "FROM expectation_snapshot AS s "
    "JOIN milestone AS m ON m.id = s.milestone_id "
    "WHERE m.engagement_id = :engagement_id ORDER BY s.id"
)
PULSES = (
    f"SELECT {', '.join(PULSE_COLUMNS)} FROM pulse_check "
    "WHERE engagement_id = :engagement_id ORDER BY taken_on, id"
)
OVERRIDES = (
    "SELECT id, engagement_id, milestone_id, axis, score, reason, created_at "
    "FROM quadrant_override WHERE engagement_id = :engagement_id ORDER BY id"
)
# Every assessment of an engagement with its responses in at most four statements, each
# joined on the engagement (no list of assessment ids as parameters).
ASSESSMENTS = (
    f"SELECT {', '.join(ASSESSMENT_COLUMNS)} FROM rater_assessment "
    "WHERE engagement_id = :engagement_id ORDER BY id"
)
RESPONDENTS = (
    f"SELECT {', '.join('r.' + c for c in RESPONDENT_COLUMNS)} FROM rater_respondent AS r "
    "JOIN rater_assessment AS a ON a.id = r.assessment_id "
    "WHERE a.engagement_id = :engagement_id ORDER BY r.position, r.id"
)
STATEMENTS = (
    "SELECT st.id, st.assessment_id, st.dimension, st.position, st.text, st.version "
    "FROM rater_statement AS st JOIN rater_assessment AS a ON a.id = st.assessment_id "
    "WHERE a.engagement_id = :engagement_id AND a.scoring = :scoring "
    "ORDER BY st.position, st.id"
)
STATEMENT_SCORES = (
    "SELECT sc.respondent_id, sc.statement_id, sc.expectation, sc.perception "
    "FROM rater_statement_score AS sc "
    "JOIN rater_respondent AS r ON r.id = sc.respondent_id "
    "JOIN rater_assessment AS a ON a.id = r.assessment_id "
    "WHERE a.engagement_id = :engagement_id AND a.scoring = :scoring"
)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def list_clients(rows: Rows) -> list[tuple[ClientRecord, list[EngagementRecord]]]:
    """Every client with its engagements, both by name (:func:`by_name`)."""
    clients = by_name(ClientRecord(id_, name, version) for id_, name, version in rows(CLIENTS, {}))
    by_client: dict[int, list[EngagementRecord]] = {c.id: [] for c in clients}
    for id_, client_id, name, phase, start, version in rows(ENGAGEMENTS, {}):
        by_client[client_id].append(
            EngagementRecord(id_, client_id, name, phase, _date(start), version)
        )
    return [(client, by_name(by_client[client.id])) for client in clients]


Named = TypeVar("Named", ClientRecord, EngagementRecord)


def by_name(records: Iterable[Named]) -> list[Named]:
    """``records`` in the order lists show names in, on every backend; id breaks ties."""
    return sorted(records, key=lambda r: (name_key(r.name), r.id))


def list_items(rows: Rows, engagement_id: int) -> list[ItemRecord]:
    """The engagement's Expectation Matrix rows, in their order."""
    return [
        ItemRecord(*_changed_at_last(row)) for row in rows(ITEMS, {"engagement_id": engagement_id})
    ]


def _changed_at_last(row: Sequence[Any]) -> list[Any]:
    """A record's row whose last column, when the row last changed, SQLite gives as text."""
    values = list(row)
    values[-1] = _datetime(values[-1])
    return values


def list_milestones(rows: Rows, engagement_id: int) -> list[MilestoneRecord]:
    """The engagement's milestones, in their order."""
    return [
        MilestoneRecord(id_, eid, position, name, _date(due), _datetime(revalidated))
        for id_, eid, position, name, due, revalidated in rows(
            MILESTONES, {"engagement_id": engagement_id}
        )
    ]


def _day(value: object) -> date:
    day = _date(value)
    if day is None:
        raise ValueError("a required date is missing")
    return day


def _moment(value: object) -> datetime:
    moment = _datetime(value)
    if moment is None:
        raise ValueError("a required time is missing")
    return moment


def list_snapshots(rows: Rows, engagement_id: int) -> list[SnapshotRecord]:
    """The matrix's levels as revalidated at each of the engagement's milestones."""
    return [
        SnapshotRecord(item_id, milestone_id, LevelTriple(expected, delivered, experienced))
        for item_id, milestone_id, expected, delivered, experienced in rows(
            SNAPSHOTS, {"engagement_id": engagement_id}
        )
    ]


def list_snapshot_gaps(rows: Rows, engagement_id: int) -> list[tuple[int, int, int | None]]:
    """``(item_id, milestone_id, perceived gap)`` per snapshot, in :func:`list_snapshots` order.

    What the matrix's heatmap needs, without a record per snapshot (20,000 in a big matrix).
    """
    return [
        (item_id, milestone_id, gap)
        for item_id, milestone_id, gap in rows(SNAPSHOT_GAPS, {"engagement_id": engagement_id})
    ]


def list_pulses(rows: Rows, engagement_id: int) -> list[PulseRecord]:
    """The engagement's pulse checks, oldest first."""
    return [
        PulseRecord(id_, eid, milestone_id, _day(taken_on), *rest)
        for id_, eid, milestone_id, taken_on, *rest in rows(
            PULSES, {"engagement_id": engagement_id}
        )
    ]


def list_overrides(rows: Rows, engagement_id: int) -> list[OverrideRecord]:
    """The quadrant's manual scores in force for the engagement."""
    return [
        OverrideRecord(id_, eid, milestone_id, axis, float(score), reason, _datetime(made_at))
        for id_, eid, milestone_id, axis, score, reason, made_at in rows(
            OVERRIDES, {"engagement_id": engagement_id}
        )
    ]


def responses_of(
    assessment: AssessmentRecord,
    respondents: Sequence[RespondentRecord],
    statements: Sequence[StatementRecord],
    scores: StatementScores,
) -> list[RaterResponse]:
    return [r.response(assessment.mode, statements, scores.get(r.id, {})) for r in respondents]


def direct_response(row: Sequence[Any]) -> RaterResponse:
    """What :meth:`RespondentRecord.response` gives for a respondent row of an assessment
    scored by dimension, built from the row itself: the Overview reads every respondent
    of an engagement (a thousand in a long one), and making a record of each first was
    a quarter of that read (16 -> 12 ms for the 1,000 of the feedback benchmark)."""
    points = tuple(row[i] for i in _POINTS_AT)
    side = row[_SIDE_AT]
    return RaterResponse(
        _SIDES.get(side) or RespondentSide(side),
        {d: given_score(row[e], row[p]) for d, e, p in _SCORES_AT},
        None if None in points else dict(zip(DIMENSIONS, points, strict=True)),
        row[_NAME_AT] or "anonymous",  # RespondentRecord.display_name
    )


def load_engagement_responses(
    rows: Rows, engagement_id: int
) -> list[tuple[AssessmentRecord, list[RaterResponse]]]:
    """Every assessment of the engagement with its responses, oldest first.

    The Overview (and the trend) read a whole engagement, a thousand respondents in a
    long one: a respondent of an assessment scored by dimension becomes its response
    straight from its row (:func:`direct_response`), and statements are read only when
    an assessment is scored by statements."""
    of_engagement = {"engagement_id": engagement_id}
    assessment_rows = list(rows(ASSESSMENTS, of_engagement))
    by_statements = {**of_engagement, "scoring": ScoringMode.STATEMENTS.value}
    return assemble_responses(
        assessment_rows,
        lambda: rows(RESPONDENTS, of_engagement),
        lambda: rows(STATEMENTS, by_statements),
        lambda: rows(STATEMENT_SCORES, by_statements),
    )


def assemble_responses(
    assessment_rows: Iterable[Sequence[Any]],
    respondent_rows: Callable[[], Iterable[Sequence[Any]]],
    statement_rows: Callable[[], Iterable[Sequence[Any]]],
    score_rows: Callable[[], Iterable[Sequence[Any]]],
) -> list[tuple[AssessmentRecord, list[RaterResponse]]]:
    """Assessments (rows in :data:`ASSESSMENT_COLUMNS` order) with their responses, oldest
    first, from the rows of :data:`RESPONDENTS`, :data:`STATEMENTS` and
    :data:`STATEMENT_SCORES` (or statements of the same columns over more engagements:
    the portfolio reads every engagement's at once and assembles each one's here).

    The other rows are asked for only when needed: respondents when there is an
    assessment, statements and their scores when one is scored by statements."""
    assessments = [
        AssessmentRecord(
            id_,
            eid,
            milestone_id,
            title,
            _date(held_on),
            scoring,
            notes,
            _moment(created_at),
            version,
        )
        for id_, eid, milestone_id, title, held_on, scoring, notes, created_at, version in (
            assessment_rows
        )
    ]
    respondents: dict[int, list[Sequence[Any]]] = defaultdict(list)
    if assessments:
        for row in respondent_rows():
            respondents[row[_ASSESSMENT_AT]].append(row)
    statements: dict[int, list[StatementRecord]] = defaultdict(list)
    scores: StatementScores = defaultdict(dict)
    if any(a.mode is ScoringMode.STATEMENTS for a in assessments):
        for row in statement_rows():
            statement = StatementRecord(*row)
            statements[statement.assessment_id].append(statement)
        for respondent_id, statement_id, expectation, perception in score_rows():
            scores[respondent_id][statement_id] = (expectation, perception)
    assessments.sort(key=lambda a: a.sort_key)
    loaded = []
    for assessment in assessments:
        said = respondents[assessment.id]
        if assessment.mode is ScoringMode.DIMENSIONS:
            loaded.append((assessment, [direct_response(row) for row in said]))
        else:
            records = [RespondentRecord(*_changed_at_last(row)) for row in said]
            loaded.append(
                (assessment, responses_of(assessment, records, statements[assessment.id], scores))
            )
    return loaded
