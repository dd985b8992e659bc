"""The reports core: escaping, fonts, styles, the document (page size, header and footer,
metadata, outline, atomic write, progress, cancelling) and logo checks.

PDFs are checked by their extracted text, page count and page size, never by file size.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND, Brand, LogoKind, PageSize
from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord, MilestoneRecord
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports import document, sections
from cxdesk.reports.document import ExportCancelled, build_toolkit
from cxdesk.reports.logo import check_logo, logo_flowable
from cxdesk.reports.styles import contrast, styles_for
from cxdesk.reports.text import clip, para, plain

TRICKY = ("Zoë Łukasiewicz", "Ελένη", "Фёдор", "R&D <core>")
IMG = '<img src="http://x/y.png"/>'
LONG = "a" * 300
MY_BLANK = ["cover", "kickoff", "feedback", "escalation"]


def words(path: Path) -> str:
    """All the PDF's text with runs of whitespace made single spaces."""
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def tricky_data() -> ToolkitData:
    items = (
        ItemRecord(1, 7, 0, expects="Zoë Łukasiewicz signs off", needs="Ελένη", expected_level=4),
        ItemRecord(2, 7, 1, expects="Фёдор", needs="R&D <core>", expected_level=2),
        ItemRecord(3, 7, 2, expects=IMG, needs=LONG),
    )
    milestones = (MilestoneRecord(1, 7, 0, "Kickoff «R&D»", date(2026, 3, 1), None),)
    return ToolkitData(
        client=ClientRecord(3, "Zoë Łukasiewicz & Фёдор"),
        engagement=EngagementRecord(7, 3, "R&D <core> Ελένη", "Implementation", date(2026, 2, 1)),
        printed_on=date(2026, 6, 1),
        milestones=milestones,
        items=items,
    )


TRICKY_BRAND = Brand(
    firm_name="R&D <core> Partners",
    consultant="Zoë Łukasiewicz",
    footer="Confidential — Ελένη",
    contact="Фёдор · +7 000 000",
)


# --- text ---------------------------------------------------------------------------


def test_para_escapes_markup_and_keeps_lines() -> None:
    assert para("R&D <core>") == "R&amp;D &lt;core&gt;"
    assert para(IMG).startswith("&lt;img src=")
    assert para("one\ntwo\r\nthree") == "one<br/>two<br/>three"
    assert para(None) == ""


def test_control_characters_are_dropped() -> None:
    assert plain("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert plain("tab\tand\nnewline") == "tab\tand\nnewline"
    assert para("bell\x07") == "bell"
    assert plain("lone \ud800 surrogate") == "lone  surrogate"


def test_clip_adds_an_ellipsis_only_when_cut() -> None:
    assert clip("short", 10) == "short"
    assert clip("a longer sentence", 8) == "a longe…"
    assert len(clip(LONG, 20)) == 20
    assert clip("line\nbreak", 20) == "line break"


# --- styles -------------------------------------------------------------------------


def test_styles_are_cached_per_brand_and_follow_the_page_size() -> None:
    a4 = styles_for(DEFAULT_BRAND)
    assert styles_for(Brand()) is a4
    letter = styles_for(Brand(page_size=PageSize.LETTER))
    assert (round(a4.page_width), round(a4.page_height)) == (595, 842)
    assert (round(letter.page_width), round(letter.page_height)) == (612, 792)
    assert letter.frame_width > a4.frame_width


def test_a_pale_brand_colour_still_reads() -> None:
    from reportlab.lib.colors import white

    pale = styles_for(Brand(primary="#FFE066"))
    assert pale.on_primary == pale.ink  # dark text on the pale header band
    assert contrast(pale.primary_text, white) >= 4.5  # headings darkened to read on paper


def test_data_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    from reportlab.platypus import SimpleDocTemplate

    s = styles_for(DEFAULT_BRAND)
    rows = [["Expectation", "Owner"]] + [[f"Row {n} {LONG}", "Фёдор"] for n in range(60)]
    out = tmp_path / "table.pdf"
    SimpleDocTemplate(str(out)).build([sections_table(rows, s)])
    texts = page_texts(out)
    assert len(texts) > 2
    assert all("Expectation Owner" in text for text in texts)


def sections_table(rows: list[list[str]], s: object) -> object:
    from cxdesk.reports.styles import data_table

    width = s.frame_width  # type: ignore[attr-defined]
    return data_table(rows, [width * 0.7, width * 0.3], s)  # type: ignore[arg-type]


# --- the registry -------------------------------------------------------------------


def test_registry_order_and_flags() -> None:
    # The worksheets' places are test_worksheets' to check.
    keys = [spec.key for spec in sections.SECTIONS if not spec.worksheet]
    assert keys == [
        "cover",
        "kickoff",
        "matrix",
        "rater",
        "quiz",
        "journey",
        "feedback",
        "escalation",
        "actions",
        "you-said-we-did",
        "issue-log",
        "small-wins",
        "quadrant",
    ]
    for spec in sections.SECTIONS:
        assert spec.blank_ok != spec.needs_engagement
    assert [s.key for s in sections.SECTIONS if s.blank_ok and not s.worksheet] == [
        "cover",
        "kickoff",
        "quiz",
        "feedback",
        "escalation",
    ]


def test_unknown_section_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="known sections: cover, kickoff"):
        sections.section("appendix")
    with pytest.raises(KeyError, match="appendix"):
        build_toolkit(None, DEFAULT_BRAND, tmp_path / "x.pdf", sections=["cover", "appendix"])
    assert not list(tmp_path.iterdir())


