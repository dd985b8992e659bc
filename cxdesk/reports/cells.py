"""A light table cell for long data tables: stacked runs of plain text, wrapped and drawn
without ReportLab's Paragraph machinery.

A 1,000-row matrix is 9,000 cells; as Paragraphs (markup parsed, lines broken again at
every split and every draw) it takes seconds. These cells hold plain text, wrap it once
per width (cached), break words too long for the column instead of overflowing, and draw
with a canvas text object. No markup is involved, so user text needs no escaping, only
``plain()`` (control characters dropped); widths and drawing go through
``reports.lines`` so Chinese or emoji print in a fallback font and Arabic or Hebrew
lines in display order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from cxdesk.reports import lines as drawn
from cxdesk.reports.columns import Measure, combine, measure_runs, pieces
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.text import plain


@dataclass(frozen=True)
class Run:
    """One block of a cell: its own font and colour, starting on a new line."""

    text: str
    colour: Color
    bold: bool = False


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap. A word wider than the column (the columns are fitted to the
    words, so only a freak: "a" * 300, a URL) breaks after a hyphen or slash first, the
    mark kept at the line's end, and between letters only where that is not enough."""
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            w = drawn.width(word, font, size)
            if w > width:
                if line:
                    lines.append(line)
                *whole, (line, used) = _break_word(word, font, size, width)
                lines.extend(piece for piece, _width in whole)
                continue
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        lines.append(line)
    return lines


