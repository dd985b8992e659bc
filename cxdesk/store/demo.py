"""A realistic (invented) demo client and engagement, so the first start has something to show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from cxdesk.models.entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.journey import ExpectationStatus, JourneyPhase
from cxdesk.store.database import Database

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

_MILESTONES = [
    ("Kickoff", -70),
    ("Design sign-off", -35),
    ("Pilot go-live", -5),
]


def add_demo_engagement(db: Database, today: date | None = None) -> int:
    """Add the demo client and engagement; returns the engagement id."""
    today = today or date.today()
    with db.transaction() as s:
        client = Client(name=DEMO_CLIENT, notes="Demo data: invented for CX Desk.")
        engagement = Engagement(
            client=client,
            name=DEMO_ENGAGEMENT,
            journey_phase=JourneyPhase.IMPLEMENTATION.value,
            start_date=today + timedelta(days=-75),
        )
        s.add_all([client, engagement])
        milestones = [
            Milestone(
                engagement=engagement,
                name=name,
                position=index,
                due_date=today + timedelta(days=offset),
            )
            for index, (name, offset) in enumerate(_MILESTONES)
        ]
        s.add_all(milestones)
        for position, row in enumerate(_ROWS):
            (expects, needs, planned, delivered, experienced, sacrifice, cost, status, owner) = row[
                :9
            ]
            history = row[9]
            last = history[-1]
            item = ExpectationItem(
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
            s.add(item)
            s.flush()
            for milestone, (exp, dlv, xp) in zip(milestones, history, strict=True):
                s.add(
                    ExpectationSnapshot(
                        milestone=milestone,
                        item_id=item.id,
                        expected_level=exp,
                        delivered_level=dlv,
                        experienced_level=xp,
                    )
                )
        for milestone in milestones:
            assert milestone.due_date is not None
            milestone.revalidated_at = datetime.combine(milestone.due_date, time(17, 0))
        s.flush()
        return engagement.id
