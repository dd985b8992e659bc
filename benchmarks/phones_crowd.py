"""The phones of bench_phones.py: N simulated phones in a process of their own, aiohttp
clients on 127.0.0.1 that join a room and answer every statement it shows.

    python benchmarks/phones_crowd.py --base http://127.0.0.1:PORT --pin PIN --phones N

Each phone is what the phone page does: it loads the page (``/?pin=``, ``/phone.css``,
``/phone.js``), joins (``POST /api/join``, its own cookie jar keeps the cookie), reads
``/api/state`` and holds ``/api/events`` open. When a state event puts the room on a
statement the phone has not answered, it waits a moment (a person reading: up to
``--think-s``, at random) and taps a score: ``POST /api/answer`` until the 200 "saved";
some phones then change their answer (the page sends one answer at a time). Every phone
has its own session, cookie jar and connection pool of two (the stream and a request).

Lines on stdout, for the desktop that drives the room:
``PHONES joined {...}`` once every phone joined and its stream gave the first state,
``PHONES answered K`` once every phone's answer to statement K (1-based) was saved,
``PHONES result {...}`` at the end: what was acknowledged and the times. Everything is
bounded: ``--timeout`` seconds in all, then ``PHONES failed`` and exit 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

PREFIX = "PHONES "
CONNECTIONS_PER_PHONE = 2  # the event stream and one request at a time, as the page does
LAG_TICK_S = 0.005  # this process's own event-loop lag probe


@dataclass
class Board:
    """What the phones did, together; one event loop touches it."""

    phones: int
    change: float  # share of phones that change their answer once
    think_s: float
    rng: random.Random
    joined: int = 0
    streaming: int = 0
    count: int = 0  # statements in the quiz, from the first state
    done: dict[int, int] = field(default_factory=dict)  # statement number -> phones done
    arrived: dict[int, list[float]] = field(default_factory=dict)  # number -> monotonic
    round_trips: list[tuple[int, float, bool]] = field(default_factory=list)  # no., ms, change
    failures: list[str] = field(default_factory=list)
    acked: dict[str, dict[int, int]] = field(default_factory=dict)  # name -> id -> score
    first_request: float = 0.0
    all_joined: float = 0.0
    all_streaming: float = 0.0
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    lag_ms: list[float] = field(default_factory=list)

    def say(self, what: str, facts: object = None) -> None:
        line = PREFIX + what + ("" if facts is None else " " + json.dumps(facts))
        print(line, flush=True)

    def phone_done(self, number: int) -> None:
        self.done[number] = self.done.get(number, 0) + 1
        if self.done[number] == self.phones:
            self.say(f"answered {number}")
            if self.count and all(self.done.get(n, 0) == self.phones for n in self.numbers()):
                self.finished.set()

    def numbers(self) -> range:
        return range(1, self.count + 1)


class Phone:
    def __init__(self, board: Board, base: str, pin: str, number: int) -> None:
        self.board = board
        self.base = base
        self.pin = pin
        self.name = f"Phone {number:04d}"
        self.http = aiohttp.ClientSession(
            base_url=base,
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # the host is an IP address
            connector=aiohttp.TCPConnector(limit=CONNECTIONS_PER_PHONE),
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=30),
        )
        self.answered: set[int] = set()
        self.streaming = False
        self.tasks: set[asyncio.Task[None]] = set()

    async def live(self) -> None:
        """Open the page, join, read the state, then follow the room's stream."""
        board = self.board
        for path in (f"/?pin={self.pin}", "/phone.css", "/phone.js"):
            async with self.http.get(path) as page:
                await page.read()
        status, reply = await self._post("/api/join", {"pin": self.pin, "name": self.name})
        if status != 200:
            raise RuntimeError(f"{self.name} could not join: {status} {reply}")
        board.joined += 1
        if board.joined == board.phones:
            board.all_joined = time.monotonic()
        async with self.http.get("/api/state") as state:
            await state.read()
        await self._follow(reply["token"])

    async def _follow(self, token: str) -> None:
        async with self.http.get(
            "/api/events", params={"token": token}, timeout=aiohttp.ClientTimeout(total=None)
        ) as stream:
            event, data = "", ""
            async for raw in stream.content:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif not line and event:
                    if event == "state":
                        self._state(json.loads(data))
                    event, data = "", ""
                    if self.board.finished.is_set():
                        return

    def _state(self, state: dict[str, Any]) -> None:
        board = self.board
        if not self.streaming:
            self.streaming = True
            board.streaming += 1
            if board.streaming == board.phones:
                board.all_streaming = time.monotonic()
                board.say(
                    "joined",
                    {
                        "join_s": board.all_joined - board.first_request,
                        "streams_s": board.all_streaming - board.first_request,
                    },
                )
        statement = state.get("statement")
        if state.get("phase") != "open" or statement is None:
            return
        board.count = statement["count"]
        number = statement["number"]
        if number in self.answered:
            return
        self.answered.add(number)
        board.arrived.setdefault(number, []).append(time.monotonic())
        task = asyncio.get_running_loop().create_task(self._answer(statement["id"], number))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _answer(self, statement_id: int, number: int) -> None:
        board = self.board
        await asyncio.sleep(board.rng.uniform(0, board.think_s))  # reading the statement
        taps = [board.rng.randint(1, 5)]
        if board.rng.random() < board.change:  # a second thought: another score
            taps.append(board.rng.choice([s for s in range(1, 6) if s != taps[0]]))
        for n, score in enumerate(taps):
            began = time.monotonic()
            try:
                status, reply = await self._post(
                    "/api/answer", {"statement": statement_id, "score": score}
                )
            except (aiohttp.ClientError, TimeoutError) as exc:
                board.failures.append(f"{self.name}: {type(exc).__name__} {exc}")
                break
            took = (time.monotonic() - began) * 1000
            if status != 200 or reply.get("saved") is not True:
                board.failures.append(f"{self.name}: {status} {reply}")
                break
            board.round_trips.append((number, took, n > 0))
            board.acked.setdefault(self.name, {})[statement_id] = score
        board.phone_done(number)

    async def _post(self, path: str, body: object) -> tuple[int, Any]:
        async with self.http.post(
            path,
            data=json.dumps(body),
            headers={"Origin": self.base, "Content-Type": "application/json"},
            timeout=aiohttp.ClientTimeout(total=30),
        ) as response:
            return response.status, json.loads(await response.read())

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await self.http.close()


