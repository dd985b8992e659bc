"""The whole toolkit, end to end through ``cxdesk export``: the demo engagement, an empty
one, the tricky names everywhere a person can type, and arbitrary text (hypothesis)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cxdesk.cli_export import EXIT_OK, main
from cxdesk.models.brand import Brand
from cxdesk.models.constraints import UNSTORABLE
from cxdesk.models.servqual import DIMENSIONS, RespondentSide
from cxdesk.reports.sections import SECTIONS
from cxdesk.store import expectations, journey_map, pulse, quizzes, rater, workshop, workspace
from cxdesk.store.brand import save_brand
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.escalation import add_level

# The cover prints the toolkit's title (wrapped over two lines), not the word "Cover". An
# engagement's toolkit has the worksheets only when they are named.
TITLES = ["PREPARED FOR", *(s.title for s in SECTIONS if s.key != "cover" and not s.worksheet)]
IMG = '<img src="http://x/y.png"/>'
LONG = "a" * 300
A4 = (595, 842)
LETTER = (612, 792)


def export(db_path: Path, out: Path, *args: str) -> tuple[int, int]:
    """Run the command; (exit status, pages it reported)."""
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["--db", str(db_path), "--out", str(out), *args], stdout=stdout, stderr=stderr)
    assert code == EXIT_OK, stderr.getvalue()
    # The first line says what was written; a second may name characters no font has.
    found = re.fullmatch(
        r"Wrote (.+) \((\d+) pages?\)\n(\d+ characters? could not be printed .*\n)?",
        stdout.getvalue(),
        flags=re.DOTALL,
    )
    assert found, stdout.getvalue()
    assert Path(found[1]) == out
    return code, int(found[2])


def read(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def page_sizes(reader: PdfReader) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


# -- an engagement with every field a person types ---------------------------------------


@dataclass(frozen=True)
class Texts:
    """What goes into each user field (a name gets a prefix where blank is refused)."""

    client: str
    engagement: str
    milestone: str
    expects: str
    other: str  # needs, planned, delivered, experienced, owner, notes, sacrifice
    long_item: str
    assessment: str
    respondent: str
    pulse: str
    session: str
    participant: str
    phase: str
    touchpoint: str
    touchpoint_text: str
    stakeholder: str
    rung: str
    rung_text: str
    firm: str
    consultant: str
    footer: str
    contact: str


TRICKY = Texts(
    client="R&D <core>",
    engagement="Ελένη rollout",
    milestone="Фёдор sign-off",
    expects=f"Zoë Łukasiewicz expects {IMG} in the portal",
    other="R&D <core> & Фёдор",
    long_item=LONG,
    assessment="Ελένη review",
    respondent="Фёдор",
    pulse=f"What's working: {IMG}",
    session="Ελένη workshop",
    participant="Zoë Łukasiewicz",
    phase="Фёдор phase",
    touchpoint="Фёдор call",
    touchpoint_text="Ελένη & <core>",
    stakeholder="Zoë Łukasiewicz",
    rung="Ελένη steering",
    rung_text="Фёдор <cfo>",
    firm="R&D <core> Partners",
    consultant="Zoë Łukasiewicz",
    footer="Фёдор & Ελένη",
    contact=IMG,
)


def fill_engagement(db: Database, t: Texts, today: date | None = None) -> int:
    """A small engagement touching every section, each field holding ``t``'s text."""
    today = today or date(2025, 3, 3)
    client = workspace.add_client(db, t.client)
    engagement = workspace.add_engagement(db, client.id, t.engagement, start_date=today)
    eid = engagement.id
    first = workspace.add_milestone(db, eid, t.milestone, today + timedelta(days=7))
    second = workspace.add_milestone(db, eid, "Go-live", today + timedelta(days=30))
    expectations.add_item(
        db,
        eid,
        expects=t.expects,
        needs=t.other,
        planned=t.other,
        delivered=t.other,
        experienced=t.other,
        owner=t.other[:200],
        notes=t.other,
        sacrifice=t.other,
        expected_level=4,
        delivered_level=3,
        experienced_level=2,
    )
    expectations.add_item(db, eid, expects=t.long_item, expected_level=5, delivered_level=5)
    expectations.revalidate(db, first.id)
    assessment = rater.add_assessment(db, eid, t.assessment, milestone_id=first.id)
    for name, side, shift in (
        (t.respondent, RespondentSide.CLIENT, -1),
        ("Us", RespondentSide.TEAM, 1),
    ):
        respondent = rater.add_respondent(db, assessment.id, name, side)
        for n, dimension in enumerate(DIMENSIONS):
            rater.update_respondent(db, respondent.id, f"{dimension.value}_expectation", 6)
            score = max(1, min(7, 5 + shift - n % 2))
            rater.update_respondent(db, respondent.id, f"{dimension.value}_perception", score)
    pulse.add_pulse(db, eid, today, confidence=7, csat=4, working=t.pulse, not_working=t.pulse)
    pulse.add_pulse(db, eid, today + timedelta(days=8), confidence=5, milestone_id=second.id)
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, eid, t.session, today)
    for name in (t.participant, "Sam"):
        person = workshop.add_participant(db, session.id, name)
        for n, statement in enumerate(quiz.statements):
            workshop.record_answer(db, person.id, statement.id, 1 + (n + len(name)) % 5)
    phases = journey_map.add_default_phases(db, eid)
    phase = journey_map.add_phase(db, eid, t.phase)
    stakeholder = journey_map.add_stakeholder(db, eid, t.stakeholder, role=t.touchpoint_text[:200])
    for n, where in enumerate((phases[0], phase, phases[-1])):
        point = journey_map.add_touchpoint(
            db,
            where.id,
            name=t.touchpoint,
            channel=t.touchpoint_text[:200],
            thinks_feels=t.touchpoint_text,
            pain_points=t.touchpoint_text,
            emotion=(-2, 1, 3)[n],
        )
        journey_map.set_stakeholder_emotion(db, point.id, stakeholder.id, (-3, 0, 2)[n])
    add_level(db, eid, name=t.rung, trigger=t.rung_text, owner=t.rung_text[:200])
    save_brand(
        db,
        Brand(firm_name=t.firm, consultant=t.consultant, footer=t.footer, contact=t.contact),
    )
    return eid


