"""Small wins: the dated moments worth celebrating with the client (a milestone met
early, a pain point that became a high), oldest first, each with what it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.loop_log import SmallWinRecord
from cxdesk.reports.cells import Run
from cxdesk.reports.sections import heading, nothing_yet
from cxdesk.reports.sections.loop_parts import CELL_LINES_MOST, header, text_cell
from cxdesk.reports.styles import data_table, styles_for
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.styles import ToolkitStyles

INTRO = N_("What went well, worth celebrating together: small wins keep a project's momentum.")
EMPTY = N_(
    "No small wins logged yet — note a milestone met early or a pain point that became a "
    "high, and celebrate it with the client."
)
HEADERS = (N_("Date"), N_("Win"))
WIDTHS = (0.18, 0.82)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    story: list[Flowable] = [heading("small-wins", brand, tr)]
    if data is None or not data.wins:
        return [*story, nothing_yet(tr.gettext(EMPTY), brand)]
    st = styles_for(brand)
    return [
        *story,
        Paragraph(para(tr.gettext(INTRO)), st.muted),
        Spacer(0, 4),
        wins_table(data, st, tr),
    ]


def wins_table(data: ToolkitData, st: ToolkitStyles, tr: Translator) -> Flowable:
    milestones = {m.id: m.name for m in data.milestones}
    touchpoints = {
        t.id: t.name
        for phase in (data.journey.phases if data.journey is not None else ())
        for t in phase.touchpoints
    }
    rows: list[list[object]] = [[*header(st, [tr.gettext(h) for h in HEADERS])]]
    for win in sorted(data.wins, key=_order):
        about = []
        if win.milestone_id in milestones:
            about.append(tr.gettext("Milestone: {name}").format(name=milestones[win.milestone_id]))
        if win.touchpoint_id in touchpoints:
            about.append(
                tr.gettext("Touchpoint: {name}").format(name=touchpoints[win.touchpoint_id])
            )
        rows.append(
            [
                text_cell(st, Run(tr.short_date(win.won_on), st.ink)),
                text_cell(
                    st,
                    Run(win.text, st.ink),
                    *(Run(line, st.muted_ink) for line in about),
                ),
            ]
        )
    widths = [st.frame_width * w for w in WIDTHS]
    return data_table(rows, widths, st, padding=3, continue_after=CELL_LINES_MOST, tr=tr)


def _order(win: SmallWinRecord) -> tuple[int, int]:
    return (win.won_on.toordinal(), win.id)
