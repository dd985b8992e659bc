"""Every operation on the emotion map (cxdesk.ops.journey): done, undone and redone, the
database comes back byte for byte each way; an undo over a colleague's later change is
refused in words and loses nothing; an edit made on a row changed since is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from cxdesk.models.journey_entities import HandoffItem, MapPhase, Stakeholder, Touchpoint
from cxdesk.models.journey_map import (
    HandoffItemRecord,
    JourneyMap,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.ops import Operation, perform, revert
from cxdesk.ops import journey as ops
from cxdesk.store import journey_map as jm
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.ops_helpers import Colleague, undo_is_refused
from tests.raw_rows import user_data

pytestmark = pytest.mark.both_backends


@dataclass(frozen=True)
class Map:
    """A small map: three default phases, touchpoints Demo, Contract | Kickoff |, two
    stakeholders scoring some of them, a revisit at Kickoff; and an engagement with none."""

    journey: JourneyMap
    empty: int  # an engagement without a map
    kickoff: int  # a milestone revisited already
    sign_off: int  # a milestone not revisited yet


@pytest.fixture
def map_(db: Database) -> Map:
    client = ws.add_client(db, "Harbourline Freight Co.")
    engagement = ws.add_engagement(db, client.id, "Customer portal rollout").id
    empty = ws.add_engagement(db, client.id, "Data warehouse").id
    kickoff = ws.add_milestone(db, engagement, "Kickoff").id
    sign_off = ws.add_milestone(db, engagement, "Design sign-off").id
    phases = jm.add_default_phases(db, engagement)
    demo = jm.add_touchpoint(db, phases[0].id, name="Demo", emotion=3, channel="On site")
    jm.add_touchpoint(db, phases[0].id, name="Contract", emotion=1)
    kick = jm.add_touchpoint(db, phases[1].id, name="Kickoff", emotion=-2)
    helen = jm.add_stakeholder(db, engagement, "Ελένη", "Sponsor", "high")
    tomasz = jm.add_stakeholder(db, engagement, "Tomasz", "Depots")
    jm.set_stakeholder_emotion(db, demo.id, helen.id, 3)
    jm.set_stakeholder_emotion(db, kick.id, tomasz.id, -1)
    jm.delete_handoff_item(db, phases[2].handoff[-1].id)  # so re-seeding adds one back
    jm.revisit(db, kickoff)
    return Map(jm.load_map(db, engagement), empty, kickoff, sign_off)


Build = Callable[[Map], Operation[Any] | None]


def phases(m: Map) -> tuple[PhaseRecord, ...]:
    return m.journey.phases


def tps(m: Map) -> list[TouchpointRecord]:
    return m.journey.touchpoints()


def people(m: Map) -> tuple[StakeholderRecord, ...]:
    return m.journey.stakeholders


def item(m: Map) -> HandoffItemRecord:
    return m.journey.phases[1].handoff[0]


# Each operation kind, built from the map as a screen shows it.
CASES: dict[str, Build] = {
    "add default phases": lambda m: ops.add_default_phases(m.empty),
    "add phase": lambda m: ops.add_phase(m.journey.engagement_id, "Onboarding", 1),
    "rename phase": lambda m: ops.rename_phase(phases(m)[0], "Pre-sales « R&D »"),
    "move phase": lambda m: ops.move_phase(phases(m)[2], 0),
    "delete phase": lambda m: ops.delete_phase(phases(m)[0]),
    "add touchpoint": lambda m: ops.add_touchpoint(
        m.journey.engagement_id, phases(m)[0].id, 1, name="Proposal", emotion=-1
    ),
    "edit touchpoint text": lambda m: ops.edit_touchpoint(tps(m)[0], "thinks_feels", "Фёдор"),
    "edit touchpoint emotion": lambda m: ops.edit_touchpoint(tps(m)[2], "emotion", None),
    "score a stakeholder": lambda m: ops.set_stakeholder_emotion(tps(m)[1], people(m)[0].id, 2),
    "change a score": lambda m: ops.set_stakeholder_emotion(tps(m)[0], people(m)[0].id, -3),
    "clear a score": lambda m: ops.set_stakeholder_emotion(tps(m)[0], people(m)[0].id, None),
    "move touchpoint": lambda m: ops.move_touchpoint(tps(m)[1], phases(m)[0].id, 0),
    "move touchpoint to another phase": lambda m: ops.move_touchpoint(
        tps(m)[0], phases(m)[2].id, 0
    ),
    "delete touchpoints": lambda m: ops.delete_touchpoints(
        m.journey.engagement_id, [tps(m)[2].id, tps(m)[0].id]
    ),
    "add stakeholder": lambda m: ops.add_stakeholder(m.journey.engagement_id, "Zoë", "CIO"),
    "edit stakeholder": lambda m: ops.edit_stakeholder(people(m)[1], "influence", "high"),
    "move stakeholder": lambda m: ops.move_stakeholder(people(m)[1], 0),
    "delete stakeholder": lambda m: ops.delete_stakeholder(people(m)[0]),
    "add handoff item": lambda m: ops.add_handoff_item(
        m.journey.engagement_id, phases(m)[2].id, "Runbook"
    ),
    "seed checklist": lambda m: ops.add_default_checklist(phases(m)[2]),
    "tick handoff item": lambda m: ops.set_handoff_item_done(item(m), True),
    "reword handoff item": lambda m: ops.edit_handoff_item(item(m), "Criteria signed"),
    "delete handoff item": lambda m: ops.delete_handoff_item(item(m)),
    "revisit": lambda m: ops.revisit(m.journey.engagement_id, m.sign_off, "Design sign-off"),
    "revisit again": lambda m: ops.revisit(m.journey.engagement_id, m.kickoff, "Kickoff"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_operation_undoes_and_redoes_byte_for_byte(db: Database, map_: Map, name: str) -> None:
    operation = CASES[name](map_)
    assert isinstance(operation, Operation), f"{name}: would change nothing"
    before = user_data(db)
    done = perform(db, operation)
    after = user_data(db)
    assert after != before, f"{name}: changed nothing"
    assert done.changeset.concerns(map_.journey.engagement_id) or name == "add default phases"
    back = revert(db, done)
    assert user_data(db) == before, f"{name}: undo did not put everything back"
    revert(db, back)
    assert user_data(db) == after, f"{name}: redo differs from the first time"


def test_edits_that_change_nothing_are_no_operation(map_: Map) -> None:
    phase = map_.journey.phases[0]
    touchpoint = map_.journey.touchpoints()[0]
    person = map_.journey.stakeholders[0]
    item = map_.journey.phases[1].handoff[0]
    assert ops.rename_phase(phase, f"  {phase.name} ") is None
    assert ops.move_phase(phase, phase.position) is None
    assert ops.edit_touchpoint(touchpoint, "name", touchpoint.name) is None
    assert ops.set_stakeholder_emotion(touchpoint, person.id, 3) is None
    assert ops.move_touchpoint(touchpoint, touchpoint.phase_id, touchpoint.position) is None
    assert ops.delete_touchpoints(map_.journey.engagement_id, []) is None
    assert ops.edit_stakeholder(person, "role", person.role) is None
    assert ops.move_stakeholder(person, person.position) is None
    assert ops.set_handoff_item_done(item, item.done) is None
    assert ops.edit_handoff_item(item, item.text) is None


# --- a colleague's change, on a second connection ------------------------------------


@pytest.mark.parametrize(
    "name",
    ["edit touchpoint text", "delete phase", "move touchpoint to another phase", "add touchpoint"],
)
def test_undo_over_a_colleagues_later_change_is_refused_and_loses_nothing(
    db: Database, map_: Map, colleague: Colleague, name: str
) -> None:
    """The colleague edits a row the operation made or changed (a touchpoint, or a phase
    renumbered by the deletion); the undo must not overwrite it."""
    operation = CASES[name](map_)
    assert operation is not None
    done = perform(db, operation)
    left = {**done.changeset.created, **done.changeset.updated}
    if "touchpoint" in left:
        colleague(Touchpoint, min(left["touchpoint"]), needs="Ana's")
    else:
        colleague(MapPhase, min(left["map_phase"]), name="Ana's phase")
    undo_is_refused(db, done, r"An? .* was changed after this step")


@pytest.mark.parametrize(
    ("entity", "edit"),
    [
        (Touchpoint, lambda m: ops.edit_touchpoint(m.journey.touchpoints()[0], "needs", "Mine")),
        (MapPhase, lambda m: ops.rename_phase(m.journey.phases[0], "Mine")),
        (Stakeholder, lambda m: ops.edit_stakeholder(m.journey.stakeholders[0], "role", "Mine")),
        (HandoffItem, lambda m: ops.edit_handoff_item(m.journey.phases[1].handoff[0], "Mine")),
        (HandoffItem, lambda m: ops.set_handoff_item_done(m.journey.phases[1].handoff[0], True)),
    ],
    ids=["touchpoint", "phase", "stakeholder", "reworded item", "ticked item"],
)
def test_an_edit_on_a_row_changed_since_the_screen_read_it_is_refused(
    db: Database, map_: Map, colleague: Colleague, entity: type, edit: Build
) -> None:
    operation = edit(map_)
    assert operation is not None
    # The colleague touches the very row, after the screen read it.
    row_id = {
        Touchpoint: map_.journey.touchpoints()[0].id,
        MapPhase: map_.journey.phases[0].id,
        Stakeholder: map_.journey.stakeholders[0].id,
        HandoffItem: map_.journey.phases[1].handoff[0].id,
    }[entity]
    column = "text" if entity is HandoffItem else "name"
    colleague(entity, row_id, **{column: "Ana's"})
    before = user_data(db)
    with pytest.raises(
        StaleRow,
        match=r"^You changed this .*'s (name|text) at \d\d:\d\d .*after your screen showed it",
    ):
        perform(db, operation)
    assert user_data(db) == before
