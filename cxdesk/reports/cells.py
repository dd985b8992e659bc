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

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.reports import lines as drawn
from cxdesk.reports.columns import Measure, combine, measure_runs, pieces
from cxdesk.reports.fonts import BODY, BOLD, BOLD_ITALIC, ITALIC
from cxdesk.reports.text import plain


@dataclass(frozen=True)
class Run:
    """One block of a cell: its own font and colour, starting on a new line."""

    text: str
    colour: Color
    bold: bool = False
    italic: bool = False

    @property
    def font(self) -> str:
        if self.italic:
            return BOLD_ITALIC if self.bold else ITALIC
        return BOLD if self.bold else BODY


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


# Where text in a narrow column may end before it continues below the row: after a word
# (a run of non-spaces); inside a word only where the column breaks it anyway, between two
# wide characters of a word wider than the column (Chinese or Japanese written without
# spaces: a whole paragraph is one "word").
_WORD = re.compile(r"\S+")
CONTINUED = N_("… continued below")
BELOW_GAP = 4.0  # points between a row's columns and its text continued below them


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _ends(text: str, font: str, size: float, width: float) -> list[int]:
    """Offsets in ``text`` where it may be cut without splitting a word, in order."""
    ends: list[int] = []
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        if len(word) > 1 and drawn.width(word, font, size) > width:
            ends += [
                start + n + 1 for n in range(len(word) - 1) if _wide(word[n]) and _wide(word[n + 1])
            ]
        ends.append(match.end())
    return ends


def head_that_fits(text: str, font: str, size: float, width: float, most: int) -> int:
    """The longest start of ``text`` (its length) that ends at a word's end and wraps in
    at most ``most`` lines of ``width``; 0 when not even the first word does."""
    ends = _ends(text, font, size, width)

    def fits(index: int) -> bool:
        return len(break_lines(text[: ends[index]], font, size, width)) <= most

    if not ends or not fits(0):
        return 0
    # Gallop, then halve: only the text near the cut is ever wrapped (a 20,000-character
    # cell is cut after its first dozen lines, not wrapped whole a dozen times).
    good, step = 0, 1
    while good + step < len(ends) and fits(good + step):
        good, step = good + step, step * 2
    bad = min(good + step, len(ends))
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(mid):
            good = mid
        else:
            bad = mid
    return ends[good]


def continue_below(
    cell: TextCell,
    width: float,
    most: int,
    title: str,
    label: Color,
    marker: Color,
    tr: Translator = ENGLISH,
) -> tuple[TextCell, TextCell | None]:
    """``cell`` as it prints in a column ``width`` wide: whole when it wraps in ``most``
    lines; else what fits in ``most`` lines with the marker "… continued below", cut at a
    word's end, and a cell with the rest, headed "<title> (continued):", to be
    printed across the table's width under the row (``TextRow``'s ``below``).

    Nothing is lost or reordered: the kept runs and the rest, read one after the other,
    are the cell's runs; only the whitespace at the cut is dropped."""
    cell.wrap(width, 0)
    if len(cell.lines) <= most:
        return cell, None
    kept: list[Run] = []
    rest: list[Run] = []
    note = Run(tr.gettext(CONTINUED), marker, italic=True)
    room = most - len(break_lines(note.text, note.font, cell.size, width))
    for run in cell.runs:
        if rest:
            rest.append(run)
            continue
        lines = len(break_lines(run.text, run.font, cell.size, width))
        if lines <= room:
            kept.append(run)
            room -= lines
            continue
        cut = head_that_fits(run.text, run.font, cell.size, width, room) if room > 0 else 0
        head, tail = run.text[:cut].rstrip(), run.text[cut:].lstrip()
        if head:
            kept.append(replace(run, text=head))
        rest.append(replace(run, text=tail))
    if not any(run.text.strip() for run in rest):  # only blank lines were over: keep it whole
        return cell, None
    shown = TextCell([*kept, note], cell.size, cell.leading, centred=cell.centred)
    continued = tr.gettext("{title} (continued):").format(title=" ".join(title.split()))
    heading = Run(continued, label, bold=True, italic=True)
    return shown, TextCell([heading, *rest], cell.size, cell.leading)


