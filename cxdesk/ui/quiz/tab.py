"""The CX quiz tab (the CX self-assessment): workshop sessions, their results, quizzes.

Left, the engagement's sessions (newest first) and the selected one's details; right,
its results, hidden until the facilitator reveals them so early answers do not sway the
room. Present (F5) opens the full-screen presenter on the projector; Quizzes… opens the
library where consultants write their own quizzes.

Data is read only while the tab is visible, like the other tabs.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.records import AnswerRecord, SessionRecord, SessionResultsData
from cxdesk.ops import ChangeSet
from cxdesk.store import quizzes as quiz_store
from cxdesk.store import workshop
from cxdesk.store import workspace as workspace_store
from cxdesk.store.errors import EditRefused
from cxdesk.ui.quiz.room import ROOM_TABLES, applied_answer, joins_applied
from cxdesk.ui.quiz.session_dialog import SessionDialog
from cxdesk.ui.quiz.session_panel import SessionDetails, progress_text
from cxdesk.ui.quiz.sessions import (
    Column,
    SessionRole,
    SessionScope,
    SessionTableModel,
    load_rows,
    session_row,
)
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from cxdesk.ui.quiz.presenter import PresenterWindow
    from cxdesk.ui.quiz.results import ResultsPanel

REFRESH_MS = 30  # coalesces a burst of answers (a show of hands, undo) into one redraw
EMPTY, HIDDEN, RESULTS = range(3)
# What the sessions list and the results show: a change to any of these re-reads them.
SESSION_TABLES = ("quiz", "quiz_statement", "quiz_band", "workshop_session")
# What the room records (ROOM_TABLES): the sessions it belongs to are re-read, answers
# applied in place.


class QuizTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.data: SessionResultsData | None = None
        self.results: ResultsPanel | None = None  # built when first revealed (pyqtgraph)
        self.presenter: PresenterWindow | None = None
        self._stale = True
        self._built_in_checked = False
        self._answered: set[int] = set()  # sessions with new answers, not yet shown
        self._applied = False  # self.data has answers applied in memory, not yet shown
        # The previous session's results, read once per selected session (they do not
        # change while this room votes).
        self._previous: tuple[int, SessionResultsData | None] | None = None

        self.model = SessionTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _index: self.present())
        self.details = SessionDetails(ws)

        self._build_actions()
        self._build_layout()

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh)

        self.view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.setFocusProxy(self.view)
        ws.changed.connect(self._on_changed)
        self._update_actions()

    # -- construction --------------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot: object, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({shortcut})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "&New workshop session…", "Ctrl+N", self.new_session, "Start a session of a quiz"
        )
        self.present_action = self._action(
            "&Present full screen", "F5", self.present, "Run the session on the projector"
        )
        self.reveal_action = self._action(
            "Re&veal results", "Ctrl+R", self.toggle_reveal, "Show or hide the results"
        )
        self.delete_action = self._action(
            "&Delete session", "Ctrl+Delete", self.delete_session, "Delete the session"
        )
        self.library_action = self._action(
            "&Quizzes…", "Ctrl+Shift+L", self.open_library, "Write and edit quizzes"
        )

    def menu_actions(self) -> list[QAction]:
        return [
            self.new_action,
            self.present_action,
            self.reveal_action,
            self.delete_action,
            self.library_action,
        ]

    def _button(self, action: QAction, text: str | None = None) -> QPushButton:
        button = QPushButton(text or action.text().replace("&", "").rstrip("…"))
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        return button

    def _build_layout(self) -> None:
        self.scope = QComboBox()
        for scope in SessionScope:
            self.scope.addItem(scope.value, scope.name)
        self.scope.setToolTip("Sessions can belong to an engagement or to none")
        self.scope.currentIndexChanged.connect(self._later)
        self.reveal_button = self._button(self.reveal_action)
        tools = QHBoxLayout()
        tools.addWidget(self.scope, 1)
        tools.addWidget(self._button(self.new_action, "New session…"))
        tools.addWidget(self._button(self.present_action, "Present"))
        tools.addWidget(self.reveal_button)
        tools.addWidget(self._button(self.delete_action, "Delete"))
        tools.addWidget(self._button(self.library_action, "Quizzes…"))

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.view)
        left.addWidget(self.details)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)

        self.empty = QLabel(
            "<p><b>No workshop session here yet.</b></p>"
            "<p>Run the CX self-assessment with the room: <b>New session</b> (Ctrl+N), "
            "then <b>Present</b> (F5) on the projector. Each person answers in turn on "
            "the laptop, or you type a show of hands per score.</p>"
        )
        self.hidden = QLabel()
        self.hidden_button = self._button(self.reveal_action, "Reveal results")
        hidden_page = QWidget()
        hidden_layout = QVBoxLayout(hidden_page)
        hidden_layout.addStretch(1)
        hidden_layout.addWidget(self.hidden)
        hidden_layout.addWidget(self.hidden_button, 0, Qt.AlignmentFlag.AlignHCenter)
        hidden_layout.addStretch(2)
        for label in (self.empty, self.hidden):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setMargin(24)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(hidden_page)
        self.results_holder = QWidget()
        QVBoxLayout(self.results_holder).setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(self.results_holder)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 2)  # the results need the room
        self.splitter.setSizes([380, 620])
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)

    # -- showing an engagement -----------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self._stale = True
        if self.isVisible():
            self._reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._reload()

    def _later(self, *_args: object) -> None:
        """Re-read when convenient: at once if visible (coalesced), else when next shown."""
        self._stale = True
        self._previous = None
        if self.isVisible():
            self._refresh_timer.start()

    def _refresh(self) -> None:
        if self._stale:
            self._reload()
            return
        # Only answers came in: re-read just those sessions, not the whole list.
        answered, self._answered = self._answered, set()
        current = self.current_session()
        if current is None or answered - {current.id}:
            self._previous = None  # the earlier session being compared may have changed
        if self._applied and self.data is not None and self.data.session.id not in answered:
            self.model.update_row(session_row(self.data))
            self._show_selected(self.data)
        self._applied = False
        for session_id in answered:
            data = workshop.load_session_results(self.ws.db, session_id)
            if data is None:
                self._reload()
                return
            self.model.update_row(session_row(data))
            if current is not None and current.id == session_id:
                self._show_selected(data)

    def _scope(self) -> SessionScope:
        return SessionScope[self.scope.currentData() or SessionScope.ENGAGEMENT.name]

    def _reload(self, select: int | None = None) -> None:
        self._stale = False
        self._answered.clear()
        self._applied = False
        self._previous = None
        self._refresh_timer.stop()
        if not self._built_in_checked:
            # The built-in quiz is written the first time someone looks for it.
            quiz_store.ensure_built_in_quiz(self.ws.db)
            self._built_in_checked = True
        current = self.current_session()
        keep = select if select is not None else (current.id if current else None)
        self.model.set_rows(load_rows(self.ws.db, self._scope(), self.engagement_id))
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rows:
            row = 0
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, Column.TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_selected()

    # -- the selected session ------------------------------------------------------

    def current_session(self) -> SessionRecord | None:
        index = self.view.selectionModel().currentIndex()
        return index.data(SessionRole) if index.isValid() else None

    def _selection_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_selected()

    def _show_selected(self, data: SessionResultsData | None = None) -> None:
        session = self.current_session()
        if data is None and session is not None:
            data = workshop.load_session_results(self.ws.db, session.id)
        self.data = data
        self.details.show_session(self.data)
        if self.data is None:
            self.pages.setCurrentIndex(EMPTY)
        elif not self.data.session.revealed:
            self.hidden.setText(
                "<p><b>Results are hidden</b> until you reveal them, so early answers do "
                f"not sway the room.</p><p>{progress_text(self.data)}</p>"
            )
            self.pages.setCurrentIndex(HIDDEN)
        else:
            self._show_results(self.data)
        self._update_actions()

    def _show_results(self, data: SessionResultsData) -> None:
        if self.results is None:
            from cxdesk.ui.quiz.results import ResultsPanel  # pyqtgraph: only when needed

            self.results = ResultsPanel()
            layout = self.results_holder.layout()
            assert layout is not None
            layout.addWidget(self.results)
        self.results.set_data(data, self._previous_results(data.session.id))
        self.pages.setCurrentIndex(RESULTS)

    def _previous_results(self, session_id: int) -> SessionResultsData | None:
        if self._previous is None or self._previous[0] != session_id:
            previous = workshop.previous_session(self.ws.db, session_id)
            self._previous = (
                session_id,
                workshop.load_session_results(self.ws.db, previous.id) if previous else None,
            )
        return self._previous[1]

    def _update_actions(self) -> None:
        session = self.current_session()
        for action in (self.present_action, self.reveal_action, self.delete_action):
            action.setEnabled(session is not None)
        revealed = bool(session and session.revealed)
        self.reveal_action.setText("&Hide results" if revealed else "Re&veal results")
        self.reveal_button.setText("Hide results" if revealed else "Reveal results")

    # -- reacting to edits ---------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*SESSION_TABLES):
            self._later()  # sessions added, removed, renamed, revealed; quizzes edited
            return
        if not changes.touches(*ROOM_TABLES):
            return
        if not self.isVisible():
            self._later()  # read when next shown
            return
        if changes.whole & set(ROOM_TABLES) or any(
            changes.deleted.get(table) for table in ROOM_TABLES
        ):
            # Rows that are gone no longer say their session (a cleared answer, a
            # recounted show of hands, people removed), and a colleague's change too big
            # to name its rows names none: read everything again.
            self._later()
            return
        if self._joins_applied(changes):
            return
        answers = changes.ids("quiz_answer")
        for session_id, answer in workshop.answers_by_id(self.ws.db, answers):
            self._on_answer_recorded(session_id, answer)
        for session_id in workshop.sessions_of(
            self.ws.db, changes.ids("workshop_participant"), changes.ids("hands_tally")
        ):
            self._on_answers_changed(session_id)

    def _joins_applied(self, changes: ChangeSet) -> bool:
        """Phones joined the shown session: they are added in memory (500 people: a
        re-read is 50 ms on the UI thread) and drawn when convenient; other sessions'
        newcomers are read again as before."""
        data = self.data
        if data is None:
            return False
        applied = joins_applied(self.ws.db, data, changes)
        if applied is None or applied is data:
            return False
        self.data = applied
        self._applied = True
        self._refresh_timer.start()
        others = workshop.sessions_of(self.ws.db, changes.ids("workshop_participant"))
        for session_id in others - {data.session.id}:
            self._on_answers_changed(session_id)
        return True

    def _on_session_created(self, record: SessionRecord) -> None:
        if record.engagement_id is not None and record.engagement_id != self.engagement_id:
            return
        if record.engagement_id is None and self._scope() is SessionScope.ENGAGEMENT:
            self.scope.setCurrentIndex(self.scope.findData(SessionScope.UNLINKED.name))
        if self.isVisible():
            self._reload(select=record.id)

    def _on_answer_recorded(self, session_id: int, answer: AnswerRecord) -> None:
        """The shown session got one answer: apply it in memory (a re-read of 300
        people's answers would cost a third of a frame) and redraw when convenient."""
        data = self.data
        if data is not None and self.isVisible():
            changed = applied_answer(data, session_id, answer)
            if changed is not None:
                self.data = changed
                self._applied = True
                self._refresh_timer.start()
                return
        self._on_answers_changed(session_id)

    def _on_answers_changed(self, session_id: int) -> None:
        if self.model.row_of(session_id) is None:
            return
        self._answered.add(session_id)
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    # -- commands ------------------------------------------------------------------

    def new_session(self) -> None:
        engagement = (
            workspace_store.get_engagement(self.ws.db, self.engagement_id)
            if self.engagement_id
            else None
        )
        dialog = SessionDialog(
            quiz_store.list_quizzes(self.ws.db),
            self.engagement_id,
            engagement.name if engagement else "",
            date.today(),
            self,
        )
        if not dialog.exec():
            return
        choice = dialog.choice()
        if choice is None:
            return
        record = self.ws.quizzes.add_session(
            choice.quiz_id,
            choice.engagement_id,
            choice.title,
            choice.held_on,
            choice.mode,
            choice.participant_count,
        )
        if record is None:
            return  # refused: the person was told why
        self._on_session_created(record)  # shown and selected, so Present opens it
        if choice.present_now:
            self.present()

    def present(self) -> None:
        session = self.current_session()
        if session is None:
            return
        if self.presenter is not None:
            if self.presenter.session_id == session.id:
                self.presenter.raise_()
                self.presenter.activateWindow()
                return
            self.presenter.close()
        from cxdesk.ui.quiz.presenter import present

        self.presenter = present(self.ws, session.id, self.window())
        if self.presenter is not None:
            self.presenter.closed.connect(self._presenter_closed)
            room = self.presenter.room
            self.details.set_room(room.room if room is not None else None)

    def _presenter_closed(self, _session_id: int) -> None:
        self.presenter = None
        self.details.set_room(None)
        self._later()

    def toggle_reveal(self) -> None:
        """Show or hide the results: the opposite of what this tab shows. A colleague's
        reveal or hide since is never undone by it (their choice is then what was asked
        for, and nothing is written); a session they deleted is told, not raised."""
        session = self.current_session()
        if session is not None:
            try:
                self.ws.quizzes.set_revealed(session.id, not session.revealed)
            except EditRefused as refused:
                self.ws.editRefused.emit(refused.message)
            self._reload()

    def delete_session(self) -> None:
        session = self.current_session()
        if session is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete workshop session",
            f"Delete “{session.title}” and every answer in it?\n\nEdit > Undo brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.quizzes.delete_session(session)

    def open_library(self) -> None:
        from cxdesk.language import DEFAULT_LANGUAGE
        from cxdesk.ui.quiz.library import QuizLibraryDialog

        session = self.current_session()
        # A copy of the built-in quiz is offered in the engagement's toolkit language:
        # the room reads the statements its client's toolkit prints.
        language = (
            workspace_store.toolkit_language(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else None
        )
        dialog = QuizLibraryDialog(
            self.ws,
            self,
            session.quiz_id if session else None,
            language=language or DEFAULT_LANGUAGE,
        )
        dialog.exec()
        dialog.deleteLater()  # else every closed library stays connected to the workspace
        self._later()

    def close_presenter(self) -> None:
        """Close the presenter window (the main window is closing)."""
        if self.presenter is not None:
            self.presenter.close()
