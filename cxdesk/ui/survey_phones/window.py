"""The small window beside the main one while a RATER survey or pulse check is answered
on phones: the QR code, the address and PIN, the network phones join over, the live
counts, lock and stop. Not modal: the consultant watches the answers arrive in the tab.

Closing it (or Stop) closes the room: phones are told the survey ended and the laptop
listens no more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.room import network
from cxdesk.ui.quiz import network_choice
from cxdesk.ui.quiz import phone_texts as texts
from cxdesk.ui.quiz.qr_code import QrCode
from cxdesk.ui.survey_phones.room import SurveyRoom

if TYPE_CHECKING:
    from cxdesk.room.network import LocalAddress
    from cxdesk.room.pulse import PulseRoom
    from cxdesk.room.rater import RaterRoom
    from cxdesk.ui.workspace import Workspace

QR_SIDE = 260
NO_NETWORK = (
    "This laptop is on no network, so phones cannot reach it: connect it to the room's "
    "Wi-Fi or start its hotspot, then choose that network here."
)
ISOLATION = (
    "Phones must be on the same Wi-Fi as this laptop. Guest and hotel Wi-Fi often keep "
    "devices apart: then start this laptop's own hotspot (or plug in a travel router), "
    "connect the phones to it, and choose that network here."
)
STOPPED = "Stopped: phones can no longer answer."


def counts_line(joined: int, answered: int, finished: int) -> str:
    """ "3 joined · 2 answered · 1 finished", or that nobody has joined yet."""
    if not joined and not answered:
        return "Nobody has joined yet"
    return f"{joined} joined · {answered} answered · {finished} finished"


def _plain(label: QLabel) -> QLabel:
    # Titles and names come from people: never read as markup.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class SurveyPhonesWindow(QWidget):
    """One survey's room, from its first PIN to Stop."""

    def __init__(
        self,
        ws: Workspace,
        kind: RaterRoom | PulseRoom,
        heading: str,
        what: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.kind = kind
        self.room: SurveyRoom | None = None
        self.setWindowTitle(f"{heading} — CX Desk")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the tab keeps it

        self.heading = _plain(QLabel(heading))
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.what = _plain(QLabel(what))
        self.qr = QrCode()
        self.qr.setFixedSize(QR_SIDE, QR_SIDE)
        self.scan = _plain(QLabel(texts.SCAN))
        self.url = _plain(QLabel(texts.STARTING))
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pin = _plain(QLabel())
        big = QFont(self.url.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.url.setFont(big)
        self.pin.setFont(big)
        self.network = QComboBox()
        self.network.setAccessibleName("Network the phones are on")
        self.counts = _plain(QLabel(counts_line(0, 0, 0)))
        self.counts.setFont(QFont(self.heading.font()))
        self.status = _plain(QLabel())
        self.reach = _plain(QLabel())
        self.reach.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help = _plain(QLabel(f"{texts.FIREWALL}\n\n{ISOLATION}"))
        self.help.setEnabled(False)  # drawn muted: advice, not a question
        self.lock_button = QPushButton("&Lock the room")
        self.lock_button.setCheckable(True)
        self.lock_button.setToolTip("Nobody new may join; those in the room go on answering")
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setToolTip(
            "End the survey: phones are thanked, the laptop stops listening"
        )
        self.close_button = QPushButton("&Close")

        side = QVBoxLayout()
        side.addWidget(self.scan)
        side.addWidget(self.url)
        side.addWidget(self.pin)
        form = QFormLayout()
        form.addRow("&Network:", self.network)
        side.addLayout(form)
        side.addSpacing(8)
        side.addWidget(self.counts)
        side.addWidget(self.status)
        side.addStretch(1)
        code = QHBoxLayout()
        code.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        code.addLayout(side, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.what)
        layout.addLayout(code)
        layout.addWidget(self.reach)
        layout.addWidget(self.help)
        layout.addLayout(buttons)
        self.setMinimumWidth(720)

        self.choices = network_choice.candidates(network.local_addresses())
        for choice in self.choices:
            self.network.addItem(network_choice.describe(choice))
        self.network.setCurrentIndex(
            network_choice.remembered(self.choices, network_choice.settings())
        )
        self.network.activated.connect(self._network_chosen)
        self.lock_button.toggled.connect(self._lock)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.close)

    # -- running the room ----------------------------------------------------------------

    def start(self) -> None:
        """Open the room on the network chosen (the last one used, at first)."""
        self._open_on(self.choices[max(self.network.currentIndex(), 0)])

    def _open_on(self, address: LocalAddress) -> None:
        if self.room is not None:
            self.room.stop()
            self.room.deleteLater()
        room = self.room = SurveyRoom(self.ws, self.kind, address, self)
        room.started.connect(self._show_room)
        room.countsChanged.connect(self._show_counts)
        room.phoneReached.connect(self._show_reach)
        room.failed.connect(self._failed)
        room.stopped.connect(self._stopped)
        room.alarm.changed.connect(self._pin_guessed)
        self.scan.show()
        self.url.setText(texts.STARTING)
        self.pin.setText("")
        self.qr.set_text("")
        self.status.setText(NO_NETWORK if address.is_loopback else "")
        room.start()
        # A room this survey had earlier in this run is taken over: its lock and people.
        self.lock_button.setChecked(room.lobby_locked)
        self._show_counts()

    def _network_chosen(self, index: int) -> None:
        """Another network: the room opens again there (a new address, the same PIN).
        Offered only until a phone joins: those in the room would be left behind."""
        choice = self.choices[index]
        network_choice.remember(choice, network_choice.settings())
        if self.room is not None and choice == self.room.address and not self.room.ended:
            return
        self._open_on(choice)

    def stop(self) -> None:
        if self.room is not None:
            self.room.stop()
        self._show_counts()

    def _lock(self, locked: bool) -> None:
        if self.room is not None:
            self.room.set_lobby_locked(locked)
        self.lock_button.setText("Un&lock the room" if locked else "&Lock the room")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()  # no listening socket outlives the window
        super().closeEvent(event)

    # -- what it shows -------------------------------------------------------------------

    def _show_room(self, url: str) -> None:
        room = self.room
        if room is None:
            return
        self.qr.set_text(url)
        self.url.setText(room.address_url)
        self.pin.setText(texts.pin(room.pin))
        self._show_reach()
        self._show_counts()

    def _show_reach(self, *_args: object) -> None:
        room = self.room
        if room is not None and room.address_url:
            self.reach.setText(texts.reach_line(room.address_url, len(room.reached), keys=False))

    def _show_counts(self) -> None:
        room = self.room
        running = room is not None and room.running
        if room is not None:
            self.counts.setText(counts_line(room.joined, room.answering, room.finished))
        # The network is chosen before anyone joins (a phone in the room would be lost),
        # or again after the room could not open there; a room stopped stays stopped.
        failed = room is not None and bool(room.failure)
        self.network.setEnabled(failed or (running and room is not None and room.joined == 0))
        self.lock_button.setEnabled(running)
        self.stop_button.setEnabled(running)

    def _failed(self, message: str) -> None:
        self.scan.hide()
        self.url.setText("")
        self.pin.setText("")
        self.qr.set_text("")
        self.status.setText(message)
        self._show_counts()

    def _pin_guessed(self, words: str) -> None:
        room = self.room
        if room is not None and not room.failure:
            self.status.setText(words or (NO_NETWORK if room.address.is_loopback else ""))

    def _stopped(self) -> None:
        self.scan.hide()
        self.status.setText("")
        self.lock_button.setChecked(False)
        self.qr.set_text("")
        self.url.setText(STOPPED)
        self.pin.setText("")
        self.reach.setText("")
        self._show_counts()
