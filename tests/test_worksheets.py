"""The blank templates a workshop writes on: the kickoff with the rows the consultant
chose, a RATER scorecard sheet, an emotion-map canvas, pulse-check cards and the action
and issue log. Each prints in A4 and US Letter, with every blank big enough to write in
by hand and a fillable field named as a person reads the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import Brand, PageSize
from cxdesk.models.template_layout import TemplateLayout
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.sections import SECTIONS

MM = 72 / 25.4
WRITE_IN_LEAST = 7 * MM  # a line to write on by hand
TICK_LEAST = 4 * MM  # a box to tick
PAGE_SIZES = {PageSize.A4: (595.28, 841.89), PageSize.LETTER: (612.0, 792.0)}


def words(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def widgets(path: Path) -> dict[str, list[tuple[float, float]]]:
    """Each field's full name -> the (width, height) of its boxes on the pages."""
    found: dict[str, list[tuple[float, float]]] = {}
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            parts, node = [], widget
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node.get("/Parent")
                node = node.get_object() if node is not None else None
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            found.setdefault(".".join(reversed(parts)), []).append((x1 - x0, y1 - y0))
    return found


def kickoff(tmp_path: Path, rows: int | None = None, size: PageSize = PageSize.A4) -> Path:
    out = tmp_path / f"kickoff-{rows}-{size.value}.pdf"
    layout = TemplateLayout(kickoff_rows=rows) if rows is not None else None
    build_toolkit(None, Brand(page_size=size), out, sections=["kickoff"], layout=layout)
    return out


def rows_of(names: dict[str, object], table: str) -> set[int]:
    pattern = re.compile(rf"kickoff\.{table}\.(\d+)\.")
    return {int(m.group(1)) for n in names if (m := pattern.match(n))}


# --- the kickoff template's rows ------------------------------------------------------


def test_the_blank_kickoff_has_a_dozen_rows_by_default(tmp_path: Path) -> None:
    names = widgets(kickoff(tmp_path))
    assert rows_of(names, "expectation") == set(range(1, 13))
    assert rows_of(names, "revalidation") == set(range(1, 13))


@pytest.mark.parametrize("rows", [1, 5, 30])
def test_the_kickoff_has_as_many_rows_as_chosen(tmp_path: Path, rows: int) -> None:
    out = kickoff(tmp_path, rows)
    names = widgets(out)
    assert rows_of(names, "expectation") == set(range(1, rows + 1))
    assert rows_of(names, "revalidation") == set(range(1, rows + 1))
    assert f"kickoff.expectation.{rows}.because" in names
    text = words(out)
    assert f" {rows} " in text  # the row numbers are printed
    assert "The “no surprises” agreement" in text  # the template still ends as it should


def test_a_row_count_out_of_range_is_refused_in_words() -> None:
    for rows in (0, -3, 61):
        with pytest.raises(ValueError, match="1 to 60 rows"):
            TemplateLayout(kickoff_rows=rows)


@pytest.mark.parametrize("size", list(PageSize))
def test_the_kickoff_owner_blank_takes_a_name(tmp_path: Path, size: PageSize) -> None:
    out = kickoff(tmp_path, size=size)
    assert PdfReader(out).pages[0].mediabox.upper_right == pytest.approx(PAGE_SIZES[size], abs=0.01)
    names = widgets(out)
    ((width, height),) = names["kickoff.expectation.1.owner"]
    assert width >= 30 * MM  # "Katarzyna Wiśniewska", written by hand
    assert height >= WRITE_IN_LEAST
    assert "Owner" in words(out)


@pytest.mark.parametrize("size", list(PageSize))
def test_every_kickoff_blank_is_big_enough_to_write_in(tmp_path: Path, size: PageSize) -> None:
    for name, boxes in widgets(kickoff(tmp_path, size=size)).items():
        for width, height in boxes:
            assert height >= WRITE_IN_LEAST, name
            assert width >= 15 * MM, name


# --- the worksheets ---------------------------------------------------------------------

PAGES = {"rater-sheet": 1, "emotion-canvas": 1, "pulse-cards": 1, "action-log": 2}
WORKSHEETS = [spec.key for spec in SECTIONS if spec.worksheet]
READABLE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def worksheet(tmp_path: Path, key: str, size: PageSize = PageSize.A4, data: object = None) -> Path:
    out = tmp_path / f"{key}-{size.value}.pdf"
    result = build_toolkit(data, Brand(page_size=size), out, sections=[key])  # type: ignore[arg-type]
    assert result.sections == (key,)
    return out


def ticks(path: Path) -> dict[str, list[str]]:
    """Each tick-box choice's full name -> the values its boxes give."""
    found: dict[str, list[str]] = {}
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if "/AS" not in widget:
                continue
            parts, node = [], widget.get("/Parent").get_object()
            group = node
            while node is not None:
                parts.append(str(node["/T"]))
                node = node.get("/Parent")
                node = node.get_object() if node is not None else None
            values = [str(v)[1:] for v in widget["/AP"]["/N"] if v != "/Off"]
            assert group["/FT"] == "/Btn"
            found.setdefault(".".join(reversed(parts)), []).extend(values)
    return found


