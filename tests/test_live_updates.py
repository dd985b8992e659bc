"""Live updates between windows on one team workspace (issue 18): a colleague's edit
shows in the other window within 2 seconds (PostgreSQL NOTIFY, or polling where LISTEN
is refused); the listener ends with its window; a server that goes away is told in
words and heard again when it is back."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cxdesk.models.journey import JourneyPhase
from cxdesk.ops import ChangeSet
from cxdesk.ops.live_changes import everything, heard, notice_of, together
from cxdesk.store import change_feed, expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.server_database import SERVER_GONE
from cxdesk.ui.live_updates import LiveUpdates
from cxdesk.ui.main_window import SERVER_BACK, MainWindow
from cxdesk.ui.matrix.model import ExpectationTableModel
from cxdesk.ui.workspace import Workspace
from tests.postgres_server import PostgresServer
from tests.ui_helpers import open_editor

FEED = "cxdesk-change-feed"
OpenWindow = Callable[[Database], MainWindow]


def live(window: MainWindow) -> LiveUpdates:
    assert window.ws is not None
    assert window.ws.live is not None
    return window.ws.live


def ws(window: MainWindow) -> Workspace:
    assert window.ws is not None
    return window.ws


def matrix(window: MainWindow) -> ExpectationTableModel:
    assert window.page is not None
    return window.page.matrix.model


def feeds() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == FEED and t.is_alive()]


# -- the notice ---------------------------------------------------------------------


def test_a_notice_names_tables_ids_and_engagements_and_its_own_is_ignored() -> None:
    changes = ChangeSet(
        created={"expectation_item": frozenset({7})},
        updated={"engagement": frozenset({2})},
        deleted={"milestone": frozenset({3, 4})},
        engagements=frozenset({2}),
    )
    payload = notice_of("window-a", changes)
    assert heard(payload, "window-b") == changes
    assert heard(payload, "window-a") is None  # told its screens already


def test_a_change_too_big_for_notify_is_sent_as_its_tables() -> None:
    ids = frozenset(range(1_000_000, 1_002_000))  # 2,000 ids: some 16,000 bytes
    changes = ChangeSet(
        created={"expectation_item": ids},
        updated={"engagement": frozenset({2})},
        engagements=frozenset({2}),
    )
    payload = notice_of("window-a", changes)
    assert len(payload.encode()) < 8000
    got = heard(payload, "window-b")
    assert got is not None
    assert got.whole == {"expectation_item", "engagement"}
    assert got.reshapes("expectation_item")
    assert got.touches("engagement")
    assert got.concerns(2)
    assert not got.concerns(3)


def test_notices_heard_together_are_one_change() -> None:
    first = ChangeSet(updated={"expectation_item": frozenset({1})}, engagements=frozenset({2}))
    second = ChangeSet(
        created={"expectation_item": frozenset({5})},
        updated={"expectation_item": frozenset({3})},
        engagements=frozenset({4}),
    )
    quiz = ChangeSet(updated={"quiz": frozenset({9})})  # names no engagement
    assert together([first, second]) == ChangeSet(
        created={"expectation_item": frozenset({5})},
        updated={"expectation_item": frozenset({1, 3})},
        engagements=frozenset({2, 4}),
    )
    every = together([first, quiz])
    assert every.concerns(7)  # as the quiz's change does
    assert every.touches("quiz", "expectation_item")
    assert together([first, everything()]).whole == everything().whole


def test_a_notice_it_cannot_read_makes_every_screen_read_again() -> None:
    got = heard("not json", "window-b")
    assert got == everything()
    assert got is not None
    assert got.reshapes("expectation_item", "client", "engagement")


# -- two windows on one server ------------------------------------------------------


@pytest.fixture
def team(postgres_url: str, tmp_path: Path) -> Iterator[Callable[[], Database]]:
    """Opens the test's PostgreSQL workspace once more per call (one per window)."""
    opened: list[Database] = []

    def open_one() -> Database:
        db = open_database(postgres_url, backup_folder=tmp_path / "backups")
        opened.append(db)
        return db

    yield open_one
    for db in opened:
        db.close()


