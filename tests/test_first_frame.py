"""Start-up's first frame: the last engagement on screen before the store has loaded.

What it reads equals what the store reads; what it shows equals what the full window
shows a moment later; nothing can be changed before the store is ready; every refusal
still comes before anything is shown; and no heavy module is imported before the first
frame is painted (checked in a subprocess, as a person starts the app).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.quadrant import Axis
from cxdesk.models.servqual import DIMENSIONS, RespondentSide, ScoringMode
from cxdesk.store import expectations, overview, pulse, rater, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_CLIENT, add_demo_engagement
from cxdesk.store.errors import DatabaseRefused
from cxdesk.store.first_frame import FirstFrameReader
from cxdesk.store.sqlite_file import claim
from cxdesk.ui.first_frame import OPENING, FirstFrame
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.overview.layout import CHART_LOADING
from cxdesk.ui.store_loader import StoreLoader
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.window_layout import LAST_TAB_KEY, last_engagement_key
from tests.ui_helpers import type_into_cell

HEAVY = ("sqlalchemy.orm", "alembic", "pyqtgraph", "reportlab", "numpy", "openpyxl", "aiohttp")


def hostile(db: Database) -> list[int]:
    """Names whose order depends on case and accents, odd levels, long and Unicode text,
    a revalidated milestone and one without a date, RATER assessments scored both ways
    (one undated, one nobody answered), pulse checks on and off milestones and manual
    scores: what the two reads must agree on."""
    engagements = []
    for client_name in ("zebra Sp. z o.o.", "Łódź Clinics", "alpha", "Alpha", "Émile & Co"):
        client = workspace.add_client(db, client_name)
        for n, name in enumerate(("phase 2", "Phase 1", "Ωmega — 😀")):
            start = date(2026, 1 + n, 9) if n else None
            engagement = workspace.add_engagement(
                db, client.id, f"{name} {client_name}", JourneyPhase.IMPLEMENTATION, start
            )
            engagements.append(engagement.id)
    target = engagements[1]
    for n in range(30):
        expectations.add_item(
            db,
            target,
            expects=f"Row {n}: «quoted» line\nsecond line " + "x" * (n * 37),
            expected_level=n % 5 + 1 if n % 3 else None,
            delivered_level=(n * 7) % 5 + 1,
            experienced_level=None if n % 4 == 0 else (n * 3) % 5 + 1,
            status=("open", "met", "missed")[n % 3],
            owner="Zoë" if n % 2 else "",
        )
    expectations.move_item(db, expectations.list_items(db, target)[5].id, 0)
    first = workspace.add_milestone(db, target, "Kick-off", date(2026, 1, 5))
    go_live = workspace.add_milestone(db, target, "Go-live ✓", None)
    expectations.revalidate(db, first.id)
    feedback(db, target, first.id, go_live.id)
    return engagements


def feedback(db: Database, engagement_id: int, first: int, second: int) -> None:
    """RATER assessments scored both ways, pulse checks and overrides for ``engagement_id``."""
    by_dimensions = rater.add_assessment(
        db, engagement_id, "Kick-off «RATER»", held_on=date(2026, 1, 6), milestone_id=first
    )
    for n, side in enumerate((RespondentSide.CLIENT, RespondentSide.TEAM, RespondentSide.CLIENT)):
        person = rater.add_respondent(db, by_dimensions.id, f"Zoë {n}" if n else "", side)
        for d, dimension in enumerate(DIMENSIONS):
            if (n + d) % 4:  # some left unscored
                for kind, value in (("expectation", (n + d) % 7 + 1), ("perception", d + 2)):
                    rater.update_respondent(db, person.id, f"{dimension.value}_{kind}", value)
        if n != 1:
            rater.set_points(db, person.id, dict(zip(DIMENSIONS, (40, 30, 10, 20, 0), strict=True)))
    by_statements = rater.add_assessment(
        db, engagement_id, "Ωmega statements", milestone_id=second, scoring=ScoringMode.STATEMENTS
    )
    statements = rater.list_statements(db, by_statements.id)
    for n, side in enumerate((RespondentSide.TEAM, RespondentSide.CLIENT, RespondentSide.CLIENT)):
        person = rater.add_respondent(db, by_statements.id, f"Person {n}", side)
        for k, statement in enumerate(statements):
            if (n, k) != (0, 0):  # our team left one unscored
                rater.set_statement_score(db, person.id, statement.id, "expectation", k % 7 + 1)
            if (n, k) != (0, 1):
                rater.set_statement_score(
                    db, person.id, statement.id, "perception", (n + k) % 7 + 1
                )
    rater.add_assessment(db, engagement_id, "Not answered yet", held_on=date(2026, 3, 1))
    for day, milestone, confidence, csat in (
        (date(2026, 1, 7), first, 6, 3),
        (date(2026, 1, 7), first, None, 4),
        (date(2026, 2, 2), second, 8, None),
        (date(2026, 2, 20), None, 9, 5),
        (date(2026, 2, 20), None, 3, 2),
    ):
        pulse.add_pulse(
            db,
            engagement_id,
            day,
            milestone_id=milestone,
            confidence=confidence,
            csat=csat,
            respondent="Zoë",
            working="«all» 😀",
        )
    overview.set_override(db, engagement_id, None, Axis.VALUE, 7.25, "Signed off early ✓")
    overview.set_override(db, engagement_id, first, Axis.EXPERIENCE, 2.5, "Escalation")


def test_the_first_frame_reads_what_the_store_reads(db: Database) -> None:
    engagements = [add_demo_engagement(db), *hostile(db)]
    reader = FirstFrameReader(db.path)
    try:
        assert reader.list_clients() == workspace.list_clients(db)
        for engagement_id in engagements:
            assert reader.list_items(engagement_id) == expectations.list_items(db, engagement_id)
            assert reader.list_milestones(engagement_id) == workspace.list_milestones(
                db, engagement_id
            )
            assert reader.list_snapshots(engagement_id) == expectations.list_snapshots(
                db, engagement_id
            )
            assert reader.list_pulses(engagement_id) == pulse.list_pulses(db, engagement_id)
            assert reader.list_overrides(engagement_id) == overview.list_overrides(
                db, engagement_id
            )
            assert reader.load_engagement_responses(
                engagement_id
            ) == rater.load_engagement_responses(db, engagement_id)
            assert reader.load_overview(engagement_id) == overview.load_overview(db, engagement_id)
        assert any(m.revalidated_at for m in reader.list_milestones(engagements[2]))
        # The hostile engagement has every kind of row the Overview reads.
        target = engagements[2]
        modes = {a.mode for a, said in reader.load_engagement_responses(target) if said}
        assert modes == {ScoringMode.DIMENSIONS, ScoringMode.STATEMENTS}
        assert len(reader.list_pulses(target)) == 5
        assert len(reader.list_overrides(target)) == 2
        assert reader.list_snapshots(target)
        assert reader.load_overview(target).now.value.is_overridden
    finally:
        reader.close()


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A workspace with the demo engagement and the hostile ones, closed again."""
    path = tmp_path / "demo.cxdb"
    database = open_database(path, backup_folder=tmp_path / "backups")
    hostile(database)
    add_demo_engagement(database)
    database.close()
    return path


