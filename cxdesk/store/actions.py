"""Actions against the gaps: made from the gap where it is seen, edited, closed, reordered.

Each function is one committed transaction, or joins the operation that calls it
(:mod:`cxdesk.ops.actions`), whose journal makes it undoable; bad input is refused with
:class:`EditRefused` before the database is asked, and the database's own CHECKs and
triggers refuse whatever slips past (a link to another engagement's row, a status it
does not know). An edit given the ``version`` the screen showed is refused
(:class:`StaleRow`) when somebody changed the action since.

Positions are dense (0..n-1) per engagement, computed with the engagement's row held
(:func:`~cxdesk.store.journey_common.open_gap`), so two people adding at once on a
team workspace get distinct places.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from cxdesk.models.actions import (
    OUTCOME_MAX,
    OWNER_MAX,
    SOURCE_LABEL_MAX,
    TITLE_MAX,
    ActionRecord,
    ActionRow,
    ActionSource,
    ActionStatus,
    OwnerSide,
    SourceKind,
)
from cxdesk.models.base import table_of, utcnow
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.five_gaps import GapCause, cause_of
from cxdesk.models.loop_entities import GapAction, Issue
from cxdesk.models.servqual import RaterDimension
from cxdesk.store import gap_measures, graveyard
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import (
    delete_positioned,
    insert_row,
    must_be_current,
    must_exist,
    open_gap,
    ordered_ids,
    rows_of,
    write_order,
)
from cxdesk.store.loop_common import (
    LINKED,
    clean_choice,
    clean_day,
    clean_person,
    clean_title,
    clean_words,
    engagement_of_link,
    must_share_engagement,
    short,
)
from cxdesk.store.workspace import get_or_refuse

ACTION = table_of(GapAction)
ISSUE = table_of(Issue)
_ITEM, _ASSESSMENT = LINKED["expectation_item_id"][0], LINKED["rater_assessment_id"][0]
_TOUCHPOINT, _STAKEHOLDER = LINKED["touchpoint_id"][0], LINKED["stakeholder_id"][0]
_HANDOFF, _PULSE = LINKED["handoff_item_id"][0], LINKED["pulse_check_id"][0]

# The fields a person edits in place; status has its own function (it dates the closing).
EDITABLE = ("title", "cause", "owner_name", "owner_side", "due_on", "outcome")
FIELD_LABELS = {
    "title": "title",
    "cause": "cause",
    "owner_name": "owner",
    "owner_side": "owner's side",
    "due_on": "due date",
    "status": "status",
    "outcome": "what was done",
}
_NOT_SIDE = "An owner is on our team (“ours”) or the client's (“client”)."
_NOT_CAUSE = (
    "The cause is one of the five gaps (knowledge, standards, delivery, communication, "
    "customer), or none."
)


# --- checking input --------------------------------------------------------------------


def clean_action_field(field: str, value: Any) -> Any:
    """One field as it will be stored, or :class:`EditRefused` saying why not."""
    if field == "title":
        return clean_title(value, "an action", TITLE_MAX)
    if field == "cause":
        if value is None or value == "":
            return None
        if isinstance(value, GapCause):
            return value.value
        if not isinstance(value, str):
            raise EditRefused(_NOT_CAUSE)
        try:
            found = cause_of(value)
        except ValueError:
            raise EditRefused(_NOT_CAUSE) from None
        return None if found is None else found.value
    if field == "owner_name":
        return clean_person(value, "The owner", OWNER_MAX)
    if field == "owner_side":
        side = clean_choice(OwnerSide, value, _NOT_SIDE)
        assert side is not None
        return side.value
    if field == "due_on":
        return clean_day(value, "A due date", optional=True)
    if field == "outcome":
        return clean_words(value, "What was done", OUTCOME_MAX)
    raise EditRefused(f"“{field}” is not a field of an action you can edit.")


def clean_status(value: Any) -> ActionStatus:
    status = clean_choice(ActionStatus, value, "An action is open, in progress, done or dropped.")
    assert status is not None
    return status


# --- reading -----------------------------------------------------------------------------


# The record's fields are the table's columns, in order: rows become records by position
# (naming each field of each row took most of the time of reading 2,000 actions).
_FIELDS = tuple(ActionRecord.__dataclass_fields__)
_COLUMNS = tuple(ACTION.c[name] for name in _FIELDS)
_WIDTH = len(_FIELDS)


def action_record(row: Any) -> ActionRecord:
    """A record from a row whose first columns are :data:`_COLUMNS` (as every read here)."""
    return ActionRecord(*row[:_WIDTH])


_SOURCE_PARTS = (
    _ITEM.c.expects.label("s_expects"),
    _ASSESSMENT.c.title.label("s_assessment"),
    _TOUCHPOINT.c.name.label("s_touchpoint"),
    _STAKEHOLDER.c.name.label("s_stakeholder"),
    _HANDOFF.c.text.label("s_handoff"),
    _PULSE.c.taken_on.label("s_pulse_on"),
    _PULSE.c.respondent.label("s_pulse_by"),
    _PULSE.c.not_working.label("s_not_working"),
    ISSUE.c.title.label("s_issue"),
)


def _with_sources(where: ColumnElement[bool]) -> Any:
    return (
        select(*_COLUMNS, *_SOURCE_PARTS)
        .outerjoin(_ITEM, _ITEM.c.id == ACTION.c.expectation_item_id)
        .outerjoin(_ASSESSMENT, _ASSESSMENT.c.id == ACTION.c.rater_assessment_id)
        .outerjoin(_TOUCHPOINT, _TOUCHPOINT.c.id == ACTION.c.touchpoint_id)
        .outerjoin(_STAKEHOLDER, _STAKEHOLDER.c.id == ACTION.c.stakeholder_id)
        .outerjoin(_HANDOFF, _HANDOFF.c.id == ACTION.c.handoff_item_id)
        .outerjoin(_PULSE, _PULSE.c.id == ACTION.c.pulse_check_id)
        .outerjoin(ISSUE, ISSUE.c.id == ACTION.c.issue_id)
        .where(where)
        .order_by(ACTION.c.position, ACTION.c.id)
    )


def source_words(kind: SourceKind, **parts: Any) -> str:
    """The source of an action in words ("Expectation: Invoices as PDF"), from its row's
    parts: ``expects``, ``assessment``, ``dimension``, ``touchpoint``, ``stakeholder``,
    ``handoff``, ``pulse_on``, ``pulse_by``, ``not_working``."""
    if kind is SourceKind.EXPECTATION:
        return f"Expectation: {short(parts.get('expects') or '') or 'an untitled row'}"
    if kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
        dimension = RaterDimension(parts["dimension"]).label
        what = "team vs client" if kind is SourceKind.RATER_DISAGREEMENT else "gap"
        return f"RATER {dimension}, {what} in “{short(parts.get('assessment') or '')}”"
    if kind is SourceKind.PAIN_POINT:
        who = f" ({parts['stakeholder']})" if parts.get("stakeholder") else ""
        return f"Pain point: {short(parts.get('touchpoint') or '')}{who}"
    if kind is SourceKind.HANDOFF_ITEM:
        return f"Handoff item: {short(parts.get('handoff') or '')}"
    if kind is SourceKind.PULSE_CHECK:
        # Kept without its date when stored (the words a deleted source leaves are text,
        # which a demo moved to another day would not move with it).
        taken_on = f" {parts['pulse_on']}" if parts.get("pulse_on") else ""
        by = f", {parts['pulse_by']}" if parts.get("pulse_by") else ""
        said = short(parts.get("not_working") or "") or "what's not working"
        return f"Pulse check{taken_on}{by}: {said}"
    return ""


def _row(found: Any) -> ActionRow:
    record = action_record(found)
    kind = record.kind
    if kind is SourceKind.NONE:
        text = ""
    elif record.source_gone:
        text = f"{record.source_label} (deleted)" if record.source_label else "Deleted"
    else:
        expects, assessment, touchpoint, stakeholder, handoff, on, by, not_working = found[
            _WIDTH : _WIDTH + 8
        ]
        text = source_words(
            kind,
            expects=expects,
            assessment=assessment,
            dimension=record.rater_dimension,
            touchpoint=touchpoint,
            stakeholder=stakeholder,
            handoff=handoff,
            pulse_on=on,
            pulse_by=by,
            not_working=not_working,
        )
    return ActionRow(record, text, found[_WIDTH + 8])


def read_actions(s: Session, where: ColumnElement[bool]) -> list[ActionRow]:
    return [_row(found) for found in rows_of(s, _with_sources(where))]


def list_actions(db: Database, engagement_id: int) -> list[ActionRow]:
    """The engagement's actions in the consultant's order, each with its source in words."""
    with db.reading() as s:
        return read_actions(s, ACTION.c.engagement_id == engagement_id)


def get_actions(db: Database, action_ids: Iterable[int]) -> list[ActionRow]:
    """The actions of ``action_ids`` that still exist, as they are now (a screen re-reads
    just the rows a change touched)."""
    ids = list(action_ids)
    with db.reading() as s:
        return [
            row
            for condition in graveyard.among(ACTION.c.id, ids)
            for row in read_actions(s, condition)
        ]


def get_action(db: Database, action_id: int) -> ActionRow | None:
    found = get_actions(db, [action_id])
    return found[0] if found else None


def actions_for(db: Database, source: ActionSource) -> list[ActionRow]:
    """The actions made from ``source`` (a matrix row, a touchpoint...): the way back from
    a gap to what is being done about it. For a RATER source, those on its dimension; for
    a touchpoint, those on it whoever's score they answer."""
    column = source.kind.link_column
    if column is None or source.record_id is None:
        return []
    where = ACTION.c[column] == source.record_id
    if source.kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
        where = where & (ACTION.c.source_kind == source.kind.value)
        if source.dimension is not None:
            where = where & (ACTION.c.rater_dimension == source.dimension)
    with db.reading() as s:
        return read_actions(s, where)


