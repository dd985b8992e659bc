"""Operations on what the Expectation Management Toolkit prints besides the engagement's
data: the firm's brand and each engagement's escalation ladder.

An engagement on the default ladder has no rungs stored. Its first edit stores the
default rungs and changes one of them in the same operation, so one undo takes both
back (the engagement is on the default ladder again) and redo brings the same rows back,
under the same ids, for the steps after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxdesk.models.brand import Brand
from cxdesk.models.escalation import FIELD_LABELS, UNSAVED_ID, EscalationLevel
from cxdesk.ops.conflicts import brand_edit_told, edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import brand as brand_store
from cxdesk.store import escalation
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

# --- the brand -----------------------------------------------------------------------


def save_brand(brand: Brand, shown: Brand | None = None) -> Operation[Brand]:
    """Store ``brand`` in place of the one saved (or the default); the brand as stored.
    Given ``shown`` (as the dialog showed it), refused over a colleague's save since."""
    return Operation(
        "Change brand settings",
        lambda db: brand_edit_told(db, shown, lambda: brand_store.save_brand(db, brand, shown)),
    )


# --- the escalation ladder -----------------------------------------------------------


def edit_level(level: EscalationLevel, field: str, value: Any) -> Operation[EscalationLevel] | None:
    """One field of a rung, as the screen shows it (a default rung makes the ladder the
    engagement's own first); None when the value, as it would be stored, is the same."""
    try:
        same = escalation.clean_level_field(field, value) == getattr(level, field)
    except EditRefused:
        same = False  # the operation refuses it, in the same words
    if same:
        return None
    # A stored rung is checked against the version shown; a default one has none yet.
    version = level.version if level.id != UNSAVED_ID else None

    def run(db: Database) -> EscalationLevel:
        return edit_told(
            db,
            "escalation_level",
            level,
            "escalation level",
            lambda: escalation.update_level(
                db, escalation.stored_rung(db, level), field, value, version=version
            ),
        )

    label = FIELD_LABELS.get(field, field).lower()
    return Operation(f"Edit {label} of “{level.name}”", run, level.engagement_id)


def add_level(
    engagement_id: int, at: int | None = None, **values: Any
) -> Operation[EscalationLevel]:
    """A rung at index ``at`` (the end when None); on the default ladder the default rungs
    are stored first, so it joins them. The new rung is the value."""
    return Operation(
        "Add escalation level",
        lambda db: escalation.add_level(db, engagement_id, at, **values),
        engagement_id,
    )


def delete_level(level: EscalationLevel) -> Operation[tuple[EscalationLevel, ...]]:
    """The ladder without the rung is the value."""

    def run(db: Database) -> tuple[EscalationLevel, ...]:
        escalation.delete_level(db, escalation.stored_rung(db, level))
        return escalation.list_levels(db, level.engagement_id)

    return Operation(f"Delete escalation level “{level.name}”", run, level.engagement_id)


def move_level(
    level: EscalationLevel, to: int, shown: Sequence[int] | None = None
) -> Operation[tuple[EscalationLevel, ...]] | None:
    """To index ``to`` of the ladder as the screen shows it (``shown``, the rungs' ids):
    refused when the rungs it passes over were moved, added or deleted since. The ladder in
    its new order is the value."""
    if to == level.position:
        return None

    def run(db: Database) -> tuple[EscalationLevel, ...]:
        rung = escalation.stored_rung(db, level)
        # A default ladder shown is stored just now, as shown: nothing to compare with.
        ids = shown if level.id != UNSAVED_ID else None
        return escalation.move_level(db, rung, to, ids)

    return Operation(f"Move escalation level “{level.name}”", run, level.engagement_id)


def reset_to_default(
    engagement_id: int, shown: Sequence[EscalationLevel] | None = None
) -> Operation[tuple[EscalationLevel, ...]]:
    """Forget the engagement's own ladder: the default one applies again (the value).
    ``shown``: the ladder as the screen shows it; refused when a colleague changed any of
    its rungs since, so their edits are not deleted unseen."""
    versions = None if shown is None else {r.id: r.version for r in shown if r.id != UNSAVED_ID}

    def run(db: Database) -> tuple[EscalationLevel, ...]:
        escalation.clear_ladder(db, engagement_id, versions)
        return escalation.list_levels(db, engagement_id)

    return Operation("Reset the escalation ladder to the default", run, engagement_id)
