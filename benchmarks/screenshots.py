"""Screenshots of every screen of CX Desk, light and dark, rendered offscreen.

    uv run python benchmarks/screenshots.py [--out screenshots]

Writes PNGs (``light-01-matrix.png``, ``dark-01-matrix.png``, ...) to ``screenshots/``
(gitignored): the main window with the demo matrix and each chart tab, the empty
workspace's welcome, an engagement with no expectations yet, a cell being edited, the
Edit menu, the milestone and new-engagement dialogs, the emotion map (compared with a
revisit, an emotion being scored, empty, its stakeholders and revisit dialogs), and a
1,000-item engagement. The
charts are loaded (``ensure_charts``) before anything is grabbed. Nothing touches your
own workspace: the databases and settings live in a temporary folder.

Dark: the script first asks Qt for the dark colour scheme, as the system would; where the
platform does not honour that (the ``offscreen`` platform does not), it sets a dark
QPalette on the Fusion style instead and says so.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CXDESK_HEADLESS"] = "1"

from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, QTimer, qInstallMessageHandler
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def settle(ms: int = 150) -> None:
    """Let timers (the chart debounce, pyqtgraph's deferred updates) and paints run."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def dark_palette() -> QPalette:
    """A dark palette for Fusion, like the one Qt uses when the system scheme is dark."""
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2d2d2d",
        QPalette.ColorRole.WindowText: "#f0f0f0",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.ToolTipBase: "#3c3c3c",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Text: "#f0f0f0",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#f0f0f0",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#404040",
        QPalette.ColorRole.Mid: "#2a2a2a",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6cb4ff",
        QPalette.ColorRole.LinkVisited: "#b48cff",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


def is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def use_scheme(app: QApplication, scheme: str) -> str:
    """Switch to the light or dark scheme; returns how it was done."""
    hints = QGuiApplication.styleHints()
    if scheme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(app.style().standardPalette())
        settle(50)
        return "light"
    hints.setColorScheme(Qt.ColorScheme.Dark)
    settle(50)
    if hints.colorScheme() == Qt.ColorScheme.Dark and is_dark(app):
        return "dark (system colour scheme)"
    app.setPalette(dark_palette())
    settle(50)
    if not is_dark(app):
        raise SystemExit("screenshots: could not make the palette dark")
    return (
        f"dark (the {QGuiApplication.platformName()!r} platform ignored the dark colour "
        "scheme request, so a dark QPalette was set)"
    )


class Shooter:
    def __init__(self, out: Path, tmp: Path) -> None:
        self.out = out
        self.tmp = tmp
        self.saved: list[Path] = []
        self.numbers: dict[str, int] = {}
        self.count = 0

    def grab(self, widget: QWidget, scheme: str, label: str) -> None:
        settle()
        self.numbers[scheme] = self.numbers.get(scheme, 0) + 1
        path = self.out / f"{scheme}-{self.numbers[scheme]:02d}-{label}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        self.saved.append(path)

    @contextmanager
    def window(self, db_name: str, *, demo: bool, big: bool = False) -> Iterator[Any]:
        from cxdesk.store.database import open_database
        from cxdesk.store.demo import add_demo_engagement
        from cxdesk.ui.main_window import MainWindow

        self.count += 1
        path = self.tmp / f"{self.count}-{db_name}.cxdb"
        db = open_database(path)
        if demo:
            add_demo_engagement(db, today=date(2026, 3, 20))
        if big:
            sys.path.insert(0, str(HERE))
            from generate import add_big_engagement

            add_big_engagement(db, today=date(2026, 3, 20))
        settings = QSettings(
            str(self.tmp / f"{self.count}-settings.ini"), QSettings.Format.IniFormat
        )
        window = MainWindow(db, settings)
        window.show()
        assert window.page is not None
        window.page.matrix.ensure_charts()
        settle(250)
        try:
            yield window
        finally:
            if window.ws is not None:
                window.ws.undo_stack.clear()
            window.close()
            window.deleteLater()
            settle(50)


def shoot(shooter: Shooter, scheme: str) -> None:
    from cxdesk.store import workspace as store
    from cxdesk.ui.dialogs import MilestoneDialog, NameDialog
    from cxdesk.ui.matrix.columns import COLUMN_INDEX

    s = scheme
    with shooter.window("demo", demo=True) as window:
        matrix = window.page.matrix
        charts = matrix.ensure_charts()
        charts.setCurrentWidget(charts.levels)
        shooter.grab(window, s, "matrix")
        bar = matrix.view.horizontalScrollBar()
        bar.setValue(bar.maximum())  # the gap, status and owner columns
        shooter.grab(window, s, "matrix-scrolled-right")
        bar.setValue(0)
        charts.setCurrentWidget(charts.heatmap)
        shooter.grab(window, s, "heatmap")
        charts.setCurrentWidget(charts.levels)

        # A text cell being edited (the delegate's editor), on the second row.
        index = matrix.proxy.index(1, COLUMN_INDEX["delivered"])
        matrix.view.setCurrentIndex(index)
        matrix.view.edit(index)
        shooter.grab(window, s, "editing-cell")
        matrix.view.closePersistentEditor(index)
        matrix.view.setFocus()
        settle(50)

        menu = window.edit_menu
        menu.popup(window.mapToGlobal(QPoint(60, 28)))
        shooter.grab(menu, s, "edit-menu")
        menu.close()
        button = getattr(matrix, "milestone_button", None)  # the milestone chores menu
        if button is not None and button.menu() is not None:
            button.menu().popup(button.mapToGlobal(QPoint(0, button.height())))
            shooter.grab(button.menu(), s, "milestone-menu")
            button.menu().close()

        milestone = matrix.current_milestone()
        dialog = MilestoneDialog(
            "Edit milestone",
            milestone.name if milestone else "Design sign-off",
            milestone.due_date if milestone else None,
            window,
        )
        dialog.show()
        shooter.grab(dialog, s, "milestone-dialog")
        dialog.close()
        dialog = MilestoneDialog("New milestone", parent=window)
        dialog.show()
        shooter.grab(dialog, s, "new-milestone-dialog")
        dialog.close()
        dialog = NameDialog(
            "New engagement for Harbourline Freight Co.",
            "Engagement:",
            with_phase=True,
            parent=window,
        )
        dialog.show()
        shooter.grab(dialog, s, "new-engagement-dialog")
        dialog.close()
        from cxdesk.ui.shortcuts_help import ShortcutsDialog

        dialog = ShortcutsDialog(window)
        dialog.show()
        shooter.grab(dialog, s, "keyboard-shortcuts")
        dialog.close()

    with shooter.window("demo-tabs", demo=True) as window:
        page = window.page
        for size in ((1280, 800), (1024, 700)):
            window.resize(*size)
            for tab, label in (
                (page.overview, "overview"),
                (page.rater, "rater"),
                (page.pulse, "pulse"),
                (page.quiz, "quiz"),
                (page.map, "map"),
            ):
                page.tabs.setCurrentWidget(tab)
                settle(400)  # each tab loads its charts just after it is first shown
                shooter.grab(window, s, f"{label}-{size[0]}")
        window.resize(1280, 800)
        page.tabs.setCurrentWidget(page.rater)
        settle(300)
        charts = page.rater.charts
        if charts is not None:
            for index in range(1, charts.tabs.count()):  # the first was shot above
                charts.tabs.setCurrentIndex(index)
                shooter.grab(window, s, f"rater-{charts.tabs.tabText(index).lower()}")
        # The quiz tab: the show-of-hands session compared with the kickoff, then the
        # kickoff (pass the laptop) with its results hidden, as during a workshop.
        page.tabs.setCurrentWidget(page.quiz)
        quiz = page.quiz
        quiz.view.selectRow(0)
        shooter.grab(window, s, "quiz-compared")
        quiz.view.selectRow(1)
        quiz.toggle_reveal()
        shooter.grab(window, s, "quiz-hidden")
        quiz.toggle_reveal()
        shoot_quiz_dialogs(shooter, s, window)
        shoot_map(shooter, s, window)

    with shooter.window("empty", demo=False) as window:
        shooter.grab(window, s, "welcome")
        # A client and an engagement with no expectations or milestones yet.
        assert window.ws is not None
        client = store.add_client(window.ws.db, "Atlas Retail")
        engagement = store.add_engagement(window.ws.db, client.id, "Loyalty app relaunch")
        window.navigator.reload()
        window.navigator.select_engagement(engagement.id)
        shooter.grab(window, s, "engagement-without-expectations")
        charts = window.page.matrix.ensure_charts()
        charts.setCurrentWidget(charts.heatmap)
        shooter.grab(window, s, "engagement-without-expectations-heatmap")
        # The emotion map before anything is on it: what it is for, and how to start.
        for size in ((1280, 800), (1024, 700)):
            window.resize(*size)
            window.page.tabs.setCurrentWidget(window.page.map)
            shooter.grab(window, s, f"map-empty-{size[0]}")
        window.resize(1280, 800)
        window.page.map.add_default_phases()  # one click: the three phases, no touchpoint yet
        shooter.grab(window, s, "map-default-phases")

    with shooter.window("big", demo=False, big=True) as window:
        charts = window.page.matrix.ensure_charts()
        shooter.grab(window, s, "big-matrix")
        charts.setCurrentWidget(charts.heatmap)
        shooter.grab(window, s, "big-heatmap")


def shoot_quiz_dialogs(shooter: Shooter, s: str, window: Any) -> None:
    from cxdesk.store import quizzes
    from cxdesk.ui.quiz.library import QuizLibraryDialog
    from cxdesk.ui.quiz.session_dialog import SessionDialog

    db = window.ws.db
    dialog = SessionDialog(quizzes.list_quizzes(db), 1, "Customer portal rollout", None, window)
    dialog.show()
    shooter.grab(dialog, s, "quiz-new-session-dialog")
    dialog.close()
    library = QuizLibraryDialog(window.ws, window)
    library.show()
    shooter.grab(library, s, "quiz-library")
    library.close()


def shoot_map(shooter: Shooter, s: str, window: Any) -> None:
    """The demo's emotion map compared with its kickoff, a cell being scored, and its
    dialogs."""
    from cxdesk.store import workspace as store
    from cxdesk.ui.journey.revisit_dialog import RevisitDialog
    from cxdesk.ui.journey.stakeholders import StakeholdersDialog

    page = window.page
    page.tabs.setCurrentWidget(page.map)
    tab = page.map
    tab.ensure_chart()
    tab.compare.setCurrentIndex(1)  # the first revisit: the kickoff
    shooter.grab(window, s, "map-compared")
    tab.compare.setCurrentIndex(0)
    journey = tab.journey
    worst = min(
        (t for t in journey.touchpoints() if t.emotion is not None), key=lambda t: t.emotion
    )
    tab.grid.select_touchpoint(worst.id, "emotion")
    tab.grid.setFocus()
    tab.grid.edit(tab.grid.currentIndex())  # the emotion picker, open
    shooter.grab(window, s, "map-scoring")
    tab.grid.closePersistentEditor(tab.grid.currentIndex())
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()
    settle(50)
    dialog = StakeholdersDialog(window.ws, journey.engagement_id, window)
    dialog.show()
    shooter.grab(dialog, s, "map-stakeholders-dialog")
    dialog.reject()
    milestones = store.list_milestones(window.ws.db, journey.engagement_id)
    dialog = RevisitDialog(milestones, journey.revisits, window)
    dialog.milestone.setCurrentIndex(0)  # already revisited: the warning
    dialog.show()
    shooter.grab(dialog, s, "map-revisit-dialog")
    dialog.reject()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="render CX Desk screenshots offscreen")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    def quiet(_mode: Any, _context: Any, message: str) -> None:
        if not message.startswith("This plugin does not support"):  # offscreen's notes
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(quiet)
    with tempfile.TemporaryDirectory(prefix="cxdesk-shots-") as folder:
        tmp = Path(folder)
        os.environ["CXDESK_DATA_DIR"] = str(tmp / "data")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        app.setStyle("Fusion")
        shooter = Shooter(out, tmp)
        for scheme in ("light", "dark"):
            how = use_scheme(app, scheme)
            print(f"{scheme}: {how}")
            shoot(shooter, scheme)

        # A scheme change while the app runs (the system switching to dark at dusk).
        use_scheme(app, "light")
        with shooter.window("switch", demo=True) as window:
            use_scheme(app, "dark")
            shooter.grab(window, "dark", "switched-from-light-while-running")
        use_scheme(app, "light")

    for path in shooter.saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
