"""Plain, immutable values the UI and reports work on: no session, no lazy loading.

The store hands these out instead of live ORM objects so a Qt model or a report
builder can hold them across transactions (and threads) safely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from operator import attrgetter

# The engagement's own records live in engagement_records (the first frame imports that
# module alone); they are re-exported here, where the rest of the app finds every record.
from cxdesk.models.engagement_records import ClientRecord as ClientRecord
from cxdesk.models.engagement_records import EngagementRecord as EngagementRecord
from cxdesk.models.engagement_records import ItemRecord as ItemRecord
from cxdesk.models.engagement_records import MilestoneRecord as MilestoneRecord
from cxdesk.models.gaps import LevelTriple
from cxdesk.models.pulse import PulseScore
from cxdesk.models.quiz import Band, QuizDefinition, SessionMode
from cxdesk.models.servqual import (
    DIMENSIONS,
    DimensionScore,
    RaterDimension,
    RaterResponse,
    RespondentSide,
    ScoringMode,
    given_score,
    statement_mean,
)
from cxdesk.models.workshop_results import WorkshopResults, answer_results, tally_results


@dataclass(frozen=True, slots=True)
class SnapshotRecord:
    item_id: int
    milestone_id: int
    levels: LevelTriple


# --- RATER scorecard, pulse checks, quadrant ---------------------------------------


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    engagement_id: int
    milestone_id: int | None
    title: str
    held_on: date | None
    scoring: str  # a ScoringMode value
    notes: str
    created_at: datetime
    version: int = 1  # the row's change count when read

    @property
    def mode(self) -> ScoringMode:
        return ScoringMode(self.scoring)

    @property
    def sort_key(self) -> tuple[date, int]:
        """Oldest first: by the date held (or entered when undated), then as entered."""
        return (self.held_on or self.created_at.date(), self.id)


@dataclass(frozen=True, slots=True)
class StatementRecord:
    id: int
    assessment_id: int
    dimension: str  # a RaterDimension value
    position: int
    text: str
    version: int | None = None  # the row's change count when read: a rewording is checked


_SCORE_FIELDS = {d: (f"{d.value}_expectation", f"{d.value}_perception") for d in DIMENSIONS}
_POINTS_FIELDS = tuple(f"{d.value}_points" for d in DIMENSIONS)
# attrgetter, not getattr by name: the Overview builds a response for every respondent
# of an engagement (a thousand in a long one).
_READ_SCORES = {d: attrgetter(*names) for d, names in _SCORE_FIELDS.items()}
_READ_POINTS = attrgetter(*_POINTS_FIELDS)


@dataclass(frozen=True, slots=True)
class RespondentRecord:
    """One respondent's row: what they scored directly, and their importance points."""

    id: int
    assessment_id: int
    position: int
    name: str = ""
    side: str = "client"  # a RespondentSide value
    reliability_expectation: int | None = None
    reliability_perception: int | None = None
    assurance_expectation: int | None = None
    assurance_perception: int | None = None
    tangibles_expectation: int | None = None
    tangibles_perception: int | None = None
    empathy_expectation: int | None = None
    empathy_perception: int | None = None
    responsiveness_expectation: int | None = None
    responsiveness_perception: int | None = None
    reliability_points: int | None = None
    assurance_points: int | None = None
    tangibles_points: int | None = None
    empathy_points: int | None = None
    responsiveness_points: int | None = None
    version: int = 1  # the row's change count when read
    changed_by: str | None = None  # who made the row's latest change (None: not known)
    changed_at: datetime | None = None  # when (naive UTC)

    @property
    def display_name(self) -> str:
        return self.name or "anonymous"

    def direct_score(self, dimension: RaterDimension) -> DimensionScore:
        return given_score(*_READ_SCORES[dimension](self))

    @property
    def points(self) -> dict[RaterDimension, int] | None:
        values = _READ_POINTS(self)
        if None in values:
            return None
        return dict(zip(DIMENSIONS, values, strict=True))

    def response(
        self,
        mode: ScoringMode = ScoringMode.DIMENSIONS,
        statements: Sequence[StatementRecord] = (),
        statement_scores: Mapping[int, tuple[int | None, int | None]] | None = None,
    ) -> RaterResponse:
        """What the maths needs. By statements, a dimension is the mean of its statements;
        ``statement_scores`` maps statement id to this respondent's (E, P)."""
        if mode is ScoringMode.DIMENSIONS:
            scores = {d: given_score(*read(self)) for d, read in _READ_SCORES.items()}
        else:
            given = statement_scores or {}
            scores = {}
            for d in DIMENSIONS:
                own = [given.get(s.id, (None, None)) for s in statements if s.dimension == d]
                scores[d] = DimensionScore(
                    statement_mean([e for e, _p in own]), statement_mean([p for _e, p in own])
                )
        return RaterResponse(RespondentSide(self.side), scores, self.points, self.display_name)


