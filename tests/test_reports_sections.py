"""The data sections of the PDF toolkit: matrix, RATER, quiz and emotion map.

Each is built through ``build_toolkit(..., sections=[key])`` for the demo engagement, an
empty engagement and (the quiz) no engagement at all; the PDF's text is extracted with
pypdf and checked for titles, the client, the key values and the tricky strings.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND, Brand, PageSize
from cxdesk.models.edition import INTERNAL_EDITION
from cxdesk.models.emotion_curve import emotion_curve
from cxdesk.models.quiz import BUILT_IN_QUIZ, Band, QuizDefinition
from cxdesk.models.records import ItemRecord
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.document import build_toolkit
from cxdesk.store import expectations, journey_map, quizzes, rater, workshop, workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2025, 6, 2)
DATA_SECTIONS = ("matrix", "rater", "quiz", "journey")
TRICKY = ("Zoë Łukasiewicz", "Ελένη", "Фёдор", "R&D <core>", '<img src="http://x/y.png"/>')
LONG_WORD = "a" * 300  # in a text field; a name holds at most 200 characters
LONG_NAME = "b" * 200


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, whitespace runs made single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def squeezed(text: str) -> str:
    """Without any whitespace: a long word wrapped over several lines reads whole again."""
    return re.sub(r"\s+", "", text)


def export(
    data: ToolkitData | None, key: str, out: Path, brand: Brand = DEFAULT_BRAND
) -> list[str]:
    result = build_toolkit(data, brand, out, sections=[key])
    assert result.sections == (key,)
    pages = pdf_pages(out)
    assert result.pages == len(pages)
    return pages


@pytest.fixture
def demo(db: Database) -> ToolkitData:
    # The internal edition: everything these tests look for (the client edition's cuts are
    # test_client_edition's).
    engagement = add_demo_engagement(db, today=TODAY)
    return load_toolkit_data(db, engagement, today=TODAY, edition=INTERNAL_EDITION)


@pytest.fixture
def empty(db: Database) -> ToolkitData:
    client = workspace.add_client(db, "Empty Client")
    return load_toolkit_data(db, workspace.add_engagement(db, client.id, "Nothing yet").id)


# --- the demo engagement -------------------------------------------------------------


def test_matrix_prints_the_table_the_chart_and_the_heatmap(
    demo: ToolkitData, tmp_path: Path
) -> None:
    text = " ".join(export(demo, "matrix", tmp_path / "matrix.pdf"))
    assert "Expectation matrix" in text
    assert DEMO_CLIENT in text  # the header band names the client on every page
    for item in demo.items:
        assert item.expects in text
        assert item.owner in text
    assert "What the client expects · needs" in text
    assert "Expected, delivered and experienced" in text
    assert "Before and after: the perceived gap at each milestone" in text
    for milestone in demo.milestones:
        assert milestone.name in text
    assert "▼ −3" in text  # a trailing gap: arrow and real minus, readable without colour
    assert "rows trailing expectations" in text


def test_rater_prints_the_latest_assessment_charts_weakest_and_trend(
    demo: ToolkitData, tmp_path: Path
) -> None:
    text = " ".join(export(demo, "rater", tmp_path / "rater.pdf"))
    latest = demo.assessments[-1][0]
    assert "RATER scorecard" in text
    assert f"Latest assessment: {latest.title}" in text
    for label in ("Reliability", "Assurance", "Tangibles", "Empathy", "Responsiveness"):
        assert label in text
    assert "Did we understand their real pain points?" in text  # Empathy's question
    assert "The experience gap is Empathy" in text
    assert "▼ weakest" in text  # flagged on the gap bars too
    assert "Our team" in text
    assert "Client" in text
    assert "Expectation (E)" in text
    assert "Perception (P)" in text
    assert "Trend across assessments" in text
    # A heading wrapped at its hyphen ("sign-off") extracts without it.
    for assessment, _responses in demo.assessments:
        assert squeezed(assessment.title).replace("-", "") in squeezed(text).replace("-", "")


def test_quiz_prints_the_sheet_then_every_session(demo: ToolkitData, tmp_path: Path) -> None:
    pages = export(demo, "quiz", tmp_path / "quiz.pdf")
    sheet, results = pages[0], " ".join(pages[1:])
    assert "CX self-assessment quiz" in sheet
    for statement in BUILT_IN_QUIZ.statements:  # "mid-project" may break at its hyphen
        assert squeezed(statement) in squeezed(sheet)
    assert "Name" in sheet
    assert "Your total" in sheet
    assert "21–25" in sheet
    assert "Experience-first delivery pro" in sheet
    assert "Workshop results" in results
    assert "Workshop results" not in sheet
    assert "Kickoff workshop" in results
    assert "Design sign-off check-in" in results
    assert "Helen O'Neill" in results
    assert "incomplete (4 of 5)" in results  # a skipped answer is never a zero
    assert "Weakest statement: 2." in results
    assert "14.5" in results  # the kickoff room's average
    assert "+2.8" in results  # the sign-off session against the kickoff one


def test_journey_prints_the_curve_pain_points_and_touchpoints_by_phase(
    demo: ToolkitData, tmp_path: Path
) -> None:
    assert demo.journey is not None
    text = " ".join(export(demo, "journey", tmp_path / "journey.pdf"))
    assert "Client emotion map" in text
    assert "Fix before it festers" in text
    assert "Client (overall)" in text
    for stakeholder in demo.journey.stakeholders:
        assert stakeholder.name in text
    for touchpoint in demo.journey.touchpoints():
        assert touchpoint.name in squeezed(text) or touchpoint.name in text
    for phase in demo.journey.phases:
        assert phase.name in text
    assert "Handoff Marketing & Sales → Implementation" in text
    assert "1 of 5 open" in text
    assert "5 of 6 open" in text
    assert "☐" in text
    assert "☑" in text


def test_the_lowest_points_are_listed_by_their_curve_number(
    demo: ToolkitData, tmp_path: Path
) -> None:
    assert demo.journey is not None
    curve = emotion_curve(demo.journey)
    lowest = min(curve.pain_points, key=lambda p: (p.score, p.x))
    touchpoint = demo.journey.touchpoint(lowest.touchpoint_id)
    assert touchpoint is not None
    text = " ".join(export(demo, "journey", tmp_path / "journey.pdf"))
    assert f"{lowest.x + 1}. {touchpoint.name}" in text


# --- an empty engagement and no engagement -------------------------------------------


@pytest.mark.parametrize("key", DATA_SECTIONS)
def test_an_empty_engagement_says_nothing_is_recorded_yet(
    empty: ToolkitData, key: str, tmp_path: Path
) -> None:
    pages = export(empty, key, tmp_path / f"{key}.pdf")
    text = " ".join(pages)
    assert "Empty Client" in text
    if key == "quiz":
        assert "No workshop session recorded yet" in text
        assert BUILT_IN_QUIZ.statements[0] in text  # the sheet prints all the same
    else:
        assert "Nothing recorded yet" in text
        assert len(pages) == 1


def test_the_blank_quiz_sheet_needs_no_engagement(tmp_path: Path) -> None:
    pages = export(None, "quiz", tmp_path / "quiz.pdf")
    assert len(pages) == 1
    for statement in BUILT_IN_QUIZ.statements:
        assert squeezed(statement) in squeezed(pages[0])
    assert "Big opportunity to elevate client engagement" in pages[0]
    assert "Workshop results" not in pages[0]


@pytest.mark.parametrize("key", ["matrix", "rater", "journey"])
def test_data_sections_refuse_blank_templates(key: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=key):
        build_toolkit(None, DEFAULT_BRAND, tmp_path / "x.pdf", sections=[key])


# --- what users type ------------------------------------------------------------------


@pytest.fixture
def tricky(db: Database) -> ToolkitData:
    """An engagement whose every printed field holds the tricky strings."""
    client = workspace.add_client(db, "Zoë Łukasiewicz")
    engagement = workspace.add_engagement(db, client.id, "R&D <core>").id
    milestone = workspace.add_milestone(db, engagement, "Ελένη's review")
    for text in (*TRICKY, LONG_WORD):
        expectations.add_item(
            db,
            engagement,
            expects=text,
            needs=text,
            delivered=text,
            owner="Фёдор",
            expected_level=4,
            delivered_level=3,
            experienced_level=2,
        )
    expectations.revalidate(db, milestone.id)
    assessment = rater.add_assessment(db, engagement, "R&D <core> check", held_on=TODAY)
    respondent = rater.add_respondent(db, assessment.id, "Ελένη")
    for field, value in (("empathy_expectation", 6), ("empathy_perception", 3)):
        rater.update_respondent(db, respondent.id, field, value)
    phases = journey_map.add_default_phases(db, engagement)
    person = journey_map.add_stakeholder(db, engagement, "Фёдор", role="R&D <core>")
    for text in (*TRICKY, LONG_NAME):
        touchpoint = journey_map.add_touchpoint(
            db, phases[1].id, name=text, pain_points=text, needs=LONG_WORD, emotion=-2
        )
        journey_map.set_stakeholder_emotion(db, touchpoint.id, person.id, -3)
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement, "Zoë's <b>workshop</b>", TODAY)
    for name in (*TRICKY, LONG_NAME):
        participant = workshop.add_participant(db, session.id, name)
        for statement in quiz.statements:
            workshop.record_answer(db, participant.id, statement.id, 3)
    return load_toolkit_data(db, engagement, today=TODAY, edition=INTERNAL_EDITION)


@pytest.mark.parametrize("key", DATA_SECTIONS)
def test_tricky_strings_print_as_typed(tricky: ToolkitData, key: str, tmp_path: Path) -> None:
    text = " ".join(export(tricky, key, tmp_path / f"{key}.pdf"))
    assert "Zoë Łukasiewicz" in text  # the client, in the header band
    if key == "rater":
        assert "R&D <core> check" in text
        assert "Ελένη Client" in text  # the internal edition's row of each respondent
        return
    if key == "quiz":
        assert "Zoë's <b>workshop</b>" in text
    if key == "journey":
        assert "Фёдор" in text
    for value in TRICKY:
        assert value in text
    # Wrapped over lines, never cut off or overflowing the column.
    if key == "matrix":
        assert LONG_WORD in squeezed(text)
    else:
        assert LONG_NAME in squeezed(text)


def test_every_flowable_fits_the_frame_on_a4_and_letter(tricky: ToolkitData) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from cxdesk.reports.sections import builder, section
    from cxdesk.reports.styles import styles_for

    canvas = Canvas(io.BytesIO())
    for size in PageSize:
        brand = replace(DEFAULT_BRAND, page_size=size)
        st = styles_for(brand)
        for key in DATA_SECTIONS:
            for flowable in builder(section(key))(tricky, brand):
                width, _height = flowable.wrapOn(canvas, st.frame_width, st.frame_height)
                assert width <= st.frame_width + 0.01, (size, key, flowable)


# --- long engagements -------------------------------------------------------------------


def test_a_300_row_matrix_splits_with_the_header_on_every_page(
    db: Database, tmp_path: Path
) -> None:
    client = workspace.add_client(db, "Ελένη")
    engagement = workspace.add_engagement(db, client.id, "Long matrix").id
    for n in range(1, 301):
        expectations.add_item(
            db, engagement, expects=f"Row {n:04d} expects", expected_level=n % 5 + 1
        )
    data = load_toolkit_data(db, engagement)

    pages = export(data, "matrix", tmp_path / "long.pdf")

    table_pages = [p for p in pages if re.search(r"Row \d{4} expects", p)]
    assert len(table_pages) > 3
    for page in table_pages:
        assert "What the client expects · needs" in page
        assert "Perceived gap" in page
    rows = [n for page in table_pages for n in re.findall(r"Row (\d{4}) expects", page)]
    # Every row once in the table (the charts show only those trailing most, by number).
    assert sorted(set(rows)) == [f"{n:04d}" for n in range(1, 301)]


def test_a_long_matrix_charts_only_the_rows_trailing_most() -> None:
    from cxdesk.reports.sections.matrix import trailing_most

    def row(n: int, experienced: int | None) -> tuple[int, ItemRecord]:
        return n, ItemRecord(n, 1, n, expected_level=5, experienced_level=experienced)

    rows = [row(n, (n % 5) + 1) for n in range(1, 101)] + [row(101, None)]
    shown = trailing_most(rows, 10)
    assert len(shown) == 10
    assert [n for n, _ in shown] == sorted(n for n, _ in shown)  # still in matrix order
    assert all(item.perceived_gap == -4 for _n, item in shown)
    assert trailing_most(rows[:5], 10) == rows[:5]


# --- charts: legible in greyscale, never overflowing --------------------------------


@pytest.mark.parametrize(
    ("primary", "accent"), [("#1F4E79", "#E07A1F"), ("#F2C200", "#2A9D8F"), ("#777777", "#777777")]
)
def test_series_differ_by_more_than_hue(primary: str, accent: str) -> None:
    from cxdesk.reports.chart_parts import luminance
    from cxdesk.reports.charts import level_swatches
    from cxdesk.reports.styles import styles_for

    st = styles_for(Brand(primary=primary, accent=accent))
    expected, delivered, experienced = level_swatches(st)
    assert expected.fill is not None
    assert delivered.fill is not None
    # Expected light, delivered dark; experienced hatched, whatever the brand's colours.
    assert luminance(expected.fill) - luminance(delivered.fill) > 0.3
    assert experienced.hatch is not None
    assert expected.hatch is delivered.hatch is None


def test_a_custom_quiz_with_eleven_scores_and_long_statements_fits(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from cxdesk.reports.sections.quiz import quiz_sheet
    from cxdesk.reports.styles import styles_for

    quiz = QuizDefinition(
        "Ten-point check",
        ("Фёдор's " + "very " * 40 + "long statement", LONG_WORD),
        0,
        10,
        (Band(0, 20, "All of it"),),
    )
    st = styles_for(DEFAULT_BRAND)
    canvas = Canvas(io.BytesIO())
    for flowable in quiz_sheet(quiz, DEFAULT_BRAND, st):
        width, _height = flowable.wrapOn(canvas, st.frame_width, st.frame_height)
        assert width <= st.frame_width + 0.01


def test_many_stakeholders_and_milestones_still_draw(db: Database, tmp_path: Path) -> None:
    client = workspace.add_client(db, "Busy client")
    engagement = workspace.add_engagement(db, client.id, "Many of everything").id
    item = expectations.add_item(db, engagement, expects="One", expected_level=3)
    for n in range(14):  # rotated milestone names under a narrow heatmap column each
        milestone = workspace.add_milestone(db, engagement, f"Monthly review number {n + 1}")
        expectations.update_item(db, item.id, "experienced_level", n % 5 + 1)
        expectations.revalidate(db, milestone.id)
    phase = journey_map.add_default_phases(db, engagement)[0]
    people = [journey_map.add_stakeholder(db, engagement, f"Person {n}") for n in range(7)]
    for n in range(40):
        touchpoint = journey_map.add_touchpoint(db, phase.id, name=f"Step {n}", emotion=n % 7 - 3)
        for person in people:
            journey_map.set_stakeholder_emotion(db, touchpoint.id, person.id, (n + 1) % 7 - 3)
    data = load_toolkit_data(db, engagement, edition=INTERNAL_EDITION)

    matrix = " ".join(export(data, "matrix", tmp_path / "m.pdf"))
    journey = " ".join(export(data, "journey", tmp_path / "j.pdf"))

    assert "Before and after" in matrix
    assert "Person 6" in journey
    assert "Step 39" in journey


def test_tied_weakest_statements_and_dimensions_all_print(db: Database, tmp_path: Path) -> None:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja").id
    assessment = rater.add_assessment(db, engagement, "Kickoff check", held_on=TODAY)
    person = rater.add_respondent(db, assessment.id, "Ewa")
    perceived = {"reliability": 4, "assurance": 5, "tangibles": 6, "empathy": 4}
    for field in rater.RESPONDENT_FIELDS[2:]:
        dimension, part = field.rsplit("_", 1)
        value = 6 if part == "expectation" else perceived.get(dimension, 6)
        rater.update_respondent(db, person.id, field, value)  # R and E both trail by 2
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement, "Kickoff workshop", TODAY)
    for row in ([2, 5, 2, 5, 3], [3, 4, 3, 4, 3]):  # statements 1 and 3 tie at 2.5
        participant = workshop.add_participant(db, session.id)
        for statement, score in zip(quiz.statements, row, strict=True):
            workshop.record_answer(db, participant.id, statement.id, score)
    data = load_toolkit_data(db, engagement, today=TODAY)

    scorecard = " ".join(export(data, "rater", tmp_path / "rater.pdf"))
    assert "The experience gap is Reliability and Empathy, tied at −2.0." in scorecard
    assert scorecard.count("▼ the experience gap") == 2  # both rows of the table
    assert scorecard.count("▼ weakest") == 2  # both rows of the gap bars
    assert "2 tied the experience gap, flagged ▼ below" in scorecard  # no name cut short
    assert "…" not in scorecard
    results = " ".join(export(data, "quiz", tmp_path / "quiz.pdf")[1:])
    assert "Nos. 1, 3 the weakest statements, tied" in results
    statements = BUILT_IN_QUIZ.statements
    assert f"Tied weakest statement: 1. {statements[0]} (mean 2.5)" in results
    assert squeezed(f"Tied weakest statement: 3. {statements[2]} (mean 2.5)") in squeezed(results)


def test_tied_widest_disagreements_all_print(db: Database, tmp_path: Path) -> None:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja").id
    assessment = rater.add_assessment(db, engagement, "Kickoff check", held_on=TODAY)
    # Team minus client: Reliability +2, Tangibles -2, the others 0.
    for side, better in (("team", "reliability"), ("client", "tangibles")):
        person = rater.add_respondent(db, assessment.id, side.title())
        rater.update_respondent(db, person.id, "side", side)
        for field in rater.RESPONDENT_FIELDS[2:]:
            dimension, part = field.rsplit("_", 1)
            rater.update_respondent(
                db, person.id, field, 7 if part == "perception" and dimension == better else 5
            )
    data = load_toolkit_data(db, engagement, today=TODAY, edition=INTERNAL_EDITION)
    text = " ".join(export(data, "rater", tmp_path / "rater.pdf"))
    assert (
        "Our team and the client disagree most on Reliability and Tangibles: we rate "
        "Reliability 2.0 higher and Tangibles 2.0 lower than the client does."
    ) in text
