"""What one transaction changed, row by row, captured by the store as it happens.

An operation (:mod:`cxdesk.ops`) opens a transaction and attaches a :class:`Journal` to
its connection. From then on every INSERT, UPDATE and DELETE on that connection, from
an ORM flush, a Core bulk statement or an import's executemany, is seen by the engine
event below *before* it runs: the journal keeps the first image of every row it is
about to touch (for a DELETE, the whole cascade through :mod:`graveyard`, and the rows
that ON DELETE SET NULL unlinks). When the operation ends, :meth:`Journal.close` reads
each touched row's version once more. The result is a tuple of :class:`RowChange`:
the row as it was, and the version it was left at (None: it is gone).

That is all an undo needs. :func:`restore` writes the before-images back, but only
where each row still has the version the operation left, so a change somebody made
since (a colleague, a phone, another window) is never overwritten: it raises
:class:`Conflict` instead and writes nothing. Store functions therefore never write
inverse code; they just change rows.

Why the engine and not ORM events: ORM events do not see Core statements
(renumbering, bulk imports), and every store function uses both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    UniqueConstraint,
    bindparam,
    event,
    func,
    null,
    select,
)
from sqlalchemy.sql.dml import Delete, Insert, Update

from cxdesk.models.base import VERSION_COLUMN
from cxdesk.models.tables import metadata
from cxdesk.store import graveyard
from cxdesk.store.errors import EditRefused
from cxdesk.store.versions import KEEP_VERSIONS, versioned

JOURNAL = "cxdesk_journal"

Row = Mapping[str, Any]
Key = tuple[str, int]

# What a person calls each kind of row, for the words of a refused undo.
ROW_NOUNS = {
    "brand": "the brand",
    "client": "a client",
    "engagement": "an engagement",
    "milestone": "a milestone",
    "expectation_item": "an expectation",
    "expectation_snapshot": "a revalidation",
    "rater_assessment": "a RATER assessment",
    "rater_statement": "a RATER statement",
    "rater_respondent": "a RATER respondent",
    "rater_statement_score": "a RATER score",
    "pulse_check": "a pulse check",
    "quadrant_override": "the Overview's placement",
    "quiz": "a quiz",
    "quiz_statement": "a quiz statement",
    "quiz_band": "a quiz band",
    "workshop_session": "a workshop session",
    "workshop_participant": "a workshop participant",
    "quiz_answer": "a quiz answer",
    "hands_tally": "a show of hands",
    "map_phase": "a phase of the emotion map",
    "touchpoint": "a touchpoint",
    "stakeholder": "a stakeholder",
    "stakeholder_emotion": "a stakeholder's emotion",
    "handoff_item": "a handoff checklist item",
    "emotion_revisit": "a revisit of the emotion map",
    "emotion_snapshot": "a revisit of the emotion map",
    "stakeholder_emotion_snapshot": "a revisit of the emotion map",
    "escalation_level": "the escalation ladder",
    "gap_action": "an action",
    "issue": "an issue",
    "issue_step": "an issue's history",
    "issue_touchpoint": "an issue's pain point",
    "you_said_we_did": "a “you said, we did” entry",
    "small_win": "a small win",
}


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row touched by a transaction."""

    table: str
    id: int
    before: Row | None  # every column as it was; None: the transaction created the row
    after: int | None  # the version it was left at; None: the transaction deleted it
    engagement_id: int | None = None  # whose data it is, when the row says so

    @property
    def created(self) -> bool:
        return self.before is None

    @property
    def deleted(self) -> bool:
        return self.after is None


class Conflict(EditRefused):
    """The rows are no longer what the step expects: someone changed them meanwhile.

    Nothing was written. ``changes`` are the rows found changed.
    """

    def __init__(self, message: str, changes: Sequence[RowChange]) -> None:
        super().__init__(message)
        self.changes = tuple(changes)


class Collision(Conflict):
    """A row the step deleted cannot come back: somebody has since made another in its
    place (the same stakeholder's emotion at the same touchpoint, scored again after the
    step cleared it). ``changes`` are those other rows, as they are now (``after``: their
    version), not rows of the step."""


