"""Closing the loop's rows of every kind, with hostile and non-Latin text, for the tests of
what carries them elsewhere (.cxdesk files, spreadsheets).

:func:`add_loop_rows` gives an engagement a gap of every kind an action answers and then
actions (every source kind, every status, a source deleted since, one spawned from an
issue), issues (escalated, resolved, reopened, one whose first rung was deleted since),
their pain points, "you said, we did" entries of every source and small wins, through the
store as the screens write them. :func:`loop_content` reads them back with every link
told by the content of the row it names, so two workspaces compare without their ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, select

from cxdesk.models.actions import ActionSource, ActionStatus, OwnerSide, SourceKind
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.servqual import RaterDimension, RespondentSide
from cxdesk.models.tables import metadata
from cxdesk.store import (
    actions,
    escalation,
    expectations,
    issues,
    journey_phases,
    journey_touchpoints,
    loop_log,
    pulse,
    quizzes,
    rater,
    workshop,
)
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database

# Text a file or a spreadsheet must carry as it is: formulas, markup, other scripts,
# line breaks, an emoji outside the basic plane, right-to-left.
FORMULA = "=cmd|' /C calc'!A0"
HOSTILE = (
    FORMULA,
    "Zoë Łukasiewicz",
    "Ελένη Παπαδοπούλου",
    "Фёдор Достоевский",
    "R&D <core> \"quoted\" 'single'",
    "line one\nline two\r\nline three",
    "@SUM(1+1) and +1 and -1",
    "顧客の声 🚀 שלום",
)
LOOP_TABLES = (
    "issue",
    "issue_step",
    "issue_touchpoint",
    "gap_action",
    "you_said_we_did",
    "small_win",
)


@dataclass(frozen=True)
class LoopRows:
    engagement: int
    actions: tuple[int, ...]
    issues: tuple[int, ...]
    said: tuple[int, ...]
    wins: tuple[int, ...]


def add_loop_rows(db: Database, engagement_id: int, today: date = date(2026, 3, 2)) -> LoopRows:
    """One of every kind of closing the loop's rows (and their sources) on ``engagement_id``."""
    milestone = ws.add_milestone(db, engagement_id, "Σχεδιασμός — sign-off", date(2026, 2, 9))
    item = expectations.add_item(
        db, engagement_id, expects=HOSTILE[2], expected_level=4, experienced_level=2
    )
    doomed = expectations.add_item(
        db, engagement_id, expects="Deleted after its action", expected_level=5
    )
    assessment = rater.add_assessment(db, engagement_id, "RATER — Фёдор")
    for name, side, perception in (("Ana", RespondentSide.CLIENT, 3), ("Ben", "team", 6)):
        respondent = rater.add_respondent(db, assessment.id, name, RespondentSide(side))
        rater.update_respondent(db, respondent.id, "empathy_expectation", 6)
        rater.update_respondent(db, respondent.id, "empathy_perception", perception)
    phase = journey_phases.add_phase(db, engagement_id, "Implementation")
    touchpoint = journey_touchpoints.add_touchpoint(
        db, phase.id, name="Kick-off 顧客", emotion=-2, pain_points="Re-asked everything"
    )
    second = journey_touchpoints.add_touchpoint(db, phase.id, name="Go-live", emotion=2)
    stakeholder = journey_touchpoints.add_stakeholder(db, engagement_id, "Helen")
    journey_touchpoints.set_stakeholder_emotion(db, touchpoint.id, stakeholder.id, -3)
    handoff = journey_phases.add_handoff_item(db, phase.id, "Success criteria agreed")
    check = pulse.add_pulse(
        db, engagement_id, date(2026, 2, 9), confidence=5, not_working=HOSTILE[5]
    )
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "Kick-off", date(2026, 1, 5))

    # The ladder: the default one stored, a rung of our own on top.
    ladder = escalation.ensure_ladder(db, engagement_id).levels
    escalation.add_level(
        db, engagement_id, name="Ελένη — Вице-президент", owner=HOSTILE[1],
        response_time="Within 2 working days", trigger=FORMULA,
    )  # fmt: skip
    climbed = issues.raise_issue(
        db, engagement_id, FORMULA, date(2026, 2, 2), raised_by=HOSTILE[3],
        details=HOSTILE[5], touchpoint_ids=[touchpoint.id, second.id],
    )  # fmt: skip
    issues.escalate_issue(db, climbed.id, date(2026, 2, 4), owner=HOSTILE[2], note=HOSTILE[4])
    issues.escalate_issue(db, climbed.id, date(2026, 2, 6))
    issues.resolve_issue(db, climbed.id, date(2026, 2, 10), HOSTILE[7])
    waiting = issues.raise_issue(
        db, engagement_id, "Invoices lack the PO number", date(2026, 2, 16),
        rung=ladder[1].id, raised_by="Ben", raised_by_side=OwnerSide.OURS, owner="",
    )  # fmt: skip
    # A rung below the others, left once nothing sits on it and then deleted: the steps
    # on it keep only its name.
    triage = escalation.add_level(db, engagement_id, 0, name="Triage — διαλογή")
    reopened = issues.raise_issue(
        db, engagement_id, "Status reports", date(2026, 2, 3), rung=triage.id
    )
    issues.resolve_issue(db, reopened.id, date(2026, 2, 5), "Sent a shorter one")
    issues.reopen_issue(db, reopened.id, date(2026, 2, 12), note="Still too long")
    issues.escalate_issue(db, reopened.id, date(2026, 2, 13))
    escalation.delete_level(db, triage.id)

    made = datetime(2026, 2, 1, 9, 30, 15, 123456)
    done_at = datetime(2026, 2, 20, 16, 5)
    sources = [
        ActionSource(SourceKind.EXPECTATION, item.id),
        ActionSource(SourceKind.RATER_GAP, assessment.id, RaterDimension.EMPATHY.value),
        ActionSource(SourceKind.RATER_DISAGREEMENT, assessment.id, RaterDimension.EMPATHY.value),
        ActionSource(SourceKind.PAIN_POINT, touchpoint.id, stakeholder_id=stakeholder.id),
        ActionSource(SourceKind.PAIN_POINT, second.id),
        ActionSource(SourceKind.HANDOFF_ITEM, handoff.id),
        ActionSource(SourceKind.PULSE_CHECK, check.id),
        ActionSource(SourceKind.EXPECTATION, doomed.id),
    ]
    statuses = [
        (ActionStatus.DONE, done_at),
        (ActionStatus.IN_PROGRESS, None),
        (ActionStatus.OPEN, None),
        (ActionStatus.DROPPED, datetime(2026, 2, 3)),
        (ActionStatus.DONE, done_at),
        (ActionStatus.OPEN, None),
        (ActionStatus.DONE, done_at),
        (ActionStatus.OPEN, None),
    ]
    causes = ["knowledge", "standards", "delivery", "communication", "customer", None]
    action_ids = []
    for n, (source, (status, closed)) in enumerate(zip(sources, statuses, strict=True)):
        row = actions.add_action(
            db, engagement_id, HOSTILE[n % len(HOSTILE)][:200] if n % 2 else None,
            source=source, status=status, created_at=made, closed_at=closed,
            cause=causes[n % len(causes)], owner_name=HOSTILE[(n + 1) % len(HOSTILE)][:200],
            owner_side=OwnerSide.CLIENT if n % 3 == 0 else OwnerSide.OURS,
            due_on=None if n == 5 else date(2026, 2, 10 + n), outcome=HOSTILE[(n + 2) % 8],
        )  # fmt: skip
        action_ids.append(row.id)
    typed = actions.add_action(db, engagement_id, "Send the sponsor a one-page summary")
    spawned = actions.add_action(
        db, engagement_id, "Add the PO number", issue_id=waiting.id, cause="delivery",
        due_on=today, owner_name="Aiko",
    )  # fmt: skip
    action_ids += [typed.id, spawned.id]
    expectations.delete_items(db, [doomed.id])  # its action stays, unlinked, with its words

    said = [
        loop_log.add_said(
            db, engagement_id, date(2026, 2, 9), HOSTILE[5], said_by="Helen",
            source=SaidSource.PULSE, source_id=check.id, we_did=HOSTILE[0],
            did_on=date(2026, 2, 21), action_id=action_ids[6],
        ),
        loop_log.add_said(
            db, engagement_id, date(2026, 2, 1), HOSTILE[2], said_by=HOSTILE[1],
            source=SaidSource.RATER, source_id=assessment.id,
        ),
        loop_log.add_said(
            db, engagement_id, date(2026, 1, 5), HOSTILE[7], source=SaidSource.WORKSHOP,
            source_id=session.id, we_did="Shorter agenda", did_on=date(2026, 1, 20),
        ),
        loop_log.add_said(db, engagement_id, date(2026, 2, 14), HOSTILE[4]),
    ]  # fmt: skip
    wins = [
        loop_log.add_win(
            db, engagement_id, date(2026, 2, 9), HOSTILE[6], milestone_id=milestone.id
        ),
        loop_log.add_win(db, engagement_id, date(2026, 2, 20), HOSTILE[3], touchpoint_id=second.id),
        loop_log.add_win(db, engagement_id, date(2026, 2, 27), "Pilot live on time"),
    ]
    return LoopRows(
        engagement_id,
        tuple(action_ids),
        (climbed.id, waiting.id, reopened.id),
        tuple(s.id for s in said),
        tuple(w.id for w in wins),
    )


