"""The Expectation Matrix section: the table, the levels chart and the before/after heatmap.

The table prints every row (it splits across pages with its header repeated). The charts
print up to a page's worth of rows; a longer matrix charts the rows trailing most, and
says so, because a thousand bars on paper tell a client nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.as_of import revalidation_order
from cxdesk.models.gaps import heatmap_grid, summarise
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.records import ItemRecord
from cxdesk.reports.cells import Run, TextCell, TextRow, continue_below
from cxdesk.reports.chart_parts import key_figures, signed, strong
from cxdesk.reports.charts import gap_label, levels_chart
from cxdesk.reports.columns import fit_widths
from cxdesk.reports.heatmap_flow import HeatmapStart, SharedHeatmap
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

NOW = N_("Now")
BARS_PER_CHART = 16  # groups of three bars that stay readable across the frame
BARS_MOST = 48  # three charts; beyond that, the rows trailing most
HEATMAP_MOST = 60
CELL_SIZE, CELL_LEADING = 7.5, 9.5  # the table's type: nine columns on a portrait page
CELL_PADDING = 3.0
# A cell taller than this many lines shows what fits and continues under its row, across
# the table: a 5,000-character expectation printed three words a line in its 60-point
# column ran over five pages; at full width it takes one.
CELL_LINES_MOST = 12
# The designer's column proportions (A4's 470 points); the content then fits them.
WIDTHS = (16, 91, 57, 57, 65, 42, 48, 48, 46)
HEADERS = (
    "#",
    N_("What the client expects · needs"),
    N_("What we planned"),
    N_("What was delivered"),
    N_("What the client experienced"),
    N_("Levels\nE · D · X"),
    N_("Delivery\ngap"),
    N_("Perceived\ngap"),
    N_("Status ·\nowner"),
)
INTRO = N_(
    "The gap-closer blueprint: what the client expects, what they need, what we "
    "planned, what was delivered and what the client experienced. Levels run from 1 (very "
    "low) to 5 (very high). Delivery gap = delivered − expected; perceived gap = experienced "
    "− expected; below zero (▼) the experience trails the expectation."
)
EMPTY = N_(
    "Nothing recorded yet — add the client's expectations on the Expectation Matrix tab "
    "(ideally with the client, at kickoff) and they print here with their gaps."
)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    story: list[Flowable] = [heading("matrix", brand, tr)]
    if data is None or not data.items:
        return [*story, nothing_yet(tr.gettext(EMPTY), brand)]
    st = styles_for(brand)
    numbered = list(enumerate(data.items, 1))
    story += [Paragraph(para(tr.gettext(INTRO)), st.muted), Spacer(0, 6)]
    story += [_figures(data.items, st, tr), Spacer(0, 12)]
    table = matrix_table(numbered, st, tr)
    charts = [*_levels_charts(numbered, brand, st, tr), *_heatmaps(data, numbered, brand, st, tr)]
    # Charts of every row come first, the picture of the whole, under the key figures: the
    # table after them splits row by row and fills its pages. After the table, they ended
    # the section on a page of their own, the heatmap often alone on two-thirds white.
    # Charts of the rows trailing most (a long matrix) point into the table: they follow it.
    if len(_scored(numbered)) <= BARS_MOST and len(numbered) <= HEATMAP_MOST:
        return [*story, *charts, Spacer(0, 14), table]
    return [*story, table, *charts]


def _figures(items: Sequence[ItemRecord], st: ToolkitStyles, tr: Translator) -> Drawing:
    summary = summarise(i.levels for i in items)

    def mean(value: float | None) -> str:
        return "–" if value is None else signed(value, 1, tr)

    drawing = Drawing(st.frame_width, 52)
    drawing.add(
        key_figures(
            [
                (
                    tr.integer(len(items)),
                    tr.ngettext(
                        "expectation in the matrix", "expectations in the matrix", len(items)
                    ),
                ),
                (
                    mean(summary.mean_delivery_gap),
                    tr.gettext("mean delivery gap (delivered − expected)"),
                ),
                (
                    mean(summary.mean_perceived_gap),
                    tr.gettext("mean perceived gap (experienced − expected)"),
                ),
                (
                    tr.integer(summary.trailing_rows),
                    tr.ngettext(
                        "row trailing expectations (a gap below zero)",
                        "rows trailing expectations (a gap below zero)",
                        summary.trailing_rows,
                    ),
                ),
            ],
            strong(st.primary),
            st.ink,
            st.muted_ink,
            st.frame_width,
        )
    )
    return drawing


def matrix_table(
    numbered: Sequence[tuple[int, ItemRecord]], st: ToolkitStyles, tr: Translator = ENGLISH
) -> Flowable:
    """Every row of the matrix; long tables split across pages with the header repeated.

    Rows are light ``TextRow``s, not nine Paragraphs each: a 1,000-row matrix lays out in
    about a second instead of five.
    """
    ink, muted, trailing = st.ink, st.muted_ink, strong(st.accent, 0.5)

    def cell(*runs: Run, centred: bool = False) -> TextCell:
        return TextCell(runs, CELL_SIZE, CELL_LEADING, centred=centred)

    def gap(value: int | None) -> TextCell:
        behind = value is not None and value < 0
        return cell(
            Run(gap_label(value, True, tr), trailing if behind else ink, behind), centred=True
        )

    def level(value: int | None) -> str:
        return "–" if value is None else str(value)

    on_header = st.table_header.textColor
    titles = [tr.gettext(h) for h in HEADERS]
    header = [TextCell([Run(h, on_header, True)], 7, 9) for h in titles]
    body: list[list[TextCell]] = []
    for number, item in numbered:
        cost = item.sacrifice
        if cost and item.sacrifice_level is not None:
            cost = tr.gettext("{cost} ({level} of 4)").format(cost=cost, level=item.sacrifice_level)
        levels = (item.expected_level, item.delivered_level, item.experienced_level)
        body.append(
            [
                cell(Run(str(number), ink)),
                cell(
                    Run(item.expects, ink, bold=True),
                    Run(
                        tr.gettext("Needs: {text}").format(text=item.needs) if item.needs else "",
                        muted,
                    ),
                    # Ours: only the internal edition is given a row's notes.
                    Run(
                        tr.gettext("Note: {text}").format(text=item.notes)
                        if item.notes.strip()
                        else "",
                        muted,
                        italic=True,
                    ),
                ),
                cell(Run(item.planned, ink)),
                cell(Run(item.delivered, ink)),
                cell(
                    Run(item.experienced, ink),
                    Run(
                        tr.gettext("Cost to client: {cost}").format(cost=cost) if cost else "",
                        muted,
                    ),
                ),
                cell(Run(" · ".join(level(v) for v in levels), ink), centred=True),
                gap(item.delivery_gap),
                gap(item.perceived_gap),
                cell(Run(_status(item.status, tr), ink, bold=True), Run(item.owner, ink)),
            ]
        )

    # The columns follow the words: a name or "appointments" is never cut mid-word while
    # a wider layout exists, and an empty column (no owner yet) gives its room away.
    def fitted(rows: Sequence[Sequence[TextCell]]) -> list[float]:
        columns = [[c.measure() for c in column] for column in zip(header, *rows, strict=True)]
        return fit_widths(columns, WIDTHS, st.frame_width, CELL_PADDING)

    def continued(widths: Sequence[float]) -> list[tuple[list[TextCell], list[TextCell]]]:
        out = []
        for cells in body:
            shown, below = [], []
            for c, width, title in zip(cells, widths, titles, strict=True):
                kept, rest = continue_below(
                    c, width - 2 * CELL_PADDING, CELL_LINES_MOST, title, muted, muted, tr
                )
                shown.append(kept)
                below += [rest] if rest is not None else []
            out.append((shown, below))
        return out

    widths = fitted(body)
    rows = continued(widths)
    if any(below for _shown, below in rows):
        # The text moved under its row no longer claims its column's width (a long
        # "delivered" took most of the page and squeezed the other columns): fit the
        # columns to what stays in them, then cut again at those widths.
        widths = fitted([shown for shown, _below in rows])
        rows = continued(widths)

    def row(cells: list[TextCell], below: list[TextCell], bottom: bool = False) -> list[object]:
        return [TextRow(cells, widths, CELL_PADDING, bottom=bottom, below=below)]

    table_rows = [row(header, [], bottom=True), *(row(s, b) for s, b in rows)]
    table = data_table(table_rows, [st.frame_width], st, padding=0, fit=False)
    # Each row draws its own nine columns (and their padding): see TextRow.
    return table


def _status(value: str, tr: Translator) -> str:
    try:
        return tr.gettext(ExpectationStatus(value).label)
    except ValueError:
        return value


def trailing_most(
    numbered: Sequence[tuple[int, ItemRecord]], most: int
) -> list[tuple[int, ItemRecord]]:
    """At most ``most`` rows, those trailing most (perceived gap, then delivery gap), kept
    in the matrix's order so they can be found in the table."""
    if len(numbered) <= most:
        return list(numbered)

    def badness(row: tuple[int, ItemRecord]) -> tuple[int, int, int]:
        item = row[1]
        big = 99  # unscored rows last: they have no gap to show
        perceived = big if item.perceived_gap is None else item.perceived_gap
        delivery = big if item.delivery_gap is None else item.delivery_gap
        return perceived, delivery, row[0]

    return sorted(sorted(numbered, key=badness)[:most], key=lambda row: row[0])


