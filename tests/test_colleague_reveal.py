"""Two presenters on one workshop session (two laptops, or the main window and a colleague's
projector): showing or hiding the results from a screen that is behind never undoes the
other's choice.

Why it cannot conflict: whether the results are shown is one yes/no column of the session
(``revealed``), and a screen only ever offers the opposite of what it shows (the quiz tab's
Reveal/Hide results, the presenter's R on the voting-closed or the results page). If the
session still holds what the screen showed, nobody changed it since; if it does not, it
already holds what the person asked for, and nothing is written (the ORM writes no
unchanged column): the colleague's change, and their name on it, stay. Closing voting is
not stored at all (the presenter's page, and the phones' room in memory), so two
presenters cannot overwrite each other's there either. Revealing is not an undo step.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cxdesk.models.quiz import Band
from cxdesk.models.records import SessionRecord
from cxdesk.models.tables import metadata
from cxdesk.ops import perform
from cxdesk.ops import quizzes as quiz_ops
from cxdesk.store import quizzes, workshop
from cxdesk.store.database import Database
from tests.test_colleague_conflicts import name_of, one_item
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends


def kick_off(ana: Database) -> SessionRecord:
    engagement_id = one_item(ana).engagement_id
    quiz = quizzes.add_quiz(ana, "Expectations check", 1, 5, ["Plan"], [Band(1, 5, "All", "")])
    return workshop.add_session(ana, quiz.id, engagement_id, "Kick-off", date(2026, 12, 1))


def who_and_version(db: Database, session_id: int) -> tuple[str | None, int]:
    table = metadata().tables["workshop_session"]
    with db.reading() as s:
        row = s.execute(
            select(table.c.changed_by, table.c.version).where(table.c.id == session_id)
        ).one()
    return row.changed_by, row.version


@pytest.mark.parametrize("anas", [True, False], ids=["Ana reveals", "Ana hides"])
def test_a_stale_reveal_or_hide_never_undoes_a_colleagues(
    team: tuple[Database, Database], backend: str, anas: bool
) -> None:
    ana, ben = team
    session = kick_off(ana)
    if not anas:
        workshop.update_session(ana, session.id, "revealed", True)
    shown = workshop.get_session(ben, session.id)  # Ben's screen
    assert shown is not None
    perform(ana, quiz_ops.set_revealed(session.id, anas))  # Ana's choice, after it
    before = who_and_version(ana, session.id)
    assert before[0] == name_of(ana, backend)

    # All Ben's screen offers is the opposite of what it shows: what Ana chose already.
    bens = perform(ben, quiz_ops.set_revealed(session.id, not shown.revealed))
    assert bens.changes == ()  # nothing written
    assert bens.value.revealed is anas
    assert who_and_version(ben, session.id) == before  # Ana's change, under her name


@pytest.mark.sqlite_only("the window is the same on both backends; the store's part is above")
def test_bens_reveal_of_a_session_a_colleague_deleted_is_told_not_raised(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cxdesk.ui.tabs import TabKey

    ana, ben = team
    session = kick_off(ana)
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == session.engagement_id)
    tab = window.page.tab(TabKey.QUIZ)
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: getattr(tab.current_session(), "id", None) == session.id)
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    # Ana reveals; Ben, whose tab still says "Reveal results", reveals too: shown, no write.
    perform(ana, quiz_ops.set_revealed(session.id, True))
    before = who_and_version(ana, session.id)
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(tab.current_session(), "revealed", False))
    assert tab.reveal_action.text() == "&Hide results"
    assert who_and_version(ben, session.id) == before
    assert warnings == []

    # Ana deletes the session; Ben, whose tab still lists it, hides its results.
    perform(ana, quiz_ops.delete_session(session))
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == ["That session no longer exists (it may have been deleted)."]
    qtbot.waitUntil(lambda: tab.current_session() is None)
