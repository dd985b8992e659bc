"""The journey-map grid driven by keyboard and mouse: lanes, phase bands, scoring, drags."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxdesk.models.journey_map import (
    HandoffItemRecord,
    JourneyMap,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.store import journey_map as journey_store
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.ui.journey.delegates import EmotionCombo
from cxdesk.ui.journey.grid_lanes import luminance
from cxdesk.ui.journey.grid_model import (
    PLACEHOLDER,
    JourneyGridModel,
    emotion_colours,
    handoff_badge,
)
from cxdesk.ui.journey.grid_view import JourneyGrid
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import open_editor

# -- a map built by hand, and edits that only record what was asked -----------------


class RecordingEdits(QObject):
    """Stands in for JourneyEdits: the grid must change nothing but through it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))


def touchpoint(
    tid: int, phase_id: int, position: int, name: str, **values: Any
) -> TouchpointRecord:
    return TouchpointRecord(tid, 1, phase_id, position, name, **values)


MARTA = StakeholderRecord(7, 1, 0, "Marta", "CFO", "high")
JONAS = StakeholderRecord(8, 1, 1, "Jonas")


def handmade_map(stakeholders: tuple[StakeholderRecord, ...] = (MARTA,)) -> JourneyMap:
    sales = PhaseRecord(
        10,
        1,
        0,
        "Marketing & Sales",
        (
            touchpoint(101, 10, 0, "Webinar", channel="Online", emotion=2),
            touchpoint(102, 10, 1, "Proposal", emotion=-1, stakeholder_emotions={7: -2}),
        ),
    )
    implementation = PhaseRecord(
        11,
        1,
        1,
        "Implementation",
        (
            touchpoint(103, 11, 0, "Kick-off", emotion=-2, thinks_feels="Who are these people?"),
            touchpoint(104, 11, 1, "Go-live"),
            touchpoint(105, 11, 2, "Training", emotion=3),
        ),
        tuple(HandoffItemRecord(200 + i, 1, 11, i, f"item {i}", done=i < 2) for i in range(5)),
    )
    support = PhaseRecord(12, 1, 2, "Support", (), (HandoffItemRecord(210, 1, 12, 0, "x", True),))
    return JourneyMap(1, (sales, implementation, support), stakeholders)


@pytest.fixture
def edits() -> RecordingEdits:
    return RecordingEdits()


@pytest.fixture
def grid(qtbot: QtBot, edits: RecordingEdits) -> JourneyGrid:
    view = JourneyGrid(edits)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.set_map(handmade_map())
    with qtbot.waitExposed(view):
        view.show()
    view.activateWindow()
    view.setFocus()
    return view


def row(grid: JourneyGrid, field: str) -> int:
    found = grid.grid_model.field_row(field)
    assert found is not None
    return found


def go_to(grid: JourneyGrid, touchpoint_id: int, field: str) -> None:
    assert grid.select_touchpoint(touchpoint_id, field)
    grid.setFocus()


