"""The room's answers and joins applied to a session's results on screen, in memory.

One answer changes one cell of 300 people's answers, a batch of phones joining adds rows
without answers: the screens showing the session (the quiz tab, the presenter) apply them
to the data they hold instead of reading the whole session again (a third of a frame, 50
ms with 500 people). Whatever cannot be applied this way is read again.
"""

from __future__ import annotations

from cxdesk.models.records import AnswerRecord, SessionResultsData
from cxdesk.ops import ChangeSet
from cxdesk.store import workshop
from cxdesk.store.database import Database

# What the room records: people joining, their answers, show-of-hands counts.
ROOM_TABLES = ("workshop_participant", "quiz_answer", "hands_tally")


def applied_answer(
    data: SessionResultsData, session_id: int, answer: AnswerRecord
) -> SessionResultsData | None:
    """``data`` with one stored answer applied; ``None`` when it cannot be: the answer is
    another session's, or its person joined after ``data`` was read (read it again)."""
    if data.session.id != session_id:
        return None
    return data.with_answer(answer.participant_id, answer.statement_id, answer.score)


def answers_applied(
    db: Database, data: SessionResultsData, changes: ChangeSet
) -> SessionResultsData | None:
    """``data`` after ``changes`` when they are only answers given or changed, applied in
    memory (answers of other sessions leave it as it is); ``None`` when the session must
    be read again: rows gone (a cleared answer no longer says whose it was), someone
    joined, a show of hands, anything else edited, or an answer :func:`applied_answer`
    cannot apply."""
    if changes.tables != {"quiz_answer"} or "quiz_answer" in changes.deleted:
        return None
    ids = changes.ids("quiz_answer")
    found = workshop.answers_by_id(db, ids)
    if len(found) != len(ids):  # gone again since: its cell is not known
        return None
    for session_id, answer in found:
        if session_id != data.session.id:
            continue
        changed = applied_answer(data, session_id, answer)
        if changed is None:
            return None
        data = changed
    return data


def joins_applied(
    db: Database, data: SessionResultsData, changes: ChangeSet
) -> SessionResultsData | None:
    """``data`` after ``changes`` when they only add people (phones joining: no answers
    yet), applied in memory (other sessions' newcomers leave it as it is); ``None`` when
    the session must be read again: anything else changed, or a row gone again since."""
    if changes.tables != {"workshop_participant"} or changes.updated or changes.deleted:
        return None
    ids = changes.created["workshop_participant"]
    found = workshop.participants_by_id(db, ids)
    if len(found) != len(ids):
        return None
    mine = [p for p in found if p.session_id == data.session.id]
    return data.with_participants(mine) if mine else data


def room_changes_applied(
    db: Database, data: SessionResultsData, changes: ChangeSet
) -> SessionResultsData | None:
    """``data`` after the room's answers (:func:`answers_applied`) or joins
    (:func:`joins_applied`); ``None`` when the session must be read again."""
    applied = answers_applied(db, data, changes)
    return applied if applied is not None else joins_applied(db, data, changes)
