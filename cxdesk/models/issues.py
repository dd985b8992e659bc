"""The issue log on the escalation ladder: where each issue sits, for how long, and whether
it has sat there too long.

An issue (a problem the client raised or the team found) sits on one rung of the
engagement's escalation ladder. The time it may stay there is the rung's own promise
("Same working day", "Within 2 working days"), read from the rung's response time by
:func:`allowed_time`; dates are whole days, so "4 hours" means by the end of the day it
arrived. Escalating moves it up a rung with a dated step; resolving closes it with what
was done; reopening puts it back on its rung, its clock started again.

Working days are Monday to Friday; public holidays are not known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

TITLE_MAX = 200
PERSON_MAX = 200  # who raised it, its owner
DETAILS_MAX = 20_000


class IssueStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return "Open" if self is IssueStatus.OPEN else "Resolved"


class StepKind(StrEnum):
    """What happened to an issue on a day: the dated entries of its history."""

    RAISED = "raised"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"


@dataclass(frozen=True, slots=True)
class AllowedTime:
    """How long an issue may sit on a rung: ``amount`` working days or calendar days
    after the day it arrived (0 working days: by the end of that working day)."""

    amount: int
    unit: TimeUnit

    def deadline(self, arrived_on: date) -> date:
        """The last day the issue may still sit on the rung."""
        if self.unit is TimeUnit.DAYS:
            return arrived_on + timedelta(days=self.amount)
        return add_working_days(arrived_on, self.amount)


_NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_AMOUNT = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_WORKING = r"(?:working|business|work)"
_SAME_DAY = re.compile(
    rf"\b(same|this)\s+({_WORKING}\s+)?day\b|\bimmediately\b|\basap\b|\bstraight away\b"
    r"|\bend of (the )?day\b|\bminutes?\b|\bmins?\b"
)
_NEXT_DAY = re.compile(rf"\bnext\s+({_WORKING}\s+)?day\b")
_AMOUNT_UNIT = re.compile(
    rf"\b{_AMOUNT}\s*(?:-\s*)?(?P<working>{_WORKING}\s+)?(?P<unit>hours?|hrs?|h|days?|weeks?)\b"
)


def allowed_time(response_time: str) -> AllowedTime | None:
    """The time a rung allows, read from its response time as people write it: "Same
    working day", "Within 1 working day", "2 business days", "48 hours", "one week",
    "ASAP". None when it says no time ("", "As agreed"): such a rung never flags.

    Hours become whole days (dates carry no time): under 24 hours is the same day.
    """
    text = " ".join(response_time.lower().split())
    if not text:
        return None
    found = _AMOUNT_UNIT.search(text)
    if found is not None:
        amount_text = found.group(1)
        amount = _NUMBER_WORDS.get(amount_text) or int(amount_text)
        unit = found.group("unit")
        working = found.group("working") is not None
        if unit.startswith("h"):
            return AllowedTime(amount // 24, TimeUnit.WORKING_DAYS if working else TimeUnit.DAYS)
        if unit.startswith("w"):
            days = amount * (5 if working else 7)
            return AllowedTime(days, TimeUnit.WORKING_DAYS if working else TimeUnit.DAYS)
        return AllowedTime(amount, TimeUnit.WORKING_DAYS if working else TimeUnit.DAYS)
    next_day = _NEXT_DAY.search(text)
    if next_day is not None:
        return AllowedTime(1, TimeUnit.WORKING_DAYS if next_day.group(1) else TimeUnit.DAYS)
    if _SAME_DAY.search(text):
        return AllowedTime(0, TimeUnit.WORKING_DAYS)
    return None


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, amount: int) -> date:
    """``amount`` working days after ``start`` (a weekend start counts from the Monday
    after: an issue arriving on Saturday with "same working day" is due Monday)."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    left = amount
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class RungTime:
    """How long an issue has sat on its rung, against what the rung allows."""

    days_on_rung: int  # calendar days since it arrived (0 on the day itself)
    working_days_on_rung: int
    allowed: AllowedTime | None  # None: the rung promises no time
    deadline: date | None  # the last day it may sit there
    too_long: bool  # past the deadline, still open
    days_over: int  # calendar days past the deadline (0 when not too long)


def time_on_rung(
    arrived_on: date, response_time: str, today: date, *, is_open: bool = True
) -> RungTime:
    """The time an issue has sat on its rung since ``arrived_on``, as of ``today`` (given,
    so a test's fake clock and the screen agree), and whether that is too long: past the
    rung's deadline and not resolved."""
    allowed = allowed_time(response_time)
    deadline = allowed.deadline(arrived_on) if allowed is not None else None
    too_long = is_open and deadline is not None and today > deadline
    return RungTime(
        days_on_rung=max(0, (today - arrived_on).days),
        working_days_on_rung=working_days_between(arrived_on, today),
        allowed=allowed,
        deadline=deadline,
        too_long=too_long,
        days_over=(today - deadline).days if too_long and deadline is not None else 0,
    )


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IssueRecord:
    """One issue as stored (the columns of ``issue``, in order)."""

    id: int
    engagement_id: int
    title: str
    details: str
    raised_by: str
    raised_by_side: str  # an OwnerSide value: the client raised it, or our team found it
    raised_on: date
    rung_id: int  # the escalation level it sits on now
    owner: str  # who owns it at that rung
    on_rung_since: date  # the day it reached the rung (or was reopened there)
    status: str  # an IssueStatus value
    resolved_on: date | None
    resolution: str  # what was done, when resolved
    version: int = 1
    changed_by: str | None = None
    changed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == IssueStatus.OPEN.value


@dataclass(frozen=True, slots=True)
class IssueStepRecord:
    """One dated entry of an issue's history (the rung named as it was then)."""

    id: int
    issue_id: int
    happened_on: date
    kind: str  # a StepKind value
    rung_id: int | None  # None once that rung was deleted
    rung_name: str
    owner: str
    note: str
    version: int = 1


@dataclass(frozen=True, slots=True)
class IssueRow:
    """An issue as the issue log shows it: the record, its rung now, its history and links."""

    record: IssueRecord
    rung_name: str
    rung_position: int  # 0 = the first rung
    rung_owner: str  # the rung's owner as the ladder says (the issue's own is record.owner)
    response_time: str  # the rung's promise, as written on the ladder
    steps: tuple[IssueStepRecord, ...] = ()  # oldest first
    touchpoint_ids: tuple[int, ...] = ()  # the pain points it is linked to
    action_ids: tuple[int, ...] = ()  # the actions spawned from it
    top_rung: bool = False  # on the ladder's last rung: it cannot be escalated further

    @property
    def id(self) -> int:
        return self.record.id

    def time_on_rung(self, today: date) -> RungTime:
        return time_on_rung(
            self.record.on_rung_since, self.response_time, today, is_open=self.record.is_open
        )


@dataclass(frozen=True, slots=True)
class IssueCounts:
    open: int
    too_long: int  # open and sat on their rung past its time
    by_rung: dict[str, int] = field(default_factory=dict)  # open issues per rung name


def issue_counts(issues: list[IssueRow], today: date) -> IssueCounts:
    by_rung: dict[str, int] = {}
    open_count = too_long = 0
    for issue in sorted(issues, key=lambda i: i.rung_position):
        if not issue.record.is_open:
            continue
        open_count += 1
        by_rung[issue.rung_name] = by_rung.get(issue.rung_name, 0) + 1
        if issue.time_on_rung(today).too_long:
            too_long += 1
    return IssueCounts(open_count, too_long, by_rung)