def type_text(qtbot: QtBot, text: str) -> None:
    """Type as a person does: each key goes where the focus is (the editor, once open)."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    # QTest's double-click is the second click only: a real one starts with a click.
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def wait_closed(qtbot: QtBot, view: QAbstractItemView) -> None:
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


# -- layout ------------------------------------------------------------------------


def test_lanes_columns_and_phase_bands(grid: JourneyGrid) -> None:
    model = grid.grid_model
    titles = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert titles == [
        "Phase",
        "Touchpoint",
        "Channel",
        "Sees / does",
        "Thinks & feels",
        "Needs",
        "Emotion",
        "Emotion · Marta",
        "Pain points",
        "Opportunities",
        "Owning team",
    ]
    # five touchpoints and the empty Support phase's placeholder, in journey order
    assert model.columnCount() == 6
    names = [model.index(row(grid, "name"), c).data() for c in range(6)]
    assert names == ["Webinar", "Proposal", "Kick-off", "Go-live", "Training", PLACEHOLDER]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "+"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "3"
    # each phase spans its band, so its name and its handoff risk show once
    assert (grid.columnSpan(0, 0), grid.columnSpan(0, 2), grid.columnSpan(0, 5)) == (2, 3, 1)
    assert model.index(0, 2).data() == "Implementation"
    assert handoff_badge(model.slot(2).phase) == "⚠ 3 open"  # type: ignore[union-attr]
    assert "3 of 5 checklist items open" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "Marketing & Sales → Implementation" in model.index(0, 3).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert handoff_badge(model.slot(5).phase) == "✓ ready"  # type: ignore[union-attr]
    # Narrow phases keep their name in sight: the badge shrinks to the count.
    assert handoff_badge(model.slot(2).phase, short=True) == "⚠ 3"  # type: ignore[union-attr]
    assert handoff_badge(model.slot(5).phase, short=True) == "✓"  # type: ignore[union-attr]
    assert [model.starts_band(c) for c in range(6)] == [True, False, True, False, False, True]
    # text lanes are taller than one-line lanes, and wrap
    assert grid.rowHeight(row(grid, "thinks_feels")) > 1.8 * grid.rowHeight(row(grid, "channel"))
    assert grid.wordWrap()
    assert grid.columnWidth(0) >= 160
    assert (
        not grid.grid_model.flags(model.index(row(grid, "name"), 0)) & Qt.ItemFlag.ItemIsDragEnabled
    )


def test_stakeholder_lanes_follow_the_stakeholders(grid: JourneyGrid) -> None:
    model = grid.grid_model
    go_to(grid, 103, "pain_points")
    grid.set_map(handmade_map((MARTA, JONAS)))
    assert model.rowCount() == 12
    assert model.headerData(8, Qt.Orientation.Vertical) == "Emotion · Jonas"
    assert model.stakeholder_row(8) == 8
    # the person stays where they were: same touchpoint, same lane
    assert grid.current_slot().touchpoint.id == 103  # type: ignore[union-attr]
    assert grid.grid_model.lane(grid.currentIndex().row()).field == "pain_points"  # type: ignore[union-attr]
    assert model.index(7, 1).data() == "-2 frustrated"
    assert model.index(8, 1).data() == "–"
    grid.set_map(handmade_map(()))
    assert model.rowCount() == 10
    assert model.stakeholder_row(7) is None
    assert grid.grid_model.lane(grid.currentIndex().row()).field == "pain_points"  # type: ignore[union-attr]


def test_set_map_keeps_the_current_touchpoint(grid: JourneyGrid, qtbot: QtBot) -> None:
    seen: list[TouchpointRecord | None] = []
    grid.touchpointSelected.connect(seen.append)
    go_to(grid, 104, "emotion")
    assert [t.id for t in seen if t] == [104]
    journey = handmade_map()
    # a touchpoint added before it: the grid re-reads, the selection follows Go-live
    sales = journey.phases[0]
    sales = PhaseRecord(
        sales.id, 1, 0, sales.name, (touchpoint(99, 10, 0, "Ad"), *sales.touchpoints)
    )
    grid.set_map(JourneyMap(1, (sales, *journey.phases[1:]), journey.stakeholders))
    assert grid.currentIndex().column() == 4
    assert grid.current_slot().touchpoint.id == 104  # type: ignore[union-attr]
    assert grid.currentIndex().row() == row(grid, "emotion")
    assert grid.selected_touchpoints()[0].id == 104
    assert len(seen) == 1  # still the same touchpoint: nothing to announce
    # a field edited elsewhere: repaint only, current kept
    grid.update_touchpoint(touchpoint(104, 11, 1, "Go-live weekend", emotion=1))
    assert grid.grid_model.index(row(grid, "name"), 4).data() == "Go-live weekend"
    assert grid.grid_model.index(row(grid, "emotion"), 4).data() == "+1 satisfied"
    # the touchpoint deleted: the grid stays near where it was and says what is current
    grid.set_map(handmade_map())
    assert grid.current_slot().touchpoint.id == 104  # type: ignore[union-attr]
    without = JourneyMap(
        1,
        (
            journey.phases[0],
            PhaseRecord(11, 1, 1, "Implementation", journey.phases[1].touchpoints[:1]),
            journey.phases[2],
        ),
        journey.stakeholders,
    )
    grid.set_map(without)
    assert grid.currentIndex().isValid()
    assert seen[-1] is grid.current_slot().touchpoint  # type: ignore[union-attr]


# -- typing --------------------------------------------------------------------------


def test_typing_names_and_text(qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits) -> None:
    go_to(grid, 101, "name")
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = open_editor(grid)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "  Webinar   on ERP ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    name, (record, field, value), _ = edits.calls[-1]
    assert (name, record.id, field, value) == ("edit_touchpoint", 101, "name", "Webinar on ERP")

    # typing on a text lane starts the editor with the key; Shift+Enter breaks the line
    go_to(grid, 103, "needs")
    type_text(qtbot, "A plan")
    editor = open_editor(grid)
    assert isinstance(editor, QPlainTextEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    editor.insertPlainText("Zoë’s team, Фёдор & <R&D>")  # keyClicks cannot type Unicode
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    _, (record, field, value), _ = edits.calls[-1]
    assert (record.id, field, value) == (103, "needs", "A plan\nZoë’s team, Фёдор & <R&D>")

    # Enter opens the cell, Escape leaves it untouched
    count = len(edits.calls)
    go_to(grid, 103, "thinks_feels")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    editor = open_editor(grid)
    assert editor.toPlainText() == "Who are these people?"  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_closed(qtbot, grid)
    assert len(edits.calls) == count

    # Delete clears a text cell, but never a name (a touchpoint needs one)
    rejected: list[str] = []
    grid.rejectedKey.connect(rejected.append)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert edits.calls[-1][1][1:] == ("thinks_feels", "")
    go_to(grid, 103, "name")
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert len(edits.calls) == count + 1
    assert "needs a name" in rejected[-1]


def test_renaming_a_phase(qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits) -> None:
    grid.select_phase(11)
    assert grid.currentIndex().column() == 2
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = open_editor(grid)
    editor.setText("Onboarding — Łódź")  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    name, (phase, new_name), _ = edits.calls[-1]
    assert (name, phase.id, new_name) == ("rename_phase", 11, "Onboarding — Łódź")


def test_placeholder_column_creates_a_touchpoint(
    qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits
) -> None:
    model = grid.grid_model
    placeholder = model.index(row(grid, "name"), 5)
    assert placeholder.data() == PLACEHOLDER
    assert placeholder.data(Qt.ItemDataRole.EditRole) == ""
    grid.setCurrentIndex(placeholder)
    type_text(qtbot, "First ticket")
    qtbot.keyClick(open_editor(grid), Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    assert edits.calls[-1] == ("add_touchpoint", (1, 12), {"name": "First ticket"})
    # scoring the empty phase's emotion creates one too; a stakeholder's score cannot
    grid.setCurrentIndex(model.index(row(grid, "emotion"), 5))
    qtbot.keyClicks(grid, "-2")
    assert edits.calls[-1] == ("add_touchpoint", (1, 12), {"emotion": -2})
    rejected: list[str] = []
    grid.rejectedKey.connect(rejected.append)
    grid.setCurrentIndex(model.index(model.stakeholder_row(7), 5))  # type: ignore[arg-type]
    qtbot.keyClicks(grid, "2")
    assert len(edits.calls) == 2
    assert "Name the touchpoint first" in rejected[-1]
    # leaving it blank adds nothing
    grid.setCurrentIndex(placeholder)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.keyClick(open_editor(grid), Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    assert len(edits.calls) == 2


# -- emotions ------------------------------------------------------------------------


def test_scoring_emotions_by_typing(qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits) -> None:
    rejected: list[str] = []
    grid.rejectedKey.connect(rejected.append)
    go_to(grid, 104, "emotion")
    for keys, score in (("0", 0), ("3", 3), ("-1", -1), ("-3", -3), ("+2", 2), ("-0", 0)):
        qtbot.keyClicks(grid, keys)
        name, (record, field, value), _ = edits.calls[-1]
        assert (name, record.id, field, value) == ("edit_touchpoint", 104, "emotion", score)
    count = len(edits.calls)
    # out of range: nothing saved, nothing opened, and the reason is given
    for keys in ("4", "9", "-5", "x", "?"):
        qtbot.keyClicks(grid, keys)
    assert len(edits.calls) == count
    assert grid.state() != QAbstractItemView.State.EditingState
    assert rejected
    assert "0-3" in rejected[-1]
    # Space opens the picker, Escape closes it unchanged
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert isinstance(open_editor(grid), EmotionCombo)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    wait_closed(qtbot, grid)
    grid.setFocus()
    assert len(edits.calls) == count
    # "-" then moving away forgets the minus
    qtbot.keyClicks(grid, "-")
    assert grid.pending_minus is not None
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.pending_minus is None
    qtbot.keyClicks(grid, "2")
    _, (record, field, value), _ = edits.calls[-1]
    assert (record.id, value) == (105, 2)
    # Delete and Backspace clear a score
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert edits.calls[-1][1][1:] == ("emotion", None)
    # a stakeholder's lane scores that stakeholder
    go_to(grid, 102, "emotion")
    grid.setCurrentIndex(grid.grid_model.index(grid.grid_model.stakeholder_row(7), 1))  # type: ignore[arg-type]
    qtbot.keyClicks(grid, "-3")
    name, (record, stakeholder_id, score), _ = edits.calls[-1]
    assert (name, record.id, stakeholder_id, score) == ("set_stakeholder_emotion", 102, 7, -3)
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    assert edits.calls[-1][1][1:] == (7, None)
    # the model itself refuses anything out of range
    index = grid.grid_model.index(row(grid, "emotion"), 0)
    count = len(edits.calls)
    for bad in (4, -4, 2.5, "2", True):
        assert not grid.grid_model.setData(index, bad)
    assert len(edits.calls) == count


def test_emotion_picker_offers_the_seven_scores(
    qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits
) -> None:
    go_to(grid, 104, "emotion")  # not scored yet
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    combo = open_editor(grid)
    assert isinstance(combo, EmotionCombo)
    assert [combo.itemData(i) for i in range(combo.count())] == [3, 2, 1, 0, -1, -2, -3]
    assert combo.itemText(6) == "-3 angry"
    assert combo.currentData() == 0
    qtbot.waitUntil(lambda: combo.view().isVisible())  # the list opens by itself
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    _, (record, field, value), _ = edits.calls[-1]
    assert (record.id, field, value) == (104, "emotion", -1)
    # double-click and pick with the mouse
    index = grid.grid_model.index(row(grid, "emotion"), 0)
    pos = grid.visualRect(index).center()
    double_click(qtbot, grid.viewport(), pos)
    combo = open_editor(grid)
    assert combo.currentData() == 2  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: combo.view().isVisible())  # type: ignore[attr-defined]
    popup = combo.view()  # type: ignore[attr-defined]
    item = popup.model().index(0, 0)
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(item).center()
    )
    wait_closed(qtbot, grid)
    _, (record, field, value), _ = edits.calls[-1]
    assert (record.id, field, value) == (101, "emotion", 3)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_emotion_colours_are_legible(grid: JourneyGrid, scheme: str) -> None:
    palette = QPalette(QGuiApplication.palette())
    if scheme == "dark":
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    else:
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))

    def contrast(a: QColor, b: QColor) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    backgrounds = []
    for score in range(-3, 4):
        background, text = emotion_colours(score, palette)
        assert contrast(background, text) >= 4.5, (score, background.name(), text.name())
        backgrounds.append(background.name())
    assert len(set(backgrounds)) == 7  # every score looks different
    # scored cells carry their colour; unscored ones do not pretend to be neutral
    model = grid.grid_model
    scored = model.index(row(grid, "emotion"), 0)  # +2
    unscored = model.index(row(grid, "emotion"), 3)
    assert scored.data(Qt.ItemDataRole.BackgroundRole) == emotion_colours(2)[0]
    assert scored.data() == "+2 pleased"  # the number is always shown, not colour alone
    assert unscored.data() == "–"
    assert unscored.data(Qt.ItemDataRole.BackgroundRole) != emotion_colours(0)[0]
    negative = model.index(row(grid, "emotion"), 2).data(Qt.ItemDataRole.BackgroundRole)
    assert negative.red() > negative.blue()
    assert (
        scored.data(Qt.ItemDataRole.BackgroundRole).blue()
        > scored.data(Qt.ItemDataRole.BackgroundRole).red()
    )


def test_the_screen_shows_the_colours_and_the_text(grid: JourneyGrid) -> None:
    model = grid.grid_model
    long_text = "First line\n" + "a rather long sentence about the client's week " * 6
    grid.update_touchpoint(touchpoint(101, 10, 0, "Webinar", sees_does=long_text, emotion=2))
    image = grid.viewport().grab().toImage()
    for column, score in ((0, 2), (2, -2), (4, 3)):
        rect = grid.visualRect(model.index(row(grid, "emotion"), column))
        # a corner of the cell, clear of its text and of any frame
        pixel = image.pixelColor(rect.right() - 6, rect.top() + 6)
        assert pixel.name() == emotion_colours(score)[0].name()
    unscored = grid.visualRect(model.index(row(grid, "emotion"), 3))
    assert image.pixelColor(unscored.right() - 6, unscored.top() + 6).name() not in {
        emotion_colours(s)[0].name() for s in range(-3, 4)
    }


def test_lane_changes_onto_the_phase_lane_are_announced(grid: JourneyGrid) -> None:
    phases: list[PhaseRecord | None] = []
    grid.phaseSelected.connect(phases.append)
    go_to(grid, 103, "emotion")
    assert len(phases) == 1
    grid.setCurrentIndex(grid.grid_model.index(0, 3))  # same column, onto the phase lane
    assert len(phases) == 2
    grid.setCurrentIndex(grid.grid_model.index(row(grid, "needs"), 3))  # off it
    assert len(phases) == 3
    grid.setCurrentIndex(grid.grid_model.index(row(grid, "channel"), 3))  # nothing new
    assert [p.id for p in phases if p] == [11, 11, 11]


# -- dragging --------------------------------------------------------------------------


def drag(qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press, move in steps (as a hand does) and let go."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    steps = 6
    for i in range(1, steps + 1):
        point = start + (end - start) * i / steps
        qtbot.mouseMove(widget, QPoint(round(point.x()), round(point.y())))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def header_point(grid: JourneyGrid, column: int, fraction: float) -> QPoint:
    header = grid.horizontalHeader()
    x = header.sectionViewportPosition(column) + round(header.sectionSize(column) * fraction)
    return QPoint(x, header.height() // 2)


def test_dragging_a_header_moves_the_touchpoint(
    qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits
) -> None:
    header = grid.horizontalHeader().viewport()
    # Webinar onto the right half of Proposal: last of its own phase
    drag(qtbot, header, header_point(grid, 0, 0.5), header_point(grid, 1, 0.8))
    name, (record, phase_id, to, shown), _ = edits.calls[-1]
    assert (name, record.id, phase_id, to) == ("move_touchpoint", 101, 10, 1)
    assert shown == [101, 102]  # the phase as the grid shows it: the move is checked on it
    # the header shows the saved order, not the dragged one, until the map is re-read
    assert [grid.horizontalHeader().visualIndex(c) for c in range(6)] == list(range(6))
    # Webinar onto the left half of Kick-off: first of Implementation
    drag(qtbot, header, header_point(grid, 0, 0.5), header_point(grid, 2, 0.2))
    _, (record, phase_id, to, shown), _ = edits.calls[-1]
    assert (record.id, phase_id, to, shown) == (101, 11, 0, [103, 104, 105])
    # Training back onto the right half of Proposal: last of Marketing & Sales
    drag(qtbot, header, header_point(grid, 4, 0.5), header_point(grid, 1, 0.8))
    _, (record, phase_id, to, shown), _ = edits.calls[-1]
    assert (record.id, phase_id, to, shown) == (105, 10, 2, [101, 102])
    # Kick-off into the empty Support phase
    drag(qtbot, header, header_point(grid, 2, 0.5), header_point(grid, 5, 0.7))
    _, (record, phase_id, to, shown), _ = edits.calls[-1]
    assert (record.id, phase_id, to, shown) == (103, 12, 0, [])
    # an empty phase's column has nothing to move
    count = len(edits.calls)
    drag(qtbot, header, header_point(grid, 5, 0.5), header_point(grid, 0, 0.2))
    assert len(edits.calls) == count
    assert [grid.horizontalHeader().visualIndex(c) for c in range(6)] == list(range(6))


def test_dragging_a_phase_onto_another_band(
    qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits
) -> None:
    viewport = grid.viewport()
    model = grid.grid_model

    def phase_point(column: int) -> QPoint:
        return grid.visualRect(model.index(0, column)).center()

    def cell_point(column: int, field: str) -> QPoint:
        return grid.visualRect(model.index(row(grid, field), column)).center()

    drag(qtbot, viewport, phase_point(0), cell_point(5, "needs"))  # anywhere over the band
    name, (phase, to, shown), _ = edits.calls[-1]
    assert (name, phase.id, to, shown) == ("move_phase", 10, 2, [10, 11, 12])
    assert grid.viewport().cursor().shape() != Qt.CursorShape.ClosedHandCursor
    drag(qtbot, viewport, phase_point(5), cell_point(3, "emotion"))
    _, (phase, to, _shown), _ = edits.calls[-1]
    assert (phase.id, to) == (12, 1)
    # dropped on its own band, or a click: no move
    count = len(edits.calls)
    drag(qtbot, viewport, phase_point(2), cell_point(4, "name"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=phase_point(0))
    assert len(edits.calls) == count
    # dragging across text cells selects, it does not move phases
    drag(qtbot, viewport, cell_point(0, "needs"), cell_point(4, "needs"))
    assert len(edits.calls) == count
    assert len(grid.selected_touchpoints()) == 5


# -- model contract and speed ---------------------------------------------------------


def test_model_passes_qtmodeltester(qtmodeltester, edits: RecordingEdits) -> None:  # type: ignore[no-untyped-def]
    model = JourneyGridModel(edits)  # type: ignore[arg-type]
    model.set_map(handmade_map((MARTA, JONAS)))
    qtmodeltester.check(model, force_py=True)
    # the tester keeps watching: an edit, the same map again, and fewer lanes
    model.update_touchpoint(touchpoint(103, 11, 0, "Kick-off call", emotion=1))
    assert not model.set_map(handmade_map((MARTA, JONAS)))
    assert model.set_map(handmade_map(()))
    model.set_current_column(2)
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert model.rowCount() == 10
    assert model.set_map(JourneyMap(1))
    assert model.columnCount() == 0


def big_map(touchpoints: int = 500, stakeholders: int = 5) -> JourneyMap:
    people = tuple(StakeholderRecord(900 + i, 1, i, f"Person {i}") for i in range(stakeholders))
    phases = []
    per_phase = touchpoints // 5
    for p in range(5):
        phases.append(
            PhaseRecord(
                p + 1,
                1,
                p,
                f"Phase {p}",
                tuple(
                    touchpoint(
                        p * per_phase + k + 1,
                        p + 1,
                        k,
                        f"Touchpoint {k}",
                        sees_does="Reads the weekly report and forwards it",
                        emotion=(k % 7) - 3,
                        stakeholder_emotions={
                            s.id: ((k + i) % 7) - 3 for i, s in enumerate(people)
                        },
                    )
                    for k in range(per_phase)
                ),
            )
        )
    return JourneyMap(1, tuple(phases), people)


def test_a_big_map_opens_fast(qtbot: QtBot, edits: RecordingEdits) -> None:
    view = JourneyGrid(edits)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1280, 600)
    view.show()
    journey = big_map()
    start = time.perf_counter()
    view.set_map(journey)
    QApplication.processEvents()
    elapsed = time.perf_counter() - start
    assert view.grid_model.columnCount() == 500
    assert view.grid_model.rowCount() == 15
    assert view.indexWidget(view.grid_model.index(6, 0)) is None  # no per-cell widgets
    assert elapsed < 0.5, f"set_map + first paint took {elapsed * 1000:.0f} ms"


# -- with the real workspace: typed in, saved, undone ------------------------------------


@pytest.fixture
def live(qtbot: QtBot, db: Database) -> tuple[Workspace, JourneyGrid, int]:
    """A grid on a real engagement, re-read on every saved change as the tab does."""
    client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
    engagement = workspace.add_engagement(db, client.id, "ERP rollout")
    ws = Workspace(db)
    grid = JourneyGrid(ws.journey)
    qtbot.addWidget(grid)
    grid.resize(1400, 700)
    # What the tab does on every change of the map (it re-reads less when it can).
    ws.changed.connect(lambda _changes: grid.set_map(journey_store.load_map(db, engagement.id)))
    grid.set_map(journey_store.load_map(db, engagement.id))
    with qtbot.waitExposed(grid):
        grid.show()
    grid.activateWindow()
    grid.setFocus()
    return ws, grid, engagement.id


def saved(ws: Workspace, engagement_id: int) -> JourneyMap:
    return journey_store.load_map(ws.db, engagement_id)


def test_building_a_map_live(
    qtbot: QtBot,
    qtlog,  # type: ignore[no-untyped-def]
    live: tuple[Workspace, JourneyGrid, int],
) -> None:
    ws, grid, eid = live
    model = grid.grid_model
    ws.journey.add_default_phases(eid)
    assert [s.touchpoint for s in model.slots] == [None, None, None]
    assert grid.columnSpan(0, 0) == 1

    # type the first touchpoint's name into the empty Implementation band
    grid.setCurrentIndex(model.index(row(grid, "name"), 1))
    type_text(qtbot, "Kick-off call")
    qtbot.keyClick(open_editor(grid), Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    implementation = saved(ws, eid).phases[1]
    [kickoff] = implementation.touchpoints
    assert kickoff.name == "Kick-off call"
    assert grid.current_slot().touchpoint.id == kickoff.id  # type: ignore[union-attr]
    assert model.index(row(grid, "name"), 1).data() == "Kick-off call"
    # the map was re-read under the editor: the keyboard stays on the grid, ready
    assert QApplication.focusWidget() is grid
    assert grid.state() != QAbstractItemView.State.EditingState
    assert not [r.message for r in qtlog.records if "QAbstractItemView" in r.message]

    # score it, then a stakeholder who joins the map
    grid.setCurrentIndex(model.index(row(grid, "emotion"), 1))
    qtbot.keyClicks(grid, "-2")
    assert saved(ws, eid).touchpoint(kickoff.id).emotion == -2  # type: ignore[union-attr]
    assert model.index(row(grid, "emotion"), 1).data() == "-2 frustrated"
    ws.journey.add_stakeholder(eid, "Marta", "CFO", "high")
    [marta] = saved(ws, eid).stakeholders
    lane = model.stakeholder_row(marta.id)
    assert model.headerData(lane, Qt.Orientation.Vertical) == "Emotion · Marta"  # type: ignore[arg-type]
    assert grid.currentIndex().row() == row(grid, "emotion")  # still where the person was
    grid.setCurrentIndex(model.index(lane, 1))  # type: ignore[arg-type]
    qtbot.keyClicks(grid, "3")
    assert saved(ws, eid).touchpoint(kickoff.id).stakeholder_emotions == {marta.id: 3}  # type: ignore[union-attr]
    qtbot.keyClicks(grid, "7")  # out of range: nothing saved, nothing on the stack
    assert saved(ws, eid).touchpoint(kickoff.id).stakeholder_emotions == {marta.id: 3}  # type: ignore[union-attr]
    steps = ws.undo_stack.count()

    # what the client thinks, in their own words
    grid.setCurrentIndex(model.index(row(grid, "thinks_feels"), 1))
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = open_editor(grid)
    editor.insertPlainText("Qui est l’équipe ? Кто все эти люди?")  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    assert saved(ws, eid).touchpoint(kickoff.id).thinks_feels == (  # type: ignore[union-attr]
        "Qui est l’équipe ? Кто все эти люди?"
    )
    assert ws.undo_stack.count() == steps + 1

    # undo and redo go back and forth in the database and on screen
    ws.undo_stack.undo()
    assert saved(ws, eid).touchpoint(kickoff.id).thinks_feels == ""  # type: ignore[union-attr]
    ws.undo_stack.undo()
    assert saved(ws, eid).touchpoint(kickoff.id).stakeholder_emotions == {}  # type: ignore[union-attr]
    assert model.index(lane, 1).data() == "–"  # type: ignore[arg-type]
    ws.undo_stack.redo()
    assert model.index(lane, 1).data() == "+3 delighted"  # type: ignore[arg-type]
    grid.setCurrentIndex(model.index(row(grid, "emotion"), 1))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert saved(ws, eid).touchpoint(kickoff.id).emotion is None  # type: ignore[union-attr]
    ws.undo_stack.undo()
    assert saved(ws, eid).touchpoint(kickoff.id).emotion == -2  # type: ignore[union-attr]


def test_renaming_a_phase_and_a_refusal(
    qtbot: QtBot, live: tuple[Workspace, JourneyGrid, int]
) -> None:
    ws, grid, eid = live
    ws.journey.add_default_phases(eid)
    refused: list[str] = []
    ws.editRefused.connect(refused.append)
    steps = ws.undo_stack.count()
    grid.setCurrentIndex(grid.grid_model.index(0, 2))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    editor = open_editor(grid)
    editor.setText("Customer Success – Łódź")  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    assert saved(ws, eid).phases[2].name == "Customer Success – Łódź"
    assert grid.grid_model.index(0, 2).data() == "Customer Success – Łódź"
    assert QApplication.focusWidget() is grid
    # a blank name is refused with a reason, and nothing is lost or left on the stack
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = open_editor(grid)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "   ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, grid)
    assert refused
    assert saved(ws, eid).phases[2].name == "Customer Success – Łódź"
    assert ws.undo_stack.count() == steps + 1
    ws.undo_stack.undo()
    assert grid.grid_model.index(0, 2).data() == "Support / Customer Success"


def test_dragging_touchpoints_and_phases_is_saved_and_undoable(
    qtbot: QtBot, live: tuple[Workspace, JourneyGrid, int]
) -> None:
    ws, grid, eid = live
    phases = journey_store.add_default_phases(ws.db, eid)
    for name in ("Webinar", "Proposal"):
        journey_store.add_touchpoint(ws.db, phases[0].id, name=name)
    journey_store.add_touchpoint(ws.db, phases[1].id, name="Kick-off")
    grid.set_map(saved(ws, eid))

    def names() -> list[list[str]]:
        return [[t.name for t in p.touchpoints] for p in saved(ws, eid).phases]

    def shown() -> list[str]:
        return [grid.grid_model.index(row(grid, "name"), c).data() for c in range(4)]

    header = grid.horizontalHeader().viewport()
    # Webinar onto the left half of Kick-off: first of Implementation
    drag(qtbot, header, header_point(grid, 0, 0.5), header_point(grid, 2, 0.2))
    assert names() == [["Proposal"], ["Webinar", "Kick-off"], []]
    assert shown() == ["Proposal", "Webinar", "Kick-off", PLACEHOLDER]
    assert [grid.horizontalHeader().visualIndex(c) for c in range(4)] == [0, 1, 2, 3]
    # Kick-off into the empty Support phase
    drag(qtbot, header, header_point(grid, 2, 0.5), header_point(grid, 3, 0.7))
    assert names() == [["Proposal"], ["Webinar"], ["Kick-off"]]
    # drag the Support phase onto the first band
    viewport = grid.viewport()
    start = grid.visualRect(grid.grid_model.index(0, 2)).center()
    end = grid.visualRect(grid.grid_model.index(row(grid, "needs"), 0)).center()
    drag(qtbot, viewport, start, end)
    assert [p.name for p in saved(ws, eid).phases] == [
        "Support / Customer Success",
        "Marketing & Sales",
        "Implementation",
    ]
    assert names() == [["Kick-off"], ["Proposal"], ["Webinar"]]  # touchpoints go along
    assert grid.grid_model.index(0, 0).data() == "Support / Customer Success"
    # and back, step by step
    ws.undo_stack.undo()
    assert names() == [["Proposal"], ["Webinar"], ["Kick-off"]]
    ws.undo_stack.undo()
    ws.undo_stack.undo()
    assert names() == [["Webinar", "Proposal"], ["Kick-off"], []]
    assert shown() == ["Webinar", "Proposal", "Kick-off", PLACEHOLDER]
    ws.undo_stack.redo()
    assert names() == [["Proposal"], ["Webinar", "Kick-off"], []]


def test_an_emotion_digit_one_lane_off_never_replaces_text(
    qtbot: QtBot, grid: JourneyGrid, edits: RecordingEdits
) -> None:
    rejected: list[str] = []
    grid.rejectedKey.connect(rejected.append)
    for field in ("name", "thinks_feels"):
        go_to(grid, 103, field)
        qtbot.keyClicks(grid, "2")
        assert grid.state() != QAbstractItemView.State.EditingState
        assert "F2 or Enter" in rejected[-1]
    assert edits.calls == []
    # An empty text cell still takes typing, digits included ("24h response").
    go_to(grid, 104, "thinks_feels")
    qtbot.keyClicks(grid, "2")
    assert grid.state() == QAbstractItemView.State.EditingState
