"""Guards against the PySide6 6.12.0 / Python 3.11 crash after ~570 custom-signal emits."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from cxdesk.ops import ChangeSet
from cxdesk.store.database import Database
from cxdesk.ui.workspace import Workspace


class Emitter(QObject):
    changed = Signal(int, bool)
    record = Signal(object)


def test_custom_signal_survives_ten_thousand_emits(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = Emitter()
    received: list[int] = []
    flags: list[bool] = []
    emitter.changed.connect(lambda value, flag: (received.append(value), flags.append(flag)))
    emitter.record.connect(lambda obj: received.append(obj[0]))
    for i in range(10_000):
        emitter.changed.emit(i, i % 2 == 0)
        emitter.record.emit((i,))
    assert len(received) == 20_000
    assert flags.count(True) == 5_000


def test_workspace_signals_survive_ten_thousand_emits(qapp, db: Database) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(db)
    seen: list[object] = []
    ws.changed.connect(seen.append)
    ws.editRefused.connect(lambda message: seen.append(len(message)))
    for i in range(10_000):
        ws.changed.emit(ChangeSet(updated={"expectation_item": frozenset({i})}))
        ws.editRefused.emit("x")
    assert len(seen) == 20_000
