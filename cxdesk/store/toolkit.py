"""Read everything the PDF toolkit prints about one engagement, from one consistent snapshot.

The existing store functions each open their own ``db.reading()`` session. Here they are
all handed a stand-in whose ``reading()`` yields one shared session, so they run in a
single read transaction (SQLite's BEGIN in WAL mode; REPEATABLE READ on PostgreSQL,
whose default READ COMMITTED reads afresh at every statement): an edit saved from
another window half-way through the load cannot leave the matrix from before it and the
Overview from after it in the same PDF. The stand-in has no ``transaction()``, so
nothing here can write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import cast

from sqlalchemy.orm import Session

from cxdesk.models.client_edition import for_edition
from cxdesk.models.edition import CLIENT_EDITION, EditionChoice
from cxdesk.models.overview import build_overview
from cxdesk.models.records import QuizRecord, SessionResultsData
from cxdesk.models.toolkit import ToolkitData
from cxdesk.store import (
    action_evidence,
    actions,
    escalation,
    expectations,
    issues,
    journey_map,
    loop_log,
    overview,
    pulse,
    quizzes,
    rater,
    workshop,
    workspace,
)
from cxdesk.store.database import Database
from cxdesk.store.errors import EngagementGone


class OneReading:
    """Quacks like a :class:`Database` for the read-only store functions: every
    ``reading()`` is the same session, so they all see the same snapshot."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        yield self._session


def load_toolkit_data(
    db: Database,
    engagement_id: int,
    today: date | None = None,
    *,
    edition: EditionChoice = CLIENT_EDITION,
) -> ToolkitData:
    """What ``edition`` of the toolkit prints about ``engagement_id``, as plain values:
    the client edition (the default) is never given names, notes or our team's scores
    (``cxdesk.models.client_edition``); the internal edition holds everything.

    ``today`` is the date printed on the cover (the caller's clock by default). Raises
    :class:`EngagementGone` when the engagement is gone. Fast enough for the UI thread: a
    thousand-row matrix loads in a few tens of milliseconds.
    """
    with db.reading() as session:
        if not session.in_transaction() and session.get_bind().dialect.name != "sqlite":
            # Before its first statement: every statement then sees the same snapshot.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        one = cast(Database, OneReading(session))
        engagement = workspace.get_engagement(one, engagement_id)
        if engagement is None:
            raise EngagementGone
        client = workspace.get_client(one, engagement.client_id)
        if client is None:  # an engagement always has its client (FK); be explicit anyway
            raise EngagementGone
        milestones = workspace.list_milestones(one, engagement_id)
        items = expectations.list_items(one, engagement_id)
        snapshots = expectations.list_snapshots(one, engagement_id)
        assessments = rater.load_engagement_responses(one, engagement_id)
        pulses = pulse.list_pulses(one, engagement_id)
        overrides = overview.list_overrides(one, engagement_id)
        sessions = tuple(
            results
            for record in workshop.list_sessions(one, engagement_id=engagement_id)
            if (results := workshop.load_session_results(one, record.id)) is not None
        )
        quiz = _sheet_quiz(one, sessions)
        journey = journey_map.load_map(one, engagement_id)
        ladder = escalation.list_levels(one, engagement_id)  # the default one if unset
        action_rows = actions.list_actions(one, engagement_id)
        evidence = action_evidence.load_evidence(
            one, engagement_id, [row.record for row in action_rows]
        )
        issue_log = issues.list_issues(one, engagement_id)
        said = loop_log.list_said(one, engagement_id)
        wins = loop_log.list_wins(one, engagement_id)
    everything = ToolkitData(
        client=client,
        engagement=engagement,
        printed_on=today or date.today(),
        milestones=tuple(milestones),
        items=tuple(items),
        snapshots=tuple(snapshots),
        assessments=tuple(assessments),
        pulses=tuple(pulses),
        quiz=quiz,
        sessions=sessions,
        journey=journey,
        escalation=ladder,
        # Computed from the lists just read (load_overview would read them all again).
        overview=build_overview(milestones, items, snapshots, assessments, pulses, overrides),
        actions=tuple(action_rows),
        evidence=evidence,
        issues=tuple(issue_log),
        said=tuple(said),
        wins=tuple(wins),
    )
    return for_edition(everything, edition)


def _sheet_quiz(one: Database, sessions: tuple[SessionResultsData, ...]) -> QuizRecord | None:
    """The quiz the paper sheet prints: the one this engagement's latest workshop used
    (the next paper workshop is compared with it), else the built-in quiz. ``None`` when
    the built-in quiz was never written to this file: the sheet then prints the built-in
    content from ``cxdesk.models.quiz`` (this read must not write it)."""
    if sessions:
        return sessions[-1].quiz
    return next((q for q in quizzes.list_quizzes(one) if q.built_in), None)
