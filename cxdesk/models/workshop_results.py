"""A workshop session's results, from pass-the-laptop answers or show-of-hands tallies.

Plain functions on plain values (:mod:`cxdesk.models.quiz` does the scoring), so the
presenter view, the results chart and a report all show the same numbers.

The room's band is the band of its average total *rounded down*: bands are whole-number
ranges, and a room averaging 20.6 has not reached a band that starts at 21 (it is shown
as 20.6, beside the band of 15-20).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxdesk.models.quiz import (
    Band,
    QuizDefinition,
    quiz_band,
    room_average,
    statement_means,
    weakest_and_strongest,
)


@dataclass(frozen=True, slots=True)
class WorkshopResults:
    totals: tuple[int | None, ...]
    """Per participant (pass the laptop; empty for show of hands): ``None`` if incomplete."""
    bands: tuple[Band | None, ...]
    """Per participant, the band of their total (``None`` if incomplete)."""
    finished: int
    """How many people's answers make up the room average."""
    room_average: float | None
    room_band: Band | None
    distributions: tuple[dict[int, int], ...]
    """Per statement: how many chose each score of the scale (every score present)."""
    means: tuple[float | None, ...]
    """Per statement: the mean score, ``None`` if nobody answered it yet."""
    weakest: tuple[int, ...]
    strongest: tuple[int, ...]
    """Indexes of the lowest- and highest-scored statements, all of a tie; empty while
    nothing stands out (see ``weakest_and_strongest``)."""


def band_of_average(average: float | None, bands: Sequence[Band]) -> Band | None:
    """The band of an average total, rounded down (see the module docstring)."""
    if average is None:
        return None
    # The epsilon keeps 21.0 computed as 20.999999999999996 in the band starting at 21.
    return quiz_band(math.floor(average + 1e-9), bands)


def answer_results(
    quiz: QuizDefinition, answers: Sequence[Sequence[int | None]]
) -> WorkshopResults:
    """Results of a pass-the-laptop session: ``answers`` per participant, per statement.

    Worked out again after every answer while a room of hundreds votes, so in few passes
    over the rows: each row padded (or cut) to the quiz's statements once, then totals as
    :func:`cxdesk.models.quiz.participant_total` gives them, columns by ``zip``, and each
    distinct total's band looked up once.
    """
    count = len(quiz.statements)
    rows = [a if len(a) == count else (*a[:count], *(None,) * (count - len(a))) for a in answers]
    # A row with a skip has no total (never a partial sum): participant_total's rule.
    totals = tuple(None if None in row else sum(row) for row in rows)  # type: ignore[arg-type]
    columns = list(zip(*rows, strict=True)) if rows else [()] * count
    means = tuple(statement_means(columns))
    average = room_average(totals)
    weakest, strongest = weakest_and_strongest(means)
    band_of = {total: quiz_band(total, quiz.bands) for total in set(totals)}
    return WorkshopResults(
        totals=totals,
        bands=tuple(band_of[t] for t in totals),
        finished=sum(t is not None for t in totals),
        room_average=average,
        room_band=band_of_average(average, quiz.bands),
        distributions=tuple(_distribution(c, quiz.scale_min, quiz.scale_max) for c in columns),
        means=means,
        weakest=weakest,
        strongest=strongest,
    )


def _distribution(answers: Sequence[int | None], scale_min: int, scale_max: int) -> dict[int, int]:
    """What :func:`cxdesk.models.quiz.distribution` gives, counted by ``Counter`` (in C)."""
    given = Counter(answers)
    return {score: given.get(score, 0) for score in range(scale_min, scale_max + 1)}


def tally_results(
    quiz: QuizDefinition, tallies: Sequence[Mapping[int, int] | None]
) -> WorkshopResults:
    """Results of a show-of-hands session: ``tallies`` per statement (``None``: not yet).

    Every tally adds up to the number of people taking part, so the room's average total
    is the sum of the statements' means; it is only given once every statement is tallied.
    """
    count = len(quiz.statements)
    distributions: list[dict[int, int]] = []
    means: list[float | None] = []
    for i in range(count):
        tally = tallies[i] if i < len(tallies) else None
        counts = dict.fromkeys(range(quiz.scale_min, quiz.scale_max + 1), 0)
        for score, hands in (tally or {}).items():
            if score in counts:
                counts[score] += hands
        distributions.append(counts)
        people = sum(counts.values())
        means.append(
            sum(score * hands for score, hands in counts.items()) / people if people else None
        )
    complete = count > 0 and all(m is not None for m in means)
    average = sum(m for m in means if m is not None) if complete else None
    weakest, strongest = weakest_and_strongest(means)
    return WorkshopResults(
        totals=(),
        bands=(),
        finished=sum(distributions[0].values()) if complete else 0,
        room_average=average,
        room_band=band_of_average(average, quiz.bands),
        distributions=tuple(distributions),
        means=tuple(means),
        weakest=weakest,
        strongest=strongest,
    )
