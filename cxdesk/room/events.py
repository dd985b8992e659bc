"""What a room's server reports to the desktop, as plain values.

The server calls its ``on_event`` with these on one of its own threads (never the UI
thread): the Qt side turns them into queued signals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cxdesk.ops.changes import ChangeSet


@dataclass(frozen=True, slots=True)
class RoomStarted:
    url: str  # what the QR code encodes: http://ADDR:PORT/?pin=PIN
    address: str
    port: int
    pin: str


@dataclass(frozen=True, slots=True)
class ParticipantJoined:
    participant_id: int
    name: str  # as stored: capped, control characters dropped; show it as plain text
    joined: int  # people in the room now
    # What the join's batch committed (this participant's row, and those of others who
    # joined in the same batch); a phone that resumes with its token makes no row and
    # reports nothing.
    changeset: ChangeSet | None = None


@dataclass(frozen=True, slots=True)
class ParticipantLeft:
    participant_id: int
    joined: int


@dataclass(frozen=True, slots=True)
class ParticipantRemoved:
    participant_id: int
    joined: int


@dataclass(frozen=True, slots=True)
class ParticipantRestored:
    """A removed participant is back (the consultant undid the deletion): their phone
    goes on with the same token."""

    participant_id: int
    joined: int


@dataclass(frozen=True, slots=True)
class AnswersSaved:
    changeset: ChangeSet  # what the committed batch changed, for the screens to re-read
    # statement id -> people of the session who have answered it, after the batch
    answered: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PhoneReached:
    address: str  # the phone's address, as the laptop sees it


@dataclass(frozen=True, slots=True)
class PinUnderAttack:
    """The room's budget of wrong PINs is spent (from many addresses: someone on the
    network is guessing): newcomers are refused for ``seconds``; phones already in go on.
    Reported once per pause."""

    wrong_pins: int  # wrong PINs tried since the room first opened
    seconds: float  # how long newcomers are refused from now

    @property
    def message(self) -> str:
        """Words for the consultant."""
        return (
            f"Someone on this network is guessing the room's PIN ({self.wrong_pins:,} wrong "
            f"PINs so far). Newcomers cannot join for the next {self.seconds:.0f} seconds; "
            "phones already in are not affected. If everyone is in, lock the room."
        )


@dataclass(frozen=True, slots=True)
class RoomFailed:
    message: str  # words for the consultant: what happened and what to try


@dataclass(frozen=True, slots=True)
class RoomStopped:
    pass


RoomEvent = (
    RoomStarted
    | ParticipantJoined
    | ParticipantLeft
    | ParticipantRemoved
    | ParticipantRestored
    | AnswersSaved
    | PhoneReached
    | PinUnderAttack
    | RoomFailed
    | RoomStopped
)
