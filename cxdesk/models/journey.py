"""The client's journey phases and the bounded scales the product scores on."""

from __future__ import annotations

from enum import StrEnum

from cxdesk.language import N_


class JourneyPhase(StrEnum):
    """Where an engagement stands in the client's journey.

    The two handoffs between these phases are the riskiest moments of an engagement.
    """

    MARKETING_SALES = "marketing_sales"
    IMPLEMENTATION = "implementation"
    SUPPORT_SUCCESS = "support_success"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    JourneyPhase.MARKETING_SALES: N_("Marketing & Sales"),
    JourneyPhase.IMPLEMENTATION: N_("Implementation"),
    JourneyPhase.SUPPORT_SUCCESS: N_("Support / Customer Success"),
}


class ExpectationStatus(StrEnum):
    """Where one expectation stands; the matrix filters and colours by it."""

    OPEN = "open"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MET = "met"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ExpectationStatus.OPEN: N_("Open"),
    ExpectationStatus.ON_TRACK: N_("On track"),
    ExpectationStatus.AT_RISK: N_("At risk"),
    ExpectationStatus.MET: N_("Met"),
    ExpectationStatus.MISSED: N_("Missed"),
}

LEVEL_MIN = 1
LEVEL_MAX = 5
"""Expected, delivered and experienced levels are scored 1 (very low) to 5 (very high)."""

SACRIFICE_MIN = 0
SACRIFICE_MAX = 4
"""What the expectation cost the client (time, money, effort), 0 (nothing) to 4 (a great deal)."""

LEVEL_LABELS = {
    1: "1 - very low",
    2: "2 - low",
    3: "3 - moderate",
    4: "4 - high",
    5: "5 - very high",
}

SACRIFICE_LABELS = {
    0: "0 - none",
    1: "1 - minor",
    2: "2 - noticeable",
    3: "3 - significant",
    4: "4 - severe",
}
