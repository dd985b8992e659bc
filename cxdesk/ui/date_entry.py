"""The one date box of the app: type a date as you would write it, see what was understood.

QDateEdit reads typing section by section: "2 Nov 2026" typed into it became 7 Nov, then
27 Nov, and Tab walked day, month and year before leaving the box, so the next answers
landed in the wrong fields. This box is a line of text read by
:func:`cxdesk.models.typed_dates.read_typed_date` (2 Nov 2026, 2 November 2026, Nov 2
2026, 2026-11-02, 2/11/2026 in the locale's order), with a small label saying what it
understood ("Mon 2 Nov 2026") while typing. When the person leaves the box or presses
Enter the date is taken and the text normalised; text that cannot be read says why and
keeps the previous date. Tab always leaves the box (in a table cell, as from any cell
editor: saved, on to the next cell; a click elsewhere saves the cell too). Up/Down step
a day, Page Up/Down a month, Alt+Down (or F4, or the button) opens a calendar.

Use it wherever a date is typed (dialogs, forms, table cells): the same forms, the same
messages everywhere.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import cast

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.typed_dates import DateReading, read_typed_date

DISPLAY_FORMAT = "d MMM yyyy"
UNDERSTOOD_FORMAT = "ddd d MMM yyyy"


def _locale_names(locale: QLocale) -> tuple[dict[str, int], frozenset[str]]:
    months: dict[str, int] = {}
    for number in range(1, 13):
        for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
            months[locale.monthName(number, fmt).lower().rstrip(".")] = number
            months[locale.standaloneMonthName(number, fmt).lower().rstrip(".")] = number
    weekdays = frozenset(
        locale.dayName(day, fmt).lower().rstrip(".")
        for day in range(1, 8)
        for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
    )
    months.pop("", None)
    return months, weekdays


def _is_tab(event: QKeyEvent) -> bool:
    """Tab or Shift+Tab as Qt's focus chain takes them (Ctrl+Tab and Alt+Tab are not)."""
    held = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    return event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not held


def to_qdate(value: QDate | date) -> QDate:
    """A new QDate for a QDate or a Python date. PySide6 converts a date passed to QDate()
    at run time, but its type stubs do not say so; this says it once, type-checked."""
    if isinstance(value, QDate):
        return QDate(value)
    return QDate(value.year, value.month, value.day)


def day_comes_first(locale: QLocale) -> bool:
    """Whether the locale writes numeric dates day first (2/11/2026 is 2 November)."""
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    day, month = pattern.find("d"), pattern.find("M")
    return day < month if day >= 0 and month >= 0 else True


