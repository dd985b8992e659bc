"""The Overview's content: the quadrant path across milestones and the key numbers.

A pure function of the engagement's records, so it is tested without a database.

- Each milestone's point is computed from what belongs to it: the matrix as revalidated
  there (its snapshots), the RATER assessments and the pulse checks linked to it.
- "Now" is the path's end: the matrix as it stands, the latest assessment with
  respondents and the latest day of pulse checks.
- Pulse checks count when they are the client's: our own team's (a separate round on
  phones) rate the work as its providers do, higher, and the quadrant's experience axis
  is the client's experience.
- Each key number compares its latest measurement with the one before it (usually the
  previous milestone's) and says which that was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cxdesk.language import N_
from cxdesk.models.as_of import revalidation_order
from cxdesk.models.gaps import LevelTriple, summarise
from cxdesk.models.pulse import PulseScore, pulse_point, pulse_trend
from cxdesk.models.quadrant import (
    Axis,
    Better,
    KeyNumber,
    ManualScore,
    Moment,
    Override,
    PathPoint,
    client_servqual_gap,
    path_point,
)
from cxdesk.models.records import (
    AssessmentRecord,
    ItemRecord,
    MilestoneRecord,
    OverrideRecord,
    PulseRecord,
    SnapshotRecord,
)
from cxdesk.models.servqual import (
    RaterResponse,
    compare_sides,
)

NOW = N_("Now")
TRAILING = N_("Expectations trailing")
TEAM_VS_CLIENT = N_("Team vs client difference")

AssessedResponses = tuple[AssessmentRecord, Sequence[RaterResponse]]


@dataclass(frozen=True, slots=True)
class Overview:
    path: Sequence[PathPoint]  # milestones with data, oldest first, then "Now"
    key_numbers: Sequence[KeyNumber]

    @property
    def now(self) -> PathPoint:
        return self.path[-1]

    @property
    def trailing_now(self) -> int:
        """How many rows of the matrix trail their expectation now (the key number)."""
        number = next(n for n in self.key_numbers if n.name == TRAILING)
        return int(number.value or 0)


def build_overview(
    milestones: Sequence[MilestoneRecord],
    items: Sequence[ItemRecord],
    snapshots: Sequence[SnapshotRecord],
    assessments: Sequence[AssessedResponses],
    pulses: Sequence[PulseRecord],
    overrides: Sequence[OverrideRecord] = (),
) -> Overview:
    assessments = sorted(assessments, key=lambda a: a[0].sort_key)
    pulses = [p for p in pulses if p.is_client]
    # An assessment nobody has scored yet (just created) says nothing: "now" and the
    # key numbers use the latest ones with respondents instead of blanking out.
    answered = [a for a in assessments if a[1]]
    moments = _milestone_moments(milestones, snapshots, assessments, pulses)
    moments.append(_now_moment(items, answered, pulses))

    chosen: dict[tuple[int | None, str], Override] = {
        (o.milestone_id, o.axis): ManualScore(
            o.score, o.reason, o.made_at.date() if o.made_at else None
        )
        for o in overrides
    }
    path = [
        path_point(
            m,
            chosen.get((m.milestone_id, Axis.VALUE.value)),
            chosen.get((m.milestone_id, Axis.EXPERIENCE.value)),
        )
        for m in moments
    ]
    numbers = [
        *_servqual_numbers(answered),
        *_pulse_numbers(milestones, pulses),
        _trailing_number(milestones, items, snapshots),
    ]
    return Overview(path, numbers)


def _milestone_moments(
    milestones: Sequence[MilestoneRecord],
    snapshots: Sequence[SnapshotRecord],
    assessments: Sequence[AssessedResponses],
    pulses: Sequence[PulseRecord],
) -> list[Moment]:
    levels: dict[int, list[LevelTriple]] = defaultdict(list)
    for snap in snapshots:
        levels[snap.milestone_id].append(snap.levels)
    responses: dict[int, list[RaterResponse]] = defaultdict(list)
    for assessment, said in assessments:
        if assessment.milestone_id is not None:
            responses[assessment.milestone_id].extend(said)
    scores: dict[int, list[PulseScore]] = defaultdict(list)
    for pulse in pulses:
        if pulse.milestone_id is not None:
            scores[pulse.milestone_id].append(pulse.score)
    return [
        Moment(m.name, m.id, levels[m.id], responses[m.id], scores[m.id])
        for m in milestones
        if levels[m.id] or responses[m.id] or scores[m.id]
    ]


def _now_moment(
    items: Sequence[ItemRecord],
    assessments: Sequence[AssessedResponses],
    pulses: Sequence[PulseRecord],
) -> Moment:
    latest_responses = assessments[-1][1] if assessments else ()
    latest_day = max((p.taken_on for p in pulses), default=None)
    latest_pulses = [p.score for p in pulses if p.taken_on == latest_day]
    return Moment(NOW, None, [i.levels for i in items], latest_responses, latest_pulses)


def _servqual_numbers(assessments: Sequence[AssessedResponses]) -> list[KeyNumber]:
    latest = assessments[-1] if assessments else None
    previous = assessments[-2] if len(assessments) > 1 else None
    since = previous[0].title if previous else ""
    # The client's side, as on the quadrant: our team's self-ratings run high
    # and are shown against it in the next number instead of being mixed in.
    gap = KeyNumber(
        N_("Client's SERVQUAL gap (P − E)"),
        client_servqual_gap(latest[1]) if latest else None,
        client_servqual_gap(previous[1]) if previous else None,
        since,
        Better.HIGHER,
        N_(
            "Latest assessment, client respondents, weighted by their importance points "
            "(equal weights for those who gave none)."
        ),
    )
    difference = KeyNumber(
        TEAM_VS_CLIENT,
        compare_sides(latest[1]).overall_difference if latest else None,
        compare_sides(previous[1]).overall_difference if previous else None,
        since,
        Better.NEARER_ZERO,
        N_(
            "Our team's SERVQUAL gap minus the client's: above 0, we think it went better "
            "than the client experienced it."
        ),
    )
    return [gap, difference]


def _pulse_numbers(
    milestones: Sequence[MilestoneRecord], pulses: Sequence[PulseRecord]
) -> list[KeyNumber]:
    """The latest day's means, against the previous milestone's pulse checks.

    "Previous milestone": the latest milestone whose linked pulse checks all came before
    that day. Without one (no pulse linked to a milestone), the day before is used.
    """
    trend = pulse_trend(p.score for p in pulses)
    names = {m.id: m.name for m in milestones}
    numbers = []
    for name, attribute, explanation in (
        (N_("Client confidence (1-10)"), "mean_confidence", N_("Mean of the latest pulse check.")),
        (N_("CSAT (1-5)"), "mean_csat", N_("Mean of the latest pulse check.")),
    ):
        measured = [(p.taken_on, getattr(p, attribute)) for p in trend]
        measured = [(day, v) for day, v in measured if v is not None]
        now = measured[-1][1] if measured else None
        previous: tuple[str, float] | None = None
        since_day: date | None = None
        if measured:
            previous = _previous_milestone_mean(names, pulses, measured[-1][0], attribute)
            if previous is None and len(measured) > 1:
                since_day, value = measured[-2]
                previous = (since_day.strftime("%d %b %Y"), value)
        numbers.append(
            KeyNumber(
                name,
                now,
                previous[1] if previous else None,
                previous[0] if previous else "",
                Better.HIGHER,
                explanation,
                since_day,
            )
        )
    return numbers


def _previous_milestone_mean(
    names: dict[int, str], pulses: Sequence[PulseRecord], latest: date, attribute: str
) -> tuple[str, float] | None:
    groups: dict[int, list[PulseRecord]] = defaultdict(list)
    for pulse in pulses:
        if pulse.milestone_id is not None and pulse.milestone_id in names:
            groups[pulse.milestone_id].append(pulse)
    before = [
        (max(p.taken_on for p in group), milestone_id)
        for milestone_id, group in groups.items()
        if all(p.taken_on < latest for p in group)
    ]
    for _day, milestone_id in sorted(before, reverse=True):
        point = pulse_point(latest, (p.score for p in groups[milestone_id]))
        value = getattr(point, attribute)
        if value is not None:
            return names[milestone_id], value
    return None


def _trailing_number(
    milestones: Sequence[MilestoneRecord],
    items: Sequence[ItemRecord],
    snapshots: Sequence[SnapshotRecord],
) -> KeyNumber:
    by_milestone: dict[int, list[LevelTriple]] = defaultdict(list)
    for snap in snapshots:
        by_milestone[snap.milestone_id].append(snap.levels)
    # The latest revalidation is the one describing the latest day, not the last milestone.
    revalidated = [m for m in revalidation_order(milestones) if by_milestone[m.id]]
    last = revalidated[-1] if revalidated else None
    return KeyNumber(
        TRAILING,
        float(summarise(i.levels for i in items).trailing_rows),
        float(summarise(by_milestone[last.id]).trailing_rows) if last else None,
        last.name if last else "",
        Better.LOWER,
        N_("Rows of the Expectation Matrix with a negative delivery or perceived gap."),
    )
