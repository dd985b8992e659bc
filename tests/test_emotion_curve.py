"""The emotion curve's data and the pain-point rule (pure functions, no Qt)."""

from __future__ import annotations

import itertools
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.emotion_curve import (
    OVERALL_NAME,
    CurvePoint,
    PhaseBand,
    emotion_curve,
    pain_points,
)
from cxdesk.models.journey_map import (
    EMOTION_MAX,
    EMOTION_MIN,
    HandoffItemRecord,
    JourneyMap,
    PhaseRecord,
    RevisitRecord,
    StakeholderRecord,
    TouchpointRecord,
)

ENG = 1


def tp(
    tid: int, phase: int, pos: int, emotion: int | None = None, **people: int
) -> TouchpointRecord:
    scores = {int(key[1:]): value for key, value in people.items()}  # s7=-2 -> {7: -2}
    return TouchpointRecord(
        tid, ENG, phase, pos, f"Touchpoint {tid}", emotion=emotion, stakeholder_emotions=scores
    )


def item(iid: int, phase: int, pos: int, done: bool) -> HandoffItemRecord:
    return HandoffItemRecord(iid, ENG, phase, pos, f"Item {iid}", done)


ANNA = StakeholderRecord(7, ENG, 0, "Anna", role="CFO", influence="high")
BEN = StakeholderRecord(8, ENG, 1, "Ben")  # never scored
CARO = StakeholderRecord(9, ENG, 2, "Caro", role="IT lead")

SALES = PhaseRecord(
    10,
    ENG,
    0,
    "Marketing & Sales",
    touchpoints=(tp(100, 10, 0, 2, s7=1), tp(101, 10, 1, None, s9=-1)),
)
EMPTY = PhaseRecord(
    11,
    ENG,
    1,
    "Implementation",
    handoff=(item(1, 11, 0, True), item(2, 11, 1, False), item(3, 11, 2, False)),
)
SUPPORT = PhaseRecord(
    12,
    ENG,
    2,
    "Support / Customer Success",
    touchpoints=(tp(102, 12, 0, -3, s7=-3), tp(103, 12, 1, 0), tp(104, 12, 2, -1, s9=-2)),
    handoff=(item(4, 12, 0, True),),
)
MAP = JourneyMap(ENG, phases=(SALES, EMPTY, SUPPORT), stakeholders=(ANNA, BEN, CARO))


def test_bands_cover_each_phase_and_keep_an_empty_phase_visible() -> None:
    curve = emotion_curve(MAP)
    assert [s.touchpoint.id if s.touchpoint else None for s in curve.slots] == [
        100,
        101,
        None,
        102,
        103,
        104,
    ]
    assert curve.bands == (
        PhaseBand(10, "Marketing & Sales", -0.5, 1.5),
        PhaseBand(11, "Implementation", 1.5, 2.5),  # one placeholder slot
        PhaseBand(12, "Support / Customer Success", 2.5, 5.5),
    )


def test_handoff_marks_sit_at_the_boundaries_with_their_open_counts() -> None:
    first, second = emotion_curve(MAP).handoffs
    assert (first.phase_id, first.x, first.open_items, first.total_items) == (11, 1.5, 2, 3)
    assert first.label == "Marketing & Sales → Implementation"
    assert first.risky
    assert (second.phase_id, second.x, second.open_items, second.total_items) == (12, 2.5, 0, 1)
    assert not second.risky


def test_a_handoff_without_a_checklist_is_marked_but_not_counted_as_open() -> None:
    bare = JourneyMap(ENG, phases=(SALES, PhaseRecord(11, ENG, 1, "Implementation")))
    (mark,) = emotion_curve(bare).handoffs
    assert (mark.x, mark.open_items, mark.total_items, mark.risky) == (1.5, 0, 0, False)


def test_first_phase_items_make_no_mark_there_is_no_boundary_before_it() -> None:
    reordered = JourneyMap(ENG, phases=(EMPTY, SALES))
    (mark,) = emotion_curve(reordered).handoffs
    assert mark.phase_id == SALES.id
    assert mark.x == 0.5


def test_series_overall_first_then_scored_stakeholders_in_order() -> None:
    curve = emotion_curve(MAP)
    assert [(s.key, s.name) for s in curve.series] == [
        (None, OVERALL_NAME),
        (7, "Anna"),
        (9, "Caro"),  # Ben has no score: no line; the role is not in the name
    ]
    overall, anna, caro = curve.series
    # Unscored touchpoints (101) and the empty phase's slot (2) are gaps, not zeros.
    assert overall.points == (
        CurvePoint(0, 100, 2),
        CurvePoint(3, 102, -3),
        CurvePoint(4, 103, 0),
        CurvePoint(5, 104, -1),
    )
    assert anna.points == (CurvePoint(0, 100, 1), CurvePoint(3, 102, -3))
    assert caro.points == (CurvePoint(1, 101, -1), CurvePoint(5, 104, -2))
    assert all(s.before == () for s in curve.series)
    assert curve.compared_with is None


def test_the_overall_line_is_there_even_before_anything_is_scored() -> None:
    blank = JourneyMap(
        ENG,
        phases=(PhaseRecord(10, ENG, 0, "Sales", touchpoints=(tp(1, 10, 0),)),),
        stakeholders=(ANNA,),
    )
    curve = emotion_curve(blank)
    assert [(s.name, s.points) for s in curve.series] == [(OVERALL_NAME, ())]
    assert curve.pain_points == ()
    assert not curve.has_scores


