"""Two consultants on one workspace score stakeholders' emotions on one emotion map: a
score set, changed or cleared over the other's later change is refused in words naming
who changed which stakeholder's emotion at which touchpoint, when, and from what to what;
an undo over the other's later change is refused the same way; nothing is lost."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.models.journey_map import StakeholderRecord, TouchpointRecord
from cxdesk.ops import Conflict, journey, perform, revert
from cxdesk.store import journey_map as journey_store
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.test_colleague_conflicts import clock, name_of, one_item, stamp
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


@dataclass(frozen=True)
class Lane:
    """Finance's lane at the touchpoint “Invoice”, as both screens first show it (-1)."""

    engagement_id: int
    invoice: TouchpointRecord
    finance: StakeholderRecord


def finance_at_invoice(ana: Database) -> Lane:
    engagement_id = one_item(ana).engagement_id
    phases = perform(ana, journey.add_default_phases(engagement_id)).value
    point = perform(ana, journey.add_touchpoint(engagement_id, phases[0].id, name="Invoice")).value
    finance = perform(ana, journey.add_stakeholder(engagement_id, "Finance", "CFO")).value
    perform(ana, journey.set_stakeholder_emotion(point, finance.id, -1))
    shown = journey_store.load_map(ana, engagement_id).touchpoint(point.id)
    assert shown is not None
    return Lane(engagement_id, shown, finance)


def score_now(db: Database, lane: Lane) -> int | None:
    now = journey_store.load_map(db, lane.engagement_id).touchpoint(lane.invoice.id)
    assert now is not None
    return now.stakeholder_emotions.get(lane.finance.id)


def score_stamp(db: Database, lane: Lane) -> str:
    from sqlalchemy import select

    from cxdesk.models.tables import metadata

    table = metadata().tables["stakeholder_emotion"]
    with db.reading() as s:
        row_id = s.execute(
            select(table.c.id).where(
                table.c.touchpoint_id == lane.invoice.id,
                table.c.stakeholder_id == lane.finance.id,
            )
        ).scalar_one()
    return clock(stamp(db, "stakeholder_emotion", row_id))


def refusal(who: str, at: str, values: str) -> str:
    whose = "that" if who == "Someone" else "their"
    return (
        f"{who} changed Finance's emotion at “Invoice”{at} ({values}) after your screen "
        f"showed it, so your edit was not saved over {whose} change. The screen now shows "
        "the emotion as it is: make your edit again if it still applies."
    )


def test_a_score_changed_over_a_colleagues_later_score_is_refused_naming_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    # Ana scores Finance +2 at “Invoice”; Ben's map still shows -1 there.
    perform(ana, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 2))
    who, at = name_of(ana, backend), f" at {score_stamp(ana, lane)}"
    with pytest.raises(StaleRow) as refused:
        perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 1))
    assert refused.value.message == refusal(who, at, "-1 → +2")
    with pytest.raises(StaleRow) as cleared:
        perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, None))
    assert cleared.value.message == refusal(who, at, "-1 → +2")
    assert score_now(ben, lane) == 2  # Ana's, not lost


def test_a_score_given_where_a_colleague_scored_meanwhile_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    perform(ana, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, None))
    unscored = journey_store.load_map(ben, lane.engagement_id).touchpoint(lane.invoice.id)
    assert unscored is not None
    assert lane.finance.id not in unscored.stakeholder_emotions
    # Ana scores the empty cell; Ben, whose map shows it empty, scores it too.
    perform(ana, journey.set_stakeholder_emotion(unscored, lane.finance.id, -3))
    with pytest.raises(StaleRow) as refused:
        perform(ben, journey.set_stakeholder_emotion(unscored, lane.finance.id, 0))
    assert refused.value.message == refusal(
        name_of(ana, backend), f" at {score_stamp(ana, lane)}", "not scored → -3"
    )
    assert score_now(ben, lane) == -3


def test_a_score_changed_where_a_colleague_cleared_it_is_refused(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    perform(ana, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, None))
    # A cleared score leaves no row to say who cleared it, or when.
    with pytest.raises(StaleRow) as refused:
        perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 3))
    assert refused.value.message == refusal("Someone", "", "-1 → not scored")
    assert score_now(ben, lane) is None


