"""What the worksheets draw again and again: a line to write on that is also a field, a row
of boxes to tick that is also a choice, small captions, and a drawn block of the page.

Everything is drawn on the canvas by the worksheets' own flowables, at sizes a hand can
write in (``WRITE_IN``) and tick (``TICK``); each blank is a field named as the page reads
(``cxdesk.reports.form_fields``). Words go through ``cxdesk.reports.lines`` so a phase or
a rung named in any script prints in a font that has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from cxdesk.language import ENGLISH, Translator
from cxdesk.reports import lines
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.form_fields import text_field, tick_group
from cxdesk.reports.styles import ToolkitStyles
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import TICK, WRITE_IN

CAPTION_SIZE = 7.0  # the small words over a blank ("Owner", "Raised on")
LABEL_SIZE = 8.0  # the words beside a tick box


@dataclass(frozen=True)
class Pen:
    """A worksheet's colours and its canvas, for the drawing helpers below."""

    canvas: Any
    s: ToolkitStyles

    def caption(self, x: float, y: float, text: str, *, size: float = CAPTION_SIZE) -> None:
        self.canvas.setFillColor(self.s.muted_ink)
        lines.draw(self.canvas, x, y, text, BODY, size)

    def label(
        self, x: float, y: float, text: str, *, size: float = LABEL_SIZE, bold: bool = False
    ) -> float:
        """Ink words at ``x, y``; returns their width."""
        self.canvas.setFillColor(self.s.ink)
        font = BOLD if bold else BODY
        lines.draw(self.canvas, x, y, text, font, size)
        return lines.width(text, font, size)

    def rule(self, x: float, y: float, width: float, *, weight: float = 0.6) -> None:
        self.canvas.setStrokeColor(self.s.muted_ink)
        self.canvas.setLineWidth(weight)
        self.canvas.line(x, y, x + width, y)

    def write_in(
        self,
        name: str,
        x: float,
        y: float,
        width: float,
        height: float = WRITE_IN,
        *,
        lines_to_write: int = 1,
        caption: str = "",
    ) -> None:
        """Ruled lines to write on over ``x, y, width, height`` (a line every
        ``height / lines_to_write``), the caption small at the top left, and one field
        over it all."""
        step = height / lines_to_write
        for n in range(lines_to_write):
            self.rule(x, y + n * step, width)
        if caption:
            self.caption(x, y + height - CAPTION_SIZE - 1, caption)
        text_field(
            self.canvas,
            name,
            x,
            y + 1,
            width,
            height - 1,
            ink=self.s.ink,
            font_size=10,
            multiline=lines_to_write > 1,
        )

    def box(self, x: float, y: float, size: float = TICK, *, number: str = "") -> None:
        self.canvas.setStrokeColor(self.s.primary_text)
        self.canvas.setFillColor(self.s.light_fill if number else self.s.primary_text)
        self.canvas.setLineWidth(0.9)
        self.canvas.roundRect(x, y, size, size, 1.5, stroke=1, fill=1 if number else 0)
        if number:
            self.canvas.setFillColor(self.s.ink)
            self.canvas.setFont(BOLD, min(10, size * 0.5))
            self.canvas.drawCentredString(x + size / 2, y + size * 0.32, number)

    def ticks(
        self,
        name: str,
        options: Sequence[tuple[str, str]],
        x: float,
        y: float,
        *,
        size: float = TICK,
        gap: float = 10,
    ) -> float:
        """Boxes to tick, one per ``(value, words)``, each with its words to its right,
        from ``x`` on the baseline ``y``; one choice named ``name``. Returns the end x."""
        boxes = []
        for value, words in options:
            self.box(x, y, size)
            boxes.append((value, x, y, size))
            x += size + 3
            x += self.label(x, y + size * 0.25, words) + gap
        tick_group(self.canvas, name, boxes, ink=self.s.ink)
        return x - gap

    def numbered_boxes(
        self, name: str, values: Sequence[int], x: float, y: float, step: float, size: float
    ) -> None:
        """Boxes with their number inside (a scale), ``step`` apart; one choice."""
        boxes = []
        for index, value in enumerate(values):
            left = x + index * step
            self.box(left, y, size, number=str(value))
            boxes.append((str(value), left, y, size))
        tick_group(self.canvas, name, boxes, ink=self.s.ink)


def ticks_width(
    options: Sequence[tuple[str, str]], *, size: float = TICK, gap: float = 10
) -> float:
    """How wide ``Pen.ticks`` draws ``options``."""
    words = sum(lines.width(w, BODY, LABEL_SIZE) for _v, w in options)
    return len(options) * (size + 3) + words + gap * (len(options) - 1)


def paragraph(text: str, style: ParagraphStyle, width: float) -> tuple[Paragraph, float]:
    """A paragraph of ``text`` wrapped to ``width``, and its height."""
    block = Paragraph(para(text), style)
    _w, height = block.wrap(width, 10_000)
    return block, height


class Drawn(Flowable):  # type: ignore[misc]
    """A block of a worksheet drawn by ``paint(pen, width, height)`` at a fixed height (or,
    with ``fill``, the rest of the frame down to ``least`` points)."""

    def __init__(
        self, s: ToolkitStyles, height: float, *, fill: bool = False, tr: Translator = ENGLISH
    ) -> None:
        super().__init__()
        self.s = s
        self.tr = tr  # the language its words print in
        self.block_height = height
        self.fill = fill

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(avail_height, self.block_height) if self.fill else self.block_height
        return self.width, self.height

    def draw(self) -> None:
        self.paint(Pen(self.canv, self.s), self.width, self.height)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        raise NotImplementedError