# Each worksheet prints after the section it is the paper side of.
BESIDE = {
    "rater-sheet": "rater",
    "emotion-canvas": "journey",
    "pulse-cards": "feedback",
    "action-log": "escalation",
}


def test_each_worksheet_follows_its_section_and_prints_blank() -> None:
    keys = [spec.key for spec in SECTIONS]
    assert list(BESIDE) == WORKSHEETS
    for spec in SECTIONS:
        if spec.worksheet:
            assert spec.blank_ok
            assert not spec.needs_engagement
            assert keys.index(spec.key) == keys.index(BESIDE[spec.key]) + 1


@pytest.mark.parametrize("size", list(PageSize))
@pytest.mark.parametrize("key", WORKSHEETS)
def test_each_worksheet_prints_on_its_pages(tmp_path: Path, key: str, size: PageSize) -> None:
    out = worksheet(tmp_path, key, size)
    reader = PdfReader(out)
    assert len(reader.pages) == PAGES[key]
    for page in reader.pages:
        assert page.mediabox.upper_right == pytest.approx(PAGE_SIZES[size], abs=0.01)
    names = widgets(out)
    assert names
    choices = ticks(out)
    for name, boxes in names.items():
        assert READABLE.match(name), name
        for width, height in boxes:
            if name in choices:
                assert min(width, height) >= TICK_LEAST, name
            else:
                assert height >= WRITE_IN_LEAST, name
                assert width >= 15 * MM, name  # a date, a score out of 100


def test_the_rater_sheet(tmp_path: Path) -> None:
    out = worksheet(tmp_path, "rater-sheet")
    text = words(out)
    for expected in (
        "RATER scorecard sheet",
        "Reliability Did we deliver what we promised?",
        "Assurance",
        "Tangibles",
        "Empathy",
        "Responsiveness Did we act quickly when issues came up?",
        "1 2 3 4 5 6 7",
        "strongly disagree",
        "strongly agree",
        "E You expect",
        "P We perform",
        "Total (the five add up to 100)",
        "The client",
        "Our team",
    ):
        assert expected in text, expected
    dimensions = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")
    assert ticks(out) == {
        "rater.respondent.side": ["client", "team"],
        **{
            f"rater.{d}.{side}": [str(n) for n in range(1, 8)]
            for d in dimensions
            for side in ("expectation", "perception")
        },
    }
    assert sorted(set(widgets(out)) - set(ticks(out))) == sorted(
        [
            "rater.respondent.name",
            "rater.respondent.role",
            "rater.date",
            "rater.milestone",
            "rater.points_total",
            "rater.comment",
            *(f"rater.{d}.points" for d in dimensions),
        ]
    )


def test_the_emotion_canvas_for_the_default_journey(tmp_path: Path) -> None:
    out = worksheet(tmp_path, "emotion-canvas")
    text = words(out)
    for expected in (
        "1. Marketing & Sales",
        "2. Implementation",
        "3. Support / Customer Success",
        "handoff",
        "+3",
        "-3",
        "delighted",
        "angry",
        "Thinks and feels",
        "Pain points",
        "Opportunities",
    ):
        assert expected in text, expected
    assert len(re.findall(r"\bhandoff\b", text)) == 2  # between the three phases
    lanes = ("touchpoints", "thinks_feels", "needs", "pain_points", "opportunities")
    assert sorted(widgets(out)) == sorted(
        [
            "emotion_map.stakeholder",
            "emotion_map.date",
            *(f"emotion_map.phase.{n}.{lane}" for n in (1, 2, 3) for lane in lanes),
        ]
    )


def test_the_emotion_canvas_for_an_engagements_own_phases(tmp_path: Path) -> None:
    from datetime import date

    from cxdesk.models.journey_map import JourneyMap, PhaseRecord
    from cxdesk.models.records import ClientRecord, EngagementRecord
    from cxdesk.models.toolkit import ToolkitData

    names = [
        "Discovery",
        "Ελένη's pilot",
        "Внедрение",
        "Go-live <core>",
        "Hypercare",
        "Renewal & R&D",
    ]
    journey = JourneyMap(7, tuple(PhaseRecord(n, 7, n, name) for n, name in enumerate(names)))
    data = ToolkitData(
        client=ClientRecord(1, "Łódź Health"),
        engagement=EngagementRecord(7, 1, "Portal", "Implementation", None),
        printed_on=date(2026, 6, 1),
        journey=journey,
    )
    out = worksheet(tmp_path, "emotion-canvas", data=data)
    assert len(PdfReader(out).pages) == 2  # five phases a page: a phase stays writable
    text = words(out)
    for number, name in enumerate(names, start=1):
        assert f"{number}. {name}" in text
    fields = widgets(out)
    assert "emotion_map.phase.6.opportunities" in fields
    assert "emotion_map.phase.7.needs" not in fields


