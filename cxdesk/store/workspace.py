"""Operations on clients, engagements and milestones: each one a committed transaction.

The UI calls these (never SQL of its own) and refreshes from the records they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from cxdesk.models.base import VERSION_COLUMN, table_of
from cxdesk.models.engagement_entities import NAME_MAX, Client, Engagement, Milestone
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import ClientRecord, EngagementRecord, MilestoneRecord
from cxdesk.store import graveyard, reads
from cxdesk.store.database import Database, session_rows
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.only_moved import version_passes

E = TypeVar("E", bound=StrEnum)


def choice(kind: type[E], value: Any, message: str) -> E:
    """``value`` as one of ``kind``'s members, or a refusal saying what was expected."""
    try:
        return kind(value)
    except ValueError as exc:
        raise EditRefused(message) from exc


def clean_person_name(name: str) -> str:
    """A respondent's or participant's name: optional, so blank (shown as "anonymous")."""
    if not isinstance(name, str):
        raise EditRefused("A name is text.")
    cleaned = " ".join(name.split())
    if cleaned.lower() == "anonymous":
        return ""  # "anonymous" is how an empty name is shown, not a name
    if len(cleaned) > NAME_MAX:
        raise EditRefused(f"That name is too long (at most {NAME_MAX} characters).")
    return cleaned


def clean_name(name: str, what: str) -> str:
    """Names are trimmed, must not be blank and must fit; say so plainly if not."""
    if not isinstance(name, str):
        raise EditRefused(f"The {what} name must be text.")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise EditRefused(f"The {what} needs a name.")
    if len(cleaned) > NAME_MAX:
        raise EditRefused(f"The {what} name is too long (at most {NAME_MAX} characters).")
    return cleaned


def client_record(c: Client) -> ClientRecord:
    return ClientRecord(c.id, c.name, c.version)


def engagement_record(e: Engagement) -> EngagementRecord:
    return EngagementRecord(
        e.id, e.client_id, e.name, e.journey_phase, e.start_date, e.version, e.toolkit_language
    )


def milestone_record(m: Milestone) -> MilestoneRecord:
    return MilestoneRecord(m.id, m.engagement_id, m.position, m.name, m.due_date, m.revalidated_at)


T = TypeVar("T")


# FOR NO KEY UPDATE: two writers computing positions under one parent take turns, while
# rows that merely refer to it (their foreign key takes FOR KEY SHARE) are not held up.
ROW_LOCK: dict[str, Any] = {"key_share": True}


def get_or_refuse(
    session: Session,
    entity: type[T],
    id_: int,
    what: str,
    version: int | None = None,
    *,
    lock: bool = False,
) -> T:
    """The row, or a refusal in words when it is gone; with ``version`` (the one the
    person's screen shows), also when somebody changed it since (:class:`StaleRow`).

    With ``lock``, the row is held until the transaction ends (see :func:`lock_parent`);
    with ``version`` too: a colleague's edit of the row not committed yet is waited for,
    then compared with (READ COMMITTED would otherwise pass the check on the row as it
    was, and the write would go over theirs)."""
    held = lock or version is not None
    obj = session.get(entity, id_, with_for_update=ROW_LOCK if held else None)
    if obj is None:
        raise EditRefused(f"That {what} no longer exists (it may have been deleted).")
    if version is not None and not version_passes(
        _table_name(entity), id_, version, getattr(obj, VERSION_COLUMN)
    ):
        raise StaleRow(what)
    return obj


def _table_name(entity: type[Any]) -> str:
    return str(entity.__tablename__)


def lock_parent(s: Session, column: Any, parent_id: int) -> None:
    """Hold the row the foreign key ``column`` refers to (``parent_id``) until the
    transaction ends, before positions under it are computed from count() or max()+1.

    On PostgreSQL two people adding rows at once each read the count in their own
    transaction and would both take the same position; the lock makes the second wait
    for the first's commit, and then read its row (READ COMMITTED reads afresh each
    statement). SQLite needs none (one writer at a time; FOR UPDATE is not rendered)."""
    (foreign_key,) = column.foreign_keys
    parent = foreign_key.column
    s.execute(select(parent).where(parent == parent_id).with_for_update(key_share=True))


def next_position(s: Session, position: Any, *where: Any) -> int:
    """The position after the last of the rows ``where`` selects (0 for the first);
    the caller holds their parent (``get_or_refuse(..., lock=True)``, :func:`lock_parent`)."""
    last = s.scalar(select(func.max(position)).where(*where))
    return 0 if last is None else last + 1


def check_milestone(s: Session, engagement_id: int, milestone_id: int | None) -> None:
    """Refuse a link to a milestone that is gone or belongs to another engagement."""
    if milestone_id is None:
        return
    milestone = get_or_refuse(s, Milestone, milestone_id, "milestone")
    if milestone.engagement_id != engagement_id:
        raise EditRefused("That milestone belongs to another engagement.")


# --- clients -----------------------------------------------------------------------


def list_clients(db: Database) -> list[tuple[ClientRecord, list[EngagementRecord]]]:
    with db.reading() as s:
        return reads.list_clients(session_rows(s))


def add_client(db: Database, name: str) -> ClientRecord:
    name = clean_name(name, "client")
    with db.transaction() as s:
        client = Client(name=name)
        s.add(client)
        s.flush()
        return client_record(client)


