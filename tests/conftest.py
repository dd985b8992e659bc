"""Test set-up: headless Qt, and a private data folder so no test touches real user data."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: render offscreen, so the suite runs with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import Engine, Table, update

from cxdesk.models.base import Base, table_of
from cxdesk.store import workspace
from cxdesk.store.database import Database, make_engine, open_database
from cxdesk.store.paths import DATA_DIR_ENV
from tests.ops_helpers import Colleague
from tests.postgres_server import PostgresServer, ServerUnavailable


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder (settings, backups, default database)."""
    folder = tmp_path / "cxdesk-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("CXDESK_HEADLESS", "1")
    return folder


class _Errors(logging.Handler):
    """Collects what CX Desk logs at ERROR or above during one test."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_error_or_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails when CX Desk logged an error it did not expect, or left a thread
    running: production turns a bug into a polite message and a log line, which would
    otherwise let the test that triggered it pass. A test that provokes an error on
    purpose says so with ``@pytest.mark.logs_errors``."""
    handler = _Errors()
    logger = logging.getLogger("cxdesk")
    logger.addHandler(handler)
    before = set(threading.enumerate())
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("logs_errors") is None:
        first = handler.records[0]
        pytest.fail(
            f"CX Desk logged {len(handler.records)} unexpected error(s); the first: "
            f"{first.name}: {first.getMessage()}"
            + (f"\n{logging.Formatter().formatException(first.exc_info)}" if first.exc_info else "")
        )
    left = [
        t
        for t in threading.enumerate()
        if t not in before and not isinstance(t, threading._DummyThread) and t.is_alive()
    ]
    for thread in left:
        thread.join(timeout=5)  # a worker finishing its last step is not a leak
    still = [t.name for t in left if t.is_alive()]
    if still:
        pytest.fail(f"The test left threads running: {', '.join(still)}")


@pytest.fixture(autouse=True)
def every_awaited_dialog_opened() -> Iterator[None]:
    """A test that said a dialog would open (ui_helpers.when_dialog_opens) fails if none
    did; its poller is stopped either way, so it cannot answer a later test's dialog."""
    yield
    helpers = sys.modules.get("tests.ui_helpers")  # only UI tests import it (and Qt)
    if helpers is not None and (left := helpers.dialogs_never_opened()):
        pytest.fail(f"{left} dialog(s) the test waited for never opened")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole session (tests/postgres_server.py),
    started by the first test that needs it and stopped at the end. Without PostgreSQL's
    binaries those tests skip, saying how to install them; in CI they fail instead, since
    CI is what proves the PostgreSQL backend works."""
    try:
        server = PostgresServer.start()
    except ServerUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the PostgreSQL tests, but no server could be started: {exc}")
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database for this test alone."""
    name = postgres_server.new_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def spare_workspaces() -> list[str]:
    """Databases at the head schema that a finished test left empty again (see below)."""
    return []


@pytest.fixture
def postgres_workspace_url(
    postgres_server: PostgresServer, spare_workspaces: list[str]
) -> Iterator[str]:
    """The URL of a PostgreSQL workspace at the head schema holding no one's rows, for this
    test alone: as a new one is, but emptied after an earlier test rather than made anew
    (making one, a database and its schema, takes about half a second; emptying one a
    few hundredths, and the both_backends tests are hundreds). It is made anew whenever
    it could not be emptied."""
    if spare_workspaces:
        name = spare_workspaces.pop()
    else:
        name = postgres_server.new_database()
        open_database(postgres_server.url(name)).close()  # the head schema
    yield postgres_server.url(name)
    try:
        postgres_server.empty_workspace(name)
    except Exception:
        postgres_server.drop_database(name)
    else:
        spare_workspaces.append(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.cxdb"


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test (or module) marked ``both_backends`` runs once on a SQLite file and once on
    a PostgreSQL database: its ``db`` (and ``other``) are of each backend in turn. A test
    of such a module marked ``sqlite_only`` (with why) runs on SQLite alone."""
    marked = metafunc.definition.get_closest_marker
    if "backend" in metafunc.fixturenames and marked("both_backends"):
        if marked("sqlite_only"):
            return
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Where ``db`` lives: "sqlite" unless the test is marked ``both_backends``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def workspace_address(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """What ``db`` was opened from: the SQLite file's path, or the PostgreSQL URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("postgres_workspace_url"))
    return db_path


@pytest.fixture
def db(workspace_address: Path | str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(workspace_address, backup_folder=tmp_path / "backups")
    yield database
    database.close()


@pytest.fixture
def other(workspace_address: Path | str) -> Iterator[Engine]:
    """A second writer on the test's database: a colleague, a phone, another window.
    It connects on first use, so the file may be made after it (``db``, a copied demo)."""
    if isinstance(workspace_address, str):
        from cxdesk.store.database import store_engine
        from cxdesk.store.server_database import ServerDatabase

        engine = store_engine(ServerDatabase(workspace_address).create_engine())
    else:
        engine = make_engine(workspace_address)
    yield engine
    engine.dispose()


@pytest.fixture
def colleague(other: Engine) -> Colleague:
    """``colleague(Entity_or_table, row_id, **values)``: a colleague changes that row on
    their own connection (``other``) and commits, as another window or device would."""

    def write(target: type[Base] | Table, row_id: int, **values: object) -> None:
        table = target if isinstance(target, Table) else table_of(target)
        with other.begin() as conn:
            conn.execute(update(table).where(table.c.id == row_id).values(**values))

    return write


@pytest.fixture
def engagement_id(db: Database) -> int:
    """One client with one engagement and nothing in it yet. A module that needs more in
    it (milestones, say) overrides this fixture, taking this one as its argument."""
    client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
    return workspace.add_engagement(db, client.id, "ERP rollout").id


@pytest.fixture
def window_engagement() -> int | None:
    """The engagement ``window`` opens on; made before it opens, so the window shows it as
    a person finds it at start (it shows the first engagement there is). None here: an
    empty workspace. A module overrides this to return its own, e.g. ``engagement_id``."""
    return None


@pytest.fixture
def window(open_window, qtbot, db: Database, window_engagement: int | None):  # type: ignore[no-untyped-def]
    """A main window on ``db``, showing ``window_engagement``."""
    window = open_window(db)
    if window_engagement is not None:
        qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == window_engagement)
    return window


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
