"""A light table cell for long data tables: stacked runs of plain text, wrapped and drawn
without ReportLab's Paragraph machinery.

A 1,000-row matrix is 9,000 cells; as Paragraphs (markup parsed, lines broken again at
every split and every draw) it takes seconds. These cells hold plain text, wrap it once
per width (cached), break words too long for the column instead of overflowing, and draw
with a canvas text object. No markup is involved, so user text needs no escaping, only
``plain()`` (control characters dropped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.text import plain


@dataclass(frozen=True)
class Run:
    """One block of a cell: its own font and colour, starting on a new line."""

    text: str
    colour: Color
    bold: bool = False


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the column is cut into pieces that fit."""
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            w = stringWidth(word, font, size)
            if w > width:  # "a" * 300, a URL: break it by characters
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                piece = ""
                for char in word:
                    if piece and stringWidth(piece + char, font, size) > width:
                        lines.append(piece)
                        piece = ""
                    piece += char
                line, used = piece, stringWidth(piece, font, size)
                continue
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        lines.append(line)
    return lines


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

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._width:  # tables wrap each cell again and again
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
                x = (self.width - stringWidth(line, face, self.size)) / 2
                text.setTextOrigin(x, self.height - self.size - n * self.leading)
            text.textLine(line)
        self.canv.drawText(text)


class TextRow(Flowable):  # type: ignore[misc]
    """A whole table row of ``TextCell`` columns as one flowable, drawn as one text object.

    For the longest tables (a 1,000-row matrix): the table then has one cell per row, so
    ReportLab's per-cell bookkeeping (geometry, styles, a translate per cell) is paid once
    per row instead of nine times, and the row's text is a single PDF text object.
    ``bottom`` aligns the columns' text to the row's foot (a header row).
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
                dx = (inner - stringWidth(line, face, cell.size)) / 2 if cell.centred else 0
                text.setTextOrigin(x + self.padding + dx, top - cell.size - n * cell.leading)
                text.textLine(line)
            x += width
        self.canv.drawText(text)
