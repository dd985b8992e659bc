"""Names and text in every script a client writes in print in the PDF: Chinese, Japanese
and Korean in a fallback font, Arabic and Hebrew right to left with joined letters, and a
character no font has named in the export's summary instead of printed as a silent box.

How right-to-left text is checked: the PDF draws each line in visual order, as every PDF
does. pypdf's extraction reverses the letters of each right-to-left word back, so each
Arabic or Hebrew word comes out as typed (after NFKC, which turns Arabic presentation
forms back into letters). Which way round pypdf puts the words of a right-to-left phrase
depends on how the line was cut into text operations, so the tests accept either word
order (and pypdf's lost space at the phrase's end). Before the fix every word's letters
came out reversed and unjoined.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord, MilestoneRecord
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports import fonts
from cxdesk.reports.bidi import shape, visual
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.text import para

ARABIC = "مرحبا بالعالم"
HEBREW = "שלום עולם"
NAMES = {
    "Polish": "Małgorzata Wójcik-Żuławska",
    "Greek": "Ελένη Παπαδοπούλου",
    "Chinese": "王小明确认了交付日程",
    "Japanese": "山田太郎さんの確認",
    "Korean": "김민준 팀장 승인",
}
SAID = re.compile("The client said (مرحبا ?بالعالم|بالعالم ?مرحبا) ?and left")
UNPRINTABLE = "\U0010fffd"  # private use, plane 16: no font we ship or find has it


@pytest.fixture(autouse=True)
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped fonts alone: CI has no CJK fonts, this machine may have many."""
    monkeypatch.setattr(fonts, "_system_candidates", lambda code: [])


def data() -> ToolkitData:
    items = (
        ItemRecord(1, 7, 0, expects=NAMES["Polish"], needs=NAMES["Greek"], expected_level=4),
        ItemRecord(2, 7, 1, expects=NAMES["Chinese"], needs=NAMES["Japanese"], expected_level=3),
        ItemRecord(3, 7, 2, expects=NAMES["Korean"], needs=f"{HEBREW} 2026", expected_level=2),
        ItemRecord(4, 7, 3, expects=f"The client said {ARABIC} and left", expected_level=1),
        ItemRecord(5, 7, 4, expects=f"Thumbs 👍 and a private {UNPRINTABLE} sign"),
    )
    return ToolkitData(
        client=ClientRecord(3, "北京协和医院"),
        engagement=EngagementRecord(
            7, 3, f"Rollout 東京 {HEBREW}", "Implementation", date(2026, 2, 1)
        ),
        printed_on=date(2026, 6, 1),
        milestones=(MilestoneRecord(1, 7, 0, "킥오프", date(2026, 3, 1), None),),
        items=items,
    )


def text_of(path: Path) -> str:
    reader = PdfReader(path)
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_every_script_prints_and_the_fallback_fonts_are_embedded(tmp_path: Path) -> None:
    out = tmp_path / "scripts.pdf"
    result = build_toolkit(data(), DEFAULT_BRAND, out, sections=["cover", "kickoff"])
    text = text_of(out)
    for name in NAMES.values():
        assert name in text
    assert "北京协和医院" in text
    # Right to left: each word's letters in typed order, the phrase read right to left.
    assert " ".join(reversed(HEBREW.split())) in text or HEBREW in text
    assert SAID.search(text)
    assert "👍" in text
    used = embedded_fonts(out)
    assert {"DejaVuSans", "DroidSansFallback", "Symbola"} <= used
    # The private-use character printed as a box, and the export says so.
    assert result.unprintable == (UNPRINTABLE,)


def test_a_run_of_text_switches_to_a_font_that_has_it() -> None:
    assert para("Zoë Ελένη") == "Zoë Ελένη"  # DejaVu Sans has these: no markup at all
    marked = para("Pan 王 & co")
    assert marked == f'Pan <font name="{fonts.CJK}">王</font> &amp; co'
    assert para("ok 🦄") == f'ok <font name="{fonts.SYMBOLS}">🦄</font>'
    # A joiner or variation selector no font draws is dropped, not counted.
    with fonts.counting_unprintable() as missing:
        assert para("❤\ufe0f\u200d") in ("❤\ufe0f\u200d", "❤\ufe0f", "❤")
        para(f"a{UNPRINTABLE}b{UNPRINTABLE}")
    assert missing == {UNPRINTABLE: 2}


def test_arabic_is_joined_and_lines_are_drawn_right_to_left() -> None:
    joined = shape(ARABIC)
    assert joined != ARABIC  # presentation forms: the letters join
    assert unicodedata.normalize("NFKC", joined) == ARABIC
    # A right-to-left phrase in a left-to-right line: its characters drawn reversed.
    line = visual(f"said {ARABIC} (ok)")
    assert line == f"said {joined[::-1]} (ok)"
    # A line that starts in Hebrew reads from the right: the Latin comes first, drawn.
    assert visual(f"{HEBREW} 2026") == f"2026 {HEBREW[::-1]}"
    # Brackets inside right-to-left text are mirrored so they still open the right way.
    assert visual(f"{HEBREW} (א)") == f"(א) {HEBREW[::-1]}"
    assert visual("plain Latin (ok)") == "plain Latin (ok)"


