"""A QR code drawn module by module with QPainter: sharp on a projector at any size.

The matrix comes from segno (pure Python); the widget draws it itself rather than
scaling a picture, so every module is a whole number of pixels and no edge is blurred
(a phone's camera reads a crisp code from the back of the room). Always dark on white
with a quiet zone around it, whatever the palette: scanners expect a dark code on a light
ground.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
Matrix = tuple[tuple[bool, ...], ...]


def qr_matrix(text: str) -> Matrix:
    """The modules of the QR code for ``text`` (error correction M or better), dark True.

    Never a Micro QR code: phones' camera apps do not read those.
    """
    import segno  # only when a code is shown

    code = segno.make(text, error="m", micro=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


class QrCode(QWidget):
    """Shows one QR code, as large as its space allows, centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.matrix: Matrix = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.matrix = qr_matrix(text) if text else ()
        self.setAccessibleName(f"QR code for {text}" if text else "")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    def code_rect(self) -> QRect:
        """Where the code is drawn, quiet zone included: whole pixels per module."""
        count = len(self.matrix) + 2 * QUIET_ZONE
        if not self.matrix:
            return QRect()
        module = max(min(self.width(), self.height()) // count, 1)
        side = module * count
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.matrix:
            return
        area = self.code_rect()
        module = area.width() // (len(self.matrix) + 2 * QUIET_ZONE)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(area, QColor(Qt.GlobalColor.white))
        dark = QColor(Qt.GlobalColor.black)
        left, top = area.left() + QUIET_ZONE * module, area.top() + QUIET_ZONE * module
        for y, row in enumerate(self.matrix):
            x = 0
            while x < len(row):  # one rectangle per run of dark modules: fewer calls
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                painter.fillRect(
                    left + start * module, top + y * module, (x - start) * module, module, dark
                )
        painter.end()
