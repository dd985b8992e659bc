"""The action and issue log sheet for the kickoff binder: what we will do about each gap,
and the issues on the escalation ladder, written by hand as they come up.

An action: its title, the gap it answers (its source), its owner and due date, its cause
in the five gaps model (knowledge, standards, delivery, communication: the provider's
gaps, adding up to the customer gap) and its status, as boxes to tick, and what was done.
An issue: what happened, who raised it and when, the rung of the ladder it sits on (the
engagement's own ladder, else the default one), its owner there, when it was escalated,
when resolved and how. Fields: ``action.3.title``, ``action.3.cause`` (knowledge,
standards, delivery, communication or customer), ``action.3.status``,
``issue.2.rung`` (1, 2...), ``issue.2.resolved_on``...
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from cxdesk.language import ENGLISH, Translator
from cxdesk.models.actions import ActionStatus
from cxdesk.models.brand import Brand
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.fonts import BOLD
from cxdesk.reports.sections import heading, subheading
from cxdesk.reports.styles import ToolkitStyles, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import TICK, WRITE_IN
from cxdesk.reports.worksheets.parts import Drawn, Pen

INTRO = (
    "Every gap we find gets an action with an owner and a date, and every issue a rung on "
    "the escalation ladder. Write them here as they come up; bring the sheet to every "
    "milestone and steering meeting."
)
ACTIONS = "Actions"


def _between(cause: GapCause) -> str:
    """ "what the client expects and what we believe they expect": the model's words."""
    words = cause.between.rstrip(".")
    return words[0].lower() + words[1:]


