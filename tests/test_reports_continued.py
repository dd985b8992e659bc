"""A long text in a narrow table column continues under its row, across the table.

A row taller than a page is split line by line (test_reports_long_text.py), but in the
Expectation matrix (nine columns) a 5,000-character "What was delivered" then printed
three or four words a line in its 60-point column, over five pages. Now a cell taller
than twelve lines shows what fits, cut at a word's end and marked "… continued below",
and the rest follows at the table's full width, labelled with the column's title. The
kickoff sheet's "You expect…" table does the same.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import Brand
from cxdesk.reports.cells import CONTINUED, Run, TextCell, break_lines, continue_below
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.sections import matrix
from cxdesk.reports.styles import styles_for
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.toolkit import load_toolkit_data
from tests.test_reports_layout import engagement as layout_engagement
from tests.test_reports_page_band import drawn_lines

TODAY = date(2026, 3, 2)
# Words between the numbered tokens: hyphenated, Polish, Greek, Hebrew, Arabic, Japanese.
FILLER = ("Wójcik-Żuławska", "re-keying", "Ελένη", "Παπαδοπούλου", "appointments", "שלום")
WHOLE = ("Wójcik-Żuławska", "re-keying", "Ελένη", "Παπαδοπούλου", "appointments")


def long_text(code: str, size: int = 5000) -> str:
    """About ``size`` characters: "<code>0001 re-keying <code>0002 Ελένη …", ending on a
    numbered token so a lost ending shows; ``R&D <b>`` checks that nothing is markup."""
    words, n = ["R&D", "<b>"], 0
    while len(" ".join(words)) < size - 10:
        n += 1
        words += [f"{code}{n:04d}", FILLER[n % len(FILLER)]]
    return " ".join([*words, f"{code}{n + 1:04d}"])


def tokens(code: str, text: str) -> list[str]:
    return re.findall(rf"{code}\d{{4}}", text)


def add_long_row(db: Database, expects: str, delivered: str) -> int:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    eid = workspace.add_engagement(db, client.id, "e-Rejestracja", start_date=TODAY).id
    expectations.add_item(db, eid, expects="Short one", delivered="Kiosks", expected_level=4)
    expectations.add_item(
        db,
        eid,
        expects=expects,
        needs="Fewer lost bookings",
        planned="Kiosks in 14 clinics",
        delivered=delivered,
        experienced="Queues before 8:00",
        owner="Tomasz",
        expected_level=4,
        delivered_level=3,
        experienced_level=2,
    )
    expectations.add_item(db, eid, expects="Another short", delivered="Done", expected_level=3)
    return eid


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def export(db: Database, eid: int, out: Path, section: str) -> list[str]:
    data = load_toolkit_data(db, eid, today=TODAY)
    result = build_toolkit(data, Brand(), out, sections=[section])
    pages = [nfkc(page.extract_text()) for page in PdfReader(out).pages]
    assert result.pages == len(pages)
    return pages


@pytest.mark.parametrize("section", ["matrix", "kickoff"])
def test_long_expects_and_delivered_read_back_whole_in_order(
    db: Database, tmp_path: Path, section: str
) -> None:
    expects, delivered = long_text("EXP"), long_text("DEL")
    eid = add_long_row(db, expects, delivered)
    everything = "\n".join(export(db, eid, tmp_path / f"{section}.pdf", section))
    printed = ("EXP", "DEL") if section == "matrix" else ("EXP",)  # kickoff: no "delivered"
    for code, stored in (("EXP", expects), ("DEL", delivered)):
        if code in printed:
            assert tokens(code, everything) == tokens(code, stored), code
    # The cut is marked, the rest labelled with its column's title.
    # (Read back NFKC-normalised, for the Arabic letters: "…" reads "...".)
    assert nfkc(CONTINUED) in everything
    if section == "matrix":
        assert nfkc("What the client expects · needs (continued):") in everything
        assert "What was delivered (continued):" in everything
        assert "Needs: Fewer lost bookings" in everything
    else:
        assert nfkc("You expect… (continued):") in everything
    # Words whole, hyphens kept, user text not taken for markup.
    words = everything.split()
    stored_words = nfkc(expects if section == "kickoff" else f"{expects} {delivered}").split()
    for word in WHOLE:
        assert words.count(word) == stored_words.count(word), word
    assert "R&D" in words
    assert "<b>" in words


def test_the_matrix_with_a_long_row_takes_about_the_pages_its_words_need(
    db: Database, tmp_path: Path
) -> None:
    """Before: 8 pages, the table alone over 7 (three words a line in two columns side by
    side). Now at most a page more than the two texts need at the table's full width."""
    expects, delivered = long_text("EXP"), long_text("DEL")
    short = len(export(db, add_long_row(db, "Short", "Short"), tmp_path / "s.pdf", "matrix"))
    long = len(export(db, add_long_row(db, expects, delivered), tmp_path / "l.pdf", "matrix"))
    st = styles_for(Brand())
    width = st.frame_width - 2 * matrix.CELL_PADDING
    lines = len(break_lines(expects, BOLD, matrix.CELL_SIZE, width))
    lines += len(break_lines(delivered, BODY, matrix.CELL_SIZE, width))
    need = lines * matrix.CELL_LEADING / st.frame_height
    assert long - short <= math.ceil(need) + 1, (short, long, need)


