"""Two processes of the app on one SQLite file (the app and its room's process, which
writes the phones' answers): an edit on the laptop is never refused because the room
committed meanwhile, and a backup of the live file does not take the file from under the
app's open connection when the room's process ends."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from sqlalchemy import text

from cxdesk.store import workspace
from cxdesk.store.database import open_borrowed, open_database

ROOT = Path(__file__).resolve().parent.parent


def test_an_edit_on_the_laptop_is_not_refused_by_the_rooms_commit_meanwhile(
    tmp_path: Path,
) -> None:
    """The app's transaction read, then the room's process committed, then the app
    wrote: SQLite refuses such a write (SQLITE_BUSY: its snapshot is stale) unless the
    write lock is taken at BEGIN. Both edits are kept."""
    file = tmp_path / "shared.cxdb"
    app = open_database(file, backup_folder=tmp_path / "backups")
    room = open_borrowed(str(file))
    client = workspace.add_client(app, "Harbourline")
    room_done = threading.Event()
    failures: list[BaseException] = []

    def rooms_write() -> None:
        try:
            workspace.add_client(room, "Written by the room")
        except BaseException as exc:  # pragma: no cover - the failure under test
            failures.append(exc)
        finally:
            room_done.set()

    try:
        with app.transaction() as s:
            s.execute(text("SELECT name FROM client WHERE id = :id"), {"id": client.id}).one()
            writer = threading.Thread(target=rooms_write)
            writer.start()
            room_done.wait(1.0)  # with the lock taken at BEGIN, it waits for us instead
            workspace.rename_client(app, client.id, "Harbourline Freight")
        writer.join(10)
        assert failures == []
        names = json.dumps(sorted(c.name for c, _engagements in workspace.list_clients(app)))
        assert names == json.dumps(["Harbourline Freight", "Written by the room"])
    finally:
        room.engine.dispose()
        app.close()


ROOMS_WRITE = textwrap.dedent(
    """
    import sys
    from cxdesk.store import workspace
    from cxdesk.store.database import open_borrowed

    room = open_borrowed(sys.argv[1])
    workspace.add_client(room, sys.argv[2])
    room.engine.dispose()  # its last connection closes, as the room's process ends
    """
)


def test_a_backup_while_the_room_writes_leaves_the_apps_view_of_the_file_whole(
    tmp_path: Path,
) -> None:
    """A backup reads the live file's header: opening and closing the file in the app's
    process released every lock SQLite held on it there (POSIX locks are per process), so
    the room's process, ending, took itself for the last one on the file and removed its
    log under the app's open connection: the app then saw none of the room's later
    answers, and a fresh look called the file malformed."""
    from cxdesk.store.backup_policy import BackupReason
    from cxdesk.store.backups import make_backup

    file = tmp_path / "live.cxdb"
    app = open_database(file, backup_folder=tmp_path / "backups")
    try:
        workspace.add_client(app, "Harbourline")  # the app's connection is open, in WAL

        def rooms_write(name: str) -> None:
            subprocess.run(
                [sys.executable, "-c", ROOMS_WRITE, str(file), name], check=True, cwd=ROOT
            )

        rooms_write("Before the backup")
        make_backup(file, tmp_path / "copies", BackupReason.START)
        rooms_write("After the backup")
        assert Path(f"{file}-wal").exists()  # the app still has it open
        rooms_write("Later still")
        names = sorted(c.name for c, _engagements in workspace.list_clients(app))
        assert names == ["After the backup", "Before the backup", "Harbourline", "Later still"]
    finally:
        app.close()