# The five causes and the four statuses, with the values the app stores for them.
CAUSES = tuple((cause.value, cause.value.capitalize()) for cause in GapCause)
STATUSES = tuple((status.value, status.label) for status in ActionStatus)
ACTIONS_NOTE = (
    "The causes come from the five gaps model, each the gap between two things. "
    + "; ".join(f"{cause.value.capitalize()}: {_between(cause)}" for cause in GapCause)
    + "."
)
# (field, caption, share of the row) across an action's first row, after its number.
ACTION_COLUMNS = (
    ("title", "Action: what we will do", 0.44),
    ("source", "Gap it answers (where it was found)", 0.32),
    ("owner", "Owner", 0.24),
)
DUE = "Due"
ISSUES = "Issue log"
ISSUES_NOTE = "The rungs of the escalation ladder"
ISSUE_COLUMNS = (
    ("title", "Issue: what happened", 0.4),
    ("raised_by", "Raised by", 0.22),
    ("raised_on", "Raised on", 0.14),
    ("owner", "Owner at its rung", 0.24),
)
ISSUE_DATES = (
    ("escalated_on", "Escalated on (each rung's date)"),
    ("resolved_on", "Resolved on"),
)
CAUSE = "Cause"
STATUS = "Status"
RUNG = "Rung"
DONE = "What was done"
NUMBER_WIDTH = 18.0
GAP = 8.0  # between two blanks of a row
ROW_GAP = 5.0
ACTION_HEIGHT = 3 * WRITE_IN + 3 * ROW_GAP + 4
ISSUE_HEIGHT = ACTION_HEIGHT
RUNGS_MOST = 8  # boxes for the rungs: a taller ladder is written in


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    s = styles_for(brand)
    story: list[Flowable] = [heading("action-log", brand, tr), Paragraph(para(INTRO), s.body)]
    story += [subheading(ACTIONS, brand), Paragraph(para(ACTIONS_NOTE), s.small), Spacer(1, 4)]
    room = s.frame_height - 150  # the page's headings and notes
    story += [_Action(s, n) for n in range(1, int(room // ACTION_HEIGHT) + 1)]
    rungs = _rungs(data)
    story += [PageBreak(), subheading(ISSUES, brand)]
    story.append(
        Paragraph(
            para(f"{ISSUES_NOTE}: " + " · ".join(f"{n} {r}" for n, r in enumerate(rungs, 1))),
            s.small,
        )
    )
    story.append(Spacer(1, 4))
    room = s.frame_height - 70
    story += [_Issue(s, n, len(rungs)) for n in range(1, int(room // ISSUE_HEIGHT) + 1)]
    return story


def _rungs(data: ToolkitData | None) -> list[str]:
    """The ladder's rungs by name: the engagement's, else the default ladder's."""
    if data is not None and data.escalation:
        ordered = sorted(data.escalation, key=lambda level: level.position)
        return [level.name.split(": ", 1)[-1] for level in ordered]
    return [name.split(": ", 1)[-1] for name, *_rest in DEFAULT_LADDER]


def _row(
    pen: Pen, name: str, columns: tuple[tuple[str, str, float], ...], y: float, width: float
) -> None:
    """Write-ins side by side across ``width`` after the number, their shares of it."""
    room = width - NUMBER_WIDTH - GAP * (len(columns) - 1)
    x = NUMBER_WIDTH
    for part, caption, share in columns:
        pen.write_in(f"{name}.{part}", x, y, room * share, caption=caption)
        x += room * share + GAP


class _Block(Drawn):
    """One numbered entry of the log, shaded every other one."""

    def __init__(self, s: ToolkitStyles, number: int, height: float) -> None:
        super().__init__(s, height)
        self.number = number

    def frame(self, pen: Pen, width: float, height: float) -> None:
        canvas = pen.canvas
        if self.number % 2 == 0:
            canvas.setFillColor(self.s.light_fill)
            canvas.rect(-4, 0, width + 8, height, stroke=0, fill=1)
        canvas.setStrokeColor(self.s.primary_text)
        canvas.setLineWidth(0.5)
        canvas.line(-4, 0, width + 4, 0)
        canvas.setFillColor(self.s.primary_text)
        canvas.setFont(BOLD, 10)
        canvas.drawString(0, height - 16, str(self.number))


class _Action(_Block):
    def __init__(self, s: ToolkitStyles, number: int) -> None:
        super().__init__(s, number, ACTION_HEIGHT)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        """Its title, source and owner; its cause and due date; its status and what was
        done: three rows a hand can write in."""
        self.frame(pen, width, height)
        name = f"action.{self.number}"
        top = height - ROW_GAP - WRITE_IN
        _row(pen, name, ACTION_COLUMNS, top, width)
        second = top - ROW_GAP - WRITE_IN
        x = _ticks(pen, f"{name}.cause", CAUSE, CAUSES, second)
        pen.write_in(f"{name}.due", x, second, width - x, caption=DUE)
        third = second - ROW_GAP - WRITE_IN
        x = _ticks(pen, f"{name}.status", STATUS, STATUSES, third)
        pen.write_in(f"{name}.what_was_done", x, third, width - x, caption=DONE)


def _ticks(
    pen: Pen, name: str, label: str, options: tuple[tuple[str, str], ...], row: float
) -> float:
    """A row's label and boxes to tick, from the number's column; returns where the rest of
    the row starts."""
    y = row + (WRITE_IN - TICK) / 2
    x = NUMBER_WIDTH + pen.label(NUMBER_WIDTH, y + 3, label, bold=True) + 6
    return pen.ticks(name, options, x, y, gap=8) + 2 * GAP


class _Issue(_Block):
    def __init__(self, s: ToolkitStyles, number: int, rungs: int) -> None:
        super().__init__(s, number, ISSUE_HEIGHT)
        self.rungs = rungs

    def paint(self, pen: Pen, width: float, height: float) -> None:
        self.frame(pen, width, height)
        name = f"issue.{self.number}"
        top = height - 4 - WRITE_IN
        _row(pen, name, ISSUE_COLUMNS, top, width)
        second = top - ROW_GAP - WRITE_IN
        if self.rungs <= RUNGS_MOST:
            options = tuple((str(n), str(n)) for n in range(1, self.rungs + 1))
            x = _ticks(pen, f"{name}.rung", RUNG, options, second)
        else:  # a taller ladder: its rung's number written in
            y = second + (WRITE_IN - TICK) / 2
            x = NUMBER_WIDTH + pen.label(NUMBER_WIDTH, y + 3, RUNG, bold=True) + 6
            pen.write_in(f"{name}.rung", x, second, 40)
            x += 40 + 2 * GAP
        room = width - x - GAP
        for index, (part, caption) in enumerate(ISSUE_DATES):
            share = room * (0.6 if index == 0 else 0.4)
            pen.write_in(f"{name}.{part}", x, second, share, caption=caption)
            x += share + GAP
        pen.write_in(
            f"{name}.what_was_done",
            NUMBER_WIDTH,
            second - ROW_GAP - WRITE_IN,
            width - NUMBER_WIDTH,
            caption=DONE,
        )
