"""The client emotion map section: the emotion curve, the pain points to fix first, and the
touchpoint table phase by phase with each handoff's checklist between the phases.

Touchpoints are numbered by their column on the map (``map_slots``), so "7" in the table
is "7" under the curve. A handoff is the riskiest moment while its checklist
has open items; catch pain points before they fester.

Stakeholders (the client's people, their influence, our notes on them and each one's own
emotion) print when given: the client edition's read leaves them out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.emotion_curve import EmotionCurve, emotion_curve
from cxdesk.models.journey_map import (
    EMOTION_WORDS,
    Influence,
    JourneyMap,
    PhaseRecord,
    TouchpointRecord,
)
from cxdesk.reports.cells import Run, TextCell
from cxdesk.reports.chart_parts import signed, strong
from cxdesk.reports.curve_chart import emotion_chart
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.seeded import journey_in
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for, tint
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

EMPTY = N_(
    "Nothing recorded yet — map the client's journey on the Emotion map tab (phases, "
    "touchpoints, how the client feels at each) and it prints here."
)
HEADERS = (
    "#",
    N_("Touchpoint · channel"),
    N_("Sees / does"),
    N_("Thinks & feels"),
    N_("Needs"),
    N_("Emotion"),
    N_("Pain points"),
    N_("Opportunities"),
    N_("Owner"),
)
WIDTHS = (18, 64, 56, 56, 50, 54, 56, 60, 46)  # shares of the frame (A4's 470 points)
CELL_SIZE, CELL_LEADING = 7.5, 9.5  # nine columns on a portrait page


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    story: list[Flowable] = [heading("journey", brand, tr)]
    journey = data.journey if data is not None else None
    if journey is None or not journey.touchpoints():
        return [*story, nothing_yet(_(EMPTY), brand)]
    journey = journey_in(journey, tr)  # the default phases in the toolkit's language
    st = styles_for(brand)
    curve = emotion_curve(journey)
    story.append(Paragraph(para(_about(journey, tr)), st.body))
    story += _stakeholder_notes(journey, st)
    if curve.has_scores:
        story += [Spacer(0, 4), emotion_chart(curve, st, st.frame_width, tr), Spacer(0, 6)]
        story += _pain_points(curve, journey, brand, st, tr)
    else:
        story.append(
            nothing_yet(
                _(
                    "No emotions scored yet — score how the client feels at each touchpoint "
                    "(−3 angry to +3 delighted) to draw the curve."
                ),
                brand,
            )
        )
    story += [
        subheading(_("Touchpoints, phase by phase"), brand, key="journey-table"),
        touchpoint_table(journey, curve, st, tr),
    ]
    return story


def _about(journey: JourneyMap, tr: Translator) -> str:
    count = len(journey.touchpoints())
    phases = len(journey.phases)
    text = tr.gettext(
        "{touchpoints} across {phases}: what the client sees, thinks, feels and needs at "
        "each, and how they feel about it, from −3 (angry) to +3 (delighted)."
    ).format(
        touchpoints=tr.counted("{count} touchpoint", "{count} touchpoints", count),
        phases=tr.counted("{count} phase", "{count} phases", phases),
    )
    if journey.stakeholders:
        people = "; ".join(
            f"{s.name}" + (f" ({s.role})" if s.role else "") + f", {_influence(s.influence, tr)}"
            for s in journey.stakeholders
        )
        text += " " + tr.gettext("Stakeholders scored on their own: {people}.").format(
            people=people
        )
    return text


def _stakeholder_notes(journey: JourneyMap, st: ToolkitStyles) -> list[Flowable]:
    return [
        Paragraph(f"<b>{para(s.name)}:</b> {para(s.notes)}", st.muted)
        for s in journey.stakeholders
        if s.notes.strip()
    ]


def _influence(value: str, tr: Translator) -> str:
    try:
        return {
            Influence.LOW: tr.gettext("low influence"),
            Influence.MEDIUM: tr.gettext("medium influence"),
            Influence.HIGH: tr.gettext("high influence"),
        }[Influence(value)]
    except ValueError:
        return value


def _pain_points(
    curve: EmotionCurve, journey: JourneyMap, brand: Brand, st: ToolkitStyles, tr: Translator
) -> list[Flowable]:
    """The lowest points, one line per touchpoint (every person who hit bottom there)."""
    if not curve.pain_points:
        calm = tr.gettext("No negative moments on the curve: nothing is festering.")
        return [Paragraph(para(calm), st.body)]
    who: dict[int, list[str]] = defaultdict(list)
    order: list[tuple[int, int, int]] = []
    for p in curve.pain_points:
        if p.touchpoint_id not in who:
            order.append((p.score, p.x, p.touchpoint_id))
        who[p.touchpoint_id].append(f"{p.series_name}: {_emotion(p.score, tr)}")
    item = ParagraphStyle(
        "pain",
        parent=st.body,
        leftIndent=12,
        bulletIndent=0,
        spaceAfter=4,
        bulletColor=strong(st.accent, 0.5),
    )
    lines: list[Flowable] = [
        subheading(tr.gettext("Fix before it festers"), brand, key="journey-pain")
    ]
    for _score, x, touchpoint_id in sorted(order):
        touchpoint = journey.touchpoint(touchpoint_id)
        if touchpoint is None:
            continue
        detail = f"<br/><i>{para(touchpoint.pain_points)}</i>" if touchpoint.pain_points else ""
        lines.append(
            Paragraph(
                f"<b>{x + 1}. {para(touchpoint.name)}</b> — {para(' · '.join(who[touchpoint_id]))}"
                + detail,
                item,
                bulletText="●",
            )
        )
    return [KeepTogether(lines[:3]), *lines[3:]]


def _emotion(score: int, tr: Translator = ENGLISH) -> str:
    """ "+2 pleased", "0 neutral", "−3 angry": the sign always shown, in ``tr``'s words."""
    feeling = tr.gettext(EMOTION_WORDS[score])
    return f"{signed(score, 0, tr)} {feeling}" if score else f"0 {feeling}"


