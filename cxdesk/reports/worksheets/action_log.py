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

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.actions import ActionStatus
from cxdesk.models.brand import Brand
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.fonts import BOLD
from cxdesk.reports.sections import heading, subheading
from cxdesk.reports.seeded import ladder_in
from cxdesk.reports.styles import ToolkitStyles, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import TICK, WRITE_IN
from cxdesk.reports.worksheets.parts import Drawn, Pen

INTRO = N_(
    "Every gap we find gets an action with an owner and a date, and every issue a rung on "
    "the escalation ladder. Write them here as they come up; bring the sheet to every "
    "milestone and steering meeting."
)
ACTIONS = N_("Actions")


def _between(cause: GapCause, tr: Translator) -> str:
    """ "what the client expects and what we believe they expect": the model's words."""
    words = tr.gettext(cause.between).rstrip(".")
    return words[0].lower() + words[1:]


# The five causes (in one word) and the four statuses, with the values the app stores.
CAUSE_WORDS = {
    GapCause.KNOWLEDGE: N_("Knowledge"),
    GapCause.STANDARDS: N_("Standards"),
    GapCause.DELIVERY: N_("Delivery"),
    GapCause.COMMUNICATION: N_("Communication"),
    GapCause.CUSTOMER: N_("Customer"),
}
STATUSES = tuple((status.value, status.label) for status in ActionStatus)
ACTIONS_NOTE = N_("The causes come from the five gaps model, each the gap between two things.")


def _causes(tr: Translator) -> tuple[tuple[str, str], ...]:
    return tuple((cause.value, tr.gettext(CAUSE_WORDS[cause])) for cause in GapCause)


def _actions_note(tr: Translator) -> str:
    causes = "; ".join(
        f"{tr.gettext(CAUSE_WORDS[cause])}: {_between(cause, tr)}" for cause in GapCause
    )
    return f"{tr.gettext(ACTIONS_NOTE)} {causes}."


