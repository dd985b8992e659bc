"""The "you said, we did" log and the small wins: dated entries, added, edited, deleted.

What the client said may come from a row already in the workspace (a pulse check's free
text, a RATER assessment's comments, a workshop session): :func:`said_draft` reads it,
and the entry keeps the link. What we did may be a done action: :func:`answer_with_action`
links it and takes its words. Every link stays within the entry's engagement (the store
refuses in words; the database's triggers refuse on any other path).

Each function is one committed transaction, or joins the operation that calls it
(:mod:`cxdesk.ops.loop_log`); given the ``version`` the screen showed, an edit over
somebody's later change is refused (:class:`StaleRow`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from cxdesk.models.actions import ActionStatus
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.loop_entities import GapAction, SmallWin, YouSaidWeDid
from cxdesk.models.loop_log import (
    PERSON_MAX,
    SAID_MAX,
    WIN_MAX,
    SaidSource,
    SmallWinRecord,
    YouSaidRecord,
)
from cxdesk.store import graveyard
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.journey_common import insert_row, must_be_current, must_exist, rows_of
from cxdesk.store.loop_common import (
    LINKED,
    clean_choice,
    clean_day,
    clean_person,
    clean_words,
    must_share_engagement,
)
from cxdesk.store.workspace import get_or_refuse

SAID = table_of(YouSaidWeDid)
WIN = table_of(SmallWin)
ACTION = table_of(GapAction)
_PULSE, _ASSESSMENT = LINKED["pulse_check_id"][0], LINKED["rater_assessment_id"][0]
_SESSION = LINKED["workshop_session_id"][0]

SAID_EDITABLE = ("said_on", "said", "said_by", "we_did", "did_on")
SAID_LABELS = {
    "said_on": "date",
    "said": "“You said”",
    "said_by": "who said it",
    "said_source": "source",
    "we_did": "“We did”",
    "did_on": "date done",
}
WIN_EDITABLE = ("won_on", "text", "milestone_id", "touchpoint_id")
WIN_LABELS = {"won_on": "date", "text": "text"}


# --- "you said, we did" ------------------------------------------------------------------


def clean_said_field(field: str, value: Any) -> Any:
    if field == "said_on":
        return clean_day(value, "The date it was said")
    if field == "said":
        return clean_words(value, "What the client said", SAID_MAX, required=True)
    if field == "said_by":
        return clean_person(value, "Who said it", PERSON_MAX)
    if field == "we_did":
        return clean_words(value, "What we did", SAID_MAX)
    if field == "did_on":
        return clean_day(value, "The date done", optional=True)
    raise EditRefused(f"“{field}” is not a field of a “you said, we did” entry you can edit.")


def said_record(row: Any) -> YouSaidRecord:
    return YouSaidRecord(
        **{name: row._mapping[name] for name in YouSaidRecord.__dataclass_fields__}
    )


def read_said(s: Session, where: ColumnElement[bool]) -> list[YouSaidRecord]:
    return [
        said_record(row)
        for row in rows_of(s, select(SAID).where(where).order_by(SAID.c.said_on, SAID.c.id))
    ]


def list_said(db: Database, engagement_id: int) -> list[YouSaidRecord]:
    """The engagement's "you said, we did" log, oldest first."""
    with db.reading() as s:
        return read_said(s, SAID.c.engagement_id == engagement_id)


def get_said(db: Database, entry_ids: Iterable[int]) -> list[YouSaidRecord]:
    ids = list(entry_ids)
    with db.reading() as s:
        return [r for c in graveyard.among(SAID.c.id, ids) for r in read_said(s, c)]


def _said(s: Session, entry_id: int) -> YouSaidRecord:
    found = read_said(s, SAID.c.id == entry_id)
    return must_exist(found[0] if found else None, "entry")


@dataclass(frozen=True, slots=True)
class SaidDraft:
    """What an entry made from a pulse check, a RATER assessment or a workshop starts with."""

    said_on: date
    said: str
    said_by: str


