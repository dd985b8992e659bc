"""The toolkit's pages in miniature, for the Brand settings dialog: the cover (the logo,
or the firm's name where there is none, the title and the brand-coloured panel) and a
body page (the band, a heading, a table, a chart, the footer). They follow the brand's
logo, colours, names and page size as they are chosen, drawn the way ``cxdesk.reports``
prints them (cxdesk/reports/sections/cover.py and page_band.py)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from cxdesk.models.brand import DEFAULT_BRAND, HEX_COLOUR, Brand, LogoKind, PageSize

INK = QColor("#1E2329")  # the toolkit's body text (cxdesk.reports.styles)
MUTED_INK = QColor("#5B6570")
RULE = QColor("#C9CFD6")
PAPER_MM = {PageSize.A4: (210.0, 297.0), PageSize.LETTER: (215.9, 279.4)}
# The cover's measures, as cxdesk/reports/sections/cover.py prints them.
COVER_SIDE_MM = 22.0  # the page's side margin; the logo hangs this far from the top too
LOGO_BOX_MM = (70.0, 24.0)  # the largest the logo prints, its proportions kept
TITLE_LINE = 0.30  # of the page height from the top: the kicker, then the title under it
PANEL_SHARE = 0.27  # of the page height: the brand-coloured panel at the foot
TITLE = ("Expectation Management", "Toolkit")  # the toolkit's title, as the cover breaks it
PT_MM = 25.4 / 72  # the cover's measures in points, as millimetres


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


def logo_pixmap(data: bytes, kind: LogoKind, size: QSize) -> QPixmap | None:
    """The logo scaled to fit ``size`` (aspect kept); None when Qt cannot draw it."""
    if kind is LogoKind.SVG:
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(QByteArray(data))
        if not renderer.isValid():
            return None
        natural = renderer.defaultSize()
        if natural.isEmpty():
            natural = size
        fitted = natural.scaled(size, Qt.AspectRatioMode.KeepAspectRatio)
        pixmap = QPixmap(fitted)
        pixmap.fill(Qt.GlobalColor.transparent)
        with QPainter(pixmap) as painter:
            renderer.render(painter)
        return pixmap
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return None
    return pixmap.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class PagePreview(QWidget):
    """A printed page of the toolkit in miniature: the header band, a heading, a table in
    the brand's colours and the footer, in the page size's proportions. The paper is white
    in a dark theme too: it is what the client holds."""

    WIDTH = 220  # two pages side by side (the cover and this) fit beside the fields

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
            p.drawText(body.topLeft() + QPointF(0, 3), "Expectation matrix")
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
            self._text(p, bold, foot, brand.footer, Qt.AlignmentFlag.AlignLeft, 0.66)
            p.setPen(MUTED_INK)
            self._text(p, small, foot, "Page 2 of 9", Qt.AlignmentFlag.AlignRight, 0.32)
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


class CoverPreview(PagePreview):
    """The toolkit's cover in miniature: the logo top left as it prints (or the firm's name
    where there is none), the title, the client, and the brand-coloured panel at the foot
    with who prepared it. The logo is drawn from the bytes the brand holds, scaled once
    per logo and size, not on every paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("The cover as it will print, with the logo")
        self._logo_key: tuple[bytes, LogoKind, QSize] | None = None
        self._logo: QPixmap | None = None

    def logo_shown(self) -> QPixmap | None:
        """The logo as the cover draws it now (None: the firm's name stands in for it)."""
        return self._scaled_logo(self._logo_box().size().toSize())

    def _page(self) -> QRectF:
        hint = self.sizeHint()
        return QRectF(4, 4, hint.width() - 8, hint.height() - 8)

    def _mm(self) -> float:
        return self._page().width() / PAPER_MM[self.brand.page_size][0]

    def _logo_box(self) -> QRectF:
        page, mm = self._page(), self._mm()
        return QRectF(
            page.left() + COVER_SIDE_MM * mm,
            page.top() + COVER_SIDE_MM * mm,
            LOGO_BOX_MM[0] * mm,
            LOGO_BOX_MM[1] * mm,
        )

    def _scaled_logo(self, size: QSize) -> QPixmap | None:
        brand = self.brand
        if not brand.logo or brand.logo_kind is None:
            return None
        key = (brand.logo, brand.logo_kind, size)
        if key != self._logo_key:
            self._logo_key = key
            self._logo = logo_pixmap(brand.logo, brand.logo_kind, size)
        return self._logo

    def paintEvent(self, _event: QPaintEvent) -> None:
        brand = self.brand
        primary = QColor(brand.primary) if HEX_COLOUR.match(brand.primary) else QColor("#888")
        accent = QColor(brand.accent) if HEX_COLOUR.match(brand.accent) else QColor("#BBB")
        page, mm = self._page(), self._mm()
        side = COVER_SIDE_MM * mm
        body = QRectF(page.left() + side, page.top(), page.width() - 2 * side, page.height())
        small = QFont(self.font())
        small.setPixelSize(6)
        bold = QFont(small)
        bold.setBold(True)
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.fillRect(page.translated(2, 2), QColor(0, 0, 0, 60))  # a soft edge on any theme
            p.fillRect(page, Qt.GlobalColor.white)
            box = self._logo_box()
            logo = self._scaled_logo(box.size().toSize())
            if logo is not None:  # top left, as the cover prints it
                p.drawPixmap(box.topLeft(), logo)
            else:  # the firm's name as a wordmark
                wordmark = QFont(self.font())
                wordmark.setPixelSize(10)
                wordmark.setBold(True)
                p.setPen(readable_on_white(primary))
                self._text(
                    p,
                    wordmark,
                    QRectF(box.left(), box.top(), body.width(), 12),
                    brand.firm_name,
                    Qt.AlignmentFlag.AlignLeft,
                    0.7,
                )
            # The kicker, the title in two lines, the accent rule, client and engagement.
            y = page.top() + page.height() * TITLE_LINE
            p.fillRect(QRectF(body.left(), y, body.width() * 0.75, 1.2), RULE)
            # As large as lets "Expectation Management" fit the width, as the cover sizes it.
            title = QFont(self.font())
            title.setBold(True)
            size = max(8, round(13 * mm))
            title.setPixelSize(size)
            while size > 8 and QFontMetrics(title).horizontalAdvance(TITLE[0]) > body.width():
                size -= 1
                title.setPixelSize(size)
            p.setFont(title)
            p.setPen(readable_on_white(primary))
            metrics = QFontMetrics(title)
            y += 5
            for line in TITLE:
                y += metrics.ascent()
                p.drawText(QPointF(body.left(), y), line)
                y += metrics.descent() + 1
            y += 5
            p.fillRect(QRectF(body.left(), y, 42 * PT_MM * mm, 4 * PT_MM * mm), accent)
            y += 9
            client, _dot, engagement = self.context.partition(" · ")
            p.setPen(INK)
            heading = QFont(self.font())
            heading.setPixelSize(9)
            heading.setBold(True)
            self._text(
                p,
                heading,
                QRectF(body.left(), y, body.width(), 11),
                client,
                Qt.AlignmentFlag.AlignLeft,
            )
            p.setPen(MUTED_INK)
            self._text(
                p,
                small,
                QRectF(body.left(), y + 11, body.width(), 9),
                engagement,
                Qt.AlignmentFlag.AlignLeft,
            )
            # The panel at the foot: who it is for, who prepared it, when.
            panel_top = page.bottom() - page.height() * PANEL_SHARE
            p.fillRect(
                QRectF(page.left(), panel_top, page.width(), page.bottom() - panel_top), primary
            )
            p.fillRect(
                QRectF(page.left(), panel_top - 4 * PT_MM * mm, page.width(), 4 * PT_MM * mm),
                accent,
            )
            on_panel = text_on(primary)
            p.setPen(on_panel)
            gutter = 18 * PT_MM * mm
            column = (body.width() - 2 * gutter) / 3
            prepared_by = brand.consultant.strip() or brand.firm_name
            top = panel_top + 40 * PT_MM * mm - 8
            for index, (label, value) in enumerate(
                (("PREPARED FOR", client), ("PREPARED BY", prepared_by), ("DATE", "Today"))
            ):
                cell = QRectF(body.left() + index * (column + gutter), top, column, 8)
                self._text(p, bold, cell, label, Qt.AlignmentFlag.AlignLeft)
                self._text(p, small, cell.translated(0, 9), value, Qt.AlignmentFlag.AlignLeft)
