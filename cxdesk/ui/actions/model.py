"""The engagement's actions as one record table: what each answers, who owns it, did it work.

A row is an :class:`ActionLine`: the action as the store read it, its evidence ("did it
work?", read with it) and how many days it is overdue as of the tab's today, so a row
repaints when any of the three changes and the model never asks a clock or the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from cxdesk.models.actions import (
    ActionRecord,
    ActionRow,
    ActionStatus,
    Evidence,
    OwnerSide,
    Verdict,
)
from cxdesk.models.five_gaps import GapCause
from cxdesk.ui import theme
from cxdesk.ui.engagement_list import LineTableModel
from cxdesk.ui.record_model import (
    FIRST_TABLE_ROLE,
    Column,
    RecordRole,
    collapse_spaces,
    strip_text,
)

OverdueRole = FIRST_TABLE_ROLE  # days overdue (0: not overdue), for the filter


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One row of the Actions view."""

    row: ActionRow
    evidence: Evidence | None
    days_overdue: int  # as of the tab's today; 0 when not overdue

    @property
    def id(self) -> int:
        return self.row.record.id

    @property
    def record(self) -> ActionRecord:
        return self.row.record


def lines_of(rows: list[ActionRow], evidence: dict[int, Evidence], today: date) -> list[ActionLine]:
    return [ActionLine(r, evidence.get(r.id), r.record.days_overdue(today)) for r in rows]


# -- words -------------------------------------------------------------------------------


def number(value: float | None) -> str:
    """A measure as people read it: 2, 0.5, −1.25 (a true minus sign)."""
    if value is None:
        return "?"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "−") if text not in ("-0", "−0") else "0"


def verdict_text(evidence: Evidence | None) -> str:
    """ "Improved: −2 → 0 (Pilot go-live)"; "" while there is nothing to judge."""
    if evidence is None or evidence.verdict in (Verdict.NOT_DONE, Verdict.NO_SOURCE):
        return ""
    if evidence.verdict in (Verdict.IMPROVED, Verdict.UNCHANGED, Verdict.WORSE):
        where = f" ({evidence.after_label})" if evidence.after_label else ""
        moved = f"{number(evidence.before)} → {number(evidence.after)}"
        return f"{evidence.verdict.label}: {moved}{where}"
    if evidence.verdict is Verdict.NO_BEFORE:
        return f"{evidence.verdict.label}: now {number(evidence.after)}"
    return evidence.verdict.label


_VERDICT_MARK = {Verdict.IMPROVED: "▲ ", Verdict.WORSE: "▼ ", Verdict.UNCHANGED: "= "}


def _verdict_shown(line: ActionLine) -> str:
    text = verdict_text(line.evidence)
    if text and line.evidence is not None:
        return _VERDICT_MARK.get(line.evidence.verdict, "") + text
    return text


def _verdict_sort(line: ActionLine) -> tuple[int, float]:
    evidence = line.evidence
    change = evidence.change if evidence is not None else None
    return (1, 0.0) if change is None else (0, change)


def due_text(line: ActionLine) -> str:
    due = line.record.due_on
    if due is None:
        return ""
    shown = f"{due:%d %b %Y}"
    if line.days_overdue:
        return f"⚠ {shown}, {line.days_overdue} d late"
    return shown


def cause_label(value: str | None) -> str:
    return GapCause(value).label if value else ""


def cause_tip(value: str | None) -> str | None:
    if not value:
        return "No cause named yet: which of the five gaps explains it?"
    cause = GapCause(value)
    return f"{cause.label_with_synonym}: {cause.between}"


# -- colours that work in light and dark ------------------------------------------------


def _overdue_tint() -> QBrush:
    tint = QColor(theme.TRAILING)
    tint.setAlpha(70)  # translucent: over a light and a dark table background alike
    return QBrush(tint)


def _link_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Link)


_LINK_FONT = QFont()
_LINK_FONT.setUnderline(True)
_BOLD = QFont()
_BOLD.setBold(True)


def _overdue_background(line: ActionLine) -> QBrush | None:
    return _overdue_tint() if line.days_overdue else None


def _roles(**extra: Callable[[ActionLine], Any]) -> dict[int, Callable[[ActionLine], Any]]:
    roles: dict[int, Callable[[ActionLine], Any]] = {
        Qt.ItemDataRole.BackgroundRole: _overdue_background,
        OverdueRole: lambda line: line.days_overdue,
    }
    names = {"font": Qt.ItemDataRole.FontRole, "foreground": Qt.ItemDataRole.ForegroundRole}
    for name, reader in extra.items():
        roles[names[name]] = reader
    return roles


