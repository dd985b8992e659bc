"""Editing one quiz: title, scale, statements and bands, checked as the consultant types.

Edits are kept in the form until **Save**: a quiz whose bands are half edited is invalid,
so saving each keystroke is impossible. Save is disabled while there are problems, and
the library asks before switching quiz or closing with unsaved edits, so typed work is
never lost silently. Saving goes through ``ws.quizzes`` and is undoable like any edit.

The built-in quiz is read-only here (with "Edit a copy"); a quiz that already has
sessions can only be renamed, as the store insists, and the editor says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.quiz import SCALE_LIMIT_MAX, SCALE_LIMIT_MIN, scale_problem, total_range
from cxdesk.models.records import QuizRecord
from cxdesk.store import quizzes
from cxdesk.store.errors import EditRefused
from cxdesk.ui import theme
from cxdesk.ui.quiz.editor_parts import (
    NEW_QUIZ,
    Mode,
    QuizValues,
    push_button,
    quiz_problems,
    tinted_frame,
)
from cxdesk.ui.quiz.editor_tables import BandTable, StatementTable, first_uncovered
from cxdesk.ui.workspace import Workspace


class QuizEditor(QWidget):
    """The form for one quiz (or a new, unsaved one)."""

    copyRequested = Signal()  # "Edit a copy"
    stateChanged = Signal()  # dirty or problems changed
    created = Signal(object)  # QuizRecord: a new quiz was saved (the library selects it)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.quiz: QuizRecord | None = None
        self.sessions = 0
        self.mode = Mode.EDITABLE
        self.base = NEW_QUIZ
        self.last_refusal: str | None = None
        self._loading = False

        self.lock = tinted_frame("quizLock", theme.AHEAD, 0x30)
        self.lock_text = QLabel()
        self.lock_text.setWordWrap(True)
        self.copy_button = push_button("Edit a &copy", "Make an editable copy of this quiz")
        font = QFont(self.copy_button.font())
        font.setBold(True)
        self.copy_button.setFont(font)
        self.copy_button.clicked.connect(self.copyRequested)
        lock_row = QHBoxLayout(self.lock)
        lock_row.addWidget(self.lock_text, 1)
        lock_row.addWidget(self.copy_button)

        self.title = QLineEdit()
        self.title.setMaxLength(NAME_MAX)
        self.scale_min = self._scale_spin("The lowest score a participant can give")
        self.scale_max = self._scale_spin("The highest score a participant can give")
        self.totals = QLabel()
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.scale_min)
        to = QLabel("t&o")
        to.setBuddy(self.scale_max)
        scale_row.addWidget(to)
        scale_row.addWidget(self.scale_max)
        scale_row.addSpacing(16)
        scale_row.addWidget(self.totals, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Title:", self.title)
        scores = QLabel("Scores fro&m:")
        scores.setBuddy(self.scale_min)
        form.addRow(scores, scale_row)

        self.statements = StatementTable()
        self.statements.setMinimumHeight(110)
        self.statements_label = QLabel()
        self.statements_label.setBuddy(self.statements)
        self.add_statement_button = push_button(
            "&Add", "Add a statement below the selected one (Ins)"
        )
        self.delete_statement_button = push_button("Delete", "Delete the selected statement (Del)")
        self.up_button = push_button("Move &up", "Move the selected statement up (Ctrl+Up)")
        self.down_button = push_button("Move do&wn", "Move the selected statement down (Ctrl+Down)")
        self.add_statement_button.clicked.connect(self.statements.add_statement)
        self.statements.addRequested.connect(self.statements.add_statement)
        self.delete_statement_button.clicked.connect(self.statements.delete_current)
        self.up_button.clicked.connect(lambda: self.statements.move_current(-1))
        self.down_button.clicked.connect(lambda: self.statements.move_current(1))
        statements_row = QHBoxLayout()
        statements_row.addWidget(self.statements_label, 1)
        for b in (
            self.add_statement_button,
            self.delete_statement_button,
            self.up_button,
            self.down_button,
        ):
            statements_row.addWidget(b)

        self.bands = BandTable()
        self.bands.setMinimumHeight(100)
        bands_label = QLabel("Bands — every possible total in exactly one:")
        bands_label.setBuddy(self.bands)
        self.add_band_button = push_button(
            "Add &band", "Add a band for the first totals no band covers (Ins)"
        )
        self.delete_band_button = push_button("Delete band", "Delete the selected band (Del)")
        self.add_band_button.clicked.connect(self.add_band)
        self.bands.addRequested.connect(self.add_band)
        self.delete_band_button.clicked.connect(self.bands.delete_current)
        bands_row = QHBoxLayout()
        bands_row.addWidget(bands_label, 1)
        bands_row.addWidget(self.add_band_button)
        bands_row.addWidget(self.delete_band_button)

        self.problems_box = tinted_frame("quizProblems", theme.TRAILING, 0x38)
        heading = QLabel("⚠ Not ready to save:")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        self.problems_text = QLabel()
        self.problems_text.setTextFormat(Qt.TextFormat.PlainText)  # labels are user text
        self.problems_text.setWordWrap(True)
        self.problems_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.problems_box)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(2)
        box.addWidget(heading)
        box.addWidget(self.problems_text)

        self.status = QLabel()
        self.discard_button = push_button("Disca&rd changes", "Show the quiz as last saved")
        self.save_button = push_button("Save", "Save the quiz (Ctrl+S)")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.discard_button.clicked.connect(self.discard)
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.discard_button)
        save_row.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lock)
        layout.addLayout(form)
        layout.addLayout(statements_row)
        layout.addWidget(self.statements, 3)
        layout.addLayout(bands_row)
        layout.addWidget(self.bands, 2)
        layout.addWidget(self.problems_box)
        layout.addLayout(save_row)

        self.title.textChanged.connect(self._changed)
        self.scale_min.valueChanged.connect(self._changed)
        self.scale_max.valueChanged.connect(self._changed)
        self.statements.edited.connect(self._changed)
        self.bands.edited.connect(self._changed)
        self.statements.currentMoved.connect(self._update_moves)
        self.bands.currentMoved.connect(self._update_moves)
        self.load(None)

    def _scale_spin(self, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(SCALE_LIMIT_MIN, SCALE_LIMIT_MAX)
        spin.setToolTip(f"{tip} ({SCALE_LIMIT_MIN}-{SCALE_LIMIT_MAX})")
        return spin

    # -- what is shown -----------------------------------------------------------

    def load(self, quiz: QuizRecord | None, sessions: int = 0) -> None:
        """Show ``quiz`` as saved (``None``: a new quiz, not saved yet)."""
        self.quiz, self.sessions = quiz, sessions
        self.base = QuizValues.of(quiz) if quiz else NEW_QUIZ
        self._fill(self.base)

    def load_as_new(self, values: QuizValues) -> None:
        """Show ``values`` as a new quiz, not saved yet (its quiz went away meanwhile)."""
        self.quiz, self.sessions, self.base = None, 0, NEW_QUIZ
        self._fill(values)

    def _fill(self, values: QuizValues) -> None:
        self._loading = True
        self.title.setText(values.title)
        self.scale_min.setValue(values.scale_min)
        self.scale_max.setValue(values.scale_max)
        self.statements.set_texts(values.statements)
        self.bands.set_bands(values.bands)
        self._loading = False
        self._apply_mode()
        self._changed()

    def rebase(self, quiz: QuizRecord, sessions: int) -> None:
        """The saved quiz changed (an undo) while unsaved edits are on screen: keep them."""
        self.quiz, self.sessions, self.base = quiz, sessions, QuizValues.of(quiz)
        self._apply_mode()
        self._changed()

    def _apply_mode(self) -> None:
        quiz = self.quiz
        if quiz is not None and quiz.built_in:
            self.mode = Mode.BUILT_IN
            self.lock_text.setText(
                "The built-in quiz cannot be changed, so every workshop that used it keeps "
                "its meaning. Edit a copy to make your own version."
            )
        elif quiz is not None and self.sessions:
            self.mode = Mode.RENAME_ONLY
            used = "1 session" if self.sessions == 1 else f"{self.sessions} sessions"
            self.lock_text.setText(
                f"Used by {used}: edit a copy to change its questions. You can still rename it."
            )
        else:
            self.mode = Mode.EDITABLE
        self.lock.setVisible(self.mode is not Mode.EDITABLE)
        questions_locked = self.mode is not Mode.EDITABLE
        self.title.setReadOnly(self.mode is Mode.BUILT_IN)
        for spin in (self.scale_min, self.scale_max):
            spin.setReadOnly(questions_locked)
            spin.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if questions_locked
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        self.statements.set_read_only(questions_locked)
        self.bands.set_read_only(questions_locked)
        for button in (
            self.add_statement_button,
            self.delete_statement_button,
            self.up_button,
            self.down_button,
            self.add_band_button,
            self.delete_band_button,
        ):
            button.setVisible(not questions_locked)
        for widget in (self.status, self.discard_button, self.save_button):
            widget.setVisible(self.mode is not Mode.BUILT_IN)

    def values(self) -> QuizValues:
        return QuizValues(
            self.title.text(),
            self.scale_min.value(),
            self.scale_max.value(),
            tuple(self.statements.texts()),
            tuple(self.bands.bands()),
        )

    def is_dirty(self) -> bool:
        return self.values() != self.base

    def problems(self) -> list[str]:
        return quiz_problems(self.values())

    def shows(self, quiz: QuizRecord) -> bool:
        """Whether the form holds ``quiz`` as saved (its tidied values match)."""
        try:
            content = self.values().content()
        except EditRefused:
            return False
        return QuizValues(
            content.title,
            content.scale_min,
            content.scale_max,
            content.statements,
            content.bands,
        ) == QuizValues.of(quiz)

    def totals_text(self, values: QuizValues) -> str:
        count = len(values.statements)
        if scale_problem(values.scale_min, values.scale_max):
            return "Totals: set a scale that runs upwards first."
        if not count:
            return "Totals: add a statement first."
        low, high = total_range(count, values.scale_min, values.scale_max)
        return f"Totals run from {low} to {high}."

    def _changed(self) -> None:
        if self._loading:
            return
        values = self.values()
        problems = quiz_problems(values)
        count = len(values.statements)
        self.statements_label.setText(f"&Statements ({count}):")
        self.totals.setText(self.totals_text(values))
        self.problems_text.setText("\n".join(f"• {p}" for p in problems))
        self.problems_box.setVisible(bool(problems) and self.mode is not Mode.BUILT_IN)
        dirty = values != self.base
        self.save_button.setEnabled((dirty or self.quiz is None) and not problems)
        self.discard_button.setEnabled(dirty)
        if self.quiz is None:
            self.status.setText("New quiz: not saved yet.")
        else:
            self.status.setText("Unsaved changes." if dirty else "Saved.")
        self._update_moves()
        self.stateChanged.emit()

    def _update_moves(self) -> None:
        selected, count = self.statements.current_row(), self.statements.row_count()
        self.up_button.setEnabled(selected > 0)
        self.down_button.setEnabled(0 <= selected < count - 1)
        self.delete_statement_button.setEnabled(selected >= 0)
        self.delete_band_button.setEnabled(self.bands.current_row() >= 0)

    # -- actions ------------------------------------------------------------------

    def add_band(self) -> None:
        values = self.values()
        if scale_problem(values.scale_min, values.scale_max) or not values.statements:
            low = high = 0
        else:
            low, high = total_range(len(values.statements), values.scale_min, values.scale_max)
        gap = first_uncovered(values.bands, low, high)
        self.bands.add_band(*(gap or (high, high)))

    def discard(self) -> None:
        self.load(self.quiz, self.sessions)

    def save(self) -> bool:
        """Save through the undo stack; ``False`` (edits kept on screen) if refused."""
        if self.mode is Mode.BUILT_IN or quiz_problems(self.values()):
            return False
        try:
            content = self.values().content()
        except EditRefused as refusal:
            self.last_refusal = refusal.message
            return False
        self.last_refusal = None
        fields = (
            content.title,
            content.scale_min,
            content.scale_max,
            content.statements,
            content.bands,
        )
        if self.quiz is None:
            made = self.ws.quizzes.add_quiz(*fields)  # None: refused, the person was told
            if made is not None:
                self.created.emit(made)
            return made is not None
        if self.ws.quizzes.update_quiz(self.quiz, *fields) is None:
            return False  # refused, and told; the edits stay on screen
        if self.is_dirty():
            # Saved tidied (spaces trimmed, bands sorted): show it as it is stored.
            saved = quizzes.get_quiz(self.ws.db, self.quiz.id)
            if saved is not None:
                self.load(saved, self.sessions)
        return True
