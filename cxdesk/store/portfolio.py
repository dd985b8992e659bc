"""The portfolio's read: every engagement of the workspace, one line each, in one read.

One read transaction with one statement per kind of row for all engagements together
(not the Overview's statements once per engagement: 32 engagements would be ~300 round
trips, which a server workspace pays in network time), grouped by engagement here and
handed to the Overview's own maths (:func:`cxdesk.models.overview.build_overview`), so a
line says what that engagement's Overview says. Portable SQLAlchemy Core only: it runs
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    Select,
    Table,
    and_,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from cxdesk.models.base import (
    CHANGED_AT_COLUMN,
    CHANGED_BY_COLUMN,
    VERSION_COLUMN,
    Base,
    table_of,
)
from cxdesk.models.engagement_entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.engagement_records import ItemRecord, MilestoneRecord
from cxdesk.models.feedback_entities import (
    PulseCheck,
    QuadrantOverride,
    RaterAssessment,
    RaterRespondent,
    RaterStatement,
    RaterStatementScore,
)
from cxdesk.models.gaps import LevelTriple
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.journey_entities import HandoffItem, MapPhase
from cxdesk.models.name_order import name_key
from cxdesk.models.overview import build_overview
from cxdesk.models.portfolio import (
    LastTouched,
    PortfolioLine,
    last_client_pulse,
    open_handoff_items,
    quadrant_move,
)
from cxdesk.models.records import OverrideRecord, PulseRecord, SnapshotRecord
from cxdesk.models.servqual import ScoringMode
from cxdesk.models.workspace_entities import (
    CHANGE_COUNTER_ID,
    LAST_CHANGE_ID,
    ChangeCounter,
    LastChangeRow,
)
from cxdesk.store.database import Database
from cxdesk.store.reads import (
    ASSESSMENT_COLUMNS,
    PULSE_COLUMNS,
    RESPONDENT_COLUMNS,
    assemble_responses,
)

Row = Sequence[Any]
T = TypeVar("T")
# The times a row carries of when it was made or last revalidated: what "last touched"
# can say of an engagement edited before the workspace's newest change.
_WHEN_COLUMNS = ("created_at", "taken_at", "revalidated_at")
# How far a table may be from the engagement it belongs to (quiz answer -> participant
# -> session, statement score -> respondent -> assessment).
_MAX_HOPS = 3


def read_portfolio(db: Database) -> list[PortfolioLine]:
    """Every engagement, by client then name (as lists show names: models/name_order),
    with what its line shows."""
    with db.reading() as s:
        if not s.in_transaction() and s.get_bind().dialect.name != "sqlite":
            # Before its first statement: PostgreSQL's default, READ COMMITTED, reads
            # afresh at every statement, so a colleague's edit saved mid-read would show
            # in the handoff lists read last and not in the rows read first.
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return portfolio_lines(s)


def portfolio_lines(s: Session) -> list[PortfolioLine]:
    """:func:`read_portfolio` inside an open session (its transaction: one snapshot on a
    server, one WAL read on SQLite)."""
    # Core statements on the session's connection (its transaction): rows as tuples,
    # without the ORM's result machinery (a third of the RATER read for 1,000 respondents).
    conn = s.connection()
    # By client, then name, in Python: SQL's lower() and collation differ by backend.
    engagements = sorted(
        conn.execute(
            select(
                Engagement.id, Engagement.name, Engagement.journey_phase, Client.id, Client.name
            ).join(Client, Client.id == Engagement.client_id)
        ).all(),
        key=lambda e: (name_key(e[4]), e[3], name_key(e[1]), e[0]),
    )
    if not engagements:
        return []
    milestones = _grouped(
        (
            MilestoneRecord(*row)
            for row in conn.execute(
                select(
                    Milestone.id,
                    Milestone.engagement_id,
                    Milestone.position,
                    Milestone.name,
                    Milestone.due_date,
                    Milestone.revalidated_at,
                ).order_by(Milestone.engagement_id, Milestone.position, Milestone.id)
            )
        ),
        lambda m: m.engagement_id,
    )
    # The levels are all the quadrant and the trailing count read of a matrix row: its
    # texts (most of a long matrix's bytes) are not read.
    items = _grouped(
        (
            ItemRecord(id_, eid, position, expected_level=e, delivered_level=d, experienced_level=x)
            for id_, eid, position, e, d, x in conn.execute(
                select(
                    ExpectationItem.id,
                    ExpectationItem.engagement_id,
                    ExpectationItem.position,
                    ExpectationItem.expected_level,
                    ExpectationItem.delivered_level,
                    ExpectationItem.experienced_level,
                ).order_by(
                    ExpectationItem.engagement_id, ExpectationItem.position, ExpectationItem.id
                )
            )
        ),
        lambda i: i.engagement_id,
    )
    snapshots: dict[int, list[SnapshotRecord]] = defaultdict(list)
    for eid, item_id, milestone_id, e, d, x in conn.execute(
        select(
            Milestone.engagement_id,
            ExpectationSnapshot.item_id,
            ExpectationSnapshot.milestone_id,
            ExpectationSnapshot.expected_level,
            ExpectationSnapshot.delivered_level,
            ExpectationSnapshot.experienced_level,
        )
        .join(Milestone, Milestone.id == ExpectationSnapshot.milestone_id)
        .order_by(ExpectationSnapshot.id)
    ):
        snapshots[eid].append(SnapshotRecord(item_id, milestone_id, LevelTriple(e, d, x)))
    pulse_table = table_of(PulseCheck)
    pulses = _grouped(
        (
            PulseRecord(*row)
            for row in conn.execute(
                select(*(pulse_table.c[c] for c in PULSE_COLUMNS)).order_by(
                    PulseCheck.taken_on, PulseCheck.id
                )
            )
        ),
        lambda p: p.engagement_id,
    )
    overrides = _grouped(
        (
            OverrideRecord(id_, eid, milestone_id, axis, float(score), reason, made_at)
            for id_, eid, milestone_id, axis, score, reason, made_at in conn.execute(
                select(
                    QuadrantOverride.id,
                    QuadrantOverride.engagement_id,
                    QuadrantOverride.milestone_id,
                    QuadrantOverride.axis,
                    QuadrantOverride.score,
                    QuadrantOverride.reason,
                    QuadrantOverride.created_at,
                ).order_by(QuadrantOverride.id)
            )
        ),
        lambda o: o.engagement_id,
    )
    responses = _rater_responses(conn)
    handoffs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for eid, position, open_items in conn.execute(
        select(MapPhase.engagement_id, MapPhase.position, func.count(HandoffItem.id))
        .outerjoin(HandoffItem, and_(HandoffItem.phase_id == MapPhase.id, HandoffItem.done == 0))
        .group_by(MapPhase.id, MapPhase.engagement_id, MapPhase.position)
    ):
        handoffs[eid].append((position, open_items))
    touched = last_touched(conn)

    lines = []
    for eid, name, phase, client_id, client in engagements:
        engagement_pulses = pulses.get(eid, [])
        overview = build_overview(
            milestones=milestones.get(eid, []),
            items=items.get(eid, []),
            snapshots=snapshots.get(eid, []),
            assessments=responses.get(eid, []),
            pulses=engagement_pulses,
            overrides=overrides.get(eid, []),
        )
        lines.append(
            PortfolioLine(
                engagement_id=eid,
                name=name,
                client_id=client_id,
                client=client,
                phase=JourneyPhase(phase),
                quadrant=quadrant_move(overview),
                trailing=overview.trailing_now,
                open_handoff_items=open_handoff_items(handoffs.get(eid, [])),
                last_pulse=last_client_pulse(engagement_pulses),
                last_touched=touched.get(eid, LastTouched(0)),
            )
        )
    return lines


def _grouped(records: Iterable[T], engagement_of: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for record in records:
        grouped[engagement_of(record)].append(record)
    return grouped


def _rater_responses(conn: Connection) -> dict[int, list[Any]]:
    """Every engagement's assessments with their responses, assembled as the Overview's
    own read assembles one engagement's (:func:`cxdesk.store.reads.assemble_responses`)."""
    assessment = table_of(RaterAssessment)
    respondent = table_of(RaterRespondent)
    assessments: dict[int, list[Row]] = defaultdict(list)
    engagement_of: dict[int, int] = {}
    for row in conn.execute(
        select(*(assessment.c[c] for c in ASSESSMENT_COLUMNS)).order_by(RaterAssessment.id)
    ):
        assessments[row[1]].append(row)  # (id, engagement_id, ...)
        engagement_of[row[0]] = row[1]
    if not assessments:
        return {}
    # Respondents and statements say their assessment (second column): grouped by its
    # engagement as they come, not copied (a long engagement has a thousand).
    respondents: dict[int, list[Row]] = defaultdict(list)
    for row in conn.execute(
        select(*(respondent.c[c] for c in RESPONDENT_COLUMNS)).order_by(
            RaterRespondent.position, RaterRespondent.id
        )
    ):
        respondents[engagement_of[row[1]]].append(row)
    statements: dict[int, list[Row]] = defaultdict(list)
    scores: dict[int, list[Row]] = defaultdict(list)
    if any(row[5] == ScoringMode.STATEMENTS.value for rows in assessments.values() for row in rows):
        by_statements = RaterAssessment.scoring == ScoringMode.STATEMENTS.value
        for row in conn.execute(
            select(
                RaterStatement.id,
                RaterStatement.assessment_id,
                RaterStatement.dimension,
                RaterStatement.position,
                RaterStatement.text,
                RaterStatement.version,  # as reads.STATEMENTS: a StatementRecord's columns
            )
            .join(RaterAssessment, RaterAssessment.id == RaterStatement.assessment_id)
            .where(by_statements)
            .order_by(RaterStatement.position, RaterStatement.id)
        ):
            statements[engagement_of[row[1]]].append(row)
        for *score, engagement_id in conn.execute(
            select(
                RaterStatementScore.respondent_id,
                RaterStatementScore.statement_id,
                RaterStatementScore.expectation,
                RaterStatementScore.perception,
                RaterAssessment.engagement_id,
            )
            .join(RaterRespondent, RaterRespondent.id == RaterStatementScore.respondent_id)
            .join(RaterAssessment, RaterAssessment.id == RaterRespondent.assessment_id)
            .where(by_statements)
        ):
            scores[engagement_id].append(score)
    return {
        eid: assemble_responses(
            rows,
            partial(respondents.__getitem__, eid),
            partial(statements.__getitem__, eid),
            partial(scores.__getitem__, eid),
        )
        for eid, rows in assessments.items()
    }


