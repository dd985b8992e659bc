"""The kickoff expectation alignment template ("set realistic expectations early,
and revisit often").

Questions that align on outcomes rather than outputs, what success looks and feels like
from the client's side, who decides and how we talk, the expectations heard so far, the
"no surprises" agreement and the dates it will be revalidated. Blank, every answer is a
ruled space that is also a fillable PDF field; pre-filled from an engagement, its
client, milestones and recorded expectations are printed, and the answers stay blank.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.cells import Run, TextCell
from cxdesk.reports.flowables import CheckLine, FormCell, KeepWithFirstRows, WriteInLine
from cxdesk.reports.sections import heading, subheading
from cxdesk.reports.styles import data_table, styles_for
from cxdesk.reports.text import para
from cxdesk.reports.worksheets import TICK, WRITE_IN, template_layout

INTRO = N_(
    "Use this page in the kickoff workshop, with the client in the room. Expectations that "
    "are not co-created and revisited drift — and so does trust. Agree on the outcome, "
    "not just the outputs; describe success as the client will see and feel it; and "
    "agree how nobody gets surprised. Bring it back at every milestone."
)

OUTCOME_QUESTIONS = (
    (
        N_(
            "When this engagement is over, what will be different for your organisation? "
            "(The outcome — not the deliverable.)"
        ),
        3,
    ),
    (N_("How will you measure that change, and who will judge whether it happened?"), 2),
    (
        N_(
            "Which of the planned deliverables matter most to that outcome? Is anything planned "
            "that serves no outcome, or an outcome that nothing planned serves?"
        ),
        2,
    ),
)
SUCCESS_QUESTIONS = (
    (N_("Success looks like… What will you see, hear or be able to do that you cannot today?"), 3),
    (
        N_(
            "Success feels like… How do you and your team want to feel during the project, "
            "not only at the end?"
        ),
        3,
    ),
    (N_("“Done” means delivered — or delighted? What would delight you?"), 2),
    (
        N_(
            "Who inside your organisation needs this to go well, and what would make them "
            "look good?"
        ),
        2,
    ),
    (N_("Which pressures, politics or past experiences with suppliers should we know about?"), 2),
)
# Each role with the name its two blanks carry in the form (kickoff.role.<name>.client).
ROLES = (
    ("sign_off", N_("Signs off deliverables and changes")),
    ("day_to_day", N_("Day-to-day contact")),
    ("first_escalation", N_("First escalation contact")),
    ("status_updates", N_("Status updates: how often, which channel")),
    ("urgent_issues", N_("Urgent issues: which channel, how fast")),
    ("small_wins", N_("Celebrating small wins (demos, kudos)")),
)
NO_SURPRISES = (
    N_("We raise risks, delays and scope changes as soon as we see them."),
    N_("You tell us early when priorities, people or pressures change on your side."),
    N_("Bad news travels at least as fast as good news, in both directions."),
    N_("At every milestone we ask how the project feels, not only how it is going."),
    N_("We revalidate these expectations together on the dates above."),
    N_("An issue we cannot solve climbs the escalation ladder, on a known rung."),
)
SPARE_EXPECTATION_ROWS = 2  # under the expectations already recorded
# A kickoff sheet is read around a table: past this many, the rest are counted and left
# to the Expectation matrix section (a 1,000-row engagement made this 40 pages).
KICKOFF_ITEMS_MAX = 30
# The blanks of an expectation row and of a revalidation row, as their fields are named.
EXPECTATION_PARTS = ("expects", "because", "importance", "owner")
REVALIDATION_PARTS = ("milestone", "due", "revalidated_on", "notes")
# Room a table's heading wants under it before the page ends: its header and first rows.
KEEP_WITH_FIRST_ROWS = 200
CELL_LINES_MOST = 12  # an answer longer than this in its column continues under the row


class _Form:
    """Names the fillable fields as a person reads the page (``kickoff.expectation.3.because``)
    and builds the section's repeated pieces."""

    def __init__(self, brand: Brand, tr: Translator) -> None:
        self.brand = brand
        self.tr = tr
        self.s = styles_for(brand)
        self.width = self.s.frame_width
        self.question_number = 0
        self.label = ParagraphStyle(
            "kickoff-question", parent=self.s.body, fontName="DejaVuSans-Bold", spaceAfter=0
        )

    @staticmethod
    def field(*parts: object) -> str:
        return ".".join(["kickoff", *(str(p) for p in parts)])

    def question(self, text: str, lines: int) -> Flowable:
        self.question_number += 1
        accent = self.s.accent.hexval()[2:]
        words = para(self.tr.gettext(text))
        label = Paragraph(
            f'<font color="#{accent}">{self.question_number:02d}</font>&nbsp;&nbsp;{words}',
            self.label,
        )
        return WriteInLine(
            label,
            self.width,
            lines=lines,
            label_style=self.label,
            field_name=self.field("question", self.question_number),
            rule=self.s.rule,
            text_colour=self.s.ink,
        )

    def cell(self, name: str, height: float = WRITE_IN, underline: Color | None = None) -> FormCell:
        return FormCell(height, field_name=name, ink=self.s.ink, underline=underline)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    form = _Form(brand, tr)
    s = form.s
    _ = tr.gettext
    story: list[Flowable] = [heading("kickoff", brand, tr), Paragraph(para(_(INTRO)), s.body)]
    story += [Spacer(1, 4), _details(data, form), Spacer(1, 6)]

    story.append(subheading(_("Outcomes, not just outputs"), brand))
    story += _spaced(form.question(q, n) for q, n in OUTCOME_QUESTIONS)
    story.append(subheading(_("What success looks and feels like — from your side"), brand))
    story += _spaced(form.question(q, n) for q, n in SUCCESS_QUESTIONS)

    story.append(
        _with_first_rows(
            [subheading(_("What you expect — in your words"), brand), *_expectations(data, form)]
        )
    )
    story.append(
        _with_first_rows(
            [
                subheading(_("Revalidation dates"), brand),
                Paragraph(
                    para(
                        _(
                            "At each milestone we revisit this together: does every "
                            "expectation still hold?"
                        )
                    ),
                    s.body,
                ),
                _milestones(data, form),
            ]
        )
    )
    story.append(subheading(_("Who decides, and how we communicate"), brand))
    story.append(_roles(brand, form))
    # The agreement and its signatures end the template, on one page together.
    story.append(
        KeepTogether(
            [
                subheading(_("The “no surprises” agreement"), brand),
                Paragraph(
                    para(_("We communicate progress and shifts transparently. Together we agree:")),
                    s.body,
                ),
                *[
                    CheckLine(_(line), s.body, box=s.primary_text, box_size=TICK)
                    for line in NO_SURPRISES
                ],
                Spacer(1, 10),
                _signatures(brand, form),
            ]
        )
    )
    return story


