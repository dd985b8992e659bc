"""Two consultants on one workspace score RATER statements for one respondent: a score
set, changed or cleared over the other's later change is refused in words naming who
changed which score of which statement, when, and from what to what; nothing is lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cxdesk.models.servqual import RaterDimension, ScoringMode
from cxdesk.ops import feedback, perform
from cxdesk.store import rater
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.test_colleague_conflicts import clock, name_of, one_item, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


@dataclass(frozen=True)
class Cell:
    """Ann's scores of the statement “Deliverables arrive when promised.”."""

    engagement_id: int
    respondent_id: int
    statement_id: int


def anns_statement(ana: Database) -> Cell:
    engagement_id = one_item(ana).engagement_id
    assessment = rater.add_assessment(
        ana, engagement_id, "Kickoff review", scoring=ScoringMode.STATEMENTS
    )
    statement = rater.add_statement(
        ana, assessment.id, RaterDimension.RELIABILITY, "Deliverables arrive when promised."
    )
    ann = rater.add_respondent(ana, assessment.id, "Ann")
    return Cell(engagement_id, ann.id, statement.id)


def score(db: Database, cell: Cell, kind: str, value: int | None, old: int | None) -> None:
    operation = feedback.set_statement_score(
        cell.engagement_id, cell.respondent_id, cell.statement_id, kind, value, old
    )
    assert operation is not None
    perform(db, operation)


def scores_now(db: Database, cell: Cell) -> tuple[int | None, int | None]:
    found = rater.statement_score_of(db, cell.respondent_id, cell.statement_id)
    assert found is not None
    return found[1], found[2]


def score_stamp(db: Database, cell: Cell) -> str:
    from sqlalchemy import select

    from cxdesk.models.tables import metadata

    table = metadata().tables["rater_statement_score"]
    with db.reading() as s:
        row_id = s.execute(
            select(table.c.id).where(
                table.c.respondent_id == cell.respondent_id,
                table.c.statement_id == cell.statement_id,
            )
        ).scalar_one()
    return clock(stamp(db, "rater_statement_score", row_id))


def refusal(who: str, at: str, kind: str, values: str) -> str:
    whose = "that" if who == "Someone" else "their"
    return (
        f"{who} changed Ann's {kind} for “Deliverables arrive when promised.”{at} ({values}) "
        f"after your screen showed it, so your edit was not saved over {whose} change. The "
        "screen now shows the score as it is: make your edit again if it still applies."
    )


def test_a_statement_score_changed_over_a_colleagues_later_score_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    cell = anns_statement(ana)
    score(ana, cell, "expectation", 5, None)
    # Both screens show E 5; Ana makes it 7, Ben (still showing 5) makes it 3.
    score(ana, cell, "expectation", 7, 5)
    who, at = name_of(ana, backend), f" at {score_stamp(ana, cell)}"
    with pytest.raises(StaleRow) as refused:
        score(ben, cell, "expectation", 3, 5)
    assert refused.value.message == refusal(who, at, "expectation", "5 → 7")
    with pytest.raises(StaleRow) as cleared:
        score(ben, cell, "expectation", None, 5)
    assert cleared.value.message == refusal(who, at, "expectation", "5 → 7")
    assert scores_now(ben, cell) == (7, None)  # Ana's, not lost
    # The other score of the same statement was not changed by Ana: Ben's goes in.
    score(ben, cell, "perception", 4, None)
    assert scores_now(ana, cell) == (7, 4)


def test_a_statement_score_given_where_a_colleague_scored_meanwhile_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    cell = anns_statement(ana)
    # No row yet: both screens show the cell empty. Ana scores it; Ben scores it too.
    score(ana, cell, "perception", 2, None)
    with pytest.raises(StaleRow) as refused:
        score(ben, cell, "perception", 6, None)
    assert refused.value.message == refusal(
        name_of(ana, backend), f" at {score_stamp(ana, cell)}", "perception", "not scored → 2"
    )
    assert scores_now(ben, cell) == (None, 2)


def test_a_statement_score_a_colleague_cleared_is_refused(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    cell = anns_statement(ana)
    score(ana, cell, "perception", 2, None)
    score(ana, cell, "perception", None, 2)  # the row goes: nobody left to name
    with pytest.raises(StaleRow) as refused:
        score(ben, cell, "perception", 6, 2)
    assert refused.value.message == refusal("Someone", "", "perception", "2 → not scored")
    assert scores_now(ben, cell) == (None, None)