def test_blank_refuses_sections_that_need_an_engagement(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"quadrant \(Project Experience Quadrant\)"):
        build_toolkit(None, DEFAULT_BRAND, tmp_path / "x.pdf", sections=["cover", "quadrant"])
    with pytest.raises(ValueError, match="at least one"):
        build_toolkit(None, DEFAULT_BRAND, tmp_path / "x.pdf", sections=[])
    assert not list(tmp_path.iterdir())


def test_importing_the_reports_api_does_not_load_reportlab() -> None:
    code = (
        "import sys\n"
        "import cxdesk.reports, cxdesk.reports.document, cxdesk.reports.sections\n"
        "import cxdesk.reports.logo, cxdesk.reports.styles, cxdesk.reports.text\n"
        "import cxdesk.reports.fonts\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'svglib', 'pypdf', 'PIL', 'PySide6')]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --- the document -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_size", "expected"), [(PageSize.A4, (595, 842)), (PageSize.LETTER, (612, 792))]
)
def test_page_size_follows_the_brand(
    tmp_path: Path, page_size: PageSize, expected: tuple[int, int]
) -> None:
    out = tmp_path / "toolkit.pdf"
    result = build_toolkit(None, Brand(page_size=page_size), out, sections=MY_BLANK)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) >= len(MY_BLANK)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == expected


def test_tricky_strings_print_in_every_place(tmp_path: Path) -> None:
    out = tmp_path / "tricky.pdf"
    build_toolkit(tricky_data(), TRICKY_BRAND, out, sections=["cover", "kickoff", "feedback"])
    text = words(out)
    for tricky in (*TRICKY, "Kickoff «R&D»", IMG):
        assert tricky in text
    # The 300-letter word is printed whole, wrapped over lines (not cut, not overflowing).
    assert LONG in re.sub(r"\s+", "", text)
    assert "&amp;" not in text
    assert "&lt;" not in text


def test_a_long_word_wraps_inside_the_page(tmp_path: Path) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = tmp_path / "long.pdf"
    build_toolkit(tricky_data(), TRICKY_BRAND, out, sections=["kickoff"])
    reader = PdfReader(out)
    width = float(reader.pages[0].mediabox.width)
    seen: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if "aaaaaaaaaa" in text:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            seen.append(x + stringWidth(text.strip(), "DejaVuSans", size * cm[0]))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert seen, "the long word was not printed"
    assert max(seen) < width - 20