def said_draft(db: Database, source: SaidSource | str, row_id: int) -> SaidDraft:
    """The date, words and person of what the client said in the row ``row_id`` of
    ``source``: a pulse check's "what's not working" (or, without one, "what's working")
    and its respondent; a RATER assessment's comments; a workshop session's title."""
    kind = clean_choice(SaidSource, source, "That is not where a client's words come from.")
    with db.reading() as s:
        if kind is SaidSource.PULSE:
            pulse = s.execute(
                select(
                    _PULSE.c.taken_on, _PULSE.c.not_working, _PULSE.c.working, _PULSE.c.respondent
                ).where(_PULSE.c.id == row_id)
            ).first()
            taken_on, not_working, working, by = must_exist(pulse, "pulse check")
            return SaidDraft(taken_on, not_working.strip() or working.strip(), by)
        if kind is SaidSource.RATER:
            assessment = s.execute(
                select(_ASSESSMENT.c.held_on, _ASSESSMENT.c.created_at, _ASSESSMENT.c.notes).where(
                    _ASSESSMENT.c.id == row_id
                )
            ).first()
            held_on, created_at, notes = must_exist(assessment, "RATER assessment")
            return SaidDraft(held_on or created_at.date(), notes.strip(), "")
        if kind is SaidSource.WORKSHOP:
            held_on = s.scalar(select(_SESSION.c.held_on).where(_SESSION.c.id == row_id))
            return SaidDraft(must_exist(held_on, "workshop session"), "", "")
    raise EditRefused("A typed entry has no source to read.")


def add_said(
    db: Database,
    engagement_id: int,
    said_on: date,
    said: str,
    *,
    said_by: str = "",
    source: SaidSource | str = SaidSource.TYPED,
    source_id: int | None = None,
    we_did: str = "",
    did_on: date | None = None,
    action_id: int | None = None,
) -> YouSaidRecord:
    """A new entry: what the client said on ``said_on`` (from ``source``'s row
    ``source_id``, or typed), and, when known already, what we did (typed, or the done
    action ``action_id``, whose words and date fill in what is not given)."""
    kind = clean_choice(SaidSource, source, "That is not where a client's words come from.")
    assert kind is not None
    values = {
        "said_on": clean_said_field("said_on", said_on),
        "said": clean_said_field("said", said),
        "said_by": clean_said_field("said_by", said_by),
        "we_did": clean_said_field("we_did", we_did),
        "did_on": clean_said_field("did_on", did_on),
    }
    column = kind.link_column
    if column is None and source_id is not None:
        raise EditRefused("A typed entry links to no pulse check, assessment or workshop.")
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        if column is not None:
            must_share_engagement(s, engagement_id, column, source_id)
            values[column] = source_id
        if action_id is not None:
            values.update(_answer(s, engagement_id, action_id, values))
        _dates_in_order(values["said_on"], values["did_on"])
        entry_id = insert_row(
            s, SAID, engagement_id=engagement_id, said_source=kind.value, **values
        )
        return _said(s, entry_id)


def _answer(
    s: Session, engagement_id: int, action_id: int, current: dict[str, Any]
) -> dict[str, Any]:
    """The link to a done action, and its words and date where the entry has none."""
    row = s.execute(
        select(
            ACTION.c.engagement_id,
            ACTION.c.status,
            ACTION.c.title,
            ACTION.c.outcome,
            ACTION.c.closed_at,
        ).where(ACTION.c.id == action_id)
    ).first()
    engagement, status, title, outcome, closed_at = must_exist(row, "action")
    if engagement != engagement_id:
        raise EditRefused("That action belongs to another engagement, so it was not linked.")
    if status != ActionStatus.DONE.value:
        raise EditRefused("Only a done action says what we did: mark it done first.")
    values: dict[str, Any] = {"action_id": action_id}
    if not (current.get("we_did") or "").strip():
        values["we_did"] = outcome.strip() or title
    if current.get("did_on") is None and closed_at is not None:
        values["did_on"] = max(closed_at.date(), current["said_on"])
    return values


def _dates_in_order(said_on: date, did_on: date | None) -> None:
    if did_on is not None and did_on < said_on:
        raise EditRefused(
            "What we did cannot be dated before the client said it, so it was not saved."
        )


def update_said(
    db: Database, entry_id: int, field: str, value: Any, version: int | None = None
) -> YouSaidRecord:
    value = clean_said_field(field, value)
    with db.transaction() as s:
        must_be_current(s, SAID, entry_id, "entry", version)
        entry = _said(s, entry_id)
        said_on = value if field == "said_on" else entry.said_on
        did_on = value if field == "did_on" else entry.did_on
        _dates_in_order(said_on, did_on)
        s.execute(update(SAID).where(SAID.c.id == entry_id).values({field: value}))
        return _said(s, entry_id)


