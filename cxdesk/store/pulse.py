"""Operations on pulse checks: quick to record during a meeting, each one committed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from cxdesk.models.as_of import as_of_problem
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.feedback_entities import PulseCheck
from cxdesk.models.pulse import CONFIDENCE_MAX, CONFIDENCE_MIN, CSAT_MAX, CSAT_MIN
from cxdesk.models.records import PulseRecord
from cxdesk.models.servqual import RespondentSide
from cxdesk.store import graveyard, reads
from cxdesk.store.database import Database, session_rows
from cxdesk.store.errors import EditRefused
from cxdesk.store.workspace import check_milestone, choice, get_or_refuse

TEXT_MAX = 20_000
# A pulse check is taken during an engagement: a date far outside this is a typo (and
# would stretch every trend chart to a century).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
PULSE_FIELDS = (
    "taken_on",
    "milestone_id",
    "respondent",
    "confidence",
    "csat",
    "working",
    "not_working",
    "side",
)
_UNKNOWN_SIDE = "A pulse check is the client's or our team's."


def pulse_record(row: Any) -> PulseRecord:
    return PulseRecord(
        id=row.id,
        engagement_id=row.engagement_id,
        milestone_id=row.milestone_id,
        taken_on=row.taken_on,
        respondent=row.respondent,
        confidence=row.confidence,
        csat=row.csat,
        working=row.working,
        not_working=row.not_working,
        version=row.version,
        side=row.side,
    )


def validate_pulse_field(field: str, value: Any) -> Any:
    if field not in PULSE_FIELDS:
        raise EditRefused(f"“{field}” is not part of a pulse check.")
    if field in ("confidence", "csat"):
        low, high = (
            (CONFIDENCE_MIN, CONFIDENCE_MAX) if field == "confidence" else (CSAT_MIN, CSAT_MAX)
        )
        what = "Confidence" if field == "confidence" else "CSAT"
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise EditRefused(f"{what} goes from {low} to {high}; “{value}” was not saved.")
        return value
    if field == "taken_on":
        if not isinstance(value, date):
            raise EditRefused("A pulse check needs the date it was taken.")
        if not EARLIEST <= value <= LATEST:
            raise EditRefused(
                f"{value:%d %b %Y} looks like a typo: pulse checks are dated between "
                f"{EARLIEST.year} and {LATEST.year}."
            )
        # Dated the day the client answered, which has always come already.
        problem = as_of_problem(value, date.today(), "A pulse check")
        if problem is not None:
            raise EditRefused(problem)
        return value
    if field == "milestone_id":
        return value
    if field == "side":
        return choice(RespondentSide, value, _UNKNOWN_SIDE).value
    if not isinstance(value, str):
        raise EditRefused(f"“{field}” takes text.")
    value = value.strip() if field == "respondent" else value
    limit = 200 if field == "respondent" else TEXT_MAX
    if len(value) > limit:
        raise EditRefused(f"That text is too long (at most {limit:,} characters).")
    return value


def list_pulses(db: Database, engagement_id: int) -> list[PulseRecord]:
    """Oldest first."""
    with db.reading() as s:
        return reads.list_pulses(session_rows(s), engagement_id)


def get_pulses(db: Database, pulse_ids: Iterable[int]) -> list[PulseRecord]:
    """The responses of ``pulse_ids`` that still exist (a screen re-reading the rows an
    edit changed, not every response of the engagement)."""
    table = table_of(PulseCheck)
    with db.reading() as s:
        return [
            pulse_record(row)
            for part in graveyard.chunks(list(pulse_ids))
            for row in s.execute(select(table).where(table.c.id.in_(part)))
        ]


def clean_response(taken_on: date, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked as :func:`add_pulse` will store them, or the refusal.

    The entry form calls this first, so a half-typed response is explained in place
    rather than by an interrupting dialog in the middle of a meeting.
    """
    clean = {field: validate_pulse_field(field, v) for field, v in answers.items()}
    clean["taken_on"] = validate_pulse_field("taken_on", taken_on)
    if not any(
        clean.get(f) not in (None, "") for f in ("confidence", "csat", "working", "not_working")
    ):
        raise EditRefused(
            "This response has no answers yet: give a confidence or CSAT score, "
            "or say what's working or not."
        )
    return clean


def add_pulse(db: Database, engagement_id: int, taken_on: date, **answers: Any) -> PulseRecord:
    """Record one response; a response with no answer at all is refused, not stored."""
    clean = clean_response(taken_on, answers)
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        check_milestone(s, engagement_id, clean.get("milestone_id"))
        pulse = PulseCheck(engagement_id=engagement_id, **clean)
        s.add(pulse)
        s.flush()
        return pulse_record(pulse)


def update_pulse(
    db: Database, pulse_id: int, field: str, value: Any, version: int | None = None
) -> PulseRecord:
    """Change one answer; with ``version`` (the response as the screen shows it),
    refused when somebody changed it since."""
    value = validate_pulse_field(field, value)
    with db.transaction() as s:
        pulse = get_or_refuse(s, PulseCheck, pulse_id, "pulse check", version)
        if field == "milestone_id":
            check_milestone(s, pulse.engagement_id, value)
        setattr(pulse, field, value)
        s.flush()
        return pulse_record(pulse)


def delete_pulses(db: Database, pulse_ids: Sequence[int]) -> None:
    with db.transaction() as s:
        table = table_of(PulseCheck)
        for condition in graveyard.among(table.c.id, pulse_ids):
            s.execute(delete(table).where(condition))
