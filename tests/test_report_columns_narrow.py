"""Column widths when the longest words cannot sit side by side even broken at hyphens:
every column keeps room for its text inside its padding (found by the toolkit's
hypothesis test: a 9-column emotion-map table with a long unbroken touchpoint text)."""

from __future__ import annotations

import pytest

from cxdesk.reports.columns import Measure, fit_widths

PADDING = 3.0


@pytest.mark.parametrize("total", [120.0, 300.0, 480.0])
def test_shrunk_columns_never_go_below_their_padding(total: float) -> None:
    huge = Measure(word=2000.0, piece=2000.0, line=2000.0, blank=False)
    short = Measure(word=4.0, piece=4.0, line=4.0, blank=False)
    columns = [*[[huge, huge] for _ in range(3)], *[[short, short] for _ in range(6)]]
    widths = fit_widths(columns, [1.0] * 9, total, PADDING)
    assert sum(widths) == pytest.approx(total)
    assert min(widths) > 2 * PADDING
