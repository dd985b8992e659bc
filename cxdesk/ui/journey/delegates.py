"""How the journey grid's cells are drawn and edited: phase bands with their handoff risk,
emotion cells coloured by score, and editors that cannot produce a bad value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cxdesk.models.journey_map import (
    EMOTION_MAX,
    EMOTION_MIN,
    NAME_MAX,
    TEXT_MAX,
    Slot,
    emotion_label,
)
from cxdesk.ui import theme
from cxdesk.ui.journey.grid_lanes import (
    NOT_SCORED,
    Lane,
    LaneKind,
    band_tint,
    emotion_colours,
    handoff_badge,
    mix,
    readable_on,
)
from cxdesk.ui.journey.grid_model import LaneRole, SlotRole
from cxdesk.ui.matrix.delegates import MultiLineEditor

if TYPE_CHECKING:
    from cxdesk.ui.journey.grid_view import JourneyGrid

from cxdesk.ui.editing import changed_while_typing, first_fill
from cxdesk.ui.record_model import AnyIndex

SCORES = tuple(range(EMOTION_MAX, EMOTION_MIN - 1, -1))  # +3 at the top, as on the curve
PENDING_MINUS = "−  then 1-3"


class EmotionCombo(QComboBox):
    """The seven emotion scores, each with its word and colour: nothing else to pick."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette = self.palette()
        for score in SCORES:
            swatch = QPixmap(12, 12)
            swatch.fill(emotion_colours(score, palette)[0])
            self.addItem(QIcon(swatch), emotion_label(score), score)

    def set_score(self, score: int | None) -> None:
        self.setCurrentIndex(self.findData(0 if score is None else score))


