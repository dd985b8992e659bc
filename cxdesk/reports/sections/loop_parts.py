"""What the closing-the-loop sections share: their table cells, the labels of the loop's
values in the toolkit's language, and an action's source said from the edition's rows.

The source of an action is said here from the rows the edition was given (the matrix
row, the RATER assessment, the touchpoint, the handoff item, the pulse check), not from
the words the store composed in English: those are not translated, and name a
stakeholder or a pulse check's respondent, which the client edition leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from cxdesk.language import N_, Translator
from cxdesk.models.actions import ActionRow, Evidence, OwnerSide, SourceKind, Verdict
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.servqual import RaterDimension
from cxdesk.reports.cells import Run, TextCell
from cxdesk.reports.seeded import handoff_item_text
from cxdesk.reports.text import clip

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Flowable

    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.styles import ToolkitStyles

CELL_LINES_MOST = 12  # a text longer than this in its column continues under its row
SOURCE_CHARS = 160  # a source is a reference to its row (printed whole in its own section)

VERDICT_LABELS = {
    Verdict.NOT_DONE: N_("Not done"),
    Verdict.NO_SOURCE: N_("No gap linked"),
    Verdict.SOURCE_GONE: N_("Source deleted"),
    Verdict.NOT_MEASURED_YET: N_("Not measured yet"),
    Verdict.NO_BEFORE: N_("No earlier measurement"),
    Verdict.IMPROVED: N_("Improved"),
    Verdict.UNCHANGED: N_("Did not move"),
    Verdict.WORSE: N_("Worse"),
}
KIND_LABELS = {
    SourceKind.EXPECTATION: N_("Trailing expectation"),
    SourceKind.RATER_GAP: N_("RATER dimension"),
    SourceKind.RATER_DISAGREEMENT: N_("RATER: team vs client"),
    SourceKind.PAIN_POINT: N_("Pain point"),
    SourceKind.HANDOFF_ITEM: N_("Handoff item"),
    SourceKind.PULSE_CHECK: N_("Pulse check: not working"),
    SourceKind.NONE: N_("None"),
}
OUR_TEAM = N_("Our team")
CLIENT = N_("Client")


def text_cell(st: ToolkitStyles, *runs: Run) -> TextCell:
    return TextCell(runs, st.table_cell.fontSize, st.table_cell.leading)


def header(st: ToolkitStyles, titles: Sequence[str]) -> list[TextCell]:
    on_header: Color = st.table_header.textColor
    return [text_cell(st, Run(title, on_header, bold=True)) for title in titles]


BAND_ROOM = 110.0  # points: a group's title starts a page with at least its first rows


def group(title: str, table: Flowable, st: ToolkitStyles) -> Flowable:
    """A group of rows (the overdue actions, the issues on one rung) under its title, the
    title never left alone at a page's foot."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from cxdesk.reports.flowables import KeepWithFirstRows
    from cxdesk.reports.fonts import BOLD
    from cxdesk.reports.text import para

    style = ParagraphStyle("loop-group", parent=st.body, fontName=BOLD, spaceBefore=8, spaceAfter=3)
    return KeepWithFirstRows([Paragraph(para(title), style), table], BAND_ROOM)


def ladder_words(text: str, tr: Translator) -> str:
    """A rung's name, owner or response time as stored: the default ladder's own words
    (stored untouched when the first issue was raised on it) in the toolkit's language,
    the consultant's own words as typed."""
    from cxdesk.models.escalation import DEFAULT_LADDER

    defaults = {words for level in DEFAULT_LADDER for words in level}
    return tr.gettext(text) if text in defaults else text


def side_label(side: str, tr: Translator) -> str:
    label = OUR_TEAM if side == OwnerSide.OURS.value else CLIENT
    return tr.gettext(label)


def cause_label(value: str | None, tr: Translator) -> str:
    """ "Knowledge gap (cognition)" in the toolkit's language; "" when none is named."""
    if value is None:
        return ""
    try:
        cause = GapCause(value)
    except ValueError:
        return value
    return f"{tr.gettext(cause.label)} ({tr.gettext(cause.synonym)})"


