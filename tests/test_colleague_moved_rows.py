"""A row that a colleague only moved since the screen showed it (or that moved because they
added, deleted or moved a row above it) is still the row the screen shows: an edit of it
is saved, not refused. Any change of its content is still refused, in words."""

from __future__ import annotations

import pytest

from cxdesk.ops import journey, matrix, perform
from cxdesk.store import expectations
from cxdesk.store import journey_map as journey_store
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from cxdesk.store.workspace import add_client, add_engagement
from tests.test_colleague_conflicts import name_of
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


def test_an_edit_of_a_row_shifted_by_a_colleagues_new_row_is_saved(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    client = add_client(ana, "Harbourline")
    engagement_id = add_engagement(ana, client.id, "Portal").id
    for text in ("Agenda", "Budget"):
        expectations.add_item(ana, engagement_id, expects=text)
    shown = expectations.list_items(ben, engagement_id)[1]  # Budget, on Ben's screen
    # Ana adds a row at the top: Budget moves down one, nothing in it changes.
    perform(ana, matrix.add_item(engagement_id, 0, expects="Welcome pack"))
    perform(ben, matrix.edit_item(shown, "notes", "Ask about Q3"))  # type: ignore[arg-type]
    now = expectations.list_items(ben, engagement_id)
    assert [(i.expects, i.notes) for i in now] == [
        ("Welcome pack", ""),
        ("Agenda", ""),
        ("Budget", "Ask about Q3"),
    ]


def test_an_edit_of_a_touchpoint_a_colleague_moved_is_saved_but_not_over_their_edit(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    client = add_client(ana, "Harbourline")
    engagement_id = add_engagement(ana, client.id, "Portal").id
    phases = journey_store.add_default_phases(ana, engagement_id)
    journey_store.add_touchpoint(ana, phases[0].id, name="Webinar")
    demo = journey_store.add_touchpoint(ana, phases[0].id, name="Demo")
    # Ana moves Demo into the next phase; Ben, whose map shows it where it was, edits it.
    perform(ana, journey.move_touchpoint(demo, phases[1].id, 0))
    perform(ben, journey.edit_touchpoint(demo, "needs", "A date"))
    moved = journey_store.load_map(ben, engagement_id).touchpoint(demo.id)
    assert moved is not None
    assert (moved.phase_id, moved.needs) == (phases[1].id, "A date")

    # A change of its content since is still refused, in words naming it.
    shown = moved
    perform(ana, journey.edit_touchpoint(shown, "needs", "A date and a room"))
    with pytest.raises(
        StaleRow,
        match=f"^{name_of(ana, backend)} changed this touchpoint's “Needs” at ",
    ):
        perform(ben, journey.edit_touchpoint(shown, "channel", "Email"))
