"""The issue log on the escalation ladder: raise, escalate, resolve, reopen, edit, link.

An issue sits on a rung of its engagement's ladder. An engagement still on the default
ladder has it stored by the first issue raised (as by its first edit: see
:mod:`cxdesk.store.escalation`), in the same transaction, so one undo takes both back.
Each move of an issue writes a dated step of its history, naming the rung as it was
then, so the history reads the same after the ladder is edited.

Each function is one committed transaction, or joins the operation that calls it
(:mod:`cxdesk.ops.issues`); given the ``version`` the screen showed, an edit over
somebody's later change is refused (:class:`StaleRow`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from cxdesk.models.actions import OwnerSide
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.escalation import EscalationLevel
from cxdesk.models.issues import (
    DETAILS_MAX,
    PERSON_MAX,
    TITLE_MAX,
    IssueRecord,
    IssueRow,
    IssueStatus,
    IssueStepRecord,
    StepKind,
)
from cxdesk.models.loop_entities import GapAction, Issue, IssueStep, IssueTouchpoint
from cxdesk.models.toolkit_entities import EscalationRung
from cxdesk.store import escalation, graveyard
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import insert_row, must_be_current, must_exist, rows_of
from cxdesk.store.loop_common import (
    clean_choice,
    clean_day,
    clean_person,
    clean_title,
    clean_words,
    must_share_engagement,
)
from cxdesk.store.workspace import get_or_refuse

ISSUE = table_of(Issue)
STEP = table_of(IssueStep)
LINK = table_of(IssueTouchpoint)
LEVEL = table_of(EscalationRung)
ACTION = table_of(GapAction)

EDITABLE = ("title", "details", "raised_by", "raised_by_side", "owner", "raised_on")
FIELD_LABELS = {
    "title": "title",
    "details": "details",
    "raised_by": "raised by",
    "raised_by_side": "side",
    "raised_on": "date raised",
    "owner": "owner",
    "on_rung_since": "date it reached its level",
    "status": "status",
    "resolved_on": "date resolved",
    "resolution": "resolution",
}


# --- checking input --------------------------------------------------------------------


def clean_issue_field(field: str, value: Any) -> Any:
    if field == "title":
        return clean_title(value, "an issue", TITLE_MAX)
    if field == "details":
        return clean_words(value, "The details", DETAILS_MAX)
    if field in ("raised_by", "owner"):
        return clean_person(value, "A name", PERSON_MAX)
    if field == "raised_by_side":
        side = clean_choice(
            OwnerSide, value, "An issue is raised by the client or found by our team."
        )
        assert side is not None
        return side.value
    if field == "raised_on":
        return clean_day(value, "The date raised")
    raise EditRefused(f"“{field}” is not a field of an issue you can edit.")


# --- reading -----------------------------------------------------------------------------


def issue_record(row: Any) -> IssueRecord:
    return IssueRecord(**{name: row._mapping[name] for name in IssueRecord.__dataclass_fields__})


def read_issues(s: Session, where: ColumnElement[bool]) -> list[IssueRow]:
    """Issues with their rung now, history, pain points and actions: the open ones by rung
    (highest first) and then by how long they have sat there, the resolved ones after."""
    rows = rows_of(
        s,
        select(
            ISSUE,
            LEVEL.c.name.label("rung_name"),
            LEVEL.c.position.label("rung_position"),
            LEVEL.c.owner.label("rung_owner"),
            LEVEL.c.response_time.label("rung_time"),
        )
        .join(LEVEL, LEVEL.c.id == ISSUE.c.rung_id)
        .where(where),
    )
    if not rows:
        return []
    ids = [row.id for row in rows]
    steps: dict[int, list[IssueStepRecord]] = defaultdict(list)
    touchpoints: dict[int, list[int]] = defaultdict(list)
    actions: dict[int, list[int]] = defaultdict(list)
    for condition in graveyard.among(STEP.c.issue_id, ids):
        for step in rows_of(
            s,
            select(*(STEP.c[name] for name in IssueStepRecord.__dataclass_fields__))
            .where(condition)
            .order_by(STEP.c.happened_on, STEP.c.id),
        ):
            record = IssueStepRecord(*step)
            steps[record.issue_id].append(record)
    for condition in graveyard.among(LINK.c.issue_id, ids):
        for issue_id, touchpoint_id in rows_of(
            s, select(LINK.c.issue_id, LINK.c.touchpoint_id).where(condition).order_by(LINK.c.id)
        ):
            touchpoints[issue_id].append(touchpoint_id)
    for condition in graveyard.among(ACTION.c.issue_id, ids):
        for issue_id, action_id in rows_of(
            s,
            select(ACTION.c.issue_id, ACTION.c.id)
            .where(condition)
            .order_by(ACTION.c.position, ACTION.c.id),
        ):
            actions[issue_id].append(action_id)
    engagements = {row.engagement_id for row in rows}
    tops = dict(
        s.execute(
            select(LEVEL.c.engagement_id, func.max(LEVEL.c.position))
            .where(LEVEL.c.engagement_id.in_(engagements))
            .group_by(LEVEL.c.engagement_id)
        ).all()
    )
    found = [
        IssueRow(
            issue_record(row),
            row.rung_name,
            row.rung_position,
            row.rung_owner,
            row.rung_time,
            tuple(steps[row.id]),
            tuple(touchpoints[row.id]),
            tuple(actions[row.id]),
            row.rung_position >= tops.get(row.engagement_id, 0),
        )
        for row in rows
    ]
    return sorted(found, key=_log_order)


def _log_order(issue: IssueRow) -> tuple[int, int, date, int]:
    record = issue.record
    if record.is_open:
        return (0, -issue.rung_position, record.on_rung_since, record.id)
    return (1, 0, record.resolved_on or record.raised_on, record.id)


def list_issues(db: Database, engagement_id: int) -> list[IssueRow]:
    """The engagement's issue log (see :func:`read_issues` for the order)."""
    with db.reading() as s:
        return read_issues(s, ISSUE.c.engagement_id == engagement_id)


