"""The .cxdesk file's JSON shape (format version 2), as data, with its checks: pure values only.

An engagement document is a JSON object with ``format``, ``version``, ``client``,
``engagement`` and one list per :data:`SECTIONS` entry. Every row of a section is a flat
object: the fields below, plus ``ref`` (a whole number unique within that section of
that document) when other rows point at it. A reference field names the ``ref`` of a
row of another section of the same document. ``resources/formats/cxdesk-file.md``
documents the same shape for people; a test keeps the two in step.

Every bound is the store's (and the database's CHECK constraints'): a file cannot carry
what the app itself could not store. Checking never trusts the file: each problem is a
:class:`FileProblem` naming the entry, the path in the JSON and why.

Versions: 1 is the first; 2 (closing the loop, schema 0014) adds the sections of actions,
issues, their steps and pain points, "you said, we did" and small wins, and gives the
rows of ``pulse_checks``, ``handoff_items`` and ``escalation_ladder`` a ``ref`` (actions
and issues point at them). A version-1 document is still read: it has none of the new
sections, and those rows are given refs in the file's order. 3 (schema 0015) gives the
engagement its ``toolkit_language``; a document without it (any older one) chose none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from cxdesk.models import actions, issues, loop_log
from cxdesk.models.actions import ActionStatus, OwnerSide, SourceKind
from cxdesk.models.five_gaps import GapCause
from cxdesk.models.issues import IssueStatus, StepKind
from cxdesk.models.journey import (
    LEVEL_MAX,
    LEVEL_MIN,
    SACRIFICE_MAX,
    SACRIFICE_MIN,
    ExpectationStatus,
    JourneyPhase,
)
from cxdesk.models.journey_map import EMOTION_MAX, EMOTION_MIN, Influence
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.pulse import CONFIDENCE_MAX, CONFIDENCE_MIN, CSAT_MAX, CSAT_MIN
from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, Axis
from cxdesk.models.quiz import SCALE_LIMIT_MAX, SCALE_LIMIT_MIN, SessionMode
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    RespondentSide,
    ScoringMode,
)
from cxdesk.models.toolkit_language import ToolkitLanguage

DOCUMENT_FORMAT = "cxdesk-engagement"
DOCUMENT_VERSION = 3  # 2: closing the loop; 3: the toolkit's language (the docstring)
NAME = 200  # names and titles (NAME_MAX everywhere in the store)
TEXT = 20_000  # free text (the store's TEXT_MAX)
POSITION_MAX = 1_000_000
PARTICIPANTS_MAX = 10_000
BAND_LIMIT = 1_000_000
ROWS_MAX = 200_000  # per section: far beyond a real engagement, a bound on the work
# An action's measure of its gap when it was made (a perceived gap, a RATER gap or
# disagreement, an emotion, a confidence, a tick): none reaches 12; this bounds nonsense.
GAP_LIMIT = 100.0


class FileProblem(Exception):
    """What is wrong with a .cxdesk file: ``where`` (entry and JSON path) and ``why``."""

    def __init__(self, where: str, why: str) -> None:
        self.where = where
        self.why = why
        super().__init__(f"{where}: {why}" if where else why)


# --- field kinds ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    limit: int
    required: bool = False  # not blank


@dataclass(frozen=True, slots=True)
class Whole:
    low: int
    high: int
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Decimal:
    low: float
    high: float
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    kind: type[StrEnum]
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Day:
    nullable: bool = False
    low: date = date(1900, 1, 1)
    high: date = date(2199, 12, 31)


@dataclass(frozen=True, slots=True)
class Moment:
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    pass


@dataclass(frozen=True, slots=True)
class Ref:
    """A ``ref`` of a row of ``section``; stored in the column ``<field>_id``."""

    section: str
    nullable: bool = False


Field = Text | Whole | Decimal | Choice | Day | Moment | Flag | Ref


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # the JSON list's name
    table: str  # the database table its rows go to
    fields: tuple[tuple[str, Field], ...]
    has_ref: bool = False
    unique: tuple[tuple[str, ...], ...] = ()  # no two rows share these fields' values
    # Fields added after files were first written, with the value a file that leaves one
    # out meant by it: such a file is still read, as the app stored that row then.
    since_added: tuple[tuple[str, object], ...] = ()
    # The document version that added the section (an older document has no such key:
    # it is read as empty) and the one whose rows first carry a ``ref`` (an older
    # document's rows are given refs 1, 2, ... in the file's order).
    since_version: int = 1
    ref_since: int = 1

    def in_version(self, version: int) -> bool:
        return version >= self.since_version

    def has_ref_in(self, version: int) -> bool:
        """Whether the rows of a document of ``version`` carry their ``ref``."""
        return self.has_ref and version >= self.ref_since

    def column(self, field: str) -> str:
        spec = dict(self.fields)[field]
        return f"{field}_id" if isinstance(spec, Ref) else field


_POS = ("position", Whole(0, POSITION_MAX))
_LEVEL = Whole(LEVEL_MIN, LEVEL_MAX, nullable=True)
_SCORE = Whole(SCORE_MIN, SCORE_MAX, nullable=True)
_EMOTION = Whole(EMOTION_MIN, EMOTION_MAX)
_WORKSHOP_DAYS = Day(low=date(2000, 1, 1), high=date(2099, 12, 31))
_RATER_SCORES = tuple(
    (f"{d.value}_{kind}", _SCORE) for d in DIMENSIONS for kind in ("expectation", "perception")
)
POINTS_FIELDS = tuple(f"{d.value}_points" for d in DIMENSIONS)

CLIENT_FIELDS: tuple[tuple[str, Field], ...] = (("name", Text(NAME, True)), ("notes", Text(TEXT)))
ENGAGEMENT_FIELDS: tuple[tuple[str, Field], ...] = (
    ("name", Text(NAME, True)),
    ("journey_phase", Choice(JourneyPhase)),
    ("start_date", Day(nullable=True)),
    ("created_at", Moment()),
    # Schema 0015: the language its toolkit prints in (null: not chosen, English).
    ("toolkit_language", Choice(ToolkitLanguage, nullable=True)),
)
# Engagement fields added after files were first written, with what a file that leaves one
# out meant: a file from before schema 0015 chose no toolkit language.
ENGAGEMENT_SINCE_ADDED: dict[str, object] = {"toolkit_language": None}

# In the order they are written: every section after the sections it refers to.
SECTIONS: tuple[Section, ...] = (
    Section(
        "milestones",
        "milestone",
        (
            _POS,
            ("name", Text(NAME, True)),
            ("due_date", Day(nullable=True)),
            ("revalidated_at", Moment(nullable=True)),
        ),
        has_ref=True,
    ),
    Section(
        "expectation_items",
        "expectation_item",
        (
            _POS,
            *((f, Text(TEXT)) for f in ("expects", "needs", "planned", "delivered", "experienced")),
            ("expected_level", _LEVEL),
            ("delivered_level", _LEVEL),
            ("experienced_level", _LEVEL),
            ("sacrifice", Text(TEXT)),
            ("sacrifice_level", Whole(SACRIFICE_MIN, SACRIFICE_MAX, nullable=True)),
            ("status", Choice(ExpectationStatus)),
            ("owner", Text(NAME)),
            ("notes", Text(TEXT)),
        ),
        has_ref=True,
    ),
    Section(
        "expectation_snapshots",
        "expectation_snapshot",
        (
            ("milestone", Ref("milestones")),
            ("item", Ref("expectation_items")),
            ("expected_level", _LEVEL),
            ("delivered_level", _LEVEL),
            ("experienced_level", _LEVEL),
            ("taken_at", Moment()),
        ),
        unique=(("milestone", "item"),),
    ),
    Section(
        "rater_assessments",
        "rater_assessment",
        (
            ("milestone", Ref("milestones", nullable=True)),
            ("title", Text(NAME, True)),
            ("held_on", Day(nullable=True)),
            ("scoring", Choice(ScoringMode)),
            ("notes", Text(TEXT)),
            ("created_at", Moment()),
        ),
        has_ref=True,
    ),
    Section(
        "rater_statements",
        "rater_statement",
        (
            ("assessment", Ref("rater_assessments")),
            ("dimension", Choice(RaterDimension)),
            _POS,
            ("text", Text(1000, True)),
        ),
        has_ref=True,
    ),
    Section(
        "rater_respondents",
        "rater_respondent",
        (
            ("assessment", Ref("rater_assessments")),
            _POS,
            ("name", Text(NAME)),
            ("side", Choice(RespondentSide)),
            *_RATER_SCORES,
            *((f, Whole(0, POINTS_TOTAL, nullable=True)) for f in POINTS_FIELDS),
        ),
        has_ref=True,
    ),
    Section(
        "rater_statement_scores",
        "rater_statement_score",
        (
            ("respondent", Ref("rater_respondents")),
            ("statement", Ref("rater_statements")),
            ("expectation", _SCORE),
            ("perception", _SCORE),
        ),
        unique=(("respondent", "statement"),),
    ),
    Section(
        "pulse_checks",
        "pulse_check",
        (
            ("milestone", Ref("milestones", nullable=True)),
            ("taken_on", _WORKSHOP_DAYS),
            ("respondent", Text(NAME)),
            ("confidence", Whole(CONFIDENCE_MIN, CONFIDENCE_MAX, nullable=True)),
            ("csat", Whole(CSAT_MIN, CSAT_MAX, nullable=True)),
            ("working", Text(TEXT)),
            ("not_working", Text(TEXT)),
            ("created_at", Moment()),
            ("side", Choice(RespondentSide)),
        ),
        has_ref=True,  # since version 2: actions and "you said, we did" point at them
        # Before pulse checks had a side, every one was the client's.
        since_added=(("side", RespondentSide.CLIENT.value),),
        ref_since=2,
    ),
    Section(
        "quadrant_overrides",
        "quadrant_override",
        (
            ("milestone", Ref("milestones", nullable=True)),
            ("axis", Choice(Axis)),
            ("score", Decimal(AXIS_MIN, AXIS_MAX)),
            ("reason", Text(2000, True)),
            ("created_at", Moment()),
        ),
    ),
    Section(
        "quizzes",
        "quiz",
        (
            ("title", Text(NAME, True)),
            ("scale_min", Whole(SCALE_LIMIT_MIN, SCALE_LIMIT_MAX)),
            ("scale_max", Whole(SCALE_LIMIT_MIN, SCALE_LIMIT_MAX)),
            ("built_in", Flag()),
        ),
        has_ref=True,
    ),
    Section(
        "quiz_statements",
        "quiz_statement",
        (("quiz", Ref("quizzes")), _POS, ("text", Text(1000, True))),
        has_ref=True,
    ),
    Section(
        "quiz_bands",
        "quiz_band",
        (
            ("quiz", Ref("quizzes")),
            ("low", Whole(-BAND_LIMIT, BAND_LIMIT)),
            ("high", Whole(-BAND_LIMIT, BAND_LIMIT)),
            ("label", Text(NAME, True)),
            ("advice", Text(2000)),
        ),
    ),
    Section(
        "workshop_sessions",
        "workshop_session",
        (
            ("quiz", Ref("quizzes")),
            ("title", Text(NAME, True)),
            ("held_on", _WORKSHOP_DAYS),
            ("mode", Choice(SessionMode)),
            ("participant_count", Whole(0, PARTICIPANTS_MAX)),
            ("revealed", Flag()),
            ("created_at", Moment()),
        ),
        has_ref=True,
    ),
    Section(
        "workshop_participants",
        "workshop_participant",
        (("session", Ref("workshop_sessions")), _POS, ("name", Text(NAME))),
        has_ref=True,
    ),
    Section(
        "quiz_answers",
        "quiz_answer",
        (
            ("participant", Ref("workshop_participants")),
            ("statement", Ref("quiz_statements")),
            ("score", Whole(SCALE_LIMIT_MIN, SCALE_LIMIT_MAX)),
        ),
        unique=(("participant", "statement"),),
    ),
    Section(
        "hands_tallies",
        "hands_tally",
        (
            ("session", Ref("workshop_sessions")),
            ("statement", Ref("quiz_statements")),
            ("score", Whole(SCALE_LIMIT_MIN, SCALE_LIMIT_MAX)),
            ("count", Whole(0, PARTICIPANTS_MAX)),
        ),
        unique=(("session", "statement", "score"),),
    ),
    Section("map_phases", "map_phase", (_POS, ("name", Text(NAME, True))), has_ref=True),
    Section(
        "touchpoints",
        "touchpoint",
        (
            ("phase", Ref("map_phases")),
            _POS,
            ("name", Text(NAME, True)),
            *((f, Text(TEXT)) for f in ("channel", "sees_does", "thinks_feels", "needs")),
            ("emotion", Whole(EMOTION_MIN, EMOTION_MAX, nullable=True)),
            *((f, Text(TEXT)) for f in ("pain_points", "opportunities", "owner_team")),
        ),
        has_ref=True,
    ),
    Section(
        "stakeholders",
        "stakeholder",
        (
            _POS,
            ("name", Text(NAME, True)),
            ("role", Text(NAME)),
            ("influence", Choice(Influence)),
            ("notes", Text(TEXT)),
        ),
        has_ref=True,
    ),
    Section(
        "stakeholder_emotions",
        "stakeholder_emotion",
        (
            ("touchpoint", Ref("touchpoints")),
            ("stakeholder", Ref("stakeholders")),
            ("emotion", _EMOTION),
        ),
        unique=(("touchpoint", "stakeholder"),),
    ),
    Section(
        "handoff_items",
        "handoff_item",
        (("phase", Ref("map_phases")), _POS, ("text", Text(TEXT, True)), ("done", Flag())),
        has_ref=True,  # since version 2: actions point at them
        ref_since=2,
    ),
    Section(
        "emotion_revisits",
        "emotion_revisit",
        (("milestone", Ref("milestones")), ("taken_at", Moment())),
        has_ref=True,
        unique=(("milestone",),),
    ),
    Section(
        "emotion_snapshots",
        "emotion_snapshot",
        (
            ("revisit", Ref("emotion_revisits")),
            ("touchpoint", Ref("touchpoints")),
            ("emotion", _EMOTION),
        ),
        unique=(("revisit", "touchpoint"),),
    ),
    Section(
        "stakeholder_emotion_snapshots",
        "stakeholder_emotion_snapshot",
        (
            ("revisit", Ref("emotion_revisits")),
            ("touchpoint", Ref("touchpoints")),
            ("stakeholder", Ref("stakeholders")),
            ("emotion", _EMOTION),
        ),
        unique=(("revisit", "touchpoint", "stakeholder"),),
    ),
    Section(
        "escalation_ladder",
        "escalation_level",
        (
            _POS,
            ("name", Text(NAME, True)),
            ("trigger", Text(2000)),
            ("owner", Text(200)),
            ("response_time", Text(200)),
            ("channel", Text(200)),
        ),
        has_ref=True,  # since version 2: issues and their steps point at the rungs
        ref_since=2,
    ),
    # --- version 2: closing the loop -------------------------------------------------
    Section(
        "issues",
        "issue",
        (
            ("title", Text(issues.TITLE_MAX, True)),
            ("details", Text(issues.DETAILS_MAX)),
            ("raised_by", Text(issues.PERSON_MAX)),
            ("raised_by_side", Choice(OwnerSide)),
            ("raised_on", Day()),
            ("rung", Ref("escalation_ladder")),
            ("owner", Text(issues.PERSON_MAX)),
            ("on_rung_since", Day()),
            ("status", Choice(IssueStatus)),
            ("resolved_on", Day(nullable=True)),
            ("resolution", Text(issues.DETAILS_MAX)),
        ),
        has_ref=True,
        since_version=2,
    ),
    Section(
        "issue_steps",
        "issue_step",
        (
            ("issue", Ref("issues")),
            ("happened_on", Day()),
            ("kind", Choice(StepKind)),
            # None once the rung was deleted: its name, kept beside, still tells it.
            ("rung", Ref("escalation_ladder", nullable=True)),
            ("rung_name", Text(issues.TITLE_MAX)),
            ("owner", Text(issues.PERSON_MAX)),
            ("note", Text(issues.DETAILS_MAX)),
        ),
        since_version=2,
    ),
    Section(
        "issue_touchpoints",
        "issue_touchpoint",
        (("issue", Ref("issues")), ("touchpoint", Ref("touchpoints"))),
        unique=(("issue", "touchpoint"),),
        since_version=2,
    ),
    Section(
        "actions",
        "gap_action",
        (
            _POS,
            ("title", Text(actions.TITLE_MAX, True)),
            ("source_kind", Choice(SourceKind)),
            ("expectation_item", Ref("expectation_items", nullable=True)),
            ("rater_assessment", Ref("rater_assessments", nullable=True)),
            ("rater_dimension", Choice(RaterDimension, nullable=True)),
            ("touchpoint", Ref("touchpoints", nullable=True)),
            ("stakeholder", Ref("stakeholders", nullable=True)),
            ("handoff_item", Ref("handoff_items", nullable=True)),
            ("pulse_check", Ref("pulse_checks", nullable=True)),
            ("source_label", Text(actions.SOURCE_LABEL_MAX)),
            ("gap_before", Decimal(-GAP_LIMIT, GAP_LIMIT, nullable=True)),
            ("issue", Ref("issues", nullable=True)),
            ("cause", Choice(GapCause, nullable=True)),
            ("owner_name", Text(actions.OWNER_MAX)),
            ("owner_side", Choice(OwnerSide)),
            ("due_on", Day(nullable=True)),
            ("status", Choice(ActionStatus)),
            ("outcome", Text(actions.OUTCOME_MAX)),
            ("created_at", Moment()),
            ("closed_at", Moment(nullable=True)),
        ),
        has_ref=True,
        since_version=2,
    ),
    Section(
        "you_said_we_did",
        "you_said_we_did",
        (
            ("said_on", Day()),
            ("said", Text(loop_log.SAID_MAX, True)),
            ("said_by", Text(loop_log.PERSON_MAX)),
            ("said_source", Choice(SaidSource)),
            ("pulse_check", Ref("pulse_checks", nullable=True)),
            ("rater_assessment", Ref("rater_assessments", nullable=True)),
            ("workshop_session", Ref("workshop_sessions", nullable=True)),
            ("we_did", Text(loop_log.SAID_MAX)),
            ("did_on", Day(nullable=True)),
            ("action", Ref("actions", nullable=True)),
        ),
        since_version=2,
    ),
    Section(
        "small_wins",
        "small_win",
        (
            ("won_on", Day()),
            ("text", Text(loop_log.WIN_MAX, True)),
            ("milestone", Ref("milestones", nullable=True)),
            ("touchpoint", Ref("touchpoints", nullable=True)),
        ),
        since_version=2,
    ),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
TOP_KEYS = ("format", "version", "client", "engagement", *SECTION_BY_KEY)


def top_keys(version: int) -> tuple[str, ...]:
    """The keys a document of ``version`` has: exactly these, no more, no fewer."""
    return (
        "format",
        "version",
        "client",
        "engagement",
        *(s.key for s in SECTIONS if s.in_version(version)),
    )


Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class EngagementDocument:
    """One engagement as read from a file: values checked and typed, refs still the file's."""

    entry: str
    client: Row
    engagement: Row
    sections: Mapping[str, tuple[Row, ...]]


# --- checking ------------------------------------------------------------------------
