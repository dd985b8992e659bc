"""Score spin boxes that cannot hold an out-of-range value: "–" means "not answered"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

NOT_ANSWERED = "–"
_BLANKS = ("", "-", NOT_ANSWERED)


class ScoreSpinBox(QSpinBox):
    """An integer from ``low`` to ``high``, or "–" (the value ``low - 1``) for no answer.

    Typing is validated key by key: for 1-10, "1" then "0" gives 10, while "11" or "0"
    cannot be typed at all. Backspace down to an empty box, or "-", means not answered.
    """

    refusedKey = Signal(str)  # a digit that would take the score out of range, explained

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low = low
        self.setRange(low - 1, high)
        self.setSpecialValueText(NOT_ANSWERED)
        self.setValue(low - 1)
        self.setAccelerated(False)
        self.setCorrectionMode(QSpinBox.CorrectionMode.CorrectToPreviousValue)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.lineEdit().text()
        super().keyPressEvent(event)
        typed = event.text()
        if len(typed) == 1 and typed.isdecimal() and self.lineEdit().text() == before:
            # The validator refused it: say so, rather than keep a silent prefix ("1" of 11).
            attempt = before.strip("-– ") + typed
            now = self.lineEdit().text().strip()
            self.refusedKey.emit(
                f"{attempt} is not a score from {self.low} to {self.maximum()}; "
                f"it stays {'unanswered' if now in _BLANKS else now}."
            )

    def score(self) -> int | None:
        self.interpretText()  # what is typed counts, even before focus leaves
        value = self.value()
        return None if value < self.low else value

    def set_score(self, score: int | None) -> None:
        self.setValue(self.minimum() if score is None else score)

    def clear_score(self) -> None:
        self.setValue(self.minimum())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip()
        if stripped in _BLANKS:
            return QValidator.State.Acceptable, text, pos
        if stripped[0] in "-–" or stripped[-1] in "-–":
            # A digit typed next to the "not answered" dash replaces the dash.
            stripped = stripped.strip("-–")
            text, pos = stripped, len(stripped)
        if not stripped.isdecimal():
            return QValidator.State.Invalid, text, pos
        value = int(stripped)
        if self.low <= value <= self.maximum() and not stripped.startswith("0"):
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos

    def valueFromText(self, text: str) -> int:
        stripped = text.strip()
        if stripped in _BLANKS:
            return self.minimum()
        return int(stripped)

    def textFromValue(self, value: int) -> str:
        return NOT_ANSWERED if value < self.low else str(value)
