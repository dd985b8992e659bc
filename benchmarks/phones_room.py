"""The room's process of bench_phones.py: the app's own (cxdesk.room.child) with the
benchmark's probes in it (phones_probes.py), which it writes as JSON to the file named by
CXDESK_BENCH_PROBES when the room stops. phones_desk.py starts the room with this
script in place of ``python -m cxdesk.room.child``."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROBES_FILE = "CXDESK_BENCH_PROBES"


def main() -> int:
    sys.path.insert(0, str(HERE))
    from phones_desk import threads_sched
    from phones_probes import ServerProbes

    from cxdesk.room import child
    from cxdesk.room.server import RoomServer
    from cxdesk.room.writer import Writer

    probes = ServerProbes()
    probes.install()
    serve = RoomServer._serve
    threads: dict[str, Any] = {}

    start_writing, stop_writing = Writer.start, Writer.stop

    async def probed(self: RoomServer) -> None:
        probes.watch_running_loop(asyncio.get_running_loop())
        await serve(self)

    def first_look(self: Writer) -> None:  # the room's threads, once they are all there
        start_writing(self)
        threads["before"] = threads_sched()

    def last_look(self: Writer) -> None:  # ... and while they still are
        threads["after"] = threads_sched()
        stop_writing(self)

    RoomServer._serve = probed  # type: ignore[method-assign]
    Writer.start, Writer.stop = first_look, last_look  # type: ignore[method-assign]
    try:
        return child.main()
    finally:
        probes.stop()
        target = os.environ.get(PROBES_FILE)
        if target:
            Path(target).write_text(json.dumps({**probes.facts(), "threads": threads}))


if __name__ == "__main__":
    sys.exit(main())
