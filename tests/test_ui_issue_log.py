"""The issue log driven as a consultant would, by keyboard: raise an issue, escalate it twice,
see it flagged as too long on its rung with a fake clock, resolve it, and undo every step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cxdesk.models.tables import metadata
from cxdesk.store import issues as issue_store
from cxdesk.store import journey_phases, journey_touchpoints
from cxdesk.store.database import Database
from cxdesk.ui.issues.dialogs import (
    EscalateDialog,
    PainPointsDialog,
    RaiseIssueDialog,
    ResolveDialog,
)
from cxdesk.ui.issues.model import COLUMN_INDEX, IssueTableModel, lines_of
from cxdesk.ui.issues.tab import IssuesTab
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
MONDAY = date(2026, 3, 2)


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Workspace:
    return Workspace(db)


@pytest.fixture
def clock() -> list[date]:
    return [MONDAY]


@pytest.fixture
def tab(ws: Workspace, engagement_id: int, clock: list[date], qtbot: QtBot) -> IssuesTab:
    tab = IssuesTab(ws)
    tab.today = lambda: clock[0]
    qtbot.addWidget(tab)
    tab.show_engagement(engagement_id)
    tab.resize(1280, 700)
    with qtbot.waitExposed(tab):
        tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.view.setFocus()
    return tab


def press(qtbot: QtBot, tab: IssuesTab, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A key on the log, its window active again (a dialog just closed gives it back)."""
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    qtbot.keyClick(tab.view, key, modifiers)


def shown(tab: IssuesTab, field: str, row: int = 0) -> str:
    return str(tab.proxy.index(row, COLUMN_INDEX[field]).data())


def steps(db: Database) -> list[tuple[str, str]]:
    table = metadata().tables["issue_step"]
    with db.engine.connect() as conn:
        rows = conn.execute(select(table.c.kind, table.c.rung_name).order_by(table.c.id))
        return [(kind, rung) for kind, rung in rows]


def raise_by_keyboard(qtbot: QtBot, tab: IssuesTab, title: str, by: str) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, RaiseIssueDialog)
        qtbot.keyClicks(dialog.title, title)
        qtbot.keyClicks(dialog.raised_by, by)
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_N, CTRL)


def escalate_by_keyboard(qtbot: QtBot, tab: IssuesTab, note: str) -> None:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, EscalateDialog)
        qtbot.keyClicks(dialog.note, note)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_E, CTRL_SHIFT)


def test_raise_escalate_twice_flag_too_long_resolve_and_undo_each(
    tab: IssuesTab, ws: Workspace, db: Database, engagement_id: int, clock: list[date], qtbot: QtBot
) -> None:
    raise_by_keyboard(qtbot, tab, "Invoices exported twice", "Maria (finance)")
    issue = issue_store.list_issues(db, engagement_id)[0]
    assert issue.record.title == "Invoices exported twice"
    assert issue.record.raised_on == MONDAY
    assert issue.rung_position == 0
    assert issue.record.owner == "Project lead, with the client's day-to-day contact"
    assert shown(tab, "rung") == "1 · Level 1: Project team"
    assert shown(tab, "raised_by") == "Maria (finance)"
    assert shown(tab, "allowed") == "Same working day (by 02 Mar)"
    assert shown(tab, "flag") == "Due today"
    assert tab.view.currentIndex().data() == "Invoices exported twice"

    clock[0] = date(2026, 3, 3)
    escalate_by_keyboard(qtbot, tab, "Happened again")
    clock[0] = date(2026, 3, 4)
    escalate_by_keyboard(qtbot, tab, "Month end at risk")
    issue = issue_store.list_issues(db, engagement_id)[0]
    assert issue.rung_position == 2
    assert issue.record.on_rung_since == date(2026, 3, 4)
    assert issue.record.owner == "Delivery director, with the client's programme owner"
    assert steps(db) == [
        ("raised", "Level 1: Project team"),
        ("escalated", "Level 2: Engagement manager"),
        ("escalated", "Level 3: Delivery director"),
    ]
    assert "04 Mar 2026 · Escalated to Level 3: Delivery director" in tab.history.text()
    assert "Month end at risk" in tab.history.text()
    assert shown(tab, "flag") == "Within time (2 days left)"

    # Two working days from Wednesday is Friday; the next Monday it has sat too long.
    tab.hide()
    clock[0] = date(2026, 3, 9)
    tab.show()
    assert shown(tab, "flag") == "⚠ Too long: 3 days over"
    assert shown(tab, "days_on_rung") == "5"
    flag = tab.proxy.index(0, COLUMN_INDEX["flag"])
    assert flag.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "too long on their rung" in tab.count.text()

    def resolve(dialog: QDialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        qtbot.keyClicks(dialog.text, "Export job fixed and re-run")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(qtbot, resolve)
    press(qtbot, tab, Qt.Key.Key_R, CTRL_SHIFT)
    issue = issue_store.list_issues(db, engagement_id)[0]
    assert issue.record.status == "resolved"
    assert issue.record.resolution == "Export job fixed and re-run"
    assert issue.record.resolved_on == date(2026, 3, 9)
    assert shown(tab, "flag") == "Resolved"
    assert tab.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "What was done: Export job fixed and re-run" in tab.history.text()

    # Each step undoes on its own: resolved, the escalations, then the issue itself.
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: shown(tab, "flag") == "⚠ Too long: 3 days over")
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: shown(tab, "rung") == "2 · Level 2: Engagement manager")
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: shown(tab, "rung") == "1 · Level 1: Project team")
    assert len(steps(db)) == 1
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert issue_store.list_issues(db, engagement_id) == []
    assert tab.count.text() == "No issues yet: Ctrl+N raises one"


