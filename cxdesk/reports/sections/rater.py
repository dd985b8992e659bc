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

from cxdesk.language import ENGLISH, N_, Translator
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
from cxdesk.reports.chart_parts import (
    Swatch,
    dimension_name,
    key_figures,
    on,
    shade,
    signed,
    strong,
)
from cxdesk.reports.charts import radar_series, rater_gap_bars, rater_radar
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for, tint
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

EMPTY = N_(
    "Nothing recorded yet — score the RATER scorecard with our team and the client "
    "(expectation and perception for each dimension) and it prints here."
)
INTRO = N_(
    "Five dimensions of experience (SERVQUAL). Each respondent scores what they expected "
    "and what they perceived, 1 (strongly disagree) to 7 (strongly agree). Gap = perception "
    "− expectation: below zero the experience trails the expectation, and a low score in "
    "any dimension is an experience gap."
)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    story: list[Flowable] = [heading("rater", brand, tr)]
    answered = [(a, r) for a, r in (data.assessments if data else ()) if r]
    if not answered:
        return [*story, nothing_yet(_(EMPTY), brand)]
    st = styles_for(brand)
    assert data is not None  # answered
    assessment, responses = answered[-1]
    summary = summarise_scorecard(responses)
    sides = side_comparison(data, assessment.id, summary)
    about = (
        _about(assessment, responses, tr)
        if data.edition.is_internal
        else _client_about(assessment, responses, tr)
    )
    story += [
        Paragraph(para(about), st.body),
        *_notes(assessment, st, tr),
        Paragraph(para(_(INTRO)), st.muted),
        Spacer(0, 6),
        _figures(summary, sides, st, tr),
        Spacer(0, 10),
        dimension_table(summary, sides, st, tr),
        Spacer(0, 4),
        *_verdict(summary, sides, st, tr),
        *_charts(summary, sides, brand, st, tr),
    ]
    if data.edition.names_people:  # each person's own scores: ours alone to read
        story += [
            subheading(_("Each respondent's gaps (P − E)"), brand, key="rater-people"),
            respondents_table(responses, st, tr),
        ]
    if len(answered) > 1:
        story += [
            subheading(_("Trend across assessments"), brand, key="rater-trend"),
            trend_table(answered, st, tr),
        ]
    return story


def day(value: date | None, tr: Translator = ENGLISH) -> str:
    return tr.gettext("undated") if value is None else tr.short_date(value)


def number(value: float | None, sign: bool = True, tr: Translator = ENGLISH) -> str:
    if value is None:
        return "–"
    return signed(value, 1, tr) if sign else tr.decimal(value)


def side_comparison(
    data: ToolkitData, assessment_id: int, summary: ScorecardSummary
) -> SideComparison | None:
    """Our team's gaps beside the client's when the edition prints them, else None. The
    client edition's responses are the client's alone: our team's gaps come from the read."""
    if not data.edition.prints_team_vs_client:
        return None
    team = data.team_gaps.get(assessment_id)
    return summary.sides if team is None else SideComparison(team, summary.sides.client)


def _client_about(
    assessment: AssessmentRecord, responses: Sequence[RaterResponse], tr: Translator
) -> str:
    return tr.ngettext(
        "Latest assessment: {title}, held {day} — {count} respondent from the client.",
        "Latest assessment: {title}, held {day} — {count} respondents from the client.",
        len(responses),
    ).format(
        title=assessment.title, day=day(assessment.held_on, tr), count=tr.integer(len(responses))
    )


def _notes(assessment: AssessmentRecord, st: ToolkitStyles, tr: Translator) -> list[Flowable]:
    """The assessment's notes: ours (the client edition is never given them)."""
    if not assessment.notes.strip():
        return []
    label = para(tr.gettext("Notes:"))
    return [Paragraph(f"<b>{label}</b> {para(assessment.notes)}", st.body)]


def _about(assessment: AssessmentRecord, responses: Sequence[RaterResponse], tr: Translator) -> str:
    team = sum(1 for r in responses if r.side is RespondentSide.TEAM)
    client = len(responses) - team
    return tr.ngettext(
        "Latest assessment: {title}, held {day} — {count} respondent "
        "({team} from our team, {client} from the client).",
        "Latest assessment: {title}, held {day} — {count} respondents "
        "({team} from our team, {client} from the client).",
        len(responses),
    ).format(
        title=assessment.title,
        day=day(assessment.held_on, tr),
        count=tr.integer(len(responses)),
        team=tr.integer(team),
        client=tr.integer(client),
    )


