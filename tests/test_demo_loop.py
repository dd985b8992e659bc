"""The demo engagement closes its loop believably, on SQLite and PostgreSQL: a dozen actions
across the five gaps (most of the done ones moved their gap, one did not), three issues on
three rungs (one sat too long), six "you said, we did" entries and two small wins."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from cxdesk.models.actions import Verdict, action_counts
from cxdesk.models.five_gaps import CAUSES
from cxdesk.models.issues import issue_counts
from cxdesk.models.loop_log import SaidSource
from cxdesk.store import action_evidence, actions, issues, loop_log
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 3, 11)  # a Wednesday; the demo counts its dates from the day it is made


@pytest.fixture
def demo(db: Database) -> int:
    return add_demo_engagement(db, today=TODAY)


def test_a_dozen_actions_across_the_five_gaps_most_of_them_working(db: Database, demo: int) -> None:
    rows = actions.list_actions(db, demo)
    assert len(rows) == 12
    causes = Counter(row.record.cause for row in rows)
    assert all(causes[cause.value] >= 2 for cause in CAUSES)
    assert causes[None] == 1  # the Overview's "No cause named" row has something in it
    kinds = {row.record.source_kind for row in rows}
    assert kinds == {
        "expectation",
        "rater_gap",
        "rater_disagreement",
        "pain_point",
        "pulse_check",
        "handoff_item",
    }
    assert all(row.source_text and not row.record.source_gone for row in rows)
    assert {row.record.owner_side for row in rows} == {"ours", "client"}

    counts = action_counts([row.record for row in rows], TODAY)
    assert (counts.open, counts.overdue) == (4, 2)
    assert counts.oldest_overdue is not None
    assert counts.oldest_overdue.title.startswith("Hold the second train-the-trainer")

    found = action_evidence.load_evidence(db, demo)
    verdicts = Counter(found[row.id].verdict for row in rows)
    assert verdicts[Verdict.IMPROVED] >= 5
    assert verdicts[Verdict.UNCHANGED] == 1  # the one that did not work
    assert verdicts[Verdict.NOT_MEASURED_YET] == 1
    (did_not,) = (row for row in rows if found[row.id].verdict is Verdict.UNCHANGED)
    assert did_not.record.title == "Walk finance through the invoice archive"
    assert (found[did_not.id].before, found[did_not.id].after) == (-2.0, -2.0)


def test_the_five_gaps_show_where_the_trouble_lies(db: Database, demo: int) -> None:
    rows = {row.cause: row for row in action_evidence.load_five_gaps(db, demo)}
    assert sum(row.open_actions for row in rows.values()) == 4
    assert sum(row.trailing_expectations for row in rows.values()) == 5  # row 3 twice
    assert rows[None].trailing_expectations == 1  # one trailing row nobody acts on yet


def test_three_issues_on_three_rungs_one_sat_too_long(db: Database, demo: int) -> None:
    log = issues.list_issues(db, demo)
    assert sorted(issue.rung_position for issue in log) == [0, 1, 2]
    counts = issue_counts(log, TODAY)
    assert (counts.open, counts.too_long) == (2, 1)
    (late,) = (issue for issue in log if issue.time_on_rung(TODAY).too_long)
    assert late.rung_name == "Level 2: Engagement manager"
    assert [step.kind for step in late.steps] == ["raised", "escalated"]
    assert late.touchpoint_ids
    assert late.action_ids
    (resolved,) = (issue for issue in log if not issue.record.is_open)
    assert resolved.record.resolution
    assert resolved.record.raised_by_side == "ours"  # found by our team


def test_six_things_the_client_said_and_two_wins(db: Database, demo: int) -> None:
    said = loop_log.list_said(db, demo)
    assert len(said) == 6
    assert {entry.source for entry in said} == set(SaidSource)
    assert sum(entry.action_id is not None for entry in said) == 3
    assert [entry.answered for entry in said].count(False) == 1  # still to act on
    done = {row.id for row in actions.list_actions(db, demo) if row.record.status == "done"}
    assert all(entry.action_id in done for entry in said if entry.action_id is not None)
    wins = loop_log.list_wins(db, demo)
    assert len(wins) == 2
    assert sum(win.milestone_id is not None for win in wins) == 1
    assert sum(win.touchpoint_id is not None for win in wins) == 1
