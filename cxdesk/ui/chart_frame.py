"""The frame around a chart: its legend as text above the plot (so it never covers a
point), or, while there is nothing to draw, a sentence saying what to do to fill it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget


def framed_chart(
    owner: QWidget, legend: QLabel, plot: QWidget, empty_text: str
) -> tuple[QStackedWidget, QLabel]:
    """Lay ``legend`` over ``plot`` in ``owner``; returns the stack (page 0: the chart,
    page 1: the empty sentence) and the empty sentence's label."""
    empty = QLabel(empty_text)
    empty.setWordWrap(True)
    empty.setMargin(24)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    chart = QWidget()
    chart_layout = QVBoxLayout(chart)
    chart_layout.setContentsMargins(0, 0, 0, 0)
    chart_layout.setSpacing(2)
    chart_layout.addWidget(legend)
    chart_layout.addWidget(plot, 1)
    stack = QStackedWidget()
    stack.addWidget(chart)
    stack.addWidget(empty)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(stack)
    return stack, empty
