"""The journey map grid: touchpoints as columns in phase bands, lanes as rows, edited in
place, scored by typing, reordered by dragging column headers and phase cells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QTableView,
    QWidget,
)

from cxdesk.models.journey_map import EMOTION_MAX, JourneyMap, PhaseRecord, Slot, TouchpointRecord
from cxdesk.ui.journey.delegates import JourneyDelegate
from cxdesk.ui.journey.grid_lanes import lanes_for, short_title
from cxdesk.ui.journey.grid_model import JourneyGridModel, LaneKind
from cxdesk.ui.score_keys import digit_over_text, type_over_message

if TYPE_CHECKING:
    from cxdesk.ui.journey_edits import JourneyEdits

COLUMN_WIDTH = 176
HEADER_MAX_WIDTH = 210
# The lane-label column is wide enough for a stakeholder lane with a name this long.
TYPICAL_LANE_TITLE = "Emotion · Katarzyna Nowak"
SCORE_RANGE = "Emotion: type 0-3, or - then 1-3 (Delete clears)"
_PLAIN = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier


class _SlotHeader(QHeaderView):
    """Movable column headers that remember where the mouse let go, so a drop at a phase
    boundary lands in the phase under the pointer."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.drop_x: int | None = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.drop_x = round(event.position().x())
        try:
            super().mouseReleaseEvent(event)
        finally:
            self.drop_x = None


