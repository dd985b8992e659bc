"""What each edition of the toolkit may hold: the engagement's data, cut for the client.

``for_edition`` is applied where the toolkit's data is read, so the PDF's sections are
never given what the client edition leaves out. Decided field by field:

- Workshop participants: never named. Their answers stay (the room's results are
  computed from them); the rows are renumbered "Participant 1..n" in an order that
  follows the answers (highest total first), not the order people came to the laptop,
  which everyone in the room saw. Whether the rows print is the consultant's tick.
- RATER: the client's responses alone, unnamed; our team's responses are not given.
  When the consultant ticks the comparison, our team's *gap per dimension* (the
  aggregate the comparison prints) is given instead. An assessment's notes are ours.
- Pulse checks: the client's, unnamed (their words stay: "in their words"); our team's
  own pulse checks and their free text are not given.
- Matrix: each row's notes are ours, and so is who changed it last. The owner stays:
  it says who is answerable for the expectation, which the client must know.
- Emotion map: the stakeholders (names, roles, influence, notes and each one's own
  emotion score) are our reading of the client's people and politics; the overall
  emotion, the touchpoints and the handoff checklists stay.
- Escalation ladder: kept whole. Its owners and channels are the contacts the client is
  meant to use.
- Overview: a manual score's reason stays (the Overview shows it beside the score, so a
  judgement is never unexplained); the team-vs-client difference only when ticked.
- Actions: title, cause, owner and side (an owner is an assignment, ours or theirs, which
  the client must know), due, status and what was done stay. The source's words as
  stored name a stakeholder or a pulse check's respondent, so they are not given: the
  section says the source from the edition's own rows (a pain point, never whose score).
  "Did it work?" keeps its verdict; its numbers go where they are our reading: one
  stakeholder's emotion, or the team-vs-client disagreement unless that is ticked.
- Issue log: title, the side that raised it, the rung, its owner (an assignment), the
  dates and what was done stay. Who raised it is not named, as a pulse check's
  respondent is not: a complaint in the client's own hand stays unattributed. An
  issue's details and each step's note are our working notes.
- "You said, we did": unnamed, as the pulse checks and RATER responses are (a pulse
  check's entry would name its respondent); an entry from our own team's pulse check is
  not the client's voice and is left out. Small wins stay whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from cxdesk.models.actions import ActionRow, Evidence, SourceKind
from cxdesk.models.edition import EditionChoice
from cxdesk.models.issues import IssueRow
from cxdesk.models.journey_map import JourneyMap
from cxdesk.models.loop_log import YouSaidRecord
from cxdesk.models.overview import TEAM_VS_CLIENT, AssessedResponses, Overview
from cxdesk.models.records import (
    ItemRecord,
    ParticipantRecord,
    PulseRecord,
    SessionResultsData,
)
from cxdesk.models.servqual import RaterDimension, RespondentSide, compare_sides
from cxdesk.models.toolkit import ToolkitData


def for_edition(data: ToolkitData, choice: EditionChoice) -> ToolkitData:
    """``data`` (everything, as read) as ``choice``'s edition may print it."""
    if choice.is_internal:
        return replace(data, edition=choice, team_gaps={})
    assessments, team_gaps = _client_assessments(data.assessments, choice.team_vs_client)
    return replace(
        data,
        edition=choice,
        items=tuple(_client_item(item) for item in data.items),
        assessments=assessments,
        team_gaps=team_gaps,
        pulses=tuple(_client_pulse(p) for p in data.pulses if p.is_client),
        sessions=tuple(anonymous_session(s) for s in data.sessions),
        journey=_client_journey(data.journey) if data.journey is not None else None,
        overview=(
            _client_overview(data.overview, choice.team_vs_client)
            if data.overview is not None
            else None
        ),
        actions=tuple(_client_action(row) for row in data.actions),
        evidence=_client_evidence(data.actions, data.evidence, choice.team_vs_client),
        issues=tuple(_client_issue(issue) for issue in data.issues),
        said=tuple(
            replace(entry, said_by="", changed_by=None)
            for entry in data.said
            if not _from_our_pulse(entry, data.pulses)
        ),
        wins=tuple(replace(win, changed_by=None) for win in data.wins),
    )


