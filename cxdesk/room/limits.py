"""How much a room accepts (caps and rates), and the limiters that enforce them."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

Clock = Callable[[], float]  # seconds, only ever compared: time.monotonic in the server


@dataclass(frozen=True, slots=True)
class RoomLimits:
    """Every cap and rate of a room; the defaults fit a workshop of a few hundred phones.

    A load test from one address (127.0.0.1) raises the per-address ones.
    """

    participants: int = 1000  # people in one room (joined, not removed)
    connections: int = 3000  # open TCP connections in all: a stream and a request or two each
    # One address's connections: a phone holds two or three (a few more while it reloads),
    # so one machine cannot take every place in the room.
    connections_per_address: int = 32
    streams: int = 1200  # open event streams in all (a phone reconnects after sleeping)
    streams_per_address: int = 40  # one phone's, or a few behind one address
    streams_per_participant: int = 4  # the page open in a few tabs
    body_bytes: int = 4096  # a request's body: a join or an answer is far smaller
    body_seconds: float = 10.0  # to send that body: a slow one cannot hold its connection
    idle_seconds: float = 15.0  # a connection with no request in progress (streams send more)
    joins_per_minute: float = 10.0  # per address, after the burst: a PIN cannot be guessed
    join_burst: int = 20
    # Wrong PINs from anywhere in the room (many addresses: one machine can have a few
    # hundred), after the burst; spent, nobody new joins by PIN for the pause.
    wrong_pins_per_minute: float = 30.0
    wrong_pin_burst: int = 200
    wrong_pin_pause_seconds: float = 60.0
    answers_per_second: float = 5.0  # per participant, after the burst: taps, not a script
    answer_burst: int = 30
    keepalive_seconds: float = 15.0  # an event stream's comment line: proxies and phones keep it
    shutdown_seconds: float = 2.0  # stop() waits this long at most for requests in progress


DEFAULT_LIMITS = RoomLimits()


class RateLimiter:
    """A token bucket per key (an address, a participant): ``burst`` at once, then
    ``per_second``. The clock is injected so tests need no sleeping.

    Memory stays bounded: past ``max_keys`` keys, those whose bucket has refilled (they
    would be allowed anyway) are forgotten.
    """

    def __init__(self, per_second: float, burst: int, clock: Clock, max_keys: int = 10_000) -> None:
        self._rate = per_second
        self._burst = float(burst)
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, when)

    def allow(self, key: Hashable) -> bool:
        """Whether one more attempt by ``key`` is allowed now (and count it if so)."""
        now = self._clock()
        tokens, then = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - then) * self._rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self._max_keys:
            self._forget_full(now)
        return allowed

    def _forget_full(self, now: float) -> None:
        full = [
            key
            for key, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self._rate >= self._burst
        ]
        for key in full:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


@dataclass(frozen=True, slots=True)
class WrongPinsSeen:
    """A room's wrong-PIN budget as it stood: carried to the room opened again, so that
    closing and opening the presenter does not give a guesser a new budget."""

    tokens: float
    at: float  # on the clock the budget ran on (time.monotonic: one run of the app)
    paused_until: float
    wrong: int  # wrong PINs tried in all


class WrongPins:
    """The room-wide budget of wrong PINs: ``burst``, refilled at ``per_second``. Once
    spent, every join by PIN is refused for ``pause`` seconds, right or wrong (so a
    guess then tells nothing), and ``on_pause`` is called with the wrong PINs so far."""

    def __init__(self, limits: RoomLimits, clock: Clock, on_pause: Callable[[int], None]) -> None:
        self._rate = limits.wrong_pins_per_minute / 60.0
        self._burst = float(limits.wrong_pin_burst)
        self._pause = limits.wrong_pin_pause_seconds
        self._clock = clock
        self._on_pause = on_pause
        self._seen = WrongPinsSeen(self._burst, clock(), float("-inf"), 0)

    def paused(self) -> bool:
        return self._clock() < self._seen.paused_until

    def wrong(self) -> None:
        """One more wrong PIN: the budget spent, the pause starts."""
        seen, now = self._seen, self._clock()
        tokens = min(self._burst, seen.tokens + (now - seen.at) * self._rate) - 1.0
        paused_until = seen.paused_until
        if tokens < 1.0 and now >= paused_until:
            paused_until = now + self._pause
        self._seen = WrongPinsSeen(max(tokens, 0.0), now, paused_until, seen.wrong + 1)
        if paused_until != seen.paused_until:
            self._on_pause(self._seen.wrong)

    @property
    def seen(self) -> WrongPinsSeen:
        return self._seen

    def carry_on(self, seen: WrongPinsSeen) -> None:
        """Go on from the budget of a room that closed."""
        self._seen = seen
