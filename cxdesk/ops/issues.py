"""Operations on the issue log: raise, escalate, resolve, reopen, edit, link, delete, and
spawn an action from an issue.

Each is one undoable step. Raising the first issue of an engagement on the default ladder
stores the ladder in the same step, so one undo leaves the default ladder again. An edit
of an issue as the screen showed it (an :class:`IssueRecord`) is refused in words over
somebody's later change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cxdesk.models.actions import ActionRow, OwnerSide
from cxdesk.models.escalation import EscalationLevel
from cxdesk.models.issues import IssueRecord, IssueRow
from cxdesk.ops.conflicts import edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import actions, issues
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused


def raise_issue(
    engagement_id: int,
    title: str,
    raised_on: date,
    *,
    rung: EscalationLevel | int | None = None,
    raised_by: str = "",
    raised_by_side: OwnerSide | str = OwnerSide.CLIENT,
    owner: str | None = None,
    details: str = "",
    touchpoint_ids: Sequence[int] = (),
) -> Operation[IssueRow]:
    """Raise an issue on ``rung`` (None: the first); the new issue is the value."""
    return Operation(
        "Raise issue",
        lambda db: issues.raise_issue(
            db,
            engagement_id,
            title,
            raised_on,
            rung=rung,
            raised_by=raised_by,
            raised_by_side=raised_by_side,
            owner=owner,
            details=details,
            touchpoint_ids=touchpoint_ids,
        ),
        engagement_id,
    )


def escalate(
    issue: IssueRecord,
    on: date,
    *,
    to_rung: EscalationLevel | int | None = None,
    owner: str | None = None,
    note: str = "",
) -> Operation[IssueRow]:
    """Escalate the issue as the screen shows it, on ``on``: one rung up (or to ``to_rung``)."""
    return Operation(
        f"Escalate issue “{issue.title}”",
        lambda db: _told(
            db,
            issue,
            lambda: issues.escalate_issue(
                db, issue.id, on, to_rung=to_rung, owner=owner, note=note, version=issue.version
            ),
        ),
        issue.engagement_id,
    )


def resolve(issue: IssueRecord, on: date, resolution: str) -> Operation[IssueRow]:
    return Operation(
        f"Resolve issue “{issue.title}”",
        lambda db: _told(
            db,
            issue,
            lambda: issues.resolve_issue(db, issue.id, on, resolution, version=issue.version),
        ),
        issue.engagement_id,
    )


def reopen(issue: IssueRecord, on: date, note: str = "") -> Operation[IssueRow]:
    return Operation(
        f"Reopen issue “{issue.title}”",
        lambda db: _told(
            db,
            issue,
            lambda: issues.reopen_issue(db, issue.id, on, note=note, version=issue.version),
        ),
        issue.engagement_id,
    )


def edit_issue(issue: IssueRecord, field: str, value: Any) -> Operation[IssueRow] | None:
    """One field of the issue as the screen shows it; None when it would not change."""
    try:
        same = issues.clean_issue_field(field, value) == getattr(issue, field)
    except EditRefused:
        same = False
    if same:
        return None
    return Operation(
        f"Edit issue's {issues.FIELD_LABELS.get(field, field)}",
        lambda db: _told(
            db,
            issue,
            lambda: issues.update_issue(db, issue.id, field, value, version=issue.version),
        ),
        issue.engagement_id,
    )


def link_pain_point(issue: IssueRecord, touchpoint_id: int) -> Operation[IssueRow]:
    return Operation(
        "Link pain point to issue",
        lambda db: issues.link_touchpoint(db, issue.id, touchpoint_id),
        issue.engagement_id,
    )


def unlink_pain_point(issue: IssueRecord, touchpoint_id: int) -> Operation[IssueRow]:
    return Operation(
        "Unlink pain point from issue",
        lambda db: issues.unlink_touchpoint(db, issue.id, touchpoint_id),
        issue.engagement_id,
    )


def delete_issues(engagement_id: int, issue_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(issue_ids)
    if not ids:
        return None
    what = "issue" if len(ids) == 1 else f"{len(ids)} issues"
    return Operation(f"Delete {what}", lambda db: issues.delete_issues(db, ids), engagement_id)


def spawn_action(issue: IssueRecord, title: str, **values: Any) -> Operation[ActionRow]:
    """An action spawned from the issue (linked to it); ``values`` as for an action."""
    return Operation(
        f"Add action for issue “{issue.title}”",
        lambda db: actions.add_action(db, issue.engagement_id, title, issue_id=issue.id, **values),
        issue.engagement_id,
    )


def _told(db: Database, issue: IssueRecord, run: Any) -> IssueRow:
    row: IssueRow = edit_told(db, "issue", issue, "issue", run)
    return row
