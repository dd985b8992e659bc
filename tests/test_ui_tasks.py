"""The UI's background task runner: outcome on the UI thread, progress, Cancel, failures
in words, the delayed progress dialog, and closing that waits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.ui import tasks
from cxdesk.ui.tasks import (
    Failure,
    ProgressSpec,
    TaskControl,
    TaskKind,
    TaskRunner,
)

log = logging.getLogger("cxdesk.test_tasks")


class Refused(Exception):
    """A refusal the feature expects: it carries its own words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _explain(error: Exception) -> Failure | None:
    return Failure("Cannot do that", error.message) if isinstance(error, Refused) else None


def _unexpected(error: Exception) -> Failure:
    return Failure("That did not work", f"Something went wrong ({type(error).__name__}).")


KIND = TaskKind("test", log, "test work", _explain, _unexpected)
OTHER = TaskKind("other", log, "other work")


@dataclass
class Outcome:
    """What the runner called back, and on which thread."""

    done: list[Any] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    cancelled: int = 0
    progress: list[tuple[Any, ...]] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)

    def on_done(self, result: Any) -> None:
        self.threads.append(threading.get_ident())
        self.done.append(result)

    def on_failed(self, failure: Failure) -> None:
        self.threads.append(threading.get_ident())
        self.failed.append(failure)

    def on_cancelled(self) -> None:
        self.threads.append(threading.get_ident())
        self.cancelled += 1

    def on_progress(self, *values: Any) -> None:
        self.threads.append(threading.get_ident())
        self.progress.append(values)

    def ended(self) -> bool:
        return bool(self.done or self.failed or self.cancelled)


class Held:
    """Work that says it started, then waits until the test lets it go."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.released = threading.Event()
        self.saw_cancel: bool | None = None

    def __call__(self, control: TaskControl) -> str:
        self.started.set()
        self.released.wait(20)
        self.saw_cancel = control.cancelled()
        control.check()
        return "finished"


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    widget.setWindowTitle("Tasks")
    widget.resize(400, 300)
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


@pytest.fixture
def runner(window: QWidget) -> Iterator[TaskRunner]:
    tasks_runner = TaskRunner(window)
    yield tasks_runner
    tasks_runner.shutdown()  # as the main window does on close: no thread left behind


def start(runner: TaskRunner, work: Any, outcome: Outcome, **named: Any) -> Any:
    kind = named.pop("kind", KIND)
    return runner.start(
        kind,
        work,
        outcome.on_done,
        outcome.on_failed,
        cancelled=outcome.on_cancelled,
        progress=outcome.on_progress,
        **named,
    )


def test_the_result_comes_back_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    worker: list[int] = []

    def work(_control: TaskControl) -> dict[str, int]:
        worker.append(threading.get_ident())
        return {"rows": 3}

    outcome = Outcome()
    assert start(runner, work, outcome) is not None
    assert runner.busy("test")
    qtbot.waitUntil(outcome.ended)
    assert outcome.done == [{"rows": 3}]
    assert worker
    assert worker[0] != threading.get_ident()
    assert outcome.threads == [threading.get_ident()]  # the outcome arrived on this one
    assert not runner.busy()


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot, runner: TaskRunner) -> None:
    def work(control: TaskControl) -> str:
        for done in range(4):
            control.report(done, 3, f"step {done}")
        return "done"

    outcome = Outcome()
    start(runner, work, outcome)
    qtbot.waitUntil(outcome.ended)
    assert outcome.progress == [
        (0, 3, "step 0"),
        (1, 3, "step 1"),
        (2, 3, "step 2"),
        (3, 3, "step 3"),
    ]
    assert outcome.done == ["done"]
    assert set(outcome.threads) == {threading.get_ident()}


def test_cancel_stops_the_work_at_its_next_check(qtbot: QtBot, runner: TaskRunner) -> None:
    held, outcome = Held(), Outcome()
    task = start(runner, held, outcome)
    qtbot.waitUntil(held.started.is_set)
    task.cancel()
    assert task.cancelling
    held.released.set()
    qtbot.waitUntil(outcome.ended)
    assert held.saw_cancel
    assert outcome.cancelled == 1
    assert outcome.done == []
    assert outcome.failed == []
    assert not runner.busy()


def test_one_task_per_lane_and_lanes_side_by_side(qtbot: QtBot, runner: TaskRunner) -> None:
    held, outcome = Held(), Outcome()
    start(runner, held, outcome)
    refused = Outcome()
    assert start(runner, lambda _c: "second", refused) is None  # its lane is busy

    # Another lane runs meanwhile: it finishes while the first is still held.
    other = Outcome()
    assert start(runner, lambda _c: "other lane", other, kind=OTHER) is not None
    qtbot.waitUntil(other.ended)
    assert other.done == ["other lane"]
    assert runner.busy("test")
    assert not outcome.ended()
    held.released.set()
    qtbot.waitUntil(outcome.ended)
    assert outcome.done == ["finished"]
    assert not refused.ended()  # the refused one never ran


def test_a_refusal_is_told_in_its_own_words(qtbot: QtBot, runner: TaskRunner) -> None:
    def work(_control: TaskControl) -> None:
        raise Refused("That engagement no longer exists.")

    outcome = Outcome()
    start(runner, work, outcome)
    qtbot.waitUntil(outcome.ended)
    # Expected: not logged as an error (the autouse fixture would fail the test).
    assert outcome.failed == [Failure("Cannot do that", "That engagement no longer exists.")]


@pytest.mark.logs_errors  # the error is the point: logged, then said
def test_a_bug_is_logged_with_its_traceback_and_told_generically(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def work(_control: TaskControl) -> None:
        raise KeyError("quiz_id")

    outcome = Outcome()
    with caplog.at_level(logging.ERROR, logger=log.name):
        start(runner, work, outcome)
        qtbot.waitUntil(outcome.ended)
    assert outcome.failed == [
        Failure("That did not work", "Something went wrong (KeyError).", bug=True)
    ]
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.name == log.name
    assert record.getMessage() == "test work failed"
    assert record.exc_info is not None
    assert record.exc_info[0] is KeyError
    assert 'raise KeyError("quiz_id")' in caplog.text


def test_shutdown_cancels_waits_and_drops_the_outcome(qtbot: QtBot, runner: TaskRunner) -> None:
    held, outcome = Held(), Outcome()
    task = start(runner, held, outcome, dialog=ProgressSpec("Working…", cancellable=True))
    dialog = task.dialog
    qtbot.waitUntil(held.started.is_set)
    releaser = threading.Timer(0.2, held.released.set)  # the work's last step ends later
    releaser.start()
    runner.shutdown()  # as closing the window does
    releaser.join()
    assert held.saw_cancel  # it was asked to stop
    assert held.released.is_set()  # and shutdown returned only after the work ended
    assert runner.active_threads() == 0
    assert not runner.busy()
    assert not dialog.isVisible()
    # What the work reported before it ended is already queued: delivered now, dropped.
    QCoreApplication.sendPostedEvents()
    assert not outcome.ended()
    assert outcome.threads == []
    assert start(runner, lambda _c: "late", Outcome()) is None  # nothing starts any more


class _Shows(QObject):
    """Counts the Show events of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.count += 1
        return False


