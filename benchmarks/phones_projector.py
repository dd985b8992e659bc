"""What bench_phones.py's laptop shows while the phones answer: the presenter (F5) of a
phones session, or a stand-in with the same path from the server to a label.

Both open the room's server in its process on 127.0.0.1 (a free port, the per-address
limits raised: every phone comes from there), report each event to ``stamps`` as it
arrives from that process (on the thread reading its pipe), and show the room's live
count in ``count_label`` on the UI thread.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

SIZE = (1920, 1080)


class StandIn(QObject):
    """The room with nothing of the presenter: the server's events reach this UI-thread
    object through a queued signal (as PhoneRoom's do), and a 72 px label shows "12 of
    300 answered" at once. Tells the room's cost on the UI thread from the presenter's."""

    kind = "stand-in"
    started = Signal()
    _reported = Signal(object)  # emitted on the server's threads

    def __init__(
        self, db: Any, session_id: int, statements: list[int], limits: Any, stamps: Any
    ) -> None:
        super().__init__()
        from cxdesk.room.process import RoomProcess
        from cxdesk.room.quiz import QuizRoom

        self.window = QWidget()
        self.statement_label = QLabel()
        self.count_label = QLabel()
        font = QFont()
        font.setPixelSize(72)
        for label in (self.statement_label, self.count_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setFont(font)
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.statement_label, 1)
        layout.addWidget(self.count_label)
        self.statements = statements
        self.stamps = stamps
        self.rereads: list[tuple[float, float]] = []  # nothing is read again here
        self.people = 0
        self.answered: dict[int, int] = {}
        self.current: int | None = None
        self._reported.connect(self._handle, Qt.ConnectionType.QueuedConnection)
        self.server = RoomProcess(
            db, QuizRoom(session_id), "127.0.0.1", 0, on_event=self._told, limits=limits
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def pin(self) -> str:
        return str(self.server.pin)

    def open(self) -> None:
        self.window.resize(*SIZE)
        self.window.show()
        self.server.start()

    def move(self, index: int | None) -> None:
        """The room on statement ``index``; None: voting closed."""
        if index is None:
            self.server.set_voting(False)
        else:
            self.current = self.statements[index]
            self.statement_label.setText(f"Statement {index + 1}")
            self.server.show_statement(self.current)
        self._refresh()

    def close(self) -> None:
        self.server.stop()
        self.window.close()

    def _told(self, event: object) -> None:  # the thread reading the room's process
        self.stamps.record(event)
        self._reported.emit(event)

    def _handle(self, event: object) -> None:
        from cxdesk.room import events

        if isinstance(event, events.RoomStarted):
            self.started.emit()
        elif isinstance(event, events.ParticipantJoined):
            self.people = event.joined
        elif isinstance(event, events.AnswersSaved):
            self.answered = dict(event.answered)
        self._refresh()

    def _refresh(self) -> None:
        if self.current is None:
            self.count_label.setText(f"{self.people} joined")
        else:
            count = self.answered.get(self.current, 0)
            self.count_label.setText(f"{count} of {self.people} answered")


class Presenter(QObject):
    """The presenter window of the phones session at 1920x1080, with its own room
    (PresenterRoom / PhoneRoom); the room is moved with the keys a consultant presses."""

    kind = "presenter"
    started = Signal()

    def __init__(
        self, db: Any, session_id: int, statements: list[int], limits: Any, stamps: Any
    ) -> None:
        super().__init__()
        import cxdesk.room.process as process_module
        from cxdesk.room.network import LocalAddress
        from cxdesk.store import workshop
        from cxdesk.ui.quiz import served_room
        from cxdesk.ui.quiz.presenter import PresenterWindow
        from cxdesk.ui.workspace import Workspace

        real = process_module.RoomProcess
        holder = self

        class BenchProcess(real):  # type: ignore[misc, valid-type]
            """The room as PhoneRoom makes it, its reports stamped as they arrive."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                told = kwargs.pop("on_event")

                def on_event(event: object) -> None:
                    stamps.record(event)
                    told(event)

                super().__init__(*args, on_event=on_event, **kwargs)
                holder.server = self

        process_module.RoomProcess = BenchProcess  # type: ignore[misc]
        served_room.ROOM_PORT = 0
        served_room.ROOM_LIMITS = limits
        self.rereads: list[tuple[float, float]] = []  # monotonic at the end, ms
        load = workshop.load_session_results

        def counted(*args: Any, **kwargs: Any) -> Any:
            # The presenter reads the whole session again when someone joins.
            began = time.monotonic()
            try:
                return load(*args, **kwargs)
            finally:
                now = time.monotonic()
                self.rereads.append((now, (now - began) * 1000))

        workshop.load_session_results = counted
        self.server: Any = None
        self.ws = Workspace(db)
        self.window = PresenterWindow(
            self.ws, session_id, None, LocalAddress("lo", "127.0.0.1", True)
        )
        assert self.window.room is not None, "the presenter opened no room"
        self.window.room.room.started.connect(self.started)
        self.count_label = self.window.poll.count

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def pin(self) -> str:
        return str(self.server.pin)

    def open(self) -> None:
        self.window.resize(*SIZE)
        self.window.show()

    def move(self, index: int | None) -> None:
        from PySide6.QtTest import QTest

        from cxdesk.ui.quiz.presenter_flow import Page

        QTest.keyClick(self.window, Qt.Key.Key_Right)  # on to the next statement
        page = self.window.step.page
        if (index is None) != (page is Page.CLOSED) or (
            index is not None and self.window.step.statement != index
        ):
            raise RuntimeError(f"the presenter is on {self.window.step}, not statement {index}")

    def close(self) -> None:
        self.window.close()  # stops the room


def make_projector(
    kind: str, db: Any, session_id: int, statements: list[int], limits: Any, stamps: Any
) -> StandIn | Presenter:
    if kind == "standin":
        return StandIn(db, session_id, statements, limits, stamps)
    return Presenter(db, session_id, statements, limits, stamps)
