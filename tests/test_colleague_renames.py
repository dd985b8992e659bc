"""Two consultants on one workspace rename a client or an engagement, set its journey
phase, reword a RATER statement or set the Overview's manual score: an edit or an undo
over the other's later change is refused in words naming who changed what, when and from
what to what, and nothing of either is lost."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.quadrant import Axis
from cxdesk.models.records import (
    ClientRecord,
    EngagementRecord,
    ShownOverride,
    StatementRecord,
)
from cxdesk.models.servqual import ScoringMode
from cxdesk.ops import Conflict, feedback, perform, revert
from cxdesk.ops import workspace as workspace_ops
from cxdesk.store import overview, rater, workspace
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from cxdesk.ui.dialogs import NameDialog
from tests.test_colleague_conflicts import clock, name_of, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben
from tests.ui_helpers import when_dialog_opens

pytestmark = pytest.mark.both_backends

EDIT_TAIL = (
    " after your screen showed it, so your edit was not saved over their change. The screen "
    "now shows the {what} as it is: make your edit again if it still applies."
)
UNDO_TAIL = ". Undoing it now would overwrite that change, so nothing was changed."


def refusal(who: str, changed: str, at: str, values: str, what: str) -> str:
    """ "Ana changed this engagement's name at 10:42 (Rollout → Go-live) after ..."."""
    return f"{who} changed {changed} at {at} ({values})" + EDIT_TAIL.format(what=what)


@dataclass(frozen=True)
class Shown:
    """Harbourline's engagement “Rollout” as both screens first show it."""

    client: ClientRecord
    engagement: EngagementRecord


def harbourline(ana: Database) -> Shown:
    client = workspace.add_client(ana, "Harbourline")
    engagement = workspace.add_engagement(ana, client.id, "Rollout")
    return Shown(client, engagement)


def stored_engagement(db: Database, engagement_id: int) -> EngagementRecord:
    found = workspace.get_engagement(db, engagement_id)
    assert found is not None
    return found


# --- clients and engagements --------------------------------------------------------


def test_the_navigator_reads_each_rows_version(team: tuple[Database, Database]) -> None:
    ana, ben = team
    shown = harbourline(ana)
    [(client, [engagement])] = workspace.list_clients(ben)
    assert client == shown.client
    assert client.version is not None
    assert engagement == shown.engagement
    assert engagement.version is not None
    renamed = workspace.rename_engagement(ana, engagement.id, "Go-live")
    assert renamed.version != engagement.version  # the rename's record is the row's now
    assert stored_engagement(ben, engagement.id) == renamed


def test_a_client_renamed_over_a_colleagues_rename_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    anas = perform(ana, workspace_ops.rename_client(shown.client, "Harbourline Group"))
    with pytest.raises(StaleRow) as refused:
        perform(ben, workspace_ops.rename_client(shown.client, "Harbour Line"))  # type: ignore[arg-type]
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "this client's name",
        clock(stamp(ana, "client", shown.client.id)),
        "Harbourline → Harbourline Group",
        "client",
    )
    now = workspace.get_client(ben, shown.client.id)
    assert now is not None
    assert now.name == "Harbourline Group"
    assert anas.value.name == "Harbourline Group"


def test_an_engagement_renamed_over_a_colleagues_rename_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    perform(ana, workspace_ops.rename_engagement(shown.engagement, "Go-live"))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, workspace_ops.rename_engagement(shown.engagement, "Roll-out"))  # type: ignore[arg-type]
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "this engagement's name",
        clock(stamp(ana, "engagement", shown.engagement.id)),
        "Rollout → Go-live",
        "engagement",
    )
    assert stored_engagement(ben, shown.engagement.id).name == "Go-live"