@pytest.fixture
def settings(private_data_dir: Path, demo_file: Path) -> QSettings:
    """The settings of somebody who last looked at the demo engagement (the first one in
    the panel is one of the empty hostile ones)."""
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    reader = FirstFrameReader(demo_file)
    demo = next(e for c, es in reader.list_clients() for e in es if c.name == DEMO_CLIENT)
    reader.close()
    settings.setValue(last_engagement_key(demo_file), demo.id)
    return settings


class Starting:
    """The window as start-up makes it: claimed file, first frame, store loading later."""

    def __init__(self, qtbot: QtBot, path: Path, settings: QSettings) -> None:
        backend, state = claim(path)
        self.reader = FirstFrameReader(path)
        self.first = FirstFrame(self.reader, settings, backend.path)
        self.window = MainWindow(None, settings, first_frame=self.first)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.loader = StoreLoader(
            self.window, self.window.attach, backend, state, self.reader, headless=True
        )
        self.qtbot = qtbot

    def load(self) -> Database:
        with self.qtbot.waitSignal(self.loader.ready, timeout=30_000) as ready:
            self.loader.start()
        db: Database = ready.args[0]
        window = self.window
        # The new page is shown by the event loop; the tab in front reads its data then.
        self.qtbot.waitUntil(lambda: window.stack.currentWidget().isVisible())
        if window.stack.currentWidget() is window.page:
            self.qtbot.waitUntil(lambda: window.page.current_tab().isVisible())  # type: ignore[union-attr, attr-defined]
        return db


