"""Work off the UI thread: the UI's one thread pool, for backups, exports and imports.

A feature hands :meth:`TaskRunner.start` a plain function: plain values in (read on the
UI thread beforehand, since SQLite connections belong to their thread) and a plain value
out. It runs on the runner's pool with a :class:`TaskControl`, to report progress and to
see a Cancel. Its outcome comes back on the UI thread through queued signals, as exactly
one call of the feature's callbacks: the value; a :class:`Failure` (a refusal the feature
expects, in its own words, or a bug: logged with its traceback, told generically); or a
cancellation. Widgets are touched on the UI thread alone.

Tasks run in lanes: one task per lane at a time (one backup, one toolkit export...), the
lanes side by side (a backup never waits behind an export). A task may come with a
progress dialog, shown only PROGRESS_DELAY_MS after the task started, so that a quick one
shows none; a modal one also keeps every input away from the app from the task's first
moment (see :class:`InputGate`). Closing the window calls :meth:`TaskRunner.shutdown`:
running tasks are asked to cancel and waited for, so no thread outlives the window or
uses its database after it is closed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QWindow
from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog, QWidget

T = TypeVar("T")
PROGRESS_DELAY_MS = 300  # a quick task finishes before a progress dialog would flash


class Cancelled(Exception):
    """The work stopped because Cancel was asked: raised by :meth:`TaskControl.check`, or
    by the work in place of its own cancellation exception."""


@dataclass(frozen=True)
class Failure:
    """Why a task did not finish, in words for a person."""

    title: str
    message: str
    bug: bool = False  # an exception nobody expected; its traceback is in the log


def _nothing_expected(_error: Exception) -> Failure | None:
    return None


def _said_plainly(error: Exception) -> Failure:
    return Failure("That did not work", f"{type(error).__name__}: {error}")


@dataclass(frozen=True)
class TaskKind:
    """What a feature's tasks share: their lane, and how their exceptions are told.

    ``explain`` turns an exception the feature expects (a refusal with its message, a
    file that cannot be written) into a :class:`Failure`, and returns None for any other:
    that one is a bug, logged on ``log`` as "<what> failed" with its traceback, and told
    in ``unexpected``'s generic words. Both run on the worker thread.
    """

    lane: str
    log: logging.Logger  # the feature's own, so a bug is logged under its name
    what: str  # "backup work": a bug is logged as "backup work failed"
    explain: Callable[[Exception], Failure | None] = _nothing_expected
    unexpected: Callable[[Exception], Failure] = _said_plainly


class TaskControl:
    """Handed to the work, on the worker thread: progress out, a Cancel in."""

    def __init__(self, report: Callable[[tuple[object, ...]], None], stop: threading.Event) -> None:
        self._report, self._stop = report, stop

    def report(self, *values: object) -> None:
        """Send progress (for example done and total) to the UI thread, queued."""
        self._report(values)

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` once Cancel was asked."""
        if self._stop.is_set():
            raise Cancelled


@dataclass(frozen=True)
class ProgressSpec:
    """The progress dialog a task shows, PROGRESS_DELAY_MS after it started.

    ``modal``: window-modal, and the whole app takes no input from the task's first
    moment (what is being typed is saved first); the dialog stays up until the work ended,
    Cancel making it say "Cancelling…". Not modal: the person works on meanwhile, and
    Cancel or Escape hide the dialog at once, as Qt's do.
    """

    label: str
    title: str = "CX Desk"
    modal: bool = True
    cancellable: bool = False
    maximum: int = 0  # 0: a busy bar until the work reports how much there is
    minimum_width: int = 0


class TaskProgressDialog(QProgressDialog):
    """A task's progress; see :class:`ProgressSpec`.

    Its bar is ours and is set directly (:meth:`advance`): a modal QProgressDialog's own
    setValue() runs a nested event loop, which delivered the outcome mid-update and
    deleted the dialog under it (a crash). So it is also shown by a timer of our own.
    """

    def __init__(self, spec: ProgressSpec, parent: QWidget) -> None:
        super().__init__(spec.label, "Cancel", 0, 0, parent)
        self.stays_up = spec.modal
        self.cancellable = spec.cancellable
        self.setWindowTitle(spec.title)
        if not spec.cancellable:
            self.setCancelButton(None)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if spec.modal else Qt.WindowModality.NonModal
        )
        self.setAutoReset(False)  # the last step may be followed by a commit: stay up
        self.setAutoClose(False)
        if spec.minimum_width:
            self.setMinimumWidth(spec.minimum_width)
        self._bar = QProgressBar(self)
        self.setBar(self._bar)
        self.reset()  # stops Qt's own timer, which would show the dialog 4 s after it was made
        self._bar.setRange(0, spec.maximum)
        if spec.maximum:
            self._bar.setValue(0)
        if spec.modal and spec.cancellable:
            # Qt hides the dialog on Cancel at once; it stays up, saying "Cancelling…",
            # until the worker has stopped (an import rolled back): nothing edits meanwhile.
            self.canceled.disconnect(self.cancel)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        # Precise: a coarse timer may fire up to 5% early, and the dialog is promised
        # not to flash up before PROGRESS_DELAY_MS (seen at 291 ms on a loaded machine).
        self._show_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._show_timer.setInterval(PROGRESS_DELAY_MS)
        self._show_timer.timeout.connect(self.show)
        self._show_timer.start()

    def advance(self, done: int, total: int) -> None:
        if self._bar.maximum() != total:
            self._bar.setMaximum(total)
        self._bar.setValue(done)

    def reject(self) -> None:
        if not self.stays_up:
            super().reject()
        elif self.cancellable:  # Escape asks to cancel, as the button does
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.stays_up:
            super().closeEvent(event)
            return
        event.ignore()  # the title bar's close button asks to cancel too
        self.reject()

    def finish(self) -> None:
        """The work ended: never shown if it had not been yet, gone if it was."""
        self._show_timer.stop()
        self.reset()
        self.hide()
        self.deleteLater()


