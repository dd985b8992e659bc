"""Storing workshop quizzes and sessions (cxdesk.store.workshop): quizzes, answers, tallies,
refusals, the database's own CHECKs and triggers, cascades, undo, quiz files, migration.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from cxdesk.models.quiz import BUILT_IN_QUIZ, Band, SessionMode
from cxdesk.models.records import AnswerRecord, QuizRecord
from cxdesk.ops import Operation, perform, revert
from cxdesk.ops import quizzes as ops
from cxdesk.store import quiz_files as qf
from cxdesk.store import quizzes as qz
from cxdesk.store import workshop as wk
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database, make_engine, open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import BOOKKEEPING, every_row, table_names
from tests.raw_rows import user_data
from tests.store_reads import list_participants

pytestmark = pytest.mark.both_backends

LAPTOP, HANDS, PHONES = SessionMode.LAPTOP, SessionMode.HANDS, SessionMode.PHONES


def data_without_versions(path: Path) -> dict[str, list[Any]]:
    """The user's rows without their ``version`` (schema 0009 gives every row one) and
    without the columns later schemas add to existing tables (the engagement's toolkit
    language, 0015): what an older workspace held compares equal to what it holds once
    migrated."""
    tables = [t for t in table_names(path) if t not in BOOKKEEPING]
    return every_row(path, tables, versions=False, since_0015=False)


DAY = date(2026, 3, 12)
THREE_BANDS = [Band(7, 9, "High", "Keep going."), Band(4, 6, "Mid"), Band(3, 3, "Low")]


def count(db: Database, table: str) -> int:
    with db.reading() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def refused(message: str) -> Any:
    """Refused with exactly ``message``."""
    return pytest.raises(EditRefused, match=f"^{_escape(message)}$")


def _escape(message: str) -> str:
    import re

    return re.escape(message)


@dataclass
class Setup:
    engagement: int
    other_engagement: int
    builtin: QuizRecord
    small: QuizRecord  # three statements rated 1-3: totals 3-9


@pytest.fixture
def setup(db: Database) -> Setup:
    client = ws.add_client(db, "Harbourline Freight Co.")
    engagement = ws.add_engagement(db, client.id, "Customer portal rollout")
    other = ws.add_engagement(db, client.id, "Data warehouse")
    builtin = qz.ensure_built_in_quiz(db)
    small = qz.add_quiz(
        db, "Team pulse", 1, 3, ["We listen", "We adapt", "We reflect"], THREE_BANDS
    )
    return Setup(engagement.id, other.id, builtin, small)


# --- quizzes -------------------------------------------------------------------------


def test_the_built_in_quiz_is_created_once_with_its_five_statements_and_bands(db: Database) -> None:
    first = qz.ensure_built_in_quiz(db)
    again = qz.ensure_built_in_quiz(db)
    assert first == again
    assert first.built_in is True
    # Bands are kept lowest totals first, whatever order they were given in.
    lowest_first = tuple(sorted(BUILT_IN_QUIZ.bands, key=lambda b: b.low))
    assert first.definition == replace(BUILT_IN_QUIZ, bands=lowest_first)
    assert [s.position for s in first.statements] == [0, 1, 2, 3, 4]
    assert count(db, "quiz") == 1
    assert count(db, "quiz_statement") == 5
    assert count(db, "quiz_band") == 3


def test_add_list_get_and_copy_quizzes(db: Database, setup: Setup) -> None:
    assert setup.small.title == "Team pulse"
    assert [b.label for b in setup.small.bands] == ["Low", "Mid", "High"]  # lowest first
    assert setup.small.bands[2].advice == "Keep going."
    assert [q.title for q in qz.list_quizzes(db)] == ["CX Self-Assessment", "Team pulse"]
    assert qz.get_quiz(db, setup.small.id) == setup.small
    assert qz.get_quiz(db, 999) is None

    copy = qz.copy_quiz(db, setup.builtin.id)
    assert copy.title == "CX Self-Assessment (copy)"
    assert copy.built_in is False
    assert copy.copied_from_id == setup.builtin.id
    assert copy.definition.statements == BUILT_IN_QUIZ.statements
    assert copy.bands == setup.builtin.bands
    named = qz.copy_quiz(db, setup.small.id, "  Pulse   v2 ")
    assert named.title == "Pulse v2"


def test_update_quiz_replaces_statements_and_bands_at_once(db: Database, setup: Setup) -> None:
    updated = qz.update_quiz(
        db,
        setup.small.id,
        "Team pulse (short)",
        0,
        4,
        ["We adapt", "  We   listen "],
        [Band(0, 3, "Low"), Band(4, 8, "High", "Well done")],
    )
    assert updated.title == "Team pulse (short)"
    assert (updated.scale_min, updated.scale_max) == (0, 4)
    assert [s.text for s in updated.statements] == ["We adapt", "We listen"]
    assert updated.bands == (Band(0, 3, "Low"), Band(4, 8, "High", "Well done"))
    assert count(db, "quiz_statement") == 5 + 2
    assert count(db, "quiz_band") == 3 + 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("  ", 1, 3, ["A"], [Band(1, 3, "All")]), "The quiz needs a name."),
        (
            ("Q", 1, 1, ["A"], [Band(1, 1, "All")]),
            "The scale must run upwards within 0-10, for example 1 to 5; 1 to 1 does not.",
        ),
        (
            ("Q", 1, 11, ["A"], [Band(1, 11, "All")]),
            "The scale must run upwards within 0-10, for example 1 to 5; 1 to 11 does not.",
        ),
        (
            ("Q", 1.0, 5, ["A"], [Band(1, 5, "All")]),
            "The scale runs between two whole numbers, for example 1 to 5.",
        ),
        (("Q", 1, 5, [], []), "A quiz needs at least one statement."),
        (
            ("Q", 1, 3, ["A", "  "], [Band(2, 6, "All")]),
            "Statement 2 is empty: write it, or delete it.",
        ),
        (
            ("Q", 1, 3, ["A", "B", "C"], [Band(3, 5, "Low"), Band(8, 9, "High")]),
            "No band covers totals 6-7.",
        ),
        (
            ("Q", 1, 3, ["A", "B", "C"], [Band(3, 6, "Low"), Band(6, 9, "High")]),
            "Total 6 falls in both “Low” and “High”.",
        ),
        (
            ("Q", 1, 3, ["A", "B", "C"], [Band(3, 6, " "), Band(7, 9, "High")]),
            "The band 3-6 needs a label.",
        ),
        (
            ("Q", 1, 3, ["A", "", "C"], [Band(3, 5, "Low")]),
            "Statement 2 is empty: write it, or delete it.\nNo band covers totals 6-9.",
        ),
    ],
    ids=[
        "blank title",
        "empty scale",
        "scale past 10",
        "scale not whole",
        "no statements",
        "blank statement",
        "gap",
        "overlap",
        "blank label",
        "every problem at once",
    ],
)
def test_quiz_refusals(db: Database, setup: Setup, args: tuple[Any, ...], message: str) -> None:
    before = user_data(db)
    with refused(message):
        qz.add_quiz(db, *args)
    with refused(message):
        qz.update_quiz(db, setup.small.id, *args)
    assert user_data(db) == before


def test_the_built_in_quiz_cannot_be_changed_or_deleted(db: Database, setup: Setup) -> None:
    before = user_data(db)
    with refused("The built-in quiz cannot be changed: edit a copy."):
        qz.update_quiz(db, setup.builtin.id, "Mine", 1, 3, ["A"], [Band(1, 3, "All")])
    with refused("The built-in quiz cannot be deleted."):
        qz.delete_quiz(db, setup.builtin.id)
    assert user_data(db) == before


def test_a_quiz_with_sessions_keeps_its_questions(db: Database, setup: Setup) -> None:
    wk.add_session(db, setup.small.id, setup.engagement, "Kickoff", DAY)
    wk.add_session(db, setup.small.id, None, "Open day", DAY)
    before = user_data(db)
    with refused("“Team pulse” has 2 sessions: edit a copy so their results keep their meaning."):
        qz.update_quiz(db, setup.small.id, "Team pulse", 1, 3, ["We listen"], [Band(1, 3, "All")])
    with refused("“Team pulse” has 2 sessions: delete them first, or keep the quiz."):
        qz.delete_quiz(db, setup.small.id)
    assert user_data(db) == before
    # Renaming changes no result's meaning: allowed, and the statements keep their ids.
    renamed = qz.update_quiz(
        db,
        setup.small.id,
        "Team pulse 2026",
        1,
        3,
        ["We listen", "We adapt", "We reflect"],
        THREE_BANDS,
    )
    assert renamed.title == "Team pulse 2026"
    assert renamed.statements == setup.small.statements
    # The database refuses too (ON DELETE RESTRICT), whatever path deletes the quiz.
    with pytest.raises(EditRefused), db.transaction() as s:
        s.execute(text("DELETE FROM quiz WHERE id = :q"), {"q": setup.small.id})
    assert count(db, "workshop_session") == 2


def test_deleting_a_quiz_and_undoing_it_relinks_its_copies(db: Database, setup: Setup) -> None:
    copy = qz.copy_quiz(db, setup.small.id)
    before = user_data(db)
    done = perform(db, ops.delete_quiz(setup.small))
    assert qz.get_quiz(db, setup.small.id) is None
    assert qz.get_quiz(db, copy.id).copied_from_id is None  # type: ignore[union-attr]
    assert count(db, "quiz_statement") == 5 + 3
    revert(db, done)
    assert user_data(db) == before
    with refused("That quiz no longer exists (it may have been deleted)."):
        qz.delete_quiz(db, 999)


# --- sessions ------------------------------------------------------------------------


def test_add_list_update_and_delete_sessions(db: Database, setup: Setup) -> None:
    late = wk.add_session(db, setup.builtin.id, setup.engagement, " Steering  group ", DAY)
    early = wk.add_session(db, setup.builtin.id, setup.engagement, "Kickoff", date(2026, 1, 9))
    mine = wk.add_session(db, setup.small.id, None, "Open day", DAY, HANDS, participant_count=12)
    theirs = wk.add_session(db, setup.builtin.id, setup.other_engagement, "Theirs", DAY)
    assert late.title == "Steering group"
    assert (late.mode, late.revealed, late.participant_count) == ("laptop", False, 0)
    assert mine.session_mode is HANDS
    assert mine.engagement_id is None
    assert [s.id for s in wk.list_sessions(db, setup.engagement)] == [early.id, late.id]
    assert [s.id for s in wk.list_sessions(db, quiz_id=setup.small.id)] == [mine.id]
    assert [s.id for s in wk.list_sessions(db)] == [early.id, late.id, mine.id, theirs.id]
    assert wk.previous_session(db, late.id) == early
    assert wk.previous_session(db, early.id) is None
    assert wk.previous_session(db, mine.id) is None  # no engagement, nothing to compare

    assert wk.update_session(db, late.id, "title", "Steering").title == "Steering"
    assert wk.update_session(db, late.id, "held_on", date(2026, 1, 2)).held_on == date(2026, 1, 2)
    assert wk.update_session(db, late.id, "revealed", True).revealed is True
    assert wk.update_session(db, mine.id, "participant_count", 14).participant_count == 14
    assert wk.get_session(db, late.id) == wk.list_sessions(db, setup.engagement)[0]

    ann = wk.add_participant(db, early.id, "Ann")
    wk.record_answer(db, ann.id, setup.builtin.statements[0].id, 4)
    before = user_data(db)
    done = perform(db, ops.delete_session(early))
    assert wk.get_session(db, early.id) is None
    assert count(db, "workshop_participant") == 0
    assert count(db, "quiz_answer") == 0
    revert(db, done)
    assert user_data(db) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", " ", "The session needs a name."),
        ("held_on", None, "A session needs the date it is held."),
        (
            "held_on",
            date(1926, 3, 12),
            "12 Mar 1926 looks like a typo: sessions are dated between 2000 and 2099.",
        ),
        ("revealed", 1, "Results are either revealed or hidden."),
        ("participant_count", -1, "The number of participants is a whole number from 0 to 10,000."),
        (
            "participant_count",
            3.5,
            "The number of participants is a whole number from 0 to 10,000.",
        ),
        ("mode", "hands", "“mode” is not something a session can change."),
    ],
)
def test_session_refusals(db: Database, setup: Setup, field: str, value: Any, message: str) -> None:
    session = wk.add_session(db, setup.builtin.id, setup.engagement, "Kickoff", DAY)
    before = user_data(db)
    with refused(message):
        wk.update_session(db, session.id, field, value)
    assert user_data(db) == before


def test_add_session_refusals(db: Database, setup: Setup) -> None:
    before = user_data(db)
    with refused("That quiz no longer exists (it may have been deleted)."):
        wk.add_session(db, 999, None, "Kickoff", DAY)
    with refused("That engagement no longer exists (it may have been deleted)."):
        wk.add_session(db, setup.builtin.id, 999, "Kickoff", DAY)
    with refused(
        "A session collects answers by passing the laptop, by a show of hands or on people's "
        "phones."
    ):
        wk.add_session(db, setup.builtin.id, None, "Kickoff", DAY, "vote")  # type: ignore[arg-type]
    assert user_data(db) == before


# --- pass the laptop -----------------------------------------------------------------


def test_answers_are_recorded_changed_and_cleared(db: Database, setup: Setup) -> None:
    session = wk.add_session(db, setup.small.id, setup.engagement, "Kickoff", DAY)
    ann = wk.add_participant(db, session.id, "  Ann ")
    anon = wk.add_participant(db, session.id)
    named_anon = wk.add_participant(db, session.id, "Anonymous")
    assert (ann.name, ann.position) == ("Ann", 0)
    assert (anon.display_name, anon.position) == ("anonymous", 1)
    assert named_anon.name == ""
    assert wk.rename_participant(db, anon.id, "Ben").name == "Ben"
    first, second, third = (s.id for s in setup.small.statements)

    assert wk.record_answer(db, ann.id, first, 3) == AnswerRecord(ann.id, first, 3)
    wk.record_answer(db, ann.id, first, 2)  # changed, not added
    wk.record_answer(db, ann.id, second, 1)
    assert count(db, "quiz_answer") == 2
    assert wk.clear_answer(db, ann.id, second) == 1
    assert wk.clear_answer(db, ann.id, second) is None
    data = wk.load_session_results(db, session.id)
    assert data is not None
    assert data.answers == ((2, None, None), (None, None, None), (None, None, None))
    wk.record_answer(db, ann.id, third, 3)
    assert [p.name for p in list_participants(db, session.id)] == ["Ann", "Ben", ""]

    done = perform(db, ops.delete_participants([ann.id]))  # type: ignore[arg-type]
    assert count(db, "quiz_answer") == 0
    revert(db, done)
    assert count(db, "quiz_answer") == 2


def test_answer_refusals(db: Database, setup: Setup) -> None:
    session = wk.add_session(db, setup.small.id, setup.engagement, "Kickoff", DAY)
    hands = wk.add_session(db, setup.small.id, None, "Hands", DAY, HANDS, participant_count=3)
    ann = wk.add_participant(db, session.id, "Ann")
    first = setup.small.statements[0].id
    wk.record_answer(db, ann.id, first, 2)
    before = user_data(db)
    for score in (0, 4, 2.5, True, "3", None):
        with refused(f"Scores go from 1 to 3; “{score}” was not saved."):
            wk.record_answer(db, ann.id, first, score)  # type: ignore[arg-type]
    with refused("That statement is not part of this session's quiz."):
        wk.record_answer(db, ann.id, setup.builtin.statements[0].id, 2)
    with refused("That statement no longer exists (it may have been deleted)."):
        wk.record_answer(db, ann.id, 999, 2)
    with refused("That participant no longer exists (it may have been deleted)."):
        wk.record_answer(db, 999, first, 2)
    with refused("This session is run by a show of hands: record the tally instead."):
        wk.add_participant(db, hands.id)
    with refused("That name is too long (at most 200 characters)."):
        wk.add_participant(db, session.id, "x" * 201)
    with refused("That session no longer exists (it may have been deleted)."):
        wk.add_participant(db, 999)
    assert user_data(db) == before


def test_a_phones_session_stores_people_and_their_answers(db: Database, setup: Setup) -> None:
    """The room answering on their phones is stored as passing the laptop is: people,
    each with their answers (last answer wins), and never a show of hands."""
    session = wk.add_session(db, setup.small.id, setup.engagement, "Phones", DAY, PHONES)
    assert (session.mode, session.session_mode) == ("phones", PHONES)
    assert wk.get_session(db, session.id) == session
    ana = wk.add_participant(db, session.id, "Ana")
    phone = wk.add_participant(db, session.id)  # no name typed on the phone
    first, second, third = (s.id for s in setup.small.statements)
    for statement, score in ((first, 3), (second, 2), (third, 2), (second, 1)):
        wk.record_answer(db, ana.id, statement, score)
    wk.record_answer(db, phone.id, first, 1)
    data = wk.load_session_results(db, session.id)
    assert data is not None
    assert [p.name for p in data.participants] == ["Ana", ""]
    assert data.answers == ((3, 1, 2), (1, None, None))
    assert data.results.totals == (6, None)  # the phone that stopped is incomplete
    assert data.results.room_average == 6

    before = user_data(db)
    with refused(
        "This session is run by people's phones: each participant's answers are recorded "
        "instead of a tally."
    ):
        wk.record_tally(db, session.id, first, {1: 0})
    with refused("Scores go from 1 to 3; “4” was not saved."):
        wk.record_answer(db, ana.id, first, 4)
    with refused("That statement is not part of this session's quiz."):
        wk.record_answer(db, ana.id, setup.builtin.statements[0].id, 2)
    assert user_data(db) == before

    # Removed from the room (a spam name): gone with their answers, all or nothing.
    wk.delete_participants(db, [phone.id])
    assert count(db, "quiz_answer") == 3
    wk.delete_session(db, session.id)
    assert count(db, "workshop_participant") == count(db, "quiz_answer") == 0


def test_the_database_knows_phones_sessions(db: Database, setup: Setup) -> None:
    """The CHECK on a session's mode lets 'phones' in and still keeps an unknown way out."""
    insert = (
        "INSERT INTO workshop_session (quiz_id, title, held_on, mode, participant_count, "
        "revealed, created_at) VALUES (:quiz, 'S', '2026-01-01', :mode, 0, FALSE, '2026-01-01')"
    )
    with db.transaction() as s:
        s.execute(text(insert), {"quiz": setup.small.id, "mode": "phones"})
    with pytest.raises(EditRefused), db.transaction() as s:
        s.execute(text(insert), {"quiz": setup.small.id, "mode": "radio"})
    assert [r.mode for r in wk.list_sessions(db)] == ["phones"]


