"""While a room serves, Python's garbage collector leaves alone what the app made before.

A full collection visits every object the process tracks (Qt's wrappers, SQLAlchemy, the
room's own connections) and holds the GIL while it does, so every thread waits for it,
the UI thread too. Under 300-500 phones the room allocates enough to set one off every
few seconds, and each blocked the UI thread for 50-100 ms (benchmarks/bench_phones.py).
Frozen, the objects made before the room opened are no longer visited: a full collection
then took about 20 ms. ``gc.freeze()`` only moves them to a generation of their own, so it
costs nothing; they are given back to the collector when the last room stops.
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
