"""A team workspace never holds a window for long: an edit that waits for a colleague's
larger change, or for a server that stopped answering, ends within seconds in words, and
what was typed is not lost (issue 18: never a frozen window).

PostgreSQL waits for a lock as long as it takes, and a connection whose network went
silent waits for the kernel's TCP timeouts (a quarter of an hour); now an edit waits
for a lock LOCK_WAIT seconds at most, and a silent server is given up after
SERVER_SILENCE seconds (keepalives and TCP_USER_TIMEOUT on libpq's connection).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, make_url, text

from cxdesk.ops import Operation, perform
from cxdesk.store import expectations, migrate, server_database, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import DatabaseRefused, EditRefused
from cxdesk.store.schema import HEAD_REVISION
from cxdesk.ui.main_window import MainWindow
from tests.postgres_server import PostgresServer
from tests.ui_helpers import open_editor

OpenWindow = Callable[[Database], MainWindow]


def test_an_edit_waiting_for_a_colleagues_larger_change_is_told_in_seconds_and_kept(
    open_window: OpenWindow,
    qtbot: QtBot,
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine = open_database(postgres_url, backup_folder=tmp_path / "backups")
    colleague = open_database(postgres_url, backup_folder=tmp_path / "backups")
    window: MainWindow | None = None
    try:
        client = workspace.add_client(colleague, "Acme Rail")
        engagement = workspace.add_engagement(colleague, client.id, "Timetable app")
        item = expectations.add_item(colleague, engagement.id, expects="Weekly status call")
        window = open_window(mine)
        assert window.page is not None
        tab = window.page.matrix
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1)

        # The colleague's import is under way: their transaction holds the row (and the
        # writers' turn) until it commits.
        holding, release = threading.Event(), threading.Event()

        def import_in_progress(db: Database) -> None:
            expectations.update_item(db, item.id, "notes", "From the kickoff sheet")
            for n in range(20):
                expectations.add_item(db, engagement.id, expects=f"Imported {n}")
            holding.set()
            assert release.wait(timeout=60)

        told: list[str] = []
        monkeypatch.setattr(
            "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: told.append(text)
        )
        with ThreadPoolExecutor(1) as pool:
            importing = pool.submit(
                perform, colleague, Operation("Import", import_in_progress, engagement.id)
            )
            assert holding.wait(timeout=30)
            index = tab.index_of(item.id, "expects")
            tab.view.setCurrentIndex(index)
            tab.view.edit(index)
            editor = open_editor(tab.view)
            qtbot.keyClicks(editor, " on Mondays")  # type: ignore[no-untyped-call]
            began = time.monotonic()
            qtbot.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
            waited = time.monotonic() - began
            release.set()
            importing.result(timeout=60)

        assert waited < server_database.LOCK_WAIT + 2  # not until the import ended
        assert len(told) == 1
        assert "A colleague's larger change is being saved" in told[0]
        assert "try again in a moment" in told[0]
        assert "What you typed is on the clipboard" in told[0]
        assert QApplication.clipboard().text() == "Weekly status call on Mondays"
        assert expectations.get_items(mine, [item.id])[0].expects == "Weekly status call"

        # The import is saved and heard; trying again, the typed text pasted, is saved.
        qtbot.waitUntil(lambda: tab.model.rowCount() == 21, timeout=5000)
        index = tab.index_of(item.id, "expects")
        tab.view.setCurrentIndex(index)
        tab.view.edit(index)
        editor = open_editor(tab.view)
        assert isinstance(editor, QPlainTextEdit)
        editor.selectAll()
        qtbot.keySequence(editor, QKeySequence.StandardKey.Paste)
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
        saved = expectations.get_items(colleague, [item.id])[0]
        assert saved.expects == "Weekly status call on Mondays"
        assert saved.notes == "From the kickoff sheet"  # the colleague's, kept
        assert len(told) == 1
    finally:
        if window is not None:
            window.close()  # with its workers, before its workspace goes
        colleague.close()
        mine.close()


def test_a_schema_update_waiting_for_a_colleagues_change_is_refused_in_words(
    postgres_url: str,
) -> None:
    """A new CX Desk updates a workspace one schema behind; a colleague's edit is being
    saved meanwhile (its tables held): the update waits LOCK_WAIT seconds, not until
    they finish (everybody else's statements would queue behind it), then is refused in
    words, nothing changed; opened again later, it is made."""
    open_database(postgres_url).close()
    engine = create_engine(postgres_url)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")  # as a workspace the previous CX Desk made
        with engine.connect() as colleague, colleague.begin():
            colleague.execute(text("LOCK TABLE engagement IN ROW EXCLUSIVE MODE"))  # mid-edit
            began = time.monotonic()
            with pytest.raises(DatabaseRefused) as refused:
                open_database(postgres_url)
            waited = time.monotonic() - began
        assert waited < server_database.LOCK_WAIT + 3
        assert "needs updating for this version of CX Desk" in refused.value.detail
        assert "a colleague's change was being saved" in refused.value.detail
        assert "nothing was changed" in refused.value.detail
        with engine.connect() as conn:
            behind = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert behind != HEAD_REVISION
    finally:
        engine.dispose()
    with open_database(postgres_url) as db:
        assert workspace.list_clients(db) == []  # opened, and brought to the head


# -- a server that stops answering --------------------------------------------------

CLONE_NEWNET = 0x40000000


def _may_make_networks() -> bool:
    """Whether this process may make a network of its own (root, with unshare and ip)."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        return False
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return done.returncode == 0


class PrivateNetwork:
    """A network namespace of its own, with its loopback up: what a thread that enters it
    (:meth:`enter`) connects through, and a rule that drops everything to and from one
    port (:meth:`go_silent`): a server whose network vanished, packets lost, not refused.
    The machine's own network is not touched."""

    def __init__(self) -> None:
        self._holder = subprocess.Popen(["unshare", "-n", "sleep", "600"])
        ours = os.readlink("/proc/self/ns/net")
        deadline = time.monotonic() + 10
        while os.readlink(f"/proc/{self._holder.pid}/ns/net") == ours:
            assert time.monotonic() < deadline, "the namespace was not made"
            time.sleep(0.01)  # polling until unshare has run
        self.path = f"/proc/{self._holder.pid}/ns/net"
        self.run("ip", "link", "set", "lo", "up")

    def run(self, *command: str) -> None:
        subprocess.run(["nsenter", f"--net={self.path}", *command], check=True, timeout=30)

    def enter(self) -> None:
        """Move the calling thread (only it) into this network."""
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns")
        finally:
            os.close(fd)

    def go_silent(self, port: int) -> None:
        # Rules before the loopback's own (moved after them), so they decide first.
        self.run("ip", "rule", "del", "pref", "0", "table", "local")
        self.run("ip", "rule", "add", "pref", "100", "table", "local")
        self.run("ip", "rule", "add", "pref", "10", "dport", str(port), "blackhole")
        self.run("ip", "rule", "add", "pref", "11", "sport", str(port), "blackhole")

    def answer_again(self) -> None:
        self.run("ip", "rule", "del", "pref", "10")
        self.run("ip", "rule", "del", "pref", "11")

    def close(self) -> None:
        self._holder.kill()
        self._holder.wait(timeout=10)


class Relay:
    """A TCP port (in the thread's network) passing bytes to and from the server's Unix
    socket, as a server on the network would be reached."""

    def __init__(self, unix_socket: str) -> None:
        self._unix = unix_socket
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = [self._listener]
        self._start(self._accept)

    def _start(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            server = socket.socket(socket.AF_UNIX)
            server.connect(self._unix)
            self._sockets += [client, server]
            self._start(lambda a=client, b=server: self._pass(a, b))  # type: ignore[misc]
            self._start(lambda a=server, b=client: self._pass(a, b))  # type: ignore[misc]

    @staticmethod
    def _pass(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass  # either end closed
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._threads:
            thread.join(timeout=10)


@pytest.fixture
def private_network() -> Iterator[PrivateNetwork]:
    if not _may_make_networks():
        pytest.skip("needs root and network namespaces (unshare -n, ip) to silence a server")
    network = PrivateNetwork()
    yield network
    network.close()


def test_a_server_that_stops_answering_is_told_in_seconds_and_the_next_edit_saves(
    postgres_server: PostgresServer,
    postgres_url: str,
    private_network: PrivateNetwork,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shorter than the app's, so the test is quick: the same mechanism.
    monkeypatch.setattr(server_database, "SERVER_SILENCE", 2)
    monkeypatch.setattr(server_database, "KEEPALIVE_IDLE", 1)
    monkeypatch.setattr(server_database, "KEEPALIVE_INTERVAL", 1)
    monkeypatch.setattr(server_database, "KEEPALIVE_COUNT", 1)
    monkeypatch.setattr(server_database, "CONNECT_TIMEOUT", 2)
    open_database(postgres_url).close()  # the workspace's schema, made over the socket
    name = make_url(postgres_url).database

    def in_the_network() -> None:
        private_network.enter()

    with ThreadPoolExecutor(1, initializer=in_the_network) as thread:
        relay = thread.submit(Relay, str(postgres_server.socket_dir / ".s.PGSQL.5432")).result()
        try:
            url = f"postgresql+psycopg://postgres@127.0.0.1:{relay.port}/{name}"
            db = thread.submit(open_database, url).result()
            try:
                client = thread.submit(workspace.add_client, db, "Acme Rail").result()
                private_network.go_silent(relay.port)
                began = time.monotonic()
                renaming = thread.submit(workspace.rename_client, db, client.id, "Acme")
                with pytest.raises(EditRefused) as refused:
                    renaming.result(timeout=60)
                waited = time.monotonic() - began
                # Given up after the silence (2 s here), then one attempt to connect again.
                assert waited < 2 + 2 + 3
                assert "The server stopped answering" in refused.value.message
                assert "may not have been saved" in refused.value.message
                assert "Check it, then try again" in refused.value.message

                private_network.answer_again()
                thread.submit(workspace.rename_client, db, client.id, "Acme").result()
            finally:
                thread.submit(db.close).result()
        finally:
            relay.close()
    with open_database(postgres_url) as here:
        assert workspace.get_client(here, client.id).name == "Acme"  # type: ignore[union-attr]
