"""What the stores of closing the loop share: checking a title, a person, a date, a choice,
and the source rows an action, an issue or a log entry may link to."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import ExpectationItem, Milestone
from cxdesk.models.feedback_entities import PulseCheck, RaterAssessment
from cxdesk.models.journey_entities import HandoffItem, MapPhase, Stakeholder, Touchpoint
from cxdesk.models.workshop_entities import WorkshopSession
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import clean_text, must_exist

E = TypeVar("E", bound=StrEnum)

PHASE = table_of(MapPhase)
TOUCHPOINT = table_of(Touchpoint)

# Each table a row of the loop links to, with what a person calls one of its rows.
LINKED: dict[str, tuple[Table, str]] = {
    "expectation_item_id": (table_of(ExpectationItem), "expectation"),
    "rater_assessment_id": (table_of(RaterAssessment), "RATER assessment"),
    "touchpoint_id": (TOUCHPOINT, "touchpoint"),
    "stakeholder_id": (table_of(Stakeholder), "stakeholder"),
    "handoff_item_id": (table_of(HandoffItem), "handoff checklist item"),
    "pulse_check_id": (table_of(PulseCheck), "pulse check"),
    "workshop_session_id": (table_of(WorkshopSession), "workshop session"),
    "milestone_id": (table_of(Milestone), "milestone"),
}


def clean_title(value: Any, what: str, limit: int) -> str:
    """A title: one line, white space folded, not blank, within ``limit``."""
    if not isinstance(value, str):
        raise EditRefused(f"{what[:1].upper()}{what[1:]}'s title is text.")
    title = " ".join(value.split())
    if not title:
        raise EditRefused(f"{what[:1].upper()}{what[1:]} needs a title.")
    if len(title) > limit:
        raise EditRefused(f"That title is too long (at most {limit:,} characters).")
    return clean_text(title, "The title", limit)


def clean_person(value: Any, label: str, limit: int) -> str:
    """A person's name (or a role): optional, white space folded."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EditRefused(f"{label} is text.")
    return clean_text(" ".join(value.split()), label, limit)


def clean_words(value: Any, label: str, limit: int, *, required: bool = False) -> str:
    """Free text kept as typed (line breaks and all), within ``limit``."""
    if value is None and not required:
        return ""
    text = clean_text(value, label, limit)
    if required and not text.strip():
        raise EditRefused(f"{label} cannot be empty.")
    return text


def clean_day(value: Any, label: str, *, optional: bool = False) -> date | None:
    """A calendar day (a ``date``, not a time), or None when ``optional``."""
    if value is None and optional:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise EditRefused(f"{label} is a calendar date; “{value}” was not saved.")
    return value


def clean_choice(kind: type[E], value: Any, message: str, *, optional: bool = False) -> E | None:
    if value is None and optional:
        return None
    if isinstance(value, str) and optional and not value.strip():
        return None
    try:
        return kind(value)
    except ValueError as exc:
        raise EditRefused(message) from exc


def engagement_of_link(s: Session, column: str, row_id: int) -> int:
    """The engagement the row ``row_id`` of the table behind ``column`` belongs to; refused
    in words when it is gone (or, for a workshop session, belongs to none)."""
    table, what = LINKED[column]
    if "engagement_id" in table.c:
        found = s.scalar(select(table.c.engagement_id).where(table.c.id == row_id))
        if found is None and column == "workshop_session_id":
            exists = s.scalar(select(table.c.id).where(table.c.id == row_id))
            if exists is not None:
                raise EditRefused("That workshop session belongs to no engagement.")
    else:  # a touchpoint or a handoff item: by its phase
        found = s.scalar(
            select(PHASE.c.engagement_id)
            .join(table, table.c.phase_id == PHASE.c.id)
            .where(table.c.id == row_id)
        )
    return int(must_exist(found, what))


def must_share_engagement(s: Session, engagement_id: int, column: str, row_id: int | None) -> None:
    """Refuse a link to a row of another engagement, in words (the triggers would refuse it
    too, in the database's)."""
    if row_id is None:
        return
    if isinstance(row_id, bool) or not isinstance(row_id, int):
        raise EditRefused(f"That {LINKED[column][1]} does not exist.")
    if engagement_of_link(s, column, row_id) != engagement_id:
        raise EditRefused(
            f"That {LINKED[column][1]} belongs to another engagement, so it was not linked."
        )


def short(text: str, limit: int = 80) -> str:
    """The first line of ``text``, cut at ``limit`` characters with an ellipsis."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
