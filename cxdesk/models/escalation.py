"""The issue escalation ladder: who is told, when, how fast, how."""

from __future__ import annotations

from dataclasses import dataclass

from cxdesk.language import N_


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    id: int
    engagement_id: int
    position: int  # 0 = first rung
    name: str  # e.g. "Level 1: Project team"
    trigger: str  # when an issue climbs to this rung
    owner: str  # who owns it at this rung
    response_time: str  # free text: "Same working day", "4 hours"
    channel: str  # "Slack / Teams", "Phone call"...
    version: int = 1  # the row's change count when read (a default rung is not stored)


# Column limits, stated once for the table's CHECKs, the store's refusals and the editors.
NAME_MAX = 200
TRIGGER_MAX = 2_000  # a sentence or three: it is printed in one cell of the ladder
SHORT_MAX = 200  # owner, response time, channel

FIELDS = ("name", "trigger", "owner", "response_time", "channel")
FIELD_LABELS = {
    "name": N_("Level"),
    "trigger": N_("Trigger"),
    "owner": N_("Owner"),
    "response_time": N_("Response time"),
    "channel": N_("Channel"),
}
FIELD_LIMITS = {
    "name": NAME_MAX,
    "trigger": TRIGGER_MAX,
    "owner": SHORT_MAX,
    "response_time": SHORT_MAX,
    "channel": SHORT_MAX,
}

# Not yet stored: the id of a default rung shown for an engagement without a ladder of its
# own. SQLite never hands out 0 as an id, so it cannot collide with a stored rung.
UNSAVED_ID = 0

# The ladder every engagement starts with, as (name, trigger, owner, response_time,
# channel): issues climb one rung at a time, each rung with a named owner and a promise of
# how fast the client hears back. The "No Surprises" approach runs through it: the
# client hears of a problem from us, early, before they find it themselves.
DEFAULT_LADDER: tuple[tuple[str, str, str, str, str], ...] = (
    (
        N_("Level 1: Project team"),
        N_(
            "A question, a small slip or a worry raised in a check-in: anything the team "
            "can fix within the current plan, without changing scope, budget or dates."
        ),
        N_("Project lead, with the client's day-to-day contact"),
        N_("Same working day"),
        N_("Team chat (Slack / Teams) or the weekly check-in"),
    ),
    (
        N_("Level 2: Engagement manager"),
        N_(
            "Not fixed within two working days; a milestone at risk; a pulse-check "
            "confidence below 7; or the client says “this is not what we expected”."
        ),
        N_("Engagement manager, with the client's project manager"),
        N_("Within 1 working day"),
        N_("Video call, then a written summary and next steps"),
    ),
    (
        N_("Level 3: Delivery director"),
        N_(
            "Scope, budget or timeline must change; a milestone is missed; the same issue "
            "comes back a second time; a weak RATER dimension the client has named."
        ),
        N_("Delivery director, with the client's programme owner"),
        N_("Within 2 working days"),
        N_("Meeting with a recovery plan and revalidated expectations"),
    ),
    (
        N_("Level 4: Executive sponsor"),
        N_(
            "The relationship or the outcome itself is at risk, or Level 3 cannot agree a "
            "way forward. Never a surprise: the sponsor hears it from us first."
        ),
        N_("Executive sponsors on both sides (our partner and the client's sponsor)"),
        N_("Within 3 working days"),
        N_("Sponsor-to-sponsor call, then a joint decision in writing"),
    ),
)


def default_levels(engagement_id: int) -> tuple[EscalationLevel, ...]:
    """The default ladder as an engagement without its own shows it: unsaved records."""
    return tuple(
        EscalationLevel(UNSAVED_ID, engagement_id, position, *rung)
        for position, rung in enumerate(DEFAULT_LADDER)
    )


def is_default(levels: tuple[EscalationLevel, ...] | list[EscalationLevel]) -> bool:
    """True when ``levels`` is the default ladder shown in place of a stored one."""
    return bool(levels) and all(level.id == UNSAVED_ID for level in levels)
