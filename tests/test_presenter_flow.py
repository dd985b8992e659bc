"""Where the presenter view goes next and where a resumed session continues (no Qt)."""

from __future__ import annotations

import pytest

from cxdesk.models.quiz import SessionMode
from cxdesk.ui.quiz import presenter_flow as flow
from cxdesk.ui.quiz import presenter_texts as texts
from cxdesk.ui.quiz.presenter_flow import Page, Step

LAPTOP, HANDS, PHONES = SessionMode.LAPTOP, SessionMode.HANDS, SessionMode.PHONES
TALLY = {1: 0, 2: 3, 3: 4, 4: 3, 5: 2}


def resume(mode: SessionMode, answers=(), tallies=(None,) * 5, revealed=False, count=0) -> Step:  # type: ignore[no-untyped-def]
    return flow.resume_step(mode, 5, answers, tallies, revealed, count)


def test_a_new_laptop_session_starts_with_the_first_person() -> None:
    assert resume(LAPTOP) == Step(Page.START)


def test_an_unfinished_turn_is_offered_from_its_start_page() -> None:
    """Never straight into their statements: whoever holds the laptop confirms first."""
    answers = [(4, 3, 5, 2, 4), (3, 3, None, None, None)]
    assert resume(LAPTOP, answers) == Step(Page.START, 2, 1)
    # Enter then continues at the first gap of their own turn.
    assert resume(LAPTOP, [(3, None, 4, None, None)]) == Step(Page.START, 1, 0)


def test_an_earlier_person_who_skipped_is_not_handed_the_laptop_again() -> None:
    answers = [(4, None, 5, 2, 4), (3, 3, 3, 3, 3)]
    assert resume(LAPTOP, answers) == Step(Page.START)


def test_an_empty_last_record_is_reused_from_its_start_page() -> None:
    answers = [(4, 3, 5, 2, 4), (None,) * 5]
    assert resume(LAPTOP, answers) == Step(Page.START, 0, 1)


def test_voting_counts_as_ended_when_the_expected_people_have_all_finished() -> None:
    complete = [(4, 3, 5, 2, 4), (3, 3, 3, 3, 3)]
    assert resume(LAPTOP, complete, count=2) == Step(Page.CLOSED)
    assert resume(LAPTOP, complete, count=3) == Step(Page.START)
    assert resume(LAPTOP, complete, count=0) == Step(Page.START)  # nobody said how many


def test_a_revealed_session_opens_on_its_results() -> None:
    assert resume(LAPTOP, [(1, None, None, None, None)], revealed=True) == Step(Page.RESULTS)
    assert resume(HANDS, revealed=True) == Step(Page.RESULTS)


def test_hands_resume_at_the_first_untallied_statement_then_closed() -> None:
    assert resume(HANDS) == Step(Page.TALLY, 0)
    assert resume(HANDS, tallies=(TALLY, TALLY, None, TALLY, None)) == Step(Page.TALLY, 2)
    assert resume(HANDS, tallies=(TALLY,) * 5) == Step(Page.CLOSED)


def test_forward_and_back_through_a_turn() -> None:
    step = Step(Page.STATEMENT, 0, 7)
    for index in range(1, 5):
        step = flow.forward(step, 5, LAPTOP)
        assert step == Step(Page.STATEMENT, index, 7)
    assert flow.forward(step, 5, LAPTOP) == Step(Page.THANKS, 4, 7)
    assert flow.back(Step(Page.STATEMENT, 0, 7), 5, LAPTOP) == Step(Page.STATEMENT, 0, 7)
    # The thank-you page is the hand-over: it never leads back into anyone's answers.
    thanks = Step(Page.THANKS, 4, 7)
    assert flow.back(thanks, 5, LAPTOP, (4, None, 3, 3, 3)) == thanks
    assert flow.back(thanks, 5, LAPTOP, (4, 4, 3, 3, 3)) == thanks
    # The start page never leads back into the previous person's answers.
    assert flow.back(Step(Page.START), 5, LAPTOP) == Step(Page.START)


def test_tally_pages_end_on_the_closed_page_and_closed_reopens_voting() -> None:
    assert flow.forward(Step(Page.TALLY, 4), 5, HANDS) == Step(Page.CLOSED)
    assert flow.back(Step(Page.CLOSED), 5, HANDS) == Step(Page.TALLY, 4)
    assert flow.back(Step(Page.CLOSED), 5, LAPTOP) == Step(Page.START)