def test_the_pulse_cards(tmp_path: Path) -> None:
    out = worksheet(tmp_path, "pulse-cards")
    text = words(out)
    for expected in (
        "How confident are you right now in the outcome, on a scale of 1 to 10?",
        "How satisfied are you with the project so far, from 1 to 5?",
        "What's working for you right now?",
        "What's not working for you right now?",
        "1 2 3 4 5 6 7 8 9 10",
        "very dissatisfied",
        "cut here",
    ):
        assert expected in text, expected
    assert text.count("Pulse check") == 2
    assert ticks(out) == {
        **{f"pulse.{card}.confidence": [str(n) for n in range(1, 11)] for card in (1, 2)},
        **{f"pulse.{card}.csat": [str(n) for n in range(1, 6)] for card in (1, 2)},
    }
    parts = ("name", "date", "milestone", "working", "not_working")
    assert sorted(set(widgets(out)) - set(ticks(out))) == sorted(
        f"pulse.{card}.{part}" for card in (1, 2) for part in parts
    )


def test_the_action_and_issue_log(tmp_path: Path) -> None:
    out = worksheet(tmp_path, "action-log")
    text = words(out)
    for expected in (
        "Actions",
        "Issue log",
        "Knowledge",
        "Standards",
        "Delivery",
        "Communication",
        "Customer",
        "In progress",
        "Dropped",
        "Owner",
        "Due",
        "Raised by",
        "Raised on",
        "Escalated on",
        "Resolved on",
        "What was done",
        "1 Project team · 2 Engagement manager · 3 Delivery director · 4 Executive sponsor",
    ):
        assert expected in text, expected
    choices = ticks(out)
    causes = ["knowledge", "standards", "delivery", "communication", "customer"]
    assert choices["action.1.cause"] == causes
    assert choices["action.1.status"] == ["open", "in_progress", "done", "dropped"]
    assert choices["issue.1.rung"] == ["1", "2", "3", "4"]
    fields = widgets(out)
    for part in ("title", "source", "owner", "due", "what_was_done"):
        assert f"action.1.{part}" in fields
    for part in ("title", "raised_by", "raised_on", "owner", "escalated_on", "resolved_on"):
        assert f"issue.1.{part}" in fields
    assert "action.5.title" in fields  # a page of actions, a page of issues
    assert "issue.6.title" in fields


def test_the_issue_log_follows_the_engagements_ladder(tmp_path: Path) -> None:
    from datetime import date

    from cxdesk.models.escalation import EscalationLevel
    from cxdesk.models.records import ClientRecord, EngagementRecord
    from cxdesk.models.toolkit import ToolkitData

    def data(rungs: int) -> ToolkitData:
        ladder = tuple(
            EscalationLevel(n, 7, n, f"Level {n + 1}: Rung «{n + 1}» Фёдор", "t", "o", "r", "c")
            for n in reversed(range(rungs))
        )
        return ToolkitData(
            client=ClientRecord(1, "Client"),
            engagement=EngagementRecord(7, 1, "Portal", "Implementation", None),
            printed_on=date(2026, 6, 1),
            escalation=ladder,
        )

    out = worksheet(tmp_path, "action-log", data=data(6))
    assert "1 Rung «1» Фёдор · 2 Rung «2» Фёдор" in words(out)
    assert ticks(out)["issue.1.rung"] == [str(n) for n in range(1, 7)]
    folder = tmp_path / "tall"
    folder.mkdir()
    tall = worksheet(folder, "action-log", data=data(12))
    assert "issue.1.rung" not in ticks(tall)  # twelve rungs: the number is written in
    assert "issue.1.rung" in widgets(tall)


def test_a_worksheet_filled_in_polish_greek_and_cyrillic_shows_it(tmp_path: Path) -> None:
    """Filled by a tool as a person's answers would be, each field draws its text."""
    from pypdf import PdfWriter

    from tests.test_form_fields import shown_text

    out = worksheet(tmp_path, "rater-sheet")
    writer = PdfWriter(clone_from=PdfReader(out))
    typed = {
        "rater.respondent.name": "Małgorzata Żuławska",
        "rater.respondent.role": "Διευθύντρια, Ελένη Shipping",
        "rater.comment": "Чаще показывайте прогресс.\nWięcej demonstracji.",
        "rater.reliability.expectation": "/6",
        "rater.reliability.points": "30",
    }
    writer.update_page_form_field_values(writer.pages[0], typed, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    assert shown_text(filled, "name") == typed["rater.respondent.name"]
    assert shown_text(filled, "role") == typed["rater.respondent.role"]
    assert shown_text(filled, "comment") == typed["rater.comment"]
    values = {
        name: field.get("/V") for name, field in (PdfReader(filled).get_fields() or {}).items()
    }
    assert values["rater.reliability.expectation"] == "/6"
    assert values["rater.reliability.points"] == "30"
