"""The room's listening socket: bound to the chosen address only, on the first free port
of a few, taking no more connections than the process can hold, and closed without
leaking a connection accepted at that very moment."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
from collections.abc import Callable

PORTS_TRIED = 20  # 8765..8784: the next one when another program (or room) has a port
BACKLOG = 128
_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}


class BindFailed(Exception):
    """The room could not listen; the message is words for the consultant."""


def listen(address: str, first_port: int, prefer: int | None = None) -> socket.socket:
    """A listening, non-blocking socket on ``address`` (never 0.0.0.0 unless asked):
    ``prefer`` if given and free (a room opened again), else ``first_port`` or, when
    taken, the next free one (0: any free port)."""
    ports = [0] if first_port == 0 else list(range(first_port, first_port + PORTS_TRIED))
    tried = ports if prefer is None else [prefer, *(p for p in ports if p != prefer)]
    for port in tried:
        try:
            return _listen_on(address, port)
        except OSError as exc:
            if exc.errno in _IN_USE:
                continue
            raise BindFailed(_words(address, exc)) from exc
    raise BindFailed(
        f"Ports {ports[0]} to {ports[-1]} are all in use on this laptop: close the other "
        "program using them (or another CX Desk window with phones), then try again."
    )


def _listen_on(address: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name == "posix":  # the last room's port, still in TIME_WAIT, is free again
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        elif hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no other program may share it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        sock.bind((address, port))
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _words(address: str, exc: OSError) -> str:
    if exc.errno == errno.EADDRNOTAVAIL or getattr(exc, "winerror", None) == 10049:
        return (
            f"This laptop no longer has the address {address} (the network may have "
            "changed): choose the network again."
        )
    return f"Phones cannot be let in on {address}: {exc.strerror or exc}."


async def stop_accepting(sock: socket.socket) -> None:
    """Accept no more connections, and let those just accepted finish being set up.

    Closing the server right after it accepted a connection makes Python 3.11 fail to
    set that connection up (an assertion in asyncio.Server._attach) and leak its socket;
    set up, the connection is closed with every other one when the server shuts down.
    """
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, ValueError):  # a loop without readers
        loop.remove_reader(sock.fileno())
    for _ in range(2):  # the accepted connection's task, then its connection_made
        await asyncio.sleep(0)


class _Gated(asyncio.Protocol):
    """One connection at the door: closed at once past the room's cap or its address's,
    else handed to the web server's protocol (every call passed on), and counted against
    its address until it closes. The protocol factory cannot see the peer: this can."""

    def __init__(self, gate: Gate) -> None:
        self._gate = gate
        self._inner: asyncio.Protocol | None = None
        self._address = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        gate = self._gate
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if gate.open_now() >= gate.cap or gate.by_address.get(address, 0) >= gate.per_address:
            transport.close()
            return
        self._address = address
        gate.by_address[address] = gate.by_address.get(address, 0) + 1
        inner = gate.protocol()
        assert isinstance(inner, asyncio.Protocol)
        self._inner = inner
        inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        inner, self._inner = self._inner, None
        if inner is None:
            return
        gate = self._gate
        left = gate.by_address.get(self._address, 1) - 1
        if left > 0:
            gate.by_address[self._address] = left
        else:
            gate.by_address.pop(self._address, None)
        inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._inner is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._inner is not None else None

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()


class Gate:
    """A protocol factory that lets in no more than ``cap`` connections in all, and
    ``per_address`` from one address: idle connections held open by the hundred (by a
    script, not a phone) can neither use up the files the app needs nor every phone's
    place. Event-loop thread only."""

    def __init__(
        self,
        protocol: Callable[[], asyncio.BaseProtocol],
        open_now: Callable[[], int],
        cap: int,
        per_address: int,
    ) -> None:
        self.protocol = protocol
        self.open_now = open_now  # connections the web server holds now
        self.cap = cap
        self.per_address = per_address
        self.by_address: dict[str, int] = {}

    def __call__(self) -> asyncio.BaseProtocol:
        return _Gated(self)


RESERVED_FILES = 256  # the workspace, its journal, backups, fonts: files the app keeps


def connection_cap(wanted: int) -> int:
    """How many connections the room may hold: ``wanted``, or fewer if the process may
    not open that many files. The soft limit is raised towards it first (macOS starts a
    program at 256 open files, Linux at 1024: too few for a room of phones, each with an
    event stream and a connection or two for its requests)."""
    try:
        import resource
    except ImportError:  # Windows: sockets count against no such limit
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + RESERVED_FILES
    if soft != resource.RLIM_INFINITY and soft < needed:
        raised = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):  # macOS refuses past OPEN_MAX
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
    if soft == resource.RLIM_INFINITY:
        return wanted
    return min(wanted, max(16, soft - RESERVED_FILES))