@pytest.fixture
def shared_engagement(team: Callable[[], Database]) -> int:
    db = team()
    client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
    engagement = workspace.add_engagement(db, client.id, "ERP rollout")
    expectations.add_item(db, engagement.id, expects="Weekly status call")
    return engagement.id


def shown_expects(window: MainWindow) -> list[str]:
    model = matrix(window)
    return [model.item(row).expects for row in range(model.rowCount())]


def panel(window: MainWindow) -> list[str]:
    """The engagements the clients panel lists."""
    assert window.navigator is not None
    model = window.navigator.model
    return [
        model.item(row).child(child).text()
        for row in range(model.rowCount())
        for child in range(model.item(row).rowCount())
    ]


def two_windows(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], engagement_id: int
) -> tuple[MainWindow, MainWindow]:
    mine, theirs = open_window(team()), open_window(team())
    for window in (mine, theirs):
        shown_on(qtbot, window, engagement_id)
    return mine, theirs


def shown_on(qtbot: QtBot, window: MainWindow, engagement_id: int) -> None:
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    qtbot.waitUntil(lambda: shown_expects(window) == ["Weekly status call"])
    qtbot.waitUntil(live(window).feed.ready.is_set)


def charts_read(qtbot: QtBot, window: MainWindow) -> None:
    page = window.page
    assert page is not None
    qtbot.waitUntil(lambda: page.matrix.charts is not None)


def test_an_edit_in_one_window_shows_in_the_other_within_two_seconds(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], shared_engagement: int
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    seen: list[ChangeSet] = []
    ws(mine).changed.connect(seen.append)

    item = matrix(theirs).item(0)
    assert ws(theirs).edit_item(item, "expects", "Daily status call") is not None
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)
    # The row was re-read, not the whole list; and the other window heard itself once.
    assert seen[-1].updated == {"expectation_item": frozenset({item.id})}

    added = ws(theirs).add_item(shared_engagement, expects="Steering committee")
    assert added is not None
    qtbot.waitUntil(
        lambda: shown_expects(mine) == ["Daily status call", "Steering committee"], timeout=2000
    )
    # Undo in the other window: it goes here too.
    ws(theirs).undo_stack.undo()
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)
    # Its own notices: each edit told its screens once, never a second time.
    assert shown_expects(theirs) == ["Daily status call"]


def test_a_colleagues_edit_never_overwrites_what_is_being_typed(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    assert mine.page is not None
    tab = mine.page.matrix
    item = matrix(mine).item(0)
    index = tab.index_of(item.id, "expects")
    tab.view.setCurrentIndex(index)
    tab.view.edit(index)
    editor = open_editor(tab.view)
    assert isinstance(editor, QPlainTextEdit)
    qtbot.keyClicks(editor, " on Mondays")  # type: ignore[no-untyped-call]
    # The colleague changes another cell of the row, then the very cell being typed in.
    theirs_item = matrix(theirs).item(0)
    saved = ws(theirs).edit_item(theirs_item, "needs", "A written summary")
    assert saved is not None
    qtbot.waitUntil(lambda: matrix(mine).item(0).needs == "A written summary")
    assert editor.toPlainText() == "Weekly status call on Mondays"
    ws(theirs).edit_item(saved, "expects", "Fortnightly status call")
    qtbot.waitUntil(lambda: matrix(mine).item(0).expects == "Fortnightly status call")
    assert matrix(mine).item(0).needs == "A written summary"
    assert open_editor(tab.view) is editor  # still open, with what was typed
    assert editor.toPlainText() == "Weekly status call on Mondays"
    # Enter: not saved over the colleague's text unseen; told, and kept on the clipboard.
    told: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: told.append(text)
    )
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert len(told) == 1
    assert "“Fortnightly status call”" in told[0]
    assert "“Weekly status call on Mondays”" in told[0]
    assert QApplication.clipboard().text() == "Weekly status call on Mondays"
    stored = expectations.get_items(ws(theirs).db, [item.id])[0]
    assert stored.expects == "Fortnightly status call"
    assert stored.needs == "A written summary"