def _break_word(word: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
    """``word`` in lines no wider than ``width`` (with their widths): whole pieces (cut
    after hyphens) packed together, a piece still too wide cut between letters."""
    out: list[tuple[str, float]] = []
    line, used = "", 0.0
    for piece in pieces(word):
        w = drawn.width(piece, font, size)
        if used + w <= width:
            line, used = line + piece, used + w
            continue
        if line:
            out.append((line, used))
            line, used = "", 0.0
        if w <= width:
            line, used = piece, w
            continue
        for char in piece:
            c = drawn.width(char, font, size)
            if line and used + c > width:
                out.append((line, used))
                line, used = "", 0.0
            line, used = line + char, used + c
    out.append((line, used))
    return out


class TextCell(Flowable):  # type: ignore[misc]
    """Runs of text stacked top to bottom, left-aligned or centred in the column."""

    def __init__(
        self, runs: Sequence[Run], size: float, leading: float, *, centred: bool = False
    ) -> None:
        super().__init__()
        self.runs = [Run(plain(r.text), r.colour, r.bold) for r in runs if r.text]
        self.size = size
        self.leading = leading
        self.centred = centred
        self.lines: list[tuple[str, str, Color]] = []  # (text, font, colour), once wrapped
        self._width = -1.0
        self._fixed = False  # a part of a split cell: its lines are final
        # The width of the text inside a cell that spans the table's columns. ReportLab
        # measures and splits such a cell at its first column's width (a 20,000-character
        # band came out one letter per line); with this set, every wrap uses the span's.
        self.span_width: float | None = None

    def measure(self) -> Measure:
        """What the column must give this cell (see ``columns.fit_widths``)."""
        return combine(
            measure_runs([(run.text, BOLD if run.bold else BODY, self.size)]) for run in self.runs
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.span_width is not None:
            avail_width = self.span_width
        if avail_width != self._width and not self._fixed:  # tables wrap cells again and again
            self._width = avail_width
            self.lines = [
                (line, BOLD if run.bold else BODY, run.colour)
                for run in self.runs
                for line in break_lines(
                    run.text, BOLD if run.bold else BODY, self.size, avail_width
                )
            ]
        self.width = avail_width
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The lines that fit ``avail_height``, and the rest: a table row split over two
        pages (ReportLab's in-row split) carries a 20,000-character cell on, line by line.
        The lines stay as the table wrapped them (ReportLab passes the column's width
        here, padding included)."""
        if self._width < 0:
            self.wrap(avail_width, avail_height)
        keep = int((avail_height + 1e-6) // self.leading)
        if keep <= 0:
            return []
        return [self.part(0, keep), self.part(keep, None)]

    def part(self, start: int, stop: int | None) -> TextCell:
        """The wrapped lines ``start:stop`` as a cell of their own (a row split over two
        pages); it is not wrapped again at this width."""
        piece = TextCell([], self.size, self.leading, centred=self.centred)
        piece.lines = self.lines[start:stop]
        piece._width = self._width
        piece._fixed = True
        piece.span_width = self.span_width
        return piece

    def draw(self) -> None:
        # One text object per cell, font and colour set only when they change: drawing
        # 9,000 cells is mostly the PDF operators written, so write as few as possible.
        text = self.canv.beginText(0, self.height - self.size)
        font: tuple[str, Color] | None = None
        for n, (line, face, colour) in enumerate(self.lines):
            if font != (face, colour):
                text.setFont(face, self.size, self.leading)
                text.setFillColor(colour)
                font = (face, colour)
            if self.centred:
                x = (self.width - drawn.width(line, face, self.size)) / 2
                text.setTextOrigin(x, self.height - self.size - n * self.leading)
            drawn.put(text, line, face, self.size, self.leading)
        self.canv.drawText(text)


class TextRow(Flowable):  # type: ignore[misc]
    """A whole table row of ``TextCell`` columns as one flowable, drawn as one text object.

    For the longest tables (a 1,000-row matrix): the table then has one cell per row, so
    ReportLab's per-cell bookkeeping (geometry, styles, a translate per cell) is paid once
    per row instead of nine times, and the row's text is a single PDF text object.
    ``bottom`` aligns the columns' text to the row's foot (a header row).

    A row taller than the room left on a page splits between lines (``split``), so a
    20,000-character expectation runs on over the next pages instead of failing the
    whole export.
    """

    def __init__(
        self,
        cells: Sequence[TextCell],
        widths: Sequence[float],
        padding: float,
        *,
        bottom: bool = False,
    ) -> None:
        super().__init__()
        self.cells = list(cells)
        self.widths = list(widths)
        self.padding = padding
        self.bottom = bottom

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        heights = [
            cell.wrap(width - 2 * self.padding, avail_height)[1]
            for cell, width in zip(self.cells, self.widths, strict=True)
        ]
        self.height = max(heights, default=0.0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        # Each column keeps the lines that fit; at least one line of the row must, or the
        # table moves the whole row to the next page instead.
        keep = [int((avail_height + 1e-6) // cell.leading) for cell in self.cells]
        if not any(k and cell.lines for k, cell in zip(keep, self.cells, strict=True)):
            return []
        first = TextRow(
            [c.part(0, k) for c, k in zip(self.cells, keep, strict=True)],
            self.widths,
            self.padding,
            bottom=self.bottom,
        )
        rest = TextRow(
            [c.part(k, None) for c, k in zip(self.cells, keep, strict=True)],
            self.widths,
            self.padding,
            bottom=self.bottom,
        )
        return [first, rest]

    def draw(self) -> None:
        text = self.canv.beginText()
        font: tuple[str, float, Color] | None = None
        x = 0.0
        for cell, width in zip(self.cells, self.widths, strict=True):
            inner = width - 2 * self.padding
            top = self.height - (self.height - cell.height if self.bottom else 0)
            for n, (line, face, colour) in enumerate(cell.lines):
                if font != (face, cell.size, colour):
                    text.setFont(face, cell.size, cell.leading)
                    text.setFillColor(colour)
                    font = (face, cell.size, colour)
                dx = (inner - drawn.width(line, face, cell.size)) / 2 if cell.centred else 0
                text.setTextOrigin(x + self.padding + dx, top - cell.size - n * cell.leading)
                drawn.put(text, line, face, cell.size, cell.leading)
            x += width
        self.canv.drawText(text)
