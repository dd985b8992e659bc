"""The emotion curve chart, the handoff checklists (keyboard first) and the map's summary."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from cxdesk.models.emotion_curve import OVERALL_NAME, emotion_curve
from cxdesk.models.journey_map import (
    HandoffItemRecord,
    JourneyMap,
    PhaseRecord,
    RevisitRecord,
    StakeholderRecord,
    TouchpointRecord,
    with_handoff_item,
)
from cxdesk.store.database import Database
from cxdesk.ui.journey.chart import EmotionCurveChart
from cxdesk.ui.journey.handoffs import HandoffPanel
from cxdesk.ui.journey.summary import summary_html

ENG = 1


def tp(
    tid: int, phase: int, pos: int, name: str, emotion: int | None, **people: int
) -> TouchpointRecord:
    scores = {int(key[1:]): value for key, value in people.items()}
    return TouchpointRecord(
        tid, ENG, phase, pos, name, emotion=emotion, stakeholder_emotions=scores
    )


def item(iid: int, phase: int, pos: int, text: str, done: bool = False) -> HandoffItemRecord:
    return HandoffItemRecord(iid, ENG, phase, pos, text, done)


DANA = StakeholderRecord(7, ENG, 0, "Dana", role="CFO", influence="high")
LUIS = StakeholderRecord(8, ENG, 1, "Luis")
SALES = PhaseRecord(
    10,
    ENG,
    0,
    "Marketing & Sales",
    touchpoints=(tp(100, 10, 0, "Discovery call", 2, s7=1), tp(101, 10, 1, "Proposal", 0, s7=-2)),
)
IMPL = PhaseRecord(
    11,
    ENG,
    1,
    "Implementation",
    touchpoints=(
        tp(102, 11, 0, "Kickoff", 1, s7=0),
        tp(103, 11, 1, "Data migration", -3, s7=-1),
        tp(104, 11, 2, "Training", None, s7=1),
    ),
    handoff=(
        item(1, 11, 0, "Success criteria agreed", True),
        item(2, 11, 1, "Team in the sales process"),
        item(3, 11, 2, "Salesperson stays"),
    ),
)
SUPPORT = PhaseRecord(12, ENG, 2, "Support", handoff=(item(4, 12, 0, "Support introduced", True),))
MAP = JourneyMap(ENG, phases=(SALES, IMPL, SUPPORT), stakeholders=(DANA, LUIS))


@pytest.fixture
def chart(qtbot) -> EmotionCurveChart:  # type: ignore[no-untyped-def]
    widget = EmotionCurveChart()
    qtbot.addWidget(widget)
    widget.resize(1000, 320)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# -- the chart ---------------------------------------------------------------------------


def test_chart_draws_bands_series_handoffs_and_flags(chart: EmotionCurveChart) -> None:
    chart.set_curve(emotion_curve(MAP))
    assert chart.bands_drawn() == [
        ("Marketing & Sales", -0.5, 1.5),
        ("Implementation", 1.5, 4.5),
        ("Support", 4.5, 5.5),  # an empty phase keeps its band
    ]
    # The unscored touchpoint (x 4) and the empty phase (x 5) are gaps; 0 is drawn.
    assert chart.series() == {
        OVERALL_NAME: [(0, 2), (1, 0), (2, 1), (3, -3)],
        "Dana": [(0, 1), (1, -2), (2, 0), (3, -1), (4, 1)],
    }  # Luis scored nothing: no line
    assert chart.handoff_marks() == [(1.5, "\u26a0 2 open"), (4.5, "\u2713 ready")]
    assert chart.flagged() == [(103, None), (101, 7), (103, 7)]
    # Wide enough to name every touchpoint under the axis; the flags then just say "fix".
    assert [label for _x, label in chart.x_ticks()[:2]] == ["Discovery call", "Proposal"]
    assert chart.pain_labels_shown() == [(3, "fix"), (1, "fix")]
    legend = chart.legend.text()
    assert "Client&nbsp;(overall)" in legend
    assert "Dana" in legend
    assert "open&nbsp;handoff" in legend
    assert not chart.hint.isVisible()


def test_the_compared_revisit_is_drawn_dashed_beside_today(chart: EmotionCurveChart) -> None:
    then = RevisitRecord(
        1, 5, "Go-live", datetime(2026, 3, 1), {100: 1, 103: -2, 999: 3}, {(101, 7): -3}
    )
    chart.set_curve(emotion_curve(MAP, then))
    assert chart.before_series() == {OVERALL_NAME: [(0, 1), (3, -2)], "Dana": [(1, -3)]}
    before = chart.befores[0].opts["pen"]
    assert before.style() == Qt.PenStyle.DashLine
    assert before.color().alpha() < 255
    assert "at&nbsp;Go-live" in chart.legend.text()


def test_each_stakeholder_has_its_own_colour_and_marker(chart: EmotionCurveChart) -> None:
    people = tuple(StakeholderRecord(20 + i, ENG, i, f"P{i}") for i in range(5))
    phase = replace(
        SALES,
        touchpoints=tuple(
            replace(t, stakeholder_emotions={p.id: i % 3 for i, p in enumerate(people)})
            for t in SALES.touchpoints
        ),
    )
    chart.set_curve(emotion_curve(JourneyMap(ENG, phases=(phase,), stakeholders=people)))
    assert len(chart.lines) == 6
    colours = {line.opts["pen"].color().name() for line in chart.lines}
    symbols = {line.opts["symbol"] for line in chart.lines}
    assert len(colours) == len(symbols) == 6
    # The client's overall line leads: the thickest.
    assert chart.lines[0].opts["pen"].widthF() > max(
        line.opts["pen"].widthF() for line in chart.lines[1:]
    )


def test_an_empty_map_and_an_unscored_map(chart: EmotionCurveChart) -> None:
    chart.set_curve(emotion_curve(JourneyMap(ENG)))
    assert chart.stack.currentWidget() is chart.empty
    blank = JourneyMap(
        ENG, phases=(PhaseRecord(10, ENG, 0, "Sales", touchpoints=(tp(1, 10, 0, "Call", None),)),)
    )
    chart.set_curve(emotion_curve(blank))
    assert chart.stack.currentWidget() is not chart.empty
    assert chart.hint.isVisible()
    assert chart.series() == {OVERALL_NAME: []}
    assert chart.flagged() == []


def test_many_touchpoints_get_numbers_and_stay_few_items(chart: EmotionCurveChart) -> None:
    people = tuple(StakeholderRecord(20 + i, ENG, i, f"P{i}") for i in range(5))
    phases = tuple(
        PhaseRecord(
            p,
            ENG,
            p,
            f"Phase {p}",
            touchpoints=tuple(
                tp(
                    p * 1000 + i,
                    p,
                    i,
                    f"Touchpoint {i}",
                    (i % 7) - 3,
                    **{f"s{20 + k}": ((i + k) % 7) - 3 for k in range(5)},
                )
                for i in range(100)
            ),
        )
        for p in range(5)
    )
    big = emotion_curve(JourneyMap(ENG, phases=phases, stakeholders=people))
    chart.set_curve(big)  # warm-up
    began = time.perf_counter()
    chart.set_curve(big)
    QApplication.processEvents()
    took = time.perf_counter() - began
    assert took < 0.5, f"500 touchpoints x 6 lines took {took * 1000:.0f} ms"
    ticks = chart.x_ticks()
    assert all(label.isdigit() for _x, label in ticks)
    assert 5 <= len(ticks) <= 60
    # One item per line and per flag set, not one per point.
    assert len(chart.plot.getPlotItem().items) < 60
    assert len(chart.series()[OVERALL_NAME]) == 500


def click_at(qtbot, chart: EmotionCurveChart, scene_point) -> None:  # type: ignore[no-untyped-def]
    where = chart.plot.mapFromScene(scene_point)
    qtbot.mouseClick(
        chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(where.x(), where.y())
    )


def test_clicking_a_point_or_a_column_selects_its_touchpoint(
    chart: EmotionCurveChart, qtbot
) -> None:  # type: ignore[no-untyped-def]
    chart.set_curve(emotion_curve(MAP))
    QApplication.processEvents()
    with qtbot.waitSignal(chart.touchpointClicked) as blocker:
        click_at(qtbot, chart, chart.point_scene_pos(103, series=1))  # Dana's point
    assert blocker.args == [103]
    # An unscored touchpoint has no point: its column still selects it.
    column = chart.view.mapViewToScene(
        chart.view.mapSceneToView(chart.point_scene_pos(103)) + QPoint(1, 0)
    )
    with qtbot.waitSignal(chart.touchpointClicked) as blocker:
        click_at(qtbot, chart, column)
    assert blocker.args == [104]


def test_the_current_touchpoint_has_a_cursor(chart: EmotionCurveChart) -> None:
    chart.set_curve(emotion_curve(MAP))
    chart.set_current(103)
    assert chart.current_x() == 3
    moved = JourneyMap(ENG, phases=(IMPL, SALES, SUPPORT))  # the phase moved: so does the cursor
    chart.set_curve(emotion_curve(moved))
    assert chart.current_x() == 1
    chart.set_current(None)
    assert chart.current_x() is None


def dark_palette(light: QPalette) -> QPalette:
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
    ):
        dark.setColor(role, QColor(colour))
    return dark


def test_palette_switch_recolours_and_keeps_the_data(chart: EmotionCurveChart, qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    chart.set_curve(emotion_curve(MAP))
    before = (chart.series(), chart.handoff_marks(), chart.flagged())
    light = app.palette()
    try:
        app.setPalette(dark_palette(light))
        qtbot.waitUntil(lambda: chart.plot.backgroundBrush().color() == QColor("#1e1e1e"))
        assert chart.lines[0].opts["pen"].color() == QColor("#f0f0f0")  # the overall line
        assert chart.band_names[0].color == QColor("#f0f0f0")
        assert (chart.series(), chart.handoff_marks(), chart.flagged()) == before
    finally:
        app.setPalette(light)
    qtbot.waitUntil(
        lambda: chart.plot.backgroundBrush().color() == light.color(QPalette.ColorRole.Base)
    )


# -- the handoff panel, with a stand-in for JourneyEdits -------------------------------


class FakeEdits:
    """Records each call and answers like the store + tab would (set_map / update_item)."""

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey
        self.calls: list[tuple[Any, ...]] = []
        self.panel: HandoffPanel | None = None
        self.next_id = 100

    def _items(self) -> list[HandoffItemRecord]:
        return [i for p in self.journey.phases for i in p.handoff]

    def _reload(self, journey: JourneyMap) -> None:
        self.journey = journey
        assert self.panel is not None
        self.panel.set_map(journey)

    def set_handoff_item_done(self, record: HandoffItemRecord, done: bool) -> None:
        self.calls.append(("done", record.id, done))
        changed = replace(record, done=done)
        self.journey = with_handoff_item(self.journey, changed)
        assert self.panel is not None
        self.panel.update_item(changed)

    def edit_handoff_item(self, record: HandoffItemRecord, text: str) -> None:
        self.calls.append(("edit", record.id, text))
        if text:
            changed = replace(record, text=text)
            self.journey = with_handoff_item(self.journey, changed)
            assert self.panel is not None
            self.panel.update_item(changed)

    def delete_handoff_item(self, record: HandoffItemRecord) -> None:
        self.calls.append(("delete", record.id))
        phases = tuple(
            replace(p, handoff=tuple(i for i in p.handoff if i.id != record.id))
            for p in self.journey.phases
        )
        self._reload(replace(self.journey, phases=phases))

    def add_handoff_item(self, engagement_id: int, phase_id: int, text: str) -> None:
        self.calls.append(("add", engagement_id, phase_id, text))
        self.next_id += 1
        phases = tuple(
            replace(p, handoff=(*p.handoff, item(self.next_id, p.id, len(p.handoff), text)))
            if p.id == phase_id
            else p
            for p in self.journey.phases
        )
        self._reload(replace(self.journey, phases=phases))

    def add_default_checklist(self, phase: PhaseRecord) -> None:
        self.calls.append(("seed", phase.id))
        self.add_handoff_item(ENG, phase.id, "Seed item")
        self.calls.pop()


@pytest.fixture
def panel(qtbot) -> tuple[HandoffPanel, FakeEdits]:  # type: ignore[no-untyped-def]
    edits = FakeEdits(MAP)
    widget = HandoffPanel(edits)
    edits.panel = widget
    qtbot.addWidget(widget)
    widget.resize(340, 600)
    widget.set_map(MAP)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget, edits


def test_panel_lists_each_boundary_with_its_status(panel: tuple[HandoffPanel, FakeEdits]) -> None:
    widget, _edits = panel
    assert widget.checklists() == [
        (
            "Marketing & Sales \u2192 Implementation",
            "\u26a0 2 of 3 open \u2014 risky",
            [
                ("Success criteria agreed", True),
                ("Team in the sales process", False),
                ("Salesperson stays", False),
            ],
        ),
        (
            "Implementation \u2192 Support",
            "\u2713 All 1 done \u2014 ready",
            [("Support introduced", True)],
        ),
    ]
    group = widget.group_for(11)
    assert group is not None
    assert not group.seed_button.isVisible()


def test_panel_is_driven_by_the_keyboard(panel: tuple[HandoffPanel, FakeEdits], qtbot) -> None:  # type: ignore[no-untyped-def]
    widget, edits = panel
    group = widget.group_for(11)
    assert group is not None
    group.view.setFocus()
    qtbot.waitUntil(group.view.hasFocus)
    assert group.view.currentIndex().row() == 0  # Tab in: the first item is current
    qtbot.keyClick(group.view, Qt.Key.Key_Down)
    qtbot.keyClick(group.view, Qt.Key.Key_Space)
    assert edits.calls == [("done", 2, True)]
    assert "1 of 3 open" in group.status.text()
    qtbot.keyClick(group.view, Qt.Key.Key_Space)  # and back
    assert edits.calls[-1] == ("done", 2, False)
    # F2 rewords in place.
    qtbot.keyClick(group.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Implementation lead at the last sales call")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: group.view.state() == QAbstractItemView.State.NoState)  # queued
    assert edits.calls[-1] == ("edit", 2, "Implementation lead at the last sales call")
    assert group.model.items[1].text == "Implementation lead at the last sales call"
    # Delete removes the current item; the list keeps the focus on the next one.
    qtbot.keyClick(group.view, Qt.Key.Key_Delete)
    assert edits.calls[-1] == ("delete", 2)
    assert [i.text for i in group.model.items] == ["Success criteria agreed", "Salesperson stays"]
    assert group.view.hasFocus()
    assert group.view.currentIndex().row() == 1
    # Tab goes on to the line that adds an item; Enter adds it and clears the line.
    qtbot.keyClick(group.view, Qt.Key.Key_Tab)
    assert group.add_line.hasFocus()
    qtbot.keyClicks(group.add_line, "Named executive sponsor")
    qtbot.keyClick(group.add_line, Qt.Key.Key_Return)
    assert edits.calls[-1] == ("add", ENG, 11, "Named executive sponsor")
    assert group.model.items[-1].text == "Named executive sponsor"
    assert group.add_line.text() == ""
    assert group.add_line.hasFocus()
    # Tab again: on to the next boundary's checklist.
    qtbot.keyClick(group.add_line, Qt.Key.Key_Tab)
    nxt = widget.group_for(12)
    assert nxt is not None
    assert nxt.view.hasFocus()


def test_a_boundary_without_items_offers_the_seed_checklist(qtbot) -> None:  # type: ignore[no-untyped-def]
    bare = JourneyMap(
        ENG, phases=(replace(SALES, handoff=(item(9, 10, 0, "Stray"),)), replace(IMPL, handoff=()))
    )
    edits = FakeEdits(bare)
    widget = HandoffPanel(edits)
    edits.panel = widget
    qtbot.addWidget(widget)
    widget.set_map(bare)
    widget.show()
    qtbot.waitExposed(widget)
    # Items left on the first phase after a reorder are kept and shown, not lost.
    (first, _s, first_items), (label, status, items) = widget.checklists()
    assert first == "Into Marketing & Sales (no phase before it)"
    assert first_items == [("Stray", False)]
    assert (label, items) == ("Marketing & Sales \u2192 Implementation", [])
    assert status.startswith("No checklist yet")
    group = widget.group_for(11)
    assert group is not None
    assert group.seed_button.isVisible()
    qtbot.mouseClick(group.seed_button, Qt.MouseButton.LeftButton)
    assert edits.calls == [("seed", 11)]
    assert not group.seed_button.isVisible()
    assert widget.group_for(10) is not None
    assert not widget.group_for(10).seed_button.isVisible()  # type: ignore[union-attr]


def test_a_single_phase_has_no_handoffs(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = HandoffPanel(FakeEdits(JourneyMap(ENG)))
    qtbot.addWidget(widget)
    widget.set_map(JourneyMap(ENG, phases=(SALES,)))
    assert widget.checklists() == []
    assert not widget.none.isHidden()


# -- the panel on the real workspace: database and undo --------------------------------


def test_panel_edits_the_database_and_undoes(db: Database, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.store import journey_map as store
    from cxdesk.store import workspace as ws_store
    from cxdesk.ui.workspace import Workspace

    client = ws_store.add_client(db, "Harbourline")
    engagement = ws_store.add_engagement(db, client.id, "Portal").id
    store.add_default_phases(db, engagement)
    ws = Workspace(db)
    edits = ws.journey
    widget = HandoffPanel(edits)
    qtbot.addWidget(widget)
    # What the tab does on a change of the map (it re-reads less when it can).
    ws.changed.connect(lambda _changes: widget.set_map(store.load_map(db, engagement)))
    refusals: list[str] = []
    ws.editRefused.connect(refusals.append)
    widget.resize(340, 700)
    widget.set_map(store.load_map(db, engagement))
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()

    def checklist(position: int) -> list[tuple[str, bool]]:
        phase = store.load_map(db, engagement).phases[position]
        return [(i.text, i.done) for i in phase.handoff]

    phase_id = store.load_map(db, engagement).phases[1].id
    group = widget.group_for(phase_id)
    assert group is not None
    seed = checklist(1)
    assert len(seed) == 5
    assert "5 of 5 open" in group.status.text()
    group.view.setFocus()
    qtbot.waitUntil(group.view.hasFocus)
    qtbot.keyClick(group.view, Qt.Key.Key_Space)
    assert checklist(1)[0] == (seed[0][0], True)
    assert "4 of 5 open" in group.status.text()
    ws.undo_stack.undo()
    assert checklist(1) == seed
    assert "5 of 5 open" in group.status.text()
    ws.undo_stack.redo()
    assert checklist(1)[0][1] is True

    # Rewording to nothing is refused with a message, and nothing changes.
    qtbot.keyClick(group.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: group.view.state() == QAbstractItemView.State.NoState)  # queued
    assert refusals
    assert checklist(1)[0][0] == seed[0][0]

    group.add_line.setFocus()
    group.add_line.insert("R&D sign-off <core> \u2713")  # non-ASCII goes in with insert
    qtbot.keyClick(group.add_line, Qt.Key.Key_Return)
    assert checklist(1)[-1] == ("R&D sign-off <core> \u2713", False)
    assert group.model.items[-1].text == "R&D sign-off <core> \u2713"
    assert group.add_line.text() == ""
    ws.undo_stack.undo()
    assert len(checklist(1)) == 5
    assert len(group.model.items) == 5

    group.view.setFocus()
    group.view.setCurrentIndex(group.model.index(2, 0))
    qtbot.keyClick(group.view, Qt.Key.Key_Delete)
    assert [t for t, _d in checklist(1)] == [t for t, _d in seed if t != seed[2][0]]
    ws.undo_stack.undo()
    assert [t for t, _d in checklist(1)] == [t for t, _d in seed]
    assert [i.text for i in group.model.items] == [t for t, _d in seed]


# -- the summary -----------------------------------------------------------------------


def test_summary_names_pain_points_handoffs_and_the_change() -> None:
    then = RevisitRecord(1, 5, "Go-live", datetime(2026, 3, 1), {100: 1, 101: 1, 103: -2}, {})
    text = summary_html(MAP, emotion_curve(MAP, then))
    fester, rest = text.split("</ul>")
    handoffs, change = rest.removeprefix("<p>").removesuffix("</p>").split("</p><p>")
    assert fester.startswith("<b>Fix before they fester:</b><ul")
    items = fester.split("<li>")[1:]
    # Lowest first, one list item per touchpoint; a stakeholder is named, not described.
    assert items[0].startswith("<b>Data migration</b>: client \u22123 angry")
    assert "<li><b>Proposal</b>: Dana \u22122</li>" in fester
    assert handoffs == (
        "<b>Handoffs:</b> Marketing &amp; Sales \u2192 Implementation: "
        "\u26a0 2 of 3 open \u2014 risky; Implementation \u2192 Support: \u2713 ready."
    )
    assert change.startswith(
        "<b>Since Go-live:</b> the client's mean emotion moved \u22120.3 over 3 touchpoints"
    )
    assert "(1 better, 2 worse)" in change
    # Two drops of one point: the earlier in the journey is named.
    assert "biggest drop: <b>Proposal</b> (+1 \u2192 0)" in change


def test_summary_escapes_what_people_typed() -> None:
    evil = "R&D <core>"
    phase = PhaseRecord(10, ENG, 0, evil, touchpoints=(tp(1, 10, 0, evil, -2, s7=-3),))
    nxt = PhaseRecord(11, ENG, 1, "Next", handoff=(item(1, 11, 0, "x"),))
    journey = JourneyMap(
        ENG, phases=(phase, nxt), stakeholders=(StakeholderRecord(7, ENG, 0, evil, role="<b>"),)
    )
    then = RevisitRecord(1, 5, evil, datetime(2026, 3, 1), {1: 0}, {})
    text = summary_html(journey, emotion_curve(journey, then))
    assert "<core>" not in text
    assert "<b>R&amp;D &lt;core&gt;</b>" in text  # the touchpoint
    assert "R&amp;D &lt;core&gt; \u22123" in text  # the stakeholder
    assert "R&amp;D &lt;core&gt; \u2192 Next" in text  # the handoff
    assert "Since R&amp;D &lt;core&gt;:" in text  # the milestone


def test_summary_before_anything_is_scored() -> None:
    assert summary_html(JourneyMap(ENG), emotion_curve(JourneyMap(ENG))).startswith(
        "No journey yet"
    )
    blank = JourneyMap(
        ENG, phases=(PhaseRecord(10, ENG, 0, "Sales", touchpoints=(tp(1, 10, 0, "Call", None),)),)
    )
    assert "No emotions scored yet" in summary_html(blank, emotion_curve(blank))
    happy = JourneyMap(
        ENG, phases=(PhaseRecord(10, ENG, 0, "Sales", touchpoints=(tp(1, 10, 0, "Call", 0),)),)
    )
    assert "<b>No pain points:</b>" in summary_html(happy, emotion_curve(happy))
