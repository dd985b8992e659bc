"""Make the fallback fonts the PDF toolkit ships, as subsets of free fonts (run by hand).

    uv run python resources/fonts/make_subsets.py DroidSansFallback.ttf Symbola_hint.ttf

The sources are Debian's packages ``fonts-droid-fallback`` 6.0.1r16
(``/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf``, Apache 2.0) and
``fonts-symbola`` 2.60 (``/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf``,
"free for any use"). Both have TrueType outlines, which ReportLab's TTFont needs (it
refuses the CFF outlines of Noto CJK's .otf/.ttc files).

The CJK subset keeps every ideograph of the national character sets people write names
and notes in (GB 2312 simplified Chinese, Big5 traditional Chinese, JIS X 0208 Japanese,
KS X 1001 Korean hanja), all 11,172 Hangul syllables, kana, Bopomofo, CJK punctuation and
full-width forms: about 28,700 characters of the font's 33,000, 2.8 MB instead of 3.4 MB.
A rarer ideograph is looked for in the system's fonts at export time, and when no font has
it the export says so. The symbol subset keeps Symbola's emoji, dingbats, arrows and
technical symbols that DejaVu Sans lacks (about 2,000 characters, 0.8 MB). Hinting is
dropped (the PDF is printed or zoomed, and hints are a third of the size); the PDF embeds
only the glyphs it uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
CJK_OUT = HERE / "DroidSansFallback-CJK-subset.ttf"
SYMBOLS_OUT = HERE / "Symbola-symbols-subset.ttf"
# Character sets whose ideographs are kept: what people in each market type day to day.
NATIONAL_SETS = ("gb2312", "big5", "shift_jis", "euc_kr")
CJK_BLOCKS = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)
# Where emoji and the symbols people type in notes live (not Symbola's maths, ancient scripts,
# playing cards or alchemy: those would double the file).
SYMBOL_BLOCKS = (
    (0x2000, 0x23FF),  # punctuation, letterlike symbols, arrows, technical (⌚ ⏰)
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x25A0, 0x27BF),  # shapes, miscellaneous symbols, dingbats (☀ ☎ ✅ ❤)
    (0x2B00, 0x2BFF),  # arrows and stars (⬆ ⭐)
    (0x1F004, 0x1F004),  # 🀄
    (0x1F0CF, 0x1F0CF),  # 🃏
    (0x1F100, 0x1F2FF),  # enclosed letters, regional indicators (flags print as letters)
    (0x1F300, 0x1F6FF),  # pictographs, emoticons, transport and map symbols
    (0x1F7E0, 0x1F7EB),  # coloured circles and squares
    (0x1F900, 0x1FAFF),  # supplemental symbols and pictographs
)


def _in(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in blocks)


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def cjk_characters(cmap: dict[int, str]) -> set[int]:
    keep = {code for code in cmap if _in(code, CJK_BLOCKS)}
    for code in cmap:
        if code >= 0x2E80 and any(_encodable(chr(code), c) for c in NATIONAL_SETS):
            keep.add(code)
    return keep | {0x20, 0xA0}  # spaces inside a run of fallback text


def symbol_characters(cmap: dict[int, str], primary: set[int]) -> set[int]:
    return {code for code in cmap if _in(code, SYMBOL_BLOCKS) and code not in primary}


def write_subset(
    source: Path, unicodes: set[int], out: Path, drop: list[str] | None = None
) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []  # ReportLab draws by cmap: no shaping tables needed
    options.drop_tables += ["vhea", "vmtx", "GSUB", "GPOS", "GDEF", *(drop or [])]
    options.name_IDs = ["*"]  # keep the copyright and licence names
    options.notdef_outline = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(str(out))
    print(f"{out.name}: {len(unicodes)} characters, {out.stat().st_size:,} bytes")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    cjk_source, symbols_source = (Path(a) for a in argv)
    primary = set(TTFont(str(HERE / "DejaVuSans.ttf")).getBestCmap())
    write_subset(cjk_source, cjk_characters(TTFont(str(cjk_source)).getBestCmap()), CJK_OUT)
    symbols = symbol_characters(TTFont(str(symbols_source)).getBestCmap(), primary)
    write_subset(symbols_source, symbols, SYMBOLS_OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
