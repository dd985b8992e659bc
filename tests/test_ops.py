"""The operations layer itself: what the journal captures, revert, versions, conflicts.

Each area's operations have their own round-trip tests (tests/test_ops_*.py); these
check the mechanism on every table of the schema, whatever wrote to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from cxdesk.models.base import VERSION_COLUMN
from cxdesk.models.brand import Brand
from cxdesk.models.engagement_entities import Client, ExpectationItem, Milestone
from cxdesk.models.feedback_entities import RaterAssessment
from cxdesk.models.quadrant import Axis
from cxdesk.models.servqual import ScoringMode
from cxdesk.models.tables import metadata
from cxdesk.ops import ChangeSet, Done, Operation, perform, revert
from cxdesk.store import (
    actions,
    brand,
    escalation,
    expectations,
    issues,
    journey_map,
    journey_phases,
    journey_touchpoints,
    loop_log,
    overview,
    rater,
    workspace,
)
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.server_database import ServerDatabase
from cxdesk.store.server_schema import write_demo
from tests.ops_helpers import Colleague, round_trip, undo_is_refused
from tests.raw_rows import user_data

pytestmark = pytest.mark.both_backends

TABLES = [t for t in metadata().sorted_tables if VERSION_COLUMN in t.c]
# Text columns a test can rewrite without breaking a CHECK (no enum, no blank rule).
FREE_TEXT = {"notes", "expects", "owner", "title", "name", "text", "note", "label"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the demo engagement: rows in nearly every table."""
    path = tmp_path_factory.mktemp("demo") / "demo.cxdb"
    with open_database(path, backup_folder=path.parent / "backups") as db:
        fill_demo(db)
    return path


def fill_demo(db: Database) -> None:
    add_extras(db, add_demo_engagement(db))


def add_extras(db: Database, engagement_id: int) -> None:
    # What the demo leaves empty: the brand, a ladder, a manual score, statements.
    brand.save_brand(db, Brand(firm_name="Northwind Advisory"))
    escalation.ensure_ladder(db, engagement_id)
    overview.set_override(db, engagement_id, None, Axis.VALUE, 7.5, "Board said so")
    assessment = rater.add_assessment(
        db, engagement_id, "Statements", scoring=ScoringMode.STATEMENTS
    )
    respondent = rater.add_respondent(db, assessment.id, "Ana")
    for statement in rater.list_statements(db, assessment.id)[:3]:
        rater.set_statement_score(db, respondent.id, statement.id, "expectation", 6)
    # Closing the loop: an issue on a pain point, an action spawned from it, the logs.
    touchpoint = journey_map.load_touchpoints(db, engagement_id)[0]
    issue = issues.raise_issue(
        db,
        engagement_id,
        "Invoices lack PO numbers",
        date(2026, 1, 5),
        touchpoint_ids=[touchpoint.id],
    )
    actions.add_action(db, engagement_id, "Add the PO number", issue_id=issue.id)
    loop_log.add_said(db, engagement_id, date(2026, 1, 5), "Finance still emails PDFs")
    loop_log.add_win(db, engagement_id, date(2026, 1, 6), "Pilot depot live on the day")


@pytest.fixture
def demo(
    backend: str, workspace_address: Path | str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Database]:
    """A copy of the demo workspace where ``other`` writes: the test's ``db_path``, or
    on PostgreSQL its database, given the same rows by the store."""
    if backend == "postgresql":
        # The demo's rows as a new team workspace is given them (one bulk write: the
        # store's way took 2 s a test), then the extras by the store as on SQLite.
        assert isinstance(workspace_address, str)
        engine = ServerDatabase(workspace_address).create_engine()
        try:
            write_demo(engine, date.today())
        finally:
            engine.dispose()
        with open_database(workspace_address) as db:
            (engagement,) = (e for _c, es in workspace.list_clients(db) for e in es)
            add_extras(db, engagement.id)
            yield db
        return
    demo_file: Path = request.getfixturevalue("demo_file")
    assert isinstance(workspace_address, Path)
    workspace_address.write_bytes(demo_file.read_bytes())
    with open_database(workspace_address, backup_folder=tmp_path / "backups") as db:
        yield db


