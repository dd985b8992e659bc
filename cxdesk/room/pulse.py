"""A pulse check as a room: each phone that joins is one pulse-check response of the side
the consultant chose (the client's people, or our team), dated the day the room opened,
and answers its four questions at its own pace: confidence 1-10, CSAT 1-5, what's
working and what's not (free text).

A pulse check with no answer cannot be stored, so a phone's row is made by its first
answer and every later answer changes that row, checked as :mod:`cxdesk.room.rater`
checks a respondent's: against what the phone was shown and wrote of that answer, so
never over an answer the consultant changed on the laptop since (and never refused by
the phone's own earlier write). Until then a phone has an id of the room's own.

A pulse check's id is never handed out twice (AUTOINCREMENT, schema 0012), so the room
remembers each phone's row by its id alone: an answer queued before the room hears of a
deletion finds no row and is refused, never written into a response added since. Undo
puts a deleted response back under its own id, and so gives the phone its row back.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cxdesk.models.pulse import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    CONFIDENCE_QUESTION,
    CSAT_LABELS,
    CSAT_MAX,
    CSAT_MIN,
    CSAT_QUESTION,
    NOT_WORKING_QUESTION,
    WORKING_QUESTION,
)
from cxdesk.models.records import PulseRecord
from cxdesk.models.servqual import RespondentSide
from cxdesk.ops import feedback as feedback_ops
from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Operation
from cxdesk.room.kinds import Answer, Json
from cxdesk.room.state import Participant, RoomState
from cxdesk.room.survey import (
    FINISHED,
    NOT_AN_ANSWER,
    STARTED,
    AnswersDeleted,
    ChangedOnTheLaptop,
    WrittenRows,
    check_open,
    clean_text,
    once_committed,
    scale_words,
    survey_phase,
    whole,
)
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

# What a phone may type in one answer: a few paragraphs. Far below the store's limit,
# and small enough that the most a phone can type (four UTF-8 bytes a character) fits in
# a request's 4 KB.
TEXT_MAX = 800
TITLE = "Pulse check"
SCORES = {
    "confidence": (CONFIDENCE_MIN, CONFIDENCE_MAX),
    "csat": (CSAT_MIN, CSAT_MAX),
}
TEXTS = ("working", "not_working")
QUESTIONS: tuple[Json, ...] = (
    {
        "id": "confidence",
        "type": "score",
        "text": CONFIDENCE_QUESTION,
        "min": CONFIDENCE_MIN,
        "max": CONFIDENCE_MAX,
        "labels": scale_words({CONFIDENCE_MIN: "Not confident", CONFIDENCE_MAX: "Very confident"}),
    },
    {
        "id": "csat",
        "type": "score",
        "text": CSAT_QUESTION,
        "min": CSAT_MIN,
        "max": CSAT_MAX,
        "labels": scale_words(
            {n: words.split(" - ", 1)[1].capitalize() for n, words in CSAT_LABELS.items()}
        ),
    },
    {"id": "working", "type": "text", "text": WORKING_QUESTION, "max": TEXT_MAX},
    {"id": "not_working", "type": "text", "text": NOT_WORKING_QUESTION, "max": TEXT_MAX},
)


@dataclass(frozen=True, slots=True)
class PulseAnswer:
    question: str  # a pulse check's field: "confidence", "csat", "working", "not_working"
    value: int | str


class PulseRoom:
    """Pulse-check responses of one engagement, one per phone."""

    kind = "pulse"
    phone_rows = feedback_ops.PULSES

    def __init__(
        self,
        engagement_id: int,
        side: RespondentSide,
        taken_on: date,
        milestone_id: int | None = None,
    ) -> None:
        self.engagement_id = engagement_id
        self.side = RespondentSide(side)
        self.taken_on = taken_on
        self.milestone_id = milestone_id
        self._ids = itertools.count(1)  # the phones' own ids (writer thread only)
        self._names: dict[int, str] = {}  # writer thread only
        self._rows: WrittenRows[PulseRecord] = WrittenRows()
        self._lock = threading.Lock()
        self._participant_of: dict[int, int] = {}  # pulse check id -> participant id

    # Handed to the room's process and back (pickled): what it remembers, not its lock.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def participant_of(self, pulse_id: int) -> int | None:
        """The phone whose response ``pulse_id`` is (any thread): the desktop removes it
        from the room when that response is deleted."""
        with self._lock:
            return self._participant_of.get(pulse_id)

    def phones_removed(self, changes: ChangeSet) -> list[int]:
        return self._phones_of(changes.deleted.get(self.phone_rows, frozenset()))

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        return self._phones_of(changes.created.get(self.phone_rows, frozenset()))

    def _phones_of(self, pulse_ids: frozenset[int]) -> list[int]:
        phones = [self.participant_of(pulse_id) for pulse_id in sorted(pulse_ids)]
        return [p for p in phones if p is not None]

    # -- what the server asks of a room kind --------------------------------------------

    def load(self, db: Database) -> None:
        if workspace.get_engagement(db, self.engagement_id) is None:
            raise EditRefused("That engagement no longer exists (it may have been deleted).")
        if self.milestone_id is not None and self.milestone_id not in {
            m.id for m in workspace.list_milestones(db, self.engagement_id)
        }:
            raise EditRefused("That milestone no longer exists: choose another.")
        pulse_store.validate_pulse_field("taken_on", self.taken_on)

    def shows(self, key: int | None) -> bool:
        return key is None  # self-paced

    def view(self, room: RoomState, participant: Participant) -> Json:
        row = self._rows.get(participant.id)
        return {
            "kind": self.kind,
            "title": TITLE,
            "phase": survey_phase(room),
            "name": participant.name,
            "side": self.side.value,
            "questions": list(QUESTIONS),
            # The answers given (an unanswered score, an empty text: absent).
            "answers": {
                field: getattr(row, field)
                for field in (*SCORES, *TEXTS)
                if row is not None and getattr(row, field) not in (None, "")
            },
        }

    def read_answer(self, body: Mapping[str, object], room: RoomState, who: Participant) -> Answer:
        question, value = body.get("question"), body.get("value")
        if question in SCORES:
            low, high = SCORES[str(question)]
            if not whole(value) or not low <= value <= high:
                raise NOT_AN_ANSWER.refuse()
            given: int | str = value
        elif question in TEXTS:
            given = clean_text(value, TEXT_MAX)
        else:
            raise NOT_AN_ANSWER.refuse()
        check_open(room)
        key = (*SCORES, *TEXTS).index(str(question))
        return Answer(who.id, key, PulseAnswer(str(question), given))

    def saved(self, answer: Answer) -> Json:
        given = answer.value
        assert isinstance(given, PulseAnswer)
        return {"saved": True, "question": given.question, "value": given.value}

    def join(self, names: Sequence[str]) -> Operation[list[tuple[int, str]]]:
        def run(_db: Database) -> list[tuple[int, str]]:
            # Nothing is stored yet (a response without an answer cannot be): the row
            # comes with the first answer.
            joined = [(next(self._ids), name) for name in names]
            self._names.update(joined)
            return joined

        label = "New respondent" if len(names) == 1 else f"{len(names)} new respondents"
        return Operation(label, run, self.engagement_id)

    def save(self, answers: Sequence[Answer]) -> Operation[object]:
        def run(db: Database) -> object:
            rows: dict[int, PulseRecord] = {}
            for answer in answers:
                given = answer.value
                assert isinstance(given, PulseAnswer)
                self._save_one(db, answer.participant_id, given, rows)
            # Remembered only once committed: a batch refused, or a commit failed, made
            # no row (the phone's next answer makes it).
            once_committed(db, lambda: self._remember(rows))
            return None

        label = "Pulse answer on a phone" if len(answers) == 1 else f"{len(answers)} pulse answers"
        return Operation(label, run, self.engagement_id)

    def _remember(self, rows: dict[int, PulseRecord]) -> None:
        self._rows.put_all(rows)
        with self._lock:
            self._participant_of.update({row.id: pid for pid, row in rows.items()})

    def answered(self, db: Database) -> dict[int, int]:
        ids = [row.id for _pid, row in self._rows.items()]
        rows = pulse_store.get_pulses(db, ids)
        finished = sum(1 for r in rows if r.confidence is not None and r.csat is not None)
        return {STARTED: len(rows), FINISHED: finished}

    # -- writing (the writer thread, inside the operation's transaction) -----------------

    def _save_one(
        self,
        db: Database,
        participant_id: int,
        given: PulseAnswer,
        rows: dict[int, PulseRecord],
    ) -> None:
        known = rows.get(participant_id) or self._rows.get(participant_id)
        if known is None:
            if given.value == "":
                return  # an empty text before any answer: nothing to store yet
            rows[participant_id] = pulse_store.add_pulse(
                db,
                self.engagement_id,
                self.taken_on,
                milestone_id=self.milestone_id,
                respondent=self._names.get(participant_id, ""),
                side=self.side.value,
                **{given.question: given.value},
            )
            return
        found = pulse_store.get_pulses(db, [known.id])
        if not found:
            raise AnswersDeleted()  # deleted on the laptop (its id is never given again)
        current = found[0]
        field = given.question
        if getattr(current, field) != getattr(known, field):
            # Refused on its own, the phone is shown what the laptop holds now.
            raise ChangedOnTheLaptop(lambda: self._rows.put(participant_id, current))
        pulse_store.update_pulse(db, known.id, field, given.value, current.version)
        seen: dict[str, Any] = {field: given.value}  # a score or a text, as its field takes
        rows[participant_id] = replace(known, **seen)
