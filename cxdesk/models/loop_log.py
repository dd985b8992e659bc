"""The two logs that show the client their voice shapes the project: "you said, we did"
and small wins.

A "you said, we did" entry pairs what the client told us (from a pulse check's free
text, a RATER assessment's comments, a workshop, or typed) with what we did about it (a
done action, or typed). A small win is a dated moment worth celebrating with the client
(a milestone met early, a pain point that became a high), optionally tied to the
milestone or touchpoint it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

SAID_MAX = 20_000
PERSON_MAX = 200
WIN_MAX = 20_000


class SaidSource(StrEnum):
    """Where what the client said comes from (and which link, if any, names it)."""

    PULSE = "pulse"  # pulse_check_id: its "what's working / not working"
    RATER = "rater"  # rater_assessment_id: a comment in a RATER assessment
    WORKSHOP = "workshop"  # workshop_session_id: said in a workshop
    TYPED = "typed"  # typed in: a call, an email, a meeting

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]

    @property
    def link_column(self) -> str | None:
        return _SOURCE_LINKS[self]


_SOURCE_LABELS = {
    SaidSource.PULSE: "Pulse check",
    SaidSource.RATER: "RATER comment",
    SaidSource.WORKSHOP: "Workshop note",
    SaidSource.TYPED: "Typed",
}

_SOURCE_LINKS = {
    SaidSource.PULSE: "pulse_check_id",
    SaidSource.RATER: "rater_assessment_id",
    SaidSource.WORKSHOP: "workshop_session_id",
    SaidSource.TYPED: None,
}


@dataclass(frozen=True, slots=True)
class YouSaidRecord:
    """One "you said, we did" entry as stored (the columns of ``you_said_we_did``)."""

    id: int
    engagement_id: int
    said_on: date
    said: str  # what the client said, in their words
    said_by: str  # who said it ("" when not named)
    said_source: str  # a SaidSource value
    pulse_check_id: int | None
    rater_assessment_id: int | None
    workshop_session_id: int | None
    we_did: str  # what we did ("" while nothing yet)
    did_on: date | None
    action_id: int | None  # the done action that answered it
    version: int = 1
    changed_by: str | None = None
    changed_at: datetime | None = None

    @property
    def source(self) -> SaidSource:
        return SaidSource(self.said_source)

    @property
    def answered(self) -> bool:
        """Whether we did something about it (typed, or a done action linked)."""
        return bool(self.we_did.strip()) or self.action_id is not None


@dataclass(frozen=True, slots=True)
class SmallWinRecord:
    """One small win as stored (the columns of ``small_win``)."""

    id: int
    engagement_id: int
    won_on: date
    text: str
    milestone_id: int | None  # the milestone it is about, if any
    touchpoint_id: int | None  # the touchpoint it is about, if any
    version: int = 1
    changed_by: str | None = None
    changed_at: datetime | None = None
