"""The event streams open to phones (server-sent events): who holds which, the caps, and
waking them when the room changes. Event-loop thread only; no sockets here."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from cxdesk.room.limits import RoomLimits
from cxdesk.room.state import Participant, Words

TOO_MANY_STREAMS = Words(503, "Too many connections to the room. Close other tabs and reload.")


@dataclass(eq=False, slots=True)
class Stream:
    """One open stream: its handler waits on ``wake`` and then sends what changed."""

    participant: Participant
    address: str
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    superseded: bool = False  # the same phone opened a newer one: this one ends


class Streams:
    def __init__(self, limits: RoomLimits) -> None:
        self._limits = limits
        self._open: dict[Stream, None] = {}  # oldest first
        self._by_address: dict[str, int] = {}

    def open(self, participant: Participant, address: str) -> Stream:
        """A new stream for ``participant``; refused past the room's or the address's
        cap. Past the participant's own cap their oldest stream ends instead: a phone
        that slept may leave a stream the laptop cannot yet tell is dead."""
        limits = self._limits
        if (
            len(self._open) >= limits.streams
            or self._by_address.get(address, 0) >= limits.streams_per_address
        ):
            raise TOO_MANY_STREAMS.refuse()
        theirs = [s for s in self._open if s.participant is participant]
        for old in theirs[: max(0, len(theirs) - limits.streams_per_participant + 1)]:
            old.superseded = True
            old.wake.set()
            self.close(old)
        stream = Stream(participant, address)
        self._open[stream] = None
        self._by_address[address] = self._by_address.get(address, 0) + 1
        return stream

    def close(self, stream: Stream) -> None:
        """Forget ``stream`` (again is harmless)."""
        if stream not in self._open:
            return
        del self._open[stream]
        left = self._by_address[stream.address] - 1
        if left:
            self._by_address[stream.address] = left
        else:
            del self._by_address[stream.address]

    def wake_all(self) -> None:
        for stream in self._open:
            stream.wake.set()

    def wake(self, participant: Participant) -> None:
        for stream in self._open:
            if stream.participant is participant:
                stream.wake.set()

    def __len__(self) -> int:
        return len(self._open)
