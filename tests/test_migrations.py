"""Schema migrations: new files, the revision list, the models/schema match, backups, crashes.

CX Desk ships one revision so far, so migrating an *older* file is exercised with a test
revision "0002_test" added to a copy of the real migration scripts: the same code path
(inspection, backup, Alembic on our transaction, the failure clean-up) a real second
revision will take.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect, text

import cxdesk.models.tables  # noqa: F401  (registers every table)
from cxdesk.models.base import Base
from cxdesk.store import database, inspection, migrate, schema
from cxdesk.store import workspace as ws
from cxdesk.store.backups import default_backup_folder
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import DatabaseRefused, EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION, KNOWN_REVISIONS
from tests.db_dump import every_row, without_0012_counters
from tests.migration_helpers import downgrade

MODEL_TABLES = {t.name for t in Base.metadata.sorted_tables}
# Schema 0014's tables (empty in a workspace that never used them).
CLOSING_THE_LOOP = (
    "issue",
    "issue_step",
    "issue_touchpoint",
    "gap_action",
    "you_said_we_did",
    "small_win",
)


def read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def tables(path: Path) -> set[str]:
    return {r[0] for r in read(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def columns(path: Path, table: str) -> list[str]:
    return [r[1] for r in read(path, f"PRAGMA table_info({table})")]


def version(path: Path) -> str:
    return str(read(path, "SELECT version_num FROM alembic_version")[0][0])


def make_workspace(path: Path) -> Path:
    with open_database(path, backup_folder=path.parent / "first-backups") as db:
        client = ws.add_client(db, "Acme Logistics")
        engagement = ws.add_engagement(db, client.id, "Portal rollout")
        ws.add_milestone(db, engagement.id, "Kickoff")
    return path


def open_files_on(path: Path) -> list[str]:
    """Descriptors this process holds on ``path`` or its -wal/-shm (Linux only)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


# --- a new workspace -----------------------------------------------------------------


