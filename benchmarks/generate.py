"""Make a big engagement to measure CX Desk with: N expectations, M revalidated milestones.

    uv run python benchmarks/generate.py PATH [--items 1000] [--milestones 20] [--seed 7]

The database is created (or opened) through ``cxdesk.store.database.open_database``, so it
has exactly the schema, pragmas and migrations the app uses; the rows go in through the
entities with bulk Core inserts in a single transaction (about a second for 1,000 items
and 20,000 snapshots). The text is invented but varied, like a real matrix, and the
levels drift across milestones the way revalidation shows them to: expectations settle,
delivery catches up, experience lags behind delivery.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert

from cxdesk.models.engagement_entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.journey import ExpectationStatus, JourneyPhase
from cxdesk.store.database import Database, open_database

BIG_CLIENT = "Northwind Logistics Group (benchmark)"
BIG_ENGAGEMENT = "Global service transformation"


@dataclass(frozen=True, slots=True)
class Generated:
    client_id: int
    engagement_id: int
    items: int
    milestones: int
    snapshots: int


# -- invented but plausible text -------------------------------------------------------

_WHO = (
    "Shippers",
    "Depot managers",
    "The finance team",
    "Customer service agents",
    "Regional sales leads",
    "The COO",
    "Warehouse supervisors",
    "Key accounts",
    "Field engineers",
    "The procurement office",
    "Drivers",
    "The IT security team",
    "Store managers",
    "The board",
)
_CAN = (
    "see every order's status",
    "download invoices as PDF",
    "book a collection slot",
    "get an answer within one business hour",
    "sign in with their staff account",
    "export the monthly report",
    "change a delivery address",
    "track returns",
    "raise a claim",
    "approve quotes on a phone",
    "find the contract terms",
    "compare this quarter with the last",
    "reach a named contact",
    "print shipping labels in bulk",
)
_HOW = (
    "without calling us",
    "in under a minute",
    "from the portal",
    "before peak season",
    "in their own language",
    "without a training session",
    "on the first try",
    "at any hour",
    "without re-keying data",
    "with one click",
)
_NEEDS = (
    "Fewer calls to the service desk",
    "Confidence before the board meeting",
    "Time to train staff before the rush",
    "A credible story for their largest customers",
    "Month-end closed two days sooner",
    "IT security sign-off without exceptions",
    "Less overtime at the depots",
    "Not to be embarrassed in front of customers",
    "Proof the investment pays back this year",
    "One place to look instead of five spreadsheets",
    "Fewer escalations reaching the sponsor",
)
_PLANNED = (
    "Self-service page fed by the core system every {n} minutes",
    "Phased rollout: pilot site in week {n}, all sites four weeks later",
    "Two train-the-trainer sessions and a short video guide",
    "Integration with their identity provider",
    "Weekly one-page update every Friday",
    "Hypercare rota for the first {n} weeks",
    "Report builder with {n} standard templates",
    "Data migration in three waves with a dry run",
    "Mobile-friendly approval screens",
    "Shared escalation list and a named account manager",
)
_DELIVERED = (
    "Live at the pilot site; feed refreshes every {n} minutes",
    "Delivered as planned",
    "Delivered {n} days late",
    "Partly live: {n} of 12 regions",
    "Built, waiting for their test sign-off",
    "One session held; the second moved after go-live",
    "Not started yet",
    "Live, without the export the client asked for",
    "Live and used daily by {n} people",
    "Replaced by a simpler workaround agreed in the steering group",
)
_EXPERIENCED = (
    "Relieved: it landed on the promised date",
    "Useful, but 'live' felt like an overstatement",
    "Frustrated: still doing it by hand",
    "Proud to show it to customers",
    "Has not noticed yet",
    "Unsure who to call when something breaks",
    "Happy with it, asked for more",
    "Feels it took longer than promised",
    "Mixed: power users love it, others avoid it",
    "Anxious about the first busy week",
)
_SACRIFICE = (
    "Two planners re-keyed orders during the pilot",
    "Finance kept the old process running in parallel",
    "Team leads gave up a Saturday for training",
    "Delayed their own reporting project by a month",
    "Paid for extra licences during the overlap",
    "Their IT team worked two weekends",
)
_OWNERS = (
    "Priya N.",
    "Marco D.",
    "Aiko T.",
    "Jonas K.",
    "Fatima O.",
    "Liam B.",
    "Sofia R.",
    "Wei C.",
)
_NOTES = (
    "Raised again at the last steering meeting.",
    "Check with the sponsor before the next milestone.",
    "Depends on the data migration finishing first.",
    "Client agreed to revisit the scope in the next phase.",
    "Quick win: show it in the next demo.",
    "Linked to the contract's service levels.",
)
_MILESTONE_NAMES = (
    "Kickoff",
    "Discovery workshop",
    "Design sign-off",
    "Pilot go-live",
    "Regional rollout",
    "Peak-season readiness",
    "Support handoff",
    "Quarterly business review",
)


def _text(rng: random.Random, pattern: str) -> str:
    return pattern.format(n=rng.randint(2, 30))


def _clamp(value: int) -> int:
    return max(1, min(5, value))


Levels = tuple[int | None, int | None, int | None]


def _history(rng: random.Random, milestones: int) -> list[Levels]:
    """Levels at each milestone: expectations settle, delivery climbs, experience lags."""
    expected = rng.choice((3, 4, 4, 5, 5, 2))
    delivered = rng.randint(1, 3)
    experienced = max(1, delivered - rng.randint(0, 1))
    starts_scoring = rng.choice((0, 0, 0, 1, 2))  # some rows are scored only later
    unscored_expectation = rng.random() < 0.04
    rows: list[Levels] = []
    for m in range(milestones):
        if rng.random() < 0.15:
            expected = _clamp(expected + rng.choice((-1, 1)))
        if rng.random() < 0.35:
            delivered = _clamp(delivered + rng.choice((1, 1, 1, -1)))
        if rng.random() < 0.3:
            experienced = _clamp(round((experienced + delivered) / 2 + rng.choice((-1, 0, 0, 1))))
        scored = m >= starts_scoring
        rows.append(
            (
                None if unscored_expectation else expected,
                delivered if scored else None,
                experienced if scored and rng.random() > 0.03 else None,
            )
        )
    return rows


def _status(levels: Levels) -> str:
    expected, _delivered, experienced = levels
    if expected is None or experienced is None:
        return ExpectationStatus.OPEN.value
    gap = experienced - expected
    if gap >= 0:
        return ExpectationStatus.MET.value
    if gap == -1:
        return ExpectationStatus.ON_TRACK.value
    return ExpectationStatus.AT_RISK.value if gap > -4 else ExpectationStatus.MISSED.value


# -- the generator -----------------------------------------------------------------------


def add_big_engagement(
    db: Database,
    items: int = 1000,
    milestones: int = 20,
    seed: int = 7,
    today: date | None = None,
) -> Generated:
    """Add a client with one engagement of ``items`` rows and ``milestones`` revalidations."""
    rng = random.Random(seed)
    today = today or date.today()
    start = today - timedelta(days=7 * milestones + 14)
    item_table = ExpectationItem.__table__
    snapshot_table = ExpectationSnapshot.__table__
    with db.transaction() as s:
        client = Client(name=BIG_CLIENT, notes="Generated by benchmarks/generate.py.")
        engagement = Engagement(
            client=client,
            name=BIG_ENGAGEMENT,
            journey_phase=JourneyPhase.IMPLEMENTATION.value,
            start_date=start,
        )
        s.add_all([client, engagement])
        s.flush()
        milestone_rows = []
        for m in range(milestones):
            base = _MILESTONE_NAMES[m % len(_MILESTONE_NAMES)]
            cycle = m // len(_MILESTONE_NAMES)
            due = start + timedelta(days=7 * (m + 1))
            milestone_rows.append(
                Milestone(
                    engagement_id=engagement.id,
                    position=m,
                    name=base if cycle == 0 else f"Monthly review {m - len(_MILESTONE_NAMES) + 1}",
                    due_date=due,
                    revalidated_at=datetime.combine(due, time(17, 0)),
                )
            )
        s.add_all(milestone_rows)
        s.flush()

        histories = [_history(rng, milestones) for _ in range(items)]
        rows = []
        for position, history in enumerate(histories):
            now = history[-1] if history else (rng.randint(1, 5), None, None)
            has_sacrifice = rng.random() < 0.35
            rows.append(
                {
                    "engagement_id": engagement.id,
                    "position": position,
                    "expects": f"{rng.choice(_WHO)} {rng.choice(_CAN)} {rng.choice(_HOW)}",
                    "needs": rng.choice(_NEEDS),
                    "planned": _text(rng, rng.choice(_PLANNED)),
                    "delivered": _text(rng, rng.choice(_DELIVERED)),
                    "experienced": rng.choice(_EXPERIENCED),
                    "expected_level": now[0],
                    "delivered_level": now[1],
                    "experienced_level": now[2],
                    "sacrifice": rng.choice(_SACRIFICE) if has_sacrifice else "",
                    "sacrifice_level": rng.randint(1, 4) if has_sacrifice else 0,
                    "status": _status(now),
                    "owner": rng.choice(_OWNERS),
                    "notes": rng.choice(_NOTES) if rng.random() < 0.4 else "",
                }
            )
        item_ids: list[int] = []
        if rows:
            result = s.execute(
                insert(item_table).returning(item_table.c.id, sort_by_parameter_order=True),
                rows,
            )
            item_ids = list(result.scalars())

        snapshots = [
            {
                "milestone_id": milestone.id,
                "item_id": item_id,
                "expected_level": history[m][0],
                "delivered_level": history[m][1],
                "experienced_level": history[m][2],
                "taken_at": milestone.revalidated_at,
            }
            for item_id, history in zip(item_ids, histories, strict=True)
            for m, milestone in enumerate(milestone_rows)
        ]
        if snapshots:
            s.execute(insert(snapshot_table), snapshots)
        return Generated(client.id, engagement.id, items, milestones, len(snapshots))


def generate(
    path: Path, items: int = 1000, milestones: int = 20, seed: int = 7, *, demo: bool = False
) -> Generated:
    """Create (or add to) the database at ``path``; with ``demo`` add the demo engagement too."""
    with open_database(Path(path)) as db:
        if demo:
            from cxdesk.store.demo import add_demo_engagement

            add_demo_engagement(db)
        return add_big_engagement(db, items, milestones, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the database file to create")
    parser.add_argument("--items", type=int, default=1000, help="expectations (default 1000)")
    parser.add_argument("--milestones", type=int, default=20, help="milestones (default 20)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--demo", action="store_true", help="also add the demo engagement")
    parser.add_argument(
        "--append", action="store_true", help="add to an existing database instead of refusing"
    )
    args = parser.parse_args(argv)
    if args.items < 0 or args.milestones < 0:
        parser.error("--items and --milestones cannot be negative")
    if args.path.exists() and not args.append:
        parser.error(f"{args.path} exists (use --append to add the engagement to it)")
    began = perf_counter()
    made = generate(args.path, args.items, args.milestones, args.seed, demo=args.demo)
    took = perf_counter() - began
    print(
        f"{args.path}: engagement {made.engagement_id} with {made.items} expectations, "
        f"{made.milestones} revalidated milestones, {made.snapshots} snapshots ({took:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
