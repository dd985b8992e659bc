"""The page header names the client and the engagement whole.

It was cut with an ellipsis on every page ("Pomorze Zdrowie Hospital Group (Gdańsk) ·
e-R…"). Now the names wrap to two lines, the type shrinks when that is not enough, and
the band grows (the page's frame starts under it) rather than cut a name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import Brand
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.lines import width as drawn_width
from cxdesk.reports.page_band import HEADER_SIZES, header_layout
from cxdesk.reports.styles import styles_for
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2026, 3, 2)
CLIENT = "Pomorze Zdrowie Hospital Group (Gdańsk)"
ENGAGEMENT = "e-Rejestracja: patient self-registration rollout"
FIRM = "Kowalski & Nowak Customer Experience Partners"


@dataclass(frozen=True)
class Line:
    page: int
    x: float
    y: float
    text: str


def drawn_lines(path: Path) -> list[Line]:
    """Every line of text the PDF draws, with where it starts."""
    out: list[Line] = []
    for number, page in enumerate(PdfReader(path).pages):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            _size: float,
            number: int = number,
        ) -> None:
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                out.append(Line(number, x, y, " ".join(text.split())))

        page.extract_text(visitor_text=visit)
    return out


def engagement(db: Database, client: str = CLIENT, name: str = ENGAGEMENT) -> int:
    eid = workspace.add_engagement(db, workspace.add_client(db, client).id, name).id
    expectations.add_item(db, eid, expects="Morning re-keying stops", expected_level=4)
    return eid


def band_lines(path: Path) -> dict[int, list[Line]]:
    """The lines drawn in the header band (above the frame) of each body page."""
    reader = PdfReader(path)
    height = float(reader.pages[0].mediabox.height)
    frame_top = height - styles_for(Brand()).margin_top
    band: dict[int, list[Line]] = defaultdict(list)
    for line in drawn_lines(path):
        if line.y > frame_top:
            band[line.page].append(line)
    return band


def test_the_page_header_names_the_engagement_whole(db: Database, tmp_path: Path) -> None:
    data = load_toolkit_data(db, engagement(db), today=TODAY)
    out = tmp_path / "toolkit.pdf"
    result = build_toolkit(data, Brand(firm_name=FIRM), out, sections=["kickoff", "matrix"])
    band = band_lines(out)
    assert sorted(band) == list(range(result.pages))
    left = styles_for(Brand()).margin_side
    for page, lines in band.items():
        # The firm's lines start at the left margin; the client's and engagement's are
        # right-aligned, so each of their lines starts further right.
        firm = [line for line in lines if abs(line.x - left) < 0.5]
        context = [line for line in lines if line not in firm]
        assert " ".join(line.text for line in firm) == FIRM, page
        text = " ".join(line.text for line in sorted(context, key=lambda line: -line.y))
        assert text == f"{CLIENT} · {ENGAGEMENT}", page
        # Two lines for names of this length, not a third in smaller type.
        assert len(context) == 2, page


@pytest.mark.parametrize(
    ("client", "engagement_name"),
    [
        (CLIENT, ENGAGEMENT),
        ("Szpital Uniwersytecki im. Jana Mikulicza-Radeckiego " * 3, "e-Rejestracja " * 12),
        ("北京协和医院", "東京 ロールアウト"),
        ("מרכז רפואי", "مستشفى الملك فيصل التخصصي"),
        ("x" * 200, "y" * 200),  # words longer than the band: broken, never cut
    ],
)
def test_the_header_layout_wraps_or_shrinks_and_never_cuts(
    client: str, engagement_name: str
) -> None:
    styles = styles_for(Brand(firm_name=FIRM))
    context = f"{client} · {engagement_name}"
    header = header_layout(FIRM, context, styles)
    # Nothing left out: the lines hold every character of both names, in order.
    assert "".join(header.firm.lines).replace(" ", "") == FIRM.replace(" ", "")
    assert "".join(header.context.lines).replace(" ", "") == context.replace(" ", "")
    # Every line fits its side of the band, and the two sides do not meet.
    for line in header.firm.lines:
        assert drawn_width(line, BOLD, header.firm.size) <= header.firm_width + 0.01
    room = styles.frame_width - header.firm_width
    for line in header.context.lines:
        assert drawn_width(line, BODY, header.context.size) < room
    # Two lines at the largest size that allows it; more only at the smallest size.
    if len(header.context.lines) > 2:
        assert header.context.size == HEADER_SIZES[-1]
    # The band holds its lines.
    assert header.band_height >= max(header.context.height, header.firm.height)


def test_a_short_name_keeps_the_full_size_on_one_line() -> None:
    styles = styles_for(Brand(firm_name="Nowak CX"))
    header = header_layout("Nowak CX", "Szpital · Kickoff", styles)
    assert header.context.lines == ("Szpital · Kickoff",)
    assert header.context.size == HEADER_SIZES[0]


def test_a_band_taller_than_the_margin_pushes_the_page_down(db: Database, tmp_path: Path) -> None:
    """The widest names the store accepts (200 capital Ws each) need ten lines of the
    smallest type: the band grows past the top margin, and the page's text starts as far
    under the band as it does under a one-line band, not on the band's old foot."""
    from cxdesk.reports.page_band import BAND_CLEARANCE

    def first_body_line(path: Path, band_foot: float) -> float:
        return max(line.y for line in drawn_lines(path) if line.page == 0 and line.y < band_foot)

    styles = styles_for(Brand(firm_name=FIRM))
    usual = tmp_path / "usual.pdf"
    data = load_toolkit_data(db, engagement(db), today=TODAY)
    build_toolkit(data, Brand(firm_name=FIRM), usual, sections=["kickoff"])
    # How far under the frame's top the first line's baseline sits.
    below = (
        styles.page_height
        - styles.margin_top
        - first_body_line(usual, styles.page_height - styles.margin_top)
    )

    client, name, firm = "W" * 200, "W" * 200, "W" * 120
    header = header_layout(firm, f"{client} · {name}", styles)
    assert header.band_height + BAND_CLEARANCE > styles.margin_top  # the case at hand
    wide = tmp_path / "wide.pdf"
    data = load_toolkit_data(db, engagement(db, client, name), today=TODAY)
    build_toolkit(data, Brand(firm_name=firm), wide, sections=["kickoff"])
    band_foot = styles.page_height - header.band_height
    first = first_body_line(wide, band_foot - 1)
    assert first == pytest.approx(band_foot - BAND_CLEARANCE - below, abs=0.5)
    band = [line.text for line in drawn_lines(wide) if line.page == 0 and line.y > band_foot]
    assert "".join(band).replace(" ", "") == f"{firm}{client}·{name}"
