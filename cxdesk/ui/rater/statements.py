"""Scoring by statements: one respondent's E and P for each statement, grouped by dimension.

A dimension's E (or P) in the respondents table is the mean of these, once all are
scored. Statements themselves can be added, reworded and deleted (undoably).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
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
from cxdesk.ui.record_model import AnyIndex
from cxdesk.ui.workspace import Workspace

HEADERS = ("Dimension", "Statement", "E", "P")
MEASURES = {2: "expectation", 3: "perception"}


class StatementScoreModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.assessment_id: int | None = None
        self.statements: list[StatementRecord] = []
        self.scores: rater.StatementScores = {}
        self.respondent: RespondentRecord | None = None

    def set_statements(
        self,
        assessment_id: int | None,
        statements: list[StatementRecord],
        scores: rater.StatementScores,
    ) -> None:
        same_rows = assessment_id == self.assessment_id and [s.id for s in statements] == [
            s.id for s in self.statements
        ]
        if not same_rows:
            self.beginResetModel()
        self.assessment_id, self.statements, self.scores = assessment_id, statements, scores
        if not same_rows:
            self.endResetModel()
        elif statements:
            self.dataChanged.emit(self.index(0, 0), self.index(len(statements) - 1, 3))

    def set_respondent(self, respondent: RespondentRecord | None) -> None:
        self.respondent = respondent
        if self.statements:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.statements) - 1, 3))

    def score(self, row: int, column: int) -> int | None:
        if self.respondent is None:
            return None
        pair = self.scores.get(self.respondent.id, {}).get(self.statements[row].id)
        return None if pair is None else pair[column - 2]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.statements)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section in MEASURES:
            return f"{MEASURES[section].capitalize()}: 1 = strongly disagree … 7 = strongly agree"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1 or (index.column() in MEASURES and self.respondent is not None):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.statements):
            return None
        statement = self.statements[index.row()]
        dimension = RaterDimension(statement.dimension)
        column = index.column()
        first_of_group = index.row() == 0 or self.statements[index.row() - 1].dimension != (
            statement.dimension
        )
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return dimension.label if first_of_group else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    f"{dimension.label}: {dimension.question}\nThe published SERVQUAL "
                    f"instrument uses {dimension.servqual_items} statements for it."
                )
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if column == 1:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return statement.text
            if role == Qt.ItemDataRole.ToolTipRole:
                return statement.text
            return None
        value = self.score(index.row(), column)
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

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.assessment_id is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        statement = self.statements[index.row()]
        feedback = self.ws.feedback
        if index.column() == 1:
            feedback.edit_statement(self.assessment_id, statement.id, statement.text, str(value))
            return True
        assert self.respondent is not None
        old = self.score(index.row(), index.column())
        feedback.set_statement_score(
            self.assessment_id,
            self.respondent.id,
            statement.id,
            MEASURES[index.column()],
            value,
            old,
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
                f"<b>Statements for {respondent.display_name}</b>: type 1-7 for E, then P; "
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
