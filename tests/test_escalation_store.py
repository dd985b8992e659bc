"""Storing each engagement's escalation ladder (cxdesk.store.escalation): the default ladder
until the first change, dense positions, undo of every delete with the same ids, refusals
that change nothing, and the database's own CHECKs and cascades."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from cxdesk.models.escalation import (
    DEFAULT_LADDER,
    FIELD_LIMITS,
    FIELDS,
    UNSAVED_ID,
    EscalationLevel,
    default_levels,
    is_default,
)
from cxdesk.ops import Operation, perform, revert
from cxdesk.store import escalation as store
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from tests.raw_rows import long_text

pytestmark = pytest.mark.both_backends

TRICKY = ("Zoë Łukasiewicz", "Ελένη", "Фёдор", "R&D <core>", '<img src="http://x/y.png"/>')


@pytest.fixture
def other_id(db: Database) -> int:
    client = ws.add_client(db, "Other client")
    return ws.add_engagement(db, client.id, "Other engagement").id


def stored_rows(db: Database) -> list[Any]:
    with db.reading() as s:
        return list(
            s.execute(text("SELECT * FROM escalation_level ORDER BY engagement_id, position"))
        )


def names(db: Database, engagement_id: int) -> list[str]:
    return [level.name for level in store.list_levels(db, engagement_id)]


def refused(message: str) -> Any:
    return pytest.raises(EditRefused, match=f"^{re.escape(message)}$")


def own(db: Database, engagement_id: int) -> tuple[EscalationLevel, ...]:
    return store.ensure_ladder(db, engagement_id).levels


# --- the default ladder --------------------------------------------------------------


def test_the_default_ladder_climbs_from_the_team_to_the_executive_sponsor() -> None:
    assert len(DEFAULT_LADDER) == 4
    first, *_middle, last = DEFAULT_LADDER
    assert "project team" in first[0].lower()
    assert "executive sponsor" in last[0].lower()
    for rung in DEFAULT_LADDER:
        assert len(rung) == len(FIELDS)
        for field, value in zip(FIELDS, rung, strict=True):
            assert value.strip(), (field, rung)
            # Each rung is storable as it is: it passes the same checks an edit does.
            assert store.clean_level_field(field, value) == value
            assert len(value) <= FIELD_LIMITS[field]


def test_an_engagement_starts_on_the_default_ladder_without_storing_it(
    db: Database, engagement_id: int
) -> None:
    levels = store.list_levels(db, engagement_id)
    assert levels == default_levels(engagement_id)
    assert is_default(levels)
    assert [level.position for level in levels] == [0, 1, 2, 3]
    assert {level.id for level in levels} == {UNSAVED_ID}
    assert [level.name for level in levels] == [rung[0] for rung in DEFAULT_LADDER]
    assert stored_rows(db) == []


def test_ensure_ladder_stores_the_default_rungs_once(db: Database, engagement_id: int) -> None:
    made = store.ensure_ladder(db, engagement_id)
    assert made.created is True
    assert not is_default(made.levels)
    assert [
        (lv.position, lv.name, lv.trigger, lv.owner, lv.response_time, lv.channel)
        for lv in made.levels
    ] == [(i, *rung) for i, rung in enumerate(DEFAULT_LADDER)]
    again = store.ensure_ladder(db, engagement_id)
    assert again == (made.levels, False)
    assert store.list_levels(db, engagement_id) == made.levels
    assert len(stored_rows(db)) == 4


def test_the_session_reader_gives_the_same_ladder(db: Database, engagement_id: int) -> None:
    with db.reading() as s:
        assert store.read_levels(s, engagement_id) == default_levels(engagement_id)
    own(db, engagement_id)
    with db.reading() as s:
        assert store.read_levels(s, engagement_id) == store.list_levels(db, engagement_id)


# --- editing ---------------------------------------------------------------------------


def test_adding_to_the_default_ladder_keeps_the_default_rungs(
    db: Database, engagement_id: int
) -> None:
    level = store.add_level(db, engagement_id, 2, name="Level 2b: Account lead", owner="Фёдор")
    assert (level.position, level.name, level.owner, level.trigger) == (
        2,
        "Level 2b: Account lead",
        "Фёдор",
        "",
    )
    ladder = store.list_levels(db, engagement_id)
    assert [lv.name for lv in ladder] == [
        DEFAULT_LADDER[0][0],
        DEFAULT_LADDER[1][0],
        "Level 2b: Account lead",
        DEFAULT_LADDER[2][0],
        DEFAULT_LADDER[3][0],
    ]
    assert [lv.position for lv in ladder] == list(range(5))
    assert store.add_level(db, engagement_id).name == store.NEW_LEVEL
    assert store.add_level(db, engagement_id, 0, name="Top").position == 0
    assert store.add_level(db, engagement_id, 99, name="End").position == 7
    assert [lv.position for lv in store.list_levels(db, engagement_id)] == list(range(8))


def test_every_field_is_edited_and_read_back(db: Database, engagement_id: int) -> None:
    level = own(db, engagement_id)[1]
    for field, value in zip(FIELDS, TRICKY, strict=True):
        changed = store.update_level(db, level.id, field, value)
        assert getattr(changed, field) == value
    # Free text is kept as typed (new lines in a trigger too); a name is tidied.
    trigger = "Two days late,\n  or the client asks “why?”"
    assert store.update_level(db, level.id, "trigger", trigger).trigger == trigger
    assert store.update_level(db, level.id, "name", "  Level   2  ").name == "Level 2"
    cleared = store.update_level(db, level.id, "channel", "")
    assert store.list_levels(db, engagement_id)[1] == cleared


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "The level needs a name."),
        ("name", "x" * 201, "The level name is too long (at most 200 characters)."),
        ("trigger", "x" * 2001, "Trigger is too long (at most 2,000 characters)."),
        ("owner", "x" * 201, "Owner is too long (at most 200 characters)."),
        ("response_time", 4, "Response time takes text."),
        ("channel", "a\x00b", "That text contains characters that cannot be stored"),
        ("position", 3, "“position” is not part of an escalation level."),
    ],
)
def test_a_bad_field_is_refused_and_nothing_changes(
    db: Database, engagement_id: int, field: str, value: Any, message: str
) -> None:
    level = own(db, engagement_id)[0]
    with pytest.raises(EditRefused, match=f"^{re.escape(message)}"):
        store.update_level(db, level.id, field, value)
    with pytest.raises(EditRefused, match=f"^{re.escape(message)}"):
        store.add_level(db, engagement_id, **{field: value})
    assert store.list_levels(db, engagement_id)[0] == level
    assert len(store.list_levels(db, engagement_id)) == 4


def test_rungs_move_keeping_positions_dense(db: Database, engagement_id: int) -> None:
    one, two, three, four = own(db, engagement_id)
    ladder = store.move_level(db, four.id, 0)
    assert [lv.id for lv in ladder] == [four.id, one.id, two.id, three.id]
    assert [lv.position for lv in ladder] == [0, 1, 2, 3]
    store.move_level(db, four.id, 99)  # past the end: the last place
    assert [lv.id for lv in store.list_levels(db, engagement_id)] == [
        one.id,
        two.id,
        three.id,
        four.id,
    ]
    with refused("A position is a whole number."):
        store.move_level(db, one.id, "2")  # type: ignore[arg-type]


def test_a_deleted_rung_comes_back_with_its_id_and_place(db: Database, engagement_id: int) -> None:
    before = own(db, engagement_id)
    done = perform(db, Operation("Delete", lambda d: store.delete_level(d, before[1].id)))
    after = store.list_levels(db, engagement_id)
    assert [lv.id for lv in after] == [before[0].id, before[2].id, before[3].id]
    assert [lv.position for lv in after] == [0, 1, 2]
    revert(db, done)
    assert store.list_levels(db, engagement_id) == before


def test_the_last_rung_cannot_be_deleted(db: Database, engagement_id: int) -> None:
    levels = own(db, engagement_id)
    for level in levels[1:]:
        store.delete_level(db, level.id)
    with refused(
        "A ladder needs at least one level: rename this one, or reset the ladder to the default."
    ):
        store.delete_level(db, levels[0].id)
    assert store.list_levels(db, engagement_id) == (levels[0],)


def test_reset_to_default_and_its_undo(db: Database, engagement_id: int) -> None:
    with refused("This engagement already uses the default ladder."):
        store.clear_ladder(db, engagement_id)
    store.add_level(db, engagement_id, name="Board")
    mine = store.list_levels(db, engagement_id)
    done = perform(db, Operation("Reset", lambda d: store.clear_ladder(d, engagement_id)))
    assert store.list_levels(db, engagement_id) == default_levels(engagement_id)
    assert stored_rows(db) == []
    revert(db, done)
    assert store.list_levels(db, engagement_id) == mine


def test_what_is_gone_is_refused(db: Database, engagement_id: int) -> None:
    gone = "That escalation level no longer exists (it may have been deleted)."
    for call in (
        lambda: store.update_level(db, 999, "name", "x"),
        lambda: store.move_level(db, 999, 0),
        lambda: store.delete_level(db, 999),
    ):
        with refused(gone):
            call()
    missing = "That engagement no longer exists (it may have been deleted)."
    for call in (
        lambda: store.ensure_ladder(db, 999),
        lambda: store.add_level(db, 999, name="x"),
        lambda: store.clear_ladder(db, 999),
    ):
        with refused(missing):
            call()


def test_each_engagement_has_its_own_ladder(
    db: Database, engagement_id: int, other_id: int
) -> None:
    store.add_level(db, engagement_id, 0, name="Mine")
    assert names(db, engagement_id)[0] == "Mine"
    assert is_default(store.list_levels(db, other_id))
    theirs = own(db, other_id)
    store.move_level(db, theirs[3].id, 0)
    assert names(db, engagement_id)[0] == "Mine"
    assert [lv.engagement_id for lv in store.list_levels(db, other_id)] == [other_id] * 4


def test_deleting_the_engagement_takes_its_ladder_and_undo_brings_it_back(
    db: Database, engagement_id: int, other_id: int
) -> None:
    store.add_level(db, engagement_id, name="Board")
    own(db, other_id)
    mine = store.list_levels(db, engagement_id)
    deleted = perform(
        db, Operation("Delete engagement", lambda db: ws.delete_engagement(db, engagement_id))
    )
    assert {row.engagement_id for row in stored_rows(db)} == {other_id}
    revert(db, deleted)
    assert store.list_levels(db, engagement_id) == mine


def test_ids_are_never_reused(db: Database, engagement_id: int) -> None:
    levels = own(db, engagement_id)
    store.delete_level(db, levels[-1].id)
    assert store.add_level(db, engagement_id).id > levels[-1].id
    highest = max(level.id for level in store.list_levels(db, engagement_id))
    store.clear_ladder(db, engagement_id)
    assert store.add_level(db, engagement_id).id > highest


# --- the database's own rules --------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "values", "message"),
    [
        (
            "UPDATE escalation_level SET name = ' '",
            {},
            "A rung of the escalation ladder needs a name.",
        ),
        (
            "UPDATE escalation_level SET trigger = :text",
            {"text": long_text(2001)},
            "The escalation rung's trigger is too long, so it was not saved.",
        ),
        (
            "UPDATE escalation_level SET response_time = :text",
            {"text": long_text(201)},
            "The escalation rung's response time is too long, so it was not saved.",
        ),
        ("UPDATE escalation_level SET position = -1", {}, "That value is out of range"),
        ("UPDATE escalation_level SET position = 'high'", {}, "That value is out of range"),
        (
            "INSERT INTO escalation_level (engagement_id, position, name) VALUES (999, 0, 'x')",
            {},
            "What this edit refers to no longer exists",
        ),
    ],
)
def test_the_database_refuses_bad_rungs_written_around_the_store(
    db: Database, engagement_id: int, sql: str, values: dict[str, Any], message: str
) -> None:
    # Values are bound, not made in SQL: neither engine's SQL for them runs on the other.
    before = own(db, engagement_id)
    with pytest.raises(EditRefused, match=re.escape(message)), db.transaction() as s:
        s.execute(text(sql), values)
    assert store.list_levels(db, engagement_id) == before


@pytest.mark.sqlite_only(
    "SQLite's CHECK refuses 1.5; PostgreSQL's integer column holds only whole numbers, "
    "and rounds a fraction written into it (its own rule for assignment)"
)
def test_sqlite_refuses_a_fraction_for_a_position(db: Database, engagement_id: int) -> None:
    before = own(db, engagement_id)
    with pytest.raises(EditRefused, match="That value is out of range"), db.transaction() as s:
        s.execute(text("UPDATE escalation_level SET position = 1.5"))
    assert store.list_levels(db, engagement_id) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=300))
def test_any_text_is_stored_exactly_or_refused_cleanly(
    db: Database, engagement_id: int, field: str, value: str
) -> None:
    level = own(db, engagement_id)[0]
    before = store.list_levels(db, engagement_id)
    changed = attempt(lambda: store.update_level(db, level.id, field, value))
    if isinstance(changed, EditRefused):
        assert changed.message
        assert store.list_levels(db, engagement_id) == before
    else:
        expected = " ".join(value.split()) if field == "name" else value
        assert getattr(changed, field) == expected
        assert store.list_levels(db, engagement_id)[0] == changed


def attempt(edit: Callable[[], EscalationLevel]) -> EscalationLevel | EditRefused:
    """The edit's record, or its refusal."""
    try:
        return edit()
    except EditRefused as refusal:
        return refusal
