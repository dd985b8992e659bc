"""An edit or an undo refused over somebody's later change, told as that change: who made
it, when, and what it changed ("Ana changed this expectation's owner at 10:42 (Ben →
Cleo)"), read from the row as it is now.

The row's ``changed_by``/``changed_at`` (schema 0013) say who and when; what changed is
the difference between the row as the person's screen showed it (an edit) or as the
step left it (an undo) and the row now, field by field in the words the screen uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, select, text

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN
from cxdesk.store.editor import editor_of
from cxdesk.store.errors import StaleRow

# Columns that are no field a person edits: never named as "what changed".
_NOT_FIELDS = frozenset({"id", VERSION_COLUMN, CHANGED_BY_COLUMN, CHANGED_AT_COLUMN})
SHORT = 40  # a value longer than this is named, not quoted


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str  # the field in the screen's words: "owner", "what the client expects"
    before: Any  # as the screen showed it (or as the step left it)
    now: Any


@dataclass(frozen=True, slots=True)
class RowChanged:
    """A row somebody changed after it was shown (or after a step)."""

    who: str | None  # None: nobody is known (a row not changed since schema 0013)
    at: datetime | None  # naive UTC
    yours: bool  # made by the same person (another window, another device)
    fields: tuple[FieldChange, ...]
    version: int  # the row's version now
    moved: bool = False  # only its place changed (its position, or the phase it is in)


def row_changed(
    conn: Connection,
    table: Table,
    row_id: int,
    shown: Mapping[str, Any] | None,
    labels: Mapping[str, str] | None = None,
) -> RowChanged | None:
    """How the row differs now from ``shown`` and who changed it when; None when it is gone.

    ``labels`` names the fields in the screen's words (and, given, limits the fields to
    them); without, a column's name with spaces stands for it.
    """
    row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if row is None:
        return None
    fields = []
    moved = False
    if shown is not None:
        moved = only_moved(dict(row), shown)
        for column in table.c:
            name = column.name
            if name in _NOT_FIELDS or name.endswith("_id") or name not in shown:
                continue
            if labels is not None and name not in labels:
                continue
            now = row[name]
            if isinstance(shown[name], bool) and now in (0, 1):
                now = bool(now)  # a tick stored as a number: told as the screen's yes/no
            if shown[name] != now:
                label = labels[name] if labels is not None else name.replace("_", " ")
                fields.append(FieldChange(label, shown[name], now))
    who = row.get(CHANGED_BY_COLUMN)
    return RowChanged(
        who=who,
        at=row.get(CHANGED_AT_COLUMN),
        yours=who is not None and who == _me(conn),
        fields=tuple(fields),
        version=row[VERSION_COLUMN],
        moved=moved,
    )


_PLACE = ("position", "phase_id")


def only_moved(row: Mapping[str, Any], shown: Mapping[str, Any]) -> bool:
    """Whether ``row`` differs from ``shown`` in its place alone (a colleague moved it, or
    rows around it): every other column ``shown`` has still holds what it held."""
    differs = {
        name
        for name in row.keys() & shown.keys()
        if name not in _NOT_FIELDS and not _same(shown[name], row[name])
    }
    return bool(differs) and differs <= set(_PLACE)


def _same(shown: Any, now: Any) -> bool:
    if isinstance(shown, bool) and now in (0, 1):
        now = bool(now)
    return bool(shown == now)


def change_made(
    conn: Connection,
    who: str | None,
    at: datetime | None,
    fields: tuple[FieldChange, ...],
    version: int,
) -> RowChanged:
    """A change read from several rows at once (a quiz with its statements and bands)."""
    return RowChanged(who, at, who is not None and who == _me(conn), fields, version)


def _me(conn: Connection) -> str | None:
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT current_user")).scalar()
    return editor_of(conn)


class ChangedMeanwhile(StaleRow):
    """:class:`StaleRow` in words that say who changed the row, when and what."""

    def __init__(
        self, what: str, change: RowChanged, table: str, *, subject: str | None = None
    ) -> None:
        """``subject`` names what changed whole ("Finance's emotion at “Invoice”") where
        "this {what}'s" and its fields would not say which (a cell, not a row)."""
        self.change = change
        self.table = table  # for the screens to read the row's table again behind the words
        whose = "that" if change.yours or change.who is None else "their"
        words = (
            f"{_who_changed(what, change, subject)} after your screen showed it, so your edit "
            f"was not saved over {whose} change. "
            f"The screen now shows the {what} as it is: make your edit again if it still "
            "applies."
        )
        Exception.__init__(self, words)
        self.message = words


class MovedMeanwhile(ChangedMeanwhile):
    """A move made from a screen whose order somebody changed since, told as that change:
    "Ana moved the touchpoint “Demo” at 10:42 after your screen showed it, so your move was
    not saved over their change." ``done`` says what they did ("moved this phase", "added
    the expectation “Weekly status”"); ``plural`` names the rows ("touchpoints")."""

    def __init__(self, done: str, plural: str, change: RowChanged, table: str) -> None:
        self.change = change
        self.table = table
        who = "You" if change.yours else (change.who or "Someone")
        where = " in another window or on another device," if change.yours else ""
        whose = "that" if change.yours or change.who is None else "their"
        words = (
            f"{who} {done}{_at(change)}{where} after your screen showed it, so your move was "
            f"not saved over {whose} change. The screen now shows the {plural} in their order "
            "as it is: move it again if it still applies."
        )
        Exception.__init__(self, words)
        self.message = words