# -- the demo and an empty engagement ------------------------------------------------------


def test_demo_toolkit(db: Database, db_path: Path, tmp_path: Path) -> None:
    add_demo_engagement(db)
    db.close()
    out = tmp_path / "demo.pdf"
    _, pages = export(db_path, out, "--engagement", DEMO_ENGAGEMENT)
    reader, text = read(out)
    assert len(reader.pages) == pages
    assert 9 <= pages <= 40  # every section at least a page, nothing runaway
    assert page_sizes(reader) == {A4}
    assert DEMO_CLIENT in text
    for title in TITLES:
        assert title in text, title
    assert reader.metadata is not None
    assert DEMO_CLIENT in (reader.metadata.subject or "")
    # The cover has no header band; every other page has "Page n of m".
    assert "Page 1 of" not in reader.pages[0].extract_text()
    assert re.search(rf"Page {pages} of\s*{pages}\b", reader.pages[-1].extract_text())


def test_empty_engagement(db: Database, db_path: Path, tmp_path: Path) -> None:
    client = workspace.add_client(db, "Quiet Client Ltd")
    workspace.add_engagement(db, client.id, "Nothing yet")
    db.close()
    out = tmp_path / "empty.pdf"
    _, pages = export(db_path, out, "-e", "Nothing yet", "--page-size", "letter")
    reader, text = read(out)
    assert page_sizes(reader) == {LETTER}
    assert pages <= 20
    assert "Quiet Client Ltd" in text
    for title in TITLES:
        assert title in text, title
    assert "Nothing recorded yet" in text


