"""Fixtures the desktop's phone-room tests share: the window on the test's engagement,
every room on 127.0.0.1 on any free port. A test module takes them by importing them."""

from __future__ import annotations

import pytest

from cxdesk.room import network
from cxdesk.room.network import LocalAddress
from cxdesk.ui.quiz import served_room

LOOPBACK = LocalAddress("lo", "127.0.0.1", True)


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


@pytest.fixture(autouse=True)
def loopback_rooms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rooms on this machine only, on any free port: tests never reach a network."""
    monkeypatch.setattr(network, "local_addresses", lambda: [LOOPBACK])
    monkeypatch.setattr(served_room, "ROOM_PORT", 0)
