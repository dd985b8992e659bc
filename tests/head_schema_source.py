"""What the migrations leave in a new database, read back, and cxdesk/store/head_schema.py
written from it (the statements a new workspace is made with, instead of the migrations).

    uv run python -m tests.head_schema_source

Run it after adding a migration (tests/test_head_schema.py says when it is due), and commit
the file it writes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cxdesk.store import head_schema, migrate
from cxdesk.store.backups import _read_only
from cxdesk.store.database import make_engine
from cxdesk.store.schema import HEAD_REVISION

TARGET = Path(head_schema.__file__)

# Pragmas a database file keeps (foreign_keys, busy_timeout and synchronous belong to a
# connection). Left out on purpose: schema_version, a count of schema changes (the
# migrations make and drop more than the head schema does), and page and freelist
# counts, which follow from it (the migrations leave a free page behind).
FILE_PRAGMAS = ("application_id", "user_version", "journal_mode", "auto_vacuum", "encoding")


@dataclass(frozen=True)
class Built:
    """A database as a schema test sees it."""

    # (type, name, tbl_name, sql) of every object, in sqlite_master's order.
    objects: list[tuple[str, str, str, str | None]]
    rows: dict[str, list[tuple[object, ...]]]  # every table's rows, in rowid order
    pragmas: dict[str, object]
    integrity: list[tuple[object, ...]]
    foreign_key_problems: list[tuple[object, ...]]


def built(path: Path) -> Built:
    with _read_only(path) as conn:
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
        ).fetchall()
        rows = {
            name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for kind, name, _table, _sql in objects
            if kind == "table"
        }
        pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in FILE_PRAGMAS}
        return Built(
            objects=objects,
            rows=rows,
            pragmas=pragmas,
            integrity=conn.execute("PRAGMA integrity_check").fetchall(),
            foreign_key_problems=conn.execute("PRAGMA foreign_key_check").fetchall(),
        )


def build_by_migrations(path: Path) -> None:
    """A new database at ``path`` brought to the head revision by every migration."""
    engine = make_engine(path)
    try:
        migrate.replay_migrations(engine)
    finally:
        engine.dispose()


def statements_of(path: Path) -> list[str]:
    """What makes a database equal to the one at ``path``: its objects' statements in
    sqlite_master's order, then an INSERT for each row it holds."""
    with _read_only(path) as conn:
        objects = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY rowid"
        ).fetchall()
        # sqlite_sequence and the indexes behind UNIQUE constraints have no statement:
        # SQLite makes them with their tables (the same way, so in the same place).
        found = [sql for _type, name, sql in objects if sql and name != "sqlite_sequence"]
        for kind, name, _sql in objects:
            if kind != "table":
                continue
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')]
            # quote(): SQLite writes each value as the literal it reads back as the same.
            values = " || ', ' || ".join(f'quote("{c}")' for c in columns)
            for (literals,) in conn.execute(f'SELECT {values} FROM "{name}" ORDER BY rowid'):
                found.append(f"INSERT INTO {name} VALUES ({literals})")
    return found


def _literal(line: str) -> str:
    """A Python string literal of ``line``, quoted as ruff's formatter would quote it."""
    escaped = line.encode("unicode_escape").decode("ascii")
    if '"' in line and "'" not in line:
        return f"'{escaped}'"
    return '"' + escaped.replace('"', '\\"') + '"'


def render(revision: str, statements: list[str]) -> str:
    parts = []
    for statement in statements:
        lines = statement.splitlines(keepends=True)
        if len(lines) == 1:
            parts.append(f"    {_literal(statement)},\n")
        else:
            body = "".join(f"        {_literal(line)}\n" for line in lines)
            parts.append(f"    (\n{body}    ),\n")
    return (
        "# ruff: noqa: E501\n"
        '"""The schema every new workspace starts with: what the migrations leave behind.\n'
        "\n"
        "Written by ``uv run python -m tests.head_schema_source`` from a database built by\n"
        "every migration; do not edit it by hand. tests/test_head_schema.py makes a database\n"
        "each way and checks they are the same, and that this is the head revision's.\n"
        '"""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        f'REVISION = "{revision}"\n'
        "\n"
        "# sqlite_master's statements in the migrations' order, then the rows they wrote: the\n"
        "# revision stamp, the change counter, SQLite's AUTOINCREMENT counters.\n"
        "STATEMENTS: tuple[str, ...] = (\n" + "".join(parts) + ")\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "by-migrations.cxdb"
        build_by_migrations(path)
        source = render(HEAD_REVISION, statements_of(path))
    TARGET.write_text(source, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", str(TARGET)], check=True)
    print(f"wrote {TARGET} ({HEAD_REVISION})")


if __name__ == "__main__":
    main()
