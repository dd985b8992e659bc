"""Waiting for a connection attempt that cannot be interrupted, in a way that can stop.

libpq's connect cannot be cancelled from another thread: a server that never answers
holds it for the whole timeout (and a host name for as long as the resolver takes). A
window whose Cancel, or whose closing, waited for that froze for seconds. So the attempt
runs on a thread of its own and the caller waits for it in short slices, asking
``check`` between them; when ``check`` raises (Cancel was asked), the caller stops
waiting at once and the attempt is abandoned: it ends by itself within its timeout and
gives back (``discard``) whatever it opened late. Its thread is a daemon: an abandoned
attempt never keeps the app from quitting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# How often the waiting caller looks whether it should stop.
SLICE_SECONDS = 0.05


class _Attempt(Generic[T]):
    def __init__(self, attempt: Callable[[], T], discard: Callable[[T], None]) -> None:
        self._attempt, self._discard = attempt, discard
        self._lock = threading.Lock()
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None
        self._abandoned = False

    def run(self) -> None:
        try:
            result = self._attempt()
        except BaseException as error:  # handed to the waiting caller, raised there
            with self._lock:
                self.error = error
                self.done.set()
            return
        with self._lock:
            late = self._abandoned
            if not late:
                self.result = result
            self.done.set()
        if late:
            self._discard(result)  # nobody waits for it any more

    def abandon(self) -> None:
        with self._lock:
            self._abandoned = True
            result, self.result = self.result, None
        if result is not None:  # arrived between the last look and the Cancel
            self._discard(result)


def wait_abandonably(
    attempt: Callable[[], T],
    check: Callable[[], None],
    discard: Callable[[T], None],
    *,
    name: str = "cxdesk-connect",
) -> T:
    """``attempt()``'s result (or its exception), waited for on this thread; whatever
    ``check()`` raises meanwhile ends the wait at once (see the module docstring)."""
    waiting = _Attempt(attempt, discard)
    threading.Thread(target=waiting.run, name=name, daemon=True).start()
    while not waiting.done.wait(SLICE_SECONDS):
        try:
            check()
        except BaseException:
            waiting.abandon()
            raise
    if waiting.error is not None:
        raise waiting.error
    assert waiting.result is not None
    return waiting.result