def test_blank_templates_without_any_engagement(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    db.close()  # a new database: not a single client
    out = tmp_path / "blank.pdf"
    export(db_path, out, "--blank")
    reader, text = read(out)
    top_level = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top_level == [spec.title for spec in SECTIONS if spec.blank_ok]
    assert all(spec.title in text for spec in SECTIONS if spec.blank_ok and spec.key != "cover")


@pytest.mark.parametrize(("size", "points"), [("A4", A4), ("Letter", LETTER)])
def test_tricky_strings_everywhere(
    db: Database, db_path: Path, tmp_path: Path, size: str, points: tuple[int, int]
) -> None:
    eid = fill_engagement(db, TRICKY)
    from dataclasses import replace

    from cxdesk.models.brand import PageSize
    from cxdesk.store.brand import load_brand

    save_brand(db, replace(load_brand(db), page_size=PageSize(size)))
    db.close()
    out = tmp_path / "tricky.pdf"
    export(db_path, out, "-e", str(eid))
    reader, text = read(out)
    assert page_sizes(reader) == {points}
    flat = " ".join(text.split())
    for expected in (
        "Zoë Łukasiewicz",
        "Ελένη",
        "Фёдор",
        "R&D <core>",
        IMG,
        TRICKY.engagement,
        TRICKY.firm,
        TRICKY.touchpoint,
        TRICKY.rung,
        TRICKY.session,
    ):
        assert expected in flat, expected
    # The 300-letter word wraps across lines rather than running off the page: on some
    # page, whole lines of it add up to all 300 letters.
    wrapped = [
        sum(len(line) for line in page.extract_text().splitlines() if set(line) == {"a"})
        for page in reader.pages
    ]
    assert max(wrapped) >= 300
    assert reader.metadata is not None
    assert reader.metadata.author == TRICKY.firm
    assert reader.metadata.subject == TRICKY.client


# -- arbitrary text: always a valid PDF ----------------------------------------------------

NASTY = st.sampled_from(
    [
        "<", ">", "&", "&amp;", "&#0;", "<b>", "</para>", "<br/>", IMG, "<font size=900>",
        "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r\n", "\u200b", "\u202e",
        "\ufeff", "😀", "👩🏽‍💻", "𝔘𝔫𝔦", "\U0010fffd", "ﷺ", "\u0301", "\uffff", LONG, " ",
    ]
)  # fmt: skip
FRAGMENT = st.one_of(st.text(max_size=12), NASTY)  # st.text: any code point but surrogates


def free(max_len: int) -> st.SearchStrategy[str]:
    """Free text as a person could store it: the nasty fragments the store refuses (NUL,
    C0 controls, surrogates, U+FFFF; see models.constraints) are taken out, the rest kept."""
    return st.lists(FRAGMENT, max_size=5).map(
        lambda parts: UNSTORABLE.sub("", "".join(parts))[:max_len]
    )


def name(max_len: int = 120) -> st.SearchStrategy[str]:
    """A name: never blank (the store refuses a blank name), within its limit."""
    return free(max_len - 2).map(lambda text: "N " + text)


TEXTS = st.builds(
    Texts,
    client=name(),
    engagement=name(),
    milestone=name(),
    expects=free(2000),
    other=free(2000),
    long_item=free(2000),
    assessment=name(),
    respondent=free(150),
    pulse=free(2000),
    session=name(),
    participant=free(150),
    phase=name(),
    touchpoint=name(),
    touchpoint_text=free(2000),
    stakeholder=name(),
    rung=name(),
    rung_text=free(1500),
    firm=name(110),
    consultant=free(110),
    footer=free(190),
    contact=free(190),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=TEXTS)
def test_arbitrary_text_always_makes_a_valid_pdf(texts: Texts) -> None:
    with tempfile.TemporaryDirectory(prefix="cxdesk-e2e-") as folder:
        path = Path(folder) / "w.cxdb"
        with open_database(path, backup_folder=Path(folder) / "backups") as db:
            eid = fill_engagement(db, texts)
        out = Path(folder) / "toolkit.pdf"
        _, pages = export(path, out, "-e", str(eid))
        reader, text = read(out)
        assert len(reader.pages) == pages
        for title in TITLES:
            assert title in text, title