def _client_action(row: ActionRow) -> ActionRow:
    record = replace(row.record, source_label="", changed_by=None)
    return replace(row, record=record, source_text="")


def _client_evidence(
    actions: Sequence[ActionRow], found: Mapping[int, Evidence], team_vs_client: bool
) -> dict[int, Evidence]:
    def ours(row: ActionRow) -> bool:
        record = row.record
        if record.kind is SourceKind.PAIN_POINT:
            return record.stakeholder_id is not None
        return record.kind is SourceKind.RATER_DISAGREEMENT and not team_vs_client

    kept: dict[int, Evidence] = {}
    for row in actions:
        if (evidence := found.get(row.id)) is not None:
            kept[row.id] = Evidence(evidence.verdict) if ours(row) else evidence
    return kept


def _client_issue(issue: IssueRow) -> IssueRow:
    steps = tuple(replace(step, note="") for step in issue.steps)
    record = replace(issue.record, raised_by="", details="", changed_by=None)
    return replace(issue, record=record, steps=steps)


def _from_our_pulse(entry: YouSaidRecord, pulses: Sequence[PulseRecord]) -> bool:
    if entry.pulse_check_id is None:
        return False
    return any(p.id == entry.pulse_check_id and not p.is_client for p in pulses)


def _client_item(item: ItemRecord) -> ItemRecord:
    return replace(item, notes="", changed_by=None)


def _client_assessments(
    assessments: Sequence[AssessedResponses], team_vs_client: bool
) -> tuple[tuple[AssessedResponses, ...], dict[int, dict[RaterDimension, float | None]]]:
    kept: list[AssessedResponses] = []
    team_gaps: dict[int, dict[RaterDimension, float | None]] = {}
    for assessment, responses in assessments:
        client = tuple(replace(r, name="") for r in responses if r.side is RespondentSide.CLIENT)
        kept.append((replace(assessment, notes=""), client))
        if team_vs_client:
            team_gaps[assessment.id] = dict(compare_sides(responses).team)
    return tuple(kept), team_gaps


def _client_pulse(pulse: PulseRecord) -> PulseRecord:
    return replace(pulse, respondent="")


def anonymous_session(data: SessionResultsData) -> SessionResultsData:
    """The session with its participants unnamed and renumbered, highest total first."""

    def by_answers(row: tuple[ParticipantRecord, tuple[int | None, ...]]) -> tuple[int, ...]:
        answers = row[1]
        given = [a for a in answers if a is not None]
        return (sum(given), len(given), *(-1 if a is None else a for a in answers))

    rows = sorted(zip(data.participants, data.answers, strict=True), key=by_answers, reverse=True)
    participants = tuple(
        ParticipantRecord(id=n, session_id=data.session.id, position=n - 1)
        for n in range(1, len(rows) + 1)
    )
    return replace(data, participants=participants, answers=tuple(a for _p, a in rows))


def _client_journey(journey: JourneyMap) -> JourneyMap:
    phases = tuple(
        replace(
            phase,
            touchpoints=tuple(replace(t, stakeholder_emotions={}) for t in phase.touchpoints),
        )
        for phase in journey.phases
    )
    revisits = tuple(replace(r, stakeholder_emotions={}) for r in journey.revisits)
    return replace(journey, phases=phases, stakeholders=(), revisits=revisits)


def _client_overview(overview: Overview, team_vs_client: bool) -> Overview:
    if team_vs_client:
        return overview
    numbers = [n for n in overview.key_numbers if n.name != TEAM_VS_CLIENT]
    return replace(overview, key_numbers=numbers)