def test_short_rows_print_as_before(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no cell over the limit, the matrix prints exactly as with no continuation at
    all: the same lines at the same places."""
    data = load_toolkit_data(db, layout_engagement(db), today=TODAY)
    now = tmp_path / "now.pdf"
    build_toolkit(data, Brand(), now, sections=["matrix"])
    monkeypatch.setattr(matrix, "CELL_LINES_MOST", 10**6)
    never = tmp_path / "never.pdf"
    build_toolkit(data, Brand(), never, sections=["matrix"])
    assert drawn_lines(now) == drawn_lines(never)
    assert not any("continued" in line.text for line in drawn_lines(now))


def cut(text: str, width: float = 60, most: int = 12) -> tuple[TextCell, TextCell | None]:
    from reportlab.lib.colors import black, grey

    cell = TextCell([Run(text, black)], 7.5, 9.5)
    return continue_below(cell, width, most, "What was\ndelivered", grey, grey)


@pytest.mark.parametrize(
    "text",
    [
        long_text("DEL", 1500),
        # Chinese written without spaces: the column breaks it between characters, and so
        # may the cut.
        "顧客は予約の再入力がなくなることを期待しています。" * 40,
        # Arabic and Hebrew words.
        " ".join(["مرحبا بالعالم", "שלום עולם", "re-keying"] * 60),
        # Paragraphs.
        "\n\n".join([long_text("PAR", 300)] * 5),
    ],
    ids=["latin", "cjk", "rtl", "paragraphs"],
)
def test_a_cut_cell_and_its_rest_hold_the_text_in_order(text: str) -> None:
    shown, rest = cut(text)
    assert rest is not None
    kept = [run.text for run in shown.runs]
    assert kept[-1] == CONTINUED
    assert rest.runs[0].text == "What was delivered (continued):"
    head, tail = "".join(kept[:-1]), "".join(run.text for run in rest.runs[1:])
    # Nothing lost or reordered: only the whitespace at the cut may go.
    assert text.startswith(head)
    assert text.endswith(tail)
    assert text[len(head) : len(text) - len(tail)].strip() == ""
    assert head
    assert tail
    # Never inside a word: a cut between letters only in a word wider than the column.
    if " " in text:
        assert text[len(head)].isspace()
    shown.wrap(60, 0)
    assert len(shown.lines) <= 12


def test_a_cell_within_the_limit_is_left_alone() -> None:
    short = "Kiosks in 3 of 14 clinics; re-keying at 7:30"
    shown, rest = cut(short)
    assert rest is None
    assert [run.text for run in shown.runs] == [short]


def test_a_word_too_wide_for_the_lines_left_moves_whole() -> None:
    """The first word does not fit in the lines the cell has: it is not broken to fill
    them; the whole text continues below."""
    word = "x" * 3000
    shown, rest = cut(f"{word} tail")
    assert rest is not None
    assert [run.text for run in shown.runs] == [CONTINUED]
    assert [run.text for run in rest.runs[1:]] == [f"{word} tail"]


def test_a_long_japanese_expectation_squeezes_no_other_column_mid_word(
    db: Database, tmp_path: Path
) -> None:
    """Japanese written without spaces is one "word" to a space-separated wrapper: it
    claimed half the page as its narrowest width, and the eight other columns shrank
    until "planned", "Delivery" and "Małgorzata" broke mid-word ("Deliver / y")."""
    sentence = "顧客は予約の再入力がなくなることを期待しています。"
    client = workspace.add_client(db, "Client")
    eid = workspace.add_engagement(db, client.id, "Engagement", start_date=TODAY).id
    expectations.add_item(
        db,
        eid,
        expects=sentence * 120,
        planned="Kiosks in 14 clinics",
        delivered="Kiosks in 3 clinics",
        owner="Małgorzata Wójcik-Żuławska",
        expected_level=4,
        delivered_level=3,
        experienced_level=2,
    )
    out = tmp_path / "matrix.pdf"
    pages = export(db, eid, out, "matrix")
    # (Not "Levels": the levels chart's axis is titled "Level".)
    whole = ("planned", "Delivery", "Perceived", "Małgorzata", "Wójcik-Żuławska", "continued")
    for line in drawn_lines(out):
        for token in line.text.split():
            broken = [w for w in whole if token != w and len(token) > 1 and w.startswith(token)]
            assert not broken, (line, broken)
    assert "Wójcik-Żuławska" in " ".join(pages).split()
    # Every character prints (their order: test_a_cut_cell_and_its_rest_hold_the_text_in_order;
    # here the page breaks and the columns beside it come between pieces of the text).
    printed = "".join(pages)
    for char in set(sentence):
        assert printed.count(char) == 120 * sentence.count(char), char


def test_a_cjk_name_is_one_word_and_a_sentence_breaks_between_characters() -> None:
    from cxdesk.reports.columns import measure_runs
    from cxdesk.reports.fonts import register_fonts

    register_fonts()
    name = measure_runs([("山田太郎さん", BODY, 7.5)])
    assert name.word == pytest.approx(name.line)  # kept whole while a layout allows it
    sentence = measure_runs([("顧客は予約の再入力がなくなることを期待しています。" * 3, BODY, 7.5)])
    assert sentence.word < 10  # one character
    assert sentence.line > 300
