"""Which of a few scores stand out: every one tied at the lowest (or highest), not the first.

A workshop where two statements share the lowest mean has two weakest statements; naming
only the first of them hides the other from the client. Quiz statements, RATER dimensions
and the PDF all ask here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

# Means are sums divided by counts: 2.1 computed two ways may differ in the last bit.
TIE_TOLERANCE = 1e-9


def lowest_indexes(values: Sequence[float | None]) -> tuple[int, ...]:
    """Indexes of every value equal to the lowest, in order; ``None`` values are ignored."""
    return _tied_at(values, min)


def highest_indexes(values: Sequence[float | None]) -> tuple[int, ...]:
    """Indexes of every value equal to the highest, in order; ``None`` values are ignored."""
    return _tied_at(values, max)


def _tied_at(
    values: Sequence[float | None], pick: Callable[[list[float]], float]
) -> tuple[int, ...]:
    scored = [v for v in values if v is not None]
    if not scored:
        return ()
    target = pick(scored)
    return tuple(
        i
        for i, v in enumerate(values)
        if v is not None and math.isclose(v, target, rel_tol=0.0, abs_tol=TIE_TOLERANCE)
    )
