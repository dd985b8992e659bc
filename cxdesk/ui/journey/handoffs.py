"""The handoff checklists, one per boundary between phases: the riskiest moments for a client.

Each boundary shows its label, how many items are open ("3 of 5 open — risky") and a
checklist a person drives from the keyboard: Tab to it, Space ticks, F2 rewords, Delete
removes, and the line under it adds an item on Enter. The lists only mirror the records;
every change goes through ``JourneyEdits`` (undoable) and comes back as a record.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.journey_map import HandoffItemRecord, JourneyMap, PhaseRecord
from cxdesk.ui import theme
from cxdesk.ui.record_model import AnyIndex, Column, RecordTableModel

NO_HANDOFFS = "Handoffs appear here once the journey has two phases or more."


def status_text(open_items: int, total: int) -> str:
    if not total:
        return "No checklist yet: add the usual checklist or your own items"
    if open_items:
        return f"\u26a0 {open_items} of {total} open \u2014 risky"
    return f"\u2713 All {total} done \u2014 ready"


def _done_font(item: HandoffItemRecord) -> QFont | None:
    if not item.done:
        return None
    font = QFont()
    font.setStrikeOut(True)
    return font


class ChecklistModel(RecordTableModel[HandoffItemRecord]):
    """One boundary's checklist items, as checkable rows; edits go to ``JourneyEdits``."""

    columns = (
        Column(
            "text",
            "Item",
            editable=True,
            tooltip=lambda i: (
                f"{i.text} ({'done' if i.done else 'open'}). "
                "Space ticks, F2 rewords, Delete removes."
            ),
            accessible=lambda i: f"{i.text}, {'done' if i.done else 'open'}",
            roles={
                Qt.ItemDataRole.CheckStateRole: lambda i: (
                    Qt.CheckState.Checked if i.done else Qt.CheckState.Unchecked
                ),
                Qt.ItemDataRole.FontRole: _done_font,
            },
        ),
    )

    def __init__(self, edits: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits

    @property
    def items(self) -> list[HandoffItemRecord]:
        return self.records()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            item = self._rows[index.row()]
            done = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            if done != item.done:
                self.edits.set_handoff_item_done(item, done)
            return True
        return super().setData(index, value, role)

    def edit(
        self, record: HandoffItemRecord, column: Column[HandoffItemRecord], value: Any
    ) -> bool:
        text = str(value).strip()
        if text != record.text:
            self.edits.edit_handoff_item(record, text)  # a blank one is refused there
        return True

    def set_items(self, items: tuple[HandoffItemRecord, ...]) -> None:
        """Mirror ``items`` with row signals, not a reset: the view keeps its current row
        and focus while a person works through the list."""
        self.apply(items)

    def update_item(self, record: HandoffItemRecord) -> bool:
        return self.update_record(record)


class ChecklistDelegate(QStyledItemDelegate):
    """Outlines the check box in the text colour: Fusion's own outline all but vanishes
    on a dark base, and an unticked item must read as a box to tick."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        box = QRectF(
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, widget)
        )
        colour = QColor(opt.palette.color(QPalette.ColorRole.Text))
        colour.setAlpha(170)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box.adjusted(1.5, 1.5, -1.5, -1.5), 2, 2)
        painter.restore()


class ChecklistView(QListView):
    """Space ticks (the delegate's own toggle), F2 rewords, Delete removes the current item."""

    deleteRequested = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(ChecklistDelegate(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.currentIndex().isValid()
        ):
            self.deleteRequested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        model = self.model()
        if not self.currentIndex().isValid() and model is not None and model.rowCount():
            self.setCurrentIndex(model.index(0, 0))  # Tab in, and Space works at once

    def fit_height(self) -> None:
        """As tall as its rows wrapped to the width: the panel scrolls, not each list."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if rows:
            self.doItemsLayout()  # the rows as this width wraps them, now
            last = self.rectForIndex(model.index(rows - 1, 0))
            self.setFixedHeight(last.bottom() + 2 * self.frameWidth() + 3)
        self.setVisible(bool(rows))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_height()  # a narrower panel wraps the items onto more lines


class HandoffGroup(QFrame):
    """One boundary: label, status, its checklist, a line to add an item, the seed button."""

    def __init__(self, edits: Any, phase: PhaseRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.phase = phase
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.model = ChecklistModel(edits, self)
        self.view = ChecklistView()
        self.view.setModel(self.model)
        self.view.deleteRequested.connect(self._delete)
        self.model.rowsInserted.connect(self.view.fit_height)
        self.model.rowsRemoved.connect(self.view.fit_height)
        self.model.rowsMoved.connect(self.view.fit_height)
        self.model.modelReset.connect(self.view.fit_height)
        self.model.dataChanged.connect(self.view.fit_height)
        self.add_line = QLineEdit()
        self.add_line.setPlaceholderText("Add an item and press Enter")
        self.add_line.setClearButtonEnabled(True)
        self.add_line.returnPressed.connect(self._add)
        self.seed_button = QPushButton("Add the usual checklist")
        self.seed_button.setToolTip(
            "The usual transition tips for this handoff (documented success criteria, the next "
            "team brought in early…), as items to tick"
        )
        self.seed_button.clicked.connect(self._seed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        for widget in (self.title, self.status, self.view, self.seed_button, self.add_line):
            layout.addWidget(widget)
        self.first = False

    def set_phase(self, phase: PhaseRecord, before: PhaseRecord | None) -> None:
        self.phase = phase
        self.first = before is None
        label = (
            f"{before.name} \u2192 {phase.name}"
            if before is not None
            else f"Into {phase.name} (no phase before it)"
        )
        self.title.setText(label)
        self.view.setAccessibleName(f"Checklist: {label}")
        self.add_line.setAccessibleName(f"Add an item to: {label}")
        self.model.set_items(phase.handoff)
        self.view.fit_height()
        self.refresh_status()

    def update_item(self, item: HandoffItemRecord) -> bool:
        if not self.model.update_item(item):
            return False
        self.phase = PhaseRecord(
            self.phase.id,
            self.phase.engagement_id,
            self.phase.position,
            self.phase.name,
            self.phase.touchpoints,
            tuple(self.model.items),
        )
        self.refresh_status()
        return True

    def refresh_status(self) -> None:
        items = self.model.items
        open_items = sum(1 for i in items if not i.done)
        self.status.setText(status_text(open_items, len(items)))
        colour = theme.TRAILING if open_items else theme.chart_foreground()
        if open_items and theme.is_dark():
            colour = QColor(colour).lighter(135)
        self.status.setStyleSheet(f"color: {colour.name()};" if open_items else "")
        self.seed_button.setVisible(not items and not self.first)

    def _add(self) -> None:
        text = self.add_line.text().strip()
        if not text:
            return
        rows = self.model.rowCount()
        self.edits.add_handoff_item(self.phase.engagement_id, self.phase.id, text)
        if self.model.rowCount() > rows:
            self.add_line.clear()  # kept when refused, so nothing typed is lost

    def _seed(self) -> None:
        self.edits.add_default_checklist(self.phase)
        if self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _delete(self, row: int) -> None:
        self.edits.delete_handoff_item(self.model.items[row])


class HandoffPanel(QWidget):
    """Every boundary's checklist in journey order, the first phase's stray items first."""

    # A boundary's group, just made: its checklist gets what every list of gaps gets
    # (a new action for an open item; see cxdesk.ui.actions.sources.link_handoffs).
    groupMade = Signal(object)  # HandoffGroup

    def __init__(self, edits: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.groups: dict[int, HandoffGroup] = {}  # by the phase handed into
        self.heading = QLabel("<b>Handoff checklists</b>")
        self.heading.setToolTip("The handoffs between phases are the riskiest moments of a project")
        self.none = QLabel(NO_HANDOFFS)
        self.none.setWordWrap(True)
        self.holder = QWidget()
        self.column = QVBoxLayout(self.holder)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        self.column.addWidget(self.none)
        self.column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, 1)

    def sizeHint(self) -> QSize:
        return QSize(320, 400)

    def set_map(self, journey: JourneyMap) -> None:
        wanted: list[tuple[PhaseRecord, PhaseRecord | None]] = []
        phases = journey.phases
        if phases and phases[0].handoff:
            wanted.append((phases[0], None))
        wanted += [(b, a) for a, b in itertools.pairwise(phases)]
        keep = {phase.id for phase, _before in wanted}
        for phase_id in [k for k in self.groups if k not in keep]:
            gone = self.groups.pop(phase_id)
            self.column.removeWidget(gone)
            gone.deleteLater()
        ordered = []
        for phase, before in wanted:
            group = self.groups.get(phase.id)
            if group is None:
                group = self.groups[phase.id] = HandoffGroup(self.edits, phase, self.holder)
                self.groupMade.emit(group)
            group.set_phase(phase, before)
            ordered.append(group)
        for index, group in enumerate(ordered):  # journey order, after a phase moved too
            if self.column.indexOf(group) != index + 1:
                self.column.removeWidget(group)
                self.column.insertWidget(index + 1, group)
        previous: QWidget | None = None
        for group in ordered:  # Tab follows the journey, not the order groups were made in
            for widget in (group.view, group.seed_button, group.add_line):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        self.none.setVisible(not ordered)

    def update_item(self, item: HandoffItemRecord) -> None:
        group = self.groups.get(item.phase_id)
        if group is not None:
            group.update_item(item)

    def group_for(self, phase_id: int) -> HandoffGroup | None:
        return self.groups.get(phase_id)

    def checklists(self) -> list[tuple[str, str, list[tuple[str, bool]]]]:
        """(label, status, [(item, done)]) per boundary in order, as shown (tests)."""
        result = []
        for index in range(self.column.count()):
            item = self.column.itemAt(index)  # not None: index < count()
            widget = item.widget() if item is not None else None
            if isinstance(widget, HandoffGroup):
                result.append(
                    (
                        widget.title.text(),
                        widget.status.text(),
                        [(i.text, i.done) for i in widget.model.items],
                    )
                )
        return result

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for group in self.groups.values():
                group.refresh_status()