def action_counts_by_source(db: Database, engagement_id: int) -> dict[tuple[str, int], int]:
    """(link column, row id) -> how many actions answer that row: the badges a matrix row,
    a touchpoint or a pulse check shows (open ones and closed alike)."""
    counts: dict[tuple[str, int], int] = {}
    with db.reading() as s:
        columns = [ACTION.c[c] for c in LINKED if c in ACTION.c and c != "stakeholder_id"]
        for row in rows_of(s, select(*columns).where(ACTION.c.engagement_id == engagement_id)):
            for column, value in zip(columns, row, strict=True):
                if value is not None:
                    key = (column.name, int(value))
                    counts[key] = counts.get(key, 0) + 1
    return counts


def _action(s: Session, action_id: int) -> ActionRow:
    found = read_actions(s, ACTION.c.id == action_id)
    return must_exist(found[0] if found else None, "action")


# --- a draft from a source ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceDraft:
    """What an action made from a gap starts with: a title, the source in words, and the
    source's measure now (its "before")."""

    title: str
    label: str
    gap_before: float | None


def _title(text: str) -> str:
    return short(text, TITLE_MAX)


def read_source_draft(s: Session, engagement_id: int, source: ActionSource) -> SourceDraft:
    kind = source.kind
    if kind is SourceKind.NONE:
        return SourceDraft("", "", None)
    column = kind.link_column
    assert column is not None
    if source.record_id is None:
        raise EditRefused(f"Say which {LINKED[column][1]} the action answers.")
    must_share_engagement(s, engagement_id, column, source.record_id)
    row_id = source.record_id
    if kind is SourceKind.EXPECTATION:
        expects = s.scalar(select(_ITEM.c.expects).where(_ITEM.c.id == row_id)) or ""
        label = source_words(kind, expects=expects)
        title = _title(f"Close the gap: {short(expects, TITLE_MAX)}" if expects else label)
        return SourceDraft(title, label, gap_measures.expectation_now(s, row_id))
    if kind in (SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT):
        dimension = clean_choice(
            RaterDimension,
            source.dimension,
            "Say which RATER dimension (reliability, assurance, tangibles, empathy, "
            "responsiveness) the action answers.",
        )
        assert dimension is not None
        assessment = s.scalar(select(_ASSESSMENT.c.title).where(_ASSESSMENT.c.id == row_id))
        label = source_words(kind, assessment=assessment, dimension=dimension.value)
        if kind is SourceKind.RATER_GAP:
            title = f"Improve {dimension.value}: {dimension.question}"
        else:
            title = f"Agree with the client how {dimension.value} is going"
        before = gap_measures.rater_now(s, engagement_id, row_id, kind, dimension)
        return SourceDraft(_title(title), label, before)
    if kind is SourceKind.PAIN_POINT:
        must_share_engagement(s, engagement_id, "stakeholder_id", source.stakeholder_id)
        name, pains = s.execute(
            select(_TOUCHPOINT.c.name, _TOUCHPOINT.c.pain_points).where(_TOUCHPOINT.c.id == row_id)
        ).one()
        who = None
        if source.stakeholder_id is not None:
            who = s.scalar(
                select(_STAKEHOLDER.c.name).where(_STAKEHOLDER.c.id == source.stakeholder_id)
            )
        label = source_words(kind, touchpoint=name, stakeholder=who)
        title = f"Fix the pain at {name}" + (f": {short(pains)}" if pains.strip() else "")
        before = gap_measures.emotion_now(s, row_id, source.stakeholder_id)
        return SourceDraft(_title(title), label, before)
    if kind is SourceKind.HANDOFF_ITEM:
        text = s.scalar(select(_HANDOFF.c.text).where(_HANDOFF.c.id == row_id)) or ""
        label = source_words(kind, handoff=text)
        return SourceDraft(_title(f"Close: {text}"), label, gap_measures.handoff_now(s, row_id))
    # A pulse check's "what's not working".
    by, not_working = s.execute(
        select(_PULSE.c.respondent, _PULSE.c.not_working).where(_PULSE.c.id == row_id)
    ).one()
    label = source_words(kind, pulse_by=by, not_working=not_working)
    title = f"Act on: {short(not_working, TITLE_MAX)}" if not_working.strip() else label
    return SourceDraft(_title(title), label, gap_measures.pulse_now(s, row_id))