class InputGate(QObject):
    """While a modal task runs, what a person does with keys, mouse or touch reaches only
    its progress dialog, in every window of the application (the quiz presenter too).

    Installed at once, for the whole task: the dialog is shown only after
    PROGRESS_DELAY_MS (a quick task shows none), and Qt's modality starts only then. For
    those first moments an edit typed into the window waited 5 s for an import's write
    lock, the window frozen, and then failed with "database is locked". Everything else
    (painting, timers, reads) goes on; nothing in the app writes on a timer.
    """

    BLOCKED = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.Shortcut,  # sent to the action or shortcut, not to a widget
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,  # a wheel over a spin box or combo box changes its value
            QEvent.Type.ContextMenu,
            QEvent.Type.InputMethod,
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
            QEvent.Type.TabletPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
        }
    )

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.dropped = 0  # how many were dropped (tests look)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.BLOCKED:
            return False
        if isinstance(watched, QWindow):
            return False  # handed on to its widget, which is judged below
        # A shortcut goes to its QShortcut or QAction: judged by the widget that owns it
        # (the dialog's own Escape is a QShortcut of the dialog).
        owner: QObject | None = watched
        while owner is not None and not isinstance(owner, QWidget):
            owner = owner.parent()
        if owner is not None and (owner is self.dialog or self.dialog.isAncestorOf(owner)):
            return False
        self.dropped += 1
        return True


def settle_focus() -> QWidget | None:
    """Save what is being typed and take the focus off it, before a modal task starts.

    Left where it was, the focus moved to the progress dialog once it was shown, and
    leaving a cell editor or a field (a session's title, a date) saved it then: a write
    while an import held the write lock. Returns the widget that had the focus, to give
    it back after the task."""
    from cxdesk.ui.editing import commit_pending_edit

    commit_pending_edit()
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()  # saves a field that saves on leaving it, now
    return focus


def give_back_focus(widget: QWidget | None) -> None:
    if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