def test_a_journey_phase_set_over_a_colleagues_change_says_who_and_what_in_the_screens_words(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    perform(ana, workspace_ops.set_journey_phase(shown.engagement, JourneyPhase.IMPLEMENTATION))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(
            ben, workspace_ops.set_journey_phase(shown.engagement, JourneyPhase.SUPPORT_SUCCESS)
        )  # type: ignore[arg-type]
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "this engagement's journey phase",
        clock(stamp(ana, "engagement", shown.engagement.id)),
        "Marketing & Sales → Implementation",
        "engagement",
    )
    assert stored_engagement(ben, shown.engagement.id).journey_phase == "implementation"
    # A rename from a screen that showed the old phase is refused too: the row changed.
    with pytest.raises(StaleRow, match=re.escape("changed this engagement's journey phase")):
        perform(ben, workspace_ops.rename_engagement(shown.engagement, "Roll-out"))  # type: ignore[arg-type]
    # From the engagement as it is now, Ben's rename is saved.
    now = stored_engagement(ben, shown.engagement.id)
    perform(ben, workspace_ops.rename_engagement(now, "Roll-out"))  # type: ignore[arg-type]
    assert stored_engagement(ana, shown.engagement.id).name == "Roll-out"


def test_an_undo_of_a_phase_over_a_colleagues_later_phase_is_refused_in_the_screens_words(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    anas = perform(
        ana, workspace_ops.set_journey_phase(shown.engagement, JourneyPhase.IMPLEMENTATION)
    )  # type: ignore[arg-type]
    perform(ben, workspace_ops.set_journey_phase(anas.value, JourneyPhase.SUPPORT_SUCCESS))  # type: ignore[arg-type]
    with pytest.raises(Conflict) as refused:
        revert(ana, anas)
    assert refused.value.message == (
        f"An engagement was changed after this step: {name_of(ben, backend)} changed its "
        f"journey phase at {clock(stamp(ben, 'engagement', shown.engagement.id))} "
        "(Implementation → Support / Customer Success)" + UNDO_TAIL
    )
    assert stored_engagement(ana, shown.engagement.id).journey_phase == "support_success"


def test_an_undo_of_a_rename_over_a_colleagues_later_rename_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    anas = perform(ana, workspace_ops.rename_client(shown.client, "Harbourline Group"))
    perform(ben, workspace_ops.rename_client(anas.value, "Harbour Group"))  # type: ignore[arg-type]
    with pytest.raises(Conflict) as refused:
        revert(ana, anas)
    assert refused.value.message == (
        f"A client was changed after this step: {name_of(ben, backend)} changed its name at "
        f"{clock(stamp(ben, 'client', shown.client.id))} (Harbourline Group → Harbour Group)"
        + UNDO_TAIL
    )
    now = workspace.get_client(ana, shown.client.id)
    assert now is not None
    assert now.name == "Harbour Group"


# --- a RATER statement --------------------------------------------------------------


def reliability_statement(ana: Database, engagement_id: int) -> StatementRecord:
    assessment = rater.add_assessment(
        ana, engagement_id, "At kickoff", scoring=ScoringMode.STATEMENTS
    )
    first = rater.list_statements(ana, assessment.id)[0]
    return rater.update_statement(ana, first.id, "Deliverables arrive on time.")


def test_a_statement_reworded_over_a_colleagues_rewording_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    statement = reliability_statement(ana, engagement_id)
    [shown] = [
        s for s in rater.list_statements(ben, statement.assessment_id) if s.id == statement.id
    ]
    assert shown == statement
    assert shown.version is not None
    perform(ana, feedback.edit_statement(engagement_id, statement, "Work arrives on time."))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, feedback.edit_statement(engagement_id, shown, "Deadlines are kept."))  # type: ignore[arg-type]
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "this statement's text",
        clock(stamp(ana, "rater_statement", statement.id)),
        "Deliverables arrive on time. → Work arrives on time.",
        "statement",
    )
    [now] = [s for s in rater.list_statements(ben, statement.assessment_id) if s.id == statement.id]
    assert now.text == "Work arrives on time."  # Ana's, not lost


def test_an_undo_of_a_rewording_over_a_colleagues_later_rewording_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    statement = reliability_statement(ana, engagement_id)
    anas = perform(ana, feedback.edit_statement(engagement_id, statement, "Work arrives on time."))  # type: ignore[arg-type]
    perform(ben, feedback.edit_statement(engagement_id, anas.value, "Deadlines are kept."))  # type: ignore[arg-type]
    with pytest.raises(Conflict) as refused:
        revert(ana, anas)
    assert refused.value.message == (
        f"A RATER statement was changed after this step: {name_of(ben, backend)} changed its "
        f"text at {clock(stamp(ben, 'rater_statement', statement.id))} (Work arrives on time. "
        "→ Deadlines are kept.)" + UNDO_TAIL
    )