def _chunks(
    rows: Sequence[tuple[int, ItemRecord]], size: int
) -> list[list[tuple[int, ItemRecord]]]:
    return [list(rows[i : i + size]) for i in range(0, len(rows), size)]


def _note_shown(
    shown: int, total: int, scored: bool, st: ToolkitStyles, tr: Translator
) -> list[Flowable]:
    if shown == total:
        return []
    if scored:
        words = tr.gettext(
            "Showing the {shown} expectations trailing most, of {total} scored; every row is "
            "in the table above, numbered the same way."
        )
    else:
        words = tr.gettext(
            "Showing the {shown} expectations trailing most, of {total} in the matrix; every "
            "row is in the table above, numbered the same way."
        )
    text = words.format(shown=tr.integer(shown), total=tr.integer(total))
    return [Paragraph(para(text), st.muted)]


def _scored(numbered: Sequence[tuple[int, ItemRecord]]) -> list[tuple[int, ItemRecord]]:
    """The rows with a level scored: the levels chart's."""
    return [
        (n, i)
        for n, i in numbered
        if any(v is not None for v in (i.expected_level, i.delivered_level, i.experienced_level))
    ]


def _levels_charts(
    numbered: Sequence[tuple[int, ItemRecord]], brand: Brand, st: ToolkitStyles, tr: Translator
) -> list[Flowable]:
    title = subheading(
        tr.gettext("Expected, delivered and experienced"), brand, key="matrix-levels"
    )
    scored = _scored(numbered)
    if not scored:
        return [
            title,
            nothing_yet(tr.gettext("No levels scored yet — score the rows 1 to 5."), brand),
        ]
    shown = trailing_most(scored, BARS_MOST)
    charts: list[Flowable] = [
        levels_chart(chunk, st, st.frame_width, tr) for chunk in _chunks(shown, BARS_PER_CHART)
    ]
    lead = [title, *_note_shown(len(shown), len(scored), True, st, tr), charts[0]]
    return [KeepTogether(lead), *charts[1:]]


