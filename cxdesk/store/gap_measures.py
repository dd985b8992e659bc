"""How each kind of gap is measured, now and over time: what "did it work?" compares.

- an expectation: its perceived gap (experienced - expected), now and at each milestone's
  revalidation (its snapshot there, timed by the milestone's revalidation);
- a RATER dimension: its gap in an assessment (every respondent, as the scorecard
  shows it), or the two sides' disagreement there (|team gap - client gap|);
- a pain point: the touchpoint's emotion (or one stakeholder's there), now and at each
  revisit of the emotion map;
- a pulse check: the client's confidence, in the pulse itself and on later days;
- a handoff item: ticked (1) or not (0), as it stands.

Reads within the caller's session; plain values out (:class:`Measurement`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from statistics import fmean

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.models.actions import Measurement, SourceKind, at_end_of
from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import ExpectationItem, ExpectationSnapshot, Milestone
from cxdesk.models.feedback_entities import PulseCheck
from cxdesk.models.journey_entities import HandoffItem, Touchpoint
from cxdesk.models.records import AssessmentRecord
from cxdesk.models.servqual import RaterDimension, RespondentSide, compare_sides, dimension_gaps
from cxdesk.store import graveyard, reads
from cxdesk.store.database import session_rows
from cxdesk.store.journey_common import SCORE, rows_of
from cxdesk.store.journey_revisits import read_revisits

ITEM = table_of(ExpectationItem)
SNAPSHOT = table_of(ExpectationSnapshot)
MILESTONE = table_of(Milestone)
PULSE = table_of(PulseCheck)
TOUCHPOINT = table_of(Touchpoint)
HANDOFF = table_of(HandoffItem)

RaterKey = tuple[str, RaterDimension]  # (the kind: gap or disagreement, the dimension)


def _when(assessment: AssessmentRecord) -> datetime:
    return at_end_of(assessment.sort_key[0])


def rater_history(
    s: Session, engagement_id: int
) -> list[tuple[AssessmentRecord, dict[RaterKey, float | None]]]:
    """Each assessment of the engagement (oldest first) with every dimension's gap and
    the two sides' disagreement on it."""
    found = []
    for assessment, responses in reads.load_engagement_responses(session_rows(s), engagement_id):
        gaps = dimension_gaps(responses)
        sides = compare_sides(responses)
        values: dict[RaterKey, float | None] = {}
        for dimension, gap in gaps.items():
            values[(SourceKind.RATER_GAP.value, dimension)] = gap
            difference = sides.difference(dimension)
            values[(SourceKind.RATER_DISAGREEMENT.value, dimension)] = (
                None if difference is None else abs(difference)
            )
        found.append((assessment, values))
    return found


def rater_now(
    s: Session, engagement_id: int, assessment_id: int, kind: SourceKind, dimension: RaterDimension
) -> float | None:
    """The dimension's gap (or disagreement) in one assessment."""
    for assessment, values in rater_history(s, engagement_id):
        if assessment.id == assessment_id:
            return values.get((kind.value, dimension))
    return None


def rater_measurements(
    history: list[tuple[AssessmentRecord, dict[RaterKey, float | None]]],
    after: int,
    kind: str,
    dimension: RaterDimension,
) -> list[Measurement]:
    """The assessments after the one numbered ``after`` (an action's source), as
    measurements of the dimension (those that scored it)."""
    order = [a.id for a, _values in history]
    start = order.index(after) + 1 if after in order else len(order)
    measured = []
    for assessment, values in history[start:]:
        value = values.get((kind, dimension))
        if value is not None:
            measured.append(Measurement(_when(assessment), value, assessment.title))
    return measured


def expectation_now(s: Session, item_id: int) -> float | None:
    row = s.execute(
        select(ITEM.c.expected_level, ITEM.c.experienced_level).where(ITEM.c.id == item_id)
    ).first()
    if row is None or row[0] is None or row[1] is None:
        return None
    return float(row[1] - row[0])


