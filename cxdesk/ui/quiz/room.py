"""The room's answers applied to a session's results on screen, in memory.

One answer changes one cell of 300 people's answers: the screens showing the session (the
quiz tab, the presenter) apply it to the data they hold instead of reading the whole
session again (a third of a frame). Whatever cannot be applied this way is read again.
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
