"""The gap maths of the Expectation Matrix, as plain functions on plain values.

Conventions:
- delivery gap  = delivered - expected: did we deliver what the client expected?
- perceived gap = experienced - expected: does the client *feel* it was delivered?
- a negative gap means service trails expectations;
- experience = expectation - sacrifice: the level the client can be expected
  to experience once what it cost them is taken off.

A level that has not been scored yet is ``None`` and every gap involving it is ``None``:
an unscored level must never count as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

Level = int | None


def delivery_gap(expected: Level, delivered: Level) -> int | None:
    """Delivered minus expected; ``None`` when either is unscored."""
    if expected is None or delivered is None:
        return None
    return delivered - expected


def perceived_gap(expected: Level, experienced: Level) -> int | None:
    """Experienced minus expected; ``None`` when either is unscored."""
    if expected is None or experienced is None:
        return None
    return experienced - expected


def experience_after_sacrifice(expected: Level, sacrifice: Level) -> int | None:
    """Expectation minus sacrifice; an unscored sacrifice counts as none."""
    if expected is None:
        return None
    return expected - (sacrifice or 0)


def trails_expectations(gap: int | None) -> bool:
    """True when a gap is negative: service trails what the client expected."""
    return gap is not None and gap < 0


def gap_symbol(gap: int | None) -> str:
    """A sign-carrying label that does not rely on colour (colour-blind safe)."""
    if gap is None:
        return "–"
    if gap < 0:
        return f"▼ {gap}"
    if gap > 0:
        return f"▲ +{gap}"
    return "● 0"


@dataclass(frozen=True, slots=True)
class LevelTriple:
    """One expectation's expected / delivered / experienced levels at a moment."""

    expected: Level
    delivered: Level
    experienced: Level

    @property
    def delivery_gap(self) -> int | None:
        return delivery_gap(self.expected, self.delivered)

    @property
    def perceived_gap(self) -> int | None:
        return perceived_gap(self.expected, self.experienced)


@dataclass(frozen=True, slots=True)
class GapSummary:
    """The headline numbers of a matrix: how big the gap is and how many rows trail."""

    scored_rows: int
    mean_delivery_gap: float | None
    mean_perceived_gap: float | None
    trailing_rows: int


def summarise(levels: Iterable[LevelTriple]) -> GapSummary:
    """Means over the rows whose gaps can be computed; unscored rows are left out."""
    delivery: list[int] = []
    perceived: list[int] = []
    trailing = 0
    rows = 0
    for triple in levels:
        d, p = triple.delivery_gap, triple.perceived_gap
        if d is None and p is None:
            continue
        rows += 1
        if d is not None:
            delivery.append(d)
        if p is not None:
            perceived.append(p)
        if trails_expectations(p) or trails_expectations(d):
            trailing += 1
    return GapSummary(
        scored_rows=rows,
        mean_delivery_gap=fmean(delivery) if delivery else None,
        mean_perceived_gap=fmean(perceived) if perceived else None,
        trailing_rows=trailing,
    )


def heatmap_grid(
    item_ids: Sequence[int],
    milestone_ids: Sequence[int],
    snapshots: Iterable[tuple[int, int, LevelTriple]],
) -> list[list[int | None]]:
    """Perceived gap per (item, milestone): rows follow ``item_ids``, columns ``milestone_ids``.

    ``snapshots`` yields ``(item_id, milestone_id, levels)``; a cell with no snapshot, or
    whose levels cannot give a gap, is ``None`` (drawn as "not measured", never as 0).
    """
    return gap_grid(
        item_ids,
        milestone_ids,
        ((item, milestone, triple.perceived_gap) for item, milestone, triple in snapshots),
    )


def gap_grid(
    item_ids: Sequence[int],
    milestone_ids: Sequence[int],
    gaps: Iterable[tuple[int, int, int | None]],
) -> list[list[int | None]]:
    """:func:`heatmap_grid` from ``(item_id, milestone_id, perceived gap)`` already computed.

    The matrix's chart reads its 20,000 gaps this way (computed by SQL) rather than as
    snapshot records: building the records was most of the time taken to open a big matrix.
    """
    row_of = {item_id: r for r, item_id in enumerate(item_ids)}
    col_of = {milestone_id: c for c, milestone_id in enumerate(milestone_ids)}
    grid: list[list[int | None]] = [[None] * len(milestone_ids) for _ in item_ids]
    for item_id, milestone_id, gap in gaps:
        r, c = row_of.get(item_id), col_of.get(milestone_id)
        if r is not None and c is not None:
            grid[r][c] = gap
    return grid
