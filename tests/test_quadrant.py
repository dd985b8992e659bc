"""The Project Experience Quadrant (cxdesk.models.quadrant) and the Overview
(cxdesk.models.overview.build_overview), worked by hand.

Axis scalings, as the Overview states them:
  value      = 5 + 1.25 x mean delivery gap (-4..+4)
  SERVQUAL   = 5 + gap x 5/6 (-6..+6)
  CSAT       = (CSAT - 1) x 2.5
  confidence = (confidence - 1) x 10/9
  experience = mean of the parts there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from cxdesk.models.gaps import LevelTriple
from cxdesk.models.overview import NOW, build_overview
from cxdesk.models.pulse import PulseScore
from cxdesk.models.quadrant import (
    AXIS_MAX,
    AXIS_MIN,
    EXPERIENCE_FORMULA,
    MIDPOINT,
    VALUE_FORMULA,
    Axis,
    AxisScore,
    Better,
    Direction,
    ExperienceParts,
    KeyNumber,
    ManualScore,
    Moment,
    PathPoint,
    Quadrant,
    client_servqual_gap,
    experience,
    experience_from_confidence,
    experience_from_csat,
    experience_from_servqual_gap,
    path_point,
    quadrant,
    value_delivered,
    value_from_delivery_gap,
)
from cxdesk.models.records import (
    AssessmentRecord,
    ItemRecord,
    MilestoneRecord,
    OverrideRecord,
    PulseRecord,
    SnapshotRecord,
)
from cxdesk.models.servqual import DIMENSIONS, DimensionScore, RaterResponse, RespondentSide

TEAM, CLIENT = RespondentSide.TEAM, RespondentSide.CLIENT
EVEN = dict.fromkeys(DIMENSIONS, 20)  # 20 importance points on each dimension


def uniform(side: RespondentSide, gap: int, points: dict | None = None) -> RaterResponse:  # type: ignore[type-arg]
    """A complete respondent whose gap is ``gap`` on every dimension (E 4, P 4 + gap)."""
    return RaterResponse(side, dict.fromkeys(DIMENSIONS, DimensionScore(4, 4 + gap)), points)


# --- the four cells ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "experience_score", "cell"),
    [
        (5.0, 5.0, Quadrant.STELLAR_SUCCESS),  # exactly 5 is "as expected": high
        (10.0, 10.0, Quadrant.STELLAR_SUCCESS),
        (4.99, 5.0, Quadrant.STYLE_OVER_SUBSTANCE),  # felt good, delivered less
        (0.0, 9.0, Quadrant.STYLE_OVER_SUBSTANCE),
        (5.0, 4.99, Quadrant.HIDDEN_HERO),  # delivered, nobody noticed
        (9.0, 0.0, Quadrant.HIDDEN_HERO),
        (4.99, 4.99, Quadrant.TOTAL_MISFIRE),
        (0.0, 0.0, Quadrant.TOTAL_MISFIRE),
    ],
)
def test_quadrant_boundaries(value: float, experience_score: float, cell: Quadrant) -> None:
    assert quadrant(value, experience_score) is cell


def test_each_cell_has_its_label_and_advice() -> None:
    assert [(q.label, q.advice) for q in Quadrant] == [
        ("Stellar Success", "Keep doing this!"),
        ("Style > Substance", "Be careful!"),
        ("Hidden Hero", "You delivered, but no one noticed."),
        ("Total Misfire", "Redesign everything."),
    ]
    assert (AXIS_MIN, MIDPOINT, AXIS_MAX) == (0.0, 5.0, 10.0)
    assert Axis.VALUE.label == "Value delivered"
    assert Axis.EXPERIENCE.label == "Experience"
    assert "1.25" in VALUE_FORMULA
    assert "5/6" in EXPERIENCE_FORMULA
    assert "2.5" in EXPERIENCE_FORMULA


# --- value delivered -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "value"),
    [(-4, 0.0), (-2, 2.5), (0, 5.0), (1, 6.25), (4, 10.0), (-9, 0.0), (9, 10.0)],
)
def test_value_scaling(gap: float, value: float) -> None:
    # 5 + 1.25 x gap, clamped to 0..10: -2 -> 5 - 2.5 = 2.5; 1 -> 6.25.
    assert value_from_delivery_gap(gap) == value


def test_value_delivered_from_the_matrix() -> None:
    levels = [
        LevelTriple(4, 2, 1),  # delivery gap 2 - 4 = -2
        LevelTriple(3, 4, None),  # +1
        LevelTriple(5, None, 5),  # not delivered yet: left out
        LevelTriple(None, 3, 3),  # no expectation: left out
    ]
    # mean (-2 + 1) / 2 = -0.5; 5 + 1.25 x -0.5 = 4.375
    assert value_delivered(levels) == pytest.approx(4.375)
    assert value_delivered([]) is None
    assert value_delivered([LevelTriple(None, None, None)]) is None


# --- experience ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "score"),
    [(-6, 0.0), (-1.2, 4.0), (0, 5.0), (3, 7.5), (6, 10.0)],  # 5 + gap x 5/6
)
def test_servqual_scaling(gap: float, score: float) -> None:
    assert experience_from_servqual_gap(gap) == pytest.approx(score)


@pytest.mark.parametrize(("csat", "score"), [(1, 0.0), (3, 5.0), (4.2, 8.0), (5, 10.0)])
def test_csat_scaling(csat: float, score: float) -> None:
    assert experience_from_csat(csat) == pytest.approx(score)  # (CSAT - 1) x 2.5


@pytest.mark.parametrize(("confidence", "score"), [(1, 0.0), (5.5, 5.0), (8, 70 / 9), (10, 10.0)])
def test_confidence_scaling(confidence: float, score: float) -> None:
    assert experience_from_confidence(confidence) == pytest.approx(score)  # (c - 1) x 10/9


def test_experience_parts_mean_of_what_there_is() -> None:
    assert ExperienceParts(2.0, 5.0, 8.0).score == pytest.approx(5.0)  # 15 / 3
    assert ExperienceParts(servqual=4.0, confidence=7.0).score == pytest.approx(5.5)  # 11 / 2
    assert ExperienceParts(csat=0.0).score == 0.0  # a real 0 is kept
    assert ExperienceParts().score is None


def test_client_servqual_gap_weighted_when_a_client_gave_points() -> None:
    # Team respondents never count towards the client's gap.
    said = [uniform(TEAM, 3, EVEN), uniform(CLIENT, -2, EVEN), uniform(CLIENT, 0)]
    # Weighted: the first client's points, equal weights for the second: (-2 + 0) / 2.
    assert client_servqual_gap(said) == pytest.approx(-1.0)
    # No client gave points: unweighted over the clients, (-2 + 0) / 2 = -1 per dimension.
    assert client_servqual_gap([uniform(CLIENT, -2), uniform(CLIENT, 0)]) == pytest.approx(-1.0)
    assert client_servqual_gap([uniform(TEAM, 3, EVEN)]) is None


def test_experience_from_responses_and_pulses() -> None:
    ann = RaterResponse(
        CLIENT,
        {
            DIMENSIONS[0]: DimensionScore(6, 4),  # -2, 40 points
            DIMENSIONS[1]: DimensionScore(5, 5),  # 0, 10 points
            DIMENSIONS[2]: DimensionScore(4, 6),  # +2, 0 points
            DIMENSIONS[3]: DimensionScore(7, 4),  # -3, 30 points
            DIMENSIONS[4]: DimensionScore(5, 4),  # -1, 20 points
        },
        dict(zip(DIMENSIONS, (40, 10, 0, 30, 20), strict=True)),
    )
    day = date(2026, 3, 2)
    pulses = [PulseScore(day, 7, 4), PulseScore(day, None, 5), PulseScore(day, 8, None)]
    parts = experience([ann, uniform(TEAM, 3)], pulses)
    # SERVQUAL: weighted -0.8 + 0 + 0 - 0.9 - 0.2 = -1.9 -> 5 - 1.9 x 5/6 = 3.41667
    assert parts.servqual == pytest.approx(5 - 1.9 * 5 / 6)
    # CSAT (4 + 5) / 2 = 4.5 -> 3.5 x 2.5 = 8.75
    assert parts.csat == pytest.approx(8.75)
    # Confidence (7 + 8) / 2 = 7.5 -> 6.5 x 10/9 = 7.2222
    assert parts.confidence == pytest.approx(65 / 9)
    assert parts.score == pytest.approx((5 - 1.9 * 5 / 6 + 8.75 + 65 / 9) / 3)

    nothing = experience([], [])
    assert nothing == ExperienceParts()
    assert nothing.score is None


# --- axes, overrides, path points ----------------------------------------------------


def test_axis_score_override() -> None:
    computed = AxisScore(4.0)
    assert computed.effective == 4.0
    assert not computed.is_overridden
    overridden = AxisScore(4.0, 7.5, "Sponsor praised the pilot")
    assert overridden.effective == 7.5
    assert overridden.is_overridden
    # An override of 0 is an override (not "no override").
    assert AxisScore(6.0, 0.0, "Contract cancelled").effective == 0.0
    # An override stands in for a score that cannot be computed.
    assert AxisScore(None, 3.0, "Judged from interviews").effective == 3.0
    assert AxisScore(None).effective is None


def test_path_point_from_a_moment() -> None:
    moment = Moment(
        "Design sign-off",
        2,
        levels=[LevelTriple(4, 5, 5)],  # delivery +1 -> 6.25
        responses=[uniform(CLIENT, -3)],  # -3 -> 5 - 2.5 = 2.5
        pulses=[],
    )
    point = path_point(moment)
    assert point.label == "Design sign-off"
    assert point.milestone_id == 2
    assert point.position == pytest.approx((6.25, 2.5))
    assert point.quadrant is Quadrant.HIDDEN_HERO

    lifted = path_point(moment, experience_override=ManualScore(6.0, "Workshop went well"))
    assert lifted.experience.computed == pytest.approx(2.5)
    assert (lifted.experience.override, lifted.experience.reason) == (6.0, "Workshop went well")
    assert lifted.quadrant is Quadrant.STELLAR_SUCCESS
    assert lifted.experience_parts.servqual == pytest.approx(2.5)  # the parts stay computed


def test_a_point_without_both_axes_has_no_position() -> None:
    point = path_point(Moment(NOW, None, levels=[LevelTriple(4, 5, 5)]))
    assert point.value.effective == pytest.approx(6.25)
    assert point.experience.effective is None
    assert point.position is None
    assert point.quadrant is None


# --- key numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("better", "value", "previous", "direction"),
    [
        (Better.HIGHER, 3.0, 2.0, Direction.BETTER),
        (Better.HIGHER, 2.0, 3.0, Direction.WORSE),
        (Better.HIGHER, 2.0, 2.0, Direction.SAME),
        (Better.LOWER, 2.0, 5.0, Direction.BETTER),  # fewer trailing expectations
        (Better.LOWER, 5.0, 2.0, Direction.WORSE),
        (Better.NEARER_ZERO, -1.0, 2.0, Direction.BETTER),  # |−1| < |2|
        (Better.NEARER_ZERO, 1.0, -0.5, Direction.WORSE),
        (Better.NEARER_ZERO, -1.0, 1.0, Direction.SAME),  # as far from 0 either side
        (Better.NEARER_ZERO, 0.1 + 0.2, 0.3, Direction.SAME),  # float noise is no change
        (Better.HIGHER, None, 2.0, Direction.UNKNOWN),
        (Better.HIGHER, 2.0, None, Direction.UNKNOWN),
        (Better.LOWER, None, None, Direction.UNKNOWN),
    ],
)
def test_key_number_direction(
    better: Better, value: float | None, previous: float | None, direction: Direction
) -> None:
    number = KeyNumber("n", value, previous, "M1", better)
    assert number.direction is direction
    if value is None or previous is None:
        assert number.change is None
    else:
        assert number.change == pytest.approx(value - previous)


# --- build_overview ------------------------------------------------------------------
#
# A hand-built engagement:
#   milestones M1 "Kickoff" (id 1), M2 "Design sign-off" (id 2), M3 "Go-live" (id 3, no data)
#   matrix now: item 10 (4,4,4) delivery 0; item 11 (3,5,2) delivery +2, perceived -1.
#     value now = 5 + 1.25 x (0 + 2)/2 = 6.25; trailing rows now: 1 (item 11)
#   snapshots M1: item 10 (4,2,2) -2/-2, item 11 (3,3,3) 0/0
#     value M1 = 5 + 1.25 x (-2 + 0)/2 = 3.75; trailing 1
#   snapshots M2: item 10 (4,3,4) -1/0, item 11 (3,4,2) +1/-1
#     value M2 = 5 + 1.25 x 0 = 5.0; trailing 2
#   assessments (given out of order; sorted by date held):
#     a1 "Kickoff RATER" 10 Jan at M1: team +1, client -2, no points
#     a2 "Design RATER" 10 Feb at M2: team +2, client -1, 20 points each
#     a3 "March RATER" 1 Mar, no milestone: team +2, client 0, 20 points each
#   pulses: 12 Jan at M1: (conf 4, CSAT 2), (conf 6, no CSAT)  -> conf 5, CSAT 2
#           12 Feb at M2: (conf 7, CSAT 4), (conf 9, CSAT 5)   -> conf 8, CSAT 4.5

M1, M2, M3 = 1, 2, 3
JAN_12, FEB_12 = date(2026, 1, 12), date(2026, 2, 12)
MILESTONES = [
    MilestoneRecord(M1, 1, 0, "Kickoff", date(2026, 1, 9), datetime(2026, 1, 9, 17)),
    MilestoneRecord(M2, 1, 1, "Design sign-off", date(2026, 2, 9), datetime(2026, 2, 9, 17)),
    MilestoneRecord(M3, 1, 2, "Go-live", date(2026, 4, 1), None),
]
ITEMS = [
    ItemRecord(10, 1, 0, expected_level=4, delivered_level=4, experienced_level=4),
    ItemRecord(11, 1, 1, expected_level=3, delivered_level=5, experienced_level=2),
]
SNAPSHOTS = [
    SnapshotRecord(10, M1, LevelTriple(4, 2, 2)),
    SnapshotRecord(11, M1, LevelTriple(3, 3, 3)),
    SnapshotRecord(10, M2, LevelTriple(4, 3, 4)),
    SnapshotRecord(11, M2, LevelTriple(3, 4, 2)),
]


def assessment(id_: int, title: str, held: date | None, milestone: int | None) -> AssessmentRecord:
    return AssessmentRecord(id_, 1, milestone, title, held, "dimensions", "", datetime(2026, 1, 1))


A1 = (
    assessment(1, "Kickoff RATER", date(2026, 1, 10), M1),
    [uniform(TEAM, 1), uniform(CLIENT, -2)],
)
A2 = (
    assessment(2, "Design RATER", date(2026, 2, 10), M2),
    [uniform(TEAM, 2, EVEN), uniform(CLIENT, -1, EVEN)],
)
A3 = (
    assessment(3, "March RATER", date(2026, 3, 1), None),
    [uniform(TEAM, 2, EVEN), uniform(CLIENT, 0, EVEN)],
)
PULSES = [
    PulseRecord(1, 1, M1, JAN_12, "Dana", 4, 2),
    PulseRecord(2, 1, M1, JAN_12, "Eli", 6, None),
    PulseRecord(3, 1, M2, FEB_12, "Dana", 7, 4),
    PulseRecord(4, 1, M2, FEB_12, "Eli", 9, 5),
]


def overview(
    assessments: Sequence = (A3, A1, A2),  # type: ignore[type-arg]
    overrides: Sequence[OverrideRecord] = (),
):  # type: ignore[no-untyped-def]
    return build_overview(MILESTONES, ITEMS, SNAPSHOTS, list(assessments), PULSES, overrides)


def test_the_path_has_a_point_per_milestone_with_data_then_now() -> None:
    path = overview().path
    assert [p.label for p in path] == ["Kickoff", "Design sign-off", NOW]  # M3 has no data
    assert [p.milestone_id for p in path] == [M1, M2, None]
    assert [p.value.computed for p in path] == pytest.approx([3.75, 5.0, 6.25])


def test_each_milestone_point_uses_its_own_assessments_and_pulses() -> None:
    result = overview()
    m1, m2, now = result.path
    assert result.now is now
    # M1: client of a1, unweighted -2 -> 5 - 2 x 5/6 = 3.3333; CSAT 2 -> 2.5;
    #     confidence 5 -> 4 x 10/9 = 4.4444; experience (3.3333 + 2.5 + 4.4444)/3 = 3.4259
    assert m1.experience_parts == ExperienceParts(
        pytest.approx(5 - 10 / 6), pytest.approx(2.5), pytest.approx(40 / 9)
    )
    assert m1.experience.computed == pytest.approx((5 - 10 / 6 + 2.5 + 40 / 9) / 3)
    assert m1.quadrant is Quadrant.TOTAL_MISFIRE  # (3.75, 3.43)
    # M2: client of a2, weighted -1 -> 5 - 5/6 = 4.1667; CSAT 4.5 -> 8.75;
    #     confidence 8 -> 7 x 10/9 = 7.7778; mean 6.8981
    assert m2.experience.computed == pytest.approx((5 - 5 / 6 + 8.75 + 70 / 9) / 3)
    assert m2.quadrant is Quadrant.STELLAR_SUCCESS  # value exactly 5.0 counts as high
    # Now: the latest assessment (a3, client 0 -> 5) and the latest pulse day (12 Feb).
    assert now.experience_parts.servqual == pytest.approx(5.0)
    assert now.experience_parts.csat == pytest.approx(8.75)
    assert now.experience.computed == pytest.approx((5 + 8.75 + 70 / 9) / 3)
    assert now.quadrant is Quadrant.STELLAR_SUCCESS  # (6.25, 7.18)


def test_overrides_apply_to_their_own_point_and_axis() -> None:
    overrides = [
        OverrideRecord(1, 1, M1, "value", 6.0, "Pilot went live early"),
        OverrideRecord(2, 1, None, "experience", 4.0, "Sponsor unhappy since the outage"),
        OverrideRecord(3, 1, M3, "value", 9.0, "No data yet"),  # M3 is not on the path
    ]
    m1, m2, now = overview(overrides=overrides).path
    assert m1.value == AxisScore(3.75, 6.0, "Pilot went live early")
    assert not m1.experience.is_overridden
    assert m1.quadrant is Quadrant.HIDDEN_HERO  # (6.0, 3.43)
    assert not m2.value.is_overridden
    assert not m2.experience.is_overridden
    assert not now.value.is_overridden
    assert now.experience.effective == 4.0
    assert now.experience.reason == "Sponsor unhappy since the outage"
    assert now.experience.computed == pytest.approx((5 + 8.75 + 70 / 9) / 3)
    assert now.quadrant is Quadrant.HIDDEN_HERO  # (6.25, 4.0)


def test_key_numbers_compare_with_the_previous_measurement() -> None:
    gap, difference, confidence, csat, trailing = overview().key_numbers
    # The client's weighted gap: a3's client 0 against a2's client -1: better.
    assert gap.name.startswith("Client's SERVQUAL gap")
    assert (gap.value, gap.previous, gap.since) == (0.0, -1.0, "Design RATER")
    assert gap.direction is Direction.BETTER
    # Team minus client: a3 2 - 0 = 2 against a2 2 - (-1) = 3: nearer zero, better.
    assert (difference.value, difference.previous) == (2.0, 3.0)
    assert difference.since == "Design RATER"
    assert difference.direction is Direction.BETTER
    # Confidence: 12 Feb mean 8 against the previous milestone's (Kickoff, 12 Jan) mean 5;
    # CSAT 4.5 against 2.
    assert (confidence.value, confidence.previous) == (8.0, 5.0)
    assert confidence.since == "Kickoff"
    assert (csat.value, csat.previous, csat.since) == (4.5, 2.0, "Kickoff")
    assert confidence.direction is csat.direction is Direction.BETTER
    # Trailing rows now 1 against 2 at the last revalidated milestone (M2): fewer, better.
    assert (trailing.value, trailing.previous, trailing.since) == (1.0, 2.0, "Design sign-off")
    assert trailing.direction is Direction.BETTER


def test_the_gap_is_the_clients_with_equal_weights_for_those_without_points() -> None:
    # a1's client gave no points: equal weights, so their gap is -2 on every dimension,
    # compared like with like against a2's client (20 points each, -1).
    gap = overview(assessments=[A1, A2]).key_numbers[0]
    assert (gap.value, gap.previous, gap.since) == (-1.0, -2.0, "Kickoff RATER")
    assert gap.direction is Direction.BETTER
    # Only our team scored: no client gap (team ratings are never passed off as the client's).
    team_only = (assessment(4, "Team only", date(2026, 4, 1), None), [uniform(TEAM, 2, EVEN)])
    only = overview(assessments=[team_only]).key_numbers[0]
    assert (only.value, only.previous, only.since) == (None, None, "")
    assert only.direction is Direction.UNKNOWN


def test_an_undated_assessment_is_placed_by_when_it_was_entered() -> None:
    late = AssessmentRecord(9, 1, None, "Undated", None, "dimensions", "", datetime(2026, 6, 1))
    now = overview(assessments=[A1, (late, [uniform(CLIENT, 3)]), A3]).now
    # Entered 1 June, after a3 (held 1 March): it is the latest. Client +3 -> 7.5.
    assert now.experience_parts.servqual == pytest.approx(7.5)


def test_an_empty_engagement_has_a_now_point_and_unknown_numbers() -> None:
    result = build_overview([], [], [], [], [])
    assert len(result.path) == 1
    now: PathPoint = result.now
    assert (now.label, now.position, now.quadrant) == (NOW, None, None)
    gap, difference, confidence, csat, trailing = result.key_numbers
    assert [n.value for n in (gap, difference, confidence, csat)] == [None] * 4
    assert (trailing.value, trailing.previous) == (0.0, None)
    assert all(n.direction is Direction.UNKNOWN for n in result.key_numbers)


def test_a_new_empty_assessment_does_not_blank_now_or_the_key_numbers() -> None:
    from datetime import date, datetime

    from cxdesk.models.overview import build_overview
    from cxdesk.models.records import AssessmentRecord
    from cxdesk.models.servqual import DIMENSIONS, DimensionScore, RaterResponse, RespondentSide

    def assessment(id_: int, day: int) -> AssessmentRecord:
        return AssessmentRecord(
            id_, 1, None, f"A{id_}", date(2026, 1, day), "dimensions", "", datetime(2026, 1, 1)
        )

    # Client: E 6, P 4 everywhere -> gap -2 -> experience 5 + (-2) x 5/6 = 3.33...
    client = RaterResponse(RespondentSide.CLIENT, dict.fromkeys(DIMENSIONS, DimensionScore(6, 4)))
    overview = build_overview(
        milestones=[],
        items=[],
        snapshots=[],
        assessments=[(assessment(1, 5), [client]), (assessment(2, 9), [])],
        pulses=[],
    )
    assert overview.now.experience.computed == pytest.approx(5 - 2 * 5 / 6)
    gap = overview.key_numbers[0]
    assert gap.value == pytest.approx(-2.0)


def test_a_change_too_small_to_show_is_no_change() -> None:
    from cxdesk.models.quadrant import Better, KeyNumber

    # -0.58 and -0.62 both show as -0.6: "no change", not "worse" beside equal numbers.
    assert KeyNumber("gap", -0.62, -0.58, "M1", Better.HIGHER).direction is Direction.SAME
    assert KeyNumber("gap", -0.66, -0.58, "M1", Better.HIGHER).direction is Direction.WORSE


def test_pulse_numbers_compare_with_the_previous_milestones_checks() -> None:
    # Kickoff: 4 and 6 (mean 5). An unlinked check on 1 Feb: 9. Design sign-off: 7.
    # The latest day (Design sign-off) is compared with Kickoff, not with the lone 9.
    pulses = [
        PulseRecord(1, 1, M1, JAN_12, "Dana", 4, None),
        PulseRecord(2, 1, M1, JAN_12, "Eli", 6, None),
        PulseRecord(3, 1, None, date(2026, 2, 1), "Fay", 9, None),
        PulseRecord(4, 1, M2, FEB_12, "Dana", 7, None),
    ]
    numbers = build_overview(MILESTONES, ITEMS, SNAPSHOTS, [], pulses).key_numbers
    confidence = next(n for n in numbers if n.name.startswith("Client confidence"))
    assert (confidence.value, confidence.previous, confidence.since) == (7.0, 5.0, "Kickoff")
    # No pulse linked to a milestone: the day before is the previous measurement.
    unlinked = [
        PulseRecord(1, 1, None, JAN_12, "", 4, None),
        PulseRecord(2, 1, None, FEB_12, "", 6, None),
    ]
    numbers = build_overview(MILESTONES, ITEMS, SNAPSHOTS, [], unlinked).key_numbers
    confidence = next(n for n in numbers if n.name.startswith("Client confidence"))
    assert (confidence.value, confidence.previous, confidence.since) == (6.0, 4.0, "12 Jan 2026")