class TextCell(Flowable):  # type: ignore[misc]
    """Runs of text stacked top to bottom, left-aligned or centred in the column."""

    def __init__(
        self, runs: Sequence[Run], size: float, leading: float, *, centred: bool = False
    ) -> None:
        super().__init__()
        self.runs = [replace(r, text=plain(r.text)) for r in runs if r.text]
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
        return combine(measure_runs([(run.text, run.font, self.size)]) for run in self.runs)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.span_width is not None:
            avail_width = self.span_width
        if avail_width != self._width and not self._fixed:  # tables wrap cells again and again
            self._width = avail_width
            self.lines = [
                (line, run.font, run.colour)
                for run in self.runs
                for line in break_lines(run.text, run.font, self.size, avail_width)
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

    ``below`` are cells printed across the whole row under its columns: the rest of a
    text too long for its narrow column (``continue_below``), read at full width instead
    of three words a line over five pages.

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
        below: Sequence[TextCell] = (),
    ) -> None:
        super().__init__()
        self.cells = list(cells)
        self.widths = list(widths)
        self.padding = padding
        self.bottom = bottom
        self.below = list(below)
        self.columns_height = 0.0

    @property
    def gap(self) -> float:
        """Between the columns and the text continued below them: half a line."""
        return BELOW_GAP if self.columns_height and self.below else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        heights = [
            cell.wrap(width - 2 * self.padding, avail_height)[1]
            for cell, width in zip(self.cells, self.widths, strict=True)
        ]
        self.columns_height = max(heights, default=0.0)
        full = self.width - 2 * self.padding
        under = sum(cell.wrap(full, avail_height)[1] for cell in self.below)
        self.height = self.columns_height + self.gap + under
        return self.width, self.height

    def _row(self, cells: Sequence[TextCell], below: Sequence[TextCell]) -> TextRow:
        return TextRow(cells, self.widths, self.padding, bottom=self.bottom, below=below)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        if self.columns_height > avail_height:
            # Each column keeps the lines that fit; at least one line of the row must, or
            # the table moves the whole row to the next page instead.
            keep = [int((avail_height + 1e-6) // cell.leading) for cell in self.cells]
            if not any(k and cell.lines for k, cell in zip(keep, self.cells, strict=True)):
                return []
            first = [c.part(0, k) for c, k in zip(self.cells, keep, strict=True)]
            rest = [c.part(k, None) for c, k in zip(self.cells, keep, strict=True)]
            return [self._row(first, []), self._row(rest, self.below)]
        # The columns fit: under them, as many lines of the text continued below as fit,
        # never a heading alone (two lines at least, or the cell waits for the next page).
        room = avail_height - self.columns_height - self.gap
        now: list[TextCell] = []
        later: list[TextCell] = []
        for cell in self.below:
            fit = int((room + 1e-6) // cell.leading) if not later else 0
            if fit >= len(cell.lines):
                now.append(cell)
                room -= cell.height
            elif fit >= 2:
                now.append(cell.part(0, fit))
                later.append(cell.part(fit, None))
            else:
                later.append(cell)
        if not now and not self.columns_height:
            return []
        empty = [TextCell([], c.size, c.leading) for c in self.cells]
        return [self._row(self.cells, now), self._row(empty, later)]

    def draw(self) -> None:
        text = self.canv.beginText()
        font: tuple[str, float, Color] | None = None

        def put(cell: TextCell, x: float, top: float, inner: float) -> None:
            nonlocal font
            for n, (line, face, colour) in enumerate(cell.lines):
                if font != (face, cell.size, colour):
                    text.setFont(face, cell.size, cell.leading)
                    text.setFillColor(colour)
                    font = (face, cell.size, colour)
                dx = (inner - drawn.width(line, face, cell.size)) / 2 if cell.centred else 0
                text.setTextOrigin(x + self.padding + dx, top - cell.size - n * cell.leading)
                drawn.put(text, line, face, cell.size, cell.leading)

        x = 0.0
        for cell, width in zip(self.cells, self.widths, strict=True):
            top = self.height - (self.columns_height - cell.height if self.bottom else 0)
            put(cell, x, top, width - 2 * self.padding)
            x += width
        top = self.height - self.columns_height - self.gap
        for cell in self.below:
            put(cell, 0.0, top, self.width - 2 * self.padding)
            top -= cell.height
        self.canv.drawText(text)
