"""The client emotion map and the handoffs between its phases.

Plain values and defaults only: the phases of a journey, their touchpoints in order, the
handoff checklist into each phase, the client's stakeholders and the emotion revisits at
milestones. The store hands these out; the grid, the curve and the reports read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from cxdesk.language import N_
from cxdesk.models.journey import JourneyPhase

EMOTION_MIN = -3
EMOTION_MAX = 3
"""How the client feels at a touchpoint: -3 (angry) to +3 (delighted), 0 neutral."""

EMOTION_WORDS = {
    3: N_("delighted"),
    2: N_("pleased"),
    1: N_("satisfied"),
    0: N_("neutral"),
    -1: N_("uneasy"),
    -2: N_("frustrated"),
    -3: N_("angry"),
}


def emotion_label(score: int) -> str:
    """``"+2 pleased"``, ``"0 neutral"``, ``"-3 angry"``: the sign always shown."""
    return f"{score:+d} {EMOTION_WORDS[score]}" if score else f"0 {EMOTION_WORDS[0]}"


class Influence(StrEnum):
    """How much a client stakeholder's view weighs inside their organisation:
    every client has internal politics, pressures, and personas.."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}[self.value]


NAME_MAX = 200
TEXT_MAX = 20_000

TOUCHPOINT_TEXT_FIELDS = (
    "name",
    "channel",
    "sees_does",
    "thinks_feels",
    "needs",
    "pain_points",
    "opportunities",
    "owner_team",
)
TOUCHPOINT_FIELDS = (*TOUCHPOINT_TEXT_FIELDS, "emotion")
STAKEHOLDER_FIELDS = ("name", "role", "influence", "notes")

TOUCHPOINT_FIELD_LABELS = {
    "name": N_("Touchpoint"),
    "channel": N_("Channel"),
    "sees_does": N_("Sees / does"),
    "thinks_feels": N_("Thinks & feels"),
    "needs": N_("Needs"),
    "emotion": N_("Emotion"),
    "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"),
    "owner_team": N_("Owning team"),
}

DEFAULT_PHASES = tuple(phase.label for phase in JourneyPhase)
"""The default journey: Marketing & Sales -> Implementation -> Support / Customer Success."""

# What closes each handoff gap, as checklist items a consultant ticks off. Seeded into an
# engagement's rows in English; printed in the toolkit's language while untouched.
SALES_TO_IMPLEMENTATION = (
    N_("Transition process documented and driven from the top"),
    N_("Implementation team brought into the end of the sales process"),
    N_("Salesperson stays involved to mediate and clarify"),
    N_("Success criteria agreed and documented"),
    N_("Sales and implementation rewarded for a successful transition"),
)
IMPLEMENTATION_TO_SUPPORT = (
    N_("Transition process documented and driven from the top"),
    N_("Support team introduced before go-live"),
    N_("Success criteria revisited and updated"),
    N_("Salesperson stays involved to mediate and clarify"),
    N_("Adoption plan agreed, with what to do if adoption is low"),
    N_("Implementation and support rewarded for a successful transition"),
)


DEFAULT_CHECKLIST_ITEMS = frozenset(SALES_TO_IMPLEMENTATION + IMPLEMENTATION_TO_SUPPORT)


def default_checklist(phase_index: int) -> tuple[str, ...]:
    """The default checklist for the handoff into the phase at ``phase_index`` (0-based):
    the first handoff is sales to implementation, every later one implementation to support."""
    if phase_index <= 0:
        return ()
    return SALES_TO_IMPLEMENTATION if phase_index == 1 else IMPLEMENTATION_TO_SUPPORT


# --- records ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TouchpointRecord:
    """One moment the client meets the provider, in its phase's order."""

    id: int
    engagement_id: int
    phase_id: int
    position: int  # 0..n-1 within its phase
    name: str
    channel: str = ""
    sees_does: str = ""
    thinks_feels: str = ""
    needs: str = ""
    emotion: int | None = None  # the client's overall emotion; None: not scored
    pain_points: str = ""
    opportunities: str = ""
    owner_team: str = ""
    # stakeholder id -> that stakeholder's emotion here (only the scored ones)
    stakeholder_emotions: Mapping[int, int] = field(default_factory=dict)
    version: int = 1  # the row's change count when read: an edit on an older one is refused


