"""Make the font the toolkit's fillable fields are typed in: DejaVu Sans's European scripts.

    uv run python resources/fonts/make_form_font.py

A PDF form field is drawn, as a person types into it, by the viewer in the font its
default appearance names; that font must hold every character they may type, so it is
embedded whole (the text's fonts embed only the glyphs printed). The whole of DejaVu Sans
is 760 KB (380 KB compressed) in every blank template; this subset keeps the scripts of
European and neighbouring clients' names and notes — Latin with its extensions (Polish,
Czech, Turkish, Vietnamese...), Greek (monotonic and polytonic), Cyrillic, Armenian and
Georgian — with their punctuation, currency signs and common symbols: about 2,650
characters, 190 KB (110 KB compressed). Hebrew and Arabic are left out: a viewer draws a
field's text left to right, unshaped, so they would not read right even with the glyphs.
Its source is the shipped ``DejaVuSans.ttf``; hinting and shaping tables are dropped as
for the other subsets (``make_subsets.write_subset``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_subsets import write_subset

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "DejaVuSans.ttf"
OUT = HERE / "DejaVuSans-forms.ttf"
BLOCKS = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0250, 0x02FF),  # IPA extensions, spacing modifier letters (ˇ ˘ ˙ ˛ ʼ)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x0530, 0x058F),  # Armenian
    (0x10A0, 0x10FF),  # Georgian
    (0x1E00, 0x1FFF),  # Latin Extended Additional (Vietnamese, Welsh), Greek Extended
    (0x2000, 0x20CF),  # punctuation, super- and subscripts, currency signs
    (0x2100, 0x218F),  # letterlike symbols (№ ™), number forms (½ Ⅳ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ≠ ±)
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ▲)
    (0x2610, 0x2612),  # ballot boxes
    (0x2713, 0x2718),  # check marks and crosses
    (0xFB00, 0xFB06),  # Latin ligatures
    (0xFFFD, 0xFFFD),  # the replacement character
)


def main() -> int:
    wanted = {code for low, high in BLOCKS for code in range(low, high + 1)}
    write_subset(SOURCE, wanted, OUT, drop=["MATH", "gasp"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