def _date_sort(day: date | None) -> int:
    return day.toordinal() if day is not None else 10_000_000  # undated last


_STATUS_ORDER = {s.value: n for n, s in enumerate(ActionStatus)}
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _one_line(text: str) -> str:
    return " ⏎ ".join(text.splitlines())


COLUMNS: tuple[Column[ActionLine], ...] = (
    Column(
        "title",
        "Action",
        "What will be done, in one line",
        kind="line",
        editable=True,
        value=lambda line: line.record.title,
        sort=lambda line: line.record.title.casefold(),
        tooltip=lambda line: line.record.title,
        tidy=collapse_spaces,
        roles=_roles(),
    ),
    Column(
        "status",
        "Status",
        "Open, in progress, done or dropped (on this column press O, P, D or X)",
        kind="status",
        editable=True,
        value=lambda line: line.record.status,
        display=lambda line: ActionStatus(line.record.status).label,
        sort=lambda line: _STATUS_ORDER[line.record.status],
        roles=_roles(),
    ),
    Column(
        "due_on",
        "Due",
        "When it is due; an open action past it is marked ⚠ overdue",
        kind="date",
        editable=True,
        value=lambda line: line.record.due_on,
        display=due_text,
        sort=lambda line: _date_sort(line.record.due_on),
        tooltip=lambda line: (
            f"Overdue: due {line.record.due_on:%d %b %Y}, {line.days_overdue} days ago"
            if line.days_overdue and line.record.due_on
            else None
        ),
        accessible=lambda line: f"Due: {due_text(line).replace('⚠ ', '') or 'no date'}",
        roles=_roles(font=lambda line: _BOLD if line.days_overdue else None),
    ),
    Column(
        "evidence",
        "Did it work?",
        "Once done: the gap before the action and at the next measurement after it "
        "(the next milestone's revalidation, RATER assessment or pulse check)",
        kind="evidence",
        value=_verdict_shown,
        sort=_verdict_sort,
        tooltip=lambda line: verdict_text(line.evidence) or None,
        align=_LEFT,
        roles=_roles(),
    ),
    Column(
        "source",
        "Gap it answers",
        "The gap this action answers: double-click it, or press Ctrl+G, to go to it",
        kind="source",
        value=lambda line: line.row.source_text or "—",
        sort=lambda line: (line.record.source_kind, line.row.source_text.casefold()),
        tooltip=lambda line: (
            f"{line.row.source_text}\nDouble-click or Ctrl+G: go to it"
            if line.row.source_text and not line.record.source_gone
            else line.row.source_text or "Typed: it answers no gap on another tab"
        ),
        roles=_roles(
            font=lambda line: (
                None if line.record.source_gone or not line.row.source_text else _LINK_FONT
            ),
            foreground=lambda line: (
                None if line.record.source_gone or not line.row.source_text else _link_colour()
            ),
        ),
    ),
    Column(
        "cause",
        "Cause",
        "Which of the five gaps explains it (knowledge, standards, delivery, "
        "communication, customer)",
        kind="cause",
        editable=True,
        value=lambda line: line.record.cause,
        display=lambda line: cause_label(line.record.cause),
        sort=lambda line: cause_label(line.record.cause).casefold() or "\uffff",
        tooltip=lambda line: cause_tip(line.record.cause),
        roles=_roles(),
    ),
    Column(
        "owner_name",
        "Owner",
        "Who sees it through",
        kind="line",
        editable=True,
        value=lambda line: line.record.owner_name,
        sort=lambda line: line.record.owner_name.casefold() or "\uffff",
        tidy=collapse_spaces,
        roles=_roles(),
    ),
    Column(
        "owner_side",
        "Side",
        "Our team or the client's people (press O or C to switch)",
        kind="side",
        editable=True,
        value=lambda line: line.record.owner_side,
        display=lambda line: OwnerSide(line.record.owner_side).label,
        roles=_roles(),
    ),
    Column(
        "outcome",
        "What was done",
        "What was done about it (asked for when it is marked done)",
        kind="text",
        editable=True,
        value=lambda line: line.record.outcome,
        display=lambda line: _one_line(line.record.outcome),
        sort=lambda line: line.record.outcome.casefold() or "\uffff",
        tooltip=lambda line: line.record.outcome or None,
        tidy=strip_text,
        roles=_roles(),
    ),
)
COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}
ActionLineRole = RecordRole


class ActionTableModel(LineTableModel[ActionLine, ActionRecord]):
    """The actions in the consultant's order; edits go through ``save`` (an operation)."""

    columns = COLUMNS
