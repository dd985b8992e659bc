"""Small flowables the sections share: outlined headings, write-in lines, fillable fields.

Imported only while a PDF is being built (it imports ReportLab at module level).
"""

from __future__ import annotations

import itertools

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cxdesk.reports.text import para, plain

_unique = itertools.count(1)  # outline keys must be unique within a document


class OutlinedHeading(Paragraph):  # type: ignore[misc]
    """A heading paragraph that also adds itself to the PDF outline (the sidebar)."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, outline_key: str | None, level: int
    ) -> None:
        super().__init__(para(text), style)
        self.outline_title = plain(text).replace("\n", " ")
        self.outline_key = outline_key
        self.outline_level = level

    def draw(self) -> None:
        if self.outline_key is not None:
            key = f"{self.outline_key}-{next(_unique)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(self.outline_title, key, level=self.outline_level)
        super().draw()


class SectionStart(Spacer):  # type: ignore[misc]
    """A zero-size marker at the start of each section: the document reports progress and
    checks for cancelling when layout reaches one."""

    def __init__(self, index: int, title: str) -> None:
        super().__init__(0, 0)
        self.index = index
        self.title = title


class WriteInLine(Flowable):  # type: ignore[misc]
    """A label above one or more ruled lines to write on, optionally a fillable PDF field.

    ``value`` pre-fills the line (printed text; and the field's value when fillable).
    ``field_name`` makes it an AcroForm text field, so the page can be typed into on
    screen and still printed and written on by hand.
    """

    def __init__(
        self,
        label: str | Paragraph,
        width: float,
        *,
        lines: int = 1,
        line_gap: float = 22.0,
        label_style: ParagraphStyle,
        value: str = "",
        value_style: ParagraphStyle | None = None,
        field_name: str | None = None,
        rule: Color,
        text_colour: Color,
    ) -> None:
        super().__init__()
        if isinstance(label, Paragraph):
            self.label: Paragraph | None = label  # markup built by the caller
        else:
            self.label = Paragraph(para(label), label_style) if label else None
        self.width = width
        self.lines = max(1, lines)
        self.line_gap = line_gap
        self.value = value
        self.value_style = value_style
        self.field_name = field_name
        self.rule = rule
        self.text_colour = text_colour
        self._label_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        self._label_height = 0.0
        if self.label is not None:
            _w, self._label_height = self.label.wrap(self.width, avail_height)
        self.height = self._label_height + self.lines * self.line_gap + 4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.label is not None:
            self.label.drawOn(canvas, 0, self.height - self._label_height)
        top = self.height - self._label_height
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.6)
        for n in range(self.lines):
            y = top - (n + 1) * self.line_gap
            canvas.line(0, y, self.width, y)
        if self.field_name is not None:
            self._draw_field(top)
        elif self.value and self.value_style is not None:
            text = Paragraph(para(self.value), self.value_style)
            _w, h = text.wrap(self.width - 4, self.lines * self.line_gap)
            text.drawOn(canvas, 2, max(top - h - 4, 2))

    def _draw_field(self, top: float) -> None:
        # Borderless and transparent: on paper the ruled lines show through, on screen the
        # reader highlights the field. Multiline when there is more than one line.
        from cxdesk.reports.form_fields import text_field

        assert self.field_name is not None
        text_field(
            self.canv,
            self.field_name,
            0,
            top - self.lines * self.line_gap + 2,
            self.width,
            self.lines * self.line_gap - 4,
            ink=self.text_colour,
            font_size=10,
            multiline=self.lines > 1,
            value=plain(self.value),
        )


def fitted_paragraph(
    text: str, style: ParagraphStyle, width: float, max_height: float, *, smallest: float = 9
) -> Paragraph:
    """A paragraph of ``text`` that fits ``width`` × ``max_height``: the style's size if it
    can, smaller steps down to ``smallest`` if not, and cut with an ellipsis as a last
    resort (a 300-character client name must not push the cover off its page)."""
    from cxdesk.reports.text import clip

    size = style.fontSize
    while True:
        shrunk = ParagraphStyle(
            f"{style.name}-{size:g}",
            parent=style,
            fontSize=size,
            leading=size * style.leading / style.fontSize,
        )
        paragraph = Paragraph(para(text), shrunk)
        _w, height = paragraph.wrap(width, max_height)
        if height <= max_height:
            return paragraph
        if size <= smallest:
            break
        size = max(smallest, size * 0.85)
    cleaned = plain(text)
    keep = len(cleaned)
    while keep > 1:
        keep = int(keep * 0.8)
        paragraph = Paragraph(para(clip(cleaned, keep)), shrunk)
        _w, height = paragraph.wrap(width, max_height)
        if height <= max_height:
            return paragraph
    return Paragraph("", shrunk)


class FormCell(Flowable):  # type: ignore[misc]
    """An empty table cell to write in: the table's own rules are the lines, and with a
    ``field_name`` the blank is also a fillable PDF text field."""

    def __init__(
        self,
        height: float,
        *,
        field_name: str | None = None,
        ink: Color,
        underline: Color | None = None,
    ) -> None:
        super().__init__()
        self.cell_height = height
        self.field_name = field_name
        self.ink = ink
        self.underline = underline  # its own line, for cells of a table without rules

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.cell_height
        return self.width, self.height

    def draw(self) -> None:
        if self.underline is not None:
            self.canv.setStrokeColor(self.underline)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, -2, self.width, -2)
        if self.field_name is None:
            return
        from cxdesk.reports.form_fields import text_field

        text_field(
            self.canv,
            self.field_name,
            0,
            0,
            self.width,
            self.height,
            ink=self.ink,
            font_size=9,
            multiline=self.height > 24,
        )


class CheckLine(Flowable):  # type: ignore[misc]
    """A printed tick box with its text beside it (an agreement or a checklist line)."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        box: Color,
        ticked: bool = False,
        box_size: float | None = None,
    ) -> None:
        super().__init__()
        self.paragraph = Paragraph(para(text), style)
        self.box = box
        self.ticked = ticked
        self.box_size = box_size or style.fontSize + 1
        self.indent = self.box_size + 8
        self._text_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _w, self._text_height = self.paragraph.wrap(avail_width - self.indent, avail_height)
        self.width, self.height = avail_width, max(self._text_height, self.box_size + 1) + 3
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        size = self.box_size
        top = self.height - 3
        self.paragraph.drawOn(canvas, self.indent, self.height - self._text_height)
        canvas.setStrokeColor(self.box)
        canvas.setLineWidth(0.9)
        y = top - size - 0.5
        canvas.rect(0, y, size, size, stroke=1, fill=0)
        if self.ticked:
            canvas.line(2, y + size / 2, size / 2.5, y + 2)
            canvas.line(size / 2.5, y + 2, size - 2, y + size - 2)