def test_voting_ends_between_turns_not_in_the_middle_of_one() -> None:
    for page in (Page.START, Page.THANKS, Page.TALLY):
        assert flow.end_voting(Step(page)) == Step(Page.CLOSED)
    mid_turn = Step(Page.STATEMENT, 2, 1)
    assert flow.end_voting(mid_turn) == mid_turn


@pytest.mark.parametrize(
    ("digit", "low", "high", "score"),
    [
        (1, 1, 5, 1),
        (5, 1, 5, 5),
        (0, 1, 5, None),
        (6, 1, 5, None),
        (9, 1, 5, None),
        (0, 0, 4, 0),
        (0, 1, 10, 10),  # 0 means 10 on a 1-10 scale
        (0, 0, 10, 0),
        (7, 0, 10, 7),
    ],
)
def test_digit_keys_give_only_scores_inside_the_scale(
    digit: int, low: int, high: int, score: int | None
) -> None:
    assert flow.score_for_key(digit, low, high) == score


def test_key_hints_name_the_scale() -> None:
    assert flow.key_range_text(1, 5) == "1–5"
    assert flow.key_range_text(1, 10) == "1–9, 0 = 10"
    assert texts.key_hints(Page.STATEMENT, "1–5") == "← → move · 1–5 answer · Esc leave"


def test_counts_for_the_end_pages() -> None:
    assert flow.skipped_count((4, None, 3, None, 1), 5) == 2
    assert flow.skipped_count((4, 3), 5) == 3
    assert flow.answered_people([(None,) * 5, (1, None, None, None, None), (1, 2, 3, 4, 5)]) == 2
    assert flow.untallied((TALLY, None, TALLY), 5) == [1, 3, 4]


def test_closed_summary_never_shows_scores() -> None:
    answers = [(4, 3, 5, 2, 4), (3, None, 2, 4, 4), (None,) * 5]
    assert texts.closed_summary(False, 5, answers, (), 0) == (
        "2 people answered",
        "1 of them skipped a statement",
    )
    assert texts.closed_summary(True, 5, (), (TALLY, None, TALLY, TALLY, None), 12) == (
        "12 people voted by show of hands",
        "Statements 2, 5 not counted yet — press ← to go back",
    )


def test_tally_sum_text() -> None:
    assert texts.tally_sum(9, 12) == "9 of 12 hands"
    assert texts.tally_sum(12, 12) == "12 of 12 hands ✓"
    assert texts.tally_sum(14, 12) == "14 of 12 hands — 2 too many"


def test_a_room_on_phones_resumes_on_the_join_page_where_it_stopped() -> None:
    # Nobody yet: the first statement. Someone left the second blank: there.
    assert resume(PHONES) == Step(Page.JOIN, 0)
    assert resume(PHONES, [(3, 4, None, None, None), (3, None, None, None, None)]) == Step(
        Page.JOIN, 1
    )
    # Everyone answered everything: the last statement, where Ctrl+Enter closes voting.
    assert resume(PHONES, [(3, 4, 2, 2, 1)]) == Step(Page.JOIN, 4)
    assert resume(PHONES, [(3, 4, 2, 2, 1)], revealed=True) == Step(Page.RESULTS)


def test_a_room_on_phones_moves_statement_by_statement_then_closes() -> None:
    assert flow.forward(Step(Page.JOIN, 2), 5, PHONES) == Step(Page.POLL, 2)
    assert flow.forward(Step(Page.POLL, 2), 5, PHONES) == Step(Page.POLL, 3)
    assert flow.forward(Step(Page.POLL, 4), 5, PHONES) == Step(Page.CLOSED)
    assert flow.back(Step(Page.POLL, 3), 5, PHONES) == Step(Page.POLL, 2)
    assert flow.back(Step(Page.POLL, 0), 5, PHONES) == Step(Page.JOIN, 0)  # for latecomers
    assert flow.back(Step(Page.JOIN, 0), 5, PHONES) == Step(Page.JOIN, 0)
    assert flow.back(Step(Page.CLOSED), 5, PHONES) == Step(Page.POLL, 4)  # voting reopened
    assert flow.end_voting(Step(Page.JOIN, 0)) == Step(Page.CLOSED)
    assert flow.end_voting(Step(Page.POLL, 3)) == Step(Page.CLOSED)


def test_the_room_count_is_the_people_who_answered_that_statement() -> None:
    answers = [(3, None, 2), (None, None, 1), (1, 2, None)]
    assert [flow.answered_statement(answers, i) for i in range(3)] == [2, 1, 2]
    assert flow.answered_statement([], 0) == 0