def test_every_answer_is_saved_as_it_is_given(db_path: Path, tmp_path: Path) -> None:
    # The lid closes mid-session (no clean shutdown): reopening finds every answer given.
    db = open_database(db_path, backup_folder=tmp_path / "backups")
    quiz = qz.ensure_built_in_quiz(db)
    session = wk.add_session(db, quiz.id, None, "Offsite", DAY)
    ann = wk.add_participant(db, session.id, "Ann")
    for statement, score in zip(quiz.statements, (5, 4, 3, 4, 5), strict=True):
        wk.record_answer(db, ann.id, statement.id, score)
    ben = wk.add_participant(db, session.id, "Ben")
    wk.record_answer(db, ben.id, quiz.statements[0].id, 2)
    # Read by another connection while the first is still open: already committed.
    # (Without the last column, the row's version: the number of the change that wrote it.)
    assert [row[:-1] for row in user_data(db)["quiz_answer"]] == [
        (i + 1, ann.id, s.id, v)
        for i, (s, v) in enumerate(zip(quiz.statements, (5, 4, 3, 4, 5), strict=True))
    ] + [(6, ben.id, quiz.statements[0].id, 2)]
    db.close()

    with open_database(db_path, backup_folder=tmp_path / "backups") as again:
        data = wk.load_session_results(again, session.id)
        assert data is not None
        assert data.answers == ((5, 4, 3, 4, 5), (2, None, None, None, None))
        results = data.results
        assert results.totals == (21, None)  # Ben is incomplete, not scored 2
        assert results.bands[0] == BUILT_IN_QUIZ.bands[0]  # 21: Experience-first delivery pro
        # Resume: Ben goes on where he stopped.
        wk.record_answer(again, ben.id, quiz.statements[1].id, 3)


