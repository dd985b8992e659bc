"""The store's rules for every text value any statement sends: storable, and not longer
than its column.

Both are checked in one ``before_cursor_execute`` hook: it is the store's single way to
the database, so ORM flushes, Core inserts (imports' executemany included), undo's
re-inserts and raw SQL all pass it, and no field or future path can forget a rule. A
value that breaks one is an :class:`EditRefused` naming the field, raised before the
engine sees anything; the transaction rolls back as for any refusal.

Why lengths here and not only in the records layer: SQLite never enforces ``String(n)``
(it stored a 20,000-character owner in ``String(200)``) while PostgreSQL raises a
``DataError`` that names no column. Checking here refuses the same text with the same
words on both engines, on every path; the forms and the records layer check the limits
too (from :func:`column_limit`), so a person is told before a statement is even built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, String, Table, event

from cxdesk.models.base import Base
from cxdesk.models.constraints import UNSTORABLE, unstorable_message
from cxdesk.models.tables import metadata
from cxdesk.store.errors import EditRefused

# insertmanyvalues' named parameters on PostgreSQL: "name__0", "name__1", ... per row.
_ROW_SUFFIX = re.compile(r"__\d+$")


def refuse_unfit_text(engine: Engine) -> None:
    """Every statement ``engine`` runs keeps the rules above."""

    @event.listens_for(engine, "before_cursor_execute")
    def _check(
        _conn: Any,
        _cursor: Any,
        _statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if not parameters:
            return
        _refuse_unstorable(parameters, context, executemany)
        _refuse_overlong(parameters, context, executemany)


def column_limit(entity: type[Base], field: str) -> int | None:
    """The most characters ``entity.field`` holds (its ``String(n)``), None for Text."""
    return _limits(entity.__tablename__).get(field)


def overlong_message(what: str, limit: int, length: int) -> str:
    """ "The expectation item's owner can be at most 200 characters; this one has 20,000." """
    what = what[:1].upper() + what[1:]
    return f"{what} can be at most {limit:,} characters; this one has {length:,}."


@cache
def _limits(table_name: str) -> dict[str, int]:
    table = metadata().tables.get(table_name)
    if table is None:
        return {}
    return {
        column.name: column.type.length
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    }


def _refuse_unstorable(parameters: Any, context: Any, executemany: bool) -> None:
    # One regex search over all the values joined is C speed even for an import's
    # 640,000 rows; str() of a number, date or bytes never holds a refused character.
    if UNSTORABLE.search("\n".join(map(str, _flat(parameters)))) is None:
        return
    rows = parameters if executemany else (parameters,)
    for row in rows:
        if isinstance(row, Mapping):
            items: Iterable[tuple[Any, Any]] = row.items()
        elif isinstance(row, tuple | list):
            items = enumerate(row)
        else:  # insertmanyvalues hands one flat list of every row's values
            items = enumerate(rows)
        for key, value in items:
            if isinstance(value, str):
                message = unstorable_message(value, _field_words(context, key))
                if message:
                    raise EditRefused(message)


def _refuse_overlong(parameters: Any, context: Any, executemany: bool) -> None:
    compiled = getattr(context, "compiled", None)
    table = getattr(getattr(compiled, "statement", None), "table", None)
    stores = getattr(compiled, "isinsert", False) or getattr(compiled, "isupdate", False)
    if not isinstance(table, Table) or not stores:
        return  # raw SQL, or a SELECT / DELETE: nothing is stored from its parameters
    limits = _limits(table.name)
    if not limits:
        return
    for name, value in _limited_values(parameters, compiled, limits, executemany):
        limit = limits[name]
        if isinstance(value, str) and len(value) > limit:
            what = f"the {table.name.replace('_', ' ')}'s {name.replace('_', ' ')}"
            raise EditRefused(overlong_message(what, limit, len(value)))


def _limited_values(
    parameters: Any, compiled: Any, limits: Mapping[str, int], executemany: bool
) -> Iterator[tuple[str, Any]]:
    """(column, value) of every parameter stored into a length-limited column.

    A parameter is stored into a column when its bind is named as the column (or as the
    column plus insertmanyvalues' row suffix); a WHERE clause's binds are named
    otherwise ("name_1", "client_id"), and nothing is stored from them.
    """
    names = getattr(compiled, "positiontup", None)
    if names:  # positional (SQLite): one row, many rows, or insertmanyvalues' flat list
        width = len(names)
        positions = [(i, name) for i, name in enumerate(names) if name in limits]
        if not positions:
            return
        rows = parameters if executemany else [parameters]
        if rows and not isinstance(rows[0], tuple | list):
            rows = [rows]
        for row in rows:
            if len(row) == width:
                for i, name in positions:
                    yield name, row[i]
            else:  # insertmanyvalues: the row's values repeated for every row
                for i, name in positions:
                    for value in row[i::width]:
                        yield name, value
        return
    rows = parameters if executemany else [parameters]
    if isinstance(rows, Mapping):
        rows = [rows]
    keys = [name for name in limits if name in rows[0]] if rows else []
    if keys:  # named (PostgreSQL), one or many rows
        for name in keys:
            for value in map(itemgetter(name), rows):
                yield name, value
        return
    for row in rows:  # insertmanyvalues on PostgreSQL: "name__0", "name__1", ...
        for key, value in row.items():
            name = _ROW_SUFFIX.sub("", key)
            if name in limits:
                yield name, value


def _flat(parameters: Any) -> Iterator[Any]:
    """Every value of a statement's parameters: one row, many rows, tuples or mappings."""
    for item in parameters.values() if isinstance(parameters, Mapping) else parameters:
        if isinstance(item, Mapping):
            yield from item.values()
        elif isinstance(item, tuple | list):
            yield from item
        else:
            yield item


def _field_words(context: Any, key: int | str) -> str:
    """ "the client's name", "the expectation item's notes": the column a parameter is for."""
    compiled = getattr(context, "compiled", None)
    names = getattr(compiled, "positiontup", None)
    name = key
    if isinstance(key, int) and names:
        name = names[key % len(names)]  # insertmanyvalues repeats the row's binds
    table = getattr(getattr(compiled, "statement", None), "table", None)
    table_name = getattr(table, "name", None)
    column: Any = name
    if not (isinstance(name, str) and name in getattr(table, "c", {})):
        # A bind named otherwise (an UPDATE's WHERE, "name_1"): its key is the column's.
        # An INSERT's binds for many rows are anonymous: its names above are the columns.
        bind = getattr(compiled, "binds", {}).get(name) if compiled is not None else None
        column = getattr(bind, "key", name) if bind is not None else name
    if isinstance(column, str) and column.startswith("%("):
        return f"a text of the {table_name.replace('_', ' ')}" if table_name else "that text"
    if not isinstance(column, str):
        return "that text"
    words = column.replace("_", " ")
    if not isinstance(table_name, str):
        return f"the {words}"
    return f"the {table_name.replace('_', ' ')}'s {words}"