def rename_client(
    db: Database, client_id: int, name: str, version: int | None = None
) -> ClientRecord:
    """With ``version`` (the client as the screen shows it), refused when somebody
    changed it since (:class:`StaleRow`)."""
    name = clean_name(name, "client")
    with db.transaction() as s:
        client = get_or_refuse(s, Client, client_id, "client", version)
        client.name = name
        s.flush()
        return client_record(client)


def delete_client(db: Database, client_id: int) -> None:
    """Delete a client with everything recorded for it (ON DELETE CASCADE)."""
    _delete(db, table_of(Client), [client_id])


def _delete(db: Database, table: Table, ids: Sequence[int]) -> None:
    # A plain DELETE: undoing it is the operation's (its journal captures the cascade).
    with db.transaction() as s:
        for part in graveyard.chunks(list(ids)):
            s.execute(table.delete().where(table.c.id.in_(part)))


# --- engagements -------------------------------------------------------------------


def get_engagement(db: Database, engagement_id: int) -> EngagementRecord | None:
    with db.reading() as s:
        e = s.get(Engagement, engagement_id)
        return engagement_record(e) if e else None


def get_client(db: Database, client_id: int) -> ClientRecord | None:
    with db.reading() as s:
        c = s.get(Client, client_id)
        return client_record(c) if c else None


def add_engagement(
    db: Database,
    client_id: int,
    name: str,
    phase: JourneyPhase = JourneyPhase.MARKETING_SALES,
    start_date: date | None = None,
) -> EngagementRecord:
    name = clean_name(name, "engagement")
    with db.transaction() as s:
        get_or_refuse(s, Client, client_id, "client")
        engagement = Engagement(
            client_id=client_id, name=name, journey_phase=phase.value, start_date=start_date
        )
        s.add(engagement)
        s.flush()
        return engagement_record(engagement)


def rename_engagement(
    db: Database, engagement_id: int, name: str, version: int | None = None
) -> EngagementRecord:
    """With ``version`` (the engagement as the screen shows it), refused when somebody
    changed it since (:class:`StaleRow`)."""
    name = clean_name(name, "engagement")
    with db.transaction() as s:
        engagement = get_or_refuse(s, Engagement, engagement_id, "engagement", version)
        engagement.name = name
        s.flush()
        return engagement_record(engagement)


def set_journey_phase(
    db: Database, engagement_id: int, phase: JourneyPhase, version: int | None = None
) -> EngagementRecord:
    """With ``version``, refused as :func:`rename_engagement` is."""
    with db.transaction() as s:
        engagement = get_or_refuse(s, Engagement, engagement_id, "engagement", version)
        engagement.journey_phase = JourneyPhase(phase).value
        s.flush()
        return engagement_record(engagement)


def toolkit_language(db: Database, engagement_id: int) -> str | None:
    """The language the engagement's toolkit prints in; None when nobody chose one yet
    (English), or when there is no such engagement."""
    with db.reading() as s:
        return s.scalar(select(Engagement.toolkit_language).where(Engagement.id == engagement_id))


def set_toolkit_language(
    db: Database, engagement_id: int, code: str | None, version: int | None = None
) -> EngagementRecord:
    """Choose the language the engagement's toolkit prints in, for everyone on the
    workspace (None: not chosen). The database's CHECK refuses a code CX Desk does not
    print in. With ``version``, refused as :func:`rename_engagement` is."""
    with db.transaction() as s:
        engagement = get_or_refuse(s, Engagement, engagement_id, "engagement", version)
        engagement.toolkit_language = code
        s.flush()
        return engagement_record(engagement)


def delete_engagement(db: Database, engagement_id: int) -> None:
    """Delete an engagement with everything recorded in it (ON DELETE CASCADE)."""
    _delete(db, table_of(Engagement), [engagement_id])


# --- milestones --------------------------------------------------------------------


def list_milestones(db: Database, engagement_id: int) -> list[MilestoneRecord]:
    with db.reading() as s:
        return reads.list_milestones(session_rows(s), engagement_id)


def add_milestone(
    db: Database, engagement_id: int, name: str, due_date: date | None = None
) -> MilestoneRecord:
    name = clean_name(name, "milestone")
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
        milestone = Milestone(
            engagement_id=engagement_id,
            name=name,
            due_date=due_date,
            position=next_position(s, Milestone.position, Milestone.engagement_id == engagement_id),
        )
        s.add(milestone)
        s.flush()
        return milestone_record(milestone)


def update_milestone(
    db: Database,
    milestone_id: int,
    name: str,
    due_date: date | None,
    shown: tuple[str, date | None] | None = None,
) -> MilestoneRecord:
    """With ``shown`` (the name and due date the screen showed), refused
    (:class:`StaleRow`) when somebody renamed it or moved its date since. The values are
    compared, not the row's version: the screens' milestone records carry none."""
    name = clean_name(name, "milestone")
    with db.transaction() as s:
        milestone = get_or_refuse(s, Milestone, milestone_id, "milestone", lock=shown is not None)
        if shown is not None and (milestone.name, milestone.due_date) != shown:
            raise StaleRow("milestone")
        milestone.name = name
        milestone.due_date = due_date
        return milestone_record(milestone)


def delete_milestone(db: Database, milestone_id: int) -> None:
    """Delete a milestone and the levels recorded at it; assessments and pulse checks
    held at it stay, unlinked (ON DELETE SET NULL)."""
    _delete(db, table_of(Milestone), [milestone_id])
