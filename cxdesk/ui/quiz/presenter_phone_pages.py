"""The presenter's pages for a room answering on phones: joining, and one statement at a
time with the room's live count. They only show things; the window decides what.

Sizes are pixels at 1920x1080 times ``scale``, as on the other pages: the address and
the PIN must be legible from the back of the room, and the code scannable from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cxdesk.ui.quiz import phone_texts as texts
from cxdesk.ui.quiz.presenter_widgets import FitLabel, label, set_flag, set_px
from cxdesk.ui.quiz.qr_code import QrCode


@dataclass(frozen=True, slots=True)
class RoomShown:
    """What the pages say about the room's server."""

    url: str = ""  # what the code carries (with the PIN); "" while the room starts
    address_url: str = ""  # http://ADDR:PORT, typed by those who cannot scan
    pin: str = ""
    problem: str = ""  # the room could not open: what happened and what to try
    warning: str = ""  # it is open, but phones will hardly reach it (no network)
    reached: int = 0  # phones that opened the self-test page
    locked: bool = False  # nobody new may join
    network: str = ""  # the adapter the room is on ("Wi-Fi"), possibly never asked for

    def join_line(self) -> str:
        """The statement page's line for latecomers."""
        if self.locked:
            return texts.LOBBY_LOCKED
        return texts.join_line(self.address_url, self.pin) if self.url else ""


def fit_line(widget: QLabel, pixels: float, width: int, bold: bool = True) -> None:
    """``pixels`` tall, or smaller until the text fits ``width`` on one line: an address
    broken after "http://" is copied wrong."""
    size = max(int(pixels), 9)
    set_px(widget, size, bold)
    while size > 9 and QFontMetrics(widget.font()).horizontalAdvance(widget.text()) > width:
        size = int(size * 0.94)
        set_px(widget, size, bold)


class JoinPage(QWidget):
    """The QR code, the address and the PIN, how many joined, and the self-test line;
    H shows, in their place, what to do when phones cannot connect."""

    def __init__(self) -> None:
        super().__init__()
        self.qr = QrCode()
        self.heading = label(texts.JOIN_HEADING)
        self.scan = label(texts.SCAN)
        self.scan.setProperty("muted", True)
        self.url = label(wrap=False)
        self.url.setAccessibleName("Address to open on a phone")
        self.pin = label()
        self.pin.setAccessibleName("PIN")
        self.joined = label()
        self.joined.setAccessibleName("People joined")
        self.lobby = label()
        self.lobby.setProperty("muted", True)
        self.problem = label()  # the room could not start, or the laptop has no network
        set_flag(self.problem, "refusal", True)
        self.problem.hide()
        self.reach = label()
        self.reach.setProperty("muted", True)
        self.help_title = label(texts.HELP_TITLE)
        self.help = label(f"{texts.ISOLATION}\n\n{texts.FIREWALL}")
        self._scale, self._width = 1.0, 1920
        self._warning = False  # open, but on no network: said smaller, under the PIN

        side = QVBoxLayout()
        side.addStretch(1)
        for widget in (self.heading, self.scan, self.url, self.pin, self.joined, self.lobby):
            side.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.problem, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addStretch(1)
        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.qr, 5)
        row.addLayout(side, 6)
        self.row = row
        self.help_box = QWidget()
        help_layout = QVBoxLayout(self.help_box)
        help_layout.setContentsMargins(0, 0, 0, 0)
        help_layout.addStretch(1)
        help_layout.addWidget(self.help_title, 0, Qt.AlignmentFlag.AlignHCenter)
        help_layout.addWidget(self.help, 0, Qt.AlignmentFlag.AlignHCenter)
        help_layout.addStretch(1)
        self.help_box.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.help_box, 1)
        layout.addWidget(self.reach, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_room(self, room: RoomShown, joined: int) -> None:
        """The code, the address and the PIN; or that the room is starting, or why it
        could not open (in place of the code)."""
        problem = bool(room.problem)
        open_ = bool(room.url) and not problem
        self.qr.set_text(room.url if open_ else "")
        self.qr.setVisible(not problem)
        self.url.setText(room.address_url if open_ else "" if problem else texts.STARTING)
        self.url.setVisible(not problem)
        self.pin.setText(texts.pin(room.pin) if open_ else "")
        self.problem.setText(room.problem or room.warning)
        self.problem.setVisible(bool(room.problem or room.warning))
        self._warning = bool(room.warning) and not problem
        for widget in (self.scan, self.pin, self.reach):
            widget.setVisible(open_)
        # Their place goes to the words: a room on no network, or none at all.
        self.lobby.setVisible(not self._warning and not problem)
        self.joined.setVisible(not problem)
        self.joined.setText(texts.joined(joined))
        reach = texts.reach_line(room.address_url, room.reached, network=room.network)
        self.reach.setText(reach if open_ else "")
        self.lobby.setText(texts.LOBBY_LOCKED if room.locked else texts.LOBBY_OPEN)
        self._fit_url()
        self._size_problem()

    def _size_problem(self) -> None:
        set_px(self.problem, (34 if self._warning else 44) * self._scale, bold=not self._warning)
        # All its lines: nested box layouts would otherwise give a wrapped label one.
        width = self.problem.maximumWidth()
        fixed = bool(self.problem.text()) and width < 10_000
        self.problem.setMinimumHeight(self.problem.heightForWidth(width) if fixed else 0)

    def help_shown(self) -> bool:
        return not self.help_box.isHidden()

    def toggle_help(self) -> None:
        shown = not self.help_shown()
        # The one shown goes away first: a moment with both would grow the window.
        (self.body if shown else self.help_box).hide()
        (self.help_box if shown else self.body).show()

    def _fit_url(self) -> None:
        fit_line(self.url, 84 * self._scale, int(self._width * 0.52))

    def apply_scale(self, scale: float, width: int) -> None:
        self._scale, self._width = scale, width
        set_px(self.heading, 72 * scale, bold=True)
        set_px(self.scan, 40 * scale)
        set_px(self.pin, 120 * scale, bold=True)
        set_px(self.joined, 64 * scale)
        set_px(self.lobby, 34 * scale)
        set_px(self.reach, 30 * scale)
        set_px(self.help_title, 72 * scale, bold=True)
        set_px(self.help, 46 * scale)
        self._fit_url()
        side = int(width * 0.53)
        for widget in (self.heading, self.scan, self.pin, self.joined, self.lobby, self.problem):
            widget.setFixedWidth(side)
        for widget in (self.reach, self.help, self.help_title):
            widget.setFixedWidth(int(width * 0.95))
        self.row.setSpacing(int(48 * scale))
        self.qr.setMinimumSize(int(360 * scale), int(360 * scale))
        self._size_problem()


class PollPage(QWidget):
    """The statement the room is answering on their phones and how many have answered."""

    def __init__(self) -> None:
        super().__init__()
        self.statement = FitLabel()
        self.count = label()
        self.count.setAccessibleName("Answers so far")
        self.join = label()
        self.join.setProperty("muted", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.statement, 1)
        layout.addWidget(self.count, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.join, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_statement(self, text: str, answered: int, people: int, join: str) -> None:
        self.statement.setText(text)
        self.count.setText(texts.answered(answered, people))
        self.join.setText(join)

    def apply_scale(self, scale: float, width: int) -> None:
        self.statement.set_maximum(int(104 * scale))
        set_px(self.count, 72 * scale, bold=True)
        set_px(self.join, 34 * scale)
        for widget in (self.count, self.join):
            widget.setFixedWidth(int(width * 0.95))
        layout = self.layout()
        assert layout is not None
        layout.setSpacing(int(36 * scale))
