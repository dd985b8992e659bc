"""The house style of the toolkit: type scale, brand colours, page geometry, the house table.

One ``ToolkitStyles`` per brand (cached); every section takes its paragraphs, colours and
tables from here so the whole document reads as one piece of work.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cxdesk.models.brand import Brand, PageSize
from cxdesk.reports.fonts import BODY, BOLD, ITALIC, register_fonts

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Table

MM = 72 / 25.4
# Generous margins: these pages are handed to clients, and people write on them.
MARGIN_SIDE = 22 * MM
MARGIN_TOP = 30 * MM  # leaves room for the header band
MARGIN_BOTTOM = 26 * MM  # and for the two-line footer
INK = "#1E2329"
MUTED_INK = "#5B6570"
RULE = "#C9CFD6"


@dataclass(frozen=True)
class ToolkitStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle  # body text with a hanging bullet: Paragraph(..., bulletText="•")
    small: ParagraphStyle
    muted: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_right: ParagraphStyle
    primary: Color
    accent: Color
    ink: Color
    muted_ink: Color
    rule: Color
    light_fill: Color
    on_primary: Color  # text on a primary fill: white, or ink when the brand colour is pale
    primary_text: Color  # the primary colour, darkened if needed to read on white paper
    page_width: float
    page_height: float
    frame_width: float
    margin_side: float = MARGIN_SIDE
    margin_top: float = MARGIN_TOP
    margin_bottom: float = MARGIN_BOTTOM

    @property
    def frame_height(self) -> float:
        return self.page_height - self.margin_top - self.margin_bottom


def page_dimensions(page_size: PageSize) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    width, height = A4 if page_size is PageSize.A4 else LETTER
    return float(width), float(height)


def tint(colour: Color, amount: float) -> Color:
    """``colour`` mixed with white: amount 0 = the colour, 1 = white."""
    from reportlab.lib.colors import Color

    return Color(
        colour.red + (1 - colour.red) * amount,
        colour.green + (1 - colour.green) * amount,
        colour.blue + (1 - colour.blue) * amount,
    )


def luminance(colour: Color) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)
    )


def contrast(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on_white(colour: Color, ratio: float = 4.5) -> Color:
    """``colour`` darkened just enough to be read on white (a pale brand still prints)."""
    from reportlab.lib.colors import Color, white

    shade = colour
    for _ in range(20):
        if contrast(shade, white) >= ratio:
            break
        shade = Color(shade.red * 0.85, shade.green * 0.85, shade.blue * 0.85)
    return shade


def styles_for(brand: Brand) -> ToolkitStyles:
    return _styles(brand.primary, brand.accent, brand.page_size)


@lru_cache(maxsize=16)
def _styles(primary_hex: str, accent_hex: str, page_size: PageSize) -> ToolkitStyles:
    from reportlab.lib.colors import HexColor, white
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    primary = HexColor(primary_hex)
    accent = HexColor(accent_hex)
    ink = HexColor(INK)
    muted_ink = HexColor(MUTED_INK)
    width, height = page_dimensions(page_size)
    on_primary = white if contrast(primary, white) >= contrast(primary, ink) else ink
    primary_text = readable_on_white(primary)

    # embeddedHyphenation: "Sponsor-to-sponsor" may break after a hyphen; without it a
    # narrow cell cuts the word at an arbitrary letter.
    body = ParagraphStyle(
        "body",
        fontName=BODY,
        fontSize=10,
        leading=14.5,
        textColor=ink,
        spaceAfter=6,
        embeddedHyphenation=1,
    )
    return ToolkitStyles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=30,
            leading=36,
            textColor=primary_text,
            spaceAfter=10,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=15, leading=20, textColor=muted_ink, spaceAfter=6
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            fontSize=20,
            leading=25,
            textColor=primary_text,
            spaceBefore=0,
            spaceAfter=10,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ink,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        body=body,
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=11, bulletIndent=0, bulletFontName=BODY, spaceAfter=4
        ),
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5, spaceAfter=3),
        muted=ParagraphStyle(
            "muted",
            parent=body,
            fontName=ITALIC,
            fontSize=9,
            leading=12.5,
            textColor=muted_ink,
        ),
        table_header=ParagraphStyle(
            "table_header",
            parent=body,
            fontName=BOLD,
            fontSize=8.5,
            leading=11,
            textColor=on_primary,
            spaceAfter=0,
        ),
        table_cell=ParagraphStyle(
            "table_cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0
        ),
        table_cell_right=ParagraphStyle(
            "table_cell_right",
            parent=body,
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
            alignment=TA_RIGHT,
        ),
        primary=primary,
        accent=accent,
        ink=ink,
        muted_ink=muted_ink,
        rule=HexColor(RULE),
        light_fill=tint(primary, 0.91),
        on_primary=on_primary,
        primary_text=primary_text,
        page_width=width,
        page_height=height,
        frame_width=width - 2 * MARGIN_SIDE,
    )


def data_table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    styles: ToolkitStyles,
    header_rows: int = 1,
    *,
    right_cols: Collection[int] = (),
) -> Table:
    """The house table: brand header (repeated on every page it splits onto), zebra rows.

    Cells may be Flowables or plain user strings; strings are escaped with ``para()`` and
    wrapped (a long word breaks instead of overflowing). ``right_cols`` right-aligns
    numbers.
    """
    from reportlab.lib.colors import white
    from reportlab.platypus import Paragraph, Table, TableStyle

    from cxdesk.reports.text import para

    def cell(value: Any, row: int, col: int) -> Flowable | str:
        if not isinstance(value, str | int | float) and value is not None:
            return value  # already a Flowable
        text = "" if value is None else str(value)
        if row < header_rows:
            style = styles.table_header
        elif col in right_cols:
            style = styles.table_cell_right
        else:
            style = styles.table_cell
        return Paragraph(para(text), style)

    body = [[cell(v, r, c) for c, v in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(body, colWidths=list(col_widths), repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, styles.primary_text),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), styles.primary),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), styles.on_primary),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if len(rows) > header_rows:
        # Zebra from the first body row; ROWBACKGROUNDS restarts correctly on split pages.
        commands += [
            (
                "ROWBACKGROUNDS",
                (0, header_rows),
                (-1, -1),
                [white, styles.light_fill],
            ),
            ("LINEBELOW", (0, header_rows), (-1, -2), 0.25, styles.rule),
        ]
    table.setStyle(TableStyle(commands))
    return table
