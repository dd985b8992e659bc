"""Quiz, workshop and import operations: each one undone and redone exactly, and refused
with words when somebody else changed its rows in between."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, update

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.models.records import ParticipantRecord, QuizRecord, SessionRecord
from cxdesk.models.sheet_columns import SheetKind
from cxdesk.models.workshop_entities import QuizAnswer, WorkshopParticipant, WorkshopSession
from cxdesk.ops import Conflict, Operation, imports, perform, revert
from cxdesk.ops import quizzes as ops
from cxdesk.store import expectations, quiz_files, quizzes, workshop
from cxdesk.store import sheet_import as si
from cxdesk.store.database import Database
from cxdesk.store.engagement_file import export_engagement, read_engagement_file
from cxdesk.store.engagement_import import Resolution
from cxdesk.store.errors import StaleRow
from tests.db_dump import user_data
from tests.ops_helpers import undo_is_refused

TODAY = date(2026, 3, 12)
BANDS = (Band(2, 6, "Early", "Start small."), Band(7, 10, "Settled", "Keep going."))


@dataclass(frozen=True)
class Made:
    """What the workspace holds before each operation."""

    engagement: int
    built_in: QuizRecord
    own: QuizRecord  # a consultant's quiz, used by no session
    laptop: SessionRecord  # pass the laptop: Ana answered, Bo not yet
    hands: SessionRecord  # show of hands, ten people, the first statement counted
    ana: ParticipantRecord
    bo: ParticipantRecord
    quiz_file: bytes
    engagement_file: Path


@pytest.fixture
def made(db: Database, engagement_id: int, tmp_path: Path) -> Made:
    built_in = quizzes.ensure_built_in_quiz(db)
    own = quizzes.add_quiz(db, "Team health", 1, 5, ("We ship.", "We learn."), BANDS)
    laptop = workshop.add_session(db, built_in.id, engagement_id, "Kickoff", TODAY)
    ana = workshop.add_participant(db, laptop.id, "Ana")
    for statement, score in zip(built_in.statements, (4, 3, 5), strict=False):
        workshop.record_answer(db, ana.id, statement.id, score)
    bo = workshop.add_participant(db, laptop.id, "")
    hands = workshop.add_session(
        db, built_in.id, engagement_id, "All hands", TODAY, SessionMode.HANDS, 10
    )
    workshop.record_tally(db, hands.id, built_in.statements[0].id, {1: 2, 3: 3, 5: 5})
    path = tmp_path / "kickoff.cxdesk"
    export_engagement(db.path, engagement_id, path)
    return Made(
        engagement_id,
        built_in,
        own,
        workshop.get_session(db, laptop.id) or laptop,
        workshop.get_session(db, hands.id) or hands,
        ana,
        bo,
        quiz_files_bytes(db, own.id),
        path,
    )


def quiz_files_bytes(db: Database, quiz_id: int) -> bytes:
    import json

    return json.dumps(quiz_files.export_quiz(db, quiz_id)).encode()


def sheet(db: Database, engagement_id: int, kind: SheetKind, text: str) -> si.ImportPreview:
    table = si.read_bytes(text.encode(), "import.csv", kind)
    return si.preview_import(table, kind, si.load_target(db, engagement_id))


Build = Callable[[Database, Made], Operation[Any] | None]

# Every operation of the area, with the words Edit > Undo shows for it ("" when the
# label is checked elsewhere or names a file).
OPERATIONS: dict[str, tuple[Build, str]] = {
    "add quiz": (
        lambda db, m: ops.add_quiz(" Pulse ", 1, 5, ("One.", "Two."), BANDS),
        "New quiz “Pulse”",
    ),
    "copy quiz": (lambda db, m: ops.copy_quiz(m.built_in), ""),
    "import quiz": (lambda db, m: ops.import_quiz(m.quiz_file), "Import quiz"),
    "rename quiz": (
        lambda db, m: ops.update_quiz(
            m.own, "Team health 2", 1, 5, ("We ship.", "We learn."), BANDS
        ),
        "Edit quiz “Team health”",
    ),
    "rewrite quiz statements and bands": (
        lambda db, m: ops.update_quiz(
            m.own,
            "Team health",
            1,
            5,
            ("We ship.", "We learn.", "We rest."),
            (Band(3, 9, "Early", ""), Band(10, 15, "Settled", "")),
        ),
        "Edit quiz “Team health”",
    ),
    "delete quiz": (lambda db, m: ops.delete_quiz(m.own), "Delete quiz “Team health”"),
    "add session": (
        lambda db, m: ops.add_session(m.built_in.id, m.engagement, " Retro ", TODAY),
        "New workshop session “Retro”",
    ),
    "add session of no engagement": (
        lambda db, m: ops.add_session(m.own.id, None, "Open day", TODAY, SessionMode.HANDS, 7),
        "New workshop session “Open day”",
    ),
    "rename session": (
        lambda db, m: ops.edit_session(m.laptop, "title", "Kickoff, day 1"),
        "Edit session title",
    ),
    "move session date": (
        lambda db, m: ops.edit_session(m.laptop, "held_on", date(2026, 3, 13)),
        "Edit session date",
    ),
    "delete session with its answers": (
        lambda db, m: ops.delete_session(m.laptop),
        "Delete workshop session “Kickoff”",
    ),
    "delete session with its tallies": (
        lambda db, m: ops.delete_session(m.hands),
        "Delete workshop session “All hands”",
    ),
    "reveal results": (lambda db, m: ops.set_revealed(m.laptop.id, True), "Reveal results"),
    "rename participant": (
        lambda db, m: ops.rename_participant(m.bo, "Bo", m.engagement),
        "Rename participant",
    ),
    "delete participant": (
        lambda db, m: ops.delete_participants([m.ana.id], m.engagement),
        "Delete participant",
    ),
    "delete participants": (
        lambda db, m: ops.delete_participants([m.ana.id, m.bo.id], m.engagement),
        "Delete 2 participants",
    ),
    "add participant": (lambda db, m: ops.add_participant(m.laptop.id, "Cy"), ""),
    "record a first answer": (
        lambda db, m: ops.record_answer(m.bo.id, m.built_in.statements[0].id, 2),
        "",
    ),
    "change an answer": (
        lambda db, m: ops.record_answer(m.ana.id, m.built_in.statements[0].id, 1),
        "",
    ),
    "clear an answer": (
        lambda db, m: ops.clear_answer(m.ana.id, m.built_in.statements[1].id),
        "",
    ),
    "record a tally": (
        lambda db, m: ops.record_tally(m.hands.id, m.built_in.statements[1].id, {4: 10}),
        "",
    ),
    "count a tally again": (
        lambda db, m: ops.record_tally(m.hands.id, m.built_in.statements[0].id, {2: 4, 4: 6}),
        "",
    ),
    "clear a tally": (
        lambda db, m: ops.clear_tally(m.hands.id, m.built_in.statements[0].id),
        "",
    ),
    "import an engagement file as a copy": (
        lambda db, m: imports.import_engagement_file(
            read_engagement_file(m.engagement_file), {0: Resolution.COPY}, TODAY
        ),
        "Import “ERP rollout”",
    ),
    "import an engagement file in place of the engagement": (
        lambda db, m: imports.import_engagement_file(
            read_engagement_file(m.engagement_file), {0: Resolution.REPLACE}
        ),
        "Import “ERP rollout”",
    ),
    "import expectations from a spreadsheet": (
        lambda db, m: imports.import_sheet(
            sheet(
                db,
                m.engagement,
                SheetKind.MATRIX,
                "What the client expects,Expected level,Owner\n"
                "Weekly demos,4,Zoë\nFewer calls,2,\n",
            )
        ),
        "Import 2 expectations",
    ),
    "import RATER responses from a spreadsheet": (
        lambda db, m: imports.import_sheet(
            sheet(
                db,
                m.engagement,
                SheetKind.RATER,
                "Assessment,Respondent,Side,Reliability E,Reliability P\nKickoff,Ana,Client,5,4\n",
            )
        ),
        "",
    ),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_operation_undoes_and_redoes_exactly(db: Database, made: Made, name: str) -> None:
    build, label = OPERATIONS[name]
    operation = build(db, made)
    assert operation is not None
    if label:
        assert operation.label == label
    before = user_data(db.path)
    done = perform(db, operation)
    after = user_data(db.path)
    assert after != before
    back = revert(db, done)
    assert user_data(db.path) == before
    assert back.changeset.tables == done.changeset.tables
    revert(db, back)
    assert user_data(db.path) == after


def test_an_edit_that_changes_nothing_is_no_operation(made: Made) -> None:
    own = made.own
    texts = tuple(st.text for st in own.statements)
    assert ops.update_quiz(own, own.title, 1, 5, texts, own.bands) is None
    assert ops.edit_session(made.laptop, "title", "Kickoff") is None
    assert ops.rename_participant(made.ana, " Ana ") is None
    assert ops.delete_participants([]) is None


def test_a_session_and_what_the_room_recorded_name_its_engagement(db: Database, made: Made) -> None:
    done = perform(db, ops.edit_session(made.laptop, "title", "Renamed"))  # type: ignore[arg-type]
    assert done.changeset.engagements == {made.engagement}
    done = perform(db, ops.rename_participant(made.bo, "Bo", made.engagement))  # type: ignore[arg-type]
    assert done.changeset.concerns(made.engagement)
    assert done.changeset.ids("workshop_participant") == {made.bo.id}


def test_undoing_a_new_session_after_the_room_answered_is_refused_and_keeps_the_answers(
    db: Database, made: Made
) -> None:
    done = perform(db, ops.add_session(made.built_in.id, made.engagement, "Retro", TODAY))
    person = perform(db, ops.add_participant(done.value.id, "Dee")).value
    perform(db, ops.record_answer(person.id, made.built_in.statements[0].id, 5))
    answered = user_data(db.path)
    with pytest.raises(Conflict, match="A workshop participant was added after this step"):
        revert(db, done)
    assert user_data(db.path) == answered


def test_an_answer_given_again_changes_only_what_differs(db: Database, made: Made) -> None:
    first, second = made.built_in.statements[0].id, made.built_in.statements[1].id
    before = user_data(db.path)
    again = perform(db, ops.record_answer(made.ana.id, first, 4))  # Ana gave 4 already
    assert not again.changeset
    assert not again.changes
    assert user_data(db.path) == before  # not even a new version
    changed = perform(db, ops.record_answer(made.ana.id, first, 2))
    [row] = changed.changes
    assert (row.table, row.created, row.deleted) == ("quiz_answer", False, False)
    assert row.before is not None
    assert row.before["score"] == 4
    given = perform(db, ops.record_answer(made.bo.id, second, 5))
    assert [(c.table, c.created) for c in given.changes] == [("quiz_answer", True)]
    cleared = perform(db, ops.clear_answer(made.ana.id, first))
    assert cleared.value == 2
    assert [(c.table, c.deleted) for c in cleared.changes] == [("quiz_answer", True)]
    nothing = perform(db, ops.clear_answer(made.ana.id, first))
    assert nothing.value is None
    assert not nothing.changeset
    for done in (cleared, given, changed):
        revert(db, done)
    assert user_data(db.path) == before


def test_a_rooms_answers_reuse_the_statements_compiled_for_the_first(
    db: Database, made: Made
) -> None:
    # Every write is stamped with its change's number: as a bound value, so an answer's
    # INSERT is the same statement each time (not compiled again, answer after answer).
    writes: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, _params: Any, context: Any, _many: bool) -> None:
        if sql.startswith(("INSERT INTO quiz_answer", "UPDATE quiz_answer")):
            writes.append((sql, context.cache_hit))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for n, statement in enumerate(made.built_in.statements):
            perform(db, ops.record_answer(made.bo.id, statement.id, 1 + n % 5))
            perform(db, ops.record_answer(made.bo.id, statement.id, 1 + (n + 1) % 5))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    inserts = [hit for sql, hit in writes if sql.startswith("INSERT")]
    updates = [hit for sql, hit in writes if sql.startswith("UPDATE")]
    assert len(inserts) == len(updates) == len(made.built_in.statements)
    assert {hit.name for hit in inserts[1:] + updates[1:]} == {"CACHE_HIT"}
    data = workshop.load_session_results(db, made.laptop.id)
    assert data is not None
    assert data.answers[1] == tuple(1 + (n + 1) % 5 for n in range(len(made.built_in.statements)))


def test_the_screens_find_the_session_of_each_changed_row(db: Database, made: Made) -> None:
    done = perform(db, ops.record_answer(made.bo.id, made.built_in.statements[2].id, 3))
    found = workshop.answers_by_id(db, done.changeset.ids("quiz_answer"))
    assert [(session, a.participant_id, a.score) for session, a in found] == [
        (made.laptop.id, made.bo.id, 3)
    ]
    done = perform(db, ops.record_tally(made.hands.id, made.built_in.statements[3].id, {2: 10}))
    assert workshop.sessions_of(db, tally_ids=done.changeset.ids("hands_tally")) == {made.hands.id}
    assert workshop.sessions_of(db, participant_ids=[made.ana.id]) == {made.laptop.id}


# --- a colleague's change in between -------------------------------------------------


Meanwhile = Callable[[Made], Any]

# An operation, and what a colleague changes on the same rows before the undo.
CONFLICTS: dict[str, tuple[Build, Meanwhile, str]] = {
    "session title": (
        lambda db, m: ops.edit_session(m.laptop, "title", "Mine"),
        lambda m: (
            update(WorkshopSession).where(WorkshopSession.id == m.laptop.id).values(title="Ana's")
        ),
        "A workshop session was changed after this step",
    ),
    "participant name": (
        lambda db, m: ops.rename_participant(m.bo, "Bo", m.engagement),
        lambda m: (
            update(WorkshopParticipant).where(WorkshopParticipant.id == m.bo.id).values(name="Bob")
        ),
        "A workshop participant was changed after this step",
    ),
    "answer changed on a phone": (
        lambda db, m: ops.record_answer(m.ana.id, m.built_in.statements[0].id, 1),
        lambda m: (
            update(QuizAnswer)
            .where(
                QuizAnswer.participant_id == m.ana.id,
                QuizAnswer.statement_id == m.built_in.statements[0].id,
            )
            .values(score=2)
        ),
        "A quiz answer was changed after this step",
    ),
    "imported expectation edited": (
        lambda db, m: imports.import_sheet(
            sheet(db, m.engagement, SheetKind.MATRIX, "What the client expects\nWeekly demos\n")
        ),
        lambda m: _expectation_edit(m.engagement),
        "An expectation was changed after this step",
    ),
}


def _expectation_edit(engagement_id: int) -> Any:
    from cxdesk.models.engagement_entities import ExpectationItem

    return (
        update(ExpectationItem)
        .where(ExpectationItem.engagement_id == engagement_id)
        .values(owner="Ana")
    )


@pytest.mark.parametrize("name", CONFLICTS)
def test_undo_over_a_colleagues_later_change_is_refused_and_keeps_it(
    db: Database, made: Made, other: Engine, name: str
) -> None:
    build, meanwhile, words = CONFLICTS[name]
    operation = build(db, made)
    assert operation is not None
    done = perform(db, operation)
    with other.begin() as conn:
        conn.execute(meanwhile(made))
    undo_is_refused(db, done, words)


def test_a_session_edit_from_a_screen_older_than_the_row_is_refused(
    db: Database, made: Made, other: Engine
) -> None:
    with other.begin() as conn:
        conn.execute(
            update(WorkshopSession)
            .where(WorkshopSession.id == made.laptop.id)
            .values(title="Renamed by Ana")
        )
    theirs = user_data(db.path)
    operation = ops.edit_session(made.laptop, "held_on", date(2026, 3, 14))
    assert operation is not None
    with pytest.raises(
        StaleRow, match=r"^You changed this workshop session's title at .*after your screen"
    ):
        perform(db, operation)
    assert user_data(db.path) == theirs
    assert expectations.list_items(db, made.engagement) == []
