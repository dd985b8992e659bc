"""Operations on workshop sessions: participants, their answers, show-of-hands tallies.

A session passing the laptop and one answered on phones store the same things (people
and their answers); a show of hands stores one count per score.

Answers are saved one by one, each in its own transaction, so a crash or a closed lid
mid-workshop loses nothing. Results are read in a few queries and computed by the pure
functions of :mod:`cxdesk.models.workshop_results`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.quiz import (
    SessionMode,
    tally_problem,
)
from cxdesk.models.records import (
    AnswerRecord,
    ParticipantRecord,
    SessionRecord,
    SessionResultsData,
)
from cxdesk.models.workshop_entities import (
    PARTICIPANTS_MAX,
    HandsTally,
    Quiz,
    QuizAnswer,
    QuizStatement,
    WorkshopParticipant,
    WorkshopSession,
)
from cxdesk.store import graveyard
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.quizzes import is_whole_number, quiz_record
from cxdesk.store.workspace import (
    choice,
    clean_name,
    clean_person_name,
    get_or_refuse,
    next_position,
)

# Workshops happen during an engagement: a date far outside this is a typo.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
_UNKNOWN_MODE = (
    "A session collects answers by passing the laptop, by a show of hands or on people's phones."
)


# --- records -------------------------------------------------------------------------


def session_record(row: Any) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        quiz_id=row.quiz_id,
        engagement_id=row.engagement_id,
        title=row.title,
        held_on=row.held_on,
        mode=row.mode,
        participant_count=row.participant_count,
        revealed=bool(row.revealed),
        created_at=row.created_at,
        version=row.version,
    )


def participant_record(row: Any) -> ParticipantRecord:
    return ParticipantRecord(row.id, row.session_id, row.position, row.name, row.version)


# --- sessions ------------------------------------------------------------------------


def _check_held_on(value: Any) -> date:
    if not isinstance(value, date):
        raise EditRefused("A session needs the date it is held.")
    if not EARLIEST <= value <= LATEST:
        raise EditRefused(
            f"{value:%d %b %Y} looks like a typo: sessions are dated between "
            f"{EARLIEST.year} and {LATEST.year}."
        )
    return value


def _check_participant_count(value: Any) -> int:
    if not is_whole_number(value) or not 0 <= value <= PARTICIPANTS_MAX:
        raise EditRefused(
            f"The number of participants is a whole number from 0 to {PARTICIPANTS_MAX:,}."
        )
    return int(value)


def add_session(
    db: Database,
    quiz_id: int,
    engagement_id: int | None,
    title: str,
    held_on: date,
    mode: SessionMode = SessionMode.LAPTOP,
    participant_count: int = 0,
) -> SessionRecord:
    title = clean_name(title, "session")
    held_on = _check_held_on(held_on)
    mode = choice(SessionMode, mode, _UNKNOWN_MODE)
    participant_count = _check_participant_count(participant_count)
    with db.transaction() as s:
        get_or_refuse(s, Quiz, quiz_id, "quiz")
        if engagement_id is not None:
            get_or_refuse(s, Engagement, engagement_id, "engagement")
        session = WorkshopSession(
            quiz_id=quiz_id,
            engagement_id=engagement_id,
            title=title,
            held_on=held_on,
            mode=mode.value,
            participant_count=participant_count,
            revealed=False,
        )
        s.add(session)
        s.flush()
        return session_record(session)


def get_session(db: Database, session_id: int) -> SessionRecord | None:
    with db.reading() as s:
        row = s.get(WorkshopSession, session_id)
        return session_record(row) if row else None


def list_sessions(
    db: Database, engagement_id: int | None = None, quiz_id: int | None = None
) -> list[SessionRecord]:
    """Oldest first; ``None`` for either filter means any."""
    query = select(WorkshopSession).order_by(WorkshopSession.held_on, WorkshopSession.id)
    if engagement_id is not None:
        query = query.where(WorkshopSession.engagement_id == engagement_id)
    if quiz_id is not None:
        query = query.where(WorkshopSession.quiz_id == quiz_id)
    with db.reading() as s:
        return [session_record(r) for r in s.scalars(query)]


def previous_session(db: Database, session_id: int) -> SessionRecord | None:
    """The latest earlier session of the same quiz for the same engagement, to compare."""
    with db.reading() as s:
        this = s.get(WorkshopSession, session_id)
        if this is None or this.engagement_id is None:
            return None
        earlier = [
            r
            for r in s.scalars(
                select(WorkshopSession).where(
                    WorkshopSession.quiz_id == this.quiz_id,
                    WorkshopSession.engagement_id == this.engagement_id,
                    WorkshopSession.id != this.id,
                )
            )
            if (r.held_on, r.id) < (this.held_on, this.id)
        ]
        if not earlier:
            return None
        return session_record(max(earlier, key=lambda r: (r.held_on, r.id)))


SESSION_FIELDS = ("title", "held_on", "revealed", "participant_count")


def update_session(
    db: Database, session_id: int, field: str, value: Any, version: int | None = None
) -> SessionRecord:
    """Set one field; with ``version`` (the session as the screen shows it), refused when
    somebody changed it since."""
    if field not in SESSION_FIELDS:
        raise EditRefused(f"“{field}” is not something a session can change.")
    if field == "title":
        value = clean_name(value, "session")
    elif field == "held_on":
        value = _check_held_on(value)
    elif field == "revealed":
        if not isinstance(value, bool):
            raise EditRefused("Results are either revealed or hidden.")
    else:
        value = _check_participant_count(value)
    with db.transaction() as s:
        session = get_or_refuse(s, WorkshopSession, session_id, "session", version)
        if field == "participant_count":
            counted = _tallied_people(s, session_id)
            wrong = sorted({n for n in counted.values() if n != value})
            if wrong:
                raise EditRefused(
                    f"The hands already counted add up to {wrong[0]}, not {value}: clear "
                    "those tallies first (Ctrl+L on a statement in the presenter), "
                    "then count them again."
                )
        setattr(session, field, value)
        s.flush()
        return session_record(session)


def delete_session(db: Database, session_id: int) -> None:
    """Delete a session with its participants, answers and tallies (ON DELETE CASCADE)."""
    with db.transaction() as s:
        get_or_refuse(s, WorkshopSession, session_id, "session")
        table = table_of(WorkshopSession)
        s.execute(delete(table).where(table.c.id == session_id))


# --- pass the laptop -----------------------------------------------------------------


def _refuse_unless(session: WorkshopSession, per_person: bool) -> None:
    _refuse_unless_mode(session.mode, per_person)


def _refuse_unless_mode(session_mode: str, per_person: bool) -> None:
    """Refused unless the session stores what is being recorded: each person's answers
    (pass the laptop, phones) when ``per_person``, else counts of hands."""
    mode = SessionMode(session_mode)
    if mode.has_participants == per_person:
        return
    if per_person:
        raise EditRefused("This session is run by a show of hands: record the tally instead.")
    how = "passing the laptop" if mode is SessionMode.LAPTOP else "people's phones"
    raise EditRefused(
        f"This session is run by {how}: each participant's answers are recorded instead of a tally."
    )


def add_participant(db: Database, session_id: int, name: str = "") -> ParticipantRecord:
    name = clean_person_name(name)
    with db.transaction() as s:
        session = get_or_refuse(s, WorkshopSession, session_id, "session", lock=True)
        _refuse_unless(session, per_person=True)
        participant = WorkshopParticipant(
            session_id=session_id,
            position=next_position(
                s, WorkshopParticipant.position, WorkshopParticipant.session_id == session_id
            ),
            name=name,
        )
        s.add(participant)
        s.flush()
        return participant_record(participant)


def rename_participant(
    db: Database, participant_id: int, name: str, version: int | None = None
) -> ParticipantRecord:
    """With ``version`` (the participant as the screen shows it), refused when somebody
    renamed them since (:class:`StaleRow`)."""
    name = clean_person_name(name)
    with db.transaction() as s:
        participant = get_or_refuse(s, WorkshopParticipant, participant_id, "participant", version)
        participant.name = name
        s.flush()
        return participant_record(participant)


@dataclass(frozen=True, slots=True)
class _AnswerContext:
    """What saving or clearing one answer checks, and the answer already given."""

    scale_min: int
    scale_max: int
    answer_id: int | None
    score: int | None


_PARTICIPANT, _SESSION, _QUIZ = (
    table_of(entity) for entity in (WorkshopParticipant, WorkshopSession, Quiz)
)
_STATEMENT, _ANSWER = table_of(QuizStatement), table_of(QuizAnswer)
# One plain-column query per answer instead of four ORM loads and a fifth for the answer:
# while a room votes, every answer pays for it before the screen can move on.
_ANSWER_CONTEXT = (
    select(
        _SESSION.c.mode,
        _QUIZ.c.id,
        _QUIZ.c.scale_min,
        _QUIZ.c.scale_max,
        _STATEMENT.c.quiz_id,
        _ANSWER.c.id,
        _ANSWER.c.score,
    )
    .select_from(
        _PARTICIPANT.join(_SESSION, _SESSION.c.id == _PARTICIPANT.c.session_id)
        .join(_QUIZ, _QUIZ.c.id == _SESSION.c.quiz_id)
        .outerjoin(_STATEMENT, _STATEMENT.c.id == bindparam("statement"))
        .outerjoin(
            _ANSWER,
            (_ANSWER.c.participant_id == _PARTICIPANT.c.id)
            & (_ANSWER.c.statement_id == bindparam("statement")),
        )
    )
    .where(_PARTICIPANT.c.id == bindparam("participant"))
)


def _answer_context(conn: Connection, participant_id: int, statement_id: int) -> _AnswerContext:
    """Refused, in the same order and words as ever, unless the participant and the
    statement exist, the session stores answers per person (pass the laptop, phones) and
    the statement is its quiz's."""
    found = conn.execute(
        _ANSWER_CONTEXT, {"participant": participant_id, "statement": statement_id}
    ).first()
    if found is None:
        raise EditRefused("That participant no longer exists (it may have been deleted).")
    mode, quiz_id, scale_min, scale_max, statement_quiz, answer_id, score = found
    _refuse_unless_mode(mode, per_person=True)
    if statement_quiz is None:
        raise EditRefused("That statement no longer exists (it may have been deleted).")
    if statement_quiz != quiz_id:
        raise EditRefused("That statement is not part of this session's quiz.")
    return _AnswerContext(scale_min, scale_max, answer_id, score)


