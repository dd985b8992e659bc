"""Make a big feedback engagement: N RATER assessments x M respondents, pulse checks, a matrix.

    uv run python benchmarks/generate_feedback.py PATH [--assessments 100] [--respondents 10]
        [--milestones 20] [--pulses 200] [--items 40] [--seed 11] [--demo] [--append]

The feedback benchmark's case: "an engagement with 100 assessments x 10 respondents". The
database is created (or opened) through ``cxdesk.store.database.open_database``, so it has
the app's schema, pragmas and migrations; every row goes in with bulk Core inserts in one
transaction (well under a second). What is in it, like a real engagement:

- ``milestones`` revalidated milestones, with a small Expectation Matrix (``items`` rows)
  snapshotted at each, so the Overview's value axis has a path;
- ``assessments`` spread over the milestones (every tenth undated and unlinked, every
  tenth scored by statements with the default set), each with ``respondents``
  respondents: about 40 % our team, 60 % client, some anonymous, half splitting their
  100 importance points, a few incomplete (a dimension left unscored), team perceptions
  above the client's (providers rate themselves higher) and the client's gap closing
  slowly over the milestones;
- ``pulses`` pulse checks around the milestones, a few with a score left blank;
- two quadrant overrides (one at a milestone, one now).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import insert

from cxdesk.models.engagement_entities import (
    Client,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.feedback_entities import (
    PulseCheck,
    QuadrantOverride,
    RaterAssessment,
    RaterRespondent,
    RaterStatement,
    RaterStatementScore,
)
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.servqual import DIMENSIONS, POINTS_TOTAL, RespondentSide, ScoringMode
from cxdesk.store.database import Database, open_database
from cxdesk.store.rater import default_statements

FEEDBACK_CLIENT = "Meridian Health Partners (benchmark)"
FEEDBACK_ENGAGEMENT = "Clinical systems modernisation"


@dataclass(frozen=True, slots=True)
class GeneratedFeedback:
    client_id: int
    engagement_id: int
    milestones: int
    items: int
    assessments: int
    respondents: int
    statement_scores: int
    pulses: int


_NAMES = (
    "Ann Lee",
    "Ben Okafor",
    "Chloe Martin",
    "Dev Patel",
    "Elena Rossi",
    "Farid Haddad",
    "Grace Kim",
    "Hugo Weber",
    "Ines Duarte",
    "Jun Sato",
    "Kofi Mensah",
    "Lena Novak",
)
_WORKING = (
    "The weekly demos",
    "Quick answers from the project lead",
    "Clear plan for the next phase",
    "The new dashboards",
    "",
)
_NOT_WORKING = (
    "Too many status meetings",
    "Test environment keeps going down",
    "Unclear who owns data migration",
    "Training dates keep moving",
    "",
)


def _score(rng: random.Random, centre: float) -> int:
    return max(1, min(7, round(rng.gauss(centre, 0.9))))


def _points(rng: random.Random) -> list[int]:
    """A random split of exactly 100 points across the five dimensions, zeros allowed."""
    cuts = sorted(rng.randrange(0, POINTS_TOTAL + 1, 5) for _ in range(len(DIMENSIONS) - 1))
    edges = [0, *cuts, POINTS_TOTAL]
    return [edges[i + 1] - edges[i] for i in range(len(DIMENSIONS))]


def _respondent(
    rng: random.Random, assessment_id: int, position: int, progress: float, by_statements: bool
) -> dict[str, Any]:
    side = RespondentSide.TEAM if rng.random() < 0.4 else RespondentSide.CLIENT
    row: dict[str, Any] = {
        "assessment_id": assessment_id,
        "position": position,
        "name": "" if rng.random() < 0.15 else rng.choice(_NAMES),
        "side": side.value,
    }
    # Providers rate themselves well above what clients experience; the
    # client's gap closes a little as the engagement goes on (progress 0 -> 1).
    lift = 0.6 if side is RespondentSide.TEAM else -1.6 + 1.2 * progress
    skipped = rng.choice(DIMENSIONS) if rng.random() < 0.06 else None
    for d in DIMENSIONS:
        expectation = _score(rng, 5.6)
        perception = _score(rng, 5.6 + lift)
        if by_statements:
            expectation = perception = None  # the statements carry the scores
        row[f"{d.value}_expectation"] = expectation
        row[f"{d.value}_perception"] = None if d is skipped else perception
    split = _points(rng) if rng.random() < 0.5 else [None] * len(DIMENSIONS)
    for d, given in zip(DIMENSIONS, split, strict=True):
        row[f"{d.value}_points"] = given
    row["_skipped"] = skipped
    row["_lift"] = lift
    return row


def add_feedback_engagement(
    db: Database,
    assessments: int = 100,
    respondents: int = 10,
    milestones: int = 20,
    pulses: int = 200,
    items: int = 40,
    seed: int = 11,
    today: date | None = None,
) -> GeneratedFeedback:
    """Add a client with one engagement full of RATER and pulse data to an open database."""
    rng = random.Random(seed)
    today = today or date.today()
    weeks = max(milestones, 1)
    start = today - timedelta(days=7 * weeks + 14)
    with db.transaction() as s:
        client = Client(name=FEEDBACK_CLIENT, notes="Generated by benchmarks/generate_feedback.py.")
        engagement = Engagement(
            client=client,
            name=FEEDBACK_ENGAGEMENT,
            journey_phase=JourneyPhase.IMPLEMENTATION.value,
            start_date=start,
        )
        s.add_all([client, engagement])
        s.flush()
        eid = engagement.id
        milestone_rows = [
            Milestone(
                engagement_id=eid,
                position=m,
                name=f"Milestone {m + 1}",
                due_date=start + timedelta(days=7 * (m + 1)),
                revalidated_at=datetime.combine(start + timedelta(days=7 * (m + 1)), time(17)),
            )
            for m in range(milestones)
        ]
        s.add_all(milestone_rows)
        s.flush()
        _add_matrix(s, rng, eid, milestone_rows, items)

        # Assessments, spread evenly over the milestones, oldest first.
        assessment_rows = []
        for n in range(assessments):
            m = n * milestones // assessments if milestones else None
            milestone = milestone_rows[m] if m is not None else None
            unlinked = n % 10 == 9 or milestone is None
            held = (
                None
                if unlinked
                else (milestone.due_date or start) - timedelta(days=rng.randint(0, 3))  # type: ignore[union-attr]
            )
            assessment_rows.append(
                {
                    "engagement_id": eid,
                    "milestone_id": None if unlinked else milestone.id,  # type: ignore[union-attr]
                    "title": f"RATER {n + 1}" + ("" if unlinked else f" at {milestone.name}"),  # type: ignore[union-attr]
                    "held_on": held,
                    "scoring": (
                        ScoringMode.STATEMENTS if n % 10 == 4 else ScoringMode.DIMENSIONS
                    ).value,
                    "notes": "",
                    # Undated ones sort by when they were entered: near their milestone.
                    "created_at": datetime.combine(
                        held or (milestone.due_date if milestone else None) or today, time(9)
                    ),
                }
            )
        table = RaterAssessment.__table__
        assessment_ids = (
            list(
                s.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    assessment_rows,
                ).scalars()
            )
            if assessment_rows
            else []
        )

        # Statements for the assessments scored by statements.
        statement_rows = [
            {"assessment_id": aid, "dimension": d.value, "position": i, "text": text}
            for aid, row in zip(assessment_ids, assessment_rows, strict=True)
            if row["scoring"] == ScoringMode.STATEMENTS.value
            for i, (d, text) in enumerate(default_statements())
        ]
        statements: dict[int, list[tuple[int, str]]] = {}
        if statement_rows:
            st_table = RaterStatement.__table__
            ids = s.execute(
                insert(st_table).returning(st_table.c.id, sort_by_parameter_order=True),
                statement_rows,
            ).scalars()
            for sid, row in zip(ids, statement_rows, strict=True):
                statements.setdefault(row["assessment_id"], []).append((sid, row["dimension"]))

        respondent_rows = []
        for n, aid in enumerate(assessment_ids):
            progress = n / max(assessments - 1, 1)
            by_statements = aid in statements
            respondent_rows.extend(
                _respondent(rng, aid, p, progress, by_statements) for p in range(respondents)
            )
        extras = [(r.pop("_skipped"), r.pop("_lift")) for r in respondent_rows]
        r_table = RaterRespondent.__table__
        respondent_ids = (
            list(
                s.execute(
                    insert(r_table).returning(r_table.c.id, sort_by_parameter_order=True),
                    respondent_rows,
                ).scalars()
            )
            if respondent_rows
            else []
        )
        score_rows = []
        for rid, row, (skipped, lift) in zip(respondent_ids, respondent_rows, extras, strict=True):
            for sid, dimension in statements.get(row["assessment_id"], []):
                score_rows.append(
                    {
                        "respondent_id": rid,
                        "statement_id": sid,
                        "expectation": _score(rng, 5.6),
                        "perception": None
                        if skipped is not None and skipped.value == dimension
                        else _score(rng, 5.6 + lift),
                    }
                )
        if score_rows:
            s.execute(insert(RaterStatementScore.__table__), score_rows)

        pulse_rows = []
        for n in range(pulses):
            m = n * milestones // pulses if milestones else None
            milestone = milestone_rows[m] if m is not None else None
            day = (milestone.due_date if milestone else today) + timedelta(  # type: ignore[operator]
                days=rng.randint(-2, 2)
            )
            progress = n / max(pulses - 1, 1)
            pulse_rows.append(
                {
                    "engagement_id": eid,
                    "milestone_id": milestone.id if milestone else None,
                    "taken_on": day,
                    "respondent": rng.choice(_NAMES),
                    "confidence": None
                    if rng.random() < 0.05
                    else max(1, min(10, round(rng.gauss(5 + 3 * progress, 1.5)))),
                    "csat": None
                    if rng.random() < 0.1
                    else max(1, min(5, round(rng.gauss(2.8 + 1.4 * progress, 0.8)))),
                    "working": rng.choice(_WORKING),
                    "not_working": rng.choice(_NOT_WORKING),
                    "created_at": datetime.combine(day, time(11)),
                }
            )
        if pulse_rows:
            s.execute(insert(PulseCheck.__table__), pulse_rows)

        overrides = [(None, "value", 6.5, "Go-live accepted by the steering group")]
        if milestone_rows:
            overrides.append(
                (milestone_rows[0].id, "experience", 3.0, "Sponsor escalated at kickoff")
            )
        s.execute(
            insert(QuadrantOverride.__table__),
            [
                {
                    "engagement_id": eid,
                    "milestone_id": mid,
                    "axis": axis,
                    "score": score,
                    "reason": reason,
                    "created_at": datetime.combine(today, time(12)),
                }
                for mid, axis, score, reason in overrides
            ],
        )
        return GeneratedFeedback(
            client.id,
            eid,
            milestones,
            items,
            len(assessment_ids),
            len(respondent_ids),
            len(score_rows),
            len(pulse_rows),
        )


def _add_matrix(
    s: Any, rng: random.Random, engagement_id: int, milestones: list[Milestone], items: int
) -> None:
    """A small matrix whose delivery catches up with expectations over the milestones."""
    rows, histories = [], []
    for position in range(items):
        expected = rng.randint(2, 5)
        delivered = rng.randint(1, expected)
        history = []
        for _m in milestones:
            if rng.random() < 0.3:
                delivered = min(5, delivered + 1)
            history.append((expected, delivered, max(1, delivered - rng.randint(0, 1))))
        histories.append(history)
        now = history[-1] if history else (expected, delivered, delivered)
        rows.append(
            {
                "engagement_id": engagement_id,
                "position": position,
                "expects": f"Expectation {position + 1}",
                "expected_level": now[0],
                "delivered_level": now[1],
                "experienced_level": now[2],
            }
        )
    if not rows:
        return
    table = ExpectationItem.__table__
    ids = s.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    ).scalars()
    snapshots = [
        {
            "milestone_id": milestone.id,
            "item_id": item_id,
            "expected_level": levels[0],
            "delivered_level": levels[1],
            "experienced_level": levels[2],
            "taken_at": milestone.revalidated_at,
        }
        for item_id, history in zip(ids, histories, strict=True)
        for milestone, levels in zip(milestones, history, strict=True)
    ]
    if snapshots:
        s.execute(insert(ExpectationSnapshot.__table__), snapshots)


def generate(path: Path, *, demo: bool = False, **sizes: Any) -> GeneratedFeedback:
    """Create (or add to) the database at ``path``; with ``demo`` add the demo engagement too."""
    with open_database(Path(path)) as db:
        if demo:
            from cxdesk.store.demo import add_demo_engagement

            add_demo_engagement(db)
        return add_feedback_engagement(db, **sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the database file to create")
    parser.add_argument("--assessments", type=int, default=100, help="default 100")
    parser.add_argument("--respondents", type=int, default=10, help="per assessment, default 10")
    parser.add_argument("--milestones", type=int, default=20, help="default 20")
    parser.add_argument("--pulses", type=int, default=200, help="default 200")
    parser.add_argument("--items", type=int, default=40, help="matrix rows, default 40")
    parser.add_argument("--seed", type=int, default=11, help="random seed (default 11)")
    parser.add_argument("--demo", action="store_true", help="also add the demo engagement")
    parser.add_argument(
        "--append", action="store_true", help="add to an existing database instead of refusing"
    )
    args = parser.parse_args(argv)
    sizes = {
        "assessments": args.assessments,
        "respondents": args.respondents,
        "milestones": args.milestones,
        "pulses": args.pulses,
        "items": args.items,
    }
    if any(v < 0 for v in sizes.values()):
        parser.error("sizes cannot be negative")
    if args.path.exists() and not args.append:
        parser.error(f"{args.path} exists (use --append to add the engagement to it)")
    began = perf_counter()
    made = generate(args.path, demo=args.demo, seed=args.seed, **sizes)
    took = perf_counter() - began
    print(
        f"{args.path}: engagement {made.engagement_id} with {made.assessments} assessments, "
        f"{made.respondents} respondents ({made.statement_scores} statement scores), "
        f"{made.pulses} pulse checks over {made.milestones} milestones ({took:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