def answer_with_action(
    db: Database, entry_id: int, action_id: int | None, version: int | None = None
) -> YouSaidRecord:
    """Link the done action ``action_id`` as what we did (its words and date fill in an
    empty "we did"), or with None take the link away (the words stay)."""
    with db.transaction() as s:
        must_be_current(s, SAID, entry_id, "entry", version)
        entry = _said(s, entry_id)
        if action_id is None:
            values: dict[str, Any] = {"action_id": None}
        else:
            values = _answer(
                s,
                entry.engagement_id,
                action_id,
                {"we_did": entry.we_did, "did_on": entry.did_on, "said_on": entry.said_on},
            )
        s.execute(update(SAID).where(SAID.c.id == entry_id).values(values))
        return _said(s, entry_id)


def delete_said(db: Database, entry_ids: Sequence[int]) -> None:
    _delete(db, SAID, entry_ids, "entry")


# --- small wins --------------------------------------------------------------------------


def clean_win_field(field: str, value: Any) -> Any:
    if field == "won_on":
        return clean_day(value, "The date of the win")
    if field == "text":
        return clean_words(value, "A small win", WIN_MAX, required=True)
    if field in ("milestone_id", "touchpoint_id"):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise EditRefused(f"That {LINKED[field][1]} does not exist.")
        return value
    raise EditRefused(f"“{field}” is not a field of a small win you can edit.")


def win_record(row: Any) -> SmallWinRecord:
    return SmallWinRecord(
        **{name: row._mapping[name] for name in SmallWinRecord.__dataclass_fields__}
    )


def read_wins(s: Session, where: ColumnElement[bool]) -> list[SmallWinRecord]:
    return [
        win_record(row)
        for row in rows_of(s, select(WIN).where(where).order_by(WIN.c.won_on, WIN.c.id))
    ]


def list_wins(db: Database, engagement_id: int) -> list[SmallWinRecord]:
    """The engagement's small wins, oldest first."""
    with db.reading() as s:
        return read_wins(s, WIN.c.engagement_id == engagement_id)


def get_wins(db: Database, win_ids: Iterable[int]) -> list[SmallWinRecord]:
    ids = list(win_ids)
    with db.reading() as s:
        return [r for c in graveyard.among(WIN.c.id, ids) for r in read_wins(s, c)]


def _win(s: Session, win_id: int) -> SmallWinRecord:
    found = read_wins(s, WIN.c.id == win_id)
    return must_exist(found[0] if found else None, "small win")


def add_win(
    db: Database,
    engagement_id: int,
    won_on: date,
    text: str,
    *,
    milestone_id: int | None = None,
    touchpoint_id: int | None = None,
) -> SmallWinRecord:
    values = {
        "won_on": clean_win_field("won_on", won_on),
        "text": clean_win_field("text", text),
        "milestone_id": clean_win_field("milestone_id", milestone_id),
        "touchpoint_id": clean_win_field("touchpoint_id", touchpoint_id),
    }
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement")
        must_share_engagement(s, engagement_id, "milestone_id", milestone_id)
        must_share_engagement(s, engagement_id, "touchpoint_id", touchpoint_id)
        win_id = insert_row(s, WIN, engagement_id=engagement_id, **values)
        return _win(s, win_id)


def update_win(
    db: Database, win_id: int, field: str, value: Any, version: int | None = None
) -> SmallWinRecord:
    value = clean_win_field(field, value)
    with db.transaction() as s:
        must_be_current(s, WIN, win_id, "small win", version)
        if field in ("milestone_id", "touchpoint_id"):
            must_share_engagement(s, _win(s, win_id).engagement_id, field, value)
        s.execute(update(WIN).where(WIN.c.id == win_id).values({field: value}))
        return _win(s, win_id)


def delete_wins(db: Database, win_ids: Sequence[int]) -> None:
    _delete(db, WIN, win_ids, "small win")


def _delete(db: Database, table: Any, row_ids: Sequence[int], what: str) -> None:
    ids = list(dict.fromkeys(row_ids))
    with db.transaction() as s:
        found = s.scalars(select(table.c.id).where(table.c.id.in_(ids))).all()
        if not ids or len(found) != len(ids):
            raise EditRefused(f"That {what} no longer exists (it may have been deleted).")
        for part in graveyard.chunks(ids):
            s.execute(table.delete().where(table.c.id.in_(part)))