def source_words(row: ActionRow, data: ToolkitData, tr: Translator) -> str:
    """The gap an action answers, in words, from the rows this edition holds."""
    record = row.record
    kind = record.kind
    if kind is SourceKind.NONE:
        return ""
    label = tr.gettext(KIND_LABELS[kind])
    if record.source_gone:
        # The words stored when it was made are the internal edition's only (they may
        # name a person); the client edition was given none.
        stored = record.source_label or label
        return tr.gettext("{source} (deleted)").format(source=clip(stored, SOURCE_CHARS))
    words = _source_row_words(row, data, tr)
    return label if words is None else words


def _source_row_words(row: ActionRow, data: ToolkitData, tr: Translator) -> str | None:
    record = row.record
    kind = record.kind

    def short(text: str) -> str:
        return clip(text, SOURCE_CHARS)

    if kind is SourceKind.EXPECTATION:
        item = next((i for i in data.items if i.id == record.expectation_item_id), None)
        if item is None:
            return None
        expects = short(item.expects) or tr.gettext("an untitled row")
        return tr.gettext("Expectation: {text}").format(text=expects)
    if kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
        assessment = next(
            (a for a, _r in data.assessments if a.id == record.rater_assessment_id), None
        )
        if assessment is None or record.rater_dimension is None:
            return None
        dimension = tr.gettext(RaterDimension(record.rater_dimension).label)
        words = (
            tr.gettext("RATER {dimension}, team vs client in “{assessment}”")
            if kind is SourceKind.RATER_DISAGREEMENT
            else tr.gettext("RATER {dimension}, gap in “{assessment}”")
        )
        return words.format(dimension=dimension, assessment=short(assessment.title))
    if kind is SourceKind.PAIN_POINT:
        if data.journey is None:
            return None
        touchpoints = (t for phase in data.journey.phases for t in phase.touchpoints)
        touchpoint = next((t for t in touchpoints if t.id == record.touchpoint_id), None)
        if touchpoint is None:
            return None
        # Whose score it is: only when the edition holds the stakeholders (internal).
        who = next((p for p in data.journey.stakeholders if p.id == record.stakeholder_id), None)
        if who is not None:
            return tr.gettext("Pain point: {touchpoint} ({stakeholder})").format(
                touchpoint=short(touchpoint.name), stakeholder=short(who.name)
            )
        return tr.gettext("Pain point: {touchpoint}").format(touchpoint=short(touchpoint.name))
    if kind is SourceKind.HANDOFF_ITEM:
        if data.journey is None:
            return None
        items = (h for phase in data.journey.phases for h in phase.handoff)
        handoff = next((h for h in items if h.id == record.handoff_item_id), None)
        if handoff is None:
            return None
        text = handoff_item_text(handoff.text, tr)
        return tr.gettext("Handoff item: {text}").format(text=short(text))
    if kind is SourceKind.PULSE_CHECK:
        pulse = next((p for p in data.pulses if p.id == record.pulse_check_id), None)
        if pulse is None:
            return None
        said = short(pulse.not_working) or tr.gettext("what's not working")
        return tr.gettext("Pulse check of {date}: {text}").format(
            date=tr.short_date(pulse.taken_on), text=said
        )
    return None


def evidence_words(found: Evidence, kind: SourceKind, tr: Translator) -> str:
    """ "Improved: −2.0 → −0.5 (Pilot go-live)": did a done action's gap move."""
    verdict = tr.gettext(VERDICT_LABELS[found.verdict])
    if found.before is None or found.after is None or kind is SourceKind.HANDOFF_ITEM:
        return verdict
    where = _where(found.after_label, tr)
    change = tr.gettext("{verdict}: {before} → {after}").format(
        verdict=verdict,
        before=tr.decimal(found.before, 1, signed=True),
        after=tr.decimal(found.after, 1, signed=True),
    )
    return f"{change} ({where})" if where else change


def _where(label: str, tr: Translator) -> str:
    """Where the "after" was measured: a milestone's or an assessment's name as written;
    a pulse check (the store says "Pulse check 2026-03-02") and "now" in the language."""
    if label == "now":
        return tr.gettext("as it stands now")
    prefix = "Pulse check "
    if label.startswith(prefix):
        try:
            day = date.fromisoformat(label[len(prefix) :])
        except ValueError:
            return label
        return tr.gettext("pulse check of {date}").format(date=tr.short_date(day))
    return label