def _figures(
    summary: ScorecardSummary, sides: SideComparison | None, st: ToolkitStyles, tr: Translator
) -> Drawing:
    _ = tr.gettext
    gaps = summary.experience_gaps
    third = (
        (
            tr.integer(summary.respondents),
            tr.ngettext(
                "respondent from the client", "respondents from the client", summary.respondents
            ),
        )
        if sides is None
        else (
            number(sides.overall_difference, tr=tr),
            _("our team's gap minus the client's gap"),
        )
    )
    drawing = Drawing(st.frame_width, 52)
    drawing.add(
        key_figures(
            [
                (
                    number(summary.unweighted, tr=tr),
                    _("overall gap: the mean of the five dimensions"),
                ),
                (number(summary.weighted, tr=tr), _("weighted by the importance points given")),
                third,
                # A tie's names would be cut in a headline's width: its count here, the
                # names in the table (each flagged) and in the verdict under it.
                (
                    tr.counted("{count} tied", "{count} tied", len(gaps)),
                    _("the experience gap, flagged ▼ below"),
                )
                if len(gaps) > 1
                else (
                    # The name alone: "Empatia", its English "(Empathy)" is in the table.
                    dimension_name(gaps[0], tr) if gaps else _("None"),
                    _("the experience gap: the weakest dimension"),
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
    summary: ScorecardSummary,
    sides: SideComparison | None,
    st: ToolkitStyles,
    tr: Translator = ENGLISH,
) -> Flowable:
    _ = tr.gettext
    cell = ParagraphStyle("rater_cell", parent=st.table_cell, fontSize=8, leading=10.5)
    right = ParagraphStyle("rater_right", parent=cell, alignment=2)
    muted = st.muted_ink.hexval()[2:]
    header = ParagraphStyle("rater_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    headers = [_("Dimension"), _("Expected (E)"), _("Perceived (P)"), _("Gap (P − E)")]
    if sides is not None:
        headers += [_("Our team's gap"), _("Client's gap"), _("Team − client")]
    rows: list[list[object]] = [[Paragraph(para(h), header) for h in headers]]
    flagged_rows = []
    for n, dimension in enumerate(DIMENSIONS, 1):
        means = summary.means[dimension]
        weakest = dimension in summary.experience_gaps  # every dimension of a tie
        if weakest:
            flagged_rows.append(n)
        flag = " " + para(_("▼ the experience gap")) if weakest else ""
        name = f"<b>{para(_(dimension.label))}</b>{flag}"
        rows.append(
            [
                Paragraph(
                    f'{name}<br/><font color="#{muted}">{para(_(dimension.question))}</font>', cell
                ),
                *(
                    Paragraph(text, right)
                    for text in (
                        number(means.expectation, sign=False, tr=tr),
                        number(means.perception, sign=False, tr=tr),
                        f"<b>{number(summary.gaps[dimension], tr=tr)}</b>",
                        *(
                            (
                                number(sides.team.get(dimension), tr=tr),
                                number(sides.client.get(dimension), tr=tr),
                                number(sides.difference(dimension), tr=tr),
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
    summary: ScorecardSummary, sides: SideComparison | None, st: ToolkitStyles, tr: Translator
) -> list[Flowable]:
    _ = tr.gettext
    lines = []
    gaps = summary.experience_gaps
    start_here = para(_("Start the next conversation with the client here."))
    if len(gaps) == 1:
        gap = gaps[0]
        lines.append(
            "<b>"
            + para(_("The experience gap is {dimension}").format(dimension=_(gap.label)))
            + f"</b> ({number(summary.gaps[gap], tr=tr)}): "
            f"{para(_(gap.question))} {start_here}"
        )
    elif gaps:  # a tie: every dimension of it, each with its question
        questions = " ".join(f"{para(_(d.label))}: {para(_(d.question))}" for d in gaps)
        names = tr.spoken_list([_(d.label) for d in gaps])
        tied = _("tied at {gap}").format(gap=number(summary.gaps[gaps[0]], tr=tr))
        lines.append(
            "<b>"
            + para(_("The experience gap is {dimension}").format(dimension=names))
            + f"</b>, {para(tied)}. {questions} {start_here}"
        )
    elif summary.unweighted is not None:
        lines.append(para(_("No dimension trails the client's expectation: keep revalidating.")))
    widest = sides.widest if sides is not None else ()  # every dimension of a tie
    diffs = [
        (d, diff) for d in widest if sides is not None and (diff := sides.difference(d)) is not None
    ]
    if diffs and abs(diffs[0][1]) >= 0.5:
        names = tr.spoken_list([_(d.label) for d, _diff in diffs])
        each = tr.spoken_list(
            [
                (_("{amount} higher") if diff > 0 else _("{amount} lower")).format(
                    amount=tr.decimal(abs(diff))
                )
                if len(diffs) == 1
                else (
                    _("{dimension} {amount} higher")
                    if diff > 0
                    else _("{dimension} {amount} lower")
                ).format(dimension=_(d.label), amount=tr.decimal(abs(diff)))
                for d, diff in diffs
            ]
        )
        lines.append(
            para(
                _(
                    "Our team and the client disagree most on {dimensions}: we rate {each} "
                    "than the client does."
                )
            ).format(dimensions=f"<b>{para(names)}</b>", each=para(each))
        )
    if summary.incomplete:
        lines.append(
            para(
                tr.ngettext(
                    "{count} respondent left a dimension unscored: they count only where "
                    "they scored both expectation and perception.",
                    "{count} respondents left a dimension unscored: they count only where "
                    "they scored both expectation and perception.",
                    summary.incomplete,
                ).format(count=tr.integer(summary.incomplete))
            )
        )
    return [Paragraph(line, st.body) for line in lines]


def side_series(
    sides: SideComparison, st: ToolkitStyles, tr: Translator = ENGLISH
) -> list[tuple[Swatch, Mapping[RaterDimension, float | None]]]:
    """Our team solid, the client hatched; a side nobody scored is left out."""
    primary = strong(st.primary)
    team = Swatch(tr.gettext("Our team"), primary, shade(primary, 0.3))
    series = [(team, sides.team), (client_swatch(st, tr), sides.client)]
    return [(s, gaps) for s, gaps in series if any(v is not None for v in gaps.values())]


def client_swatch(st: ToolkitStyles, tr: Translator = ENGLISH) -> Swatch:
    accent = st.accent
    return Swatch(tr.gettext("Client"), accent, shade(accent, 0.35), hatch=on(accent, st.ink))


def _charts(
    summary: ScorecardSummary,
    sides: SideComparison | None,
    brand: Brand,
    st: ToolkitStyles,
    tr: Translator,
) -> list[Flowable]:
    _ = tr.gettext
    if sides is not None:
        series = side_series(sides, st, tr)
        bars_title = _("Gaps by dimension: our team and the client")
    else:  # the client's gaps alone: the summary's, whose responses are the client's
        series = [(client_swatch(st, tr), summary.gaps)]
        bars_title = _("Gaps by dimension: the client")
    bars = rater_gap_bars(series, summary.experience_gaps, st, st.frame_width, tr)
    radar_w = st.frame_width * 0.6
    radar = rater_radar(radar_series(summary.means, st, tr), st, radar_w, 230, tr)
    reading = [
        Paragraph(para(_(text)), st.muted)
        for text in (
            N_(
                "Mean expectation (dashed) and perception (solid) per dimension, every "
                "respondent, on the 1-7 scale: 7 at the rim."
            ),
            N_(
                "Where the solid line falls inside the dashed one, the experience trails what "
                "was expected: the gap in the table above."
            ),
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
        KeepTogether([subheading(_("Expectation against perception"), brand, key="radar"), pair]),
    ]


def respondents_table(
    responses: Sequence[RaterResponse], st: ToolkitStyles, tr: Translator = ENGLISH
) -> Flowable:
    """One row per respondent of the latest assessment: who, which side, each gap."""
    _ = tr.gettext
    header = ParagraphStyle("people_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    rows: list[list[object]] = [
        [
            Paragraph(para(_("Respondent")), header),
            Paragraph(para(_("Side")), header),
            *(Paragraph(para(dimension_name(d, tr)), header) for d in DIMENSIONS),
        ]
    ]
    for response in responses:
        side = _("Our team") if response.side is RespondentSide.TEAM else _("Client")
        gaps = (number(response.gap(d), tr=tr) for d in DIMENSIONS)
        rows.append([response.name or _("anonymous"), side, *gaps])
    first, second = 0.27 * st.frame_width, 0.13 * st.frame_width
    rest = (st.frame_width - first - second) / len(DIMENSIONS)
    widths = [first, second, *([rest] * len(DIMENSIONS))]
    return data_table(rows, widths, st, right_cols=range(2, 2 + len(DIMENSIONS)))


TREND_MOST = 6  # assessments side by side; earlier ones are in the app


def trend_table(
    answered: Sequence[tuple[AssessmentRecord, Sequence[RaterResponse]]],
    st: ToolkitStyles,
    tr: Translator = ENGLISH,
) -> Flowable:
    """Dimensions down, assessments across (oldest first): each row reads as a trend."""
    _ = tr.gettext
    shown = list(answered[-TREND_MOST:])
    summaries = [summarise_scorecard(r) for _a, r in shown]
    header = ParagraphStyle("trend_header", parent=st.table_header, fontSize=7.5, leading=9.5)
    rows: list[list[object]] = [
        [
            Paragraph(para(_("Gap (P − E)")), header),
            *(Paragraph(f"{para(a.title)}<br/>{day(a.held_on, tr)}", header) for a, _r in shown),
        ]
    ]
    for dimension in DIMENSIONS:
        rows.append([_(dimension.label), *(number(s.gaps[dimension], tr=tr) for s in summaries)])
    rows.append([_("Overall (mean of five)"), *(number(s.unweighted, tr=tr) for s in summaries)])
    rows.append([_("Respondents"), *(tr.integer(s.respondents) for s in summaries)])
    first = 0.28 * st.frame_width
    rest = (st.frame_width - first) / len(shown)
    columns = range(1, len(shown) + 1)
    table = data_table(rows, [first, *([rest] * len(shown))], st, right_cols=columns)
    table.setStyle(
        [("LINEABOVE", (0, len(DIMENSIONS) + 1), (-1, len(DIMENSIONS) + 1), 0.8, st.ink)]
    )
    return table
