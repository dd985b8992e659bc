"""What the self-paced survey rooms (a RATER survey, a pulse check) share: each phone
fills its own form at its own pace, nobody leads it statement by statement.

Their state, what counts as an answer, free text made safe to store, and the rows the
room has written (kept on the writer thread, read by the event loop for a phone's view).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeGuard, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from cxdesk.models.constraints import UNSTORABLE
from cxdesk.room.kinds import StaleAnswer
from cxdesk.room.state import Phase, Refusal, RoomState, Words
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

# The keys of a survey's ``answered`` (AnswersSaved.answered): how many of the room's
# people have given at least one answer, and how many every answer the form asks for.
STARTED, FINISHED = 0, 1

NOT_AN_ANSWER = Words(422, "That is not one of the answers you can give.")
CLOSED = Words(409, "The survey is closed: your answers are kept. Thank you!")

# Bidirectional embeddings, overrides and isolates (as in names: they could reverse the
# text around them in the consultant's table); joiners used by emoji stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

R = TypeVar("R")


class ChangedOnTheLaptop(StaleAnswer):
    """The consultant changed this very answer on the laptop since the phone last saved
    it: the phone's tap is not written over it (``show`` shows the phone theirs)."""

    def __init__(self, show: Callable[[], None]) -> None:
        super().__init__(
            "This answer was changed on the laptop meanwhile. Your screen shows it now: "
            "tap again to change it.",
            show,
        )


class AnswersDeleted(EditRefused):
    def __init__(self) -> None:
        super().__init__("Your answers were deleted on the laptop. Ask the presenter.")


def once_committed(db: Database, remember: Callable[[], None]) -> None:
    """Call ``remember`` when the transaction this runs in commits; never if it rolls
    back. What a room remembers of a write (a phone's row, what it has seen) must not get
    ahead of the database: a batch refused is written again answer by answer, and a
    failed commit leaves nothing (the ids it took may be handed out again)."""
    with db.transaction() as session:  # inside the write: its own session

        def committed(_session: Session) -> None:
            remember()

        event.listen(session, "after_commit", committed, once=True)


def whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def survey_phase(room: RoomState) -> str:
    """A survey is open from the start (no lobby: nobody waits for a statement), closed
    when the consultant closes it, ended when the room stops."""
    if room.ended:
        return Phase.ENDED.value
    return Phase.OPEN.value if room.voting_open else Phase.CLOSED.value


def check_open(room: RoomState) -> None:
    if not room.voting_open:
        raise CLOSED.refuse()


def clean_text(raw: object, limit: int) -> str:
    """Free text a phone typed, made safe to store and show: control characters (but
    line breaks and tabs) and bidi controls dropped, Windows line ends made plain, outer
    white space trimmed; refused (422) when it is not text or longer than ``limit``."""
    if not isinstance(raw, str):
        raise NOT_AN_ANSWER.refuse()
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = UNSTORABLE.sub("", _BIDI_CONTROLS.sub("", text))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = text.strip()
    if len(text) > limit:
        raise Refusal(422, f"That is too long: at most {limit:,} characters.")
    return text


def scale_words(labels: Mapping[int, str]) -> dict[str, str]:
    """The JSON a phone's scale shows beside each score: "1" -> "Strongly disagree"."""
    return {str(score): words for score, words in labels.items()}


class WrittenRows(Generic[R]):
    """The rows a room has written (or joined), by participant: each as the room's last
    committed write left it. Written by the writer thread after its operation's run,
    read by the event loop for a phone's view: hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, R] = {}

    # Handed to the room's process and back (pickled): the rows travel, not the lock.
    def __getstate__(self) -> dict[int, R]:
        with self._lock:
            return dict(self._rows)

    def __setstate__(self, rows: dict[int, R]) -> None:
        self._lock = threading.Lock()
        self._rows = rows

    def get(self, participant_id: int) -> R | None:
        with self._lock:
            return self._rows.get(participant_id)

    def put(self, participant_id: int, row: R) -> None:
        with self._lock:
            self._rows[participant_id] = row

    def put_all(self, rows: Mapping[int, R]) -> None:
        with self._lock:
            self._rows.update(rows)

    def items(self) -> list[tuple[int, R]]:
        with self._lock:
            return list(self._rows.items())

    def participants(self) -> Iterable[int]:
        with self._lock:
            return list(self._rows)
