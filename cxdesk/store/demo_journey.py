"""The demo engagement's emotion map: Harbourline's journey from the sales demo to support.

The same story as the matrix and the pulse checks: the sales demo promised "live"
tracking, the handoff into implementation re-asked what sales had been told (the dip at
kickoff), the pilot landed on the promised date, while depot training, invoice PDFs and
escalations hurt. Helen (the sponsor who bought it) rides the highs and is exposed at
kickoff; Tomasz's depots carry the go-live and feel training and escalations most. The
engagement is in Implementation: the handoff into it is mostly done, the one into
support mostly open, and the revisits at kickoff and design sign-off show how feelings
moved since.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from cxdesk.models.engagement_entities import Milestone
from cxdesk.models.journey_map import DEFAULT_PHASES, Influence, default_checklist
from cxdesk.store.journey_common import ITEM, PHASE, SCORE, STAKEHOLDER, TOUCHPOINT, insert_row
from cxdesk.store.journey_revisits import REVISIT, SNAPSHOT, STAKEHOLDER_SNAPSHOT

_STAKEHOLDERS = (
    (
        "Helen O'Neill",
        "Head of Operations, executive sponsor",
        Influence.HIGH,
        "Championed the portal with the COO and forwards our Friday update to the board: "
        "the rollout has to prove her right. Politically exposed when we stumble.",
    ),
    (
        "Tomasz Wójcik",
        "Depot operations lead",
        Influence.MEDIUM,
        "His depots carry the go-live; his team leads gave up a Saturday for training. "
        "Sceptical of 'live' tracking since the 15-minute refresh.",
    ),
)

# Per phase, its touchpoints: (name, channel, sees / does, thinks & feels, needs,
# pain points, opportunities, owning team, then the emotion now and at each revisit
# (kickoff, design sign-off) as (overall, Helen, Tomasz); None: not scored, or the
# touchpoint had not happened yet).
_Scores = tuple[int | None, int | None, int | None] | None
_TOUCHPOINTS: tuple[tuple[tuple[Any, ...], ...], ...] = (
    (
        (
            "Discovery call",
            "Video call",
            "Walks us through the 'where is my box' calls and shares a month of call logs",
            "Finally someone asks about our service desk, not just the technology",
            "Proof that we understand freight, not only portals",
            "",
            "Bring a freight reference customer to the next call",
            "Sales",
            ((1, 1, None), (1, 1, None), (1, 1, None)),
        ),
        (
            "Proposal and live-tracking demo",
            "On-site demo",
            "Watches containers move 'live' on a demo portal on the boardroom screen",
            "This is exactly what our shippers keep asking for",
            "Confidence that the portal can be live before the October peak",
            "The demo looked live; the terminal feed only refreshes every 15 minutes, "
            "and nobody said so",
            "Demo the real refresh rate and set the expectation before the contract",
            "Sales",
            ((1, 2, 0), (3, 3, 0), (2, 2, 0)),
        ),
        (
            "Contract and success criteria",
            "Email and meeting",
            "Signs the statement of work; success is written down as 'portal adopted by shippers'",
            "Relieved it is signed before the budget freeze",
            "Success criteria everyone measures the same way",
            "Nobody wrote down what 'adopted' means: no baseline for calls or downloads",
            "Agree three numbers now: service-desk calls, active shippers, invoice downloads",
            "Sales",
            ((1, 1, None), (2, 2, None), (1, 1, None)),
        ),
    ),
    (
        (
            "Kickoff workshop",
            "Workshop on site",
            "Meets a new delivery team that re-asks what sales was already told",
            "Did nobody tell them what we agreed? Are we starting over?",
            "Continuity: the people who sold it in the room, our answers already known",
            "Sales handed over a slide deck, not the promises made; the salesperson was not there",
            "Salesperson co-hosts the kickoff; share the sales notes with delivery beforehand",
            "Delivery",
            ((-2, -2, 0), (-3, -3, -1), (-2, -3, -1)),
        ),
        (
            "Portal design workshops",
            "Workshops",
            "Sees their own colours, logo and wording on the portal mock-ups",
            "It looks like Harbourline: I can show this to our biggest shippers",
            "Credibility with key shippers",
            "",
            "Invite two key shippers to the next design review",
            "Design",
            ((2, 3, 1), None, (2, 3, 1)),
        ),
        (
            "Friday progress update",
            "Email",
            "Reads a one-page update every Friday and forwards it to the COO",
            "Useful now; the first ones were written for IT, not for our board",
            "Something the sponsor can forward unchanged",
            "Early updates were too technical for the board",
            "Lead with business outcomes; keep technical detail in an appendix",
            "Delivery",
            ((2, 2, 0), None, (0, -1, 0)),
        ),
        (
            "Depot training (train-the-trainer)",
            "On-site training",
            "One of two sessions held, on a Saturday; the second moved to after go-live",
            "We will be embarrassed in front of shippers in the first week",
            "Time to practise before the rush",
            "Second session postponed; team leads gave up a weekend for the first",
            "Record the session; floor-walkers at the pilot depot in week one",
            "Delivery",
            ((-2, -1, -3), None, None),
        ),
        (
            "Pilot go-live at the first depot",
            "Portal and depot floor",
            "Shippers track containers on the portal from 12 August, as promised",
            "Relieved: it landed on the promised date",
            "Fewer 'where is my box' calls to the service desk",
            "Two booking types still have to be re-keyed by planners",
            "Fix the two booking types before the other depots go live",
            "Delivery",
            ((2, 3, 1), None, None),
        ),
        (
            "Invoice archive",
            "Portal",
            "Downloads invoice PDFs, which lack the PO number",
            "Finance still emails PDFs by hand: what did we pay for?",
            "The PO number on every invoice PDF",
            "Finance keeps the old process running in parallel",
            "Add the PO number before month-end; tell finance the date",
            "Product",
            ((-2, -1, None), None, None),
        ),
        (
            "First escalation during the pilot",
            "Phone",
            "Reports wrong tracking data on day three; the answer takes two days",
            "Who do we call now that the project team is moving on?",
            "A named contact and an answer within the hour",
            "Depot managers keep their own escalation phone list",
            "Publish the hypercare rota and one escalation number this week",
            "Delivery",
            ((-1, -1, -3), None, None),
        ),
    ),
    (
        (
            "Hypercare after full go-live",
            "Phone and email",
            "Will call a support team they have not met yet, for the first four weeks",
            "Unsure who to call once the project team leaves",
            "A support contact who knows their setup before go-live",
            "The support team has not been introduced to the client",
            "Introduce the support lead at the next steering meeting, before go-live",
            "Support",
            ((-1, -1, -2), None, None),
        ),
        (
            "Quarterly adoption review",
            "Meeting",
            "Will review active shippers, tracking views and calls avoided",
            "Not held yet: will the call volume really drop?",
            "Adoption figures the sponsor can take to the board",
            "",
            "Agree the adoption targets now, and what we do if adoption is low",
            "Customer Success",
            (None, None, None),
        ),
    ),
)

# Which default checklist items are ticked, per phase handed into (the first has none).
_DONE = ((), (True, True, True, False, True), (False, False, False, True, False, False))


def add_demo_journey(s: Session, engagement_id: int, milestones: Sequence[Milestone]) -> None:
    """Write the demo map within the caller's transaction (the demo is made in one).

    Rows others refer to are inserted one by one for their ids; the rest (checklist
    items, scores, snapshots) are gathered and inserted one statement per table.
    """
    stakeholders = [
        insert_row(
            s,
            STAKEHOLDER,
            engagement_id=engagement_id,
            position=position,
            name=name,
            role=role,
            influence=influence.value,
            notes=notes,
        )
        for position, (name, role, influence, notes) in enumerate(_STAKEHOLDERS)
    ]
    revisits = []
    for milestone in milestones[:2]:
        assert milestone.due_date is not None
        taken_at = datetime.combine(milestone.due_date, time(16, 30))
        revisits.append(insert_row(s, REVISIT, milestone_id=milestone.id, taken_at=taken_at))
    leaves: dict[Table, list[dict[str, Any]]] = {
        ITEM: [],
        SCORE: [],
        STAKEHOLDER_SNAPSHOT: [],
        SNAPSHOT: [],
    }
    for index, (name, touchpoints) in enumerate(zip(DEFAULT_PHASES, _TOUCHPOINTS, strict=True)):
        phase_id = insert_row(s, PHASE, engagement_id=engagement_id, position=index, name=name)
        leaves[ITEM].extend(
            {"phase_id": phase_id, "position": position, "text": text, "done": int(done)}
            for position, (text, done) in enumerate(
                zip(default_checklist(index), _DONE[index], strict=True)
            )
        )
        for position, row in enumerate(touchpoints):
            (title, channel, sees, thinks, needs, pains, opportunities, team, history) = row
            now, *earlier = history
            touchpoint_id = insert_row(
                s,
                TOUCHPOINT,
                phase_id=phase_id,
                position=position,
                name=title,
                channel=channel,
                sees_does=sees,
                thinks_feels=thinks,
                needs=needs,
                emotion=now[0] if now else None,
                pain_points=pains,
                opportunities=opportunities,
                owner_team=team,
            )
            leaves[SCORE].extend(_scores(touchpoint_id, stakeholders, now))
            for revisit_id, then in zip(revisits, earlier, strict=True):
                leaves[STAKEHOLDER_SNAPSHOT].extend(
                    _scores(touchpoint_id, stakeholders, then, revisit_id)
                )
                if then and then[0] is not None:
                    leaves[SNAPSHOT].append(
                        {
                            "revisit_id": revisit_id,
                            "touchpoint_id": touchpoint_id,
                            "emotion": then[0],
                        }
                    )
    for table, rows in leaves.items():
        if rows:
            s.execute(table.insert(), rows)


def _scores(
    touchpoint_id: int,
    stakeholders: list[int],
    scores: _Scores,
    revisit_id: int | None = None,
) -> list[dict[str, Any]]:
    """Each stakeholder's score (now, or in a revisit's snapshot when ``revisit_id``)."""
    if not scores:
        return []
    rows = []
    for stakeholder_id, score in zip(stakeholders, scores[1:], strict=True):
        if score is None:
            continue
        row = {"touchpoint_id": touchpoint_id, "stakeholder_id": stakeholder_id, "emotion": score}
        if revisit_id is not None:
            row["revisit_id"] = revisit_id
        rows.append(row)
    return rows