@pytest.fixture
def starting(qtbot: QtBot, demo_file: Path, settings: QSettings) -> Iterator[Starting]:
    start = Starting(qtbot, demo_file, settings)
    yield start
    start.window.close()
    start.loader.finish()


def shown_matrix(matrix) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What a person sees of a matrix: every cell's text, the milestone row, the summary."""
    view, proxy = matrix.view, matrix.proxy
    cells = [
        [proxy.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]
    return {
        "headers": [
            proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())
        ],
        "cells": cells,
        "milestones": [
            matrix.milestone_box.itemText(i) for i in range(matrix.milestone_box.count())
        ],
        "milestone": matrix.milestone_box.currentText(),
        "state": matrix.milestone_state.text(),
        "summary": matrix.summary.text(),
        "sorted_by": view.horizontalHeader().sortIndicatorSection(),
    }


def shown_navigator(panel) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    proxy = panel.proxy
    return [
        (
            proxy.index(r, 0).data(),
            [
                proxy.index(c, 0, proxy.index(r, 0)).data()
                for c in range(proxy.rowCount(proxy.index(r, 0)))
            ],
        )
        for r in range(proxy.rowCount())
    ]


def test_the_first_frame_shows_what_the_full_window_shows_a_moment_later(
    starting: Starting,
) -> None:
    first, window = starting.first, starting.window
    assert window.page is None  # the store has not loaded: this is the first frame
    before = {
        "title": window.windowTitle(),
        "heading": first.heading.title.text(),
        "phase": first.heading.phase.currentText(),
        "hint": first.heading.phase_hint.text(),
        "tabs": [first.tabs.tabText(i) for i in range(first.tabs.count())],
        "tab": first.tabs.currentIndex(),
        "navigator": shown_navigator(first.navigator),
        "current": first.navigator.current_engagement(),
        "matrix": shown_matrix(first.matrix),
    }
    assert before["matrix"]["cells"], "the demo's matrix rows are on the first frame"

    starting.load()

    page, navigator = window.page, window.navigator
    assert page is not None
    assert navigator is not None
    assert window.first_frame is None
    assert {
        "title": window.windowTitle(),
        "heading": page.title.text(),
        "phase": page.phase.currentText(),
        "hint": page.phase_hint.text(),
        "tabs": [page.tabs.tabText(i) for i in range(page.tabs.count())],
        "tab": page.tabs.currentIndex(),
        "navigator": shown_navigator(navigator),
        "current": navigator.current_engagement(),
        "matrix": shown_matrix(page.matrix),
    } == before


OVERVIEW_TAB = [spec.key for spec in ENGAGEMENT_TABS].index(TabKey.OVERVIEW)