def _with_first_rows(flowables: list[Flowable]) -> KeepWithFirstRows:
    """The heading never waits alone at a page's foot for its table."""
    return KeepWithFirstRows(flowables, KEEP_WITH_FIRST_ROWS)


def _spaced(items: Iterable[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for item in items:
        out += [item, Spacer(1, 8)]
    return out


def _details(data: ToolkitData | None, form: _Form) -> Table:
    """Client, engagement, kickoff date and who was there: printed, or blanks to fill."""
    s = form.s
    _ = form.tr.gettext
    label = ParagraphStyle("kickoff-label", parent=s.small, textColor=s.muted_ink)
    value = ParagraphStyle("kickoff-value", parent=s.body, fontName="DejaVuSans-Bold", spaceAfter=0)

    def answer(name: str, text: str | None) -> Flowable:
        return form.cell(form.field(name)) if text is None else Paragraph(para(text), value)

    start = None
    if data is not None and data.engagement.start_date is not None:
        start = form.tr.short_date(data.engagement.start_date)
    rows = [
        [
            Paragraph(para(_("Client")), label),
            answer("client", data.client.name if data else None),
            Paragraph(para(_("Engagement")), label),
            answer("engagement", data.engagement.name if data else None),
        ],
        [
            Paragraph(para(_("Kickoff date")), label),
            answer("kickoff_date", start),
            Paragraph(para(_("Participants")), label),
            answer("participants", None),
        ],
    ]
    width = form.width
    table = Table(rows, colWidths=[width * 0.14, width * 0.36, width * 0.16, width * 0.34])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, s.rule),
                ("LINEBELOW", (3, 0), (3, -1), 0.6, s.rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _expectations(data: ToolkitData | None, form: _Form) -> list[Flowable]:
    """The expectations recorded so far (pre-filled), then empty rows for new ones: as
    many as the consultant chose when nothing is recorded yet, else a couple."""
    s = form.s
    width = form.width
    header: list[object] = [
        "#",
        form.tr.gettext("You expect…"),
        form.tr.gettext("Because you need…"),
        form.tr.gettext("How much it matters (1–5)"),
        form.tr.gettext("Owner"),
    ]
    rows: list[list[object]] = [header]
    recorded = data.items if data is not None else ()
    items = recorded[:KICKOFF_ITEMS_MAX]
    cell = s.table_cell

    def words(text: str) -> TextCell:
        return TextCell([Run(text, s.ink)], cell.fontSize, cell.leading)

    for number, item in enumerate(items, start=1):
        level = "" if item.expected_level is None else str(item.expected_level)
        rows.append([str(number), words(item.expects), words(item.needs), level, item.owner])
    if len(recorded) > len(items):
        more = len(recorded) - len(items)
        more_words = form.tr.counted(
            "… and {count} more: see the Expectation matrix",
            "… and {count} more: see the Expectation matrix",
            more,
        )
        rows.append(["", more_words, "", "", ""])
    spare = SPARE_EXPECTATION_ROWS if recorded else template_layout().kickoff_rows
    for number in range(len(recorded) + 1, len(recorded) + spare + 1):
        row = form.field("expectation", number)
        rows.append(
            [
                str(number),
                *(form.cell(f"{row}.{part}", 26) for part in EXPECTATION_PARTS),
            ]
        )
    # The owner's blank takes a name written by hand (about 36 mm on A4).
    widths = [width * 0.05, width * 0.31, width * 0.28, width * 0.14, width * 0.22]
    story: list[Flowable] = []
    if data is not None and items:
        story.append(
            Paragraph(
                para(
                    form.tr.gettext(
                        "What we have recorded so far; add what is missing in the empty rows."
                    )
                ),
                s.body,
            )
        )
    # A long answer in its column of the five continues under its row, across the table.
    story.append(
        data_table(rows, widths, s, right_cols={0}, continue_after=CELL_LINES_MOST, tr=form.tr)
    )
    return story


def _roles(brand: Brand, form: _Form) -> Table:
    s = form.s
    width = form.width
    _ = form.tr.gettext
    rows: list[list[object]] = [[_("Who…"), _("Client"), brand.firm_name]]
    for name, role in ROLES:
        rows.append(
            [
                _(role),
                form.cell(form.field("role", name, "client")),
                form.cell(form.field("role", name, "firm")),
            ]
        )
    return data_table(rows, [width * 0.4, width * 0.3, width * 0.3], s)


def _milestones(data: ToolkitData | None, form: _Form) -> Table:
    """The engagement's milestones with their revalidation dates, or as many empty rows
    as the consultant chose."""
    s = form.s
    width = form.width
    _ = form.tr.gettext
    rows: list[list[object]] = [["#", _("Milestone"), _("Due"), _("Revalidated on"), _("Notes")]]
    milestones = data.milestones if data is not None else ()
    for number, milestone in enumerate(milestones, start=1):
        done = milestone.revalidated_at
        row = form.field("revalidation", number)
        rows.append(
            [
                str(number),
                milestone.name,
                form.tr.short_date(milestone.due_date),
                form.tr.short_date(done.date()) if done else form.cell(f"{row}.revalidated_on"),
                form.cell(f"{row}.notes"),
            ]
        )
    if not milestones:
        for number in range(1, template_layout().kickoff_rows + 1):
            row = form.field("revalidation", number)
            rows.append([str(number), *(form.cell(f"{row}.{part}") for part in REVALIDATION_PARTS)])
    widths = [width * 0.06, width * 0.34, width * 0.14, width * 0.2, width * 0.26]
    return data_table(rows, widths, s, right_cols={0})


def _signatures(brand: Brand, form: _Form) -> Table:
    """Two signature rows (client, firm): name, signature and date on ruled lines."""
    s = form.s
    width = form.width
    caption = ParagraphStyle("kickoff-caption", parent=s.small, textColor=s.muted_ink)
    who = ParagraphStyle("kickoff-for", parent=s.body, fontName="DejaVuSans-Bold", spaceAfter=0)
    rows: list[list[object]] = [
        [
            "",
            *(
                Paragraph(para(form.tr.gettext(c)), caption)
                for c in (N_("Name"), N_("Signature"), N_("Date"))
            ),
        ]
    ]
    sides = (
        ("client", form.tr.gettext("For the client")),
        ("firm", form.tr.gettext("For {firm}").format(firm=brand.firm_name)),
    )
    for side, label in sides:
        rows.append(
            [
                Paragraph(para(label), who),
                form.cell(form.field("signature", side, "name"), underline=s.muted_ink),
                # signed by hand: no field
                FormCell(WRITE_IN, ink=s.ink, underline=s.muted_ink),
                form.cell(form.field("signature", side, "date"), underline=s.muted_ink),
            ]
        )
    table = Table(
        rows, colWidths=[width * 0.26, width * 0.3, width * 0.26, width * 0.18], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table
