"""The portfolio: one line per engagement of the workspace, for the engagement lead.

A pure function of what the Overview is computed from (:func:`build_overview`), so each
line says what that engagement's Overview says: the quadrant now, the matrix's trailing
expectations; plus the open items of its handoff checklists and its latest client pulse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.overview import Overview
from cxdesk.models.pulse import PulsePoint, pulse_trend
from cxdesk.models.quadrant import Direction, PathPoint, Quadrant
from cxdesk.models.records import PulseRecord

# Stellar Success is where every engagement should be, Total Misfire the worst; the two
# others are each half way there (one axis high), so neither is better than the other.
_QUADRANT_RANK = {
    Quadrant.TOTAL_MISFIRE: 0,
    Quadrant.HIDDEN_HERO: 1,
    Quadrant.STYLE_OVER_SUBSTANCE: 1,
    Quadrant.STELLAR_SUCCESS: 2,
}


@dataclass(frozen=True, slots=True)
class QuadrantMove:
    """Where the engagement is on the quadrant now, and where it was at the previous
    milestone placed on it (``since`` names it; empty when there is none)."""

    now: Quadrant | None
    before: Quadrant | None = None
    since: str = ""
    direction: Direction = Direction.UNKNOWN


@dataclass(frozen=True, slots=True)
class LastTouched:
    """When an engagement's data last changed, as far as the store knows.

    ``change`` is the newest change number among its rows (every insert and update
    stamps its rows' version with the change's number, never handed out twice), so it
    orders engagements by their latest edit exactly. ``at`` is a time: exact when the
    engagement holds the workspace's newest change (the workspace records when that
    was), otherwise the newest time its rows carry (created, revalidated, taken), an
    edit since may be later. ``by`` stays empty until the store records who.
    """

    change: int
    at: datetime | None = None
    exact: bool = False
    by: str = ""


@dataclass(frozen=True, slots=True)
class PortfolioLine:
    engagement_id: int
    name: str
    client_id: int
    client: str
    phase: JourneyPhase
    quadrant: QuadrantMove
    trailing: int  # rows of the matrix with a negative delivery or perceived gap now
    open_handoff_items: int
    last_pulse: PulsePoint | None  # the latest day of the client's pulse checks, averaged
    last_touched: LastTouched


def quadrant_move(overview: Overview) -> QuadrantMove:
    """The quadrant now against the previous milestone on the path that was placed on it.

    Better or worse by the quadrants first (Stellar Success best, Total Misfire worst);
    between two points of equally good quadrants, by value plus experience, compared as
    the Overview shows them (one decimal), so a move too small to see is "same".
    """
    now = overview.now
    before = _previous_placed(overview.path[:-1])
    if now.quadrant is None:
        return QuadrantMove(None)
    if before is None or before.quadrant is None:
        return QuadrantMove(now.quadrant)
    return QuadrantMove(now.quadrant, before.quadrant, before.label, _direction(before, now))


def _previous_placed(milestones: Sequence[PathPoint]) -> PathPoint | None:
    return next((p for p in reversed(milestones) if p.position is not None), None)


def _direction(before: PathPoint, now: PathPoint) -> Direction:
    assert before.quadrant is not None
    assert now.quadrant is not None
    rank_now, rank_before = _QUADRANT_RANK[now.quadrant], _QUADRANT_RANK[before.quadrant]
    if rank_now != rank_before:
        return Direction.BETTER if rank_now > rank_before else Direction.WORSE
    assert before.position is not None
    assert now.position is not None
    total_now = round(now.position[0], 1) + round(now.position[1], 1)
    total_before = round(before.position[0], 1) + round(before.position[1], 1)
    if abs(total_now - total_before) < 1e-9:
        return Direction.SAME
    return Direction.BETTER if total_now > total_before else Direction.WORSE


def open_handoff_items(phases: Iterable[tuple[int, int]]) -> int:
    """Open checklist items of the map's handoffs, from ``(position, open items)`` per
    phase: a handoff is the boundary into every phase but the first (as the emotion map
    draws them), so items on the first phase's list belong to no handoff."""
    ordered = sorted(phases)
    return sum(open_items for _position, open_items in ordered[1:])


def last_client_pulse(pulses: Iterable[PulseRecord]) -> PulsePoint | None:
    """The latest day of the client's pulse checks, averaged (the trend's last point)."""
    trend = pulse_trend(p.score for p in pulses if p.is_client)
    return trend[-1] if trend else None


_ARROWS = {Direction.BETTER: "▲ better", Direction.WORSE: "▼ worse", Direction.SAME: "= same"}


def move_text(move: QuadrantMove) -> str:
    """Like "▲ better since Kickoff (was Total Misfire)", the quadrant then said only when
    it was another one; empty without a milestone placed on the quadrant."""
    if move.before is None or move.direction is Direction.UNKNOWN:
        return ""
    moved = f"{_ARROWS[move.direction]} since {move.since}"
    return moved if move.before is move.now else f"{moved} (was {move.before.label})"
