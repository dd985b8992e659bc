"""Undoable edits of what people told us: RATER assessments, pulse checks, quadrant overrides.

The counterpart of :class:`~cxdesk.ui.workspace.Workspace` for the scorecard, pulse and
overview tabs; it shares the workspace's undo stack and refusal signal, so Ctrl+Z walks
back through every kind of edit in the order they were made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cxdesk.models.quadrant import Axis
from cxdesk.models.records import AssessmentRecord, PulseRecord, RespondentRecord
from cxdesk.models.servqual import RaterDimension, RespondentSide, ScoringMode
from cxdesk.store import overview as overview_store
from cxdesk.store import pulse, rater
from cxdesk.store.graveyard import BuriedRows
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

ASSESSMENT_LABELS = {
    "title": "assessment title",
    "held_on": "assessment date",
    "milestone_id": "assessment milestone",
    "scoring": "way of scoring",
    "notes": "assessment notes",
}
PULSE_LABELS = {
    "taken_on": "pulse-check date",
    "milestone_id": "pulse-check milestone",
    "respondent": "respondent",
    "confidence": "confidence",
    "csat": "CSAT",
    "working": "what's working",
    "not_working": "what's not working",
}


def _respondent_label(field: str) -> str:
    if field == "name":
        return "respondent name"
    if field == "side":
        return "respondent side"
    dimension, kind = field.split("_", 1)
    return f"{dimension.capitalize()} {kind}"


class FeedbackEdits(QObject):
    """Store operations made undoable, with targeted change signals."""

    assessmentsChanged = Signal(int)  # engagement id: added, removed, or a field edited
    assessmentCreated = Signal(object)  # AssessmentRecord, when a person adds one
    respondentsChanged = Signal(int)  # assessment id: respondents added or removed
    respondentChanged = Signal(object)  # RespondentRecord
    respondentCreated = Signal(object)  # RespondentRecord, when a person adds one
    statementsChanged = Signal(int)  # assessment id: statements or their scores
    pulsesChanged = Signal(int)  # engagement id: responses added or removed
    pulseChanged = Signal(object)  # PulseRecord
    overridesChanged = Signal(int)  # engagement id

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.db = ws.db

    def _push(
        self,
        text: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        engagement_id: int,
        view: TabKey = TabKey.RATER,
    ) -> None:
        self.ws.push(text, do, undo, engagement_id, view)

    def _push_delete(
        self,
        text: str,
        delete: Callable[[], BuriedRows],
        changed: Callable[[], None],
        engagement_id: int,
        view: TabKey = TabKey.RATER,
    ) -> None:
        self.ws.push_delete(text, delete, changed, engagement_id, view)

    def _engagement_of(self, assessment_id: int) -> int:
        assessment = rater.get_assessment(self.db, assessment_id)
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
    ) -> None:
        self.ws.push_create(
            f"New assessment “{title.strip()}”",
            lambda: rater.add_assessment(
                self.db,
                engagement_id,
                title,
                held_on=held_on,
                milestone_id=milestone_id,
                scoring=scoring,
            ),
            lambda assessment_id: rater.delete_assessment(self.db, assessment_id),
            lambda: self.assessmentsChanged.emit(engagement_id),
            engagement_id,
            TabKey.RATER,
            announce=self.assessmentCreated.emit,
        )

    def edit_assessment(self, assessment: AssessmentRecord, field: str, value: Any) -> None:
        old = getattr(assessment, field)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            def step() -> None:
                rater.update_assessment(self.db, assessment.id, field, v)
                self.assessmentsChanged.emit(assessment.engagement_id)
                if field == "scoring":
                    self.statementsChanged.emit(assessment.id)

            return step

        label = ASSESSMENT_LABELS.get(field, field)
        self._push(f"Edit {label}", apply(value), apply(old), assessment.engagement_id)

    def delete_assessment(self, assessment: AssessmentRecord) -> None:
        self._push_delete(
            f"Delete assessment “{assessment.title}”",
            lambda: rater.delete_assessment(self.db, assessment.id),
            lambda: self.assessmentsChanged.emit(assessment.engagement_id),
            assessment.engagement_id,
        )

    # -- respondents ---------------------------------------------------------------

    def add_respondent(
        self, assessment_id: int, name: str = "", side: RespondentSide = RespondentSide.CLIENT
    ) -> None:
        self.ws.push_create(
            "Add respondent",
            lambda: rater.add_respondent(self.db, assessment_id, name, side),
            lambda respondent_id: rater.delete_respondents(self.db, [respondent_id]),
            lambda: self.respondentsChanged.emit(assessment_id),
            self._engagement_of(assessment_id),
            TabKey.RATER,
            announce=self.respondentCreated.emit,
        )

    def edit_respondent(self, respondent: RespondentRecord, field: str, value: Any) -> None:
        old = getattr(respondent, field)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            return lambda: self.respondentChanged.emit(
                rater.update_respondent(self.db, respondent.id, field, v)
            )

        self._push(
            f"Edit {_respondent_label(field)}",
            apply(value),
            apply(old),
            self._engagement_of(respondent.assessment_id),
        )

    def set_points(
        self, respondent: RespondentRecord, points: Mapping[RaterDimension, int] | None
    ) -> None:
        old = respondent.points
        if old == (dict(points) if points is not None else None):
            return

        def apply(v: Mapping[RaterDimension, int] | None) -> Callable[[], None]:
            return lambda: self.respondentChanged.emit(rater.set_points(self.db, respondent.id, v))

        text = "Clear importance points" if points is None else "Set importance points"
        self._push(text, apply(points), apply(old), self._engagement_of(respondent.assessment_id))

    def delete_respondents(self, assessment_id: int, respondent_ids: Sequence[int]) -> None:
        ids = list(respondent_ids)
        if not ids:
            return
        what = "respondent" if len(ids) == 1 else f"{len(ids)} respondents"
        self._push_delete(
            f"Delete {what}",
            lambda: rater.delete_respondents(self.db, ids),
            lambda: self.respondentsChanged.emit(assessment_id),
            self._engagement_of(assessment_id),
        )

    # -- statements ----------------------------------------------------------------

    def add_statement(self, assessment_id: int, dimension: RaterDimension, text: str) -> None:
        self.ws.push_create(
            "Add statement",
            lambda: rater.add_statement(self.db, assessment_id, dimension, text),
            lambda statement_id: rater.delete_statement(self.db, statement_id),
            lambda: self.statementsChanged.emit(assessment_id),
            self._engagement_of(assessment_id),
            TabKey.RATER,
        )

    def edit_statement(self, assessment_id: int, statement_id: int, old: str, new: str) -> None:
        if old == new:
            return

        def apply(text: str) -> Callable[[], None]:
            def step() -> None:
                rater.update_statement(self.db, statement_id, text)
                self.statementsChanged.emit(assessment_id)

            return step

        self._push("Edit statement", apply(new), apply(old), self._engagement_of(assessment_id))

    def delete_statement(self, assessment_id: int, statement_id: int) -> None:
        self._push_delete(
            "Delete statement",
            lambda: rater.delete_statement(self.db, statement_id),
            lambda: self.statementsChanged.emit(assessment_id),
            self._engagement_of(assessment_id),
        )

    def set_statement_score(
        self,
        assessment_id: int,
        respondent_id: int,
        statement_id: int,
        kind: str,
        value: int | None,
        old: int | None,
    ) -> None:
        if value == old:
            return

        def apply(v: int | None) -> Callable[[], None]:
            def step() -> None:
                rater.set_statement_score(self.db, respondent_id, statement_id, kind, v)
                self.statementsChanged.emit(assessment_id)

            return step

        self._push(
            f"Score statement ({kind})",
            apply(value),
            apply(old),
            self._engagement_of(assessment_id),
        )

    # -- pulse checks --------------------------------------------------------------

    def add_pulse(self, engagement_id: int, taken_on: date, **answers: Any) -> None:
        self.ws.push_create(
            "Record pulse check",
            lambda: pulse.add_pulse(self.db, engagement_id, taken_on, **answers),
            lambda pulse_id: pulse.delete_pulses(self.db, [pulse_id]),
            lambda: self.pulsesChanged.emit(engagement_id),
            engagement_id,
            TabKey.PULSE,
        )

    def edit_pulse(self, record: PulseRecord, field: str, value: Any) -> None:
        old = getattr(record, field)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            return lambda: self.pulseChanged.emit(pulse.update_pulse(self.db, record.id, field, v))

        label = PULSE_LABELS.get(field, field)
        self._push(f"Edit {label}", apply(value), apply(old), record.engagement_id, TabKey.PULSE)

    def delete_pulses(self, engagement_id: int, pulse_ids: Sequence[int]) -> None:
        ids = list(pulse_ids)
        if not ids:
            return
        what = "pulse check" if len(ids) == 1 else f"{len(ids)} pulse checks"
        self._push_delete(
            f"Delete {what}",
            lambda: pulse.delete_pulses(self.db, ids),
            lambda: self.pulsesChanged.emit(engagement_id),
            engagement_id,
            TabKey.PULSE,
        )

    # -- quadrant overrides --------------------------------------------------------

    def set_override(
        self,
        engagement_id: int,
        milestone_id: int | None,
        axis: Axis,
        score: float | None,
        reason: str = "",
    ) -> None:
        replaced: list[tuple[float, str] | None] = []

        def do() -> None:
            previous = overview_store.set_override(
                self.db, engagement_id, milestone_id, axis, score, reason
            )
            replaced[:] = [(previous.score, previous.reason) if previous else None]
            self.overridesChanged.emit(engagement_id)

        def undo() -> None:
            before = replaced[0]
            overview_store.set_override(
                self.db,
                engagement_id,
                milestone_id,
                axis,
                before[0] if before else None,
                before[1] if before else "",
            )
            self.overridesChanged.emit(engagement_id)

        what = Axis(axis).label.lower()
        text = f"Clear manual {what}" if score is None else f"Set manual {what}"
        self._push(text, do, undo, engagement_id, TabKey.OVERVIEW)
