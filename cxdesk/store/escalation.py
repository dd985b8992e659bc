"""Each engagement's issue escalation ladder: rungs in order, each a committed edit.

An engagement starts on the default ladder (``DEFAULT_LADDER``) without storing it: it has
no rows, and :func:`list_levels` shows the default rungs as unsaved records (id
``UNSAVED_ID``). The first change makes the ladder the engagement's own: the default rungs
are stored (:func:`ensure_ladder`, which :func:`add_level` also calls) and edited from
there, in the same operation (``cxdesk.ops.toolkit``), so its undo takes both back.
:func:`clear_ladder` deletes them all again, which is "reset to default": so a ladder of
no rungs cannot exist, and deleting the last rung is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.escalation import (
    DEFAULT_LADDER,
    FIELD_LABELS,
    FIELD_LIMITS,
    FIELDS,
    UNSAVED_ID,
    EscalationLevel,
    default_levels,
)
from cxdesk.models.loop_entities import Issue
from cxdesk.models.toolkit_entities import EscalationRung
from cxdesk.store.changed_meanwhile import ChangedMeanwhile, change_made
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import (
    clean_map_name,
    clean_text,
    delete_positioned,
    insert_row,
    move_within,
    must_be_current,
    must_exist,
    open_gap,
)
from cxdesk.store.moves import Siblings
from cxdesk.store.workspace import ROW_LOCK, get_or_refuse

LEVEL = table_of(EscalationRung)
ISSUE = table_of(Issue)
LEVELS = Siblings(LEVEL, "engagement_id", "escalation level", "name")
NEW_LEVEL = "New level"
_COLUMNS = (
    LEVEL.c.id,
    LEVEL.c.engagement_id,
    LEVEL.c.position,
    *(LEVEL.c[f] for f in FIELDS),
    LEVEL.c.version,
)


class OwnLadder(NamedTuple):
    levels: tuple[EscalationLevel, ...]  # the engagement's stored ladder, in order
    created: bool  # True when the default rungs were stored just now


# --- checking input ------------------------------------------------------------------


def clean_level_field(field: str, value: Any) -> str:
    """A rung's field as it will be stored, or :class:`EditRefused` saying why not."""
    if field not in FIELDS:
        raise EditRefused(f"“{field}” is not part of an escalation level.")
    if field == "name":
        return clean_map_name(value, "level")
    return clean_text(value, FIELD_LABELS[field], FIELD_LIMITS[field])


# --- reading -------------------------------------------------------------------------


def _record(row: Any) -> EscalationLevel:
    level_id, engagement_id, position, name, trigger, owner, response_time, channel, version = row
    return EscalationLevel(
        level_id, engagement_id, position, name, trigger, owner, response_time, channel, version
    )


def read_levels(s: Session, engagement_id: int) -> tuple[EscalationLevel, ...]:
    """The engagement's ladder inside the caller's session (the toolkit loader reads
    everything in one transaction): its own rungs, or the default ones, unsaved."""
    rows = s.execute(
        select(*_COLUMNS)
        .where(LEVEL.c.engagement_id == engagement_id)
        .order_by(LEVEL.c.position, LEVEL.c.id)
    ).all()
    return tuple(_record(r) for r in rows) or default_levels(engagement_id)


def list_levels(db: Database, engagement_id: int) -> tuple[EscalationLevel, ...]:
    """The ladder printed and edited for this engagement (see the module's docstring)."""
    with db.reading() as s:
        return read_levels(s, engagement_id)


def _level(s: Session, level_id: int) -> EscalationLevel:
    row = s.execute(select(*_COLUMNS).where(LEVEL.c.id == level_id)).first()
    return _record(must_exist(row, "escalation level"))


def _engagement_of(s: Session, level_id: Any) -> int:
    found = s.scalar(select(LEVEL.c.engagement_id).where(LEVEL.c.id == level_id))
    return int(must_exist(found, "escalation level"))


def _own(s: Session, engagement_id: int) -> tuple[EscalationLevel, ...]:
    return tuple(level for level in read_levels(s, engagement_id) if level.id)


# --- making the ladder the engagement's own, and back to the default -----------------


def _store_default(s: Session, engagement_id: int) -> OwnLadder:
    # Held to the end: two people editing a default ladder at once store it once.
    get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
    if _own(s, engagement_id):
        return OwnLadder(_own(s, engagement_id), created=False)
    s.execute(
        LEVEL.insert(),
        [
            dict(
                zip(("engagement_id", "position", *FIELDS), (engagement_id, i, *rung), strict=True)
            )
            for i, rung in enumerate(DEFAULT_LADDER)
        ],
    )
    return OwnLadder(_own(s, engagement_id), created=True)


def ensure_ladder(db: Database, engagement_id: int) -> OwnLadder:
    """Store the default rungs for an engagement still on the default ladder (a no-op when
    it has its own); the stored ladder either way."""
    with db.transaction() as s:
        return _store_default(s, engagement_id)


def clear_ladder(db: Database, engagement_id: int, shown: Mapping[int, int] | None = None) -> None:
    """Reset to default: delete every rung of the engagement's own ladder.

    Given ``shown`` (each stored rung's id and version as the screen showed the ladder),
    refused (:class:`ChangedMeanwhile`, naming who changed the ladder last and when) when
    any rung was edited, added, moved or deleted since: a colleague's rung edits are not
    deleted unseen."""
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        # Held until the commit: a colleague's rung edit not committed yet is waited for,
        # then compared with (and one made after waits for the reset).
        rows = s.execute(
            select(LEVEL.c.id, LEVEL.c.version)
            .where(LEVEL.c.engagement_id == engagement_id)
            .with_for_update(**ROW_LOCK)
        ).all()
        rungs: dict[int, int] = dict(rows)
        changed = shown is not None and bool(rungs) and rungs != dict(shown)
        if not changed:
            _delete_ladder(s, engagement_id)
    if changed:  # told once this transaction is over: the words read the rungs again
        raise _ladder_changed(db, engagement_id)


