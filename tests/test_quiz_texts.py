"""The words and numbers of a workshop's results (cxdesk.ui.quiz.texts): pure, no Qt."""

from __future__ import annotations

from datetime import date

import pytest

from cxdesk.models.quiz import BUILT_IN_QUIZ, SessionMode
from cxdesk.models.records import ParticipantRecord, SessionResultsData
from cxdesk.store import quizzes as qz
from cxdesk.store import workshop as wk
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.ui.quiz import texts

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(17.44, "17.4"), (17.45001, "17.5"), (-1.84, f"{MINUS}1.8"), (-0.04, "0.0"), (0, "0.0")],
)
def test_number_has_one_decimal_and_a_real_minus(value: float, shown: str) -> None:
    assert texts.number(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(1.8, "+1.8"), (-0.4, f"{MINUS}0.4"), (0.01, "0.0"), (-0.01, "0.0")]
)
def test_signed_change(value: float, shown: str) -> None:
    assert texts.signed(value) == shown


def test_day_people_and_names() -> None:
    assert texts.day(date(2026, 3, 5)) == "5 Mar 2026"
    assert texts.people(1) == "1 person"
    assert texts.people(0) == "0 people"
    assert texts.participant_name(ParticipantRecord(1, 1, 2, "")) == "Participant 3"
    assert texts.participant_name(ParticipantRecord(1, 1, 2, "Dana")) == "Dana"


def test_total_text_never_scores_a_skip_as_zero() -> None:
    assert texts.total_text(None, (1, None, 2, None, 3), 5) == "incomplete (3 of 5)"
    assert texts.total_text(None, (None,) * 5, 5) == "incomplete (0 of 5)"
    assert texts.total_text(17, (3, 3, 3, 4, 4), 5) == "17"


def test_band_counts_best_band_first_then_incomplete() -> None:
    pro, polish, _big = BUILT_IN_QUIZ.bands
    lines = texts.band_counts(BUILT_IN_QUIZ.bands, [polish, pro, polish, None, polish])
    assert lines == [
        "1 person: Experience-first delivery pro",
        "3 people: Strong foundation, needs polish",
        "0 people: Big opportunity to elevate client engagement",
        "1 incomplete",
    ]


# -- sentences built from real results -------------------------------------------------------


def session(db: Database, mode: SessionMode, title: str, day: date, people: int = 0) -> int:
    client = ws.add_client(db, f"Client {title}")
    engagement = ws.add_engagement(db, client.id, "Portal")
    quiz = qz.ensure_built_in_quiz(db)
    return wk.add_session(db, quiz.id, engagement.id, title, day, mode, people).id


def laptop(
    db: Database, answers: list[list[int | None]], title: str = "Retro"
) -> SessionResultsData:
    session_id = session(db, SessionMode.LAPTOP, title, date(2026, 3, 12))
    quiz = qz.ensure_built_in_quiz(db)
    for row in answers:
        person = wk.add_participant(db, session_id)
        for statement, score in zip(quiz.statements, row, strict=False):
            if score is not None:
                wk.record_answer(db, person.id, statement.id, score)
    data = wk.load_session_results(db, session_id)
    assert data is not None
    return data


def test_room_summary_pass_the_laptop(db: Database) -> None:
    data = laptop(db, [[4, 4, 3, 4, 4], [3, 3, 3, 3, 3], [5, 5, None, None, 5]])
    summary = texts.room_summary(data, data.results)
    assert summary.average == "17.0"
    assert summary.out_of == "out of 25"
    assert summary.band is not None
    assert summary.band.label == "Strong foundation, needs polish"
    assert summary.progress == "2 of 3 finished; 1 incomplete"
    assert summary.missing == ""


def test_room_summary_when_everyone_finished_or_nobody(db: Database) -> None:
    done = laptop(db, [[4, 4, 3, 4, 4], [3, 3, 3, 3, 3]])
    assert texts.room_summary(done, done.results).progress == "2 people, all finished"
    nobody = laptop(db, [[4, None, 3, 4, 4]], title="Second")
    summary = texts.room_summary(nobody, nobody.results)
    assert summary.average is None
    assert summary.progress == "0 of 1 finished; 1 incomplete"
    assert "No one has answered all 5 statements yet" in summary.missing


def test_room_summary_show_of_hands(db: Database) -> None:
    session_id = session(db, SessionMode.HANDS, "Kickoff", date(2026, 3, 12), people=12)
    quiz = qz.ensure_built_in_quiz(db)
    for statement in quiz.statements[:3]:
        wk.record_tally(db, session_id, statement.id, {3: 6, 4: 6})
    data = wk.load_session_results(db, session_id)
    assert data is not None
    summary = texts.room_summary(data, data.results)
    assert summary.average is None
    assert summary.progress == "12 people; 3 of 5 statements tallied"
    assert summary.missing == (
        "The room average comes once every statement is tallied: still to count statements 4, 5."
    )
    for statement in quiz.statements[3:]:
        wk.record_tally(db, session_id, statement.id, {4: 12})
    data = wk.load_session_results(db, session_id)
    assert data is not None
    summary = texts.room_summary(data, data.results)
    assert summary.progress == "12 people, all 5 statements tallied"
    assert summary.average == "18.5"  # 3 x 3.5 + 2 x 4


def test_change_sentence(db: Database) -> None:
    before = laptop(db, [[3, 3, 3, 3, 3], [3, 3, 3, 3, 4]], title="Kickoff workshop")
    assert texts.change_sentence(17.2, before) == (
        "+1.7 since \u201cKickoff workshop\u201d on 12 Mar 2026 (was 15.5)"
    )
    assert texts.change_sentence(14.0, before).startswith(f"{MINUS}1.5 since")
    assert texts.change_sentence(15.5, before).startswith("No change since")
    assert texts.change_sentence(None, before) == (
        "\u201cKickoff workshop\u201d on 12 Mar 2026 averaged 15.5"
    )
    empty = laptop(db, [[3, None, 3, 3, 3]], title="Empty")
    assert texts.change_sentence(17.0, empty).startswith("No room average from \u201cEmpty\u201d")


def test_flag_lines_name_every_statement_of_a_tie() -> None:
    statements = ("Alpha", "Beta", "Gamma")
    assert texts.flag_lines("Weakest", (1,), statements, (4.0, 2.34, 3.0)) == [
        "Weakest: 2. Beta (mean 2.3)"
    ]
    assert texts.flag_lines("Weakest", (0, 2), statements, (2.0, 4.0, 2.0)) == [
        "Tied weakest: 1. Alpha (mean 2.0)",
        "Tied weakest: 3. Gamma (mean 2.0)",
    ]
    assert texts.flag_lines("Weakest", (), statements, (None, None, None)) == []