def test_an_undo_of_a_score_over_a_colleagues_later_score_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    bens = perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 1))
    perform(ana, journey.set_stakeholder_emotion(bens.value, lane.finance.id, 3))
    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert refused.value.message == (
        f"Finance's emotion at “Invoice” was changed after this step: {name_of(ana, backend)} "
        f"changed it at {score_stamp(ana, lane)} (+1 → +3). Undoing it now would overwrite "
        "that change, so nothing was changed."
    )
    assert score_now(ben, lane) == 3


def test_an_undo_of_a_cleared_score_over_a_colleagues_new_score_is_refused(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    bens = perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, None))
    # Ana scores the cell Ben cleared: a new row. Ben's undo would put his -1 back over it.
    perform(ana, journey.set_stakeholder_emotion(bens.value, lane.finance.id, 2))
    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert refused.value.message == (
        f"Finance's emotion at “Invoice” was changed after this step: {name_of(ana, backend)} "
        f"changed it at {score_stamp(ana, lane)} (not scored → +2). Undoing it now would "
        "overwrite that change, so nothing was changed."
    )
    assert score_now(ben, lane) == 2


def test_an_undo_of_a_score_a_colleague_cleared_since_is_refused(
    team: tuple[Database, Database],
) -> None:
    ana, ben = team
    lane = finance_at_invoice(ana)
    bens = perform(ben, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 1))
    perform(ana, journey.set_stakeholder_emotion(bens.value, lane.finance.id, None))
    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert re.match(
        re.escape("Finance's emotion at “Invoice” was changed after this step: someone ")
        + re.escape("changed it (+1 → not scored). Undoing it now would overwrite"),
        refused.value.message,
    ), refused.value.message
    assert score_now(ben, lane) is None


@pytest.mark.sqlite_only("the window is the same on both backends; the words are tested on both")
def test_bens_map_is_told_who_changed_the_score_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cxdesk.ui.tabs import TabKey

    ana, ben = team
    lane = finance_at_invoice(ana)
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == lane.engagement_id)
    tab = window.page.tab(TabKey.MAP)
    window.page.tabs.setCurrentWidget(tab)
    grid = tab.grid
    model = grid.grid_model
    qtbot.waitUntil(lambda: model.column_of(lane.invoice.id) is not None)
    cell = model.index(model.stakeholder_row(lane.finance.id), model.column_of(lane.invoice.id))
    assert cell.data() == "-1 uneasy"
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    # Ana scores Finance +2 at “Invoice”; Ben, whose map still says -1, types 1 there.
    perform(ana, journey.set_stakeholder_emotion(lane.invoice, lane.finance.id, 2))
    grid.setFocus()
    grid.setCurrentIndex(cell)
    qtbot.keyClicks(grid, "1")
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == [refusal("Ana", f" at {score_stamp(ana, lane)}", "-1 → +2")]
    assert score_now(ben, lane) == 2  # Ana's, not lost
    qtbot.waitUntil(lambda: cell.data() == "+2 pleased")  # shown behind the words
    assert not window.ws.undo_stack.canUndo()  # a refused edit leaves no step

    # Ben now scores it knowingly; Ana changes it again; Ben's undo is refused the same way.
    qtbot.keyClicks(grid, "-2")
    qtbot.waitUntil(lambda: score_now(ana, lane) == -2)
    scored = journey_store.load_map(ana, lane.engagement_id).touchpoint(lane.invoice.id)
    perform(ana, journey.set_stakeholder_emotion(scored, lane.finance.id, 3))  # type: ignore[arg-type]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(warnings) == 2)
    assert warnings[1] == (
        f"Finance's emotion at “Invoice” was changed after this step: Ana changed it at "
        f"{score_stamp(ana, lane)} (-2 → +3). Undoing it now would overwrite that change, so "
        "nothing was changed."
    )
    assert score_now(ben, lane) == 3
    qtbot.waitUntil(lambda: cell.data() == "+3 delighted")
    grid.grab().save(str(Path(tempfile.gettempdir()) / "bens_map_score.png"))
