"""Closing the loop in the store, on SQLite and PostgreSQL: the database's own rules refuse
bad rows on any path (in words through the store), every operation is one undoable step,
an edit or undo over a colleague's later change is refused, and what an action answers
can be deleted without losing the action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from cxdesk.models.actions import ActionSource, ActionStatus, OwnerSide, SourceKind, Verdict
from cxdesk.models.base import table_of
from cxdesk.models.escalation import is_default
from cxdesk.models.loop_entities import GapAction, Issue, SmallWin, YouSaidWeDid
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.servqual import RespondentSide
from cxdesk.ops import Operation, perform, revert
from cxdesk.ops import actions as action_ops
from cxdesk.ops import issues as issue_ops
from cxdesk.ops import loop_log as log_ops
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops import toolkit as toolkit_ops
from cxdesk.store import (
    action_evidence,
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
from cxdesk.store.errors import EditRefused, StaleRow
from tests.ops_helpers import Colleague, round_trip, undo_is_refused
from tests.raw_rows import plain, user_data

pytestmark = pytest.mark.both_backends

ACTION, ISSUE = table_of(GapAction), table_of(Issue)
SAID, WIN = table_of(YouSaidWeDid), table_of(SmallWin)
RAISED = date(2026, 3, 2)  # a Monday
T = TypeVar("T")


@dataclass(frozen=True)
class Loop:
    """An engagement with a row of every kind a gap is found in, and one of each of the
    loop's own rows; and a second engagement with rows of its own."""

    engagement: int
    milestone: int
    item: int
    assessment: int
    touchpoint: int
    stakeholder: int
    handoff: int
    pulse: int
    session: int
    action: int
    issue: int
    said: int
    win: int
    other: int  # the second engagement
    other_item: int
    other_milestone: int
    other_rung: int


def _gaps(db: Database, engagement_id: int) -> dict[str, int]:
    milestone = ws.add_milestone(db, engagement_id, "Design sign-off", date(2026, 2, 9))
    item = expectations.add_item(
        db, engagement_id, expects="Invoices as PDF", expected_level=4, experienced_level=2
    )
    assessment = rater.add_assessment(db, engagement_id, "RATER at kickoff")
    for name, side, perception in (("Ana", RespondentSide.CLIENT, 3), ("Ben", "team", 6)):
        respondent = rater.add_respondent(db, assessment.id, name, RespondentSide(side))
        rater.update_respondent(db, respondent.id, "empathy_expectation", 6)
        rater.update_respondent(db, respondent.id, "empathy_perception", perception)
    phase = journey_phases.add_phase(db, engagement_id, "Implementation")
    touchpoint = journey_touchpoints.add_touchpoint(
        db, phase.id, name="Kick-off workshop", emotion=-2, pain_points="Re-asked everything"
    )
    stakeholder = journey_touchpoints.add_stakeholder(db, engagement_id, "Helen")
    journey_touchpoints.set_stakeholder_emotion(db, touchpoint.id, stakeholder.id, -3)
    handoff = journey_phases.add_handoff_item(db, phase.id, "Success criteria agreed")
    check = pulse.add_pulse(
        db, engagement_id, date(2026, 2, 9), confidence=5, not_working="Status reports"
    )
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement_id, "Kick-off", date(2026, 1, 5))
    return {
        "milestone": milestone.id,
        "item": item.id,
        "assessment": assessment.id,
        "touchpoint": touchpoint.id,
        "stakeholder": stakeholder.id,
        "handoff": handoff.id,
        "pulse": check.id,
        "session": session.id,
    }


