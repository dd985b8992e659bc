"""The CX self-assessment quiz and its scoring, as plain functions on plain values.

A quiz is a list of statements rated on a whole-number scale (1-5 for the built-in one),
and bands that name what a participant's total means. The bands must cover every total a
participant can reach exactly once, so every finished quiz has exactly one band.

A participant who skipped a statement has no total (``None``): a skipped answer is never
scored as zero, and such a participant is shown as incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from cxdesk.language import LANGUAGES, N_, Translator
from cxdesk.models.ranking import highest_indexes, lowest_indexes

SCALE_LIMIT_MIN = 0
SCALE_LIMIT_MAX = 10
"""The widest scale a custom quiz may use (0-10 covers every workshop scale we know)."""


@dataclass(frozen=True, slots=True)
class Band:
    """Totals from ``low`` to ``high`` (inclusive) mean ``label``; ``advice`` says what next."""

    low: int
    high: int
    label: str
    advice: str = ""

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True, slots=True)
class QuizDefinition:
    title: str
    statements: tuple[str, ...]
    scale_min: int
    scale_max: int
    bands: tuple[Band, ...]

    @property
    def total_range(self) -> tuple[int, int]:
        return total_range(len(self.statements), self.scale_min, self.scale_max)


BUILT_IN_QUIZ = QuizDefinition(
    title=N_("CX Self-Assessment"),
    statements=(
        N_("We co-create success definitions with the customer"),
        N_("We check in on emotional sentiment, not just status updates"),
        N_("We adapt delivery based on client feedback—even mid-project"),
        N_("Our team understands the customer’s why, not just what"),
        N_("We reflect on client experience in retros and improvement plans"),
    ),
    scale_min=1,
    scale_max=5,
    bands=(
        Band(
            21,
            25,
            N_("Experience-first delivery pro"),
            N_("Keep it up: share what works with other teams and keep revalidating."),
        ),
        Band(
            15,
            20,
            N_("Strong foundation, needs polish"),
            N_("Pick the lowest-scored statement and make it a habit on the next milestone."),
        ),
        Band(
            5,
            14,
            N_("Big opportunity to elevate client engagement"),
            N_("Start with co-created success definitions and a mid-project pulse check."),
        ),
    ),
)
"""The built-in quiz: five statements rated 1-5; its "<15" band starts at 5, the lowest total."""


def built_in_quiz_in(tr: Translator) -> QuizDefinition:
    """The built-in quiz said in ``tr``'s language, to store as a new quiz in it.

    The English above is the one source; the toolkit catalogues say it in each language
    (the PDF's printable sheet uses the same entries). Once stored, the words are the
    quiz's own: a later change of a catalogue never rewrites a quiz or its runs. The title
    names the language, so the library tells the copies apart.
    """
    return QuizDefinition(
        title=f"{tr.gettext(BUILT_IN_QUIZ.title)} ({LANGUAGES[tr.code]})",
        statements=tuple(tr.gettext(text) for text in BUILT_IN_QUIZ.statements),
        scale_min=BUILT_IN_QUIZ.scale_min,
        scale_max=BUILT_IN_QUIZ.scale_max,
        bands=tuple(
            Band(b.low, b.high, tr.gettext(b.label), tr.gettext(b.advice))
            for b in BUILT_IN_QUIZ.bands
        ),
    )


def total_range(statements: int, scale_min: int, scale_max: int) -> tuple[int, int]:
    """The lowest and highest total a participant who answers everything can reach."""
    return statements * scale_min, statements * scale_max


def scale_problem(scale_min: int, scale_max: int) -> str | None:
    if not SCALE_LIMIT_MIN <= scale_min < scale_max <= SCALE_LIMIT_MAX:
        return (
            f"The scale must run upwards within {SCALE_LIMIT_MIN}-{SCALE_LIMIT_MAX}, "
            f"for example 1 to 5; {scale_min} to {scale_max} does not."
        )
    return None


def band_problems(bands: Sequence[Band], low: int, high: int) -> list[str]:
    """Why these bands do not cover every total from ``low`` to ``high`` exactly once.

    Empty when they do. Each message names the totals concerned, so the editor can say
    exactly what to fix ("No band covers totals 15-16").
    """
    problems: list[str] = []
    for band in bands:
        if not band.label.strip():
            problems.append(f"The band {band.low}-{band.high} needs a label.")
        if band.low > band.high:
            problems.append(f"The band “{band.label}” runs backwards ({band.low}-{band.high}).")
        elif band.high < low or band.low > high:
            problems.append(
                f"The band “{band.label}” ({band.low}-{band.high}) is outside the possible "
                f"totals {low}-{high}."
            )
    owners: dict[int, list[Band]] = {t: [] for t in range(low, high + 1)}
    for band in bands:
        for total in range(max(band.low, low), min(band.high, high) + 1):
            owners[total].append(band)
    for first, last, owned in _runs(owners):
        if not owned:
            problems.append(f"No band covers {_totals(first, last)}.")
        elif len(owned) > 1:
            names = " and ".join(f"“{b.label}”" for b in owned)
            verb = "falls" if first == last else "fall"
            problems.append(f"{_totals(first, last).capitalize()} {verb} in both {names}.")
    return problems


def _totals(first: int, last: int) -> str:
    return f"total {first}" if first == last else f"totals {first}-{last}"


def _runs(owners: Mapping[int, list[Band]]) -> Iterable[tuple[int, int, list[Band]]]:
    """Consecutive totals owned by the same bands, so a message covers a range at once."""
    start: int | None = None
    previous: list[Band] = []
    last = 0
    for total, owned in owners.items():
        if start is None:
            start, previous = total, owned
        elif owned != previous:
            yield start, last, previous
            start, previous = total, owned
        last = total
    if start is not None:
        yield start, last, previous


def quiz_band(total: int | None, bands: Sequence[Band]) -> Band | None:
    """The band of a total; ``None`` for no total (incomplete) or an uncovered one."""
    if total is None:
        return None
    return next((band for band in bands if band.contains(total)), None)


def participant_total(answers: Sequence[int | None], statements: int) -> int | None:
    """The sum of one participant's answers; ``None`` unless every statement is answered."""
    if len(answers) < statements or any(a is None for a in answers[:statements]):
        return None
    return sum(a for a in answers[:statements] if a is not None)


def room_average(totals: Iterable[int | None]) -> float | None:
    """The mean total of the participants who finished; ``None`` if nobody did."""
    finished = [t for t in totals if t is not None]
    return fmean(finished) if finished else None


def distribution(answers: Iterable[int | None], scale_min: int, scale_max: int) -> dict[int, int]:
    """How many chose each score for one statement (every score present, skipped left out)."""
    counts = dict.fromkeys(range(scale_min, scale_max + 1), 0)
    for answer in answers:
        if answer is not None and answer in counts:
            counts[answer] += 1
    return counts


def statement_means(
    answers_by_statement: Sequence[Iterable[int | None]],
) -> list[float | None]:
    """The mean answer per statement, over the participants who answered it."""
    means: list[float | None] = []
    for answers in answers_by_statement:
        given = [a for a in answers if a is not None]
        means.append(fmean(given) if given else None)
    return means


def weakest_and_strongest(
    means: Sequence[float | None],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Indexes of the lowest- and of the highest-scored statements, every one of a tie.

    Both are empty while nothing stands out: no statement scored, only one, or all alike.
    """
    weakest, strongest = lowest_indexes(means), highest_indexes(means)
    if set(weakest) & set(strongest):
        return (), ()  # lowest equals highest: every scored statement is alike
    return weakest, strongest


def tally_problem(
    counts: Mapping[int, int], participants: int, scale_min: int, scale_max: int
) -> str | None:
    """Why a show-of-hands tally cannot be recorded, or ``None`` if it can."""
    if any(score < scale_min or score > scale_max for score in counts):
        return f"Scores run from {scale_min} to {scale_max}."
    if any(n < 0 for n in counts.values()):
        return "A count of hands cannot be negative."
    total = sum(counts.values())
    if total != participants:
        return (
            f"The hands add up to {total}, but {participants} "
            f"{'person is' if participants == 1 else 'people are'} taking part: "
            "every participant chooses exactly one score."
        )
    return None


class SessionMode(StrEnum):
    """How a workshop session collects answers in the room."""

    LAPTOP = "laptop"  # pass the laptop: each participant answers every statement in turn
    HANDS = "hands"  # show of hands: the facilitator types how many chose each score
    # Phones: each person answers on their own phone over the laptop's own Wi-Fi (no
    # internet); stored as pass-the-laptop is, participants with their answers.
    PHONES = "phones"

    @property
    def has_participants(self) -> bool:
        """Whether answers are stored per person (participants and their answers), as
        opposed to one count of hands per score."""
        return self is not SessionMode.HANDS