def test_a_resolution_is_asked_for_in_words(tab: IssuesTab, db: Database, qtbot: QtBot) -> None:
    raise_by_keyboard(qtbot, tab, "Late report", "")
    said: list[str] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        dialog.accept()  # nothing typed: refused, the dialog stays
        said.append(dialog.problem.text())
        assert dialog.isVisible()
        dialog.reject()

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_R, CTRL_SHIFT)
    assert said == ["Say what was done: a resolved issue keeps it."]
    assert shown(tab, "status") == "Open"


def test_edit_in_place_reopen_and_the_top_rung(
    tab: IssuesTab, ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    raise_by_keyboard(qtbot, tab, "Slow answers", "Ben")
    view = tab.view
    view.setCurrentIndex(tab.proxy.index(0, COLUMN_INDEX["owner"]))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Dana")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(tab, "owner") == "Dana")
    assert issue_store.list_issues(db, engagement_id)[0].record.owner == "Dana"
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: shown(tab, "owner") != "Dana")

    for note in ("a", "b", "c"):
        escalate_by_keyboard(qtbot, tab, note)
    assert shown(tab, "rung") == "4 · Level 4: Executive sponsor"
    assert not tab.escalate_action.isEnabled()  # the top rung: nowhere to climb

    def resolve(dialog: QDialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        dialog.text.setPlainText("Sponsor call")
        dialog.accept()

    when_dialog_opens(qtbot, resolve)
    press(qtbot, tab, Qt.Key.Key_R, CTRL_SHIFT)

    def reopen(dialog: QDialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        assert dialog.reopen
        dialog.accept()

    when_dialog_opens(qtbot, reopen)
    press(qtbot, tab, Qt.Key.Key_O, CTRL_SHIFT)
    assert issue_store.list_issues(db, engagement_id)[0].record.is_open
    assert steps(db)[-1][0] == "reopened"


def test_link_pain_points(
    tab: IssuesTab, ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    phase = journey_phases.add_phase(db, engagement_id, "Go-live")
    point = journey_touchpoints.add_touchpoint(db, phase.id, name="Cut-over weekend")
    raise_by_keyboard(qtbot, tab, "Cut-over overran", "Ana")

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, PainPointsDialog)
        dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_L, CTRL_SHIFT)
    assert issue_store.list_issues(db, engagement_id)[0].touchpoint_ids == (point.id,)
    qtbot.waitUntil(lambda: "Pain points: Cut-over weekend" in tab.history.text())
    ws.undo_stack.undo()
    assert issue_store.list_issues(db, engagement_id)[0].touchpoint_ids == ()


def test_the_model_passes_qtmodeltester(
    qtmodeltester, ws: Workspace, db: Database, engagement_id: int
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ops import issues as issue_ops
    from cxdesk.ops import perform

    perform(db, issue_ops.raise_issue(engagement_id, "One", MONDAY))
    perform(db, issue_ops.raise_issue(engagement_id, "Two", MONDAY, raised_by="Ζωή"))
    model = IssueTableModel(lambda *_args: None)
    model.reset(lines_of(issue_store.list_issues(db, engagement_id), date(2026, 3, 20), 4))
    qtmodeltester.check(model, force_py=True)


def test_an_action_spawned_from_an_issue_by_keyboard_shows_on_the_actions_tab_and_undoes(
    qtbot: QtBot, db: Database, engagement_id: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+G on an issue in the log: the action is stored linked to the issue, the
    Actions tab lists it (with the issue named), and one undo takes it away."""
    from cxdesk.store import actions as action_store
    from cxdesk.ui.actions.model import COLUMN_INDEX as ACTION_COLUMNS
    from cxdesk.ui.tabs import TabKey

    issue = issue_store.raise_issue(
        db, engagement_id, "Escalations take two days", MONDAY, raised_by="Helen"
    )
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    window.page.show_view(TabKey.ISSUES)
    log = window.page.issues
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    assert log.select(issue.id)
    log.view.setFocus()

    def accept(dialog: QDialog) -> None:
        assert dialog.title.text() == "Escalations take two days"  # type: ignore[attr-defined]
        dialog.title.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.title, "Agree a one-day answer with Level 2")  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    when_dialog_opens(qtbot, accept)
    qtbot.keyClick(log.view, Qt.Key.Key_G, CTRL_SHIFT)
    [made] = action_store.list_actions(db, engagement_id)
    assert made.record.title == "Agree a one-day answer with Level 2"
    assert made.record.issue_id == issue.id
    assert made.issue_title == "Escalations take two days"
    qtbot.waitUntil(lambda: "see it on the Actions tab" in log.status.text())

    window.page.show_view(TabKey.ACTIONS)
    actions = window.page.actions_view
    qtbot.waitUntil(lambda: actions.model.rowCount() == 1)
    title = actions.proxy.index(0, ACTION_COLUMNS["title"]).data()
    assert title == "Agree a one-day answer with Level 2"

    window.ws.undo_stack.undo()  # one step: the issue log, where it was made, comes forward
    assert action_store.list_actions(db, engagement_id) == []
    assert window.page.tabs.currentWidget() is log
    assert [line.id for line in log.model.lines()] == [issue.id]  # the issue stays
    window.page.show_view(TabKey.ACTIONS)
    qtbot.waitUntil(lambda: actions.model.rowCount() == 0)