def test_pain_points_per_series_lowest_negative_first() -> None:
    curve = emotion_curve(MAP)
    assert [(p.series_key, p.touchpoint_id, p.score) for p in curve.pain_points] == [
        (None, 102, -3),
        (None, 104, -1),  # 0 at 103 is neutral, never a pain point
        (7, 102, -3),  # Anna's +1 is not one
        (9, 104, -2),
        (9, 101, -1),
    ]
    first = curve.pain_points[0]
    assert (first.x, first.series_name) == (3, OVERALL_NAME)


def pts(*scores: int) -> list[CurvePoint]:
    return [CurvePoint(x, 500 + x, s) for x, s in enumerate(scores)]


def test_pain_point_rule_ties_limit_order() -> None:
    assert [p.x for p in pain_points(pts(-1, -3, 2, -2, -3, -1, 0))] == [1, 4, 3]
    # Ties with the last one kept stay, in journey order (4 points for a limit of 3).
    assert [p.x for p in pain_points(pts(-2, -3, -2, -1, -2))] == [1, 0, 2, 4]
    assert [p.x for p in pain_points(pts(-1, -1, -1, -1, -1), limit=2)] == [0, 1, 2, 3, 4]
    assert [p.x for p in pain_points(pts(-3, -1, -2), limit=1)] == [0]
    assert pain_points(pts(0, 1, 3, 0)) == ()
    assert pain_points([]) == ()
    assert pain_points(pts(-3), limit=0) == ()


def revisit(emotions: dict[int, int], people: dict[tuple[int, int], int]) -> RevisitRecord:
    return RevisitRecord(1, 40, "Go-live", datetime(2026, 3, 1), emotions, people)


def test_the_compared_revisit_gives_before_points_at_todays_columns() -> None:
    # 999 was deleted since the revisit: it has no column now, so it is skipped.
    then = revisit({100: -1, 103: -2, 999: -3}, {(102, 7): -1, (999, 7): 2, (100, 8): 3})
    curve = emotion_curve(MAP, then)
    by_key = {s.key: s for s in curve.series}
    assert curve.compared_with == "Go-live"
    assert by_key[None].before == (CurvePoint(0, 100, -1), CurvePoint(4, 103, -2))
    assert by_key[7].before == (CurvePoint(3, 102, -1),)
    # Ben scored nothing today but did at the revisit: his old line is still worth seeing.
    assert by_key[8].points == ()
    assert by_key[8].before == (CurvePoint(0, 100, 3),)
    assert by_key[9].before == ()
    assert [s.key for s in curve.series] == [None, 7, 8, 9]
    # Pain points are about today, never about the compared revisit.
    assert all(p.series_key != 8 for p in curve.pain_points)


def test_an_empty_map() -> None:
    curve = emotion_curve(JourneyMap(ENG, stakeholders=(ANNA,)))
    assert curve.slots == curve.bands == curve.handoffs == curve.pain_points == ()
    assert [s.name for s in curve.series] == [OVERALL_NAME]
    assert not curve.has_scores


emotions = st.one_of(st.none(), st.integers(EMOTION_MIN, EMOTION_MAX))


@st.composite
def journeys(draw: st.DrawFn) -> JourneyMap:
    people = tuple(
        StakeholderRecord(50 + i, ENG, i, f"P{i}") for i in range(draw(st.integers(0, 3)))
    )
    phases = []
    next_id = 1000
    for p in range(draw(st.integers(0, 4))):
        tps = []
        for pos in range(draw(st.integers(0, 5))):
            scored = {
                person.id: score for person in people if (score := draw(emotions)) is not None
            }
            tps.append(
                TouchpointRecord(
                    next_id, ENG, p, pos, "t", emotion=draw(emotions), stakeholder_emotions=scored
                )
            )
            next_id += 1
        phases.append(PhaseRecord(p, ENG, p, f"Phase {p}", touchpoints=tuple(tps)))
    return JourneyMap(ENG, phases=tuple(phases), stakeholders=people)


@given(journeys(), st.integers(0, 6))
def test_points_sit_on_valid_slots_and_pain_points_are_negative_points(
    journey: JourneyMap, limit: int
) -> None:
    curve = emotion_curve(journey)
    for line in curve.series:
        xs = [p.x for p in line.points]
        assert xs == sorted(set(xs))
        for p in line.points:
            slot = curve.slots[p.x]
            assert slot.touchpoint is not None
            assert slot.touchpoint.id == p.touchpoint_id
            assert EMOTION_MIN <= p.score <= EMOTION_MAX
        chosen = pain_points(line.points, limit)
        assert set(chosen) <= {p for p in line.points if p.score < 0}
        assert len(chosen) >= min(limit, sum(1 for p in line.points if p.score < 0))
        assert list(chosen) == sorted(chosen, key=lambda p: (p.score, p.x))
    assert {(p.series_key, p.touchpoint_id, p.score) for p in curve.pain_points} <= {
        (line.key, p.touchpoint_id, p.score)
        for line in curve.series
        for p in line.points
        if p.score < 0
    }
    # The bands tile the x axis with no gap or overlap.
    edges = [(b.start, b.end) for b in curve.bands]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(edges))
    if edges:
        assert edges[0][0] == -0.5
        assert edges[-1][1] == len(curve.slots) - 0.5