def test_a_long_arabic_note_wraps_in_reading_order(tmp_path: Path) -> None:
    """Each line is reordered on its own: the first line holds the first words."""
    # One to ten in Arabic words, six times: the first line must hold the first ones.
    ten = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
    words = ten * 6
    note = " ".join(words)
    item = ItemRecord(1, 7, 0, expects=note, expected_level=3)
    out = tmp_path / "long.pdf"
    build_toolkit(
        ToolkitData(
            client=ClientRecord(3, "C"),
            engagement=EngagementRecord(7, 3, "E", "Implementation", date(2026, 2, 1)),
            printed_on=date(2026, 6, 1),
            items=(item,),
        ),
        DEFAULT_BRAND,
        out,
        sections=["kickoff"],
    )
    lines = [
        unicodedata.normalize("NFKC", line)
        for page in PdfReader(out).pages
        for line in (page.extract_text() or "").splitlines()
        if set(ten) & set(unicodedata.normalize("NFKC", line).split())
    ]
    assert len(lines) > 2  # it wrapped
    first = lines[0].split()
    assert len(first) < len(ten)
    # The first printed line holds the note's first words (in some order), not its last.
    assert set(first) <= set(words[: len(first) + 1])


def test_the_summary_names_what_could_not_be_printed() -> None:
    summary = fonts.unprintable_summary((UNPRINTABLE, "\ue000"))
    assert summary.startswith("2 characters could not be printed")
    assert "U+10FFFD" in summary
    assert "U+E000 private use" in summary
    assert fonts.unprintable_summary(()) == ""


def test_the_command_line_says_which_characters_could_not_be_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxdesk.cli_export import EXIT_OK, main
    from cxdesk.store import expectations, workspace
    from cxdesk.store.database import open_database

    db = open_database(tmp_path / "cx.db")
    try:
        client = workspace.add_client(db, "北京协和医院")
        engagement = workspace.add_engagement(db, client.id, "Rollout")
        expectations.add_item(db, engagement.id, expects=f"Sign {UNPRINTABLE} and 王")
    finally:
        db.close()
    out = tmp_path / "t.pdf"
    code = main(["--db", str(tmp_path / "cx.db"), "-e", "Rollout", "-o", str(out), "-s", "kickoff"])
    printed = capsys.readouterr()
    assert code == EXIT_OK, printed.err
    assert "1 character could not be printed" in printed.out
    assert "U+10FFFD private use" in printed.out
    assert "王" in text_of(out)


def test_text_drawn_without_a_paragraph_uses_the_fallbacks_too(tmp_path: Path) -> None:
    """The page header, the matrix's fast table cells and chart labels draw user text
    straight on the canvas: the same fonts and right-to-left order as paragraphs."""
    out = tmp_path / "matrix.pdf"
    result = build_toolkit(data(), DEFAULT_BRAND, out, sections=["matrix"])
    first = unicodedata.normalize("NFKC", PdfReader(out).pages[0].extract_text())
    assert "北京协和医院" in first  # the header band
    assert "東京" in first
    text = text_of(out)
    for name in NAMES.values():
        assert name in text
    assert SAID.search(text)
    assert {"DroidSansFallback", "Symbola"} <= embedded_fonts(out)
    assert result.unprintable == (UNPRINTABLE,)


def test_a_chart_label_is_a_run_per_font() -> None:
    from reportlab.graphics.shapes import Group, String

    from cxdesk.reports.chart_parts import text
    from cxdesk.reports.styles import styles_for

    ink = styles_for(DEFAULT_BRAND).ink
    assert isinstance(text(0, 0, "Plain", ink), String)
    label = text(0, 0, "Team 王小明", ink)
    assert isinstance(label, Group)
    faces = [(s.fontName, s.text) for s in label.contents]
    assert faces == [(fonts.BODY, "Team "), (fonts.CJK, "王小明")]
    # Right to left: the runs come in display order, the Arabic reversed and joined.
    (face, drawn_text), *rest = [(s.fontName, s.text) for s in [text(0, 0, ARABIC, ink)]]
    assert not rest
    assert face == fonts.BODY
    assert drawn_text == shape(ARABIC)[::-1]


def test_a_chinese_label_wraps_in_its_own_font_widths() -> None:
    """Chart labels and the escalation staircase wrap by the widths drawn (the fallback
    font's, for Chinese): a name with no spaces uses its lines instead of being cut to
    one, and no line runs past its room."""
    from cxdesk.reports.chart_parts import lines
    from cxdesk.reports.lines import width
    from cxdesk.reports.sections.escalation import _lines

    name = "北京协和医院" * 6  # more than three lines hold
    wrapped = lines(name, 60, 3)
    assert len(wrapped) == 3
    assert all(width(line, fonts.BODY, 7.5) <= 60 for line in wrapped)
    assert wrapped[-1].endswith("…")
    assert "".join(wrapped).startswith(name[:10])
    rung = _lines("山田太郎さんの確認" * 2, fonts.BOLD, 8, 50, 2)
    assert len(rung) == 2
    assert all(width(line, fonts.BOLD, 8) <= 50 for line in rung)
