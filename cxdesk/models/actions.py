"""Actions against the gaps the app finds: what they answer, who owns them, are they late,
and did they work.

An action answers one gap, found where the consultant sees it: a trailing expectation
row, a RATER dimension (its gap, or our team and the client disagreeing on it), a pain
point on the emotion map (a touchpoint, or one stakeholder's score there), an open
handoff checklist item, or a pulse check's "what's not working". It may answer none (a
typed action, or one spawned from an issue). Its source is linked to the row it came
from (``SourceKind`` says which link); a source deleted later leaves the action, unlinked,
with the words it was made from (``source_label``).

"Did it work?" compares the source's measure before the action with its first
measurement after the action was done (:func:`evidence`): the expectation's perceived
gap at the next milestone's revalidation, the dimension's gap (or the two sides'
disagreement) at the next RATER assessment, the touchpoint's emotion at the next revisit
of the emotion map, the client's confidence at the next pulse check, a handoff item
ticked. Plain values only; the store gathers the measurements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from cxdesk.language import N_

TITLE_MAX = 200  # a sentence: the Actions view's one line
OWNER_MAX = 200
OUTCOME_MAX = 20_000  # what was done: free text, like the matrix's notes
SOURCE_LABEL_MAX = 500  # the words of the source as it was when the action was made


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_closed(self) -> bool:
        """Done or dropped: it has a closing date and is no longer late."""
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


_STATUS_LABELS = {
    ActionStatus.OPEN: N_("Open"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.DROPPED: N_("Dropped"),
}


class OwnerSide(StrEnum):
    """Whose person owns an action (or raised an issue): ours, or the client's."""

    OURS = "ours"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return "Our team" if self is OwnerSide.OURS else "Client"


class SourceKind(StrEnum):
    """The kind of gap an action answers, and so which of its links names the source."""

    EXPECTATION = "expectation"  # expectation_item_id
    RATER_GAP = "rater_gap"  # rater_assessment_id + rater_dimension
    RATER_DISAGREEMENT = "rater_disagreement"  # the same: team vs client on a dimension
    PAIN_POINT = "pain_point"  # touchpoint_id (+ stakeholder_id: their score there)
    HANDOFF_ITEM = "handoff_item"  # handoff_item_id
    PULSE_CHECK = "pulse_check"  # pulse_check_id: its "what's not working"
    NONE = "none"  # typed, or spawned from an issue: no gap linked

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def link_column(self) -> str | None:
        """The column holding the source row's id (None: no source)."""
        return _LINK_COLUMNS[self]

    @property
    def lower_is_better(self) -> bool:
        """Whether the measure improves as it falls: the two sides' disagreement does."""
        return self is SourceKind.RATER_DISAGREEMENT


_KIND_LABELS = {
    SourceKind.EXPECTATION: "Trailing expectation",
    SourceKind.RATER_GAP: "RATER dimension",
    SourceKind.RATER_DISAGREEMENT: "RATER: team vs client",
    SourceKind.PAIN_POINT: "Pain point",
    SourceKind.HANDOFF_ITEM: "Handoff item",
    SourceKind.PULSE_CHECK: "Pulse check: not working",
    SourceKind.NONE: "None",
}

_LINK_COLUMNS = {
    SourceKind.EXPECTATION: "expectation_item_id",
    SourceKind.RATER_GAP: "rater_assessment_id",
    SourceKind.RATER_DISAGREEMENT: "rater_assessment_id",
    SourceKind.PAIN_POINT: "touchpoint_id",
    SourceKind.HANDOFF_ITEM: "handoff_item_id",
    SourceKind.PULSE_CHECK: "pulse_check_id",
    SourceKind.NONE: None,
}

# By value, looked up rather than constructed: the Actions view reads thousands of rows.
_KINDS = {kind.value: kind for kind in SourceKind}
_STATUSES = {status.value: status for status in ActionStatus}

# Every column linking an action to a source row, in the table's order.
LINK_COLUMNS = (
    "expectation_item_id",
    "rater_assessment_id",
    "touchpoint_id",
    "stakeholder_id",
    "handoff_item_id",
    "pulse_check_id",
)