# --- when each engagement was last touched ------------------------------------------


def last_touched(conn: Connection) -> dict[int, LastTouched]:
    """When each engagement's data last changed, and by whom (see :class:`LastTouched`),
    by id.

    One statement finds, for every table people edit that belongs to an engagement
    (directly or through its parents' foreign keys), the newest change number and time
    per engagement; then each engagement's newest change is looked up in the one table
    that holds it, for who made it and when (schema 0013 records both on every row it
    writes). A row deleted leaves nothing behind, so a deletion is not seen.
    """
    paths = _engagement_paths()
    newest: dict[int, tuple[int, datetime | None, Table | None]] = {}
    for index, (eid, change, at) in _touched_rows(conn, paths):
        if eid is None:
            continue
        change_before, at_before, table_before = newest.get(eid, (0, None, None))
        when = max((t for t in (at, at_before) if t is not None), default=None)
        table = paths[index][0] if (change or 0) > change_before else table_before
        newest[eid] = (max(change or 0, change_before), when, table)
    stamped = _who_and_when(conn, newest.values())
    last_number = conn.scalar(
        select(ChangeCounter.last_number).where(ChangeCounter.id == CHANGE_COUNTER_ID)
    )
    changed_at = conn.scalar(
        select(LastChangeRow.changed_at).where(LastChangeRow.id == LAST_CHANGE_ID)
    )
    touched = {}
    for eid, (change, at, _table) in newest.items():
        by, stamped_at = stamped.get(change, ("", None))
        if stamped_at is not None:  # the newest change's own row says when, exactly
            touched[eid] = LastTouched(change, stamped_at, True, by)
            continue
        # Rows not written since schema 0013: the workspace records when its newest
        # change was, exact for the engagement that holds it; otherwise the newest time
        # the rows carry (an edit since may be later).
        exact = changed_at is not None and change > 0 and change == last_number
        touched[eid] = LastTouched(change, changed_at if exact else at, exact, by)
    return touched


