"""The journey map as a table model: columns are the map's slots, rows are its lanes.

Edits go to ``JourneyEdits`` (one undoable step each, saved at once); the model changes
only when it is given the saved map (``set_map``) or a saved touchpoint
(``update_touchpoint``), so the grid always shows what is in the database. A touchpoint
typed into an empty column is announced (``touchpointAdded``) so the view can select it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from cxdesk.models.journey_map import (
    EMOTION_MAX,
    EMOTION_MIN,
    JourneyMap,
    PhaseRecord,
    Slot,
    TouchpointRecord,
    emotion_label,
    map_slots,
    with_touchpoint,
)
from cxdesk.ui.journey.grid_lanes import (
    NOT_SCORED,
    PLACEHOLDER,
    SCORE_KEYS,
    Lane,
    LaneKind,
    band_tint,
    emotion_colours,
    handoff_badge,
    handoff_tooltip,
    lanes_for,
    mix,
    short_title,
)
from cxdesk.ui.record_model import AnyIndex, plain_tip

if TYPE_CHECKING:
    from cxdesk.ui.journey_edits import JourneyEdits

SlotRole = Qt.ItemDataRole.UserRole + 1  # the column's Slot
LaneRole = Qt.ItemDataRole.UserRole + 2  # the row's Lane
ScoreRole = Qt.ItemDataRole.UserRole + 3  # an emotion cell's score (int | None)

__all__ = [
    "PLACEHOLDER",
    "JourneyGridModel",
    "Lane",
    "LaneKind",
    "LaneRole",
    "ScoreRole",
    "SlotRole",
    "emotion_colours",
    "handoff_badge",
]


class JourneyGridModel(QAbstractTableModel):
    touchpointAdded = Signal(object)  # TouchpointRecord typed into an empty slot

    def __init__(self, edits: JourneyEdits, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edits = edits
        self._journey = JourneyMap(engagement_id=0)
        self._slots: tuple[Slot, ...] = ()
        self._lanes: tuple[Lane, ...] = lanes_for(())
        self._columns: dict[int, int] = {}  # touchpoint id -> column
        self._bands: list[int] = []  # column -> phase index
        self._band_starts: set[int] = set()
        self._current_column = -1  # the view's current column: its header stands out

    # -- loading -------------------------------------------------------------------

    @property
    def journey(self) -> JourneyMap:
        return self._journey

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self._slots

    @property
    def lanes(self) -> tuple[Lane, ...]:
        return self._lanes

    def set_map(self, journey: JourneyMap) -> bool:
        """Show ``journey``; True when the columns or lanes changed (a model reset), False
        when only what they show did (the view keeps its selection and scroll)."""
        slots = map_slots(journey)
        lanes = lanes_for(journey.stakeholders)
        same = _slot_keys(slots) == _slot_keys(self._slots) and [lane.key for lane in lanes] == [
            lane.key for lane in self._lanes
        ]
        if same:
            self._journey, self._slots, self._lanes = journey, slots, lanes
            if slots:
                self.dataChanged.emit(self.index(0, 0), self.index(len(lanes) - 1, len(slots) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(lanes) - 1)
            return False
        self.beginResetModel()
        self._journey, self._slots, self._lanes = journey, slots, lanes
        self._current_column = -1
        self._index_columns()
        self.endResetModel()
        return True

    def _index_columns(self) -> None:
        self._columns = {
            s.touchpoint.id: c for c, s in enumerate(self._slots) if s.touchpoint is not None
        }
        positions = {phase.id: i for i, phase in enumerate(self._journey.phases)}
        self._bands = [positions[s.phase.id] for s in self._slots]
        self._band_starts = {
            c for c, band in enumerate(self._bands) if c == 0 or self._bands[c - 1] != band
        }

    def update_touchpoint(self, record: TouchpointRecord) -> None:
        """A saved edit of one touchpoint: repaint its column only."""
        column = self._columns.get(record.id)
        if column is None or record.phase_id != self._slots[column].phase.id:
            return
        self._journey = with_touchpoint(self._journey, record)
        phase = self._journey.phase(record.phase_id)
        assert phase is not None
        self._slots = (
            *self._slots[:column],
            Slot(phase, record),
            *self._slots[column + 1 :],
        )
        self.dataChanged.emit(self.index(1, column), self.index(len(self._lanes) - 1, column))

    def set_current_column(self, column: int) -> None:
        old, self._current_column = self._current_column, column
        for section in {old, column}:
            if 0 <= section < len(self._slots):
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, section, section)

    # -- lookups -------------------------------------------------------------------

    def slot(self, column: int) -> Slot | None:
        return self._slots[column] if 0 <= column < len(self._slots) else None

    def lane(self, row: int) -> Lane | None:
        return self._lanes[row] if 0 <= row < len(self._lanes) else None

    def column_of(self, touchpoint_id: int) -> int | None:
        return self._columns.get(touchpoint_id)

    def phase_columns(self, phase_id: int) -> range:
        """The columns of a phase's band (empty if the phase is not on the map)."""
        columns = [c for c, s in enumerate(self._slots) if s.phase.id == phase_id]
        return range(columns[0], columns[-1] + 1) if columns else range(0)

    def row_of(self, key: tuple[LaneKind, str, int | None]) -> int | None:
        return next((r for r, lane in enumerate(self._lanes) if lane.key == key), None)

    def field_row(self, field: str) -> int | None:
        """The lane showing a touchpoint field ("name", "emotion", ...)."""
        return next((r for r, lane in enumerate(self._lanes) if lane.field == field), None)

    def stakeholder_row(self, stakeholder_id: int) -> int | None:
        return self.row_of((LaneKind.STAKEHOLDER, "", stakeholder_id))

    def band(self, column: int) -> int:
        """The phase index of a column's band."""
        return self._bands[column] if 0 <= column < len(self._bands) else 0

    def starts_band(self, column: int) -> bool:
        return column in self._band_starts

    def drop_place(self, column: int, to: int, beside: int) -> tuple[int, int]:
        """Where a touchpoint's column dragged to column ``to`` goes: (phase id, position).
        It lands next to column ``beside`` (the one under the pointer), in its phase, so a
        drop at a phase boundary goes into the phase the person pointed at."""
        target = self._slots[beside].phase.id
        order = [c for c in range(len(self._slots)) if c != column]
        order.insert(to, column)
        before = order[: order.index(column)]
        position = sum(
            1
            for c in before
            if self._slots[c].touchpoint is not None and self._slots[c].phase.id == target
        )
        return target, position

    def score(self, index: AnyIndex) -> int | None:
        lane, slot = self._lanes[index.row()], self._slots[index.column()]
        touchpoint = slot.touchpoint
        if touchpoint is None:
            return None
        if lane.kind is LaneKind.STAKEHOLDER:
            assert lane.stakeholder is not None
            return touchpoint.stakeholder_emotions.get(lane.stakeholder.id)
        return touchpoint.emotion

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lanes)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._slots)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            lane = self.lane(section)
            if lane is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return short_title(lane.title)
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tip(f"{lane.title}\n{lane.help}") if lane.stakeholder else lane.help
            return None
        slot = self.slot(section)
        if slot is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1) if slot.touchpoint is not None else "+"
        if section == self._current_column:
            if role == Qt.ItemDataRole.BackgroundRole:
                palette = QGuiApplication.palette()
                return mix(
                    palette.color(QPalette.ColorRole.Button),
                    palette.color(QPalette.ColorRole.Highlight),
                    0.45,
                )
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if slot.touchpoint is None:
                return plain_tip(f"“{slot.phase.name}” has no touchpoints yet: type a name below")
            return plain_tip(
                f"{section + 1}. {slot.touchpoint.name} ({slot.phase.name})\n"
                "Drag this header to move the touchpoint, also into another phase."
            )
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        lane = self._lanes[index.row()]
        # A stakeholder's score needs a touchpoint to hang on; any other lane of an empty
        # phase's column creates the touchpoint.
        if lane.kind is not LaneKind.STAKEHOLDER or self._slots[index.column()].touchpoint:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._lanes) and 0 <= index.column() < len(self._slots)
        ):
            return None
        lane, slot = self._lanes[index.row()], self._slots[index.column()]
        if role == SlotRole:
            return slot
        if role == LaneRole:
            return lane
        if lane.kind is LaneKind.PHASE:
            return self._phase_data(slot.phase, role, index.column())
        if lane.is_emotion:
            return self._emotion_data(lane, self.score(index), role, index.column())
        return self._text_data(lane, slot, role, index.column())

    def _phase_data(self, phase: PhaseRecord, role: int, column: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return phase.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return handoff_tooltip(self._journey, phase)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            badge = handoff_badge(phase)
            return f"Phase {phase.name}" + (f", handoff {badge}" if badge else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_tint(self.band(column))
        return None

    def _emotion_data(self, lane: Lane, score: int | None, role: int, column: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return NOT_SCORED if score is None else emotion_label(score)
        if role in (Qt.ItemDataRole.EditRole, ScoreRole):
            return score
        if role == Qt.ItemDataRole.BackgroundRole:
            return emotion_colours(score)[0] if score is not None else band_tint(self.band(column))
        if role == Qt.ItemDataRole.ForegroundRole:
            return emotion_colours(score)[1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = "not scored" if score is None else emotion_label(score)
            return f"{lane.title}: {shown}\n{SCORE_KEYS[0].upper()}{SCORE_KEYS[1:]}."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{lane.title}: {'not scored' if score is None else emotion_label(score)}"
        return None

    def _text_data(self, lane: Lane, slot: Slot, role: int, column: int) -> Any:
        touchpoint = slot.touchpoint
        value = getattr(touchpoint, lane.field) if touchpoint is not None else ""
        placeholder = touchpoint is None and lane.field == "name"
        if role == Qt.ItemDataRole.DisplayRole:
            return PLACEHOLDER if placeholder else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if placeholder:
                return plain_tip(f"Type a name to add the first touchpoint of “{slot.phase.name}”")
            return plain_tip(value) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_tint(self.band(column))
        if role == Qt.ItemDataRole.ForegroundRole and placeholder:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and (placeholder or lane.field == "name"):
            font = QFont()
            font.setItalic(placeholder)
            font.setBold(not placeholder)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{lane.title}: {value or 'empty'}"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        lane, slot = self._lanes[index.row()], self._slots[index.column()]
        if lane.is_emotion:
            return self._set_score(lane, slot, value)
        if not isinstance(value, str):
            return False
        if lane.kind in (LaneKind.PHASE, LaneKind.LINE):
            value = " ".join(value.split())  # one line: no stray spaces or line breaks
        else:
            value = value.strip()
        if lane.kind is LaneKind.PHASE:
            if value == slot.phase.name:
                return False
            self._edits.rename_phase(slot.phase, value)
            return True
        touchpoint = slot.touchpoint
        if touchpoint is None:
            if not value:
                return False
            self._added(
                self._edits.add_touchpoint(
                    self._journey.engagement_id, slot.phase.id, **{lane.field: value}
                )
            )
            return True
        if value == getattr(touchpoint, lane.field):
            return False
        self._edits.edit_touchpoint(touchpoint, lane.field, value)
        return True

    def _set_score(self, lane: Lane, slot: Slot, value: Any) -> bool:
        # bool is an int: refuse it too, as every other non-score
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not EMOTION_MIN <= value <= EMOTION_MAX
        ):
            return False
        touchpoint = slot.touchpoint
        if touchpoint is None:
            if value is None:
                return False
            self._added(
                self._edits.add_touchpoint(
                    self._journey.engagement_id, slot.phase.id, emotion=value
                )
            )
            return True
        if lane.kind is LaneKind.STAKEHOLDER:
            assert lane.stakeholder is not None
            if touchpoint.stakeholder_emotions.get(lane.stakeholder.id) == value:
                return False
            self._edits.set_stakeholder_emotion(touchpoint, lane.stakeholder.id, value)
            return True
        if touchpoint.emotion == value:
            return False
        self._edits.edit_touchpoint(touchpoint, "emotion", value)
        return True

    def _added(self, record: TouchpointRecord | None) -> None:
        if record is not None:  # None: refused, and the person was told why
            self.touchpointAdded.emit(record)


def _slot_keys(slots: tuple[Slot, ...]) -> list[tuple[int, int | None]]:
    return [(s.phase.id, s.touchpoint.id if s.touchpoint else None) for s in slots]
