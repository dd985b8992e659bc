"""Right-to-left text in the PDF: Arabic letters joined, and each line drawn in visual order.

ReportLab draws every line left to right in the order the characters were typed, so
"مرحبا بالعالم" came out mirrored with its letters unjoined. Two steps fix that, and
each keeps the text in typing (logical) order for as long as possible:

1. ``shape()`` (called by ``text.para()``) turns Arabic letters into their joined
   presentation forms with arabic-reshaper (DejaVu Sans has those glyphs). The text
   stays in logical order, so ReportLab measures and breaks lines as usual.
2. ``install()`` wraps ``Paragraph.drawPara`` so that, for a paragraph holding
   right-to-left characters, each line already broken is reordered by the Unicode
   bidirectional algorithm (python-bidi's reference implementation) just while it is
   drawn: right-to-left runs read right to left, numbers and Latin inside them keep
   their order, mixed lines do not scramble, and a paragraph that starts in a
   right-to-left script is aligned right. Reordering per line (not per paragraph) is
   what keeps a long Arabic note in the right order when it wraps.

ReportLab's own bidi support needs ``rlbidi``, which is not on PyPI, and ReportLab does
not reorder paragraphs with any markup; hence this. Copying text out of the PDF gives
the visual order; PDF readers (and pypdf) reverse right-to-left runs back, so a reader's
copy and pypdf's extraction read in logical order, with presentation forms that NFKC
normalisation turns back into the letters typed.
"""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
from typing import Any

# Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan... and
# their presentation forms. Used to skip the bidi work for every other paragraph.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_OBJECT = "\ufffc"  # stands for an inline image or anchor while a line is reordered
_lock = threading.Lock()
_installed = False
_reshaper: Any = None


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def starts_rtl(text: str) -> bool:
    """The paragraph direction of the bidi algorithm (rules P2, P3): its first strong letter."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def shape(text: str) -> str:
    """Arabic letters in their joined (initial, medial, final, isolated) forms, in logical order."""
    if not _ARABIC_LETTERS.search(text):
        return text
    return str(_arabic_reshaper().reshape(text))


def _arabic_reshaper() -> Any:
    global _reshaper
    if _reshaper is None:
        import arabic_reshaper
        from arabic_reshaper.ligatures import LIGATURES
        from reportlab.pdfbase import pdfmetrics

        from cxdesk.reports.fonts import BODY, register_fonts

        register_fonts()
        glyphs = pdfmetrics.getFont(BODY).face.charToGlyph
        # Only the ligatures DejaVu Sans draws (lam-alef and friends), else boxes.
        config: dict[str, Any] = {
            name: all(ord(form) in glyphs for form in forms if form)
            for name, (_pattern, forms) in LIGATURES
        }
        config["delete_harakat"] = False
        _reshaper = arabic_reshaper.ArabicReshaper(configuration=config)
    return _reshaper


def visual_order(text: str, rtl: bool | None = None) -> list[tuple[int, bool]]:
    """For each position of the displayed line, the index of the character shown there
    and whether it sits in a right-to-left run (where brackets are mirrored).

    ``rtl`` is the paragraph direction (None: from the text's first strong letter).
    Explicit embedding marks are left out (rule X9): they print nothing.
    """
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    base = int(starts_rtl(text) if rtl is None else rtl)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if not char["type"]:
            # An unassigned code point has no bidi class in unicodedata, and python-bidi
            # then fails an assertion; UAX #9 gives unassigned code points class L.
            char["type"] = char["orig"] = "L"
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    return [(c["index"], c["level"] % 2 == 1) for c in storage["chars"]]


def visual(text: str, rtl: bool | None = None) -> str:
    """One line of text in the order it is drawn, letters joined (for canvas strings)."""
    if not has_rtl(text):
        return text
    return _reorder_text(shape(text), rtl)


def _reorder_text(text: str, rtl: bool | None) -> str:
    return "".join(_mirror(text[i]) if odd else text[i] for i, odd in visual_order(text, rtl))


def _mirror(char: str) -> str:
    from bidi.mirror import MIRRORED

    return str(MIRRORED.get(char, char))


# -- drawing paragraphs ---------------------------------------------------------------------


def install() -> None:
    """Make ReportLab's Paragraph draw right-to-left lines in visual order (once)."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab.platypus.paragraph import Paragraph

        original = Paragraph.drawPara

        def drawPara(self: Any, debug: int = 0) -> Any:
            laid = self.blPara
            lines = laid.lines
            if not lines or not has_rtl(_paragraph_text(laid)):
                return original(self, debug)
            rtl = starts_rtl(_paragraph_text(laid))
            saved_style = self.style
            try:
                laid.lines = [_visual_line(laid.kind, line, rtl) for line in lines]
                if rtl and saved_style.alignment == 0:  # TA_LEFT: read from the right
                    self.style = copy.copy(saved_style)
                    self.style.alignment = 2  # TA_RIGHT
                return original(self, debug)
            finally:
                laid.lines = lines
                self.style = saved_style

        drawPara.__doc__ = original.__doc__
        Paragraph.drawPara = drawPara
        _installed = True


def _paragraph_text(laid: Any) -> str:
    if laid.kind == 0:
        return " ".join(" ".join(words) for _space, words in laid.lines)
    return "".join(getattr(frag, "text", "") for line in laid.lines for frag in line.words)


def _visual_line(kind: int, line: Any, rtl: bool) -> Any:
    if kind == 0:
        extra, words = line
        text = " ".join(words)
        if not has_rtl(text):
            return line
        return (extra, _reorder_text(text, rtl).split(" "))
    frags = line.words
    chars: list[str] = []
    owner: list[int] = []
    for index, frag in enumerate(frags):
        text = getattr(frag, "text", "")
        if hasattr(frag, "cbDefn") or not text:
            chars.append(_OBJECT)
            owner.append(index)
            continue
        chars.extend(text)
        owner.extend([index] * len(text))
    text = "".join(chars)
    if not has_rtl(text):
        return line
    runs: list[tuple[int, list[str]]] = []
    for position, odd in visual_order(text, rtl):
        frag_index = owner[position]
        char = _mirror(text[position]) if odd else text[position]
        if runs and runs[-1][0] == frag_index:
            runs[-1][1].append(char)
        else:
            runs.append((frag_index, [char]))
    words = []
    placed_objects: set[int] = set()
    for frag_index, run in runs:
        frag = frags[frag_index]
        if hasattr(frag, "cbDefn") or not getattr(frag, "text", ""):
            if frag_index not in placed_objects:
                words.append(frag)
                placed_objects.add(frag_index)
            continue
        words.append(frag.clone(text="".join(run)))
    # Frags whose text was all removed by the algorithm (embedding marks) are dropped.
    new = copy.copy(line)
    new.words = words
    return new
