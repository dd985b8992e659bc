"""Entries dated "as of" the day they describe, not the day they were typed in.

A revalidation, a RATER assessment or a pulse check is often entered after the fact: on
7 December, the revalidation held with the client at the milestone due 2 November. It
carries 2 November, so the PDF says when it happened and the trends put it in its place.
The day is the consultant's to set: by default today, or the milestone's due date when
the entry is made at a milestone that is already due. A day still to come is refused:
nothing has been said on it yet (a typo of the year is the usual cause).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from cxdesk.models.engagement_records import MilestoneRecord

# Before this a date is a typo: the app's entries are about engagements run with it.
EARLIEST = date(2000, 1, 1)
# A revalidation's column holds a moment (it held the time of the click before entries
# were dated); the day it describes is kept at noon, which reads as the same day in any
# time zone a reader might convert it to. When it was typed in is the row's changed_at.
AS_OF_TIME = time(12, 0)


def default_day(today: date, due: date | None = None) -> date:
    """The day an entry made at a milestone describes unless the consultant says
    otherwise: the milestone's due date once it has come, else today."""
    return due if due is not None and due <= today else today


def as_of_problem(day: date, today: date, what: str) -> str | None:
    """Why ``day`` cannot date ``what`` ("A revalidation"), or None when it can."""
    if day > today:
        return (
            f"{what} cannot be dated in the future: {day:%d %b %Y} is after today "
            f"({today:%d %b %Y}). Date it as of the day it describes."
        )
    if day < EARLIEST:
        return (
            f"{day:%d %b %Y} looks like a typo: {what.lower()} is dated {EARLIEST.year} or later."
        )
    return None


def as_of_moment(day: date) -> datetime:
    """The value a revalidation's moment column stores for the day it describes."""
    return datetime.combine(day, AS_OF_TIME)


def revalidated_on(milestone: MilestoneRecord) -> date | None:
    """The day the milestone's revalidation describes (None: not revalidated)."""
    return milestone.revalidated_at.date() if milestone.revalidated_at is not None else None


def revalidation_order(milestones: Iterable[MilestoneRecord]) -> list[MilestoneRecord]:
    """The milestones revalidated, in the order of the days their revalidations describe
    (milestone order on the same day): the before/after heatmap's columns. A milestone
    added late for an earlier moment takes its place in time, not at the end."""
    taken = [m for m in milestones if m.revalidated_at is not None]
    return sorted(taken, key=lambda m: (revalidated_on(m), m.position, m.id))