def get_issues(db: Database, issue_ids: Iterable[int]) -> list[IssueRow]:
    ids = list(issue_ids)
    with db.reading() as s:
        return [
            row
            for condition in graveyard.among(ISSUE.c.id, ids)
            for row in read_issues(s, condition)
        ]


def get_issue(db: Database, issue_id: int) -> IssueRow | None:
    found = get_issues(db, [issue_id])
    return found[0] if found else None


def _issue(s: Session, issue_id: int) -> IssueRow:
    found = read_issues(s, ISSUE.c.id == issue_id)
    return must_exist(found[0] if found else None, "issue")


def _ladder(s: Session, engagement_id: int) -> list[EscalationLevel]:
    return [level for level in escalation.read_levels(s, engagement_id) if level.id]


# --- raising -------------------------------------------------------------------------------


def raise_issue(
    db: Database,
    engagement_id: int,
    title: str,
    raised_on: date,
    *,
    rung: EscalationLevel | int | None = None,
    raised_by: str = "",
    raised_by_side: OwnerSide | str = OwnerSide.CLIENT,
    owner: str | None = None,
    details: str = "",
    note: str = "",
    touchpoint_ids: Sequence[int] = (),
) -> IssueRow:
    """Raise an issue on ``rung`` (a rung as the ladder shows it, a stored rung's id, or
    None: the first rung), owned by ``owner`` or else by the rung's owner. An engagement on
    the default ladder has it stored first, in the same step."""
    clean = {
        "title": clean_issue_field("title", title),
        "details": clean_issue_field("details", details),
        "raised_by": clean_issue_field("raised_by", raised_by),
        "raised_by_side": clean_issue_field("raised_by_side", raised_by_side),
        "raised_on": clean_issue_field("raised_on", raised_on),
    }
    note = clean_words(note, "A note", DETAILS_MAX)
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        ladder = escalation.ensure_ladder(db, engagement_id).levels
        level = ladder[0] if rung is None else _rung_on(ladder, rung)
        given_owner = level.owner if owner is None else clean_issue_field("owner", owner)
        issue_id = insert_row(
            s,
            ISSUE,
            engagement_id=engagement_id,
            rung_id=level.id,
            owner=given_owner,
            on_rung_since=clean["raised_on"],
            status=IssueStatus.OPEN.value,
            **clean,
        )
        _step(s, issue_id, clean["raised_on"], StepKind.RAISED, level, given_owner, note)
        for touchpoint_id in dict.fromkeys(touchpoint_ids):
            _link(s, engagement_id, issue_id, touchpoint_id)
        return _issue(s, issue_id)


