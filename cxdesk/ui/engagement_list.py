"""A tab listing one engagement's rows (the Actions, Issue log and "You said, we did" tabs).

Read when the tab is shown, re-read on the ChangeSets that touch its tables (later, once
shown again, when it is hidden: a hidden tab reads nothing); every edit is an operation
(one undo step), and a refusal is said on the tab's status line in the store's words.
Its tables are :class:`LineTableModel` s: one line a row, each line holding the stored
record its edits are saved to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QDialog, QPushButton, QWidget

from cxdesk.ui.record_model import Column, RecordTableModel

if TYPE_CHECKING:
    from cxdesk.ops import ChangeSet
    from cxdesk.ui.status_line import StatusLine
    from cxdesk.ui.tabs import TabKey
    from cxdesk.ui.workspace import Workspace

Stored = TypeVar("Stored")
Stored_co = TypeVar("Stored_co", covariant=True)
Answer = TypeVar("Answer")
Asking = TypeVar("Asking", bound=QDialog)


class Line(Protocol[Stored_co]):
    """A row of a list: the stored record, and what is read with it to show it."""

    @property
    def record(self) -> Stored_co: ...


L = TypeVar("L", bound=Line[Any])


class LineTableModel(RecordTableModel[L], Generic[L, Stored]):
    """Lines in the store's order; an edit goes through ``save`` (an operation) with the
    line's stored record, and the line shows it once the store reports it."""

    def __init__(
        self, save: Callable[[Stored, str, Any], object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save

    def lines(self) -> list[L]:
        return self.records()

    def edit(self, record: L, column: Column[L], value: Any) -> bool:
        self._save(record.record, column.field, value)
        return True


def asked(dialog: Asking, answer: Callable[[Asking], Answer]) -> Answer | None:
    """Run a dialog and read its ``answer`` when accepted (None when cancelled); the
    dialog is let go either way."""
    try:
        if not dialog.exec():
            return None
        return answer(dialog)
    finally:
        dialog.deleteLater()


class EngagementListTab(QWidget):
    """A tab listing one engagement's rows, re-read on the ChangeSets that touch its
    tables, later when hidden.

    A tab names the tables it ``watches`` and its ``tab_key`` (where undo brings the
    consultant back), builds ``status`` (a StatusLine), reads its rows in :meth:`_read`
    (each model with the lines read for it) and follows them up in :meth:`_rows_shown`.
    """

    watches: ClassVar[tuple[str, ...]] = ()
    tab_key: ClassVar[TabKey]
    # Whether being shown again re-reads even when nothing changed (days move on).
    reread_when_shown: ClassVar[bool] = False
    status: StatusLine

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        # The day the tab counts to ("overdue", days on a rung, new entries' date); a
        # test puts a fake clock here.
        self.today: Callable[[], date] = date.today
        self._stale = True
        self._reread = QTimer(self)
        self._reread.setSingleShot(True)
        self._reread.setInterval(0)  # after the change's other listeners, once per burst
        self._reread.timeout.connect(self._refresh)

    def _listen(self) -> None:
        """Follow the workspace's changes and refusals (once the tab is built)."""
        self.ws.changed.connect(self._on_changed)
        self.ws.editRefused.connect(self._refused)

    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Any
    ) -> QAction:
        """A command of this tab, its keys working wherever the focus is inside it."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction, text: str) -> QPushButton:
        """A button for ``action``, its tooltip naming the command and its keys."""
        button = QPushButton(text)
        button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        button.clicked.connect(action.trigger)
        return button

    # -- showing an engagement -----------------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self._stale = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()
        elif self.reread_when_shown:
            self._refresh()

    def _read(self) -> Sequence[tuple[RecordTableModel[Any], Sequence[Any]]]:
        """The engagement's rows as stored: each of the tab's models with its lines."""
        raise NotImplementedError

    def _rows_shown(self) -> None:
        """What follows the rows (counts, filters, which commands apply)."""

    def _show_rows(self, *, anew: bool) -> None:
        """Read the engagement's rows into the models: ``anew`` resets them (another
        engagement), else only what changed moves (the selection stays)."""
        for model, lines in self._read():
            if anew:
                model.reset(lines)
            else:
                model.apply(lines)
        self._rows_shown()

    def _load(self) -> None:
        self._stale = False
        self._show_rows(anew=True)

    def _refresh(self) -> None:
        self._stale = False
        self._show_rows(anew=False)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.engagement_id is None or not changes.concerns(self.engagement_id):
            return
        if not changes.touches(*self.watches):
            return
        if not self.isVisible():
            self._stale = True
            return
        self._reread.start()

    def _refused(self, message: str) -> None:
        if self.isVisible():
            self.status.say(message)

    def _select_line(
        self, view: QAbstractItemView, proxy: QSortFilterProxyModel, line_id: int, column: int
    ) -> bool:
        """Make a line current in ``view`` (showing its model through ``proxy``) and scroll
        to it; False when it is not there or filtered out."""
        model = proxy.sourceModel()
        assert isinstance(model, RecordTableModel)
        row = model.row_of(line_id)
        if row is None:
            return False
        index = proxy.mapFromSource(model.index(row, column))
        if not index.isValid():
            return False
        view.setCurrentIndex(index)
        view.scrollTo(index)
        return True

    # -- commands -------------------------------------------------------------------------

    def _run(self, operation: Any) -> Any:
        """Run an operation (one undo step); once done, re-read at once: the next key acts
        on the row as it is now."""
        done = self.ws.run(operation, self.tab_key)
        if done is not None:
            self._refresh()
        return done
