"""The pulse-check maths (cxdesk.models.pulse): one trend point per day, means without gaps."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.pulse import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    CSAT_LABELS,
    CSAT_MAX,
    CSAT_MIN,
    PulsePoint,
    PulseScore,
    milestone_for_date,
    pulse_point,
    pulse_trend,
)
from cxdesk.models.records import PulseRecord

MON, TUE, FRI = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 6)


def test_one_point_per_day_oldest_first_whatever_the_input_order() -> None:
    scores = [
        PulseScore(FRI, 9, 5),
        PulseScore(MON, 7, 4),
        PulseScore(TUE, 6, None),
        PulseScore(MON, None, 2),
        PulseScore(MON, 9, None),
    ]
    trend = pulse_trend(scores)
    assert [p.taken_on for p in trend] == [MON, TUE, FRI]
    assert [p.responses for p in trend] == [3, 1, 1]


def test_a_day_averages_the_answers_given_and_ignores_the_blanks() -> None:
    monday = pulse_trend(
        [PulseScore(MON, 7, 4), PulseScore(MON, None, 2), PulseScore(MON, 9, None)]
    )[0]
    # Confidence: (7 + 9) / 2 = 8, the blank left out (counted as 0 it would be 16/3).
    assert monday.mean_confidence == 8
    # CSAT: (4 + 2) / 2 = 3; satisfied (4 or 5): one of the two answers = 50 %.
    assert monday.mean_csat == 3
    assert monday.csat_percent == 50
    assert monday.responses == 3


def test_a_day_with_no_scores_has_no_means_not_zeros() -> None:
    # Only "what's working" text was given that day.
    point = pulse_point(TUE, [PulseScore(TUE), PulseScore(TUE)])
    assert point == PulsePoint(TUE, 2, None, None, None)


@pytest.mark.parametrize(
    ("csats", "percent"),
    [
        ([4], 100.0),  # 4 counts as satisfied
        ([3], 0.0),  # 3 (neutral) does not
        ([5, 5, 1, 3], 50.0),  # two of four
        ([3, 4, 5], pytest.approx(200 / 3)),  # two of three = 66.7 %
    ],
)
def test_csat_percent_is_the_share_answering_4_or_5(csats: list[int], percent: float) -> None:
    assert pulse_point(MON, [PulseScore(MON, None, c) for c in csats]).csat_percent == percent


def test_no_pulses_no_trend() -> None:
    assert pulse_trend([]) == []


def test_pulse_record_gives_its_score() -> None:
    record = PulseRecord(4, 1, None, FRI, "Dana", confidence=8, csat=None, working="Demos")
    assert record.score == PulseScore(FRI, 8, None)


def test_scales_and_labels() -> None:
    assert (CONFIDENCE_MIN, CONFIDENCE_MAX, CSAT_MIN, CSAT_MAX) == (1, 10, 1, 5)
    assert sorted(CSAT_LABELS) == [1, 2, 3, 4, 5]
    assert all(label.startswith(f"{n} - ") for n, label in CSAT_LABELS.items())


days = st.dates(date(2026, 1, 1), date(2026, 1, 10))
pulse_scores = st.builds(
    PulseScore,
    days,
    st.none() | st.integers(CONFIDENCE_MIN, CONFIDENCE_MAX),
    st.none() | st.integers(CSAT_MIN, CSAT_MAX),
)


@given(st.lists(pulse_scores, max_size=30))
def test_trend_properties(scores: list[PulseScore]) -> None:
    trend = pulse_trend(scores)
    assert [p.taken_on for p in trend] == sorted({s.taken_on for s in scores})
    assert sum(p.responses for p in trend) == len(scores)
    for p in trend:
        if p.mean_confidence is not None:
            assert CONFIDENCE_MIN <= p.mean_confidence <= CONFIDENCE_MAX
        if p.mean_csat is not None:
            assert CSAT_MIN <= p.mean_csat <= CSAT_MAX
            assert p.csat_percent is not None
            assert 0 <= p.csat_percent <= 100
        else:
            assert p.csat_percent is None


def test_milestone_for_date_is_the_one_due_nearest() -> None:
    kickoff, design, golive = date(2026, 3, 1), date(2026, 6, 1), date(2026, 11, 2)
    dues = [kickoff, None, design, golive]
    assert milestone_for_date(dues, date(2026, 11, 2)) == 3  # the day itself
    assert milestone_for_date(dues, date(2026, 3, 20)) == 0
    assert milestone_for_date(dues, date(2026, 5, 10)) == 2
    assert milestone_for_date(dues, date(2027, 5, 10)) == 3  # after the last: the last
    assert milestone_for_date(dues, date(2026, 4, 16)) == 0  # tie (46 days each): earlier
    assert milestone_for_date(dues, date(2026, 4, 17)) == 2
    assert milestone_for_date([None, None], date(2026, 3, 31)) is None
    assert milestone_for_date([], date(2026, 3, 31)) is None