def shown_overview(overview) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What a person reads of the Overview: where "now" is, why, and the key numbers."""
    return {
        "title": overview.quadrant_title.text(),
        "advice": overview.quadrant_advice.text(),
        "advice_bold": overview.quadrant_advice.font().bold(),
        "point": overview.point_text.text(),
        "point_tip": overview.point_text.toolTip(),
        "numbers": overview.numbers.shown(),
        "formulas": overview.formulas.text(),
    }


@pytest.mark.parametrize("engagement", ["demo", "hostile"])
def test_with_the_overview_in_front_the_first_frame_shows_its_numbers(
    qtbot: QtBot, demo_file: Path, settings: QSettings, engagement: str
) -> None:
    settings.setValue(LAST_TAB_KEY, OVERVIEW_TAB)  # in front when the app last closed
    if engagement == "hostile":  # manual scores on both axes, RATER scored both ways
        reader = FirstFrameReader(demo_file)
        target = next(
            e
            for c, es in reader.list_clients()
            for e in es
            if c.name == "zebra Sp. z o.o." and e.name.startswith("Phase 1")
        )
        reader.close()
        settings.setValue(last_engagement_key(demo_file), target.id)
    start = Starting(qtbot, demo_file, settings)
    try:
        first = start.first
        assert start.window.page is None  # the store has not loaded: this is the first frame
        assert first.shows_data
        assert first.tabs.currentWidget() is first.overview
        before = shown_overview(first.overview)
        assert str(before["title"]).startswith("Now: ")
        assert len(before["numbers"]) == 5  # type: ignore[arg-type]
        measured = [name for name, value, _d in before["numbers"] if value != "-"]  # type: ignore[attr-defined]
        # The hostile engagement's team left scores out: its difference is not measured.
        assert len(measured) == (5 if engagement == "demo" else 4)
        if engagement == "hostile":
            assert "Reason: “Signed off early ✓”" in str(before["point"])
        assert first.overview.chart_placeholder.text() == CHART_LOADING
        assert first.overview.pulse_placeholder.isVisible()  # the trend's place is kept
        top_height = first.overview.top.height()
        assert not first.overview.override_button.isEnabled()  # nothing is saved yet
        assert not first.overview.override_action.isEnabled()

        start.load()

        page = start.window.page
        assert page is not None
        assert page.tabs.currentIndex() == OVERVIEW_TAB
        qtbot.waitUntil(lambda: page.overview.chart is not None)  # and the pulse trend
        assert shown_overview(page.overview) == before
        assert page.overview.top.height() == top_height  # the quadrant's area did not jump
        assert page.overview.override_button.isEnabled()
    finally:
        start.window.close()
        start.loader.finish()


def test_the_overview_is_computed_for_the_engagement_chosen_in_the_first_frame(
    starting: Starting, qtbot: QtBot
) -> None:
    first = starting.first
    demo = first.engagement
    assert demo is not None
    first.tabs.setCurrentIndex(OVERVIEW_TAB)  # a click on the tab: computed now
    demo_shown = shown_overview(first.overview)
    assert demo_shown["numbers"]
    target = next(
        e
        for c, es in first.clients
        for e in es
        if c.name == "zebra Sp. z o.o." and e.name.startswith("Phase 1")
    )
    assert first.navigator.select_engagement(target.id)
    chosen = shown_overview(first.overview)
    assert chosen != demo_shown
    assert chosen == shown_overview_of(starting, target.id)


def shown_overview_of(starting: Starting, engagement_id: int) -> dict[str, object]:
    """The Overview of ``engagement_id`` as a fresh read-only layout shows it."""
    from cxdesk.ui.overview.layout import OverviewLayout

    layout = OverviewLayout(editable=False)
    starting.qtbot.addWidget(layout)
    layout.show_overview(starting.reader.load_overview(engagement_id))
    return shown_overview(layout)


def test_where_the_person_went_in_the_first_frame_is_where_the_window_opens(
    starting: Starting, qtbot: QtBot
) -> None:
    first = starting.first
    target = next(
        e
        for c, es in first.clients
        for e in es
        if c.name == "zebra Sp. z o.o." and e.name.startswith("Phase 1")
    )
    assert first.navigator.select_engagement(target.id)
    assert first.heading.title.text().endswith(target.name)
    qtbot.keyClicks(first.matrix.search, "Row 1")  # filtering is looking, not changing
    rows_filtered = first.matrix.proxy.rowCount()
    assert 0 < rows_filtered < first.matrix.model.rowCount()
    first.tabs.setCurrentIndex(first.keys.index(TabKey.RATER))
    opening = first.tabs.currentWidget()
    assert isinstance(opening, QLabel)
    assert opening.text() == OPENING

    starting.load()

    window = starting.window
    assert window.navigator is not None
    assert window.page is not None
    shown = window.navigator.current_engagement()
    assert shown is not None
    assert shown.id == target.id
    assert window.page.tabs.currentIndex() == window.page.keys.index(TabKey.RATER)


def test_nothing_can_be_changed_before_the_store_is_ready(
    starting: Starting, qtbot: QtBot, demo_file: Path
) -> None:
    first, window = starting.first, starting.window
    before = demo_file.read_bytes()
    view = first.matrix.view
    index = first.matrix.proxy.index(0, 1)
    text_before = index.data()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)  # F2 edits a cell in the full window
    assert view.state() != QAbstractItemView.State.EditingState
    qtbot.keyClicks(view, "4")  # a digit scores a level cell there
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert first.matrix.proxy.index(0, 1).data() == text_before
    menus = [action.menu() for action in window.menuBar().actions()]
    assert len(menus) == 4
    for menu in menus:
        assert isinstance(menu, QMenu)
        assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [
            ("Opening the workspace…", False)
        ]
    buttons = [b for b in first.findChildren(QPushButton) if b.isVisibleTo(first)]
    assert buttons
    assert all(not b.isEnabled() for b in buttons)
    assert not first.heading.phase.isEnabled()
    assert demo_file.read_bytes() == before

    db = starting.load()

    assert window.page is not None
    item = window.page.matrix.model.item(0)
    type_into_cell(qtbot, window, item.id, "expects", "Typed once the store was ready")
    assert expectations.get_items(db, [item.id])[0].expects == "Typed once the store was ready"
    assert all(action.isEnabled() for action in (window.undo_action, window.export_action))


def test_a_tab_the_first_frame_does_not_fill_opens_when_the_store_is_ready(
    qtbot: QtBot, demo_file: Path, settings: QSettings
) -> None:
    pulse_tab = [spec.key for spec in ENGAGEMENT_TABS].index(TabKey.PULSE)
    settings.setValue(LAST_TAB_KEY, pulse_tab)  # in front when the app last closed
    start = Starting(qtbot, demo_file, settings)
    try:
        assert not start.first.shows_data
        assert start.first.tabs.currentWidget().isEnabled() is False
        start.load()
        page = start.window.page
        assert page is not None
        assert page.tabs.currentIndex() == pulse_tab
        qtbot.waitUntil(lambda: page.pulse.isVisible())
    finally:
        start.window.close()
        start.loader.finish()


def test_closing_before_the_store_is_ready_leaves_no_thread_and_lets_go_of_the_file(
    qtbot: QtBot, demo_file: Path, settings: QSettings
) -> None:
    start = Starting(qtbot, demo_file, settings)
    start.loader.start()
    start.window.close()
    start.loader.finish()
    start.loader.backend.release()
    assert start.loader._worker is not None
    assert not start.loader._worker.is_alive()
    db = open_database(demo_file)  # the file can be taken again
    db.close()


def test_a_file_another_window_has_open_is_refused_before_anything_is_shown(
    demo_file: Path,
) -> None:
    backend, _state = claim(demo_file)
    try:
        with pytest.raises(DatabaseRefused, match="already open in another CX Desk window"):
            claim(demo_file)
    finally:
        backend.release()


# -- as a person starts the app: a subprocess, timed lines, what was imported -----------


def start_app(path: Path, data_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        CXDESK_DATA_DIR=str(data_dir),
        CXDESK_HEADLESS="1",
        CXDESK_BENCHMARK_EXIT="1",
        QT_QPA_PLATFORM="offscreen",
    )
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(path), *options],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def facts(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split()[2:])


def test_no_heavy_module_is_imported_before_the_first_frame(
    demo_file: Path, private_data_dir: Path, settings: QSettings
) -> None:
    settings.sync()  # the demo engagement was in front when the app last closed
    result = start_app(demo_file, private_data_dir)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("CXDESK-BENCHMARK")]
    assert [line.split()[1] for line in lines] == ["shown", "ready"]
    shown, ready = facts(lines[0]), facts(lines[1])
    assert shown["heavy"] == "-", f"imported before the first frame: {shown['heavy']}"
    assert shown["data"] == "1"
    assert int(shown["rows"]) > 0
    assert shown["tabs"] == str(len(ENGAGEMENT_TABS))
    assert ready["rows"] == shown["rows"]
    assert "sqlalchemy.orm" in ready["heavy"].split(",")  # the store did load after it
    assert set(HEAVY) >= set(ready["heavy"].split(","))
    # The phones' server loads only when a phone session starts, never with the window.
    assert "aiohttp" not in ready["heavy"].split(",")


def test_with_the_overview_in_front_no_heavy_module_is_imported_before_the_first_frame(
    demo_file: Path, private_data_dir: Path, settings: QSettings
) -> None:
    settings.setValue(LAST_TAB_KEY, OVERVIEW_TAB)
    settings.sync()  # the demo engagement's Overview was in front when the app last closed
    result = start_app(demo_file, private_data_dir)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("CXDESK-BENCHMARK")]
    assert [line.split()[1] for line in lines] == ["shown", "ready"]
    shown = facts(lines[0])
    assert shown["heavy"] == "-", f"imported before the first frame: {shown['heavy']}"
    assert shown["data"] == "1"


def test_the_first_frames_modules_and_the_overviews_maths_import_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "import cxdesk.models.overview, cxdesk.store.first_frame, cxdesk.ui.first_frame\n"
        "import cxdesk.ui.overview.layout\n"
        f"heavy = {(*HEAVY, 'sqlalchemy')!r}\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))) or '-')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "-"


def test_a_refused_file_shows_nothing(tmp_path: Path, private_data_dir: Path) -> None:
    target = tmp_path / "newer.cxdb"
    import sqlite3

    from cxdesk.store.schema import APPLICATION_ID

    with sqlite3.connect(target) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
    before = target.read_bytes()
    result = start_app(target, private_data_dir)
    assert result.returncode == 2
    assert "CXDESK-BENCHMARK" not in result.stdout
    assert "newer" in result.stderr.lower()
    assert target.read_bytes() == before


def test_an_empty_workspace_shows_its_welcome_first(
    qtbot: QtBot, tmp_path: Path, private_data_dir: Path
) -> None:
    path = tmp_path / "empty.cxdb"
    open_database(path).close()
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    start = Starting(qtbot, path, settings)
    try:
        first = start.first
        assert first.stack.currentWidget() is first.empty
        assert first.shows_data
        assert not any(button.isEnabled() for button in first.empty.buttons)
        start.load()
        window = start.window
        assert window.stack.currentWidget() is window.empty
        assert window.empty_new_client.isEnabled()
    finally:
        start.window.close()
        start.loader.finish()


@pytest.mark.logs_errors  # the unreadable first frame is logged with its traceback
def test_a_file_whose_first_frame_cannot_be_read_is_opened_by_the_store(
    demo_file: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from cxdesk import app
    from cxdesk.store import first_frame

    closed: list[bool] = []

    class Unreadable(first_frame.FirstFrameReader):
        def list_clients(self):  # type: ignore[no-untyped-def]
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self) -> None:
            closed.append(True)
            super().close()

    monkeypatch.setattr(first_frame, "FirstFrameReader", Unreadable)
    backend, state = claim(demo_file)
    try:
        assert app._first_frame_window(app.Claimed(backend, state), settings) is None
        assert closed == [True]
    finally:
        backend.release()


@pytest.mark.parametrize("demo", [True, False])
def test_a_first_start_shows_the_new_workspace_before_the_store_loads(
    tmp_path: Path, private_data_dir: Path, demo: bool
) -> None:
    path = tmp_path / "new.cxdb"
    result = start_app(path, private_data_dir, *([] if demo else ["--no-demo"]))
    assert result.returncode == 0, result.stderr
    shown = facts(next(line for line in result.stdout.splitlines() if " shown " in line))
    assert shown["heavy"] == "-"
    assert int(shown["rows"]) == (8 if demo else 0)
    db = open_database(path)
    try:
        clients = workspace.list_clients(db)
        assert [c.name for c, _ in clients] == ([DEMO_CLIENT] if demo else [])
    finally:
        db.close()
