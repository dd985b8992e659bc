"""The storage layer: safe SQLite settings, committed edits, constraints, cascades and undo."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import text

from cxdesk.models.engagement_entities import NAME_MAX
from cxdesk.models.gaps import LevelTriple
from cxdesk.models.journey import ExpectationStatus, JourneyPhase
from cxdesk.store import expectations as ex
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database, open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.expectations import TEXT_MAX
from tests.raw_rows import Address, every_row, plain

pytestmark = pytest.mark.both_backends

SQLITE_FILE = "the SQLite file's own settings"
# Why a fraction written around the store is SQLite's case alone (the store refuses one
# before any SQL on both: validate_field).
ROUNDS = "PostgreSQL's integer column rounds a fraction written into it; it holds no other"

TABLES = ("client", "engagement", "milestone", "expectation_item", "expectation_snapshot")


@contextmanager
def raw(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, independent of the app's engine."""
    uri = f"file:{quote(str(path))}" + ("?mode=ro" if read_only else "")
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        yield conn


def dump(workspace: Address) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of this module's tables, exactly as stored (on either backend)."""
    return every_row(workspace, TABLES)


def counts(workspace: Address) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump(workspace).items()}


def assert_no_orphans(workspace: Address) -> None:
    with plain(workspace) as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM engagement WHERE client_id NOT IN"
            " (SELECT id FROM client))"
            " + (SELECT count(*) FROM milestone WHERE engagement_id NOT IN"
            " (SELECT id FROM engagement))"
            " + (SELECT count(*) FROM expectation_item WHERE engagement_id NOT IN"
            " (SELECT id FROM engagement))"
            " + (SELECT count(*) FROM expectation_snapshot WHERE item_id NOT IN"
            " (SELECT id FROM expectation_item) OR milestone_id NOT IN (SELECT id FROM milestone))"
        ).scalar()
        assert orphans == 0


@dataclass
class Portfolio:
    """Two clients, each with an engagement, 3 milestones, 4 rows and revalidations."""

    clients: list[int]
    engagements: list[int]
    milestones: list[list[int]]
    items: list[list[int]]


def populate(db: Database) -> Portfolio:
    result = Portfolio([], [], [], [])
    for c, client_name in enumerate(["Acme Logistics", "Borealis Bank"]):
        client = ws.add_client(db, client_name)
        second = ws.add_engagement(db, client.id, f"Side project {c}")
        ex.add_item(db, second.id, expects="unrelated row", expected_level=2)
        engagement = ws.add_engagement(
            db, client.id, f"Portal rollout {c}", JourneyPhase.IMPLEMENTATION
        )
        milestones = [ws.add_milestone(db, engagement.id, f"M{m}").id for m in range(3)]
        items = [
            ex.add_item(
                db,
                engagement.id,
                expects=f"Expectation {i}",
                expected_level=4,
                delivered_level=1 + i,
                experienced_level=2 + i % 3,
                sacrifice_level=i % 4,
            ).id
            for i in range(4)
        ]
        ex.revalidate(db, milestones[0])
        ex.update_item(db, items[0], "experienced_level", 5)
        ex.revalidate(db, milestones[1])
        result.clients.append(client.id)
        result.engagements.append(engagement.id)
        result.milestones.append(milestones)
        result.items.append(items)
    return result


