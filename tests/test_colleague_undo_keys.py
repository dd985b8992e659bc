"""An undo that would bring back a row deleted by its step, where a colleague has since made
another in its place, is refused in words naming who made it and when, on both backends;
nothing doubles up (two manual scores for one axis of the Overview)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cxdesk.models.quadrant import Axis
from cxdesk.models.tables import metadata
from cxdesk.ops import Conflict, feedback, perform, revert
from cxdesk.store.database import Database
from tests.test_colleague_conflicts import name_of, one_item
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


def overrides(db: Database) -> list[tuple[float, str]]:
    table = metadata().tables["quadrant_override"]
    with db.reading() as s:
        rows = s.execute(select(table.c.score, table.c.reason).order_by(table.c.id)).all()
    return [(row.score, row.reason) for row in rows]


def test_undoing_a_cleared_override_after_a_colleague_set_another_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    perform(ana, feedback.set_override(engagement_id, None, Axis.VALUE, 3.0, "Board says so"))
    bens = perform(ben, feedback.set_override(engagement_id, None, Axis.VALUE, None))  # cleared
    perform(ana, feedback.set_override(engagement_id, None, Axis.VALUE, 4.0, "Sponsor call"))

    # Ben's undo would bring his 3.0 back beside Ana's 4.0 (a server never gives a
    # deleted row's id again, so nothing else stopped it there).
    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert re.search(
        r"was changed after this step: "
        + re.escape(f"{name_of(ana, backend)} changed it at ")
        + r"\d\d:\d\d\b.*Undoing it now would overwrite that change, so nothing was changed\.$",
        refused.value.message,
    ), refused.value.message
    assert overrides(ben) == [(4.0, "Sponsor call")]  # Ana's, alone
