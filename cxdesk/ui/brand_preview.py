"""A printed page of the toolkit in miniature, for the Brand settings dialog: it follows
the brand's colours, names and page size as they are typed, drawn the way
``cxdesk.reports`` prints them (the band, a heading, a table, a chart, the footer)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from cxdesk.models.brand import DEFAULT_BRAND, HEX_COLOUR, Brand, PageSize

INK = QColor("#1E2329")  # the toolkit's body text (cxdesk.reports.styles)
MUTED_INK = QColor("#5B6570")
RULE = QColor("#C9CFD6")
PAPER_MM = {PageSize.A4: (210.0, 297.0), PageSize.LETTER: (215.9, 279.4)}


def _luminance(c: QColor) -> float:
    """WCAG relative luminance, as ``cxdesk.reports.styles`` computes it for the PDF."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: QColor) -> QColor:
    """White or ink, whichever reads better on ``background`` (as the toolkit chooses)."""
    white = QColor(Qt.GlobalColor.white)
    return white if _contrast(background, white) >= _contrast(background, INK) else INK


def readable_on_white(colour: QColor) -> QColor:
    """``colour`` darkened until it reads on paper, as the toolkit prints a pale brand's
    headings."""
    shade, white = QColor(colour), QColor(Qt.GlobalColor.white)
    for _ in range(20):
        if _contrast(shade, white) >= 4.5:
            break
        shade = QColor.fromRgbF(shade.redF() * 0.85, shade.greenF() * 0.85, shade.blueF() * 0.85)
    return shade


class PagePreview(QWidget):
    """A printed page of the toolkit in miniature: the header band, a heading, a table in
    the brand's colours and the footer, in the page size's proportions. The paper is white
    in a dark theme too: it is what the client holds."""

    WIDTH = 270

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.brand = DEFAULT_BRAND
        self.context = "Client · Engagement"
        self.setToolTip("A page of the toolkit as it will print")

    def set_brand(self, brand: Brand) -> None:
        self.brand = brand
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        width, height = PAPER_MM[self.brand.page_size]
        return QSize(self.WIDTH + 8, round(self.WIDTH * height / width) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        brand = self.brand
        primary = QColor(brand.primary) if HEX_COLOUR.match(brand.primary) else QColor("#888")
        accent = QColor(brand.accent) if HEX_COLOUR.match(brand.accent) else QColor("#BBB")
        hint = self.sizeHint()
        page = QRectF(4, 4, hint.width() - 8, hint.height() - 8)
        mm = page.width() / PAPER_MM[brand.page_size][0]
        side = 22 * mm
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.fillRect(page.translated(2, 2), QColor(0, 0, 0, 60))  # a soft edge on any theme
            p.fillRect(page, Qt.GlobalColor.white)
            band = QRectF(page.left(), page.top(), page.width(), 13 * mm)
            p.fillRect(band, primary)
            p.fillRect(QRectF(band.left(), band.bottom(), band.width(), 2.2 * mm / 2), accent)
            small = QFont(self.font())
            small.setPixelSize(8)
            bold = QFont(small)
            bold.setBold(True)
            text_box = band.adjusted(side, 0, -side, 0)
            p.setPen(text_on(primary))
            self._text(p, bold, text_box, brand.firm_name, Qt.AlignmentFlag.AlignLeft, 0.55)
            self._text(p, small, text_box, self.context, Qt.AlignmentFlag.AlignRight, 0.45)
            body = QRectF(page.left() + side, band.bottom() + 12 * mm, page.width() - 2 * side, 0)
            heading = QFont(self.font())
            heading.setPixelSize(12)
            heading.setBold(True)
            p.setPen(readable_on_white(primary))
            p.setFont(heading)
            p.drawText(body.topLeft(), "Expectation matrix")
            y = body.top() + 6
            for fraction in (1.0, 0.92, 0.6):  # lines of text
                p.fillRect(QRectF(body.left(), y, body.width() * fraction, 2.5), RULE)
                y += 6.5
            y += 5
            row = 9.0
            p.fillRect(QRectF(body.left(), y, body.width(), row), primary)
            light = QColor(primary)
            light.setAlphaF(0.12)
            for n in range(5):
                top = y + row * (n + 1)
                if n % 2:
                    p.fillRect(QRectF(body.left(), top, body.width(), row), light)
                p.fillRect(QRectF(body.left() + 3, top + 3.5, body.width() * 0.4, 2), INK)
            y += row * 6 + 8
            p.fillRect(QRectF(body.left(), y, 2.5, 20), accent)  # a highlighted note
            for n in range(3):
                p.fillRect(QRectF(body.left() + 7, y + 2 + n * 7, body.width() * 0.7, 2.5), INK)
            self._bars(p, QRectF(body.left(), y + 34, body.width(), 46), primary, accent)
            rule = page.bottom() - 26 * mm + 12 * mm / 2
            p.setPen(RULE)
            p.drawLine(int(body.left()), int(rule), int(body.right()), int(rule))
            foot = QRectF(body.left(), rule + 3, body.width(), 10)
            p.setPen(INK)
            self._text(p, bold, foot, brand.footer, Qt.AlignmentFlag.AlignLeft, 0.75)
            p.setPen(MUTED_INK)
            self._text(p, small, foot, "Page 2 of 9", Qt.AlignmentFlag.AlignRight, 0.25)
            self._text(p, small, foot.translated(0, 10), brand.contact, Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _bars(p: QPainter, box: QRectF, primary: QColor, accent: QColor) -> None:
        """A chart's two series: expected in the primary colour, delivered in the accent."""
        p.fillRect(QRectF(box.left(), box.bottom(), box.width(), 0.8), RULE)
        step = box.width() / 4
        for n, (first, second) in enumerate(((0.9, 0.7), (0.6, 0.8), (1.0, 0.5), (0.7, 0.9))):
            left = box.left() + step * n + (step - 19) / 2
            for k, (share, colour) in enumerate(((first, primary), (second, accent))):
                height = box.height() * share
                p.fillRect(QRectF(left + k * 10, box.bottom() - height, 9, height), colour)

    @staticmethod
    def _text(
        p: QPainter,
        font: QFont,
        box: QRectF,
        text: str,
        align: Qt.AlignmentFlag,
        share: float = 1.0,
    ) -> None:
        """One line, cut with an ellipsis to ``share`` of the box's width."""
        p.setFont(font)
        line = " ".join(text.split())
        fitted = QFontMetrics(font).elidedText(
            line, Qt.TextElideMode.ElideRight, int(box.width() * share)
        )
        p.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, fitted)
