"""Importing closing the loop's sheets back: actions, "you said, we did" and small wins.

The export writes each of these rows with its CX Desk ID, as the matrix's: a sheet
edited in a meeting (owners, due dates, statuses, what was done) and imported again
updates those rows, and a row without an ID (or with another engagement's) is matched by
its words, each stored row once, or added. What the app works out (the source of an
action, whether it is late, did it work; where an entry came from) is written but never
read back: an added action answers no gap (a typed one), an added entry was typed.

The issue log is not imported: an issue moves by dated steps (escalated, resolved,
reopened) that a changed cell could not say when or why.

Every value is checked by the store's own rules before anything is written (a problem is
its row's, by column); the writing is one transaction, as every import's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from cxdesk.models.actions import ActionStatus, OwnerSide, SourceKind
from cxdesk.models.base import utcnow
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.sheet_columns import (
    COLUMNS,
    ParsedSheet,
    RowId,
    RowProblem,
    SheetKind,
    normalize_header,
)
from cxdesk.store import actions, loop_log
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.loop_common import PHASE, TOUCHPOINT
from cxdesk.store.workspace import get_or_refuse

if TYPE_CHECKING:
    from cxdesk.store.sheet_import import RowPlan


@dataclass(frozen=True, slots=True)
class LoopKind:
    """How one of the loop's sheets maps onto its table."""

    table: Table
    noun: str  # "action": in the words of problems
    a_noun: str  # "an action"
    text: str  # the column a row is matched by (without an ID) and cannot be blank
    needed: tuple[str, ...]  # what a new row must give
    keep_if_blank: tuple[str, ...]  # a blank cell keeps what is there (a new row: the default)
    clean: Callable[[str, Any], Any]  # the store's check of one field
    defaults: Mapping[str, Any]  # a new row's values where the sheet gives none


def _clean_action(key: str, value: Any) -> Any:
    if key == "status":
        return actions.clean_status(value).value
    return actions.clean_action_field(key, value)


def _clean_win(key: str, value: Any) -> Any:
    if key in ("milestone", "touchpoint"):
        return value  # an id found by its name (or None), in this engagement
    return loop_log.clean_win_field(key, value)


KINDS: Mapping[SheetKind, LoopKind] = {
    SheetKind.ACTIONS: LoopKind(
        actions.ACTION,
        "action",
        "an action",
        "title",
        ("title",),
        ("status", "owner_side"),
        _clean_action,
        {
            "cause": None,
            "owner_name": "",
            "owner_side": OwnerSide.OURS.value,
            "due_on": None,
            "status": ActionStatus.OPEN.value,
            "outcome": "",
        },
    ),
    SheetKind.SAID: LoopKind(
        loop_log.SAID,
        "“you said, we did” entry",
        "a “you said, we did” entry",
        "said",
        ("said", "said_on"),
        ("said_on",),
        loop_log.clean_said_field,
        {"said_by": "", "we_did": "", "did_on": None},
    ),
    SheetKind.WINS: LoopKind(
        loop_log.WIN,
        "small win",
        "a small win",
        "text",
        ("text", "won_on"),
        ("won_on",),
        _clean_win,
        {"milestone": None, "touchpoint": None},
    ),
}
_LINKS = {"milestone": "milestone_id", "touchpoint": "touchpoint_id"}  # a win's, by name


def _keys(kind: SheetKind) -> tuple[str, ...]:
    return tuple(c.key for c in COLUMNS[kind] if c.importable and c.key != "id")


def _column(key: str) -> str:
    return _LINKS.get(key, key)


def load_loop_rows(s: Session, engagement_id: int) -> dict[SheetKind, dict[int, dict[str, Any]]]:
    """Each loop sheet's rows as stored, id -> the values an import can change."""
    found: dict[SheetKind, dict[int, dict[str, Any]]] = {}
    for kind, spec in KINDS.items():
        keys = _keys(kind)
        table = spec.table
        order = [table.c.position] if "position" in table.c else []
        found[kind] = {
            row.id: {key: row._mapping[_column(key)] for key in keys}
            for row in s.execute(
                select(table)
                .where(table.c.engagement_id == engagement_id)
                .order_by(*order, table.c.id)
            )
        }
    return found


