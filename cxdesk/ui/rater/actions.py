"""The scorecard's commands: assessments (new, edit, delete), respondents, importance points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk.models.feedback_entities import SCORE_FIELDS
from cxdesk.models.records import AssessmentRecord, RespondentRecord
from cxdesk.models.servqual import RespondentSide, ScoringMode
from cxdesk.store import rater
from cxdesk.ui.rater.dialogs import AssessmentDialog, PointsDialog
from cxdesk.ui.rater.model import RespondentRole

if TYPE_CHECKING:
    from collections.abc import Callable

    from cxdesk.models.records import MilestoneRecord
    from cxdesk.ui.rater.model import RespondentProxy, RespondentTableModel
    from cxdesk.ui.rater.view import RespondentView
    from cxdesk.ui.survey_phones.window import SurveyPhonesWindow
    from cxdesk.ui.workspace import Workspace


class ScorecardActions:
    """Mixed into the tab (a QWidget): its QActions and what they do."""

    if TYPE_CHECKING:
        ws: Workspace
        engagement_id: int | None
        milestone_records: list[MilestoneRecord]
        model: RespondentTableModel
        proxy: RespondentProxy
        view: RespondentView

        def current_assessment(self) -> AssessmentRecord | None: ...
        def current_respondent(self) -> RespondentRecord | None: ...
        def say(self, message: str) -> None: ...
        def select_new_assessment(self, record: AssessmentRecord) -> None: ...
        def edit_new_respondent(self, record: RespondentRecord) -> None: ...

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], None]) -> QAction:
        widget: QWidget = self  # type: ignore[assignment]
        action = QAction(text, widget)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        action.triggered.connect(slot)
        widget.addAction(action)
        return action

    def build_actions(self) -> None:
        self.milestone_records = []
        self.new_assessment_action = self._action(
            "&New assessment…", "Ctrl+Shift+A", self.new_assessment
        )
        self.edit_assessment_action = self._action("&Edit details…", None, self.edit_assessment)
        self.delete_assessment_action = self._action(
            "&Delete assessment…", None, self.delete_assessment
        )
        self.add_client_action = self._action(
            "Add &client respondent", "Ctrl+N", lambda: self.add_respondent(RespondentSide.CLIENT)
        )
        # Ctrl+T ("team"), not Ctrl+Shift+N: that is File > New engagement everywhere.
        self.add_team_action = self._action(
            "Add &team respondent", "Ctrl+T", lambda: self.add_respondent(RespondentSide.TEAM)
        )
        self.points_action = self._action("Importance &points…", "Ctrl+I", self.edit_points)
        self.delete_action = self._action(
            "&Delete respondent", "Ctrl+Delete", self.delete_respondents
        )
        self.collect_action = self._action("Collect on &phones…", None, self.collect_on_phones)
        self.collect_action.setToolTip(
            "Respondents answer this assessment on their phones, over this laptop's network"
        )
        self.phones_window: SurveyPhonesWindow | None = None

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [
            self.new_assessment_action,
            self.add_client_action,
            self.add_team_action,
            self.points_action,
            self.delete_action,
        ]

    def update_actions(self, *_args: object) -> None:
        assessment = self.current_assessment()
        self.new_assessment_action.setEnabled(self.engagement_id is not None)
        self.edit_assessment_action.setEnabled(assessment is not None)
        self.delete_assessment_action.setEnabled(assessment is not None)
        self.add_client_action.setEnabled(assessment is not None)
        self.add_team_action.setEnabled(assessment is not None)
        self.collect_action.setEnabled(assessment is not None)
        self.points_action.setEnabled(self.current_respondent() is not None)
        self.delete_action.setEnabled(bool(self.selected_respondents()))

    # -- assessments ---------------------------------------------------------------

    def collect_on_phones(self) -> None:
        """Open a room for the assessment on screen; one at a time: a room already
        collecting is brought to the front instead."""
        assessment = self.current_assessment()
        if assessment is None:
            return
        window = self.phones_window
        if window is not None and window.room is not None and window.room.running:
            window.show()
            window.raise_()
            window.activateWindow()
            self.say("Phones are answering already: stop that survey in its window first.")
            return
        from cxdesk.ui.survey_phones.start import collect_rater

        made = collect_rater(self.ws, assessment, self)  # type: ignore[arg-type]
        if made is not None:
            if window is not None:
                window.close()
                window.deleteLater()
            self.phones_window = made

    def new_assessment(self) -> None:
        if self.engagement_id is None:
            return
        dialog = AssessmentDialog("New assessment", self.milestone_records, parent=self)  # type: ignore[arg-type]
        if dialog.exec():
            title, held_on, milestone_id, mode = dialog.values()
            made = self.ws.feedback.add_assessment(
                self.engagement_id, title, held_on=held_on, milestone_id=milestone_id, scoring=mode
            )
            if made is not None:
                self.select_new_assessment(made)
            self.view.setFocus()  # ready for Ctrl+N: scoring starts from the keyboard

    def edit_assessment(self) -> None:
        assessment = self.current_assessment()
        if assessment is None:
            return
        dialog = AssessmentDialog(
            "Assessment details",
            self.milestone_records,
            assessment,
            parent=self,  # type: ignore[arg-type]
        )
        if not dialog.exec():
            return
        title, held_on, milestone_id, mode = dialog.values()
        changes = [
            (field, value)
            for field, value in (
                ("title", title),
                ("held_on", held_on),
                ("milestone_id", milestone_id),
                ("scoring", mode.value),
            )
            if getattr(assessment, field) != value
        ]
        if any(field == "scoring" for field, _v in changes) and not self._confirm_switch(
            assessment, mode
        ):
            changes = [(field, value) for field, value in changes if field != "scoring"]
        # One undo step for the whole dialog: one Ctrl+Z undoes every field.
        self.ws.feedback.edit_assessment_details(assessment, changes)

    def _confirm_switch(self, assessment: AssessmentRecord, mode: ScoringMode) -> bool:
        """Switching how an assessment is scored hides the scores of the other way: ask."""
        db = self.ws.db
        if mode is ScoringMode.STATEMENTS:
            scored: list[RespondentRecord] | list[int] = [
                r
                for r in rater.list_respondents(db, assessment.id)
                if any(getattr(r, f) is not None for f in SCORE_FIELDS)
            ]
            hidden, shown = "scores per dimension", "the means of their statement scores"
        else:
            scores = rater.list_statement_scores(db, assessment.id)
            scored = [
                r
                for r, given in scores.items()
                if any(e is not None or p is not None for e, p in given.values())
            ]
            hidden, shown = "statement scores", "their scores per dimension"
        if not scored:
            return True
        who = "respondent's" if len(scored) == 1 else f"{len(scored)} respondents'"
        answer = QMessageBox.question(
            self,  # type: ignore[arg-type]
            "Change how this assessment is scored?",
            f"The {who} {hidden} will be hidden, and {shown} shown instead. Nothing is "
            "deleted: switching back shows them again.\n\nChange the way of scoring?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_assessment(self) -> None:
        assessment = self.current_assessment()
        if assessment is None:
            return
        count = self.model.rowCount()
        answer = QMessageBox.question(
            self,  # type: ignore[arg-type]
            "Delete assessment",
            f"Delete the assessment “{assessment.title}” and its {count} "
            f"respondent{'s' if count != 1 else ''}' scores?\n\n"
            "You can undo this with Edit > Undo.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.feedback.delete_assessment(assessment)

    # -- respondents ---------------------------------------------------------------

    def add_respondent(self, side: RespondentSide) -> None:
        assessment = self.current_assessment()
        if assessment is None:
            return
        added = self.ws.feedback.add_respondent(assessment.id, "", side)
        if added is not None:
            self.edit_new_respondent(added)

    def selected_respondents(self) -> list[RespondentRecord]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return [self.proxy.index(r, 0).data(RespondentRole) for r in sorted(rows)]

    def delete_respondents(self) -> None:
        assessment = self.current_assessment()
        chosen = self.selected_respondents()
        if assessment is None or not chosen:
            return
        self.ws.feedback.delete_respondents(assessment.id, [r.id for r in chosen])
        what = "1 respondent" if len(chosen) == 1 else f"{len(chosen)} respondents"
        self.say(f"Deleted {what}: Ctrl+Z brings them back.")

    def edit_points(self) -> None:
        respondent = self.current_respondent()
        if respondent is None:
            self.say("Select a respondent first, then Ctrl+I to give their importance points.")
            return
        dialog = PointsDialog(respondent, self)  # type: ignore[arg-type]
        if dialog.exec():
            self.ws.feedback.set_points(respondent, dialog.values())
