"""The one table model over records: apply() moves a view to fresh rows with the smallest set
of signals a view can follow, and every table built on it passes Qt's model checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from cxdesk.models.journey_map import HandoffItemRecord, StakeholderRecord
from cxdesk.models.quiz import Band
from cxdesk.models.servqual import ScoringMode
from cxdesk.store import pulse as pulse_store
from cxdesk.store import quizzes, rater, workshop
from cxdesk.store import workspace as workspace_store
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.journey.handoffs import ChecklistModel
from cxdesk.ui.journey.stakeholders import StakeholderModel
from cxdesk.ui.matrix.model import ExpectationTableModel
from cxdesk.ui.pulse.model import PulseTableModel
from cxdesk.ui.quiz.editor_tables import BandDraft, StatementDraft
from cxdesk.ui.quiz.participants import ParticipantsModel
from cxdesk.ui.quiz.participants import Row as Participant
from cxdesk.ui.quiz.sessions import SessionScope, SessionTableModel, load_rows
from cxdesk.ui.rater.model import RespondentTableModel
from cxdesk.ui.rater.statements import StatementScoreModel
from cxdesk.ui.record_model import Column, RecordRole, RecordTableModel, SortRole
from cxdesk.ui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str


PEOPLE_COLUMNS: tuple[Column[Person], ...] = (
    Column(
        "id", "Number", "Who is who", display=lambda p: str(p.id), align=Qt.AlignmentFlag.AlignRight
    ),
    Column("name", "Name", editable=True, sort=lambda p: p.name.casefold()),
)


def people_model(people: list[Person]) -> RecordTableModel[Person]:
    model: RecordTableModel[Person] = RecordTableModel(columns=PEOPLE_COLUMNS)
    model.reset(people)
    return model


class Mirror:
    """What a view knows of a model: only what the model's signals told it."""

    def __init__(self, model: RecordTableModel[Any]) -> None:
        self.model = model
        self.rows = model.records()
        self.moved = self.inserted = self.removed = 0
        self.resets = 0
        model.rowsRemoved.connect(self._removed)
        model.rowsInserted.connect(self._inserted)
        model.rowsMoved.connect(self._moved)
        model.dataChanged.connect(self._changed)
        model.modelReset.connect(self._reset)
        model.layoutChanged.connect(self._reset)

    def _removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        del self.rows[first : last + 1]
        self.removed += last - first + 1

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.rows[first:first] = [self.model.record(r) for r in range(first, last + 1)]
        self.inserted += last - first + 1

    def _moved(
        self, _parent: QModelIndex, first: int, last: int, _to: QModelIndex, destination: int
    ) -> None:
        assert first == last, "rows move one at a time"
        row = self.rows.pop(first)
        self.rows.insert(destination - 1 if first < destination else destination, row)
        self.moved += 1

    def _changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        for row in range(top.row(), bottom.row() + 1):
            self.rows[row] = self.model.record(row)

    def _reset(self) -> None:
        self.resets += 1


def _longest_kept(old: list[int], new: list[int]) -> int:
    """How many shared rows are already in order (the rows that need not move)."""
    position = {k: i for i, k in enumerate(old)}
    shared = [position[k] for k in new if k in position]
    best: list[int] = []
    for value in shared:
        spot = next((i for i, b in enumerate(best) if b >= value), len(best))
        best[spot : spot + 1] = [value]
    return len(best)


@settings(max_examples=150, deadline=None)
@given(
    old=st.lists(st.integers(0, 30), unique=True, max_size=14),
    new=st.lists(st.integers(0, 30), unique=True, max_size=14),
    renamed=st.sets(st.integers(0, 30)),
)
def test_apply_tells_a_view_every_change_with_the_fewest_row_signals(
    old: list[int], new: list[int], renamed: set[int]
) -> None:
    model = people_model([Person(k, f"p{k}") for k in old])
    mirror = Mirror(model)
    persistent = {k: QPersistentModelIndex(model.index(r, 1)) for r, k in enumerate(old)}
    fresh = [Person(k, f"q{k}" if k in renamed else f"p{k}") for k in new]

    model.apply(fresh)

    assert model.records() == fresh
    assert mirror.rows == fresh, "a view following the signals shows the fresh rows"
    assert mirror.resets == 0
    assert mirror.removed == len(set(old) - set(new))
    assert mirror.inserted == len(set(new) - set(old))
    shared = [k for k in new if k in set(old)]
    assert mirror.moved <= len(shared) - _longest_kept(old, new)
    for k, index in persistent.items():  # the selection and current cell follow their row
        if k in new:
            assert index.isValid()
            assert index.data(RecordRole).id == k
        else:
            assert not index.isValid()
    assert all(model.row_of(p.id) == r for r, p in enumerate(fresh))