def _rung_on(ladder: Sequence[EscalationLevel], wanted: EscalationLevel | int) -> EscalationLevel:
    """The stored rung ``wanted`` names: by id, or (a default rung, not stored when the
    screen showed it) by its place on the ladder."""
    if isinstance(wanted, EscalationLevel):
        if wanted.id:
            found = next((level for level in ladder if level.id == wanted.id), None)
        else:
            found = ladder[wanted.position] if 0 <= wanted.position < len(ladder) else None
    else:
        found = next((level for level in ladder if level.id == wanted), None)
    if found is None:
        raise EditRefused(
            "That escalation level is not on this engagement's ladder (it may have been deleted)."
        )
    return found


def _step(
    s: Session,
    issue_id: int,
    on: date,
    kind: StepKind,
    level: EscalationLevel | None,
    owner: str,
    note: str,
) -> None:
    insert_row(
        s,
        STEP,
        issue_id=issue_id,
        happened_on=on,
        kind=kind.value,
        rung_id=None if level is None else level.id,
        rung_name="" if level is None else level.name,
        owner=owner,
        note=note,
    )


# --- moving on the ladder ----------------------------------------------------------------


def _current(s: Session, issue_id: int, version: int | None) -> IssueRow:
    must_be_current(s, ISSUE, issue_id, "issue", version)
    return _issue(s, issue_id)


def escalate_issue(
    db: Database,
    issue_id: int,
    on: date,
    *,
    to_rung: EscalationLevel | int | None = None,
    owner: str | None = None,
    note: str = "",
    version: int | None = None,
) -> IssueRow:
    """Move an open issue up the ladder on ``on``: to the next rung, or to ``to_rung`` (any
    rung above it), owned there by ``owner`` or else by that rung's owner."""
    on = clean_day(on, "The date escalated")  # type: ignore[assignment]
    note = clean_words(note, "A note", DETAILS_MAX)
    with db.transaction() as s:
        issue = _current(s, issue_id, version)
        record = issue.record
        if not record.is_open:
            raise EditRefused("A resolved issue is not escalated: reopen it first.")
        if on < record.on_rung_since:
            raise EditRefused(
                f"The issue reached its level on {record.on_rung_since:%d %b %Y}; it cannot "
                "be escalated before that."
            )
        ladder = _ladder(s, record.engagement_id)
        above = [level for level in ladder if level.position > issue.rung_position]
        if not above:
            raise EditRefused("The issue is on the top level of the ladder already.")
        level = above[0] if to_rung is None else _rung_on(above, to_rung)
        given_owner = level.owner if owner is None else clean_issue_field("owner", owner)
        s.execute(
            update(ISSUE)
            .where(ISSUE.c.id == issue_id)
            .values(rung_id=level.id, owner=given_owner, on_rung_since=on)
        )
        _step(s, issue_id, on, StepKind.ESCALATED, level, given_owner, note)
        return _issue(s, issue_id)


def resolve_issue(
    db: Database, issue_id: int, on: date, resolution: str, *, version: int | None = None
) -> IssueRow:
    """Close an open issue on ``on`` with what was done (``resolution``, required)."""
    on = clean_day(on, "The date resolved")  # type: ignore[assignment]
    resolution = clean_words(resolution, "What was done", DETAILS_MAX, required=True)
    with db.transaction() as s:
        issue = _current(s, issue_id, version)
        record = issue.record
        if not record.is_open:
            raise EditRefused("The issue is resolved already.")
        if on < record.on_rung_since:
            raise EditRefused(
                f"The issue reached its level on {record.on_rung_since:%d %b %Y}; it cannot "
                "be resolved before that."
            )
        s.execute(
            update(ISSUE)
            .where(ISSUE.c.id == issue_id)
            .values(status=IssueStatus.RESOLVED.value, resolved_on=on, resolution=resolution)
        )
        level = next(
            (lv for lv in _ladder(s, record.engagement_id) if lv.id == record.rung_id), None
        )
        _step(s, issue_id, on, StepKind.RESOLVED, level, record.owner, resolution)
        return _issue(s, issue_id)


