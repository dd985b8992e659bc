"""The workspace records when it last changed, whatever changed, and a
backup's "Last edit" says that time.

It was read from the ``*_at`` columns only, which a matrix level, the brand and an
escalation rung do not have: a backup made at 06:16 after an edit at 06:15 said "Last
edit 06:09". The clock is faked through :func:`cxdesk.store.last_change.now`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import text

from cxdesk.models.brand import Brand
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops import perform, revert
from cxdesk.store import backups as bk
from cxdesk.store import brand as brand_store
from cxdesk.store import escalation, expectations, last_change
from cxdesk.store import workspace as ws
from cxdesk.store.backup_policy import BackupReason
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import DatabaseRefused, EditRefused, RefusalReason
from cxdesk.store.schema import APPLICATION_ID

SET_UP = datetime(2026, 12, 7, 6, 9, 0)  # naive UTC, as everything stored
EDITED = datetime(2026, 12, 7, 6, 15, 42, 123456)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(SET_UP)
    monkeypatch.setattr(last_change, "now", fake)
    return fake


@pytest.fixture
def engagement_id(db: Database, clock: Clock) -> int:
    client = ws.add_client(db, "Pomorze Zdrowie")
    engagement = ws.add_engagement(db, client.id, "e-Rejestracja")
    return engagement.id


def recorded(path: Path) -> datetime | None:
    with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
        return last_change.read_last_change(conn)


def matrix_level(db: Database, engagement_id: int) -> Callable[[], None]:
    item = expectations.add_item(db, engagement_id, expects="Morning re-keying")
    return lambda: expectations.update_item(db, item.id, "delivered_level", 3)


def brand(db: Database, _engagement_id: int) -> Callable[[], None]:
    return lambda: brand_store.save_brand(db, Brand(firm_name="Wójcik & Partners"))


def ladder_rung(db: Database, engagement_id: int) -> Callable[[], None]:
    (first, *_rest) = escalation.ensure_ladder(db, engagement_id).levels
    return lambda: escalation.update_level(db, first.id, "owner", "Ελένη Παπαδοπούλου")


@pytest.mark.parametrize("edit", [matrix_level, brand, ladder_rung])
def test_a_backup_says_when_the_last_edit_was_whatever_was_edited(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    engagement_id: int,
    clock: Clock,
    edit: Callable[[Database, int], Callable[[], None]],
) -> None:
    make_the_edit = edit(db, engagement_id)  # what the edit needs, set up at 06:09
    clock.now = EDITED
    make_the_edit()

    made = bk.make_backup(db_path, tmp_path / "backups", BackupReason.EDITING)
    assert made.last_edit == EDITED
    (listed,) = bk.list_backups(tmp_path / "backups", db_path)
    assert listed.last_edit == EDITED
    assert recorded(db_path) == EDITED


def test_only_a_committed_change_is_recorded(
    db: Database, db_path: Path, engagement_id: int, clock: Clock
) -> None:
    assert recorded(db_path) == SET_UP
    clock.now = EDITED
    item_id = expectations.add_item(db, engagement_id, expects="x").id
    clock.now = later = EDITED + timedelta(minutes=5)

    # Reading, a write that matches no row, a refused edit, one rolled back, and an
    # "edit" to the value already stored (the ORM sends nothing) change nothing.
    expectations.list_items(db, engagement_id)
    with db.transaction() as s:
        s.execute(text("UPDATE client SET notes = 'x' WHERE id = -1"))
    with pytest.raises(EditRefused):
        ws.rename_client(db, 10_000, "Ghost")

    def rename_then(second: str) -> None:
        with db.transaction() as s:
            s.execute(text("UPDATE client SET name = 'Renamed'"))  # a change, undone by:
            s.execute(text(second))

    with pytest.raises(EditRefused):
        rename_then("UPDATE expectation_item SET delivered_level = 99")  # refused
    with pytest.raises(EditRefused):
        rename_then("SELECT raise(ABORT, 'the person cancelled')")  # rolled back
    expectations.update_item(db, item_id, "expects", "x")
    assert recorded(db_path) == EDITED

    # Any statement that changes a row counts: raw SQL, and undo's re-inserts.
    with db.transaction() as s:
        s.execute(text("UPDATE client SET notes = 'by hand'"))
    assert recorded(db_path) == later
    clock.now = undone = later + timedelta(minutes=1)
    delete = matrix_ops.delete_items(engagement_id, [item_id])
    assert delete is not None
    deleted = perform(db, delete)
    clock.now = undone + timedelta(minutes=1)
    revert(db, deleted)
    assert recorded(db_path) == undone + timedelta(minutes=1)


def test_a_failure_to_record_the_time_saves_nothing_and_says_so(
    db: Database, db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time and the change are one transaction: if the time cannot be written, the
    edit is not saved either, and the person is told, as for any failed write."""
    ws.add_client(db, "Kept")
    # A second row breaks the table's CHECK (id = 1), as a full disk would break a write.
    monkeypatch.setattr(
        last_change, "_RECORD", "INSERT INTO last_change (id, changed_at) VALUES (2, ?)"
    )
    with pytest.raises(EditRefused, match="could not be saved"):
        ws.add_client(db, "Lost")
    assert [c.name for c, _ in ws.list_clients(db)] == ["Kept"]
    assert recorded(db_path) == SET_UP