def test_header_footer_and_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "toolkit.pdf"
    result = build_toolkit(tricky_data(), TRICKY_BRAND, out, sections=["cover", "feedback"])
    texts = page_texts(out)
    assert result.pages == len(texts) >= 2
    assert "Page" not in texts[0]  # the cover has no folio, band or footer
    assert "Confidential — Ελένη" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert "R&D <core> Partners" in text  # the firm in the band
        assert "Zoë Łukasiewicz & Фёдор · R&D <core> Ελένη" in text  # client · engagement
        assert "Confidential — Ελένη" in text
        assert "Фёдор · +7 000 000" in text
        assert f"Page {number} of {result.pages}" in text


def test_blank_header_names_the_toolkit(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    build_toolkit(None, DEFAULT_BRAND, out, sections=["feedback"])
    first = page_texts(out)[0]
    assert "Your consultancy" in first
    assert "Expectation Management Toolkit" in first
    assert "Page 1 of" in first


def test_metadata_and_outline(tmp_path: Path) -> None:
    out = tmp_path / "toolkit.pdf"
    build_toolkit(tricky_data(), TRICKY_BRAND, out, sections=["cover", "kickoff", "escalation"])
    reader = PdfReader(out)
    meta = reader.metadata
    assert meta is not None
    # Data made directly holds everything: the internal edition, and its title says so.
    assert meta.title == (
        "Expectation Management Toolkit — Zoë Łukasiewicz & Фёдор — R&D <core> Ελένη"
        " (Internal — not for the client)"
    )
    assert meta.author == "R&D <core> Partners"
    assert meta.subject == "Zoë Łukasiewicz & Фёдор"
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    titles = [entry.title for entry in top]
    assert titles == ["Cover", "Kickoff expectation alignment", "Issue escalation ladder"]
    pages = [reader.get_destination_page_number(entry) for entry in top]
    assert pages == sorted(pages)
    assert pages[:2] == [0, 1]


def test_progress_is_reported_per_section(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    result = build_toolkit(
        None,
        DEFAULT_BRAND,
        tmp_path / "blank.pdf",
        progress=lambda done, total, title: calls.append((done, total, title)),
    )
    total = len(result.sections)
    blank = [s for s in sections.SECTIONS if s.blank_ok]
    assert result.sections == tuple(s.key for s in blank)
    assert calls[0] == (0, total, "Cover")
    assert [c[0] for c in calls] == list(range(total + 1))
    assert all(c[1] == total for c in calls)
    assert calls[-1] == (total, total, blank[-1].title)


def _old_target(tmp_path: Path) -> Path:
    target = tmp_path / "toolkit.pdf"
    target.write_bytes(b"the previous export")
    return target


def _untouched(target: Path) -> None:
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in target.parent.iterdir()) == ["toolkit.pdf"]


def test_cancelled_before_starting_leaves_the_target_alone(tmp_path: Path) -> None:
    target = _old_target(tmp_path)
    with pytest.raises(ExportCancelled):
        build_toolkit(None, DEFAULT_BRAND, target, cancelled=lambda: True)
    _untouched(target)


def test_cancelled_during_layout_removes_the_temporary_file(tmp_path: Path) -> None:
    target = _old_target(tmp_path)
    calls: list[int] = []

    def cancel_after_two_sections() -> bool:
        return len(calls) >= 3

    with pytest.raises(ExportCancelled):
        build_toolkit(
            None,
            DEFAULT_BRAND,
            target,
            sections=MY_BLANK,
            progress=lambda done, _t, _s: calls.append(done),
            cancelled=cancel_after_two_sections,
        )
    assert calls == [0, 1, 2]
    _untouched(target)


def test_a_failing_section_leaves_the_target_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _old_target(tmp_path)
    real = sections.builder

    def broken(spec: sections.SectionSpec) -> object:
        if spec.key == "feedback":

            def fail(_data: object, _brand: object, _tr: object) -> list[object]:
                raise RuntimeError("chart exploded")

            return fail
        return real(spec)

    monkeypatch.setattr(document, "builder", broken)
    with pytest.raises(RuntimeError, match="chart exploded"):
        build_toolkit(None, DEFAULT_BRAND, target, sections=MY_BLANK)
    _untouched(target)


def test_a_failing_layout_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _old_target(tmp_path)

    def fail(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(document, "_layout", fail)
    with pytest.raises(OSError, match="disk full"):
        build_toolkit(None, DEFAULT_BRAND, target, sections=["cover"])
    _untouched(target)


def test_an_unwritable_target_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build_toolkit(None, DEFAULT_BRAND, tmp_path / "missing" / "x.pdf", sections=["cover"])
    folder = tmp_path / "a folder.pdf"
    folder.mkdir()
    with pytest.raises((IsADirectoryError, PermissionError)):  # Windows says the latter
        build_toolkit(None, DEFAULT_BRAND, folder, sections=["cover"])
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder.pdf"]


def test_an_image_tag_is_printed_not_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the export tried to use the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    data = tricky_data()
    out = tmp_path / "img.pdf"
    build_toolkit(data, Brand(firm_name=IMG, footer=IMG), out, sections=["cover", "kickoff"])
    assert words(out).count(IMG) >= 3  # firm name, footer, the expectation


# --- logos --------------------------------------------------------------------------


def png(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (31, 78, 121, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (224, 122, 31)).save(buffer, "JPEG")
    return buffer.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
    b'<rect width="200" height="50" fill="#1F4E79"/><circle cx="25" cy="25" r="18" '
    b'fill="url(#g)"/><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
    b"</linearGradient></defs></svg>"
)


def test_valid_logos_are_recognised() -> None:
    assert check_logo(png()) is LogoKind.PNG
    assert check_logo(jpeg()) is LogoKind.JPEG
    assert check_logo(SVG) is LogoKind.SVG
    assert check_logo(b"\xef\xbb\xbf<?xml version='1.0'?>\n" + SVG) is LogoKind.SVG


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not what we take", "not a PNG, JPEG or SVG"),
        (b"", "not a PNG, JPEG or SVG"),
        (b"%PDF-1.7 a pdf", "not a PNG, JPEG or SVG"),
        (png(400, 300)[:120], "damaged"),
        (jpeg()[:60], "damaged"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * (2 * 1024 * 1024), "larger than 2 MB"),
    ],
    ids=["gif", "empty", "pdf", "truncated-png", "truncated-jpeg", "broken-svg", "too-big"],
)
def test_bad_logos_are_refused_in_words(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_logo(data)


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="http://example.com/logo.png" width="10" height="10"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#logo"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x/p.svg#a)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    ],
    ids=["xlink-url", "file-href", "other-file", "css-url", "css-import", "entity"],
)
def test_svg_pointing_outside_itself_is_refused(svg: bytes) -> None:
    with pytest.raises(ValueError, match="refers to other files or web addresses"):
        check_logo(svg)


