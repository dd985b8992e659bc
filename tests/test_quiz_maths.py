"""The quiz maths (the built-in CX Self-Assessment): bands, totals, tallies, worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.quiz import (
    BUILT_IN_QUIZ,
    Band,
    band_problems,
    distribution,
    participant_total,
    quiz_band,
    room_average,
    scale_problem,
    statement_means,
    tally_problem,
    total_range,
    weakest_and_strongest,
)

PRO, POLISH, BIG = BUILT_IN_QUIZ.bands


def test_the_built_in_quiz_is_five_statements_rated_1_to_5_in_three_bands() -> None:
    assert len(BUILT_IN_QUIZ.statements) == 5
    assert (BUILT_IN_QUIZ.scale_min, BUILT_IN_QUIZ.scale_max) == (1, 5)
    assert BUILT_IN_QUIZ.total_range == (5, 25)
    assert [(b.low, b.high, b.label) for b in BUILT_IN_QUIZ.bands] == [
        (21, 25, "Experience-first delivery pro"),
        (15, 20, "Strong foundation, needs polish"),
        (5, 14, "Big opportunity to elevate client engagement"),
    ]
    assert band_problems(BUILT_IN_QUIZ.bands, 5, 25) == []


@pytest.mark.parametrize(
    ("total", "band"),
    [(25, PRO), (21, PRO), (20, POLISH), (15, POLISH), (14, BIG), (5, BIG), (None, None)],
)
def test_band_lookup_at_every_boundary(total: int | None, band: Band | None) -> None:
    assert quiz_band(total, BUILT_IN_QUIZ.bands) == band


def test_totals_of_finished_and_unfinished_participants() -> None:
    # 4 + 5 + 3 + 4 + 5 = 21: just a pro.
    assert participant_total([4, 5, 3, 4, 5], 5) == 21
    assert quiz_band(21, BUILT_IN_QUIZ.bands) == PRO
    # A skipped statement: no total, never 4 + 5 + 0 + 4 + 5 = 18.
    assert participant_total([4, 5, None, 4, 5], 5) is None
    assert participant_total([4, 5, 3], 5) is None  # stopped after three
    # The room: 21 and 14 finished, one did not -> (21 + 14) / 2 = 17.5, "needs polish".
    average = room_average([21, None, 14])
    assert average == 17.5
    assert quiz_band(round(average), BUILT_IN_QUIZ.bands) == POLISH
    assert room_average([None, None]) is None


def test_distribution_means_weakest_and_strongest() -> None:
    # Three participants; the second skipped statement 3.
    answers = [[4, 2, 5], [5, 1, None], [3, 2, 4]]
    by_statement = list(zip(*answers, strict=True))
    assert distribution(by_statement[0], 1, 5) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert distribution(by_statement[2], 1, 5) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
    # Means: (4+5+3)/3 = 4, (2+1+2)/3 = 5/3, (5+4)/2 = 4.5 (the skip left out).
    means = statement_means(by_statement)
    assert means == [4.0, pytest.approx(5 / 3), 4.5]
    assert weakest_and_strongest(means) == ((1,), (2,))
    assert weakest_and_strongest([None]) == ((), ())


def test_tied_weakest_and_strongest_statements_are_all_named() -> None:
    # Two statements share the lowest mean: both are the weakest, not the first alone.
    assert weakest_and_strongest([2.0, 4.0, 2.0, 4.0, 3.0]) == ((0, 2), (1, 3))
    # Means computed as different sums over counts still tie (7/3 against 2.1 + 0.2333...).
    assert weakest_and_strongest([7 / 3, 2.1 + 0.7 / 3, 5.0]) == ((0, 1), (2,))
    # Nothing stands out while every scored statement is alike, or only one is scored.
    assert weakest_and_strongest([3.0, 3.0, None]) == ((), ())
    assert weakest_and_strongest([None, 4.0]) == ((), ())


def test_band_editor_refusals_name_the_totals() -> None:
    gap = [Band(21, 25, "Pro"), Band(17, 20, "Polish"), Band(5, 14, "Big")]
    assert band_problems(gap, 5, 25) == ["No band covers totals 15-16."]
    overlap = [Band(20, 25, "Pro"), Band(15, 20, "Polish"), Band(5, 14, "Big")]
    assert band_problems(overlap, 5, 25) == ["Total 20 falls in both “Pro” and “Polish”."]
    assert band_problems([Band(5, 25, "")], 5, 25) == ["The band 5-25 needs a label."]
    assert "runs backwards" in band_problems([Band(25, 5, "All")], 5, 25)[0]
    outside = band_problems([Band(5, 25, "All"), Band(30, 40, "Beyond")], 5, 25)
    assert outside == ["The band “Beyond” (30-40) is outside the possible totals 5-25."]
    assert band_problems([], 5, 6) == ["No band covers totals 5-6."]
    wide = [Band(5, 25, "All"), Band(10, 12, "Some")]
    assert band_problems(wide, 5, 25) == ["Totals 10-12 fall in both “All” and “Some”."]


def test_scale_and_tally_refusals() -> None:
    assert scale_problem(1, 5) is None
    assert scale_problem(5, 1) is not None
    assert scale_problem(3, 3) is not None
    assert scale_problem(-1, 5) is not None
    assert scale_problem(0, 11) is not None
    assert tally_problem({1: 0, 2: 1, 3: 4, 4: 3, 5: 2}, 10, 1, 5) is None
    message = tally_problem({3: 4, 4: 3}, 10, 1, 5)
    assert message is not None
    assert "add up to 7, but 10 people" in message
    assert tally_problem({6: 1}, 1, 1, 5) == "Scores run from 1 to 5."
    assert tally_problem({1: -1, 2: 2}, 1, 1, 5) == "A count of hands cannot be negative."


@given(
    statements=st.integers(1, 12),
    scale=st.tuples(st.integers(0, 9), st.integers(1, 10)).filter(lambda s: s[0] < s[1]),
    cuts=st.lists(st.integers(0, 200), max_size=6),
)
def test_bands_cut_from_the_range_always_cover_it_exactly_once(
    statements: int, scale: tuple[int, int], cuts: list[int]
) -> None:
    low, high = total_range(statements, *scale)
    edges = sorted({low + c % (high - low + 1) for c in cuts} | {low})
    bands = [
        Band(start, (edges[i + 1] - 1) if i + 1 < len(edges) else high, f"B{i}")
        for i, start in enumerate(edges)
    ]
    assert band_problems(bands, low, high) == []
    for total in range(low, high + 1):
        assert quiz_band(total, bands) is not None
