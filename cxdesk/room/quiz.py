"""The quiz as a room: one statement at a time, a score on the quiz's scale per phone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeGuard

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import QuizRecord, SessionRecord
from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Operation
from cxdesk.room.kinds import Answer, Json
from cxdesk.room.state import Participant, RoomState, Words
from cxdesk.store import quizzes, workshop
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

# The quiz's statements are things a team does ("We co-create success definitions..."):
# the lowest score disagrees, the highest agrees.
LOW_WORDS, HIGH_WORDS = "Strongly disagree", "Strongly agree"

NOT_AN_ANSWER = Words(422, "That is not one of the answers you can give.")
VOTING_CLOSED = Words(409, "Voting is closed for this statement.")
MOVED_ON = Words(409, "The room has moved on to another statement.")
PARTICIPANTS = "workshop_participant"  # the table of a session's people


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


class QuizRoom:
    """A workshop session's quiz answered on phones: each phone joins as a participant
    of the session and answers the statement the room is on."""

    kind = "quiz"
    phone_rows = PARTICIPANTS

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self._session: SessionRecord | None = None
        self._quiz: QuizRecord | None = None
        self._numbers: dict[int, int] = {}  # statement id -> its number (1-based)

    @property
    def quiz(self) -> QuizRecord:
        if self._quiz is None:
            raise RuntimeError("the quiz room was not loaded")
        return self._quiz

    @property
    def engagement_id(self) -> int | None:
        return self._session.engagement_id if self._session is not None else None

    def load(self, db: Database) -> None:
        session = workshop.get_session(db, self.session_id)
        if session is None:
            raise EditRefused("That workshop session no longer exists (it may have been deleted).")
        if session.session_mode is SessionMode.HANDS:
            raise EditRefused("This session is run by a show of hands: phones cannot answer it.")
        quiz = quizzes.get_quiz(db, session.quiz_id)
        if quiz is None:
            raise EditRefused("That session's quiz no longer exists.")
        self._session, self._quiz = session, quiz
        self._numbers = {st.id: n for n, st in enumerate(quiz.statements, start=1)}

    def shows(self, key: int | None) -> bool:
        return key is None or key in self._numbers

    def view(self, room: RoomState, participant: Participant) -> Json:
        quiz = self.quiz
        statement: Json | None = None
        if room.statement_id is not None:
            number = self._numbers[room.statement_id]
            statement = {
                "id": room.statement_id,
                "number": number,
                "count": len(quiz.statements),
                "text": quiz.statements[number - 1].text,
            }
        return {
            "kind": self.kind,
            "title": quiz.title,
            "phase": room.phase.value,
            "statement": statement,
            "scale": {
                "min": quiz.scale_min,
                "max": quiz.scale_max,
                "labels": {str(quiz.scale_min): LOW_WORDS, str(quiz.scale_max): HIGH_WORDS},
            },
            "answers": {str(key): value for key, value in participant.answers.items()},
            "name": participant.name,
        }

    def read_answer(self, body: Mapping[str, object], room: RoomState, who: Participant) -> Answer:
        statement, score = body.get("statement"), body.get("score")
        if not _whole(statement):
            raise NOT_AN_ANSWER.refuse()
        if not _whole(score):
            raise NOT_AN_ANSWER.refuse()
        if not room.voting_open:
            raise VOTING_CLOSED.refuse()
        if statement != room.statement_id:
            raise MOVED_ON.refuse()
        if not self.quiz.scale_min <= score <= self.quiz.scale_max:
            raise NOT_AN_ANSWER.refuse()
        return Answer(who.id, statement, score)

    def saved(self, answer: Answer) -> Json:
        return {"saved": True, "statement": answer.key, "score": answer.value}

    def join(self, names: Sequence[str]) -> Operation[list[tuple[int, str]]]:
        def run(db: Database) -> list[tuple[int, str]]:
            added = [workshop.add_participant(db, self.session_id, name) for name in names]
            return [(participant.id, participant.name) for participant in added]

        label = "New participant" if len(names) == 1 else f"{len(names)} new participants"
        return Operation(label, run, self.engagement_id)

    def save(self, answers: Sequence[Answer]) -> Operation[object]:
        def run(db: Database) -> object:
            for answer in answers:
                score = answer.value
                assert isinstance(score, int)  # read_answer let nothing else through
                workshop.record_answer(db, answer.participant_id, answer.key, score)
            return None

        label = "Record an answer" if len(answers) == 1 else f"Record {len(answers)} answers"
        return Operation(label, run, self.engagement_id)

    def answered(self, db: Database) -> dict[int, int]:
        return workshop.answered_per_statement(db, self.session_id)

    # A participant's id is its phone's; a newcomer's row is created too, but the room
    # knows it as not removed (nothing to give back).
    def phones_removed(self, changes: ChangeSet) -> list[int]:
        return sorted(changes.deleted.get(PARTICIPANTS, ()))

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        return sorted(changes.created.get(PARTICIPANTS, ()))
