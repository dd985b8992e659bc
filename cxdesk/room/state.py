"""A room's state, with no sockets: its PIN, who joined (by token), lobby, phase and the
statement it is on, and what is refused, in words for the person holding the phone.

Only the server's event-loop thread touches a RoomState (the desktop's commands are
handed to that thread), so it needs no lock.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from cxdesk.models.constraints import UNSTORABLE
from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.room.identity import KeptPhone, RoomIdentity
from cxdesk.room.limits import DEFAULT_LIMITS, Clock, RateLimiter, RoomLimits, WrongPins

PIN_DIGITS = 6  # a million: the QR code carries it, so nobody types it who scans
# secrets.token_urlsafe(24): 32 characters. Anything else is not looked up at all.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


class Phase(StrEnum):
    LOBBY = "lobby"  # no statement shown yet (or between statements)
    OPEN = "open"  # a statement is shown and phones may answer it
    CLOSED = "closed"  # voting closed: phones see their answer but cannot change it
    ENDED = "ended"  # the session ended: "thank you"


class Refusal(Exception):
    """A request refused: the HTTP status and words for the person holding the phone;
    ``reason`` tells the page which final page to show when a status means two things
    (410: "removed" or "ended").

    Raise a fresh one each time (``WORDS.refuse()``), never one kept in a constant: an
    exception raised again keeps the frames of every raise on its traceback (and the
    requests they hold), so memory would grow with every refused request."""

    def __init__(self, status: int, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason

    @property
    def words(self) -> Words:
        """What was refused, to compare with a constant (by value, never identity)."""
        return Words(self.status, self.message, self.reason)

    @property
    def body(self) -> dict[str, str]:
        """The JSON every refusal is sent as."""
        return self.words.body


@dataclass(frozen=True, slots=True)
class Words:
    """A refusal kept as a constant: its status and words, raised as ``raise
    WORDS.refuse()`` (a new :class:`Refusal` each time) and compared as
    ``refusal.words == WORDS``."""

    status: int
    message: str
    reason: str | None = None

    def refuse(self) -> Refusal:
        return Refusal(self.status, self.message, self.reason)

    @property
    def body(self) -> dict[str, str]:
        if self.reason is None:
            return {"error": self.message}
        return {"error": self.message, "reason": self.reason}


WRONG_PIN = Words(403, "That PIN is not right. Check the PIN on the screen and try again.")
TOO_MANY_TRIES = Words(429, "Too many tries from this phone. Wait a minute and try again.")
PINS_PAUSED = Words(429, "Too many wrong PINs were tried in this room. Wait a minute, try again.")
TOO_FAST = Words(429, "Too many answers at once. Wait a moment and try again.")
LOBBY_LOCKED = Words(423, "The room is closed to newcomers. Ask the presenter to let you in.")
ROOM_FULL = Words(503, "The room is full.")
NOT_JOINED = Words(401, "This phone has not joined the room. Open the address on the screen.")
REMOVED = Words(410, "You were removed from this room by the presenter.", "removed")
ENDED = Words(410, "This session has ended. Thank you for taking part!", "ended")


def _nobody(_wrong: int) -> None:
    pass


# Bidirectional embeddings, overrides and isolates: in a name they could reverse the
# text around it on the projector. Joiners (ZWJ, used by emoji) are kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean_name(raw: object) -> str:
    """What a phone typed as a name, made safe to store and show: control characters and
    bidi controls dropped, spaces collapsed, capped at a participant name's length."""
    if not isinstance(raw, str):
        return ""
    text = UNSTORABLE.sub("", _BIDI_CONTROLS.sub("", raw))
    # Line breaks and tabs become spaces (collapsed below); DEL and C1 controls go.
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(text.split())[:NAME_MAX].rstrip()


@dataclass(slots=True)
class Participant:
    """One phone in the room: its participant row, its token and its own answers."""

    id: int
    token: str
    name: str
    answers: dict[int, object] = field(default_factory=dict)  # key (statement id) -> value
    removed: bool = False


