"""The respondents of one RATER assessment as a Qt table model, and its side filter.

Edits go to ``ws.feedback`` (undoable, committed at once); the model changes only when
the workspace reports what changed, so the screen always shows what is saved. Scored by
statements, a respondent's E and P are the means of their statement scores: shown, not
edited, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from cxdesk.models.records import AssessmentRecord, RespondentRecord, StatementRecord
from cxdesk.models.servqual import SCALE_LABELS, RaterResponse, ScoringMode
from cxdesk.models.wording import counted
from cxdesk.store import rater
from cxdesk.ui.rater.columns import (
    COLUMNS,
    NOT_SCORED,
    SCORE_PARTS,
    CellKindRole,
    DimensionRole,
    Kind,
    ScorePart,
    italic,
    muted_colour,
)
from cxdesk.ui.record_model import AnyIndex, Column, RecordRole, RecordTableModel
from cxdesk.ui.workspace import Workspace

RespondentRole = RecordRole  # the row's RespondentRecord


def status_text(response: RaterResponse) -> str:
    missing = response.missing
    if not missing:
        return "complete"
    return "incomplete: missing " + ", ".join(d.label for d in missing)


class RespondentTableModel(RecordTableModel[RespondentRecord]):
    """The respondents in the order entered, each with its response as the maths reads it
    (scored by statements, that response depends on the statements' scores too)."""

    columns = COLUMNS

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.assessment: AssessmentRecord | None = None
        self._responses: dict[int, RaterResponse] = {}  # respondent id -> response
        self.statements: list[StatementRecord] = []
        self.scores: rater.StatementScores = {}

    # -- loading -------------------------------------------------------------------

    @property
    def mode(self) -> ScoringMode:
        return self.assessment.mode if self.assessment else ScoringMode.DIMENSIONS

    def load(self, assessment: AssessmentRecord | None) -> None:
        """Show another assessment (the one place a full reset is right)."""
        self.assessment = assessment
        self._read_statements()
        self.reset(rater.list_respondents(self.ws.db, assessment.id) if assessment else [])

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
        self._responses = {r.id: self._response_of(r) for r in self._rows}
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
        self.apply(fresh)

    def reset(self, records: Sequence[RespondentRecord]) -> None:
        self._responses = {r.id: self._response_of(r) for r in records}
        super().reset(records)

    def apply(self, fresh: Sequence[RespondentRecord]) -> None:
        """As the generic model, and repaint a row whose response moved though its record
        did not (a statement scored or deleted)."""
        before = self._responses
        now = {r.id: self._response_of(r) for r in fresh}
        self._responses = {**before, **now}  # rows on their way out can still be read
        super().apply(fresh)
        self._responses = now
        self.repaint_rows(
            row for row, r in enumerate(self._rows) if before.get(r.id, now[r.id]) != now[r.id]
        )

    def update_record(self, record: RespondentRecord) -> bool:
        if self.row_of(record.id) is None:
            return False
        self._responses[record.id] = self._response_of(record)
        return super().update_record(record)

    def update_records(self, records: Sequence[RespondentRecord]) -> None:
        """Rows an edit changed, as re-read: repainted in place (absent ones ignored)."""
        for record in records:
            self.update_record(record)

    def reread(self, respondent_id: int) -> None:
        """Show one respondent as stored (an edit of it was refused: somebody changed it)."""
        self.update_records(rater.get_respondents(self.ws.db, [respondent_id]))

    def respondents(self) -> list[RespondentRecord]:
        return self.records()

    def responses(self) -> list[RaterResponse]:
        return [self._responses[r.id] for r in self._rows]

    def respondent(self, row: int) -> RespondentRecord:
        return self.record(row)

    # -- Qt model API --------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == DimensionRole:  # a plain string: Qt hands enums on as str anyway
            part = SCORE_PARTS.get(section) if orientation == Qt.Orientation.Horizontal else None
            return part.dimension.value if part else None
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.mode is ScoringMode.STATEMENTS and index.column() in SCORE_PARTS:
            flags &= ~Qt.ItemFlag.ItemIsEditable  # computed from the statements' scores
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows) or role == RespondentRole:
            return super().data(index, role)
        part = SCORE_PARTS.get(index.column())
        if part is not None:
            return self._score_data(row, part, role)
        if COLUMNS[index.column()].kind is Kind.STATUS:
            return self._status_data(row, role)
        return super().data(index, role)

    def _status_data(self, row: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return status_text(self._responses[self._rows[row].id])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Status: {status_text(self._responses[self._rows[row].id])}"
        return None

    def _score_data(self, row: int, part: ScorePart, role: int) -> Any:
        computed = self.mode is ScoringMode.STATEMENTS
        record = self._rows[row]
        if computed:
            value = getattr(self._responses[record.id].score(part.dimension), part.measure)
        else:
            value = getattr(record, part.field)
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
            return italic()
        if role == Qt.ItemDataRole.ForegroundRole and value is None:
            return muted_colour()
        if role == Qt.ItemDataRole.ToolTipRole:
            what = f"{part.dimension.label} {part.measure}"
            if computed:
                count = sum(1 for s in self.statements if s.dimension == part.dimension)
                statements = counted(count, "statement")
                if value is None:
                    return f"{what}: not every one of its {statements} is scored yet"
                return f"{what}: the mean of its {statements} (score them below)"
            if value is None:
                return f"{what}: not scored (type 1-7)"
            return f"{what}: {SCALE_LABELS[value]}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{part.dimension.label} {part.measure}: {value or 'not scored'}"
        return None

    def edit(self, record: RespondentRecord, column: Column[RespondentRecord], value: Any) -> bool:
        if self.ws.feedback.edit_respondent(record, column.field, value) is None:
            # Refused or unchanged: the row shows what is stored, which may be a
            # colleague's newer value the refusal speaks of.
            self.reread(record.id)
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
