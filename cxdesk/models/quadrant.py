"""The Project Experience Quadrant: value delivered against experience.

Both axes run from 0 to 10 with 5 as the line between low and high, and 5 always means
"exactly what was expected". How each axis is derived is spelt out in
:data:`VALUE_FORMULA` and :data:`EXPERIENCE_FORMULA`, which the Overview shows as is; a
consultant may override either axis with a manual score and a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import fmean

from cxdesk.language import N_
from cxdesk.models.gaps import LevelTriple, summarise
from cxdesk.models.pulse import CONFIDENCE_MAX, CONFIDENCE_MIN, CSAT_MAX, CSAT_MIN, PulseScore
from cxdesk.models.servqual import (
    SCORE_MAX,
    SCORE_MIN,
    RaterResponse,
    RespondentSide,
    dimension_gaps,
    unweighted_score,
    weighted_score,
)

AXIS_MIN = 0.0
AXIS_MAX = 10.0
MIDPOINT = 5.0

# The widest possible gaps: levels 1-5 give -4..+4, SERVQUAL's 1-7 gives -6..+6.
_DELIVERY_GAP_RANGE = 4
_SERVQUAL_GAP_RANGE = SCORE_MAX - SCORE_MIN

VALUE_FORMULA = N_(
    "Value delivered = 5 + 1.25 × the mean delivery gap (delivered − expected level, "
    "−4 to +4) over the expectations scored for both, from the Expectation Matrix. "
    "0 = everything far below what was expected, 5 = exactly as expected, 10 = far above."
)
EXPERIENCE_FORMULA = N_(
    "Experience = the mean of whichever of these there are: the client's SERVQUAL gap "
    "(perception − expectation, −6 to +6, weighted by each client respondent's "
    "importance points) as 5 + gap × 5/6; the mean CSAT (1-5) as (CSAT − 1) × 2.5; the mean "
    "confidence (1-10) as (confidence − 1) × 10/9. 5 = exactly as expected or neutral."
)


class Axis(StrEnum):
    VALUE = "value"
    EXPERIENCE = "experience"

    @property
    def label(self) -> str:
        return N_("Value delivered") if self is Axis.VALUE else N_("Experience")


class Quadrant(StrEnum):
    STELLAR_SUCCESS = "stellar_success"
    STYLE_OVER_SUBSTANCE = "style_over_substance"
    HIDDEN_HERO = "hidden_hero"
    TOTAL_MISFIRE = "total_misfire"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def advice(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Quadrant.STELLAR_SUCCESS: (N_("Stellar Success"), N_("Keep doing this!")),
    Quadrant.STYLE_OVER_SUBSTANCE: (N_("Style > Substance"), N_("Be careful!")),
    Quadrant.HIDDEN_HERO: (N_("Hidden Hero"), N_("You delivered, but no one noticed.")),
    Quadrant.TOTAL_MISFIRE: (N_("Total Misfire"), N_("Redesign everything.")),
}


def quadrant(value: float, experience: float) -> Quadrant:
    """The four cells; exactly 5 counts as high (it means "as expected")."""
    high_value = value >= MIDPOINT
    high_experience = experience >= MIDPOINT
    if high_experience:
        return Quadrant.STELLAR_SUCCESS if high_value else Quadrant.STYLE_OVER_SUBSTANCE
    return Quadrant.HIDDEN_HERO if high_value else Quadrant.TOTAL_MISFIRE


def _clamp(score: float) -> float:
    return max(AXIS_MIN, min(AXIS_MAX, score))


def value_from_delivery_gap(mean_gap: float) -> float:
    return _clamp(MIDPOINT + mean_gap * MIDPOINT / _DELIVERY_GAP_RANGE)


def value_delivered(levels: Iterable[LevelTriple]) -> float | None:
    mean_gap = summarise(levels).mean_delivery_gap
    return None if mean_gap is None else value_from_delivery_gap(mean_gap)


def experience_from_servqual_gap(gap: float) -> float:
    return _clamp(MIDPOINT + gap * MIDPOINT / _SERVQUAL_GAP_RANGE)


def experience_from_csat(mean_csat: float) -> float:
    return _clamp((mean_csat - CSAT_MIN) * AXIS_MAX / (CSAT_MAX - CSAT_MIN))


def experience_from_confidence(mean_confidence: float) -> float:
    return _clamp((mean_confidence - CONFIDENCE_MIN) * AXIS_MAX / (CONFIDENCE_MAX - CONFIDENCE_MIN))


def client_servqual_gap(responses: Iterable[RaterResponse]) -> float | None:
    """The client side's weighted score (equal weights for those who gave no points);
    unweighted when no client scored every dimension they weigh."""
    client = [r for r in responses if r.side is RespondentSide.CLIENT]
    weighted = weighted_score(client)
    if weighted is not None:
        return weighted
    return unweighted_score(dimension_gaps(client))


@dataclass(frozen=True, slots=True)
class ExperienceParts:
    """The pieces the experience axis is the mean of, each already on the 0-10 scale."""

    servqual: float | None = None
    csat: float | None = None
    confidence: float | None = None

    @property
    def score(self) -> float | None:
        parts = [p for p in (self.servqual, self.csat, self.confidence) if p is not None]
        return fmean(parts) if parts else None


def experience(responses: Iterable[RaterResponse], pulses: Iterable[PulseScore]) -> ExperienceParts:
    pulses = list(pulses)
    gap = client_servqual_gap(responses)
    csat = [p.csat for p in pulses if p.csat is not None]
    confidence = [p.confidence for p in pulses if p.confidence is not None]
    return ExperienceParts(
        servqual=None if gap is None else experience_from_servqual_gap(gap),
        csat=experience_from_csat(fmean(csat)) if csat else None,
        confidence=experience_from_confidence(fmean(confidence)) if confidence else None,
    )


@dataclass(frozen=True, slots=True)
class AxisScore:
    """An axis as computed, and as the consultant may have overridden it (with a reason)."""

    computed: float | None
    override: float | None = None
    reason: str = ""
    overridden_on: date | None = None  # a judgement has a date: it may have gone stale

    @property
    def effective(self) -> float | None:
        return self.override if self.override is not None else self.computed

    @property
    def is_overridden(self) -> bool:
        return self.override is not None


@dataclass(frozen=True, slots=True)
class Moment:
    """What one point of the path is computed from: a milestone, or now (``milestone_id``
    None)."""

    label: str
    milestone_id: int | None
    levels: Sequence[LevelTriple] = ()
    responses: Sequence[RaterResponse] = ()
    pulses: Sequence[PulseScore] = ()


@dataclass(frozen=True, slots=True)
class PathPoint:
    label: str
    milestone_id: int | None
    value: AxisScore
    experience: AxisScore
    experience_parts: ExperienceParts

    @property
    def position(self) -> tuple[float, float] | None:
        x, y = self.value.effective, self.experience.effective
        return None if x is None or y is None else (x, y)

    @property
    def quadrant(self) -> Quadrant | None:
        position = self.position
        return None if position is None else quadrant(*position)


@dataclass(frozen=True, slots=True)
class ManualScore:
    """A consultant's override of one axis: the score, why, and when it was made."""

    score: float
    reason: str
    made_on: date | None = None


