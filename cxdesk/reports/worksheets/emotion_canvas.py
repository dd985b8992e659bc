"""An empty emotion-map canvas: the client's journey phases across, the lanes of the map
down, and the emotion scale from -3 to +3 to plot the curve on by hand.

Blank, the phases are the default journey's three (Marketing & Sales, Implementation,
Support / Customer Success), with their two handoffs, the riskiest moments, marked; with
an engagement, its own phases (up to ``PHASES_PER_PAGE`` a page). Each lane of each phase
is a field: ``emotion_map.phase.2.thinks_feels``; the page's own are
``emotion_map.stakeholder`` and ``emotion_map.date``.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.journey_map import DEFAULT_PHASES, EMOTION_MAX, EMOTION_MIN, EMOTION_WORDS
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.flowables import fitted_paragraph
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.form_fields import text_field
from cxdesk.reports.sections import heading
from cxdesk.reports.seeded import phase_name
from cxdesk.reports.styles import ToolkitStyles, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import WRITE_IN
from cxdesk.reports.worksheets.parts import Drawn, Pen, paragraph

INTRO = N_(
    "Walk the journey with the client, phase by phase: what they see and do at each "
    "touchpoint, what they think and feel, what they need. Then plot how they feel, from "
    "-3 (angry) to +3 (delighted), and join the points: the low ones are the pain points "
    "to fix before they fester. The handoffs between phases are the riskiest moments."
)
STAKEHOLDER = N_("Stakeholder or persona (blank: the client as a whole)")
DATE = N_("Date")
CONTINUED = N_("The same map, continued: its later phases.")
# The lanes, top to bottom: (field name, words, share of the writing room).
LANES = (
    ("touchpoints", N_("Touchpoints: what the client sees and does"), 1.3),
    ("thinks_feels", N_("Thinks and feels"), 1.2),
    ("needs", N_("Needs"), 1.0),
)
LOWER_LANES = (
    ("pain_points", N_("Pain points"), 1.0),
    ("opportunities", N_("Opportunities"), 1.0),
)
EMOTION_LANE = N_("Emotion, -3 to +3: plot and join the points")
HANDOFF = N_("handoff")
PHASES_PER_PAGE = 5  # a phase's column stays wide enough to write in
LANE_LABEL_WIDTH = 74.0
PHASE_HEADER = 30.0
SCALE_STEP = 15.0  # between two points of the emotion scale
LEAST_HEIGHT = 420.0  # below this the canvas starts on a new page


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    s = styles_for(brand)
    phases = _phase_names(data, tr)
    story: list[Flowable] = [
        heading("emotion-canvas", brand, tr),
        Paragraph(para(tr.gettext(INTRO)), s.body),
    ]
    first = 0
    for start in range(0, len(phases), PHASES_PER_PAGE):
        if start:
            story.append(PageBreak())
        chunk = phases[start : start + PHASES_PER_PAGE]
        story += [Spacer(1, 2), _Canvas(s, chunk, first, tr, handoff_before=start > 0)]
        first += len(chunk)
    return story


def _phase_names(data: ToolkitData | None, tr: Translator) -> list[str]:
    if data is not None and data.journey is not None and data.journey.phases:
        return [phase_name(phase.name, tr) for phase in data.journey.phases]
    return [tr.gettext(name) for name in DEFAULT_PHASES]  # the consultant's names: as stored


class _Canvas(Drawn):
    """The whole map for a few phases, filling the rest of the page."""

    def __init__(
        self,
        s: ToolkitStyles,
        phases: list[str],
        first: int,
        tr: Translator,
        *,
        handoff_before: bool,
    ) -> None:
        super().__init__(s, LEAST_HEIGHT, fill=True, tr=tr)
        self.phases = phases
        self.first = first  # phases before this page's: the fields' numbers go on
        self.handoff_before = handoff_before
        self.phase_style = ParagraphStyle(
            "canvas-phase",
            parent=s.body,
            fontName=BOLD,
            fontSize=9,
            leading=10.5,
            textColor=s.on_primary,
        )
        self.lane_style = ParagraphStyle(
            "canvas-lane", parent=s.small, fontName=BOLD, fontSize=7.5, leading=9
        )

    def paint(self, pen: Pen, width: float, height: float) -> None:
        canvas = pen.canvas
        s = self.s
        top = height - WRITE_IN
        if self.first:  # one map over more pages: whose view and when are on the first
            pen.caption(0, top + 8, self.tr.gettext(CONTINUED), size=8)
        else:
            who = self.tr.gettext(STAKEHOLDER)
            pen.write_in("emotion_map.stakeholder", 0, top, width * 0.68, caption=who)
            when = self.tr.gettext(DATE)
            pen.write_in("emotion_map.date", width * 0.72, top, width * 0.28, caption=when)
        grid_top = top - 14  # room for the handoffs' marks over the phases
        columns = len(self.phases)
        column = (width - LANE_LABEL_WIDTH) / columns
        # Phase names across, on the brand's band.
        canvas.setFillColor(s.primary)
        canvas.rect(
            LANE_LABEL_WIDTH,
            grid_top - PHASE_HEADER,
            width - LANE_LABEL_WIDTH,
            PHASE_HEADER,
            stroke=0,
            fill=1,
        )
        for index, name in enumerate(self.phases):
            x = LANE_LABEL_WIDTH + index * column
            # A long name shrinks, then is cut: the band keeps its height.
            label = fitted_paragraph(
                f"{self.first + index + 1}. {name}", self.phase_style, column - 10, PHASE_HEADER - 4
            )
            _w, label_height = label.wrap(column - 10, PHASE_HEADER - 4)
            label.drawOn(canvas, x + 5, grid_top - PHASE_HEADER / 2 - label_height / 2)
        # The lanes down: the writing lanes share what the emotion scale leaves.
        scale_height = (EMOTION_MAX - EMOTION_MIN) * SCALE_STEP + 26
        writing = grid_top - PHASE_HEADER - scale_height
        shares = sum(share for _k, _w, share in (*LANES, *LOWER_LANES))
        y = grid_top - PHASE_HEADER
        for key, words, share in LANES:
            lane = writing * share / shares
            self._lane(pen, key, words, y - lane, lane, column)
            y -= lane
        self._emotion_lane(pen, y - scale_height, scale_height, width)
        y -= scale_height
        for key, words, share in LOWER_LANES:
            lane = writing * share / shares
            self._lane(pen, key, words, y - lane, lane, column)
            y -= lane
        # Column rules, the handoffs between phases dashed in the accent colour.
        bottom = y
        for index in range(columns + 1):
            x = LANE_LABEL_WIDTH + index * column
            handoff = 0 < index < columns or (index == 0 and self.handoff_before)
            if handoff:
                canvas.setStrokeColor(s.accent)
                canvas.setLineWidth(1.2)
                canvas.setDash(4, 3)
                canvas.line(x, bottom, x, grid_top - PHASE_HEADER)
                canvas.setDash()
                canvas.setFillColor(s.accent)
                canvas.setFont(BOLD, 6.5)
                canvas.drawCentredString(x, grid_top + 3, self.tr.gettext(HANDOFF))
            else:
                canvas.setStrokeColor(s.rule)
                canvas.setLineWidth(0.6)
                canvas.line(x, bottom, x, grid_top - PHASE_HEADER)
        canvas.setStrokeColor(s.primary_text)
        canvas.setLineWidth(0.75)
        canvas.line(0, bottom, width, bottom)

    def _lane(self, pen: Pen, key: str, words: str, y: float, height: float, column: float) -> None:
        """A writing lane: its name at the left, ruled lines and a field in each phase."""
        canvas = pen.canvas
        canvas.setStrokeColor(self.s.rule)
        canvas.setLineWidth(0.6)
        canvas.line(0, y + height, LANE_LABEL_WIDTH + column * len(self.phases), y + height)
        label, label_height = paragraph(
            self.tr.gettext(words), self.lane_style, LANE_LABEL_WIDTH - 8
        )
        label.drawOn(canvas, 0, y + height - 4 - label_height)
        count = max(1, int((height - 4) // WRITE_IN))
        step = (height - 4) / count
        for index in range(len(self.phases)):
            x = LANE_LABEL_WIDTH + index * column
            canvas.setStrokeColor(self.s.rule)
            canvas.setLineWidth(0.4)
            canvas.setDash(1, 2)
            for n in range(1, count):
                canvas.line(x + 6, y + n * step, x + column - 6, y + n * step)
            canvas.setDash()
            number = self.first + index + 1
            text_field(
                canvas,
                f"emotion_map.phase.{number}.{key}",
                x + 3,
                y + 2,
                column - 6,
                height - 4,
                ink=self.s.ink,
                font_size=9,
                multiline=True,
            )

    def _emotion_lane(self, pen: Pen, y: float, height: float, width: float) -> None:
        """The emotion scale across every phase: +3 at the top, 0 heavier, -3 at the foot."""
        canvas = pen.canvas
        s = self.s
        canvas.setFillColor(s.light_fill)
        canvas.rect(0, y, width, height, stroke=0, fill=1)
        canvas.setFillColor(s.ink)
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(0, y + height - 11, self.tr.gettext(EMOTION_LANE))
        first = y + 8
        for step, score in enumerate(range(EMOTION_MIN, EMOTION_MAX + 1)):
            line_y = first + step * SCALE_STEP
            canvas.setStrokeColor(s.primary_text if score == 0 else s.rule)
            canvas.setLineWidth(1.0 if score == 0 else 0.5)
            canvas.line(LANE_LABEL_WIDTH, line_y, width, line_y)
            canvas.setFillColor(s.ink)
            canvas.setFont(BOLD, 7.5)
            canvas.drawRightString(
                LANE_LABEL_WIDTH - 4, line_y - 2.5, f"{score:+d}" if score else "0"
            )
            canvas.setFont(BODY, 6.5)
            canvas.setFillColor(s.muted_ink)
            feeling = self.tr.gettext(EMOTION_WORDS[score])
            canvas.drawRightString(LANE_LABEL_WIDTH - 20, line_y - 2.5, feeling)
