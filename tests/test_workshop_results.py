"""A workshop session's results (cxdesk.models.workshop_results), worked by hand."""

from __future__ import annotations

import pytest

from cxdesk.models.quiz import BUILT_IN_QUIZ, Band
from cxdesk.models.workshop_results import answer_results, band_of_average, tally_results

PRO, POLISH, BIG = BUILT_IN_QUIZ.bands


def test_pass_the_laptop_results_for_three_participants() -> None:
    answers = [
        (5, 5, 4, 4, 5),  # 23: pro
        (3, 2, 4, 3, 3),  # 15: polish
        (1, 2, None, 2, 1),  # skipped one: incomplete, never scored as 0
    ]
    results = answer_results(BUILT_IN_QUIZ, answers)
    assert results.totals == (23, 15, None)
    assert results.bands == (PRO, POLISH, None)
    assert results.finished == 2
    assert results.room_average == 19.0
    assert results.room_band == POLISH
    assert results.distributions[0] == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1}
    assert results.distributions[2] == {1: 0, 2: 0, 3: 0, 4: 2, 5: 0}  # the skip left out
    assert results.means == (3.0, 3.0, 4.0, 3.0, 3.0)
    assert (results.weakest, results.strongest) == ((0, 1, 3, 4), (2,))  # every one of a tie


def test_no_answers_yet() -> None:
    results = answer_results(BUILT_IN_QUIZ, [])
    assert results.totals == ()
    assert results.room_average is None
    assert results.room_band is None
    assert results.means == (None,) * 5
    assert (results.weakest, results.strongest) == ((), ())
    assert results.distributions[4] == dict.fromkeys(range(1, 6), 0)


def test_rows_shorter_or_longer_than_the_quiz_count_only_its_statements() -> None:
    answers = [
        (5, 5, 4),  # three of five: incomplete
        (4, 4, 4, 4, 4, 1, 1),  # answers past the fifth statement are not the quiz's
        [3, 3, 3, 3, 3],  # a list as well as a tuple
        (),
    ]
    results = answer_results(BUILT_IN_QUIZ, answers)
    assert results.totals == (None, 20, 15, None)
    assert results.bands == (None, POLISH, POLISH, None)
    assert results.finished == 2
    assert results.room_average == 17.5
    assert results.distributions[0] == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert results.distributions[4] == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}  # not the 1s beyond
    assert results.means == (4.0, 4.0, 11 / 3, 3.5, 3.5)


def test_show_of_hands_results() -> None:
    # Four people; every statement tallied.
    tallies = [{5: 4}, {4: 2, 5: 2}, {3: 4}, {1: 1, 2: 1, 3: 2}, {4: 4}]
    results = tally_results(BUILT_IN_QUIZ, tallies)
    assert results.means == (5.0, 4.5, 3.0, 2.25, 4.0)
    assert results.room_average == pytest.approx(18.75)
    assert results.room_band == POLISH
    assert results.finished == 4
    assert results.totals == ()
    assert (results.weakest, results.strongest) == ((3,), (0,))
    assert results.distributions[3] == {1: 1, 2: 1, 3: 2, 4: 0, 5: 0}


def test_show_of_hands_without_every_tally_has_no_room_average() -> None:
    results = tally_results(BUILT_IN_QUIZ, [{5: 4}, None, None, None, None])
    assert results.room_average is None
    assert results.room_band is None
    assert results.finished == 0
    assert results.means == (5.0, None, None, None, None)
    assert results.distributions[1] == dict.fromkeys(range(1, 6), 0)


@pytest.mark.parametrize(
    ("average", "band"),
    [
        (None, None),
        (25.0, PRO),
        (21.0, PRO),
        (20.999, POLISH),
        (20.6, POLISH),
        (15.0, POLISH),
        (14.99, BIG),
        (5.0, BIG),
    ],
)
def test_the_room_band_is_the_band_of_its_average_rounded_down(
    average: float | None, band: Band | None
) -> None:
    assert band_of_average(average, BUILT_IN_QUIZ.bands) == band


def test_an_average_a_hair_below_a_whole_number_still_reaches_it() -> None:
    assert band_of_average(0.1 * 3 * 70, BUILT_IN_QUIZ.bands) == PRO  # 20.999999999999996