def source_draft(db: Database, engagement_id: int, source: ActionSource) -> SourceDraft:
    """The title, words and "before" an action made from ``source`` starts with: what a
    dialog fills in before the consultant changes the title."""
    with db.reading() as s:
        return read_source_draft(s, engagement_id, source)


# --- adding -------------------------------------------------------------------------------


def add_action(
    db: Database,
    engagement_id: int,
    title: str | None = None,
    *,
    source: ActionSource | None = None,
    at: int | None = None,
    issue_id: int | None = None,
    status: ActionStatus | str = ActionStatus.OPEN,
    created_at: datetime | None = None,
    closed_at: datetime | None = None,
    **values: Any,
) -> ActionRow:
    """A new action at index ``at`` (the end when None); ``values`` are any of
    :data:`EDITABLE`. Made from ``source`` (a gap), it is linked to the source's row, its
    title (unless given) and words come from the source, and the source's measure now is
    kept as its "before". ``created_at``/``closed_at`` (naive UTC) date it otherwise
    than now: an action recorded after the fact, the demo's story."""
    source = source or ActionSource(SourceKind.NONE)
    clean = {field: clean_action_field(field, value) for field, value in values.items()}
    state = clean_status(status)
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        if issue_id is not None:
            must_share_issue(s, engagement_id, issue_id)
        draft = read_source_draft(s, engagement_id, source)
        chosen = title if title is not None and title.strip() else draft.title
        if not chosen:
            raise EditRefused("An action needs a title.")
        clean["title"] = clean_action_field("title", chosen)
        made = created_at or utcnow()
        closed = (closed_at or utcnow()) if state.is_closed else None
        if closed is not None and closed < made:
            raise EditRefused("An action cannot be closed before it was made.")
        position = open_gap(s, ACTION, "engagement_id", engagement_id, at)
        action_id = insert_row(
            s,
            ACTION,
            engagement_id=engagement_id,
            position=position,
            source_kind=source.kind.value,
            **source.links(),
            source_label=clean_words(draft.label, "The source", SOURCE_LABEL_MAX),
            gap_before=draft.gap_before,
            issue_id=issue_id,
            status=state.value,
            created_at=made,
            closed_at=closed,
            **clean,
        )
        return _action(s, action_id)


