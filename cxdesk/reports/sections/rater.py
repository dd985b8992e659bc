"""The RATER scorecard section: the latest assessment's dimensions, gap bars, radar, trend.

SERVQUAL as the scorecard tab computes it (``cxdesk.models.servqual``): gap = perception −
expectation on the 1-7 scale, the weakest dimension flagged as the experience gap, our
team's gaps beside the client's (providers rate themselves higher).

The client edition is given the client's responses alone, so its numbers are the
client's; our team's gaps print beside them only when the consultant ticked the
comparison, and then as the aggregate the read gave (``ToolkitData.team_gaps``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from cxdesk.models.records import AssessmentRecord
from cxdesk.models.servqual import (
    DIMENSIONS,
    RaterDimension,
    RaterResponse,
    RespondentSide,
    ScorecardSummary,
    SideComparison,
    summarise_scorecard,
)
from cxdesk.models.wording import counted, spoken_list
from cxdesk.reports.chart_parts import Swatch, key_figures, on, shade, signed, strong
from cxdesk.reports.charts import radar_series, rater_gap_bars, rater_radar
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for, tint
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

EMPTY = (
    "Nothing recorded yet — score the RATER scorecard with our team and the client "
    "(expectation and perception for each dimension) and it prints here."
)
INTRO = (
    "Five dimensions of experience (SERVQUAL). Each respondent scores what they expected "
    "and what they perceived, 1 (strongly disagree) to 7 (strongly agree). Gap = perception "
    "− expectation: below zero the experience trails the expectation, and a low score in "
    "any dimension is an experience gap."
)


def build(data: ToolkitData | None, brand: Brand) -> list[Flowable]:
    story: list[Flowable] = [heading("rater", brand)]
    answered = [(a, r) for a, r in (data.assessments if data else ()) if r]
    if not answered:
        return [*story, nothing_yet(EMPTY, brand)]
    st = styles_for(brand)
    assert data is not None  # answered
    assessment, responses = answered[-1]
    summary = summarise_scorecard(responses)
    sides = side_comparison(data, assessment.id, summary)
    about = (
        _about(assessment, responses)
        if data.edition.is_internal
        else _client_about(assessment, responses)
    )
    story += [
        Paragraph(para(about), st.body),
        *_notes(assessment, st),
        Paragraph(para(INTRO), st.muted),
        Spacer(0, 6),
        _figures(summary, sides, st),
        Spacer(0, 10),
        dimension_table(summary, sides, st),
        Spacer(0, 4),
        *_verdict(summary, sides, st),
        *_charts(summary, sides, brand, st),
    ]
    if data.edition.names_people:  # each person's own scores: ours alone to read
        story += [
            subheading("Each respondent's gaps (P − E)", brand, key="rater-people"),
            respondents_table(responses, st),
        ]
    if len(answered) > 1:
        story += [
            subheading("Trend across assessments", brand, key="rater-trend"),
            trend_table(answered, st),
        ]
    return story


def day(value: date | None) -> str:
    return "undated" if value is None else f"{value.day} {value:%b %Y}"


def number(value: float | None, sign: bool = True) -> str:
    if value is None:
        return "–"
    return signed(value) if sign else f"{value:.1f}"


def side_comparison(
    data: ToolkitData, assessment_id: int, summary: ScorecardSummary
) -> SideComparison | None:
    """Our team's gaps beside the client's when the edition prints them, else None. The
    client edition's responses are the client's alone: our team's gaps come from the read."""
    if not data.edition.prints_team_vs_client:
        return None
    team = data.team_gaps.get(assessment_id)
    return summary.sides if team is None else SideComparison(team, summary.sides.client)


def _client_about(assessment: AssessmentRecord, responses: Sequence[RaterResponse]) -> str:
    people = counted(len(responses), "respondent")
    return (
        f"Latest assessment: {assessment.title}, held {day(assessment.held_on)} — {people} "
        "from the client."
    )


def _notes(assessment: AssessmentRecord, st: ToolkitStyles) -> list[Flowable]:
    """The assessment's notes: ours (the client edition is never given them)."""
    if not assessment.notes.strip():
        return []
    return [Paragraph(f"<b>Notes:</b> {para(assessment.notes)}", st.body)]


def _about(assessment: AssessmentRecord, responses: Sequence[RaterResponse]) -> str:
    team = sum(1 for r in responses if r.side is RespondentSide.TEAM)
    client = len(responses) - team
    people = f"{counted(len(responses), 'respondent')}"
    return (
        f"Latest assessment: {assessment.title}, held {day(assessment.held_on)} — {people} "
        f"({team} from our team, {client} from the client)."
    )


