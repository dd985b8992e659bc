"""The matrix charts' drawing rules: readable labels, colours never the only cue."""

from __future__ import annotations

import numpy as np

from cxdesk.ui import theme
from cxdesk.ui.matrix.charts import MAX_COLUMN_LABELS, _colours, _column_ticks


def test_column_ticks_are_thinned_and_shortened(qapp) -> None:  # type: ignore[no-untyped-def]
    names = [f"Milestone number {i}" for i in range(20)] + ["Now"]
    ticks = _column_ticks(names)
    assert len(ticks) <= MAX_COLUMN_LABELS + 1
    assert ticks[0] == (0.5, "Milestone numbe…")
    assert ticks[-1] == (20.5, "Now")  # the current levels are always labelled
    few = _column_ticks(["Kickoff", "Now"])
    assert few == [(0.5, "Kickoff"), (1.5, "Now")]


def test_heatmap_colours_by_sign_and_size(qapp) -> None:  # type: ignore[no-untyped-def]
    rgba = _colours([[-2, 0, 1, None], [-1, 2, None, 0]])
    assert rgba.shape == (2, 4, 4)
    assert tuple(rgba[0, 0, :3]) == (
        theme.TRAILING.red(),
        theme.TRAILING.green(),
        theme.TRAILING.blue(),
    )
    assert tuple(rgba[0, 2, :3]) == (theme.AHEAD.red(), theme.AHEAD.green(), theme.AHEAD.blue())
    assert rgba[0, 0, 3] > rgba[1, 0, 3]  # a bigger gap is more saturated
    assert rgba[0, 3, 3] < rgba[0, 1, 3]  # unmeasured is fainter than a measured zero
    assert _colours([]).shape == (1, 1, 4)
    assert np.all(_colours([[None]])[..., 3] == 50)
