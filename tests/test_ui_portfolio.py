"""View > Portfolio as the engagement lead uses it: opened from the menu, sorted, filtered,
an engagement opened in the main window, live after changes, exported to XLSX."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from cxdesk.models.journey import JourneyPhase
from cxdesk.store import expectations as ex
from cxdesk.store import journey_phases, workspace
from cxdesk.store import pulse as pu
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.portfolio import read_portfolio
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.portfolio_window import PortfolioWindow

HEADERS = (
    "Client",
    "Engagement",
    "Phase",
    "Quadrant now",
    "Since previous milestone",
    "Trailing",
    "Open handoff items",
    "Last pulse",
    "Confidence",
    "CSAT",
    "Last changed",
    "Changed by",
)


@pytest.fixture
def engagements(db: Database) -> dict[str, int]:
    """The demo engagement (dated as on 7 Dec 2026: its pulses are days before it), a
    hand-made one and an empty one."""
    demo = add_demo_engagement(db, date(2026, 12, 7))
    client = workspace.add_client(db, "Acme Rail")
    made = workspace.add_engagement(db, client.id, "Timetable app", JourneyPhase.IMPLEMENTATION)
    ex.add_item(db, made.id, expects="Live delays", expected_level=4, delivered_level=2)
    ex.add_item(db, made.id, expects="Offline mode", expected_level=3, delivered_level=3)
    journey_phases.add_phase(db, made.id, "Sales")
    build = journey_phases.add_phase(db, made.id, "Build")
    journey_phases.add_handoff_item(db, build.id, "Introduce the delivery lead")
    pu.add_pulse(db, made.id, date(2026, 11, 9), confidence=6, csat=3)
    pu.add_pulse(db, made.id, date(2026, 11, 9), confidence=8, csat=5)
    quiet = workspace.add_engagement(
        db, workspace.add_client(db, "Zeta Bank").id, "Quiet one", JourneyPhase.MARKETING_SALES
    )
    return {"demo": demo, "made": made.id, "quiet": quiet.id}


def open_portfolio(qtbot: QtBot, window: MainWindow) -> PortfolioWindow:
    view_menu = window.menuBar().actions()[2].menu()
    (action,) = [a for a in view_menu.actions() if a.text().replace("&", "").startswith("Portf")]
    assert action.shortcut() == QKeySequence("Ctrl+0")
    action.trigger()
    portfolio = window.portfolio
    assert portfolio is not None
    qtbot.waitUntil(lambda: portfolio.model.rowCount() > 0 and not portfolio.tasks.busy())
    qtbot.waitExposed(portfolio)
    return portfolio


def settled(portfolio: PortfolioWindow) -> bool:
    """No read running or about to start."""
    return not portfolio.tasks.busy() and not portfolio._timer.isActive()


def column(portfolio: PortfolioWindow, title: str) -> list[Any]:
    number = HEADERS.index(title)
    proxy = portfolio.proxy
    return [proxy.index(row, number).data() for row in range(proxy.rowCount())]


def row_of(portfolio: PortfolioWindow, engagement_id: int) -> int:
    return next(
        row
        for row in range(portfolio.proxy.rowCount())
        if portfolio.proxy.line(row).engagement_id == engagement_id
    )


def double_click(qtbot: QtBot, portfolio: PortfolioWindow, engagement_id: int) -> None:
    table = portfolio.table
    cell = table.visualRect(portfolio.proxy.index(row_of(portfolio, engagement_id), 1)).center()
    # QTest's double-click is the second click only: a real one starts with a click.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)


def click_header(qtbot: QtBot, portfolio: PortfolioWindow, title: str) -> None:
    header = portfolio.table.horizontalHeader()
    number = HEADERS.index(title)
    x = header.sectionViewportPosition(number) + header.sectionSize(number) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(x, 5))


def _point(x: int, y: int) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(x, y)


def test_open_sort_filter_and_open_an_engagement(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    headers = portfolio.model
    assert [headers.headerData(i, Qt.Orientation.Horizontal) for i in range(len(HEADERS))] == [
        *HEADERS
    ]
    # By client at first.
    assert column(portfolio, "Client") == ["Acme Rail", "Harbourline Freight Co.", "Zeta Bank"]

    # Sorted as numbers: the demo's trailing count (4) above the hand-made one's (1)...
    click_header(qtbot, portfolio, "Trailing")
    assert column(portfolio, "Trailing") == [0, 1, 4]
    click_header(qtbot, portfolio, "Trailing")
    assert column(portfolio, "Trailing") == [4, 1, 0]
    # ... and dates as dates: 2 Dec after 9 Nov, none first.
    click_header(qtbot, portfolio, "Last pulse")
    assert column(portfolio, "Last pulse") == ["", "09 Nov 2026", "02 Dec 2026"]

    # Typing filters by client or engagement name, case-blind.
    portfolio.filter_box.setFocus()
    qtbot.keyClicks(portfolio.filter_box, "TIMETABLE")
    assert column(portfolio, "Engagement") == ["Timetable app"]
    portfolio.filter_box.clear()
    qtbot.keyClicks(portfolio.filter_box, "zeta")
    assert column(portfolio, "Engagement") == ["Quiet one"]
    portfolio.filter_box.clear()
    # By quadrant: the quiet one has nothing to place it yet.
    portfolio.quadrant_box.setCurrentIndex(portfolio.quadrant_box.findText("Not placed yet"))
    assert column(portfolio, "Engagement") == ["Quiet one"]
    portfolio.quadrant_box.setCurrentIndex(portfolio.quadrant_box.findText("Style > Substance"))
    assert sorted(column(portfolio, "Engagement")) == ["Customer portal rollout", "Timetable app"]
    assert "2 of 3 engagements" in portfolio.status.text()
    portfolio.quadrant_box.setCurrentIndex(0)

    # Double-click opens the engagement in the main window.
    assert window.shown_engagement().id == engagements["made"]  # the first one, at start
    double_click(qtbot, portfolio, engagements["quiet"])
    assert window.navigator.current_engagement().id == engagements["quiet"]
    assert window.shown_engagement().name == "Quiet one"

    # Enter on the current row does the same.
    table = portfolio.table
    table.setFocus()
    table.setCurrentIndex(portfolio.proxy.index(row_of(portfolio, engagements["demo"]), 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.shown_engagement().id == engagements["demo"]


def test_the_values_are_the_stores(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    lines = {line.engagement_id: line for line in read_portfolio(db)}

    made = row_of(portfolio, engagements["made"])
    shown = [portfolio.proxy.index(made, c).data() for c in range(len(HEADERS))]
    assert shown[:3] == ["Acme Rail", "Timetable app", "Implementation"]
    assert shown[5:10] == [1, 1, "09 Nov 2026", "7.0", "4.0"]

    demo_line = lines[engagements["demo"]]
    demo = row_of(portfolio, engagements["demo"])
    shown = [portfolio.proxy.index(demo, c).data() for c in range(len(HEADERS))]
    assert demo_line.quadrant.now is not None
    assert shown[3] == demo_line.quadrant.now.label
    assert shown[4] == f"= same since {demo_line.quadrant.since}"  # still Style > Substance
    assert shown[5:7] == [demo_line.trailing, demo_line.open_handoff_items]
    assert demo_line.last_pulse is not None
    assert shown[7] == demo_line.last_pulse.taken_on.strftime("%d %b %Y")
    assert shown[8] == f"{demo_line.last_pulse.mean_confidence:.1f}"


def test_changes_show_and_a_deleted_engagement_disappears(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    ws = window.ws

    # Deleted in the main window (an operation: the workspace says so).
    quiet = workspace.get_engagement(db, engagements["quiet"])
    assert quiet is not None
    ws.delete_engagement(quiet)
    qtbot.waitUntil(lambda: portfolio.model.rowCount() == 2)
    assert "Quiet one" not in column(portfolio, "Engagement")

    # An expectation scored below what was expected: one more trailing.
    ws.add_item(engagements["made"], expected_level=5, delivered_level=1)
    made = row_of(portfolio, engagements["made"])
    qtbot.waitUntil(lambda: portfolio.proxy.index(made, 5).data() == 2)

    # Deleted by someone else, unannounced: opening it says so and the line goes.
    qtbot.waitUntil(lambda: settled(portfolio))
    workspace.delete_engagement(db, engagements["made"])
    double_click(qtbot, portfolio, engagements["made"])
    assert "deleted meanwhile" in portfolio.status.text()
    qtbot.waitUntil(lambda: portfolio.model.rowCount() == 1)
    assert window.shown_engagement() is None or window.shown_engagement().id != engagements["made"]


def test_export_writes_what_is_shown_to_xlsx(
    qtbot: QtBot,
    db: Database,
    open_window: Any,
    engagements: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    chosen = tmp_path / "Monday"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    portfolio.quadrant_box.setCurrentIndex(portfolio.quadrant_box.findText("Style > Substance"))

    with qtbot.waitSignal(window.spreadsheets.finished, timeout=10_000):
        qtbot.mouseClick(portfolio.export_xlsx_button, Qt.MouseButton.LeftButton)

    written = tmp_path / "Monday.xlsx"
    assert "Monday.xlsx" in portfolio.status.text()
    sheet = load_workbook(written)["Portfolio"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Client", "Engagement", "Phase", "Quadrant now")
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Customer portal rollout", "Timetable app"}  # the filter's
    made = by_name["Timetable app"]
    assert made[:4] == ("Acme Rail", "Timetable app", "Implementation", "Style > Substance")
    assert (made[7], made[8]) == (1, 1)  # numbers, not text
    assert made[9] == datetime(2026, 11, 9)  # a date cell
    assert (made[10], made[11]) == (7, 4)
    assert isinstance(made[12], datetime)


def test_export_to_csv(
    qtbot: QtBot,
    db: Database,
    open_window: Any,
    engagements: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    qtbot.keyClicks(portfolio.filter_box, "acme")

    with qtbot.waitSignal(window.spreadsheets.finished, timeout=10_000):
        qtbot.mouseClick(portfolio.export_csv_button, Qt.MouseButton.LeftButton)

    text = (tmp_path / "CX Desk portfolio - Portfolio.csv").read_bytes().decode("utf-8-sig")
    header, row, end = text.split("\r\n")
    assert header.startswith("Client,Engagement,Phase,Quadrant now,")
    assert row.startswith(
        "Acme Rail,Timetable app,Implementation,Style > Substance,,,,1,1,2026-11-09,7,4,"
    )
    assert end == ""


def test_coming_back_to_the_portfolio_reads_it_again(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    qtbot.waitUntil(lambda: settled(portfolio))
    # Added without a word to the window (as Help > Add the demo engagement does).
    add_demo_engagement(db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert portfolio.model.rowCount() == 3
    portfolio.activateWindow()
    qtbot.waitUntil(lambda: portfolio.model.rowCount() == 4)


def test_ctrl_f_filters_and_ctrl_w_closes(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    portfolio.activateWindow()
    qtbot.waitUntil(portfolio.isActiveWindow)
    portfolio.table.setFocus()
    qtbot.keyClick(portfolio.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert portfolio.filter_box.hasFocus()
    qtbot.keyClick(portfolio.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not portfolio.isVisible())
    assert window.isVisible()


def test_the_portfolio_as_it_looks(
    qtbot: QtBot, db: Database, open_window: Any, engagements: dict[str, int]
) -> None:
    window = open_window(db)
    portfolio = open_portfolio(qtbot, window)
    assert portfolio.grab().save("/tmp/portfolio.png")


def test_the_model_keeps_qts_rules(qtmodeltester: Any, db: Database, engagements: Any) -> None:
    from cxdesk.ui.portfolio_model import PortfolioFilter, PortfolioModel

    model = PortfolioModel()
    model.reset(read_portfolio(db))
    qtmodeltester.check(model)
    proxy = PortfolioFilter()
    proxy.setSourceModel(model)
    proxy.set_text("acme")
    qtmodeltester.check(proxy)