def reopen_issue(
    db: Database, issue_id: int, on: date, *, note: str = "", version: int | None = None
) -> IssueRow:
    """Open a resolved issue again on ``on``, on the rung it was resolved at: its time
    there starts again, and its resolution stays in its history."""
    on = clean_day(on, "The date reopened")  # type: ignore[assignment]
    note = clean_words(note, "A note", DETAILS_MAX)
    with db.transaction() as s:
        issue = _current(s, issue_id, version)
        record = issue.record
        if record.is_open:
            raise EditRefused("The issue is open already.")
        if record.resolved_on is not None and on < record.resolved_on:
            raise EditRefused(
                f"The issue was resolved on {record.resolved_on:%d %b %Y}; it cannot be "
                "reopened before that."
            )
        s.execute(
            update(ISSUE)
            .where(ISSUE.c.id == issue_id)
            .values(
                status=IssueStatus.OPEN.value, resolved_on=None, resolution="", on_rung_since=on
            )
        )
        level = next(
            (lv for lv in _ladder(s, record.engagement_id) if lv.id == record.rung_id), None
        )
        _step(s, issue_id, on, StepKind.REOPENED, level, record.owner, note)
        return _issue(s, issue_id)


# --- editing -------------------------------------------------------------------------------


def update_issue(
    db: Database, issue_id: int, field: str, value: Any, version: int | None = None
) -> IssueRow:
    """Set one field. A new date raised moves the "raised" step with it (and the date it
    reached its level, while it has not moved since it was raised)."""
    value = clean_issue_field(field, value)
    with db.transaction() as s:
        issue = _current(s, issue_id, version)
        values: dict[str, Any] = {field: value}
        if field == "raised_on":
            record = issue.record
            moved = any(step.kind != StepKind.RAISED.value for step in issue.steps)
            if not moved:
                values["on_rung_since"] = value
            elif value > record.on_rung_since:
                raise EditRefused(
                    f"The issue reached its level on {record.on_rung_since:%d %b %Y}; it "
                    "cannot have been raised after that."
                )
            s.execute(
                update(STEP)
                .where(STEP.c.issue_id == issue_id, STEP.c.kind == StepKind.RAISED.value)
                .values(happened_on=value)
            )
        s.execute(update(ISSUE).where(ISSUE.c.id == issue_id).values(values))
        return _issue(s, issue_id)


def link_touchpoint(db: Database, issue_id: int, touchpoint_id: int) -> IssueRow:
    """Link the issue to a pain point of its engagement's emotion map."""
    with db.transaction() as s:
        engagement_id = _issue(s, issue_id).record.engagement_id
        _link(s, engagement_id, issue_id, touchpoint_id)
        return _issue(s, issue_id)


def _link(s: Session, engagement_id: int, issue_id: int, touchpoint_id: int) -> None:
    must_share_engagement(s, engagement_id, "touchpoint_id", touchpoint_id)
    linked = s.scalar(
        select(LINK.c.id).where(LINK.c.issue_id == issue_id, LINK.c.touchpoint_id == touchpoint_id)
    )
    if linked is not None:
        raise EditRefused("That pain point is linked to the issue already.")
    insert_row(s, LINK, issue_id=issue_id, touchpoint_id=touchpoint_id)


def unlink_touchpoint(db: Database, issue_id: int, touchpoint_id: int) -> IssueRow:
    with db.transaction() as s:
        gone = s.execute(
            delete(LINK).where(LINK.c.issue_id == issue_id, LINK.c.touchpoint_id == touchpoint_id)
        )
        if not getattr(gone, "rowcount", 0):
            raise EditRefused("That pain point is not linked to the issue.")
        return _issue(s, issue_id)


def delete_issues(db: Database, issue_ids: Sequence[int]) -> None:
    """Delete issues with their history and links; the actions spawned from them stay,
    unlinked."""
    ids = list(dict.fromkeys(issue_ids))
    with db.transaction() as s:
        found = s.scalars(select(ISSUE.c.id).where(ISSUE.c.id.in_(ids))).all()
        if not ids or len(found) != len(ids):
            raise EditRefused("That issue no longer exists (it may have been deleted).")
        for part in graveyard.chunks(ids):
            s.execute(ISSUE.delete().where(ISSUE.c.id.in_(part)))