class RoomState:
    def __init__(
        self,
        limits: RoomLimits = DEFAULT_LIMITS,
        clock: Clock = time.monotonic,
        pin: str | None = None,
        on_pin_guessing: Callable[[int], None] | None = None,
    ) -> None:
        """``on_pin_guessing``: told the wrong PINs so far when the room's budget of them
        is spent (someone is guessing) and newcomers are refused for a while."""
        self.limits = limits
        self.pin = pin if pin is not None else f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
        self.statement_id: int | None = None
        self.voting_open = True
        self.lobby_locked = False
        self.ended = False
        self._by_token: dict[str, Participant] = {}
        self._by_id: dict[int, Participant] = {}
        self._joined = 0
        self._pending_joins = 0  # joins on their way to the database: they count as people
        self._joins = RateLimiter(limits.joins_per_minute / 60.0, limits.join_burst, clock)
        self._answers = RateLimiter(limits.answers_per_second, limits.answer_burst, clock)
        self._wrong_pins = WrongPins(limits, clock, on_pin_guessing or _nobody)

    # -- what the room is doing ---------------------------------------------------------

    @property
    def phase(self) -> Phase:
        if self.ended:
            return Phase.ENDED
        if not self.voting_open:
            return Phase.CLOSED
        return Phase.LOBBY if self.statement_id is None else Phase.OPEN

    @property
    def joined(self) -> int:
        """People in the room now (joined and not removed)."""
        return self._joined

    # -- joining ------------------------------------------------------------------------

    def check_join(self, address: str, pin: object, *, resuming: bool = False) -> None:
        """Raise the :class:`Refusal` for a join attempt from ``address``, if any; every
        attempt counts towards the address's rate, right or wrong, and a wrong one
        towards the room's. While the room's is spent, only a phone ``resuming`` (with
        a token this room gave) is let in by PIN."""
        if not self._joins.allow(address):
            raise TOO_MANY_TRIES.refuse()
        if self.ended:
            raise ENDED.refuse()
        if self._wrong_pins.paused() and not resuming:
            raise PINS_PAUSED.refuse()
        if not isinstance(pin, str) or not hmac.compare_digest(
            pin.strip().encode("utf-8", "replace"), self.pin.encode()
        ):
            self._wrong_pins.wrong()
            raise WRONG_PIN.refuse()

    def knows(self, *tokens: object) -> bool:
        """Whether one of ``tokens`` is one this room gave (removed or not)."""
        return any(isinstance(token, str) and token in self._by_token for token in tokens)

    def resume(self, *tokens: object) -> Participant | None:
        """The participant a join's tokens (body, header, cookie) name, if one is this
        room's; a removed one is refused."""
        try:
            return self.authenticate(*tokens)
        except Refusal as refusal:
            if refusal.words == NOT_JOINED:
                return None
            raise

    def reserve_seat(self) -> None:
        """Hold a place for a newcomer while their row is written (released by
        :meth:`seat` or :meth:`release_seat`)."""
        if self.lobby_locked:
            raise LOBBY_LOCKED.refuse()
        if self.joined + self._pending_joins >= self.limits.participants:
            raise ROOM_FULL.refuse()
        self._pending_joins += 1

    def release_seat(self) -> None:
        self._pending_joins -= 1

    def seat(self, participant_id: int, name: str) -> Participant:
        """The newcomer's row is saved: give them a fresh token."""
        self._pending_joins -= 1
        token = secrets.token_urlsafe(24)
        participant = Participant(participant_id, token, name)
        self._by_token[token] = participant
        self._by_id[participant_id] = participant
        self._joined += 1
        return participant

    # -- every other request ------------------------------------------------------------

    def authenticate(self, *tokens: object) -> Participant:
        """The participant of the first of ``tokens`` this room knows (a cookie, a
        header); refused if none is known, or the participant was removed."""
        if self.ended:
            raise ENDED.refuse()
        refusal = NOT_JOINED
        for token in tokens:
            if not isinstance(token, str) or not TOKEN.fullmatch(token):
                continue
            participant = self._by_token.get(token)
            if participant is None:
                continue
            if not participant.removed:
                return participant
            refusal = REMOVED
        raise refusal.refuse()

    def check_answer_rate(self, participant: Participant) -> None:
        if not self._answers.allow(participant.id):
            raise TOO_FAST.refuse()

    def remove(self, participant_id: int) -> Participant | None:
        """Revoke a participant's token; None if the room does not know them."""
        participant = self._by_id.get(participant_id)
        if participant is None or participant.removed:
            return None
        participant.removed = True
        self._joined -= 1
        return participant

    def restore(self, participant_id: int) -> Participant | None:
        """Give a removed participant their token back (the consultant undid the
        deletion: their row is back, with the same id); None if the room does not know
        them or they were not removed. They had a seat: it is theirs again, full or not."""
        participant = self._by_id.get(participant_id)
        if participant is None or not participant.removed:
            return None
        participant.removed = False
        self._joined += 1
        return participant

    def participant(self, participant_id: int) -> Participant | None:
        return self._by_id.get(participant_id)

    # -- a room opened again ---------------------------------------------------------------

    def identity(self, address: str, port: int) -> RoomIdentity:
        """What phones know this room by (see :mod:`cxdesk.room.identity`)."""
        phones = tuple(
            KeptPhone(p.id, p.token, p.name, MappingProxyType(dict(p.answers)), p.removed)
            for p in self._by_token.values()
        )
        wrong_pins = self._wrong_pins.seen
        return RoomIdentity(
            self.pin,
            self.lobby_locked,
            phones,
            address,
            port,
            wrong_pins if wrong_pins.wrong else None,
        )

    def take_over(self, identity: RoomIdentity) -> None:
        """Be the room ``identity`` names: its PIN, its lock, its participants' tokens
        (those removed stay refused as removed)."""
        self.pin = identity.pin
        self.lobby_locked = identity.lobby_locked
        if identity.wrong_pins is not None:
            self._wrong_pins.carry_on(identity.wrong_pins)
        for phone in identity.phones:
            participant = Participant(
                phone.participant_id, phone.token, phone.name, dict(phone.answers), phone.removed
            )
            self._by_token[phone.token] = participant
            self._by_id[phone.participant_id] = participant
        self._joined = sum(1 for p in self._by_id.values() if not p.removed)
