"""Edits of what people told us, as the UI asks for them: RATER, pulse checks, overrides.

Each method builds an operation (:mod:`cxdesk.ops.feedback`) and runs it through the
workspace, so it is one step on the shared undo stack (Ctrl+Z walks back through every
kind of edit in the order they were made). Screens learn what changed from
``Workspace.changed``; a method returns the operation's value, or None when nothing
changed (refused, with the person told why, or nothing to do).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from cxdesk.models.quadrant import Axis
from cxdesk.models.records import (
    AssessmentRecord,
    OverrideRecord,
    PulseRecord,
    RespondentRecord,
    ShownOverride,
    StatementRecord,
)
from cxdesk.models.servqual import RaterDimension, RespondentSide, ScoringMode
from cxdesk.ops import feedback as ops
from cxdesk.store import rater
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace


class FeedbackEdits:
    """The RATER, pulse and Overview edits, each one operation on the workspace."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def _engagement_of(self, assessment_id: int) -> int:
        # Respondents and statements do not name their engagement; the undo step does
        # (to bring it back on screen, and for the screens to filter the change).
        assessment = rater.get_assessment(self._ws.db, assessment_id)
        return assessment.engagement_id if assessment else 0

    # -- assessments ---------------------------------------------------------------

    def add_assessment(
        self,
        engagement_id: int,
        title: str,
        *,
        held_on: date | None = None,
        milestone_id: int | None = None,
        scoring: ScoringMode = ScoringMode.DIMENSIONS,
    ) -> AssessmentRecord | None:
        operation = ops.add_assessment(
            engagement_id, title, held_on=held_on, milestone_id=milestone_id, scoring=scoring
        )
        return self._ws.run(operation, view=TabKey.RATER)

    def edit_assessment(
        self, assessment: AssessmentRecord, field: str, value: Any
    ) -> AssessmentRecord | None:
        return self._ws.run(ops.edit_assessment(assessment, field, value), view=TabKey.RATER)

    def edit_assessment_details(
        self, assessment: AssessmentRecord, changes: Sequence[tuple[str, Any]]
    ) -> AssessmentRecord | None:
        operation = ops.edit_assessment_details(assessment, changes)
        return self._ws.run(operation, view=TabKey.RATER)

    def delete_assessment(self, assessment: AssessmentRecord) -> bool:
        return self._ws.run(ops.delete_assessment(assessment), view=TabKey.RATER) is not None

    # -- respondents ---------------------------------------------------------------

    def add_respondent(
        self, assessment_id: int, name: str = "", side: RespondentSide = RespondentSide.CLIENT
    ) -> RespondentRecord | None:
        operation = ops.add_respondent(
            self._engagement_of(assessment_id), assessment_id, name, side
        )
        return self._ws.run(operation, view=TabKey.RATER)

    def edit_respondent(
        self, respondent: RespondentRecord, field: str, value: Any
    ) -> RespondentRecord | None:
        engagement_id = self._engagement_of(respondent.assessment_id)
        operation = ops.edit_respondent(engagement_id, respondent, field, value)
        return self._ws.run(operation, view=TabKey.RATER)

    def set_points(
        self, respondent: RespondentRecord, points: Mapping[RaterDimension, int] | None
    ) -> RespondentRecord | None:
        engagement_id = self._engagement_of(respondent.assessment_id)
        return self._ws.run(ops.set_points(engagement_id, respondent, points), view=TabKey.RATER)

    def delete_respondents(self, assessment_id: int, respondent_ids: Sequence[int]) -> bool:
        operation = ops.delete_respondents(self._engagement_of(assessment_id), respondent_ids)
        return self._ws.run(operation, view=TabKey.RATER) is not None

    # -- statements ----------------------------------------------------------------

    def add_statement(
        self, assessment_id: int, dimension: RaterDimension, text: str
    ) -> StatementRecord | None:
        operation = ops.add_statement(
            self._engagement_of(assessment_id), assessment_id, dimension, text
        )
        return self._ws.run(operation, view=TabKey.RATER)

    def edit_statement(
        self, assessment_id: int, statement: StatementRecord, new: str
    ) -> StatementRecord | None:
        """Reword ``statement`` (as the screen shows it); None when refused or unchanged."""
        operation = ops.edit_statement(self._engagement_of(assessment_id), statement, new)
        return self._ws.run(operation, view=TabKey.RATER)

    def delete_statement(self, assessment_id: int, statement_id: int) -> bool:
        operation = ops.delete_statement(self._engagement_of(assessment_id), statement_id)
        return self._ws.run(operation, view=TabKey.RATER) is not None

    def set_statement_score(
        self,
        assessment_id: int,
        respondent_id: int,
        statement_id: int,
        kind: str,
        value: int | None,
        old: int | None,
    ) -> tuple[int | None, int | None] | None:
        operation = ops.set_statement_score(
            self._engagement_of(assessment_id), respondent_id, statement_id, kind, value, old
        )
        return self._ws.run(operation, view=TabKey.RATER)

    # -- pulse checks --------------------------------------------------------------

    def add_pulse(self, engagement_id: int, taken_on: date, **answers: Any) -> PulseRecord | None:
        return self._ws.run(ops.add_pulse(engagement_id, taken_on, **answers), view=TabKey.PULSE)

    def edit_pulse(self, record: PulseRecord, field: str, value: Any) -> PulseRecord | None:
        return self._ws.run(ops.edit_pulse(record, field, value), view=TabKey.PULSE)

    def delete_pulses(self, engagement_id: int, pulse_ids: Sequence[int]) -> bool:
        operation = ops.delete_pulses(engagement_id, pulse_ids)
        return self._ws.run(operation, view=TabKey.PULSE) is not None

    # -- quadrant overrides --------------------------------------------------------

    def set_override(
        self,
        engagement_id: int,
        milestone_id: int | None,
        axis: Axis,
        score: float | None,
        reason: str = "",
        shown: ShownOverride | None = None,
    ) -> OverrideRecord | None:
        """``shown``: that score as the screen showed it, for a colleague's change since
        to be refused rather than overwritten."""
        operation = ops.set_override(engagement_id, milestone_id, axis, score, reason, shown)
        return self._ws.run(operation, view=TabKey.OVERVIEW)
