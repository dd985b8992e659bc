"""The demo engagement as cxdesk.store.demo.add_demo_engagement writes it into a new
workspace, read back, and cxdesk/store/demo_rows.py written from it: the rows a new
workspace can be given with plain sqlite3, before SQLAlchemy is imported.

    uv run python -m tests.demo_rows_source

Run it after changing the demo (or the built-in quiz, or the schema): tests/test_new_workspace.py
says when it is due. Commit the file it writes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cxdesk.models import base
from cxdesk.store import demo_rows, last_change
from cxdesk.store.backups import _read_only
from cxdesk.store.database import open_database
from cxdesk.store.demo import add_demo_engagement

TARGET = Path(demo_rows.__file__)

# The demo's "today" when the rows are written (its dates are shifted from it to the
# day a workspace is made), and a clock no story date can equal (the rows' *_at times
# of writing, which become the time a workspace is made).
WRITTEN_ON = date(2026, 1, 15)
CLOCK = datetime(2000, 1, 1)


@contextmanager
def stopped_clock(at: datetime) -> Iterator[None]:
    """Every time the store and the models take from the clock is ``at`` (naive UTC)."""

    class Stopped(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Stopped:
            return cls.combine(at.date(), at.time(), tzinfo=UTC if tz else None)

    saved = base.datetime, last_change.now
    base.datetime = Stopped  # type: ignore[misc]  # utcnow() reads it when called
    last_change.now = lambda: at
    try:
        yield
    finally:
        base.datetime, last_change.now = saved  # type: ignore[misc]


def demo_by_the_store(path: Path, today: date, now: datetime) -> int:
    """A new workspace at ``path`` with the demo written by the store (the ORM), made at
    ``now`` on ``today``; its engagement's id."""
    with stopped_clock(now), open_database(path, backup_folder=path.parent / "backups") as db:
        return add_demo_engagement(db, today=today)


def _stored(moment: datetime | date) -> str:
    """How SQLAlchemy stores a DateTime or a Date on SQLite."""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment.isoformat()


def tables_of(path: Path) -> list[demo_rows.DemoTable]:
    """Every table's rows at ``path`` but SQLite's own AUTOINCREMENT counters (which
    inserting the rows with their ids sets again), each date or time column named as a
    date of the demo's story or as the time of writing."""
    clock = _stored(CLOCK)
    found = []
    with _read_only(path) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
            )
            if name != "sqlite_sequence"
        ]
        for name in names:
            info = list(conn.execute(f'PRAGMA table_info("{name}")'))
            columns = tuple(str(c[1]) for c in info)
            rows = tuple(conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall())
            if not rows:
                continue
            story, written = [], []
            for index, column in enumerate(info):
                if str(column[2]).upper() not in ("DATE", "DATETIME"):
                    continue
                values = {row[index] for row in rows} - {None}
                if values and values <= {clock}:
                    written.append(columns[index])
                elif values:
                    assert clock not in values, f"{name}.{columns[index]} mixes both"
                    story.append(columns[index])
            found.append(demo_rows.DemoTable(name, columns, tuple(story), tuple(written), rows))
    return found


def render(tables: list[demo_rows.DemoTable]) -> str:
    parts = []
    for table in tables:
        rows = "".join(f"            {row!r},\n" for row in table.rows)
        parts.append(
            "    DemoTable(\n"
            f"        {table.name!r},\n"
            f"        {table.columns!r},\n"
            f"        {table.story_dates!r},\n"
            f"        {table.written_at!r},\n"
            f"        (\n{rows}        ),\n"
            "    ),\n"
        )
    source = TARGET.read_text(encoding="utf-8")
    head = source[: source.index("WRITTEN_ON = ")]
    return (
        head
        + f"WRITTEN_ON = date({WRITTEN_ON.year}, {WRITTEN_ON.month}, {WRITTEN_ON.day})\n"
        + "\n"
        + "TABLES: tuple[DemoTable, ...] = (\n"
        + "".join(parts)
        + ")\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.cxdb"
        demo_by_the_store(path, WRITTEN_ON, CLOCK)
        source = render(tables_of(path))
    TARGET.write_text(source, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", str(TARGET)], check=True)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
