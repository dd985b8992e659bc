"""Column widths that follow a table's content.

A table's designer proposes widths (shares of the frame); the words decide the rest. A
column is never narrower than its longest word (so "Wójcik-Żuławska" or "appointments"
is never cut mid-word while a wider layout exists), a column with nothing in its body
shrinks to its header's longest word (an empty "Pain points" column gives its room to
the text), a column of short values ("4 · 3 · 2") takes no more than its widest value,
and what is left is shared in the proposed proportions. Only when the longest words of
every column cannot sit side by side on the page may a word break: at a hyphen first
(the hyphen stays on the line), at a letter last.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

# Break opportunities inside a word, for when a word is wider than any column can be:
# after a hyphen (ASCII, the Unicode hyphen, the non-breaking one is left alone) or a slash.
_PIECES = re.compile(r"[^\-‐/]+[\-‐/]*|[\-‐/]+")
_SPACES = re.compile(r"[^\S\xa0]+")  # whitespace, but a no-break space joins
# One word may take at most this share of the frame before it is allowed to break: a
# 300-letter string or a URL must not squeeze the other eight columns to nothing.
WORD_SHARE_MAX = 0.45
# A cell whose whole text is this short (a share of the frame) stays on one line while
# the columns allow it: "5 · 4 · 3" or "Priya N." read badly broken in two.
SHORT_LINE_SHARE = 0.1
SLACK = 0.5  # points a column keeps beyond its widest word
# A run of wide characters longer than this is a sentence, not a name (see ``_units``).
NAME_CHARS = 8
_WIDE_RUN = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]+"
)


@dataclass(frozen=True)
class Measure:
    """What a cell needs: its widest word, its widest piece of a word (broken at
    hyphens), and its whole text set on one line; ``write_in`` marks an empty cell meant
    to be written in, ``fixed`` one whose width the content cannot tell (a drawing)."""

    word: float = 0.0
    piece: float = 0.0
    line: float = 0.0
    blank: bool = True
    write_in: bool = False
    fixed: bool = False


BLANK = Measure()
FIXED = Measure(blank=False, fixed=True)


def pieces(word: str) -> list[str]:
    """``word`` cut after each hyphen or slash, the marks kept: "re-keying" → "re-", "keying";
    and between two wide characters: Chinese or Japanese written without spaces (a whole
    sentence is one "word") may break between its characters, as those scripts do, so a
    long one does not claim half the page and squeeze every other column mid-word."""
    found = _PIECES.findall(word) or [word]
    if word.isascii():
        return found
    out: list[str] = []
    for piece in found:
        start = 0
        for n in range(1, len(piece)):
            if _wide(piece[n - 1]) and _wide(piece[n]):
                out.append(piece[start:n])
                start = n
        out.append(piece[start:])
    return out


def _units(token: str) -> list[str]:
    """``token`` as the units a line may not break inside: the token itself, but a run of
    more than ``NAME_CHARS`` wide characters (a sentence of Chinese or Japanese, which
    has no spaces) one unit per character. A shorter run, a name such as 山田太郎さん,
    stays one word: it is never cut while a wider layout exists."""
    if token.isascii():
        return [token]
    out: list[str] = []
    start = 0
    for match in _WIDE_RUN.finditer(token):
        if match.end() - match.start() <= NAME_CHARS:
            continue
        if match.start() > start:
            out.append(token[start : match.start()])
        out += list(match.group())
        start = match.end()
    if start < len(token) or not out:
        out.append(token[start:])
    return out


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def measure_runs(runs: Iterable[tuple[str, str, float]]) -> Measure:
    """Measure text given as (text, font, size) runs that follow one another; a word may
    run on from one run into the next (a bold name, then its plain comma), whitespace
    separates words and ``"\\n"`` separates lines. Words are measured whole, not letter
    by letter: a 1,000-row table is measured in a blink."""
    widest_word = widest_piece = longest_line = 0.0
    word = piece = line = 0.0  # the word (and its last piece) still open at a run's end
    blank = True
    for text, font, size in runs:
        space = stringWidth(" ", font, size)
        for n, segment in enumerate(text.split("\n")):
            if n:  # a line break closes the open word and the line
                widest_word, widest_piece = max(widest_word, word), max(widest_piece, piece)
                longest_line = max(longest_line, line)
                word = piece = line = 0.0
            tokens = [
                (n, unit)
                for n, token in enumerate(_SPACES.split(segment))
                for unit in _units(token)
            ]
            for index, (number, token) in enumerate(tokens):
                if index:  # whitespace (or a sentence's character) closes the open word
                    widest_word, widest_piece = max(widest_word, word), max(widest_piece, piece)
                    word = piece = 0.0
                    if number != tokens[index - 1][0]:
                        line += space
                if not token:
                    continue
                blank = False
                w = stringWidth(token, font, size)
                word += w
                line += w
                parts = pieces(token)
                if len(parts) == 1:
                    piece += w
                else:
                    first = stringWidth(parts[0], font, size)
                    widest_piece = max(widest_piece, piece + first)
                    widest_piece = max(
                        [widest_piece, *(stringWidth(p, font, size) for p in parts[1:-1])]
                    )
                    piece = stringWidth(parts[-1], font, size)
                    if parts[-1][-1:] in "-‐/":
                        widest_piece = max(widest_piece, piece)
                        piece = 0.0
    widest_word, widest_piece = max(widest_word, word), max(widest_piece, piece)
    longest_line = max(longest_line, line)
    return Measure(widest_word, widest_piece, longest_line, blank)


def combine(measures: Iterable[Measure]) -> Measure:
    """Several blocks stacked in one cell."""
    found = list(measures)
    if not found:
        return BLANK
    return Measure(
        max(m.word for m in found),
        max(m.piece for m in found),
        max(m.line for m in found),
        all(m.blank for m in found),
        any(m.write_in for m in found),
        any(m.fixed for m in found),
    )


def fit_widths(
    columns: Sequence[Sequence[Measure]],
    proposed: Sequence[float],
    total: float,
    padding: float,
    *,
    header_rows: int = 1,
) -> list[float]:
    """Widths for ``columns`` (each a column's cells, header rows first) summing to
    ``total``. ``proposed`` gives the designer's proportions; ``padding`` is each side's
    cell padding."""
    count = len(columns)
    if count == 0:
        return []
    scale = total / (sum(proposed) or 1)
    proposal = [p * scale for p in proposed]
    word_cap = total * WORD_SHARE_MAX
    short = total * SHORT_LINE_SHARE
    line_lows: list[float] = []
    lows: list[float] = []
    piece_lows: list[float] = []
    caps: list[float] = []
    amounts: list[float] = []
    for column, share in zip(columns, proposal, strict=True):
        body = column[header_rows:]
        keep = any(m.fixed or m.write_in for m in column)
        # Half a point to spare: a word exactly as wide as the room is broken by
        # ReportLab's rounding ("Ελένη Παπαδο / πούλου" in a column fitted to it).
        low = min(max((m.word for m in column), default=0.0), word_cap) + 2 * padding + SLACK
        piece_low = min(max((m.piece for m in column), default=0.0), word_cap) + 2 * padding + SLACK
        line_low = max([low, *(m.line + 2 * padding + SLACK for m in body if m.line <= short)])
        if keep:  # a drawing, or a blank to write in: the designer's width stands
            low = piece_low = line_low = max(low, share)
        line_lows.append(line_low)
        lows.append(low)
        piece_lows.append(piece_low)
        filled = [m for m in body if not m.blank]
        amounts.append(sum(m.line for m in filled))
        if not filled:  # nothing to show: the header (or the blank to write in) is enough
            caps.append(low)
        else:
            caps.append(max(low, _line_cap(column, padding)))
    # A column's share of the room grows with the square root of the text it holds: a
    # 20,000-character answer gets a wide column, but not every point of the page.
    known = [a for a in amounts if a > 0]
    usual = sum(known) / len(known) if known else 1.0
    weights = [
        share * math.sqrt((amount or usual) / usual)
        for share, amount in zip(proposal, amounts, strict=True)
    ]
    if sum(line_lows) <= total:  # short values ("5 · 4 · 3", "At risk") on one line
        lows = line_lows
    elif sum(lows) > total:
        # The longest words cannot sit side by side: let them break at hyphens; if even
        # that is too wide, shrink every column alike (the words break at letters).
        floor = 2 * padding + 1
        lows = [max(p, floor) for p in piece_lows]
        if sum(lows) > total:
            # Shrunk alike above the padding: scaling whole widths took a narrow column
            # below its own padding (ReportLab: "flowable given negative availWidth").
            room, extra = total - floor * count, [low - floor for low in lows]
            if room <= 0:
                return [total / count] * count
            return [floor + e * room / sum(extra) for e in extra]
    return _share_out(lows, caps, weights, total)


def _line_cap(column: Sequence[Measure], padding: float) -> float:
    return max((m.line for m in column), default=0.0) + 2 * padding + SLACK


def _share_out(
    lows: list[float], caps: list[float], weights: list[float], total: float
) -> list[float]:
    """Each column ``clamp(k × weight, low, cap)`` with k chosen so they fill ``total``;
    when every column is at its cap, the room left is shared by weight (or by width)."""

    def widths(k: float) -> list[float]:
        return [
            min(max(k * w, low), max(cap, low))
            for w, low, cap in zip(weights, lows, caps, strict=True)
        ]

    if sum(widths(1e12)) < total:  # every column has all it can use: share the rest
        found = widths(1e12)
        spare = total - sum(found)
        basis = weights if sum(weights) > 0 else found
        norm = sum(basis) or 1.0
        return [w + spare * b / norm for w, b in zip(found, basis, strict=True)]
    low_k, high_k = 0.0, 1.0
    while sum(widths(high_k)) < total:
        high_k *= 2
    for _ in range(60):
        mid = (low_k + high_k) / 2
        if sum(widths(mid)) < total:
            low_k = mid
        else:
            high_k = mid
    found = widths(high_k)
    # The bisection leaves a hair of rounding: give it to the widest column.
    found[found.index(max(found))] += total - sum(found)
    return found