def undo_words(noun: str, change: RowChanged, others: int, *, subject: str | None = None) -> str:
    """Why an undo was refused, as the change made since to the first row in the way
    (``noun``: "an expectation"), of ``others`` more: "An expectation was changed after
    this step: Ana changed its owner at 10:42 (Ben → Cleo). Undoing ...". ``subject``
    names what changed whole instead ("Finance's emotion at “Invoice”": "changed it")."""
    more = f" (and {others} more)" if others else ""
    # The same person's change may come from this very window (a presentation switch,
    # an answer given on the projector), as from another window or device.
    where = " (here, in another window or on another device)" if change.yours else ""
    who = "you" if change.yours else (change.who or "someone")
    fields = [f.label for f in change.fields]
    what = f"its {_listed(fields)}" if fields and subject is None else "it"
    named = subject if subject is not None else f"{noun[:1].upper()}{noun[1:]}"
    verb = "moved" if change.moved else "changed"
    return (
        f"{named}{more} was changed after this step{where}: {who} "
        f"{verb} {what}{_at(change)}{_values(change)}. Undoing it now would overwrite "
        "that change, so nothing was changed."
    )


def _who_changed(what: str, change: RowChanged, subject: str | None = None) -> str:
    """ "Ana changed this expectation's owner at 10:42 (Ben → Cleo)"."""
    who = "You" if change.yours else (change.who or "Someone")
    where = " in another window or on another device," if change.yours else ""
    fields = [f.label for f in change.fields]
    if subject is not None:
        named = subject
    else:
        named = f"this {what}'s {_listed(fields)}" if fields else f"this {what}"
    return f"{who} changed {named}{_at(change)}{_values(change)}{where}"


def _at(change: RowChanged) -> str:
    return f" {_when(change.at)}" if change.at is not None else ""


def _values(change: RowChanged) -> str:
    """ " (Ben → Cleo)" when every field changed is short enough to quote; else nothing."""
    values = [f"{_shown(f.before)} → {_shown(f.now)}" for f in change.fields if _short(f)]
    if not values or len(values) != len(change.fields):
        return ""
    return f" ({'; '.join(values)})"


def _listed(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 3:
        return f"{', '.join(names[:3])} and {len(names) - 3} more fields"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _short(change: FieldChange) -> bool:
    return all(
        v is None or (len(str(v)) <= SHORT and "\n" not in str(v))
        for v in (change.before, change.now)
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):  # a tick, results shown: "(no → yes)", not "False → True"
        return "yes" if value else "no"
    return str(value)


def _when(at: datetime, now: datetime | None = None) -> str:
    """ "at 10:42" today, "on 3 Dec at 10:42" another day, in this computer's time zone."""
    local = at.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"at {clock}"
    return f"on {local.day} {local.strftime('%b')} at {clock}"
