"""The pages of the presenter view. They only show things and report clicks; the window
(:mod:`cxdesk.ui.quiz.presenter`) decides what they show and records answers.

Each page has ``apply_scale(scale, width)``: sizes in pixels at 1920x1080 times
``scale``, so the view is legible from the back of the room at any projector size.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLayout, QLineEdit, QVBoxLayout, QWidget

from cxdesk.models.wording import counted
from cxdesk.ui.quiz.presenter_widgets import (
    CountField,
    FitLabel,
    big_button,
    label,
    set_flag,
    set_px,
)

NAME_LIMIT = 80


def _layout_of(page: QWidget) -> QLayout:
    """The layout each page sets up in __init__ (QWidget.layout() is typed Optional)."""
    layout = page.layout()
    assert layout is not None, "every page lays itself out in __init__"
    return layout


def _column(*widgets: QWidget, spacing: int = 24) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    layout.addStretch(1)
    for widget in widgets:
        layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(1)
    return layout


PROMPT = "Type your name if you like, then press Enter"


class StartPage(QWidget):
    """The next person: their number, an optional name, Enter to begin."""

    startClicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = label()
        self.prompt = label(PROMPT)
        self.name = QLineEdit()
        self.name.setObjectName("name")  # its own look: a spin box holds a line edit too
        self.name.setMaxLength(NAME_LIMIT)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name.setAccessibleName("Your name (optional)")
        self.anonymous = label("Leave it empty to stay anonymous")
        self.anonymous.setProperty("muted", True)
        self.start_button = big_button("Start")
        self.start_button.clicked.connect(self.startClicked)
        self.setLayout(
            _column(self.title, self.prompt, self.name, self.anonymous, self.start_button)
        )

    def set_participant(self, number: int, name: str, answered: int = 0, of: int = 0) -> None:
        self.title.setText(f"Participant {number}")
        self.name.setText(name)
        self.name.selectAll()
        if answered:  # a turn left unfinished (the window closed): only they continue it
            self.prompt.setText(
                f"This turn stopped after {answered} of {counted(of, 'statement')}. Yours? Press "
                "Enter to go on. Someone new? Press Ctrl+N."
            )
        else:
            self.prompt.setText(PROMPT)

    def apply_scale(self, scale: float, width: int) -> None:
        set_px(self.title, 120 * scale, bold=True)
        set_px(self.prompt, 54 * scale)
        set_px(self.name, 64 * scale)
        set_px(self.anonymous, 38 * scale)
        set_px(self.start_button, 52 * scale, bold=True)
        self.name.setFixedWidth(int(width * 0.55))
        for widget in (self.title, self.prompt, self.anonymous):
            widget.setFixedWidth(int(width * 0.95))
        _layout_of(self).setSpacing(int(32 * scale))


class StatementPage(QWidget):
    """One statement, in type as large as fits, and one big button per score."""

    scoreClicked = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.statement = FitLabel()
        self.row = QHBoxLayout()
        self.row.addStretch(1)
        self.buttons: dict[int, QWidget] = {}
        self.caption = label()
        self.caption.setProperty("muted", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.statement, 1)
        layout.addLayout(self.row)
        layout.addWidget(self.caption)
        self._scale = 1.0
        self._width = 1920

    def set_scale_range(self, scale_min: int, scale_max: int) -> None:
        if list(self.buttons) == list(range(scale_min, scale_max + 1)):
            return
        for button in self.buttons.values():
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        while self.row.count():
            self.row.takeAt(0)
        self.row.addStretch(1)
        for score in range(scale_min, scale_max + 1):
            button = big_button(str(score))
            button.setAccessibleName(f"Score {score}")
            button.clicked.connect(lambda _=False, s=score: self.scoreClicked.emit(s))
            self.row.addWidget(button)
            self.buttons[score] = button
        self.row.addStretch(1)
        self.apply_scale(self._scale, self._width)

    def show_statement(self, text: str, chosen: int | None) -> None:
        self.statement.setText(text)
        for score, button in self.buttons.items():
            set_flag(button, "chosen", score == chosen)
        self.caption.setText(
            "" if chosen is None else f"Your answer: {chosen} — press another number to change it"
        )

    def chosen(self) -> int | None:
        return next((s for s, b in self.buttons.items() if b.property("chosen")), None)

    def apply_scale(self, scale: float, width: int) -> None:
        self._scale, self._width = scale, width
        count = max(len(self.buttons), 1)
        gap = int(36 * scale)
        side = int(min(150 * scale, (width - (count - 1) * gap) / count))
        self.row.setSpacing(gap)
        for button in self.buttons.values():
            button.setFixedSize(side, side)
            set_px(button, side * 0.46, bold=True)
        self.statement.set_maximum(int(104 * scale))
        set_px(self.caption, 38 * scale)
        _layout_of(self).setSpacing(int(36 * scale))


class ThanksPage(QWidget):
    """The end of one person's turn: no answers on it, the next person must not see them."""

    def __init__(self) -> None:
        super().__init__()
        self.title = label("Thank you")
        self.pass_on = label("Pass the laptop on")
        self.skipped = label()
        self.skipped.setProperty("muted", True)
        self.next = label("Next person: press Enter to start")
        self.setLayout(_column(self.title, self.pass_on, self.skipped, self.next))

    def set_skipped(self, skipped: int) -> None:
        if skipped:
            noun = "statement" if skipped == 1 else "statements"
            self.skipped.setText(f"You skipped {skipped} {noun}: shown as incomplete")
        else:
            self.skipped.setText("")
        self.skipped.setVisible(bool(skipped))

    def apply_scale(self, scale: float, width: int) -> None:
        set_px(self.title, 132 * scale, bold=True)
        set_px(self.pass_on, 76 * scale, bold=True)
        set_px(self.skipped, 46 * scale)
        set_px(self.next, 58 * scale)
        for widget in (self.title, self.pass_on, self.skipped, self.next):
            widget.setFixedWidth(int(width * 0.95))
        _layout_of(self).setSpacing(int(44 * scale))