def must_share_issue(s: Session, engagement_id: int, issue_id: int) -> None:
    found = s.scalar(select(ISSUE.c.engagement_id).where(ISSUE.c.id == issue_id))
    if must_exist(found, "issue") != engagement_id:
        raise EditRefused("That issue belongs to another engagement, so it was not linked.")


# --- editing ------------------------------------------------------------------------------


def update_action(
    db: Database, action_id: int, field: str, value: Any, version: int | None = None
) -> ActionRow:
    """Set one field; with ``version`` (the action as the screen shows it), refused when
    somebody changed it since."""
    value = clean_action_field(field, value)
    with db.transaction() as s:
        must_be_current(s, ACTION, action_id, "action", version)
        s.execute(update(ACTION).where(ACTION.c.id == action_id).values({field: value}))
        return _action(s, action_id)


def set_status(
    db: Database,
    action_id: int,
    status: ActionStatus | str,
    version: int | None = None,
    *,
    outcome: str | None = None,
    at: datetime | None = None,
) -> ActionRow:
    """Move an action to ``status``: done or dropped dates its closing (``at``, naive UTC,
    or now), open or in progress takes the date away again. ``outcome`` (what was done)
    is set in the same step when given."""
    state = clean_status(status)
    values: dict[str, Any] = {"status": state.value}
    if outcome is not None:
        values["outcome"] = clean_action_field("outcome", outcome)
    with db.transaction() as s:
        must_be_current(s, ACTION, action_id, "action", version)
        current = _action(s, action_id).record
        if state.is_closed:
            # Done after dropped (or the other way) keeps the day it was closed.
            closed = at or current.closed_at or utcnow()
            if closed < current.created_at:
                raise EditRefused("An action cannot be closed before it was made.")
            values["closed_at"] = closed
        else:
            values["closed_at"] = None
        s.execute(update(ACTION).where(ACTION.c.id == action_id).values(values))
        return _action(s, action_id)


