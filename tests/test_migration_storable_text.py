"""Schema 0008: text an older release stored against today's rule is made storable.

Older releases refused only NUL, so a workspace can hold the vertical tab PowerPoint puts
on the clipboard for a line break, or an ESC. The store now refuses those on every
statement, undo's re-inserts included: before 0008, deleting such an expectation and
undoing the delete failed with a refusal and the expectation stayed deleted.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from cxdesk.models.constraints import storable, storable_version
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops import perform, revert
from cxdesk.store import expectations, workspace
from cxdesk.store.database import open_database
from cxdesk.store.engagement_file import export_engagement, read_engagement_file
from tests.db_dump import CLOSING_THE_LOOP
from tests.store_reads import content, get_item


def legacy_workspace(path: Path) -> tuple[int, int]:
    """A 0007 workspace holding text as an older release stored it; (engagement, item)."""
    with open_database(path, backup_folder=path.parent / "backups") as db:
        client = workspace.add_client(db, "Acme")
        engagement = workspace.add_engagement(db, client.id, "Portal")
        item = expectations.add_item(db, engagement.id, expects="Slides", owner="Ola")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "UPDATE expectation_item SET expects = ?, notes = ? WHERE id = ?",
            ("First line\x0bsecond line", "Esc \x1b and bell \x07", item.id),
        )
        # Two names apart only by a control character stay apart.
        conn.executemany(
            "INSERT INTO client (name, created_at) VALUES (?, CURRENT_TIMESTAMP)",
            [("Acme\x02",), ("Acme\x03",)],
        )
        # Back to schema 0007: without what 0009 added (row versions and their counter)
        # nor what 0011 added (a pulse check's side) nor 0013 (who changed a row, when)
        # nor 0014 (closing the loop's tables, and its triggers on the tables they link)
        # nor 0015 (an engagement's toolkit language).
        conn.execute("ALTER TABLE engagement DROP COLUMN toolkit_language")
        for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE '%keeps_loop_links%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        for table in reversed(CLOSING_THE_LOOP):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP TABLE change_counter")
        conn.execute("ALTER TABLE pulse_check DROP COLUMN side")
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            if "version" in columns:
                for added in ("version", "changed_by", "changed_at"):
                    conn.execute(f"ALTER TABLE {table} DROP COLUMN {added}")
        conn.execute("UPDATE alembic_version SET version_num = '0007_last_change'")
        conn.commit()
    return engagement.id, item.id


def test_storable_version_keeps_what_was_meant() -> None:
    assert storable_version("a\x0bb\x0cc") == "a\nb\nc"
    assert storable_version("\x1b") == "\u241b"  # ␛: seen, never blank
    assert storable_version("x\uffffy") == "x\ufffdy"
    assert storable_version("Zoë 😀\t\n") == "Zoë 😀\t\n"  # storable text is left alone


def test_opening_an_older_workspace_cleans_its_text(tmp_path: Path) -> None:
    path = tmp_path / "w.cxdb"
    engagement_id, item_id = legacy_workspace(path)
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        item = get_item(db, item_id)
        assert item is not None
        assert item.expects == "First line\nsecond line"
        assert item.notes == "Esc \u241b and bell \u2407"
        assert item.owner == "Ola"  # untouched
        names = sorted(client.name for client, _engagements in workspace.list_clients(db))
        assert names == ["Acme", "Acme\u2402", "Acme\u2403"]  # still three, still apart
        assert all(storable(name) for name in names)

        # The loss the rule caused: delete, then undo, must bring the row back.
        delete = matrix_ops.delete_items(engagement_id, [item_id])
        assert delete is not None
        deleted = perform(db, delete)
        assert expectations.list_items(db, engagement_id) == []
        revert(db, deleted)
        # The row as it was; who changed it last and when are the undo's.
        assert [content(i) for i in expectations.list_items(db, engagement_id)] == [content(item)]

    # And the workspace travels: its engagement file is read back by this release.
    out = tmp_path / "portal.cxdesk"
    export_engagement(path, engagement_id, out)
    assert read_engagement_file(out) is not None
