"""The blank templates (no engagement, no database) and the sections helper P owns, blank
and pre-filled: cover, kickoff (with fillable fields), feedback-loop questions, escalation
ladder and the Project Experience Quadrant.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND, Brand, PageSize
from cxdesk.models.escalation import DEFAULT_LADDER, EscalationLevel
from cxdesk.models.overview import build_overview
from cxdesk.models.pulse import CONFIDENCE_QUESTION, CSAT_QUESTION, WORKING_QUESTION
from cxdesk.models.records import (
    ClientRecord,
    EngagementRecord,
    ItemRecord,
    MilestoneRecord,
    PulseRecord,
)
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.sections import SECTIONS
from cxdesk.reports.sections.kickoff import NO_SURPRISES
from cxdesk.store.database import Database

LONG = "a" * 300


def words(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def filled_in(path: Path) -> list[str]:
    """The names of the fields a person fills in (not the parents their names hang on)."""
    fields = PdfReader(path).get_fields() or {}
    return sorted(name for name, field in fields.items() if "/FT" in field)


def engagement_data(**fields: object) -> ToolkitData:
    base: dict[str, object] = {
        "client": ClientRecord(1, "Ελένη Shipping"),
        "engagement": EngagementRecord(2, 1, "Portal «R&D»", "Implementation", date(2026, 1, 5)),
        "printed_on": date(2026, 6, 1),
    }
    base.update(fields)
    return ToolkitData(**base)  # type: ignore[arg-type]


def pulse(n: int, day: date, confidence: int, csat: int, **text: str) -> PulseRecord:
    return PulseRecord(n, 2, None, day, confidence=confidence, csat=csat, **text)


# --- the blank toolkit --------------------------------------------------------------


def test_blank_toolkit_needs_no_engagement_and_no_database(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    result = build_toolkit(None, DEFAULT_BRAND, out)
    assert result.sections == tuple(s.key for s in SECTIONS if s.blank_ok)
    text = words(out)
    for spec in SECTIONS:
        if spec.blank_ok and spec.key != "cover":  # the cover's title is the toolkit's
            assert spec.title in text
    assert "Expectation Management Toolkit" in text
    assert result.pages == len(PdfReader(out).pages)
    # The templates and the worksheets: 13 pages in A4 and in Letter.
    assert 8 <= result.pages <= 16


@pytest.mark.parametrize("page_size", [PageSize.A4, PageSize.LETTER])
def test_each_blank_template_prints_alone(tmp_path: Path, page_size: PageSize) -> None:
    brand = Brand(page_size=page_size)
    for key in ("cover", "kickoff", "feedback", "escalation"):
        out = tmp_path / f"{key}.pdf"
        result = build_toolkit(None, brand, out, sections=[key])
        assert result.sections == (key,)
        # One page each, except the kickoff workbook (questions, a dozen rows to write in
        # for expectations and for revalidation dates, the agreement).
        assert result.pages == (4 if key == "kickoff" else 1), key


def test_blank_cover_has_lines_to_write_on(tmp_path: Path) -> None:
    out = tmp_path / "cover.pdf"
    build_toolkit(
        None, Brand(firm_name="Łódź Advisory", consultant="Фёдор"), out, sections=["cover"]
    )
    text = words(out)
    for label in ("Expectation Management Toolkit", "Client", "Engagement", "PREPARED FOR"):
        assert label in text
    assert "Фёдор Łódź Advisory" in text  # prepared by: consultant, then firm


def test_blank_kickoff_has_fillable_fields(tmp_path: Path) -> None:
    out = tmp_path / "kickoff.pdf"
    build_toolkit(None, DEFAULT_BRAND, out, sections=["kickoff"])
    names = filled_in(out)
    assert names == sorted(
        [
            *(f"kickoff.{n}" for n in ("client", "engagement", "kickoff_date", "participants")),
            *(f"kickoff.question.{n}" for n in range(1, 9)),
            *(
                f"kickoff.expectation.{row}.{part}"
                for row in range(1, 13)
                for part in ("expects", "because", "importance", "owner")
            ),
            *(
                f"kickoff.revalidation.{row}.{part}"
                for row in range(1, 13)
                for part in ("milestone", "due", "revalidated_on", "notes")
            ),
            *(
                f"kickoff.role.{role}.{side}"
                for role in (
                    "sign_off",
                    "day_to_day",
                    "first_escalation",
                    "status_updates",
                    "urgent_issues",
                    "small_wins",
                )
                for side in ("client", "firm")
            ),
            *(
                f"kickoff.signature.{side}.{part}"
                for side in ("client", "firm")
                for part in ("name", "date")
            ),
        ]
    )
    text = words(out)
    for heading in (
        "Outcomes, not just outputs",
        "What success looks and feels like",
        "The “no surprises” agreement",
        "Who decides, and how we communicate",
        "Revalidation dates",
    ):
        assert heading in text
    for line in NO_SURPRISES:
        assert line in text


def test_blank_feedback_card_has_the_pulse_questions(tmp_path: Path) -> None:
    out = tmp_path / "feedback.pdf"
    build_toolkit(None, DEFAULT_BRAND, out, sections=["feedback"])
    text = words(out)
    for question in (CONFIDENCE_QUESTION, CSAT_QUESTION, WORKING_QUESTION):
        assert question in text
    assert "1 2 3 4 5 6 7 8 9 10" in text
    assert "very dissatisfied" in text
    assert "very satisfied" in text
    assert "Pulse checks so far" not in text  # no engagement, no trend


def test_blank_escalation_prints_the_default_ladder_with_owner_lines(tmp_path: Path) -> None:
    out = tmp_path / "ladder.pdf"
    build_toolkit(None, DEFAULT_BRAND, out, sections=["escalation"])
    text = words(out)
    for name, trigger, _owner, response_time, _channel in DEFAULT_LADDER:
        assert name.split(": ", 1)[-1] in text
        assert " ".join(trigger.split()[:6]) in text
        assert response_time in text
    owners = [n for n in filled_in(out) if n.startswith("escalation.owner.")]
    assert len(owners) == len(DEFAULT_LADDER)


# --- pre-filled ---------------------------------------------------------------------


def test_cover_names_client_engagement_date_and_who_prepared_it(tmp_path: Path) -> None:
    out = tmp_path / "cover.pdf"
    brand = Brand(firm_name="R&D <core>", consultant="Zoë Łukasiewicz", contact="zoe@x.example")
    build_toolkit(engagement_data(), brand, out, sections=["cover"])
    text = words(out)
    for expected in (
        "Ελένη Shipping",
        "Portal «R&D»",
        "1 June 2026",
        "Zoë Łukasiewicz",
        "R&D <core>",
        "zoe@x.example",
    ):
        assert expected in text


def test_a_huge_client_name_keeps_the_cover_on_one_page(tmp_path: Path) -> None:
    out = tmp_path / "cover.pdf"
    data = engagement_data(
        client=ClientRecord(1, LONG), engagement=EngagementRecord(2, 1, LONG, "Support", None)
    )
    result = build_toolkit(
        data, Brand(firm_name="b" * 120, consultant="c" * 120), out, sections=["cover"]
    )
    assert result.pages == 1
    assert "aaaaaaaaaa" in words(out)


def test_kickoff_prefilled_lists_expectations_and_milestones(tmp_path: Path) -> None:
    items = (
        ItemRecord(1, 2, 0, expects="Фёдор's team trained", needs="Adoption", expected_level=5),
        ItemRecord(2, 2, 1, expects="Reports <weekly>", needs=LONG),
    )
    milestones = (
        MilestoneRecord(1, 2, 0, "Design sign-off", date(2026, 3, 9), datetime(2026, 3, 10, 9)),
        MilestoneRecord(2, 2, 1, "Go-live Ελένη", date(2026, 5, 4), None),
    )
    out = tmp_path / "kickoff.pdf"
    data = engagement_data(items=items, milestones=milestones)
    build_toolkit(data, DEFAULT_BRAND, out, sections=["kickoff"])
    text = words(out)
    for expected in (
        "Ελένη Shipping",
        "Portal «R&D»",
        "5 Jan 2026",  # the kickoff date: the engagement's start
        "Фёдор's team trained",
        "Reports <weekly>",
        "Design sign-off 9 Mar 2026 10 Mar 2026",
        "Go-live Ελένη 4 May 2026",
        "What we have recorded so far",
    ):
        assert expected in text
    names = filled_in(out)
    assert "kickoff.question.1" in names  # answers stay fillable
    assert "kickoff.expectation.3.because" in names  # the first empty row after the two
    assert "kickoff.expectation.5.because" not in names  # two spare rows, not a dozen
    assert "kickoff.revalidation.2.revalidated_on" in names  # Go-live is not revalidated yet


def test_kickoff_lists_the_first_expectations_and_counts_the_rest(tmp_path: Path) -> None:
    """A sheet read around a table, not a second matrix: 1,000 rows made it 40 pages."""
    items = tuple(
        ItemRecord(n, 2, n, expects=f"Expectation number {n}", needs="x") for n in range(1, 76)
    )
    out = tmp_path / "kickoff.pdf"
    build_toolkit(engagement_data(items=items), DEFAULT_BRAND, out, sections=["kickoff"])
    text = words(out)
    assert "Expectation number 30 " in text
    assert "Expectation number 31 " not in text
    assert "and 45 more: see the Expectation matrix" in text
    assert len(PdfReader(out).pages) <= 5


def test_feedback_prints_the_pulse_trend_and_their_words(tmp_path: Path) -> None:
    pulses = (
        pulse(1, date(2026, 3, 1), 6, 3, respondent="Ελένη", working="Weekly demos"),
        pulse(2, date(2026, 3, 1), 8, 4, not_working="Status <reports> too long"),
        pulse(3, date(2026, 4, 1), 9, 5, respondent="Фёдор"),
    )
    out = tmp_path / "feedback.pdf"
    build_toolkit(engagement_data(pulses=pulses), DEFAULT_BRAND, out, sections=["feedback"])
    text = words(out)
    assert "Ελένη Shipping · Portal «R&D»" in text  # the header band
    assert "1 Mar 2026 2 7.0 3.5 50%" in text
    assert "1 Apr 2026 1 9.0 5.0 100%" in text
    assert "Weekly demos" in text
    assert "Status <reports> too long" in text


def test_feedback_for_an_empty_engagement_says_nothing_yet(tmp_path: Path) -> None:
    out = tmp_path / "feedback.pdf"
    build_toolkit(engagement_data(), DEFAULT_BRAND, out, sections=["feedback"])
    assert "Nothing recorded yet — no pulse checks" in words(out)


def test_escalation_prints_the_engagements_own_ladder_in_order(tmp_path: Path) -> None:
    ladder = (
        EscalationLevel(11, 2, 1, "Level 2: Sponsor", "Still open «R&D»", "Фёдор", "1 day", "Call"),
        EscalationLevel(10, 2, 0, "Level 1: Team", "Any <issue>", "Zoë Ł.", "4 hours", "Chat"),
    )
    out = tmp_path / "ladder.pdf"
    build_toolkit(engagement_data(escalation=ladder), DEFAULT_BRAND, out, sections=["escalation"])
    text = words(out)
    assert text.index("Any <issue>") < text.index("Still open «R&D»")
    for expected in ("Фёдор", "Zoë Ł.", "4 hours", "Call", "Chat"):
        assert expected in text
    assert not PdfReader(out).get_fields()  # owners are printed, not left blank


def test_a_tall_ladder_skips_the_staircase_but_prints_every_rung(tmp_path: Path) -> None:
    ladder = tuple(
        EscalationLevel(n, 2, n, f"Rung {n} {LONG if n == 3 else ''}", "t", "o", "r", "c")
        for n in range(12)
    )
    out = tmp_path / "ladder.pdf"
    build_toolkit(engagement_data(escalation=ladder), DEFAULT_BRAND, out, sections=["escalation"])
    text = words(out)
    for n in range(12):
        assert f"Rung {n}" in text
    assert "One rung up" not in text  # the staircase's caption


def test_quadrant_for_an_empty_engagement_says_nothing_yet(tmp_path: Path) -> None:
    out = tmp_path / "quadrant.pdf"
    build_toolkit(engagement_data(), DEFAULT_BRAND, out, sections=["quadrant"])
    text = words(out)
    assert "Project Experience Quadrant" in text
    assert "Nothing recorded yet" in text
    assert "WHERE IT STANDS NOW" not in text  # no empty chart


def test_quadrant_without_a_precomputed_overview_computes_one(tmp_path: Path) -> None:
    items = (
        ItemRecord(1, 2, 0, expects="x", expected_level=3, delivered_level=5),
        ItemRecord(2, 2, 1, expects="y", expected_level=4, delivered_level=5),
    )
    pulses = (pulse(1, date(2026, 3, 1), 9, 5),)
    data = engagement_data(items=items, pulses=pulses)
    assert build_overview((), items, (), (), pulses).now.quadrant is not None
    out = tmp_path / "quadrant.pdf"
    build_toolkit(data, DEFAULT_BRAND, out, sections=["quadrant"])
    text = words(out)
    assert "Stellar Success" in text
    assert "Keep doing this!" in text
    assert "WHERE IT STANDS NOW" in text
    assert "Is the gap closing?" in text


def test_my_sections_for_the_demo_engagement(db: Database, tmp_path: Path) -> None:
    from cxdesk.store.demo import DEMO_CLIENT, add_demo_engagement
    from cxdesk.store.toolkit import load_toolkit_data

    engagement_id = add_demo_engagement(db, today=date(2026, 6, 1))
    data = load_toolkit_data(db, engagement_id, today=date(2026, 6, 1))
    out = tmp_path / "demo.pdf"
    keys = ["cover", "kickoff", "feedback", "escalation", "quadrant"]
    result = build_toolkit(data, Brand(page_size=PageSize.LETTER), out, sections=keys)
    assert result.sections == tuple(keys)
    text = words(out)
    assert DEMO_CLIENT in text
    for milestone in data.milestones:
        assert milestone.name in text
    assert data.overview is not None
    now = data.overview.now.quadrant
    assert now is not None
    assert now.label in text
    for number in data.overview.key_numbers:
        assert number.name in text
    assert "Pulse checks so far" in text
