"""Capturing a row with everything that cascades from it: the rows a DELETE takes.

Deleting a client removes its engagements, milestones, expectations and snapshots via
ON DELETE CASCADE, and unlinks the rows that point at them through ON DELETE SET NULL.
:func:`capture` reads that whole subtree (parents first) and those links, following the
schema's foreign keys, so tables added later are covered for free. The journal
(:mod:`cxdesk.store.journal`) captures each DELETE this way before it runs, which is
what lets an operation that deleted rows be undone; an engagement's export reads its
rows the same way. :func:`among` and :func:`chunks` keep statements over many ids
within SQLite's limits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, or_, select
from sqlalchemy.orm import Session

from cxdesk.models.tables import metadata


@dataclass(frozen=True, slots=True)
class BuriedRows:
    """Rows in parent-first order: ``(table name, column values)``."""

    rows: tuple[tuple[str, dict[str, Any]], ...]
    # Rows outside the subtree that ON DELETE SET NULL unlinked from it (an assessment
    # whose milestone was deleted): ``(table name, row id, column, value)`` to put back.
    links: tuple[tuple[str, Any, str, Any], ...] = ()


def _children(table: Table, ondelete: str) -> list[tuple[Table, str, str]]:
    """(child table, child column, parent column) for each ``ondelete`` FK into ``table``."""
    children = []
    for other in metadata().sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == ondelete:
                children.append((other, fk.parent.name, fk.column.name))
    return children


# SQLite allows 32,766 bound values in a statement (fewer before 3.32): an IN over the
# ids of 40,000 expectations (undoing the import of a big workspace) went past it.
IN_CHUNK = 10_000


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


RANGES_PER_STATEMENT = 200


def among(column: ColumnElement[Any], values: Iterable[Any]) -> Iterator[ColumnElement[bool]]:
    """Conditions that together select the rows whose ``column`` is one of ``values``,
    each small enough for one statement.

    The ids an import made, or an engagement's children, mostly run on without a gap:
    those become ``BETWEEN first AND last`` (one condition for 20,000 snapshots), and an
    undo of a big import no longer builds, checks and sends statements of 10,000 bound
    ids each. Scattered ids still go as IN lists.
    """
    distinct = sorted({v for v in values if v is not None})
    if not distinct:
        return
    if not all(isinstance(v, int) for v in distinct):
        for part in chunks(distinct):
            yield column.in_(part)
        return
    runs: list[tuple[int, int]] = []
    for value in distinct:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    if len(runs) * 4 > len(distinct):  # mostly scattered: one IN is shorter
        for part in chunks(distinct):
            yield column.in_(part)
        return
    for start in range(0, len(runs), RANGES_PER_STATEMENT):
        yield or_(
            *(
                column == low if low == high else column.between(low, high)
                for low, high in runs[start : start + RANGES_PER_STATEMENT]
            )
        )


def _cascading_children(table: Table) -> list[tuple[Table, str, str]]:
    return _children(table, "CASCADE")


def capture(session: Session | Connection, table: Table, ids: Sequence[int]) -> BuriedRows:
    found: dict[str, dict[Any, dict[str, Any]]] = {}

    def collect(tbl: Table, column: str, values: Sequence[Any]) -> None:
        if not values:
            return
        rows = [
            row
            for condition in among(tbl.c[column], values)
            for row in session.execute(select(tbl).where(condition))
            .mappings()
            .all()  # fetchall: one call, not one per row
        ]
        bucket = found.setdefault(tbl.name, {})
        new_rows = [dict(r) for r in rows if r["id"] not in bucket]
        for row in new_rows:
            bucket[row["id"]] = row
        for child, child_col, parent_col in _cascading_children(tbl):
            collect(child, child_col, [r[parent_col] for r in new_rows])

    collect(table, "id", list(ids))
    ordered: list[tuple[str, dict[str, Any]]] = []
    for tbl in metadata().sorted_tables:
        ordered.extend((tbl.name, row) for row in found.get(tbl.name, {}).values())
    links: list[tuple[str, Any, str, Any]] = []
    for tbl in metadata().sorted_tables:
        parents = list(found.get(tbl.name, {}).values())
        for child, child_col, parent_col in _children(tbl, "SET NULL"):
            values = [r[parent_col] for r in parents]
            if not values:
                continue
            buried_ids = found.get(child.name, {})
            linked = [
                row
                for condition in among(child.c[child_col], values)
                for row in session.execute(
                    select(child.c.id, child.c[child_col]).where(condition)
                ).all()
            ]
            links.extend(
                (child.name, row_id, child_col, value)
                for row_id, value in linked
                if row_id not in buried_ids
            )
    return BuriedRows(tuple(ordered), tuple(links))