def test_a_colleagues_edit_of_another_cell_does_not_stop_saving_mine(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], shared_engagement: int
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    assert mine.page is not None
    tab = mine.page.matrix
    item = matrix(mine).item(0)
    tab.view.setCurrentIndex(tab.index_of(item.id, "expects"))
    tab.view.edit(tab.index_of(item.id, "expects"))
    editor = open_editor(tab.view)
    qtbot.keyClicks(editor, " on Mondays")  # type: ignore[no-untyped-call]
    ws(theirs).edit_item(matrix(theirs).item(0), "needs", "A written summary")
    qtbot.waitUntil(lambda: matrix(mine).item(0).needs == "A written summary")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    stored = expectations.get_items(ws(theirs).db, [item.id])[0]
    assert stored.expects == "Weekly status call on Mondays"
    assert stored.needs == "A written summary"


def test_a_burst_of_notices_reaches_the_screens_as_one_change(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], shared_engagement: int
) -> None:
    mine, _theirs = two_windows(open_window, qtbot, team, shared_engagement)
    seen: list[ChangeSet] = []
    ws(mine).changed.connect(seen.append)
    burst = [
        ChangeSet(updated={"expectation_item": frozenset({n})}, engagements=frozenset({2}))
        for n in (1, 2, 3)
    ]
    with qtbot.waitSignal(ws(mine).changed, timeout=2000):
        for changes in burst:  # as the feed's thread hands them over, one by one
            live(mine)._heard.emit(notice_of("a colleague", changes))
    assert seen == [together(burst)]


def test_the_demo_engagement_added_in_one_window_shows_in_the_other(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], shared_engagement: int
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    theirs.add_demo()  # Help > Add the demo engagement: the store writes it, no operation
    shown = theirs.shown_engagement()
    assert shown is not None
    assert shown.id != shared_engagement
    qtbot.waitUntil(lambda: shown.name in panel(mine), timeout=2000)
    assert getattr(mine.shown_engagement(), "id", None) == shared_engagement  # still


def test_a_change_too_big_to_list_is_read_again_whole(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    monkeypatch.setattr(change_feed, "MAX_PAYLOAD_BYTES", 120)  # every notice: tables only
    item = matrix(theirs).item(0)
    ws(theirs).edit_item(item, "expects", "Daily status call")
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)


