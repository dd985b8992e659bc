"""Two consultants on one workspace edit one milestone: a rename or a new due date over
the other's later change is refused in words naming who changed what, when and from what
to what, and the colleague's change is kept."""

from __future__ import annotations

from datetime import date

import pytest

from cxdesk.models.records import MilestoneRecord
from cxdesk.ops import perform
from cxdesk.ops import workspace as workspace_ops
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.test_colleague_conflicts import clock, name_of, one_item, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends

NOV_2, NOV_9, NOV_30 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 30)


def kickoff(ana: Database) -> MilestoneRecord:
    engagement_id = one_item(ana).engagement_id
    return workspace.add_milestone(ana, engagement_id, "Kickoff", NOV_2)


def edit(db: Database, shown: MilestoneRecord, name: str, due: date | None) -> None:
    operation = workspace_ops.edit_milestone(
        shown.engagement_id, shown.id, (shown.name, shown.due_date), (name, due)
    )
    assert operation is not None
    perform(db, operation)


def now(db: Database, shown: MilestoneRecord) -> tuple[str, date | None]:
    (found,) = [m for m in workspace.list_milestones(db, shown.engagement_id) if m.id == shown.id]
    return found.name, found.due_date


def refusal(who: str, at: str, what: str) -> str:
    """``what``: the fields and values changed, ``@`` standing for the time."""
    return (
        f"{who} changed this milestone's {what.replace('@', at)} after your screen showed "
        "it, so your edit was not saved over their change. The screen now shows the "
        "milestone as it is: make your edit again if it still applies."
    )


def test_a_milestone_edited_over_a_colleagues_later_date_is_refused_naming_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = kickoff(ana)  # both screens show Kickoff, due 2 Nov
    edit(ana, shown, "Kickoff", NOV_9)
    who, at = name_of(ana, backend), clock(stamp(ana, "milestone", shown.id))
    with pytest.raises(StaleRow) as refused:
        edit(ben, shown, "Kick-off", NOV_2)  # Ben renames it, his screen still at 2 Nov
    assert refused.value.message == refusal(who, at, "due date at @ (2 Nov 2026 → 9 Nov 2026)")
    with pytest.raises(StaleRow):
        edit(ben, shown, "Kickoff", NOV_30)
    assert now(ben, shown) == ("Kickoff", NOV_9)  # Ana's date, not lost
    # From the milestone as it is now, Ben's edit goes in.
    (fresh,) = [m for m in workspace.list_milestones(ben, shown.engagement_id) if m.id == shown.id]
    edit(ben, fresh, "Kick-off", NOV_9)
    assert now(ana, shown) == ("Kick-off", NOV_9)


def test_a_milestone_edited_over_a_colleagues_rename_and_cleared_date_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = kickoff(ana)
    edit(ana, shown, "Project kickoff", None)
    who, at = name_of(ana, backend), clock(stamp(ana, "milestone", shown.id))
    with pytest.raises(StaleRow) as refused:
        edit(ben, shown, "Kickoff", NOV_30)
    assert refused.value.message == refusal(
        who, at, "name and due date at @ (Kickoff → Project kickoff; 2 Nov 2026 → no date)"
    )
    assert now(ben, shown) == ("Project kickoff", None)
