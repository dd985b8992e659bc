"""Operations on actions: made from a gap (or typed), edited, moved on, reordered, deleted.

Each function builds the :class:`~cxdesk.ops.Operation` for one thing a person does, with
the words Edit > Undo shows, or returns None when nothing would change. Undo is the
journal's. An edit of an action as the screen showed it (an :class:`ActionRecord`) is
refused in words over somebody's later change ("Ana changed this action's owner at 10:42
(Ben → Cleo)...").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cxdesk.models.actions import ActionRecord, ActionRow, ActionSource, ActionStatus
from cxdesk.ops.conflicts import edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import actions
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

_MADE_FROM = {
    "expectation": "Add action on an expectation",
    "rater_gap": "Add action on a RATER dimension",
    "rater_disagreement": "Add action on a RATER disagreement",
    "pain_point": "Add action on a pain point",
    "handoff_item": "Add action on a handoff item",
    "pulse_check": "Add action on a pulse check",
    "none": "Add action",
}
_STATUS_WORDS = {
    ActionStatus.OPEN: "Reopen action",
    ActionStatus.IN_PROGRESS: "Start action",
    ActionStatus.DONE: "Mark action done",
    ActionStatus.DROPPED: "Drop action",
}


def add_action(
    engagement_id: int,
    title: str | None = None,
    *,
    source: ActionSource | None = None,
    at: int | None = None,
    issue_id: int | None = None,
    **values: Any,
) -> Operation[ActionRow]:
    """A new action (typed, or made from ``source``: linked to it, its title unless given
    and its words from it); its row is the operation's value. ``values``: any of
    ``actions.EDITABLE`` (cause, owner_name, owner_side, due_on, outcome)."""
    kind = source.kind.value if source is not None else "none"
    label = "Add action from issue" if issue_id is not None and kind == "none" else _MADE_FROM[kind]
    return Operation(
        label,
        lambda db: actions.add_action(
            db, engagement_id, title, source=source, at=at, issue_id=issue_id, **values
        ),
        engagement_id,
    )


def edit_action(action: ActionRecord, field: str, value: Any) -> Operation[ActionRow] | None:
    """Set one field of the action as the screen shows it; None when the value, as it
    would be stored, is the same."""
    try:
        same = actions.clean_action_field(field, value) == getattr(action, field)
    except EditRefused:
        same = False  # the operation refuses it, in the same words
    if same:
        return None
    return Operation(
        f"Edit action's {actions.FIELD_LABELS.get(field, field)}",
        lambda db: _told(
            db,
            action,
            lambda: actions.update_action(db, action.id, field, value, version=action.version),
        ),
        action.engagement_id,
    )


def set_status(
    action: ActionRecord,
    status: ActionStatus | str,
    *,
    outcome: str | None = None,
    at: datetime | None = None,
) -> Operation[ActionRow] | None:
    """Move the action to ``status`` (with what was done, when given), as one step; None
    when it is there already and nothing else changes."""
    try:
        state = actions.clean_status(status)
    except EditRefused:
        state = None
    unchanged_outcome = outcome is None or outcome == action.outcome
    if state is not None and state.value == action.status and at is None and unchanged_outcome:
        return None
    label = _STATUS_WORDS.get(state, "Change action status") if state else "Change action status"
    return Operation(
        label,
        lambda db: _told(
            db,
            action,
            lambda: actions.set_status(
                db, action.id, status, action.version, outcome=outcome, at=at
            ),
        ),
        action.engagement_id,
    )


def move_action(action: ActionRecord, to: int) -> Operation[list[ActionRow]] | None:
    if to == action.position:
        return None
    return Operation(
        "Move action", lambda db: actions.move_action(db, action.id, to), action.engagement_id
    )


def delete_actions(engagement_id: int, action_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(action_ids)
    if not ids:
        return None
    what = "action" if len(ids) == 1 else f"{len(ids)} actions"
    return Operation(f"Delete {what}", lambda db: actions.delete_actions(db, ids), engagement_id)


def _told(db: Database, action: ActionRecord, run: Any) -> ActionRow:
    row: ActionRow = edit_told(db, "gap_action", action, "action", run)
    return row
