"""Colours that read in light and dark schemes and for colour-blind people.

Gaps use the Okabe-Ito palette (blue for ahead of expectations, vermillion for
trailing) and always carry a ▲/▼ sign as well, so colour is never the only cue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

AHEAD = QColor("#0072B2")  # Okabe-Ito blue
TRAILING = QColor("#D55E00")  # Okabe-Ito vermillion
NEUTRAL = QColor("#999999")
EXPECTED = QColor("#56B4E9")  # sky blue
DELIVERED = QColor("#009E73")  # bluish green
EXPERIENCED = QColor("#E69F00")  # orange


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def gap_background(gap: int | None) -> QColor | None:
    """A translucent tint, so it works over light and dark table backgrounds alike."""
    if gap is None or gap == 0:
        return None
    base = TRAILING if gap < 0 else AHEAD
    tint = QColor(base)
    tint.setAlpha(min(60 + 45 * abs(gap), 220))
    return tint


def chart_background() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base)


def chart_foreground() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Text)
