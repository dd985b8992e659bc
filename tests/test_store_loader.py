"""Start-up's store loading: Python's switch interval is short only while the store
imports on its worker (so the first frame answers quickly), and is given back however
the loading ends: ready, failed, or the window closed first."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from cxdesk.store.database import open_database
from cxdesk.store.first_frame import FirstFrameReader
from cxdesk.store.sqlite_file import claim
from cxdesk.ui import store_loader
from cxdesk.ui.first_frame import FirstFrame
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.store_loader import LOADING_SWITCH_INTERVAL_S, StoreLoader

PYTHONS_DEFAULT_S = 0.005


@pytest.fixture(autouse=True)
def switch_interval() -> Iterator[None]:
    """Python's default interval for the test; whatever it was is set back after it."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(PYTHONS_DEFAULT_S)
    yield
    sys.setswitchinterval(before)


def assert_shortened() -> None:
    assert LOADING_SWITCH_INTERVAL_S < PYTHONS_DEFAULT_S
    assert sys.getswitchinterval() == LOADING_SWITCH_INTERVAL_S


class Starting:
    """A new workspace (made with plain sqlite3, as at a first start) in its first
    frame, with the store not loaded yet."""

    def __init__(self, qtbot: QtBot, path: Path, data: Path) -> None:
        backend, state = claim(path)
        state = backend.create(date(2026, 3, 2))
        settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
        reader = FirstFrameReader(path)
        self.window = MainWindow(None, settings, first_frame=FirstFrame(reader, settings, path))
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.loader = StoreLoader(
            self.window, self.window.attach, backend, state, reader, headless=True
        )


@pytest.fixture
def starting(qtbot: QtBot, tmp_path: Path, private_data_dir: Path) -> Iterator[Starting]:
    start = Starting(qtbot, tmp_path / "new.cxdb", private_data_dir)
    yield start
    start.window.close()
    start.loader.finish()


def test_the_interval_is_short_while_the_store_imports_and_as_before_once_ready(
    qtbot: QtBot, starting: Starting
) -> None:
    window = starting.window
    assert window.first_frame is not None
    rows = window.first_frame.matrix.model.rowCount()
    assert rows > 0  # the demo engagement's matrix, read with sqlite3
    with qtbot.waitSignal(starting.loader.ready, timeout=30_000):
        starting.loader.start()
        assert_shortened()
    assert sys.getswitchinterval() == PYTHONS_DEFAULT_S
    page = window.page
    assert page is not None  # the store is attached: the real page shows the same matrix
    qtbot.waitUntil(lambda: page.matrix.model.rowCount() == rows)  # read once it shows


def test_a_failed_import_gives_the_interval_back(
    qtbot: QtBot, starting: Starting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        store_loader, "TAB_MODULES", (*store_loader.TAB_MODULES, "cxdesk.ui.no_such_tab")
    )
    with qtbot.captureExceptions() as raised:
        starting.loader.start()
        assert_shortened()
        qtbot.waitUntil(lambda: bool(raised), timeout=30_000)
    assert isinstance(raised[0][1], ModuleNotFoundError)  # told by the error hook
    assert sys.getswitchinterval() == PYTHONS_DEFAULT_S
    assert not starting.window.isVisible()
    open_database(tmp_path / "new.cxdb").close()  # the file was let go


def test_closing_before_the_store_is_ready_gives_the_interval_back(starting: Starting) -> None:
    starting.loader.start()
    assert_shortened()
    starting.window.close()
    starting.loader.finish()
    assert sys.getswitchinterval() == PYTHONS_DEFAULT_S
    starting.loader.backend.release()