# --- SQLite settings -----------------------------------------------------------------


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_every_engine_connection_has_the_safe_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 5000
    # The pool may hand out a fresh connection: it must be configured the same way.
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_session_connections_have_foreign_keys_on(db: Database) -> None:
    with db.reading() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_the_file_is_in_wal_mode_on_disk(db: Database, db_path: Path) -> None:
    ws.add_client(db, "Acme")
    with raw(db_path, read_only=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- each edit commits ---------------------------------------------------------------


def test_each_edit_is_committed_at_once(db: Database) -> None:
    client = ws.add_client(db, "Acme Logistics")
    engagement = ws.add_engagement(db, client.id, "Portal rollout")
    item = ex.add_item(db, engagement.id, expects="Live tracking")
    ex.update_item(db, item.id, "expected_level", 4)
    ws.rename_client(db, client.id, "Acme Freight")

    # Another connection, the Database still open and never closed or flushed by hand.
    with plain(db) as other:
        read = lambda sql: [tuple(r) for r in other.exec_driver_sql(sql)]  # noqa: E731
        assert read("SELECT name FROM client") == [("Acme Freight",)]
        assert read("SELECT name FROM engagement") == [("Portal rollout",)]
        assert read("SELECT expects, expected_level FROM expectation_item") == [
            ("Live tracking", 4)
        ]


def test_a_refused_edit_writes_nothing(db: Database) -> None:
    client = ws.add_client(db, "Acme")
    engagement = ws.add_engagement(db, client.id, "Rollout")
    before = dump(db)

    def rename_then_break_a_rule() -> None:
        with db.transaction() as s:
            # The first statement is fine; the second breaks a rule: both are undone.
            s.execute(text("UPDATE client SET name = 'Renamed' WHERE id = :id"), {"id": client.id})
            s.execute(
                text("UPDATE engagement SET journey_phase = 'nowhere' WHERE id = :id"),
                {"id": engagement.id},
            )

    with pytest.raises(EditRefused, match="not one CX Desk knows"):
        rename_then_break_a_rule()
    assert dump(db) == before
    assert ws.get_client(db, client.id) == client


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_path_with_url_characters_opens_exactly_that_file(tmp_path: Path) -> None:
    # "?" would start URL query options and "%20" would be decoded to a space if the path
    # were pasted into a database URL: the workspace would silently be another file.
    folder = tmp_path / "Client #3 ? 50%20 done"
    path = folder / "work space.cxdb"
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        ws.add_client(db, "Acme")
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    assert dump(path)["client"][0][1] == "Acme"
    with open_database(path) as db:
        assert [c.name for c, _ in ws.list_clients(db)] == ["Acme"]


# --- CHECK constraints: bad data cannot get in by any path ---------------------------

ITEM_INSERT = (
    "INSERT INTO expectation_item (engagement_id, position, {column}) VALUES (:engagement, 0, :v)"
)


@pytest.fixture
def engagement_id(db: Database) -> int:
    client = ws.add_client(db, "Acme")
    return ws.add_engagement(db, client.id, "Rollout").id


BAD_ITEM_VALUES = [
    ("expected_level", 0, "out of range"),
    ("expected_level", 6, "out of range"),
    ("delivered_level", -1, "out of range"),
    ("experienced_level", 3.5, "out of range"),
    ("expected_level", "4x", "out of range"),
    ("delivered_level", "high", "out of range"),
    ("sacrifice_level", 5, "out of range"),
    ("sacrifice_level", -1, "out of range"),
    ("sacrifice_level", 2.25, "out of range"),
    ("status", "done", "not one CX Desk knows"),
    ("status", "OPEN", "not one CX Desk knows"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_ITEM_VALUES)
def test_check_constraints_refuse_bad_values_through_the_app(
    db: Database, backend: str, engagement_id: int, column: str, value: Any, message: str
) -> None:
    if backend == "postgresql" and isinstance(value, float):
        pytest.skip(ROUNDS)
    with pytest.raises(EditRefused, match=message), db.transaction() as s:
        s.execute(
            text(ITEM_INSERT.format(column=column)), {"engagement": engagement_id, "v": value}
        )
    assert counts(db)["expectation_item"] == 0


@pytest.mark.parametrize(("column", "value", "message"), BAD_ITEM_VALUES)
@pytest.mark.sqlite_only(SQLITE_FILE)
def test_check_constraints_refuse_bad_values_from_plain_sqlite(
    db: Database, db_path: Path, engagement_id: int, column: str, value: Any, message: str
) -> None:
    # Another program (or a hand-written statement) gets no further than the app does.
    with raw(db_path) as conn, pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
        conn.execute(ITEM_INSERT.format(column=column), {"engagement": engagement_id, "v": value})
    assert counts(db)["expectation_item"] == 0


@pytest.mark.parametrize(
    ("column", "value", "stored"),
    [
        ("expected_level", 1, 1),
        ("expected_level", 5, 5),
        ("expected_level", None, None),
        ("expected_level", 4.0, 4),  # a whole number stored as a REAL becomes an INTEGER
        ("expected_level", "3", 3),  # so does a numeric string (INTEGER affinity)
        ("sacrifice_level", 0, 0),
        ("sacrifice_level", 4, 4),
        ("status", "at_risk", "at_risk"),
    ],
)
def test_check_constraints_accept_every_valid_value(
    db: Database, engagement_id: int, column: str, value: Any, stored: Any
) -> None:
    with db.transaction() as s:
        s.execute(
            text(ITEM_INSERT.format(column=column)), {"engagement": engagement_id, "v": value}
        )
    with plain(db) as conn:
        row = conn.exec_driver_sql(f"SELECT {column} FROM expectation_item").one()
        if conn.dialect.name == "sqlite":  # PostgreSQL's column holds nothing but integers
            kind = conn.exec_driver_sql(f"SELECT typeof({column}) FROM expectation_item")
            if isinstance(stored, int):
                assert kind.scalar() == "integer"
    assert row[0] == stored


@pytest.mark.parametrize("level", [0, 6, 2.5, "x"])
def test_snapshot_levels_are_checked_too(
    db: Database, backend: str, engagement_id: int, level: Any
) -> None:
    if backend == "postgresql" and isinstance(level, float):
        pytest.skip(ROUNDS)
    item = ex.add_item(db, engagement_id)
    milestone = ws.add_milestone(db, engagement_id, "Kickoff")
    with pytest.raises(EditRefused, match="out of range"), db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO expectation_snapshot (milestone_id, item_id, experienced_level,"
                " taken_at) VALUES (:m, :i, :v, '2026-01-01 00:00:00')"
            ),
            {"m": milestone.id, "i": item.id, "v": level},
        )


def test_bad_journey_phase_is_refused(db: Database, engagement_id: int) -> None:
    with pytest.raises(EditRefused, match="not one CX Desk knows"), db.transaction() as s:
        s.execute(
            text("UPDATE engagement SET journey_phase = 'post_sales' WHERE id = :id"),
            {"id": engagement_id},
        )
    engagement = ws.get_engagement(db, engagement_id)
    assert engagement is not None
    assert engagement.journey_phase == JourneyPhase.MARKETING_SALES


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO client (name, created_at) VALUES (:n, '2026-01-01')",
        "INSERT INTO engagement (client_id, name, created_at) VALUES"
        " ((SELECT min(id) FROM client), :n, '2026-01-01')",
        "INSERT INTO milestone (engagement_id, position, name) VALUES"
        " ((SELECT min(id) FROM engagement), 0, :n)",
        "UPDATE client SET name = :n",
    ],
    ids=["client", "engagement", "milestone", "rename"],
)
@pytest.mark.parametrize(
    "blank",
    [
        "",
        "   ",
        pytest.param(
            "\t\n ",
            marks=pytest.mark.xfail(
                reason="Known gap: SQLite's one-argument trim() strips only spaces, so the "
                "not_blank CHECK lets a name of tabs/newlines in by raw SQL (clean_name stops it "
                "in the app). Fixing it needs a schema change; strict xfail flags the fix.",
                strict=True,
            ),
        ),
    ],
)
def test_blank_names_are_refused(
    db: Database, engagement_id: int, statement: str, blank: str
) -> None:
    before = dump(db)
    with pytest.raises(EditRefused, match="cannot be empty"), db.transaction() as s:
        s.execute(text(statement), {"n": blank})
    assert dump(db) == before


