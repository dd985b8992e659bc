"""Keyboard mnemonics: no label shows its '&' literally, and no menu offers one letter twice
(Alt+F then S must run the one command, not just highlight two)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.models.servqual import RaterDimension
from cxdesk.store import quizzes, workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), lower-cased."""
    rest = text.replace("&&", "")
    at = rest.find("&")
    return rest[at + 1].lower() if 0 <= at < len(rest) - 1 else None


def stray_ampersands(root: QWidget) -> list[str]:
    """Labels on screen that draw their '&' as is: plain text with no buddy to make it a
    mnemonic (what QFormLayout.addRow(str, layout) makes)."""
    found = []
    for label in [root, *root.findChildren(QLabel)]:
        if not isinstance(label, QLabel) or not label.isVisibleTo(root):
            continue
        text = label.text()
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text)
        )
        if "&" in text.replace("&&", "") and not rich and label.buddy() is None:
            found.append(text)
    return found


def clashes(actions: list[QAction], where: str) -> list[str]:
    """Problems with one menu's mnemonics: a command with none, or a letter used twice."""
    shown = [a for a in actions if a.isVisible() and not a.isSeparator()]
    problems = [f"{where}: {a.text()!r} has no mnemonic" for a in shown if not mnemonic(a.text())]
    letters = Counter(mnemonic(a.text()) for a in shown)
    for letter, count in letters.items():
        if letter and count > 1:
            texts = [a.text() for a in shown if mnemonic(a.text()) == letter]
            problems.append(f"{where}: Alt+{letter.upper()} is shared by {texts}")
    for action in shown:
        if action.menu() is not None:
            problems += clashes(action.menu().actions(), f"{where} > {action.text()}")
    return problems


def test_the_new_assessment_dialog_shows_no_literal_ampersand(qtbot: QtBot) -> None:
    from cxdesk.ui.rater.dialogs import AssessmentDialog

    dialog = AssessmentDialog("New assessment", [])
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert stray_ampersands(dialog) == []
    # The mnemonic works: Alt+D goes to the date row.
    dialog.title.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.dated


def test_no_label_anywhere_shows_a_literal_ampersand(
    qtbot: QtBot, db: Database, open_window
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ui.brand_dialog import BrandDialog
    from cxdesk.ui.dialogs import MilestoneDialog, NameDialog
    from cxdesk.ui.escalation_dialog import EscalationDialog
    from cxdesk.ui.journey.revisit_dialog import RevisitDialog
    from cxdesk.ui.quiz.library import QuizLibraryDialog
    from cxdesk.ui.quiz.session_dialog import SessionDialog
    from cxdesk.ui.rater.dialogs import AssessmentDialog, StatementDialog

    engagement_id = add_demo_engagement(db)
    window = open_window(db)
    assert window.navigator.select_engagement(engagement_id)
    page = window.page
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert stray_ampersands(window) == [], page.tabs.tabText(index)

    milestones = workspace.list_milestones(db, engagement_id)
    dialogs: list[QDialog] = [
        AssessmentDialog("New assessment", milestones, parent=window),
        StatementDialog("New statement", RaterDimension.RELIABILITY, parent=window),
        SessionDialog(quizzes.list_quizzes(db), engagement_id, "Portal", parent=window),
        NameDialog("New engagement", "Engagement name:", with_phase=True, parent=window),
        MilestoneDialog("New milestone", parent=window),
        BrandDialog(window.ws, window),
        EscalationDialog(window.ws, engagement_id, window),
        QuizLibraryDialog(window.ws, window),
        RevisitDialog(milestones, [], parent=window),
    ]
    for dialog in dialogs:
        dialog.show()
        assert stray_ampersands(dialog) == [], dialog.windowTitle()
        dialog.close()
        dialog.deleteLater()


def test_every_menu_has_unique_mnemonics(qtbot: QtBot, db: Database, open_window) -> None:  # type: ignore[no-untyped-def]
    engagement_id = add_demo_engagement(db)
    window = open_window(db)
    assert window.navigator.select_engagement(engagement_id)
    page = window.page
    bar = window.menuBar().actions()
    problems = clashes(bar, "menu bar")
    # The Edit menu follows the tab in front, so each tab makes a different menu.
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        tab = page.tabs.tabText(index)
        for top in bar:
            problems += clashes(top.menu().actions(), f"{tab}: {top.text()}")
        # Menus behind buttons (Milestones, Assessment) and right-click menus.
        for menu in window.findChildren(QMenu):
            if menu not in [a.menu() for a in bar]:
                problems += clashes(menu.actions(), f"{tab}: menu of {menu.parent()!r}")
        for widget in window.findChildren(QWidget):
            if widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu:
                problems += clashes(widget.actions(), f"{tab}: right-click on {widget!r}")
    assert problems == []


def test_alt_f_then_s_exports_to_a_spreadsheet(qtbot: QtBot, db: Database, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    file_menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if mnemonic(a.text()) == "s"]
    assert action.text().replace("&", "").startswith("Export to spreadsheet")
