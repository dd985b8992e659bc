"""Capturing a row with everything that cascades from it, so a delete can be undone.

Deleting a client removes its engagements, milestones, expectations and snapshots via
ON DELETE CASCADE. To undo that exactly (same ids, so other undo steps still point at
the right rows) the whole subtree is read first and re-inserted parent-first on undo.
This follows the schema's foreign keys, so tables added later are covered for free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cxdesk.models.base import Base


@dataclass(frozen=True, slots=True)
class BuriedRows:
    """Rows in parent-first order: ``(table name, column values)``."""

    rows: tuple[tuple[str, dict[str, Any]], ...]


def _cascading_children(table: Table) -> list[tuple[Table, str, str]]:
    """(child table, child column, parent column) for each ON DELETE CASCADE into ``table``."""
    children = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == "CASCADE":
                children.append((other, fk.parent.name, fk.column.name))
    return children


def capture(session: Session, table: Table, ids: Sequence[int]) -> BuriedRows:
    found: dict[str, dict[Any, dict[str, Any]]] = {}

    def collect(tbl: Table, column: str, values: Sequence[Any]) -> None:
        if not values:
            return
        rows = session.execute(select(tbl).where(tbl.c[column].in_(values))).mappings().all()
        bucket = found.setdefault(tbl.name, {})
        new_rows = [dict(r) for r in rows if r["id"] not in bucket]
        for row in new_rows:
            bucket[row["id"]] = row
        for child, child_col, parent_col in _cascading_children(tbl):
            collect(child, child_col, [r[parent_col] for r in new_rows])

    collect(table, "id", list(ids))
    ordered: list[tuple[str, dict[str, Any]]] = []
    for tbl in Base.metadata.sorted_tables:
        ordered.extend((tbl.name, row) for row in found.get(tbl.name, {}).values())
    return BuriedRows(tuple(ordered))


def restore(session: Session, buried: BuriedRows) -> None:
    tables = Base.metadata.tables
    for name, row in buried.rows:
        session.execute(tables[name].insert().values(**row))
