"""The matrix section's before/after heatmap shares its page (issue 20).

It was one drawing kept whole with its heading after the table and the levels chart: a
matrix of ten to twenty rows put it on a page of its own, two thirds of it white. Now the
charts of a matrix charted in full come first, under the key figures, and the heatmap
lowers its rows a little, or continues overleaf under its column heads, to share a page;
the table follows and fills its pages row by row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.heatmap_flow import FULL_ROW, MIN_ROW, MIN_ROWS, SharedHeatmap
from cxdesk.reports.styles import styles_for
from cxdesk.store import expectations, workspace
from cxdesk.store.brand import load_brand
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data

LEVELS = "Expected, delivered and experienced"
HEATMAP = "Before and after: the perceived gap at each milestone"


def matrix_pages(db: Database, extra_rows: int, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The matrix section alone for the demo engagement with ``extra_rows`` more rows,
    every milestone revalidated again (as of its day) so the heatmap has them all: the
    pages' words, and what each row expects."""
    engagement = add_demo_engagement(db)
    for n in range(extra_rows):
        expectations.add_item(
            db,
            engagement,
            expects=f"Ward rollout expectation {n + 1}",
            expected_level=1 + n % 5,
            delivered_level=1 + (n * 2) % 5,
            experienced_level=1 + (n * 3) % 5,
        )
    for milestone in workspace.list_milestones(db, engagement):
        if milestone.revalidated_at is not None:
            expectations.revalidate(db, milestone.id, milestone.revalidated_at.date())
    out = tmp_path / "matrix.pdf"
    data = load_toolkit_data(db, engagement)
    build_toolkit(data, load_brand(db), out, sections=["matrix"])
    # Words as read, a cell's lines joined: "Ward rollout expectation 2" wraps in the table.
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    return pages, [item.expects for item in data.items]


@pytest.mark.parametrize("extra_rows", [0, 2, 6, 16])
def test_the_heatmap_is_never_alone_on_a_page(
    db: Database, tmp_path: Path, extra_rows: int
) -> None:
    pages, expects = matrix_pages(db, extra_rows, tmp_path)
    [start] = [n for n, text in enumerate(pages) if HEATMAP in text]
    # It shares its first page with the charts above it, or with the table after it.
    assert LEVELS in pages[start] or "What the client expects" in pages[start], pages[start]
    # Every row is in it once, numbered as in the table, whatever page it ends on.
    labels = " ".join(pages[start:])
    for number, words in enumerate(expects, 1):
        assert labels.count(f"#{number} {words[:12]}") == 1, number
    # The table follows the charts: its last row is on the section's last page.
    assert f"Ward rollout expectation {extra_rows}" in pages[-1] or extra_rows == 0
    # The pages it takes: no more than the table and the charts laid end to end need.
    assert len(pages) <= {0: 2, 2: 3, 6: 3, 16: 4}[extra_rows]


def heatmap(rows: int) -> SharedHeatmap:
    grid = [(f"#{n} row", [-1, 0, 2]) for n in range(1, rows + 1)]
    return SharedHeatmap(grid, ["Kickoff", "Go-live", "Now"], styles_for(DEFAULT_BRAND), 470)


def test_the_heatmap_lowers_its_rows_continues_overleaf_or_waits() -> None:
    twelve = heatmap(12)
    heads = twelve.frame_height
    _w, natural = twelve.wrap(470, 1000)
    assert natural == heads + 12 * FULL_ROW
    # A little short of room: every row stays, lower.
    [lowered] = twelve.split(470, heads + 12 * 13.0)
    assert lowered.rows == twelve.rows
    assert MIN_ROW <= lowered.row_height == 13.0 < FULL_ROW
    assert lowered.wrap(470, 1000)[1] == heads + 12 * 13.0
    # Far short: as many rows as fit at full height, the rest overleaf (heads again).
    first, rest = twelve.split(470, heads + 8 * FULL_ROW + 3)
    assert (len(first.rows), len(rest.rows)) == (8, 4)
    assert first.rows + rest.rows == twelve.rows
    assert rest.frame_height == heads
    # Room for fewer than MIN_ROWS rows: all of it waits for the next page.
    assert twelve.split(470, heads + (MIN_ROWS - 1) * FULL_ROW) == []
    assert not twelve.can_start(heads + (MIN_ROWS - 1) * FULL_ROW)


def test_a_long_heatmap_runs_over_pages_in_a_document(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    document = SimpleDocTemplate(str(out), pagesize=A4)
    document.build([heatmap(120)])
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert len(pages) >= 2
    assert all("Kickoff" in text for text in pages)  # the column heads on every page
    assert "\n".join(pages).count("row") == 120
