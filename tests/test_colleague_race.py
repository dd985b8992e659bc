"""Two consultants saving the same field of the same row at the same moment, on a team
workspace: the later one is refused in words, never written over the first.

An edit checks the row's version against the one its screen showed, then writes. On
PostgreSQL (READ COMMITTED) a check made while a colleague's edit of that row is not yet
committed saw the row as it was, passed, and the write then waited for their commit and
went over it: their change lost, nobody told. The row is now held from the check to the
commit (FOR NO KEY UPDATE), so the later edit waits for the first to commit, then sees
its version and is refused. SQLite has one writer at a time: it never had the gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import Table, text, update

from cxdesk.models.quiz import Band
from cxdesk.models.tables import metadata
from cxdesk.ops import Conflict, Operation, journey, matrix, perform, revert, toolkit
from cxdesk.ops import quizzes as quiz_ops
from cxdesk.store import brand as brand_store
from cxdesk.store import expectations, quizzes
from cxdesk.store import journey_map as journey_store
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import StaleRow
from cxdesk.store.workspace import add_client, add_engagement


@dataclass(frozen=True)
class Cell:
    """A field both screens show, Ben's save of it, and how to read it back."""

    table: Table
    row_id: int
    field: str
    bens_save: Operation[Any]
    stored: Callable[[Database], Any]


def matrix_cell(db: Database) -> Cell:
    client = add_client(db, "Harbourline")
    engagement = add_engagement(db, client.id, "Portal")
    item = expectations.add_item(db, engagement.id, owner="Cleo")
    return Cell(
        metadata().tables["expectation_item"],
        item.id,
        "owner",
        matrix.edit_item(item, "owner", "Ben"),  # type: ignore[arg-type]
        lambda db: expectations.list_items(db, engagement.id)[0].owner,
    )


def touchpoint_cell(db: Database) -> Cell:
    client = add_client(db, "Harbourline")
    engagement_id = add_engagement(db, client.id, "Portal").id
    phases = journey_store.add_default_phases(db, engagement_id)
    point = journey_store.add_touchpoint(db, phases[0].id, name="Webinar", owner_team="Cleo")
    return Cell(
        metadata().tables["touchpoint"],
        point.id,
        "owner_team",
        journey.edit_touchpoint(point, "owner_team", "Ben"),  # type: ignore[arg-type]
        lambda db: journey_store.load_map(db, engagement_id).touchpoint(point.id).owner_team,  # type: ignore[union-attr]
    )


def brand_cell(db: Database) -> Cell:
    shown = brand_store.save_brand(db, replace(brand_store.load_brand(db), firm_name="Cleo CX"))
    return Cell(
        metadata().tables["brand"],
        brand_store.ROW_ID,
        "firm_name",
        toolkit.save_brand(replace(shown, firm_name="Ben CX"), shown),
        lambda db: brand_store.load_brand(db).firm_name,
    )


def quiz_cell(db: Database) -> Cell:
    bands = [Band(1, 5, "All", "")]
    quiz = quizzes.add_quiz(db, "Cleo's check", 1, 5, ["Plan"], bands)
    return Cell(
        metadata().tables["quiz"],
        quiz.id,
        "title",
        quiz_ops.update_quiz(quiz, "Ben's check", 1, 5, ["Plan"], bands),  # type: ignore[arg-type]
        lambda db: quizzes.get_quiz(db, quiz.id).title,  # type: ignore[union-attr]
    )


def waiting_for_a_lock(db: Database) -> bool:
    with db.engine.connect() as conn:
        waiting = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar()
    return bool(waiting)


@pytest.mark.parametrize(
    "cell", [matrix_cell, touchpoint_cell, brand_cell, quiz_cell], ids=lambda f: f.__name__
)
def test_two_saves_of_one_field_at_once_refuse_the_later(
    postgres_url: str, cell: Callable[[Database], Cell]
) -> None:
    ana, ben = open_database(postgres_url), open_database(postgres_url)
    try:
        both = cell(ana)  # as both screens show it
        table = both.table
        with ana.engine.connect() as conn, ThreadPoolExecutor(1) as pool:
            # Ana's save is under way: written, not yet committed.
            transaction = conn.begin()
            conn.execute(update(table).where(table.c.id == both.row_id).values({both.field: "Ana"}))
            # Ben saves the same field, from the row as both screens showed it.
            bens = pool.submit(perform, ben, both.bens_save)
            deadline = time.monotonic() + 30
            while not waiting_for_a_lock(ana):  # Ben's save waits for Ana's row
                assert not bens.done(), bens.result()
                assert time.monotonic() < deadline, "Ben's save never waited for Ana's"
                time.sleep(0.02)
            transaction.commit()
            with pytest.raises(StaleRow, match=r"changed this .* after your screen showed it"):
                bens.result(timeout=30)
        assert both.stored(ben) == "Ana"  # Ana's, not lost
    finally:
        ben.close()
        ana.close()


def test_an_undo_at_the_moment_of_a_colleagues_save_is_refused(postgres_url: str) -> None:
    """The undo compares each row's version with the one its step left, then puts the
    rows back: the same gap, closed the same way (the rows held from the comparison)."""
    ana, ben = open_database(postgres_url), open_database(postgres_url)
    try:
        cell = matrix_cell(ana)
        bens = perform(ben, cell.bens_save)  # Ben's save, done: his to undo
        table = cell.table
        with ana.engine.connect() as conn, ThreadPoolExecutor(1) as pool:
            transaction = conn.begin()  # Ana's save of the same field, not committed yet
            conn.execute(update(table).where(table.c.id == cell.row_id).values(owner="Ana"))
            undo = pool.submit(revert, ben, bens)
            deadline = time.monotonic() + 30
            while not waiting_for_a_lock(ana):
                assert not undo.done(), undo.result()
                assert time.monotonic() < deadline, "Ben's undo never waited for Ana's save"
                time.sleep(0.02)
            transaction.commit()
            with pytest.raises(Conflict, match=r"was changed after this step"):
                undo.result(timeout=30)
        assert cell.stored(ben) == "Ana"
    finally:
        ben.close()
        ana.close()
