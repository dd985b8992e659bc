"""The Project Experience Quadrant: value delivered against experience.

A vector 2×2 (Stellar Success, Style > Substance, Hidden Hero, Total Misfire) with the
engagement's path across its milestones to now, a call-out of where it stands, the
path as a table and the Overview's key numbers: is the gap closing?
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.overview import NOW, Overview, build_overview
from cxdesk.models.quadrant import (
    EXPERIENCE_FORMULA,
    MIDPOINT,
    VALUE_FORMULA,
    Better,
    Direction,
    KeyNumber,
    PathPoint,
)
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.fonts import BOLD
from cxdesk.reports.quadrant_chart import point_name, quadrant_chart
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for
from cxdesk.reports.text import para

INTRO = N_(
    "Where the engagement stands: the value delivered (across) against the client's "
    "experience (up), at each milestone and now. 5 on either axis means exactly what was "
    "expected. The sweet spot is high value and high experience — anything else is a "
    "chance to improve."
)
NOTHING_YET = N_(
    "Nothing recorded yet — score expected and delivered levels in the Expectation Matrix "
    "to place value, and run a RATER assessment or a pulse check to place experience."
)
MINUS = "\u2212"


def overview_of(data: ToolkitData) -> Overview:
    if data.overview is not None:
        return data.overview
    return build_overview(
        data.milestones, data.items, data.snapshots, data.assessments, data.pulses
    )


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    s = styles_for(brand)
    story: list[Flowable] = [heading("quadrant", brand, tr), Paragraph(para(_(INTRO)), s.body)]
    if data is None:  # not a blank template; the document refuses this before we get here
        return [*story, nothing_yet(_(NOTHING_YET), brand)]
    overview = overview_of(data)
    placed = [p for p in overview.path if p.position is not None]
    if not placed:
        story.append(nothing_yet(_(NOTHING_YET), brand))
    else:
        size = min(300.0, s.frame_width * 0.64)
        chart = quadrant_chart(overview.path, s, size, tr)
        side = s.frame_width - size - 18
        call_out = _call_out(overview.now, s, side, tr)
        # Beside the chart when it fits there; a long manual-score reason makes it taller
        # than a page, and a table row cannot split: then it goes under the chart, where
        # its paragraphs flow on over the pages like any other text.
        tall = sum(f.wrap(side, s.frame_height)[1] for f in call_out) > chart.height
        if tall:
            story += [Spacer(1, 4), chart, Spacer(1, 8), *call_out, Spacer(1, 4)]
        else:
            row = Table([[chart, call_out]], colWidths=[size + 18, side])
            row.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            story += [Spacer(1, 4), row, Spacer(1, 4)]
        story += [subheading(_("The path"), brand), _path_table(overview.path, s, tr)]
    # With nothing placed, "Expectations trailing: 0 rows" alone would only be noise.
    measured = [n for n in overview.key_numbers if n.value is not None]
    if placed or any(n.better is not Better.LOWER for n in measured):
        story += [
            subheading(_("Is the gap closing?"), brand),
            _numbers_table(overview.key_numbers, s, tr),
        ]
    story.append(
        KeepTogether(
            [
                subheading(_("How the axes are computed"), brand),
                Paragraph(para(_(VALUE_FORMULA)), s.small),
                Paragraph(para(_(EXPERIENCE_FORMULA)), s.small),
                Paragraph(
                    para(
                        _(
                            "A consultant may override either axis with a manual score and a "
                            "reason; such points are marked “manual” in the path."
                        )
                    ),
                    s.small,
                ),
            ]
        )
    )
    return story


# --- the words beside and under it -------------------------------------------------


def axis_number(value: float, tr: Translator = ENGLISH) -> str:
    """One decimal, or more where one would round across the line between low and high
    (4.96 is low, and must not read "5.0" beside a low quadrant's name)."""
    for digits in (1, 2, 3):
        if (value < MIDPOINT) == (round(value, digits) < MIDPOINT):
            return tr.decimal(value, digits)
    return tr.decimal(value, 3)


def _call_out(now: PathPoint, s: ToolkitStyles, width: float, tr: Translator) -> list[Flowable]:
    _ = tr.gettext
    kicker = ParagraphStyle("q-kicker", parent=s.small, fontName=BOLD, textColor=s.muted_ink)
    big = ParagraphStyle("q-big", parent=s.h1, fontSize=17, leading=21, spaceAfter=2)
    advice = ParagraphStyle("q-advice", parent=s.body, fontName="DejaVuSans-Oblique")
    story: list[Flowable] = [Paragraph(para(_("WHERE IT STANDS NOW")), kicker)]
    quadrant = now.quadrant
    if quadrant is None:
        if now.value.effective is None and now.experience.effective is None:
            missing = _("Not placed yet: no value or experience data.")
        elif now.value.effective is None:
            missing = _("Not placed yet: no value data.")
        else:
            missing = _("Not placed yet: no experience data.")
        story.append(Paragraph(para(missing), s.body))
        return story
    story += [
        Paragraph(para(_(quadrant.label)), big),
        Paragraph(para(_(quadrant.advice)), advice),
    ]
    for name, axis in ((_("Value delivered"), now.value), (_("Experience"), now.experience)):
        effective = axis.effective
        text = "–" if effective is None else f"{axis_number(effective, tr)} / 10"
        story.append(Paragraph(para(name), kicker))
        story.append(
            Paragraph(
                para(text),
                ParagraphStyle("q-num", parent=s.body, fontName=BOLD, fontSize=14, leading=18),
            )
        )
        if axis.is_overridden:
            manual = _("Manual score: {reason}").format(reason=axis.reason)
            story.append(Paragraph(para(manual), s.small))
    return story


def _path_table(path: Sequence[PathPoint], s: ToolkitStyles, tr: Translator) -> Flowable:
    _ = tr.gettext
    rows: list[list[object]] = [
        ["", _("Moment"), _("Value delivered"), _("Experience"), _("Quadrant")]
    ]
    for number, point in enumerate(path, start=1):
        now = point.label == NOW and point.milestone_id is None
        rows.append(
            [
                point_name(number, point, tr),
                _(NOW) if now else point.label,
                _axis_text(point.value, tr),
                _axis_text(point.experience, tr),
                _(point.quadrant.label) if point.quadrant else _("not placed"),
            ]
        )
    width = s.frame_width
    widths = [width * 0.08, width * 0.36, width * 0.17, width * 0.17, width * 0.22]
    return data_table(rows, widths, s, right_cols={2, 3})


def _axis_text(axis: object, tr: Translator) -> str:
    effective = getattr(axis, "effective", None)
    if effective is None:
        return "–"
    text = axis_number(effective, tr)
    return (
        tr.gettext("{number} (manual)").format(number=text)
        if getattr(axis, "is_overridden", False)
        else text
    )


def format_key_number(number: KeyNumber, value: float | None, tr: Translator = ENGLISH) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    name = number.name.lower()
    if "trailing" in name:
        rows = round(value)
        return tr.counted("{count} row", "{count} rows", rows)
    if "gap" in name or "difference" in name:
        sign = "+" if value > 0 else MINUS if value < 0 else ""
        return f"{sign}{tr.decimal(abs(value))}"
    return tr.decimal(value)


def _direction(number: KeyNumber, tr: Translator) -> str:
    _ = tr.gettext
    if number.value is None:
        return _("Not measured yet")
    direction = number.direction
    if direction is Direction.UNKNOWN:
        return _("First measurement")
    change = number.change or 0.0
    arrow = "▲" if change > 1e-9 else "▼" if change < -1e-9 else "="
    word = {
        Direction.BETTER: _("better"),
        Direction.WORSE: _("worse"),
        Direction.SAME: _("no change"),
    }
    if number.since:
        if number.since_day is not None:
            since = tr.short_date(number.since_day)
        else:
            since = _(NOW) if number.since == NOW else number.since
        return _("{arrow} {direction} since {moment}").format(
            arrow=arrow, direction=word[direction], moment=since
        )
    return f"{arrow} {word[direction]}"


def _numbers_table(numbers: Sequence[KeyNumber], s: ToolkitStyles, tr: Translator) -> Flowable:
    _ = tr.gettext
    name_style = ParagraphStyle("kn-name", parent=s.table_cell, fontName=BOLD)
    explain = ParagraphStyle(
        "kn-explain", parent=s.table_cell, fontSize=7.5, leading=9.5, textColor=s.muted_ink
    )
    rows: list[list[object]] = [[_("Measure"), _(NOW), _("Before"), _("Direction")]]
    for number in numbers:
        rows.append(
            [
                [
                    Paragraph(para(_(number.name)), name_style),
                    Paragraph(para(_(number.explanation)), explain),
                ],
                format_key_number(number, number.value, tr),
                format_key_number(number, number.previous, tr),
                _direction(number, tr),
            ]
        )
    width = s.frame_width
    return data_table(
        rows, [width * 0.46, width * 0.12, width * 0.12, width * 0.30], s, right_cols={1, 2}
    )