@pytest.mark.parametrize("start", ["missing", "empty file", "missing folder"])
def test_a_new_workspace_is_created_at_head(tmp_path: Path, start: str) -> None:
    path = tmp_path / "workspace.cxdb"
    if start == "empty file":
        path.touch()
    elif start == "missing folder":
        path = tmp_path / "Clients" / "2026" / "workspace.cxdb"
    backups = tmp_path / "backups"

    with open_database(path, backup_folder=backups) as db:
        assert db.created is True
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    assert read(path, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert version(path) == HEAD_REVISION
    # sqlite_sequence: SQLite keeps AUTOINCREMENT counters there (migration 0004).
    assert tables(path) == MODEL_TABLES | {"alembic_version", "sqlite_sequence"}
    assert read(path, "PRAGMA quick_check") == [("ok",)]
    assert not backups.exists(), "a new file has nothing to back up"


def test_reopening_a_current_workspace_runs_no_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workspace(tmp_path / "w.cxdb")

    def must_not_run(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a current schema must not be migrated")

    monkeypatch.setattr(migrate, "upgrade", must_not_run)
    with open_database(path) as db:
        assert db.created is False
        assert [c.name for c, _ in ws.list_clients(db)] == ["Acme Logistics"]


OPEN_AND_REPORT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from cxdesk.store.database import open_database\n"
    "db = open_database(Path(sys.argv[1]), backup_folder=Path(sys.argv[2]))\n"
    "db.close()\n"
    "print('alembic' in sys.modules, db.created)\n"
)


def make_older_workspace(path: Path) -> Path:
    """A workspace one revision behind the head, as an older CX Desk left it."""
    make_workspace(path)
    downgrade(path, KNOWN_REVISIONS[-2])
    return path


@pytest.mark.parametrize(
    ("start", "expected"),
    [("current", "False False"), ("new", "False True"), ("older", "True False")],
)
def test_alembic_is_imported_only_to_migrate(tmp_path: Path, start: str, expected: str) -> None:
    # Alembic costs about half a second of start-up; neither a current schema nor a new
    # workspace (given the head schema directly) must pay it. The older file is the
    # control: its migration needs Alembic, and the check sees it loaded.
    path = tmp_path / "w.cxdb"
    if start == "current":
        make_workspace(path)
    elif start == "older":
        make_older_workspace(path)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, str(path), str(tmp_path / "backups")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


# --- the revisions and the models agree ----------------------------------------------


def test_known_revisions_are_the_migration_scripts_in_order() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert chain == list(KNOWN_REVISIONS)
    assert scripts.get_heads() == [HEAD_REVISION]
    assert scripts.get_current_head() == KNOWN_REVISIONS[-1]
    for index, revision in enumerate(chain):
        script = scripts.get_revision(revision)
        assert script is not None
        assert script.down_revision == (chain[index - 1] if index else None)
    files = sorted((migrate.MIGRATIONS / "versions").glob("*.py"))
    assert len(files) == len(KNOWN_REVISIONS), f"a script outside the chain? {files}"


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []

        # compare_metadata does not look at CHECK constraints, ON DELETE rules or server
        # defaults, and each of them carries a rule of the data: compare those by hand.
        found = inspect(conn)
        for table in Base.metadata.sorted_tables:
            wanted_checks = {
                str(c.name): str(c.sqltext)
                for c in table.constraints
                if isinstance(c, CheckConstraint)
            }
            have_checks = {c["name"]: c["sqltext"] for c in found.get_check_constraints(table.name)}
            assert have_checks == wanted_checks, table.name

            wanted_fks = {
                (fk.parent.name, fk.column.table.name, fk.ondelete) for fk in table.foreign_keys
            }
            have_fks = {
                (fk["constrained_columns"][0], fk["referred_table"], fk["options"].get("ondelete"))
                for fk in found.get_foreign_keys(table.name)
            }
            assert have_fks == wanted_fks, table.name

            for column in found.get_columns(table.name):
                model = table.c[column["name"]]
                wanted = model.server_default.arg if model.server_default else None  # type: ignore[attr-defined]
                have = column["default"]
                assert (have.strip("'") if have else None) == wanted, (table.name, column)
                assert column["nullable"] == model.nullable, (table.name, column["name"])


# --- backups -------------------------------------------------------------------------


def test_backup_is_a_complete_copy_even_with_edits_still_in_the_wal(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    client = ws.add_client(db, "Acme Logistics")
    ws.add_engagement(db, client.id, "Portal rollout")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()
    assert wal.stat().st_size > 0, "edits are in the WAL, not yet in the file"

    target = migrate.backup_before_migration(db_path, tmp_path / "copies")

    assert target.parent == tmp_path / "copies"
    assert target.name.startswith(f"workspace-before-{HEAD_REVISION}-")
    assert target.suffix == ".cxdb"
    assert read(target, "PRAGMA quick_check") == [("ok",)]
    assert read(target, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert every_row(target, versions=False) == every_row(db_path, versions=False)
    assert read(target, "SELECT name FROM client") == [("Acme Logistics",)]


def test_backup_of_a_file_in_a_folder_named_with_url_characters(tmp_path: Path) -> None:
    # In a URI "#" starts a fragment and "?" a query: unquoted, "Client #3" would be read
    # as "Client " and an empty database made there would be "backed up" instead.
    folder = tmp_path / "Client #3 ? 50%20"
    path = make_workspace(folder / "w.cxdb")
    target = migrate.backup_before_migration(path, tmp_path / "copies")
    assert every_row(target, versions=False) == every_row(path, versions=False)
    assert read(target, "SELECT count(*) FROM client") == [(1,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Client #3 ? 50%20", "copies"]


def test_backup_of_a_file_without_suffix_gets_one(tmp_path: Path) -> None:
    path = make_workspace(tmp_path / "workspace")
    target = migrate.backup_before_migration(path, tmp_path / "copies")
    assert target.suffix == ".cxdb"
    assert every_row(target, versions=False) == every_row(path, versions=False)


def test_upgrade_backs_up_an_existing_file_first(tmp_path: Path) -> None:
    path = make_workspace(tmp_path / "w.cxdb")
    before = every_row(path, versions=False)
    engine = database.make_engine(path)
    try:
        migrate.upgrade(engine, path, is_new=False, backup_folder=tmp_path / "copies")
    finally:
        engine.dispose()
    (copy,) = (tmp_path / "copies").iterdir()
    assert every_row(copy, versions=False) == before
    assert every_row(path, versions=False) == before  # already at head: nothing to change


# --- migrating an older file (with a test revision) ----------------------------------

TEST_REVISION = "9999_test"

SCRIPT = '''"""A test revision."""
from alembic import op
import sqlalchemy as sa

revision = "9999_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
'''

ADD_TABLE_AND_REBUILD_CLIENT = """
    op.create_table(
        "test_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "engagement_id",
            sa.Integer(),
            sa.ForeignKey("engagement.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("confidence", sa.Integer()),
    )
    # A table rebuild (SQLite batch mode), the riskiest kind of step.
    with op.batch_alter_table("client", recreate="always") as batch:
        batch.add_column(sa.Column("website", sa.String(200), nullable=False, server_default=""))
    op.execute("UPDATE client SET website = 'https://acme.example'")
"""

CRASH_HALFWAY = ADD_TABLE_AND_REBUILD_CLIENT + "    raise RuntimeError('power cut mid-migration')"

BREAK_REFERENCES = "    op.execute('DELETE FROM client')"


@pytest.fixture
def with_test_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Install a copy of the migrations plus revision 9999_test with the given body."""

    def install(body: str) -> None:
        scripts = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / f"{TEST_REVISION}.py").write_text(
            SCRIPT.format(body=body, head=KNOWN_REVISIONS[-1]), encoding="utf-8"
        )
        known = (*KNOWN_REVISIONS, TEST_REVISION)
        monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
        monkeypatch.setattr(schema, "KNOWN_REVISIONS", known)
        monkeypatch.setattr(inspection, "KNOWN_REVISIONS", known)
        monkeypatch.setattr(database, "HEAD_REVISION", TEST_REVISION)
        monkeypatch.setattr(migrate, "HEAD_REVISION", TEST_REVISION)

    return install


def test_an_older_workspace_is_backed_up_then_migrated(
    tmp_path: Path, with_test_revision: Callable[[str], None]
) -> None:
    path = make_workspace(tmp_path / "w.cxdb")
    before = every_row(path, versions=False)
    with_test_revision(ADD_TABLE_AND_REBUILD_CLIENT)

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        # Foreign keys are back on after the migration turned them off for the rebuild.
        with pytest.raises(EditRefused, match="no longer exists"), db.transaction() as s:
            s.execute(text("INSERT INTO test_note (engagement_id) VALUES (999)"))
        assert [c.name for c, _ in ws.list_clients(db)] == ["Acme Logistics"]

    assert version(path) == TEST_REVISION
    assert "test_note" in tables(path)
    assert "website" in columns(path, "client")
    assert read(path, "SELECT name, website FROM client") == [
        ("Acme Logistics", "https://acme.example")
    ]
    assert read(path, "PRAGMA foreign_key_check") == []
    assert read(path, "PRAGMA application_id") == [(APPLICATION_ID,)]

    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith(f"w-before-{TEST_REVISION}-")
    assert every_row(backup, versions=False) == before
    assert version(backup) == KNOWN_REVISIONS[-1]


def test_backups_go_to_the_data_folder_by_default(
    tmp_path: Path, private_data_dir: Path, with_test_revision: Callable[[str], None]
) -> None:
    path = make_workspace(tmp_path / "w.cxdb")
    with_test_revision(ADD_TABLE_AND_REBUILD_CLIENT)
    with open_database(path):
        pass
    # Each database file has its own folder under the data folder's backups (two files
    # both named workspace.cxdb never thin each other's backups).
    (backup,) = default_backup_folder(path).iterdir()
    assert default_backup_folder(path).is_relative_to(private_data_dir / "backups")
    assert read(backup, "SELECT name FROM client") == [("Acme Logistics",)]


def assert_left_as_it_was(path: Path, before: dict[str, list[tuple[Any, ...]]]) -> None:
    assert every_row(path, versions=False) == before
    assert version(path) == KNOWN_REVISIONS[-1]
    assert "test_note" not in tables(path)
    assert not any(t.startswith("_alembic_tmp") for t in tables(path))
    assert "website" not in columns(path, "client")
    assert read(path, "PRAGMA quick_check") == [("ok",)]


@pytest.mark.parametrize(
    ("body", "error"),
    [(CRASH_HALFWAY, "power cut"), (BREAK_REFERENCES, "broken references")],
    ids=["crash after a table rebuild", "migration leaves orphans"],
)
def test_a_failed_migration_leaves_the_old_schema_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    with_test_revision: Callable[[str], None],
    body: str,
    error: str,
) -> None:
    path = make_workspace(tmp_path / "w.cxdb")
    before = every_row(path, versions=False)
    with_test_revision(body)

    with pytest.raises(RuntimeError, match=error):
        open_database(path, backup_folder=tmp_path / "backups")

    assert_left_as_it_was(path, before)
    assert len(list((tmp_path / "backups").iterdir())) == 1, "the backup was made first"
    if sys.platform.startswith("linux"):
        assert open_files_on(path) == [], "the failed migration's connection is still open"
    # The lock was released and the file still opens with the shipped revisions.
    monkeypatch.undo()
    with open_database(path) as db:
        assert [c.name for c, _ in ws.list_clients(db)] == ["Acme Logistics"]


def test_no_migration_without_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_test_revision: Callable[[str], None]
) -> None:
    path = make_workspace(tmp_path / "w.cxdb")
    before = every_row(path, versions=False)
    with_test_revision(ADD_TABLE_AND_REBUILD_CLIENT)

    def disk_full(*_args: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrate, "backup_before_migration", disk_full)
    # Refused with words (not a crash at start-up), naming the folder and the reason.
    with pytest.raises(DatabaseRefused, match="No space left") as refused:
        open_database(path, backup_folder=tmp_path / "backups")
    assert "has not been changed" in refused.value.message
    assert str(tmp_path / "backups") in refused.value.message
    assert_left_as_it_was(path, before)


def test_a_crash_after_alembic_finished_is_rolled_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_test_revision: Callable[[str], None]
) -> None:
    # Alembic has run every step and stamped the version; the failure comes after, still
    # inside CX Desk's transaction (e.g. while setting application_id): all is undone.
    path = make_workspace(tmp_path / "w.cxdb")
    before = every_row(path, versions=False)
    with_test_revision(ADD_TABLE_AND_REBUILD_CLIENT)
    from alembic import command

    real_upgrade = command.upgrade

    def upgrade_then_crash(*args: Any, **kwargs: Any) -> None:
        real_upgrade(*args, **kwargs)
        raise KeyboardInterrupt  # the user closes CX Desk mid-migration

    monkeypatch.setattr(command, "upgrade", upgrade_then_crash)
    with pytest.raises(KeyboardInterrupt):
        open_database(path, backup_folder=tmp_path / "backups")
    assert_left_as_it_was(path, before)


@pytest.mark.parametrize("start", ["missing", "empty file"])
def test_a_failed_first_migration_leaves_no_half_made_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    path = tmp_path / "w.cxdb"
    if start == "empty file":
        path.touch()
    real_write = migrate.write_head_schema

    def write_then_crash(*args: Any, **kwargs: Any) -> None:
        real_write(*args, **kwargs)
        raise RuntimeError("crash after creating the schema")

    monkeypatch.setattr(migrate, "write_head_schema", write_then_crash)
    with pytest.raises(RuntimeError, match="crash after creating"):
        open_database(path, backup_folder=tmp_path / "backups")

    for leftover in (path, path.with_name("w.cxdb-wal"), path.with_name("w.cxdb-shm")):
        # A half-made file would be refused as "not CX Desk's" on the next start.
        assert not (leftover.exists() and leftover.stat().st_size > 0), leftover
    if sys.platform.startswith("linux"):
        assert open_files_on(path) == [], "the failed migration's connection is still open"
    monkeypatch.undo()
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is True
        assert version(path) == HEAD_REVISION


# --- real revisions ------------------------------------------------------------------


def test_a_0004_workspace_gains_the_emotion_map_keeping_its_data(tmp_path: Path) -> None:
    """0005 adds the emotion map's tables: every row is kept, and the new tables refuse
    bad rows (CHECK, foreign key, trigger) from the first open."""
    from alembic import command

    from cxdesk.store import journey_map as jm

    path = tmp_path / "older.cxdb"
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0004_workshop_ids")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2026-01-05 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, start_date, "
                "created_at) VALUES (1, 1, 'Portal', 'implementation', '2026-01-06', "
                "'2026-01-05 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
                "VALUES (2, 1, 'Warehouse', 'marketing_sales', '2026-01-05 09:00:00')",
                "INSERT INTO milestone (id, engagement_id, position, name) "
                "VALUES (1, 1, 0, 'Kickoff')",
                "INSERT INTO expectation_item (id, engagement_id, position, expects, needs, "
                "planned, delivered, experienced, sacrifice, status, owner, notes) "
                "VALUES (1, 1, 0, 'Live tracking', '', '', '', '', '', 'open', '', '')",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    assert version(path) == "0004_workshop_ids"
    before = every_row(path, versions=False, since_0015=False)
    assert "touchpoint" not in before

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        # 0012 (a later revision) adds SQLite's counters for three tables.
        after = without_0012_counters(every_row(path, versions=False, since_0015=False))
        assert {t: after[t] for t in before if t != "alembic_version"} == {
            t: rows for t, rows in before.items() if t != "alembic_version"
        }
        # The new tables work, through the store...
        phases = jm.add_default_phases(db, 1)
        touchpoint = jm.add_touchpoint(db, phases[1].id, name="Kickoff", emotion=-2)
        sponsor = jm.add_stakeholder(db, 1, "Helen", "Sponsor", "high")
        jm.set_stakeholder_emotion(db, touchpoint.id, sponsor.id, -3)
        jm.revisit(db, 1)
        outsider = jm.add_stakeholder(db, 2, "Eve")
        # ... and refuse what no path may store.
        for sql, message in (
            ("UPDATE touchpoint SET emotion = 4", r"An emotion goes from -3 to \+3"),
            ("UPDATE stakeholder SET influence = 'huge'", "Influence is low, medium or high"),
            ("UPDATE handoff_item SET done = 2", "either done or not"),
            ("UPDATE map_phase SET name = ' '", "A phase needs a name."),
            (
                "INSERT INTO touchpoint (phase_id, position, name) VALUES (999, 0, 'Ghost')",
                "no longer exists",
            ),
            (
                f"UPDATE stakeholder_emotion SET stakeholder_id = {outsider.id}",
                "That stakeholder belongs to another engagement",
            ),
        ):
            with pytest.raises(EditRefused, match=message), db.transaction() as s:
                s.execute(text(sql))
        journey = jm.load_map(db, 1)
        scored = journey.touchpoint(touchpoint.id)
        assert scored is not None
        assert scored.stakeholder_emotions == {sponsor.id: -3}
        assert journey.revisits[0].emotions == {touchpoint.id: -2}

    assert version(path) == HEAD_REVISION  # 0005, and every revision after it
    assert read(path, "PRAGMA foreign_key_check") == []
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup, versions=False) == before


def test_a_0005_workspace_gains_the_brand_and_escalation_ladders_keeping_its_data(
    tmp_path: Path,
) -> None:
    """0006 adds the brand (one row) and the escalation ladders: every row is kept, the
    workspace starts on the default brand and ladder, and the new tables refuse bad rows
    (CHECK, foreign key) from the first open."""
    from alembic import command

    from cxdesk.models.brand import DEFAULT_BRAND, Brand, PageSize
    from cxdesk.models.escalation import default_levels
    from cxdesk.store import brand as brand_store
    from cxdesk.store import escalation

    path = tmp_path / "older.cxdb"
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0005_journey_map")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2026-01-05 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
                "VALUES (1, 1, 'Portal', 'implementation', '2026-01-05 09:00:00')",
                "INSERT INTO map_phase (id, engagement_id, position, name) "
                "VALUES (1, 1, 0, 'Implementation')",
                "INSERT INTO touchpoint (id, phase_id, position, name, emotion) "
                "VALUES (1, 1, 0, 'Kickoff', -2)",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    assert version(path) == "0005_journey_map"
    before = every_row(path, versions=False, since_0015=False)
    assert "brand" not in before
    assert "escalation_level" not in before

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        # 0012 (a later revision) adds SQLite's counters for three tables.
        after = without_0012_counters(every_row(path, versions=False, since_0015=False))
        assert {t: after[t] for t in before if t != "alembic_version"} == {
            t: rows for t, rows in before.items() if t != "alembic_version"
        }
        assert after["brand"] == []
        assert after["escalation_level"] == []
        # The defaults apply until something is saved...
        assert brand_store.load_brand(db) == DEFAULT_BRAND
        assert escalation.list_levels(db, 1) == default_levels(1)
        # ... the new tables work through the store...
        brand_store.save_brand(db, Brand(firm_name="Zoë & Co", page_size=PageSize.LETTER))
        escalation.add_level(db, 1, 0, name="Level 0: Client success")
        # ... and refuse what no path may store.
        for sql, message in (
            ("UPDATE brand SET page_size = 'A3'", "The page size is A4 or US Letter"),
            ("UPDATE brand SET primary_colour = 'blue'", "A colour must look like #1F4E79"),
            (
                "INSERT INTO brand (id, firm_name, primary_colour, accent_colour) "
                "VALUES (2, 'x', '#000000', '#000000')",
                "A workspace has one brand",
            ),
            ("UPDATE escalation_level SET name = ''", "A rung of the escalation ladder needs"),
            (
                "INSERT INTO escalation_level (engagement_id, position, name) "
                "VALUES (7, 0, 'Ghost')",
                "no longer exists",
            ),
        ):
            with pytest.raises(EditRefused, match=message), db.transaction() as s:
                s.execute(text(sql))
        assert brand_store.load_brand(db).firm_name == "Zoë & Co"
        assert [level.position for level in escalation.list_levels(db, 1)] == [0, 1, 2, 3, 4]

    assert version(path) == HEAD_REVISION  # 0006, and every revision after it
    assert read(path, "PRAGMA foreign_key_check") == []
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup, versions=False) == before


def test_the_toolkit_migration_downgrades_to_0005_cleanly(tmp_path: Path) -> None:
    """0006, 0007, 0009 and 0014 add tables and row versions; 0008 changes no schema:
    going back drops them and leaves the rest as it was."""
    path = make_workspace(tmp_path / "current.cxdb")
    added = ("brand", "escalation_level", "last_change", "change_counter", *CLOSING_THE_LOOP)
    before = {
        t: rows
        for t, rows in every_row(path, versions=False, since_0015=False).items()
        if t not in added
    }
    downgrade(path, "0005_journey_map")
    assert not set(added) & tables(path)
    after = every_row(path, versions=False, since_0015=False)
    before = without_0012_counters(before)  # 0012's counters go as it is undone
    assert {t: r for t, r in after.items() if t != "alembic_version"} == {
        t: r for t, r in before.items() if t != "alembic_version"
    }
    assert version(path) == "0005_journey_map"
