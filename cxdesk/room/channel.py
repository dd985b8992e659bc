"""The pipe between the app and its room's process: framed messages, pickled.

Each message is one pickle behind its length (4 bytes, big-endian). Both ends are this
app's own code, started by the app itself: nothing a phone sends is ever unpickled (the
room's process reads the phones' JSON, and reports plain values).

What the app reads from the room comes on a thread that only reads and unpickles frames
of a few hundred bytes, so the UI thread never waits for the room's Python: the room
runs under its own interpreter lock.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, BinaryIO

from cxdesk.ops.changes import ChangeSet
from cxdesk.room.identity import RoomIdentity
from cxdesk.room.limits import RoomLimits

_LENGTH = struct.Struct(">I")
READ_BYTES = 65536


@dataclass(frozen=True, slots=True)
class Workplace:
    """Where the room's process finds the workspace the app has open: a SQLite file
    (``path``) or a team workspace's URL (``url``, password and all: sent down the pipe,
    never on a command line), and who edits through it."""

    path: str = ""
    url: str = ""
    editor: str | None = None  # the engine's named editor (tests: two people on a file)
    origin: str = ""  # the app's own: its change feed takes the room's writes as its own


@dataclass(frozen=True, slots=True)
class OpenRoom:
    """The first message down the pipe: what room to serve, and where."""

    workplace: Workplace
    kind: Any  # a RoomKind (a survey's remembers its phones' rows)
    address: str
    port: int
    limits: RoomLimits
    identity: RoomIdentity | None


@dataclass(frozen=True, slots=True)
class Command:
    """One of RoomServer's commands, by name (``show_statement``, ``set_voting``,
    ``set_lobby_locked``, ``remove_participant``, ``restore_participant``) and its
    argument; ``stop`` ends the room."""

    name: str
    argument: object = None


@dataclass(frozen=True, slots=True)
class LaptopChanged:
    """What changed on the laptop: the room takes out the phones whose rows went, and
    lets back those whose rows came back (only the room knows a survey's phones)."""

    changes: ChangeSet


@dataclass(frozen=True, slots=True)
class JoinedInBatch:
    """A ParticipantJoined whose changeset is the one of the join reported just before:
    sent without it (a batch of 500 joins would otherwise send its 500 ids 500 times)."""

    participant_id: int
    name: str
    joined: int


@dataclass(frozen=True, slots=True)
class RoomClosed:
    """The last message up the pipe: what phones know the room by, and its kind with
    what it remembers, for the next room opened for the same session or survey."""

    identity: RoomIdentity | None
    kind: Any


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(proxy),)


# A kept phone's answers are a read-only mapping, which pickle cannot take as such.
_TABLE = copyreg.dispatch_table.copy()
_TABLE[MappingProxyType] = _mapping_proxy


def frame(message: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _TABLE
    pickler.dump(message)
    body = buffer.getvalue()
    return _LENGTH.pack(len(body)) + body


def send(stream: BinaryIO, message: object) -> None:
    stream.write(frame(message))
    stream.flush()


class Frames:
    """Bytes read from the pipe in, whole messages out."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Iterator[object]:
        """Each whole message in what was read so far. A frame leaves the buffer before
        its message is handed on: if handling it fails (the generator is then never
        resumed), the next read does not bring it, nor those before it, again."""
        buffer = self._buffer
        buffer += data
        while len(buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(buffer)
            end = _LENGTH.size + size
            if len(buffer) < end:
                break
            body = buffer[_LENGTH.size : end]  # a copy
            del buffer[:end]  # cheap: a bytearray drops its head without copying the rest
            yield pickle.loads(body)


def read_messages(fd: int) -> Iterator[object]:
    """Every message until the other end closes the pipe."""
    frames = Frames()
    while True:
        data = os.read(fd, READ_BYTES)
        if not data:
            return
        yield from frames.feed(data)
