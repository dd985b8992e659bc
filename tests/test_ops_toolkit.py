"""Every operation on the brand and the escalation ladder (cxdesk.ops.toolkit): done,
undone and redone, the database comes back byte for byte each way (the first edit of a
default ladder stores it and edits it in one step, and its undo leaves the default
again); an undo over a colleague's later change is refused and loses nothing; an edit
made on a rung changed since is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from cxdesk.models.base import table_of
from cxdesk.models.brand import DEFAULT_BRAND, PageSize
from cxdesk.models.escalation import EscalationLevel, is_default
from cxdesk.models.toolkit_entities import BrandRow, EscalationRung
from cxdesk.ops import Operation, perform, revert
from cxdesk.ops import toolkit as ops
from cxdesk.store import brand as brand_store
from cxdesk.store import escalation
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from tests.ops_helpers import Colleague, undo_is_refused
from tests.raw_rows import user_data

pytestmark = pytest.mark.both_backends

BRAND = table_of(BrandRow)
LEVEL = table_of(EscalationRung)


@dataclass(frozen=True)
class Ladders:
    default: tuple[EscalationLevel, ...]  # an engagement still on the default ladder
    own: tuple[EscalationLevel, ...]  # one with a ladder of its own (a rung added)


@pytest.fixture
def ladders(db: Database) -> Ladders:
    client = ws.add_client(db, "Zoë Łukasiewicz & Sons")
    on_default = ws.add_engagement(db, client.id, "ERP rollout").id
    with_own = ws.add_engagement(db, client.id, "Data platform").id
    escalation.add_level(db, with_own, name="Board «R&D»")
    brand_store.save_brand(db, replace(DEFAULT_BRAND, firm_name="Ελένη & Co"))
    return Ladders(escalation.list_levels(db, on_default), escalation.list_levels(db, with_own))


Build = Callable[[Ladders], Operation[Any] | None]

CASES: dict[str, Build] = {
    "change the brand": lambda _l: ops.save_brand(
        replace(DEFAULT_BRAND, firm_name="Фёдор Ltd", page_size=PageSize.LETTER)
    ),
    "edit a default rung": lambda ls: ops.edit_level(ls.default[1], "owner", "Dana"),
    "edit a rung": lambda ls: ops.edit_level(ls.own[4], "trigger", "Any <issue>"),
    "add to the default ladder": lambda ls: ops.add_level(ls.default[0].engagement_id, 1),
    "add a rung": lambda ls: ops.add_level(ls.own[0].engagement_id, None, name="Sponsor"),
    "delete a default rung": lambda ls: ops.delete_level(ls.default[2]),
    "delete a rung": lambda ls: ops.delete_level(ls.own[0]),
    "move a default rung": lambda ls: ops.move_level(ls.default[3], 0),
    "move a rung": lambda ls: ops.move_level(ls.own[4], 1),
    "reset to the default": lambda ls: ops.reset_to_default(ls.own[0].engagement_id),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_operation_undoes_and_redoes_byte_for_byte(
    db: Database, ladders: Ladders, name: str
) -> None:
    operation = CASES[name](ladders)
    assert operation is not None, f"{name}: would change nothing"
    before = user_data(db)
    done = perform(db, operation)
    after = user_data(db)
    assert after != before, f"{name}: changed nothing"
    back = revert(db, done)
    assert user_data(db) == before, f"{name}: undo did not put everything back"
    revert(db, back)
    assert user_data(db) == after, f"{name}: redo differs from the first time"


def test_undoing_the_first_edit_of_a_default_ladder_leaves_the_default(
    db: Database, ladders: Ladders
) -> None:
    engagement_id = ladders.default[0].engagement_id
    operation = ops.edit_level(ladders.default[0], "name", "Level 1: Team")
    assert operation is not None
    done = perform(db, operation)
    assert done.value.name == "Level 1: Team"
    assert not is_default(escalation.list_levels(db, engagement_id))
    revert(db, done)
    assert is_default(escalation.list_levels(db, engagement_id))


def test_edits_that_change_nothing_are_no_operation(ladders: Ladders) -> None:
    rung = ladders.own[0]
    assert ops.edit_level(rung, "name", f"  {rung.name} ") is None  # stored trimmed
    assert ops.edit_level(ladders.default[0], "owner", ladders.default[0].owner) is None
    assert ops.move_level(rung, rung.position) is None


# --- a colleague's change, on a second connection ------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("edit a rung", "the escalation ladder"),
        ("edit a default rung", "the escalation ladder"),
        ("move a rung", "the escalation ladder"),
        ("change the brand", "the brand"),
    ],
)
def test_undo_over_a_colleagues_later_change_is_refused_and_loses_nothing(
    db: Database, ladders: Ladders, colleague: Colleague, name: str, what: str
) -> None:
    operation = CASES[name](ladders)
    assert operation is not None
    done = perform(db, operation)
    if name == "change the brand":
        colleague(BRAND, brand_store.ROW_ID, footer="Ana's footer")
    else:  # a rung the step made or changed, renamed by the colleague
        colleague(LEVEL, max(done.changeset.ids("escalation_level")), owner="Ana")
    undo_is_refused(db, done, f"^{what[:1].upper()}{what[1:]} was changed after this step")


def test_an_edit_on_a_rung_changed_since_the_screen_read_it_is_refused(
    db: Database, ladders: Ladders, colleague: Colleague
) -> None:
    rung = ladders.own[1]
    operation = ops.edit_level(rung, "owner", "Mine")
    assert operation is not None
    colleague(LEVEL, rung.id, owner="Ana")
    before = user_data(db)
    with pytest.raises(
        StaleRow, match=r"^You changed this escalation level's owner at \d\d:\d\d in another"
    ):
        perform(db, operation)
    assert user_data(db) == before
