"""A new workspace made with plain sqlite3 (cxdesk.store.new_workspace), before SQLAlchemy
is imported, is the workspace the store makes: the same schema, the same demo rows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from cxdesk.store import demo_rows, new_workspace
from cxdesk.store import workspace as ws
from cxdesk.store.database import open_database
from cxdesk.store.new_workspace import create_workspace
from tests.db_dump import every_row
from tests.demo_rows_source import CLOCK, WRITTEN_ON, demo_by_the_store, tables_of
from tests.head_schema_source import Built, built

NOW = datetime(2026, 3, 1, 8, 30, 15, 123456)
REGENERATE = "run `uv run python -m tests.demo_rows_source` and commit the file it writes"


def same_workspace(made: Built, expected: Built) -> None:
    assert made.objects == expected.objects
    # SQLite keeps its AUTOINCREMENT counters in the order the tables were first filled.
    assert sorted(made.rows.pop("sqlite_sequence")) == sorted(expected.rows.pop("sqlite_sequence"))
    assert made.rows == expected.rows
    assert made.pragmas == expected.pragmas
    assert made.integrity == [("ok",)]
    assert made.foreign_key_problems == []


def test_the_demo_rows_are_what_the_store_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.cxdb"
    demo_by_the_store(path, WRITTEN_ON, CLOCK)
    assert list(demo_rows.TABLES) == tables_of(path), REGENERATE


@pytest.mark.parametrize(
    "today",
    # The day the rows were written, a leap day, the turn of a year, a day long after.
    [WRITTEN_ON, date(2028, 2, 29), date(2026, 12, 31), date(2031, 7, 4)],
)
def test_a_new_workspace_with_the_demo_is_the_one_the_store_makes(
    tmp_path: Path, today: date
) -> None:
    by_the_store, plain = tmp_path / "store.cxdb", tmp_path / "plain.cxdb"
    demo_by_the_store(by_the_store, today, NOW)
    create_workspace(plain, demo_on=today, now=NOW)
    same_workspace(built(plain), built(by_the_store))


def test_a_new_workspace_without_the_demo_is_the_one_the_store_makes(tmp_path: Path) -> None:
    by_the_store, plain = tmp_path / "store.cxdb", tmp_path / "plain.cxdb"
    open_database(by_the_store, backup_folder=tmp_path / "backups").close()
    create_workspace(plain)
    same_workspace(built(plain), built(by_the_store))


def test_the_store_opens_it_as_its_own_and_edits_it(tmp_path: Path) -> None:
    path = tmp_path / "plain.cxdb"
    create_workspace(path, demo_on=date(2026, 12, 7), now=NOW)
    before = every_row(path)
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False  # at the head revision: nothing to migrate
        ((client, engagements),) = ws.list_clients(db)
        assert client.name == "Harbourline Freight Co."
        assert [e.name for e in engagements] == ["Customer portal rollout"]
        renamed = ws.rename_client(db, client.id, "Harbourline Freight")
    after = every_row(path)
    assert not (tmp_path / "backups").exists(), "a current file is not backed up"
    # The edit takes the next change number after the demo's, as in a store-made file.
    assert before["change_counter"] == [(1, 2)]
    assert after["change_counter"] == [(1, 3)]
    assert renamed is not None


def test_a_failure_leaves_no_schema_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def demo_then_crash(*args: object) -> None:
        real_write_demo(*args)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    real_write_demo = new_workspace.write_demo
    monkeypatch.setattr(new_workspace, "write_demo", demo_then_crash)
    path = tmp_path / "plain.cxdb"
    with pytest.raises(RuntimeError, match="power cut"):
        create_workspace(path, demo_on=date(2026, 12, 7))
    assert built(path).objects == []


MAKE_AND_REPORT = (
    "import sys\n"
    "from datetime import date\n"
    "from pathlib import Path\n"
    "from cxdesk.store.new_workspace import create_workspace\n"
    "create_workspace(Path(sys.argv[1]), demo_on=date.today())\n"
    "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))\n"
)


def test_making_one_imports_neither_sqlalchemy_nor_alembic(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", MAKE_AND_REPORT, str(tmp_path / "plain.cxdb")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