@dataclass
class Journal:
    """The rows one transaction touches: their first image, in the order first touched."""

    first: dict[Key, Row | None] = field(default_factory=dict)
    # table -> the highest id before its first INSERT with ids left to the database:
    # every row above it at the end was created by this transaction.
    created_above: dict[str, int] = field(default_factory=dict)

    def note(
        self, conn: Connection, statement: Any, paramsets: Sequence[Mapping[str, Any]]
    ) -> None:
        table = statement.table
        if isinstance(statement, Insert):
            self._note_insert(conn, table, statement, paramsets)
        elif isinstance(statement, Update):
            for params in paramsets:
                where = select(table)
                if statement.whereclause is not None:
                    where = where.where(statement.whereclause)
                for found in conn.execute(where, params).mappings():
                    self._first_image(table.name, found["id"], dict(found))
        elif isinstance(statement, Delete):
            ids: list[int] = []
            for params in paramsets:
                where = select(table.c.id)
                if statement.whereclause is not None:
                    where = where.where(statement.whereclause)
                ids.extend(conn.execute(where, params).scalars())
            buried = graveyard.capture(conn, table, ids)
            for name, buried_row in buried.rows:
                self._first_image(name, buried_row["id"], buried_row)
            # Rows outside the cascade that ON DELETE SET NULL is about to unlink.
            unlinked: dict[str, list[int]] = defaultdict(list)
            for name, row_id, _column, _value in buried.links:
                unlinked[name].append(row_id)
            for name, row_ids in unlinked.items():
                for linked in _rows(conn, metadata().tables[name], row_ids):
                    self._first_image(name, linked["id"], linked)

    def _first_image(self, table: str, row_id: int, row: Row) -> None:
        """Keep ``row`` as the row's image before the transaction, unless the transaction
        made the row itself (an id above the highest there was before its first INSERT):
        then there was none, and undo deletes it (the default rungs of an escalation
        ladder stored and then edited in one operation)."""
        highest = self.created_above.get(table)
        made_here = highest is not None and row_id > highest
        self.first.setdefault((table, row_id), None if made_here else row)

    def _note_insert(
        self,
        conn: Connection,
        table: Table,
        statement: Insert,
        paramsets: Sequence[Mapping[str, Any]],
    ) -> None:
        if paramsets and all(params.get("id") is not None for params in paramsets):
            for params in paramsets:
                self.first.setdefault((table.name, params["id"]), None)
            return
        if not paramsets or paramsets == [{}]:
            given = statement.compile(dialect=conn.dialect).params.get("id")
            if given is not None:
                self.first.setdefault((table.name, given), None)
                return
        if table.name not in self.created_above:
            highest = conn.execute(select(func.max(table.c.id))).scalar()
            self.created_above[table.name] = highest or 0

    def close(self, conn: Connection) -> tuple[RowChange, ...]:
        """Every touched row with the version it is left at, read now (before COMMIT)."""
        tables = metadata().tables
        by_table: dict[str, list[int]] = defaultdict(list)
        for name, row_id in self.first:
            by_table[name].append(row_id)
        after: dict[Key, tuple[int, int | None]] = {}
        for name, row_ids in by_table.items():
            for row_id, version, engagement in _versions(conn, tables[name], row_ids):
                after[(name, row_id)] = (version, engagement)
        for name, highest in self.created_above.items():
            table = tables[name]
            for row_id, version, engagement in _versions_above(conn, table, highest):
                key = (name, row_id)
                self.first.setdefault(key, None)
                after[key] = (version, engagement)
        changes = []
        for (name, row_id), before in self.first.items():
            found = after.get((name, row_id))
            if before is None and found is None:
                continue  # made and removed within the transaction
            engagement = (before or {}).get("engagement_id")
            if found is not None and found[1] is not None:
                engagement = found[1]
            if name == "engagement":
                engagement = row_id
            changes.append(
                RowChange(name, row_id, before, None if found is None else found[0], engagement)
            )
        return tuple(changes)


