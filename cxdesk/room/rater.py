"""A RATER survey as a room: each phone that joins becomes a respondent of one assessment,
on the side the consultant chose, and fills its own form at its own pace: expectation
and perception per dimension (or per statement when the assessment is scored by them),
and, if it wants, 100 importance points split over the five dimensions.

Each answer is written as it is given, one score at a time. The room remembers what
each phone was shown and has written, answer by answer, and checks each new answer
against that one answer as stored now: a phone's later edit is never refused by its own
earlier one (which raised the row's version), nor by the consultant renaming the
respondent on the laptop; but an answer the consultant changed there since is not
written over: the phone is told, and shown theirs.

A respondent's id is never handed out twice (AUTOINCREMENT, schema 0012): an answer of
a phone whose respondent was deleted on the laptop, still on its way when the room hears
of it, finds no row under its id and is refused as deleted, never written into a
newcomer's, whoever added the newcomer (the room or the consultant). Undo puts a deleted
respondent back under its own id, and so gives the phone its own row back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cxdesk.models.feedback_entities import SCORE_FIELDS
from cxdesk.models.records import AssessmentRecord, RespondentRecord, StatementRecord
from cxdesk.models.servqual import (
    DIMENSIONS,
    POINTS_TOTAL,
    SCALE_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    RespondentSide,
    ScoringMode,
    points_problem,
)
from cxdesk.ops import feedback as feedback_ops
from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Operation
from cxdesk.room.kinds import Answer, Json
from cxdesk.room.state import Participant, Refusal, RoomState, Words
from cxdesk.room.survey import (
    FINISHED,
    NOT_AN_ANSWER,
    STARTED,
    AnswersDeleted,
    ChangedOnTheLaptop,
    WrittenRows,
    check_open,
    once_committed,
    scale_words,
    survey_phase,
    whole,
)
from cxdesk.store import rater as rater_store
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

MEASURES = ("expectation", "perception")
MEASURE_WORDS = (
    {"id": "expectation", "label": "Expected", "hint": "What you expected"},
    {"id": "perception", "label": "Experienced", "hint": "What you experienced"},
)
# "1 - strongly disagree" -> "Strongly disagree": the words beside each big button.
SCALE_WORDS = {n: words.split(" - ", 1)[1].capitalize() for n, words in SCALE_LABELS.items()}
POINTS_KEY = -1  # the Answer key of an importance-points split (scores have keys >= 0)
BAD_POINTS = Words(
    422, f"Give each of the five dimensions a whole number of points, {POINTS_TOTAL} in all."
)
_DIMENSION_INDEX = {d.value: i for i, d in enumerate(DIMENSIONS)}
PairScores = dict[int, tuple[int | None, int | None]]  # statement id -> (E, P)


@dataclass(frozen=True, slots=True)
class ScoreGiven:
    item: str | int  # a dimension ("reliability"), or a statement's id
    measure: str  # "expectation" or "perception"
    score: int


@dataclass(frozen=True, slots=True)
class PointsGiven:
    points: tuple[tuple[str, int], ...] | None  # (dimension, points) in RATER order; None clears


class RaterRoom:
    """One assessment surveyed on phones, every phone a respondent of ``side``."""

    kind = "rater"
    phone_rows = feedback_ops.RESPONDENTS

    def __init__(self, assessment_id: int, side: RespondentSide) -> None:
        self.assessment_id = assessment_id
        self.side = RespondentSide(side)
        self._assessment: AssessmentRecord | None = None
        self._statements: tuple[StatementRecord, ...] = ()  # by statements only
        self._statement_ids: frozenset[int] = frozenset()
        self._rows: WrittenRows[RespondentRecord] = WrittenRows()
        self._scores: WrittenRows[PairScores] = WrittenRows()  # by statements only

    @property
    def assessment(self) -> AssessmentRecord:
        if self._assessment is None:
            raise RuntimeError("the RATER room was not loaded")
        return self._assessment

    @property
    def by_statements(self) -> bool:
        return self.assessment.mode is ScoringMode.STATEMENTS

    def respondents(self) -> list[int]:
        """The respondents this room made (the phones that joined), any thread."""
        return list(self._rows.participants())

    # A respondent's id is its phone's.
    def phones_removed(self, changes: ChangeSet) -> list[int]:
        gone = changes.deleted.get(self.phone_rows, frozenset())
        return sorted(gone & set(self.respondents()))

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        back = changes.created.get(self.phone_rows, frozenset())
        return sorted(back & set(self.respondents()))

    # -- what the server asks of a room kind --------------------------------------------

    def load(self, db: Database) -> None:
        assessment = rater_store.get_assessment(db, self.assessment_id)
        if assessment is None:
            raise EditRefused("That assessment no longer exists (it may have been deleted).")
        self._assessment = assessment
        if assessment.mode is ScoringMode.STATEMENTS:
            self._statements = tuple(rater_store.list_statements(db, assessment.id))
            self._statement_ids = frozenset(s.id for s in self._statements)

    def shows(self, key: int | None) -> bool:
        return key is None  # self-paced: the room is never put on a statement

    def view(self, room: RoomState, participant: Participant) -> Json:
        row = self._rows.get(participant.id)
        points = None if row is None or row.points is None else row.points
        items = self._items(row, self._scores.get(participant.id) or {})
        given: Json = {
            f"{item['id']}:{measure}": item[measure]
            for item in items
            for measure in MEASURES
            if item[measure] is not None
        }
        if points is not None:
            given["points"] = {d.value: n for d, n in points.items()}
        return {
            "kind": self.kind,
            "title": self.assessment.title,
            "phase": survey_phase(room),
            "name": participant.name,
            "side": self.side.value,
            "scale": {"min": SCORE_MIN, "max": SCORE_MAX, "labels": scale_words(SCALE_WORDS)},
            "measures": list(MEASURE_WORDS),
            "scoring": self.assessment.scoring,
            "items": items,
            # Every answer given, by "item:measure" (and "points"): what the phone has said.
            "answers": given,
            "points": {
                "total": POINTS_TOTAL,
                "dimensions": [{"id": d.value, "label": d.label} for d in DIMENSIONS],
                "given": None if points is None else {d.value: n for d, n in points.items()},
            },
        }

    def _items(self, row: RespondentRecord | None, scores: PairScores) -> list[Json]:
        if self.by_statements:
            items: list[Json] = []
            for statement in self._statements:
                dimension = RaterDimension(statement.dimension)
                e, p = scores.get(statement.id, (None, None))
                items.append(
                    {
                        "id": statement.id,
                        "dimension": dimension.value,
                        "label": dimension.label,
                        "about": dimension.question,
                        "text": statement.text,
                        "expectation": e,
                        "perception": p,
                    }
                )
            return items
        return [
            {
                "id": d.value,
                "dimension": d.value,
                "label": d.label,
                "about": d.question,
                "text": d.question,
                "expectation": getattr(row, f"{d.value}_expectation", None),
                "perception": getattr(row, f"{d.value}_perception", None),
            }
            for d in DIMENSIONS
        ]

    def read_answer(self, body: Mapping[str, object], room: RoomState, who: Participant) -> Answer:
        if "points" in body:
            given: ScoreGiven | PointsGiven = _read_points(body["points"])
            key = POINTS_KEY
        else:
            item, measure, score = body.get("item"), body.get("measure"), body.get("score")
            if measure not in MEASURES or not whole(score) or not SCORE_MIN <= score <= SCORE_MAX:
                raise NOT_AN_ANSWER.refuse()
            which = MEASURES.index(str(measure))
            if self.by_statements:
                if not whole(item) or item not in self._statement_ids:
                    raise NOT_AN_ANSWER.refuse()
                key = item * 2 + which
            else:
                if not isinstance(item, str) or item not in _DIMENSION_INDEX:
                    raise NOT_AN_ANSWER.refuse()
                key = _DIMENSION_INDEX[item] * 2 + which
            given = ScoreGiven(item, str(measure), score)
        check_open(room)
        return Answer(who.id, key, given)

    def saved(self, answer: Answer) -> Json:
        given = answer.value
        if isinstance(given, PointsGiven):
            return {"saved": True, "points": None if given.points is None else dict(given.points)}
        assert isinstance(given, ScoreGiven)
        return {"saved": True, "item": given.item, "measure": given.measure, "score": given.score}

    def join(self, names: Sequence[str]) -> Operation[list[tuple[int, str]]]:
        def run(db: Database) -> list[tuple[int, str]]:
            added = [
                rater_store.add_respondent(db, self.assessment_id, name, self.side)
                for name in names
            ]
            once_committed(db, lambda: self._rows.put_all({r.id: r for r in added}))
            return [(r.id, r.name) for r in added]

        label = "New respondent" if len(names) == 1 else f"{len(names)} new respondents"
        return Operation(label, run, self.assessment.engagement_id)

    def save(self, answers: Sequence[Answer]) -> Operation[object]:
        def run(db: Database) -> object:
            # What this run wrote: the room's memory takes it only once the batch is
            # committed (a refused answer rolls the whole batch back, and so may a commit).
            rows: dict[int, RespondentRecord] = {}
            scores: dict[int, PairScores] = {}
            for answer in answers:
                given = answer.value
                if isinstance(given, ScoreGiven) and isinstance(given.item, int):
                    self._save_statement_score(db, answer.participant_id, given, scores)
                else:
                    assert isinstance(given, ScoreGiven | PointsGiven)
                    self._save_on_row(db, answer.participant_id, given, rows)
            once_committed(db, lambda: self._remember(rows, scores))
            return None

        label = "Score on a phone" if len(answers) == 1 else f"{len(answers)} scores on phones"
        return Operation(label, run, self.assessment.engagement_id)

    def _remember(self, rows: dict[int, RespondentRecord], scores: dict[int, PairScores]) -> None:
        self._rows.put_all(rows)
        self._scores.put_all(scores)

    def answered(self, db: Database) -> dict[int, int]:
        ours = set(self._rows.participants())
        rows = [r for r in rater_store.list_respondents(db, self.assessment_id) if r.id in ours]
        started = finished = 0
        if self.by_statements:
            answered = self._statements_answered(db)
            for row in rows:
                scored, complete = answered.get(row.id, (0, 0))
                started += bool(scored or row.points is not None)
                finished += complete == len(self._statements)
        else:
            for row in rows:
                given = [getattr(row, f) for f in SCORE_FIELDS]
                started += any(v is not None for v in given) or row.points is not None
                finished += all(v is not None for v in given)
        return {STARTED: started, FINISHED: finished}

    # -- writing (the writer thread, inside the operation's transaction) -----------------

    def _save_on_row(
        self,
        db: Database,
        respondent_id: int,
        given: ScoreGiven | PointsGiven,
        rows: dict[int, RespondentRecord],
    ) -> None:
        found = rater_store.get_respondents(db, [respondent_id])
        # Gone (ids are never handed out twice); another assessment's is never ours.
        if not found or found[0].assessment_id != self.assessment_id:
            raise AnswersDeleted()
        current = found[0]
        # What the phone was shown and has written; not the row as written (which holds
        # the consultant's other changes, that the phone has not seen).
        known = rows.get(respondent_id) or self._rows.get(respondent_id) or current
        if _value(current, given) != _value(known, given):
            # Refused on its own, the phone is shown what the laptop holds now.
            raise ChangedOnTheLaptop(lambda: self._rows.put(respondent_id, current))
        # The version read here, in the write's own transaction: the check that matters
        # is the one above, answer by answer.
        if isinstance(given, ScoreGiven):
            field = f"{given.item}_{given.measure}"
            rater_store.update_respondent(db, respondent_id, field, given.score, current.version)
            rows[respondent_id] = _with(known, {field: given.score})
        else:
            split = given.points
            points = None if split is None else {RaterDimension(d): n for d, n in split}
            rater_store.set_points(db, respondent_id, points, current.version)
            given_points = dict(split or ())
            rows[respondent_id] = _with(
                known, {f"{d.value}_points": given_points.get(d.value) for d in DIMENSIONS}
            )

    def _save_statement_score(
        self, db: Database, respondent_id: int, given: ScoreGiven, scores: dict[int, PairScores]
    ) -> None:
        statement_id = given.item
        assert isinstance(statement_id, int)
        found = rater_store.statement_score_of(db, respondent_id, statement_id)
        if found is None or found[0] != self.assessment_id:
            raise AnswersDeleted()
        current = (found[1], found[2])
        known = scores.get(respondent_id) or self._scores.get(respondent_id) or {}
        which = MEASURES.index(given.measure)
        if current[which] != known.get(statement_id, (None, None))[which]:
            shown = {**known, statement_id: current}
            raise ChangedOnTheLaptop(lambda: self._scores.put(respondent_id, shown))
        rater_store.set_statement_score(db, respondent_id, statement_id, given.measure, given.score)
        pair = list(known.get(statement_id, (None, None)))
        pair[which] = given.score  # the other measure stays as the phone last saw it
        scores[respondent_id] = {**known, statement_id: (pair[0], pair[1])}

    def _statements_answered(self, db: Database) -> dict[int, tuple[int, int]]:
        return rater_store.statements_answered(db, self.assessment_id)


def _with(row: RespondentRecord, fields: dict[str, Any]) -> RespondentRecord:
    """``row`` with the answers the phone just wrote (scores or points): what it has
    now seen."""
    return replace(row, **fields)


def _value(row: RespondentRecord, given: ScoreGiven | PointsGiven) -> object:
    """What ``row`` holds where ``given`` is written."""
    if isinstance(given, PointsGiven):
        return row.points
    return getattr(row, f"{given.item}_{given.measure}")


def _read_points(raw: object) -> PointsGiven:
    """A split of importance points a phone sent: all five dimensions, whole numbers,
    exactly 100 in all (the page checks the total as it is typed; this checks again,
    and the database's CHECK a third time); ``null`` clears the split."""
    if raw is None:
        return PointsGiven(None)
    if not isinstance(raw, dict) or set(raw) != set(_DIMENSION_INDEX):
        raise BAD_POINTS.refuse()
    if not all(whole(v) for v in raw.values()):
        raise BAD_POINTS.refuse()
    problem = points_problem({RaterDimension(d): n for d, n in raw.items()})
    if problem:
        raise Refusal(422, problem)
    return PointsGiven(tuple((d.value, int(raw[d.value])) for d in DIMENSIONS))
