"""The portfolio's pure rules (cxdesk.models.portfolio): the quadrant's direction since the
previous milestone, which checklist items count as open handoff items, the last pulse."""

from __future__ import annotations

from datetime import date

import pytest

from cxdesk.models.overview import NOW, Overview
from cxdesk.models.portfolio import (
    QuadrantMove,
    last_client_pulse,
    move_text,
    open_handoff_items,
    quadrant_move,
)
from cxdesk.models.quadrant import AxisScore, Direction, ExperienceParts, PathPoint, Quadrant
from cxdesk.models.records import PulseRecord


def point(label: str, value: float | None, experience: float | None) -> PathPoint:
    milestone_id = None if label == NOW else hash(label) % 1000
    return PathPoint(
        label, milestone_id, AxisScore(value), AxisScore(experience), ExperienceParts()
    )


def path(*points: PathPoint) -> Overview:
    return Overview(points, [])


@pytest.mark.parametrize(
    ("before", "now", "direction"),
    [
        ((2, 2), (6, 6), Direction.BETTER),  # Total Misfire -> Stellar Success
        ((6, 6), (6, 4), Direction.WORSE),  # Stellar Success -> Hidden Hero
        ((6, 4), (4, 6), Direction.SAME),  # Hidden Hero -> Style > Substance, same sum
        ((6, 4), (4, 7), Direction.BETTER),  # equally good quadrants: by value + experience
        ((2, 2), (2.5, 2), Direction.BETTER),  # within Total Misfire, nearer the middle
        ((7, 7), (7.01, 6.99), Direction.SAME),  # too small to see at one decimal
    ],
)
def test_the_direction_by_quadrant_then_by_value_plus_experience(
    before: tuple[float, float], now: tuple[float, float], direction: Direction
) -> None:
    move = quadrant_move(path(point("Kickoff", *before), point(NOW, *now)))
    assert move.direction is direction
    assert move.since == "Kickoff"


def test_the_previous_milestone_is_the_last_one_placed_on_the_quadrant() -> None:
    move = quadrant_move(path(point("Kickoff", 2, 2), point("Design", 6, None), point(NOW, 6, 6)))
    assert (move.before, move.since) == (Quadrant.TOTAL_MISFIRE, "Kickoff")


def test_no_direction_without_a_milestone_or_without_now() -> None:
    alone = quadrant_move(path(point(NOW, 6, 6)))
    assert alone == QuadrantMove(Quadrant.STELLAR_SUCCESS)
    assert move_text(alone) == ""
    unplaced = quadrant_move(path(point("Kickoff", 6, 6), point(NOW, None, 6)))
    assert unplaced == QuadrantMove(None)


def test_the_move_in_words() -> None:
    moved = quadrant_move(path(point("Kickoff", 2, 2), point(NOW, 6, 6)))
    assert move_text(moved) == "▲ better since Kickoff (was Total Misfire)"
    stayed = quadrant_move(path(point("Kickoff", 6, 6), point(NOW, 6.5, 6)))
    assert move_text(stayed) == "▲ better since Kickoff"


def test_open_handoff_items_leave_out_the_first_phases_list() -> None:
    # (position, open items): the first phase has no handoff into it.
    assert open_handoff_items([(1, 2), (0, 5), (2, 1)]) == 3
    assert open_handoff_items([(0, 4)]) == 0
    assert open_handoff_items([]) == 0


def test_the_last_pulse_is_the_clients_latest_day_averaged() -> None:
    def pulse(day: int, confidence: int, side: str = "client") -> PulseRecord:
        return PulseRecord(day, 1, None, date(2026, 11, day), confidence=confidence, side=side)

    latest = last_client_pulse([pulse(2, 4), pulse(9, 6), pulse(9, 8), pulse(20, 10, "team")])
    assert latest is not None
    assert (latest.taken_on, latest.mean_confidence, latest.responses) == (date(2026, 11, 9), 7, 2)
    assert last_client_pulse([pulse(20, 10, "team")]) is None