def move_action(db: Database, action_id: int, to: int) -> list[ActionRow]:
    """Move an action to index ``to`` of its engagement's order; the actions in order."""
    with db.transaction() as s:
        if isinstance(to, bool) or not isinstance(to, int):
            raise EditRefused("A position is a whole number.")
        engagement_id = _engagement_of(s, action_id)
        ids = ordered_ids(s, ACTION, "engagement_id", engagement_id)
        ids.remove(action_id)
        ids.insert(max(0, min(to, len(ids))), action_id)
        write_order(s, ACTION, ids)
        return read_actions(s, ACTION.c.engagement_id == engagement_id)


def delete_actions(db: Database, action_ids: Sequence[int]) -> None:
    """Delete actions (the ones below move up); "you said, we did" entries answered by
    one keep their words and lose the link."""
    with db.transaction() as s:
        delete_positioned(s, ACTION, "engagement_id", action_ids, "action")


def _engagement_of(s: Session, action_id: int) -> int:
    found = s.scalar(select(ACTION.c.engagement_id).where(ACTION.c.id == action_id))
    return int(must_exist(found, "action"))


def engagement_of_source(db: Database, source: ActionSource) -> int:
    """The engagement ``source``'s row belongs to (refused when it is gone)."""
    column = source.kind.link_column
    if column is None or source.record_id is None:
        raise EditRefused("That action answers no gap of its own.")
    with db.reading() as s:
        return engagement_of_link(s, column, source.record_id)


def overdue_on(actions: Iterable[ActionRow], today: date) -> list[ActionRow]:
    """The overdue ones among ``actions``, longest overdue first."""
    late = [a for a in actions if a.record.overdue(today)]
    return sorted(late, key=lambda a: (a.record.due_on or today, a.record.position))