def _check_score(value: Any, scale_min: int, scale_max: int) -> int:
    if not is_whole_number(value) or not scale_min <= value <= scale_max:
        raise EditRefused(f"Scores go from {scale_min} to {scale_max}; “{value}” was not saved.")
    return int(value)


def record_answer(db: Database, participant_id: int, statement_id: int, score: int) -> AnswerRecord:
    """Save (or change) one answer, committed at once."""
    with db.transaction() as s:
        # Plain statements on the transaction's connection: nothing here needs the ORM.
        conn = s.connection()
        context = _answer_context(conn, participant_id, statement_id)
        score = _check_score(score, context.scale_min, context.scale_max)
        if context.answer_id is None:
            conn.execute(
                insert(_ANSWER),
                {"participant_id": participant_id, "statement_id": statement_id, "score": score},
            )
        elif context.score != score:  # the same score again writes (and announces) nothing
            conn.execute(update(_ANSWER).where(_ANSWER.c.id == context.answer_id), {"score": score})
        return AnswerRecord(participant_id, statement_id, score)


def clear_answer(db: Database, participant_id: int, statement_id: int) -> int | None:
    """Remove one answer (the statement is then skipped); returns the score it had."""
    with db.transaction() as s:
        conn = s.connection()
        context = _answer_context(conn, participant_id, statement_id)
        if context.answer_id is None:
            return None
        conn.execute(delete(_ANSWER).where(_ANSWER.c.id == context.answer_id))
        return context.score