@pytest.fixture
def loop(db: Database, engagement_id: int) -> Loop:
    found = _gaps(db, engagement_id)
    issue = issues.raise_issue(
        db,
        engagement_id,
        "Escalations take two days",
        RAISED,
        raised_by="Helen",
        touchpoint_ids=[found["touchpoint"]],
    )
    actions.add_action(db, engagement_id, "Send the sponsor a one-page summary")
    action = actions.add_action(
        db,
        engagement_id,
        source=ActionSource(SourceKind.EXPECTATION, found["item"]),
        cause="delivery",
        owner_name="Aiko",
        due_on=date(2026, 3, 20),
    )
    said = loop_log.add_said(
        db, engagement_id, date(2026, 2, 9), "Status reports are too technical", said_by="Helen"
    )
    win = loop_log.add_win(
        db, engagement_id, date(2026, 3, 6), "Pilot live on time", milestone_id=found["milestone"]
    )
    client = ws.add_client(db, "Ωmega Ltd")
    other = ws.add_engagement(db, client.id, "Other rollout").id
    other_item = expectations.add_item(db, other, expects="Theirs")
    other_milestone = ws.add_milestone(db, other, "Theirs")
    other_rung = escalation.ensure_ladder(db, other).levels[0].id
    return Loop(
        engagement_id,
        **found,
        action=action.id,
        issue=issue.id,
        said=said.id,
        win=win.id,
        other=other,
        other_item=other_item.id,
        other_milestone=other_milestone.id,
        other_rung=other_rung,
    )


# --- the database's own rules ------------------------------------------------------------

# (the statement, with the loop's ids as {names}; the words the store gives)
BAD_ROWS: dict[str, tuple[str, str]] = {
    "an unknown status": (
        "UPDATE gap_action SET status = 'finished' WHERE id = {action}",
        "An action is open, in progress, done or dropped",
    ),
    "a cause outside the five gaps": (
        "UPDATE gap_action SET cause = 'budget' WHERE id = {action}",
        r"The cause is one of the five gaps \(knowledge, standards, delivery",
    ),
    "an owner on neither side": (
        "UPDATE gap_action SET owner_side = 'vendor' WHERE id = {action}",
        "An owner is on our team or the client's",
    ),
    "done without a closing date": (
        "UPDATE gap_action SET status = 'done' WHERE id = {action}",
        "A done or dropped action has the date it was closed",
    ),
    "closed before it was made": (
        "UPDATE gap_action SET status = 'done', closed_at = '2000-01-01 00:00:00' "
        "WHERE id = {action}",
        "An action cannot be closed before it was made",
    ),
    "a blank title": (
        "UPDATE gap_action SET title = ' ' WHERE id = {action}",
        "An action needs a title",
    ),
    "a link of another kind": (
        "UPDATE gap_action SET touchpoint_id = {touchpoint} WHERE id = {action}",
        "An action links only to the kind of gap it answers",
    ),
    "a RATER action without its dimension": (
        "UPDATE gap_action SET source_kind = 'rater_gap', expectation_item_id = NULL, "
        "rater_assessment_id = {assessment} WHERE id = {action}",
        "An action on a RATER dimension names the dimension",
    ),
    "a link to another engagement's row": (
        "UPDATE gap_action SET expectation_item_id = {other_item} WHERE id = {action}",
        "That belongs to another engagement, so it was not linked",
    ),
    "an action moved away from its issue": (
        "UPDATE gap_action SET engagement_id = {other}, expectation_item_id = NULL, "
        "source_kind = 'none', issue_id = {issue} WHERE id = {action}",
        "That belongs to another engagement",
    ),
    "a linked matrix row moved to another engagement": (
        "UPDATE expectation_item SET engagement_id = {other} WHERE id = {item}",
        "That belongs to another engagement",
    ),
    "an issue on another engagement's ladder": (
        "UPDATE issue SET rung_id = {other_rung} WHERE id = {issue}",
        "That level is on another engagement's escalation ladder",
    ),
    "a rung with an issue moved to another engagement": (
        "UPDATE escalation_level SET engagement_id = {other} "
        "WHERE id = (SELECT rung_id FROM issue WHERE id = {issue})",
        "That level is on another engagement's escalation ladder",
    ),
    "resolved with no resolution": (
        "UPDATE issue SET status = 'resolved', resolved_on = '2026-03-03' WHERE id = {issue}",
        "Say what was done to resolve the issue",
    ),
    "resolved without a date": (
        "UPDATE issue SET status = 'resolved', resolution = 'Fixed' WHERE id = {issue}",
        "A resolved issue has the date it was resolved",
    ),
    "resolved before it reached its rung": (
        "UPDATE issue SET status = 'resolved', resolution = 'Fixed', "
        "resolved_on = '2026-03-01' WHERE id = {issue}",
        "An issue cannot be resolved before it reached its level",
    ),
    "on a rung before it was raised": (
        "UPDATE issue SET on_rung_since = '2026-03-01' WHERE id = {issue}",
        "An issue cannot reach a level before it was raised",
    ),
    "an unknown issue status": (
        "UPDATE issue SET status = 'parked' WHERE id = {issue}",
        "An issue is open or resolved",
    ),
    "a pain point linked twice": (
        "INSERT INTO issue_touchpoint (issue_id, touchpoint_id) VALUES ({issue}, {touchpoint})",
        "That pain point is linked to the issue already",
    ),
    "what we did dated before it was said": (
        "UPDATE you_said_we_did SET did_on = '2026-01-01' WHERE id = {said}",
        "What we did cannot be dated before the client said it",
    ),
    "a source link of another kind": (
        "UPDATE you_said_we_did SET pulse_check_id = {pulse} WHERE id = {said}",
        "An entry links only to the kind of source it names",
    ),
    "a blank 'you said'": (
        "UPDATE you_said_we_did SET said = '' WHERE id = {said}",
        "Say what the client said",
    ),
    "a small win without words": (
        "UPDATE small_win SET text = '  ' WHERE id = {win}",
        "A small win needs some words",
    ),
    "a small win at another engagement's milestone": (
        "UPDATE small_win SET milestone_id = {other_milestone} WHERE id = {win}",
        "That belongs to another engagement",
    ),
}