class JourneyDelegate(QStyledItemDelegate):
    def __init__(self, view: JourneyGrid) -> None:
        super().__init__(view)
        self.view = view

    # -- editors -------------------------------------------------------------------

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        lane: Lane = index.data(LaneRole)
        if lane.is_emotion:
            combo = EmotionCombo(parent)
            # A picked score is saved at once: scoring live in a workshop is one click.
            combo.activated.connect(lambda _i: self._submit(combo))
            # Open the list at once: a double-click or Enter, then a click or arrows.
            opener = QTimer(combo)
            opener.setSingleShot(True)
            opener.timeout.connect(combo.showPopup)
            opener.start(0)
            return combo
        if lane.kind is LaneKind.TEXT:
            editor = MultiLineEditor(parent)
            editor.setTabChangesFocus(True)
            editor.submitted.connect(lambda: self._submit(editor))
            return editor
        line = QLineEdit(parent)
        line.setMaxLength(NAME_MAX if lane.field in ("name", "") else TEXT_MAX)
        if index.data(SlotRole).touchpoint is None and lane.kind is not LaneKind.PHASE:
            line.setPlaceholderText("Name of the first touchpoint")
        return line

    def _submit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not first_fill(editor, index):  # open: what is being typed stays
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, EmotionCombo):
            editor.set_score(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        elif isinstance(editor, QLineEdit):
            editor.setText(value or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        value: Any
        if isinstance(editor, EmotionCombo):
            value = editor.currentData()
        elif isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            super().setModelData(editor, model, index)
            return
        if changed_while_typing(editor, index, value):
            return
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        lane: Lane = index.data(LaneRole)
        if lane.kind is LaneKind.PHASE or index.data(SlotRole).touchpoint is None:
            # Renaming a phase or filling an empty phase re-reads the whole map: close the
            # editor first (focus back on the grid), not under the reset that follows.
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):
            # Room to write a sentence or two without the row jumping in height.
            rect = rect.adjusted(0, 0, max(0, 260 - rect.width()), max(0, 96 - rect.height()))
        elif index.data(LaneRole).kind is LaneKind.PHASE:
            rect.setWidth(min(rect.width(), max(self.view.columnWidth(index.column()), 220)))
        editor.setGeometry(rect)

    # -- painting ------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # Sizes come from the lanes and the default column width, never from the text:
        # measuring 500 columns of wrapped text would make opening a big map slow.
        return QSize(self.view.columnWidth(index.column()), self.view.rowHeight(index.row()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        lane = self.view.grid_model.lanes[index.row()]  # not through data(): paint is hot
        rect = QRect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        current_column = index.column() == self.view.currentIndex().column()
        palette: QPalette = option.palette
        painter.save()
        if lane.kind is LaneKind.PHASE:
            self._paint_phase(painter, rect, palette, index, selected)
        elif lane.is_emotion:
            self._paint_emotion(painter, rect, palette, index, selected)
        else:
            self._paint_text(painter, rect, palette, index, selected)
            if current_column and not selected:
                tint = QColor(palette.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(28)
                painter.fillRect(rect, tint)
        base = palette.color(QPalette.ColorRole.Base)
        if base.lightness() < 128:
            # A dark palette's grid lines all but vanish; the lanes need their edges.
            edge = mix(base, palette.color(QPalette.ColorRole.Text), 0.16)
            painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), edge)
        if current_column and lane.kind is not LaneKind.PHASE:
            # The current touchpoint's column, outlined top to bottom.
            edge = QColor(palette.color(QPalette.ColorRole.Highlight))
            painter.fillRect(QRect(rect.left(), rect.top(), 2, rect.height()), edge)
            painter.fillRect(QRect(rect.right() - 1, rect.top(), 2, rect.height()), edge)
        if self.view.grid_model.starts_band(index.column()) and index.column() > 0:
            # A phase boundary (a handoff): the strongest line of the grid.
            line = QColor(palette.color(QPalette.ColorRole.Text))
            line.setAlpha(150)
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), line)
        painter.restore()

    def _paint_text(
        self, painter: QPainter, rect: QRect, palette: QPalette, index: AnyIndex, selected: bool
    ) -> None:
        """Wrapped text, as many whole lines as the lane holds, the last one elided."""
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight)
        if background is not None:
            painter.fillRect(rect, background)
        text: str = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if not text:
            return
        text = text.replace("\n", "\u2028")  # QTextLayout breaks lines only at U+2028
        font = index.data(Qt.ItemDataRole.FontRole) or QFont(painter.font())
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            foreground = palette.color(QPalette.ColorRole.HighlightedText)
        elif foreground is None:
            foreground = palette.color(QPalette.ColorRole.Text)
        # Clear of the phase boundary line and the cell edges.
        left = 7 if self.view.grid_model.starts_band(index.column()) else 4
        inner = rect.adjusted(left, 3, -4, -2)
        painter.setFont(font)
        painter.setPen(foreground)
        metrics = painter.fontMetrics()
        room = max(1, inner.height() // metrics.lineSpacing())
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        lines: list[QTextLine] = []
        while len(lines) < room:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(inner.width())
            lines.append(line)
        more = layout.createLine().isValid()
        layout.endLayout()
        y = inner.top()
        for number, line in enumerate(lines):
            start, length = line.textStart(), line.textLength()
            shown = text[start : start + length]
            if number == len(lines) - 1 and more:
                rest = " ".join(text[start:].split())
                shown = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(
                QRect(inner.left(), y, inner.width(), metrics.lineSpacing()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                shown.rstrip("\u2028"),
            )
            y += metrics.lineSpacing()

    def _paint_emotion(
        self, painter: QPainter, rect: QRect, palette: QPalette, index: AnyIndex, selected: bool
    ) -> None:
        model = self.view.grid_model
        score = model.score(index)
        if score is None:
            background = band_tint(model.band(index.column()), palette) or palette.color(
                QPalette.ColorRole.Base
            )
            foreground = palette.color(QPalette.ColorRole.PlaceholderText)
            text = NOT_SCORED
        else:
            background, foreground = emotion_colours(score, palette)
            text = emotion_label(score)
        painter.fillRect(rect, background)
        font = QFont(painter.font())
        pending = self.view.pending_minus
        if pending is not None and pending == index:
            text = PENDING_MINUS
            foreground = palette.color(QPalette.ColorRole.Text)
        elif score is not None:
            font.setBold(True)
        if selected:
            # A frame, not a fill: the score's colour stays visible while it is edited.
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        painter.setFont(font)
        painter.setPen(foreground)
        inner = rect.adjusted(6, 0, -6, 0)
        shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, shown)

    def _paint_phase(
        self, painter: QPainter, rect: QRect, palette: QPalette, index: AnyIndex, selected: bool
    ) -> None:
        slot: Slot = index.data(SlotRole)
        base = palette.color(QPalette.ColorRole.Base)
        text_colour = palette.color(QPalette.ColorRole.Text)
        band = self.view.grid_model.band(index.column())
        background = mix(base, text_colour, 0.10 if band % 2 else 0.06)
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight)
            text_colour = palette.color(QPalette.ColorRole.HighlightedText)
        painter.fillRect(rect, background)
        # Keep the name in sight while a long band is scrolled past its start.
        left = max(rect.left(), 0) + 8
        inner = QRect(left, rect.top(), rect.right() - left - 6, rect.height())
        badge = handoff_badge(slot.phase)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        metrics = painter.fontMetrics()
        if badge and (metrics.horizontalAdvance(f"{badge}{slot.phase.name}") + 20 > inner.width()):
            badge = handoff_badge(slot.phase, short=True)
        if badge:
            risky = slot.phase.open_items > 0
            fill = mix(base, theme.TRAILING if risky else theme.DELIVERED, 0.85 if risky else 0.35)
            width = metrics.horizontalAdvance(badge) + 12
            box = QRect(inner.left(), inner.center().y() - metrics.height() // 2 - 2, width, 0)
            box.setHeight(metrics.height() + 4)
            if box.width() <= inner.width():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.drawRoundedRect(box, 4, 4)
                painter.setPen(readable_on(fill))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
                inner.setLeft(box.right() + 8)
        painter.setPen(text_colour)
        name = metrics.elidedText(slot.phase.name, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
