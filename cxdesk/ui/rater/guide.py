"""What people need in view while scoring: the five definitions, the scale, the maths."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models import servqual
from cxdesk.models.servqual import DIMENSIONS, SCORE_MAX, SCORE_MIN


def definitions_html() -> str:
    return " &nbsp;·&nbsp; ".join(
        f"<b>{d.label}</b>: {html.escape(d.question)}" for d in DIMENSIONS
    )


SCALE_TEXT = (
    f"E = expected, P = experienced: {SCORE_MIN} = strongly disagree … {SCORE_MAX} = "
    "strongly agree. Gap = P − E."
)


def conventions_markdown() -> str:
    """The maths as models/servqual.py documents it (one text, so they cannot drift)."""
    doc = servqual.__doc__ or ""
    body = doc.split("\n\n", 1)[-1]
    lines = [line for line in body.splitlines() if not line.startswith("Conventions")]
    return "\n".join(lines).strip()


class ScoringGuide(QWidget):
    """A compact strip of definitions, and "How the scores work" one click away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definitions = QLabel(definitions_html())
        self.definitions.setWordWrap(True)
        self.definitions.setTextFormat(Qt.TextFormat.RichText)
        self.toggle = QToolButton()
        self.toggle.setText("How the scores work")
        self.toggle.setCheckable(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)
        self.scale = QLabel(SCALE_TEXT)
        self.scale.setWordWrap(True)
        # Scrollable and of bounded height, so opening it never squeezes the table away.
        self.conventions = QTextBrowser()
        self.conventions.setMarkdown(conventions_markdown())
        self.conventions.setFrameShape(QFrame.Shape.NoFrame)
        self.conventions.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.conventions.viewport().setAutoFillBackground(False)
        self.conventions.setVisible(False)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.scale, 1)
        line.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.definitions)
        layout.addLayout(line)
        layout.addWidget(self.conventions)

    def _toggled(self, shown: bool) -> None:
        self.conventions.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class NoAssessment(QWidget):
    """The empty state of an engagement nobody has scored yet: what it is, how to start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(
            "<h3>No RATER assessment yet</h3><p>An assessment is one round of scoring: "
            "the client and our team each say what they expected and what they experienced "
            "on Reliability, Assurance, Tangibles, Empathy and Responsiveness.</p>"
        )
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("New assessment…")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
