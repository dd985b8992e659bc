"""“You said, we did”: what the client told us, dated, beside what we did about it, so the
client sees their voice shaping the project; an entry not answered yet says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.loop_log import SaidSource, YouSaidRecord
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

INTRO = N_(
    "What you told us, and what we did about it. Your words shape the project: each "
    "entry is dated, and one we have not answered yet says so."
)
EMPTY = N_(
    "Nothing logged yet — add what the client told us (from a pulse check, a RATER "
    "comment, a workshop or a conversation) and what we did about it."
)
HEADERS = (N_("You said"), N_("We did"))
WIDTHS = (0.5, 0.5)
SOURCE_LABELS = {
    SaidSource.PULSE: N_("Pulse check"),
    SaidSource.RATER: N_("RATER comment"),
    SaidSource.WORKSHOP: N_("Workshop"),
    SaidSource.TYPED: N_("Conversation"),
}


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    story: list[Flowable] = [heading("you-said-we-did", brand, tr)]
    if data is None or not data.said:
        return [*story, nothing_yet(tr.gettext(EMPTY), brand)]
    st = styles_for(brand)
    answered = sum(1 for entry in data.said if entry.answered)
    summary = tr.counted(
        "{count} thing you told us", "{count} things you told us", len(data.said)
    ) + tr.gettext(", {answered} answered.").format(answered=tr.integer(answered))
    return [
        *story,
        Paragraph(para(tr.gettext(INTRO)), st.muted),
        Paragraph(para(summary), st.body),
        Spacer(0, 4),
        said_table(data, st, tr),
    ]


def said_table(data: ToolkitData, st: ToolkitStyles, tr: Translator) -> Flowable:
    rows: list[list[object]] = [[*header(st, [tr.gettext(h) for h in HEADERS])]]
    rows += [_row(entry, data, st, tr) for entry in sorted(data.said, key=_order)]
    widths = [st.frame_width * w for w in WIDTHS]
    return data_table(rows, widths, st, padding=3, continue_after=CELL_LINES_MOST, tr=tr)


def _order(entry: YouSaidRecord) -> tuple[int, int]:
    return (entry.said_on.toordinal(), entry.id)


def _row(
    entry: YouSaidRecord, data: ToolkitData, st: ToolkitStyles, tr: Translator
) -> list[object]:
    ink, muted = st.ink, st.muted_ink
    try:
        where = tr.gettext(SOURCE_LABELS[entry.source])
    except ValueError:
        where = ""
    said_line = " · ".join(p for p in (tr.short_date(entry.said_on), where, entry.said_by) if p)
    said = text_cell(st, Run(said_line, muted, bold=True), Run(entry.said, ink))
    action = next((row for row in data.actions if row.id == entry.action_id), None)
    if not entry.answered:
        did = text_cell(st, Run(tr.gettext("Not answered yet: we are on it."), muted, italic=True))
        return [said, did]
    did_line = tr.short_date(entry.did_on) if entry.did_on is not None else ""
    did = text_cell(
        st,
        Run(did_line, muted, bold=True),
        Run(entry.we_did, ink),
        Run(
            tr.gettext("Action: {title}").format(title=action.record.title)
            if action is not None
            else "",
            muted,
        ),
    )
    return [said, did]