# (field, caption, share of the row) across an action's first row, after its number.
ACTION_COLUMNS = (
    ("title", N_("Action: what we will do"), 0.44),
    ("source", N_("Gap it answers (where it was found)"), 0.32),
    ("owner", N_("Owner"), 0.24),
)
DUE = N_("Due")
ISSUES = N_("Issue log")
ISSUES_NOTE = N_("The rungs of the escalation ladder")
ISSUE_COLUMNS = (
    ("title", N_("Issue: what happened"), 0.4),
    ("raised_by", N_("Raised by"), 0.22),
    ("raised_on", N_("Raised on"), 0.14),
    ("owner", N_("Owner at its rung"), 0.24),
)
ISSUE_DATES = (
    ("escalated_on", N_("Escalated on (each rung's date)")),
    ("resolved_on", N_("Resolved on")),
)
CAUSE = N_("Cause")
STATUS = N_("Status")
RUNG = N_("Rung")
DONE = N_("What was done")
NUMBER_WIDTH = 18.0
GAP = 8.0  # between two blanks of a row
ROW_GAP = 5.0
ACTION_HEIGHT = 3 * WRITE_IN + 3 * ROW_GAP + 4
ISSUE_HEIGHT = ACTION_HEIGHT
RUNGS_MOST = 8  # boxes for the rungs: a taller ladder is written in


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    _ = tr.gettext
    s = styles_for(brand)
    story: list[Flowable] = [heading("action-log", brand, tr), Paragraph(para(_(INTRO)), s.body)]
    note = Paragraph(para(_actions_note(tr)), s.small)
    story += [subheading(_(ACTIONS), brand), note, Spacer(1, 4)]
    room = s.frame_height - 150  # the page's headings and notes
    story += [_Action(s, n, tr) for n in range(1, int(room // ACTION_HEIGHT) + 1)]
    rungs = _rungs(data, tr)
    story += [PageBreak(), subheading(_(ISSUES), brand)]
    listed = " · ".join(f"{n} {r}" for n, r in enumerate(rungs, 1))
    story.append(Paragraph(para(f"{_(ISSUES_NOTE)}: {listed}"), s.small))
    story.append(Spacer(1, 4))
    room = s.frame_height - 70
    story += [_Issue(s, n, len(rungs), tr) for n in range(1, int(room // ISSUE_HEIGHT) + 1)]
    return story


def _rungs(data: ToolkitData | None, tr: Translator) -> list[str]:
    """The ladder's rungs by name: the engagement's, else the default ladder's."""
    if data is not None and data.escalation:
        ordered = sorted(data.escalation, key=lambda level: level.position)
        stored = [(lv.name, lv.trigger, lv.owner, lv.response_time, lv.channel) for lv in ordered]
        names = [rung[0] for rung in ladder_in(stored, tr)]
        return [name.split(": ", 1)[-1] for name in names]
    return [tr.gettext(name).split(": ", 1)[-1] for name, *_rest in DEFAULT_LADDER]


def _row(
    pen: Pen,
    name: str,
    columns: tuple[tuple[str, str, float], ...],
    y: float,
    width: float,
    tr: Translator,
) -> None:
    """Write-ins side by side across ``width`` after the number, their shares of it."""
    room = width - NUMBER_WIDTH - GAP * (len(columns) - 1)
    x = NUMBER_WIDTH
    for part, caption, share in columns:
        pen.write_in(f"{name}.{part}", x, y, room * share, caption=tr.gettext(caption))
        x += room * share + GAP


class _Block(Drawn):
    """One numbered entry of the log, shaded every other one."""

    def __init__(self, s: ToolkitStyles, number: int, height: float, tr: Translator) -> None:
        super().__init__(s, height, tr=tr)
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
    def __init__(self, s: ToolkitStyles, number: int, tr: Translator) -> None:
        super().__init__(s, number, ACTION_HEIGHT, tr)

    def paint(self, pen: Pen, width: float, height: float) -> None:
        """Its title, source and owner; its cause and due date; its status and what was
        done: three rows a hand can write in."""
        self.frame(pen, width, height)
        name = f"action.{self.number}"
        top = height - ROW_GAP - WRITE_IN
        _ = self.tr.gettext
        _row(pen, name, ACTION_COLUMNS, top, width, self.tr)
        second = top - ROW_GAP - WRITE_IN
        x = _ticks(pen, f"{name}.cause", _(CAUSE), _causes(self.tr), second)
        pen.write_in(f"{name}.due", x, second, width - x, caption=_(DUE))
        third = second - ROW_GAP - WRITE_IN
        statuses = tuple((value, _(label)) for value, label in STATUSES)
        x = _ticks(pen, f"{name}.status", _(STATUS), statuses, third)
        pen.write_in(f"{name}.what_was_done", x, third, width - x, caption=_(DONE))


def _ticks(
    pen: Pen, name: str, label: str, options: tuple[tuple[str, str], ...], row: float
) -> float:
    """A row's label and boxes to tick, from the number's column; returns where the rest of
    the row starts."""
    y = row + (WRITE_IN - TICK) / 2
    x = NUMBER_WIDTH + pen.label(NUMBER_WIDTH, y + 3, label, bold=True) + 6
    return pen.ticks(name, options, x, y, gap=8) + 2 * GAP


class _Issue(_Block):
    def __init__(self, s: ToolkitStyles, number: int, rungs: int, tr: Translator) -> None:
        super().__init__(s, number, ISSUE_HEIGHT, tr)
        self.rungs = rungs

    def paint(self, pen: Pen, width: float, height: float) -> None:
        self.frame(pen, width, height)
        name = f"issue.{self.number}"
        top = height - 4 - WRITE_IN
        _ = self.tr.gettext
        _row(pen, name, ISSUE_COLUMNS, top, width, self.tr)
        second = top - ROW_GAP - WRITE_IN
        if self.rungs <= RUNGS_MOST:
            options = tuple((str(n), str(n)) for n in range(1, self.rungs + 1))
            x = _ticks(pen, f"{name}.rung", _(RUNG), options, second)
        else:  # a taller ladder: its rung's number written in
            y = second + (WRITE_IN - TICK) / 2
            x = NUMBER_WIDTH + pen.label(NUMBER_WIDTH, y + 3, _(RUNG), bold=True) + 6
            pen.write_in(f"{name}.rung", x, second, 40)
            x += 40 + 2 * GAP
        room = width - x - GAP
        for index, (part, caption) in enumerate(ISSUE_DATES):
            share = room * (0.6 if index == 0 else 0.4)
            pen.write_in(f"{name}.{part}", x, second, share, caption=_(caption))
            x += share + GAP
        pen.write_in(
            f"{name}.what_was_done",
            NUMBER_WIDTH,
            second - ROW_GAP - WRITE_IN,
            width - NUMBER_WIDTH,
            caption=_(DONE),
        )
