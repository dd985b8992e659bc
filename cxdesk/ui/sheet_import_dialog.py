"""The spreadsheet import preview: map each column, see every row's problems, then import.

Nothing is written while this dialog is open: it only re-runs the store's (pure) preview
each time a column's mapping changes. Accepting it hands the chosen preview back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.sheet_columns import COLUMNS, SheetKind, cell_text
from cxdesk.models.wording import counted
from cxdesk.store.sheet_import import (
    ImportPreview,
    ImportTarget,
    RowAction,
    SheetTable,
    preview_import,
)
from cxdesk.ui.record_model import AnyIndex, plain_tip

# What a row with a CX Desk ID does, said in the dialog's first lines.
_UPDATES = {
    SheetKind.MATRIX: " A row with the CX Desk ID of an expectation (or, without one, its same "
    "text) updates that expectation instead of adding a copy.",
    SheetKind.ACTIONS: " A row with the CX Desk ID of an action (or, without one, its same "
    "title) updates that action instead of adding a copy; a new row is a typed action, "
    "answering no gap.",
    SheetKind.SAID: " A row with the CX Desk ID of an entry (or, without one, the same words) "
    "updates that entry instead of adding a copy.",
    SheetKind.WINS: " A row with the CX Desk ID of a small win (or, without one, the same "
    "words) updates that win instead of adding a copy.",
}
PREVIEW_ROWS = 500  # shown in the table; every row is still checked and counted
PROBLEMS_SHOWN = 1_000
IGNORE = "— ignore this column —"


class PreviewModel(QAbstractTableModel):
    """The file's rows as read, each tinted by what will happen to it."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__()
        self.preview = preview
        self._rows = preview.table.rows[:PREVIEW_ROWS]
        self._labels = {c.key: c.header for c in COLUMNS[preview.kind]}
        self._problems: dict[int, list[str]] = {}
        self._actions: dict[int, RowAction] = {}
        self._changes: dict[int, tuple[str, ...]] = {}
        self._ready: set[int] = set()

    def set_preview(self, preview: ImportPreview) -> None:
        self.beginResetModel()  # a new mapping changes every row's verdict
        self.preview = preview
        self._problems = {}
        for problem in preview.problems:
            self._problems.setdefault(problem.row, []).append(str(problem))
        self._actions = {plan.row: plan.action for plan in preview.plan}
        self._changes = {
            plan.row: ("Updates " + ", ".join(self._labels[k] for k in plan.changes) + ".",)
            for plan in preview.plan
            if plan.changes
        }
        self._ready = {row.row for row in preview.ready}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.preview.table.headers) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self._rows[section][0]) if section < len(self._rows) else None
        if section == 0:
            return "Verdict"
        key = self.preview.mapping[section - 1]
        header = self.preview.table.headers[section - 1]
        return f"{header}\n→ {self._labels[key]}" if key else f"{header}\n(ignored)"

    def verdict(self, number: int) -> str:
        """ "Add", "Update", "Unchanged" (matrix) or "Ready"; "Left out"; "Blank"."""
        if number in self.preview.bad_rows:
            return "Left out"
        if number in self._actions:
            return self._actions[number].label
        if number in self._ready:
            return "Warning" if number in self._problems else "Ready"
        return "Blank"

    def _warned(self, number: int) -> bool:
        return number in self._ready and number in self._problems

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        number, cells = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                if role == Qt.ItemDataRole.ToolTipRole:
                    lines = [*self._changes.get(number, ()), *self._problems.get(number, [])]
                    return plain_tip("\n".join(lines)) or None
                return self.verdict(number)
            text = cell_text(cells[column - 1]) if column - 1 < len(cells) else ""
            text = text[:2001]  # a 5 MB cell is shown by its start, not laid out whole
            if role == Qt.ItemDataRole.DisplayRole:
                text = " ⏎ ".join(text.splitlines()) if "\n" in text or "\r" in text else text
                return text if len(text) <= 80 else text[:79] + "…"
            return plain_tip(text[:2000]) or None  # a client's cell: shown as typed
        if role == Qt.ItemDataRole.BackgroundRole:
            verdict = self.verdict(number)
            if verdict == "Left out":
                return QBrush(QColor(220, 60, 60, 70))
            if self._warned(number):
                return QBrush(QColor(230, 170, 30, 70))
        ignored = column > 0 and self.preview.mapping[column - 1] is None
        if role == Qt.ItemDataRole.ForegroundRole and ignored:
            return QBrush(
                QApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
                )
            )
        return None


