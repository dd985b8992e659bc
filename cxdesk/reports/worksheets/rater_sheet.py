"""The RATER scorecard sheet: one respondent's scores on paper, as the RATER tab takes them.

Who is scoring and for which side (the client, or our team: providers rate themselves
far higher than their clients do), then for each of the five dimensions what they expect
of an excellent provider (E) and how this project performs (P) on the SERVQUAL 1-7 scale,
as boxes to tick, and the 100 importance points split across the five, with a total box.
Fields: ``rater.respondent.name``, ``rater.respondent.side`` (client or team),
``rater.reliability.expectation`` (1-7), ``rater.reliability.points``,
``rater.points_total``, ``rater.comment``...
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.servqual import DIMENSIONS, POINTS_TOTAL, SCORE_MAX, SCORE_MIN, RaterDimension
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.fonts import BOLD
from cxdesk.reports.form_fields import text_field, tick_group
from cxdesk.reports.sections import heading
from cxdesk.reports.styles import ToolkitStyles, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import TICK, WRITE_IN
from cxdesk.reports.worksheets.parts import Drawn, Pen, paragraph

INTRO = N_(
    "One sheet per person, for the client's people and for our own team alike. For each "
    "dimension, tick what you expect of an excellent provider (E) and how this project "
    "performs (P), from 1 (strongly disagree) to 7 (strongly agree). Then split "
    "{points} points across the five by how much each matters to you."
)
SIDE_CAPTION = N_("Scoring for")
SIDES = (("client", N_("The client")), ("team", N_("Our team")))
ROWS = (("expectation", "E", N_("You expect")), ("perception", "P", N_("We perform")))
SCALE_ENDS = (N_("strongly disagree"), N_("strongly agree"))
POINTS_CAPTION = N_("Points")
TOTAL_LABEL = N_("Total (the five add up to {points})")
COMMENT = N_("What would most improve your experience of working with us?")
COMMENT_LINES = 3
BOX_STEP = 22.0  # between the scale's boxes
ROW_HEIGHT = 21.0  # a row of seven boxes
POINTS_WIDTH = 58.0
LABEL_WIDTH = 66.0  # "E  You expect"


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    s = styles_for(brand)
    intro = tr.gettext(INTRO).format(points=POINTS_TOTAL)
    story: list[Flowable] = [heading("rater-sheet", brand, tr), Paragraph(para(intro), s.body)]
    story += [Spacer(1, 4), _Respondent(s, tr), Spacer(1, 8), _ScaleHeader(s, tr)]
    story += [_Dimension(s, dimension, index, tr) for index, dimension in enumerate(DIMENSIONS)]
    story += [_Total(s, tr), Spacer(1, 10), _Comment(s, tr)]
    return story


def _columns(width: float) -> tuple[float, float, float]:
    """Where the row labels, the first box and the points box start."""
    points = width - POINTS_WIDTH
    boxes = points - 16 - (SCORE_MAX - SCORE_MIN) * BOX_STEP - TICK
    return boxes - LABEL_WIDTH, boxes, points


class _Respondent(Drawn):
    """Name, role and organisation, the side they score for, the date and the milestone."""

    def __init__(self, s: ToolkitStyles, tr: Translator) -> None:
        super().__init__(s, 2 * WRITE_IN + 10, tr=tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        _ = self.tr.gettext
        top = height - WRITE_IN
        half = (width - 16) / 2
        pen.write_in("rater.respondent.name", 0, top, half, caption=_("Name"))
        role = _("Role and organisation")
        pen.write_in("rater.respondent.role", half + 16, top, half, caption=role)
        pen.caption(0, TICK + 6, _(SIDE_CAPTION))
        pen.ticks("rater.respondent.side", tuple((k, _(w)) for k, w in SIDES), 0, 2)
        left = 216.0  # past the two sides' boxes
        third = (width - left - 16) / 2
        pen.write_in("rater.date", left, 0, third, caption=_("Date"))
        pen.write_in("rater.milestone", left + third + 16, 0, third, caption=_("Milestone"))


class _ScaleHeader(Drawn):
    """The scale's numbers over their columns of boxes, its two ends, and the points."""

    def __init__(self, s: ToolkitStyles, tr: Translator) -> None:
        super().__init__(s, 26, tr=tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        canvas = pen.canvas
        canvas.setFillColor(self.s.primary)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.setFillColor(self.s.on_primary)
        canvas.setFont(BOLD, 8.5)
        canvas.drawString(6, 9, self.tr.gettext("Dimension"))
        _labels, boxes, points = _columns(width)
        for index, value in enumerate(range(SCORE_MIN, SCORE_MAX + 1)):
            canvas.drawCentredString(boxes + index * BOX_STEP + TICK / 2, 12, str(value))
        low, high = (self.tr.gettext(end) for end in SCALE_ENDS)
        low, high = f"← {low}", f"{high} →"
        end = boxes + (SCORE_MAX - SCORE_MIN) * BOX_STEP + TICK + 2
        # Both ends under the seven boxes, apart: German's "stimme überhaupt nicht zu"
        # and "stimme voll zu" ran into each other at the English size.
        size = 6.5
        while size > 4.5 and stringWidth(low, BOLD, size) + stringWidth(high, BOLD, size) + 6 > (
            end - boxes + 2
        ):
            size -= 0.25
        canvas.setFont(BOLD, size)
        canvas.drawString(boxes - 2, 3, low)
        canvas.drawRightString(end, 3, high)
        canvas.setFont(BOLD, 8.5)
        canvas.drawCentredString(points + POINTS_WIDTH / 2, 9, self.tr.gettext(POINTS_CAPTION))


class _Dimension(Drawn):
    """One dimension: its name and question, an E row and a P row of seven boxes, and a
    box for its importance points."""

    def __init__(
        self, s: ToolkitStyles, dimension: RaterDimension, index: int, tr: Translator
    ) -> None:
        self.dimension = dimension
        self.index = index
        self.name_style = ParagraphStyle("rater-sheet-name", parent=s.body, fontName=BOLD)
        self.question_style = ParagraphStyle(
            "rater-sheet-question", parent=s.small, textColor=s.muted_ink
        )
        super().__init__(s, 2 * ROW_HEIGHT + 14, tr=tr)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        labels, _boxes, _points = _columns(avail_width)
        text = labels - 14
        _ = self.tr.gettext
        self.name, name_height = paragraph(_(self.dimension.label), self.name_style, text)
        self.question, question_height = paragraph(
            _(self.dimension.question), self.question_style, text
        )
        self.block_height = max(2 * ROW_HEIGHT + 14, name_height + question_height + 14)
        return super().wrap(avail_width, avail_height)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        canvas = pen.canvas
        if self.index % 2:
            canvas.setFillColor(self.s.light_fill)
            canvas.rect(0, 0, width, height, stroke=0, fill=1)
        pen.rule(0, 0, width, weight=0.3)
        labels, boxes, points = _columns(width)
        _w, name_height = self.name.wrap(labels - 14, height)
        self.name.drawOn(canvas, 6, height - 7 - name_height)
        _w, question_height = self.question.wrap(labels - 14, height)
        self.question.drawOn(canvas, 6, height - 7 - name_height - question_height)
        key = self.dimension.value
        rows_top = height / 2 + ROW_HEIGHT
        for number, (field, letter, words) in enumerate(ROWS):
            y = rows_top - (number + 1) * ROW_HEIGHT + (ROW_HEIGHT - TICK) / 2
            pen.label(labels, y + 3, letter, bold=True)
            pen.label(labels + 12, y + 3, self.tr.gettext(words))
            values = range(SCORE_MIN, SCORE_MAX + 1)
            boxes_at = [(str(v), boxes + i * BOX_STEP, y, TICK) for i, v in enumerate(values)]
            for _value, x, box_y, size in boxes_at:
                pen.box(x, box_y, size)
            tick_group(canvas, f"rater.{key}.{field}", boxes_at, ink=self.s.ink)
        box_height = WRITE_IN + 4
        bottom = (height - box_height) / 2
        _box(pen, points + 6, bottom, POINTS_WIDTH - 12, box_height)
        text_field(
            canvas,
            f"rater.{key}.points",
            points + 6,
            bottom,
            POINTS_WIDTH - 12,
            box_height,
            ink=self.s.ink,
            font_size=12,
        )


class _Total(Drawn):
    """The total of the points, which should be 100."""

    def __init__(self, s: ToolkitStyles, tr: Translator) -> None:
        super().__init__(s, WRITE_IN + 14, tr=tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        pen.canvas.setStrokeColor(self.s.primary_text)
        pen.canvas.setLineWidth(0.75)
        pen.canvas.line(0, height, width, height)
        _labels, _boxes, points = _columns(width)
        box_height = WRITE_IN + 4
        bottom = (height - box_height) / 2
        pen.canvas.setFillColor(self.s.ink)
        pen.canvas.setFont(BOLD, 9)
        total = self.tr.gettext(TOTAL_LABEL).format(points=POINTS_TOTAL)
        pen.canvas.drawRightString(points - 4, bottom + box_height / 2 - 3, total)
        _box(pen, points + 6, bottom, POINTS_WIDTH - 12, box_height, heavy=True)
        text_field(
            pen.canvas,
            "rater.points_total",
            points + 6,
            bottom,
            POINTS_WIDTH - 12,
            box_height,
            ink=self.s.ink,
            font_size=12,
        )


class _Comment(Drawn):
    def __init__(self, s: ToolkitStyles, tr: Translator) -> None:
        super().__init__(s, COMMENT_LINES * WRITE_IN + 14, tr=tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        pen.label(0, height - 10, self.tr.gettext(COMMENT), size=9, bold=True)
        pen.write_in(
            "rater.comment", 0, 0, width, COMMENT_LINES * WRITE_IN, lines_to_write=COMMENT_LINES
        )


def _box(pen: Pen, x: float, y: float, width: float, height: float, *, heavy: bool = False) -> None:
    pen.canvas.setStrokeColor(pen.s.primary_text)
    pen.canvas.setLineWidth(1.2 if heavy else 0.8)
    pen.canvas.roundRect(x, y, width, height, 2, stroke=1, fill=0)
