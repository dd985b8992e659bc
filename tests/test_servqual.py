"""The RATER scorecard maths (cxdesk.models.servqual), worked by hand and by property.

Every expected number is worked out in a comment beside it so a reader can check it
with a pencil. R A T E Resp = Reliability, Assurance, Tangibles, Empathy, Responsiveness.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.records import RespondentRecord, StatementRecord
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    SCORE_MAX,
    SCORE_MIN,
    DimensionScore,
    RaterDimension,
    RaterResponse,
    RespondentSide,
    ScoringMode,
    SideComparison,
    compare_sides,
    dimension_gaps,
    dimension_means,
    experience_gaps,
    given_score,
    points_problem,
    respondent_weighted_gap,
    statement_mean,
    summarise_scorecard,
    unweighted_score,
    weakest_dimensions,
    weighted_score,
)

R, A, T, E, RESP = DIMENSIONS
TEAM, CLIENT = RespondentSide.TEAM, RespondentSide.CLIENT


def respond(
    side: RespondentSide,
    scores: Mapping[RaterDimension, tuple[float | None, float | None]],
    points: Mapping[RaterDimension, int] | None = None,
) -> RaterResponse:
    return RaterResponse(side, {d: DimensionScore(e, p) for d, (e, p) in scores.items()}, points)


def points(r: int, a: int, t: int, e: int, resp: int) -> dict[RaterDimension, int]:
    return {R: r, A: a, T: t, E: e, RESP: resp}


# The worked example used throughout (E, P per dimension; gap = P - E):
#
#            R        A          T        E        Resp     points R/A/T/E/Resp
#   Ann  C   6,4 -2   5,5  0     4,6 +2   7,4 -3   5,4 -1   40/10/0/30/20
#   Ben  T   5,6 +1   6,6  0     3,5 +2   6,5 -1   4,5 +1   20/20/20/20/20
#   Cy   C   6,3 -3   5,- none   4,4  0   6,5 -1   6,5 -1   no points
#
# Cy never gave a perception for Assurance: Cy is incomplete, and is left out of the
# Assurance mean (counted as zero it would make Cy's gap 0 - 5 = -5).
ANN = respond(
    CLIENT, {R: (6, 4), A: (5, 5), T: (4, 6), E: (7, 4), RESP: (5, 4)}, points(40, 10, 0, 30, 20)
)
BEN = respond(
    TEAM, {R: (5, 6), A: (6, 6), T: (3, 5), E: (6, 5), RESP: (4, 5)}, points(20, 20, 20, 20, 20)
)
CY = respond(CLIENT, {R: (6, 3), A: (5, None), T: (4, 4), E: (6, 5), RESP: (6, 5)})
EXAMPLE = [ANN, BEN, CY]


# --- one respondent ------------------------------------------------------------------


def test_gap_is_perception_minus_expectation() -> None:
    assert DimensionScore(6, 4).gap == -2
    assert DimensionScore(3, 5).gap == 2
    assert DimensionScore(4, 4).gap == 0


@pytest.mark.parametrize(("e", "p"), [(None, 4), (4, None), (None, None)])
def test_a_missing_score_gives_no_gap_never_zero(e: int | None, p: int | None) -> None:
    assert DimensionScore(e, p).gap is None


def test_missing_dimensions_are_listed_and_make_the_respondent_incomplete() -> None:
    assert CY.missing == (A,)
    assert not CY.is_complete
    assert ANN.missing == ()
    assert ANN.is_complete
    # Nothing scored at all: every dimension is missing (a dimension absent from the
    # mapping is the same as one with neither score).
    blank = RaterResponse(CLIENT)
    assert blank.missing == DIMENSIONS
    assert blank.score(R) == DimensionScore()


def test_weighted_gap_of_one_respondent() -> None:
    # Ann: 0.40 x -2 + 0.10 x 0 + 0.00 x 2 + 0.30 x -3 + 0.20 x -1
    #    = -0.8 + 0 + 0 - 0.9 - 0.2 = -1.9
    assert respondent_weighted_gap(ANN) == pytest.approx(-1.9)
    # Ben, 20 points each: 0.2 x (1 + 0 + 2 - 1 + 1) = 0.2 x 3 = 0.6
    assert respondent_weighted_gap(BEN) == pytest.approx(0.6)
    # Cy gave no points, so weighs all five equally, but never scored Assurance's P: no
    # weighted gap (not 0).
    assert respondent_weighted_gap(CY) is None
    # A complete respondent without points: equal weights, the mean of their gaps.
    # Dot: -1 0 +1 -2 0 -> (-1 + 0 + 1 - 2 + 0) x 20/100 = -0.4
    dot = respond(CLIENT, {R: (5, 4), A: (5, 5), T: (4, 5), E: (6, 4), RESP: (5, 5)})
    assert respondent_weighted_gap(dot) == pytest.approx(-0.4)


def test_a_dimension_given_no_points_needs_no_score() -> None:
    # All 100 points on Reliability, only Reliability scored (3 -> 5): 1.00 x 2 = 2.
    only_r = respond(CLIENT, {R: (3, 5)}, points(100, 0, 0, 0, 0))
    assert not only_r.is_complete
    assert respondent_weighted_gap(only_r) == pytest.approx(2.0)


def test_a_missing_score_on_a_weighted_dimension_gives_no_weighted_gap() -> None:
    # Points on Assurance, but no Assurance perception: the sum cannot be formed.
    half = respond(CLIENT, {R: (3, 5), A: (4, None)}, points(50, 50, 0, 0, 0))
    assert respondent_weighted_gap(half) is None


def test_points_that_do_not_add_up_give_no_weighted_gap() -> None:
    # The store refuses such points; the maths must not trust them either.
    bad = respond(CLIENT, dict.fromkeys(DIMENSIONS, (4, 5)), points(10, 20, 20, 20, 20))  # 90
    assert respondent_weighted_gap(bad) is None


# --- several respondents -------------------------------------------------------------


def test_dimension_gaps_are_means_over_those_who_scored_it() -> None:
    gaps = dimension_gaps(EXAMPLE)
    assert gaps[R] == pytest.approx(-4 / 3)  # (-2 + 1 - 3) / 3
    assert gaps[A] == pytest.approx(0.0)  # (0 + 0) / 2: Cy left out, not counted as -5
    assert gaps[T] == pytest.approx(4 / 3)  # (2 + 2 + 0) / 3
    assert gaps[E] == pytest.approx(-5 / 3)  # (-3 - 1 - 1) / 3
    assert gaps[RESP] == pytest.approx(-1 / 3)  # (-1 + 1 - 1) / 3


def test_dimension_means_use_the_same_respondents_as_the_gap() -> None:
    means = dimension_means(EXAMPLE)
    # R: mean E (6 + 5 + 6) / 3 = 17/3, mean P (4 + 6 + 3) / 3 = 13/3; 13/3 - 17/3 = -4/3.
    assert means[R].expectation == pytest.approx(17 / 3)
    assert means[R].perception == pytest.approx(13 / 3)
    # A: Cy's lone expectation (5) is left out too: E (5 + 6) / 2, P (5 + 6) / 2.
    assert means[A] == DimensionScore(5.5, 5.5)


def test_unweighted_score_is_the_mean_of_the_five_dimension_gaps() -> None:
    # (-4/3 + 0 + 4/3 - 5/3 - 1/3) / 5 = (-6/3) / 5 = -0.4
    assert unweighted_score(dimension_gaps(EXAMPLE)) == pytest.approx(-0.4)


def test_unweighted_score_needs_all_five_dimensions() -> None:
    gaps = {R: -1.0, A: 0.0, T: 1.0, E: -2.0, RESP: None}
    assert unweighted_score(gaps) is None
    assert unweighted_score({R: -1.0}) is None  # the others absent


def test_weighted_score_is_the_mean_over_respondents_with_a_weighted_gap() -> None:
    # Ann -1.9, Ben 0.6, Cy incomplete (no Assurance P): (-1.9 + 0.6) / 2 = -0.65
    assert weighted_score(EXAMPLE) == pytest.approx(-0.65)
    # Someone who skipped the points still counts, with equal weights (Dot: -0.4):
    # (-1.9 + 0.6 - 0.4) / 3 = -0.5666...
    dot = respond(CLIENT, {R: (5, 4), A: (5, 5), T: (4, 5), E: (6, 4), RESP: (5, 5)})
    assert weighted_score([*EXAMPLE, dot]) == pytest.approx(-1.7 / 3)
    assert weighted_score([CY]) is None
    assert weighted_score([]) is None


def test_weighted_score_leaves_out_a_respondent_missing_a_weighted_dimension() -> None:
    # Dee put 50 points on Empathy but did not score it: left out, not counted as 0.
    dee = respond(CLIENT, {R: (4, 6)}, points(50, 0, 0, 50, 0))
    assert weighted_score([ANN, dee]) == pytest.approx(-1.9)


def test_scorecard_summary_of_the_worked_example() -> None:
    summary = summarise_scorecard(EXAMPLE)
    assert summary.respondents == 3
    assert summary.incomplete == 1  # Cy
    assert summary.unweighted == pytest.approx(-0.4)
    assert summary.weighted == pytest.approx(-0.65)
    assert summary.weighted_respondents == 2  # Ann and Ben (Cy is incomplete)
    assert summary.experience_gaps == (E,)  # -5/3, the lowest
    assert not summary.is_empty
    assert summary.gaps == dimension_gaps(EXAMPLE)
    assert summary.means == dimension_means(EXAMPLE)


# --- statements ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "mean"),
    [
        ([5, 6, 7], 6.0),  # 18 / 3
        ([4, 5], 4.5),  # 9 / 2
        ([7], 7.0),
        ([4, None, 6], None),  # not every statement scored yet
        ([None], None),
        ([], None),  # a dimension with no statements has no score
    ],
)
def test_statement_mean(scores: list[int | None], mean: float | None) -> None:
    assert statement_mean(scores) == mean


# --- importance points ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (points(20, 20, 20, 20, 20), None),
        (points(100, 0, 0, 0, 0), None),
        ({}, None),  # no points at all: allowed (the respondent is just unweighted)
        (dict.fromkeys(DIMENSIONS), None),
        (
            points(10, 20, 20, 20, 20),  # 90
            "The points add up to 90; they must add up to exactly 100.",
        ),
        (
            points(30, 20, 20, 20, 20),  # 110
            "The points add up to 110; they must add up to exactly 100.",
        ),
        (
            {R: 50, A: 50},  # partial: T, E and Resp not given
            "Give every dimension its points (0 is allowed), or clear them all.",
        ),
        (
            {R: 50, A: 50, T: None, E: 0, RESP: 0},
            "Give every dimension its points (0 is allowed), or clear them all.",
        ),
        (points(-10, 50, 20, 20, 20), "Each dimension takes 0 to 100 points."),  # sums to 100
        (points(120, -20, 0, 0, 0), "Each dimension takes 0 to 100 points."),  # sums to 100
        (points(101, 0, 0, 0, 0), "Each dimension takes 0 to 100 points."),
    ],
)
def test_points_problem(given: dict[RaterDimension, int | None], problem: str | None) -> None:
    assert points_problem(given) == problem


# --- the weakest dimension, the experience gap ---------------------------------------


def test_weakest_dimension_is_the_lowest_gap() -> None:
    assert weakest_dimensions({R: 0.5, A: -1.0, T: 2.0, E: -0.5, RESP: 0.0}) == (A,)


def test_tied_weakest_dimensions_are_all_named_in_rater_order() -> None:
    # Empathy and Assurance tie at -1: both are the weakest, in R-A-T-E-R order.
    assert weakest_dimensions({R: 0.0, A: -1.0, T: 0.0, E: -1.0, RESP: 0.0}) == (A, E)
    assert weakest_dimensions(dict.fromkeys(DIMENSIONS, 0.0)) == DIMENSIONS
    # Means of different respondents tie though their floats differ in the last bit.
    assert weakest_dimensions({R: 0.1 + 0.2, A: 0.3, T: 1.0, E: None, RESP: 2.0}) == (R, A)


def test_weakest_dimension_ignores_unscored_dimensions() -> None:
    assert weakest_dimensions({R: None, A: None, T: 1.0, E: None, RESP: 2.0}) == (T,)
    assert weakest_dimensions(dict.fromkeys(DIMENSIONS)) == ()
    assert weakest_dimensions({}) == ()


def test_experience_gap_only_when_perception_trails() -> None:
    assert experience_gaps({R: 1.0, A: -0.25, T: 0.0, E: 2.0, RESP: None}) == (A,)
    assert experience_gaps({R: -0.5, A: -0.25, T: 0.0, E: -0.5, RESP: None}) == (R, E)
    # All gaps >= 0: the weakest exists (R), but it is no experience gap.
    assert experience_gaps(dict.fromkeys(DIMENSIONS, 0.0)) == ()
    assert experience_gaps({R: 0.5, A: 1.0, T: 0.0, E: 3.0, RESP: 2.0}) == ()
    assert experience_gaps(dict.fromkeys(DIMENSIONS)) == ()


# --- our team against the client -----------------------------------------------------


def test_compare_sides_of_the_worked_example() -> None:
    sides = compare_sides(EXAMPLE)
    # Team = Ben alone: R +1, A 0, T +2, E -1, Resp +1.
    assert sides.team == {R: 1.0, A: 0.0, T: 2.0, E: -1.0, RESP: 1.0}
    # Client = Ann and Cy: R (-2 - 3)/2 = -2.5; A 0 (Ann alone); T (2 + 0)/2 = 1;
    # E (-3 - 1)/2 = -2; Resp (-1 - 1)/2 = -1.
    assert sides.client == {R: -2.5, A: 0.0, T: 1.0, E: -2.0, RESP: -1.0}
    # Team minus client: R 1 - (-2.5) = 3.5; A 0; T 2 - 1 = 1; E -1 - (-2) = 1; Resp 2.
    assert [sides.difference(d) for d in DIMENSIONS] == [3.5, 0.0, 1.0, 1.0, 2.0]
    assert sides.widest == (R,)
    # Unweighted: team (1 + 0 + 2 - 1 + 1)/5 = 0.6; client (-2.5 + 0 + 1 - 2 - 1)/5 = -0.9;
    # 0.6 - (-0.9) = 1.5: we think it went a point and a half better than they do.
    assert sides.overall_difference == pytest.approx(1.5)


def test_side_difference_needs_both_sides() -> None:
    sides = compare_sides([BEN])  # no client at all
    assert all(sides.difference(d) is None for d in DIMENSIONS)
    assert sides.overall_difference is None
    assert sides.widest == ()
    assert all(v is None for v in sides.client.values())


def test_widest_is_the_largest_disagreement_either_way() -> None:
    # The client rating above the team is a disagreement too: Tangibles -3 beats R +2.
    sides = SideComparison(
        team={R: 2.0, A: 0.0, T: -2.0, E: 0.0, RESP: 0.0},
        client={R: 0.0, A: 0.0, T: 1.0, E: 0.0, RESP: 0.0},
    )
    assert sides.difference(T) == -3.0
    assert sides.widest == (T,)
    # Two dimensions disagree as widely, one each way: both are the widest.
    tied = SideComparison(
        team={R: 2.0, A: 0.0, T: -2.0, E: 0.0, RESP: 0.0},
        client={R: 0.0, A: 0.0, T: 0.0, E: 0.0, RESP: 0.0},
    )
    assert tied.widest == (R, T)
    # An incomplete side: the overall difference needs all five on both sides.
    partial = SideComparison(team={R: 1.0}, client=dict.fromkeys(DIMENSIONS, 0.0))
    assert partial.difference(R) == 1.0
    assert partial.overall_difference is None


# --- no respondents, blank respondents -----------------------------------------------


def values_of(summary: object) -> list[object]:
    """Every number the summary holds, however deeply, to look for a NaN."""
    found: list[object] = []
    for name in type(summary).__slots__:  # type: ignore[attr-defined]
        value = getattr(summary, name)
        if isinstance(value, Mapping):
            for v in value.values():
                found.extend(
                    [v.expectation, v.perception] if isinstance(v, DimensionScore) else [v]
                )
        elif isinstance(value, SideComparison):
            found.extend([*value.team.values(), *value.client.values()])
        else:
            found.append(value)
    return found


def test_an_assessment_with_no_respondents_summarises_to_nothing_without_error() -> None:
    summary = summarise_scorecard([])
    assert summary.is_empty
    assert summary.respondents == 0
    assert summary.incomplete == 0
    assert summary.gaps == dict.fromkeys(DIMENSIONS)
    assert summary.means == dict.fromkeys(DIMENSIONS, DimensionScore())
    assert summary.unweighted is None
    assert summary.weighted is None
    assert summary.weighted_respondents == 0
    assert summary.experience_gaps == ()
    assert summary.sides.overall_difference is None
    assert summary.sides.widest == ()
    numbers = values_of(summary)
    assert not any(isinstance(v, float) and math.isnan(v) for v in numbers)


def test_respondents_who_scored_nothing_yet_give_an_empty_not_a_zero_scorecard() -> None:
    summary = summarise_scorecard([RaterResponse(CLIENT), RaterResponse(TEAM)])
    assert summary.respondents == 2
    assert summary.incomplete == 2
    assert all(g is None for g in summary.gaps.values())
    assert summary.unweighted is None
    assert summary.experience_gaps == ()
    assert not any(isinstance(v, float) and math.isnan(v) for v in values_of(summary))


# --- properties ----------------------------------------------------------------------

scores = st.integers(SCORE_MIN, SCORE_MAX)
maybe_scores = st.none() | scores
complete_scores = st.fixed_dictionaries({d: st.tuples(scores, scores) for d in DIMENSIONS})
any_scores = st.fixed_dictionaries({d: st.tuples(maybe_scores, maybe_scores) for d in DIMENSIONS})


@st.composite
def point_splits(draw: st.DrawFn) -> dict[RaterDimension, int]:
    """100 points split across the five dimensions (zeros allowed)."""
    cuts = sorted(draw(st.lists(st.integers(0, POINTS_TOTAL), min_size=4, max_size=4)))
    edges = [0, *cuts, POINTS_TOTAL]
    return {d: edges[i + 1] - edges[i] for i, d in enumerate(DIMENSIONS)}


responses = st.builds(
    respond, st.sampled_from(RespondentSide), any_scores, st.none() | point_splits()
)


@given(complete_scores)
def test_equal_weights_make_the_weighted_gap_the_mean_gap(given: dict) -> None:  # type: ignore[type-arg]
    response = respond(CLIENT, given, points(20, 20, 20, 20, 20))
    gaps = [p - e for e, p in given.values()]
    assert respondent_weighted_gap(response) == pytest.approx(sum(gaps) / 5)


@given(any_scores, st.sampled_from(DIMENSIONS))
def test_all_points_on_one_dimension_weigh_only_its_gap(given: dict, only: RaterDimension) -> None:  # type: ignore[type-arg]
    split = {d: (POINTS_TOTAL if d is only else 0) for d in DIMENSIONS}
    response = respond(CLIENT, given, split)
    assert respondent_weighted_gap(response) == response.gap(only)


@given(st.lists(responses, max_size=8))
def test_gaps_and_scores_stay_within_the_scale(said: list[RaterResponse]) -> None:
    widest = SCORE_MAX - SCORE_MIN  # 7 - 1 = 6
    summary = summarise_scorecard(said)
    numbers = [
        *(r.gap(d) for r in said for d in DIMENSIONS),
        *summary.gaps.values(),
        summary.unweighted,
        summary.weighted,
    ]
    assert all(-widest <= n <= widest for n in numbers if n is not None)
    for d in DIMENSIONS:  # the radar agrees with the bars
        mean = summary.means[d]
        if summary.gaps[d] is None:
            assert mean == DimensionScore()
        else:
            assert mean.perception - mean.expectation == pytest.approx(summary.gaps[d])  # type: ignore[operator]


@given(st.lists(responses, max_size=8), st.sampled_from(RespondentSide), st.integers(0, 8))
def test_a_respondent_with_no_scores_changes_nothing(
    said: list[RaterResponse], side: RespondentSide, at: int
) -> None:
    before = summarise_scorecard(said)
    with_blank = [*said]
    with_blank.insert(min(at, len(said)), RaterResponse(side))
    after = summarise_scorecard(with_blank)
    assert after.respondents == before.respondents + 1
    assert after.incomplete == before.incomplete + 1
    assert after.gaps == before.gaps
    assert after.means == before.means
    assert after.unweighted == before.unweighted
    assert after.weighted == before.weighted
    assert after.experience_gaps == before.experience_gaps
    assert after.sides == before.sides


@given(st.lists(responses, min_size=1, max_size=6), st.randoms())
def test_the_order_of_respondents_does_not_matter(said: list[RaterResponse], rng: object) -> None:
    shuffled = list(said)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = summarise_scorecard(said), summarise_scorecard(shuffled)
    for d in DIMENSIONS:
        assert (a.gaps[d] is None) == (b.gaps[d] is None)
        if a.gaps[d] is not None:
            assert a.gaps[d] == pytest.approx(b.gaps[d])
    assert a.weighted_respondents == b.weighted_respondents


# --- RespondentRecord.response -------------------------------------------------------


def record(**fields: object) -> RespondentRecord:
    return RespondentRecord(id=7, assessment_id=3, position=0, **fields)  # type: ignore[arg-type]


def test_response_scored_by_dimension() -> None:
    rec = record(
        name="",
        side="team",
        reliability_expectation=6,
        reliability_perception=4,
        empathy_expectation=5,
        reliability_points=40,
        assurance_points=10,
        tangibles_points=0,
        empathy_points=30,
        responsiveness_points=20,
    )
    response = rec.response(ScoringMode.DIMENSIONS)
    assert response.side is TEAM
    assert response.name == "anonymous"  # an empty name is shown as "anonymous"
    assert response.score(R) == DimensionScore(6, 4)
    assert response.gap(R) == -2
    assert response.score(E) == DimensionScore(5, None)  # half-scored: no gap
    assert response.gap(E) is None
    assert response.missing == (A, T, E, RESP)
    assert response.points == points(40, 10, 0, 30, 20)
    assert rec.points == points(40, 10, 0, 30, 20)


def test_points_are_none_unless_all_five_are_given() -> None:
    assert record(reliability_points=100).points is None
    assert record().points is None
    assert record().response().points is None
    assert record(name="Ann").display_name == "Ann"


def test_response_scored_by_statements() -> None:
    statements = [
        StatementRecord(11, 3, "reliability", 0, "Deliverables arrive when promised."),
        StatementRecord(12, 3, "reliability", 1, "Commitments are kept."),
        StatementRecord(13, 3, "assurance", 2, "The team knows its subject."),
        StatementRecord(14, 3, "empathy", 3, "They understand our pain points."),
        StatementRecord(15, 3, "empathy", 4, "They listen."),
        # Tangibles and Responsiveness have no statements in this assessment.
    ]
    given = {
        11: (5, 6),
        12: (6, 4),  # R: E (5 + 6)/2 = 5.5, P (6 + 4)/2 = 5; gap -0.5
        13: (4, None),  # A: perception not given yet -> no P, no gap
        14: (7, 5),
        15: (6, 6),  # E: E (7 + 6)/2 = 6.5, P (5 + 6)/2 = 5.5; gap -1
        99: (1, 1),  # a statement of another assessment: ignored
    }
    # The direct scores on the record are ignored when scoring by statements.
    rec = record(side="client", reliability_expectation=1, reliability_perception=7)
    response = rec.response(ScoringMode.STATEMENTS, statements, given)
    assert response.score(R) == DimensionScore(5.5, 5.0)
    assert response.gap(R) == pytest.approx(-0.5)
    assert response.score(A) == DimensionScore(4.0, None)
    assert response.gap(A) is None
    assert response.score(T) == DimensionScore()  # no statements: no score, not 0
    assert response.gap(E) == pytest.approx(-1.0)
    assert response.missing == (A, T, RESP)
    # Statement 12 not yet scored at all: Reliability has no score either.
    partly = rec.response(ScoringMode.STATEMENTS, statements, {11: (5, 6)})
    assert partly.score(R) == DimensionScore()
    # No scores given at all.
    assert rec.response(ScoringMode.STATEMENTS, statements).missing == DIMENSIONS


def test_a_given_score_is_the_score_as_given_whatever_the_pair() -> None:
    """Shared for every pair on the scale (a long engagement reads thousands), and still
    an ordinary score for anything else a row might hold."""
    scale = [None, *range(SCORE_MIN, SCORE_MAX + 1)]
    for e in scale:
        for p in scale:
            score = given_score(e, p)
            assert score == DimensionScore(e, p)
            assert score.gap == (None if e is None or p is None else p - e)
            assert given_score(e, p) is score
    assert given_score(0, 9) == DimensionScore(0, 9)
    assert given_score(0, 9).gap == 9