def _do(db: Database, operation: Operation[T] | None) -> T:
    """``operation`` performed (it must be one: something changes); its value."""
    assert operation is not None
    return perform(db, operation).value


def _run(conn: Connection, statements: list[str]) -> None:
    for statement in statements:
        conn.execute(text(statement))


def _statements(loop: Loop, name: str) -> list[str]:
    sql, _words = BAD_ROWS[name]
    return [part.strip() for part in sql.format(**vars(loop)).split(";")]


@pytest.mark.parametrize("name", sorted(BAD_ROWS))
def test_a_bad_row_is_refused_in_words_and_changes_nothing(
    db: Database, loop: Loop, name: str
) -> None:
    before = user_data(db)
    with pytest.raises(EditRefused, match=BAD_ROWS[name][1]), db.transaction() as s:
        _run(s.connection(), _statements(loop, name))
    assert user_data(db) == before


@pytest.mark.parametrize(
    "name",
    [
        "an unknown status",
        "a cause outside the five gaps",
        "closed before it was made",
        "a link to another engagement's row",
        "an issue on another engagement's ladder",
        "a small win at another engagement's milestone",
    ],
)
def test_the_database_itself_refuses_it_without_the_store(
    db: Database, loop: Loop, name: str
) -> None:
    """Another program, or a hand-written statement: only the schema's rules stand."""
    before = user_data(db)
    with pytest.raises(IntegrityError), plain(db) as conn:
        _run(conn, _statements(loop, name))
    assert user_data(db) == before


def test_a_rung_with_issues_on_it_is_kept_and_the_ladder_not_reset(
    db: Database, loop: Loop
) -> None:
    ladder = escalation.list_levels(db, loop.engagement)
    before = user_data(db)
    with pytest.raises(EditRefused, match=r"^One issue sits on this level, so it cannot be"):
        perform(db, toolkit_ops.delete_level(ladder[0]))
    with pytest.raises(EditRefused, match=r"^One issue sits on this ladder, so it cannot go"):
        perform(db, toolkit_ops.reset_to_default(loop.engagement))
    assert user_data(db) == before
    perform(db, toolkit_ops.delete_level(ladder[3]))  # a rung without issues goes


# --- what the store refuses before the database is asked ---------------------------------


def test_an_action_on_another_engagements_gap_is_refused(db: Database, loop: Loop) -> None:
    before = user_data(db)
    source = ActionSource(SourceKind.EXPECTATION, loop.other_item)
    with pytest.raises(EditRefused, match=r"^That expectation belongs to another engagement"):
        perform(db, action_ops.add_action(loop.engagement, source=source))
    with pytest.raises(EditRefused, match=r"^Say which RATER dimension"):
        perform(
            db,
            action_ops.add_action(
                loop.engagement, source=ActionSource(SourceKind.RATER_GAP, loop.assessment)
            ),
        )
    with pytest.raises(EditRefused, match=r"^An action needs a title"):
        perform(db, action_ops.add_action(loop.engagement, "   "))
    assert user_data(db) == before


