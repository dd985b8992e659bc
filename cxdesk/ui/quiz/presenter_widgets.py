"""Building blocks of the presenter view: text that fits its space, big fields, colours.

Everything is sized in pixels from one ``scale`` (1.0 at 1920x1080), so the view reads
the same on a projector at 1280x720 as on a 4K screen, and nothing depends on the
laptop's DPI setting.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QSpinBox, QWidget

from cxdesk.ui.theme import TRAILING

FIT_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter


def set_px(widget: QWidget, pixels: float, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPixelSize(max(int(pixels), 9))
    font.setBold(bold)
    widget.setFont(font)


def label(text: str = "", *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setAlignment(align or Qt.AlignmentFlag.AlignCenter)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class FitLabel(QLabel):
    """Word-wrapped text at the largest size (up to ``maximum`` px) that fits its space.

    A custom quiz may have a statement three times as long as the built-in ones: it gets
    smaller type rather than clipped words.
    """

    def __init__(self, maximum: int = 100, minimum: int = 14, bold: bool = True) -> None:
        super().__init__()
        self.maximum = maximum
        self.minimum = minimum
        self.bold = bold
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The layout gives it whatever is left; the text adapts, not the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(20)

    def set_maximum(self, maximum: int) -> None:
        self.maximum = max(maximum, self.minimum)
        self._fit()

    def setText(self, text: str) -> None:
        # The presenter sets its texts again at every redraw (each batch of phones'
        # answers); fitting is a dozen word-wrapped layouts at large sizes, so only new
        # text (or a new size: resizeEvent) is fitted again.
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()

    def fits(self, pixels: int) -> bool:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setBold(self.bold)
        width = max(self.width() - 8, 1)  # QLabel's own margin and rounding
        box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), FIT_FLAGS, self.text())
        return box.width() <= width and box.height() <= self.height()

    def _fit(self) -> None:
        low, high = self.minimum, self.maximum
        while low < high:  # the largest size that fits: sizes that fit form a prefix
            middle = (low + high + 1) // 2
            if self.fits(middle):
                low = middle
            else:
                high = middle - 1
        if self.font().pixelSize() != low or self.font().bold() != self.bold:
            set_px(self, low, self.bold)

    def pixel_size(self) -> int:
        return self.font().pixelSize()


PASSED_ON = frozenset(
    {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape}
)


class CountField(QSpinBox):
    """How many hands went up for one score: digits only, never negative or over the room.

    Arrows left/right, Enter and Esc are left to the presenter (move, record, leave);
    up/down still count one more or one fewer.
    """

    def __init__(self, score: int) -> None:
        super().__init__()
        self.score = score
        # No arrow buttons, hidden by the style sheet: with NoButtons and a style sheet,
        # Qt 6 paints no text at all in the field.
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Hands for score {score}")
        self.setKeyboardTracking(True)

    def count(self) -> int:
        """What the field shows: an emptied field is 0 hands, not its previous value."""
        return self.value() if self.cleanText().strip() else 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in PASSED_ON:
            self.setValue(self.count())
            event.ignore()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.selectAll()  # typing replaces the count, as in a spreadsheet


def big_button(text: str) -> QPushButton:
    """A clickable target for the mouse; the keyboard never needs to reach it."""
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def _css(colour: QColor, alpha: float = 1.0) -> str:
    return f"rgba({colour.red()},{colour.green()},{colour.blue()},{alpha:.2f})"


def refusal_colour() -> QColor:
    return QColor(TRAILING)


def style_sheet(scale: float) -> str:
    """High-contrast colours from the current palette (light or dark), borders by scale."""
    p = QGuiApplication.palette()
    base = p.color(QPalette.ColorRole.Base)
    text = p.color(QPalette.ColorRole.Text)
    high = p.color(QPalette.ColorRole.Highlight)
    high_text = p.color(QPalette.ColorRole.HighlightedText)
    border = max(2, round(3 * scale))
    radius = max(6, round(18 * scale))
    pad = max(4, round(10 * scale))
    return f"""
    #presenter {{ background-color: {_css(base)}; }}
    #presenter QLabel {{ color: {_css(text)}; background: transparent; }}
    #presenter QLabel[muted="true"] {{ color: {_css(text, 0.62)}; }}
    #presenter QLabel[refusal="true"] {{ color: {_css(refusal_colour())}; }}
    #presenter QPushButton {{
        color: {_css(text)}; background-color: {_css(base)};
        border: {border}px solid {_css(text)}; border-radius: {radius}px;
        padding: {pad}px {pad * 2}px;
    }}
    #presenter QPushButton:hover {{ background-color: {_css(high, 0.18)}; }}
    #presenter QPushButton[chosen="true"] {{
        color: {_css(high_text)}; background-color: {_css(high)};
        border: {border * 2}px solid {_css(text)};
    }}
    #presenter QLineEdit#name, #presenter QSpinBox {{
        color: {_css(text)}; background-color: {_css(base)};
        border: {border}px solid {_css(text, 0.7)}; border-radius: {radius // 2}px;
        padding: {pad // 2}px {pad}px;
        selection-background-color: {_css(high)}; selection-color: {_css(high_text)};
    }}
    #presenter QLineEdit#name:focus, #presenter QSpinBox:focus {{
        border: {border * 2}px solid {_css(high)};
    }}
    #presenter QSpinBox::up-button, #presenter QSpinBox::down-button {{
        width: 0px; border: none;
    }}
    """


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a style-sheet property and re-polish, so the new look shows at once."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
