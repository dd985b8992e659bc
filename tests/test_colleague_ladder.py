"""Two consultants on one workspace edit one escalation ladder: "Reset to default" over
the other's later rung edits is refused in words naming who changed the ladder and when,
and their rungs are kept; from the ladder read again the reset goes ahead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.escalation import DEFAULT_LADDER, EscalationLevel
from cxdesk.ops import perform, revert
from cxdesk.ops import toolkit as toolkit_ops
from cxdesk.store import escalation
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.test_colleague_conflicts import clock, name_of, one_item, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


def own_ladder(ana: Database) -> tuple[EscalationLevel, ...]:
    """The engagement's own ladder (its first rung renamed), as both screens show it."""
    engagement_id = one_item(ana).engagement_id
    first = escalation.list_levels(ana, engagement_id)[0]
    operation = toolkit_ops.edit_level(first, "name", "Level 1: Delivery team")
    assert operation is not None
    perform(ana, operation)
    return escalation.list_levels(ana, engagement_id)


def refusal(who: str, at: str) -> str:
    return (
        f"{who} changed this escalation ladder at {at} after your screen showed it, so your "
        "edit was not saved over their change. The screen now shows the escalation ladder "
        "as it is: make your edit again if it still applies."
    )


def test_a_reset_over_a_colleagues_later_rung_edit_is_refused_naming_who(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = own_ladder(ana)
    engagement_id = shown[0].engagement_id
    # Ana sets the second rung's owner; Ben, whose screen shows the ladder before, resets.
    operation = toolkit_ops.edit_level(shown[1], "owner", "Cleo (account lead)")
    assert operation is not None
    perform(ana, operation)
    at = clock(stamp(ana, "escalation_level", shown[1].id))
    with pytest.raises(StaleRow) as refused:
        perform(ben, toolkit_ops.reset_to_default(engagement_id, shown))
    assert refused.value.message == refusal(name_of(ana, backend), at)
    now = escalation.list_levels(ben, engagement_id)
    assert [r.id for r in now] == [r.id for r in shown]  # nothing deleted
    assert now[1].owner == "Cleo (account lead)"  # Ana's edit kept
    # From the ladder as it is now, Ben's reset goes ahead, and one undo brings it back.
    done = perform(ben, toolkit_ops.reset_to_default(engagement_id, now))
    assert [r.name for r in done.value] == [rung[0] for rung in DEFAULT_LADDER]
    assert [r.name for r in escalation.list_levels(ana, engagement_id)] == [
        rung[0] for rung in DEFAULT_LADDER
    ]
    revert(ben, done)
    assert escalation.list_levels(ana, engagement_id)[1].owner == "Cleo (account lead)"


def test_a_reset_over_a_colleagues_added_rung_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = own_ladder(ana)
    engagement_id = shown[0].engagement_id
    added = perform(ana, toolkit_ops.add_level(engagement_id, name="Level 5: Board")).value
    with pytest.raises(StaleRow) as refused:
        perform(ben, toolkit_ops.reset_to_default(engagement_id, shown))
    assert refused.value.message == refusal(
        name_of(ana, backend), clock(stamp(ana, "escalation_level", added.id))
    )
    assert escalation.list_levels(ben, engagement_id)[-1].name == "Level 5: Board"


@pytest.mark.sqlite_only("the dialog is the same on both backends; the words are tested on both")
def test_bens_dialog_refuses_the_reset_and_shows_anas_rung(
    qtbot: QtBot, team: tuple[Database, Database]
) -> None:
    from cxdesk.ui.escalation_dialog import EscalationDialog
    from cxdesk.ui.escalation_model import OWNER
    from cxdesk.ui.workspace import Workspace

    ana, ben = team
    shown = own_ladder(ana)
    engagement_id = shown[0].engagement_id
    ws = Workspace(ben)
    refusals: list[str] = []
    ws.editRefused.connect(refusals.append)  # the main window shows them as a warning
    dialog = EscalationDialog(ws, engagement_id)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert [r.id for r in dialog.model.rows] == [r.id for r in shown]
    operation = toolkit_ops.edit_level(shown[1], "owner", "Cleo (account lead)")
    assert operation is not None
    perform(ana, operation)  # Ben's dialog still shows the ladder before it
    qtbot.mouseClick(dialog.buttons["Reset to default"], Qt.MouseButton.LeftButton)
    at = clock(stamp(ana, "escalation_level", shown[1].id))
    assert refusals == [refusal("Ana", at)]
    assert escalation.list_levels(ana, engagement_id)[1].owner == "Cleo (account lead)"
    # The dialog reads the ladder again behind the words: Ana's owner is on screen.
    qtbot.waitUntil(lambda: dialog.model.index(1, OWNER).data() == "Cleo (account lead)")
    assert "Back to the default ladder" not in dialog.status.text()
    dialog.reject()
