"""The RATER scorecard (SERVQUAL) maths, as plain functions on plain values.

Conventions (the scorecard tab states them too):

- Each respondent scores, per dimension, their **expectation** (E) and their
  **perception** (P) on the published SERVQUAL instrument's 7-point scale
  (1 = strongly disagree, 7 = strongly agree).
- **gap = P - E**, per respondent and dimension. Negative means the experience trails
  what was expected; a low score in any dimension is an experience gap.
- **dimension gap** = the mean of the respondents' gaps for that dimension. A respondent
  who did not score both E and P for a dimension is left out of that mean (and shown as
  incomplete); a missing score is never counted as zero.
- **unweighted score** = the mean of the five dimension gaps; it exists only when all
  five dimensions have a gap, so scores over different dimensions are never compared.
- **weighted score**: each respondent may split 100 importance points across the five
  dimensions; their weighted gap is sum(points / 100 x their gap) over the dimensions.
  A respondent who split no points weighs every dimension equally (20 each), so nobody
  is left out for skipping the points. The weighted score is the mean of the weighted
  gaps of the respondents who scored every dimension they weigh.
- **by statements**: a respondent's E (or P) for a dimension is the mean of their scores
  for that dimension's statements, and only exists once every statement is scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from math import fsum
from statistics import fmean

from cxdesk.language import N_
from cxdesk.models.ranking import highest_indexes, lowest_indexes

SCORE_MIN = 1
SCORE_MAX = 7
POINTS_TOTAL = 100

SCALE_LABELS = {
    1: N_("1 - strongly disagree"),
    2: N_("2 - disagree"),
    3: N_("3 - somewhat disagree"),
    4: N_("4 - neither"),
    5: N_("5 - somewhat agree"),
    6: N_("6 - agree"),
    7: N_("7 - strongly agree"),
}


class RaterDimension(StrEnum):
    """The five dimensions of experience, in RATER order."""

    RELIABILITY = "reliability"
    ASSURANCE = "assurance"
    TANGIBLES = "tangibles"
    EMPATHY = "empathy"
    RESPONSIVENESS = "responsiveness"

    @property
    def label(self) -> str:
        return _DIMENSION_LABELS[self]

    @property
    def question(self) -> str:
        """The dimension's definition, as the question the respondent answers."""
        return _QUESTIONS[self]

    @property
    def servqual_items(self) -> int:
        """How many statements the published SERVQUAL instrument uses for it."""
        return _SERVQUAL_ITEMS[self]


_DIMENSION_LABELS = {
    RaterDimension.RELIABILITY: N_("Reliability"),
    RaterDimension.ASSURANCE: N_("Assurance"),
    RaterDimension.TANGIBLES: N_("Tangibles"),
    RaterDimension.EMPATHY: N_("Empathy"),
    RaterDimension.RESPONSIVENESS: N_("Responsiveness"),
}

_QUESTIONS = {
    RaterDimension.RELIABILITY: N_("Did we deliver what we promised?"),
    RaterDimension.ASSURANCE: N_("Did the customer feel confident in our capability?"),
    RaterDimension.TANGIBLES: N_("Were outputs polished and professional?"),
    RaterDimension.EMPATHY: N_("Did we understand their real pain points?"),
    RaterDimension.RESPONSIVENESS: N_("Did we act quickly when issues came up?"),
}

_SERVQUAL_ITEMS = {
    RaterDimension.RELIABILITY: 5,
    RaterDimension.ASSURANCE: 4,
    RaterDimension.TANGIBLES: 4,
    RaterDimension.EMPATHY: 5,
    RaterDimension.RESPONSIVENESS: 4,
}

DIMENSIONS: tuple[RaterDimension, ...] = tuple(RaterDimension)


class RespondentSide(StrEnum):
    """Who is scoring: providers rate themselves far above their clients."""

    TEAM = "team"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return N_("Our team") if self is RespondentSide.TEAM else N_("Client")


class ScoringMode(StrEnum):
    """Score each dimension directly, or as the mean of its statements."""

    DIMENSIONS = "dimensions"
    STATEMENTS = "statements"

    @property
    def label(self) -> str:
        return "One score per dimension" if self is ScoringMode.DIMENSIONS else "By statements"


Score = float | None


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One respondent's expectation and perception for one dimension."""

    expectation: Score = None
    perception: Score = None

    @property
    def gap(self) -> float | None:
        """P - E; ``None`` unless both are scored."""
        if self.expectation is None or self.perception is None:
            return None
        return self.perception - self.expectation


