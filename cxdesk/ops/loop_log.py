"""Operations on the "you said, we did" log and the small wins: each entry added, edited,
answered with a done action, or deleted as one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cxdesk.models.loop_log import SaidSource, SmallWinRecord, YouSaidRecord
from cxdesk.ops.conflicts import edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import loop_log
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

# --- "you said, we did" ------------------------------------------------------------------


def add_said(
    engagement_id: int,
    said_on: date,
    said: str,
    *,
    said_by: str = "",
    source: SaidSource | str = SaidSource.TYPED,
    source_id: int | None = None,
    we_did: str = "",
    did_on: date | None = None,
    action_id: int | None = None,
) -> Operation[YouSaidRecord]:
    return Operation(
        "Add “you said, we did”",
        lambda db: loop_log.add_said(
            db,
            engagement_id,
            said_on,
            said,
            said_by=said_by,
            source=source,
            source_id=source_id,
            we_did=we_did,
            did_on=did_on,
            action_id=action_id,
        ),
        engagement_id,
    )


def edit_said(entry: YouSaidRecord, field: str, value: Any) -> Operation[YouSaidRecord] | None:
    try:
        same = loop_log.clean_said_field(field, value) == getattr(entry, field)
    except EditRefused:
        same = False
    if same:
        return None
    return Operation(
        f"Edit {loop_log.SAID_LABELS.get(field, field)}",
        lambda db: _told_said(
            db,
            entry,
            lambda: loop_log.update_said(db, entry.id, field, value, version=entry.version),
        ),
        entry.engagement_id,
    )


def answer_with_action(
    entry: YouSaidRecord, action_id: int | None
) -> Operation[YouSaidRecord] | None:
    """Link a done action as what we did (None: unlink it); None when it is linked already."""
    if action_id == entry.action_id:
        return None
    label = "Link action to “we did”" if action_id is not None else "Unlink action from “we did”"
    return Operation(
        label,
        lambda db: _told_said(
            db,
            entry,
            lambda: loop_log.answer_with_action(db, entry.id, action_id, version=entry.version),
        ),
        entry.engagement_id,
    )


def delete_said(engagement_id: int, entry_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(entry_ids)
    if not ids:
        return None
    what = "“you said, we did” entry" if len(ids) == 1 else f"{len(ids)} “you said, we did” entries"
    return Operation(f"Delete {what}", lambda db: loop_log.delete_said(db, ids), engagement_id)


# --- small wins ----------------------------------------------------------------------------


def add_win(
    engagement_id: int,
    won_on: date,
    text: str,
    *,
    milestone_id: int | None = None,
    touchpoint_id: int | None = None,
) -> Operation[SmallWinRecord]:
    return Operation(
        "Add small win",
        lambda db: loop_log.add_win(
            db, engagement_id, won_on, text, milestone_id=milestone_id, touchpoint_id=touchpoint_id
        ),
        engagement_id,
    )


def edit_win(win: SmallWinRecord, field: str, value: Any) -> Operation[SmallWinRecord] | None:
    try:
        same = loop_log.clean_win_field(field, value) == getattr(win, field)
    except EditRefused:
        same = False
    if same:
        return None
    label = {"won_on": "date", "text": "text", "milestone_id": "milestone"}.get(field, "touchpoint")
    return Operation(
        f"Edit small win's {label}",
        lambda db: _told_win(
            db, win, lambda: loop_log.update_win(db, win.id, field, value, version=win.version)
        ),
        win.engagement_id,
    )


def delete_wins(engagement_id: int, win_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(win_ids)
    if not ids:
        return None
    what = "small win" if len(ids) == 1 else f"{len(ids)} small wins"
    return Operation(f"Delete {what}", lambda db: loop_log.delete_wins(db, ids), engagement_id)


def _told_said(db: Database, entry: YouSaidRecord, run: Any) -> YouSaidRecord:
    found: YouSaidRecord = edit_told(db, "you_said_we_did", entry, "“you said, we did” entry", run)
    return found


def _told_win(db: Database, win: SmallWinRecord, run: Any) -> SmallWinRecord:
    found: SmallWinRecord = edit_told(db, "small_win", win, "small win", run)
    return found