def test_clients_and_engagements_follow_a_change_too_big_to_list(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    monkeypatch.setattr(change_feed, "MAX_PAYLOAD_BYTES", 120)  # every notice: tables only
    engagement = theirs.shown_engagement()
    assert engagement is not None
    ws(theirs).rename_engagement(engagement, "ERP rollout, phase 2")
    client_id = ws(theirs).add_client("Acme")
    assert client_id is not None
    new = ws(theirs).add_engagement(
        client_id, "Support desk", JourneyPhase(engagement.journey_phase)
    )
    assert new is not None

    qtbot.waitUntil(lambda: sorted(panel(mine)) == sorted(panel(theirs)), timeout=2000)
    assert "Support desk" in " ".join(panel(mine))
    page = mine.page
    assert page is not None
    qtbot.waitUntil(lambda: "phase 2" in page.title.text(), timeout=2000)
    # The person's place is kept: the engagement shown is still the one shown.
    assert getattr(mine.shown_engagement(), "id", None) == shared_engagement


def test_the_listener_stops_with_its_window(
    open_window: OpenWindow, qtbot: QtBot, team: Callable[[], Database], shared_engagement: int
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    assert len(feeds()) == 2
    mine.close()
    assert len(feeds()) == 1  # gone when close() returns, not later
    theirs.close()
    assert feeds() == []


def refuse_listen(monkeypatch: pytest.MonkeyPatch) -> None:
    """LISTEN refused as a pooler in transaction mode or a locked-down server may."""
    real = change_feed.ChangeFeed._listen_or_poll

    def refused(self: change_feed.ChangeFeed) -> None:
        import psycopg

        def listen_refused(*_args: object) -> None:
            raise psycopg.errors.FeatureNotSupported("LISTEN is not supported")

        self._conn.execute = listen_refused
        try:
            real(self)
        finally:
            del self._conn.execute

    monkeypatch.setattr(change_feed.ChangeFeed, "_listen_or_poll", refused)


def test_polling_where_listen_is_refused(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refuse_listen(monkeypatch)
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    assert live(mine).feed.mode == "poll"
    item = matrix(theirs).item(0)
    ws(theirs).edit_item(item, "expects", "Daily status call")
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)


def test_polling_does_not_reread_this_windows_own_edits(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Polling sees that something changed, not who changed it: each of my own edits
    came back a second later as a colleague's, every screen reading everything again."""
    refuse_listen(monkeypatch)
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    assert live(mine).feed.mode == live(theirs).feed.mode == "poll"
    reread: dict[str, list[ChangeSet]] = {"mine": [], "theirs": []}
    live(mine).received.connect(reread["mine"].append)
    live(theirs).received.connect(reread["theirs"].append)

    item = matrix(mine).item(0)
    assert ws(mine).edit_item(item, "expects", "Daily status call") is not None
    added = ws(mine).add_item(shared_engagement, expects="Steering committee")
    assert added is not None
    ws(mine).undo_stack.undo()  # an undo is mine too
    # Their window sees my edits (a colleague's, to it) ...
    qtbot.waitUntil(lambda: shown_expects(theirs) == ["Daily status call"], timeout=3000)
    # ... and mine, two looks after them, has re-read nothing.
    feed = live(mine).feed
    looked = feed.polls
    qtbot.waitUntil(lambda: feed.polls >= looked + 2, timeout=5000)
    qtbot.waitUntil(lambda: not live(mine)._hand_over.isActive())
    assert reread["mine"] == []
    assert reread["theirs"] != []

    # A colleague's edit still shows here, and is re-read once.
    ws(theirs).edit_item(matrix(theirs).item(0), "expects", "Weekly call")
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Weekly call"], timeout=2000)
    assert len(reread["mine"]) == 1


def test_a_colleagues_change_between_two_of_mine_is_not_taken_for_mine(
    team: Callable[[], Database],
) -> None:
    """The row versions link my transactions only: one of anybody else's in between
    breaks the chain, whatever came after it."""
    from sqlalchemy import text

    from cxdesk.store.own_writes import own_writes

    mine, colleague = team(), team()
    writes = own_writes(mine.engine)
    writes.watched.set()

    def version() -> str | None:
        with mine.engine.connect() as conn:
            found = conn.execute(text("SELECT xmin::text FROM last_change WHERE id = 1"))
            return found.scalar()

    workspace.add_client(mine, "First")  # the row exists from here on
    seen = version()
    workspace.add_client(mine, "Mine")
    workspace.add_client(colleague, "Theirs")
    workspace.add_client(mine, "Mine again")
    now = version()
    assert not writes.only_own(seen, now)

    seen = now
    client = workspace.add_client(mine, "Mine once more")
    workspace.rename_client(mine, client.id, "Renamed by me")
    assert writes.only_own(seen, version())


def test_a_server_that_goes_away_is_told_in_words_and_heard_again(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Callable[[], Database],
    shared_engagement: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    mine, theirs = two_windows(open_window, qtbot, team, shared_engagement)
    told: list[str] = []
    ws(mine).liveStatusChanged.connect(told.append)
    # The server ends every connection of this window's listener (as a restart does),
    # and refuses new ones for a while.
    monkeypatch.setattr(change_feed, "RETRY_SECONDS", 0.5)
    feed = live(mine).feed
    connect = feed._connect
    refusing = threading.Event()
    refusing.set()

    def unreachable() -> Any:
        if refusing.is_set():
            return connect_to_nowhere()
        return connect()

    def connect_to_nowhere() -> Any:
        from cxdesk.store.server_database import ServerDatabase

        return ServerDatabase("postgresql+psycopg:///nowhere?host=/nonexistent").connect()

    feed._connect = unreachable
    listening = feed._conn.info.backend_pid
    with ws(theirs).db.engine.connect() as conn:
        conn.execute(select(func.pg_terminate_backend(listening)))
    qtbot.waitUntil(lambda: bool(live(mine).status), timeout=3000)
    assert mine.page is not None
    banner = mine.page.live_status
    assert banner.isVisible()
    assert banner.text() == told[0]
    mine.grab().save(str(tmp_path / "live_status_lost.png"))  # to look at
    assert told == [
        "The connection to the team workspace's server was lost: changes your colleagues "
        "make do not show until it is back. CX Desk tries again every few seconds."
    ]
    assert live(theirs).status == ""  # its own listener was not touched
    # Meanwhile a colleague edits: nobody hears it now.
    item = matrix(theirs).item(0)
    ws(theirs).edit_item(item, "expects", "Daily status call")
    assert shown_expects(mine) == ["Weekly status call"]
    # The server is back: told, and what was missed is read again.
    refusing.clear()
    qtbot.waitUntil(lambda: live(mine).status == "", timeout=3000)
    assert told[-1] == ""
    assert not banner.isVisible()
    qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)


def test_a_server_restarted_mid_session(
    open_window: OpenWindow,
    qtbot: QtBot,
    postgres_server: PostgresServer,  # skips (or fails in CI) as the other server tests
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # A server of its own: the session's stays up for the other tests.
    monkeypatch.setattr(change_feed, "RETRY_SECONDS", 0.3)
    server = PostgresServer.start()
    windows: list[MainWindow] = []
    try:
        url = server.url(server.new_database())
        with open_database(url, backup_folder=tmp_path / "backups") as db:
            client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
            engagement = workspace.add_engagement(db, client.id, "ERP rollout")
            expectations.add_item(db, engagement.id, expects="Weekly status call")
        mine = open_window(open_database(url, backup_folder=tmp_path / "backups"))
        theirs = open_window(open_database(url, backup_folder=tmp_path / "backups"))
        windows += [mine, theirs]
        for window in windows:
            shown_on(qtbot, window, engagement.id)
            # The charts are read a moment after the window shows: before the server
            # goes. (A screen that reads while it is gone is told by the app's error
            # hook, which pytest-qt replaces: see the test below.)
            charts_read(qtbot, window)

        server.halt()  # every connection ended, none taken until it is back
        qtbot.waitUntil(lambda: bool(live(mine).status), timeout=3000)
        assert "connection to the team workspace's server was lost" in live(mine).status
        assert mine.page is not None
        assert mine.page.live_status.isVisible()
        assert mine.statusBar().currentMessage() == live(mine).status

        server.serve()
        qtbot.waitUntil(lambda: live(mine).status == "", timeout=5000)
        assert not mine.page.live_status.isVisible()
        assert mine.statusBar().currentMessage() == SERVER_BACK
        # The colleague's window gets a new connection of its own for the edit, and this
        # one hears it as before.
        item = matrix(theirs).item(0)
        assert ws(theirs).edit_item(item, "expects", "Daily status call") is not None
        qtbot.waitUntil(lambda: shown_expects(mine) == ["Daily status call"], timeout=2000)
    finally:
        for window in windows:
            window.close()
        server.stop()
    assert feeds() == []


def test_a_screen_that_reads_while_the_server_is_away_is_told_in_words(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.exc import OperationalError

    from cxdesk import app
    from cxdesk.store.server_database import ServerDatabase

    engine = ServerDatabase("postgresql+psycopg:///cxdesk?host=/nonexistent").create_engine()
    try:
        with engine.connect():
            pass
    except OperationalError as exc:  # what a screen's read raises then
        failure = exc
    finally:
        engine.dispose()
    told: list[tuple[str, str]] = []

    def warning(_parent: object, title: str, text: str) -> None:
        told.append((title, text))

    monkeypatch.delenv(app.HEADLESS_ENV, raising=False)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", warning)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", warning)  # the bug's box
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    app._install_error_hook()
    sys.excepthook(type(failure), failure, failure.__traceback__)
    assert told == [("Server not reachable", SERVER_GONE)]
    assert "cannot be reached just now" in SERVER_GONE
    assert capsys.readouterr().err == ""  # no traceback printed: not a bug


def test_the_listener_stops_with_its_workspace_object(
    qtbot: QtBot, team: Callable[[], Database]
) -> None:
    import shiboken6

    db = team()
    workspace_object = Workspace(db)
    qtbot.waitUntil(lambda: len(feeds()) == 1)
    shiboken6.delete(workspace_object)  # the database stays open
    assert feeds() == []