class ScaleBoxes(Flowable):  # type: ignore[misc]
    """A row of numbered boxes to tick (a 1-10 or 1-5 scale), with words under them:
    either one caption per box, or anchors under the two ends."""

    def __init__(
        self,
        low: int,
        high: int,
        *,
        ink: Color,
        box: Color,
        fill: Color,
        captions: dict[int, str] | None = None,
        anchors: tuple[str, str] = ("", ""),
        box_size: float = 24,
    ) -> None:
        super().__init__()
        self.values = list(range(low, high + 1))
        self.ink = ink
        self.box = box
        self.fill = fill
        self.captions = captions or {}
        self.anchors = anchors
        self.box_size = box_size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        words = bool(self.captions) or any(self.anchors)
        self.height = self.box_size + (16 if words else 2)
        return self.width, self.height

    def draw(self) -> None:
        from cxdesk.reports import lines as drawn
        from cxdesk.reports.fonts import BODY, BOLD

        canvas = self.canv
        count = len(self.values)
        size = self.box_size
        # Spread over the width; with a caption per box, each box sits over its caption.
        step = self.width / count if self.captions else (self.width - size) / max(count - 1, 1)
        top = self.height
        for index, value in enumerate(self.values):
            x = index * step + (step - size) / 2 if self.captions else index * step
            canvas.setFillColor(self.fill)
            canvas.setStrokeColor(self.box)
            canvas.setLineWidth(0.9)
            canvas.roundRect(x, top - size, size, size, 3, stroke=1, fill=1)
            canvas.setFillColor(self.ink)
            canvas.setFont(BOLD, 10)
            canvas.drawCentredString(x + size / 2, top - size / 2 - 3.5, str(value))
            caption = self.captions.get(value)
            if caption:
                canvas.setFont(BODY, 7)
                canvas.setFillColor(self.ink)
                text = plain(caption)
                while text and drawn.width(text, BODY, 7) > step - 2:
                    text = text[:-1]
                drawn.draw(canvas, x + size / 2, top - size - 11, text, BODY, 7, anchor="middle")
        low, high = (plain(a) for a in self.anchors)
        canvas.setFont(BODY, 7)
        canvas.setFillColor(self.ink)
        if low:
            drawn.draw(canvas, 0, top - size - 11, f"← {low}", BODY, 7)
        if high:
            drawn.draw(canvas, self.width, top - size - 11, f"{high} →", BODY, 7, anchor="end")


def two_columns(items: list[Flowable], width: float, gutter: float = 12) -> Table:
    """Short items (bullets, prompts) in two columns, read down the left one first."""
    half = (len(items) + 1) // 2
    rows = [[items[i], items[i + half] if i + half < len(items) else ""] for i in range(half)]
    table = Table(rows, colWidths=[width / 2] * 2, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gutter),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class KeepWithFirstRows(KeepTogether):  # type: ignore[misc]
    """A heading (and its words) kept with the table under it, starting on this page when
    at least ``room`` points are left, else on the next. ``KeepTogether`` moves the whole
    block when it does not fit whole: a dozen rows to write in left half a page empty."""

    def __init__(self, flowables: list[Flowable], room: float) -> None:
        for flowable in flowables[:-1]:
            flowable.keepWithNext = False  # this block keeps them together instead
        super().__init__(flowables)
        self.room = room

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        from reportlab.platypus.doctemplate import FrameBreak

        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if avail_height >= self._H or avail_height >= self.room or at_top:
            return content
        return [FrameBreak(), *content]
