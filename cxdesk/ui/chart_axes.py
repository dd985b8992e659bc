"""Chart axes for counted things (expectation #1, #2…): whole-number ticks only.

pyqtgraph's own axis picks tick spacings of 0.2 or 0.5 when only a row or two is in view,
which labelled a chart of one expectation “0.6 0.8 1.0 1.2 1.4”. Imported with the charts,
not at start-up.
"""

from __future__ import annotations

import math

import pyqtgraph as pg


class CountAxis(pg.AxisItem):  # type: ignore[misc]
    """An axis whose ticks fall on whole numbers only (never finer than one apart)."""

    def tickValues(  # pyqtgraph calls it with positional arguments
        self, min_value: float, max_value: float, size: float
    ) -> list[tuple[float, list[float]]]:
        low, high = min(min_value, max_value), max(min_value, max_value)
        levels = [
            (spacing, [v for v in values if float(v).is_integer()])
            for spacing, values in super().tickValues(low, high, size)
            if spacing >= 1
        ]
        if not levels:
            # Zoomed in to less than a few counts: label every whole number in view.
            levels = [(1.0, [float(v) for v in range(math.ceil(low), math.floor(high) + 1)])]
        return levels
