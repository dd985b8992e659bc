"""The five gaps model of service quality (Zeithaml, Parasuraman & Berry): why a gap exists.

Every action the consultant takes against a gap may name its cause as one of the five.
The first four are the provider's own gaps; the fifth, the customer gap (expectation
against perception), is what the client feels, and the other four add up to it. The
service gap analysis the product was specified from calls them the cognition,
protocol, dispensation, correspondence and patron gaps: those words are kept as
synonyms, so a consultant who learnt them finds them in the labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from cxdesk.language import N_


class GapCause(StrEnum):
    """The five gaps, in the model's order (the customer gap last: the sum of the others)."""

    KNOWLEDGE = "knowledge"
    STANDARDS = "standards"
    DELIVERY = "delivery"
    COMMUNICATION = "communication"
    CUSTOMER = "customer"

    @property
    def label(self) -> str:
        """ "Knowledge gap"."""
        return _LABELS[self]

    @property
    def synonym(self) -> str:
        """The service gap analysis's word for it: "cognition"."""
        return _SYNONYMS[self]

    @property
    def label_with_synonym(self) -> str:
        """ "Knowledge gap (cognition)": what a list of causes shows."""
        return f"{self.label} ({self.synonym})"

    @property
    def between(self) -> str:
        """What the gap lies between, in one line."""
        return _BETWEEN[self]

    @property
    def trouble(self) -> str:
        """The one word the Overview puts on it: understanding, design, execution..."""
        return _TROUBLE[self]


_LABELS = {
    GapCause.KNOWLEDGE: N_("Knowledge gap"),
    GapCause.STANDARDS: N_("Standards gap"),
    GapCause.DELIVERY: N_("Delivery gap"),
    GapCause.COMMUNICATION: N_("Communication gap"),
    GapCause.CUSTOMER: N_("Customer gap"),
}

_SYNONYMS = {
    GapCause.KNOWLEDGE: N_("cognition"),
    GapCause.STANDARDS: N_("protocol"),
    GapCause.DELIVERY: N_("dispensation"),
    GapCause.COMMUNICATION: N_("correspondence"),
    GapCause.CUSTOMER: N_("patron"),
}

_BETWEEN = {
    GapCause.KNOWLEDGE: N_("What the client expects and what we believe they expect."),
    GapCause.STANDARDS: N_("What we understood and how we designed the service to deliver it."),
    GapCause.DELIVERY: N_("How the service was designed and what was actually delivered."),
    GapCause.COMMUNICATION: N_(
        "What we promised (or let the client believe) and what we delivered."
    ),
    GapCause.CUSTOMER: N_("What the client expected and what they experienced."),
}

_TROUBLE = {
    GapCause.KNOWLEDGE: N_("understanding"),
    GapCause.STANDARDS: N_("design"),
    GapCause.DELIVERY: N_("execution"),
    GapCause.COMMUNICATION: N_("promises"),
    GapCause.CUSTOMER: N_("perception"),
}

CAUSES: tuple[GapCause, ...] = tuple(GapCause)


def cause_of(text: str | None) -> GapCause | None:
    """A cause from its value, its label or its synonym ("protocol", "Standards gap",
    "policy"); None for blank. Raises ValueError for anything else."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower().removesuffix(" gap").strip()
    for cause in CAUSES:
        if word in (cause.value, cause.synonym):
            return cause
    if word == "policy":  # the service gap analysis also calls the standards gap so
        return GapCause.STANDARDS
    raise ValueError(f"“{text}” is not one of the five gaps")


@dataclass(frozen=True, slots=True)
class FiveGapsRow:
    """One line of the Overview's five gaps table: a cause (None: no cause named yet)."""

    cause: GapCause | None
    open_actions: int
    trailing_expectations: int

    @property
    def label(self) -> str:
        return self.cause.label_with_synonym if self.cause else "No cause named"


@dataclass(frozen=True, slots=True)
class ActionCause:
    """What the five gaps count needs of an action."""

    cause: GapCause | None
    is_open: bool  # open or in progress
    expectation_item_id: int | None  # the matrix row it answers, if any


def five_gaps_counts(
    actions: Iterable[ActionCause], trailing_item_ids: Iterable[int]
) -> tuple[FiveGapsRow, ...]:
    """Per cause: the open actions (open or in progress) naming it, and the trailing
    expectations with an action naming it (an expectation whose actions name two causes
    counts under both; one that trails with no cause named, under "No cause named").

    A row for each of the five always, then the "No cause named" row: the table keeps
    its shape however empty, so the consultant sees what is zero.
    """
    trailing = set(trailing_item_ids)
    open_by_cause: Counter[GapCause | None] = Counter()
    causes_of_item: dict[int, set[GapCause]] = {}
    for action in actions:
        if action.is_open:
            open_by_cause[action.cause] += 1
        if action.expectation_item_id is not None and action.cause is not None:
            causes_of_item.setdefault(action.expectation_item_id, set()).add(action.cause)
    trailing_by_cause: Counter[GapCause | None] = Counter()
    for item_id in trailing:
        named = causes_of_item.get(item_id)
        for cause in named or (None,):
            trailing_by_cause[cause] += 1
    keys: Sequence[GapCause | None] = (*CAUSES, None)
    return tuple(FiveGapsRow(c, open_by_cause[c], trailing_by_cause[c]) for c in keys)
