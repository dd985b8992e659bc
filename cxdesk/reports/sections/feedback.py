"""Feedback-loop questions ("create feedback loops, not just surveys").

A printable pulse-check card with the app's own four questions (confidence 1-10, CSAT
1-5, what's working, what's not), the questions that turn the answers into a
conversation, and, for an engagement, the trend of the pulse checks recorded so far.

The client edition is given the client's pulse checks alone, unnamed: their words print
without who said them. The internal edition names them, and adds our own team's.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.pulse import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    CONFIDENCE_QUESTION,
    CSAT_MAX,
    CSAT_MIN,
    CSAT_QUESTION,
    NOT_WORKING_QUESTION,
    WORKING_QUESTION,
    pulse_trend,
)
from cxdesk.models.records import PulseRecord
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.flowables import ScaleBoxes, WriteInLine, two_columns
from cxdesk.reports.fonts import BOLD
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for
from cxdesk.reports.text import para

INTRO = N_(
    "Feedback collected at the end comes too late to act on. Run this two-minute pulse "
    "check at every milestone: two numbers to follow the trend, two questions for the "
    "story behind them — then talk about the answers."
)
CSAT_WORDS = {
    1: N_("very dissatisfied"),
    2: N_("dissatisfied"),
    3: N_("neutral"),
    4: N_("satisfied"),
    5: N_("very satisfied"),
}
CONVERSATION = (
    N_("What would raise your confidence by one point before the next milestone?"),
    N_("What has felt different from what you expected — better or worse?"),
    N_("Is there anyone on your side we should be keeping better informed?"),
    N_("What should we start doing, stop doing, or keep doing?"),
    N_("What would help you look good to your leadership at the next milestone?"),
    N_("Is there a small win we should celebrate together?"),
)
CLOSE_THE_LOOP = N_(
    "Close the loop: within a week, show the client what changed because of their answers."
)
NOTHING_YET = N_("Nothing recorded yet — no pulse checks for this engagement.")
LATEST_COMMENTS = 8  # the most recent answers with words in them


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    s = styles_for(brand)
    story: list[Flowable] = [heading("feedback", brand, tr), Paragraph(para(_(INTRO)), s.body)]
    if data is not None and not data.pulses:
        # Said up front, so the card and its prompts still share one page.
        story.append(nothing_yet(_(NOTHING_YET), brand))
    story += [Spacer(1, 6), KeepTogether(_card(data, s, tr)), Spacer(1, 4)]
    story.append(
        KeepTogether(
            [
                subheading(_("Questions for the conversation"), brand),
                two_columns(
                    [Paragraph(para(_(q)), s.bullet, bulletText="•") for q in CONVERSATION],
                    s.frame_width,
                ),
                Spacer(1, 4),
                Paragraph(para(_(CLOSE_THE_LOOP)), s.muted),
            ]
        )
    )
    if data is not None:
        story += _trend(data, brand, s, tr)
        story += _our_team(data, brand, s, tr)
    return story


def _card(data: ToolkitData | None, s: ToolkitStyles, tr: Translator) -> list[Flowable]:
    _ = tr.gettext
    # US Letter is 50 points shorter than A4: a tighter card keeps it and the
    # conversation prompts on one page.
    compact = s.frame_height < 660
    answer_lines = 2 if compact else 3
    gap = 18 if compact else 20
    box = 20 if compact else 24
    inner = s.frame_width - 28
    question = ParagraphStyle("pulse-q", parent=s.body, fontName=BOLD, spaceAfter=6)
    label = ParagraphStyle("pulse-label", parent=s.small, textColor=s.muted_ink)
    title = ParagraphStyle(
        "pulse-title",
        parent=s.body,
        fontName=BOLD,
        fontSize=12,
        leading=15,
        textColor=s.on_primary,
        spaceAfter=0,
    )

    def line(caption: str, width: float, lines: int = 1) -> WriteInLine:
        return WriteInLine(
            caption,
            width,
            lines=lines,
            line_gap=gap,
            label_style=label,
            rule=s.muted_ink,
            text_colour=s.ink,
        )

    # The client and engagement are in the page's header band: the card stays compact.
    header: list[Flowable] = [Paragraph(para(_("Pulse check")), title)]
    third = (inner - 24) / 3
    identity = Table(
        [[line(_("Name"), third), line(_("Date"), third), line(_("Milestone"), third)]],
        colWidths=[third + 12, third + 12, third],
    )
    identity.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    scales: list[Flowable] = [
        Paragraph(f"1&nbsp;&nbsp;{para(_(CONFIDENCE_QUESTION))}", question),
        ScaleBoxes(
            CONFIDENCE_MIN,
            CONFIDENCE_MAX,
            ink=s.ink,
            box=s.primary_text,
            fill=s.light_fill,
            anchors=(_("not at all confident"), _("completely confident")),
            box_size=box,
        ),
        Spacer(1, 10),
        Paragraph(f"2&nbsp;&nbsp;{para(_(CSAT_QUESTION))}", question),
        ScaleBoxes(
            CSAT_MIN,
            CSAT_MAX,
            ink=s.ink,
            box=s.primary_text,
            fill=s.light_fill,
            captions={score: _(word) for score, word in CSAT_WORDS.items()},
            box_size=box,
        ),
    ]
    words: list[Flowable] = [
        Paragraph(f"3&nbsp;&nbsp;{para(_(WORKING_QUESTION))}", question),
        line("", inner, answer_lines),
        Spacer(1, 6),
        Paragraph(f"4&nbsp;&nbsp;{para(_(NOT_WORKING_QUESTION))}", question),
        line("", inner, answer_lines),
    ]
    card = Table([[header], [identity], [scales], [words]], colWidths=[s.frame_width])
    card.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), s.primary),
                ("BOX", (0, 0), (-1, -1), 1, s.primary),
                ("ROUNDEDCORNERS", [6, 6, 6, 6]),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, 0), 9),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 9),
                ("TOPPADDING", (0, 1), (-1, -1), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
                ("LINEBELOW", (0, 1), (-1, 2), 0.5, s.rule),
            ]
        )
    )
    return [card]


def _trend(data: ToolkitData, brand: Brand, s: ToolkitStyles, tr: Translator) -> list[Flowable]:
    _ = tr.gettext
    # The client's voice: our own team's pulse checks are not the client's experience.
    pulses = sorted((p for p in data.pulses if p.is_client), key=lambda p: (p.taken_on, p.id))
    if not pulses:
        return []
    story: list[Flowable] = [subheading(_("Pulse checks so far"), brand)]
    rows: list[list[object]] = [
        [_("Date"), _("Answers"), _("Confidence (1–10)"), _("CSAT (1–5)"), _("Satisfied (4–5)")]
    ]
    for point in pulse_trend(p.score for p in pulses):
        rows.append(
            [
                tr.short_date(point.taken_on),
                tr.integer(point.responses),
                _number(point.mean_confidence, tr),
                _number(point.mean_csat, tr),
                "–" if point.csat_percent is None else tr.percent(point.csat_percent),
            ]
        )
    width = s.frame_width
    story.append(
        data_table(
            rows,
            [width * 0.24, width * 0.14, width * 0.22, width * 0.18, width * 0.22],
            s,
            right_cols={1, 2, 3, 4},
        )
    )
    said = [p for p in pulses if p.working.strip() or p.not_working.strip()]
    if said:
        story.append(subheading(_("In their words (latest first)"), brand))
        latest = said[-LATEST_COMMENTS:][::-1]
        story.append(_comments(latest, s, tr, named=data.edition.names_people))
    return story


def _our_team(data: ToolkitData, brand: Brand, s: ToolkitStyles, tr: Translator) -> list[Flowable]:
    """Our own team's pulse checks (internal: the client edition is never given them)."""
    ours = sorted((p for p in data.pulses if not p.is_client), key=lambda p: (p.taken_on, p.id))
    if not ours:
        return []
    _ = tr.gettext
    rows: list[list[object]] = [
        [
            _("Date"),
            _("Who"),
            _("Confidence"),
            _("CSAT"),
            _("What's working"),
            _("What's not working"),
        ]
    ]
    for pulse in ours[-LATEST_COMMENTS:][::-1]:
        rows.append(
            [
                tr.short_date(pulse.taken_on),
                pulse.respondent or "—",
                _score(pulse.confidence),
                _score(pulse.csat),
                pulse.working,
                pulse.not_working,
            ]
        )
    width = s.frame_width
    shares = (0.12, 0.15, 0.11, 0.08, 0.27, 0.27)
    return [
        subheading(_("Our team's own pulse checks (latest first)"), brand),
        data_table(rows, [width * share for share in shares], s, right_cols={2, 3}),
    ]


def _comments(
    pulses: list[PulseRecord], s: ToolkitStyles, tr: Translator, *, named: bool
) -> Flowable:
    _ = tr.gettext
    width = s.frame_width
    if not named:  # the client edition: what was said, never who said it
        rows: list[list[object]] = [[_("Date"), _("What's working"), _("What's not working")]]
        rows += [[tr.short_date(p.taken_on), p.working, p.not_working] for p in pulses]
        return data_table(rows, [width * 0.15, width * 0.425, width * 0.425], s)
    rows = [[_("Date"), _("Who"), _("What's working"), _("What's not working")]]
    for pulse in pulses:
        rows.append(
            [
                tr.short_date(pulse.taken_on),
                pulse.respondent or "—",
                pulse.working,
                pulse.not_working,
            ]
        )
    return data_table(rows, [width * 0.15, width * 0.17, width * 0.34, width * 0.34], s)


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def _number(value: float | None, tr: Translator) -> str:
    return "–" if value is None else tr.decimal(value)
