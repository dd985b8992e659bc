"""Two threads writing one workspace at once (the UI thread and the room's writer) take
turns: no SQLITE_BUSY, nothing lost (cxdesk.store.database.Database.transaction)."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import text

from cxdesk.ops import perform
from cxdesk.ops import quizzes as ops
from cxdesk.store import quizzes
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

ROUNDS = 150


def test_two_threads_writing_at_once_lose_nothing(db: Database) -> None:
    quiz = quizzes.ensure_built_in_quiz(db)
    session = perform(db, ops.add_session(quiz.id, None, "Kick-off", date(2026, 3, 12))).value
    statements = [s.id for s in quiz.statements]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def room(prefix: str) -> None:
        # Each answer reads (the participant, the statement, the answer given) before it
        # writes: the read-then-write shape that a deferred BEGIN cannot upgrade when
        # another thread wrote meanwhile.
        start.wait()
        try:
            for n in range(ROUNDS):
                person = perform(db, ops.add_participant(session.id, f"{prefix} {n}")).value
                for score, statement in enumerate(statements, start=1):
                    perform(db, ops.record_answer(person.id, statement, score))
        except (EditRefused, OSError) as exc:  # pragma: no cover - the failure shown
            failures.append(exc)

    threads = [threading.Thread(target=room, args=(who,)) for who in ("phone", "laptop")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with db.reading() as s:
        people = s.execute(text("SELECT count(*) FROM workshop_participant")).scalar_one()
        answers = s.execute(text("SELECT count(*) FROM quiz_answer")).scalar_one()
    assert people == 2 * ROUNDS
    assert answers == 2 * ROUNDS * len(statements)


def test_a_transaction_inside_another_on_the_same_thread_joins_it(db: Database) -> None:
    # The lock is taken by the outermost transaction only: a nested one must not wait
    # for it (it would wait for itself).
    with db.transaction() as outer, db.transaction() as inner:
        assert inner is outer