def _heatmaps(
    data: ToolkitData,
    numbered: Sequence[tuple[int, ItemRecord]],
    brand: Brand,
    st: ToolkitStyles,
    tr: Translator,
) -> list[Flowable]:
    title = subheading(
        tr.gettext("Before and after: the perceived gap at each milestone"), brand, key="heat"
    )
    taken = revalidation_order(data.milestones)  # in the order of the days they describe
    if not taken:
        return [
            title,
            nothing_yet(
                tr.gettext(
                    "No milestone revalidated yet — revalidate the matrix at each milestone "
                    "to see how every expectation's gap moves."
                ),
                brand,
            ),
        ]
    shown = trailing_most(numbered, HEATMAP_MOST)
    grid = heatmap_grid(
        [i.id for _n, i in shown],
        [m.id for m in taken],
        ((s.item_id, s.milestone_id, s.levels) for s in data.snapshots),
    )
    columns = [m.name for m in taken] + [tr.gettext(NOW)]
    no_text = tr.gettext("(no text)")
    rows = [
        (f"#{n}  {item.expects or no_text}", [*gaps, item.perceived_gap])
        for (n, item), gaps in zip(shown, grid, strict=True)
    ]
    explain = Paragraph(
        para(
            tr.gettext(
                "Each row an expectation, each column a milestone where the matrix was "
                "revalidated (and now): the perceived gap, experienced − expected, printed in "
                "every cell."
            )
        ),
        st.muted,
    )
    # Shares its page: rows lowered a little, or continued overleaf (heatmap_flow says how).
    heatmap = SharedHeatmap(rows, columns, st, st.frame_width, tr)
    note = _note_shown(len(shown), len(numbered), False, st, tr)
    return [HeatmapStart([title, explain, *note, heatmap])]