def journal_writes(engine: Engine) -> None:
    """Let a :class:`Journal` attached to a connection see every write made on it."""

    @event.listens_for(engine, "before_execute")
    def _note(
        conn: Connection,
        statement: Any,
        multiparams: Any,
        params: Any,
        execution_options: Any,
    ) -> None:
        journal: Journal | None = conn.info.get(JOURNAL)
        if journal is None or not isinstance(statement, Insert | Update | Delete):
            return
        if not versioned(statement.table):
            return  # bookkeeping (last change, the version counter): not a person's data
        paramsets = list(multiparams) if multiparams else [params or {}]
        journal.note(conn, statement, paramsets)


def restore(conn: Connection, changes: Sequence[RowChange]) -> None:
    """Put every changed row back as it was before ``changes``, in one go.

    Refused with :class:`Conflict`, writing nothing, unless every row still has the
    version the changes left it at (or is still gone, if they deleted it).
    """
    tables = metadata().tables
    wanted: dict[str, list[int]] = defaultdict(list)
    for change in changes:
        wanted[change.table].append(change.id)
    found = {
        (name, row_id): version
        for name, ids in wanted.items()
        # Held to the commit: a colleague's change of one of them not committed yet is
        # waited for, then compared with (else it would pass and be written over).
        for row_id, version, _engagement in _versions(conn, tables[name], ids, held=True)
    }
    stale = [c for c in changes if found.get((c.table, c.id)) != c.after]
    if stale and all(c.after is None for c in stale):
        # Rows the step deleted whose ids new rows have taken since (SQLite gives a
        # deleted row's id to the next one where a table does not say AUTOINCREMENT):
        # somebody made them, and they are what stands in the way.
        made = [replace(c, before=None, after=found[(c.table, c.id)]) for c in stale]
        raise Collision(_conflict_words(made), made)
    if stale:
        raise Conflict(_conflict_words(stale), stale)
    # Rows come back in groups (deletions, then updates, then re-insertions); a foreign
    # key may point at a row of a later group until the end (the transaction's commit).
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    else:  # PostgreSQL: its foreign keys are DEFERRABLE (server_schema)
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
    order = [t.name for t in metadata().sorted_tables]
    # Rows the step made go first: one it made in place of another (a revalidation's
    # new snapshots, a tally counted again) must not collide with the old one coming back.
    created = [c for c in changes if c.before is None]
    for name in reversed(order):  # children first
        ids = [c.id for c in created if c.table == name]
        for condition in graveyard.among(tables[name].c.id, ids):
            conn.execute(tables[name].delete().where(condition))
    updated = [c for c in changes if c.before is not None and c.after is not None]
    for name in order:
        rows = [_renamed_id(c.before) for c in updated if c.table == name and c.before]
        if rows:
            table = tables[name]
            statement = (
                table.update()
                .where(table.c.id == bindparam("_row_id"))
                .values({col.name: bindparam(col.name) for col in table.c if col.name != "id"})
            )
            for part in graveyard.chunks(rows):
                written = conn.execute(
                    statement.execution_options(**{KEEP_VERSIONS: True}), list(part)
                ).rowcount
                # A row of the step that is gone now: deleting a row the step made took
                # it along (ON DELETE CASCADE is never deferred), e.g. a touchpoint the
                # step had moved into a phase it made. Refused whole, nothing lost.
                if written != len(part):
                    raise Conflict(_lost_words(name), [c for c in updated if c.table == name])
    deleted = [c for c in changes if c.after is None and c.before is not None]
    for name in order:  # parents first
        rows = [dict(c.before) for c in deleted if c.table == name and c.before]
        in_the_way = _taken_keys(conn, tables[name], rows)
        if in_the_way:
            raise Collision(_conflict_words(in_the_way), in_the_way)
        for part in graveyard.chunks(rows):
            conn.execute(
                tables[name].insert().execution_options(**{KEEP_VERSIONS: True}), list(part)
            )