def _touched_rows(
    conn: Connection, paths: list[tuple[Table, list[tuple[Column[Any], Table]]]]
) -> Iterable[tuple[int, tuple[int | None, int | None, datetime | None]]]:
    """(index of the table in ``paths``, (engagement id, newest change, newest time))."""
    parts = [
        _touched_in(table, path).add_columns(literal(i).label("part"))
        for i, (table, path) in enumerate(paths)
    ]
    for eid, change, at, part in conn.execute(union_all(*parts)):
        yield int(part), (eid, change, at)


def _who_and_when(
    conn: Connection, newest: Iterable[tuple[int, datetime | None, Table | None]]
) -> dict[int, tuple[str, datetime | None]]:
    """Change number -> who made it and when, read from a row it wrote: one query per
    table holding some engagement's newest change."""
    wanted: dict[Table, set[int]] = defaultdict(set)
    for change, _at, table in newest:
        if table is not None and change > 0 and CHANGED_AT_COLUMN in table.c:
            wanted[table].add(change)
    found: dict[int, tuple[str, datetime | None]] = {}
    for table, changes in wanted.items():
        version = table.c[VERSION_COLUMN]
        rows = conn.execute(
            select(version, table.c[CHANGED_BY_COLUMN], table.c[CHANGED_AT_COLUMN])
            .where(version.in_(sorted(changes)))
            .distinct()
        )
        for change, by, at in rows:
            found.setdefault(int(change), (by or "", at))
    return found