def delete_participants(db: Database, participant_ids: Sequence[int]) -> None:
    """Remove participants with their answers (ON DELETE CASCADE), all or none."""
    with db.transaction() as s:
        for participant_id in participant_ids:
            get_or_refuse(s, WorkshopParticipant, participant_id, "participant")
        table = table_of(WorkshopParticipant)
        for condition in graveyard.among(table.c.id, participant_ids):
            s.execute(delete(table).where(condition))


# --- show of hands -------------------------------------------------------------------


def _tallied_people(s: Session, session_id: int) -> dict[int, int]:
    """statement id -> how many hands its tally counts."""
    rows = s.execute(
        select(HandsTally.statement_id, func.sum(HandsTally.count))
        .where(HandsTally.session_id == session_id)
        .group_by(HandsTally.statement_id)
    ).all()
    return {statement_id: int(total) for statement_id, total in rows}


def _tally_context(s: Session, session_id: int, statement_id: int) -> tuple[WorkshopSession, Quiz]:
    session = get_or_refuse(s, WorkshopSession, session_id, "session")
    _refuse_unless(session, per_person=False)
    quiz = s.get_one(Quiz, session.quiz_id)
    statement = get_or_refuse(s, QuizStatement, statement_id, "statement")
    if statement.quiz_id != quiz.id:
        raise EditRefused("That statement is not part of this session's quiz.")
    return session, quiz


