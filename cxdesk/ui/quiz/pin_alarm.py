"""Someone on the network guessing a room's PIN: the words for the consultant, kept while
the room refuses newcomers and cleared when it lets them in again."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class PinAlarm(QObject):
    """What a room's phones-side reports of PIN guessing, for a window to show.

    The server reports it once per pause (:class:`cxdesk.room.events.PinUnderAttack`);
    while the guessing goes on it reports it again after each pause, so the words stay
    up as long as it lasts and go once it stops.
    """

    changed = Signal(str)  # the words to show; "" once newcomers may join again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words = ""
        self._over = QTimer(self)
        self._over.setSingleShot(True)
        self._over.timeout.connect(self.clear)

    def sound(self, words: str, seconds: float) -> None:
        """Newcomers are refused for ``seconds``: say ``words`` until then."""
        self.words = words
        self._over.start(max(1, round(seconds * 1000)))
        self.changed.emit(words)

    def clear(self) -> None:
        """The pause is over, or the room closed."""
        self._over.stop()
        if self.words:
            self.words = ""
            self.changed.emit("")