# --- the Overview's manual score ------------------------------------------------------


def manual_now(db: Database, engagement_id: int) -> list[tuple[float, str]]:
    return [
        (o.score, o.reason)
        for o in overview.list_overrides(db, engagement_id)
        if o.milestone_id is None and o.axis == Axis.EXPERIENCE.value
    ]


def override_stamp(db: Database, engagement_id: int) -> str:
    [found] = [
        o
        for o in overview.list_overrides(db, engagement_id)
        if o.milestone_id is None and o.axis == Axis.EXPERIENCE.value
    ]
    return clock(stamp(db, "quadrant_override", found.id))


def set_now(
    db: Database, engagement_id: int, score: float | None, reason: str, shown: ShownOverride
) -> object:
    return perform(
        db, feedback.set_override(engagement_id, None, Axis.EXPERIENCE, score, reason, shown)
    )


def test_a_manual_score_set_over_a_colleagues_later_score_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    set_now(ana, engagement_id, 6.5, "Pilot went well", ShownOverride(None))
    shown = ShownOverride(6.5, "Pilot went well")  # what both screens show now
    set_now(ana, engagement_id, 8.0, "Sponsor praised it", shown)
    with pytest.raises(StaleRow) as refused:
        set_now(ben, engagement_id, 4.0, "Go-live slipped", shown)
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "the manual experience score at “Now”",
        override_stamp(ana, engagement_id),
        "6.5 → 8.0",
        "manual score",
    )
    assert manual_now(ben, engagement_id) == [(8.0, "Sponsor praised it")]  # Ana's kept

    # Ben clearing it from the same screen is refused too; so is Ana changing only the
    # reason after Ben set it again from the score as it is.
    with pytest.raises(StaleRow, match=re.escape("(6.5 → 8.0)")):
        set_now(ben, engagement_id, None, "", shown)
    set_now(
        ben,
        engagement_id,
        8.0,
        "Sponsor praised it twice",
        ShownOverride(8.0, "Sponsor praised it"),
    )
    with pytest.raises(StaleRow) as reason:
        set_now(ana, engagement_id, 9.0, "Board said so", ShownOverride(8.0, "Sponsor praised it"))
    assert reason.value.message == refusal(
        name_of(ben, backend),
        "the reason for the manual experience score at “Now”",
        override_stamp(ben, engagement_id),
        "Sponsor praised it → Sponsor praised it twice",
        "manual score",
    )
    assert manual_now(ana, engagement_id) == [(8.0, "Sponsor praised it twice")]


def test_a_manual_score_set_where_a_colleague_set_one_meanwhile_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    set_now(ana, engagement_id, 7.0, "Audit passed", ShownOverride(None))
    with pytest.raises(StaleRow) as refused:  # Ben's screen showed the computed score
        set_now(ben, engagement_id, 3.0, "Go-live slipped", ShownOverride(None))
    assert refused.value.message == refusal(
        name_of(ana, backend),
        "the manual experience score at “Now”",
        override_stamp(ana, engagement_id),
        "computed → 7.0",
        "manual score",
    )
    assert manual_now(ben, engagement_id) == [(7.0, "Audit passed")]


