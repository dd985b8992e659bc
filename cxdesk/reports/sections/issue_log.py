"""The issue log, by rung of the escalation ladder: where each open issue sits (the
highest rung first), for how long against the time the rung allows, and its dated
history; the resolved ones after, with what was done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.issues import IssueRow, IssueStepRecord, StepKind, issue_counts
from cxdesk.reports.cells import Run
from cxdesk.reports.chart_parts import strong
from cxdesk.reports.sections import heading, nothing_yet
from cxdesk.reports.sections.loop_parts import (
    CELL_LINES_MOST,
    group,
    header,
    ladder_words,
    side_label,
    text_cell,
)
from cxdesk.reports.styles import data_table, styles_for
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.styles import ToolkitStyles

INTRO = N_(
    "Every issue sits on a rung of the escalation ladder, with an owner and the time "
    "that rung allows. Open issues are listed by rung, the highest first; an issue that "
    "has sat on its rung longer than the rung allows is flagged. Resolved issues follow, "
    "with what was done."
)
EMPTY = N_(
    "No issues logged — raise an issue in the issue log when the client tells you of a "
    "problem (or the team finds one) and it prints here on its rung."
)
HEADERS = (N_("Issue"), N_("Owner"), N_("On the rung"), N_("History"))
WIDTHS = (0.32, 0.14, 0.18, 0.36)
STEP_LABELS = {
    StepKind.RAISED: N_("Raised"),
    StepKind.ESCALATED: N_("Escalated"),
    StepKind.RESOLVED: N_("Resolved"),
    StepKind.REOPENED: N_("Reopened"),
}


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    story: list[Flowable] = [heading("issue-log", brand, tr)]
    if data is None or not data.issues:
        return [*story, nothing_yet(tr.gettext(EMPTY), brand)]
    st = styles_for(brand)
    counts = issue_counts(list(data.issues), data.printed_on)
    summary = tr.gettext("{open} · {too_long}, as of {date}.").format(
        open=tr.counted("{count} open issue", "{count} open issues", counts.open),
        too_long=tr.counted(
            "{count} on its rung too long", "{count} on their rung too long", counts.too_long
        ),
        date=tr.long_date(data.printed_on),
    )
    return [
        *story,
        Paragraph(para(tr.gettext(INTRO)), st.muted),
        Paragraph(para(summary), st.body),
        Spacer(0, 4),
        *issue_table(data, st, tr),
    ]


def by_rung(issues: tuple[IssueRow, ...]) -> list[IssueRow]:
    """Open issues by rung, the highest first (within a rung: longest there first), then
    the resolved ones, the latest resolved first."""

    def key(issue: IssueRow) -> tuple[int, int, int, int]:
        record = issue.record
        if record.is_open:
            return (0, -issue.rung_position, record.on_rung_since.toordinal(), record.id)
        resolved = record.resolved_on or record.raised_on
        return (1, 0, -resolved.toordinal(), record.id)

    return sorted(issues, key=key)


def issue_table(data: ToolkitData, st: ToolkitStyles, tr: Translator) -> list[Flowable]:
    """One table per rung (the highest first), then the resolved issues."""
    widths = [st.frame_width * w for w in WIDTHS]
    groups: list[tuple[str, list[IssueRow]]] = []
    last: tuple[bool, int] | None = None
    for issue in by_rung(data.issues):
        here = (issue.record.is_open, issue.rung_position if issue.record.is_open else -1)
        if here != last:
            last = here
            groups.append((_band(issue, tr), []))
        groups[-1][1].append(issue)
    out: list[Flowable] = []
    for title, rows in groups:
        body: list[list[object]] = [[*header(st, [tr.gettext(h) for h in HEADERS])]]
        body += [_row(issue, data, st, tr) for issue in rows]
        table = data_table(body, widths, st, padding=3, continue_after=CELL_LINES_MOST, tr=tr)
        out.append(group(title, table, st))
    return out


def _band(issue: IssueRow, tr: Translator) -> str:
    if not issue.record.is_open:
        return tr.gettext("Resolved")
    from cxdesk.reports.sections.escalation import _short_name

    # As the ladder prints it: "Level 2: Engagement manager", whatever the rung is called.
    number = tr.gettext("Level {number}").format(number=tr.integer(issue.rung_position + 1))
    name = ladder_words(issue.rung_name, tr)
    rung = f"{number}: {_short_name(name, issue.rung_position, tr)}"
    if issue.response_time.strip():
        return tr.gettext("{rung} · time allowed: {time}").format(
            rung=rung, time=" ".join(ladder_words(issue.response_time, tr).split())
        )
    return rung


def _row(issue: IssueRow, data: ToolkitData, st: ToolkitStyles, tr: Translator) -> list[object]:
    record = issue.record
    ink, muted, late = st.ink, st.muted_ink, strong(st.accent, 0.5)
    on = tr.short_date(record.raised_on)
    if record.raised_by.strip():
        raised = tr.gettext("Raised by {who} ({side}) on {date}").format(
            who=record.raised_by, side=side_label(record.raised_by_side, tr), date=on
        )
    elif record.raised_by_side == "ours":
        raised = tr.gettext("Found by our team on {date}").format(date=on)
    else:
        raised = tr.gettext("Raised by the client on {date}").format(date=on)
    names = {
        t.id: t.name
        for phase in (data.journey.phases if data.journey is not None else ())
        for t in phase.touchpoints
    }
    pains = [names[t] for t in issue.touchpoint_ids if t in names]
    titles = {row.id: row.record.title for row in data.actions}
    spawned = [titles[a] for a in issue.action_ids if a in titles]
    what = text_cell(
        st,
        Run(record.title, ink, bold=True),
        Run(raised, muted),
        # Ours: only the internal edition is given an issue's details.
        Run(record.details, muted, italic=True),
        Run(
            tr.gettext("Pain points: {names}").format(names=tr.spoken_list(pains)) if pains else "",
            muted,
        ),
        Run(
            tr.gettext("Actions: {titles}").format(titles=tr.spoken_list(spawned))
            if spawned
            else "",
            muted,
        ),
    )
    owner = text_cell(st, Run(ladder_words(record.owner, tr), ink))
    if record.is_open:
        rung_time = issue.time_on_rung(data.printed_on)
        on_rung = text_cell(
            st,
            Run(tr.gettext("Since {date}").format(date=tr.short_date(record.on_rung_since)), ink),
            Run(
                tr.counted(
                    "{count} day on the rung", "{count} days on the rung", rung_time.days_on_rung
                ),
                ink,
            ),
            Run(
                tr.gettext("Allowed until {date}").format(date=tr.short_date(rung_time.deadline))
                if rung_time.deadline is not None
                else "",
                muted,
            ),
            Run(
                tr.counted(
                    "Too long: {count} day over", "Too long: {count} days over", rung_time.days_over
                )
                if rung_time.too_long
                else "",
                late,
                bold=True,
            ),
        )
    else:
        on_rung = text_cell(
            st,
            Run(
                tr.gettext("Resolved on {date}").format(date=tr.short_date(record.resolved_on)),
                ink,
            ),
            Run(
                tr.gettext("on {rung}").format(
                    rung=" ".join(ladder_words(issue.rung_name, tr).split())
                ),
                muted,
            ),
        )
    history = [Run(_step(step, record.resolution, tr), ink) for step in issue.steps]
    if record.resolution.strip():
        history.append(
            Run(tr.gettext("What was done: {text}").format(text=record.resolution), ink, bold=True)
        )
    return [what, owner, on_rung, text_cell(st, *history)]


def _step(step: IssueStepRecord, resolution: str, tr: Translator) -> str:
    """ "3 Mar 2026 · Escalated · Level 2 · Dana — the note"."""
    try:
        label = tr.gettext(STEP_LABELS[StepKind(step.kind)])
    except ValueError:
        label = step.kind
    rung = " ".join(ladder_words(step.rung_name, tr).split())
    parts = [tr.short_date(step.happened_on), label, rung, ladder_words(step.owner, tr)]
    line = " · ".join(p for p in parts if p.strip())
    # The resolving step's note is the resolution, printed once below the history.
    said_below = step.kind == StepKind.RESOLVED and step.note.strip() == resolution.strip()
    return f"{line} — {step.note}" if step.note.strip() and not said_below else line