Override = ManualScore


def path_point(
    moment: Moment,
    value_override: Override | None = None,
    experience_override: Override | None = None,
) -> PathPoint:
    parts = experience(moment.responses, moment.pulses)

    def axis(computed: float | None, override: Override | None) -> AxisScore:
        if override is None:
            return AxisScore(computed)
        return AxisScore(computed, override.score, override.reason, override.made_on)

    return PathPoint(
        label=moment.label,
        milestone_id=moment.milestone_id,
        value=axis(value_delivered(moment.levels), value_override),
        experience=axis(parts.score, experience_override),
        experience_parts=parts,
    )


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    UNKNOWN = "unknown"


class Better(StrEnum):
    """Which way a key number should move for the gap to be closing."""

    HIGHER = "higher"
    LOWER = "lower"
    NEARER_ZERO = "nearer_zero"


@dataclass(frozen=True, slots=True)
class KeyNumber:
    """One of the Overview's headline numbers, with its previous measurement."""

    name: str
    value: float | None
    previous: float | None = None
    since: str = ""  # what the previous measurement was ("M2 — Design sign-off")
    better: Better = Better.HIGHER
    explanation: str = ""
    # The day ``since`` names when the previous measurement was a day, not a milestone:
    # the toolkit prints it in its own language's date format, not ``since``'s English.
    since_day: date | None = None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def direction(self) -> Direction:
        if self.value is None or self.previous is None:
            return Direction.UNKNOWN
        # Compared as shown (one decimal): a change too small to see reads "no change",
        # never "worse" beside two equal numbers.
        now, before = round(self.value, 1), round(self.previous, 1)
        if self.better is Better.NEARER_ZERO:
            now, before = -abs(now), -abs(before)
        elif self.better is Better.LOWER:
            now, before = -now, -before
        if abs(now - before) < 1e-9:
            return Direction.SAME
        return Direction.BETTER if now > before else Direction.WORSE
