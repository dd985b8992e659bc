"""Clients and engagements are listed in one order on a SQLite file and on a team's
PostgreSQL server: by name as a reader expects, accents and case aside.

``ORDER BY lower(name)`` depended on the backend, and on SQLite was no reader's order:
SQLite lowercases ASCII only and compares code points (apple, Zebra, Äpfel, éclair,
Łódź); PostgreSQL lowercases every letter and orders by the server's collation (the
tests' server, C, gives SQLite's order; an en_US server Äpfel, apple, éclair, Łódź,
Zebra). The panel sorted the names again by their code points, case aside.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.models.name_order import name_key
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.portfolio import read_portfolio
from cxdesk.ui.main_window import MainWindow

NAMES = ["Zebra", "Łódź", "éclair", "apple", "Äpfel"]
IN_ORDER = ["Äpfel", "apple", "éclair", "Łódź", "Zebra"]


def test_names_are_ordered_by_their_letters_accents_and_case_aside() -> None:
    assert sorted(NAMES, key=name_key) == IN_ORDER
    # Letters drawn as one shape are filed under their base letters; ties are total.
    assert sorted(["Oslo", "Øresund", "Odense"], key=name_key) == ["Odense", "Øresund", "Oslo"]
    assert sorted(["apple", "Apple", "äpple"], key=name_key) == ["Apple", "apple", "äpple"]


@pytest.fixture
def named(db: Database) -> Database:
    for client_name in NAMES:
        client = workspace.add_client(db, client_name)
        for engagement_name in NAMES:
            workspace.add_engagement(db, client.id, engagement_name)
    return db


@pytest.mark.both_backends
def test_clients_and_engagements_are_listed_in_one_order_on_both_backends(
    named: Database,
) -> None:
    listed = workspace.list_clients(named)
    assert [client.name for client, _ in listed] == IN_ORDER
    for _client, engagements in listed:
        assert [e.name for e in engagements] == IN_ORDER
    lines = read_portfolio(named)
    assert [(line.client, line.name) for line in lines] == [
        (client, engagement) for client in IN_ORDER for engagement in IN_ORDER
    ]


@pytest.mark.both_backends
def test_the_clients_panel_lists_them_in_that_order(
    named: Database, open_window: object, qtbot: QtBot
) -> None:
    window: MainWindow = open_window(named)  # type: ignore[operator]
    assert window.navigator is not None
    proxy = window.navigator.proxy
    clients = [proxy.index(row, 0) for row in range(proxy.rowCount())]
    assert [index.data() for index in clients] == IN_ORDER
    first = clients[0]
    assert [proxy.index(row, 0, first).data() for row in range(proxy.rowCount(first))] == IN_ORDER
