"""Two people adding rows under one parent at once get distinct, gap-free positions.

On PostgreSQL each writer computes a new row's position from count() or max()+1 in its
own transaction; without the parent row held (FOR NO KEY UPDATE, store/workspace.py's
lock_parent) both read the same count and both rows take the same position. Two
Database objects on one database are two windows (or two consultants); each adds from a
thread of its own, started together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import text

from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.store import (
    actions,
    escalation,
    expectations,
    journey_phases,
    quizzes,
    rater,
    workshop,
)
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database, open_database

ADDS_EACH = 8

# (what is added, its table and parent column, how one is added under the parent)
Adder = Callable[[Database, int, int], object]
ADDERS: dict[str, tuple[str, str, Adder]] = {
    "expectation (count)": (
        "expectation_item",
        "engagement_id",
        lambda db, parent, n: expectations.add_item(db, parent, expects=f"row {n}"),
    ),
    "milestone (max+1)": (
        "milestone",
        "engagement_id",
        lambda db, parent, n: ws.add_milestone(db, parent, f"Milestone {n}"),
    ),
    "journey phase (open_gap)": (
        "map_phase",
        "engagement_id",
        lambda db, parent, n: journey_phases.add_phase(db, parent, f"Phase {n}"),
    ),
    "RATER respondent (max+1)": (
        "rater_respondent",
        "assessment_id",
        lambda db, parent, n: rater.add_respondent(db, parent, f"Person {n}"),
    ),
    "escalation rung (the default ladder stored once, then open_gap)": (
        "escalation_level",
        "engagement_id",
        lambda db, parent, n: escalation.add_level(db, parent, name=f"Rung {n}"),
    ),
    "action against a gap (open_gap)": (
        "gap_action",
        "engagement_id",
        lambda db, parent, n: actions.add_action(db, parent, f"Action {n}"),
    ),
    "quiz participant (max+1)": (
        "workshop_participant",
        "session_id",
        lambda db, parent, n: workshop.add_participant(db, parent, f"Person {n}"),
    ),
}


def parent_of(db: Database, table: str) -> int:
    client = ws.add_client(db, "Acme")
    engagement = ws.add_engagement(db, client.id, "Rollout").id
    if table == "rater_respondent":
        return rater.add_assessment(db, engagement, "Kick-off").id
    if table == "workshop_participant":
        return per_person_session(db, engagement)
    return engagement


def per_person_session(db: Database, engagement: int) -> int:
    quiz = quizzes.ensure_built_in_quiz(db)
    return workshop.add_session(db, quiz.id, engagement, "Workshop", date(2026, 3, 2)).id


@pytest.mark.parametrize("kind", ADDERS)
def test_two_writers_adding_at_once_get_distinct_gap_free_positions(
    postgres_url: str, kind: str
) -> None:
    table, parent_column, add = ADDERS[kind]
    first = open_database(postgres_url)
    second = open_database(postgres_url)
    try:
        parent = parent_of(first, table)
        start = threading.Barrier(2)

        def adding(db: Database, offset: int) -> None:
            start.wait(timeout=30)
            for n in range(ADDS_EACH):
                add(db, parent, offset + n)

        with ThreadPoolExecutor(2) as pool:
            done = [pool.submit(adding, first, 0), pool.submit(adding, second, 100)]
            for future in done:
                future.result(timeout=60)
        with first.engine.connect() as conn:
            positions = conn.execute(
                text(f"SELECT position FROM {table} WHERE {parent_column} = :parent"),
                {"parent": parent},
            ).scalars()
            # The default ladder's rungs come first, stored once (by whichever was first).
            stored_first = len(DEFAULT_LADDER) if table == "escalation_level" else 0
            assert sorted(positions) == list(range(stored_first + 2 * ADDS_EACH))
    finally:
        second.close()
        first.close()