class DateEntry(QWidget):
    """A typed date with a calendar button and a line saying what was understood.

    ``feedback`` places that line: "right" of the box, "below" it, or "tooltip" only
    (inside a table cell, where there is no room).
    """

    dateChanged = Signal(QDate)  # the date taken changed (not merely the text typed)
    # The person is done with the box (left it, pressed Enter, picked from the calendar),
    # as QDateEdit's: a form that saves on it saves once, not on every Up/Down step.
    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None, *, feedback: str = "right") -> None:
        super().__init__(parent)
        self._locale = QLocale()
        self._months, self._weekdays = _locale_names(self._locale)
        self._day_first = day_comes_first(self._locale)
        self._date = QDate.currentDate()
        self._minimum = QDate(1900, 1, 1)
        self._maximum = QDate(2999, 12, 31)
        self._problem = ""
        self._popup: QCalendarWidget | None = None

        self.line = QLineEdit(self)
        self.line.setPlaceholderText("e.g. 2 Nov 2026")
        self.line.setAccessibleName("Date")
        width = self.line.fontMetrics().horizontalAdvance("Wed 30 Sep 2026") + 16
        self.line.setMinimumWidth(width)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Pick from a calendar (Alt+Down)")
        # Tab goes from the date straight to the next field, never to this button.
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        self.understood = QLabel(self)
        self.understood.setEnabled(False)  # secondary: greyed
        self.understood.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.understood.setWordWrap(True)  # a sentence when what was typed is not a date
        self._feedback = feedback

        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.line, 1)
        box.addWidget(self.button)
        if feedback == "below":
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(1)
            outer.addLayout(box)
            outer.addWidget(self.understood)
        else:
            outer_h = QHBoxLayout(self)
            outer_h.setContentsMargins(0, 0, 0, 0)
            outer_h.setSpacing(6)
            outer_h.addLayout(box, 1)
            outer_h.addWidget(self.understood)
            self.understood.setVisible(feedback == "right")
        # Room for the longest reading it shows, so none is cut and the box does not jump;
        # a problem's sentence wraps.
        longest = f"→ {self._understood(QDate(2026, 9, 30))} (month first)"
        self.understood.setMinimumWidth(
            self.understood.fontMetrics().horizontalAdvance(longest) + 4
        )
        self.setFocusProxy(self.line)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Minimum, not Fixed: a problem sentence wraps onto more lines and must show whole.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.line.textEdited.connect(self._preview)
        # Not QLineEdit.editingFinished: since Qt 6 it is not emitted on leaving the box
        # after a date set by Up/Down or the calendar, which would then go unsaved.
        self.line.installEventFilter(self)
        self._show(self._date)

    # -- the value -----------------------------------------------------------------

    def date(self) -> QDate:
        """The date taken; text typed but not yet taken is taken first (if it reads)."""
        self.commit()
        return QDate(self._date)

    # Inside the class `date` is the method below, so annotations say dt.date.
    def taken(self) -> dt.date:
        """The date last taken, leaving any text being typed alone."""
        # QDate.toPython() returns a date; PySide6's stubs say object.
        return cast(dt.date, self._date.toPython())

    def to_python(self) -> dt.date:
        return cast(dt.date, self.date().toPython())

    def setDate(self, value: QDate | dt.date) -> None:  # QDateEdit's names, so it drops in
        qdate = to_qdate(value)
        if not qdate.isValid():
            return
        qdate = min(max(qdate, self._minimum), self._maximum)
        self._problem = ""
        changed = qdate != self._date
        self._date = qdate
        self._show(qdate)
        if changed:
            self.dateChanged.emit(QDate(qdate))

    def setDateRange(self, minimum: QDate | dt.date, maximum: QDate | dt.date) -> None:
        self._minimum, self._maximum = to_qdate(minimum), to_qdate(maximum)
        if self._popup is not None:
            self._popup.setDateRange(self._minimum, self._maximum)
        self.setDate(self._date)

    def text(self) -> str:
        return self.line.text()

    def take_problem(self) -> str:
        """Take the text in the box (see :meth:`commit`), then say once why what was typed
        last could not be taken, or "" if it was. A dialog or form calls this before it
        saves: the first time, it stays open to show the warning rather than save the
        kept date behind the person's back; a second try saves what the box shows."""
        self.commit()
        problem, self._problem = self._problem, ""
        return problem

    # -- reading what is typed -----------------------------------------------------

    def _read(self, text: str) -> DateReading:
        reading = read_typed_date(
            text,
            day_first=self._day_first,
            today=QDate.currentDate().toPython(),  # type: ignore[arg-type]
            months=self._months,
            weekdays=self._weekdays,
        )
        if reading.value is None:
            return reading
        qdate = to_qdate(reading.value)
        if not self._minimum <= qdate <= self._maximum:
            return DateReading(
                None,
                f"{self._understood(qdate)} is outside the dates this box takes "
                f"({self._display(self._minimum)} to {self._display(self._maximum)}).",
            )
        return reading

    def _preview(self, text: str) -> None:
        reading = self._read(text)
        if reading.value is not None:
            note = f" ({reading.note})" if reading.note else ""
            self._say(f"→ {self._understood(to_qdate(reading.value))}{note}")
        elif text.strip():
            self._say("not a date yet", tip=reading.problem)
        else:
            self._say("type a date", tip="e.g. 2 Nov 2026, Nov 2 2026, 2026-11-02")

    def commit(self) -> None:
        """Take the typed text if it reads as a date; otherwise say why and keep the date."""
        text = self.line.text()
        if text == self._display(self._date):
            return
        reading = self._read(text)
        if reading.value is None:
            self._problem = f"{reading.problem} Kept {self._understood(self._date)}."
            with QSignalBlocker(self.line):
                self.line.setText(self._display(self._date))
            # The sentence itself, beside or under the box: why, and which date stands.
            self._say(f"⚠ {self._problem}", tip=self._problem)
            QTimer.singleShot(0, self, self._make_room)  # once the label has its new text
            self.understood.setEnabled(True)
            return
        self.setDate(reading.value)

    def _finished(self) -> None:
        self.commit()
        self.editingFinished.emit()

    # -- showing it ----------------------------------------------------------------

    def _display(self, qdate: QDate) -> str:
        return self._locale.toString(qdate, DISPLAY_FORMAT)

    def _understood(self, qdate: QDate) -> str:
        return self._locale.toString(qdate, UNDERSTOOD_FORMAT)

    def _show(self, qdate: QDate) -> None:
        with QSignalBlocker(self.line):
            self.line.setText(self._display(qdate))
        self._say(self._understood(qdate))

    def _say(self, text: str, tip: str = "") -> None:
        self.understood.setText(text)
        self.understood.setEnabled(text.startswith("⚠"))
        self.understood.setToolTip(tip)
        self.line.setToolTip(tip or text)

    def _make_room(self) -> None:
        """Grow a dialog that is too short for the wrapped sentence (a dialog does not
        grow by itself for text that wraps; a cut sentence would say nothing)."""
        window = self.window()
        layout = window.layout() if isinstance(window, QDialog) else None
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(window.width())
        if needed > window.height():
            window.resize(window.width(), needed)

    # -- keys and the calendar -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line:
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    # Taken before the key goes on to the dialog's default button, whose
                    # accept() then sees what was typed (and any problem with it).
                    self._finished()
                elif _is_tab(event):
                    # Tab moves the focus on from where it arrives, before any watcher of
                    # this box sees it: an item view's delegate (which watches the editor
                    # it made, this box) never learnt that Tab left the cell, so the date
                    # went unsaved, the editor stayed open and the focus left the table.
                    # Arriving at the box, Tab is seen by its watchers (the delegate
                    # saves and goes on to the next cell) and otherwise moves the focus
                    # on just the same.
                    QCoreApplication.sendEvent(self, event.clone())
                    return True
                elif self._key(event):
                    return True
            elif (
                isinstance(event, QFocusEvent)
                and event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason
                and not (self._popup is not None and self._popup.isVisible())  # its calendar
            ):
                self._finished()
                # The box lost the focus with its line, and says so to whoever watches
                # it: a delegate saves and closes its cell editor on the box's focus-out
                # (a click elsewhere left it open and the date unsaved).
                QCoreApplication.sendEvent(self, QFocusEvent(QEvent.Type.FocusOut, event.reason()))
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if (key == Qt.Key.Key_Down and alt) or key == Qt.Key.Key_F4:
            self.show_calendar()
            return True
        steps = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_PageUp: (0, 1),
            Qt.Key.Key_PageDown: (0, -1),
        }
        if key in steps and not alt:
            self.commit()
            days, months = steps[Qt.Key(key)]
            self.setDate(self._date.addDays(days).addMonths(months))
            self.line.selectAll()
            return True
        return False

    def show_calendar(self) -> None:
        self.commit()
        if self._popup is None:
            popup = QCalendarWidget(self)
            popup.setWindowFlags(Qt.WindowType.Popup)
            popup.setGridVisible(True)
            popup.clicked.connect(self._picked)
            popup.activated.connect(self._picked)
            self._popup = popup
        self._popup.setDateRange(self._minimum, self._maximum)
        self._popup.setSelectedDate(self._date)
        self._popup.move(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        self._popup.show()
        self._popup.setFocus()

    def _picked(self, qdate: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.setDate(qdate)
        self.line.setFocus()
        self.editingFinished.emit()
