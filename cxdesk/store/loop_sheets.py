"""Closing the loop in the spreadsheet export: actions, the issue log, "you said, we did"
and small wins, one sheet each.

Read in the same transaction as the engagement's other sheets (:func:`read_loop`), then
built from plain values. What the app works out (is an action late, did it work, how long
an issue has sat on its rung) is written as the screens show it on ``today``; the rows a
person may edit in a spreadsheet and import again (actions, the log, the wins) carry
their CX Desk ID, as the matrix's rows do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.models.actions import ActionRow, ActionStatus, Evidence, OwnerSide, SourceKind
from cxdesk.models.engagement_entities import Milestone
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.issues import IssueRow, IssueStatus, IssueStepRecord, StepKind
from cxdesk.models.journey_entities import MapPhase, Touchpoint
from cxdesk.models.loop_log import SaidSource, SmallWinRecord, YouSaidRecord
from cxdesk.models.sheet_columns import (
    ACTION_COLUMNS,
    SAID_COLUMNS,
    WIN_COLUMNS,
    SheetColumn,
    format_row_id,
)
from cxdesk.store import action_evidence, actions, issues, loop_log
from cxdesk.store.database import Database
from cxdesk.store.spreadsheets import (
    ACTIONS_SHEET,
    ISSUES_SHEET,
    SAID_SHEET,
    WINS_SHEET,
    Cell,
    Sheet,
)


@dataclass(frozen=True, slots=True)
class LoopData:
    """One engagement's loop as the sheets show it, read in one transaction."""

    today: date
    actions: tuple[ActionRow, ...]
    evidence: Mapping[int, Evidence]
    issues: tuple[IssueRow, ...]
    said: tuple[YouSaidRecord, ...]
    wins: tuple[SmallWinRecord, ...]
    milestones: Mapping[int, str]  # id -> name
    touchpoints: Mapping[int, str]  # id -> name


def read_loop(session: Session, engagement_id: int, today: date) -> LoopData:
    """The loop of ``engagement_id`` within ``session``'s transaction."""
    from cxdesk.store.toolkit import OneReading

    one = cast(Database, OneReading(session))
    found = actions.list_actions(one, engagement_id)
    records = [row.record for row in found]
    milestones = dict(
        session.execute(
            select(Milestone.id, Milestone.name).where(Milestone.engagement_id == engagement_id)
        ).all()
    )
    touchpoints = dict(
        session.execute(
            select(Touchpoint.id, Touchpoint.name)
            .join(MapPhase, MapPhase.id == Touchpoint.phase_id)
            .where(MapPhase.engagement_id == engagement_id)
        ).all()
    )
    return LoopData(
        today,
        tuple(found),
        action_evidence.load_evidence(one, engagement_id, records),
        tuple(issues.list_issues(one, engagement_id)),
        tuple(loop_log.list_said(one, engagement_id)),
        tuple(loop_log.list_wins(one, engagement_id)),
        milestones,
        touchpoints,
    )


def loop_sheets(data: LoopData, tag: str) -> list[Sheet]:
    """The four sheets; ``tag``: the engagement's, written into each importable row's ID."""
    return [
        actions_sheet(data, tag),
        issues_sheet(data),
        said_sheet(data, tag),
        wins_sheet(data, tag),
    ]


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _measure(value: float | None) -> Cell:
    return None if value is None else round(value, 2)


def _sheet(
    title: str, columns: tuple[SheetColumn, ...], rows: Sequence[Mapping[str, Cell]]
) -> Sheet:
    return Sheet(
        title,
        tuple(c.header for c in columns),
        tuple(tuple(row[c.key] for c in columns) for row in rows),
    )


def actions_sheet(data: LoopData, tag: str) -> Sheet:
    """Every action in the consultant's order: what it answers, cause, owner, due, status,
    whether it is late on ``data.today``, what was done, and did it work."""
    rows: list[dict[str, Cell]] = []
    for number, row in enumerate(data.actions, start=1):
        action = row.record
        proof = data.evidence.get(action.id)
        rows.append(
            {
                "position": number,
                "title": action.title,
                "source_kind": SourceKind(action.source_kind).label,
                "source": row.source_text,
                "cause": GapCause(action.cause).label_with_synonym if action.cause else "",
                "owner_name": action.owner_name,
                "owner_side": OwnerSide(action.owner_side).label,
                "due_on": action.due_on,
                "status": ActionStatus(action.status).label,
                "overdue": _yes(action.overdue(data.today)),
                "days_overdue": action.days_overdue(data.today) or None,
                "outcome": action.outcome,
                "closed_on": action.closed_at.date() if action.closed_at else None,
                "verdict": proof.verdict.label if proof else "",
                "before": _measure(proof.before) if proof else None,
                "after": _measure(proof.after) if proof else None,
                "after_label": proof.after_label if proof else "",
                "issue": row.issue_title or "",
                "id": format_row_id(action.id, tag),
            }
        )
    return _sheet(ACTIONS_SHEET, ACTION_COLUMNS, rows)