@pytest.mark.parametrize(
    ("logo", "kind"), [(png(400, 100), LogoKind.PNG), (SVG, LogoKind.SVG)], ids=["png", "svg"]
)
def test_logo_is_scaled_keeping_its_aspect(logo: bytes, kind: LogoKind) -> None:
    flowable = logo_flowable(Brand(logo=logo, logo_kind=kind), 100, 100)
    assert flowable is not None
    width, height = flowable.wrap(500, 500)
    assert width == pytest.approx(100)
    assert height == pytest.approx(25)


def test_no_logo_or_an_unreadable_one_gives_none() -> None:
    assert logo_flowable(DEFAULT_BRAND, 100, 100) is None
    broken = Brand(logo=b"\x89PNG\r\n\x1a\nnope", logo_kind=LogoKind.PNG)
    assert logo_flowable(broken, 100, 100) is None


@pytest.mark.parametrize(
    ("logo", "kind"), [(png(), LogoKind.PNG), (jpeg(), LogoKind.JPEG), (SVG, LogoKind.SVG)]
)
def test_cover_prints_the_logo(tmp_path: Path, logo: bytes, kind: LogoKind) -> None:
    out = tmp_path / "cover.pdf"
    build_toolkit(None, Brand(logo=logo, logo_kind=kind), out, sections=["cover"])
    page = PdfReader(out).pages[0]
    if kind is LogoKind.SVG:  # vector: drawn, not an image; the wordmark gives way to it
        assert "Your consultancy" in words(out)  # still "prepared by"
    else:
        assert len(page.images) == 1
