"""The portfolio's read (cxdesk.store.portfolio): one line per engagement, as its Overview,
matrix, emotion map and pulse checks say; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select, update

from cxdesk.models.base import utcnow
from cxdesk.models.engagement_entities import Client, Engagement, ExpectationItem
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.journey_entities import HandoffItem
from cxdesk.models.portfolio import PortfolioLine
from cxdesk.models.quadrant import Direction, Quadrant
from cxdesk.models.workspace_entities import LastChangeRow
from cxdesk.store import expectations as ex
from cxdesk.store import journey_map, journey_phases, last_change, portfolio, workspace
from cxdesk.store import pulse as pu
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.overview import read_overview
from cxdesk.store.portfolio import read_portfolio
from tests.ops_helpers import Colleague
from tests.raw_rows import plain
from tests.store_reads import get_item

pytestmark = pytest.mark.both_backends


def line_of(db: Database, engagement_id: int) -> PortfolioLine:
    return next(line for line in read_portfolio(db) if line.engagement_id == engagement_id)


def test_an_empty_workspace_has_an_empty_portfolio(db: Database) -> None:
    assert read_portfolio(db) == []


def test_the_demo_engagements_line_says_what_its_overview_map_and_pulses_say(
    db: Database,
) -> None:
    engagement_id = add_demo_engagement(db)
    line = line_of(db, engagement_id)

    read = read_overview(db, engagement_id)
    overview = read.overview
    placed = [p for p in overview.path[:-1] if p.quadrant is not None]
    engagement = workspace.get_engagement(db, engagement_id)
    assert engagement is not None
    assert line.name == engagement.name
    assert line.phase is JourneyPhase(engagement.journey_phase)
    assert line.quadrant.now is overview.now.quadrant
    assert line.quadrant.before is placed[-1].quadrant
    assert line.quadrant.since == placed[-1].label
    trailing = next(n for n in overview.key_numbers if n.name == "Expectations trailing")
    assert line.trailing == trailing.value
    handoffs = journey_map.load_map(db, engagement_id).handoffs()
    assert line.open_handoff_items == sum(h.open_items for h in handoffs) > 0
    client_pulses = [p for p in read.pulses if p.is_client]
    latest = max(p.taken_on for p in client_pulses)
    assert line.last_pulse is not None
    assert line.last_pulse.taken_on == latest
    confidences = [p.confidence for p in client_pulses if p.taken_on == latest and p.confidence]
    assert line.last_pulse.mean_confidence == pytest.approx(sum(confidences) / len(confidences))


def test_a_hand_made_engagement(db: Database) -> None:
    client = workspace.add_client(db, "Acme Rail")
    engagement = workspace.add_engagement(
        db, client.id, "Timetable app", JourneyPhase.IMPLEMENTATION
    )
    # One trailing expectation (delivered below expected), one on target, one unscored.
    ex.add_item(db, engagement.id, expects="Live delays", expected_level=4, delivered_level=2)
    ex.add_item(db, engagement.id, expects="Offline mode", expected_level=3, delivered_level=3)
    ex.add_item(db, engagement.id, expects="Dark theme")
    sales, build = (
        journey_phases.add_phase(db, engagement.id, "Sales"),
        journey_phases.add_phase(db, engagement.id, "Build"),
    )
    # An item on the first phase's list belongs to no handoff (the map draws none).
    journey_phases.add_handoff_item(db, sales.id, "Not a handoff")
    open_item = journey_phases.add_handoff_item(db, build.id, "Introduce the delivery lead")
    done_item = journey_phases.add_handoff_item(db, build.id, "Share the sales notes")
    journey_phases.update_handoff_item(db, done_item.id, done=True, version=done_item.version)
    pu.add_pulse(db, engagement.id, date(2026, 11, 2), confidence=4, csat=2)
    pu.add_pulse(db, engagement.id, date(2026, 11, 9), confidence=6, csat=3)
    pu.add_pulse(db, engagement.id, date(2026, 11, 9), confidence=8, csat=5)
    # Our own team's answers are not the client's pulse.
    pu.add_pulse(db, engagement.id, date(2026, 11, 20), confidence=10, csat=5, side="team")

    line = line_of(db, engagement.id)

    assert (line.client, line.name, line.phase) == (
        "Acme Rail",
        "Timetable app",
        JourneyPhase.IMPLEMENTATION,
    )
    assert line.trailing == 1
    assert line.open_handoff_items == 1
    assert open_item.done is False
    assert line.last_pulse is not None
    assert line.last_pulse.taken_on == date(2026, 11, 9)
    assert (line.last_pulse.mean_confidence, line.last_pulse.mean_csat) == (7, 4)
    # Value 2.5 (mean delivery gap -1), experience from CSAT 4 and confidence 7: high.
    assert line.quadrant.now is Quadrant.STYLE_OVER_SUBSTANCE
    assert line.quadrant.before is None
    assert line.quadrant.direction is Direction.UNKNOWN


def test_the_quadrants_direction_since_the_previous_milestone(db: Database) -> None:
    client = workspace.add_client(db, "Acme Rail")
    engagement = workspace.add_engagement(db, client.id, "Timetable app")
    item = ex.add_item(db, engagement.id, expected_level=4, delivered_level=2)
    kickoff = workspace.add_milestone(db, engagement.id, "Kickoff")
    pu.add_pulse(db, engagement.id, date(2026, 10, 1), csat=1, milestone_id=kickoff.id)
    ex.revalidate(db, kickoff.id)  # the matrix as it stood: trailing, a Total Misfire
    ex.update_item(db, item.id, "delivered_level", 5, item.version)
    pu.add_pulse(db, engagement.id, date(2026, 11, 1), csat=5)

    line = line_of(db, engagement.id)

    assert line.quadrant.before is Quadrant.TOTAL_MISFIRE
    assert line.quadrant.now is Quadrant.STELLAR_SUCCESS
    assert line.quadrant.since == "Kickoff"
    assert line.quadrant.direction is Direction.BETTER


def test_every_engagement_by_client_then_name_and_a_deleted_one_is_gone(db: Database) -> None:
    zeta = workspace.add_client(db, "zeta")
    alpha = workspace.add_client(db, "Alpha")
    second = workspace.add_engagement(db, alpha.id, "b second")
    first = workspace.add_engagement(db, alpha.id, "A first")
    last = workspace.add_engagement(db, zeta.id, "only")

    assert [line.engagement_id for line in read_portfolio(db)] == [first.id, second.id, last.id]
    line = line_of(db, last.id)
    assert (line.trailing, line.open_handoff_items, line.last_pulse) == (0, 0, None)
    assert line.quadrant.now is None

    workspace.delete_engagement(db, second.id)
    assert [line.engagement_id for line in read_portfolio(db)] == [first.id, last.id]


def test_last_touched_orders_engagements_by_their_latest_edit(db: Database) -> None:
    client = workspace.add_client(db, "Acme Rail")
    older = workspace.add_engagement(db, client.id, "Older")
    newer = workspace.add_engagement(db, client.id, "Newer")
    item = ex.add_item(db, older.id, expects="Live delays")
    ex.add_item(db, newer.id, expects="Offline mode")
    before = {line.engagement_id: line.last_touched for line in read_portfolio(db)}
    assert before[newer.id].change > before[older.id].change

    # A matrix level has no time of its own: the row's own record of who changed it and
    # when (schema 0013) gives both, for every engagement, not only the newest.
    ex.update_item(db, item.id, "expected_level", 3, item.version)
    edited = get_item(db, item.id)
    assert edited is not None
    with db.reading() as session:
        by, at = session.execute(
            select(ExpectationItem.changed_by, ExpectationItem.changed_at).where(
                ExpectationItem.id == item.id
            )
        ).one()
    assert by
    assert at is not None

    after = {line.engagement_id: line.last_touched for line in read_portfolio(db)}
    assert after[older.id].change > after[newer.id].change
    assert (after[older.id].exact, after[older.id].at, after[older.id].by) == (True, at, by)
    # The other engagement's newest edit is exact too, and earlier.
    assert after[newer.id].exact
    assert after[newer.id].by == by
    touched_at = after[newer.id].at
    assert touched_at is not None
    assert touched_at <= at


def test_last_touched_of_rows_from_before_who_and_when_were_recorded(db: Database) -> None:
    """Rows written before schema 0013 carry no who or when: the workspace's record of
    its newest edit gives the time to the engagement that made it, the others show the
    newest date their rows carry, marked as not exact."""
    client = workspace.add_client(db, "Acme Rail")
    older = workspace.add_engagement(db, client.id, "Older")
    newer = workspace.add_engagement(db, client.id, "Newer")
    ex.add_item(db, older.id, expects="Live delays")
    ex.add_item(db, newer.id, expects="Offline mode")
    with plain(db) as conn:  # as a workspace migrated to 0013 holds them
        for table in (Client, Engagement, ExpectationItem):
            conn.execute(update(table).values(changed_by=None, changed_at=None))

    touched = {line.engagement_id: line.last_touched for line in read_portfolio(db)}
    assert touched[newer.id].exact
    assert touched[newer.id].by == ""
    assert touched[newer.id].at is not None
    assert not touched[older.id].exact


def test_the_workspaces_last_change_is_the_servers_time_as_its_rows_are(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a team workspace a row's changed_at is the server's clock; the workspace's
    record of its newest change (which the portfolio gives an engagement whose rows
    carry no time of their own) was the laptop's clock, minutes or hours apart."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a SQLite file has one clock: the laptop's")
    # A laptop whose clock is three hours out: nothing on a server may take its time.
    monkeypatch.setattr(last_change, "now", lambda: utcnow() + timedelta(hours=3))
    client = workspace.add_client(db, "Acme Rail")
    engagement = workspace.add_engagement(db, client.id, "Timetable app")
    item = ex.add_item(db, engagement.id, expects="Live delays")
    with db.reading() as session:
        at = session.scalar(select(ExpectationItem.changed_at).where(ExpectationItem.id == item.id))
        recorded = session.scalar(select(LastChangeRow.changed_at))
    assert at is not None
    assert recorded == at

    with plain(db) as conn:  # rows without a time of their own (written before 0013)
        for table in (Client, Engagement, ExpectationItem):
            conn.execute(update(table).values(changed_by=None, changed_at=None))
    touched = line_of(db, engagement.id).last_touched
    assert touched.exact
    assert touched.at == at


def test_an_edit_saved_elsewhere_mid_read_is_not_half_in_it(
    db: Database, monkeypatch: pytest.MonkeyPatch, colleague: Colleague
) -> None:
    """The portfolio is one snapshot on both backends: a colleague ticking a handoff item
    after the first rows were read and before the handoff lists are does not show, so
    no line mixes the engagement before their edit with the engagement after it."""
    client = workspace.add_client(db, "Acme Rail")
    engagement = workspace.add_engagement(db, client.id, "Timetable app")
    journey_phases.add_phase(db, engagement.id, "Sales")
    build = journey_phases.add_phase(db, engagement.id, "Build")
    item = journey_phases.add_handoff_item(db, build.id, "Introduce the delivery lead")
    read_rater = portfolio._rater_responses

    def then_a_colleague_edits(conn: Connection) -> dict[int, list[Any]]:
        responses = read_rater(conn)
        colleague(HandoffItem, item.id, done=True)
        return responses

    monkeypatch.setattr(portfolio, "_rater_responses", then_a_colleague_edits)
    assert line_of(db, engagement.id).open_handoff_items == 1
    monkeypatch.undo()
    assert line_of(db, engagement.id).open_handoff_items == 0
