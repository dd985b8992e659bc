"""Scoring by statements: one respondent's E and P for each statement, grouped by dimension.

A dimension's E (or P) in the respondents table is the mean of these, once all are
scored. Statements themselves can be added, reworded and deleted (undoably).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.records import RespondentRecord, StatementRecord
from cxdesk.models.servqual import DIMENSIONS, SCALE_LABELS, RaterDimension
from cxdesk.store import rater
from cxdesk.ui.rater.columns import NOT_SCORED, CellKindRole, muted_colour
from cxdesk.ui.rater.dialogs import StatementDialog
from cxdesk.ui.rater.view import RespondentDelegate, ScoringView
from cxdesk.ui.record_model import AnyIndex, Column, RecordTableModel
from cxdesk.ui.workspace import Workspace

HEADERS = ("Dimension", "Statement", "E", "P")
MEASURES = {2: "expectation", 3: "perception"}


def _dimension_tooltip(statement: StatementRecord) -> str:
    dimension = RaterDimension(statement.dimension)
    return (
        f"{dimension.label}: {dimension.question}\nThe published SERVQUAL "
        f"instrument uses {dimension.servqual_items} statements for it."
    )


def _bold(_statement: StatementRecord) -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _measure_help(measure: str) -> str:
    return f"{measure.capitalize()}: 1 = strongly disagree … 7 = strongly agree"


class StatementScoreModel(RecordTableModel[StatementRecord]):
    """The assessment's statements grouped by dimension, with the chosen respondent's E
    and P for each: the dimension is named on the first statement of its group only, and
    the scores are the model's (they belong to the respondent, not the statement)."""

    columns = (
        Column(
            "dimension",
            HEADERS[0],
            value=lambda _s: None,
            tooltip=_dimension_tooltip,
            roles={Qt.ItemDataRole.FontRole: _bold},
        ),
        Column("text", HEADERS[1], editable=True, tooltip=lambda s: s.text),
        *(
            Column("", HEADERS[c], _measure_help(m), kind=m, editable=True)
            for c, m in MEASURES.items()
        ),
    )

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.assessment_id: int | None = None
        self.scores: rater.StatementScores = {}
        self.respondent: RespondentRecord | None = None

    @property
    def statements(self) -> list[StatementRecord]:
        return self.records()

    def set_statements(
        self,
        assessment_id: int | None,
        statements: list[StatementRecord],
        scores: rater.StatementScores,
    ) -> None:
        self.scores = scores
        if assessment_id != self.assessment_id:
            self.assessment_id = assessment_id
            self.reset(statements)
            return
        self.apply(statements)
        # The scores may have changed, and a group's first statement (the one that names
        # its dimension) may be another one now: every row may show something new.
        self.repaint_rows(range(self.rowCount()))

    def set_respondent(self, respondent: RespondentRecord | None) -> None:
        self.respondent = respondent
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 3))

    def score(self, row: int, column: int) -> int | None:
        if self.respondent is None:
            return None
        pair = self.scores.get(self.respondent.id, {}).get(self._rows[row].id)
        return None if pair is None else pair[column - 2]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() in MEASURES and self.respondent is None:
            flags &= ~Qt.ItemFlag.ItemIsEditable  # whose score would it be?
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self._rows) or column == 1:
            return super().data(index, role)
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                statement = self._rows[row]
                first_of_group = row == 0 or self._rows[row - 1].dimension != statement.dimension
                return RaterDimension(statement.dimension).label if first_of_group else ""
            return super().data(index, role)
        return self._score_data(row, column, role)

    def _score_data(self, row: int, column: int, role: int) -> Any:
        value = self.score(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return NOT_SCORED if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == CellKindRole:
            return "score" if self.respondent is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and value is None:
            return muted_colour()
        if role == Qt.ItemDataRole.ToolTipRole:
            return SCALE_LABELS[value] if value is not None else "Not scored: type 1-7"
        return None

    def edit(self, record: StatementRecord, column: Column[StatementRecord], value: Any) -> bool:
        if self.assessment_id is None:
            return False
        feedback = self.ws.feedback
        if column.field == "text":
            feedback.edit_statement(self.assessment_id, record, str(value))
            return True
        assert self.respondent is not None  # the score columns are editable only then
        measure = str(column.kind)
        row = self.row_of(record.id)
        old = None if row is None else self.score(row, 2 if measure == "expectation" else 3)
        feedback.set_statement_score(
            self.assessment_id, self.respondent.id, record.id, measure, value, old
        )
        return True


class StatementsView(ScoringView):
    wrap_rows = True  # statements are one long list to score top to bottom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(StatementDelegate(self))
        self.setSelectionMode(ScoringView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (2, 40), (3, 40)):
            self.setColumnWidth(column, width)


class StatementDelegate(RespondentDelegate):
    """A line for the statement's text; score pickers as in the respondents table."""

    def createEditor(self, parent: QWidget, option: Any, index: AnyIndex) -> QWidget:
        if index.column() == 1:
            return QLineEdit(parent)
        return self.score_editor(parent)


class StatementsPanel(QWidget):
    rejectedKey = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = StatementScoreModel(ws, self)
        self.view = StatementsView()
        self.view.setModel(self.model)
        self.view.rejectedKey.connect(self.rejectedKey)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.reference = QLabel()
        self.reference.setWordWrap(True)
        self.reference.setEnabled(False)  # secondary: greyed
        self.add_button = QPushButton("Add statement…")
        self.add_button.clicked.connect(self.add_statement)
        self.delete_button = QPushButton("Delete statement")
        self.delete_button.clicked.connect(self.delete_statement)
        buttons = QHBoxLayout()
        buttons.addWidget(self.heading, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.reference)

    def show_data(
        self,
        assessment_id: int | None,
        statements: list[StatementRecord],
        scores: rater.StatementScores,
        respondent: RespondentRecord | None,
    ) -> None:
        self.model.set_statements(assessment_id, statements, scores)
        self.model.set_respondent(respondent)
        if respondent is None:
            self.heading.setText("Select a respondent to score their statements.")
        else:
            self.heading.setText(
                # The name may come from a phone: escaped, the heading being rich text.
                f"<b>Statements for {html.escape(respondent.display_name)}</b>: "
                "type 1-7 for E, then P; "
                "a dimension's E and P above are the means of its statements."
            )
        here = {d: sum(1 for s in statements if s.dimension == d) for d in DIMENSIONS}
        self.reference.setText(
            "Statements here: "
            + " · ".join(f"{d.label} {here[d]}" for d in DIMENSIONS)
            + ".  The published SERVQUAL instrument uses "
            + " · ".join(f"{d.label} {d.servqual_items}" for d in DIMENSIONS)
            + "."
        )

    def focus_first_score(self) -> None:
        index = self.view.first_score(0)
        if index.isValid():
            self.view.setFocus()
            self.view.setCurrentIndex(index)

    def current_statement(self) -> StatementRecord | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.statements[index.row()]

    def add_statement(self) -> None:
        if self.model.assessment_id is None:
            return
        current = self.current_statement()
        dimension = RaterDimension(current.dimension) if current else DIMENSIONS[0]
        dialog = StatementDialog("Add statement", dimension, parent=self)
        if dialog.exec():
            chosen, text = dialog.values()
            self.ws.feedback.add_statement(self.model.assessment_id, chosen, text)

    def delete_statement(self) -> None:
        statement = self.current_statement()
        if statement is None or self.model.assessment_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete statement",
            f"Delete the statement “{statement.text}” and every respondent's scores for it?"
            "\n\nYou can undo this with Edit > Undo.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.feedback.delete_statement(self.model.assessment_id, statement.id)
