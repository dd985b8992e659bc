"""A realistic (invented) demo client and engagement, so the first start has something to show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from cxdesk.models.engagement_entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.feedback_entities import PulseCheck, RaterAssessment, RaterRespondent
from cxdesk.models.journey import ExpectationStatus, JourneyPhase
from cxdesk.models.servqual import DIMENSIONS, RespondentSide
from cxdesk.store.database import Database
from cxdesk.store.demo_journey import add_demo_journey
from cxdesk.store.demo_loop import add_demo_loop
from cxdesk.store.demo_workshops import add_demo_workshops
from cxdesk.store.escalation import ensure_ladder
from cxdesk.store.versions import written_by_nobody

DEMO_CLIENT = "Harbourline Freight Co."
DEMO_ENGAGEMENT = "Customer portal rollout"

# (expects, needs, planned, delivered, experienced, sacrifice, sacrifice level,
#  status, owner, levels at each milestone as (expected, delivered, experienced))
_ROWS: list[tuple[Any, ...]] = [
    (
        "Shippers track every container live, without calling us",
        "Fewer 'where is my box' calls to the service desk",
        "Live tracking page fed by the terminal system every 5 minutes",
        "Tracking page live; feed refreshes every 15 minutes",
        "Useful, but 'live' felt like an overstatement",
        "Two planners re-keyed bookings during the pilot",
        2,
        ExpectationStatus.AT_RISK,
        "Priya N.",
        [(5, 2, 2), (5, 3, 3), (5, 4, 3)],
    ),
    (
        "Go live before peak season in October",
        "Time to train depot staff before the rush",
        "Phased go-live: pilot depot in August, all depots in September",
        "Pilot depot live 12 August",
        "Relieved: the pilot landed on the promised date",
        "",
        0,
        ExpectationStatus.ON_TRACK,
        "Marco D.",
        [(4, 3, 3), (4, 4, 4), (4, 4, 5)],
    ),
    (
        "The portal looks and feels like Harbourline, not like a vendor tool",
        "Credibility with their largest shippers",
        "Brand workshop and a themed portal",
        "Themed portal with their colours and logo",
        "Proud to show it to shippers",
        "",
        0,
        ExpectationStatus.MET,
        "Aiko T.",
        [(3, 2, 3), (3, 4, 4), (3, 4, 5)],
    ),
    (
        "Invoices downloadable by shippers as PDF",
        "Less month-end chasing by their finance team",
        "Invoice archive with PDF export",
        "Archive live; PDFs lack the PO number",
        "Frustrated: finance still emails PDFs by hand",
        "Finance kept the old process running in parallel",
        3,
        ExpectationStatus.AT_RISK,
        "Priya N.",
        [(4, 1, 1), (4, 2, 2), (4, 3, 2)],
    ),
    (
        "Weekly progress they can forward to their board",
        "Make the sponsor look good internally",
        "One-page Friday update",
        "Friday update every week since kickoff",
        "The sponsor forwards it unchanged to the COO",
        "",
        0,
        ExpectationStatus.MET,
        "Marco D.",
        [(3, 3, 3), (3, 4, 4), (3, 4, 5)],
    ),
    (
        "Single sign-on with their staff accounts",
        "IT security sign-off without exceptions",
        "SSO via their identity provider",
        "SSO for staff; shippers still use passwords",
        "IT is satisfied; shippers have not noticed",
        "",
        0,
        ExpectationStatus.ON_TRACK,
        "Aiko T.",
        [(3, 2, 3), (3, 3, 3), (3, 3, 3)],
    ),
    (
        "Support answers within one business hour during go-live",
        "Confidence that problems will not sit overnight",
        "Hypercare rota for the first four weeks",
        "Rota planned; handoff to support not yet introduced to the client",
        "Unsure who to call after the project team leaves",
        "Depot managers kept their own escalation phone list",
        2,
        ExpectationStatus.OPEN,
        "Jonas K.",
        [(4, None, None), (4, 2, 2), (4, 2, 1)],
    ),
    (
        "Their customer service team can answer portal questions",
        "Not to be embarrassed in front of shippers",
        "Two train-the-trainer sessions",
        "One session held; second moved to after go-live",
        "Anxious about the first week",
        "Team leads gave up a Saturday for the session",
        2,
        ExpectationStatus.AT_RISK,
        "Jonas K.",
        [(4, None, None), (4, 2, 2), (4, 2, 2)],
    ),
]

# RATER respondents: (name, side, points in RATER order or None, then per milestone
# the (expectation, perception) of each dimension in RATER order; None = not scored).
# The story the demo tells: our team rates itself well above what the client experiences,
# Empathy is the client's experience gap, and the gap narrows milestone by milestone.
_TEAM, _CLIENT = RespondentSide.TEAM, RespondentSide.CLIENT
_RESPONDENTS: list[tuple[Any, ...]] = [
    (
        "Priya N.",
        _TEAM,
        None,
        [
            [(6, 6), (6, 6), (5, 6), (6, 5), (6, 6)],
            [(6, 6), (6, 6), (5, 6), (6, 6), (6, 6)],
            [(6, 6), (6, 7), (5, 6), (6, 6), (6, 6)],
        ],
    ),
    (
        "Marco D.",
        _TEAM,
        (30, 20, 10, 20, 20),
        [
            [(6, 5), (6, 6), (5, 6), (6, 6), (6, 5)],
            [(6, 6), (6, 6), (5, 6), (6, 5), (6, 6)],
            [(6, 6), (6, 6), (5, 6), (6, 6), (6, 6)],
        ],
    ),
    (
        "Helen O'Neill (Operations)",
        _CLIENT,
        (30, 15, 10, 25, 20),
        [
            [(7, 5), (6, 5), (5, 5), (7, 3), (6, 4)],
            [(7, 5), (6, 6), (5, 6), (7, 4), (6, 5)],
            [(7, 6), (6, 6), (5, 6), (7, 5), (6, 5)],
        ],
    ),
    (
        "Tomasz Wójcik (Depots)",
        _CLIENT,
        (35, 10, 10, 20, 25),
        [
            [(7, 4), (6, 5), (5, 5), (6, 3), (7, 4)],
            [(7, 5), (6, 5), (5, 6), (6, 4), (7, 5)],
            [(7, 5), (6, 6), (5, 6), (6, 5), (7, 6)],
        ],
    ),
    (
        "",
        _CLIENT,
        None,
        [
            None,
            None,
            # Left Tangibles blank: shown as incomplete, left out of that mean.
            [(6, 5), (6, 5), (None, None), (6, 4), (6, 5)],
        ],
    ),
]

# Pulse checks: (days from today, milestone index or None, respondent, confidence, CSAT,
# what's working, what's not working).
_PULSES: list[tuple[Any, ...]] = [
    (
        -70,
        0,
        "Helen O'Neill",
        6,
        3,
        "A clear plan for the pilot depot",
        "We still don't know who to call when tracking is wrong",
    ),
    (
        -70,
        0,
        "Tomasz Wójcik",
        5,
        3,
        "The workshops were practical",
        "Depot staff worry about re-keying bookings",
    ),
    (-70, 0, "Sam Keane", 6, 4, "Quick answers on the kickoff questions", ""),
    (
        -35,
        1,
        "Helen O'Neill",
        7,
        4,
        "The portal design looks like us",
        "Status reports are too technical for our board",
    ),
    (
        -35,
        1,
        "Tomasz Wójcik",
        5,
        3,
        "The training plan is concrete",
        "A 15-minute refresh is not 'live' tracking",
    ),
    (-35, 1, "Sam Keane", 7, 4, "Weekly demos", ""),
    (-20, None, "Helen O'Neill", 6, 3, "Weekly demos help", "The October date feels at risk"),
    (
        -5,
        2,
        "Helen O'Neill",
        8,
        4,
        "The pilot landed on the promised date",
        "Escalations still take two days",
    ),
    (
        -5,
        2,
        "Tomasz Wójcik",
        7,
        4,
        "Fewer calls from shippers",
        "Re-keying is still needed for two booking types",
    ),
    (-5, 2, "Sam Keane", 8, 5, "Shippers use the tracking page", ""),
]

_MILESTONES = [
    ("Kickoff", -70),
    ("Design sign-off", -35),
    ("Pilot go-live", -5),
]


def add_demo_engagement(db: Database, today: date | None = None) -> int:
    """Add the demo client and engagement; returns the engagement id.

    One transaction, flushed only where the next rows need the ids of the last ones: it
    is written while a new workspace's first window waits for it.
    """
    today = today or date.today()
    with db.transaction() as s:
        written_by_nobody(s.connection())  # invented: nobody's edit
        client = Client(name=DEMO_CLIENT, notes="Demo data: invented for CX Desk.")
        engagement = Engagement(
            client=client,
            name=DEMO_ENGAGEMENT,
            journey_phase=JourneyPhase.IMPLEMENTATION.value,
            start_date=today + timedelta(days=-75),
        )
        milestones = []
        for index, (name, offset) in enumerate(_MILESTONES):
            due = today + timedelta(days=offset)
            milestones.append(
                Milestone(
                    engagement=engagement,
                    name=name,
                    position=index,
                    due_date=due,
                    # Each was revalidated on its day, so the matrix has its history.
                    revalidated_at=datetime.combine(due, time(17, 0)),
                )
            )
        items = [_item(engagement, position, row) for position, row in enumerate(_ROWS)]
        s.add_all([client, engagement, *milestones, *items])
        s.flush()  # the ids every other row refers to
        s.add_all(
            ExpectationSnapshot(
                milestone=milestone,
                item_id=item.id,
                expected_level=exp,
                delivered_level=dlv,
                experienced_level=xp,
            )
            for item, row in zip(items, _ROWS, strict=True)
            for milestone, (exp, dlv, xp) in zip(milestones, row[9], strict=True)
        )
        _add_feedback(s, engagement.id, milestones, today)
        # Workshops on the days of the first two milestones.
        kickoff, sign_off = (today + timedelta(days=offset) for _, offset in _MILESTONES[:2])
        add_demo_workshops(s, engagement.id, (kickoff, sign_off))
        add_demo_journey(s, engagement.id, milestones)
        # Closing the loop: its issues sit on the engagement's own (the default) ladder.
        s.flush()
        ensure_ladder(db, engagement.id)
        add_demo_loop(s, engagement.id, today)
        return engagement.id


def _item(engagement: Engagement, position: int, row: tuple[Any, ...]) -> ExpectationItem:
    """A matrix row, at the levels of its last milestone."""
    (expects, needs, planned, delivered, experienced, sacrifice, cost, status, owner) = row[:9]
    last = row[9][-1]
    return ExpectationItem(
        engagement=engagement,
        position=position,
        expects=expects,
        needs=needs,
        planned=planned,
        delivered=delivered,
        experienced=experienced,
        sacrifice=sacrifice,
        sacrifice_level=cost,
        status=status.value,
        owner=owner,
        expected_level=last[0],
        delivered_level=last[1],
        experienced_level=last[2],
    )


def _add_feedback(s: Any, engagement_id: int, milestones: list[Milestone], today: date) -> None:
    """RATER assessments at each milestone and pulse checks, telling one story."""
    assessments = [
        RaterAssessment(
            engagement_id=engagement_id,
            milestone_id=milestone.id,
            title=f"RATER at {milestone.name}",
            held_on=milestone.due_date,
        )
        for milestone in milestones
    ]
    s.add_all(assessments)
    s.flush()  # the assessments' ids, for their respondents
    for index, assessment in enumerate(assessments):
        for position, (name, side, points, rounds) in enumerate(_RESPONDENTS):
            scores = rounds[index]
            if scores is None:
                continue
            values: dict[str, Any] = {}
            for dimension, (e, p) in zip(DIMENSIONS, scores, strict=True):
                values[f"{dimension.value}_expectation"] = e
                values[f"{dimension.value}_perception"] = p
            for dimension, given in zip(DIMENSIONS, points or (None,) * 5, strict=True):
                values[f"{dimension.value}_points"] = given
            s.add(
                RaterRespondent(
                    assessment_id=assessment.id,
                    position=position,
                    name=name,
                    side=side.value,
                    **values,
                )
            )
    for days, milestone_index, name, confidence, csat, working, not_working in _PULSES:
        s.add(
            PulseCheck(
                engagement_id=engagement_id,
                milestone_id=None if milestone_index is None else milestones[milestone_index].id,
                taken_on=today + timedelta(days=days),
                respondent=name,
                confidence=confidence,
                csat=csat,
                working=working,
                not_working=not_working,
            )
        )