class SheetImportDialog(QDialog):
    """Column mapping, a preview of the rows and their problems; Import or Cancel."""

    def __init__(
        self,
        table: SheetTable,
        kind: SheetKind,
        target: ImportTarget,
        engagement_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table, self.kind, self.target = table, kind, target
        self.setWindowTitle(f"Import {kind.label}")
        self.resize(980, 680)
        self._importable = [c for c in COLUMNS[kind] if c.importable]
        self.preview = preview_import(table, kind, target)

        where = f" (sheet “{table.sheet}”)" if table.sheet else ""
        intro = QLabel(
            f"Importing {kind.label} from <b>{_html(table.name)}</b>{_html(where)} into "
            f"<b>{_html(engagement_name)}</b>. Nothing is saved until you press Import; "
            "rows with problems are left out, the others are imported as one step you can "
            "undo." + _UPDATES.get(kind, "")
        )
        intro.setWordWrap(True)
        self.notices = QLabel("\n".join(table.notices))
        self.notices.setWordWrap(True)
        self.notices.setVisible(bool(table.notices))
        self.notices.setStyleSheet("color: #b7791f; font-weight: bold;")

        self.combos: list[QComboBox] = []
        mapping_box = QGroupBox("Columns: what each column of the file holds")
        grid = QGridLayout()
        grid.addWidget(_bold("Column in the file"), 0, 0)
        grid.addWidget(_bold("First values"), 0, 1)
        grid.addWidget(_bold("Import as"), 0, 2)
        for index, header in enumerate(table.headers):
            combo = QComboBox()
            combo.addItem(IGNORE, None)
            for col in self._importable:
                combo.addItem(col.header, col.key)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping[index])))
            combo.setAccessibleName(f"Import column “{header}” as")
            combo.currentIndexChanged.connect(self._remap)
            self.combos.append(combo)
            sample = QLabel(_samples(table, index))
            sample.setTextFormat(Qt.TextFormat.PlainText)
            sample.setEnabled(False)
            name = QLabel(header)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setBuddy(combo)
            grid.addWidget(name, index + 1, 0)
            grid.addWidget(sample, index + 1, 1)
            grid.addWidget(combo, index + 1, 2)
        grid.setColumnStretch(1, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        box_layout = QVBoxLayout(mapping_box)
        box_layout.addWidget(scroll)

        self.model = PreviewModel(self.preview)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(150)
        self.view.setWordWrap(False)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems found in the file")
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(self.view)
        problems_box = QGroupBox("Problems, row by row")
        QVBoxLayout(problems_box).addWidget(self.problems)
        lower.addWidget(problems_box)
        lower.setSizes([340, 130])
        self.view.setColumnWidth(0, 80)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(mapping_box)
        splitter.addWidget(lower)
        splitter.setSizes([220, 460])

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notices)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._show(self.preview)

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def set_mapping(self, index: int, key: str | None) -> None:
        """Map the file's column ``index`` to ``key`` (``None``: ignore it)."""
        self.combos[index].setCurrentIndex(self.combos[index].findData(key))

    def _remap(self) -> None:
        self.preview = preview_import(self.table, self.kind, self.target, self.mapping())
        self._show(self.preview)

    def _show(self, preview: ImportPreview) -> None:
        self.model.set_preview(preview)
        self.problems.clear()
        for message in preview.mapping_problems:
            self.problems.addItem(message)
        self.problems.addItems([str(p) for p in preview.problems[:PROBLEMS_SHOWN]])
        hidden = len(preview.problems) - PROBLEMS_SHOWN
        if hidden > 0:
            self.problems.addItem(f"… and {hidden:,} more.")
        if not preview.problems and not preview.mapping_problems:
            self.problems.addItem("No problems found.")
        shown = len(preview.table.rows)
        extra = f" (the first {PREVIEW_ROWS} shown)" if shown > PREVIEW_ROWS else ""
        self.summary.setText(f"<b>{_html(preview.summary())}</b>{extra}")
        self.import_button.setText(_button_text(preview))
        self.import_button.setEnabled(preview.can_import)


def _button_text(preview: ImportPreview) -> str:
    updates = preview.count(RowAction.UPDATE)
    if updates:
        adds = preview.count(RowAction.ADD)
        return f"Import: update {updates}" + (f", add {adds}" if adds else "")
    n = preview.writes
    return f"Import {counted(n, 'row')}"


def _bold(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    return label


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _samples(table: SheetTable, index: int) -> str:
    values = []
    for _number, cells in table.rows:
        text = cell_text(cells[index]) if index < len(cells) else ""
        text = " ".join(text[:200].split())
        if text:
            values.append(text if len(text) <= 24 else text[:23] + "…")
        if len(values) == 3:
            break
    return ", ".join(values)
