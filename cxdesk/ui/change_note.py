"""A row's "Changed by Ana, 10:42" on its cells' tooltips: who touched it last, and when,
where a team sees the same rows (the Expectation Matrix, the RATER respondents)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from cxdesk.models.change_note import changed_note


class Changed(Protocol):
    @property
    def changed_by(self) -> str | None: ...

    @property
    def changed_at(self) -> datetime | None: ...


R = TypeVar("R", bound=Changed)


def change_note(record: Changed) -> str:
    """ "Changed by Ana, 10:42"; empty when nobody is known to have changed the row."""
    note = changed_note(record.changed_by, record.changed_at)
    return note[:1].upper() + note[1:]


def with_change_note(tooltip: Callable[[R], Any] | None) -> Callable[[R], Any]:
    """``tooltip`` (a cell's own, or none) with the row's change note under it."""

    def tip(record: R) -> Any:
        own = tooltip(record) if tooltip is not None else None
        note = change_note(record)
        if not note:
            return own
        return f"{own}\n\n{note}" if own else note

    return tip
