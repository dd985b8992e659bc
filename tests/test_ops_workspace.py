"""Operations on clients, engagements, milestones and the Expectation Matrix: every one
undoes and redoes exactly, refuses an undo over somebody's later change, and refuses an
edit made on a row somebody changed since."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest

from cxdesk.models.engagement_entities import Client, ExpectationItem
from cxdesk.models.gaps import LevelTriple
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord, MilestoneRecord
from cxdesk.ops import Done, Operation, perform, revert
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops import workspace as workspace_ops
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.ops_helpers import Colleague, round_trip, undo_is_refused
from tests.raw_rows import user_data
from tests.test_ops import demo, demo_file

__all__ = ["demo", "demo_file"]  # the fixtures, shared with the mechanism's tests

pytestmark = pytest.mark.both_backends

T = TypeVar("T")


def do(db: Database, operation: Operation[T] | None) -> Done[T]:
    assert operation is not None, "the edit changes something"
    return perform(db, operation)


def _client(db: Database) -> ClientRecord:
    return workspace.list_clients(db)[0][0]


def _engagement(db: Database) -> EngagementRecord:
    return workspace.list_clients(db)[0][1][0]


def _items(db: Database) -> list[ItemRecord]:
    return expectations.list_items(db, _engagement(db).id)


def _milestones(db: Database) -> list[MilestoneRecord]:
    return workspace.list_milestones(db, _engagement(db).id)


def _revalidated(db: Database) -> MilestoneRecord:
    """A milestone with levels recorded at it: revalidating replaces them."""
    return next(m for m in _milestones(db) if m.revalidated_at is not None)


# Every operation of the area, built against the demo workspace as a person would make it.
OPERATIONS: dict[str, Callable[[Database], Operation[Any] | None]] = {
    "add client": lambda db: workspace_ops.add_client("Zoë Łukasiewicz & Sons"),
    "rename client": lambda db: workspace_ops.rename_client(_client(db), "Acme Renamed"),
    "delete client": lambda db: workspace_ops.delete_client(_client(db)),
    "add engagement": lambda db: workspace_ops.add_engagement(
        _client(db).id, "ERP rollout", JourneyPhase.SUPPORT_SUCCESS
    ),
    "rename engagement": lambda db: workspace_ops.rename_engagement(_engagement(db), "Phase 2"),
    "journey phase": lambda db: workspace_ops.set_journey_phase(
        _engagement(db), JourneyPhase.SUPPORT_SUCCESS
    ),
    "delete engagement": lambda db: workspace_ops.delete_engagement(_engagement(db)),
    "add milestone": lambda db: workspace_ops.add_milestone(
        _engagement(db).id, "Go-live", date(2027, 3, 1)
    ),
    "edit milestone": lambda db: workspace_ops.edit_milestone(
        _engagement(db).id,
        _milestones(db)[0].id,
        (_milestones(db)[0].name, _milestones(db)[0].due_date),
        ("Kick-off (moved)", date(2027, 1, 4)),
    ),
    "delete milestone": lambda db: workspace_ops.delete_milestone(
        _engagement(db).id, _revalidated(db).id, _revalidated(db).name
    ),
    "revalidate again": lambda db: matrix_ops.revalidate(
        _engagement(db).id, _revalidated(db).id, _revalidated(db).name
    ),
    "revalidate first time": lambda db: matrix_ops.revalidate(
        _engagement(db).id, _milestones(db)[-1].id, _milestones(db)[-1].name
    ),
    "edit text": lambda db: matrix_ops.edit_item(_items(db)[2], "expects", "Weekly reports"),
    "edit level": lambda db: matrix_ops.edit_item(_items(db)[2], "delivered_level", 1),
    "clear level": lambda db: matrix_ops.edit_item(
        next(i for i in _items(db) if i.expected_level is not None), "expected_level", None
    ),
    "edit status": lambda db: matrix_ops.edit_item(
        _items(db)[0], "status", "missed" if _items(db)[0].status == "met" else "met"
    ),
    "add row at the end": lambda db: matrix_ops.add_item(_engagement(db).id),
    "add row in the middle": lambda db: matrix_ops.add_item(_engagement(db).id, 2, expects="Hi"),
    "delete a row": lambda db: matrix_ops.delete_items(_engagement(db).id, [_items(db)[1].id]),
    "delete rows": lambda db: matrix_ops.delete_items(
        _engagement(db).id, [i.id for i in _items(db)[::2]]
    ),
    "move a row down": lambda db: matrix_ops.move_item(_items(db)[0], 3),
    "move a row up": lambda db: matrix_ops.move_item(_items(db)[-1], 0),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_operation_undoes_and_redoes_exactly(demo: Database, name: str) -> None:
    operation = OPERATIONS[name](demo)
    assert operation is not None
    done = round_trip(demo, operation)
    assert done.changeset, f"“{operation.label}” changed nothing"


def test_what_edit_undo_says(demo: Database) -> None:
    item, engagement, client = _items(demo)[0], _engagement(demo), _client(demo)
    labels = [
        workspace_ops.add_client(" Acme "),
        workspace_ops.rename_client(client, "New"),
        workspace_ops.set_journey_phase(engagement, JourneyPhase.SUPPORT_SUCCESS),
        matrix_ops.edit_item(item, "expected_level", 1),
        matrix_ops.delete_items(engagement.id, [1, 2]),
        matrix_ops.revalidate(engagement.id, 1, "Kick-off"),
    ]
    assert [op.label for op in labels if op is not None] == [
        "New client “Acme”",
        f"Rename client “{client.name}”",
        f"Journey phase: {JourneyPhase.SUPPORT_SUCCESS.label}",
        "Edit expected level",
        "Delete 2 expectations",
        "Revalidate at “Kick-off”",
    ]


def test_an_edit_that_changes_nothing_is_no_step(demo: Database) -> None:
    item, engagement, client = _items(demo)[0], _engagement(demo), _client(demo)
    milestone = _milestones(demo)[0]
    same = (milestone.name, milestone.due_date)
    assert matrix_ops.edit_item(item, "expects", item.expects) is None
    assert matrix_ops.move_item(item, item.position) is None
    assert matrix_ops.delete_items(engagement.id, []) is None
    assert workspace_ops.rename_client(client, f" {client.name} ") is None
    assert workspace_ops.rename_engagement(engagement, engagement.name) is None
    phase = JourneyPhase(engagement.journey_phase)
    assert workspace_ops.set_journey_phase(engagement, phase) is None
    assert workspace_ops.edit_milestone(engagement.id, milestone.id, same, same) is None


def test_undo_and_redo_follow_each_other_back_through_several_steps(demo: Database) -> None:
    """An undo stack: delete rows, revalidate, delete a milestone, then the whole client;
    undone newest first, every earlier step still finds its rows (same ids)."""
    engagement = _engagement(demo)
    states = [user_data(demo)]
    steps = []
    for build in (
        lambda: matrix_ops.delete_items(engagement.id, [i.id for i in _items(demo)[:2]]),
        lambda: matrix_ops.revalidate(engagement.id, _revalidated(demo).id, "Kick-off"),
        lambda: workspace_ops.delete_milestone(engagement.id, _revalidated(demo).id, "M"),
        lambda: workspace_ops.delete_client(_client(demo)),
    ):
        operation = build()
        assert operation is not None
        steps.append(perform(demo, operation))
        states.append(user_data(demo))
    backs = []
    for done, state in zip(reversed(steps), reversed(states[:-1]), strict=True):
        backs.append(revert(demo, done))
        assert user_data(demo) == state
    for back, state in zip(reversed(backs), states[1:], strict=True):
        revert(demo, back)
        assert user_data(demo) == state


def test_deleted_rows_come_back_in_place_and_the_rest_close_ranks(demo: Database) -> None:
    engagement = _engagement(demo)
    order = [i.id for i in _items(demo)]
    gone = [order[0], order[3], order[-1]]  # the top, the middle and the bottom
    done = do(demo, matrix_ops.delete_items(engagement.id, gone))
    remaining = _items(demo)
    assert [i.id for i in remaining] == [i for i in order if i not in gone]
    assert [i.position for i in remaining] == list(range(len(remaining)))  # no holes
    assert done.changeset.deleted["expectation_snapshot"]  # their revalidations went too
    revert(demo, done)
    assert [i.id for i in _items(demo)] == order
    assert [i.position for i in _items(demo)] == list(range(len(order)))


def test_an_added_row_is_the_operations_value_and_pushes_the_rows_below_down(
    demo: Database,
) -> None:
    engagement = _engagement(demo)
    order = [i.id for i in _items(demo)]
    done = perform(demo, matrix_ops.add_item(engagement.id, 1, expects="New"))
    assert (done.value.position, done.value.expects) == (1, "New")
    assert [i.id for i in _items(demo)] == [order[0], done.value.id, *order[1:]]
    assert done.changeset.created["expectation_item"] == {done.value.id}


def test_revalidating_records_the_levels_and_undo_gives_back_the_earlier_ones(
    demo: Database,
) -> None:
    engagement = _engagement(demo)
    milestone = _revalidated(demo)
    item = _items(demo)[0]

    def at_milestone() -> dict[int, LevelTriple]:
        return {
            s.item_id: s.levels
            for s in expectations.list_snapshots(demo, engagement.id)
            if s.milestone_id == milestone.id
        }

    earlier = at_milestone()
    do(demo, matrix_ops.edit_item(item, "experienced_level", 1))
    done = perform(demo, matrix_ops.revalidate(engagement.id, milestone.id, milestone.name))
    assert done.value.revalidated_at is not None
    assert done.value.revalidated_at != milestone.revalidated_at
    assert at_milestone()[item.id].experienced == 1
    assert len(at_milestone()) == len(_items(demo))
    revert(demo, done)
    assert at_milestone() == earlier
    assert _revalidated(demo) == milestone


# --- a second writer ---------------------------------------------------------------------


def test_undo_of_a_cell_edit_after_a_colleague_changed_the_row_is_refused(
    demo: Database, colleague: Colleague
) -> None:
    item = _items(demo)[0]
    done = do(demo, matrix_ops.edit_item(item, "expects", "Mine"))
    # Ana, on another device, after the person's edit; her change and the edit both kept.
    colleague(ExpectationItem, item.id, notes="Ana's")
    undo_is_refused(demo, done, "An expectation was changed after this step")


def test_undo_of_a_rename_after_a_colleague_renamed_the_client_again_is_refused(
    demo: Database, colleague: Colleague
) -> None:
    client = _client(demo)
    done = do(demo, workspace_ops.rename_client(client, "Acme Renamed"))
    colleague(Client, client.id, name="Ana's name")
    undo_is_refused(demo, done, "A client was changed after this step")
    assert _client(demo).name == "Ana's name"


def test_a_cell_edit_on_a_row_a_colleague_changed_since_the_screen_showed_it_is_refused(
    demo: Database, colleague: Colleague
) -> None:
    shown = _items(demo)[0]  # what the person's screen shows
    colleague(ExpectationItem, shown.id, notes="Ana's")
    before = user_data(demo)
    operation = matrix_ops.edit_item(shown, "expects", "Mine")
    assert operation is not None
    # The colleague's engine writes as this computer's person: "You", elsewhere.
    with pytest.raises(
        StaleRow,
        match=r"^You changed this expectation's notes at \d\d:\d\d \(empty → Ana's\) in another "
        "window or on another device, after your screen showed it",
    ):
        perform(demo, operation)
    assert user_data(demo) == before