def test_apply_inserts_an_arrival_where_it_belongs_not_at_the_end() -> None:
    model = people_model([Person(1, "Ana"), Person(3, "Cy")])
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.apply([Person(1, "Ana"), Person(2, "Bo"), Person(3, "Cy")])
    assert inserted == [(1, 1)]
    assert model.index(1, 1).data() == "Bo"


def test_only_the_rows_that_changed_repaint() -> None:
    model = people_model([Person(k, str(k)) for k in range(6)])
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom: changed.append((top.row(), top.column(), bottom.row(), bottom.column()))
    )
    model.apply([Person(k, "new" if k in (1, 2, 4) else str(k)) for k in range(6)])
    assert changed == [(1, 0, 2, 1), (4, 0, 4, 1)]
    assert model.update_record(Person(5, "five"))
    assert not model.update_record(Person(9, "gone"))
    assert changed[-1] == (5, 0, 5, 1)


def test_columns_declare_what_each_role_reads() -> None:
    model = people_model([Person(7, "Émile")])
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Number"
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Who is who"
    )
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 0).data() == "7"
    assert model.index(0, 0).data(Qt.ItemDataRole.EditRole) == 7
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.index(0, 1).data(SortRole) == "émile"
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    # A draft table keeps an edit itself; a read-only column refuses one.
    assert model.setData(model.index(0, 1), "Emil")
    assert model.record(0) == Person(7, "Emil")
    assert not model.setData(model.index(0, 0), 8)
    assert model.column_of("name") == 1


@pytest.mark.parametrize("step", ["insert", "remove", "move", "edit", "reset"])
def test_the_generic_model_passes_qtmodeltester(qtmodeltester, step: str) -> None:  # type: ignore[no-untyped-def]
    model = people_model([Person(k, f"p{k}") for k in range(5)])
    qtmodeltester.check(model, force_py=True)
    fresh = {
        "insert": [Person(k, f"p{k}") for k in (0, 1, 9, 2, 3, 4)],
        "remove": [Person(k, f"p{k}") for k in (0, 3, 4)],
        "move": [Person(k, f"p{k}") for k in (4, 0, 1, 3, 2)],
        "edit": [Person(k, "x" if k == 2 else f"p{k}") for k in range(5)],
        "reset": [],
    }[step]
    if step == "reset":
        model.reset(fresh)
    else:
        model.apply(fresh)
    qtmodeltester.check(model, force_py=True)
    assert model.records() == fresh


# -- every table built on the model ------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """How to fill one of the app's record tables, give a record a new key, and change one."""

    build: Callable[[Database, Workspace], RecordTableModel[Any]]
    rekey: Callable[[Any, int], Any]
    change: Callable[[Any], Any]


