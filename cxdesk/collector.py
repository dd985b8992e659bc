"""While heavy work runs beside the UI thread (a phones room serving, the portfolio's read
on its worker), Python's garbage collector leaves alone what the app made before.

Shared by cxdesk.room and the UI, so it lives beside neither: Qt-free, store-free.

A full collection visits every object the process tracks (Qt's wrappers, SQLAlchemy, the
room's own connections) and holds the GIL while it does, so every thread waits for it,
the UI thread too. Under 300-500 phones the room allocates enough to set one off every
few seconds, and each blocked the UI thread for 50-100 ms (benchmarks/bench_phones.py).
Frozen, the objects made before the room opened are no longer visited: a full collection
then took about 20 ms. ``gc.freeze()`` only moves them to a generation of their own, so it
costs nothing; they are given back to the collector when the last room stops.

The phones' own long-lived objects (each one's connection, event stream and seat) are
frozen too once they have joined (:func:`freeze_newcomers`): left to the collector, the
first full collection after 500 phones joined still held every thread for 20-30 ms.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_serving = 0  # rooms serving now, in this process


@contextmanager
def app_objects_frozen() -> Iterator[None]:
    """Freeze the objects made so far while a room serves; rooms may overlap (the first
    freezes, the last one to stop gives them back)."""
    global _serving
    with _lock:
        if _serving == 0:
            gc.freeze()
        _serving += 1
    try:
        yield
    finally:
        with _lock:
            _serving -= 1
            if _serving == 0:
                gc.unfreeze()


def freeze_newcomers() -> None:
    """While a room serves, freeze what was made since the last freeze (the phones that
    joined), after a young collection so the short-lived garbage of their requests is
    not frozen with them. Outside a room it does nothing."""
    with _lock:
        if _serving == 0:
            return
        gc.collect(1)
        gc.freeze()