# Every pair a respondent can give directly on the scale, built once: a long engagement
# reads thousands of them, and a frozen dataclass is slow to build (they are immutable,
# so sharing them is safe).
_GIVEN_SCORES = {
    (e, p): DimensionScore(e, p)
    for e in (None, *range(SCORE_MIN, SCORE_MAX + 1))
    for p in (None, *range(SCORE_MIN, SCORE_MAX + 1))
}


def given_score(expectation: int | None, perception: int | None) -> DimensionScore:
    """The E and P a respondent gave for a dimension, as a :class:`DimensionScore`."""
    shared = _GIVEN_SCORES.get((expectation, perception))
    return shared if shared is not None else DimensionScore(expectation, perception)


@dataclass(frozen=True, slots=True)
class RaterResponse:
    """Everything one respondent said in one assessment."""

    side: RespondentSide
    scores: Mapping[RaterDimension, DimensionScore] = field(default_factory=dict)
    points: Mapping[RaterDimension, int] | None = None
    name: str = ""

    def score(self, dimension: RaterDimension) -> DimensionScore:
        return self.scores.get(dimension, DimensionScore())

    def gap(self, dimension: RaterDimension) -> float | None:
        # Not through score(): the Overview asks this of every respondent of an engagement.
        score = self.scores.get(dimension)
        return None if score is None else score.gap

    @property
    def missing(self) -> tuple[RaterDimension, ...]:
        """Dimensions this respondent has not scored both E and P for."""
        return tuple(d for d in DIMENSIONS if self.gap(d) is None)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def statement_mean(scores: Sequence[int | None]) -> float | None:
    """A dimension's score from its statements: their mean, once every one is scored."""
    numbers = [s for s in scores if s is not None]
    if not numbers or len(numbers) < len(scores):
        return None
    return fsum(numbers) / len(numbers)  # fmean's own sum, without its generator wrapper


def points_problem(points: Mapping[RaterDimension, int | None]) -> str | None:
    """Why a split of importance points cannot be saved, or ``None`` if it can."""
    values = [points.get(d) for d in DIMENSIONS]
    if all(v is None for v in values):
        return None
    if any(v is None for v in values):
        return "Give every dimension its points (0 is allowed), or clear them all."
    numbers = [v for v in values if v is not None]
    if any(v < 0 or v > POINTS_TOTAL for v in numbers):
        return f"Each dimension takes 0 to {POINTS_TOTAL} points."
    total = sum(numbers)
    if total != POINTS_TOTAL:
        return f"The points add up to {total}; they must add up to exactly {POINTS_TOTAL}."
    return None


