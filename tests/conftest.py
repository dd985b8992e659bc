"""Test set-up: headless Qt, and a private data folder so no test touches real user data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: render offscreen, so the suite runs with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from cxdesk.store.database import Database, open_database
from cxdesk.store.paths import DATA_DIR_ENV


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder (settings, backups, default database)."""
    folder = tmp_path / "cxdesk-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("CXDESK_HEADLESS", "1")
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.cxdb"


@pytest.fixture
def db(db_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_database(db_path, backup_folder=tmp_path / "backups")
    yield database
    database.close()


@pytest.fixture
def open_window(qtbot, private_data_dir: Path):  # type: ignore[no-untyped-def]
    """Show a main window on ``db`` with the test's private settings; closed after the test."""
    from PySide6.QtCore import QSettings

    from cxdesk.ui.main_window import MainWindow

    def make(database: Database) -> MainWindow:
        settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(database, settings)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        # Offscreen, a second window in one test starts inactive and would get no keys.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return make