def test_a_manual_score_changed_where_a_colleague_cleared_it_is_refused(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    set_now(ana, engagement_id, 7.0, "Audit passed", ShownOverride(None))
    set_now(ana, engagement_id, None, "", ShownOverride(7.0, "Audit passed"))
    with pytest.raises(StaleRow) as refused:
        set_now(ben, engagement_id, 5.0, "Revised", ShownOverride(7.0, "Audit passed"))
    # A cleared score leaves no row naming who cleared it.
    assert refused.value.message.startswith(
        "Someone changed the manual experience score at “Now” (7.0 → computed) after your "
        "screen showed it, so your edit was not saved over that change."
    )
    assert manual_now(ben, engagement_id) == []


def test_an_undo_of_a_manual_score_over_a_colleagues_later_score_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    anas = set_now(ana, engagement_id, 7.0, "Audit passed", ShownOverride(None))
    set_now(ben, engagement_id, 4.5, "Go-live slipped", ShownOverride(7.0, "Audit passed"))
    with pytest.raises(Conflict) as refused:
        revert(ana, anas)  # type: ignore[arg-type]
    assert refused.value.message == (
        "The manual experience score at “Now” was changed after this step: "
        f"{name_of(ben, backend)} changed it at {override_stamp(ben, engagement_id)} "
        "(7.0 → 4.5)" + UNDO_TAIL
    )
    assert manual_now(ana, engagement_id) == [(4.5, "Go-live slipped")]


def test_an_undo_of_a_cleared_manual_score_over_a_colleagues_new_one_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    set_now(ana, engagement_id, 7.0, "Audit passed", ShownOverride(None))
    cleared = set_now(ana, engagement_id, None, "", ShownOverride(7.0, "Audit passed"))
    set_now(ben, engagement_id, 3.0, "Go-live slipped", ShownOverride(None))
    with pytest.raises(Conflict) as refused:
        revert(ana, cleared)  # type: ignore[arg-type]
    assert refused.value.message == (
        "The manual experience score at “Now” was changed after this step: "
        f"{name_of(ben, backend)} changed it at {override_stamp(ben, engagement_id)} "
        "(computed → 3.0)" + UNDO_TAIL
    )
    assert manual_now(ana, engagement_id) == [(3.0, "Go-live slipped")]  # one, Ben's


# --- Ben's window (on SQLite: the window is the same on both backends; the words are
# tested on both above) ---------------------------------------------------------------

WINDOW_ONLY = "the window is the same on both backends; the words are tested on both"


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window's "Not saved" boxes said."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    return told


def bens_window(qtbot: QtBot, open_window, ben: Database, engagement_id: int):  # type: ignore[no-untyped-def]
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    return window


@pytest.mark.sqlite_only(WINDOW_ONLY)
def test_bens_navigator_is_told_who_renamed_the_engagement_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    warnings: list[str],
) -> None:
    ana, ben = team
    shown = harbourline(ana)
    window = bens_window(qtbot, open_window, ben, shown.engagement.id)
    navigator = window.navigator
    assert navigator.current_node().text() == "Rollout"

    # Ana renames it; Ben, whose navigator still says "Rollout", renames it too (F2).
    perform(ana, workspace_ops.rename_engagement(shown.engagement, "Go-live"))  # type: ignore[arg-type]

    def rename_to(name: str):  # type: ignore[no-untyped-def]
        def act(dialog: QDialog) -> None:
            assert isinstance(dialog, NameDialog)
            dialog.name.selectAll()
            qtbot.keyClicks(dialog.name, name)
            qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

        return act

    when_dialog_opens(qtbot, rename_to("Roll-out"))
    navigator.tree.setFocus()
    qtbot.keyClick(navigator.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == [
        refusal(
            "Ana",
            "this engagement's name",
            clock(stamp(ana, "engagement", shown.engagement.id)),
            "Rollout → Go-live",
            "engagement",
        )
    ]
    assert stored_engagement(ben, shown.engagement.id).name == "Go-live"  # Ana's, not lost
    # Ben's window shows the name as it is now, behind the words.
    qtbot.waitUntil(lambda: navigator.current_node().text() == "Go-live")
    assert window.page.title.text() == "Harbourline — Go-live"
    assert not window.ws.undo_stack.canUndo()  # a refused edit leaves no step
    navigator.grab().save(str(Path(tempfile.gettempdir()) / "bens_navigator.png"))

    # Told, Ben renames it again from what he now sees: saved.
    when_dialog_opens(qtbot, rename_to("Roll-out"))
    qtbot.keyClick(navigator.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: stored_engagement(ana, shown.engagement.id).name == "Roll-out")
    assert len(warnings) == 1

    # Ana sets the journey phase; Ben, whose heading still shows Marketing & Sales, picks
    # the next one: refused, and his heading shows Ana's phase.
    now = stored_engagement(ana, shown.engagement.id)
    perform(ana, workspace_ops.set_journey_phase(now, JourneyPhase.SUPPORT_SUCCESS))  # type: ignore[arg-type]
    phase = window.page.phase
    assert phase.currentText() == "Marketing & Sales"
    phase.setFocus()
    qtbot.keyClick(phase, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(warnings) == 2)
    assert warnings[1].startswith(
        "Ana changed this engagement's journey phase at "
        f"{clock(stamp(ana, 'engagement', shown.engagement.id))} "
        "(Marketing & Sales → Support / Customer Success) after your screen showed it"
    )
    assert stored_engagement(ben, shown.engagement.id).journey_phase == "support_success"
    qtbot.waitUntil(lambda: phase.currentText() == "Support / Customer Success")
    window.page.heading.grab().save(str(Path(tempfile.gettempdir()) / "bens_heading.png"))


@pytest.mark.sqlite_only(WINDOW_ONLY)
def test_bens_rater_tab_is_told_who_reworded_the_statement_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    warnings: list[str],
) -> None:
    from cxdesk.ui.tabs import TabKey
    from tests.ui_helpers import open_editor

    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    statement = reliability_statement(ana, engagement_id)
    rater.add_respondent(ana, statement.assessment_id, "Sam")
    window = bens_window(qtbot, open_window, ben, engagement_id)
    tab = window.page.tab(TabKey.RATER)
    window.page.tabs.setCurrentWidget(tab)
    panel = tab.statements
    qtbot.waitUntil(panel.isVisible)

    def text_cell():  # type: ignore[no-untyped-def]
        row = [s.id for s in panel.model.statements].index(statement.id)
        return panel.model.index(row, 1)

    assert text_cell().data() == "Deliverables arrive on time."

    # Ana rewords it; Ben, whose tab still shows the old words, rewords it too.
    perform(ana, feedback.edit_statement(engagement_id, statement, "Work arrives on time."))  # type: ignore[arg-type]
    panel.view.setFocus()
    panel.view.setCurrentIndex(text_cell())
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = open_editor(panel.view)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Deadlines are kept.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(warnings))
    assert len(warnings) == 1
    assert warnings[0].startswith(  # (a table's refusal may add where the typed text went)
        refusal(
            "Ana",
            "this statement's text",
            clock(stamp(ana, "rater_statement", statement.id)),
            "Deliverables arrive on time. → Work arrives on time.",
            "statement",
        )
    )
    [now] = [s for s in rater.list_statements(ben, statement.assessment_id) if s.id == statement.id]
    assert now.text == "Work arrives on time."  # Ana's, not lost
    qtbot.waitUntil(lambda: text_cell().data() == "Work arrives on time.")  # behind the words
    assert not window.ws.undo_stack.canUndo()
    panel.grab().save(str(Path(tempfile.gettempdir()) / "bens_statements.png"))


