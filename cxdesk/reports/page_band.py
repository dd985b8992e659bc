"""The header band and the footer of every body page, laid out once per document.

Names are never cut: the firm's name (left) and "Client · Engagement" (right) wrap onto
more lines and the type shrinks a little when they are long, and the band grows to hold
them (down to the frame's top margin); the brand's footer and contact lines wrap the
same way. Before, both were cut with an ellipsis ("Pomorze Zdrowie Hospital Group
(Gdańsk) · e-R…") on every page the client reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxdesk.reports import lines as drawn
from cxdesk.reports.cells import break_lines
from cxdesk.reports.fonts import BODY, BOLD

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from cxdesk.reports.styles import ToolkitStyles

MM = 72 / 25.4
BAND_HEIGHT = 13 * MM  # the band's height with one or two lines of header
BAND_PADDING = 5.0
ACCENT_RULE = 2.2
GAP_ABOVE_FRAME = 6.0  # between the band's accent rule and the page's content
BAND_CLEARANCE = ACCENT_RULE + GAP_ABOVE_FRAME  # from the band's foot to the frame's top
HEADER_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
FOOTER_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5)
FIRM_SHARE_MAX = 0.4  # of the frame's width, for the firm's name beside the engagement
GUTTER = 16.0
FOLIO_ROOM = 80.0  # the footer's right end holds "Page n of m"
MARK_HEIGHT = 15.0  # the internal edition's strip under the band
MARK_SIZE = 8.0
# Not a brand colour: the mark must stand out from whatever the firm's colours are, and
# stay dark enough in greyscale for its white words to read on a photocopy.
MARK_FILL = "#A3192B"


@dataclass(frozen=True)
class Block:
    """Lines of one font and size."""

    lines: tuple[str, ...]
    font: str
    size: float

    @property
    def leading(self) -> float:
        return self.size * 1.22

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading if any(self.lines) else 0.0


@dataclass(frozen=True)
class Header:
    firm: Block
    context: Block
    firm_width: float
    band_height: float


def wrapped(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    if not text.strip():
        return ()
    return tuple(line for line in break_lines(text, font, size, width) if line)


def header_layout(firm: str, context: str, styles: ToolkitStyles) -> Header:
    """The largest type at which both names fit in two lines each; failing that, the
    smallest type and as many lines as they need (the band grows)."""
    width = styles.frame_width
    for size in HEADER_SIZES:
        firm_width = min(drawn.width(firm, BOLD, size) + 1, width * FIRM_SHARE_MAX)
        if not firm.strip():
            firm_width = 0.0
        room = width - firm_width - (GUTTER if firm_width else 0)
        left = Block(wrapped(firm, BOLD, size, firm_width), BOLD, size)
        right = Block(wrapped(context, BODY, size, room), BODY, size)
        lines = max(len(left.lines), len(right.lines))
        smallest = size == HEADER_SIZES[-1]
        # Two lines at the largest size that allows it; else the smallest size, with as
        # many lines as the names need (``tallest`` is where the band meets the text).
        if lines <= 2 or smallest:
            height = max(BAND_HEIGHT, max(left.height, right.height) + 2 * BAND_PADDING)
            return Header(left, right, firm_width, height)
    raise AssertionError("unreachable: the smallest size is always accepted")


def footer_layout(footer: str, contact: str, styles: ToolkitStyles) -> tuple[Block, Block]:
    """The brand's footer (bold) and contact lines, wrapped to the footer's room, in the
    largest type at which they fit under the rule."""
    room = styles.frame_width - FOLIO_ROOM
    tallest = styles.margin_bottom - 12 - 10  # from under the rule to 10 points above the edge
    for size in FOOTER_SIZES:
        first = Block(wrapped(footer, BOLD, size, room), BOLD, size)
        second = Block(wrapped(contact, BODY, size * 0.94, room), BODY, size * 0.94)
        if first.height + second.height <= tallest or size == FOOTER_SIZES[-1]:
            return first, second
    raise AssertionError("unreachable: the smallest size is always accepted")


def draw_header(canvas: Canvas, header: Header, styles: ToolkitStyles) -> None:
    s = styles
    height = s.page_height
    band = header.band_height
    canvas.setFillColor(s.primary)
    canvas.rect(0, height - band, s.page_width, band, stroke=0, fill=1)
    canvas.setFillColor(s.accent)
    canvas.rect(0, height - band - ACCENT_RULE, s.page_width, ACCENT_RULE, stroke=0, fill=1)
    canvas.setFillColor(s.on_primary)
    middle = height - band / 2
    for block, x, anchor in (
        (header.firm, s.margin_side, "start"),
        (header.context, s.page_width - s.margin_side, "end"),
    ):
        # Each block centred in the band: a line's baseline sits under its box's middle
        # by about a third of the type size (the letters' x-height centred).
        top = middle + block.height / 2
        for n, line in enumerate(block.lines):
            baseline = top - (n + 0.5) * block.leading - block.size * 0.33
            drawn.draw(canvas, x, baseline, line, block.font, block.size, anchor=anchor)


def draw_mark(canvas: Canvas, mark: str, top: float, styles: ToolkitStyles) -> None:
    """A full-width strip ``top`` points under the page's top edge, the mark in it."""
    from reportlab.lib.colors import HexColor, white

    s = styles
    y = s.page_height - top - MARK_HEIGHT
    canvas.setFillColor(HexColor(MARK_FILL))
    canvas.rect(0, y, s.page_width, MARK_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    baseline = y + MARK_HEIGHT / 2 - MARK_SIZE * 0.33
    drawn.draw(canvas, s.page_width / 2, baseline, mark, BOLD, MARK_SIZE, anchor="middle")


def draw_footer(canvas: Canvas, blocks: tuple[Block, Block], styles: ToolkitStyles) -> None:
    s = styles
    rule_y = s.margin_bottom - 12
    canvas.setStrokeColor(s.rule)
    canvas.setLineWidth(0.5)
    canvas.line(s.margin_side, rule_y, s.page_width - s.margin_side, rule_y)
    top = rule_y - 2  # the top of the next line's box
    for block, colour in zip(blocks, (s.ink, s.muted_ink), strict=True):
        canvas.setFillColor(colour)
        for line in block.lines:
            baseline = top - block.size * 0.95
            drawn.draw(canvas, s.margin_side, baseline, line, block.font, block.size)
            top -= block.leading
