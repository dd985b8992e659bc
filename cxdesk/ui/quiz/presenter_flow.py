"""Where the presenter view is and where it goes next: plain values, no Qt, unit-tested.

Pages, in the order a room meets them:

- Pass the laptop: ``START`` (participant N, optional name) -> ``STATEMENT`` 1..n ->
  ``THANKS`` (no answers shown) -> ``START`` for the next person ... -> ``CLOSED``.
- Show of hands: ``TALLY`` 1..n -> ``CLOSED``.
- Phones: ``JOIN`` (QR code, address, PIN: the room joins) -> ``POLL`` 1..n (the room
  answers statement k on their phones) -> ``CLOSED``.
- ``CLOSED`` (voting over, results hidden) <-> ``RESULTS`` (revealed).

Resuming (the window was closed, the lid shut, the app crashed) is decided from what is
stored, with the existing columns only:

- A revealed session opens on its results.
- Pass the laptop: participants are created in order, and a new one only after the
  previous person's turn ended, so only the *last* participant can be mid-turn. An
  earlier participant with a gap skipped it on purpose and has walked away: the laptop is
  never handed back to them. The last participant, if they have not answered everything,
  gets their start page back (with their name, and how far they got): whether their turn
  was cut short or they ended it with a skip is not stored, so whoever holds the laptop
  says so — Enter continues at their first unanswered statement, Ctrl+N starts someone
  new. Never straight into their statements, where the next person would answer as
  them. An empty last record is reused the same way, and no second record is made.
  Otherwise the start page of the next person shows.
- "Voting ended" is not stored for pass-the-laptop sessions (no column says so), so
  it is inferred: when the session expects a number of people (``participant_count``)
  and at least that many have answered everything, it opens on ``CLOSED``. Otherwise it
  opens on the next person's start page, where Ctrl+Enter closes voting again.
- Show of hands: the first untallied statement; ``CLOSED`` once every statement is tallied.
- Phones: the join page again (the room's server starts anew, and latecomers need the
  code), whose Enter goes on at the first statement somebody has not answered yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from cxdesk.models.quiz import SessionMode

Answers = Sequence[int | None]


class Page(StrEnum):
    START = "start"
    STATEMENT = "statement"
    THANKS = "thanks"
    TALLY = "tally"
    JOIN = "join"
    POLL = "poll"
    CLOSED = "closed"
    RESULTS = "results"


@dataclass(frozen=True, slots=True)
class Step:
    """One page of the presenter and whose turn it is.

    ``participant`` is ``None`` for a person who has not answered anything yet: their
    record is made with their first answer, so nobody who only looked is counted. The
    functions here never look inside it; :func:`resume_step` gives an index into the
    answers, which the window turns into the participant's id at once.
    """

    page: Page
    statement: int = 0
    participant: int | None = None


def first_unanswered(answers: Answers, statements: int) -> int | None:
    for index in range(statements):
        if index >= len(answers) or answers[index] is None:
            return index
    return None


def skipped_count(answers: Answers, statements: int) -> int:
    return sum(1 for i in range(statements) if i >= len(answers) or answers[i] is None)


def is_complete(answers: Answers, statements: int) -> bool:
    return first_unanswered(answers, statements) is None


def score_for_key(digit: int, scale_min: int, scale_max: int) -> int | None:
    """The score a digit key gives, or ``None`` outside the scale.

    On a 1-10 scale the 0 key means 10 (as on a phone keypad); on 0-10, 10 is clicked.
    """
    if scale_min <= digit <= scale_max:
        return digit
    if digit == 0 and scale_min >= 1 and scale_max == 10:
        return 10
    return None


def key_range_text(scale_min: int, scale_max: int) -> str:
    """How the key hint names the answer keys: "1–5", "0–9", "1–9, 0 = 10"."""
    if scale_max <= 9:
        return f"{scale_min}–{scale_max}"
    if scale_min >= 1:
        return f"{scale_min}–9, 0 = 10"
    return f"{scale_min}–9"


def resume_step(
    mode: SessionMode,
    statements: int,
    answers: Sequence[Answers],
    tallies: Sequence[Mapping[int, int] | None],
    revealed: bool,
    participant_count: int = 0,
) -> Step:
    """Where a session opened (again) in the presenter continues; see the module docstring."""
    if revealed:
        return Step(Page.RESULTS)
    if mode is SessionMode.PHONES:
        return Step(Page.JOIN, room_statement(answers, statements))
    if mode is SessionMode.HANDS:
        for index in range(statements):
            if index >= len(tallies) or tallies[index] is None:
                return Step(Page.TALLY, index)
        return Step(Page.CLOSED) if statements else Step(Page.TALLY)
    if answers:
        last = len(answers) - 1
        todo = first_unanswered(answers[last], statements)
        if todo is not None:
            # Their start page, never straight into their statements: whoever holds the
            # laptop now confirms it is them (Enter) or starts as someone new (Ctrl+N).
            return Step(Page.START, todo if any(a is not None for a in answers[last]) else 0, last)
    complete = sum(is_complete(a, statements) for a in answers)
    if participant_count > 0 and complete >= participant_count:
        return Step(Page.CLOSED)
    return Step(Page.START)


def room_statement(answers: Sequence[Answers], statements: int) -> int:
    """Where a room answering on phones goes on: the first statement somebody has not
    answered (0 before anyone joined, the last when everyone answered everything)."""
    if not answers:
        return 0
    todo = [first_unanswered(a, statements) for a in answers]
    left = [index for index in todo if index is not None]
    return min(left) if left else max(statements - 1, 0)


def forward(step: Step, statements: int, mode: SessionMode) -> Step:
    """Right arrow (or an answer given): the next statement, then the end of the turn."""
    if step.page is Page.JOIN:
        return Step(Page.POLL, min(step.statement, max(statements - 1, 0)))
    if step.page is Page.POLL:
        if step.statement + 1 < statements:
            return replace(step, statement=step.statement + 1)
        return Step(Page.CLOSED)
    if step.page is Page.STATEMENT:
        if step.statement + 1 < statements:
            return replace(step, statement=step.statement + 1)
        return replace(step, page=Page.THANKS)
    if step.page is Page.TALLY:
        if step.statement + 1 < statements:
            return replace(step, statement=step.statement + 1)
        return Step(Page.CLOSED)
    return step


def back(step: Step, statements: int, mode: SessionMode, answers: Answers = ()) -> Step:
    """Left arrow: the previous statement. The thank-you page is the hand-over: the next
    person may already hold the laptop, so it never leads back into anyone's answers."""
    last = max(statements - 1, 0)
    if step.page is Page.POLL and step.statement == 0:
        return Step(Page.JOIN, 0)  # the code again, for latecomers
    if step.page in (Page.STATEMENT, Page.TALLY, Page.POLL):
        return replace(step, statement=max(step.statement - 1, 0))
    if step.page is Page.CLOSED:
        # Reopen voting: one more person at the laptop, the last tally to correct, or
        # the phones' last statement.
        if mode is SessionMode.HANDS:
            return Step(Page.TALLY, last)
        return Step(Page.POLL, last) if mode is SessionMode.PHONES else Step(Page.START)
    return step


def end_voting(step: Step) -> Step:
    """Ctrl+Enter: voting is over; allowed between turns (never in the middle of one)
    and whenever the room answers on phones."""
    if step.page in (Page.START, Page.THANKS, Page.TALLY, Page.JOIN, Page.POLL):
        return Step(Page.CLOSED)
    return step


def answered_people(answers: Sequence[Answers]) -> int:
    """People who gave at least one answer: those the closed page counts."""
    return sum(1 for a in answers if any(x is not None for x in a))


def answered_statement(answers: Sequence[Answers], index: int) -> int:
    """How many people have answered statement ``index``: the room's live count."""
    return sum(1 for a in answers if index < len(a) and a[index] is not None)


def untallied(tallies: Sequence[Mapping[int, int] | None], statements: int) -> list[int]:
    return [i for i in range(statements) if i >= len(tallies) or tallies[i] is None]
