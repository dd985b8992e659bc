"""The presenter's side of a room answering on phones: the room's server opened with the
window, told which statement the room is on, whether voting is open and whether
newcomers may join, and what the join page says about it.

Closing the window closes the room (:meth:`PresenterRoom.stop`): no listening socket
outlives the presenter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from cxdesk.ui.quiz import phone_texts as texts
from cxdesk.ui.quiz.phone_room import PhoneRoom
from cxdesk.ui.quiz.presenter_flow import Page, Step
from cxdesk.ui.quiz.presenter_phone_pages import JoinPage, RoomShown

if TYPE_CHECKING:
    from cxdesk.room.network import LocalAddress
    from cxdesk.ui.workspace import Workspace


class PresenterRoom(QObject):
    """One presenter's room: started with it, driven by its pages, stopped with it."""

    changed = Signal()  # what the join page says about the room changed

    def __init__(
        self, ws: Workspace, session_id: int, address: LocalAddress, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.room = PhoneRoom(ws, session_id, address, self)
        # Served on this laptop's own address only: say so, the room cannot join.
        self.warning = texts.NO_NETWORK if address.is_loopback else ""
        self.room.started.connect(self._room_changed)
        self.room.failed.connect(self._room_changed)
        self.room.phoneReached.connect(self._room_changed)
        self.room.alarm.changed.connect(self._room_changed)

    def _room_changed(self, *_args: object) -> None:
        self.changed.emit()

    def start(self) -> None:
        self.room.start()

    def stop(self) -> None:
        self.room.stop()

    def shown(self) -> RoomShown:
        room = self.room
        return RoomShown(
            url=room.url,
            address_url=room.address_url,
            pin=room.pin,
            problem=room.failure,
            # Someone guessing the PIN outranks the lone-laptop note: it is happening now.
            warning=room.alarm.words or self.warning,
            reached=len(room.reached),
            locked=room.lobby_locked,
            # Which of the laptop's networks: with one, it was used without asking.
            network="" if room.address.is_loopback else room.address.interface,
        )

    def entered(self, step: Step, statement_ids: Sequence[int]) -> None:
        """The presenter moved: the phones follow (lobby, a statement, voting closed)."""
        page = step.page
        if page is Page.JOIN:
            self.room.set_voting(True)
            self.room.show_statement(None)
        elif page is Page.POLL and step.statement < len(statement_ids):
            self.room.set_voting(True)
            self.room.show_statement(statement_ids[step.statement])
        elif page in (Page.CLOSED, Page.RESULTS):
            self.room.set_voting(False)

    def key(self, key: int, page: Page, join: JoinPage) -> bool:
        """L locks or opens the room to newcomers, H shows what to do when phones cannot
        connect; whether the key was the room's."""
        if key == Qt.Key.Key_L and page in (Page.JOIN, Page.POLL):
            self.room.set_lobby_locked(not self.room.lobby_locked)
            self.changed.emit()
            return True
        if key == Qt.Key.Key_H and page is Page.JOIN:
            join.toggle_help()
            return True
        return False