def load_touchpoints(s: Session, engagement_id: int) -> dict[str, int]:
    """Touchpoint name key -> id, the map's first of a name (by phase, then position)."""
    found: dict[str, int] = {}
    for touchpoint_id, name in s.execute(
        select(TOUCHPOINT.c.id, TOUCHPOINT.c.name)
        .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
        .where(PHASE.c.engagement_id == engagement_id)
        .order_by(PHASE.c.position, TOUCHPOINT.c.position, TOUCHPOINT.c.id)
    ):
        found.setdefault(normalize_header(name), touchpoint_id)
    return found


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 40 else one_line[:39] + "…"


def plan_loop(
    kind: SheetKind,
    parsed: ParsedSheet,
    stored: Mapping[int, Mapping[str, Any]],
    tag: str,
    milestones: Mapping[str, int],
    touchpoints: Mapping[str, int],
    headers: Sequence[str],
    mapping: Sequence[str | None],
) -> tuple[list[RowProblem], list[tuple[int, int | None, dict[str, Any]]]]:
    """Each good row's fate: (row, the stored id it updates or None to add, the values it
    sets, checked by the store's rules), and the problems found on the way."""
    spec = KINDS[kind]
    keys = _keys(kind)
    header = {k: next((headers[i] for i, m in enumerate(mapping) if m == k), "") for k in keys}
    id_header = next((headers[i] for i, m in enumerate(mapping) if m == "id"), "")
    by_text: dict[str, list[int]] = {}
    for existing, values in stored.items():
        if key := _text_key(values[spec.text] or ""):
            by_text.setdefault(key, []).append(existing)
    names = {"milestone": milestones, "touchpoint": touchpoints}
    claimed: dict[int, int] = {}
    problems: list[RowProblem] = []
    plans: list[tuple[int, int | None, dict[str, Any]]] = []
    told: set[str] = set()

    def once(what: str, problem: RowProblem) -> None:
        if what not in told:
            told.add(what)
            problems.append(problem)

    for row in parsed.good:
        values = {k: v for k, v in row.values.items() if k in keys}
        row_id = row.values.get("id")
        target: int | None = None
        if isinstance(row_id, RowId):
            if row_id.tag is None:
                once(
                    "bare",
                    RowProblem(
                        row.row,
                        id_header,
                        "This ID column holds plain numbers, not CX Desk's IDs (its exports "
                        "write them like “42@1a2b3c4d”), so its rows are matched by their "
                        "words instead.",
                        blocking=False,
                    ),
                )
            elif row_id.tag != tag:
                once(
                    "foreign",
                    RowProblem(
                        row.row,
                        id_header,
                        "The IDs in this file are of another engagement (or another CX Desk "
                        "workspace), so its rows are matched by their words instead.",
                        blocking=False,
                    ),
                )
            elif row_id.item_id not in stored:
                problems.append(
                    RowProblem(
                        row.row,
                        id_header,
                        f"This engagement has no {spec.noun} with this ID (deleted since the "
                        "export?), so the row is matched by its words or added.",
                        blocking=False,
                    )
                )
            elif row_id.item_id in claimed:
                problems.append(
                    RowProblem(
                        row.row,
                        id_header,
                        f"Row {claimed[row_id.item_id]} has the same ID: one {spec.noun} "
                        "cannot be updated from two rows. Keep one of them.",
                    )
                )
                continue
            else:
                target = row_id.item_id
        text = values.get(spec.text)
        if target is None and isinstance(text, str) and text.strip():
            target = next((i for i in by_text.get(_text_key(text), ()) if i not in claimed), None)
        row_problems: list[RowProblem] = []
        for key, linked in names.items():
            if key not in values or kind is not SheetKind.WINS:
                continue
            name = values[key]
            if not name:
                values[key] = None
            elif normalize_header(name) in linked:
                values[key] = linked[normalize_header(name)]
            else:
                del values[key]  # left as it is (a new win: without one)
                kept = f"keeps the {key} it has" if target is not None else "is added without one"
                row_problems.append(
                    RowProblem(
                        row.row,
                        header[key],
                        f"This engagement has no {key} “{_short(name)}”, so the win {kept}.",
                        blocking=False,
                    )
                )
        for key in spec.keep_if_blank:
            if key in values and values[key] is None:
                del values[key]
        current = stored.get(target, {}) if target is not None else {}
        if target is not None:
            values = {k: v for k, v in values.items() if v != current[k]}
        else:
            for key in spec.needed:
                given = values.get(key)
                if given is None or (isinstance(given, str) and not given.strip()):
                    values.pop(key, None)  # said once, here, not again by the store's check
                    title = header[key] or next(c.header for c in COLUMNS[kind] if c.key == key)
                    row_problems.append(
                        RowProblem(
                            row.row,
                            header[key],
                            f"This row would add {spec.a_noun} without “{title}”: fill it in"
                            + ("." if header[key] else ", in a column mapped to it."),
                        )
                    )
        checked: dict[str, Any] = {}
        for key, value in values.items():
            try:
                checked[key] = spec.clean(key, value)
            except EditRefused as refusal:
                row_problems.append(RowProblem(row.row, header[key], refusal.message))
        merged = {**spec.defaults, **current, **checked}
        if kind is SheetKind.SAID and not row_problems:
            said_on, did_on = merged.get("said_on"), merged.get("did_on")
            if said_on is not None and did_on is not None and did_on < said_on:
                row_problems.append(
                    RowProblem(
                        row.row,
                        header["did_on"] or header["said_on"],
                        f"What we did is dated {did_on:%d %b %Y}, before it was said "
                        f"({said_on:%d %b %Y}).",
                    )
                )
        problems.extend(row_problems)
        if any(p.blocking for p in row_problems):
            continue
        if target is not None:
            claimed[target] = row.row
        plans.append((row.row, target, checked))
    return problems, plans


