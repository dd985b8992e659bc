"""The house style of the toolkit: type scale, brand colours, page geometry, the house table.

One ``ToolkitStyles`` per brand (cached); every section takes its paragraphs, colours and
tables from here so the whole document reads as one piece of work.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cxdesk.language import ENGLISH, Translator
from cxdesk.models.brand import Brand, PageSize
from cxdesk.reports.fonts import BODY, BOLD, ITALIC, register_fonts

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Table

    from cxdesk.reports.columns import Measure

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

    # No embeddedHyphenation: it broke "re-keying" at its hyphen whenever the line was
    # full, and a hyphen at a line's end reads (and copies out, in most PDF readers) as
    # a word split by hyphenation: "Morning rekeying". Tables are fitted to their words
    # instead (``columns.fit_widths``), so words stay whole.
    body = ParagraphStyle(
        "body",
        fontName=BODY,
        fontSize=10,
        leading=14.5,
        textColor=ink,
        spaceAfter=6,
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


# A row split over two pages leaves at least this much of it on each (points): about
# two lines of cell text, so a row never dangles a lone line at a page's foot.
SPLIT_ROW_MIN = 26
# A row taller than this that does not fit in the rest of a page is split to fill it;
# a shorter one moves whole to the next page (reading a short row across a page break
# is worse than a little white space).
TALL_ROW = 180


def _house_table_class() -> type[Table]:
    from reportlab.platypus import Table

    class HouseTable(Table):  # type: ignore[misc]
        """A Table that splits a tall row inside itself, at the first page it reaches.

        ReportLab's own order (between rows first, inside a row only when that fails)
        repeats the header in mid-page: the rows before a tall row close the page's
        part, then the rest, header first, is laid into the space left on the same page
        and split inside the tall row there.
        """

        def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
            self._calc(avail_width, avail_height)
            heights = self._rowHeights
            index, used = 0, 0.0
            while index < len(heights) and used + heights[index] <= avail_height:
                used += heights[index]
                index += 1
            if index == len(heights):
                return [self]
            header = self.repeatRows if isinstance(self.repeatRows, int) else 0
            if index >= header and self._rowHeights[index] > TALL_ROW:
                parts = self._splitRows(avail_height, doInRowSplit=1)
                if parts:
                    return list(parts)
            return list(self._splitRows(avail_height, doInRowSplit=0))

    return HouseTable


_HOUSE_TABLE: type[Table] | None = None


def house_table(*args: Any, **kwargs: Any) -> Table:
    """A ``Table`` whose rows taller than a page split across pages (see HouseTable)."""
    global _HOUSE_TABLE
    if _HOUSE_TABLE is None:
        _HOUSE_TABLE = _house_table_class()
    kwargs.setdefault("splitInRow", SPLIT_ROW_MIN)
    return _HOUSE_TABLE(*args, **kwargs)


def data_table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    styles: ToolkitStyles,
    header_rows: int = 1,
    *,
    right_cols: Collection[int] = (),
    padding: float = 5,
    fit: bool = True,
    full_width: Collection[int] = (),
    continue_after: int | None = None,
    tr: Translator = ENGLISH,
) -> Table:
    """The house table: brand header (repeated on every page it splits onto), zebra rows.

    Cells may be Flowables or plain user strings; strings are escaped with ``para()`` and
    wrapped. ``right_cols`` right-aligns numbers. ``col_widths`` are the designer's
    proportions (their sum is the table's width); with ``fit`` the columns then follow
    their content (``columns.fit_widths``): never narrower than their longest word, an
    empty column narrow. A row taller than the page splits between its lines and runs
    on over the next page (under the repeated header): user text of any length prints
    whole instead of failing the export. Rows in ``full_width`` are one cell spanning
    the table (a band between groups of rows); they do not count in the fitting.

    With ``continue_after``, a ``TextCell`` that would wrap in more lines than that in
    its column shows what fits, marked "… continued below", and the rest follows in a
    row across the table labelled with the column's title (``cells.continue_below``):
    a long answer reads at full width instead of three words a line over pages. Such a
    row keeps the background of the row it continues, with no rule between them.
    """
    from reportlab.lib.colors import white
    from reportlab.platypus import Paragraph, TableStyle

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
    widths = list(col_widths)

    def fitted(table: Sequence[Sequence[Any]], spans: Collection[int]) -> list[float]:
        if not (fit and table):
            return widths
        from cxdesk.reports.columns import fit_widths

        shown = [row for n, row in enumerate(table) if n not in spans]
        columns = [[measure_cell(row[c]) for row in shown] for c in range(len(widths))]
        return fit_widths(columns, widths, sum(widths), padding, header_rows=header_rows)

    widths = fitted(body, full_width)
    continues: set[int] = set()
    if continue_after is not None and body:
        titles = [_title(v) for v in rows[0]] if header_rows else [""] * len(widths)
        args = (padding, header_rows, full_width, titles, continue_after, styles.muted_ink, tr)
        found = _continued(body, widths, *args)
        if any(below for _cells, below in found):
            # The text moved under its row no longer claims its column's width: fit the
            # columns to what stays in them, then cut again at those widths.
            widths = fitted([cells for cells, _below in found], full_width)
            found = _continued(body, widths, *args)
            body, spans = [], set()
            for n, (cells, below) in enumerate(found):
                if n in full_width:
                    spans.add(len(body))
                body.append(cells)
                for rest in below:
                    continues.add(len(body))
                    spans.add(len(body))
                    body.append([rest, *[""] * (len(widths) - 1)])
            full_width = spans
    from cxdesk.reports.cells import TextCell

    for row in full_width:
        first = body[row][0]
        if isinstance(first, TextCell):
            first.span_width = sum(widths) - 2 * padding
    table = house_table(body, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
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
    commands += [("SPAN", (0, row), (-1, row)) for row in full_width]
    if continues:
        # A continued row and its continuation are one item: one background, no rule
        # between them (the zebra counts items, not table rows).
        fills = [styles.light_fill, white]
        for row in range(header_rows, len(body)):
            if row not in continues:
                fills.reverse()
            commands.append(("BACKGROUND", (0, row), (-1, row), fills[0]))
            if row < len(body) - 1 and row + 1 not in continues:
                commands.append(("LINEBELOW", (0, row), (-1, row), 0.25, styles.rule))
    elif len(body) > header_rows:
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


def _title(value: Any) -> str:
    """A header cell's words, for the label of a text continued below its row."""
    from cxdesk.reports.cells import TextCell

    if isinstance(value, str):
        return value
    if isinstance(value, TextCell):
        return " ".join(run.text for run in value.runs)
    return ""


def _continued(
    body: Sequence[Sequence[Any]],
    widths: Sequence[float],
    padding: float,
    header_rows: int,
    full_width: Collection[int],
    titles: Sequence[str],
    most: int,
    muted: Color,
    tr: Translator,
) -> list[tuple[list[Any], list[Any]]]:
    """Each row of ``body`` as printed (its long text cells cut, see ``data_table``) with
    the cells continued under it."""
    from cxdesk.reports.cells import TextCell, continue_below

    out: list[tuple[list[Any], list[Any]]] = []
    for n, row in enumerate(body):
        if n < header_rows or n in full_width:
            out.append((list(row), []))
            continue
        shown: list[Any] = []
        below: list[Any] = []
        for value, width, title in zip(row, widths, titles, strict=True):
            if not isinstance(value, TextCell):
                shown.append(value)
                continue
            kept, rest = continue_below(value, width - 2 * padding, most, title, muted, muted, tr)
            shown.append(kept)
            below += [rest] if rest is not None else []
        out.append((shown, below))
    return out


def measure_cell(value: Any) -> Measure:
    """What a table cell's content needs from its column (see ``columns.Measure``)."""
    from reportlab.platypus import Paragraph

    from cxdesk.reports.cells import TextCell
    from cxdesk.reports.columns import BLANK, FIXED, Measure, combine, measure_runs
    from cxdesk.reports.flowables import FormCell

    if value is None or value == "":
        return BLANK
    if isinstance(value, list | tuple):
        return combine(measure_cell(v) for v in value)
    if isinstance(value, Paragraph):
        return measure_runs(
            ("\n", f.fontName, f.fontSize)
            if getattr(f, "lineBreak", False)
            else (f.text, f.fontName, f.fontSize)
            for f in value.frags
            if hasattr(f, "text")
        )
    if isinstance(value, TextCell):
        return value.measure()
    if isinstance(value, FormCell):
        return Measure(write_in=True)
    return FIXED