# --- reading them back, without ids ------------------------------------------------------

_NOT_CONTENT = {"id", "engagement_id", "version", "changed_by", "changed_at"}


def _content(conn: Connection, table: Table, row: Any, depth: int = 0) -> tuple[Any, ...]:
    """A row's values with each link replaced by the content of the row it names."""
    values: list[Any] = []
    for column in table.columns:
        if column.name in _NOT_CONTENT or column.name == "quiz_id":
            continue
        value = row._mapping[column.name]
        keys = list(column.foreign_keys)
        if keys and value is not None and depth < 4:
            target = keys[0].column.table
            linked = conn.execute(select(target).where(target.c.id == value)).one()
            value = (target.name, _content(conn, target, linked, depth + 1))
        values.append((column.name, value))
    return tuple(values)


def loop_content(conn: Connection, engagement_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every loop row of the engagement, each told by its content and its links' content."""
    tables = metadata().tables
    issue = tables["issue"]
    found: dict[str, list[tuple[Any, ...]]] = {}
    for name in LOOP_TABLES:
        table = tables[name]
        if "engagement_id" in table.c:
            where = table.c.engagement_id == engagement_id
        else:
            where = table.c.issue_id.in_(
                select(issue.c.id).where(issue.c.engagement_id == engagement_id)
            )
        rows = conn.execute(select(table).where(where).order_by(table.c.id)).all()
        found[name] = sorted((_content(conn, table, r) for r in rows), key=repr)
    return found