class TallyPage(QWidget):
    """Show of hands: how many chose each score, the running sum, Enter to record."""

    recordClicked = Signal()
    countsEdited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.statement = FitLabel()
        self.grid = QGridLayout()
        self.fields: dict[int, CountField] = {}
        self.headings: dict[int, QWidget] = {}
        self.sum = label()
        self.state = label()
        self.state.setProperty("muted", True)
        self.record_button = big_button("Record")
        self.record_button.clicked.connect(self.recordClicked)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.sum)
        bottom.addSpacing(48)
        bottom.addWidget(self.record_button)
        bottom.addStretch(1)
        self.bottom = bottom
        grid_row = QHBoxLayout()
        grid_row.addStretch(1)
        grid_row.addLayout(self.grid)
        grid_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.statement, 1)
        layout.addLayout(grid_row)
        layout.addLayout(bottom)
        layout.addWidget(self.state)
        self._scale = 1.0
        self._width = 1920

    def set_scale_range(self, scale_min: int, scale_max: int, people: int) -> None:
        if list(self.fields) != list(range(scale_min, scale_max + 1)):
            for widget in [*self.fields.values(), *self.headings.values()]:
                self.grid.removeWidget(widget)
                widget.deleteLater()
            self.fields, self.headings = {}, {}
            previous: QWidget | None = None
            for column, score in enumerate(range(scale_min, scale_max + 1)):
                heading = label(f"Score {score}")
                heading.setProperty("muted", True)
                field = CountField(score)
                field.textChanged.connect(self.countsEdited)
                self.grid.addWidget(heading, 0, column, Qt.AlignmentFlag.AlignHCenter)
                self.grid.addWidget(field, 1, column)
                if previous is not None:
                    QWidget.setTabOrder(previous, field)
                previous = field
                self.fields[score] = field
                self.headings[score] = heading
            self.apply_scale(self._scale, self._width)
        for field in self.fields.values():
            # Nobody can count more hands for one score than there are people.
            field.setRange(0, max(people, 0))

    def set_counts(self, counts: Mapping[int, int]) -> None:
        for score, field in self.fields.items():
            field.blockSignals(True)
            field.setValue(int(counts.get(score, 0)))
            field.blockSignals(False)

    def counts(self) -> dict[int, int]:
        return {score: field.count() for score, field in self.fields.items()}

    def first_field(self) -> CountField | None:
        return next(iter(self.fields.values()), None)

    def apply_scale(self, scale: float, width: int) -> None:
        self._scale, self._width = scale, width
        count = max(len(self.fields), 1)
        gap = int(32 * scale)
        field_width = int(min(200 * scale, (width - (count - 1) * gap) / count))
        self.grid.setHorizontalSpacing(gap)
        self.grid.setVerticalSpacing(int(8 * scale))
        for score, field in self.fields.items():
            field.setFixedSize(field_width, int(120 * scale))
            set_px(field, 72 * scale, bold=True)
            set_px(self.headings[score], 36 * scale)
        self.statement.set_maximum(int(88 * scale))
        set_px(self.sum, 56 * scale, bold=True)
        set_px(self.record_button, 44 * scale, bold=True)
        set_px(self.state, 38 * scale)
        _layout_of(self).setSpacing(int(30 * scale))


class ClosedPage(QWidget):
    """Voting is over; the results stay hidden until the facilitator reveals them."""

    revealClicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = label("Voting closed")
        self.answered = label()
        self.note = label()
        self.note.setProperty("muted", True)
        self.instruction = label("Press R to reveal the results")
        self.reveal_button = big_button("Reveal the results")
        self.reveal_button.clicked.connect(self.revealClicked)
        self.setLayout(
            _column(self.title, self.answered, self.note, self.instruction, self.reveal_button)
        )

    def set_summary(self, answered: str, note: str) -> None:
        self.answered.setText(answered)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def apply_scale(self, scale: float, width: int) -> None:
        set_px(self.title, 120 * scale, bold=True)
        set_px(self.answered, 64 * scale)
        set_px(self.note, 42 * scale)
        set_px(self.instruction, 54 * scale)
        set_px(self.reveal_button, 48 * scale, bold=True)
        for widget in (self.title, self.answered, self.note, self.instruction):
            widget.setFixedWidth(int(width * 0.95))
        _layout_of(self).setSpacing(int(40 * scale))


class ResultsPage(QWidget):
    """Holds the large results panel, made on first reveal (it brings in the charts)."""

    def __init__(self) -> None:
        super().__init__()
        self.panel: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_panel(self) -> QWidget:
        if self.panel is None:
            from cxdesk.ui.quiz.results import ResultsPanel

            self.panel = ResultsPanel(large=True)
            _layout_of(self).addWidget(self.panel)
            self.panel.show()  # a child added to a page already on screen
        return self.panel

    def apply_scale(self, scale: float, width: int) -> None:
        pass
