"""The issue log as one record table: each issue's rung, who raised it, who owns it there,
the time the rung allows and whether it has sat there too long.

A row is an :class:`IssueLine`: the issue as the store read it and its time on the rung
as of the tab's today, so a row repaints when either changes and the model never asks a
clock or the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cxdesk.models.actions import OwnerSide
from cxdesk.models.issues import IssueRecord, IssueRow, IssueStatus, RungTime, TimeUnit
from cxdesk.ui import theme
from cxdesk.ui.engagement_list import LineTableModel
from cxdesk.ui.record_model import (
    FIRST_TABLE_ROLE,
    Column,
    RecordRole,
    collapse_spaces,
)

TooLongRole = FIRST_TABLE_ROLE  # days past the rung's time (0: within it, or resolved)
IssueLineRole = RecordRole


@dataclass(frozen=True, slots=True)
class IssueLine:
    """One row of the issue log."""

    row: IssueRow
    time: RungTime  # as of the tab's today
    rungs: int  # how many rungs the ladder has, for "2 of 4"
    today: date  # the day the time was counted to

    @property
    def id(self) -> int:
        return self.row.record.id

    @property
    def record(self) -> IssueRecord:
        return self.row.record


def lines_of(rows: list[IssueRow], today: date, rungs: int) -> list[IssueLine]:
    return [IssueLine(r, r.time_on_rung(today), rungs, today) for r in rows]


# -- words -------------------------------------------------------------------------------


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def allowed_text(line: IssueLine) -> str:
    """The rung's promise and the day it runs out: "Within 2 working days (by 4 Mar)"."""
    promise = line.row.response_time.strip()
    if not promise:
        return "No time set on the ladder"
    time = line.time
    if time.allowed is None:
        return f"{promise} (not a time CX Desk can count)"
    if not line.record.is_open or time.deadline is None:
        return promise
    return f"{promise} (by {time.deadline:%d %b})"


def allowed_tip(line: IssueLine) -> str:
    time = line.time
    if time.allowed is None:
        return (
            f"The rung says “{line.row.response_time}”: no number of days reads from it, "
            "so this issue is never flagged. Say it in days on the escalation ladder."
        )
    unit = "working days" if time.allowed.unit is TimeUnit.WORKING_DAYS else "days"
    amount = time.allowed.amount
    span = "the same working day" if amount == 0 else f"{amount} {unit} after it arrived"
    return f"The rung allows {span}." + (
        f" Deadline: {time.deadline:%d %b %Y}." if time.deadline is not None else ""
    )


def flag_text(line: IssueLine) -> str:
    """Whether it has sat on the rung too long, in words (never colour alone)."""
    if not line.record.is_open:
        return "Resolved"
    time = line.time
    if time.too_long:
        return f"⚠ Too long: {days(time.days_over)} over"
    if time.allowed is None:
        return "No time to check"
    if time.deadline is None:
        return "Within time"
    left = (time.deadline - line.today).days
    return "Due today" if left == 0 else f"Within time ({days(left)} left)"


def rung_text(line: IssueLine) -> str:
    return f"{line.row.rung_position + 1} · {line.row.rung_name}"


def rung_tip(line: IssueLine) -> str:
    top = " (the top: it cannot climb further)" if line.row.top_rung else ""
    return f"Rung {line.row.rung_position + 1} of {line.rungs}{top}: {line.row.rung_name}"


def raised_text(line: IssueLine) -> str:
    return line.record.raised_by or "Not named"


def history_lines(row: IssueRow) -> list[str]:
    """The issue's dated steps, oldest first: "02 Mar 2026 · Raised on Level 1 (Ana)"."""
    lines = []
    for step in row.steps:
        owner = f", owner {step.owner}" if step.owner else ""
        note = f": {step.note}" if step.note else ""
        what = step.kind.capitalize()
        place = "to" if step.kind == "escalated" else "on"
        lines.append(f"{step.happened_on:%d %b %Y} · {what} {place} {step.rung_name}{owner}{note}")
    return lines


# -- colours that work in light and dark --------------------------------------------------


def _too_long_tint() -> QBrush:
    tint = QColor(theme.TRAILING)
    tint.setAlpha(70)  # translucent: over a light and a dark table background alike
    return QBrush(tint)


_BOLD = QFont()
_BOLD.setBold(True)


def _background(line: IssueLine) -> QBrush | None:
    return _too_long_tint() if line.time.too_long else None


