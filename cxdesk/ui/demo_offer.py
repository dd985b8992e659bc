"""The question a new team workspace asks once: add the demo engagement?

A new SQLite file gets the demo engagement by itself (one consultant's laptop, someone
trying the app). A new team workspace is shared: colleagues would find an invented client
among their engagements, so the person who made it is asked, once, when it is first shown
(issue 18's probe: ``cxdesk --db URL`` on an empty database offers the demo). The box is
window-modal and opened without a nested event loop, so nothing waits on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT

TITLE = "Add the demo engagement?"


def ask_add_demo(parent: QWidget, workspace_name: str, add: Callable[[], None]) -> QMessageBox:
    """Open the question over ``parent``; ``add`` runs if the answer is Add. Returns the
    box (open until answered, or until ``parent`` goes)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        TITLE,
        f"The team workspace {workspace_name} is new and empty.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        f"Add the demo engagement, “{DEMO_ENGAGEMENT}” of the invented client "
        f"“{DEMO_CLIENT}”, to try every tab? Everyone who opens this workspace sees it; "
        "delete it when you no longer need it. Help > Add the demo engagement adds it "
        "later too."
    )
    add_button = box.addButton("&Add the demo", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Start empty", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(add_button)

    def answered(_result: int) -> None:
        if box.clickedButton() is add_button:
            add()
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box
