"""Closing the loop's maths, on plain values: the five gaps, overdue actions, "did it work?",
and how long an issue may sit on a rung of the escalation ladder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from cxdesk.models.actions import (
    ActionRecord,
    ActionStatus,
    Evidence,
    Measurement,
    SourceKind,
    Verdict,
    action_counts,
    at_end_of,
    evidence,
    is_overdue,
    open_and_overdue_first,
)
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.five_gaps import (
    CAUSES,
    ActionCause,
    GapCause,
    cause_of,
    five_gaps_counts,
)
from cxdesk.models.issues import (
    AllowedTime,
    IssueRecord,
    IssueRow,
    TimeUnit,
    add_working_days,
    allowed_time,
    issue_counts,
    time_on_rung,
    working_days_between,
)

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)


def action(**changes: object) -> ActionRecord:
    made = ActionRecord(
        id=1,
        engagement_id=1,
        position=0,
        title="Add the PO number",
        source_kind=SourceKind.EXPECTATION.value,
        expectation_item_id=7,
        rater_assessment_id=None,
        rater_dimension=None,
        touchpoint_id=None,
        stakeholder_id=None,
        handoff_item_id=None,
        pulse_check_id=None,
        source_label="Expectation: invoices",
        gap_before=None,
        issue_id=None,
        cause=None,
        owner_name="Aiko",
        owner_side="ours",
        due_on=None,
        status=ActionStatus.OPEN.value,
        outcome="",
        created_at=datetime(2026, 2, 1, 9, 0),
        closed_at=None,
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def done(on: datetime = datetime(2026, 2, 5, 16, 0), **changes: object) -> ActionRecord:
    return action(status=ActionStatus.DONE.value, closed_at=on, **changes)


# --- the five gaps -------------------------------------------------------------------


def test_the_five_gaps_carry_the_standard_names_and_the_seeds_synonyms() -> None:
    assert [c.label for c in CAUSES] == [
        "Knowledge gap",
        "Standards gap",
        "Delivery gap",
        "Communication gap",
        "Customer gap",
    ]
    assert [c.synonym for c in CAUSES] == [
        "cognition",
        "protocol",
        "dispensation",
        "correspondence",
        "patron",
    ]
    assert GapCause.STANDARDS.label_with_synonym == "Standards gap (protocol)"
    assert GapCause.COMMUNICATION.trouble == "promises"


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("knowledge", GapCause.KNOWLEDGE),
        ("Cognition gap", GapCause.KNOWLEDGE),
        (" policy ", GapCause.STANDARDS),
        ("Dispensation", GapCause.DELIVERY),
        ("Customer gap", GapCause.CUSTOMER),
        ("", None),
        (None, None),
    ],
)
def test_a_cause_is_read_from_its_value_its_label_or_its_synonym(
    text: str | None, cause: GapCause | None
) -> None:
    assert cause_of(text) is cause


def test_an_unknown_cause_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of the five gaps"):
        cause_of("budget")


def test_five_gaps_counts_open_actions_and_trailing_expectations_per_cause() -> None:
    rows = five_gaps_counts(
        [
            ActionCause(GapCause.DELIVERY, True, 3),
            ActionCause(GapCause.COMMUNICATION, False, 3),  # done: its cause still counts
            ActionCause(GapCause.STANDARDS, True, 1),
            ActionCause(GapCause.STANDARDS, True, None),
            ActionCause(None, True, None),
            ActionCause(GapCause.KNOWLEDGE, False, 9),  # row 9 does not trail
        ],
        trailing_item_ids=[1, 3, 6],
    )
    counted = {row.cause: (row.open_actions, row.trailing_expectations) for row in rows}
    assert counted == {
        GapCause.KNOWLEDGE: (0, 0),
        GapCause.STANDARDS: (2, 1),
        GapCause.DELIVERY: (1, 1),
        GapCause.COMMUNICATION: (0, 1),  # row 3 under both of its causes
        GapCause.CUSTOMER: (0, 0),
        None: (1, 1),  # row 6 trails with no cause named
    }
    assert [row.label for row in rows][-1] == "No cause named"
    empty = five_gaps_counts([], [])  # the table keeps its shape
    assert [(r.cause, r.open_actions, r.trailing_expectations) for r in empty] == [
        (cause, 0, 0) for cause in (*CAUSES, None)
    ]


# --- overdue ---------------------------------------------------------------------------


def test_an_open_action_past_its_due_date_is_overdue_from_the_next_day() -> None:
    today = date(2026, 3, 10)
    assert not is_overdue("open", today, today)  # due today: not yet
    assert is_overdue("open", date(2026, 3, 9), today)
    assert is_overdue("in_progress", date(2026, 3, 1), today)
    assert not is_overdue("done", date(2026, 3, 1), today)
    assert not is_overdue("dropped", date(2026, 3, 1), today)
    assert not is_overdue("open", None, today)
    assert action(due_on=date(2026, 3, 7)).days_overdue(today) == 3


def test_the_counts_and_the_order_of_the_actions_view_and_the_pdf() -> None:
    today = date(2026, 3, 10)
    late = action(id=1, position=3, due_on=date(2026, 3, 1))
    later = action(id=2, position=0, due_on=date(2026, 3, 8))
    coming = action(id=3, position=1, due_on=date(2026, 3, 20), status="in_progress")
    undated = action(id=4, position=2)
    closed = done(id=5, position=4, due_on=date(2026, 2, 1))
    counts = action_counts([closed, coming, later, undated, late], today)
    assert (counts.open, counts.overdue, counts.oldest_overdue) == (4, 2, late)
    assert action_counts([], today).oldest_overdue is None
    ordered = open_and_overdue_first([closed, undated, coming, later, late], today)
    assert [a.id for a in ordered] == [1, 2, 3, 4, 5]


# --- did it work? ----------------------------------------------------------------------

HISTORY = (
    Measurement(datetime(2026, 1, 5, 17, 0), -3.0, "Kickoff"),
    Measurement(datetime(2026, 2, 9, 17, 0), -2.0, "Design sign-off"),
    Measurement(datetime(2026, 3, 6, 17, 0), -1.0, "Pilot go-live"),
)


def test_before_is_the_last_measurement_before_it_was_made_after_the_first_after_done() -> None:
    found = evidence(done(), HISTORY)
    assert found == Evidence(Verdict.IMPROVED, -3.0, -2.0, "Design sign-off")
    assert found.change == 1.0


def test_a_before_kept_when_it_was_made_wins_over_the_history() -> None:
    assert evidence(done(gap_before=-1.0), HISTORY).verdict is Verdict.WORSE
    assert evidence(done(gap_before=-2.0), HISTORY).verdict is Verdict.UNCHANGED


def test_not_measured_yet_until_a_measurement_after_it_was_done() -> None:
    late = done(on=datetime(2026, 3, 7, 9, 0))
    assert evidence(late, HISTORY) == Evidence(Verdict.NOT_MEASURED_YET, -3.0)
    assert evidence(late, []).verdict is Verdict.NOT_MEASURED_YET


def test_without_any_earlier_measurement_the_after_is_still_shown() -> None:
    early = done(created_at=datetime(2026, 1, 1, 8, 0), on=datetime(2026, 1, 2, 8, 0))
    assert evidence(early, HISTORY) == Evidence(Verdict.NO_BEFORE, None, -3.0, "Kickoff")


def test_an_action_not_done_a_typed_one_and_one_whose_source_went_are_not_judged() -> None:
    assert evidence(action(), HISTORY).verdict is Verdict.NOT_DONE
    dropped = action(status="dropped", closed_at=datetime(2026, 2, 2))
    assert evidence(dropped, HISTORY).verdict is Verdict.NOT_DONE
    typed = done(source_kind="none", expectation_item_id=None)
    assert evidence(typed, HISTORY).verdict is Verdict.NO_SOURCE
    gone = done(expectation_item_id=None)
    assert gone.source_gone
    assert evidence(gone, []).verdict is Verdict.SOURCE_GONE


def test_a_disagreement_that_narrows_is_an_improvement() -> None:
    narrowed = done(
        source_kind=SourceKind.RATER_DISAGREEMENT.value,
        expectation_item_id=None,
        rater_assessment_id=2,
        rater_dimension="empathy",
        gap_before=2.5,
    )
    later = [Measurement(at_end_of(date(2026, 3, 6)), 1.0, "RATER at Pilot go-live")]
    assert evidence(narrowed, later).verdict is Verdict.IMPROVED
    widened = [Measurement(at_end_of(date(2026, 3, 6)), 3.0, "RATER at Pilot go-live")]
    assert evidence(narrowed, widened).verdict is Verdict.WORSE


def test_a_measurement_dated_the_day_it_was_done_counts_as_after() -> None:
    closed = done(on=datetime(2026, 3, 6, 15, 0), gap_before=5.0)
    same_day = [Measurement(at_end_of(date(2026, 3, 6)), 7.0, "Pulse check 2026-03-06")]
    assert evidence(closed, same_day).verdict is Verdict.IMPROVED
    assert at_end_of(date(2026, 3, 6)).time() == time.max


def test_a_handoff_item_is_judged_by_its_tick_now() -> None:
    handoff = done(source_kind="handoff_item", expectation_item_id=None, handoff_item_id=4)
    handoff = replace(handoff, gap_before=0.0)
    ticked = Measurement(datetime(2026, 3, 10), 1.0, "now")
    assert evidence(handoff, [], now=ticked).verdict is Verdict.IMPROVED
    open_still = Measurement(datetime(2026, 3, 10), 0.0, "now")
    assert evidence(handoff, [], now=open_still).verdict is Verdict.UNCHANGED


# --- time on a rung of the escalation ladder --------------------------------------------


@pytest.mark.parametrize(
    ("written", "allowed"),
    [
        ("Same working day", AllowedTime(0, TimeUnit.WORKING_DAYS)),
        ("Within 1 working day", AllowedTime(1, TimeUnit.WORKING_DAYS)),
        ("Within 2 working days", AllowedTime(2, TimeUnit.WORKING_DAYS)),
        ("within three business days", AllowedTime(3, TimeUnit.WORKING_DAYS)),
        ("4 hours", AllowedTime(0, TimeUnit.DAYS)),
        ("48 hours", AllowedTime(2, TimeUnit.DAYS)),
        ("5 days", AllowedTime(5, TimeUnit.DAYS)),
        ("one week", AllowedTime(7, TimeUnit.DAYS)),
        ("2 working weeks", AllowedTime(10, TimeUnit.WORKING_DAYS)),
        ("Next working day", AllowedTime(1, TimeUnit.WORKING_DAYS)),
        ("ASAP", AllowedTime(0, TimeUnit.WORKING_DAYS)),
        ("", None),
        ("As agreed with the sponsor", None),
    ],
)
def test_the_time_a_rung_allows_is_read_from_its_response_time(
    written: str, allowed: AllowedTime | None
) -> None:
    assert allowed_time(written) == allowed


def test_every_rung_of_the_default_ladder_allows_a_time() -> None:
    assert [allowed_time(rung[3]) for rung in DEFAULT_LADDER] == [
        AllowedTime(n, TimeUnit.WORKING_DAYS) for n in (0, 1, 2, 3)
    ]


def test_working_days_skip_the_weekend() -> None:
    assert add_working_days(FRIDAY, 1) == date(2026, 3, 9)  # Monday
    assert add_working_days(SATURDAY, 0) == date(2026, 3, 9)
    assert add_working_days(MONDAY, 0) == MONDAY
    assert working_days_between(FRIDAY, date(2026, 3, 9)) == 1
    assert working_days_between(MONDAY, date(2026, 3, 16)) == 10
    assert working_days_between(MONDAY, MONDAY) == 0


def test_an_issue_sits_too_long_the_day_after_its_deadline() -> None:
    on_time = time_on_rung(FRIDAY, "Within 1 working day", date(2026, 3, 9))
    assert (on_time.deadline, on_time.too_long, on_time.days_on_rung) == (
        date(2026, 3, 9),
        False,
        3,
    )
    late = time_on_rung(FRIDAY, "Within 1 working day", date(2026, 3, 10))
    assert (late.too_long, late.days_over, late.working_days_on_rung) == (True, 1, 2)
    assert not time_on_rung(
        FRIDAY, "Within 1 working day", date(2026, 3, 10), is_open=False
    ).too_long
    never = time_on_rung(FRIDAY, "When the board meets", date(2027, 1, 1))
    assert (never.allowed, never.deadline, never.too_long) == (None, None, False)


def test_issue_counts_by_rung() -> None:
    def row(rung: str, position: int, since: date, status: str = "open") -> IssueRow:
        record = IssueRecord(1, 1, "t", "", "", "client", since, 1, "", since, status, None, "")
        return IssueRow(record, rung, position, "", "Same working day")

    counts = issue_counts(
        [
            row("Level 2", 1, date(2026, 3, 2)),
            row("Level 1", 0, date(2026, 3, 10)),
            row("Level 1", 0, date(2026, 3, 1), status="resolved"),
        ],
        date(2026, 3, 10),
    )
    assert (counts.open, counts.too_long) == (2, 1)
    assert list(counts.by_rung.items()) == [("Level 1", 1), ("Level 2", 1)]
