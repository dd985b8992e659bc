"""The Overview's key numbers: does the gap close? Each with its direction in words.

Direction is an arrow (which way the number moved) and a word (whether that is good),
so colour is never the only cue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from cxdesk.models.quadrant import Direction, KeyNumber
from cxdesk.ui import theme

MISSING = "-"
NBSP = "\u00a0"

DIRECTION_WORDS = {
    Direction.BETTER: "better",
    Direction.WORSE: "worse",
    Direction.SAME: "no change",
}


def _kind(number: KeyNumber) -> str:
    name = number.name.lower()
    if "trailing" in name:
        return "count"
    if "gap" in name or "difference" in name:
        return "signed"
    return "plain"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def format_value(number: KeyNumber, value: float | None = None) -> str:
    """Like "+0.4" for gaps and differences, "4 rows" for counts, "7.7" else, "-" if none."""
    value = _finite(number.value if value is None else value)
    if value is None:
        return MISSING
    kind = _kind(number)
    if kind == "count":
        rows = round(value)
        return f"{rows} row" if rows == 1 else f"{rows} rows"
    if kind == "signed":
        return f"{value:+.1f}"
    return f"{value:.1f}"


def missing_hint(number: KeyNumber) -> str:
    """What to do for a number that cannot be measured yet."""
    name = number.name.lower()
    if "team vs client" in name:
        return "Score an assessment with respondents on both sides, our team and the client."
    if "servqual" in name:
        return "Run a RATER assessment (RATER scorecard tab)."
    if "confidence" in name or "csat" in name:
        return "Record a pulse check (Pulse checks tab)."
    return "Score expected and delivered levels in the Expectation Matrix."


def direction_text(number: KeyNumber) -> str:
    """Like "▲ better since Design sign-off (was 3 rows)", or why there is no direction."""
    if _finite(number.value) is None:
        return missing_hint(number)
    direction = number.direction
    if direction is Direction.UNKNOWN:
        return "First measurement: nothing earlier to compare with."
    change = number.change or 0.0
    arrow = "▲" if change > 1e-9 else "▼" if change < -1e-9 else "="
    since = f" since {number.since}" if number.since else ""
    was = format_value(number, number.previous)
    return f"{arrow} {DIRECTION_WORDS[direction]}{since} (was {was})"


def direction_colour(direction: Direction) -> str | None:
    if direction is Direction.BETTER:
        return (theme.EXPECTED if theme.is_dark() else theme.AHEAD).name()
    if direction is Direction.WORSE:
        return theme.TRAILING.name()
    return None


class KeyNumberCard(QFrame):
    """One number: its name and value on a line, its direction under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.value = QLabel()
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.direction = QLabel()
        self.direction.setWordWrap(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setVerticalSpacing(1)
        layout.addWidget(self.name, 0, 0)
        layout.addWidget(self.value, 0, 1)
        layout.addWidget(self.direction, 1, 0, 1, 2)
        layout.setColumnStretch(0, 1)

    def show_number(self, number: KeyNumber) -> None:
        # Keep "(P − E)" on one line when the name wraps.
        name = escape(number.name.replace(" − ", NBSP + "−" + NBSP))
        self.name.setText(f"<b>{name}</b>")
        self.value.setText(format_value(number))
        text = direction_text(number)
        colour = direction_colour(number.direction) if _finite(number.value) is not None else None
        self.direction.setStyleSheet(f"color: {colour};" if colour else "")
        self.direction.setText(text)
        # The explanation is a tooltip: five cards must fit beside the chart on a laptop.
        self.setToolTip(number.explanation)


class KeyNumbersPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[KeyNumberCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._numbers: list[KeyNumber] = []

    def set_numbers(self, numbers: Sequence[KeyNumber]) -> None:
        self._numbers = list(numbers)
        while len(self.cards) < len(numbers):
            card = KeyNumberCard()
            self._layout.addWidget(card)
            self.cards.append(card)
        for card, number in zip(self.cards, numbers, strict=False):
            card.show_number(number)
        for index, card in enumerate(self.cards):
            card.setVisible(index < len(numbers))

    def refresh_colours(self) -> None:
        self.set_numbers(self._numbers)

    def shown(self) -> list[tuple[str, str, str]]:
        """(name, value, direction) as on screen, for tests and screen readers."""
        return [
            (number.name, card.value.text(), card.direction.text())
            for number, card in zip(self._numbers, self.cards, strict=False)
        ]