def test_a_reference_to_a_missing_row_is_refused(db: Database) -> None:
    with pytest.raises(EditRefused, match="no longer exists"), db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO engagement (client_id, name, created_at)"
                " VALUES (999, 'Ghost', '2026-01-01')"
            )
        )


# --- cascades ------------------------------------------------------------------------


def test_deleting_a_client_in_sql_cascades_to_everything_it_owns(
    db: Database,
) -> None:
    portfolio = populate(db)
    before = counts(db)
    assert before == {
        "client": 2,
        "engagement": 4,
        "milestone": 6,
        "expectation_item": 10,
        "expectation_snapshot": 16,
    }
    # Plain SQL, no ORM: the database itself cascades.
    with db.transaction() as s:
        s.execute(text("DELETE FROM client WHERE id = :id"), {"id": portfolio.clients[0]})
    assert counts(db) == {table: n // 2 for table, n in before.items()}
    assert_no_orphans(db)
    # Only the other client's rows remain.
    rows = dump(db)
    assert [r[0] for r in rows["client"]] == [portfolio.clients[1]]
    assert {r[0] for r in rows["expectation_item"]} >= set(portfolio.items[1])
    assert not {r[0] for r in rows["milestone"]} & set(portfolio.milestones[0])


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_deleting_from_plain_sqlite_with_foreign_keys_on_cascades_too(
    db: Database,
    db_path: Path,
) -> None:
    populate(db)
    with raw(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM engagement")
        conn.commit()
    assert counts(db) == {
        "client": 2,
        "engagement": 0,
        "milestone": 0,
        "expectation_item": 0,
        "expectation_snapshot": 0,
    }
    assert_no_orphans(db)


def test_deleting_a_milestone_or_an_item_removes_only_their_snapshots(
    db: Database,
) -> None:
    p = populate(db)
    ws.delete_milestone(db, p.milestones[0][0])
    after_milestone = counts(db)
    assert after_milestone["milestone"] == 5
    assert after_milestone["expectation_item"] == 10  # rows stay
    assert after_milestone["expectation_snapshot"] == 12  # the 4 of that milestone go
    ex.delete_items(db, [p.items[0][1]])
    after_item = counts(db)
    assert after_item["expectation_item"] == 9
    assert after_item["expectation_snapshot"] == 11  # its one remaining snapshot goes
    assert_no_orphans(db)


# --- order of the matrix rows --------------------------------------------------------


def names(db: Database, engagement_id: int) -> list[str]:
    items = ex.list_items(db, engagement_id)
    assert [i.position for i in items] == list(range(len(items)))
    return [i.expects for i in items]


@pytest.mark.parametrize(
    ("row", "to", "order"),
    [
        ("a", 2, "bcad"),
        ("d", 0, "dabc"),
        ("b", 1, "abcd"),
        ("a", 99, "bcda"),  # past the end: to the end
        ("c", -3, "cabd"),  # before the start: to the start
        ("d", -1, "dabc"),  # any negative index is the start, not "from the end"
    ],
)
def test_move_item_reorders_with_positions_0_to_n(
    db: Database, engagement_id: int, row: str, to: int, order: str
) -> None:
    ids = {n: ex.add_item(db, engagement_id, expects=n).id for n in "abcd"}
    returned = ex.move_item(db, ids[row], to)
    assert "".join(i.expects for i in returned) == order
    assert [i.position for i in returned] == [0, 1, 2, 3]
    assert "".join(names(db, engagement_id)) == order


def test_move_item_only_touches_its_own_engagement(db: Database, engagement_id: int) -> None:
    engagement = ws.get_engagement(db, engagement_id)
    assert engagement is not None
    other = ws.add_engagement(db, engagement.client_id, "Other")
    for n in "xyz":
        ex.add_item(db, other.id, expects=n)
    ids = [ex.add_item(db, engagement_id, expects=n).id for n in "ab"]
    ex.move_item(db, ids[0], 1)
    assert names(db, engagement_id) == ["b", "a"]
    assert names(db, other.id) == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("at", "order"),
    [(None, "abcX"), (0, "Xabc"), (1, "aXbc"), (3, "abcX"), (99, "abcX"), (-5, "Xabc")],
)
def test_add_item_at_a_position(
    db: Database, engagement_id: int, at: int | None, order: str
) -> None:
    for n in "abc":
        ex.add_item(db, engagement_id, expects=n)
    added = ex.add_item(db, engagement_id, at=at, expects="X", expected_level=3)
    assert added.position == order.index("X")
    assert added.expected_level == 3
    assert "".join(names(db, engagement_id)) == order


def test_add_item_with_a_bad_value_adds_nothing(db: Database, engagement_id: int) -> None:
    ex.add_item(db, engagement_id, expects="a")
    with pytest.raises(EditRefused, match="Levels go from 1 to 5"):
        ex.add_item(db, engagement_id, at=0, expects="b", expected_level=7)
    assert names(db, engagement_id) == ["a"]


def test_add_item_to_a_deleted_engagement_is_refused(db: Database, engagement_id: int) -> None:
    ws.delete_engagement(db, engagement_id)
    with pytest.raises(EditRefused, match="no longer exists"):
        ex.add_item(db, engagement_id, expects="a")


# --- revalidation at milestones ------------------------------------------------------


def test_revalidate_records_levels_and_replaces_earlier_ones(
    db: Database, engagement_id: int
) -> None:
    """(Undoing a revalidation is the operation's: tests/test_ops_workspace.py.)"""
    a = ex.add_item(db, engagement_id, expected_level=4, delivered_level=3, experienced_level=2)
    b = ex.add_item(db, engagement_id, expected_level=2)
    kickoff = ws.add_milestone(db, engagement_id, "Kickoff")
    midpoint = ws.add_milestone(db, engagement_id, "Midpoint")
    assert kickoff.revalidated_at is None

    first = ex.revalidate(db, kickoff.id)
    assert first.revalidated_at is not None
    snaps = {s.item_id: s.levels for s in ex.list_snapshots(db, engagement_id)}
    assert snaps == {a.id: LevelTriple(4, 3, 2), b.id: LevelTriple(2, None, None)}

    ex.update_item(db, a.id, "experienced_level", 5)
    ex.update_item(db, b.id, "delivered_level", 1)
    second = ex.revalidate(db, kickoff.id)
    assert second.revalidated_at is not None
    assert second.revalidated_at >= first.revalidated_at
    snaps = {s.item_id: s.levels for s in ex.list_snapshots(db, engagement_id)}
    assert snaps == {a.id: LevelTriple(4, 3, 5), b.id: LevelTriple(2, 1, None)}

    # Another milestone's snapshots are separate.
    ex.revalidate(db, midpoint.id)
    assert len(ex.list_snapshots(db, engagement_id)) == 4


def test_list_snapshots_is_per_engagement(db: Database) -> None:
    p = populate(db)
    for index, engagement in enumerate(p.engagements):
        snaps = ex.list_snapshots(db, engagement)
        assert len(snaps) == 8
        assert {s.item_id for s in snaps} == set(p.items[index])
        assert {s.milestone_id for s in snaps} == set(p.milestones[index][:2])


def test_revalidate_a_deleted_milestone_is_refused(db: Database, engagement_id: int) -> None:
    milestone = ws.add_milestone(db, engagement_id, "Kickoff")
    ws.delete_milestone(db, milestone.id)
    with pytest.raises(EditRefused, match="no longer exists"):
        ex.revalidate(db, milestone.id)


# --- validation of single edits ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expected_level", 0, "Levels go from 1 to 5"),
        ("expected_level", 6, "Levels go from 1 to 5"),
        ("delivered_level", True, "Levels go from 1 to 5"),  # a bool is not a level
        ("experienced_level", 3.5, "Levels go from 1 to 5"),
        ("experienced_level", "3", "Levels go from 1 to 5"),
        ("sacrifice_level", 5, "Levels go from 0 to 4"),
        ("sacrifice_level", -1, "Levels go from 0 to 4"),
        ("sacrifice_level", False, "Levels go from 0 to 4"),
        ("status", "done", "not a status CX Desk knows"),
        ("status", None, "not a status CX Desk knows"),
        ("id", 99, "not a field of an expectation"),
        ("engagement_id", 2, "not a field of an expectation"),
        ("position", 0, "not a field of an expectation"),
        ("__class__", "x", "not a field of an expectation"),
        ("notes", 5, "takes text"),
        ("owner", None, "takes text"),
        ("expects", "x" * (TEXT_MAX + 1), "too long"),
    ],
)
def test_update_item_refuses_with_a_readable_message(
    db: Database, engagement_id: int, field: str, value: Any, message: str
) -> None:
    item = ex.add_item(db, engagement_id, expects="Live tracking", expected_level=3)
    before = dump(db)
    with pytest.raises(EditRefused, match=message) as caught:
        ex.update_item(db, item.id, field, value)
    assert caught.value.message == str(caught.value)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("expected_level", 1, 1),
        ("expected_level", 5, 5),
        ("expected_level", None, None),
        ("sacrifice_level", 0, 0),
        ("sacrifice_level", 4, 4),
        ("status", ExpectationStatus.MET, "met"),
        ("status", "at_risk", "at_risk"),
        ("expects", "x" * TEXT_MAX, "x" * TEXT_MAX),
        ("owner", "Dana (PM)", "Dana (PM)"),
        ("notes", "", ""),
    ],
)
def test_update_item_saves_valid_values(
    db: Database, engagement_id: int, field: str, value: Any, stored: Any
) -> None:
    item = ex.add_item(db, engagement_id, expected_level=3, notes="old")
    record = ex.update_item(db, item.id, field, value)
    assert getattr(record, field) == stored
    with plain(db) as conn:
        assert conn.exec_driver_sql(f"SELECT {field} FROM expectation_item").scalar() == stored