def write(run: Callable[[Session], Any]) -> Callable[[Database], Any]:
    """An operation body that writes through a session of the operation's transaction."""

    def body(db: Database) -> Any:
        with db.transaction() as session:
            return run(session)

    return body


# --- every table, every kind of write ----------------------------------------------


def _first_id(db: Database, table: Table) -> int | None:
    with db.reading() as s:
        return s.scalar(select(func.min(table.c.id)))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_deleting_rows_of_any_table_with_their_cascade_comes_back_exactly(
    demo: Database, table: Table
) -> None:
    row_id = _first_id(demo, table)
    assert row_id is not None, f"the demo has no {table.name}"
    if table.name == "escalation_level":  # a rung with issues on it is kept: one without
        with demo.reading() as s:
            row_id = s.scalar(
                select(func.max(table.c.id)).where(
                    table.c.id.not_in(select(metadata().tables["issue"].c.rung_id))
                )
            )
    operation = Operation(
        "Delete", write(lambda s: s.execute(delete(table).where(table.c.id == row_id)))
    )
    if table.name == "quiz":  # kept while sessions use it (ON DELETE RESTRICT)
        before = user_data(demo)
        with pytest.raises(EditRefused):
            perform(demo, operation)
        assert user_data(demo) == before
        return
    done = round_trip(demo, operation)
    assert row_id in done.changeset.deleted[table.name]


@pytest.mark.sqlite_only(
    "time: the demo is written anew for each PostgreSQL test (2 s); the deletions above "
    "undo every table on PostgreSQL, and an update's undo is the same statement code"
)
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_updating_every_row_of_any_table_in_one_statement_comes_back_exactly(
    demo: Database, table: Table
) -> None:
    assert _first_id(demo, table) is not None, f"the demo has no {table.name}"
    text_column = next((c for c in table.c if c.name in FREE_TEXT), None)
    if text_column is not None:
        values = {text_column: text_column + " ✓"}
    else:  # nothing to rewrite freely: the statement still gives every row a new version
        column = next(c for c in table.c if not c.primary_key and c.name != VERSION_COLUMN)
        values = {column: column}
    done = round_trip(
        demo, Operation("Edit", write(lambda s: s.execute(update(table).values(values))))
    )
    assert done.changeset.updated[table.name]


def test_rows_made_by_the_orm_by_core_and_by_executemany_all_go_on_undo(
    demo: Database,
) -> None:
    table = ExpectationItem.__table__
    (engagement,) = (e for c, es in workspace.list_clients(demo) for e in es)

    def add_three_ways(session: Session) -> None:
        session.add(ExpectationItem(engagement_id=engagement.id, position=90, expects="ORM"))
        session.flush()
        session.execute(insert(table).values(engagement_id=engagement.id, position=91))
        session.execute(
            insert(table), [{"engagement_id": engagement.id, "position": p} for p in (92, 93)]
        )

    done = round_trip(demo, Operation("Add", write(add_three_ways), engagement.id))
    assert len(done.changeset.created["expectation_item"]) == 4
    assert done.changeset.engagements == {engagement.id}


