"""The cover: logo, the toolkit's title, who it is for, who prepared it and when.

One flowable drawn to the page's full size (the cover has no header band or footer): a
white upper part with the logo and title, a brand-coloured panel at the foot with
"prepared for / by / date". Under the engagement's name, which edition this is (the
client's, or our internal one: the page decoration adds the internal mark's strip).
The blank cover has write-in lines for client and engagement.
Its registry title ("Cover") appears only in the PDF outline, not on the page.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.flowables import OutlinedHeading, fitted_paragraph
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.logo import logo_flowable
from cxdesk.reports.page_band import MARK_FILL
from cxdesk.reports.sections import section
from cxdesk.reports.styles import MM, styles_for
from cxdesk.reports.text import para, plain

TOOLKIT_TITLE = N_("Expectation Management Toolkit")
KICKER = N_("Close the gap between what was expected, delivered and experienced")
PANEL_SHARE = 0.27  # of the page height, the coloured panel at the foot


class _OutlineOnly(OutlinedHeading):
    """The cover's outline entry, with no visible heading."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        key = self.outline_key
        if key is not None:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(self.outline_title, key, level=0)


class CoverPage(Flowable):  # type: ignore[misc]
    def __init__(self, data: ToolkitData | None, brand: Brand, tr: Translator) -> None:
        super().__init__()
        self.tr = tr
        self.data = data
        self.brand = brand
        self.styles = styles_for(brand)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height - 1  # a hair under: a full frame must still fit

    def draw(self) -> None:
        canvas = self.canv
        s = self.styles
        # Work in page coordinates: the panel bleeds off the page's edges.
        origin_x, origin_y = canvas.absolutePosition(0, 0)
        canvas.saveState()
        canvas.translate(-origin_x, -origin_y)
        left, right = s.margin_side, s.page_width - s.margin_side
        width = right - left
        panel_top = s.page_height * PANEL_SHARE
        self._draw_panel(panel_top, left, width)
        self._draw_identity(s.page_height - s.margin_side, left, width)
        self._draw_title(panel_top, left, width)
        canvas.restoreState()

    # -- parts ---------------------------------------------------------------------

    def _draw_identity(self, top: float, left: float, width: float) -> None:
        """The logo top left, or the firm's name as a wordmark when there is none."""
        s = self.styles
        logo = logo_flowable(self.brand, 70 * MM, 24 * MM)
        if logo is not None:
            _w, h = logo.wrap(70 * MM, 24 * MM)
            logo.drawOn(self.canv, left, top - h)
            return
        style = ParagraphStyle(
            "wordmark", fontName=BOLD, fontSize=15, leading=18, textColor=s.primary_text
        )
        mark = fitted_paragraph(self.brand.firm_name, style, width * 0.7, 40, smallest=10)
        _w, h = mark.wrap(width * 0.7, 40)
        mark.drawOn(self.canv, left, top - h)

    def _draw_title(self, panel_top: float, left: float, width: float) -> None:
        s = self.styles
        canvas = self.canv
        data = self.data
        # The title block hangs from a fixed line, so covers of different clients match.
        y = s.page_height * 0.70
        kicker = Paragraph(
            para(self.tr.gettext(KICKER).upper()),
            ParagraphStyle(
                "kicker", fontName=BOLD, fontSize=8.5, leading=11, textColor=s.muted_ink
            ),
        )
        _w, h = kicker.wrap(width, 40)
        kicker.drawOn(canvas, left, y)
        y -= 8
        # As large as lets the title's longest word share a line with the next (or, in a
        # language of long compounds, stand alone): "Expectation Management".
        words = self.tr.gettext(TOOLKIT_TITLE).split()
        pairs = [" ".join(words[i : i + 2]) for i in range(max(len(words) - 1, 1))]
        widest = max(pairs, key=lambda p: stringWidth(p, BOLD, 10))
        size = 38.0
        while stringWidth(widest, BOLD, size) > width and size > 20:
            size -= 1
        title_style = ParagraphStyle(
            "cover-title", parent=s.title, fontSize=size, leading=size * 1.16
        )
        title = Paragraph(para(self.tr.gettext(TOOLKIT_TITLE)), title_style)
        _w, h = title.wrap(width, 200)
        title.drawOn(canvas, left, y - h)
        y -= h + 14
        canvas.setFillColor(s.accent)
        canvas.rect(left, y, 42, 4, stroke=0, fill=1)
        y -= 22
        room = y - panel_top - 26  # what is left above the panel for client and engagement
        if data is None:
            labels = (self.tr.gettext("Client"), self.tr.gettext("Engagement"))
            self._write_in(left, y, width, labels)
            return
        client_style = ParagraphStyle(
            "cover-client", fontName=BOLD, fontSize=22, leading=27, textColor=s.ink
        )
        client = fitted_paragraph(data.client.name, client_style, width, room * 0.6)
        _w, h = client.wrap(width, room)
        client.drawOn(canvas, left, y - h)
        y -= h + 6
        edition_room = 24  # the edition's line under the engagement
        engagement = fitted_paragraph(
            data.engagement.name, s.subtitle, width, y - panel_top - 26 - edition_room
        )
        _w, h = engagement.wrap(width, room)
        engagement.drawOn(canvas, left, y - h)
        y -= h + 8
        self._draw_edition(left, y, width)

    def _draw_edition(self, left: float, top: float, width: float) -> None:
        """The edition's name; the internal one in the mark's colour (the mark's strip
        across the top of the page says what it means)."""
        assert self.data is not None
        edition = self.data.edition
        colour = HexColor(MARK_FILL) if edition.is_internal else self.styles.primary_text
        style = ParagraphStyle(
            "cover-edition", fontName=BOLD, fontSize=10.5, leading=13, textColor=colour
        )
        line = Paragraph(para(self.tr.gettext(edition.edition.label).upper()), style)
        _w, h = line.wrap(width, 30)
        line.drawOn(self.canv, left, top - h)

    def _write_in(self, left: float, y: float, width: float, labels: tuple[str, ...]) -> None:
        s = self.styles
        canvas = self.canv
        indent = max(70.0, *(stringWidth(label, BODY, 9) + 8 for label in labels))
        for label in labels:
            y -= 34
            canvas.setFont(BODY, 9)
            canvas.setFillColor(s.muted_ink)
            canvas.drawString(left, y + 4, label)
            canvas.setStrokeColor(s.muted_ink)
            canvas.setLineWidth(0.6)
            canvas.line(left + indent, y + 2, left + width, y + 2)

    def _draw_panel(self, panel_top: float, left: float, width: float) -> None:
        s = self.styles
        canvas = self.canv
        data = self.data
        canvas.setFillColor(s.primary)
        canvas.rect(0, 0, s.page_width, panel_top, stroke=0, fill=1)
        canvas.setFillColor(s.accent)
        canvas.rect(0, panel_top, s.page_width, 4, stroke=0, fill=1)

        label_style = ParagraphStyle(
            "cover-label", fontName=BOLD, fontSize=7.5, leading=10, textColor=s.on_primary
        )
        value_style = ParagraphStyle(
            "cover-value", fontName=BODY, fontSize=10.5, leading=14, textColor=s.on_primary
        )
        prepared_by = "\n".join(
            part for part in (self.brand.consultant.strip(), self.brand.firm_name) if part
        )
        columns = (
            (self.tr.gettext("PREPARED FOR"), data.client.name if data else None),
            (self.tr.gettext("PREPARED BY"), prepared_by),
            (self.tr.gettext("DATE"), self.tr.long_date(data.printed_on) if data else None),
        )
        gutter = 18
        column_width = (width - 2 * gutter) / 3
        top = panel_top - 40
        for index, (label, value) in enumerate(columns):
            x = left + index * (column_width + gutter)
            heading = Paragraph(para(label), label_style)
            _w, h = heading.wrap(column_width, 20)
            heading.drawOn(canvas, x, top - h)
            if value is None:  # blank cover: a line to write on
                canvas.setStrokeColor(s.on_primary)
                canvas.setLineWidth(0.6)
                canvas.line(x, top - h - 26, x + column_width, top - h - 26)
                continue
            body = fitted_paragraph(value, value_style, column_width, 70, smallest=7)
            _w, bh = body.wrap(column_width, 70)
            body.drawOn(canvas, x, top - h - 4 - bh)
        contact = plain(self.brand.contact).replace("\n", "  ·  ")
        if contact:
            line = fitted_paragraph(
                contact,
                ParagraphStyle(
                    "cover-contact",
                    fontName=BODY,
                    fontSize=8.5,
                    leading=11,
                    textColor=s.on_primary,
                ),
                width,
                24,
                smallest=6.5,
            )
            _w, h = line.wrap(width, 24)
            line.drawOn(canvas, left, s.margin_side * 0.8)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    spec = section("cover")
    heading = _OutlineOnly(
        tr.gettext(spec.title), styles_for(brand).h1, outline_key=f"section-{spec.key}", level=0
    )
    return [heading, CoverPage(data, brand, tr)]
