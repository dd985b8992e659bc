"""Two consultants reorder rows of one engagement: a move made from a screen whose order
the other changed since never scrambles the order silently. It passes over exactly the
rows the screen showed it passing (rows added or moved elsewhere meanwhile do not
matter), and is refused in words naming who moved, added or deleted a row in its way,
when, when those rows no longer stand as shown. An undo over the other's later move is
refused too; nothing of either is lost."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.models.records import ItemRecord
from cxdesk.ops import Conflict, journey, matrix, perform, revert, toolkit
from cxdesk.store import escalation, expectations
from cxdesk.store import journey_map as journey_store
from cxdesk.store.changed_meanwhile import ChangedMeanwhile
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from cxdesk.store.workspace import add_client, add_engagement
from tests.test_colleague_conflicts import clock, name_of, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends

ROWS = ("Agenda", "Budget", "Kick-off", "Contract")  # A, B, X, C


def matrix_rows(ana: Database) -> list[ItemRecord]:
    client = add_client(ana, "Harbourline")
    engagement = add_engagement(ana, client.id, "Portal")
    for text in ROWS:
        expectations.add_item(ana, engagement.id, expects=text)
    return expectations.list_items(ana, engagement.id)


def order(db: Database, engagement_id: int) -> list[str]:
    return [i.expects for i in expectations.list_items(db, engagement_id)]


def moved_words(who: str, done: str, at: str, plural: str = "expectations") -> str:
    whose = "that" if who == "Someone" else "their"
    return (
        f"{who} {done}{at} after your screen showed it, so your move was not saved over "
        f"{whose} change. The screen now shows the {plural} in their order as it is: move "
        "it again if it still applies."
    )


def test_a_move_passes_over_exactly_the_rows_the_screen_showed(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    shown = matrix_rows(ana)  # Ben's screen: Agenda, Budget, Kick-off, Contract
    engagement_id = shown[0].engagement_id
    # Ana adds a row at the top: every position below it shifts by one.
    expectations.add_item(ana, engagement_id, 0, expects="Welcome pack")
    # Ben moves Kick-off up (index 2 -> 1 of his screen): over Budget, and only Budget.
    perform(ben, matrix.move_item(shown[2], 1, [i.id for i in shown]))  # type: ignore[arg-type]
    assert order(ben, engagement_id) == ["Welcome pack", "Agenda", "Kick-off", "Budget", "Contract"]


@pytest.mark.parametrize(
    ("meanwhile", "done"),
    [
        ("moves Budget to the bottom", "moved the expectation “Budget”"),
        ("moves Kick-off to the top", "moved this expectation"),
        ("adds a row above Kick-off", "added the expectation “Welcome pack”"),
    ],
)
def test_a_move_over_rows_a_colleague_moved_or_added_is_refused_naming_who(
    team: tuple[Database, Database], backend: str, meanwhile: str, done: str
) -> None:
    ana, ben = team
    shown = matrix_rows(ana)
    engagement_id = shown[0].engagement_id
    if meanwhile == "moves Budget to the bottom":
        changed = perform(ana, matrix.move_item(shown[1], 3)).value[-1]  # type: ignore[union-attr]
    elif meanwhile == "moves Kick-off to the top":
        changed = perform(ana, matrix.move_item(shown[2], 0)).value[0]  # type: ignore[union-attr]
    else:
        changed = expectations.add_item(ana, engagement_id, 2, expects="Welcome pack")
    anas = order(ana, engagement_id)
    with pytest.raises(StaleRow) as refused:
        perform(ben, matrix.move_item(shown[2], 1, [i.id for i in shown]))  # type: ignore[arg-type]
    at = f" at {clock(stamp(ana, 'expectation_item', changed.id))}"
    assert refused.value.message == moved_words(name_of(ana, backend), done, at)
    assert isinstance(refused.value, ChangedMeanwhile)  # the screen reads the rows again
    assert order(ben, engagement_id) == anas  # Ana's order, not scrambled


def test_a_move_over_a_row_a_colleague_deleted_is_refused(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    shown = matrix_rows(ana)
    engagement_id = shown[0].engagement_id
    expectations.delete_items(ana, [shown[1].id])  # Budget, the row Ben moves over
    with pytest.raises(StaleRow) as refused:
        perform(ben, matrix.move_item(shown[2], 1, [i.id for i in shown]))  # type: ignore[arg-type]
    assert refused.value.message == moved_words("Someone", "deleted an expectation next to it", "")
    assert order(ben, engagement_id) == ["Agenda", "Kick-off", "Contract"]


def test_an_undo_of_a_move_over_a_colleagues_later_move_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = matrix_rows(ana)
    engagement_id = shown[0].engagement_id
    bens = perform(ben, matrix.move_item(shown[2], 1, [i.id for i in shown]))  # type: ignore[arg-type]
    # Ana, from the order as it is now, moves Budget (which Ben's move shifted) to the top.
    now = expectations.list_items(ana, engagement_id)
    perform(ana, matrix.move_item(now[2], 0, [i.id for i in now]))  # type: ignore[arg-type]
    anas = order(ana, engagement_id)
    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert re.match(
        r"An expectation( \(and \d more\))? was changed after this step: "
        + re.escape(name_of(ana, backend))
        + r" moved it at \d\d:\d\d\. Undoing it now would overwrite that change",
        refused.value.message,
    ), refused.value.message
    assert order(ben, engagement_id) == anas


def test_map_moves_over_a_colleagues_reordering_are_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    client = add_client(ana, "Harbourline")
    engagement_id = add_engagement(ana, client.id, "Portal").id
    phases = perform(ana, journey.add_default_phases(engagement_id)).value
    for name in ("Webinar", "Demo"):
        perform(ana, journey.add_touchpoint(engagement_id, phases[0].id, name=name))
    perform(ana, journey.add_touchpoint(engagement_id, phases[1].id, name="Kick-off"))
    for name in ("Marta", "Jonas"):
        perform(ana, journey.add_stakeholder(engagement_id, name))
    bens = journey_store.load_map(ben, engagement_id)  # what Ben's map shows
    who = name_of(ana, backend)
    phase_ids = [p.id for p in bens.phases]

    # Phases: Ana moves Support first; Ben drags Implementation over Support (stale).
    perform(ana, journey.move_phase(bens.phases[2], 0))
    with pytest.raises(
        StaleRow, match=re.escape(f"{who} moved the phase “Support / Customer Success” at ")
    ):
        perform(ben, journey.move_phase(bens.phases[1], 2, phase_ids))

    # Touchpoints: Ana adds one at the end of Marketing & Sales; Ben moves Kick-off back
    # into that phase's end, next to Demo as his map shows it.
    sales = bens.phases[0]
    perform(ana, journey.add_touchpoint(engagement_id, sales.id, name="Proposal"))
    kick_off = bens.phases[1].touchpoints[0]
    with pytest.raises(
        StaleRow,
        match=re.escape(f"{who} added the touchpoint “Proposal” at ")
        + r"\d\d:\d\d"
        + re.escape(" after your screen showed it, so your move was not saved"),
    ):
        perform(
            ben, journey.move_touchpoint(kick_off, sales.id, 2, [t.id for t in sales.touchpoints])
        )
    # Within a phase: Ana moves Demo first; Ben moves Webinar down over Demo (stale).
    webinar, demo = sales.touchpoints
    perform(ana, journey.move_touchpoint(demo, sales.id, 0))
    with pytest.raises(StaleRow, match=re.escape(f"{who} moved the touchpoint “Demo” at ")):
        perform(
            ben, journey.move_touchpoint(webinar, sales.id, 1, [t.id for t in sales.touchpoints])
        )
    # The touchpoint itself moved into another phase meanwhile.
    perform(
        ana,
        journey.move_touchpoint(
            journey_store.load_map(ana, engagement_id).touchpoint(webinar.id), phases[2].id, 0
        ),
    )  # type: ignore[arg-type]
    with pytest.raises(StaleRow, match=re.escape(f"{who} moved this touchpoint at ")):
        perform(
            ben, journey.move_touchpoint(webinar, sales.id, 1, [t.id for t in sales.touchpoints])
        )

    # Stakeholders: Ana moves Jonas first; Ben moves Marta down over Jonas (stale).
    marta, jonas = bens.stakeholders
    perform(ana, journey.move_stakeholder(jonas, 0))
    with pytest.raises(StaleRow, match=re.escape(f"{who} moved the stakeholder “Jonas” at ")):
        perform(ben, journey.move_stakeholder(marta, 1, [marta.id, jonas.id]))

    now = journey_store.load_map(ben, engagement_id)
    assert [p.name for p in now.phases] == [
        "Support / Customer Success",
        "Marketing & Sales",
        "Implementation",
    ]
    assert [t.name for t in now.phases[1].touchpoints] == ["Demo", "Proposal"]
    assert [s.name for s in now.stakeholders] == ["Jonas", "Marta"]  # Ana's orders, kept


def test_ladder_moves_and_default_rungs_over_a_colleagues_change_are_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    client = add_client(ana, "Harbourline")
    engagement_id = add_engagement(ana, client.id, "Portal").id
    default = escalation.list_levels(ben, engagement_id)  # Ben's dialog: the default ladder
    who = name_of(ana, backend)

    # Ana makes the ladder her own (moves the last rung first); Ben, on the default ladder
    # his dialog still shows, edits its first rung: that rung may not be the one he sees.
    perform(ana, toolkit.move_level(default[-1], 0))
    with pytest.raises(StaleRow) as refused:
        perform(ben, toolkit.edit_level(default[0], "owner", "Ben"))
    assert re.match(
        re.escape(f"{who} changed this escalation ladder at ")
        + r"\d\d:\d\d"
        + re.escape(" after your screen showed it, so your edit was not saved"),
        refused.value.message,
    ), refused.value.message
    with pytest.raises(StaleRow, match=re.escape(f"{who} changed this escalation ladder at ")):
        perform(ben, toolkit.move_level(default[0], 1))

    # Stored rungs: Ana moves the second rung last; Ben moves the first down over it.
    stored = escalation.list_levels(ben, engagement_id)
    perform(ana, toolkit.move_level(stored[1], len(stored) - 1))
    with pytest.raises(
        StaleRow, match=re.escape(f"{who} moved the escalation level “{stored[1].name}” at ")
    ):
        perform(ben, toolkit.move_level(stored[0], 1, [r.id for r in stored]))
    assert [r.owner for r in escalation.list_levels(ben, engagement_id)] == [
        r.owner for r in escalation.list_levels(ana, engagement_id)
    ]
    assert all(r.owner != "Ben" for r in escalation.list_levels(ben, engagement_id))


@pytest.mark.sqlite_only("the window is the same on both backends; the words are tested on both")
def test_bens_matrix_refuses_a_stale_move_up_and_shows_the_order(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana, ben = team
    shown = matrix_rows(ana)
    engagement_id = shown[0].engagement_id
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    tab = window.page.matrix
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    from cxdesk.ui.matrix.model import ItemRole

    def screen_order() -> list[str]:
        return [tab.proxy.index(r, 0).data(ItemRole).expects for r in range(tab.proxy.rowCount())]

    # Ana moves Budget to the bottom; Ben, whose matrix still shows it above Kick-off,
    # selects Kick-off and moves it up.
    moved = perform(ana, matrix.move_item(shown[1], 3)).value[-1]  # type: ignore[union-attr]
    row = tab.model.row_of(shown[2].id)
    assert row is not None
    tab.view.setCurrentIndex(tab.proxy.mapFromSource(tab.model.index(row, 1)))
    tab.view.setFocus()
    assert tab.up_action.isEnabled()
    tab.up_action.trigger()  # Edit > Move up (its shortcut runs the same action)
    qtbot.waitUntil(lambda: bool(warnings))
    at = clock(stamp(ana, "expectation_item", moved.id))
    assert warnings == [moved_words("Ana", "moved the expectation “Budget”", f" at {at}")]
    assert order(ben, engagement_id) == ["Agenda", "Kick-off", "Contract", "Budget"]
    qtbot.waitUntil(lambda: screen_order() == ["Agenda", "Kick-off", "Contract", "Budget"])
    assert not window.ws.undo_stack.canUndo()
    tab.view.grab().save(str(Path(tempfile.gettempdir()) / "bens_matrix_move.png"))
