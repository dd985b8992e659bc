"""What a kind of room (a quiz, a RATER survey, a pulse check) tells the server:
what a phone may see, what it may send and how that is checked and written.

The server does the rest the same for every kind: PIN, tokens, limits, the lobby, the
phase, the one writer thread and its batches, the event streams.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Operation
from cxdesk.room.state import Participant, RoomState
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

Json = dict[str, object]


@dataclass(frozen=True, slots=True)
class Answer:
    """One thing a phone sent, checked: who, about what, and what they said."""

    participant_id: int
    # What is answered (one answer per key: the last wins): a statement's id in a quiz;
    # in a survey, one score or question of the phone's form.
    key: int
    value: object  # a score in a quiz; in a survey one score, a points split or a text


class StaleAnswer(EditRefused):
    """An answer refused because what is stored is not what its phone was shown (the
    consultant changed it on the laptop). ``show`` makes the room show that phone what
    is stored; the writer calls it only once the answer is refused on its own: refused
    inside a batch, the answer is written again alone, and must then be checked against
    what the phone saw, not against what the batch's refusal found."""

    def __init__(self, message: str, show: Callable[[], None]) -> None:
        super().__init__(message)
        self.show = show


class RoomKind(Protocol):
    """A kind of room. Its methods run on the server's threads: :meth:`load`,
    :meth:`join`, :meth:`save` and :meth:`answered` on the writer (or before the room
    opens), the others on the event loop, where they must not touch the database."""

    @property
    def kind(self) -> str:
        """Which form the phone page shows: "quiz", "rater" or "pulse"."""
        ...

    def load(self, db: Database) -> None:
        """Read what the room shows (a quiz's statements); raises
        :class:`~cxdesk.store.errors.EditRefused` (words for the consultant) if it cannot
        run (the session was deleted, it does not take answers per person)."""
        ...

    def shows(self, key: int | None) -> bool:
        """Whether the desktop may put the room on ``key`` (None: between keys)."""
        ...

    def view(self, room: RoomState, participant: Participant) -> Json:
        """Everything one phone sees (the state JSON): only what the room is on and the
        participant's own answers."""
        ...

    def read_answer(self, body: Mapping[str, object], room: RoomState, who: Participant) -> Answer:
        """The answer a phone sent, checked against the room as it is now; raises
        :class:`~cxdesk.room.state.Refusal` (409 not now, 422 not an answer)."""
        ...

    def saved(self, answer: Answer) -> Json:
        """The reply to an answer once it is committed."""
        ...

    def join(self, names: Sequence[str]) -> Operation[list[tuple[int, str]]]:
        """Add these newcomers (names already cleaned); the value is each one's id and
        name as stored, in order. What the room remembers of it, it takes once the
        operation commits (a batch may be rolled back and written again)."""
        ...

    def save(self, answers: Sequence[Answer]) -> Operation[object]:
        """Write these answers, in order, in one transaction (a later one for the same
        participant and key replaces an earlier one). What the room remembers of them
        it takes once the operation commits; an answer refused because its phone had not
        seen what is stored raises :class:`StaleAnswer`."""
        ...

    def answered(self, db: Database) -> dict[int, int]:
        """Read after a batch is committed: in a quiz, statement id -> people who have
        answered it; in a survey, how many have started and finished their form."""
        ...

    @property
    def phone_rows(self) -> str:
        """The table whose rows are the room's phones (a quiz's participants, a survey's
        respondents or pulse checks): their deletion on the laptop concerns the room."""
        ...

    def phones_removed(self, changes: ChangeSet) -> list[int]:
        """The room's participants whose rows ``changes`` deleted on the laptop (a spam
        name): the room takes their phones out. Any thread."""
        ...

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        """The room's participants whose rows ``changes`` created (their deletion
        undone, same ids): the room lets in again those it removed. Any thread."""
        ...
