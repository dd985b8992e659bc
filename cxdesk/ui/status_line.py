"""Passing messages ("Deleted 1 respondent…", "Exported …") that go away by themselves.

A message about something just done is news for a few seconds; left on screen it reads
as the state of things long after (a "Deleted 1 respondent" still there an hour later,
over a table that has since changed). Every such message goes through here, so each one
stays up for the same reading time and then clears: the window's status bar through
``show_status``, a line inside a tab or dialog through ``StatusLine``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

STATUS_MS = 8000
"""The shortest time a passing message stays up."""
MS_PER_CHARACTER = 70
"""Longer messages stay longer: about the time it takes to read them, twice over."""


def reading_ms(message: str) -> int:
    """How long ``message`` stays on screen, in milliseconds."""
    return max(STATUS_MS, MS_PER_CHARACTER * len(message))


def show_status(window: QMainWindow, message: str) -> None:
    """Show ``message`` in the window's status bar for its reading time."""
    window.statusBar().showMessage(message, reading_ms(message))


class StatusLine(QLabel):
    """A line of text under or beside a table that says what just happened, for a while.

    ``say`` shows a message and clears it after its reading time; a newer message
    replaces it and starts its own time. With ``hide_when_empty`` the line (or the
    ``frame`` it sits in, a tinted banner) takes no room while it has nothing to say;
    otherwise it keeps its place in a row of tools, so nothing beside it moves as it clears.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        hide_when_empty: bool = False,
        frame: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._hidden_while_empty: QWidget | None = (
            frame if frame is not None else self if hide_when_empty else None
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)
        if self._hidden_while_empty is not None:
            self._hidden_while_empty.hide()

    def say(self, message: str) -> None:
        self.setText(message)
        if self._hidden_while_empty is not None:
            self._hidden_while_empty.setVisible(bool(message))
        if message:
            self._timer.start(reading_ms(message))
        else:
            self._timer.stop()

    def clear_message(self) -> None:
        self.say("")

    @property
    def clearing(self) -> bool:
        """Whether the message shown now is timed to go (tests, and the curious)."""
        return self._timer.isActive()