# Keys the store keeps one row per, which no unique constraint can hold because a NULL is
# one of their values: the Overview's manual score of an axis "now" has no milestone. A
# NULL matches a NULL here, as the store means it.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "quadrant_override": ("engagement_id", "milestone_id", "axis"),
}


def _taken_keys(conn: Connection, table: Table, rows: Sequence[Row]) -> list[RowChange]:
    """The rows now holding a unique key that one of ``rows`` (about to come back) holds:
    putting it back would fail on the key, or, were it let through, stand for the newer
    row's content (two manual scores for one axis). Looked up by the key's first column,
    a chunk at a time, then matched."""
    if not rows:
        return []
    keys = [
        ([c.name for c in constraint.columns], False)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    if table.name in NATURAL_KEYS:
        keys.append((list(NATURAL_KEYS[table.name]), True))
    found: dict[int, RowChange] = {}
    engagement = table.c.get("engagement_id")
    for names, nulls_match in keys:
        wanted = {tuple(row[n] for n in names): row["id"] for row in rows}
        if not nulls_match:  # SQL's unique keys never hold two NULLs equal
            wanted = {key: row_id for key, row_id in wanted.items() if None not in key}
        firsts = sorted({key[0] for key in wanted if key[0] is not None})
        query = select(
            table.c.id,
            table.c[VERSION_COLUMN],
            engagement if engagement is not None else null(),
            *(table.c[n] for n in names),
        )
        for part in graveyard.chunks(firsts):
            for row in conn.execute(query.where(table.c[names[0]].in_(part))):
                key = tuple(row[3:])
                if key in wanted and wanted[key] != row[0]:
                    found[row[0]] = RowChange(table.name, row[0], None, row[1], row[2])
    return list(found.values())


def _lost_words(table: str) -> str:
    what = ROW_NOUNS.get(table, "a row")
    return (
        f"This step cannot be undone exactly ({what} would not come back as it was), "
        "so nothing was changed."
    )


def _renamed_id(row: Row) -> dict[str, Any]:
    # "id" is the name of the WHERE's parameter and may not also be a SET column's.
    values = {k: v for k, v in row.items() if k != "id"}
    values["_row_id"] = row["id"]
    return values


def _conflict_words(stale: Sequence[RowChange]) -> str:
    first = stale[0]
    what = ROW_NOUNS.get(first.table, "a row")
    others = len(stale) - 1
    more = f" (and {others} more)" if others else ""
    # Not "someone": the change may have come from this very window (a presentation
    # switch, an answer given on the projector), as from a phone or a colleague.
    return (
        f"{what[:1].upper()}{what[1:]}{more} was changed after this step (here, in another "
        "window or on another device). Undoing it now would overwrite that change, so "
        "nothing was changed."
    )


def _rows(conn: Connection, table: Table, ids: Sequence[int]) -> Iterable[Row]:
    for condition in graveyard.among(table.c.id, ids):
        for found in conn.execute(select(table).where(condition)).mappings():
            yield dict(found)


def _version_query(table: Table) -> Select[int, int, int | None]:
    engagement = table.c.get("engagement_id")
    return select(
        table.c.id,
        table.c[VERSION_COLUMN],
        engagement if engagement is not None else null(),
    )


def _versions(
    conn: Connection, table: Table, ids: Sequence[int], *, held: bool = False
) -> Iterable[tuple[int, int, int | None]]:
    """(id, version, engagement id) of the rows of ``ids`` that exist; ``held``: each
    held until the transaction ends (FOR NO KEY UPDATE)."""
    query = _version_query(table)
    if held:
        query = query.with_for_update(key_share=True)
    for condition in graveyard.among(table.c.id, ids):
        yield from _triples(conn.execute(query.where(condition)))


def _versions_above(
    conn: Connection, table: Table, highest: int
) -> Iterable[tuple[int, int, int | None]]:
    yield from _triples(conn.execute(_version_query(table).where(table.c.id > highest)))


def _triples(rows: Iterable[Any]) -> Iterator[tuple[int, int, int | None]]:
    return ((row_id, version, engagement) for row_id, version, engagement in rows)