@dataclass(frozen=True, slots=True)
class HandoffItemRecord:
    """One item of the checklist for handing the client over *into* ``phase_id``."""

    id: int
    engagement_id: int
    phase_id: int
    position: int
    text: str
    done: bool = False
    version: int = 1  # the row's change count when read


@dataclass(frozen=True, slots=True)
class PhaseRecord:
    id: int
    engagement_id: int
    position: int  # 0..n-1 within the engagement
    name: str
    touchpoints: tuple[TouchpointRecord, ...] = ()
    # The checklist of the handoff from the previous phase into this one.
    handoff: tuple[HandoffItemRecord, ...] = ()
    version: int = 1  # the row's change count when read

    @property
    def open_items(self) -> int:
        return sum(1 for item in self.handoff if not item.done)


@dataclass(frozen=True, slots=True)
class StakeholderRecord:
    """A person on the client side whose emotion can be scored on its own."""

    id: int
    engagement_id: int
    position: int
    name: str
    role: str = ""
    influence: str = Influence.MEDIUM.value
    notes: str = ""
    version: int = 1  # the row's change count when read

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass(frozen=True, slots=True)
class RevisitRecord:
    """The map's emotions as they stood when revisited at a milestone (before/after)."""

    id: int
    milestone_id: int
    milestone_name: str
    taken_at: datetime
    emotions: Mapping[int, int]  # touchpoint id -> overall emotion (scored ones only)
    # (touchpoint id, stakeholder id) -> that stakeholder's emotion
    stakeholder_emotions: Mapping[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Handoff:
    """A boundary between two consecutive phases, with its checklist."""

    from_phase: PhaseRecord
    to_phase: PhaseRecord

    @property
    def items(self) -> tuple[HandoffItemRecord, ...]:
        return self.to_phase.handoff

    @property
    def label(self) -> str:
        return f"{self.from_phase.name} → {self.to_phase.name}"

    @property
    def open_items(self) -> int:
        return self.to_phase.open_items

    @property
    def risky(self) -> bool:
        """A handoff is the riskiest moment while its checklist has open items."""
        return self.open_items > 0


@dataclass(frozen=True, slots=True)
class JourneyMap:
    engagement_id: int
    phases: tuple[PhaseRecord, ...] = ()
    stakeholders: tuple[StakeholderRecord, ...] = ()
    revisits: tuple[RevisitRecord, ...] = ()  # in milestone order

    @property
    def is_empty(self) -> bool:
        return not self.phases

    def touchpoints(self) -> list[TouchpointRecord]:
        """Every touchpoint in journey order (phase by phase)."""
        return [t for phase in self.phases for t in phase.touchpoints]

    def handoffs(self) -> list[Handoff]:
        return [Handoff(a, b) for a, b in zip(self.phases, self.phases[1:], strict=False)]

    def phase(self, phase_id: int) -> PhaseRecord | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def touchpoint(self, touchpoint_id: int) -> TouchpointRecord | None:
        return next((t for t in self.touchpoints() if t.id == touchpoint_id), None)


@dataclass(frozen=True, slots=True)
class Slot:
    """One column of the map (and one x position of the curve): a touchpoint, or the
    empty place of a phase that has none yet, so every phase keeps its band."""

    phase: PhaseRecord
    touchpoint: TouchpointRecord | None


def map_slots(journey: JourneyMap) -> tuple[Slot, ...]:
    """The map's columns in order; the grid's column i is the curve's x = i."""
    slots: list[Slot] = []
    for phase in journey.phases:
        if phase.touchpoints:
            slots.extend(Slot(phase, t) for t in phase.touchpoints)
        else:
            slots.append(Slot(phase, None))
    return tuple(slots)


def with_touchpoint(journey: JourneyMap, record: TouchpointRecord) -> JourneyMap:
    """The map with one touchpoint replaced (same id and place): a field was edited."""
    phases = tuple(
        replace(
            phase,
            touchpoints=tuple(record if t.id == record.id else t for t in phase.touchpoints),
        )
        if phase.id == record.phase_id
        else phase
        for phase in journey.phases
    )
    return replace(journey, phases=phases)


def with_handoff_item(journey: JourneyMap, item: HandoffItemRecord) -> JourneyMap:
    """The map with one checklist item replaced (ticked, unticked or reworded)."""
    phases = tuple(
        replace(phase, handoff=tuple(item if i.id == item.id else i for i in phase.handoff))
        if phase.id == item.phase_id
        else phase
        for phase in journey.phases
    )
    return replace(journey, phases=phases)