def test_deleting_a_milestone_unlinks_assessments_and_undo_links_them_again(
    demo: Database,
) -> None:
    with demo.reading() as s:
        milestone_id = s.scalar(
            select(RaterAssessment.milestone_id).where(RaterAssessment.milestone_id.is_not(None))
        )
    assert milestone_id is not None
    done = round_trip(
        demo,
        Operation("Delete milestone", write(lambda s: s.delete(s.get(Milestone, milestone_id)))),
    )
    # The assessment outlived its milestone (ON DELETE SET NULL): an update, not a delete.
    assert done.changeset.updated["rater_assessment"]
    assert done.changeset.deleted["expectation_snapshot"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_of_operations_undoes_and_redoes_exactly(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("walk") / "w.cxdb"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path, backup_folder=path.parent / "backups") as db:
        states = [user_data(path)]
        steps: list[Done[Any]] = []
        for _ in range(data.draw(st.integers(1, 5), label="steps")):
            table = data.draw(st.sampled_from(TABLES), label="table")
            with db.reading() as s:
                ids = list(s.scalars(select(table.c.id)))
            if not ids:
                continue
            row_id = data.draw(st.sampled_from(ids), label="row")
            column = next((c for c in table.c if c.name in FREE_TEXT), None)
            if column is None or data.draw(st.booleans(), label="delete"):
                statement = delete(table).where(table.c.id == row_id)
            else:
                statement = update(table).where(table.c.id == row_id).values({column: "x"})
            try:
                steps.append(
                    perform(db, Operation("Step", write(lambda s, q=statement: s.execute(q))))
                )
            except EditRefused:  # a quiz that sessions still use: refused, nothing written
                assert user_data(path) == states[-1]
                continue
            states.append(user_data(path))
        # Undo everything, newest first, then redo everything: each state comes back.
        backs = []
        for done, state in zip(reversed(steps), reversed(states[:-1]), strict=True):
            backs.append(revert(db, done))
            assert user_data(path) == state
        for back, state in zip(reversed(backs), states[1:], strict=True):
            revert(db, back)
            assert user_data(path) == state


# --- versions ------------------------------------------------------------------------


def _item(db: Database) -> Any:
    (engagement,) = (e for c, es in workspace.list_clients(db) for e in es)
    return expectations.list_items(db, engagement.id)[0]


def test_an_edit_gives_the_row_a_new_version_and_undo_gives_back_the_old(
    demo: Database,
) -> None:
    item = _item(demo)
    done = perform(
        demo, Operation("Edit", lambda db: expectations.update_item(db, item.id, "notes", "n"))
    )
    assert done.value.version != item.version  # the record returned carries the new one
    assert _item(demo).version == done.value.version
    revert(demo, done)
    assert _item(demo).version == item.version


def test_a_version_is_never_handed_out_twice(demo: Database) -> None:
    """Undo puts the old version back; the next edit must not reuse the undone one, or a
    screen still showing the undone text would pass for current."""
    item = _item(demo)
    first = perform(
        demo, Operation("Edit", lambda db: expectations.update_item(db, item.id, "notes", "a"))
    )
    revert(demo, first)
    second = perform(
        demo, Operation("Edit", lambda db: expectations.update_item(db, item.id, "notes", "b"))
    )
    assert second.value.version not in (item.version, first.value.version)


def test_an_edit_from_a_screen_older_than_the_row_is_refused(
    demo: Database, colleague: Colleague
) -> None:
    item = _item(demo)
    colleague(ExpectationItem, item.id, notes="Ana's")
    before = user_data(demo)
    with pytest.raises(StaleRow, match="Someone changed this expectation"):
        expectations.update_item(demo, item.id, "expects", "mine", version=item.version)
    assert user_data(demo) == before


# --- conflicts -----------------------------------------------------------------------


def test_undo_over_a_later_change_by_another_connection_is_refused_and_loses_nothing(
    demo: Database, colleague: Colleague
) -> None:
    item = _item(demo)
    done = perform(
        demo, Operation("Edit", lambda db: expectations.update_item(db, item.id, "expects", "mine"))
    )
    colleague(ExpectationItem, item.id, notes="Ana's")
    refused = undo_is_refused(demo, done, "An expectation was changed after this step")
    assert [(c.table, c.id) for c in refused.changes] == [("expectation_item", item.id)]
    assert _item(demo).notes == "Ana's"


def test_undo_of_a_deletion_whose_row_was_made_again_meanwhile_is_refused(
    demo: Database, other: Engine
) -> None:
    item = _item(demo)
    done = perform(demo, Operation("Delete", lambda db: expectations.delete_items(db, [item.id])))
    with other.begin() as conn:  # the id is free again, and SQLite may hand it out
        conn.execute(
            insert(ExpectationItem).values(id=item.id, engagement_id=item.engagement_id, position=0)
        )
    undo_is_refused(demo, done)


def test_undo_that_would_delete_a_row_added_since_under_it_is_refused(
    demo: Database, other: Engine
) -> None:
    """Undoing "add milestone" deletes the milestone; a revalidation someone made at it
    since would go with it (ON DELETE CASCADE). The undo is refused instead."""
    item = _item(demo)
    done = perform(
        demo,
        Operation(
            "Add milestone",
            lambda db: workspace.add_milestone(db, item.engagement_id, "Go-live", None),
        ),
    )
    milestone_id = done.value.id
    with other.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO expectation_snapshot (item_id, milestone_id, expected_level, "
                "taken_at) VALUES (:item, :milestone, 3, '2026-12-07 10:00:00')"
            ),
            {"item": item.id, "milestone": milestone_id},
        )
    undo_is_refused(demo, done, "A revalidation was added after this step")