class JourneyGrid(QTableView):
    touchpointSelected = Signal(object)  # TouchpointRecord | None: the current column's
    phaseSelected = Signal(object)  # PhaseRecord | None: the current column's phase
    rejectedKey = Signal(str)  # why a key or a drop did nothing

    def __init__(self, edits: JourneyEdits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edits = edits
        self.grid_model = JourneyGridModel(edits, self)
        self.pending_minus: QPersistentModelIndex | None = None  # "-" typed, digit awaited
        self._selected_key: tuple[int | None, int | None] = (None, None)
        self._on_phase_lane = False
        self._phase_press: tuple[PhaseRecord, QPoint] | None = None
        self._phase_target: int | None = None  # band index while a phase is dragged

        header = _SlotHeader(self)
        self.setHorizontalHeader(header)
        self.setModel(self.grid_model)
        self.setItemDelegate(JourneyDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header.setSectionsMovable(True)
        header.setHighlightSections(True)
        header.setDefaultSectionSize(COLUMN_WIDTH)
        header.setMinimumSectionSize(48)
        header.sectionMoved.connect(self._on_section_moved)
        lanes = self.verticalHeader()
        lanes.setHighlightSections(True)
        lanes.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        lanes.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fix_lane_label_width()
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self._apply_row_heights({})

    def _fix_lane_label_width(self) -> None:
        """The lane labels get one width that stakeholders do not change.

        Sized to its contents, the column grew with each long stakeholder name and, with
        the map scrolled right, slid over the touchpoint being looked at. It fits the
        fixed lanes and a typical name; a longer name is elided, whole in its tooltip.
        """
        lanes = self.verticalHeader()
        metrics = lanes.fontMetrics()
        titles = [short_title(lane.title) for lane in lanes_for(())]
        widest = max(metrics.horizontalAdvance(t) for t in [*titles, TYPICAL_LANE_TITLE])
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, lanes)
        lanes.setFixedWidth(min(widest + 2 * margin + 8, HEADER_MAX_WIDTH))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fix_lane_label_width()

    # -- showing the map -----------------------------------------------------------

    def set_map(self, journey: JourneyMap) -> None:
        """Show ``journey``, keeping the current touchpoint (and lane) when it still exists."""
        current = self.currentIndex()
        old_slot = self.grid_model.slot(current.column()) if current.isValid() else None
        old_lane = self.grid_model.lane(current.row()) if current.isValid() else None
        widths = self._custom_widths()
        heights = {lane.key: self.rowHeight(row) for row, lane in enumerate(self.grid_model.lanes)}
        if not self.grid_model.set_map(journey):
            self.viewport().update()
            return
        self.clearSpans()
        for phase in journey.phases:
            columns = self.grid_model.phase_columns(phase.id)
            if len(columns) > 1:
                self.setSpan(0, columns.start, 1, len(columns))
        self._apply_row_heights(heights)
        self._apply_widths(widths)
        if old_slot is not None and old_lane is not None:
            self._restore_current(old_slot, old_lane.key, current.row(), current.column())
        else:
            self._announce()

    def _custom_widths(self) -> dict[tuple[int, int | None], int]:
        """Columns a person widened or narrowed, by what they show (survives a reload)."""
        header = self.horizontalHeader()
        default = header.defaultSectionSize()
        return {
            (s.phase.id, s.touchpoint.id if s.touchpoint else None): header.sectionSize(c)
            for c, s in enumerate(self.grid_model.slots)
            if header.sectionSize(c) != default
        }

    def _apply_widths(self, widths: dict[tuple[int, int | None], int]) -> None:
        if not widths:
            return
        for c, s in enumerate(self.grid_model.slots):
            width = widths.get((s.phase.id, s.touchpoint.id if s.touchpoint else None))
            if width is not None:
                self.setColumnWidth(c, width)

    def _apply_row_heights(self, kept: dict[tuple[LaneKind, str, int | None], int]) -> None:
        line = self.fontMetrics().lineSpacing()
        for row, lane in enumerate(self.grid_model.lanes):
            self.setRowHeight(row, kept.get(lane.key, round(lane.lines * line) + 10))

    def _restore_current(
        self, old: Slot, lane_key: tuple[LaneKind, str, int | None], row: int, column: int
    ) -> None:
        model = self.grid_model
        new_column: int | None = None
        if old.touchpoint is not None:
            new_column = model.column_of(old.touchpoint.id)
        if new_column is None:
            band = model.phase_columns(old.phase.id)  # a placeholder filled, or a deletion
            new_column = band.start if old.touchpoint is None and band else None
        if new_column is None:
            new_column = min(column, model.columnCount() - 1)
        new_row = model.row_of(lane_key)
        if new_row is None:
            new_row = min(row, model.rowCount() - 1)
        if new_column < 0:
            self._announce()
            return
        self.selectionModel().setCurrentIndex(
            model.index(new_row, new_column),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )
        self._announce()

    def update_touchpoint(self, record: TouchpointRecord) -> None:
        self.grid_model.update_touchpoint(record)

    # -- the current touchpoint ----------------------------------------------------

    def current_slot(self) -> Slot | None:
        index = self.currentIndex()
        return self.grid_model.slot(index.column()) if index.isValid() else None

    def selected_touchpoints(self) -> list[TouchpointRecord]:
        """The touchpoints of every column with a selected cell (the current one if none)."""
        columns = sorted({i.column() for i in self.selectionModel().selectedIndexes()})
        if not columns and self.currentIndex().isValid():
            columns = [self.currentIndex().column()]
        slots = (self.grid_model.slot(c) for c in columns)
        return [s.touchpoint for s in slots if s is not None and s.touchpoint is not None]

    def select_touchpoint(self, touchpoint_id: int, field: str | None = None) -> bool:
        column = self.grid_model.column_of(touchpoint_id)
        if column is None:
            return False
        row = self.grid_model.field_row(field) if field else None
        if row is None:
            row = self.currentIndex().row() if self.currentIndex().isValid() else None
        if row is None:
            row = self.grid_model.field_row("name") or 0
        self._select(row, column)
        return True

    def select_phase(self, phase_id: int) -> bool:
        columns = self.grid_model.phase_columns(phase_id)
        if not columns:
            return False
        self._select(0, columns.start)
        return True

    def edit_touchpoint_name(self, touchpoint_id: int) -> None:
        """Select a touchpoint's name and open it for typing (a new one, say)."""
        if self.select_touchpoint(touchpoint_id, "name"):
            self.edit(self.currentIndex())

    def _select(self, row: int, column: int) -> None:
        index = self.grid_model.index(row, column)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.pending_minus is not None and self.pending_minus != current:
            self.pending_minus = None
        if current.column() != previous.column():
            self.grid_model.set_current_column(current.column())
            self.viewport().update()  # the outline follows the current column
        self._announce()

    def _announce(self) -> None:
        """Say which touchpoint and phase are current, once per change. Stepping onto or
        off the phase lane re-announces the phase: what Delete and moving act on differ."""
        slot = self.current_slot()
        key = (
            (slot.phase.id, slot.touchpoint.id if slot.touchpoint else None)
            if slot
            else (None, None)
        )
        lane = self.grid_model.lane(self.currentIndex().row()) if slot else None
        on_phase = lane is not None and lane.kind is LaneKind.PHASE
        changed, lane_changed = key != self._selected_key, on_phase != self._on_phase_lane
        self._selected_key, self._on_phase_lane = key, on_phase
        if changed:
            self.touchpointSelected.emit(slot.touchpoint if slot else None)
        if changed or lane_changed:
            self.phaseSelected.emit(slot.phase if slot else None)

    # -- keys ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        lane = self.grid_model.lane(index.row()) if index.isValid() else None
        if lane is not None and self.state() != QAbstractItemView.State.EditingState:
            plain = not (event.modifiers() & ~_PLAIN)
            if plain and lane.is_emotion and self._score_key(index, event):
                event.accept()
                return
            if plain and not lane.is_emotion and digit_over_text(self, index, event):
                # An emotion score typed one lane off must not replace a touchpoint's text.
                what = self.grid_model.headerData(index.row(), Qt.Orientation.Vertical)
                self.rejectedKey.emit(type_over_message(f"the {what} cell", event))
                event.accept()
                return
            if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._clear(index)
                event.accept()
                return
            editable = self.grid_model.flags(index) & Qt.ItemFlag.ItemIsEditable
            if plain and editable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit(index)
                event.accept()
                return
        super().keyPressEvent(event)

    def _score_key(self, index: QModelIndex, event: QKeyEvent) -> bool:
        """Digits score, "-" makes the next digit negative; True when the key was used."""
        text = event.text()
        minus = self.pending_minus is not None and self.pending_minus == index
        if text in ("-", "−"):
            self.pending_minus = QPersistentModelIndex(index)
            self.viewport().update(self.visualRect(index))
            return True
        self.pending_minus = None
        if minus:
            self.viewport().update(self.visualRect(index))
        if text == "+":
            return True  # "+2" reads as 2
        if len(text) == 1 and text.isdecimal():
            digit = int(text)
            if digit > EMOTION_MAX:
                self.rejectedKey.emit(SCORE_RANGE)
            elif not self.grid_model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                self.rejectedKey.emit("Name the touchpoint first, then score it")
            else:
                self.grid_model.setData(index, -digit if minus else digit)
            return True
        if event.key() == Qt.Key.Key_Escape:
            return minus
        if event.key() == Qt.Key.Key_Space:
            self.edit(index)  # the picker, for those who would rather choose
            return True
        if text.isprintable() and text.strip():
            # A stray letter would open the picker with a random score: say what works.
            self.rejectedKey.emit(SCORE_RANGE)
            return True
        return False

    def _clear(self, index: QModelIndex) -> None:
        lane = self.grid_model.lane(index.row())
        slot = self.grid_model.slot(index.column())
        if lane is None or slot is None or slot.touchpoint is None:
            return
        if lane.kind is LaneKind.PHASE:
            self.rejectedKey.emit("Double-click a phase to rename it (Ctrl+Delete deletes it)")
        elif lane.field == "name":
            self.rejectedKey.emit("A touchpoint needs a name: type a new one over it")
        else:
            self.grid_model.setData(index, None if lane.is_emotion else "")

    # -- dragging a touchpoint's column header -------------------------------------

    def _on_section_moved(self, logical: int, old_visual: int, new_visual: int) -> None:
        # The model owns the order: put the header back, then ask for the move.
        header = self.horizontalHeader()
        assert isinstance(header, _SlotHeader)
        header.blockSignals(True)
        header.moveSection(new_visual, old_visual)
        header.blockSignals(False)
        model = self.grid_model
        moved = model.slot(logical)
        if moved is None or moved.touchpoint is None:
            self.rejectedKey.emit("An empty phase has no touchpoint to move yet")
            return
        under = header.logicalIndexAt(header.drop_x) if header.drop_x is not None else -1
        if under < 0 or under == logical:
            under = new_visual  # moved programmatically: next to the one it displaced
        phase_id, position = model.drop_place(logical, new_visual, under)
        # The phase's touchpoints as this grid shows them: the move is checked against them.
        shown = [t.id for p in model.journey.phases if p.id == phase_id for t in p.touchpoints]
        self._edits.move_touchpoint(moved.touchpoint, phase_id, position, shown)

    # -- dragging a phase onto another band ----------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._phase_press = None
        index = self.indexAt(event.position().toPoint())
        lane = self.grid_model.lane(index.row()) if index.isValid() else None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and lane is not None
            and lane.kind is LaneKind.PHASE
        ):
            slot = self.grid_model.slot(index.column())
            assert slot is not None
            self._phase_press = (slot.phase, event.position().toPoint())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._phase_press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start = self._phase_press[1]
            pos = event.position().toPoint()
            if (
                self._phase_target is not None
                or (pos - start).manhattanLength() >= QApplication.startDragDistance()
            ):
                if self._phase_target is None:
                    self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self._autoscroll(pos.x())
                self._phase_target = self._band_at(pos.x())
                self.viewport().update()
                event.accept()
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, target = self._phase_press, self._phase_target
        self._phase_press = None
        if target is None or press is None:
            super().mouseReleaseEvent(event)
            return
        self._phase_target = None
        self.viewport().unsetCursor()
        self.viewport().update()
        event.accept()
        phase = press[0]
        position = next(
            (i for i, p in enumerate(self.grid_model.journey.phases) if p.id == phase.id), None
        )
        if position is not None and target != position:
            shown = [p.id for p in self.grid_model.journey.phases]
            self._edits.move_phase(phase, target, shown)

    def _autoscroll(self, x: int) -> None:
        """Near an edge, scroll on: a phase may be dropped on a band out of sight."""
        edge = 24
        bar = self.horizontalScrollBar()
        if x < edge:
            bar.setValue(bar.value() - 3 * edge)
        elif x > self.viewport().width() - edge:
            bar.setValue(bar.value() + 3 * edge)

    def _band_at(self, x: int) -> int:
        model = self.grid_model
        if model.columnCount() == 0:
            return 0
        column = self.columnAt(x)
        if column < 0:
            column = 0 if x < 0 else model.columnCount() - 1
        return model.band(column)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._phase_target is None or self._phase_press is None:
            return
        model = self.grid_model
        phases = model.journey.phases
        source = next((i for i, p in enumerate(phases) if p.id == self._phase_press[0].id), 0)
        if self._phase_target == source or not 0 <= self._phase_target < len(phases):
            return
        columns = model.phase_columns(phases[self._phase_target].id)
        left = self.columnViewportPosition(columns.start)
        right = self.columnViewportPosition(columns[-1]) + self.columnWidth(columns[-1])
        painter = QPainter(self.viewport())
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        # Where the phase will land: its band shaded, a bar on the side it goes to.
        band = QColor(colour)
        band.setAlpha(45)
        painter.fillRect(left, 0, right - left, self.viewport().height(), band)
        x = right if self._phase_target > source else left
        painter.fillRect(x - 2, 0, 5, self.viewport().height(), colour)
        painter.end()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            # Phase names stay in sight of a scrolled band: the scrolled copy is stale.
            self.viewport().update()