def write_loop(
    db: Database, kind: SheetKind, engagement_id: int, plans: Sequence[RowPlan]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Write the planned rows (``RowPlan``s of updates and adds) in one transaction: the
    ids added and the ids updated. A row changed meanwhile is written over as the file says
    (as the matrix's import does); one deleted meanwhile refuses the whole import."""
    spec = KINDS[kind]
    table = spec.table
    added: list[int] = []
    updated: list[int] = []
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
        now = utcnow()
        position = None
        if "position" in table.c:
            last = s.scalar(
                select(func.max(table.c.position)).where(table.c.engagement_id == engagement_id)
            )
            position = 0 if last is None else last + 1
        for plan in plans:
            values = {_column(k): v for k, v in plan.changes.items()}
            if plan.item_id is not None:
                current = s.execute(select(table).where(table.c.id == plan.item_id)).first()
                if current is None or current.engagement_id != engagement_id:
                    raise EditRefused(
                        f"The {spec.noun} that row {plan.row} of the file updates is no longer "
                        "in this engagement (deleted meanwhile?); nothing was imported. Import "
                        "the file again to see it as it is now."
                    )
                if kind is SheetKind.ACTIONS and "status" in values:
                    values["closed_at"] = _closed_at(values["status"], current)
                if values:
                    s.execute(table.update().where(table.c.id == plan.item_id).values(values))
                updated.append(plan.item_id)
                continue
            row = {_column(k): v for k, v in spec.defaults.items()}
            row.update(values, engagement_id=engagement_id)
            if kind is SheetKind.ACTIONS:
                closed = ActionStatus(row["status"]).is_closed
                row.update(
                    position=position,
                    source_kind=SourceKind.NONE.value,
                    created_at=now,
                    closed_at=now if closed else None,
                )
                assert position is not None
                position += 1
            elif kind is SheetKind.SAID:
                row["said_source"] = SaidSource.TYPED.value
            made = s.execute(table.insert().values(row).returning(table.c.id)).scalar_one()
            added.append(made)
    return tuple(added), tuple(updated)


def _closed_at(status: str, current: Any) -> Any:
    """Done or dropped dates the closing (now; done after dropped keeps its day), open or
    in progress takes the date away: as the Actions view's status change does."""
    if not ActionStatus(status).is_closed:
        return None
    return current.closed_at or max(utcnow(), current.created_at)