def test_only_a_done_action_says_what_we_did(db: Database, loop: Loop) -> None:
    (entry,) = loop_log.list_said(db, loop.engagement)
    with pytest.raises(EditRefused, match=r"^Only a done action says what we did"):
        _do(db, log_ops.answer_with_action(entry, loop.action))
    action = actions.get_action(db, loop.action)
    assert action is not None
    _do(db, action_ops.set_status(action.record, "done", outcome="PO number added"))
    answered = _do(db, log_ops.answer_with_action(entry, loop.action))
    assert (answered.action_id, answered.we_did) == (loop.action, "PO number added")
    assert answered.did_on is not None
    assert answered.did_on >= answered.said_on


def test_an_issue_climbs_one_rung_at_a_time_and_not_past_the_top(db: Database, loop: Loop) -> None:
    issue = issues.get_issue(db, loop.issue)
    assert issue is not None
    with pytest.raises(EditRefused, match="reached its level on 02 Mar 2026; it cannot be"):
        perform(db, issue_ops.escalate(issue.record, date(2026, 3, 1)))
    for on, rung in ((date(2026, 3, 3), 1), (date(2026, 3, 4), 2), (date(2026, 3, 9), 3)):
        current = issues.get_issue(db, loop.issue)
        assert current is not None
        issue = perform(db, issue_ops.escalate(current.record, on)).value
        assert (issue.rung_position, issue.record.on_rung_since) == (rung, on)
    assert issue.top_rung
    assert [step.kind for step in issue.steps] == ["raised", "escalated", "escalated", "escalated"]
    with pytest.raises(EditRefused, match="on the top level of the ladder already"):
        perform(db, issue_ops.escalate(issue.record, date(2026, 3, 10)))


# --- every operation: one undoable step ---------------------------------------------------

Build = Callable[[Database, Loop], Operation[Any] | None]


def _action(db: Database, loop: Loop) -> Any:
    row = actions.get_action(db, loop.action)
    assert row is not None
    return row.record


def _issue(db: Database, loop: Loop) -> Any:
    row = issues.get_issue(db, loop.issue)
    assert row is not None
    return row.record


def _said(db: Database, loop: Loop) -> Any:
    return loop_log.get_said(db, [loop.said])[0]


def _win(db: Database, loop: Loop) -> Any:
    return loop_log.get_wins(db, [loop.win])[0]


