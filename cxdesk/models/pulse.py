"""Mid-project pulse checks: confidence 1-10, CSAT 1-5 and two open questions.

An unanswered score is ``None`` and is left out of every mean, never counted as zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from cxdesk.language import N_

CONFIDENCE_MIN = 1
CONFIDENCE_MAX = 10
CSAT_MIN = 1
CSAT_MAX = 5
CSAT_SATISFIED = 4  # the usual CSAT convention: 4 and 5 count as satisfied

CONFIDENCE_QUESTION = N_("How confident are you right now in the outcome, on a scale of 1 to 10?")
CSAT_QUESTION = N_("How satisfied are you with the project so far, from 1 to 5?")
WORKING_QUESTION = N_("What's working for you right now?")
NOT_WORKING_QUESTION = N_("What's not working for you right now?")

CSAT_LABELS = {
    1: N_("1 - very dissatisfied"),
    2: N_("2 - dissatisfied"),
    3: N_("3 - neutral"),
    4: N_("4 - satisfied"),
    5: N_("5 - very satisfied"),
}


@dataclass(frozen=True, slots=True)
class PulseScore:
    """The numbers of one pulse-check response."""

    taken_on: date
    confidence: int | None = None
    csat: int | None = None


@dataclass(frozen=True, slots=True)
class PulsePoint:
    """The responses of one day, averaged: one point of the trend chart."""

    taken_on: date
    responses: int
    mean_confidence: float | None
    mean_csat: float | None
    csat_percent: float | None  # share of satisfied answers (4 or 5), 0-100


def _mean(values: list[int]) -> float | None:
    return fmean(values) if values else None


def pulse_point(taken_on: date, scores: Iterable[PulseScore]) -> PulsePoint:
    scores = list(scores)
    confidence = [s.confidence for s in scores if s.confidence is not None]
    csat = [s.csat for s in scores if s.csat is not None]
    satisfied = sum(1 for c in csat if c >= CSAT_SATISFIED)
    return PulsePoint(
        taken_on=taken_on,
        responses=len(scores),
        mean_confidence=_mean(confidence),
        mean_csat=_mean(csat),
        csat_percent=100 * satisfied / len(csat) if csat else None,
    )


def pulse_trend(scores: Iterable[PulseScore]) -> list[PulsePoint]:
    """One point per day with responses, oldest first."""
    by_day: dict[date, list[PulseScore]] = defaultdict(list)
    for score in scores:
        by_day[score.taken_on].append(score)
    return [pulse_point(day, by_day[day]) for day in sorted(by_day)]


def milestone_for_date(due_dates: Iterable[date | None], taken_on: date) -> int | None:
    """Which milestone a pulse check taken on ``taken_on`` belongs to, by default: the
    position of the one due nearest that day (on a tie, the earlier one, whose check-in
    it follows up). Undated milestones are never chosen this way; None when none has a
    due date. The person can always pick another."""
    best: tuple[int, date, int] | None = None  # distance in days, due date, position
    for position, due in enumerate(due_dates):
        if due is None:
            continue
        candidate = (abs((due - taken_on).days), due, position)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[2]