ISSUE_HEADERS = (
    "Issue",
    "Status",
    "Rung",
    "Rung number",
    "Raised by",
    "Raised by side",
    "Raised on",
    "Owner",
    "On rung since",
    "Days on rung",
    "Time allowed",
    "Deadline on rung",
    "Too long",
    "Days over",
    "Resolved on",
    "Resolution",
    "Details",
    "Pain points",
    "Actions",
    "History",
)


def issues_sheet(data: LoopData) -> Sheet:
    """The issue log in its order (open ones by rung, highest first). A resolved issue's
    days on its rung are counted to the day it was resolved; nothing resolved sits too long.

    Not imported back: an issue moves by dated steps (escalated, resolved, reopened), which
    a changed cell could not say when or why.
    """
    titles = {row.id: row.record.title for row in data.actions}
    rows = []
    for issue in data.issues:
        record = issue.record
        until = data.today if record.is_open else (record.resolved_on or data.today)
        timing = issue.time_on_rung(until)
        rows.append(
            (
                record.title,
                IssueStatus(record.status).label,
                issue.rung_name,
                issue.rung_position + 1,
                record.raised_by,
                OwnerSide(record.raised_by_side).label,
                record.raised_on,
                record.owner,
                record.on_rung_since,
                timing.days_on_rung,
                issue.response_time,
                timing.deadline,
                _yes(timing.too_long),
                timing.days_over or None,
                record.resolved_on,
                record.resolution,
                record.details,
                "\n".join(data.touchpoints.get(t, "") for t in issue.touchpoint_ids),
                "\n".join(titles.get(a, "") for a in issue.action_ids),
                "\n".join(_step_words(step) for step in issue.steps),
            )
        )
    return Sheet(ISSUES_SHEET, ISSUE_HEADERS, tuple(rows))


def _step_words(step: IssueStepRecord) -> str:
    """ "2026-02-04 Escalated to Level 2: Account director (owner Ana): no answer in 2 days"."""
    kind = StepKind(step.kind)
    rung = step.rung_name or "a rung since deleted"
    where = {
        StepKind.RAISED: f" on {rung}",
        StepKind.ESCALATED: f" to {rung}",
        StepKind.REOPENED: f" on {rung}",
        StepKind.RESOLVED: "",
    }[kind]
    owner = f" (owner {step.owner})" if step.owner and kind is not StepKind.RESOLVED else ""
    note = f": {step.note}" if step.note else ""
    return f"{step.happened_on.isoformat()} {kind.label}{where}{owner}{note}"


def said_sheet(data: LoopData, tag: str) -> Sheet:
    titles = {row.id: row.record.title for row in data.actions}
    rows: list[dict[str, Cell]] = [
        {
            "said_on": entry.said_on,
            "said": entry.said,
            "said_by": entry.said_by,
            "source": SaidSource(entry.said_source).label,
            "we_did": entry.we_did,
            "did_on": entry.did_on,
            "action": titles.get(entry.action_id, "") if entry.action_id else "",
            "answered": _yes(entry.answered),
            "id": format_row_id(entry.id, tag),
        }
        for entry in data.said
    ]
    return _sheet(SAID_SHEET, SAID_COLUMNS, rows)


def wins_sheet(data: LoopData, tag: str) -> Sheet:
    rows: list[dict[str, Cell]] = [
        {
            "won_on": win.won_on,
            "text": win.text,
            "milestone": data.milestones.get(win.milestone_id, "") if win.milestone_id else "",
            "touchpoint": data.touchpoints.get(win.touchpoint_id, "") if win.touchpoint_id else "",
            "id": format_row_id(win.id, tag),
        }
        for win in data.wins
    ]
    return _sheet(WINS_SHEET, WIN_COLUMNS, rows)