def _figures(summary: ScorecardSummary, sides: SideComparison | None, st: ToolkitStyles) -> Drawing:
    gaps = summary.experience_gaps
    third = (
        (str(summary.respondents), "respondents from the client")
        if sides is None
        else (number(sides.overall_difference), "our team's gap minus the client's gap")
    )
    drawing = Drawing(st.frame_width, 52)
    drawing.add(
        key_figures(
            [
                (number(summary.unweighted), "overall gap: the mean of the five dimensions"),
                (number(summary.weighted), "weighted by the importance points given"),
                third,
                # A tie's names would be cut in a headline's width: its count here, the
                # names in the table (each flagged) and in the verdict under it.
                (f"{len(gaps)} tied", "the experience gap, flagged ▼ below")
                if len(gaps) > 1
                else (
                    gaps[0].label if gaps else "None",
                    "the experience gap: the weakest dimension",
                ),
            ],
            strong(st.primary),
            st.ink,
            st.muted_ink,
            st.frame_width,
        )
    )
    return drawing


def dimension_table(
    summary: ScorecardSummary, sides: SideComparison | None, st: ToolkitStyles
) -> Flowable:
    cell = ParagraphStyle("rater_cell", parent=st.table_cell, fontSize=8, leading=10.5)
    right = ParagraphStyle("rater_right", parent=cell, alignment=2)
    muted = st.muted_ink.hexval()[2:]
    header = ParagraphStyle("rater_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    headers = ["Dimension", "Expected (E)", "Perceived (P)", "Gap (P − E)"]
    if sides is not None:
        headers += ["Our team's gap", "Client's gap", "Team − client"]
    rows: list[list[object]] = [[Paragraph(h, header) for h in headers]]
    flagged_rows = []
    for n, dimension in enumerate(DIMENSIONS, 1):
        means = summary.means[dimension]
        weakest = dimension in summary.experience_gaps  # every dimension of a tie
        if weakest:
            flagged_rows.append(n)
        name = f"<b>{dimension.label}</b>" + (" ▼ the experience gap" if weakest else "")
        rows.append(
            [
                Paragraph(
                    f'{name}<br/><font color="#{muted}">{para(dimension.question)}</font>', cell
                ),
                *(
                    Paragraph(text, right)
                    for text in (
                        number(means.expectation, sign=False),
                        number(means.perception, sign=False),
                        f"<b>{number(summary.gaps[dimension])}</b>",
                        *(
                            (
                                number(sides.team.get(dimension)),
                                number(sides.client.get(dimension)),
                                number(sides.difference(dimension)),
                            )
                            if sides is not None
                            else ()
                        ),
                    )
                ),
            ]
        )
    widths = [0.31, *[0.115] * 6] if sides is not None else [0.43, *[0.19] * 3]
    columns = range(1, len(widths))
    table = data_table(rows, [w * st.frame_width for w in widths], st, right_cols=columns)
    for row in flagged_rows:
        table.setStyle(
            [
                ("BACKGROUND", (0, row), (-1, row), tint(st.accent, 0.8)),
                ("LINEBEFORE", (0, row), (0, row), 3, strong(st.accent, 0.5)),
            ]
        )
    return table


def _verdict(
    summary: ScorecardSummary, sides: SideComparison | None, st: ToolkitStyles
) -> list[Flowable]:
    lines = []
    gaps = summary.experience_gaps
    if len(gaps) == 1:
        gap = gaps[0]
        lines.append(
            f"<b>The experience gap is {gap.label}</b> ({number(summary.gaps[gap])}): "
            f"{para(gap.question)} Start the next conversation with the client here."
        )
    elif gaps:  # a tie: every dimension of it, each with its question
        questions = " ".join(f"{d.label}: {para(d.question)}" for d in gaps)
        lines.append(
            f"<b>The experience gap is {spoken_list([d.label for d in gaps])}</b>, tied at "
            f"{number(summary.gaps[gaps[0]])}. {questions} "
            "Start the next conversation with the client here."
        )
    elif summary.unweighted is not None:
        lines.append("No dimension trails the client's expectation: keep revalidating.")
    widest = sides.widest if sides is not None else ()  # every dimension of a tie
    diffs = [
        (d, diff) for d in widest if sides is not None and (diff := sides.difference(d)) is not None
    ]
    if diffs and abs(diffs[0][1]) >= 0.5:
        names = spoken_list([d.label for d, _ in diffs])
        each = spoken_list(
            [
                f"{'it' if len(diffs) == 1 else d.label} {abs(diff):.1f} "
                f"{'higher' if diff > 0 else 'lower'}"
                for d, diff in diffs
            ]
        )
        lines.append(
            f"Our team and the client disagree most on <b>{names}</b>: we rate {each} "
            "than the client does."
        )
    if summary.incomplete:
        who = "respondent" if summary.incomplete == 1 else "respondents"
        lines.append(
            f"{summary.incomplete} {who} left a dimension unscored: they count only where "
            "they scored both expectation and perception."
        )
    return [Paragraph(line, st.body) for line in lines]


def side_series(
    sides: SideComparison, st: ToolkitStyles
) -> list[tuple[Swatch, Mapping[RaterDimension, float | None]]]:
    """Our team solid, the client hatched; a side nobody scored is left out."""
    primary = strong(st.primary)
    team = Swatch("Our team", primary, shade(primary, 0.3))
    series = [(team, sides.team), (client_swatch(st), sides.client)]
    return [(s, gaps) for s, gaps in series if any(v is not None for v in gaps.values())]


def client_swatch(st: ToolkitStyles) -> Swatch:
    accent = st.accent
    return Swatch("Client", accent, shade(accent, 0.35), hatch=on(accent, st.ink))


def _charts(
    summary: ScorecardSummary, sides: SideComparison | None, brand: Brand, st: ToolkitStyles
) -> list[Flowable]:
    if sides is not None:
        series = side_series(sides, st)
        bars_title = "Gaps by dimension: our team and the client"
    else:  # the client's gaps alone: the summary's, whose responses are the client's
        series = [(client_swatch(st), summary.gaps)]
        bars_title = "Gaps by dimension: the client"
    bars = rater_gap_bars(series, summary.experience_gaps, st, st.frame_width)
    radar_w = st.frame_width * 0.6
    radar = rater_radar(radar_series(summary.means, st), st, radar_w, 230)
    reading = [
        Paragraph(para(text), st.muted)
        for text in (
            "Mean expectation (dashed) and perception (solid) per dimension, every "
            "respondent, on the 1-7 scale: 7 at the rim.",
            "Where the solid line falls inside the dashed one, the experience trails what "
            "was expected: the gap in the table above.",
        )
    ]
    pair = Table([[radar, reading]], colWidths=[radar_w, st.frame_width - radar_w])
    pair.hAlign = "LEFT"
    pair.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return [
        KeepTogether(
            [
                subheading(bars_title, brand, key="rg"),
                bars,
            ]
        ),
        KeepTogether([subheading("Expectation against perception", brand, key="radar"), pair]),
    ]


def respondents_table(responses: Sequence[RaterResponse], st: ToolkitStyles) -> Flowable:
    """One row per respondent of the latest assessment: who, which side, each gap."""
    header = ParagraphStyle("people_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    rows: list[list[object]] = [
        [
            Paragraph("Respondent", header),
            Paragraph("Side", header),
            *(Paragraph(d.label, header) for d in DIMENSIONS),
        ]
    ]
    for response in responses:
        side = "Our team" if response.side is RespondentSide.TEAM else "Client"
        gaps = (number(response.gap(d)) for d in DIMENSIONS)
        rows.append([response.name or "anonymous", side, *gaps])
    first, second = 0.27 * st.frame_width, 0.13 * st.frame_width
    rest = (st.frame_width - first - second) / len(DIMENSIONS)
    widths = [first, second, *([rest] * len(DIMENSIONS))]
    return data_table(rows, widths, st, right_cols=range(2, 2 + len(DIMENSIONS)))


TREND_MOST = 6  # assessments side by side; earlier ones are in the app


def trend_table(
    answered: Sequence[tuple[AssessmentRecord, Sequence[RaterResponse]]], st: ToolkitStyles
) -> Flowable:
    """Dimensions down, assessments across (oldest first): each row reads as a trend."""
    shown = list(answered[-TREND_MOST:])
    summaries = [summarise_scorecard(r) for _a, r in shown]
    header = ParagraphStyle("trend_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    rows: list[list[object]] = [
        [
            Paragraph("Gap (P − E)", header),
            *(Paragraph(f"{para(a.title)}<br/>{day(a.held_on)}", header) for a, _r in shown),
        ]
    ]
    for dimension in DIMENSIONS:
        rows.append([dimension.label, *(number(s.gaps[dimension]) for s in summaries)])
    rows.append(["Overall (mean of five)", *(number(s.unweighted) for s in summaries)])
    rows.append(["Respondents", *(str(s.respondents) for s in summaries)])
    first = 0.28 * st.frame_width
    rest = (st.frame_width - first) / len(shown)
    columns = range(1, len(shown) + 1)
    table = data_table(rows, [first, *([rest] * len(shown))], st, right_cols=columns)
    table.setStyle(
        [("LINEABOVE", (0, len(DIMENSIONS) + 1), (-1, len(DIMENSIONS) + 1), 0.8, st.ink)]
    )
    return table
