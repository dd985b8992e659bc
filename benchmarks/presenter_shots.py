"""Screenshots of the presenter view at projector sizes, light and dark, rendered offscreen.

    uv run python benchmarks/presenter_shots.py [FOLDER]   (default: screenshots/)

For 1920x1080 and 1280x720, in the light and the dark scheme, writes
``presenter-<scheme>-<size>-NN-<page>.png``: the start page, the longest built-in
statement, the thank-you page (with a skipped statement), a statement gone back to (its
answer highlighted), the voting-closed page, the revealed results (compared with an
earlier session) and the show-of-hands tally with a refusal shown. It also checks that
the longest statement's text fits its label, and prints its type size. The database
lives in a temporary folder; nothing touches your own workspace.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CXDESK_HEADLESS"] = "1"

from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from cxdesk.models.quiz import SessionMode  # noqa: E402
from cxdesk.store import quizzes, workshop  # noqa: E402
from cxdesk.store import workspace as store  # noqa: E402
from cxdesk.store.database import Database, open_database  # noqa: E402
from cxdesk.ui.quiz.presenter import PresenterWindow  # noqa: E402
from cxdesk.ui.quiz.presenter_flow import Page  # noqa: E402
from cxdesk.ui.workspace import Workspace  # noqa: E402

from screenshots import settle, use_scheme  # noqa: E402

SIZES = ((1920, 1080), (1280, 720))
EARLIER = [(3, 2, 4, 3, 2), (4, 3, 3, 4, 3), (2, 2, 3, 3, 1)]
ROOM = [(4, 3, 5, 4, 3), (5, 4, 4, 5, 4), (3, 2, 4, 3, 2), (4, 4, 5, 4, 3)]


def seed(db: Database) -> tuple[int, int, int]:
    """An engagement with an earlier session (to compare) and two sessions to present."""
    quiz = quizzes.ensure_built_in_quiz(db)
    client = store.add_client(db, "Northwind Health")
    engagement = store.add_engagement(db, client.id, "Patient portal")
    earlier = workshop.add_session(db, quiz.id, engagement.id, "Kick-off", date(2026, 1, 12))
    for scores in EARLIER:
        person = workshop.add_participant(db, earlier.id)
        for statement, score in zip(quiz.statements, scores, strict=True):
            workshop.record_answer(db, person.id, statement.id, score)
    laptop = workshop.add_session(db, quiz.id, engagement.id, "Mid-project", date(2026, 3, 20))
    for index, scores in enumerate(ROOM):
        person = workshop.add_participant(db, laptop.id, "Amira" if index == 0 else "")
        for statement, score in zip(quiz.statements, scores, strict=True):
            workshop.record_answer(db, person.id, statement.id, score)
    hands = workshop.add_session(
        db, quiz.id, engagement.id, "Team retro", date(2026, 3, 21), SessionMode.HANDS, 12
    )
    return laptop.id, hands.id, len(ROOM)


def key(window: QWidget, which: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    target = QApplication.focusWidget() or window
    if not window.isAncestorOf(target) and target is not window:
        target = window
    if modifier is None:
        QTest.keyClick(target, which)
    else:
        QTest.keyClick(target, which, modifier)
    settle(30)


def shoot(ws: Workspace, ids: tuple[int, int, int], out: Path, scheme: str) -> list[Path]:
    laptop_id, hands_id, _people = ids
    saved: list[Path] = []
    for width, height in SIZES:
        number = 0

        def grab(window: QWidget, page: str, w: int = width, h: int = height) -> None:
            nonlocal number
            settle(120)
            number += 1
            path = out / f"presenter-{scheme}-{w}x{h}-{number:02d}-{page}.png"
            if not window.grab().save(str(path)):
                raise SystemExit(f"presenter_shots: could not write {path}")
            saved.append(path)

        window = PresenterWindow(ws, laptop_id)
        window.resize(width, height)
        window.show()
        settle(150)
        grab(window, "start")
        window.start.name.setText("Zoë")  # non-ASCII goes in with setText, not key clicks
        key(window, Qt.Key.Key_Return)
        texts = [s.text for s in window.data.quiz.statements]
        longest = max(range(len(texts)), key=lambda i: len(texts[i]))
        digits = (Qt.Key.Key_4, Qt.Key.Key_2, None, Qt.Key.Key_3, Qt.Key.Key_4)
        for index, digit in enumerate(digits):
            if index == longest:
                grab(window, "statement-longest")
                label = window.statement.statement
                fits = label.fits(label.pixel_size())
                print(
                    f"{scheme} {width}x{height}: longest statement at {label.pixel_size()} px, "
                    f"{'fits' if fits else 'CLIPPED'} in {label.width()}x{label.height()}"
                )
            key(window, Qt.Key.Key_Right if digit is None else digit)  # None: skipped
        grab(window, "thanks")
        key(window, Qt.Key.Key_Left)  # to the skipped statement 3
        key(window, Qt.Key.Key_Left)  # statement 2: its answer highlighted
        grab(window, "statement-answered")
        while window.step.page is not Page.THANKS:
            key(window, Qt.Key.Key_Right)
        key(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        grab(window, "closed")
        key(window, Qt.Key.Key_R)
        grab(window, "results")
        key(window, Qt.Key.Key_R)  # hidden again for the next size
        window.close()
        # Only the first pass of a size keeps its answers: the next starts clean.
        results = workshop.load_session_results(ws.db, laptop_id)
        assert results is not None
        last = results.participants[-1]
        ws.quizzes.delete_participants(laptop_id, [last.id])

        window = PresenterWindow(ws, hands_id)
        window.resize(width, height)
        window.show()
        settle(150)
        for score, hands in zip((2, 3, 4, 5), (1, 4, 3, 3), strict=True):
            window.tally.fields[score].setValue(hands)
        key(window, Qt.Key.Key_Return)  # 11 of 12: refused, the counts stay
        grab(window, "tally-refused")
        window.close()
        window.deleteLater()
        settle(50)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "screenshots"))
    out = Path(parser.parse_args().folder)
    out.mkdir(parents=True, exist_ok=True)

    def quiet(_mode: object, _context: object, message: str) -> None:
        if not message.startswith("This plugin does not support"):  # offscreen's notes
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(quiet)
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="cxdesk-presenter-") as tmp:
        os.environ["CXDESK_DATA_DIR"] = str(Path(tmp) / "data")
        db = open_database(Path(tmp) / "presenter.cxdb")
        ids = seed(db)
        ws = Workspace(db)
        for scheme in ("light", "dark"):
            print(f"{scheme}: {use_scheme(app, scheme)}")
            saved += shoot(ws, ids, out, scheme)
        ws.undo_stack.clear()
        db.close()
    for path in saved:
        print(path)


if __name__ == "__main__":
    main()
