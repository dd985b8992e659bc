"""The emotion curve of a journey map: phase bands, handoff marks, one series per person.

Pure values for the chart, the summary and the reports. The curve's x is the map's
column (``map_slots``), so the grid and the curve always line up; an unscored touchpoint
is a gap in its series, never a zero (0 means "neutral", a real answer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxdesk.models.journey_map import JourneyMap, RevisitRecord, Slot, map_slots

OVERALL_NAME = "Client (overall)"
PAIN_POINT_LIMIT = 3  # the few lowest moments to fix "before they fester"


@dataclass(frozen=True, slots=True)
class PhaseBand:
    """A phase's stretch of the curve: from its first slot - 0.5 to its last slot + 0.5."""

    phase_id: int
    name: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class HandoffMark:
    """The boundary where the client is handed *into* ``phase_id``."""

    phase_id: int
    x: float  # k - 0.5, where k is the first slot of the phase handed into
    label: str  # "Marketing & Sales → Implementation"
    open_items: int
    total_items: int

    @property
    def risky(self) -> bool:
        """Risky while its checklist has open items (the same rule as ``Handoff.risky``)."""
        return self.open_items > 0


@dataclass(frozen=True, slots=True)
class CurvePoint:
    x: int  # the slot (grid column)
    touchpoint_id: int
    score: int


@dataclass(frozen=True, slots=True)
class CurveSeries:
    """One line: the client overall (``key`` None) or one stakeholder (``key`` its id)."""

    key: int | None
    name: str
    points: tuple[CurvePoint, ...]
    # The same person's scores at the compared revisit, at today's columns.
    before: tuple[CurvePoint, ...] = ()


@dataclass(frozen=True, slots=True)
class PainPoint:
    touchpoint_id: int
    x: int
    score: int
    series_key: int | None
    series_name: str


@dataclass(frozen=True, slots=True)
class EmotionCurve:
    slots: tuple[Slot, ...]
    bands: tuple[PhaseBand, ...]
    handoffs: tuple[HandoffMark, ...]
    series: tuple[CurveSeries, ...]
    pain_points: tuple[PainPoint, ...]
    compared_with: str | None = None  # the compared revisit's milestone name

    @property
    def has_scores(self) -> bool:
        return any(s.points or s.before for s in self.series)


def pain_points(
    points: Sequence[CurvePoint], limit: int = PAIN_POINT_LIMIT
) -> tuple[CurvePoint, ...]:
    """The lowest negative scores, lowest first then in journey order: at most ``limit``,
    plus any tied with the last one kept (a tie is not broken by where it happens to
    sit in the journey). Neutral and positive moments are never pain points."""
    ranked = sorted((p for p in points if p.score < 0), key=lambda p: (p.score, p.x))
    if limit <= 0 or not ranked:
        return ()
    if len(ranked) <= limit:
        return tuple(ranked)
    cut = ranked[limit - 1].score
    return tuple(ranked[:limit]) + tuple(p for p in ranked[limit:] if p.score == cut)


def emotion_curve(journey: JourneyMap, compare: RevisitRecord | None = None) -> EmotionCurve:
    """Everything the chart draws, in the map's column order.

    Series: "Client (overall)" first (always, even unscored, so the chart has its main
    line), then each stakeholder with at least one score now or at the compared revisit,
    in the stakeholders' order. A touchpoint deleted since the revisit has no column any
    more, so its old score is left out of ``before``.
    """
    slots = map_slots(journey)
    column = {s.touchpoint.id: x for x, s in enumerate(slots) if s.touchpoint is not None}
    series = [
        CurveSeries(
            None,
            OVERALL_NAME,
            tuple(
                CurvePoint(x, s.touchpoint.id, s.touchpoint.emotion)
                for x, s in enumerate(slots)
                if s.touchpoint is not None and s.touchpoint.emotion is not None
            ),
            _before(column, compare.emotions) if compare is not None else (),
        )
    ]
    for person in journey.stakeholders:
        points = tuple(
            CurvePoint(x, s.touchpoint.id, s.touchpoint.stakeholder_emotions[person.id])
            for x, s in enumerate(slots)
            if s.touchpoint is not None and person.id in s.touchpoint.stakeholder_emotions
        )
        before: tuple[CurvePoint, ...] = ()
        if compare is not None:
            theirs = {
                tp: score
                for (tp, who), score in compare.stakeholder_emotions.items()
                if who == person.id
            }
            before = _before(column, theirs)
        if points or before:
            series.append(CurveSeries(person.id, person.name, points, before))
    flagged = tuple(
        PainPoint(p.touchpoint_id, p.x, p.score, line.key, line.name)
        for line in series
        for p in pain_points(line.points)
    )
    return EmotionCurve(
        slots=slots,
        bands=_bands(slots),
        handoffs=_handoffs(journey, slots),
        series=tuple(series),
        pain_points=flagged,
        compared_with=compare.milestone_name if compare is not None else None,
    )


def _before(column: Mapping[int, int], scores: Mapping[int, int]) -> tuple[CurvePoint, ...]:
    kept = [CurvePoint(column[tp], tp, score) for tp, score in scores.items() if tp in column]
    return tuple(sorted(kept, key=lambda p: p.x))


def _bands(slots: Sequence[Slot]) -> tuple[PhaseBand, ...]:
    bands: list[PhaseBand] = []
    for x, slot in enumerate(slots):
        if bands and bands[-1].phase_id == slot.phase.id:
            last = bands[-1]
            bands[-1] = PhaseBand(last.phase_id, last.name, last.start, x + 0.5)
        else:
            bands.append(PhaseBand(slot.phase.id, slot.phase.name, x - 0.5, x + 0.5))
    return tuple(bands)


def _handoffs(journey: JourneyMap, slots: Sequence[Slot]) -> tuple[HandoffMark, ...]:
    first_slot: dict[int, int] = {}
    for x, slot in enumerate(slots):
        first_slot.setdefault(slot.phase.id, x)
    return tuple(
        HandoffMark(
            phase_id=h.to_phase.id,
            x=first_slot[h.to_phase.id] - 0.5,
            label=h.label,
            open_items=h.open_items,
            total_items=len(h.items),
        )
        for h in journey.handoffs()
    )
