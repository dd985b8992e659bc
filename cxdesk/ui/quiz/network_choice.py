"""Which of the laptop's networks the room's phones join over: asked before a phones
session is presented when there are several (Wi-Fi, Ethernet, a hotspot), remembered.

The server binds that one address, never every interface: a listener on a client's
network is a liability unless it is exactly where the room is.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cxdesk.room import network
from cxdesk.room.network import LocalAddress
from cxdesk.store.paths import data_dir
from cxdesk.ui.quiz import phone_texts as texts

INTERFACE_KEY = "phones/interface"
ADDRESS_KEY = "phones/address"
THIS_LAPTOP = LocalAddress("this laptop only", "127.0.0.1", True)


def settings() -> QSettings:
    """The app's settings file (cxdesk.app opens the same one)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def candidates(found: list[LocalAddress]) -> list[LocalAddress]:
    """The addresses phones could use, in the order offered; only this laptop's own
    (loopback) when it is on no network at all."""
    usable = [a for a in found if not a.is_loopback]
    return usable or [a for a in found if a.is_loopback][:1] or [THIS_LAPTOP]


def describe(address: LocalAddress) -> str:
    """ "Wi-Fi — 192.168.1.23", with a word when phones are unlikely to be there."""
    text = f"{address.interface} — {address.address}"
    if address.is_loopback:
        return f"{text} (this laptop only: phones cannot join)"
    if address.is_virtual:
        return f"{text} (a VPN or virtual adapter: phones are not on it)"
    if address.is_link_local:
        return f"{text} (no router gave it an address: rarely the room's network)"
    return text


def remembered(choices: list[LocalAddress], store: QSettings) -> int:
    """The index of the network chosen last time: the same interface (its address may
    have changed since), else the same address, else the first."""
    interface, address = store.value(INTERFACE_KEY), store.value(ADDRESS_KEY)
    for index, choice in enumerate(choices):
        if choice.interface == interface:
            return index
    for index, choice in enumerate(choices):
        if choice.address == address:
            return index
    return 0


def remember(choice: LocalAddress, store: QSettings) -> None:
    store.setValue(INTERFACE_KEY, choice.interface)
    store.setValue(ADDRESS_KEY, choice.address)


class NetworkDialog(QDialog):
    """Asks which network the phones are on, with what the OS may ask and what to do
    when the venue's Wi-Fi keeps devices apart."""

    def __init__(
        self, choices: list[LocalAddress], current: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Phones join over which network?")
        self.choices = choices
        self.network = QComboBox()
        for choice in choices:
            self.network.addItem(describe(choice))
        self.network.setCurrentIndex(current)
        self.network.setAccessibleName("Network the phones are on")
        intro = QLabel(
            "This laptop is on several networks. The room's phones must be on the same one "
            "as the laptop: choose the one they use (the venue's Wi-Fi, or this laptop's "
            "hotspot)."
        )
        notes = QLabel(f"{texts.FIREWALL}\n\n{texts.ISOLATION}")
        notes.setEnabled(False)  # drawn muted: advice, not a question
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open the room")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Network:", self.network)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(notes)
        layout.addWidget(buttons)
        for text in (intro, notes):
            text.setWordWrap(True)
        self.setMinimumWidth(520)

    def choice(self) -> LocalAddress:
        return self.choices[max(self.network.currentIndex(), 0)]


def default_address() -> LocalAddress:
    """The address offered first, without asking."""
    return candidates(network.local_addresses())[0]


def choose_address(parent: QWidget | None) -> LocalAddress | None:
    """The address the room is served on: asked when the laptop has several networks
    (the last choice offered first), else its only one; ``None`` when the person
    cancels."""
    choices = candidates(network.local_addresses())
    store = settings()
    if len(choices) == 1:
        return choices[0]
    dialog = NetworkDialog(choices, remembered(choices, store), parent)
    try:
        if not dialog.exec():
            return None
        chosen = dialog.choice()
    finally:
        dialog.deleteLater()
    remember(chosen, store)
    return chosen
