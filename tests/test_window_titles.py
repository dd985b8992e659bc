"""Window titles name the app once: Qt itself appends the display name ("— CX Desk").

Qt (QPlatformWindow::formatWindowTitle, used on Windows and Linux) appends the
application's display name to every window title that does not already end with it, so a
title that says "CX Desk" anywhere but at its end shows it twice ("Kick-off workshop —
CX Desk presenter — CX Desk").
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cxdesk.store import quizzes, workshop
from cxdesk.store.database import Database, open_database
from cxdesk.ui.quiz.presenter import PresenterWindow
from cxdesk.ui.workspace import Workspace

APP = "CX Desk"
UI = Path(__file__).parents[1] / "cxdesk" / "ui"


def as_shown(title: str, separator: str = " \u2014 ") -> str:
    """The title bar's text on Windows and Linux, by Qt's rule (formatWindowTitle)."""
    if title.endswith(APP):
        return title
    return f"{title}{separator}{APP}" if title else APP


@pytest.fixture
def display_name() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.applicationDisplayName()
    app.setApplicationDisplayName(APP)  # as cxdesk.app sets it
    yield
    app.setApplicationDisplayName(before)


def test_the_presenter_names_the_app_once(qtbot: QtBot, db: Database, display_name: None) -> None:
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, None, "Kick-off workshop", date(2026, 3, 20))
    ws = Workspace(db)
    window = PresenterWindow(ws, session.id)
    qtbot.addWidget(window)
    try:
        shown = as_shown(window.windowTitle())
        assert shown == "Kick-off workshop \u2014 Presenter \u2014 CX Desk"
        assert shown.count(APP) == 1
    finally:
        window.close()
        ws.undo_stack.clear()


def _title_texts(call: ast.Call) -> Iterator[str]:
    """The literal text of a setWindowTitle argument, placeholders as "{}"."""
    for arg in call.args:
        for node in ast.walk(arg):
            if isinstance(node, ast.JoinedStr):
                yield "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value


def test_no_window_title_says_the_app_name_but_at_its_end() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setWindowTitle"
            ):
                for text in _title_texts(node):
                    if APP in text and not text.endswith(APP):
                        offenders.append(f"{path.relative_to(UI)}:{node.lineno}: {text!r}")
    assert not offenders, "Qt appends the app's name; these would show it twice:\n" + "\n".join(
        offenders
    )


def test_the_main_window_is_titled_by_the_workspace_display_name(
    tmp_path: Path, open_window: Any
) -> None:
    # The window asks the workspace what to call itself (its backend's display name, the
    # file's name for a SQLite file), not for a file path it would have to format.
    with open_database(tmp_path / "Acme 2026.cxdb", backup_folder=tmp_path / "b") as db:
        assert db.display_name == "Acme 2026.cxdb"
        window = open_window(db)
        assert window.windowTitle() == "Acme 2026.cxdb — CX Desk"
        window.close()
