"""What phones know a room by (its PIN, the participants' tokens, the lobby lock, where it
was served), handed from a room that closed to the next one opened for the same thing.

The presenter closed by mistake and opened again, or a survey stopped and collected
again: the new room takes this over, so a phone that reloads resumes as the same
participant instead of joining as a new one. It lives in memory only, for one run of
the app: a token lets whoever holds it answer as its participant, so it is never
written to disk (nor shown in a repr or a log).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from cxdesk.room.limits import WrongPinsSeen


@dataclass(frozen=True, slots=True)
class KeptPhone:
    """One participant of a room that closed: their id, their phone's token, the name
    they joined with, their answers as the room last saved them, removed or not."""

    participant_id: int
    token: str = field(repr=False)  # a secret: never in a log
    name: str
    answers: Mapping[int, object] = field(default_factory=lambda: MappingProxyType({}))
    removed: bool = False


@dataclass(frozen=True, slots=True)
class RoomIdentity:
    pin: str = field(repr=False)
    lobby_locked: bool = False
    phones: tuple[KeptPhone, ...] = ()
    # Where phones last reached it ("" and 0: it never opened); a room opened again
    # on the same address asks for the same port, so the QR code stays the same.
    address: str = ""
    port: int = 0
    # The room-wide budget of wrong PINs (None: untouched): a guesser gets no new one.
    wrong_pins: WrongPinsSeen | None = None

    @property
    def joined(self) -> int:
        """People in the room (joined and not removed)."""
        return sum(1 for phone in self.phones if not phone.removed)

    @property
    def participant_ids(self) -> frozenset[int]:
        return frozenset(phone.participant_id for phone in self.phones)

    def removing(self, participant_ids: Iterable[int]) -> RoomIdentity:
        """The same room with these participants removed (deleted on the laptop while
        no room ran): their tokens stay known, and refused as removed, so their phones
        are told rather than let in again as newcomers."""
        gone = set(participant_ids)
        if not gone & self.participant_ids:
            return self
        phones = tuple(
            replace(phone, removed=True) if phone.participant_id in gone else phone
            for phone in self.phones
        )
        return replace(self, phones=phones)

    def restoring(self, participant_ids: Iterable[int]) -> RoomIdentity:
        """The same room with these removed participants back (their deletion undone
        while no room ran): their tokens are let in again."""
        back = set(participant_ids)
        if not any(phone.removed and phone.participant_id in back for phone in self.phones):
            return self
        phones = tuple(
            replace(phone, removed=False) if phone.participant_id in back else phone
            for phone in self.phones
        )
        return replace(self, phones=phones)