class Task(QObject):
    """One task as the UI thread sees it: its dialog, its Cancel.

    Its signals are emitted on the worker and connected queued to its own slots, so the
    feature's callbacks run on the UI thread; the task is deleted once it has reported.
    """

    _progressed = Signal(object)  # the values the work reported, as a tuple
    _succeeded = Signal(object)  # what the work returned
    _failed = Signal(object)  # a Failure
    _cancelled = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        kind: TaskKind,
        done: Callable[[Any], None],
        failed: Callable[[Failure], None],
        cancelled: Callable[[], None] | None,
        progress: Callable[..., None] | None,
    ) -> None:
        super().__init__(runner)
        self.runner, self.kind = runner, kind
        self.dialog: TaskProgressDialog | None = None
        self.gate: InputGate | None = None
        self.focus: QWidget | None = None  # given back when a modal task ends
        self.stop = threading.Event()
        self.ended = False
        self._done, self._failed_with = done, failed
        self._cancelled_with, self._progress_with = cancelled, progress
        queued = Qt.ConnectionType.QueuedConnection
        self._progressed.connect(self._on_progress, queued)
        self._succeeded.connect(self._on_done, queued)
        self._failed.connect(self._on_failed, queued)
        self._cancelled.connect(self._on_cancelled, queued)

    @property
    def cancelling(self) -> bool:
        return self.stop.is_set()

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop at its next check; the dialog says so meanwhile."""
        self.stop.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    # -- from the worker (queued onto the UI thread) -----------------------------------

    @Slot(object)
    def _on_progress(self, values: tuple[object, ...]) -> None:
        if not self.ended and self._progress_with is not None:
            self._progress_with(*values)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._end(lambda: self._done(result))

    @Slot(object)
    def _on_failed(self, failure: Failure) -> None:
        self._end(lambda: self._failed_with(failure))

    @Slot()
    def _on_cancelled(self) -> None:
        self._end(self._cancelled_with)

    def _end(self, then: Callable[[], None] | None) -> None:
        if self.ended:  # the runner was shut down: what the work still said is dropped
            return
        self.runner._forget(self)
        # The lane is free first: what comes next may start the lane's next task.
        if then is not None:
            then()


class _Work(QRunnable):
    """Runs the work on a pool thread and reports exactly one outcome."""

    def __init__(self, task: Task, work: Callable[[TaskControl], object]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task, self.work = task, work
        self.control = TaskControl(task._progressed.emit, task.stop)

    def run(self) -> None:
        # Everything is caught: an exception escaping run() would be lost on the worker
        # thread and leave the task running for ever, its dialog up.
        try:
            result = self.work(self.control)
        except Cancelled:
            self.task._cancelled.emit()
        except Exception as error:
            self.task._failed.emit(_told(self.task.kind, error))
        else:
            self.task._succeeded.emit(result)


def _told(kind: TaskKind, error: Exception) -> Failure:
    """``error`` in words; called while it is being handled, so a bug's traceback is
    logged (never turned into a polite message alone: the tests' fixture sees the log)."""
    try:
        failure = kind.explain(error)
    except Exception:  # a bug of its own: logged too, and the original told as a bug
        kind.log.exception("explaining why %s failed raised", kind.what)
        failure = None
    if failure is not None:
        return failure
    kind.log.exception("%s failed", kind.what)
    return replace(kind.unexpected(error), bug=True)


class TaskRunner(QObject):
    """Runs a window's background tasks; see the module docstring. One per main window,
    handed to the features that need it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window  # the progress dialogs' parent
        # The UI's one pool. Made first, so that it is destroyed (waiting for its
        # threads) before the tasks those threads report to.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # raised to one thread per running task
        self._running: dict[str, Task] = {}
        self.closed = False

    def busy(self, lane: str | None = None) -> bool:
        """Whether a task runs in ``lane`` (in any lane, without one)."""
        return lane in self._running if lane is not None else bool(self._running)

    def current(self, lane: str) -> Task | None:
        return self._running.get(lane)

    def start(
        self,
        kind: TaskKind,
        work: Callable[[TaskControl], T],
        done: Callable[[T], None],
        failed: Callable[[Failure], None],
        *,
        cancelled: Callable[[], None] | None = None,
        progress: Callable[..., None] | None = None,
        dialog: ProgressSpec | None = None,
    ) -> Task | None:
        """Run ``work(control)`` on the pool; None (and nothing runs) when its lane is
        busy or the window is closing.

        Exactly one of ``done(result)``, ``failed(failure)`` or ``cancelled()`` runs
        later, on the UI thread (none after :meth:`shutdown`); ``progress(*values)`` for
        each report before it."""
        if self.closed or kind.lane in self._running:
            return None
        task = Task(self, kind, done, failed, cancelled, progress)
        if dialog is not None:
            if dialog.modal:
                task.focus = settle_focus()
            task.dialog = TaskProgressDialog(dialog, self.window)
            if dialog.cancellable:
                task.dialog.canceled.connect(task.cancel)
            if dialog.modal:
                # Input is blocked now; only the dialog waits (see InputGate).
                task.gate = InputGate(task.dialog)
                _application().installEventFilter(task.gate)
        self._running[kind.lane] = task
        if self._pool.maxThreadCount() < len(self._running):
            self._pool.setMaxThreadCount(len(self._running))
        self._pool.start(_Work(task, work))
        return task

    def cancel(self, lane: str) -> None:
        task = self._running.get(lane)
        if task is not None:
            task.cancel()

    def _forget(self, task: Task) -> None:
        """The task ended (or the window closes): free its lane, take its dialog and its
        input gate away, give the focus back."""
        task.ended = True
        if self._running.get(task.kind.lane) is task:
            del self._running[task.kind.lane]
        if task.gate is not None:
            _application().removeEventFilter(task.gate)
            task.gate = None
        if task.dialog is not None:
            if task.dialog.cancellable:
                task.dialog.canceled.disconnect(task.cancel)
            task.dialog.finish()
            task.dialog = None
        give_back_focus(task.focus)
        task.deleteLater()

    def shutdown(self) -> None:
        """The window is closing: ask every running task to cancel (an import rolls back;
        a backup or a restore cannot stop and is finished), wait for all of them, and
        drop what they still report. Nothing starts afterwards."""
        self.closed = True
        for task in self._running.values():
            task.stop.set()
        self._pool.waitForDone()
        for task in list(self._running.values()):
            self._forget(task)

    def wait_for_done(self) -> None:
        """Block until no task's work runs any more (its outcome may still be queued)."""
        self._pool.waitForDone()

    def active_threads(self) -> int:
        return self._pool.activeThreadCount()


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