# --- one transaction; errors ---------------------------------------------------------


def test_an_operation_is_saved_whole_or_not_at_all(demo: Database) -> None:
    item = _item(demo)

    def half(db: Database) -> None:
        expectations.update_item(db, item.id, "notes", "first half")
        expectations.update_item(db, item.id, "expected_level", 99)  # refused

    before = user_data(demo)
    with pytest.raises(EditRefused, match="Levels go from"):
        perform(demo, Operation("Two edits", half))
    assert user_data(demo) == before


def test_a_bug_inside_an_operation_is_raised_as_it_is(demo: Database) -> None:
    def broken(db: Database) -> None:
        expectations.update_item(db, _item(db).id, "notes", "written")
        raise KeyError("a bug")

    before = user_data(demo)
    with pytest.raises(KeyError, match="a bug"):
        perform(demo, Operation("Broken", broken))
    assert user_data(demo) == before  # and nothing of it was saved


def test_operations_do_not_nest(demo: Database) -> None:
    inner = Operation("Inner", lambda db: None)
    with pytest.raises(RuntimeError, match="inside another operation"):
        perform(demo, Operation("Outer", lambda db: perform(db, inner)))


def test_a_changeset_says_what_changed_and_for_whom() -> None:
    changes = ChangeSet(
        created={"expectation_item": frozenset({3})},
        updated={"expectation_item": frozenset({1, 2})},
        engagements=frozenset({7}),
    )
    assert changes.touches("expectation_item")
    assert not changes.touches("client")
    assert changes.reshapes("expectation_item")
    assert changes.ids("expectation_item") == {1, 2, 3}
    assert changes.concerns(7)
    assert not changes.concerns(8)
    assert ChangeSet().concerns(8)
    assert not ChangeSet()


def test_an_undo_that_would_lose_a_row_of_its_own_is_refused_and_loses_nothing(
    db: Database, engagement_id: int
) -> None:
    """A step that made a phase and moved a touchpoint into it: undo deletes what the
    step made first (so a row made in place of another never collides with it coming
    back), which takes the touchpoint along (ON DELETE CASCADE is never deferred). The
    undo sees the touchpoint did not come back and is refused whole: nothing is lost."""
    first = journey_phases.add_phase(db, engagement_id, "Onboarding")
    touchpoint = journey_touchpoints.add_touchpoint(db, first.id, name="Kick-off call")

    def new_phase_from_touchpoint(db: Database) -> None:
        second = journey_phases.add_phase(db, engagement_id, "Delivery")
        journey_touchpoints.move_touchpoint(db, touchpoint.id, second.id, 0)

    done = perform(db, Operation("New phase from touchpoint", new_phase_from_touchpoint))
    undo_is_refused(db, done, "This step cannot be undone exactly")


@pytest.mark.sqlite_only("SQLite hands a deleted row's id out again; PostgreSQL never does")
def test_undo_of_an_add_never_deletes_a_colleagues_row_that_took_the_same_id(
    db: Database, other: Engine
) -> None:
    """SQLite gives a deleted row's id to the next row: the colleague's new client gets
    the id of the one this step made. It is another row (another version), kept."""
    workspace.add_client(db, "Existing")
    done = perform(db, Operation("New client", lambda db: workspace.add_client(db, "Acme")))
    made = done.value.id
    with other.begin() as conn:
        conn.execute(delete(Client).where(Client.id == made))
    with other.begin() as conn:
        taken = conn.execute(insert(Client).values(name="Beta")).inserted_primary_key[0]
    assert taken == made
    undo_is_refused(db, done, "A client was changed after this step")
    assert [c.name for c, _ in workspace.list_clients(db)] == ["Beta", "Existing"]