async def probe_lag(board: Board) -> None:
    """How late this process's own loop runs (its lateness inflates the round trips)."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + LAG_TICK_S
        await asyncio.sleep(LAG_TICK_S)
        board.lag_ms.append((loop.time() - due) * 1000)


async def run_phones(args: argparse.Namespace) -> Board:
    board = Board(args.phones, args.change, args.think_s, random.Random(args.seed))
    phones = [Phone(board, args.base, args.pin, n + 1) for n in range(args.phones)]
    lag = asyncio.get_running_loop().create_task(probe_lag(board))
    board.first_request = time.monotonic()
    lives = [asyncio.get_running_loop().create_task(p.live()) for p in phones]
    try:
        finished = asyncio.get_running_loop().create_task(board.finished.wait())
        await asyncio.wait([finished, *lives], return_when=asyncio.FIRST_COMPLETED)
        for life in lives:  # a phone that failed: say why, stop
            if life.done() and not life.cancelled() and life.exception() is not None:
                raise RuntimeError(str(life.exception()))
        await finished
    finally:
        lag.cancel()
        for life in lives:
            life.cancel()
        await asyncio.gather(*lives, return_exceptions=True)
        await asyncio.gather(*(p.close() for p in phones))
    return board


def lag_summary(lag_ms: list[float]) -> list[float]:
    """p50, p99 and max of the loop's lateness, ms."""
    ordered = sorted(lag_ms) or [0.0]
    return [ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)], ordered[-1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--pin", required=True)
    parser.add_argument("--phones", type=int, required=True)
    parser.add_argument("--think-s", type=float, default=3.0)
    parser.add_argument("--change", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=240.0)
    args = parser.parse_args(argv)
    if not args.base.startswith("http://127."):
        raise SystemExit("the phones only ever talk to this machine's loopback")

    async def bounded() -> Board:
        return await asyncio.wait_for(run_phones(args), args.timeout)

    try:
        board = asyncio.run(bounded())
    except (TimeoutError, RuntimeError, aiohttp.ClientError) as exc:
        print(PREFIX + "failed " + json.dumps(f"{type(exc).__name__}: {exc}"), flush=True)
        return 1
    board.say(
        "result",
        {
            "arrived": {str(n): t for n, t in board.arrived.items()},
            "round_trips": board.round_trips,
            "failures": board.failures[:20],
            "failed": len(board.failures),
            "acked": board.acked,
            "lag_ms": lag_summary(board.lag_ms),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
