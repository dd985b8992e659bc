"""The "you said, we did" log and the small wins as record tables.

A "you said" row is a :class:`SaidLine`: the entry and the title of the done action that
answered it (read with it); a win is a :class:`WinLine`: the win and the names of its
milestone and touchpoint. Edits go through ``save`` (an operation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from cxdesk.models.loop_log import SmallWinRecord, YouSaidRecord
from cxdesk.ui.engagement_list import LineTableModel
from cxdesk.ui.record_model import Column, collapse_spaces, strip_text


@dataclass(frozen=True, slots=True)
class SaidLine:
    record: YouSaidRecord
    action_title: str  # the done action that answered it ("" when none)

    @property
    def id(self) -> int:
        return self.record.id


@dataclass(frozen=True, slots=True)
class WinLine:
    record: SmallWinRecord
    milestone: str  # its milestone's name ("" when none)
    touchpoint: str  # its touchpoint's name ("" when none)

    @property
    def id(self) -> int:
        return self.record.id


def _one_line(text: str) -> str:
    return " ⏎ ".join(text.splitlines())


def _day(value: Any) -> str:
    return f"{value:%d %b %Y}" if value is not None else ""


def _day_sort(value: Any) -> int:
    return value.toordinal() if value is not None else 10_000_000


def we_did_text(line: SaidLine) -> str:
    record = line.record
    if record.we_did:
        return _one_line(record.we_did)
    if line.action_title:
        return f"Action: {line.action_title}"
    return "— not yet"


_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

SAID_COLUMNS: tuple[Column[SaidLine], ...] = (
    Column(
        "said_on",
        "Said on",
        "The day the client said it",
        kind="date",
        editable=True,
        value=lambda line: line.record.said_on,
        display=lambda line: _day(line.record.said_on),
        sort=lambda line: _day_sort(line.record.said_on),
    ),
    Column(
        "said",
        "You said",
        "What the client told us, in their words",
        kind="text",
        editable=True,
        value=lambda line: line.record.said,
        display=lambda line: _one_line(line.record.said),
        sort=lambda line: line.record.said.casefold(),
        tooltip=lambda line: line.record.said,
        tidy=strip_text,
    ),
    Column(
        "said_by",
        "Who",
        "Who said it",
        kind="line",
        editable=True,
        value=lambda line: line.record.said_by,
        sort=lambda line: line.record.said_by.casefold() or "\uffff",
        tidy=collapse_spaces,
    ),
    Column(
        "source",
        "From",
        "Where it was said: a pulse check, a RATER comment, a workshop, or typed",
        value=lambda line: line.record.source.label,
    ),
    Column(
        "we_did",
        "We did",
        "What we did about it: typed, or the done action paired with it (Ctrl+Shift+D)",
        kind="text",
        editable=True,
        value=lambda line: line.record.we_did,
        display=we_did_text,
        sort=lambda line: (0 if line.record.answered else 1, line.record.we_did.casefold()),
        tooltip=lambda line: (
            "\n".join(
                part
                for part in (
                    line.record.we_did,
                    f"Done action: {line.action_title}" if line.action_title else "",
                )
                if part
            )
            or "Nothing yet: type what we did, or pair a done action (Ctrl+Shift+D)"
        ),
        tidy=strip_text,
    ),
    Column(
        "did_on",
        "Done on",
        "The day we did it",
        kind="date",
        editable=True,
        value=lambda line: line.record.did_on,
        display=lambda line: _day(line.record.did_on),
        sort=lambda line: _day_sort(line.record.did_on),
        align=_TOP_LEFT,
    ),
)

WIN_COLUMNS: tuple[Column[WinLine], ...] = (
    Column(
        "won_on",
        "Date",
        "The day of the win",
        kind="date",
        editable=True,
        value=lambda line: line.record.won_on,
        display=lambda line: _day(line.record.won_on),
        sort=lambda line: _day_sort(line.record.won_on),
    ),
    Column(
        "text",
        "Small win",
        "What went well, worth celebrating with the client",
        kind="text",
        editable=True,
        value=lambda line: line.record.text,
        display=lambda line: _one_line(line.record.text),
        sort=lambda line: line.record.text.casefold(),
        tooltip=lambda line: line.record.text,
        tidy=strip_text,
    ),
    Column(
        "milestone",
        "Milestone",
        "The milestone it is about, if any",
        value=lambda line: line.milestone,
        sort=lambda line: line.milestone.casefold() or "\uffff",
    ),
    Column(
        "touchpoint",
        "Touchpoint",
        "The touchpoint of the emotion map it is about, if any",
        value=lambda line: line.touchpoint,
        sort=lambda line: line.touchpoint.casefold() or "\uffff",
    ),
)
SAID_INDEX = {c.field: i for i, c in enumerate(SAID_COLUMNS)}
WIN_INDEX = {c.field: i for i, c in enumerate(WIN_COLUMNS)}


class SaidTableModel(LineTableModel[SaidLine, YouSaidRecord]):
    columns = SAID_COLUMNS


class WinTableModel(LineTableModel[WinLine, SmallWinRecord]):
    columns = WIN_COLUMNS