EQUAL_POINTS = {d: POINTS_TOTAL // len(DIMENSIONS) for d in DIMENSIONS}


def respondent_weighted_gap(response: RaterResponse) -> float | None:
    """sum(points/100 x gap) for one respondent (equal points if they gave none);
    ``None`` when a dimension they weigh is not scored."""
    points = EQUAL_POINTS if response.points is None else response.points
    if points is not EQUAL_POINTS and points_problem(points) is not None:
        return None
    total = 0.0
    for dimension in DIMENSIONS:
        weight = points.get(dimension, 0)
        if weight == 0:
            continue  # a dimension given no importance needs no score
        gap = response.gap(dimension)
        if gap is None:
            return None
        total += weight / POINTS_TOTAL * gap
    return total


def dimension_gaps(responses: Iterable[RaterResponse]) -> dict[RaterDimension, float | None]:
    """Mean gap per dimension over the respondents who scored it."""
    gaps: dict[RaterDimension, list[float]] = {d: [] for d in DIMENSIONS}
    for response in responses:
        for dimension in DIMENSIONS:
            gap = response.gap(dimension)
            if gap is not None:
                gaps[dimension].append(gap)
    return {d: (fmean(values) if values else None) for d, values in gaps.items()}


def dimension_means(
    responses: Iterable[RaterResponse],
) -> dict[RaterDimension, DimensionScore]:
    """Mean E and mean P per dimension (the radar), over the same respondents as the gap.

    Only respondents who scored both E and P count, so mean P - mean E is exactly the
    dimension gap and the radar never disagrees with the bars.
    """
    expectations: dict[RaterDimension, list[float]] = {d: [] for d in DIMENSIONS}
    perceptions: dict[RaterDimension, list[float]] = {d: [] for d in DIMENSIONS}
    for response in responses:
        for dimension in DIMENSIONS:
            e, p = response.score(dimension).expectation, response.score(dimension).perception
            if e is not None and p is not None:
                expectations[dimension].append(e)
                perceptions[dimension].append(p)
    return {
        d: DimensionScore(
            fmean(expectations[d]) if expectations[d] else None,
            fmean(perceptions[d]) if perceptions[d] else None,
        )
        for d in DIMENSIONS
    }


def unweighted_score(gaps: Mapping[RaterDimension, float | None]) -> float | None:
    """The mean of the five dimension gaps; ``None`` unless all five exist."""
    values = [gaps.get(d) for d in DIMENSIONS]
    if any(v is None for v in values):
        return None
    return fmean(v for v in values if v is not None)


def weighted_score(responses: Iterable[RaterResponse]) -> float | None:
    """The mean of the respondents' weighted gaps, over those who have one."""
    values = [g for g in (respondent_weighted_gap(r) for r in responses) if g is not None]
    return fmean(values) if values else None


def weakest_dimensions(
    gaps: Mapping[RaterDimension, float | None],
) -> tuple[RaterDimension, ...]:
    """The dimensions with the lowest gap, every one of a tie, in RATER order."""
    return tuple(DIMENSIONS[i] for i in lowest_indexes([gaps.get(d) for d in DIMENSIONS]))


def experience_gaps(gaps: Mapping[RaterDimension, float | None]) -> tuple[RaterDimension, ...]:
    """The experience gap: the weakest dimensions (all of a tie), when perception trails
    expectation there; empty when it trails nowhere."""
    weakest = weakest_dimensions(gaps)
    gap = gaps.get(weakest[0]) if weakest else None
    return weakest if gap is not None and gap < 0 else ()


@dataclass(frozen=True, slots=True)
class SideComparison:
    """Our team's and the client's dimension gaps side by side (a team rates itself higher)."""

    team: Mapping[RaterDimension, float | None]
    client: Mapping[RaterDimension, float | None]

    def difference(self, dimension: RaterDimension) -> float | None:
        """Team gap minus client gap: positive means we think it went better than they do."""
        team, client = self.team.get(dimension), self.client.get(dimension)
        if team is None or client is None:
            return None
        return team - client

    @property
    def overall_difference(self) -> float | None:
        """Team minus client, unweighted scores; ``None`` unless both sides are complete."""
        team, client = unweighted_score(self.team), unweighted_score(self.client)
        if team is None or client is None:
            return None
        return team - client

    @property
    def widest(self) -> tuple[RaterDimension, ...]:
        """The dimensions where the two sides disagree most, either way: every one of a tie,
        in RATER order (empty when no dimension has both sides)."""
        sizes = [None if (diff := self.difference(d)) is None else abs(diff) for d in DIMENSIONS]
        return tuple(DIMENSIONS[i] for i in highest_indexes(sizes))


def compare_sides(responses: Iterable[RaterResponse]) -> SideComparison:
    team: list[RaterResponse] = []
    client: list[RaterResponse] = []
    for response in responses:
        (team if response.side is RespondentSide.TEAM else client).append(response)
    return SideComparison(dimension_gaps(team), dimension_gaps(client))


@dataclass(frozen=True, slots=True)
class ScorecardSummary:
    """Everything the scorecard shows about one assessment (or a pool of them)."""

    respondents: int
    incomplete: int
    gaps: Mapping[RaterDimension, float | None]
    means: Mapping[RaterDimension, DimensionScore]
    unweighted: float | None
    weighted: float | None
    weighted_respondents: int
    experience_gaps: tuple[RaterDimension, ...]
    """The weakest dimensions when they trail (all of a tie); empty when none trails."""
    sides: SideComparison

    @property
    def is_empty(self) -> bool:
        return self.respondents == 0


def summarise_scorecard(responses: Sequence[RaterResponse]) -> ScorecardSummary:
    gaps = dimension_gaps(responses)
    weighted = [g for g in (respondent_weighted_gap(r) for r in responses) if g is not None]
    return ScorecardSummary(
        respondents=len(responses),
        incomplete=sum(1 for r in responses if not r.is_complete),
        gaps=gaps,
        means=dimension_means(responses),
        unweighted=unweighted_score(gaps),
        weighted=fmean(weighted) if weighted else None,
        weighted_respondents=len(weighted),
        experience_gaps=experience_gaps(gaps),
        sides=compare_sides(responses),
    )
