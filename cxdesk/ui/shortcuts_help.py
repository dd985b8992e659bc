"""Help > Keyboard shortcuts: every tab's keys, in two columns that fit a laptop screen."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

Section = tuple[str, tuple[tuple[str, str], ...]]

LEFT: tuple[Section, ...] = (
    (
        "Expectation Matrix",
        (
            ("Ctrl+N", "add an expectation below the selected one"),
            ("Enter / F2 / typing", "edit the cell; Enter saves, Shift+Enter new line"),
            ("1-5 on a level cell", "score it; Delete clears it"),
            ("Ctrl+Delete", "delete the selected expectations"),
            ("Ctrl+Shift+Up / Down", "move the expectation"),
            ("Ctrl+R", "revalidate at the chosen milestone"),
            ("Ctrl+F", "filter"),
        ),
    ),
    (
        "RATER scorecard",
        (
            ("Ctrl+Shift+A", "new assessment"),
            ("Ctrl+N / Ctrl+T", "add a client / our-team respondent (type the name, Enter)"),
            ("1-7 on a score cell", "score it and move on; Delete clears it"),
            ("T / C on the side cell", "our team / client"),
            ("Ctrl+I", "importance points (they must add up to 100)"),
            ("Ctrl+Delete", "delete the selected respondents"),
        ),
    ),
    (
        "Pulse checks",
        (
            ("Tab", "from each answer to the next, the date too; Enter records from any field"),
            ("Ctrl+Delete", "delete the selected responses"),
            ("Ctrl+F", "filter"),
        ),
    ),
    (
        "Overview",
        (
            ("Alt+O", "override a quadrant score (with a reason)"),
            ("Ctrl+Shift+I", "the issue log"),
            ("Ctrl+Shift+Y", "“you said, we did” and small wins"),
        ),
    ),
    (
        "Actions",
        (
            ("Ctrl+N", "new action (on no gap: type what it answers)"),
            ("Enter / F2 / typing", "edit the cell"),
            ("O, P, D, X on the status", "open, in progress, done (what was done?), dropped"),
            ("Ctrl+Shift+P / Ctrl+Shift+D", "mark in progress / done"),
            ("O / C on the owner's side", "our team / client; Delete on the due date clears it"),
            ("Ctrl+G, or Enter on the gap", "go to the gap"),
            ("Ctrl+Delete", "delete the selected actions"),
            ("Ctrl+F", "filter"),
        ),
    ),
    (
        "Date boxes",
        (
            ("Typing", "as you write it: 2 Nov 2026, 2/11/2026, 2026-11-02, today"),
            ("Up / Down, PgUp / PgDn", "a day / a month earlier or later"),
            ("Alt+Down or F4", "pick from a calendar"),
        ),
    ),
)

RIGHT: tuple[Section, ...] = (
    (
        "CX quiz",
        (
            ("Ctrl+N", "new workshop session"),
            ("F5 or Enter", "present it full screen"),
            ("Ctrl+R", "reveal or hide the results"),
            ("Ctrl+Shift+L", "quizzes"),
            ("In the presenter", "1-5 answer, ← → move, Esc leave"),
        ),
    ),
    (
        "Emotion map",
        (
            ("Ctrl+N", "add a touchpoint after the current one (type its name, Enter)"),
            ("Ctrl+Shift+P", "add a phase (type its name, Enter)"),
            ("Enter / F2 / typing", "edit the cell; on the phase lane, rename the phase"),
            ("0-3, or - then 1-3", "score an emotion cell; Delete clears it"),
            ("Ctrl+Delete", "delete the selected touchpoints (on the phase lane: the phase)"),
            ("Ctrl+Shift+Left / Right", "move the touchpoint (on the phase lane: the phase)"),
            ("Ctrl+Shift+K", "the client's stakeholders"),
            ("Ctrl+R", "revisit the emotions at a milestone"),
        ),
    ),
    (
        "Issue log",
        (
            ("Ctrl+N", "raise an issue"),
            ("Enter / F2 / typing", "edit the cell"),
            ("Ctrl+Shift+E", "escalate it a rung"),
            ("Ctrl+Shift+R / Ctrl+Shift+O", "resolve / reopen it"),
            ("Ctrl+Shift+L", "link pain points"),
            ("Ctrl+Shift+G", "new action from the issue"),
            ("Ctrl+Delete", "delete the selected issues"),
        ),
    ),
    (
        "You said, we did",
        (
            ("Ctrl+Shift+Y", "add what the client said"),
            ("Ctrl+Shift+D", "pair it with a done action"),
            ("Ctrl+Shift+W", "add a small win"),
            ("Ctrl+Delete", "delete the selected entry"),
        ),
    ),
    (
        "Where a gap is seen",
        (
            (
                "Ctrl+Shift+G",
                "new action for this gap: a matrix row, a RATER dimension, a pulse check, "
                "a touchpoint on the emotion map, an open handoff item",
            ),
            ("Right click", "the same, and show the actions for this gap"),
        ),
    ),
    (
        "Everywhere",
        (
            (
                "Ctrl+1 … Ctrl+9",
                "Overview, Matrix, RATER, Pulse checks, CX quiz, Emotion map, Actions, "
                "Issue log, You said we did",
            ),
            ("Ctrl+0", "the portfolio: every engagement (Enter opens one)"),
            ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
            ("Ctrl+Shift+C / Ctrl+Shift+N", "new client / engagement"),
            ("F2", "rename the selected client or engagement"),
            ("Ctrl+B", "show or hide the clients panel"),
            ("Ctrl+O", "open another database"),
            ("Ctrl+E", "export the Expectation Management Toolkit (PDF)"),
        ),
    ),
)


def column_html(sections: tuple[Section, ...]) -> str:
    parts = []
    for title, keys in sections:
        rows = "".join(
            f"<tr><td style='padding-right:10px' nowrap><b>{escape(k)}</b></td>"
            f"<td>{escape(what)}</td></tr>"
            for k, what in keys
        )
        parts.append(f"<h3>{escape(title)}</h3><table cellspacing='2'>{rows}</table>")
    return "".join(parts)


def shortcuts_html() -> str:
    return (
        "<table width='100%' cellspacing='0'><tr>"
        f"<td width='50%' valign='top' style='padding-right:18px'>{column_html(LEFT)}</td>"
        f"<td width='50%' valign='top'>{column_html(RIGHT)}</td>"
        "</tr></table><p>Every edit is saved the moment you make it.</p>"
    )


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html())
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        # Fits a 1024x700 laptop screen; longer lists scroll.
        self.resize(900, 600)