@dataclass(frozen=True, slots=True)
class PulseRecord:
    id: int
    engagement_id: int
    milestone_id: int | None
    taken_on: date
    respondent: str = ""
    confidence: int | None = None
    csat: int | None = None
    working: str = ""
    not_working: str = ""
    version: int = 1  # the row's change count when read
    side: str = "client"  # a RespondentSide value: the client's people or our team

    @property
    def is_client(self) -> bool:
        """The client's own answer: what the trend, the summary and the Overview count."""
        return self.side == RespondentSide.CLIENT

    @property
    def score(self) -> PulseScore:
        return PulseScore(self.taken_on, self.confidence, self.csat)


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    id: int
    engagement_id: int
    milestone_id: int | None  # None: now
    axis: str  # an Axis value
    score: float
    reason: str
    made_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ShownOverride:
    """One axis's manual score at one point as a screen shows it, for a change of it to be
    checked against: ``score`` None, none (the computed score shows)."""

    score: float | None
    reason: str = ""


# --- workshop quizzes and sessions ------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuizStatementRecord:
    id: int
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class QuizRecord:
    """A quiz with its statements (in order) and its bands (lowest totals first)."""

    id: int
    title: str
    scale_min: int
    scale_max: int
    built_in: bool
    copied_from_id: int | None
    created_at: datetime
    statements: tuple[QuizStatementRecord, ...]
    bands: tuple[Band, ...]

    @property
    def definition(self) -> QuizDefinition:
        return QuizDefinition(
            title=self.title,
            statements=tuple(s.text for s in self.statements),
            scale_min=self.scale_min,
            scale_max=self.scale_max,
            bands=self.bands,
        )


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    quiz_id: int
    engagement_id: int | None
    title: str
    held_on: date
    mode: str  # a SessionMode value
    participant_count: int
    revealed: bool
    created_at: datetime
    version: int | None = None  # the row's change count when read

    @property
    def session_mode(self) -> SessionMode:
        return SessionMode(self.mode)


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    id: int
    session_id: int
    position: int
    name: str = ""
    version: int | None = None  # the row's change count when read: a rename is checked

    @property
    def display_name(self) -> str:
        return self.name or "anonymous"


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    participant_id: int
    statement_id: int
    score: int


@dataclass(frozen=True, slots=True)
class SessionResultsData:
    """Everything a session's results are computed from, read in one go.

    ``answers`` holds, per participant (same order as ``participants``), one score per
    statement in the quiz's order, ``None`` where skipped. ``tallies`` holds, per
    statement, the show-of-hands counts (every score of the scale) or ``None`` when that
    statement has not been tallied yet.
    """

    quiz: QuizRecord
    session: SessionRecord
    participants: tuple[ParticipantRecord, ...]
    answers: tuple[tuple[int | None, ...], ...]
    tallies: tuple[Mapping[int, int] | None, ...]

    def with_answer(
        self, participant_id: int, statement_id: int, score: int | None
    ) -> SessionResultsData | None:
        """The same data after one answer was saved (``None``: cleared), without a re-read.

        ``None`` when the participant or statement is not in this data (a person who
        joined since it was read): the caller reads the session again.
        """
        person = next((i for i, p in enumerate(self.participants) if p.id == participant_id), None)
        statement = next(
            (i for i, st in enumerate(self.quiz.statements) if st.id == statement_id), None
        )
        if person is None or statement is None:
            return None
        row = list(self.answers[person])
        row[statement] = score
        answers = (*self.answers[:person], tuple(row), *self.answers[person + 1 :])
        return replace(self, answers=answers)

    def with_participants(self, joined: Sequence[ParticipantRecord]) -> SessionResultsData | None:
        """The same data with people who just joined (no answers yet), in the order a
        re-read gives, without a re-read; ``None`` when one is already in it or belongs
        to another session (the caller reads the session again)."""
        known = {p.id for p in self.participants}
        if any(p.id in known or p.session_id != self.session.id for p in joined):
            return None
        empty: tuple[int | None, ...] = (None,) * len(self.quiz.statements)
        rows = [*zip(self.participants, self.answers, strict=True)]
        rows += [(p, empty) for p in joined]
        rows.sort(key=lambda row: (row[0].position, row[0].id))
        return replace(
            self,
            participants=tuple(p for p, _ in rows),
            answers=tuple(a for _, a in rows),
        )

    @property
    def results(self) -> WorkshopResults:
        if self.session.session_mode is SessionMode.HANDS:
            return tally_results(self.quiz.definition, self.tallies)
        return answer_results(self.quiz.definition, self.answers)