def _roles(**extra: Callable[[IssueLine], Any]) -> dict[int, Callable[[IssueLine], Any]]:
    roles: dict[int, Callable[[IssueLine], Any]] = {
        Qt.ItemDataRole.BackgroundRole: _background,
        TooLongRole: lambda line: line.time.days_over,
    }
    if "font" in extra:
        roles[Qt.ItemDataRole.FontRole] = extra["font"]
    return roles


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _status_sort(line: IssueLine) -> tuple[int, int]:
    return (0 if line.record.is_open else 1, -line.time.days_over)


COLUMNS: tuple[Column[IssueLine], ...] = (
    Column(
        "title",
        "Issue",
        "What the problem is, in one line",
        kind="line",
        editable=True,
        value=lambda line: line.record.title,
        sort=lambda line: line.record.title.casefold(),
        tooltip=lambda line: line.record.details or line.record.title,
        tidy=collapse_spaces,
        roles=_roles(),
    ),
    Column(
        "rung",
        "Rung",
        "Where on the escalation ladder it sits now (Ctrl+Shift+E escalates it)",
        value=rung_text,
        sort=lambda line: line.row.rung_position,
        tooltip=rung_tip,
        roles=_roles(),
    ),
    Column(
        "raised_by",
        "Raised by",
        "Who raised it (the client, or our team found it)",
        kind="line",
        editable=True,
        value=lambda line: line.record.raised_by,
        display=raised_text,
        sort=lambda line: line.record.raised_by.casefold() or "\uffff",
        tidy=collapse_spaces,
        roles=_roles(),
    ),
    Column(
        "raised_by_side",
        "Side",
        "The client raised it, or our team found it (press O or C to switch)",
        kind="side",
        editable=True,
        value=lambda line: line.record.raised_by_side,
        display=lambda line: OwnerSide(line.record.raised_by_side).label,
        roles=_roles(),
    ),
    Column(
        "raised_on",
        "Raised on",
        "The day it was raised",
        kind="date",
        editable=True,
        value=lambda line: line.record.raised_on,
        display=lambda line: f"{line.record.raised_on:%d %b %Y}",
        sort=lambda line: line.record.raised_on.toordinal(),
        roles=_roles(),
    ),
    Column(
        "owner",
        "Owner",
        "Who owns it at this rung (the ladder's owner unless changed)",
        kind="line",
        editable=True,
        value=lambda line: line.record.owner,
        sort=lambda line: line.record.owner.casefold() or "\uffff",
        tooltip=lambda line: f"The ladder names {line.row.rung_owner or 'nobody'} for this rung",
        tidy=collapse_spaces,
        roles=_roles(),
    ),
    Column(
        "allowed",
        "Time allowed",
        "The rung's response time, from the escalation ladder, and its deadline",
        value=allowed_text,
        tooltip=allowed_tip,
        roles=_roles(),
    ),
    Column(
        "days_on_rung",
        "Days",
        "Calendar days since it reached this rung (or was reopened on it)",
        value=lambda line: line.time.days_on_rung if line.record.is_open else None,
        display=lambda line: str(line.time.days_on_rung) if line.record.is_open else "—",
        sort=lambda line: line.time.days_on_rung if line.record.is_open else -1,
        align=_RIGHT,
        roles=_roles(),
    ),
    Column(
        "flag",
        "On time?",
        "Whether it has sat on its rung longer than the rung allows",
        value=flag_text,
        sort=_status_sort,
        accessible=flag_text,
        align=_LEFT,
        roles=_roles(font=lambda line: _BOLD if line.time.too_long else None),
    ),
    Column(
        "status",
        "Status",
        "Open or resolved (Ctrl+Shift+R resolves, Ctrl+Shift+O reopens)",
        value=lambda line: IssueStatus(line.record.status).label,
        sort=lambda line: 0 if line.record.is_open else 1,
        tooltip=lambda line: (
            f"Resolved {line.record.resolved_on:%d %b %Y}: {line.record.resolution}"
            if line.record.resolved_on is not None
            else None
        ),
        roles=_roles(),
    ),
)
# What matters most first (on a narrow window the rest scrolls): the rung and whether the
# issue has sat there too long.
_ORDER = (
    "title",
    "rung",
    "flag",
    "days_on_rung",
    "allowed",
    "owner",
    "raised_by",
    "raised_by_side",
    "raised_on",
    "status",
)
COLUMNS = tuple(sorted(COLUMNS, key=lambda c: _ORDER.index(c.field)))
COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}


class IssueTableModel(LineTableModel[IssueLine, IssueRecord]):
    """The log in the store's order; edits go through ``save`` (an operation)."""

    columns = COLUMNS
