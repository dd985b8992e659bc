"""The one undo command and the one change signal: do, undo, redo, refusals and bugs.

Each tab's own tests drive the screens; these drive the Workspace directly, as every tab
does underneath, and check the database and what the screens are told.
"""

from __future__ import annotations

import logging
import re
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.ops import ChangeSet, Done, Operation, perform
from cxdesk.store import expectations
from cxdesk.store.database import Database
from cxdesk.ui.workspace import Workspace
from tests.db_dump import user_data
from tests.ops_helpers import Colleague

pytest_plugins = ("pytester",)


@pytest.fixture
def ws(db: Database) -> Iterator[Workspace]:
    workspace = Workspace(db)
    yield workspace
    workspace.deleteLater()


def told(ws: Workspace) -> tuple[list[ChangeSet], list[str]]:
    """Everything the workspace tells the screens: changes, and refusals."""
    changes: list[ChangeSet] = []
    refusals: list[str] = []
    ws.changed.connect(changes.append)
    ws.editRefused.connect(refusals.append)
    return changes, refusals


def edit(item_id: int, value: str) -> Operation[Any]:
    return Operation(
        "Edit what the client expects",
        lambda db: expectations.update_item(db, item_id, "expects", value),
    )


@pytest.fixture
def item_id(db: Database, engagement_id: int) -> int:
    return expectations.add_item(db, engagement_id, expects="Weekly report").id


def test_an_edit_its_undo_and_redo_each_tell_the_screens_what_changed(
    ws: Workspace, db: Database, item_id: int
) -> None:
    changes, refusals = told(ws)
    before = user_data(db.path)
    record = ws.run(edit(item_id, "Daily report"))
    assert record is not None
    assert record.expects == "Daily report"
    after = user_data(db.path)
    ws.undo_stack.undo()
    assert user_data(db.path) == before
    ws.undo_stack.redo()
    assert user_data(db.path) == after
    assert [c.ids("expectation_item") for c in changes] == [{item_id}] * 3
    assert refusals == []
    assert ws.undo_stack.undoText() == "Edit what the client expects"


def test_a_refused_edit_is_told_in_words_and_never_reaches_the_undo_stack(
    ws: Workspace, db: Database, item_id: int
) -> None:
    changes, refusals = told(ws)
    before = user_data(db.path)
    level = Operation(
        "Edit level", lambda db: expectations.update_item(db, item_id, "expected_level", 9)
    )
    assert ws.run(level) is None
    assert refusals == ["Levels go from 1 to 5; “9” was not saved."]
    assert changes == []
    assert ws.undo_stack.count() == 0
    assert user_data(db.path) == before


def test_undo_over_a_colleagues_later_change_is_refused_and_keeps_it(
    ws: Workspace, db: Database, item_id: int, colleague: Colleague
) -> None:
    changes, refusals = told(ws)
    ws.run(edit(item_id, "Mine"))
    colleague(ExpectationItem, item_id, notes="Ana's")
    before = user_data(db.path)
    ws.undo_stack.undo()
    assert len(refusals) == 1
    assert re.fullmatch(
        r"An expectation was changed after this step \(here, in another window or on "
        r"another device\): you changed its notes at \d\d:\d\d \(empty → Ana's\)\. Undoing "
        r"it now would overwrite that change, so nothing was changed\.",
        refusals[0],
    )
    assert user_data(db.path) == before
    # The step that cannot be undone leaves the stack; the stack is still consistent.
    assert ws.undo_stack.count() == 0
    assert not ws.undo_stack.canUndo()
    # The edit itself; then, for the refused undo (which wrote nothing), the rows in its
    # way to be read again by the screens showing them, so they show the colleague's change.
    assert len(changes) == 2
    again = changes[1]
    assert (again.created, again.updated, again.deleted) == ({}, {}, {})
    assert again.whole == {"expectation_item"}


@pytest.mark.logs_errors  # the bug is the point: logged with its traceback, then told
def test_a_bug_in_an_operation_is_logged_told_generically_and_changes_nothing(
    ws: Workspace, db: Database, item_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    changes, refusals = told(ws)

    def broken(db: Database) -> None:
        expectations.update_item(db, item_id, "notes", "half done")
        raise KeyError("a bug")

    before = user_data(db.path)
    with caplog.at_level(logging.ERROR, logger="cxdesk"):
        assert ws.run(Operation("Broken edit", broken)) is None
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info is not None
    assert record.exc_info[0] is KeyError
    assert refusals == ["“Broken edit” could not be done (an error); nothing changed."]
    assert user_data(db.path) == before
    assert ws.undo_stack.count() == 0
    assert changes == []


@pytest.mark.logs_errors  # the inner test's error reaches this test's log handler too
def test_a_bug_in_an_operation_fails_the_test_that_caused_it(pytester: pytest.Pytester) -> None:
    """The polite message is for people; a test that triggers a bug fails (conftest)."""
    pytester.makepyfile(
        test_inner=textwrap.dedent(
            """
            from cxdesk.ops import Operation
            from cxdesk.store.database import open_database
            from cxdesk.ui.workspace import Workspace
            from tests.conftest import no_unexpected_error_or_thread  # noqa: F401

            def test_edit(tmp_path):
                with open_database(tmp_path / "w.cxdb", backup_folder=tmp_path) as db:
                    Workspace(db).run(Operation("Broken", lambda db: {}["missing"]))
            """
        )
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    # The body ran to its end; the fixture fails it on teardown (an error, exit code 1).
    result.assert_outcomes(passed=1, errors=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*CX Desk logged 1 unexpected error*", "*KeyError*missing*"])


def test_an_operation_done_on_another_thread_is_recorded_and_undone_on_the_ui_thread(
    ws: Workspace, db: Database, item_id: int, qtbot: QtBot
) -> None:
    changes, _refusals = told(ws)
    before = user_data(db.path)
    done: list[Done[Any]] = []
    worker = threading.Thread(target=lambda: done.append(perform(db, edit(item_id, "Imported"))))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    ws.record(done[0])
    assert changes == [done[0].changeset]
    ws.undo_stack.undo()
    assert user_data(db.path) == before
    ws.undo_stack.redo()
    assert expectations.list_items(db, done[0].value.engagement_id)[0].expects == "Imported"
