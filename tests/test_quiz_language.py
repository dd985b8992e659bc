"""A workshop quiz made from the built-in one in the room's language (issue 20, part 2).

The copy's statements, band labels and advice come from the toolkit catalogues and are
stored as the quiz's own text: the library, the presenter and the results show what is
stored, and a later change of a catalogue never rewrites the quiz or its runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cxdesk.language import Translator, translator
from cxdesk.models.quiz import BUILT_IN_QUIZ, Band
from cxdesk.store import quizzes, workshop
from cxdesk.store.database import Database
from cxdesk.ui.quiz.library import QuizLibraryDialog
from cxdesk.ui.quiz.presenter import PresenterWindow
from cxdesk.ui.quiz.presenter_flow import Page
from cxdesk.ui.workspace import Workspace

POLISH = translator("pl")
POLISH_STATEMENTS = [POLISH.gettext(text) for text in BUILT_IN_QUIZ.statements]
POLISH_BANDS = [
    Band(b.low, b.high, POLISH.gettext(b.label), POLISH.gettext(b.advice))
    for b in sorted(BUILT_IN_QUIZ.bands, key=lambda b: b.low)
]


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Iterator[Workspace]:
    workspace = Workspace(db)
    yield workspace
    workspace.undo_stack.clear()
    workspace.deleteLater()


def test_polish_words_are_the_catalogues_not_english() -> None:
    assert POLISH_STATEMENTS[0] == "Współtworzymy z klientem definicję sukcesu"
    for polish, english in zip(POLISH_STATEMENTS, BUILT_IN_QUIZ.statements, strict=True):
        assert polish
        assert polish != english
    for band in POLISH_BANDS:
        assert band.label not in {b.label for b in BUILT_IN_QUIZ.bands}
        assert band.advice not in {b.advice for b in BUILT_IN_QUIZ.bands}


def test_the_built_in_quiz_copied_in_polish_from_the_library(
    qtbot: QtBot, ws: Workspace, db: Database
) -> None:
    built_in = quizzes.ensure_built_in_quiz(db)
    dialog = QuizLibraryDialog(ws, None, built_in.id)
    try:
        with qtbot.waitExposed(dialog):
            dialog.show()
        # Offered for the built-in quiz only; English unless told otherwise.
        assert dialog.copy_language.isVisible()
        assert dialog.copy_language.currentData() == "en"
        dialog.copy_language.setCurrentIndex(dialog.copy_language.findData("pl"))
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

        [copy] = [q for q in quizzes.list_quizzes(db) if q.copied_from_id == built_in.id]
        assert copy.title == "Samoocena CX (Polski)"
        assert [st.text for st in copy.statements] == POLISH_STATEMENTS
        assert list(copy.bands) == POLISH_BANDS
        assert quizzes.quiz_language(copy) == "pl"
        assert quizzes.quiz_language(built_in) == "en"
        # On screen: the copy, editable, in Polish; the language choice is gone with
        # the built-in quiz (a custom quiz's words are never translated).
        assert dialog.editor.quiz == copy
        assert dialog.editor.statements.texts() == POLISH_STATEMENTS
        assert not dialog.copy_language.isVisible()

        # Copying the Polish copy copies its words as they are.
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        again = quizzes.get_quiz(db, dialog.editor.quiz.id)  # type: ignore[union-attr]
        assert again is not None
        assert again.copied_from_id == copy.id
        assert [st.text for st in again.statements] == POLISH_STATEMENTS

        ws.undo_stack.undo()
        ws.undo_stack.undo()  # one step each: the Polish quiz is gone
        assert [q.id for q in quizzes.list_quizzes(db)] == [built_in.id]
    finally:
        dialog.close()
        dialog.deleteLater()


def test_an_english_copy_and_a_custom_quiz_keep_their_words(db: Database) -> None:
    built_in = quizzes.ensure_built_in_quiz(db)
    english = quizzes.copy_quiz(db, built_in.id, language="en")
    assert english.title == "CX Self-Assessment (copy)"
    assert [st.text for st in english.statements] == list(BUILT_IN_QUIZ.statements)
    own = quizzes.copy_quiz(db, english.id, language="pl")  # user text: never translated
    assert [st.text for st in own.statements] == list(BUILT_IN_QUIZ.statements)
    assert quizzes.quiz_language(own) == "en"
    custom = quizzes.add_quiz(db, "Retro", 1, 5, ["Ours"], [Band(1, 5, "All", "")])
    assert quizzes.quiz_language(custom) is None


def test_a_run_keeps_the_polish_words_when_the_catalogue_changes(
    qtbot: QtBot, ws: Workspace, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_in = quizzes.ensure_built_in_quiz(db)
    polish = quizzes.copy_quiz(db, built_in.id, language="pl")
    session = workshop.add_session(db, polish.id, None, "Warsztat", date(2026, 3, 20))
    # The catalogue says something else now: what is stored stays as it is.
    monkeypatch.setattr(Translator, "gettext", lambda self, message: f"CHANGED {message}")

    window = PresenterWindow(ws, session.id)
    try:
        window.resize(1280, 720)
        with qtbot.waitExposed(window):
            window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)

        def press(key: Qt.Key, ctrl: bool = False) -> None:
            modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier(0)
            qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)

        press(Qt.Key.Key_Return)
        shown: list[str] = []
        for _ in POLISH_STATEMENTS:
            assert window.step.page is Page.STATEMENT
            shown.append(window.statement.statement.text())
            press(Qt.Key.Key_5)
        assert shown == POLISH_STATEMENTS
        press(Qt.Key.Key_Return, ctrl=True)
        press(Qt.Key.Key_R)  # reveal: the room's band, in Polish as stored
        assert window.step.page is Page.RESULTS
        texts = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
        assert POLISH_BANDS[-1].label in texts
        assert not any("CHANGED" in text for text in texts)
    finally:
        window.close()
        window.deleteLater()

    stored = quizzes.get_quiz(db, polish.id)
    assert stored is not None
    assert [st.text for st in stored.statements] == POLISH_STATEMENTS
    assert list(stored.bands) == POLISH_BANDS
