"""Where an answer's time goes inside the room's process, for bench_phones.py (installed
there by phones_room.py): the answer handler
(request read -> committed -> reply made), the writer's batches (answers per commit, and
how long each took) and the lateness of the room's event loop.

The probes wrap the room's own functions (``cxdesk.room.api.answer``,
``cxdesk.room.writer.Writer._write``) before the room starts; they add a clock read or
two per call and change nothing else.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

LOOP_TICK_S = 0.005


class ServerProbes:
    def __init__(self) -> None:
        self.handled_ms: list[float] = []  # /api/answer: handler entered -> reply made
        self.batches: list[tuple[int, float]] = []  # jobs in a batch, ms to write it
        self.loop_late_ms: list[float] = []  # the room's loop: a 5 ms sleep's lateness
        self.collections: list[tuple[float, int, float]] = []  # monotonic, generation, ms
        self._running = False
        self._collecting = 0.0

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        # Python's cyclic collector holds the GIL throughout: every thread waits.
        if phase == "start":
            self._collecting = time.monotonic()
        elif self._running and info["generation"] >= 1:
            now = time.monotonic()
            self.collections.append((now, info["generation"], (now - self._collecting) * 1000))

    def install(self) -> None:
        """Wrap the answer handler and the writer's batch (before the room starts)."""
        from cxdesk.room import api, writer

        answer = api.answer
        probes = self

        async def timed_answer(request: Any) -> Any:
            began = time.monotonic()
            try:
                return await answer(request)
            finally:
                probes.handled_ms.append((time.monotonic() - began) * 1000)

        api.answer = timed_answer
        write = writer.Writer._write

        def timed_write(self: Any, batch: Any) -> None:
            began = time.monotonic()
            try:
                write(self, batch)
            finally:
                probes.batches.append((len(batch), (time.monotonic() - began) * 1000))

        writer.Writer._write = timed_write  # type: ignore[method-assign]

    def watch_running_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """Probe the lateness of the room's own event loop (from that loop, as the room
        starts serving: in the room's process)."""
        self._running = True
        gc.callbacks.append(self._gc)

        async def probe() -> None:
            while self._running:
                due = loop.time() + LOOP_TICK_S
                await asyncio.sleep(LOOP_TICK_S)
                self.loop_late_ms.append((loop.time() - due) * 1000)

        loop.create_task(probe())

    def stop(self) -> None:
        self._running = False
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)

    def facts(self) -> dict[str, Any]:
        sizes = [n for n, _ms in self.batches]
        return {
            "handled_ms": self.handled_ms,
            "batches": len(self.batches),
            "batch_mean": sum(sizes) / max(len(sizes), 1),
            "batch_max": max(sizes, default=0),
            "batch_ms": [ms for _n, ms in self.batches],
            "loop_late_ms": self.loop_late_ms,
            "collections": self.collections,
        }