@pytest.mark.sqlite_only(WINDOW_ONLY)
def test_bens_overview_is_told_who_set_the_manual_score_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    warnings: list[str],
) -> None:
    from cxdesk.ui.overview.override_dialog import OverrideDialog
    from cxdesk.ui.tabs import TabKey

    ana, ben = team
    engagement_id = harbourline(ana).engagement.id
    set_now(ana, engagement_id, 6.5, "Pilot went well", ShownOverride(None))
    window = bens_window(qtbot, open_window, ben, engagement_id)
    tab = window.page.tab(TabKey.OVERVIEW)
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: "set by hand to 6.5" in tab.point_text.toolTip())

    # Ana changes it; Ben, whose Overview still shows 6.5, sets it to 4.
    set_now(ana, engagement_id, 8.0, "Sponsor praised it", ShownOverride(6.5, "Pilot went well"))

    def lower(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        dialog.axis_box.setCurrentIndex(dialog.axis_box.findData(Axis.EXPERIENCE.value))
        assert dialog.score.value() == 6.5  # what Ben's screen shows
        dialog.score.setFocus()
        dialog.score.selectAll()
        qtbot.keyClicks(dialog.score, "4")
        dialog.reason.selectAll()
        qtbot.keyClicks(dialog.reason, "Go-live slipped")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, lower)
    qtbot.mouseClick(tab.override_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == [
        refusal(
            "Ana",
            "the manual experience score at “Now”",
            override_stamp(ana, engagement_id),
            "6.5 → 8.0",
            "manual score",
        )
    ]
    assert manual_now(ben, engagement_id) == [(8.0, "Sponsor praised it")]  # Ana's kept
    qtbot.waitUntil(lambda: "set by hand to 8.0" in tab.point_text.toolTip())  # shown now
    assert not window.ws.undo_stack.canUndo()
    tab.grab().save(str(Path(tempfile.gettempdir()) / "bens_overview.png"))
