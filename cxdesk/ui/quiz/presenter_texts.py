"""What the presenter view says: page headers, key hints, summaries. Plain text, no Qt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cxdesk.models.wording import counted
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz.presenter_flow import Page, Step

END_VOTING_KEY = "Ctrl+Enter"  # F10 too, for laptops where Ctrl+Enter is awkward
GONE = (
    "The workshop session was deleted (or its creation undone), so the presenter view "
    "closed. Edit > Undo or Redo brings it back."
)
NO_PEOPLE = (
    "This session does not say how many people are in the room yet: set the number of "
    "participants on the CX quiz tab, then count the hands."
)
UNSAVED_TALLY = "These counts are not recorded yet: Enter records them, Esc again leaves."
TALLY_RECORDED = "Recorded — change the counts and press Enter to record them again"
TALLY_NOT_RECORDED = "Not recorded yet"


def people(count: int) -> str:
    return counted(count, "person", "people")


def person(number: int, name: str) -> str:
    return f"Participant {number}" + (f" · {name}" if name else "")


def progress(step: Step, statements: int) -> str:
    return f"Statement {step.statement + 1} of {statements}"


def key_hints(page: Page, answer_keys: str) -> str:
    """The discreet line at the bottom: what the keys do on this page."""
    return {
        Page.START: f"Enter start · {END_VOTING_KEY} end voting · Esc leave",
        Page.STATEMENT: f"← → move · {answer_keys} answer · Esc leave",
        Page.THANKS: f"Enter next person · {END_VOTING_KEY} end voting · Esc leave",
        Page.TALLY: (
            "Tab next score · Enter record · Ctrl+L clear · ← → move · "
            f"{END_VOTING_KEY} end voting · Esc leave"
        ),
        Page.JOIN: (
            f"Enter first statement · L lock the room · H help · {END_VOTING_KEY} close "
            "voting · Esc leave"
        ),
        Page.POLL: f"← → move · L lock the room · {END_VOTING_KEY} close voting · Esc leave",
        Page.CLOSED: "R reveal the results · ← back to voting · Esc leave",
        Page.RESULTS: "R hide the results · Esc leave",
    }[page]


def tally_sum(total: int, participants: int) -> str:
    """The live sum under the count fields: "9 of 12 hands"."""
    text = f"{total} of {counted(participants, 'hand')}"
    if total > participants:
        return f"{text} — {total - participants} too many"
    if total == participants and participants:
        return f"{text} ✓"
    return text


def closed_summary(
    hands: bool,
    statements: int,
    answers: Sequence[Sequence[int | None]],
    tallies: Sequence[Mapping[int, int] | None],
    participant_count: int,
) -> tuple[str, str]:
    """The voting-closed page: who answered, and what is missing (never any score)."""
    if hands:
        missing = flow.untallied(tallies, statements)
        note = ""
        if missing:
            which = ", ".join(str(i + 1) for i in missing)
            noun = "Statement" if len(missing) == 1 else "Statements"
            note = f"{noun} {which} not counted yet — press ← to go back"
        return f"{people(participant_count)} voted by show of hands", note
    answered = flow.answered_people(answers)
    incomplete = sum(
        1 for a in answers if any(x is not None for x in a) and not flow.is_complete(a, statements)
    )
    note = f"{incomplete} of them skipped a statement" if incomplete else ""
    return f"{people(answered)} answered", note