# --- show of hands -------------------------------------------------------------------


def test_tallies_are_validated_and_replaced(db: Database, setup: Setup) -> None:
    session = wk.add_session(db, setup.small.id, None, "Room", DAY, HANDS, participant_count=10)
    laptop = wk.add_session(db, setup.small.id, None, "Laptop", DAY)
    first, second, _third = (s.id for s in setup.small.statements)
    assert wk.record_tally(db, session.id, first, {1: 2, 3: 8}) == {1: 2, 2: 0, 3: 8}
    assert wk.record_tally(db, session.id, first, {2: 10}) == {1: 0, 2: 10, 3: 0}
    assert count(db, "hands_tally") == 3
    before = user_data(db)
    for counts, message in (
        (
            {1: 2, 2: 3},
            "The hands add up to 5, but 10 people are taking part: every participant "
            "chooses exactly one score.",
        ),
        ({1: 5, 4: 5}, "Scores run from 1 to 3."),
        ({1: 11, 2: -1}, "A count of hands cannot be negative."),
        ({1: 9.5, 2: 0.5}, "Scores and counts of hands are whole numbers."),
    ):
        with refused(message):
            wk.record_tally(db, session.id, second, counts)  # type: ignore[arg-type]
    with refused("That statement is not part of this session's quiz."):
        wk.record_tally(db, session.id, setup.builtin.statements[0].id, {1: 10})
    with refused(
        "This session is run by passing the laptop: each participant's answers are recorded "
        "instead of a tally."
    ):
        wk.record_tally(db, laptop.id, first, {1: 0})
    with refused(
        "The hands already counted add up to 10, not 12: clear those tallies first "
        "(Ctrl+L on a statement in the presenter), then count them again."
    ):
        wk.update_session(db, session.id, "participant_count", 12)
    assert user_data(db) == before

    wk.clear_tally(db, session.id, first)
    assert count(db, "hands_tally") == 0
    assert wk.update_session(db, session.id, "participant_count", 1).participant_count == 1
    with refused(
        "The hands add up to 2, but 1 person is taking part: every participant chooses "
        "exactly one score."
    ):
        wk.record_tally(db, session.id, first, {1: 2})


