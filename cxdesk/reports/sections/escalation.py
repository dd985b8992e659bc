"""The issue escalation ladder: who hears of an issue, when, how fast and how.

A staircase drawing of the rungs (lightest to darkest, so it reads in greyscale too),
then the full table: trigger, owner, response time, channel. Blank templates print the
default ladder with the owners left to write in; an engagement prints its own ladder.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports import lines as drawn
from cxdesk.reports.flowables import FormCell, two_columns
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.sections import heading, subheading
from cxdesk.reports.seeded import ladder_in
from cxdesk.reports.styles import ToolkitStyles, contrast, data_table, styles_for, tint
from cxdesk.reports.text import para, plain

INTRO = N_(
    "When an issue cannot be solved where it starts, it climbs — one rung at a time, on a "
    "clock rather than a feeling. Each rung has a trigger, an owner and a promised response "
    "time. No surprises: the client hears about an issue from us first."
)
HOW_TO_USE = (
    N_("Start at the lowest rung; climb when the response time passes without a fix."),
    N_("Tell the client which rung an issue is on, in every status update."),
    N_("The rung's owner closes the loop: the client hears what was decided."),
    N_("Never skip a rung silently: tell the person you skipped."),
)
MOST_STAIRS = 7  # more rungs than this and the staircase gets unreadable: table only


@dataclass(frozen=True)
class Rung:
    name: str
    trigger: str
    owner: str
    response_time: str
    channel: str


def rungs(data: ToolkitData | None, tr: Translator = ENGLISH) -> list[Rung]:
    """The engagement's ladder in order; the default ladder for blanks (or none stored),
    in ``tr``'s language (a stored ladder is the consultant's words, never translated)."""
    if data is not None and data.escalation:
        ordered = sorted(data.escalation, key=lambda level: level.position)
        stored = [(lv.name, lv.trigger, lv.owner, lv.response_time, lv.channel) for lv in ordered]
        return [Rung(*words) for words in ladder_in(stored, tr)]
    return [Rung(*(tr.gettext(words) for words in level)) for level in DEFAULT_LADDER]


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    s = styles_for(brand)
    ladder = rungs(data, tr)
    story: list[Flowable] = [heading("escalation", brand, tr), Paragraph(para(_(INTRO)), s.body)]
    if 2 <= len(ladder) <= MOST_STAIRS:  # one rung is no staircase
        story += [Spacer(1, 6), staircase(ladder, s, s.frame_width, tr), Spacer(1, 14)]
    story.append(_table(ladder, s, tr, write_in_owners=data is None))
    story.append(
        KeepTogether(
            [
                subheading(_("Using the ladder"), brand),
                two_columns(
                    [Paragraph(para(_(line)), s.bullet, bulletText="•") for line in HOW_TO_USE],
                    s.frame_width,
                ),
            ]
        )
    )
    return story


def _fill(s: ToolkitStyles, index: int, count: int) -> Color:
    # Lightest at the bottom rung, the full brand colour at the top: lightness, not hue,
    # tells the rungs apart, so a greyscale copy still climbs.
    share = index / max(count - 1, 1)
    return tint(s.primary, 0.78 * (1 - share))


def staircase(
    ladder: list[Rung], s: ToolkitStyles, width: float, tr: Translator = ENGLISH
) -> Drawing:
    count = len(ladder)
    gap = 4.0
    step_width = (width - gap * (count - 1)) / count
    # US Letter is 50 points shorter than A4: a flatter staircase keeps the page whole.
    tall = s.frame_height > 660
    base, top = (64.0, 132.0) if tall else (60.0, 104.0)
    rise = (top - base) / max(count - 1, 1)
    arrow_room = 26.0 if tall else 20.0
    drawing = Drawing(width, top + arrow_room)
    for index, rung in enumerate(ladder):
        x = index * (step_width + gap)
        height = base + index * rise
        fill = _fill(s, index, count)
        ink = s.on_primary if contrast(fill, s.on_primary) >= contrast(fill, s.ink) else s.ink
        drawing.add(Rect(x, 0, step_width, height, fillColor=fill, strokeColor=None))
        inner = step_width - 14
        y = height - 22
        drawing.add(String(x + 7, y, str(index + 1), fontName=BOLD, fontSize=16, fillColor=ink))
        y -= 14
        for line in _lines(_short_name(rung.name, index), BOLD, 8, inner, 2):
            drawing.add(drawn.shape(x + 7, y, line, BOLD, 8, fillColor=ink))
            y -= 10
        if rung.response_time.strip():
            y -= 2
            for line in _lines(rung.response_time, BODY, 7.5, inner, 2):
                drawing.add(drawn.shape(x + 7, y, line, BODY, 7.5, fillColor=ink))
                y -= 9.5
    # The climb: an arrow over the steps' corners, bottom left to top right.
    y0, y1 = base + 12, top + 12
    x0, x1 = step_width * 0.25, width - 4
    drawing.add(Line(x0, y0, x1, y1, strokeColor=s.accent, strokeWidth=1.4))
    drawing.add(_arrow_head(x0, y0, x1, y1, s))
    label = tr.gettext("Not resolved in time? One rung up.")
    drawing.add(
        String(0, top + arrow_room - 8, label, fontName=BOLD, fontSize=8, fillColor=s.muted_ink)
    )
    return drawing


def _arrow_head(x0: float, y0: float, x1: float, y1: float, s: ToolkitStyles) -> Polygon:
    import math

    angle = math.atan2(y1 - y0, x1 - x0)
    size = 7
    left = (x1 - size * math.cos(angle - 0.4), y1 - size * math.sin(angle - 0.4))
    right = (x1 - size * math.cos(angle + 0.4), y1 - size * math.sin(angle + 0.4))
    return Polygon(
        [x1, y1, *left, *right], fillColor=s.accent, strokeColor=s.accent, strokeWidth=0.5
    )


def _short_name(name: str, index: int, tr: Translator = ENGLISH) -> str:
    """ "Level 2: Engagement manager" prints as "Engagement manager" beside its big 2."""
    text = plain(name).replace("\n", " ").strip()
    for prefix in {f"level {index + 1}", tr.gettext("Level {number}").format(number=index + 1)}:
        if text.lower().startswith(prefix.lower()):
            text = text[len(prefix) :].lstrip(" :–—-.")
    return text or plain(name)


def _lines(text: str, font: str, size: float, width: float, most: int) -> list[str]:
    """``text`` wrapped to ``width``, at most ``most`` lines, the last cut with an ellipsis."""
    from cxdesk.reports.cells import break_lines

    # Measured as drawn (fallback fonts included); a word wider than the step breaks.
    words = plain(text).replace("\n", " ")
    lines = [_cut(line, font, size, width) for line in break_lines(words, font, size, width)]
    lines = lines or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], _cut(lines[most - 1] + "…", font, size, width, force=True)]
    return lines


def _cut(text: str, font: str, size: float, width: float, force: bool = False) -> str:
    if drawn.width(text, font, size) <= width and not force:
        return text
    body = text.rstrip("…")
    while body and drawn.width(body + "…", font, size) > width:
        body = body[:-1]
    return body + "…" if (force or body != text) else body


def _table(
    ladder: list[Rung], s: ToolkitStyles, tr: Translator, *, write_in_owners: bool
) -> Flowable:
    _ = tr.gettext
    width = s.frame_width
    name_style = ParagraphStyle("rung-name", parent=s.table_cell, fontName=BOLD)
    hint = ParagraphStyle("rung-hint", parent=s.table_cell, fontSize=7.5, textColor=s.muted_ink)
    rows: list[list[object]] = [
        [_("Level"), _("Climbs here when…"), _("Owner"), _("Response time"), _("Channel")]
    ]
    for index, rung in enumerate(ladder):
        owner: object = rung.owner
        if write_in_owners:
            owner = [
                Paragraph(para(rung.owner), hint),
                FormCell(
                    18, field_name=f"escalation.owner.{index + 1}", ink=s.ink, underline=s.muted_ink
                ),
            ]
        rows.append(
            [
                Paragraph(
                    f"{index + 1}&nbsp;&nbsp;{para(_short_name(rung.name, index, tr))}", name_style
                ),
                rung.trigger,
                owner,
                rung.response_time,
                rung.channel,
            ]
        )
    widths = [width * 0.2, width * 0.31, width * 0.19, width * 0.12, width * 0.18]
    return data_table(rows, widths, s)
