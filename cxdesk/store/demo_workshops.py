"""The demo engagement's two CX self-assessment workshops, telling the same story.

At kickoff the room passed the laptop and landed in "Big opportunity"; at design
sign-off a show of hands put it in "Strong foundation", with emotional check-ins still
the weakest habit: the comparison the quiz tab shows between sessions.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.models.quiz import SessionMode
from cxdesk.models.workshop_entities import (
    HandsTally,
    QuizAnswer,
    QuizStatement,
    WorkshopParticipant,
    WorkshopSession,
)
from cxdesk.store.quizzes import built_in_quiz

# One row per participant, one score per built-in statement (1-5); None: skipped.
_KICKOFF_ANSWERS = (
    ("Helen O'Neill", (3, 2, 3, 3, 2)),
    ("Sam Keane", (4, 2, 3, 4, 3)),
    ("", (3, 1, 4, 3, 2)),
    ("", (2, 2, 3, None, 2)),
    ("", (4, 3, 3, 3, 3)),
)
# Per statement: how many of the 8 people chose 1, 2, 3, 4, 5.
_SIGN_OFF_TALLIES = (
    (0, 0, 2, 4, 2),
    (0, 3, 4, 1, 0),
    (0, 1, 2, 4, 1),
    (0, 0, 3, 4, 1),
    (0, 2, 3, 3, 0),
)


def add_demo_workshops(s: Session, engagement_id: int, held_on: tuple[date, date]) -> None:
    quiz = built_in_quiz(s)
    statements = s.scalars(
        select(QuizStatement)
        .where(QuizStatement.quiz_id == quiz.id)
        .order_by(QuizStatement.position)
    ).all()
    kickoff = WorkshopSession(
        quiz_id=quiz.id,
        engagement_id=engagement_id,
        title="Kickoff workshop",
        held_on=held_on[0],
        mode=SessionMode.LAPTOP.value,
        revealed=True,
    )
    sign_off = WorkshopSession(
        quiz_id=quiz.id,
        engagement_id=engagement_id,
        title="Design sign-off check-in",
        held_on=held_on[1],
        mode=SessionMode.HANDS.value,
        participant_count=8,
        revealed=True,
    )
    s.add_all([kickoff, sign_off])
    s.flush()  # the sessions' ids, for their participants and tallies
    people = [
        WorkshopParticipant(session_id=kickoff.id, position=position, name=name)
        for position, (name, _scores) in enumerate(_KICKOFF_ANSWERS)
    ]
    s.add_all(people)
    s.flush()  # the participants' ids, for their answers
    s.add_all(
        QuizAnswer(participant_id=person.id, statement_id=statement.id, score=score)
        for person, (_name, scores) in zip(people, _KICKOFF_ANSWERS, strict=True)
        for statement, score in zip(statements, scores, strict=True)
        if score is not None
    )
    s.add_all(
        HandsTally(session_id=sign_off.id, statement_id=statement.id, score=score, count=n)
        for statement, counts in zip(statements, _SIGN_OFF_TALLIES, strict=True)
        for score, n in enumerate(counts, start=1)
    )