def test_a_show_of_hands_session_gives_its_results(db: Database, setup: Setup) -> None:
    session = wk.add_session(db, setup.small.id, None, "Room", DAY, HANDS, participant_count=4)
    first, second, third = (s.id for s in setup.small.statements)
    wk.record_tally(db, session.id, first, {3: 4})
    wk.record_tally(db, session.id, second, {1: 2, 2: 2})
    data = wk.load_session_results(db, session.id)
    assert data is not None
    assert data.tallies == ({1: 0, 2: 0, 3: 4}, {1: 2, 2: 2, 3: 0}, None)
    assert data.results.room_average is None  # not every statement tallied yet
    wk.record_tally(db, session.id, third, {1: 1, 2: 1, 3: 2})
    results = wk.load_session_results(db, session.id).results  # type: ignore[union-attr]
    assert results.means == (3.0, 1.5, 2.25)
    assert results.room_average == pytest.approx(6.75)
    assert results.room_band == THREE_BANDS[1]  # Mid, 4-6: 6.75 has not reached 7
    assert (results.weakest, results.strongest) == ((1,), (0,))
    assert results.finished == 4
    assert wk.load_session_results(db, 999) is None


# --- the database's own rules --------------------------------------------------------

RAW: dict[str, tuple[str, str]] = {
    "answer above the scale": (
        "INSERT INTO quiz_answer (participant_id, statement_id, score) VALUES (:p, :s1, 4)",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "answer below the scale": (
        "INSERT INTO quiz_answer (participant_id, statement_id, score) VALUES (:p, :s1, 0)",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "answer changed past the scale": (
        "UPDATE quiz_answer SET score = 5",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "answer past 10": (
        "INSERT INTO quiz_answer (participant_id, statement_id, score) VALUES (:p, :s1, 11)",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "answer to another quiz": (
        "INSERT INTO quiz_answer (participant_id, statement_id, score) VALUES (:p, :b1, 2)",
        "That statement belongs to another quiz, so it was not saved.",
    ),
    "tally above the scale": (
        "INSERT INTO hands_tally (session_id, statement_id, score, count) VALUES (:h, :s1, 4, 1)",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "tally changed past the scale": (
        "UPDATE hands_tally SET score = 0 WHERE score = 1",
        "That score is outside the quiz's scale, so it was not saved.",
    ),
    "tally of another quiz": (
        "INSERT INTO hands_tally (session_id, statement_id, score, count) VALUES (:h, :b1, 2, 1)",
        "That statement belongs to another quiz, so it was not saved.",
    ),
    "negative tally": (
        "UPDATE hands_tally SET count = -1",
        "That value is out of range, so it was not saved.",
    ),
    "quiz scale backwards": (
        "INSERT INTO quiz (title, scale_min, scale_max, built_in, created_at) "
        "VALUES ('Q', 5, 1, FALSE, '2026-01-01')",
        "That value is out of range, so it was not saved.",
    ),
    "quiz scale past 10": (
        "UPDATE quiz SET scale_max = 11",
        "That value is out of range, so it was not saved.",
    ),
    "blank quiz title": ("UPDATE quiz SET title = '  '", "A title cannot be empty."),
    "blank statement": ("UPDATE quiz_statement SET text = ''", "A statement cannot be empty."),
    "blank band label": ("UPDATE quiz_band SET label = ' '", "A band label cannot be empty."),
    "band backwards": (
        "UPDATE quiz_band SET low = 9, high = 3 WHERE label = 'Low'",
        "That value is out of range, so it was not saved.",
    ),
    "unknown mode": (
        "UPDATE workshop_session SET mode = 'vote'",
        "That choice is not one CX Desk knows.",
    ),
    "negative participants": (
        "UPDATE workshop_session SET participant_count = -2",
        "That value is out of range, so it was not saved.",
    ),
    "session of no quiz": (
        "INSERT INTO workshop_session (quiz_id, title, held_on, mode, participant_count, "
        "revealed, created_at) VALUES (999, 'S', '2026-01-01', 'laptop', 0, FALSE, '2026-01-01')",
        "What this edit refers to no longer exists (it may have been deleted).",
    ),
}


@pytest.mark.parametrize("case", list(RAW))
def test_the_database_refuses_bad_rows_written_around_the_store(
    db: Database, setup: Setup, case: str
) -> None:
    session = wk.add_session(db, setup.small.id, None, "Laptop", DAY)
    hands = wk.add_session(db, setup.small.id, None, "Hands", DAY, HANDS, participant_count=1)
    ann = wk.add_participant(db, session.id, "Ann")
    wk.record_answer(db, ann.id, setup.small.statements[0].id, 3)
    wk.record_tally(db, hands.id, setup.small.statements[0].id, {1: 1})
    params = {
        "p": ann.id,
        "h": hands.id,
        "s1": setup.small.statements[1].id,
        "b1": setup.builtin.statements[0].id,
    }
    sql, message = RAW[case]
    before = user_data(db)
    with refused(message), db.transaction() as s:
        s.execute(text(sql), params)
    assert user_data(db) == before


def test_the_database_accepts_the_edges_of_the_scale(db: Database, setup: Setup) -> None:
    # The control for the test above: 1 and 3 fit a 1-3 quiz, 0 and 10 a 0-10 one.
    session = wk.add_session(db, setup.small.id, None, "Laptop", DAY)
    ann = wk.add_participant(db, session.id)
    wide = qz.add_quiz(db, "Wide", 0, 10, ["A"], [Band(0, 10, "All")])
    wide_session = wk.add_session(db, wide.id, None, "Wide", DAY)
    ben = wk.add_participant(db, wide_session.id)
    with db.transaction() as s:
        for participant, statement, score in (
            (ann.id, setup.small.statements[0].id, 1),
            (ann.id, setup.small.statements[1].id, 3),
            (ben.id, wide.statements[0].id, 0),
        ):
            s.execute(
                text(
                    "INSERT INTO quiz_answer (participant_id, statement_id, score) "
                    "VALUES (:p, :s, :v)"
                ),
                {"p": participant, "s": statement, "v": score},
            )
    wk.record_answer(db, ben.id, wide.statements[0].id, 10)
    assert count(db, "quiz_answer") == 3


def test_the_scale_triggers_exist_at_head(db: Database) -> None:
    # A later batch migration that rebuilds these tables drops their triggers with them.
    with db.reading() as s:
        sqlite = s.get_bind().dialect.name == "sqlite"
        names = set(
            s.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN ('quiz_answer', 'hands_tally')"
                    if sqlite
                    else "SELECT DISTINCT trigger_name FROM information_schema.triggers "
                    "WHERE event_object_table IN ('quiz_answer', 'hands_tally')"
                )
            ).scalars()
        )
    assert names == {
        "quiz_answer_within_scale_on_insert",
        "quiz_answer_within_scale_on_update",
        "hands_tally_within_scale_on_insert",
        "hands_tally_within_scale_on_update",
    }


# --- cascades and undo ---------------------------------------------------------------


def test_deleting_an_engagement_removes_its_sessions_and_undo_restores_them(
    db: Database, setup: Setup
) -> None:
    session = wk.add_session(db, setup.builtin.id, setup.engagement, "Kickoff", DAY)
    ann = wk.add_participant(db, session.id, "Ann")
    wk.record_answer(db, ann.id, setup.builtin.statements[0].id, 4)
    hands = wk.add_session(db, setup.small.id, setup.engagement, "Hands", DAY, HANDS, 2)
    wk.record_tally(db, hands.id, setup.small.statements[0].id, {1: 1, 3: 1})
    theirs = wk.add_session(db, setup.builtin.id, setup.other_engagement, "Theirs", DAY)
    unassigned = wk.add_session(db, setup.builtin.id, None, "Open day", DAY)
    before = user_data(db)

    delete = Operation("Delete engagement", lambda db: ws.delete_engagement(db, setup.engagement))
    done = perform(db, delete)
    assert [s.id for s in wk.list_sessions(db)] == [theirs.id, unassigned.id]
    assert count(db, "workshop_participant") == 0
    assert count(db, "quiz_answer") == 0
    assert count(db, "hands_tally") == 0
    assert len(qz.list_quizzes(db)) == 2  # quizzes belong to no engagement

    revert(db, done)
    assert user_data(db) == before


# --- quiz files ----------------------------------------------------------------------


def test_export_then_import_gives_the_same_quiz(db: Database, setup: Setup) -> None:
    for quiz in (setup.builtin, setup.small):
        exported = qf.export_quiz(db, quiz.id)
        assert exported["format"] == "cxdesk-quiz"
        assert exported["version"] == 1
        imported = qf.import_quiz(db, json.dumps(exported, ensure_ascii=False).encode())
        assert imported.definition == quiz.definition
        assert imported.built_in is False
        assert imported.id != quiz.id
    assert qf.export_quiz(db, setup.small.id) == {
        "format": "cxdesk-quiz",
        "version": 1,
        "title": "Team pulse",
        "scale": {"min": 1, "max": 3},
        "statements": ["We listen", "We adapt", "We reflect"],
        "bands": [
            {"low": 3, "high": 3, "label": "Low", "advice": ""},
            {"low": 4, "high": 6, "label": "Mid", "advice": ""},
            {"low": 7, "high": 9, "label": "High", "advice": "Keep going."},
        ],
    }


def test_a_quiz_file_may_leave_out_advice_and_start_with_a_bom(db: Database) -> None:
    data = {
        "format": "cxdesk-quiz",
        "version": 1,
        "title": "Tiny",
        "scale": {"min": 0, "max": 1},
        "statements": ["We ask"],
        "bands": [{"low": 0, "high": 1, "label": "All"}],
    }
    quiz = qf.import_quiz(db, "\ufeff" + json.dumps(data))
    assert quiz.bands == (Band(0, 1, "All", ""),)


GOOD: dict[str, Any] = {
    "format": "cxdesk-quiz",
    "version": 1,
    "title": "Team pulse",
    "scale": {"min": 1, "max": 3},
    "statements": ["We listen", "We adapt"],
    "bands": [{"low": 2, "high": 4, "label": "Low"}, {"low": 5, "high": 6, "label": "High"}],
}
PREFIX = "This quiz file cannot be imported: "


def changed(**changes: Any) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...})


BAD_FILES: dict[str, tuple[bytes | str, str]] = {
    "not json": ("title: Team pulse", "it is not valid JSON (line 1, column 1)."),
    "truncated": (changed()[:-10], "it is not valid JSON (line 1, column 215)."),
    "not text": (b"\xff\xfe\x00bad", "it is not a text file (UTF-8)."),
    "a list": ("[1, 2]", "it is not a CX Desk quiz file (no “format”: “cxdesk-quiz”)."),
    "other format": (
        changed(format="cxdesk-rater"),
        "it is not a CX Desk quiz file (no “format”: “cxdesk-quiz”).",
    ),
    "newer version": (
        changed(version=2),
        "it was made by a newer CX Desk (quiz file version 2; this one reads version 1). "
        "Update CX Desk to import it.",
    ),
    "version as text": (changed(version="1"), "its “version” must be a whole number, 1 or more."),
    "missing title": (changed(title=...), "The file is missing “title”."),
    "unknown key": (
        changed(statments=["x"]),
        "The file has keys CX Desk does not know: “statments”.",
    ),
    "title not text": (changed(title=7), "“title” must be text."),
    "scale a list": (changed(scale=[1, 3]), "“scale” must be an object ({...})."),
    "scale missing max": (changed(scale={"min": 1}), "“scale” is missing “max”."),
    "scale fraction": (
        changed(scale={"min": 1, "max": 3.5}),
        "“scale” “max” must be a whole number.",
    ),
    "scale true": (changed(scale={"min": True, "max": 3}), "“scale” “min” must be a whole number."),
    "statements text": (changed(statements="We listen"), "“statements” must be a list of texts."),
    "statement number": (changed(statements=["We listen", 2]), "Statement 2 must be text."),
    "bands object": (changed(bands={"low": 2}), "“bands” must be a list."),
    "band unknown key": (
        changed(bands=[{"low": 2, "high": 6, "label": "All", "colour": "red"}]),
        "Band 1 has keys CX Desk does not know: “colour”.",
    ),
    "band missing label": (changed(bands=[{"low": 2, "high": 6}]), "Band 1 is missing “label”."),
    "band gap": (
        changed(
            bands=[{"low": 2, "high": 3, "label": "Low"}, {"low": 5, "high": 6, "label": "Hi"}]
        ),
        "No band covers total 4.",
    ),
    "bad scale": (
        changed(scale={"min": 3, "max": 1}),
        "The scale must run upwards within 0-10, for example 1 to 5; 3 to 1 does not.",
    ),
    "no statements": (changed(statements=[]), "A quiz needs at least one statement."),
    "blank title": (changed(title=" "), "The quiz needs a name."),
    "too big": (
        changed(statements=["x" * 1000] * 300),
        "it is 294 KB, larger than a quiz file can be (256 KB).",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_malformed_quiz_files_are_refused_whole(db: Database, setup: Setup, case: str) -> None:
    data, message = BAD_FILES[case]
    before = user_data(db)
    with refused(PREFIX + message):
        qf.import_quiz(db, data)
    assert user_data(db) == before


def test_the_good_file_the_bad_ones_are_made_from_imports(db: Database) -> None:
    assert qf.import_quiz(db, changed()).title == "Team pulse"


# --- an older database ---------------------------------------------------------------


def test_a_0002_workspace_migrates_keeping_its_data(tmp_path: Path) -> None:
    from alembic import command

    from cxdesk.store.migrate import alembic_config

    path = tmp_path / "old.cxdb"
    engine = make_engine(path)
    try:
        config = alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0002_feedback")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2025-11-01 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, start_date, "
                "created_at) VALUES (1, 1, 'Portal', 'implementation', '2025-11-03', "
                "'2025-11-01 09:00:00')",
                "INSERT INTO pulse_check (id, engagement_id, taken_on, respondent, confidence, "
                "working, not_working, created_at) VALUES (1, 1, '2025-11-12', 'Ann', 7, '', '', "
                "'2025-11-12 10:00:00')",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    before = data_without_versions(path)  # schema 0009 adds versions: compare the data
    assert "quiz" not in before

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        quiz = qz.ensure_built_in_quiz(db)
        session = wk.add_session(db, quiz.id, 1, "Kickoff workshop", DAY)
        ann = wk.add_participant(db, session.id, "Ann")
        wk.record_answer(db, ann.id, quiz.statements[0].id, 5)
        with (
            refused("That score is outside the quiz's scale, so it was not saved."),
            db.transaction() as s,
        ):
            s.execute(text("UPDATE quiz_answer SET score = 6"))

    after = data_without_versions(path)
    # Schema 0011 gives every pulse check a side (appended last): the earlier ones were
    # all the client's people.
    assert after["pulse_check"] == [(*row, "client") for row in before["pulse_check"]]
    assert {t: after[t] for t in before if t != "pulse_check"} == {
        t: rows for t, rows in before.items() if t != "pulse_check"
    }
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (backup,) = (tmp_path / "backups").iterdir()
    assert user_data(backup) == before


def test_an_answer_applied_in_memory_matches_a_fresh_read(db: Database) -> None:
    """The quiz tab applies each answer to the data it shows instead of re-reading it."""
    quiz = qz.ensure_built_in_quiz(db)
    session = wk.add_session(db, quiz.id, None, "Room", date(2026, 5, 1))
    ana = wk.add_participant(db, session.id, "Ana")
    bo = wk.add_participant(db, session.id)
    wk.record_answer(db, ana.id, quiz.statements[0].id, 4)
    shown = wk.load_session_results(db, session.id)
    assert shown is not None

    wk.record_answer(db, bo.id, quiz.statements[2].id, 5)
    shown = shown.with_answer(bo.id, quiz.statements[2].id, 5)
    wk.clear_answer(db, ana.id, quiz.statements[0].id)
    assert shown is not None
    shown = shown.with_answer(ana.id, quiz.statements[0].id, None)
    assert shown == wk.load_session_results(db, session.id)
    # Someone the data has not seen yet: the caller must read the session again.
    cy = wk.add_participant(db, session.id)
    assert shown.with_answer(cy.id, quiz.statements[0].id, 3) is None


def test_a_0003_workspace_keeps_its_workshops_and_their_checks(tmp_path: Path) -> None:
    """0004 rebuilds the workshop tables (AUTOINCREMENT): rows, constraints, triggers stay."""
    from alembic import command

    from cxdesk.store.migrate import alembic_config

    config = alembic_config()
    # Build the data on a 0003 copy made the same way, then migrate that.
    old = tmp_path / "older.cxdb"
    engine = make_engine(old)
    try:
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "0003_quiz")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO quiz (id, title, scale_min, scale_max, built_in, created_at) "
                "VALUES (1, 'Q', 1, 5, 1, '2026-01-01 09:00:00')",
                "INSERT INTO quiz_statement (id, quiz_id, position, text) VALUES (1, 1, 0, 'S')",
                "INSERT INTO workshop_session (id, quiz_id, title, held_on, mode, "
                "participant_count, revealed, created_at) VALUES (1, 1, 'Room', '2026-01-02', "
                "'laptop', 0, 0, '2026-01-02 09:00:00')",
                "INSERT INTO workshop_participant (id, session_id, position, name) "
                "VALUES (1, 1, 0, 'Ann'), (2, 1, 1, 'Bo')",
                "INSERT INTO quiz_answer (id, participant_id, statement_id, score) "
                "VALUES (1, 1, 1, 4), (2, 2, 1, 5)",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    before = data_without_versions(old)  # schema 0009 adds versions: compare the data

    with open_database(old, backup_folder=tmp_path / "b2") as db:
        after = data_without_versions(old)
        assert {t: after[t] for t in before} == before
        # The deleted participant's id is never handed out again.
        wk.delete_participants(db, [2])
        assert wk.add_participant(db, 1, "Cy").id == 3
        with (
            refused("That score is outside the quiz's scale, so it was not saved."),
            db.transaction() as s,
        ):
            s.execute(text("UPDATE quiz_answer SET score = 6"))
        with pytest.raises(EditRefused), db.transaction() as s:  # 0003's CHECK is still there
            s.execute(
                text(
                    "INSERT INTO hands_tally (session_id, statement_id, score, count) "
                    "VALUES (1, 1, 1, -1)"
                )
            )
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_undo_of_a_delete_survives_answers_recorded_meanwhile(db: Database) -> None:
    """Answers are recorded outside the undo stack: a delete's undo must still fit."""
    quiz = qz.ensure_built_in_quiz(db)
    morning = wk.add_session(db, quiz.id, None, "Morning", DAY)
    for name in ("Ann", "Bo"):
        person = wk.add_participant(db, morning.id, name)
        wk.record_answer(db, person.id, quiz.statements[0].id, 4)
    done = perform(db, ops.delete_session(morning))
    afternoon = wk.add_session(db, quiz.id, None, "Afternoon", DAY)
    cy = wk.add_participant(db, afternoon.id, "Cy")
    wk.record_answer(db, cy.id, quiz.statements[0].id, 2)
    revert(db, done)
    data = wk.load_session_results(db, morning.id)
    assert data is not None
    assert [p.name for p in data.participants] == ["Ann", "Bo"]
    assert data.answers == ((4, None, None, None, None), (4, None, None, None, None))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["bands"].append({"low": 26, "high": 10**30, "label": "Huge"}),
            "within ±1,000,000",
        ),
        (lambda d: d["statements"].__setitem__(0, "broken \ud800 text"), "cannot be stored"),
        (lambda d: d.__setitem__("title", "Nul\x00title"), "cannot be stored"),
    ],
)
def test_crafted_quiz_files_are_refused_before_the_database_sees_them(
    db: Database, change: Any, message: str
) -> None:
    content = json.loads(changed())
    change(content)
    data = json.dumps(content)  # ensure_ascii: the lone surrogate survives as \ud800
    with pytest.raises(EditRefused, match=message):
        qf.import_quiz(db, data)
    assert [q.title for q in qz.list_quizzes(db)] == []