def test_opening_and_creating_a_workspace_are_not_edits(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "new.cxdb"
    with open_database(path, backup_folder=tmp_path / "backups"):
        pass
    assert recorded(path) is None
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        ws.list_clients(db)
    assert recorded(path) is None


def test_a_bulk_edit_records_the_time_once(db: Database, engagement_id: int, clock: Clock) -> None:
    """The cost is per transaction, not per row: an import of 20,000 rows writes the time
    once (triggers on every table would run an UPDATE per row)."""
    sent: list[str] = []
    with db.transaction() as s:
        raw = s.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.set_trace_callback(sent.append)
        s.execute(
            text(
                "INSERT INTO expectation_item (engagement_id, position, expects) "
                "VALUES (:e, :p, 'bulk')"
            ),
            [{"e": engagement_id, "p": n} for n in range(20_000)],
        )
    raw.set_trace_callback(None)
    assert len([s for s in sent if "last_change" in s and s.startswith("INSERT")]) == 1


# --- older and newer files -----------------------------------------------------------


def make_0006_workspace(path: Path) -> None:
    """A workspace as CX Desk wrote it before schema 0007, edited at 05:30 UTC."""
    from alembic import command

    from cxdesk.store import database, migrate

    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0006_toolkit")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.exec_driver_sql(
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2026-12-01 05:30:00.000000')"
            )
    finally:
        engine.dispose()


def test_an_older_workspace_falls_back_to_its_newest_time_until_its_next_edit(
    tmp_path: Path, clock: Clock
) -> None:
    path, folder = tmp_path / "older.cxdb", tmp_path / "backups"
    make_0006_workspace(path)
    with open_database(path, backup_folder=folder) as db:
        # The update made a backup of the 0006 file, and is not an edit itself.
        assert recorded(path) is None
        (before_update,) = bk.list_backups(folder, path)
        assert before_update.revision == "0006_toolkit"
        assert before_update.last_edit == datetime(2026, 12, 1, 5, 30)
        assert not before_update.last_edit_recorded  # the list says "or later"
        clock.now = datetime(2026, 12, 7, 8, 0)
        assert bk.make_backup(path, folder, BackupReason.START).last_edit == datetime(
            2026, 12, 1, 5, 30
        )
        clock.now = EDITED
        brand_store.save_brand(db, Brand(firm_name="Zoë & Co"))
        edited = bk.make_backup(path, folder, BackupReason.EDITING)
        assert (edited.last_edit, edited.last_edit_recorded) == (EDITED, True)


@pytest.mark.parametrize("future", ["0008_future", "9999_future"])
def test_a_newer_schema_is_still_refused(tmp_path: Path, clock: Clock, future: str) -> None:
    db_path = tmp_path / "w.cxdb"
    with open_database(db_path, backup_folder=tmp_path / "backups") as db:
        ws.add_client(db, "Acme")
    made = bk.make_backup(db_path, tmp_path / "backups", BackupReason.START)
    for path in (db_path, made.path):
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (future,))
            conn.commit()
    with pytest.raises(DatabaseRefused) as refused:
        open_database(db_path, backup_folder=tmp_path / "other")
    assert refused.value.reason is RefusalReason.NEWER_VERSION
    (listed,) = bk.list_backups(tmp_path / "backups", db_path)
    assert listed.problem == "It was made by a newer version of CX Desk."
    with pytest.raises(bk.BackupError, match="newer version"):
        bk.verify_backup(made.path)
