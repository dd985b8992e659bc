"""The gap maths of the Expectation Matrix (cxdesk.models.gaps), worked by hand and by property."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.engagement_entities import ExpectationItem, ExpectationSnapshot
from cxdesk.models.gaps import (
    GapSummary,
    LevelTriple,
    delivery_gap,
    experience_after_sacrifice,
    gap_symbol,
    heatmap_grid,
    perceived_gap,
    summarise,
    trails_expectations,
)
from cxdesk.models.journey import LEVEL_MAX, LEVEL_MIN, SACRIFICE_MAX, SACRIFICE_MIN
from cxdesk.models.records import ItemRecord

levels = st.integers(LEVEL_MIN, LEVEL_MAX)
maybe_levels = st.none() | levels
triples = st.builds(LevelTriple, maybe_levels, maybe_levels, maybe_levels)


# --- delivery and perceived gaps -----------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "delivered", "gap"),
    [
        (4, 2, -2),  # promised a 4, delivered a 2: trails by two
        (2, 5, 3),  # over-delivered
        (3, 3, 0),
        (1, 5, 4),  # the widest gap the 1-5 scale allows
        (5, 1, -4),
    ],
)
def test_delivery_gap_is_delivered_minus_expected(expected: int, delivered: int, gap: int) -> None:
    assert delivery_gap(expected, delivered) == gap


@pytest.mark.parametrize(
    ("expected", "experienced", "gap"),
    [(5, 3, -2), (2, 4, 2), (4, 4, 0), (1, 5, 4), (5, 1, -4)],
)
def test_perceived_gap_is_experienced_minus_expected(
    expected: int, experienced: int, gap: int
) -> None:
    assert perceived_gap(expected, experienced) == gap


@pytest.mark.parametrize(("a", "b"), [(None, 3), (3, None), (None, None)])
def test_an_unscored_level_gives_no_gap_never_zero(a: int | None, b: int | None) -> None:
    assert delivery_gap(a, b) is None
    assert perceived_gap(a, b) is None


def test_unscored_level_one_is_not_treated_like_zero() -> None:
    # A gap of None must not be confused with 0: a row expected at 1 and delivered at 1
    # has a real gap of 0, a row with nothing scored has none.
    assert delivery_gap(1, 1) == 0
    assert delivery_gap(None, 1) is None


def test_level_triple_and_records_use_the_right_level_for_each_gap() -> None:
    # Expected 4, delivered 5, experienced 2: the two gaps differ in sign, so swapping the
    # delivered and experienced levels anywhere would be caught.
    triple = LevelTriple(expected=4, delivered=5, experienced=2)
    assert (triple.delivery_gap, triple.perceived_gap) == (1, -2)

    record = ItemRecord(
        id=1,
        engagement_id=1,
        position=0,
        expected_level=4,
        delivered_level=5,
        experienced_level=2,
    )
    assert record.levels == triple
    assert (record.delivery_gap, record.perceived_gap) == (1, -2)

    entity = ExpectationItem(expected_level=4, delivered_level=5, experienced_level=2)
    assert entity.levels == triple
    assert (entity.delivery_gap, entity.perceived_gap) == (1, -2)

    snapshot = ExpectationSnapshot(expected_level=4, delivered_level=5, experienced_level=2)
    assert snapshot.levels == triple


# --- sacrifice: experience = expectation - sacrifice ------------------------------------


@pytest.mark.parametrize(
    ("expected", "sacrifice", "experience"),
    [
        (5, 2, 3),  # expected a 5 but it cost them noticeably: expect them to feel a 3
        (4, 0, 4),  # no sacrifice: experience is the expectation
        (4, None, 4),  # sacrifice not scored yet counts as none
        (5, SACRIFICE_MAX, 1),
        (3, 1, 2),
    ],
)
def test_experience_is_expectation_minus_sacrifice(
    expected: int, sacrifice: int | None, experience: int
) -> None:
    assert experience_after_sacrifice(expected, sacrifice) == experience


@pytest.mark.parametrize("sacrifice", [None, 0, 3])
def test_no_experience_without_an_expectation(sacrifice: int | None) -> None:
    assert experience_after_sacrifice(None, sacrifice) is None


@given(levels, st.integers(SACRIFICE_MIN, SACRIFICE_MAX))
def test_sacrifice_never_raises_experience(expected: int, sacrifice: int) -> None:
    experience = experience_after_sacrifice(expected, sacrifice)
    assert experience is not None
    assert experience <= expected
    assert expected - experience == sacrifice


# --- trailing and symbols ------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "trails"), [(-4, True), (-1, True), (0, False), (1, False), (None, False)]
)
def test_only_a_negative_gap_trails_expectations(gap: int | None, trails: bool) -> None:
    assert trails_expectations(gap) is trails


@pytest.mark.parametrize(
    ("gap", "symbol"),
    [(-2, "▼ -2"), (-1, "▼ -1"), (0, "● 0"), (1, "▲ +1"), (3, "▲ +3"), (None, "–")],
)
def test_gap_symbol_carries_the_sign_without_colour(gap: int | None, symbol: str) -> None:
    assert gap_symbol(gap) == symbol


@given(st.integers(-4, 4))
def test_gap_symbol_round_trips_the_number_and_shape_matches_sign(gap: int) -> None:
    symbol = gap_symbol(gap)
    shape, number = symbol.split(" ")
    assert int(number) == gap
    assert shape == ("▼" if gap < 0 else "▲" if gap > 0 else "●")
    # The shape alone tells trailing rows apart (colour-blind safe).
    assert (shape == "▼") is trails_expectations(gap)


@given(maybe_levels, maybe_levels)
def test_perceived_gap_sign_agrees_with_trailing(
    expected: int | None, experienced: int | None
) -> None:
    gap = perceived_gap(expected, experienced)
    if expected is None or experienced is None:
        assert gap is None
        assert not trails_expectations(gap)
    else:
        assert gap is not None
        assert LEVEL_MIN - LEVEL_MAX <= gap <= LEVEL_MAX - LEVEL_MIN
        assert trails_expectations(gap) is (experienced < expected)


@given(maybe_levels, maybe_levels, maybe_levels)
def test_gaps_are_antisymmetric_in_their_levels(
    expected: int | None, delivered: int | None, experienced: int | None
) -> None:
    d = delivery_gap(expected, delivered)
    back = delivery_gap(delivered, expected)
    assert (d is None) == (back is None)
    if d is not None:
        assert back == -d
    p = perceived_gap(expected, experienced)
    if p is not None:
        assert perceived_gap(experienced, expected) == -p


# --- the matrix summary --------------------------------------------------------------


def test_summarise_worked_example() -> None:
    rows = [
        LevelTriple(4, 2, 3),  # d=-2 p=-1: trails
        LevelTriple(3, 4, 5),  # d=+1 p=+2
        LevelTriple(5, None, None),  # only expected scored: left out
        LevelTriple(None, None, None),  # nothing scored: left out
        LevelTriple(2, 2, None),  # d=0, no perceived gap yet
        LevelTriple(4, None, 4),  # no delivery gap yet, p=0
        LevelTriple(5, 5, 2),  # delivered in full but felt as a 2: trails (perceived)
        LevelTriple(3, 1, 4),  # felt fine, but under-delivered: trails (delivery)
    ]
    summary = summarise(iter(rows))  # any iterable, even a one-shot generator
    assert summary.scored_rows == 6
    # delivery gaps -2, +1, 0, 0, -2 -> -3 / 5
    assert summary.mean_delivery_gap == pytest.approx(-0.6)
    # perceived gaps -1, +2, 0, -3, +1 -> -1 / 5
    assert summary.mean_perceived_gap == pytest.approx(-0.2)
    assert summary.trailing_rows == 3


@pytest.mark.parametrize(
    "rows",
    [[], [LevelTriple(None, None, None)], [LevelTriple(3, None, None), LevelTriple(None, 2, 4)]],
)
def test_summarise_with_nothing_scored_has_no_means(rows: list[LevelTriple]) -> None:
    assert summarise(rows) == GapSummary(
        scored_rows=0, mean_delivery_gap=None, mean_perceived_gap=None, trailing_rows=0
    )


def test_summarise_keeps_one_mean_when_only_the_other_gap_is_scored() -> None:
    summary = summarise([LevelTriple(4, 3, None), LevelTriple(2, 5, None)])
    assert summary.scored_rows == 2
    assert summary.mean_delivery_gap == pytest.approx(1.0)
    assert summary.mean_perceived_gap is None
    assert summary.trailing_rows == 1


@given(st.lists(triples, max_size=30))
def test_summarise_properties(rows: list[LevelTriple]) -> None:
    summary = summarise(rows)
    scored = [r for r in rows if r.delivery_gap is not None or r.perceived_gap is not None]
    assert summary.scored_rows == len(scored)
    assert 0 <= summary.trailing_rows <= summary.scored_rows
    assert summary.trailing_rows == sum(
        trails_expectations(r.delivery_gap) or trails_expectations(r.perceived_gap) for r in rows
    )
    deliveries = [r.delivery_gap for r in rows if r.delivery_gap is not None]
    if deliveries:
        assert summary.mean_delivery_gap == pytest.approx(sum(deliveries) / len(deliveries))
        assert min(deliveries) <= summary.mean_delivery_gap <= max(deliveries)
    else:
        assert summary.mean_delivery_gap is None
    perceived = [r.perceived_gap for r in rows if r.perceived_gap is not None]
    if perceived:
        assert summary.mean_perceived_gap == pytest.approx(sum(perceived) / len(perceived))
    else:
        assert summary.mean_perceived_gap is None
    # Order does not matter.
    reordered = summarise(list(reversed(rows)))
    assert reordered.scored_rows == summary.scored_rows
    assert reordered.trailing_rows == summary.trailing_rows


# --- the before/after heatmap --------------------------------------------------------


def test_heatmap_grid_worked_example() -> None:
    items = [10, 20, 30]
    milestones = [1, 2]
    snapshots = [
        (10, 1, LevelTriple(3, 3, 2)),  # perceived -1
        (10, 2, LevelTriple(3, 3, 4)),  # perceived +1
        (20, 2, LevelTriple(4, 4, None)),  # experienced not scored: not measured
        (30, 1, LevelTriple(2, 5, 2)),  # perceived 0 (the delivery gap is not what is drawn)
        (99, 1, LevelTriple(1, 1, 5)),  # an item not shown: ignored
        (10, 7, LevelTriple(1, 1, 5)),  # a milestone not shown: ignored
    ]
    assert heatmap_grid(items, milestones, snapshots) == [
        [-1, 1],
        [None, None],  # (20, 1) has no snapshot at all
        [0, None],
    ]


def test_heatmap_rows_follow_item_order_and_columns_milestone_order() -> None:
    snapshots = [
        (10, 1, LevelTriple(5, 5, 1)),  # -4
        (30, 2, LevelTriple(1, 1, 5)),  # +4
    ]
    assert heatmap_grid([30, 10], [2, 1], snapshots) == [[4, None], [None, -4]]


@pytest.mark.parametrize(
    ("items", "milestones", "grid"),
    [([], [1, 2], []), ([1, 2], [], [[], []]), ([], [], [])],
)
def test_heatmap_grid_empty_shapes(
    items: list[int], milestones: list[int], grid: list[list[int | None]]
) -> None:
    assert heatmap_grid(items, milestones, [(1, 1, LevelTriple(3, 3, 3))]) == grid


@given(
    st.lists(st.integers(1, 50), unique=True, max_size=8),
    st.lists(st.integers(1, 50), unique=True, max_size=6),
    st.dictionaries(st.tuples(st.integers(1, 50), st.integers(1, 50)), triples, max_size=40),
)
def test_heatmap_cells_are_the_perceived_gap_of_their_own_snapshot(
    items: list[int],
    milestones: list[int],
    cells: dict[tuple[int, int], LevelTriple],
) -> None:
    snapshots = [(item, milestone, triple) for (item, milestone), triple in cells.items()]
    grid = heatmap_grid(items, milestones, snapshots)
    assert len(grid) == len(items)
    for r, item in enumerate(items):
        assert len(grid[r]) == len(milestones)
        for c, milestone in enumerate(milestones):
            triple = cells.get((item, milestone))
            assert grid[r][c] == (triple.perceived_gap if triple else None)


def test_gap_symbol_of_every_possible_gap_has_one_number() -> None:
    for gap in range(LEVEL_MIN - LEVEL_MAX, LEVEL_MAX - LEVEL_MIN + 1):
        assert re.fullmatch(r"[▼▲●] [+-]?\d", gap_symbol(gap))
