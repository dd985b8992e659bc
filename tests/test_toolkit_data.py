"""Loading everything the PDF toolkit prints about one engagement: one read, plain values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cxdesk.models.edition import INTERNAL_EDITION, EditionChoice
from cxdesk.models.escalation import DEFAULT_LADDER, UNSAVED_ID
from cxdesk.models.overview import NOW, TEAM_VS_CLIENT
from cxdesk.models.toolkit_entities import EscalationRung
from cxdesk.store import escalation, expectations, quizzes, workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.errors import EngagementGone
from cxdesk.store.overview import load_overview
from cxdesk.store.toolkit import load_toolkit_data
from tests.ops_helpers import Colleague

pytestmark = pytest.mark.both_backends

TODAY = date(2025, 6, 2)


@pytest.fixture
def demo(db: Database) -> int:
    return add_demo_engagement(db, today=TODAY)


def test_demo_engagement_loads_every_part(db: Database, demo: int) -> None:
    data = load_toolkit_data(db, demo, today=TODAY)

    assert data.client.name == DEMO_CLIENT
    assert data.engagement.name == DEMO_ENGAGEMENT
    assert data.printed_on == TODAY
    assert len(data.milestones) == 3
    assert [i.position for i in data.items] == list(range(8))  # the matrix's order
    assert len(data.snapshots) == 8 * 3
    assert len(data.assessments) == 3
    assert all(responses for _a, responses in data.assessments)
    assert data.pulses
    assert all(p.engagement_id == demo for p in data.pulses)
    assert [s.session.title for s in data.sessions] == [
        "Kickoff workshop",
        "Design sign-off check-in",
    ]
    assert data.quiz is not None
    assert data.quiz.id == data.sessions[-1].quiz.id
    assert data.journey is not None
    assert len(data.journey.touchpoints()) == 12
    assert data.overview is not None
    assert data.overview.path[-1].label == NOW


def test_the_overview_is_the_one_the_overview_tab_shows(db: Database, demo: int) -> None:
    data = load_toolkit_data(db, demo, today=TODAY, edition=INTERNAL_EDITION)
    assert data.overview == load_overview(db, demo)


def test_the_client_editions_overview_leaves_out_the_team_vs_client_number(
    db: Database, demo: int
) -> None:
    shown = load_overview(db, demo)
    data = load_toolkit_data(db, demo, today=TODAY)  # the client edition: the default
    assert data.overview is not None
    assert data.overview.path == shown.path  # the quadrant is the client's experience anyway
    assert data.overview.key_numbers == [n for n in shown.key_numbers if n.name != TEAM_VS_CLIENT]
    ticked = load_toolkit_data(db, demo, edition=EditionChoice(team_vs_client=True))
    assert ticked.overview == shown


def test_an_engagement_without_a_ladder_gets_the_default_one_unsaved(db: Database) -> None:
    # Not the demo: its issue log sits on its ladder, which is stored for that.
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal").id
    data = load_toolkit_data(db, engagement)
    assert [level.name for level in data.escalation] == [rung[0] for rung in DEFAULT_LADDER]
    assert {level.id for level in data.escalation} == {UNSAVED_ID}


def test_a_stored_ladder_is_the_one_printed(db: Database, demo: int) -> None:
    escalation.add_level(db, demo, name="Level 5: Board", owner="Ελένη")
    data = load_toolkit_data(db, demo)
    assert data.escalation[-1].name == "Level 5: Board"
    assert data.escalation[-1].owner == "Ελένη"
    assert all(level.id != UNSAVED_ID for level in data.escalation)


def test_an_empty_engagement_loads_empty_parts(db: Database) -> None:
    client = workspace.add_client(db, "Zoë Łukasiewicz")
    engagement = workspace.add_engagement(db, client.id, "R&D <core>")

    data = load_toolkit_data(db, engagement.id)

    assert data.client.name == "Zoë Łukasiewicz"
    assert data.engagement.name == "R&D <core>"
    assert data.printed_on == date.today()
    assert data.items == data.snapshots == data.milestones == data.pulses == ()
    assert tuple(data.assessments) == ()
    assert data.sessions == ()
    assert data.journey is not None
    assert data.journey.is_empty
    assert len(data.escalation) == len(DEFAULT_LADDER)
    # The built-in quiz was never written to this file, and a read must not write it:
    # the quiz section prints the built-in content instead.
    assert data.quiz is None
    assert quizzes.list_quizzes(db) == []


def test_the_built_in_quiz_is_the_sheet_when_the_engagement_has_no_workshop(
    db: Database,
) -> None:
    built_in = quizzes.ensure_built_in_quiz(db)
    client = workspace.add_client(db, "Фёдор")
    engagement = workspace.add_engagement(db, client.id, "Pilot")
    data = load_toolkit_data(db, engagement.id)
    assert data.quiz == built_in


def test_one_engagement_only(db: Database, demo: int) -> None:
    other = workspace.add_engagement(db, workspace.add_client(db, "Other").id, "Other work")
    expectations.add_item(db, other.id, expects="Not the demo's")
    data = load_toolkit_data(db, demo)
    assert all(item.engagement_id == demo for item in data.items)
    assert "Not the demo's" not in {item.expects for item in data.items}


def test_a_deleted_engagement_is_said(db: Database, demo: int) -> None:
    workspace.delete_engagement(db, demo)
    with pytest.raises(EngagementGone, match="no longer exists"):
        load_toolkit_data(db, demo)


def test_everything_is_read_in_one_transaction_and_nothing_is_written(
    db: Database, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One snapshot: an edit saved elsewhere mid-load cannot mix old and new data."""
    readings: list[Session] = []
    original = Database.reading

    @contextmanager
    def counted(self: Database) -> Iterator[Session]:
        with original(self) as session:
            readings.append(session)
            yield session

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the toolkit loader must not write")

    monkeypatch.setattr(Database, "reading", counted)
    monkeypatch.setattr(Database, "transaction", refuse)

    data = load_toolkit_data(db, demo)

    assert len(readings) == 1
    assert data.items
    assert data.journey is not None
    assert data.sessions


def test_an_edit_saved_elsewhere_mid_load_is_not_half_in_it(
    db: Database, demo: int, monkeypatch: pytest.MonkeyPatch, colleague: Colleague
) -> None:
    """A colleague renames a rung of the ladder after the matrix was read and before the
    ladder is: the PDF shows the ladder as it was when the load began."""
    store_ladder = escalation.add_level(db, demo)  # stores the default rungs, and one more
    first = escalation.list_levels(db, demo)[0]
    assert store_ladder.id != first.id
    read_items = expectations.list_items

    def then_a_colleague_edits(one: Database, engagement_id: int) -> Any:
        items = read_items(one, engagement_id)
        colleague(EscalationRung, first.id, name="Renamed meanwhile")
        return items

    monkeypatch.setattr(expectations, "list_items", then_a_colleague_edits)
    data = load_toolkit_data(db, demo)
    assert data.escalation[0].name == first.name
    assert escalation.list_levels(db, demo)[0].name == "Renamed meanwhile"
