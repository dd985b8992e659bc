"""Pulse-check cards to hand round at a milestone: two to a page, cut along the line.

Each card asks the app's four pulse questions: confidence in the outcome (1-10), CSAT
(1-5), what's working and what's not, with the person's name (optional), the date and the
milestone. The scores are boxes to tick, the answers lines to write on, all fields:
``pulse.1.confidence`` (1-10), ``pulse.1.csat`` (1-5), ``pulse.1.working``,
``pulse.1.not_working``, ``pulse.2.name``...
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

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
)
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports import lines
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.sections import heading
from cxdesk.reports.styles import ToolkitStyles, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import WRITE_IN
from cxdesk.reports.worksheets.parts import Drawn, Pen

INTRO = N_(
    "Two minutes at every milestone, two cards to a page: cut along the line and hand them "
    "round. Names are optional; the numbers show the trend, the words the story behind it."
)
TITLE = N_("Pulse check")
CONFIDENCE_ENDS = (N_("not at all confident"), N_("completely confident"))
CSAT_WORDS = (
    N_("very dissatisfied"),
    N_("dissatisfied"),
    N_("neutral"),
    N_("satisfied"),
    N_("very satisfied"),
)
CUT = N_("cut here")
CARDS = 2
CUT_GAP = 26.0  # between the two cards, for the cut line
LEAST_HEIGHT = 230.0  # one card's smallest height: below it a card is cramped
TITLE_BAR = 22.0
SCALE_BOX = 19.0  # numbered boxes: 6.7 mm
QUESTION_SIZE = 8.5


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    s = styles_for(brand)
    return [
        heading("pulse-cards", brand, tr),
        Paragraph(para(tr.gettext(INTRO)), s.body),
        _Cards(s, tr),
    ]


class _Cards(Drawn):
    """The two cards and the cut line between them, filling the rest of the page."""

    def __init__(self, s: ToolkitStyles, tr: Translator) -> None:
        super().__init__(s, CARDS * LEAST_HEIGHT + CUT_GAP, fill=True, tr=tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        card = (height - CUT_GAP) / CARDS
        for number in range(CARDS):
            bottom = height - (number + 1) * card - number * CUT_GAP
            _card(pen, number + 1, bottom, width, card, self.tr)
            if number + 1 < CARDS:
                _cut_line(pen, bottom - CUT_GAP / 2, width, self.tr)


def _cut_line(pen: Pen, y: float, width: float, tr: Translator) -> None:
    canvas = pen.canvas
    canvas.setStrokeColor(pen.s.muted_ink)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 3)
    canvas.line(-12, y, width + 12, y)
    canvas.setDash()
    cut = "✂  " + tr.gettext(CUT)
    label = lines.width(cut, BODY, 7) + 8
    canvas.setFillColor(pen.s.on_primary)
    canvas.rect(14, y - 5, label, 10, stroke=0, fill=1)
    canvas.setFillColor(pen.s.muted_ink)
    lines.draw(canvas, 18, y - 2.5, cut, BODY, 7)


def _card(pen: Pen, number: int, y: float, width: float, height: float, tr: Translator) -> None:
    """One card over ``y .. y + height``: a title bar, who and when, then the questions."""
    _ = tr.gettext
    canvas = pen.canvas
    s = pen.s
    name = f"pulse.{number}"
    canvas.setStrokeColor(s.primary)
    canvas.setLineWidth(1)
    canvas.roundRect(0, y, width, height, 6, stroke=1, fill=0)
    path = canvas.beginPath()  # the title bar, its top corners rounded with the card's
    top = y + height
    path.moveTo(0, top - TITLE_BAR)
    path.lineTo(0, top - 6)
    path.arcTo(0, top - 12, 12, top, startAng=180, extent=-90)
    path.lineTo(width - 6, top)
    path.arcTo(width - 12, top - 12, width, top, startAng=90, extent=-90)
    path.lineTo(width, top - TITLE_BAR)
    path.close()
    canvas.setFillColor(s.primary)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(s.on_primary)
    lines.draw(canvas, 12, top - TITLE_BAR + 7, _(TITLE), BOLD, 11)
    inner = width - 24
    left = 12.0
    cursor = top - TITLE_BAR - 6 - WRITE_IN
    third = (inner - 24) / 3
    for index, (part, caption) in enumerate(
        (("name", _("Name (optional)")), ("date", _("Date")), ("milestone", _("Milestone")))
    ):
        pen.write_in(f"{name}.{part}", left + index * (third + 12), cursor, third, caption=caption)
    # The two scores: the question, the numbered boxes, the words under them.
    scales = (
        (1, CONFIDENCE_QUESTION, "confidence", CONFIDENCE_MIN, CONFIDENCE_MAX),
        (2, CSAT_QUESTION, "csat", CSAT_MIN, CSAT_MAX),
    )
    for order, question, part, low, high in scales:
        cursor -= 16
        pen.label(left, cursor, f"{order}  {_(question)}", size=QUESTION_SIZE, bold=True)
        cursor -= 6 + SCALE_BOX
        values = list(range(low, high + 1))
        if part == "csat":  # each box over its words, spread across the card
            step = inner / len(values)
            start = left + (step - SCALE_BOX) / 2
        else:
            step = (inner - SCALE_BOX) / (len(values) - 1)
            start = left
        pen.numbered_boxes(f"{name}.{part}", values, start, cursor, step, SCALE_BOX)
        cursor -= 9
        if part == "csat":
            for index, words in enumerate(CSAT_WORDS):
                pen.canvas.setFillColor(s.muted_ink)
                lines.draw(
                    canvas,
                    start + index * step + SCALE_BOX / 2,
                    cursor,
                    _(words),
                    BODY,
                    6.5,
                    "middle",
                )
        else:
            low_words, high_words = (_(end) for end in CONFIDENCE_ENDS)
            pen.canvas.setFillColor(s.muted_ink)
            lines.draw(canvas, left, cursor, f"← {low_words}", BODY, 6.5)
            lines.draw(canvas, left + inner, cursor, f"{high_words} →", BODY, 6.5, "end")
    # The two answers side by side, with as many lines as the card has room for.
    cursor -= 16
    column = (inner - 16) / 2
    answer_lines = max(2, int((cursor - 10 - y) // WRITE_IN))
    answer = answer_lines * WRITE_IN
    for index, (order, question, part) in enumerate(
        ((3, WORKING_QUESTION, "working"), (4, NOT_WORKING_QUESTION, "not_working"))
    ):
        x = left + index * (column + 16)
        pen.label(x, cursor, f"{order}  {_(question)}", size=QUESTION_SIZE, bold=True)
        pen.write_in(
            f"{name}.{part}", x, cursor - 4 - answer, column, answer, lines_to_write=answer_lines
        )
