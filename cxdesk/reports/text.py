"""Make user text safe for ReportLab: Paragraph markup escaped, control characters dropped,
each character in a font that has it, Arabic letters joined."""

from __future__ import annotations

import html
import re
from datetime import date

# C0 and C1 control characters (and DEL) break ReportLab's parser or print as junk;
# newline and tab are kept because they mean something in a multi-line field.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates cannot be encoded into the PDF at all.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
ELLIPSIS = "…"


def plain(text: str | None) -> str:
    """Text for a reportlab.graphics String: no markup there, but no control characters."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("", _CONTROL.sub("", text))


def para(text: str | None) -> str:
    """Text for a Paragraph: escaped so ``<img …>`` or ``R&D <core>`` print as written.

    A run of characters DejaVu Sans has no glyph for (Chinese, Japanese, Korean, emoji)
    is wrapped in ``<font name=…>`` naming a fallback font that has them; a character no
    font has is counted for the export's summary (``fonts.counting_unprintable``).
    Arabic is joined here; lines are put in visual order when drawn (``reports.bidi``).
    """
    cleaned = plain(text)
    if not cleaned.isascii():
        from cxdesk.reports.bidi import shape

        runs = font_runs(shape(cleaned))
    else:  # DejaVu Sans has every printable ASCII character: nothing to look up
        runs = [(None, cleaned)]
    out = []
    for font, run in runs:
        escaped = html.escape(run, quote=False)
        escaped = escaped.replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;").replace("\n", "<br/>")
        out.append(f'<font name="{font}">{escaped}</font>' if font else escaped)
    return "".join(out)


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into runs, each with the fallback font it prints in (None: the style's)."""
    from cxdesk.reports.fonts import font_for, ignorable, note_unprintable

    runs: list[tuple[str | None, list[str]]] = []
    for char in text:
        font = None if char in " \n\t" else font_for(char)
        if font == "":
            if ignorable(char):
                continue  # a joiner or variation selector no font draws: nothing is lost
            note_unprintable(char)
            font = None
        if runs and runs[-1][0] == font:
            runs[-1][1].append(char)
        else:
            runs.append((font, [char]))
    return [(font, "".join(chars)) for font, chars in runs]


def clip(text: str | None, n: int) -> str:
    """At most ``n`` characters, ending in an ellipsis when cut (for charts and labels)."""
    cleaned = plain(text).replace("\n", " ")
    if n <= 0:
        return ""
    if len(cleaned) <= n:
        return cleaned
    return cleaned[: max(n - 1, 0)].rstrip() + ELLIPSIS


def long_date(day: date | None) -> str:
    """Like "6 December 2026": unambiguous on both sides of the Atlantic."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    """Like "6 Dec 2026", for table cells."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
