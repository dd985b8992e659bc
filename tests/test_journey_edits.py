"""Every emotion-map edit is one undo step that puts the map back exactly, and redo again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.journey_map import JourneyMap
from cxdesk.store import journey_map as store
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.ui.workspace import Workspace

pytestmark = pytest.mark.both_backends


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Workspace:
    return Workspace(db)


@pytest.fixture
def engagement_id(db: Database) -> int:
    client = workspace.add_client(db, "Zoë Łukasiewicz & Co")
    return workspace.add_engagement(db, client.id, "Rollout", JourneyPhase.IMPLEMENTATION).id


def snapshot(db: Database, engagement_id: int) -> JourneyMap:
    return store.load_map(db, engagement_id)


def started(ws: Workspace, engagement_id: int) -> JourneyMap:
    """A map with the default phases, two touchpoints and a stakeholder scoring one."""
    ws.journey.add_default_phases(engagement_id)
    journey = snapshot(ws.db, engagement_id)
    sales, implementation, _support = journey.phases
    ws.journey.add_touchpoint(engagement_id, sales.id, name="Demo", emotion=2)
    ws.journey.add_touchpoint(engagement_id, implementation.id, name="Kickoff", emotion=-1)
    ws.journey.add_stakeholder(engagement_id, "Ελένη", "CFO", "high")
    # One seed item gone from the Support handoff, so re-seeding has something to add.
    ws.journey.delete_handoff_item(journey.phases[2].handoff[-1])
    journey = snapshot(ws.db, engagement_id)
    ws.journey.set_stakeholder_emotion(journey.touchpoints()[1], journey.stakeholders[0].id, -3)
    return snapshot(ws.db, engagement_id)


def edits(journey: JourneyMap, engagement_id: int) -> list[tuple[str, Callable[[Workspace], None]]]:
    sales, implementation, support = journey.phases
    demo, kickoff = journey.touchpoints()
    cfo = journey.stakeholders[0]
    item = implementation.handoff[0]
    return [
        ("rename phase", lambda ws: ws.journey.rename_phase(sales, "Pre-sales")),
        ("move phase", lambda ws: ws.journey.move_phase(support, 0)),
        ("delete phase", lambda ws: ws.journey.delete_phase(implementation)),
        ("add phase", lambda ws: ws.journey.add_phase(engagement_id, "Onboarding", 2)),
        ("add touchpoint", lambda ws: ws.journey.add_touchpoint(engagement_id, sales.id, 0)),
        ("edit text", lambda ws: ws.journey.edit_touchpoint(demo, "thinks_feels", "R&D <core>")),
        ("edit emotion", lambda ws: ws.journey.edit_touchpoint(kickoff, "emotion", None)),
        ("stakeholder score", lambda ws: ws.journey.set_stakeholder_emotion(kickoff, cfo.id, 3)),
        ("move touchpoint", lambda ws: ws.journey.move_touchpoint(kickoff, sales.id, 0)),
        ("delete touchpoint", lambda ws: ws.journey.delete_touchpoints(engagement_id, [demo.id])),
        ("add stakeholder", lambda ws: ws.journey.add_stakeholder(engagement_id, "Фёдор")),
        ("edit stakeholder", lambda ws: ws.journey.edit_stakeholder(cfo, "influence", "low")),
        ("delete stakeholder", lambda ws: ws.journey.delete_stakeholder(cfo)),
        ("tick", lambda ws: ws.journey.set_handoff_item_done(item, True)),
        ("reword", lambda ws: ws.journey.edit_handoff_item(item, "Success criteria signed")),
        ("delete item", lambda ws: ws.journey.delete_handoff_item(item)),
        ("add item", lambda ws: ws.journey.add_handoff_item(engagement_id, support.id, "Runbook")),
        ("seed checklist", lambda ws: ws.journey.add_default_checklist(support)),
    ]


@pytest.mark.parametrize("index", range(18))
def test_each_edit_undoes_and_redoes_exactly(ws: Workspace, engagement_id: int, index: int) -> None:
    before = started(ws, engagement_id)
    name, edit = edits(before, engagement_id)[index]
    depth = ws.undo_stack.count()
    edit(ws)
    assert ws.undo_stack.count() == depth + 1, f"{name}: not one undo step"
    after = snapshot(ws.db, engagement_id)
    assert after != before, f"{name}: changed nothing"
    ws.undo_stack.undo()
    assert snapshot(ws.db, engagement_id) == before, f"{name}: undo did not restore"
    ws.undo_stack.redo()
    assert snapshot(ws.db, engagement_id) == after, f"{name}: redo differs"


def test_a_whole_session_of_edits_unwinds_to_an_empty_map(
    ws: Workspace, engagement_id: int
) -> None:
    """A workshop's worth of edits, undone to the start and redone to the end."""
    before = started(ws, engagement_id)
    for _name, edit in edits(before, engagement_id):
        # Later edits refer to records the earlier ones may have removed: a refusal
        # must leave nothing on the stack, never a half-done step.
        depth = ws.undo_stack.count()
        edit(ws)
        assert ws.undo_stack.count() in (depth, depth + 1)
    end = snapshot(ws.db, engagement_id)
    steps = ws.undo_stack.count()
    for _ in range(steps):
        ws.undo_stack.undo()
    assert not ws.undo_stack.canUndo()
    assert snapshot(ws.db, engagement_id).is_empty
    for _ in range(steps):
        ws.undo_stack.redo()
    assert not ws.undo_stack.canRedo()
    assert snapshot(ws.db, engagement_id) == end


def test_revisit_is_undoable_and_signals(
    ws: Workspace, engagement_id: int, db: Database, qtbot: QtBot
) -> None:
    started(ws, engagement_id)
    milestone = workspace.add_milestone(db, engagement_id, "Kickoff", None)
    with qtbot.waitSignal(
        ws.changed, check_params_cb=lambda changes: changes.touches("emotion_revisit")
    ):
        assert ws.journey.revisit(engagement_id, milestone.id, milestone.name) is not None
    revisits = snapshot(db, engagement_id).revisits
    assert [r.milestone_name for r in revisits] == ["Kickoff"]
    assert sorted(revisits[0].emotions.values()) == [-1, 2]
    ws.undo_stack.undo()
    assert snapshot(db, engagement_id).revisits == ()


def test_a_refused_edit_reports_and_leaves_no_step(
    ws: Workspace, engagement_id: int, qtbot: QtBot
) -> None:
    journey = started(ws, engagement_id)
    depth = ws.undo_stack.count()
    with qtbot.waitSignal(ws.editRefused) as refused:
        ws.journey.edit_touchpoint(journey.touchpoints()[0], "emotion", 4)
    assert "-3" in refused.args[0]
    assert "+3" in refused.args[0]
    with qtbot.waitSignal(ws.editRefused):
        ws.journey.rename_phase(journey.phases[0], "   ")
    assert ws.undo_stack.count() == depth
    assert snapshot(ws.db, engagement_id) == journey