def _delete_ladder(s: Session, engagement_id: int) -> None:
    ids = [level.id for level in _own(s, engagement_id)]
    if not ids:
        raise EditRefused("This engagement already uses the default ladder.")
    on_it = _issues_on(s, ids)
    if on_it:
        raise EditRefused(
            f"{_issues_words(on_it)} on this ladder, so it cannot go back to the "
            "default: delete the issues first, or edit the levels instead."
        )
    delete_positioned(s, LEVEL, "engagement_id", ids, "escalation level")


def stored_rung(db: Database, level: EscalationLevel) -> int:
    """The stored id of ``level``: a default rung (not stored yet) is stored first, with
    the rest of the default ladder, and found at its position.

    Refused (:class:`ChangedMeanwhile`) when the screen showed the default ladder but
    somebody has made the ladder the engagement's own since: the rung at that position
    may no longer be the one shown (moved, deleted, edited), and an edit of a default rung
    carries no version to tell."""
    if level.id != UNSAVED_ID:
        return level.id
    own = ensure_ladder(db, level.engagement_id)
    if not own.created:
        raise _ladder_changed(db, level.engagement_id)
    ladder = own.levels
    if not 0 <= level.position < len(ladder):
        raise EditRefused("That escalation level no longer exists (it may have been deleted).")
    return ladder[level.position].id


def _ladder_changed(db: Database, engagement_id: int) -> ChangedMeanwhile:
    """ "Ana changed this escalation ladder at 10:42 after your screen showed it...": who
    made the newest change among its rungs, and when."""
    with db.reading() as s:
        conn = s.connection()
        newest = conn.execute(
            select(LEVEL.c.changed_by, LEVEL.c.changed_at, LEVEL.c.version)
            .where(LEVEL.c.engagement_id == engagement_id)
            .order_by(LEVEL.c.changed_at.desc(), LEVEL.c.version.desc())
            .limit(1)
        ).first()
        change = change_made(
            conn,
            newest.changed_by if newest else None,
            newest.changed_at if newest else None,
            (),
            newest.version if newest else 0,
        )
    return ChangedMeanwhile("escalation ladder", change, LEVEL.name)


# --- editing rungs -------------------------------------------------------------------


def add_level(
    db: Database, engagement_id: int, at: int | None = None, **values: Any
) -> EscalationLevel:
    """A rung at index ``at`` (the end when None); ``values`` are any of ``FIELDS``, the
    name "New level" unless given. On the default ladder, the default rungs are stored
    first, so the new rung joins them rather than replacing them."""
    clean = {field: clean_level_field(field, value) for field, value in values.items()}
    clean.setdefault("name", NEW_LEVEL)
    with db.transaction() as s:
        _store_default(s, engagement_id)
        position = open_gap(s, LEVEL, "engagement_id", engagement_id, at)
        level_id = insert_row(s, LEVEL, engagement_id=engagement_id, position=position, **clean)
        return _level(s, level_id)


def update_level(
    db: Database, level_id: int, field: str, value: Any, version: int | None = None
) -> EscalationLevel:
    """Set one field; with ``version`` (the rung as the screen shows it), refused when
    somebody changed it since."""
    value = clean_level_field(field, value)
    with db.transaction() as s:
        must_be_current(s, LEVEL, level_id, "escalation level", version)
        s.execute(update(LEVEL).where(LEVEL.c.id == level_id).values({field: value}))
        return _level(s, level_id)


def move_level(
    db: Database, level_id: int, to: int, shown: Sequence[int] | None = None
) -> tuple[EscalationLevel, ...]:
    """Move a rung to index ``to`` of the ladder the screen showed (``shown``, the rungs'
    ids): refused when the rungs it passes over were moved, added or deleted since. The
    ladder in its new order."""
    with db.transaction() as s:
        engagement_id = _engagement_of(s, level_id)
        move_within(s, LEVELS, engagement_id, level_id, to, shown)
        return _own(s, engagement_id)


def delete_level(db: Database, level_id: int) -> None:
    """Delete a rung (the ones below move up)."""
    with db.transaction() as s:
        engagement_id = _engagement_of(s, level_id)
        if len(_own(s, engagement_id)) == 1:
            raise EditRefused(
                "A ladder needs at least one level: rename this one, or reset the ladder "
                "to the default."
            )
        on_it = _issues_on(s, [level_id])
        if on_it:
            raise EditRefused(
                f"{_issues_words(on_it)} on this level, so it cannot be deleted: escalate, "
                "resolve or delete them first (a resolved issue keeps its level too)."
            )
        delete_positioned(s, LEVEL, "engagement_id", [level_id], "escalation level")


def _issues_on(s: Session, level_ids: list[int]) -> int:
    """How many issues of the issue log (open or resolved) sit on these rungs."""
    return int(s.scalar(select(func.count()).where(ISSUE.c.rung_id.in_(level_ids))) or 0)


def _issues_words(count: int) -> str:
    return "One issue sits" if count == 1 else f"{count} issues sit"
