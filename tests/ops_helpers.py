"""What the operations tests check again and again: a step undone and redone exactly, an
undo refused without a change, and the colleague who writes on a second connection."""

from __future__ import annotations

from typing import Any, Protocol

import pytest
from sqlalchemy import Table

from cxdesk.models.base import Base
from cxdesk.ops import Conflict, Done, Operation, perform, revert
from cxdesk.store.database import Database
from tests.raw_rows import user_data


class Colleague(Protocol):
    """The ``colleague`` fixture (tests/conftest.py): changes one row, on another engine."""

    def __call__(self, target: type[Base] | Table, row_id: int, **values: object) -> None: ...


def round_trip(db: Database, operation: Operation[Any]) -> Done[Any]:
    """Do, undo, redo: undo leaves the data exactly as before, redo exactly as after."""
    before = user_data(db)
    done = perform(db, operation)
    after = user_data(db)
    back = revert(db, done)
    assert user_data(db) == before
    again = revert(db, back)
    assert user_data(db) == after
    assert again.changeset.tables == done.changeset.tables
    return done


def undo_is_refused(db: Database, done: Done[Any], words: str | None = None) -> Conflict:
    """Undoing ``done`` is refused (with ``words``, a pattern, when given) and changes
    nothing: whatever somebody wrote since is kept. The refusal, for a closer look."""
    before = user_data(db)
    with pytest.raises(Conflict, match=words) as refused:
        revert(db, done)
    assert user_data(db) == before
    return refused.value
