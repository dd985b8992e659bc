"""What the desktop says about a room answering on phones: the join page, the live
counts, the network, and what to do when phones cannot connect. Plain text, no Qt."""

from __future__ import annotations

from cxdesk.models.wording import counted

JOIN_HEADING = "Answer on your phone"
SCAN = "Scan the code with your camera, or open"
HELP_TITLE = "Phones cannot connect?"
STARTING = "Starting the room's page on this laptop…"
LOBBY_LOCKED = "The room is closed to newcomers (L opens it again)"
LOBBY_OPEN = "Latecomers can still join"

# What the consultant may meet, in the order they meet it.
FIREWALL = (
    "The first time, the laptop may ask whether CX Desk (Python) may accept connections. "
    "On Windows, allow it on Private networks, with the phones on your own hotspot or "
    "travel router marked Private; if you allow Public networks for a venue's Wi-Fi, "
    "untick it afterwards (Windows Defender Firewall > Allow an app). On a Mac, choose "
    "Allow when asked about incoming connections."
)
ISOLATION = (
    "Phones must be on the same Wi-Fi as this laptop. Guest and hotel Wi-Fi often keep "
    "devices apart: then start this laptop's own hotspot (or plug in a travel router), "
    "connect the phones to it, and present again."
)
NO_NETWORK = (
    "This laptop is on no network, so phones cannot reach it: connect it to the room's "
    "Wi-Fi or start its hotspot, then press Esc and present again (F5)."
)
# The same, short, for the session's details beside the participants list.
BRIEF_HELP = (
    "Phones cannot connect? They must be on this laptop's Wi-Fi (guest Wi-Fi often keeps "
    "devices apart: use the laptop's hotspot or a travel router), and CX Desk allowed when "
    "the firewall or macOS asks."
)
SESSION_NOTE = (
    "Present (F5) to open the room: a QR code, an address and a PIN on the projector. "
    "The room's page runs on this laptop only while the presenter is open."
)


def joined(count: int) -> str:
    """ "12 people joined", or that nobody has yet."""
    if count == 0:
        return "Nobody has joined yet"
    return f"{counted(count, 'person', 'people')} joined"


def answered(count: int, people: int) -> str:
    """The live count under the statement: "9 of 12 answered"."""
    if people == 0:
        return "Nobody has joined yet"
    return f"{count} of {people} answered"


def pin(value: str) -> str:
    return f"PIN {value}"


def check_url(address_url: str) -> str:
    """The self-test page: opened on a phone, it says the phone reached the laptop."""
    return f"{address_url.rstrip('/')}/check"


def reach_line(address_url: str, reached: int, keys: bool = True, network: str = "") -> str:
    """The self-test line for the consultant (with the presenter's help key: ``keys``),
    after the network the room is on when it was not asked for (``network``)."""
    text = f"Can phones reach this laptop? Open {check_url(address_url)} on one"
    if network:
        text = f"Room on {network} · {text}"
    if reached:
        text += f" — {counted(reached, 'phone')} reached it"
    return f"{text} · H help" if keys else f"{text}."


def join_line(address_url: str, pin_value: str) -> str:
    """The statement page's reminder for latecomers."""
    return f"Join: {address_url} · {pin(pin_value)}"