def expectation_history(s: Session, item_ids: Iterable[int]) -> dict[int, list[Measurement]]:
    """Each item's perceived gap at every milestone it was revalidated at."""
    found: dict[int, list[Measurement]] = defaultdict(list)
    for condition in graveyard.among(SNAPSHOT.c.item_id, list(item_ids)):
        for item_id, name, revalidated, taken, expected, experienced in rows_of(
            s,
            select(
                SNAPSHOT.c.item_id,
                MILESTONE.c.name,
                MILESTONE.c.revalidated_at,
                SNAPSHOT.c.taken_at,
                SNAPSHOT.c.expected_level,
                SNAPSHOT.c.experienced_level,
            )
            .join(MILESTONE, MILESTONE.c.id == SNAPSHOT.c.milestone_id)
            .where(condition),
        ):
            if expected is None or experienced is None:
                continue
            # The milestone's revalidation times its snapshots (the demo's were written
            # later, on the day the workspace was made).
            found[item_id].append(
                Measurement(revalidated or taken, float(experienced - expected), name)
            )
    return found


def emotion_now(s: Session, touchpoint_id: int, stakeholder_id: int | None) -> float | None:
    if stakeholder_id is None:
        value = s.scalar(select(TOUCHPOINT.c.emotion).where(TOUCHPOINT.c.id == touchpoint_id))
    else:
        value = s.scalar(
            select(SCORE.c.emotion).where(
                SCORE.c.touchpoint_id == touchpoint_id, SCORE.c.stakeholder_id == stakeholder_id
            )
        )
    return None if value is None else float(value)


def emotion_history(
    s: Session, engagement_id: int
) -> dict[tuple[int, int | None], list[Measurement]]:
    """(touchpoint, stakeholder or None) -> its emotion at each revisit of the map."""
    found: dict[tuple[int, int | None], list[Measurement]] = defaultdict(list)
    for revisit in read_revisits(s, engagement_id):
        for touchpoint_id, emotion in revisit.emotions.items():
            found[(touchpoint_id, None)].append(
                Measurement(revisit.taken_at, float(emotion), revisit.milestone_name)
            )
        for (touchpoint_id, stakeholder_id), emotion in revisit.stakeholder_emotions.items():
            found[(touchpoint_id, stakeholder_id)].append(
                Measurement(revisit.taken_at, float(emotion), revisit.milestone_name)
            )
    return found


def pulse_now(s: Session, pulse_id: int) -> float | None:
    value = s.scalar(select(PULSE.c.confidence).where(PULSE.c.id == pulse_id))
    return None if value is None else float(value)


def pulse_history(s: Session, engagement_id: int) -> list[tuple[int, Measurement]]:
    """Each client pulse check's confidence (with its id), timed at the end of its day."""
    rows = rows_of(
        s,
        select(PULSE.c.id, PULSE.c.taken_on, PULSE.c.confidence)
        .where(
            PULSE.c.engagement_id == engagement_id,
            PULSE.c.side == RespondentSide.CLIENT.value,
            PULSE.c.confidence.is_not(None),
        )
        .order_by(PULSE.c.taken_on, PULSE.c.id),
    )
    return [
        (
            pulse_id,
            Measurement(at_end_of(taken_on), float(confidence), f"Pulse check {taken_on}"),
        )
        for pulse_id, taken_on, confidence in rows
    ]


def pulse_measurements(history: list[tuple[int, Measurement]], source: int) -> list[Measurement]:
    """The client's confidence on each day, mean of that day's pulse checks, leaving out
    the pulse check the action was made from."""
    by_day: dict[datetime, list[float]] = defaultdict(list)
    labels: dict[datetime, str] = {}
    for pulse_id, measured in history:
        if pulse_id != source:
            by_day[measured.taken_at].append(measured.value)
            labels[measured.taken_at] = measured.label
    return [Measurement(day, fmean(values), labels[day]) for day, values in sorted(by_day.items())]


def handoff_now(s: Session, item_id: int) -> float | None:
    value = s.scalar(select(HANDOFF.c.done).where(HANDOFF.c.id == item_id))
    return None if value is None else float(value)