def _matrix(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = ExpectationTableModel(ws)
    model.load(add_demo_engagement(db))
    return model


def _pulse(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    demo = add_demo_engagement(db)
    model = PulseTableModel(ws)
    model.set_milestones(workspace_store.list_milestones(db, demo))
    model.reset_pulses(pulse_store.list_pulses(db, demo))
    return model


def _rater(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = RespondentTableModel(ws)
    model.load(rater.list_assessments(db, add_demo_engagement(db))[-1])
    return model


def _statement_scores(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    demo = add_demo_engagement(db)
    by_statements = rater.add_assessment(db, demo, "By statements", scoring=ScoringMode.STATEMENTS)
    person = rater.add_respondent(db, by_statements.id, "Sam")
    statements = rater.list_statements(db, by_statements.id)
    rater.set_statement_score(db, person.id, statements[0].id, "expectation", 3)
    model = StatementScoreModel(ws)
    model.set_statements(
        by_statements.id, statements, rater.list_statement_scores(db, by_statements.id)
    )
    model.set_respondent(person)
    return model


def _stakeholders(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = StakeholderModel(ws)
    model.reset(
        [StakeholderRecord(id=n, engagement_id=1, position=n, name=f"P{n}") for n in range(5)]
    )
    return model


def _checklist(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = ChecklistModel(None)
    model.set_items(
        tuple(
            HandoffItemRecord(id=n, engagement_id=1, phase_id=1, position=n, text=f"Item {n}")
            for n in range(5)
        )
    )
    return model


def _statements(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = StatementDraft()
    model.set_texts([f"Statement {n}" for n in range(5)])
    return model


def _bands(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = BandDraft()
    model.set_bands([Band(n * 10, n * 10 + 9, f"B{n}", "") for n in range(5)])
    return model


def _sessions(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    quiz = quizzes.ensure_built_in_quiz(db)
    for n in range(5):
        workshop.add_session(db, quiz.id, None, f"Session {n}", date(2026, 3, n + 1))
    model = SessionTableModel()
    model.set_rows(load_rows(db, SessionScope.ALL, None))
    return model


def _participants(db: Database, ws: Workspace) -> RecordTableModel[Any]:
    model = ParticipantsModel()
    model.set_rows([Participant(n, f"P{n}", "12", "Low", True, 12, "Low: start") for n in range(5)])
    return model


TABLES = {
    "matrix": Table(_matrix, lambda r, k: replace(r, id=k), lambda r: replace(r, notes="new")),
    "pulse": Table(_pulse, lambda r, k: replace(r, id=k), lambda r: replace(r, csat=None)),
    "rater": Table(_rater, lambda r, k: replace(r, id=k), lambda r: replace(r, name="")),
    "statement scores": Table(
        _statement_scores, lambda r, k: replace(r, id=k), lambda r: replace(r, text="Reworded")
    ),
    "stakeholders": Table(
        _stakeholders, lambda r, k: replace(r, id=k), lambda r: replace(r, influence="high")
    ),
    "checklist": Table(_checklist, lambda r, k: replace(r, id=k), lambda r: replace(r, done=True)),
    "statements": Table(_statements, lambda r, k: replace(r, key=k), lambda r: replace(r, text="")),
    "bands": Table(_bands, lambda r, k: replace(r, key=k), lambda r: replace(r, high=99)),
    "sessions": Table(
        _sessions,
        lambda r, k: replace(r, record=replace(r.record, id=k)),
        lambda r: replace(r, record=replace(r.record, revealed=True)),
    ),
    "participants": Table(
        _participants, lambda r, k: replace(r, participant_id=k), lambda r: replace(r, total="9")
    ),
}


@pytest.mark.parametrize("name", TABLES)
def test_every_record_table_passes_qtmodeltester_through_apply(
    qtmodeltester, db: Database, name: str
) -> None:  # type: ignore[no-untyped-def]
    table = TABLES[name]
    ws = Workspace(db)
    model = table.build(db, ws)
    rows = model.records()
    assert len(rows) >= 4, "enough rows to move, remove and insert"
    qtmodeltester.check(model, force_py=True)
    for column in range(model.columnCount()):  # every declared reader runs
        for role in range(Qt.ItemDataRole.UserRole + 5):
            model.index(0, column).data(role)
    mirror = Mirror(model)
    # The third row moves to the top and changes, the second goes, one arrives in place.
    arrival = table.rekey(rows[0], 10_000)
    fresh = [table.change(rows[2]), rows[0], arrival, *rows[3:]]

    model.apply(fresh)

    assert model.records() == fresh
    assert mirror.rows == fresh
    assert (mirror.removed, mirror.inserted, mirror.resets) == (1, 1, 0)
    assert model.row_of(model.key(arrival)) == 2
    qtmodeltester.check(model, force_py=True)
    ws.deleteLater()