def test_the_progress_dialog_shows_only_after_the_delay(
    qtbot: QtBot, window: QWidget, runner: TaskRunner
) -> None:
    held, outcome = Held(), Outcome()
    clock = QElapsedTimer()
    clock.start()
    task = start(runner, held, outcome, dialog=ProgressSpec("Importing 2 engagements…"))
    dialog = task.dialog
    assert dialog is not None
    assert not dialog.isVisible()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert clock.elapsed() >= tasks.PROGRESS_DELAY_MS
    assert dialog.labelText() == "Importing 2 engagements…"
    assert dialog.windowTitle() == "CX Desk"
    assert dialog.isModal()
    assert dialog.parentWidget() is window
    assert dialog.findChild(QPushButton) is None  # not cancellable: no button
    with qtbot.waitSignal(dialog.destroyed):
        held.released.set()
    assert outcome.done == ["finished"]


def test_a_task_that_ends_before_the_delay_shows_no_dialog(
    qtbot: QtBot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 60_000)  # the work is sure to end first
    held, outcome = Held(), Outcome()
    task = start(runner, held, outcome, dialog=ProgressSpec("Exporting…", modal=False))
    shows = _Shows(task.dialog)
    with qtbot.waitSignal(task.dialog.destroyed):  # its timer goes with it: it never shows
        held.released.set()
    assert outcome.done == ["finished"]
    assert shows.count == 0


def test_a_modal_task_takes_the_input_and_gives_the_focus_back(
    qtbot: QtBot, window: QWidget, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 60_000)  # keys before the dialog shows
    field_ = QLineEdit()
    QVBoxLayout(window).addWidget(field_)
    window.activateWindow()
    field_.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field_)
    held, outcome = Held(), Outcome()
    task = start(runner, held, outcome, dialog=ProgressSpec("Importing…"))
    qtbot.waitUntil(held.started.is_set)
    qtbot.keyClicks(field_, "typed meanwhile")
    assert field_.text() == ""
    assert task.gate is not None
    assert task.gate.dropped > 0
    with qtbot.waitSignal(task.dialog.destroyed):
        held.released.set()
    assert QApplication.focusWidget() is field_
    qtbot.keyClicks(field_, "afterwards")
    assert field_.text() == "afterwards"


def test_a_modal_dialog_stays_up_saying_cancelling_until_the_work_stopped(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    held, outcome = Held(), Outcome()
    task = start(runner, held, outcome, dialog=ProgressSpec("Importing…", cancellable=True))
    dialog = task.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.cancelling
    assert dialog.labelText() == "Cancelling…"
    assert dialog.isVisible()  # the work still runs: nothing may edit meanwhile
    with qtbot.waitSignal(dialog.destroyed):
        held.released.set()
    assert outcome.cancelled == 1