def _engagement_paths() -> list[tuple[Table, list[tuple[Column[Any], Table]]]]:
    """Each versioned table with the foreign keys leading from it to a table holding
    ``engagement_id`` (empty when it holds one itself; the engagement table too)."""
    found = []
    for table in Base.metadata.sorted_tables:
        if VERSION_COLUMN not in table.c:
            continue
        path = _path_to_engagement(table, _MAX_HOPS)
        if path is not None:
            found.append((table, path))
    return found


def _path_to_engagement(table: Table, hops: int) -> list[tuple[Column[Any], Table]] | None:
    if table.name == Engagement.__tablename__ or "engagement_id" in table.c:
        return []
    if hops == 0:
        return None
    for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
        parent = fk.column.table
        if not isinstance(parent, Table) or parent is table:
            continue
        rest = _path_to_engagement(parent, hops - 1)
        if rest is not None:
            return [(fk.parent, parent), *rest]
    return None


def _touched_in(table: Table, path: list[tuple[Column[Any], Table]]) -> Select[Any]:
    source: Any = table
    here = table
    for column, parent in path:
        source = source.join(parent, column == next(iter(column.foreign_keys)).column)
        here = parent
    engagement = here.c.id if here.name == Engagement.__tablename__ else here.c.engagement_id
    when_name = next((c for c in _WHEN_COLUMNS if c in table.c), None)
    when: Any = (func.max(table.c[when_name]) if when_name else cast(null(), DateTime)).label("at")
    return (
        select(
            engagement.label("engagement_id"),
            cast(func.max(table.c[VERSION_COLUMN]), Integer).label("change"),
            when,
        )
        .select_from(source)
        .group_by(engagement)
    )