def record_tally(
    db: Database, session_id: int, statement_id: int, counts: Mapping[int, int]
) -> dict[int, int]:
    """Replace one statement's tally; it must add up to the session's participants.

    Returns the stored counts, one per score of the scale (scores not given count 0).
    """
    for score, hands in counts.items():
        if not is_whole_number(score) or not is_whole_number(hands):
            raise EditRefused("Scores and counts of hands are whole numbers.")
    with db.transaction() as s:
        session, quiz = _tally_context(s, session_id, statement_id)
        problem = tally_problem(counts, session.participant_count, quiz.scale_min, quiz.scale_max)
        if problem:
            raise EditRefused(problem)
        full = dict.fromkeys(range(quiz.scale_min, quiz.scale_max + 1), 0)
        full.update(counts)
        s.execute(
            delete(HandsTally).where(
                HandsTally.session_id == session_id, HandsTally.statement_id == statement_id
            )
        )
        s.add_all(
            HandsTally(session_id=session_id, statement_id=statement_id, score=k, count=v)
            for k, v in full.items()
        )
        s.flush()
        return full


def clear_tally(db: Database, session_id: int, statement_id: int) -> None:
    with db.transaction() as s:
        _tally_context(s, session_id, statement_id)
        s.execute(
            delete(HandsTally).where(
                HandsTally.session_id == session_id, HandsTally.statement_id == statement_id
            )
        )


# --- what changed, for the screens following a room ------------------------------------


# Plain columns, built once: read after every answer a room gives (see answers_by_id).
_ANSWERS_BY_ID = (
    select(
        _PARTICIPANT.c.session_id,
        _ANSWER.c.participant_id,
        _ANSWER.c.statement_id,
        _ANSWER.c.score,
    )
    .join_from(_ANSWER, _PARTICIPANT, _PARTICIPANT.c.id == _ANSWER.c.participant_id)
    .where(_ANSWER.c.id.in_(bindparam("ids", expanding=True)))
)


def answers_by_id(db: Database, answer_ids: Iterable[int]) -> list[tuple[int, AnswerRecord]]:
    """(session id, answer) for each of ``answer_ids`` still stored: what a screen needs
    to apply a new answer to the results it shows instead of re-reading the room's."""
    ids = list(answer_ids)
    if not ids:
        return []
    with db.reading() as s:
        rows = s.execute(_ANSWERS_BY_ID, {"ids": ids})
        return [(session, AnswerRecord(p, st, score)) for session, p, st, score in rows]


