"""The quiz library: every quiz on the left, the selected one's editor on the right.

Everything goes through ``ws.quizzes`` (undoable, on the main window's undo stack); the
dialog follows the workspace's ``changed`` and selects the quiz a person just added,
copied or imported (what the edit returns). Quiz
files are checked whole before anything is imported: a bad file is refused with the
store's message and imports nothing.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cxdesk.language import DEFAULT_LANGUAGE, available_languages
from cxdesk.models.records import QuizRecord
from cxdesk.ops import ChangeSet
from cxdesk.store import quizzes, workshop
from cxdesk.ui import theme
from cxdesk.ui.quiz.editor import QuizEditor
from cxdesk.ui.quiz.editor_parts import ask_about_edits, push_button, tint_style, tinted_frame
from cxdesk.ui.quiz.quiz_files_ui import QuizFiles
from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.workspace import Workspace

DRAFT = -1  # the list key of a new quiz not saved yet
KEY = Qt.ItemDataRole.UserRole


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class QuizLibraryDialog(QDialog):
    """The quizzes and an editor for the selected one (``quiz_id``: the one to open with).

    A quiz is edited in the form and saved with Save (Ctrl+S); switching quiz or closing
    with unsaved edits asks first. A new quiz stays in the list, marked "not saved yet",
    until it is saved or discarded.
    """

    def __init__(
        self,
        ws: Workspace,
        parent: QWidget | None = None,
        quiz_id: int | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quiz library")
        self.ws = ws
        self.records: dict[int, QuizRecord] = {}
        self.sessions: Counter[int] = Counter()
        self.draft = False
        self.shown: int | None = None
        self._syncing = False
        self._stale = False
        self.files = QuizFiles(self)
        quizzes.ensure_built_in_quiz(ws.db)

        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._current_changed)
        quizzes_label = QLabel("&Quizzes:")
        quizzes_label.setBuddy(self.list)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_quiz)
        self.new_button = push_button("&New quiz", "Write a new quiz (Ctrl+N)")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.copy_button = push_button("Cop&y", "Copy the selected quiz, to change the copy")
        self.delete_button = push_button("&Delete", "Delete the selected quiz (Del)")
        self.import_button = push_button("&Import…", "Add a quiz from a quiz file (.json)")
        self.export_button = push_button(
            "E&xport…", "Save the selected quiz as a quiz file (.json)"
        )
        self.new_button.clicked.connect(self.new_quiz)
        self.copy_button.clicked.connect(self.copy_quiz)
        self.delete_button.clicked.connect(self.delete_quiz)
        self.import_button.clicked.connect(self.import_quiz)
        self.export_button.clicked.connect(self.export_quiz)
        grid = QGridLayout()
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.copy_button, 0, 1)
        grid.addWidget(self.delete_button, 0, 2)
        grid.addWidget(self.import_button, 1, 0, 1, 2)
        grid.addWidget(self.export_button, 1, 2)
        # The built-in quiz is copied in the language the room speaks: its statements and
        # bands come from the toolkit's catalogues and are the copy's own text from then
        # on (``language``: the one offered first, the engagement's toolkit language).
        self.copy_language = QComboBox()
        self.copy_language.setToolTip(
            "The language of a copy of the built-in quiz: its statements and bands"
        )
        for code, name in available_languages().items():
            self.copy_language.addItem(name, code)
        self.copy_language.setCurrentIndex(max(0, self.copy_language.findData(language)))
        self.copy_language_label = QLabel("Copy in &language:")
        self.copy_language_label.setBuddy(self.copy_language)
        grid.addWidget(self.copy_language_label, 2, 0)
        grid.addWidget(self.copy_language, 2, 1, 1, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(quizzes_label)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(grid)

        self.editor = QuizEditor(ws)
        self.editor.copyRequested.connect(self.copy_quiz)
        self.editor.stateChanged.connect(self._editor_state)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 750])

        self.banner = tinted_frame("quizMessage", theme.TRAILING, 0x38)
        # A passing message: the banner goes by itself after the reading time.
        self.message = StatusLine(frame=self.banner)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(8, 6, 8, 6)
        banner_row.addWidget(self.message, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.setMinimumSize(780, 520)
        self.resize(1040, 680)

        ws.changed.connect(self._quizzes_changed)
        self.editor.created.connect(self._quiz_created)
        ws.editRefused.connect(self._refused)
        self.refresh(quiz_id)

    # -- the list -------------------------------------------------------------------

    def current_quiz(self) -> QuizRecord | None:
        return self.records.get(self.shown) if self.shown is not None else None

    def refresh(self, select: int | None = None) -> None:
        """Reload the quizzes; keep what is on screen, and never drop typed edits."""
        self._stale = False
        records = quizzes.list_quizzes(self.ws.db)
        self.records = {r.id: r for r in records}
        self.sessions = Counter(s.quiz_id for s in workshop.list_sessions(self.ws.db))
        old_row = self.list.currentRow()
        self._fill_list()
        if select is not None and select in self.records:
            self._show(select)
        elif self.shown == DRAFT and self.draft:
            self._sync_list()
        elif self.shown in self.records:
            record = self.records[self.shown]
            if not self.editor.is_dirty() or self.editor.shows(record):
                self._show(self.shown)
            else:
                self.editor.rebase(record, self.sessions[record.id])
                self._sync_list()
        elif self.shown is not None and self.editor.is_dirty():
            # The quiz went away (an undo) while edited: keep the edits as a new quiz.
            self.editor.load_as_new(self.editor.values())
            self.draft, self.shown = True, DRAFT
            self._fill_list()
            self._sync_list()
            self._say("That quiz was removed; your unsaved edits are kept as a new quiz.")
        else:
            row = min(max(old_row, 0), self.list.count() - 1)
            self._show(self.list.item(row).data(KEY))

    def _fill_list(self) -> None:
        self._syncing = True
        self.list.clear()
        for record in self.records.values():
            item = QListWidgetItem()
            item.setData(KEY, record.id)
            item.setToolTip(record.title)
            if record.built_in:
                font = QFont(self.list.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        if self.draft:
            item = QListWidgetItem()
            item.setData(KEY, DRAFT)
            font = QFont(self.list.font())
            font.setItalic(True)
            item.setFont(font)
            self.list.addItem(item)
        self._syncing = False
        for row in range(self.list.count()):
            self._label_item(self.list.item(row))

    def _label_item(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        editing = key == self.shown and self.editor.is_dirty()
        if key == DRAFT:
            title = self.editor.title.text().strip() if self.shown == DRAFT else ""
            item.setText(f"{title or 'New quiz'}\n   New: not saved yet")
            return
        record = self.records[key]
        details = [
            f"{_plural(len(record.statements), 'statement')}, {record.scale_min}-{record.scale_max}"
        ]
        if record.built_in:
            details.insert(0, "Built in")
        if self.sessions[key]:
            details.append(_plural(self.sessions[key], "session"))
        if editing:
            details.append("unsaved changes")
        item.setText(f"{record.title}\n   " + " · ".join(details))

    def _sync_list(self) -> None:
        self._syncing = True
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY) == self.shown:
                self.list.setCurrentRow(row)
        self._syncing = False

    def _show(self, key: int) -> None:
        self.shown = key
        if key == DRAFT:
            self.editor.load(None)
        else:
            self.editor.load(self.records[key], self.sessions[key])
        self._sync_list()
        self._update_buttons()

    def _update_buttons(self) -> None:
        quiz = self.current_quiz()
        self.copy_button.setEnabled(quiz is not None)
        built_in = quiz is not None and quiz.built_in
        self.copy_language.setVisible(built_in)
        self.copy_language_label.setVisible(built_in)
        self.export_button.setEnabled(quiz is not None)
        self.delete_button.setEnabled(
            self.shown == DRAFT or (quiz is not None and not quiz.built_in)
        )
        self.delete_button.setToolTip(
            "The built-in quiz cannot be deleted."
            if quiz is not None and quiz.built_in
            else "Delete the selected quiz (Del)"
        )

    def _editor_state(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY) == self.shown:
                self._label_item(item)

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._syncing or current is None:
            return
        key = current.data(KEY)
        if key == self.shown:
            return
        if not self._leave():
            self._sync_list()
            return
        self._show(key if key != DRAFT or self.draft else self.list.item(0).data(KEY))

    # -- leaving unsaved edits -----------------------------------------------------

    def _leave(self) -> bool:
        """Whether the quiz on screen may be left: saved, discarded, or unchanged."""
        self._clear_message()
        if self.editor.is_dirty() and not self._ask_about_edits():
            return False
        if self.shown == DRAFT and self.draft:
            self.draft = False  # left without saving: the new quiz goes away
            self.shown = None
            self._fill_list()
        return True

    def _ask_about_edits(self) -> bool:
        name = self.editor.title.text().strip() or "this quiz"
        choice = ask_about_edits(self, name, self.editor.problems())
        if choice == QMessageBox.StandardButton.Save:
            return self.editor.save()
        if choice == QMessageBox.StandardButton.Discard:
            self.editor.discard()
            return True
        return False

    def done(self, result: int) -> None:
        if self.editor.is_dirty() and not self._ask_about_edits():
            return
        super().done(result)

    # -- actions -------------------------------------------------------------------

    def new_quiz(self) -> None:
        if self.shown != DRAFT:
            if not self._leave():
                return
            self.draft = True
            self._fill_list()
            self._show(DRAFT)
        self.editor.title.setFocus()
        self.editor.title.selectAll()

    def copy_quiz(self) -> None:
        quiz = self.current_quiz()
        if quiz is None or not self._leave():
            return
        language = str(self.copy_language.currentData()) if quiz.built_in else None
        copied = self.ws.quizzes.copy_quiz(quiz, language=language)
        if copied is not None:
            self._quiz_created(copied)
        if self.shown != quiz.id:  # the copy is on screen: rename it first
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    def delete_quiz(self) -> None:
        self._clear_message()
        if self.shown == DRAFT:
            if self._leave():
                self._show(self.list.item(0).data(KEY))
            return
        quiz = self.current_quiz()
        if quiz is None:
            return
        if quiz.built_in:
            self._say(quizzes.BUILT_IN_UNDELETABLE)
            return
        if not self.sessions[quiz.id]:  # with sessions, the store refuses and says why
            unsaved = " Your unsaved changes to it are lost too." if self.editor.is_dirty() else ""
            answer = QMessageBox.question(
                self,
                "Delete quiz",
                f"Delete the quiz “{quiz.title}”?{unsaved}\n\n"
                "Edit > Undo in the main window brings it back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.editor.discard()
        self.ws.quizzes.delete_quiz(quiz)

    def import_quiz(self) -> None:
        self._clear_message()
        data = self.files.choose_to_import()
        if data is not None and self._leave():
            imported = self.ws.quizzes.import_quiz(data)  # checked again, whole, by the store
            if imported is not None:
                self._quiz_created(imported)

    def export_quiz(self) -> None:
        self._clear_message()
        quiz = self.current_quiz()
        target = self.files.choose_and_export(self.ws.db, quiz) if quiz else None
        if quiz is not None and target is not None:
            unsaved = self.editor.is_dirty()
            note = " (as last saved: your unsaved changes are not in it)" if unsaved else ""
            self._say(f"Exported “{quiz.title}” to {target}{note}.", warning=False)

    # -- messages and store signals --------------------------------------------------

    def _say(self, message: str, warning: bool = True) -> None:
        colour = theme.TRAILING if warning else theme.AHEAD
        self.banner.setStyleSheet(tint_style("quizMessage", colour, 0x38))
        self.message.say(("⚠ " if warning else "") + message)

    def _clear_message(self) -> None:
        self.message.clear_message()

    def _refused(self, message: str) -> None:
        if self.isVisible():
            self._say(message)

    def _quiz_created(self, record: QuizRecord) -> None:
        if not self.isVisible():
            return
        if self.shown == DRAFT:
            self.draft = False  # the new quiz is saved: it takes the draft's place
        self.refresh(record.id)  # announced once it is stored: show it

    def _quizzes_changed(self, changes: ChangeSet) -> None:
        # The list shows each quiz's title and how many sessions use it.
        if not changes.touches("quiz", "quiz_statement", "quiz_band", "workshop_session"):
            return
        if not self.isVisible():
            self._stale = True  # refreshed when shown again
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
