"""The words and numbers of a workshop's results, as plain functions (no Qt).

The results panel, the presenter and a report say the same things the same way: one
decimal, a real minus sign, “incomplete (3 of 5)” rather than a misleading total, and
sentences that say what is missing instead of showing nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.models.records import ParticipantRecord, SessionResultsData
from cxdesk.models.wording import counted
from cxdesk.models.workshop_results import WorkshopResults

MINUS = "\u2212"  # as wide as the plus sign, so columns of changes line up


def number(value: float) -> str:
    """One decimal with a real minus sign; never “−0.0”."""
    text = f"{value:.1f}"
    if text in ("-0.0", "0.0"):
        return "0.0"
    return text.replace("-", MINUS)


def signed(value: float) -> str:
    """A change: “+1.8”, “−0.4”, or “0.0” when it rounds to nothing."""
    text = number(value)
    return text if text == "0.0" or text.startswith(MINUS) else f"+{text}"


def people(count: int) -> str:
    return counted(count, "person", "people")


def day(value: date) -> str:
    """“12 Mar 2026”: unambiguous in every locale a consultant works in."""
    return f"{value.day} {value:%b %Y}"


def participant_name(participant: ParticipantRecord) -> str:
    """The name given, else a number that stays the same when others are deleted."""
    return participant.name or f"Participant {participant.position + 1}"


def answered(answers: Sequence[int | None]) -> int:
    return sum(a is not None for a in answers)


def total_text(total: int | None, answers: Sequence[int | None], statements: int) -> str:
    """A finished participant's total, or “incomplete (3 of 5)”: a skip is never a zero."""
    if total is not None:
        return str(total)
    return f"incomplete ({answered(answers)} of {statements})"


def statement_label(index: int, text: str) -> str:
    return f"{index + 1}. {text}"


@dataclass(frozen=True, slots=True)
class RoomSummary:
    """What the top of the results says about the room as a whole."""

    average: str | None  # “17.4”, or None while there is no average to give
    out_of: str  # “out of 25”
    band: Band | None
    progress: str  # “12 of 13 finished; 1 incomplete” / “12 people, all 5 statements tallied”
    missing: str  # why there is no average yet ("" when there is one)


def room_summary(data: SessionResultsData, results: WorkshopResults) -> RoomSummary:
    statements = len(data.quiz.statements)
    high = statements * data.quiz.scale_max
    out_of = f"out of {high}"
    average = None if results.room_average is None else number(results.room_average)
    if data.session.session_mode is SessionMode.HANDS:
        progress, missing = _hands_progress(data, results, statements)
    else:
        progress, missing = _laptop_progress(results, statements)
    return RoomSummary(average, out_of, results.room_band, progress, missing)


def _laptop_progress(results: WorkshopResults, statements: int) -> tuple[str, str]:
    count = len(results.totals)
    if count == 0:
        return "No answers yet", "The results appear here as people answer."
    incomplete = count - results.finished
    if incomplete == 0:
        progress = f"{people(count)}, all finished" if count > 1 else "1 of 1 finished"
    else:
        progress = f"{results.finished} of {count} finished; {incomplete} incomplete"
    missing = ""
    if results.finished == 0:
        missing = (
            f"No one has answered all {counted(statements, 'statement')} yet: the room average "
            "counts only people who finished."
        )
    return progress, missing


def _hands_progress(
    data: SessionResultsData, results: WorkshopResults, statements: int
) -> tuple[str, str]:
    count = data.session.participant_count
    pending = [i + 1 for i, tally in enumerate(data.tallies[:statements]) if tally is None]
    pending += list(range(len(data.tallies) + 1, statements + 1))
    done = statements - len(pending)
    if count == 0:
        return "No participants yet", "Set the number of people in the room, then count hands."
    if not pending:
        return f"{people(count)}, all {counted(statements, 'statement')} tallied", ""
    if done == 0:
        return f"{people(count)}; no statement tallied yet", (
            "The results appear here as hands are counted."
        )
    listed = ", ".join(str(n) for n in pending)
    word = "statement" if len(pending) == 1 else "statements"
    return (
        f"{people(count)}; {done} of {counted(statements, 'statement')} tallied",
        f"The room average comes once every statement is tallied: still to count {word} {listed}.",
    )


def change_sentence(
    current: float | None, previous: SessionResultsData, results: WorkshopResults | None = None
) -> str:
    """“+1.8 since “Kickoff workshop” on 12 Mar 2026”, or why there is nothing to compare.

    ``results`` are ``previous.results`` when the caller has them already (working them
    out is the cost of reading the earlier session's answers again).
    """
    earlier = f"“{previous.session.title}” on {day(previous.session.held_on)}"
    before = (results or previous.results).room_average
    if before is None:
        return f"No room average from {earlier} to compare with"
    if current is None:
        return f"{earlier} averaged {number(before)}"
    change = signed(current - before)
    if change == "0.0":
        return f"No change since {earlier} ({number(before)})"
    return f"{change} since {earlier} (was {number(before)})"


def flag_lines(
    kind: str, indexes: Sequence[int], texts: Sequence[str], means: Sequence[float | None]
) -> list[str]:
    """“Weakest: 3. We adapt delivery… (mean 2.4)”, one line per statement flagged.

    A tie is every statement of it, each said to be tied (“Tied weakest: …”): naming only
    the first would hide the others from the room. Empty when nothing is flagged.
    """
    label = kind if len(indexes) < 2 else f"Tied {kind.lower()}"
    lines = []
    for index in indexes:
        mean = means[index]
        score = f" (mean {number(mean)})" if mean is not None else ""
        lines.append(f"{label}: {statement_label(index, texts[index])}{score}")
    return lines


def band_counts(bands: Sequence[Band], per_participant: Sequence[Band | None]) -> list[str]:
    """“4 people: Experience-first delivery pro”, best band first, then the incomplete.

    Shown on a projector instead of the participants' table: no names, no order of
    passing the laptop, so nobody in the room can be singled out.
    """
    tally = Counter(None if b is None else (b.low, b.high) for b in per_participant)
    lines = [
        f"{people(tally[(band.low, band.high)])}: {band.label}"
        for band in sorted(bands, key=lambda b: b.high, reverse=True)
    ]
    incomplete = tally[None]
    if incomplete:
        lines.append(f"{incomplete} incomplete")
    return lines


def no_answers_text(data: SessionResultsData) -> str:
    """What the results say before anyone has answered or any hand is counted."""
    title = f"“{data.session.title}”"
    if data.session.session_mode is SessionMode.HANDS:
        return (
            f"No hands counted yet in {title}. The results appear here as each "
            "statement is tallied."
        )
    return f"No answers yet in {title}. The results appear here as people answer."
