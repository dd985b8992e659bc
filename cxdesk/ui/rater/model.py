"""The respondents of one RATER assessment as a Qt table model, and its side filter.

Edits go to ``ws.feedback`` (undoable, committed at once); the model changes only when
FeedbackEdits reports what changed, so the screen always shows what is saved. Scored by
statements, a respondent's E and P are the means of their statement scores: shown, not
edited, here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from cxdesk.models.records import AssessmentRecord, RespondentRecord, StatementRecord
from cxdesk.models.servqual import (
    DIMENSIONS,
    SCALE_LABELS,
    RaterResponse,
    RespondentSide,
    ScoringMode,
)
from cxdesk.models.wording import counted
from cxdesk.store import rater
from cxdesk.ui.rater.columns import COLUMNS, Kind
from cxdesk.ui.workspace import Workspace

RespondentRole = Qt.ItemDataRole.UserRole + 1  # the row's RespondentRecord
CellKindRole = Qt.ItemDataRole.UserRole + 2  # "score" (typed digits save), "computed", None
DimensionRole = Qt.ItemDataRole.UserRole + 3  # header: the dimension a score column belongs to

AnyIndex = QModelIndex | QPersistentModelIndex
NOT_SCORED = "–"
POINT_LETTERS = "RATER"  # the RATER order, as the Points column shows it


def points_text(record: RespondentRecord) -> str:
    points = record.points
    if points is None:
        return NOT_SCORED
    return " ".join(f"{POINT_LETTERS[i]}{points[d]}" for i, d in enumerate(DIMENSIONS))


def status_text(response: RaterResponse) -> str:
    missing = response.missing
    if not missing:
        return "complete"
    return "incomplete: missing " + ", ".join(d.label for d in missing)


def muted_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


class RespondentTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.assessment: AssessmentRecord | None = None
        self._rows: list[RespondentRecord] = []
        self._responses: list[RaterResponse] = []
        self.statements: list[StatementRecord] = []
        self.scores: rater.StatementScores = {}

    # -- loading -------------------------------------------------------------------

    @property
    def mode(self) -> ScoringMode:
        return self.assessment.mode if self.assessment else ScoringMode.DIMENSIONS

    def load(self, assessment: AssessmentRecord | None) -> None:
        """Show another assessment (the one place a full reset is right)."""
        self.beginResetModel()
        self.assessment = assessment
        db = self.ws.db
        self._rows = rater.list_respondents(db, assessment.id) if assessment else []
        self._read_statements()
        self._responses = [self._response_of(r) for r in self._rows]
        self.endResetModel()

    def _read_statements(self) -> None:
        if self.assessment is not None and self.mode is ScoringMode.STATEMENTS:
            self.statements = rater.list_statements(self.ws.db, self.assessment.id)
            self.scores = rater.list_statement_scores(self.ws.db, self.assessment.id)
        else:
            self.statements, self.scores = [], {}

    def _response_of(self, record: RespondentRecord) -> RaterResponse:
        return record.response(self.mode, self.statements, self.scores.get(record.id, {}))

    def set_assessment(self, assessment: AssessmentRecord) -> None:
        """The same assessment with edited details (maybe another way of scoring)."""
        mode_changed = self.assessment is None or assessment.mode is not self.mode
        self.assessment = assessment
        if mode_changed:
            self.reload_statements()

    def reload_statements(self) -> None:
        """Statements or their scores changed: every computed E and P may have moved."""
        self._read_statements()
        self._responses = [self._response_of(r) for r in self._rows]
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def reload_respondents(self) -> None:
        """Respondents added or removed: targeted row signals keep the selection."""
        if self.assessment is None:
            return
        fresh = rater.list_respondents(self.ws.db, self.assessment.id)
        self._read_statements()
        fresh_ids = {r.id for r in fresh}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id not in fresh_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._responses[row]
                self.endRemoveRows()
        known = {r.id for r in self._rows}
        for target, record in enumerate(fresh):
            if record.id not in known:
                at = min(target, len(self._rows))
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, record)
                self._responses.insert(at, self._response_of(record))
                self.endInsertRows()
        if [r.id for r in self._rows] != [r.id for r in fresh]:
            self.layoutAboutToBeChanged.emit()
            new_rows = {r.id: row for row, r in enumerate(fresh)}
            persistent = self.persistentIndexList()
            moved = [self.index(new_rows[self._rows[p.row()].id], p.column()) for p in persistent]
            self._rows = list(fresh)
            self._responses = [self._response_of(r) for r in fresh]
            self.changePersistentIndexList(persistent, moved)
            self.layoutChanged.emit()
        else:
            self._rows = list(fresh)
            self._responses = [self._response_of(r) for r in fresh]
            if fresh:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(fresh) - 1, len(COLUMNS) - 1)
                )

    def update_row(self, record: RespondentRecord) -> None:
        row = self.row_of(record.id)
        if row is None:
            return
        self._rows[row] = record
        self._responses[row] = self._response_of(record)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def respondents(self) -> list[RespondentRecord]:
        return list(self._rows)

    def responses(self) -> list[RaterResponse]:
        return list(self._responses)

    def respondent(self, row: int) -> RespondentRecord:
        return self._rows[row]

    def row_of(self, respondent_id: int) -> int | None:
        for row, record in enumerate(self._rows):
            if record.id == respondent_id:
                return row
        return None

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.help
        if role == DimensionRole:  # a plain string: Qt hands enums on as str anyway
            return column.dimension.value if column.dimension else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind = COLUMNS[index.column()].kind
        if kind in (Kind.NAME, Kind.SIDE) or (
            kind is Kind.SCORE and self.mode is ScoringMode.DIMENSIONS
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == RespondentRole:
            return record
        if column.kind is Kind.SCORE:
            return self._score_data(index.row(), column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind is Kind.NAME:
                return record.display_name
            if column.kind is Kind.SIDE:
                return RespondentSide(record.side).label
            if column.kind is Kind.POINTS:
                return points_text(record)
            return status_text(self._responses[index.row()])
        if role == Qt.ItemDataRole.EditRole:
            return getattr(record, column.field) if column.kind in (Kind.NAME, Kind.SIDE) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            faint = (column.kind is Kind.NAME and not record.name) or (
                column.kind is Kind.POINTS and record.points is None
            )
            return muted_colour() if faint else None
        if role == Qt.ItemDataRole.FontRole and column.kind is Kind.NAME and not record.name:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column.kind is Kind.POINTS:
            if record.points is None:
                return "No importance points yet: Ctrl+I to split 100 points"
            return "\n".join(f"{d.label}: {record.points[d]}" for d in DIMENSIONS)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind is Kind.STATUS:
            return status_text(self._responses[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is Kind.POINTS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.title}: {self.data(index)}"
        return None

    def _score_data(self, row: int, column: Any, role: int) -> Any:
        computed = self.mode is ScoringMode.STATEMENTS
        if computed:
            score = self._responses[row].score(column.dimension)
            value = getattr(score, column.measure)
        else:
            value = getattr(self._rows[row], column.field)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return NOT_SCORED
            return f"{value:.1f}" if computed else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == CellKindRole:
            return "computed" if computed else "score"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and computed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and value is None:
            return muted_colour()
        if role == Qt.ItemDataRole.ToolTipRole:
            what = f"{column.dimension.label} {column.measure}"
            if computed:
                count = sum(1 for s in self.statements if s.dimension == column.dimension)
                statements = counted(count, "statement")
                if value is None:
                    return f"{what}: not every one of its {statements} is scored yet"
                return f"{what}: the mean of its {statements} (score them below)"
            if value is None:
                return f"{what}: not scored (type 1-7)"
            return f"{what}: {SCALE_LABELS[value]}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.dimension.label} {column.measure}: {value or 'not scored'}"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        column = COLUMNS[index.column()]
        if column.kind is Kind.NAME and isinstance(value, str):
            value = " ".join(value.split())
        self.ws.feedback.edit_respondent(self._rows[index.row()], column.field, value)
        return True


class RespondentProxy(QSortFilterProxyModel):
    """Rows in the order entered; optionally one side only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._side: str | None = None
        self.setDynamicSortFilter(True)

    def set_side(self, side: str | None) -> None:
        self.beginFilterChange()
        self._side = side
        self.endFilterChange()

    @property
    def is_filtering(self) -> bool:
        return self._side is not None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._side is None:
            return True
        model = self.sourceModel()
        record = model.data(model.index(source_row, 0, source_parent), RespondentRole)
        return record is not None and record.side == self._side