def touchpoint_table(
    journey: JourneyMap, curve: EmotionCurve, st: ToolkitStyles, tr: Translator = ENGLISH
) -> Flowable:
    cell = ParagraphStyle(
        "journey_cell", parent=st.table_cell, fontSize=CELL_SIZE, leading=CELL_LEADING
    )
    ink = st.table_cell.textColor
    header = ParagraphStyle("journey_header", parent=st.table_header, fontSize=7, leading=9)
    band = ParagraphStyle("journey_band", parent=cell, fontSize=8.5, leading=11)
    muted = st.muted_ink.hexval()[2:]
    names = {s.id: s.name for s in journey.stakeholders}
    number = {slot.touchpoint.id: x + 1 for x, slot in enumerate(curve.slots) if slot.touchpoint}
    rows: list[list[object]] = [[Paragraph(para(tr.gettext(h)), header) for h in HEADERS]]
    commands: list[tuple[object, ...]] = []
    handoffs = {h.to_phase.id: h for h in journey.handoffs()}

    full_width: list[int] = []

    def spanning(
        content: str | TextCell, fill: object | None, style: ParagraphStyle = band
    ) -> None:
        row = len(rows)
        first = content if isinstance(content, TextCell) else Paragraph(content, style)
        rows.append([first, *([""] * (len(HEADERS) - 1))])
        full_width.append(row)
        if fill is not None:  # None: an ordinary row, keeping the zebra background
            commands.append(("BACKGROUND", (0, row), (-1, row), fill))

    for position, phase in enumerate(journey.phases, 1):
        handoff = handoffs.get(phase.id)
        if handoff is not None:
            label = _handoff_cell(handoff.label, phase, ink, st.muted_ink, tr)
            spanning(label, _handoff_fill(phase, st))
        count = len(phase.touchpoints)
        phase_words = para(tr.gettext("Phase {number}").format(number=position))
        touchpoints = para(tr.counted("{count} touchpoint", "{count} touchpoints", count))
        spanning(
            f"<b>{phase_words} · {para(phase.name)}</b>"
            f' <font color="#{muted}">— {touchpoints}</font>',
            tint(strong(st.primary), 0.8),
        )
        if not phase.touchpoints:
            none_yet = para(tr.gettext("No touchpoints in this phase yet."))
            spanning(f"<i>{none_yet}</i>", None, cell)
        for touchpoint in phase.touchpoints:
            rows.append(
                _touchpoint_row(touchpoint, number[touchpoint.id], names, ink, st.muted_ink, tr)
            )
    scale = st.frame_width / sum(WIDTHS)
    widths = [w * scale for w in WIDTHS]
    table = data_table(rows, widths, st, padding=3, full_width=full_width)
    table.setStyle(commands)
    return table


def _handoff_cell(
    label: str, phase: PhaseRecord, ink: Color, muted: Color, tr: Translator
) -> TextCell:
    """The handoff band: a plain-text cell (``cells.TextCell``) that splits line by line,
    so a 20,000-character checklist item runs on over the pages quickly."""
    items = phase.handoff
    if not items:
        words = tr.gettext("Handoff {handoff} — no checklist yet").format(handoff=label)
        return TextCell([Run(words, ink, True)], 8.5, 11)
    open_items = phase.open_items
    state = (
        tr.ngettext("{open} of {count} open", "{open} of {count} open", len(items)).format(
            open=open_items, count=len(items)
        )
        if open_items
        else tr.gettext("all done")
    )
    title = tr.gettext("Handoff {handoff} — {state}").format(handoff=label, state=state)
    ticks = [
        Run(f"☑ {item.text}", muted) if item.done else Run(f"☐ {item.text}", ink) for item in items
    ]
    return TextCell([Run(f"▶ {title}", ink, True), *ticks], 8.5, 11)


def _handoff_fill(phase: PhaseRecord, st: ToolkitStyles) -> object:
    return tint(st.accent, 0.78) if phase.open_items else st.light_fill


def _touchpoint_row(
    touchpoint: TouchpointRecord,
    number: int,
    names: dict[int, str],
    ink: Color,
    muted: Color,
    tr: Translator,
) -> list[object]:
    # Plain-text cells (cells.TextCell): wrapped once per width and split line by line,
    # so eight 20,000-character fields run on over the pages in a blink (as Paragraphs
    # they were wrapped again for every page: minutes).
    def cell(*runs: Run) -> TextCell:
        return TextCell(runs, CELL_SIZE, CELL_LEADING)

    emotion = (
        Run("–", ink)
        if touchpoint.emotion is None
        else Run(_emotion(touchpoint.emotion, tr), ink, True)
    )
    people = [
        Run(f"{names[who]}: {_emotion(score, tr)}", muted)
        for who, score in touchpoint.stakeholder_emotions.items()
        if who in names
    ]
    return [
        cell(Run(str(number), ink)),
        cell(Run(touchpoint.name, ink, bold=True), Run(touchpoint.channel, muted)),
        *(cell(Run(getattr(touchpoint, f), ink)) for f in ("sees_does", "thinks_feels", "needs")),
        cell(emotion, *people),
        *(
            cell(Run(getattr(touchpoint, f), ink))
            for f in ("pain_points", "opportunities", "owner_team")
        ),
    ]
