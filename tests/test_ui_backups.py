"""Automatic backups, File > Restore from backup… and the damaged-file offer, driven with
qtbot through the real main window."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.store import backups as bk
from cxdesk.store import workspace as ws
from cxdesk.store.backup_policy import BackupInfo, BackupReason
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.ui import backup_restore, backup_worker
from cxdesk.ui.backup_restore import RestoreDialog, offer_recovery
from tests.store_reads import get_item
from tests.ui_helpers import file_menu_action, when_dialog_opens


@pytest.fixture(autouse=True)
def quick_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_worker, "START_DELAY_MS", 0)


def names(db: Database) -> list[str]:
    return [c.name for c, _ in ws.list_clients(db)]


def message_box(qtbot: Any) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "backup-message"
        ]
        found[:] = boxes
        return bool(boxes)

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def test_a_backup_is_made_on_start_only_when_the_data_changed(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    ws.add_client(db, "Zoë Łukasiewicz")
    window = open_window(db)
    scheduler = window.backups
    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as made:
        pass
    first = made.args[0]
    assert isinstance(first, BackupInfo)
    assert first.reason is BackupReason.START
    assert first.clients == 1
    assert first.path.parent == bk.default_backup_folder(db.path)
    # The same data again: the next start makes none.
    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as again:
        scheduler.backup_now(BackupReason.START)
    assert again.args[0] is None
    assert len(bk.list_backups(scheduler.folder(), db.path)) == 1


def test_backups_every_interval_only_while_editing(
    qtbot: Any, db: Database, open_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_worker, "EDITING_INTERVAL_MS", 100)
    window = open_window(db)
    scheduler = window.backups
    qtbot.waitSignal(scheduler.backedUp, timeout=10000).wait()  # the start one
    qtbot.waitUntil(lambda: not scheduler.busy())
    assert not scheduler.dirty
    for _ in range(3):  # three ticks with no edits (counted, not slept): no backup
        with qtbot.waitSignal(scheduler.timer.timeout, timeout=5000):
            pass
        assert not scheduler.busy()
    assert len(bk.list_backups(scheduler.folder(), db.path)) == 1

    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as made:
        window.ws.add_client("Ελένη")  # through the undo stack, as a person's edit
    assert made.args[0].reason is BackupReason.EDITING
    assert made.args[0].clients == 1


def test_back_up_now_from_the_menu(qtbot: Any, db: Database, open_window: Any) -> None:
    window = open_window(db)
    scheduler = window.backups
    qtbot.waitSignal(scheduler.backedUp, timeout=10000).wait()
    qtbot.waitUntil(lambda: not scheduler.busy())
    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as made:
        file_menu_action(window, "Back up now").trigger()
    assert made.args[0].reason is BackupReason.MANUAL


def test_a_failed_backup_is_told_in_the_status_bar(
    qtbot: Any,
    db: Database,
    open_window: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    # The backups folder cannot be made (a file stands in its way) from the first backup on.
    monkeypatch.setattr(bk, "default_backup_folder", lambda _path: blocker / "backups")
    monkeypatch.setattr(backup_worker, "START_DELAY_MS", 300)
    window = open_window(db)
    scheduler = window.backups
    with qtbot.waitSignal(scheduler.failed, timeout=10000) as failed:
        pass
    assert "backups folder" in failed.args[0]
    assert "automatic backup failed" in window.statusBar().currentMessage()
    assert scheduler.dirty, "tried again at the next tick"


def make_history(qtbot: Any, db: Database, open_window: Any) -> tuple[Any, BackupInfo]:
    ws.add_client(db, "Zoë Łukasiewicz")
    window = open_window(db)
    scheduler = window.backups
    qtbot.waitSignal(scheduler.backedUp, timeout=10000).wait()
    qtbot.waitUntil(lambda: not scheduler.busy())
    (chosen,) = bk.list_backups(scheduler.folder(), db.path)
    window.ws.add_client("R&D <core>")
    return window, chosen


def open_dialog(qtbot: Any, window: Any) -> RestoreDialog:
    file_menu_action(window, "Restore from backup…").trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_restore_from_the_menu(qtbot: Any, db: Database, open_window: Any) -> None:
    window, chosen = make_history(qtbot, db, open_window)
    dialog = open_dialog(qtbot, window)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[1:4] == ["On start", "1", "0"]
    assert row[0] == backup_restore.when(chosen.created)
    assert dialog.restore_button.isEnabled(), "the newest good one is selected"

    dialog.restore_button.click()
    assert dialog.confirm is not None
    text = dialog.confirm.text() + dialog.confirm.informativeText()
    assert "1 client and 0 engagements" in text
    assert "backup of your data as it is now" in text
    (restore,) = [b for b in dialog.confirm.buttons() if b.text() == "&Restore"]
    restore.click()

    box = message_box(qtbot)
    assert "Restored the backup" in box.text()
    assert window.ws.db is not db, "reopened"
    assert names(window.ws.db) == ["Zoë Łukasiewicz"]
    model = window.navigator.model
    shown = [model.item(r).data(0) for r in range(model.rowCount())]
    assert shown == ["Zoë Łukasiewicz"], "the navigator shows the restored data"
    listed = bk.list_backups(window.backups.folder(), window.ws.db.path)
    before = [b for b in listed if b.reason is BackupReason.BEFORE_RESTORE]
    assert len(before) == 1
    assert before[0].clients == 2
    box.close()
    # Still editable after the restore, and its edits are watched for the next backup.
    window.ws.add_client("Фёдор")
    assert window.backups.dirty


def test_cancelling_the_confirmation_changes_nothing(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    window, _chosen = make_history(qtbot, db, open_window)
    before = names(window.ws.db)
    dialog = open_dialog(qtbot, window)
    dialog.restore_button.click()
    assert dialog.confirm is not None
    dialog.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()
    dialog.reject()
    assert window.ws.db is db
    assert names(db) == before == ["R&D <core>", "Zoë Łukasiewicz"]


def test_a_refused_restore_says_why_and_reopens_the_file_unchanged(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    import sqlite3
    from contextlib import closing

    window, chosen = make_history(qtbot, db, open_window)
    with closing(sqlite3.connect(chosen.path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    before = names(window.ws.db)
    assert backup_restore.start_restore(window.backups, chosen)
    box = message_box(qtbot)
    assert box.windowTitle() == "Restore failed"
    assert "newer version of CX Desk" in box.text()
    assert chosen.path.name in box.text()
    assert names(window.ws.db) == before
    box.close()


def test_an_unreadable_backup_is_shown_but_cannot_be_chosen(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    window, chosen = make_history(qtbot, db, open_window)
    chosen.path.write_bytes(b"not a database at all")
    dialog = open_dialog(qtbot, window)
    assert dialog.table.item(0, 1).text() == "Unreadable"
    dialog.table.selectRow(0)
    assert dialog.selected() is None
    assert not dialog.restore_button.isEnabled()
    assert "Cannot be restored" in dialog.table.item(0, 0).toolTip()
    dialog.reject()


def test_closing_the_window_waits_for_a_running_backup(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    window = open_window(db)
    scheduler = window.backups
    scheduler.backup_now(BackupReason.MANUAL, only_if_changed=False)
    window.close()
    assert scheduler.tasks.active_threads() == 0


# --- the damaged database at start-up -------------------------------------------------


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged_with_backup(db_path: Path, folder: Path) -> DatabaseRefused:
    with open_database(db_path, backup_folder=folder) as db:
        ws.add_client(db, "Zoë Łukasiewicz")
        bk.make_backup(db_path, folder, BackupReason.EDITING)
    data = bytearray(db_path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused) as refused:
        open_database(db_path, backup_folder=folder)
    assert refused.value.reason is RefusalReason.DAMAGED
    return refused.value


def answer(qtbot: QtBot, button_text: str) -> None:
    """Click the button of that text on the next message box."""

    def click(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    when_dialog_opens(qtbot, click)


def test_recovery_sets_the_damaged_file_aside_and_opens_the_backup(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    refusal = damaged_with_backup(db_path, folder)
    damaged = sha(db_path)
    answer(qtbot, "&Open the backup")
    assert offer_recovery(refusal, db_path, backup_folder=folder) == db_path
    (aside,) = tmp_path.glob("workspace.cxdb.damaged-*")
    assert sha(aside) == damaged
    with open_database(db_path, backup_folder=folder) as db:
        assert names(db) == ["Zoë Łukasiewicz"]


def test_declining_recovery_leaves_the_damaged_file_where_it_is(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    refusal = damaged_with_backup(db_path, folder)
    damaged = sha(db_path)
    answer(qtbot, "&Quit")
    assert offer_recovery(refusal, db_path, backup_folder=folder) is None
    assert sha(db_path) == damaged
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_failed_recovery_puts_the_damaged_file_back(
    qtbot: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    refusal = damaged_with_backup(db_path, folder)
    damaged = sha(db_path)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise bk.BackupError("The backup could not be copied (test).")

    monkeypatch.setattr(bk, "restore_backup", fail)
    answer(qtbot, "&Open the backup")
    answer(qtbot, "OK")  # the message saying why
    assert offer_recovery(refusal, db_path, backup_folder=folder) is None
    assert sha(db_path) == damaged
    assert not list(tmp_path.glob("*.damaged-*"))


def test_an_emptied_file_with_backups_is_not_a_new_workspace(qtbot: Any, db_path: Path) -> None:
    """Emptied by a crash or another program: starting afresh in it would lose the work
    (and its backups would soon be thinned away), so the backup is offered instead."""
    folder = bk.default_backup_folder(db_path)
    with open_database(db_path, backup_folder=folder) as db:
        ws.add_client(db, "Фёдор")
        bk.make_backup(db_path, folder, BackupReason.EDITING)
    db_path.write_bytes(b"")
    with pytest.raises(DatabaseRefused) as refused:
        open_database(db_path)
    assert refused.value.reason is RefusalReason.DAMAGED
    assert "empty" in refused.value.message
    answer(qtbot, "&Open the backup")
    assert offer_recovery(refused.value, db_path) == db_path
    with open_database(db_path) as db:
        assert names(db) == ["Фёдор"]


def test_a_file_overwritten_with_junk_is_offered_its_backup(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    with open_database(db_path, backup_folder=folder) as db:
        ws.add_client(db, "Ελένη")
        bk.make_backup(db_path, folder, BackupReason.EDITING)
    data = bytearray(db_path.read_bytes())
    data[:100] = bytes(100)  # the header zeroed: "not a database at all"
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused) as refused:
        open_database(db_path, backup_folder=folder)
    assert refused.value.reason is RefusalReason.NOT_SQLITE
    answer(qtbot, "&Open the backup")
    assert offer_recovery(refused.value, db_path, backup_folder=folder) == db_path
    assert len(list(tmp_path.glob("workspace.cxdb.damaged-*"))) == 1
    with open_database(db_path, backup_folder=folder) as db:
        assert names(db) == ["Ελένη"]


def test_no_offer_without_a_good_backup_or_for_other_refusals(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    refusal = damaged_with_backup(db_path, folder)
    for backup in folder.iterdir():
        backup.write_bytes(b"junk")
    assert offer_recovery(refusal, db_path, backup_folder=folder) is None
    other = DatabaseRefused(RefusalReason.NEWER_VERSION, db_path, "newer")
    assert offer_recovery(other, db_path, backup_folder=folder) is None


def test_the_window_backs_up_from_the_start_and_offers_restore_in_the_file_menu(
    qtbot: Any, db: Database, open_window: Any
) -> None:
    """The window makes its backups before its first workspace; they follow it."""
    ws.add_client(db, "Zoë Łukasiewicz")
    window = open_window(db)
    scheduler = window.backups
    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as made:
        pass
    assert made.args[0].clients == 1
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert texts.index("Restore &from backup…") < texts.index("&Quit")


def test_the_list_says_when_a_matrix_level_was_last_edited(
    qtbot: Any, db: Database, open_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup list's "Last edit" was the newest *_at time in the data, and a matrix
    level has none: a backup at 06:16 after a level typed at 06:15 said 06:09. A backup
    made by an older CX Desk still shows its newest time, saying the edit may be later."""
    import sqlite3
    from contextlib import closing
    from datetime import datetime

    from cxdesk.store import expectations, last_change

    client = ws.add_client(db, "Pomorze Zdrowie")
    engagement = ws.add_engagement(db, client.id, "e-Rejestracja")
    item = expectations.add_item(db, engagement.id, expects="Morning re-keying")
    window = open_window(db)
    scheduler = window.backups
    qtbot.waitSignal(scheduler.backedUp, timeout=10000).wait()  # the start one
    qtbot.waitUntil(lambda: not scheduler.busy())
    # That backup as an older CX Desk (schema 0006, no recorded time) would have left it.
    (start,) = bk.list_backups(scheduler.folder(), db.path)
    older = start.path.with_name("workspace-start-20260101-090000.cxdb")
    older.write_bytes(start.path.read_bytes())
    with closing(sqlite3.connect(older)) as conn:
        conn.execute("DROP TABLE last_change")
        conn.execute("UPDATE alembic_version SET version_num = '0006_toolkit'")
        conn.commit()

    edited = datetime(2026, 12, 7, 6, 15, 42)  # naive UTC, as stored
    monkeypatch.setattr(last_change, "now", lambda: edited)
    tab = window.page.matrix
    tab.view.setCurrentIndex(tab.index_of(item.id, "delivered_level"))
    tab.view.setFocus()
    qtbot.keyClicks(tab.view, "3")
    assert get_item(db, item.id).delivered_level == 3
    with qtbot.waitSignal(scheduler.backedUp, timeout=10000) as made:
        file_menu_action(window, "Back up now").trigger()
    assert made.args[0].last_edit == edited

    dialog = open_dialog(qtbot, window)
    column = backup_restore.COLUMNS.index("Last edit")
    rows = [
        (dialog.table.item(r, 1).text(), dialog.table.item(r, column))
        for r in range(dialog.table.rowCount())
    ]
    assert [made for made, _item in rows] == ["Made by hand", "On start", "On start"]
    local_edit = backup_restore.local(edited)
    assert local_edit is not None
    assert rows[0][1].text() == backup_restore.when(local_edit)  # the level's time
    assert not rows[1][1].text().endswith("or later")  # recorded, at set-up
    older_row = rows[2][1]
    assert older_row.text().endswith(" or later")
    assert "older CX Desk" in older_row.toolTip()
    dialog.reject()