def participants_by_id(db: Database, participant_ids: Iterable[int]) -> list[ParticipantRecord]:
    """The rows of ``participant_ids`` still stored: what a screen needs to add people who
    just joined to the results it shows instead of re-reading the whole session."""
    ids = list(participant_ids)
    if not ids:
        return []
    with db.reading() as s:
        rows = s.execute(
            select(
                WorkshopParticipant.id,
                WorkshopParticipant.session_id,
                WorkshopParticipant.position,
                WorkshopParticipant.name,
                WorkshopParticipant.version,
            ).where(WorkshopParticipant.id.in_(ids))
        )
        return [ParticipantRecord(*row) for row in rows]


def sessions_of(
    db: Database, participant_ids: Iterable[int] = (), tally_ids: Iterable[int] = ()
) -> set[int]:
    """The sessions these participants and tally rows belong to (rows gone are not found)."""
    people, tallies = list(participant_ids), list(tally_ids)
    found: set[int] = set()
    with db.reading() as s:
        if people:
            found.update(
                s.scalars(
                    select(WorkshopParticipant.session_id).where(WorkshopParticipant.id.in_(people))
                )
            )
        if tallies:
            found.update(s.scalars(select(HandsTally.session_id).where(HandsTally.id.in_(tallies))))
    return found


# --- results -------------------------------------------------------------------------


def load_session_results(db: Database, session_id: int) -> SessionResultsData | None:
    """Everything the results need, in a few plain-column queries; ``None`` if gone.

    Called after every answer while a room votes, so it reads rows, not ORM objects
    (3x faster for 300 participants: the difference between one frame and two).
    """
    with db.reading() as s:
        session = s.execute(
            select(*table_of(WorkshopSession).c).where(WorkshopSession.id == session_id)
        ).first()
        if session is None:
            return None
        quiz = quiz_record(s, s.get_one(Quiz, session.quiz_id))
        order = {st.id: i for i, st in enumerate(quiz.statements)}
        participants = [
            ParticipantRecord(*row)
            for row in s.execute(
                select(
                    WorkshopParticipant.id,
                    WorkshopParticipant.session_id,
                    WorkshopParticipant.position,
                    WorkshopParticipant.name,
                    WorkshopParticipant.version,
                )
                .where(WorkshopParticipant.session_id == session_id)
                .order_by(WorkshopParticipant.position, WorkshopParticipant.id)
            )
        ]
        given: dict[int, list[int | None]] = {
            p.id: [None] * len(quiz.statements) for p in participants
        }
        answer_rows = s.execute(
            select(QuizAnswer.participant_id, QuizAnswer.statement_id, QuizAnswer.score)
            .join(WorkshopParticipant, WorkshopParticipant.id == QuizAnswer.participant_id)
            .where(WorkshopParticipant.session_id == session_id)
        )
        for participant_id, statement_id, score in answer_rows:
            given[participant_id][order[statement_id]] = score
        tallies: list[dict[int, int] | None] = [None] * len(quiz.statements)
        tally_rows = s.execute(
            select(HandsTally.statement_id, HandsTally.score, HandsTally.count).where(
                HandsTally.session_id == session_id
            )
        )
        for statement_id, score, hands in tally_rows:
            slot = tallies[order[statement_id]]
            if slot is None:
                slot = tallies[order[statement_id]] = {}
            slot[score] = hands
        return SessionResultsData(
            quiz=quiz,
            session=session_record(session),
            participants=tuple(participants),
            answers=tuple(tuple(given[p.id]) for p in participants),
            tallies=tuple(tallies),
        )


def answered_per_statement(db: Database, session_id: int) -> dict[int, int]:
    """statement id -> people of the session who have answered it (a room's live count)."""
    answer, participant = table_of(QuizAnswer), table_of(WorkshopParticipant)
    query = (
        select(answer.c.statement_id, func.count())
        .join(participant, participant.c.id == answer.c.participant_id)
        .where(participant.c.session_id == session_id)
        .group_by(answer.c.statement_id)
    )
    with db.reading() as s:
        return {statement: int(n) for statement, n in s.execute(query)}
