"""Actions and owners: what is being done about each gap, by whom and by when.

Open and overdue first (``open_and_overdue_first``: longest overdue, then the other open
ones by due date, then done and dropped), in three bands, so the meeting starts with
what is late. Each action says the gap it answers and the gap's cause (the five gaps);
a done one says what was done and whether its gap moved (before → after).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.actions import (
    ActionRow,
    ActionStatus,
    Verdict,
    action_counts,
    open_and_overdue_first,
)
from cxdesk.reports.cells import Run
from cxdesk.reports.chart_parts import strong
from cxdesk.reports.sections import heading, nothing_yet
from cxdesk.reports.sections.loop_parts import (
    CELL_LINES_MOST,
    cause_label,
    evidence_words,
    group,
    header,
    side_label,
    source_words,
    text_cell,
)
from cxdesk.reports.styles import data_table, styles_for
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.styles import ToolkitStyles

INTRO = N_(
    "What we are doing about each gap, who owns it and by when. Overdue actions come "
    "first, then the other open ones by due date, then those done or dropped. A done "
    "action shows whether its gap moved: the measure before it and at the next "
    "measurement after it."
)
EMPTY = N_(
    "No actions yet — turn a gap into an action where you see it (a trailing "
    "expectation, a RATER dimension, a pain point, a handoff item or a pulse check) and it "
    "prints here with its owner and due date."
)
HEADERS = (
    N_("Action · the gap it answers"),
    N_("Owner"),
    N_("Due"),
    N_("Status"),
    N_("What was done · did it work?"),
)
WIDTHS = (0.31, 0.14, 0.12, 0.12, 0.31)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    story: list[Flowable] = [heading("actions", brand, tr)]
    if data is None or not data.actions:
        return [*story, nothing_yet(tr.gettext(EMPTY), brand)]
    st = styles_for(brand)
    today = data.printed_on
    counts = action_counts((row.record for row in data.actions), today)
    summary = tr.gettext("{open} · {overdue}, as of {date}.").format(
        open=tr.counted("{count} open action", "{count} open actions", counts.open),
        overdue=tr.counted("{count} overdue", "{count} overdue", counts.overdue),
        date=tr.long_date(today),
    )
    story += [
        Paragraph(para(tr.gettext(INTRO)), st.muted),
        Paragraph(para(summary), st.body),
        Spacer(0, 4),
        *actions_table(data, st, tr),
    ]
    return story


def actions_table(data: ToolkitData, st: ToolkitStyles, tr: Translator) -> list[Flowable]:
    """Every action in three groups (overdue, open, done and dropped), each its own table;
    a long text in its column continues under its row, across the table."""
    today = data.printed_on
    ink, muted, late = st.ink, st.muted_ink, strong(st.accent, 0.5)
    by_id = {row.id: row for row in data.actions}
    ordered = [by_id[r.id] for r in open_and_overdue_first((r.record for r in data.actions), today)]
    titles = (
        tr.gettext("Overdue"),
        tr.gettext("Open and in progress"),
        tr.gettext("Done and dropped"),
    )
    groups: list[list[ActionRow]] = [[], [], []]
    for row in ordered:
        record = row.record
        groups[0 if record.overdue(today) else 1 if record.is_open else 2].append(row)
    widths = [st.frame_width * w for w in WIDTHS]
    out: list[Flowable] = []
    for title, rows in zip(titles, groups, strict=True):
        if not rows:
            continue
        body: list[list[object]] = [[*header(st, [tr.gettext(h) for h in HEADERS])]]
        body += [_row(row, data, st, tr, ink, muted, late) for row in rows]
        table = data_table(body, widths, st, padding=3, continue_after=CELL_LINES_MOST, tr=tr)
        out.append(group(title, table, st))
    return out


def _row(
    row: ActionRow,
    data: ToolkitData,
    st: ToolkitStyles,
    tr: Translator,
    ink: Color,
    muted: Color,
    late: Color,
) -> list[object]:
    record = row.record
    today = data.printed_on
    source = source_words(row, data, tr)
    cause = cause_label(record.cause, tr)
    action = text_cell(
        st,
        Run(record.title, ink, bold=True),
        Run(tr.gettext("Gap: {source}").format(source=source) if source else "", muted),
        Run(tr.gettext("Cause: {cause}").format(cause=cause) if cause else "", muted),
        Run(
            tr.gettext("From the issue: {title}").format(title=row.issue_title)
            if row.issue_title
            else "",
            muted,
        ),
    )
    owner = text_cell(
        st,
        Run(record.owner_name, ink),
        Run(side_label(record.owner_side, tr), muted),
    )
    days_late = record.days_overdue(today)
    due = text_cell(
        st,
        Run(tr.short_date(record.due_on) if record.due_on else tr.gettext("No date"), ink),
        Run(
            tr.counted("{count} day overdue", "{count} days overdue", days_late)
            if days_late
            else "",
            late,
            bold=True,
        ),
    )
    state = record.state
    status = text_cell(
        st,
        Run(tr.gettext(state.label), ink, bold=state is not ActionStatus.DONE),
        Run(
            tr.gettext("on {date}").format(date=tr.short_date(record.closed_at.date()))
            if record.closed_at is not None
            else "",
            muted,
        ),
    )
    worked = ""
    found = data.evidence.get(record.id)
    if state is ActionStatus.DONE and found is not None and found.verdict is not Verdict.NO_SOURCE:
        worked = tr.gettext("Did it work? {evidence}").format(
            evidence=evidence_words(found, record.kind, tr)
        )
    done = text_cell(st, Run(record.outcome, ink), Run(worked, ink, bold=True))
    return [action, owner, due, status, done]
