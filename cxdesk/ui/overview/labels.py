"""Where to write each point's label on the quadrant so that labels stay readable.

Pure geometry in data units (no Qt): each label tries a few spots around its point and
takes the one that covers the fewest other labels, markers, path segments and quadrant
names, and stays inside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True, slots=True)
class Box:
    x: float  # left
    y: float  # bottom (the y axis points up)
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    def overlap(self, other: Box) -> float:
        dx = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        dy = min(self.top, other.top) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0

    def contains(self, p: Point) -> bool:
        return self.x <= p[0] <= self.x + self.w and self.y <= p[1] <= self.top


def candidates(p: Point, w: float, h: float, gap: float) -> list[Box]:
    """Spots around a point, in order of preference: right, left, above, below, corners."""
    x, y = p
    return [
        Box(x + gap, y - h / 2, w, h),
        Box(x - gap - w, y - h / 2, w, h),
        Box(x - w / 2, y + gap, w, h),
        Box(x - w / 2, y - gap - h, w, h),
        Box(x + gap * 0.7, y + gap * 0.7, w, h),
        Box(x + gap * 0.7, y - gap * 0.7 - h, w, h),
        Box(x - gap * 0.7 - w, y + gap * 0.7, w, h),
        Box(x - gap * 0.7 - w, y - gap * 0.7 - h, w, h),
    ]


def _segment_hits(box: Box, segment: Segment, samples: int = 24) -> float:
    """How much of a path segment the box covers, as if sampled at ``samples + 1`` points.

    Exact (Liang-Barsky clipping of the segment to the box) and O(1): with a path of 20
    milestones every label tries 8 spots against every segment, on every redraw.
    """
    (x0, y0), (x1, y1) = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x0 - box.x),
        (dx, box.x + box.w - x0),
        (-dy, y0 - box.y),
        (dy, box.top - y0),
    ):
        if p == 0:
            if q < 0:
                return 0.0  # parallel to this edge and outside it
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return 0.0
    return (high - low) * (samples + 1)


def _outside(box: Box, bounds: Box) -> float:
    return box.w * box.h - box.overlap(bounds)


Edges = tuple[float, float, float, float]  # left, bottom, right, top


def _edges(box: Box) -> Edges:
    return box.x, box.y, box.x + box.w, box.top


def _covered(edges: Edges, others: Sequence[Edges]) -> float:
    """The sum of ``Box.overlap`` with each of ``others``, the same float in the same
    order: a box that does not overlap adds nothing, so it is skipped without a call."""
    x0, y0, x1, y1 = edges
    total = 0.0
    for ox0, oy0, ox1, oy1 in others:
        if ox0 >= x1 or ox1 <= x0 or oy0 >= y1 or oy1 <= y0:
            continue
        dx = min(x1, ox1) - max(x0, ox0)
        dy = min(y1, oy1) - max(y0, oy0)
        if dx > 0 and dy > 0:
            total += dx * dy
    return total


def place_labels(
    points: Sequence[Point],
    sizes: Sequence[tuple[float, float]],
    segments: Sequence[Segment],
    obstacles: Sequence[Box],
    bounds: Box,
    gap: float,
    marker: float,
    order: Sequence[int] | None = None,
) -> list[Box]:
    """A box per point (same order); ``order`` says which labels choose first.

    Runs on every redraw of the quadrant (20 labels x 8 spots against every label,
    marker, segment and quadrant name, ~3,600 checks): the overlaps are summed on plain
    tuples, and a segment whose bounding box misses a spot is not clipped, which gives
    the same costs as checking each one, in a fraction of the time.
    """
    markers = [_edges(Box(x - marker / 2, y - marker / 2, marker, marker)) for x, y in points]
    fixed = [_edges(o) for o in obstacles]
    reach = [
        (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), segment)
        for segment in segments
        for (x0, y0), (x1, y1) in (segment,)
    ]
    chosen: dict[int, Box] = {}
    chosen_edges: list[Edges] = []
    for index in order if order is not None else range(len(points)):
        w, h = sizes[index]
        area = max(w * h, 1e-9)
        best: tuple[float, int, Box] | None = None
        for rank, box in enumerate(candidates(points[index], w, h, gap)):
            edges = _edges(box)
            bx0, by0, bx1, by1 = edges
            hits = 0.0
            for sx0, sy0, sx1, sy1, segment in reach:
                if sx0 > bx1 or sx1 < bx0 or sy0 > by1 or sy1 < by0:
                    continue  # wholly beside the spot: _segment_hits would give 0
                hits += _segment_hits(box, segment)
            cost = 6.0 * _outside(box, bounds) / area
            cost += 5.0 * _covered(edges, chosen_edges) / area
            cost += 5.0 * _covered(edges, markers) / area
            cost += 1.5 * _covered(edges, fixed) / area
            cost += 0.25 * hits
            cost += 0.05 * rank  # all else equal, prefer the usual spots
            if best is None or cost < best[0]:
                best = (cost, rank, box)
        assert best is not None
        chosen[index] = best[2]
        chosen_edges.append(_edges(best[2]))
    return [chosen[i] for i in range(len(points))]