@dataclass(frozen=True, slots=True)
class ActionSource:
    """The gap an action is made from: its kind, its row, and for a RATER dimension the
    dimension, for a pain point optionally the stakeholder whose score it is."""

    kind: SourceKind
    record_id: int | None = None  # the source row (None only for SourceKind.NONE)
    dimension: str | None = None  # a RaterDimension value, for the two RATER kinds
    stakeholder_id: int | None = None  # a pain point scored by one stakeholder

    def links(self) -> dict[str, int | str | None]:
        """The action's link columns for this source (every one, None where unused)."""
        values: dict[str, int | str | None] = dict.fromkeys(LINK_COLUMNS)
        column = self.kind.link_column
        if column is not None:
            values[column] = self.record_id
        if self.kind is SourceKind.PAIN_POINT:
            values["stakeholder_id"] = self.stakeholder_id
        values["rater_dimension"] = self.dimension
        return values


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One action as stored (the columns of ``gap_action``, in order)."""

    id: int
    engagement_id: int
    position: int  # 0..n-1 within the engagement: the order the consultant keeps
    title: str
    source_kind: str  # a SourceKind value
    expectation_item_id: int | None
    rater_assessment_id: int | None
    rater_dimension: str | None  # a RaterDimension value, for the RATER kinds
    touchpoint_id: int | None
    stakeholder_id: int | None
    handoff_item_id: int | None
    pulse_check_id: int | None
    source_label: str  # the source in words, as it was when the action was made
    gap_before: float | None  # the source's measure when the action was made
    issue_id: int | None  # the issue it was spawned from
    cause: str | None  # a GapCause value, or None: not named
    owner_name: str
    owner_side: str  # an OwnerSide value
    due_on: date | None
    status: str  # an ActionStatus value
    outcome: str  # what was done
    created_at: datetime  # naive UTC
    closed_at: datetime | None  # when it was done or dropped (naive UTC)
    version: int = 1  # the row's change count when read: an edit on an older one is refused
    changed_by: str | None = None
    changed_at: datetime | None = None

    @property
    def kind(self) -> SourceKind:
        return _KINDS[self.source_kind]

    @property
    def state(self) -> ActionStatus:
        return _STATUSES[self.status]

    @property
    def is_open(self) -> bool:
        """Open or in progress: still to be done."""
        return not self.state.is_closed

    @property
    def source_id(self) -> int | None:
        """The id of the source row, None when it has none or it was deleted."""
        column = self.kind.link_column
        return None if column is None else getattr(self, column)

    @property
    def source_gone(self) -> bool:
        """Made from a gap whose row has been deleted since."""
        return self.kind is not SourceKind.NONE and self.source_id is None

    def overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: date) -> int:
        """Days past its due date (0 when not overdue)."""
        if not self.overdue(today) or self.due_on is None:
            return 0
        return (today - self.due_on).days


@dataclass(frozen=True, slots=True)
class ActionRow:
    """An action as the Actions view, the Overview and the PDF show it: the stored record
    and its source in words now (the row's own words; the stored ones once it is gone)."""

    record: ActionRecord
    source_text: str  # "Expectation: Invoices downloadable…"; "" for none
    issue_title: str | None  # the issue it was spawned from, if any

    @property
    def id(self) -> int:
        return self.record.id


# --- overdue ---------------------------------------------------------------------------


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Still to be done (open or in progress) and its due date has passed: due today is
    not overdue yet. ``today`` is given, never read from the clock, so a screen, a PDF
    and a test with a fake clock agree."""
    return due_on is not None and due_on < today and not _STATUSES[status].is_closed


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """The Overview's headline numbers of the actions."""

    open: int  # open or in progress
    overdue: int
    oldest_overdue: ActionRecord | None  # due longest ago among the overdue


def action_counts(actions: Iterable[ActionRecord], today: date) -> ActionCounts:
    open_count = 0
    late: list[ActionRecord] = []
    for action in actions:
        if action.is_open:
            open_count += 1
            if action.overdue(today):
                late.append(action)
    oldest = min(late, key=lambda a: (a.due_on or today, a.id)) if late else None
    return ActionCounts(open_count, len(late), oldest)


def open_and_overdue_first(actions: Iterable[ActionRecord], today: date) -> list[ActionRecord]:
    """The PDF's order: overdue (longest overdue first), then the other open ones (by due
    date, undated last), then done and dropped; ties kept in the consultant's order."""

    def key(action: ActionRecord) -> tuple[int, date, int]:
        never = date.max
        if action.overdue(today):
            return (0, action.due_on or never, action.position)
        if action.is_open:
            return (1, action.due_on or never, action.position)
        return (2, never, action.position)

    return sorted(actions, key=key)


# --- did it work? ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measurement:
    """One measurement of a source's gap: when it was taken and its value."""

    taken_at: datetime  # naive UTC; a day's measurement (a pulse's date) counts as its end
    value: float
    label: str  # where it was taken: "Design sign-off", "RATER at Pilot go-live", "14 Mar"


def at_end_of(day: date) -> datetime:
    """A measurement dated by day only (a RATER assessment, a pulse check) as the end of
    that day: one taken the day an action is closed counts as after it."""
    return datetime.combine(day, time.max)


class Verdict(StrEnum):
    """What the evidence says about one action."""

    NOT_DONE = "not_done"  # open, in progress or dropped: nothing to judge
    NO_SOURCE = "no_source"  # a typed action: no gap to measure
    SOURCE_GONE = "source_gone"  # the source row was deleted
    NOT_MEASURED_YET = "not_measured_yet"  # done, no measurement since
    NO_BEFORE = "no_before"  # measured since, but never before
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.NOT_DONE: "Not done",
    Verdict.NO_SOURCE: "No gap linked",
    Verdict.SOURCE_GONE: "Source deleted",
    Verdict.NOT_MEASURED_YET: "Not measured yet",
    Verdict.NO_BEFORE: "No earlier measurement",
    Verdict.IMPROVED: "Improved",
    Verdict.UNCHANGED: "Did not move",
    Verdict.WORSE: "Worse",
}

