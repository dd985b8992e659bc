"""The PDF's fonts: DejaVu Sans for the text, fallbacks for the characters it has no glyph for.

DejaVu Sans (resources/fonts) covers Latin, Greek, Cyrillic, Arabic and Hebrew. Chinese,
Japanese and Korean come from a shipped subset of Droid Sans Fallback, emoji and symbols
from a shipped subset of Symbola, and a character none of them has is looked for in the
system's TrueType fonts (fontconfig on Linux, the font folders on Windows and macOS). A
character no font has is still printed (as the font's empty box) but counted, so the
export can say which characters could not be printed instead of printing boxes silently.

Nothing here is loaded at start-up: the fonts are registered on the export's thread when
the first toolkit is built, and each fallback only when a character first needs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxdesk.resources import resource

BODY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

# DejaVu's oblique faces have no Arabic or Hebrew: text in those scripts prints upright
# (regular or bold) inside italic text instead of as boxes.
SCRIPTS = "CXDesk-Scripts"
CJK = "CXDesk-CJK"
SYMBOLS = "CXDesk-Symbols"
CJK_FILE = "DroidSansFallback-CJK-subset.ttf"
SYMBOLS_FILE = "Symbola-symbols-subset.ttf"
SYSTEM_PREFIX = "CXDesk-System-"
SYSTEM_SEARCH_LIMIT = 40  # distinct characters looked up in the system's fonts per process

_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# Code points the CJK fallback is tried for; anything else goes to the symbol font first.
_CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x2FF0, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
_lock = threading.RLock()  # an export may run on a worker thread while another starts
_registered = False


@dataclass
class _Coverage:
    """Which characters each registered font has (filled in as fonts are loaded)."""

    primary: frozenset[int] = frozenset()  # in all four DejaVu faces
    scripts: frozenset[int] = frozenset()  # in DejaVu regular and bold
    fallbacks: dict[str, frozenset[int]] = field(default_factory=dict)  # name -> characters
    system_tried: int = 0
    system_files: list[tuple[str, int]] = field(default_factory=list)  # (file, index) tried


_coverage = _Coverage()
# The characters of the export being built that no font has (None: nobody is counting).
_unprintable: ContextVar[dict[str, int] | None] = ContextVar("unprintable", default=None)


def register_fonts() -> None:
    """Register the four faces and the family, so ``<b>`` and ``<i>`` in a Paragraph work."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        faces = {}
        for name, filename in _FILES.items():
            faces[name] = TTFont(name, str(resource("fonts", filename)))
            pdfmetrics.registerFont(faces[name])
        pdfmetrics.registerFontFamily(
            BODY, normal=BODY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        for bold, italic, name in ((0, 0, BODY), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(BODY, bold, italic, name)
        # The scripts family is the upright faces under another name: a run in it keeps
        # its weight inside bold text and stays upright inside italic text.
        pdfmetrics.registerFont(TTFont(SCRIPTS, str(resource("fonts", _FILES[BODY]))))
        pdfmetrics.registerFontFamily(
            SCRIPTS, normal=SCRIPTS, bold=BOLD, italic=SCRIPTS, boldItalic=BOLD
        )
        chars = {name: frozenset(_chars(face)) for name, face in faces.items()}
        _coverage.primary = frozenset.intersection(*chars.values())
        _coverage.scripts = chars[BODY] & chars[BOLD]
        _fix_to_unicode_of_astral_characters()
        from cxdesk.reports.bidi import install

        install()  # right-to-left lines are drawn in visual order
        _registered = True


def _fix_to_unicode_of_astral_characters() -> None:
    """Emoji copy out of the PDF as emoji, not as nothing.

    ReportLab writes a subset's ToUnicode map with ``<%04X>``, which gives five hex
    digits for a character beyond U+FFFF (every emoji): readers reject the entry. The
    PDF format wants UTF-16BE there, a surrogate pair for those characters.
    """
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "cxdesk_utf16", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        cmap = str(original(fontname, subset))
        for code in subset:
            if code > 0xFFFF:
                utf16 = chr(code).encode("utf-16-be").hex().upper()
                cmap = cmap.replace(f"> <{code:04X}>\n", f"> <{utf16}>\n", 1)
        return cmap

    make_to_unicode_cmap.cxdesk_utf16 = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _chars(font: Any) -> set[int]:
    return {code for code in font.face.charToGlyph if code > 0x1F}


def _register_fallback(name: str, path: str, index: int = 0) -> frozenset[int]:
    """Register one fallback font as a family of one face (bold and italic print in it)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, path, subfontIndex=index)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    chars = frozenset(_chars(font))
    _coverage.fallbacks[name] = chars
    return chars


def _shipped(name: str) -> frozenset[int]:
    if name not in _coverage.fallbacks:
        filename = CJK_FILE if name == CJK else SYMBOLS_FILE
        _register_fallback(name, str(resource("fonts", filename)))
    return _coverage.fallbacks[name]


def _is_cjk(code: int) -> bool:
    return any(low <= code <= high for low, high in _CJK_RANGES)


def font_for(char: str) -> str | None:
    """The font to print ``char`` in: None for the text's own font (DejaVu Sans), else a
    fallback's name; "" when no font has it."""
    code = ord(char)
    if code in _coverage.primary or code < 0x20:
        return None
    register_fonts()
    with _lock:
        if code in _coverage.primary:
            return None
        if code in _coverage.scripts:
            return SCRIPTS
        order = (CJK, SYMBOLS) if _is_cjk(code) else (SYMBOLS, CJK)
        for name in order:
            if code in _shipped(name):
                return name
        for name, chars in _coverage.fallbacks.items():
            if name.startswith(SYSTEM_PREFIX) and code in chars:
                return name
        return _system_font_for(code) or ""


def _system_font_for(code: int) -> str | None:
    """Register a system TrueType font that has ``code``, if there is one."""
    if _coverage.system_tried >= SYSTEM_SEARCH_LIMIT:
        return None
    _coverage.system_tried += 1
    for path, index in _system_candidates(code):
        if (path, index) in _coverage.system_files:
            continue
        _coverage.system_files.append((path, index))
        name = f"{SYSTEM_PREFIX}{len(_coverage.system_files)}"
        try:
            chars = _register_fallback(name, path, index)
        except Exception:  # CFF outlines, a broken or unreadable file: try the next one
            continue
        if code in chars:
            return name
    return None


def _system_candidates(code: int) -> list[tuple[str, int]]:
    """TrueType font files of this computer that may have ``code``, best guess first."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listing = subprocess.run(
                [fc_list, f":charset={code:x}", "--format", "%{fontformat}|%{index}|%{file}\n"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        found = []
        for line in listing.splitlines():
            fmt, _, rest = line.partition("|")
            index, _, path = rest.partition("|")
            # ReportLab embeds TrueType outlines only (not the CFF of .otf files).
            if fmt == "TrueType" and index.isdigit():
                found.append((path, int(index)))
        return sorted(found)
    return [(str(path), 0) for path in _platform_fonts()]


def _platform_fonts() -> list[Path]:
    """Broad-coverage TrueType fonts Windows and macOS ship (no fontconfig there)."""
    folder: Path  # declared: mypy, checking for Linux, skips the two branches that set them
    names: list[str]
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        names = ["msyh.ttc", "msjh.ttc", "meiryo.ttc", "malgun.ttf", "seguisym.ttf"]
    elif sys.platform == "darwin":
        folder = Path("/Library/Fonts")
        names = ["Arial Unicode.ttf"]
    else:
        return []
    return [folder / name for name in names if (folder / name).is_file()]


def ignorable(char: str) -> bool:
    """Characters with no visible form (joiners, variation selectors, direction marks)."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def note_unprintable(char: str) -> None:
    counted = _unprintable.get()
    if counted is not None:
        counted[char] = counted.get(char, 0) + 1


@contextlib.contextmanager
def counting_unprintable() -> Iterator[dict[str, int]]:
    """Within the block, every character printed without a glyph is counted here."""
    counted: dict[str, int] = {}
    token = _unprintable.set(counted)
    try:
        yield counted
    finally:
        _unprintable.reset(token)


def unprintable_summary(chars: dict[str, int] | tuple[str, ...], shown: int = 8) -> str:
    """ "3 characters could not be printed: U+E000 (private use), …" for the export's summary."""
    if not chars:
        return ""
    listed = list(chars)
    names = []
    for char in listed[:shown]:
        name = unicodedata.name(char, "") or _category_name(char)
        names.append(f"{char} (U+{ord(char):04X} {name.lower()})")
    more = f" and {len(listed) - shown} more" if len(listed) > shown else ""
    noun = "character" if len(listed) == 1 else "characters"
    return (
        f"{len(listed)} {noun} could not be printed (no font has them; they show as "
        f"boxes): {', '.join(names)}{more}."
    )


def _category_name(char: str) -> str:
    return {"Co": "private use", "Cn": "unassigned", "Cs": "surrogate"}.get(
        unicodedata.category(char), "no name"
    )
