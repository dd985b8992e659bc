"""What the quiz editor and the library share: a quiz form's values and what stops them
being saved, tinted message frames, and buttons that Enter never presses by accident."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QMessageBox, QPushButton, QWidget

from cxdesk.models.quiz import Band
from cxdesk.models.records import QuizRecord
from cxdesk.store.errors import EditRefused
from cxdesk.store.quizzes import QuizContent, check_quiz
from cxdesk.store.workspace import clean_name


class Mode(Enum):
    EDITABLE = "editable"
    RENAME_ONLY = "rename only"  # it has sessions: their results must keep their meaning
    BUILT_IN = "built in"


@dataclass(frozen=True, slots=True)
class QuizValues:
    """What the form shows (as typed, not tidied)."""

    title: str
    scale_min: int
    scale_max: int
    statements: tuple[str, ...]
    bands: tuple[Band, ...]

    @classmethod
    def of(cls, quiz: QuizRecord) -> QuizValues:
        return cls(
            quiz.title,
            quiz.scale_min,
            quiz.scale_max,
            tuple(st.text for st in quiz.statements),
            quiz.bands,
        )

    def content(self) -> QuizContent:
        """Tidied and checked by the store's own rules, or :class:`EditRefused`."""
        return check_quiz(self.title, self.scale_min, self.scale_max, self.statements, self.bands)


NEW_QUIZ = QuizValues("New quiz", 1, 5, ("",), ())
"""A new quiz starts with one statement to type and no bands: "Add band" then proposes
the totals no band covers yet."""


def quiz_problems(values: QuizValues) -> list[str]:
    """Everything that stops these values being saved, one sentence each."""
    problems: list[str] = []
    title = values.title
    try:
        clean_name(title, "quiz")
    except EditRefused as refusal:
        # The store stops at a bad title; check the rest too, to list every problem.
        problems.append(refusal.message)
        title = "untitled"
    try:
        check_quiz(title, values.scale_min, values.scale_max, values.statements, values.bands)
    except EditRefused as refusal:
        problems.extend(refusal.message.splitlines())
    return problems


def tinted_frame(name: str, colour: QColor, alpha: int) -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(tint_style(name, colour, alpha))
    return frame


def tint_style(name: str, colour: QColor, alpha: int) -> str:
    # Translucent tints read on light and dark palettes; the text keeps the palette colour.
    return (
        f"QFrame#{name} {{ background: {tint(colour, alpha)}; border: 1px solid "
        f"{colour.name()}; border-radius: 4px; }}"
    )


def tint(colour: QColor, alpha: int) -> str:
    """A style-sheet colour (Qt reads 8-digit hex as ARGB, so spell it out)."""
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {alpha})"


def push_button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter edits cells here; it must not press a button
    return button


def ask_about_edits(parent: QWidget, name: str, problems: list[str]) -> int:
    """Save, Discard or Cancel unsaved edits; edits that cannot be saved offer no Save."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    buttons = QMessageBox.StandardButton
    if problems:
        listed = "\n".join(f"• {p}" for p in problems[:6])
        more = f"\n…and {len(problems) - 6} more." if len(problems) > 6 else ""
        box.setText(f"The changes to “{name}” cannot be saved yet:")
        box.setInformativeText(f"{listed}{more}\n\nDiscard them?")
        box.setStandardButtons(buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Cancel)
    else:
        box.setText(f"Save the changes to “{name}”?")
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
    return box.exec()