# Measures are means (a RATER gap over respondents): closer than this is "did not move".
_SAME = 0.005


@dataclass(frozen=True, slots=True)
class Evidence:
    """Did an action work: its source's measure before and after, and the verdict."""

    verdict: Verdict
    before: float | None = None
    after: float | None = None
    after_label: str = ""  # where the "after" was measured

    @property
    def change(self) -> float | None:
        """After minus before (as measured: for a disagreement a fall is the good way)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def evidence(
    action: ActionRecord, history: Sequence[Measurement], *, now: Measurement | None = None
) -> Evidence:
    """Whether ``action``'s source gap moved after it was done.

    ``history``: the source's measurements (any order). Before is the measure recorded
    when the action was made (``gap_before``) or, without one, the latest measurement
    taken no later than that; after is the first measurement taken after the action was
    closed. ``now``: a source measured as it stands rather than in a history (a handoff
    item's tick), used as the after when there is no later measurement.
    """
    if action.kind is SourceKind.NONE:
        return Evidence(Verdict.NO_SOURCE)
    if action.state is not ActionStatus.DONE or action.closed_at is None:
        return Evidence(Verdict.NOT_DONE, action.gap_before)
    ordered = sorted(history, key=lambda m: m.taken_at)
    before = action.gap_before
    if before is None:
        earlier = [m for m in ordered if m.taken_at <= action.created_at]
        if earlier:
            before = earlier[-1].value
    later = next((m for m in ordered if m.taken_at > action.closed_at), None) or now
    if action.source_gone and later is None:
        return Evidence(Verdict.SOURCE_GONE, before)
    if later is None:
        return Evidence(Verdict.NOT_MEASURED_YET, before)
    if before is None:
        return Evidence(Verdict.NO_BEFORE, None, later.value, later.label)
    change = later.value - before
    if abs(change) < _SAME:
        verdict = Verdict.UNCHANGED
    elif (change > 0) != action.kind.lower_is_better:
        verdict = Verdict.IMPROVED
    else:
        verdict = Verdict.WORSE
    return Evidence(verdict, before, later.value, later.label)
