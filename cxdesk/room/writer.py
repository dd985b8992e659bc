"""The room's one writer thread: joins and answers that arrive together are committed
together, and each one's reply is sent only once its batch is committed.

Every write is an operation (:mod:`cxdesk.ops`) performed here, never on the event
loop (a commit waits for the disk) nor on the UI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Done, Operation, perform
from cxdesk.room.events import AnswersSaved, RoomEvent
from cxdesk.room.kinds import Answer, RoomKind, StaleAnswer
from cxdesk.room.state import Refusal
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

log = logging.getLogger(__name__)

MAX_BATCH = 500  # a whole room answering at once is one commit

Reply = Callable[[object | Refusal], None]  # called on the writer thread


@dataclass(frozen=True, slots=True)
class Join:
    name: str
    reply: Reply  # a Seat, or a Refusal


@dataclass(frozen=True, slots=True)
class Save:
    answer: Answer
    reply: Reply  # the answer, once committed, or a Refusal


Job = Join | Save
# A newcomer's id and name as stored, and what their join's batch changed
Seat = tuple[int, str, ChangeSet]
J = TypeVar("J", Join, Save)


def _refusal(exc: EditRefused) -> Refusal:
    # The store says what is wrong (the participant was deleted on the laptop, say);
    # nothing was written, so the phone may try again or ask.
    return Refusal(409, f"That could not be saved: {exc}")


class Writer:
    def __init__(self, db: Database, room: RoomKind, on_event: Callable[[RoomEvent], None]) -> None:
        self._db = db
        self._room = room
        self._on_event = on_event
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="cxdesk-room-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    def stop(self) -> None:
        """Write what was submitted before, then end the thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            job = self._jobs.get()
            if job is None:
                break
            batch = [job]
            # Whatever arrived while the last batch was being committed goes in this one.
            while len(batch) < MAX_BATCH:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            try:
                self._write(batch)
            except Exception:  # a bug: the phones are told, the room keeps serving
                log.exception("The room could not save %d answers or joins", len(batch))
                for job in batch:
                    job.reply(Refusal(500, "Something went wrong on the laptop. Try again."))

    def _write(self, batch: Sequence[Job]) -> None:
        joins = [job for job in batch if isinstance(job, Join)]
        saves = [job for job in batch if isinstance(job, Save)]
        if joins:  # first: a newcomer answers only after their join's reply
            for done, joined in self._commit(joins, lambda j: self._room.join([x.name for x in j])):
                for join, (participant_id, name) in zip(joined, done.value, strict=True):
                    join.reply((participant_id, name, done.changeset))
        if not saves:
            return
        changed: list[Done[Any]] = []
        for done, saved in self._commit(saves, lambda s: self._room.save([x.answer for x in s])):
            for save in saved:
                save.reply(save.answer)
            if done.changeset:  # the same score again changes (and announces) nothing
                changed.append(done)
        if changed:
            answered = self._room.answered(self._db)
            for done in changed:
                self._on_event(AnswersSaved(done.changeset, answered))

    def _commit(
        self, jobs: list[J], operation: Callable[[list[J]], Operation[Any]]
    ) -> list[tuple[Done[Any], list[J]]]:
        """Commit ``jobs`` as one operation; if the store refuses it, each job alone, so
        one refused answer (its participant just removed) does not refuse the room's.
        A job refused alone is replied to here, and only then does the room learn what
        the refusal found (:class:`StaleAnswer`): a job refused inside a batch is tried
        again alone, checked as if the batch had never run."""
        try:
            return [(perform(self._db, operation(jobs)), jobs)]
        except EditRefused as exc:
            if len(jobs) == 1:
                if isinstance(exc, StaleAnswer):
                    exc.show()  # refused for good: before the reply, so its state shows it
                jobs[0].reply(_refusal(exc))
                return []
        committed: list[tuple[Done[Any], list[J]]] = []
        for job in jobs:
            committed += self._commit([job], operation)
        return committed