OPERATIONS: dict[str, Build] = {
    "add a typed action": lambda _db, lp: action_ops.add_action(
        lp.engagement, "Agree a weekly call", at=0, owner_side=OwnerSide.CLIENT
    ),
    "add from a matrix row": lambda _db, lp: action_ops.add_action(
        lp.engagement, source=ActionSource(SourceKind.EXPECTATION, lp.item)
    ),
    "add from a RATER dimension": lambda _db, lp: action_ops.add_action(
        lp.engagement, source=ActionSource(SourceKind.RATER_GAP, lp.assessment, "empathy")
    ),
    "add from a disagreement": lambda _db, lp: action_ops.add_action(
        lp.engagement,
        source=ActionSource(SourceKind.RATER_DISAGREEMENT, lp.assessment, "empathy"),
    ),
    "add from a stakeholder's pain point": lambda _db, lp: action_ops.add_action(
        lp.engagement,
        source=ActionSource(SourceKind.PAIN_POINT, lp.touchpoint, stakeholder_id=lp.stakeholder),
    ),
    "add from a handoff item": lambda _db, lp: action_ops.add_action(
        lp.engagement, source=ActionSource(SourceKind.HANDOFF_ITEM, lp.handoff)
    ),
    "add from a pulse check": lambda _db, lp: action_ops.add_action(
        lp.engagement, source=ActionSource(SourceKind.PULSE_CHECK, lp.pulse), cause="patron"
    ),
    "edit an action's owner": lambda db, lp: action_ops.edit_action(
        _action(db, lp), "owner_name", "Zoë Łukasiewicz"
    ),
    "edit an action's cause": lambda db, lp: action_ops.edit_action(_action(db, lp), "cause", None),
    "edit an action's due date": lambda db, lp: action_ops.edit_action(
        _action(db, lp), "due_on", date(2026, 4, 1)
    ),
    "mark an action done": lambda db, lp: action_ops.set_status(
        _action(db, lp), ActionStatus.DONE, outcome="PO number on every PDF"
    ),
    "move an action": lambda db, lp: action_ops.move_action(_action(db, lp), 0),
    "delete an action": lambda _db, lp: action_ops.delete_actions(lp.engagement, [lp.action]),
    "raise an issue our team found": lambda _db, lp: issue_ops.raise_issue(
        lp.other, "No demo date", RAISED, raised_by_side=OwnerSide.OURS
    ),
    "raise an issue on a rung": lambda db, lp: issue_ops.raise_issue(
        lp.engagement,
        "PDFs lack the PO number",
        RAISED,
        rung=escalation.list_levels(db, lp.engagement)[2],
        touchpoint_ids=[lp.touchpoint],
    ),
    "escalate an issue": lambda db, lp: issue_ops.escalate(
        _issue(db, lp), date(2026, 3, 4), owner="Marco", note="Not fixed <in> 2 days"
    ),
    "resolve an issue": lambda db, lp: issue_ops.resolve(
        _issue(db, lp), date(2026, 3, 3), "Rota published"
    ),
    "edit an issue's date raised": lambda db, lp: issue_ops.edit_issue(
        _issue(db, lp), "raised_on", date(2026, 2, 27)
    ),
    "unlink a pain point": lambda db, lp: issue_ops.unlink_pain_point(
        _issue(db, lp), lp.touchpoint
    ),
    "delete an issue": lambda _db, lp: issue_ops.delete_issues(lp.engagement, [lp.issue]),
    "spawn an action from an issue": lambda db, lp: issue_ops.spawn_action(
        _issue(db, lp), "Publish the rota", cause="standards"
    ),
    "add a 'you said' from a pulse": lambda _db, lp: log_ops.add_said(
        lp.engagement,
        date(2026, 2, 9),
        "Status reports are too technical",
        source=SaidSource.PULSE,
        source_id=lp.pulse,
    ),
    "add a 'you said' from a workshop": lambda _db, lp: log_ops.add_said(
        lp.engagement,
        date(2026, 1, 5),
        "Show us first",
        source=SaidSource.WORKSHOP,
        source_id=lp.session,
        we_did="Weekly demos",
        did_on=date(2026, 1, 12),
    ),
    "edit what we did": lambda db, lp: log_ops.edit_said(
        _said(db, lp), "we_did", "Outcomes first, détails après"
    ),
    "delete a 'you said'": lambda _db, lp: log_ops.delete_said(lp.engagement, [lp.said]),
    "add a small win": lambda _db, lp: log_ops.add_win(
        lp.engagement, date(2026, 3, 1), "Helen forwards the update", touchpoint_id=lp.touchpoint
    ),
    "edit a small win": lambda db, lp: log_ops.edit_win(_win(db, lp), "text", "Ελένη smiled"),
    "delete a small win": lambda _db, lp: log_ops.delete_wins(lp.engagement, [lp.win]),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_undoes_and_redoes_exactly(db: Database, loop: Loop, name: str) -> None:
    operation = OPERATIONS[name](db, loop)
    assert operation is not None, f"{name}: would change nothing"
    done = round_trip(db, operation)
    assert done.changeset, f"{name}: changed nothing"
    assert done.changeset.engagements <= {loop.engagement, loop.other}


def test_raising_the_first_issue_stores_the_default_ladder_and_undo_leaves_it_default(
    db: Database, loop: Loop
) -> None:
    assert is_default(escalation.list_levels(db, loop.other)) is False  # made its own above
    client = ws.add_client(db, "Fresh")
    fresh = ws.add_engagement(db, client.id, "Fresh").id
    done = perform(db, issue_ops.raise_issue(fresh, "First", RAISED))
    assert done.value.rung_name == "Level 1: Project team"
    assert not is_default(escalation.list_levels(db, fresh))
    revert(db, done)
    assert is_default(escalation.list_levels(db, fresh))


def test_edits_that_change_nothing_are_no_operation(db: Database, loop: Loop) -> None:
    action = _action(db, loop)
    assert action_ops.edit_action(action, "title", f"  {action.title} ") is None
    assert action_ops.edit_action(action, "cause", "dispensation") is None  # delivery already
    assert action_ops.set_status(action, "open") is None
    assert action_ops.move_action(action, action.position) is None
    assert issue_ops.edit_issue(_issue(db, loop), "raised_by", "Helen") is None
    assert log_ops.edit_win(_win(db, loop), "text", "Pilot live on time") is None
    assert log_ops.answer_with_action(_said(db, loop), None) is None


# --- a colleague's change, and a deleted source ---------------------------------------------


def test_an_edit_over_a_colleagues_later_change_is_refused_in_words(
    db: Database, loop: Loop, colleague: Colleague
) -> None:
    action, issue = _action(db, loop), _issue(db, loop)
    edit = action_ops.edit_action(action, "owner_name", "Mine")
    escalate = issue_ops.escalate(issue, date(2026, 3, 3))
    assert edit is not None
    colleague(ACTION, loop.action, owner_name="Ana")
    colleague(ISSUE, loop.issue, owner="Dana")
    before = user_data(db)
    with pytest.raises(StaleRow, match=r"changed this action's owner at \d\d:\d\d \(Aiko → Ana\)"):
        perform(db, edit)
    with pytest.raises(StaleRow, match=r"changed this issue's owner"):
        perform(db, escalate)
    assert user_data(db) == before


def test_an_undo_over_a_colleagues_later_change_is_refused_and_loses_nothing(
    db: Database, loop: Loop, colleague: Colleague
) -> None:
    status = action_ops.set_status(_action(db, loop), "in_progress")
    assert status is not None
    done = perform(db, status)
    colleague(ACTION, loop.action, due_on=date(2026, 5, 1))
    undo_is_refused(db, done, "^An action was changed after this step")
    edit = log_ops.edit_win(_win(db, loop), "text", "Pilot live!")
    assert edit is not None
    win = perform(db, edit)
    colleague(WIN, loop.win, text="Pilot live, and early")
    undo_is_refused(db, win, "^A small win was changed after this step")


def test_deleting_what_an_action_answers_keeps_the_action_and_undo_links_it_again(
    db: Database, loop: Loop
) -> None:
    delete = matrix_ops.delete_items(loop.engagement, [loop.item])
    assert delete is not None
    done = round_trip(db, delete)  # ends deleted again (redone)
    assert loop.action in done.changeset.updated["gap_action"]  # unlinked, not deleted
    row = actions.get_action(db, loop.action)
    assert row is not None
    assert row.record.source_gone
    assert row.source_text == "Expectation: Invoices as PDF (deleted)"
    assert action_evidence.load_evidence(db, loop.engagement)[loop.action].verdict is (
        Verdict.NOT_DONE
    )


def test_reads_name_the_source_and_the_way_back_from_a_gap(db: Database, loop: Loop) -> None:
    typed, row = actions.list_actions(db, loop.engagement)
    assert (typed.source_text, typed.record.source_kind) == ("", "none")
    assert row.source_text == "Expectation: Invoices as PDF"
    assert row.record.gap_before == -2.0  # experienced 2 - expected 4, when it was made
    assert actions.actions_for(db, ActionSource(SourceKind.EXPECTATION, loop.item)) == [row]
    assert actions.action_counts_by_source(db, loop.engagement) == {
        ("expectation_item_id", loop.item): 1
    }
    rater_gap = ActionSource(SourceKind.RATER_DISAGREEMENT, loop.assessment, "empathy")
    draft = actions.source_draft(db, loop.engagement, rater_gap)
    assert draft.gap_before == 3.0  # team 0, client -3
    assert draft.label == "RATER Empathy, team vs client in “RATER at kickoff”"
    (issue,) = issues.list_issues(db, loop.engagement)
    assert issue.touchpoint_ids == (loop.touchpoint,)
    assert issue.time_on_rung(date(2026, 3, 3)).too_long  # "Same working day"
    pulse_draft = loop_log.said_draft(db, SaidSource.PULSE, loop.pulse)
    assert (pulse_draft.said, pulse_draft.said_on) == ("Status reports", date(2026, 2, 9))


def test_an_action_closed_then_reopened_loses_its_closing_date(db: Database, loop: Loop) -> None:
    at = datetime(2030, 1, 2, 3, 4)
    done = _do(db, action_ops.set_status(_action(db, loop), "done", at=at))
    assert done.record.closed_at == at
    dropped = _do(db, action_ops.set_status(done.record, "dropped"))
    assert dropped.record.closed_at == at  # still closed the same day
    reopened = _do(db, action_ops.set_status(dropped.record, "open"))
    assert reopened.record.closed_at is None