def test_update_a_deleted_item_is_refused(db: Database, engagement_id: int) -> None:
    item = ex.add_item(db, engagement_id)
    ex.delete_items(db, [item.id])
    with pytest.raises(EditRefused, match="no longer exists"):
        ex.update_item(db, item.id, "notes", "late edit")


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("Acme", "Acme"),
        ("  Acme Logistics  ", "Acme Logistics"),
        ("Acme \t  Logistics\n", "Acme Logistics"),
        ("Zoë\u00a0& Co", "Zoë & Co"),  # a non-breaking space pasted from a document
        ("x" * NAME_MAX, "x" * NAME_MAX),
        (" " * 10 + "x" * NAME_MAX + " " * 10, "x" * NAME_MAX),
    ],
)
def test_clean_name_trims_and_collapses_space(given: str, cleaned: str) -> None:
    assert ws.clean_name(given, "client") == cleaned


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "The milestone needs a name."),
        ("   \t\n", "The milestone needs a name."),
        ("x" * (NAME_MAX + 1), f"too long \\(at most {NAME_MAX} characters\\)"),
    ],
)
def test_clean_name_refuses(given: str, message: str) -> None:
    with pytest.raises(EditRefused, match=message):
        ws.clean_name(given, "milestone")


def test_names_are_cleaned_and_checked_by_every_operation(db: Database) -> None:
    client = ws.add_client(db, "  Acme   Logistics ")
    assert client.name == "Acme Logistics"
    engagement = ws.add_engagement(db, client.id, "\tRollout ")
    assert engagement.name == "Rollout"
    milestone = ws.add_milestone(db, engagement.id, " Kickoff  workshop ")
    assert milestone.name == "Kickoff workshop"
    before = dump(db)
    with pytest.raises(EditRefused, match="client needs a name"):
        ws.rename_client(db, client.id, "   ")
    with pytest.raises(EditRefused, match="engagement needs a name"):
        ws.rename_engagement(db, engagement.id, "")
    with pytest.raises(EditRefused, match="too long"):
        ws.update_milestone(db, milestone.id, "m" * (NAME_MAX + 1), None)
    assert dump(db) == before
    assert dump(db)["client"][0][1] == "Acme Logistics"


def test_list_clients_is_case_insensitive_and_groups_engagements(db: Database) -> None:
    b = ws.add_client(db, "borealis")
    a = ws.add_client(db, "Acme")
    ws.add_engagement(db, b.id, "Zeta")
    ws.add_engagement(db, b.id, "alpha")
    listed = ws.list_clients(db)
    assert [c.name for c, _ in listed] == ["Acme", "borealis"]
    assert listed[0] == (a, [])
    assert [e.name for e in listed[1][1]] == ["alpha", "Zeta"]


def test_milestones_are_numbered_in_the_order_added(db: Database, engagement_id: int) -> None:
    ids = [ws.add_milestone(db, engagement_id, n).id for n in ("Kickoff", "Mid", "Go-live")]
    ws.delete_milestone(db, ids[1])
    late = ws.add_milestone(db, engagement_id, "Review")
    listed = ws.list_milestones(db, engagement_id)
    assert [m.name for m in listed] == ["Kickoff", "Go-live", "Review"]
    assert late.position > max(m.position for m in listed[:-1])
