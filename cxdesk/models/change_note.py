"""A row's "changed by Ana, 10:42": who changed it last and when, in this computer's time.

Plain values only (no SQLAlchemy): the matrix's columns, which the first frame shows before
the store is imported, read it.
"""

from __future__ import annotations

from datetime import UTC, datetime


def changed_note(who: str | None, at: datetime | None, now: datetime | None = None) -> str:
    """ "changed by Ana, 10:42" (with the day, "3 Dec 10:42", when not today) for ``at``
    in naive UTC; empty when nobody is known (rows from before schema 0013, the demo's
    invented rows)."""
    if at is None or not who:
        return ""
    local = at.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = local.strftime("%H:%M")
    when = clock if local.date() == today else f"{local.day} {local.strftime('%b')} {clock}"
    return f"changed by {who}, {when}"
