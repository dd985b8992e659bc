"""The consultant's words for a change the database's constraints or triggers refused.

Two steps, so neither depends on one engine's message text: :func:`constraint_failure`
reads *what* failed from the DBAPI error (the constraint's name as the models name it,
its table and columns), and :func:`describe_failure` maps that to words. SQLite names a
CHECK in its message and a UNIQUE / NOT NULL by its table.columns; psycopg hands the
same facts over as ``diag`` fields and an SQLSTATE. Triggers (quiz scale, one engagement
per map) raise a message of their own on both engines: those are recognised by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Constraint,
    Index,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.schema import ColumnCollectionConstraint

from cxdesk.models.tables import metadata

# PostgreSQL cuts identifiers at 63 bytes; SQLAlchemy's naming convention then keeps 58
# characters and adds a 4-character hash ("uq_..._touchpoint_i_14f5").
_POSTGRES_NAME_LIMIT = 63


class Failure(StrEnum):
    """What kind of rule refused the change."""

    UNIQUE = "unique"
    CHECK = "check"
    NOT_NULL = "not null"
    FOREIGN_KEY = "foreign key"
    TOO_LONG = "too long"  # PostgreSQL's DataError 22001; SQLite never enforces a length
    RAISED = "raised"  # a trigger's own message (RAISE in SQLite, RAISE EXCEPTION in PL/pgSQL)
    OTHER = "other"


@dataclass(frozen=True)
class ConstraintFailure:
    """What the database refused, in the models' terms, whichever engine said it."""

    kind: Failure
    # The constraint's name in the models' metadata ("ck_touchpoint_emotion_range");
    # None for NOT NULL (unnamed), SQLite's foreign keys and raised messages.
    constraint: str | None = None
    table: str | None = None
    columns: tuple[str, ...] = ()
    # The database's own words: a trigger's message, or what the fallback wording shows.
    message: str = ""


# PostgreSQL's SQLSTATE classes for the refusals the store words (Appendix A).
_SQLSTATES = {
    "23505": Failure.UNIQUE,
    "23514": Failure.CHECK,
    "23502": Failure.NOT_NULL,
    "23503": Failure.FOREIGN_KEY,
    "22001": Failure.TOO_LONG,
}

_SQLITE_UNIQUE = re.compile(r"^UNIQUE constraint failed: (.+)$")
_SQLITE_NOT_NULL = re.compile(r"^NOT NULL constraint failed: (\w+)\.(\w+)$")
_SQLITE_CHECK = re.compile(r"^CHECK constraint failed: (\w+)")


def constraint_failure(error: DBAPIError) -> ConstraintFailure:
    """What ``error`` (SQLAlchemy's wrapper of the driver's exception) says failed."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    sqlstate = getattr(orig, "sqlstate", None)
    if diag is not None and isinstance(sqlstate, str):  # psycopg's Diagnostic
        return _postgres_failure(sqlstate, diag)
    return _sqlite_failure(str(orig))


def _postgres_failure(sqlstate: str, diag: Any) -> ConstraintFailure:
    message = diag.message_primary or ""
    kind = _SQLSTATES.get(sqlstate)
    if kind is None:
        # A trigger's RAISE EXCEPTION (P0001, or an integrity SQLSTATE it chose).
        return ConstraintFailure(Failure.RAISED, message=message)
    table = diag.table_name
    if kind is Failure.NOT_NULL:
        columns = (diag.column_name,) if diag.column_name else ()
        return ConstraintFailure(kind, table=table, columns=columns, message=message)
    name = _model_name(diag.constraint_name) if diag.constraint_name else None
    if kind is Failure.CHECK and name not in _named_constraints():
        # A trigger's RAISE EXCEPTION with ERRCODE check_violation: its CONSTRAINT is the
        # rule ("score_range", "map_mismatch"), no constraint of the models; its words are
        # the SQLite trigger's.
        return ConstraintFailure(Failure.RAISED, message=message)
    return ConstraintFailure(
        kind, constraint=name, table=table, columns=_columns_of(name), message=message
    )


def _sqlite_failure(text: str) -> ConstraintFailure:
    check = _SQLITE_CHECK.match(text)
    if check:
        name = _model_name(check[1])
        return ConstraintFailure(Failure.CHECK, name, _table_of(name), message=text)
    unique = _SQLITE_UNIQUE.match(text)
    if unique:
        named = [part.strip().split(".", 1) for part in unique[1].split(",")]
        table = named[0][0]
        columns = tuple(column for _table, column in named)
        unique_name = _unique_names().get((table, frozenset(columns)))
        return ConstraintFailure(Failure.UNIQUE, unique_name, table, columns, message=text)
    not_null = _SQLITE_NOT_NULL.match(text)
    if not_null:
        return ConstraintFailure(
            Failure.NOT_NULL, table=not_null[1], columns=(not_null[2],), message=text
        )
    if text.startswith("FOREIGN KEY constraint failed"):
        return ConstraintFailure(Failure.FOREIGN_KEY, message=text)
    # Anything else that SQLite reports as a constraint is a trigger's RAISE(ABORT, ...).
    return ConstraintFailure(Failure.RAISED, message=text)


@cache
def _named_constraints() -> dict[str, tuple[Table, tuple[str, ...]]]:
    """Every named constraint of the schema: its table and columns."""
    return {name: (table, columns) for name, table, columns, _ in _rules()}


@cache
def _unique_names() -> dict[tuple[str, frozenset[str]], str]:
    """Uniqueness rules (primary keys, UNIQUE constraints and indexes) by table and columns."""
    return {
        (table.name, frozenset(columns)): name
        for name, table, columns, unique in _rules()
        if unique
    }


def _rules() -> Iterator[tuple[str, Table, tuple[str, ...], bool]]:
    """Each named rule of the models: name, table, columns, whether it is a uniqueness."""
    for table in metadata().tables.values():
        rules: list[Constraint | Index] = [*table.constraints, *table.indexes]
        for rule in rules:
            if not isinstance(rule.name, str):
                continue
            # A CHECK is a column collection too, but SQLite names no columns for it.
            columns = (
                tuple(c.name for c in rule.columns)
                if isinstance(rule, ColumnCollectionConstraint | Index)
                and not isinstance(rule, CheckConstraint)
                else ()
            )
            unique = isinstance(rule, PrimaryKeyConstraint | UniqueConstraint) or (
                isinstance(rule, Index) and rule.unique
            )
            yield rule.name, table, columns, unique


def _model_name(name: str) -> str:
    """The models' name for the constraint the database calls ``name``: the same, or the
    one it is a PostgreSQL-shortened form of (cut at 63, or SQLAlchemy's cut and hash)."""
    named = _named_constraints()
    if name in named or len(name) < _POSTGRES_NAME_LIMIT - 5:
        return name
    stem = name[:-5] if re.search(r"_[0-9a-f]{4}$", name) else name
    for full in named:
        if len(full) > _POSTGRES_NAME_LIMIT and full.startswith(stem):
            return full
    return name


def _table_of(name: str) -> str | None:
    found = _named_constraints().get(name)
    return found[0].name if found else None


def _columns_of(name: str | None) -> tuple[str, ...]:
    found = _named_constraints().get(name) if name else None
    return found[1] if found else ()


def describe_integrity_error(exc: DBAPIError) -> str:
    """What the consultant is told when the database refused a change (``exc``)."""
    return describe_failure(constraint_failure(exc))


def describe_data_error(exc: DBAPIError) -> str:
    """Words for a value PostgreSQL refused for its column's type (a ``DataError``),
    the same as the CHECK by which SQLite refuses it: SQLite has no such types, so text
    in a level's column, or a number past its type, reaches the level's range CHECK there
    ("That value is out of range"). Raised before any CHECK on PostgreSQL, it names no
    column, so the words go by the type the message names."""
    failure = constraint_failure(exc)
    if failure.kind is Failure.TOO_LONG:
        return _describe_overlong(exc) or describe_failure(failure)
    message = failure.message
    if " integer" in message or "smallint" in message or "bigint" in message:
        return _range_words_of(exc, message) or _OUT_OF_RANGE
    if "boolean" in message:
        return "That is either yes or no, so it was not saved."
    if "date" in message or "timestamp" in message or "time zone" in message:
        return "That is not a date CX Desk can store, so it was not saved."
    return f"That value does not fit its field, so it was not saved ({message})."


_WRITES = re.compile(r'\s*(?:UPDATE|INSERT INTO)\s+"?(\w+)', re.IGNORECASE)


def _describe_overlong(exc: DBAPIError) -> str | None:
    """A String(n) column's length is checked by PostgreSQL before any CHECK, with no
    column named; SQLite's CHECK ``ck_<table>_<column>_length`` refuses the same text.
    The column is the one the statement sets from the over-long parameter (the store's
    own Core statements never get here: text_rules refuses them first)."""
    statement = str(exc.statement or "")
    table = _WRITES.match(statement)
    limit = re.search(r"\((\d+)\)", str(exc.orig))
    parameters = exc.params if isinstance(exc.params, Mapping) else {}
    if table is None or limit is None:
        return None
    for key, value in parameters.items():
        if not (isinstance(value, str) and len(value) > int(limit[1])):
            continue
        placeholder = re.escape(f"%({key})s")
        column = re.search(rf'"?(\w+)"?\s*=\s*{placeholder}', statement)
        if column is None:  # INSERT INTO t (a, b) VALUES (%(a)s, %(b)s): by place
            listed = re.search(r"\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)", statement, re.I)
            if listed is None:
                return None
            pairs = zip(listed[1].split(","), listed[2].split(","), strict=False)
            names = [name.strip(' "') for name, bound in pairs if bound.strip() == f"%({key})s"]
            if not names:
                return None
            name = names[0]
        else:
            name = column[1]
        check = f"ck_{table[1]}_{name}_length"
        if check in _named_constraints():
            return _describe_check(check)
        return None
    return None


def _range_words_of(exc: DBAPIError, message: str) -> str | None:
    """The words of the range CHECK of the column a statement sets to the text PostgreSQL
    could not read as a number (``invalid input syntax for type integer: "high"``): the
    emotion's own, say, as SQLite's CHECK gives them."""
    given = re.search(r': "(.*)"$', message)
    table = _WRITES.match(str(exc.statement or ""))
    if given is None or table is None:
        return None
    statement = str(exc.statement)
    parameters = exc.params if isinstance(exc.params, Mapping) else {}
    bound = [re.escape(f"%({key})s") for key, value in parameters.items() if value == given[1]]
    literal = re.escape("'" + given[1].replace("'", "''") + "'")
    column = re.search(rf'"?(\w+)"?\s*=\s*(?:{"|".join([literal, *bound])})', statement)
    if column is None:
        return None
    check = f"ck_{table[1]}_{column[1]}_range"
    return _describe_check(check) if check in _named_constraints() else None


# SQLSTATE 40P01 deadlock_detected, 40001 serialization_failure: the server refused one
# of two transactions waiting for each other.
_TOOK_TURNS_BADLY = frozenset({"40P01", "40001"})
# SQLSTATE 55P03 lock_not_available: a lock was waited for longer than lock_timeout.
_WAITED_TOO_LONG = "55P03"


def describe_lost_connection(exc: DBAPIError) -> str | None:
    """Words for a server connection that went away mid-edit (restarted, network gone), or
    None for any other OperationalError. The transaction is the server's to roll back: an
    edit whose commit was not acknowledged may not have been saved, and the person is told
    to look before trying again; the pool connects afresh for the next one.

    Also words for two people's edits that waited for each other (PostgreSQL refuses
    one of them, SQLSTATE 40P01, or a serialization failure, 40001): the refused one
    was rolled back whole, and the server's own text (process numbers, lock kinds) says
    nothing a person can use; and for an edit that waited for a lock longer than the
    session's lock_timeout (55P03), rolled back whole too."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _TOOK_TURNS_BADLY:
        return (
            "A colleague was saving a change to the same rows at the same moment, so this "
            "edit was not saved: make it again."
        )
    if sqlstate == _WAITED_TOO_LONG:
        # Writers take turns (store/writer_turns.py), and an edit waits a few seconds at
        # most (server_database.LOCK_WAIT) for the one before it: an import, say.
        return (
            "A colleague's larger change is being saved just now, so this edit was not "
            "saved: try again in a moment."
        )
    # A connection lost mid-statement is invalidated; one that could not be made again
    # (the pool replaces a lost one first) is the driver's error with no SQLSTATE, as
    # no server said anything (SQLite's errors have no sqlstate at all).
    if not exc.connection_invalidated and getattr(exc.orig, "sqlstate", "") is not None:
        return None
    return (
        "The server stopped answering: the connection to the database server was lost "
        "(the network may be down, or the server restarting), so this edit may not have "
        "been saved. Check it, then try again (CX Desk connects again by itself)."
    )


# SQLSTATE 42501 insufficient_privilege: the role may not do this (a table, a sequence).
_NO_PERMISSION = "42501"


def describe_no_permission(exc: DBAPIError) -> str | None:
    """Words for an edit the server refused because the person's role may not make it
    (recognised by its SQLSTATE), or None for any other error. SQLite has no roles."""
    if getattr(exc.orig, "sqlstate", None) != _NO_PERMISSION:
        return None
    return (
        "The team workspace's server did not let your role make this change (no "
        "permission), so it was not saved. Ask the database's owner to grant your role "
        "SELECT, INSERT, UPDATE and DELETE on its tables and USAGE on its sequences: the "
        "README's “Team workspace on PostgreSQL” says how."
    )


def describe_failure(failure: ConstraintFailure) -> str:
    """The consultant's words for ``failure``; the database's own only as a last resort."""
    if failure.kind is Failure.RAISED:
        raised = _describe_raised(failure.message)
        if raised:
            return raised
    elif failure.kind is Failure.NOT_NULL:
        if failure.columns and failure.columns[0].startswith("emotion"):
            return _EMOTION
    elif failure.kind is Failure.UNIQUE:
        if failure.table in _UNIQUE_MESSAGES:
            return _UNIQUE_MESSAGES[failure.table]
    elif failure.kind is Failure.CHECK and failure.constraint:
        checked = _describe_check(failure.constraint)
        if checked:
            return checked
    elif failure.kind is Failure.FOREIGN_KEY:
        # A rung deleted under issues (PostgreSQL names the key; on SQLite the store
        # refuses in these words before the database is asked).
        if failure.constraint == "fk_issue_rung_id_escalation_level" and (
            failure.message.startswith("update or delete")
        ):
            return "Issues sit on that level of the escalation ladder, so it was not deleted."
        return "What this edit refers to no longer exists (it may have been deleted)."
    elif failure.kind is Failure.TOO_LONG:
        limit = re.search(r"\((\d+)\)", failure.message)
        most = f" (at most {int(limit[1]):,} characters)" if limit else ""
        return f"That text is longer than its field holds{most}, so it was not saved."
    return f"The edit was refused by the database ({failure.message})."


_EMOTION = "An emotion goes from -3 to +3, so it was not saved."
_OUT_OF_RANGE = "That value is out of range, so it was not saved."

# Migration 0014's CHECKs (closing the loop), before the generic wordings would catch them
# less clearly ("That choice is not one CX Desk knows").
_LOOP_MESSAGES = {
    "ck_gap_action_title_not_blank": "An action needs a title.",
    "ck_gap_action_status_known": "An action is open, in progress, done or dropped, so it "
    "was not saved.",
    "ck_gap_action_cause_known": "The cause is one of the five gaps (knowledge, standards, "
    "delivery, communication, customer), or none, so it was not saved.",
    "ck_gap_action_owner_side_known": "An owner is on our team or the client's, so it was "
    "not saved.",
    "ck_gap_action_source_kind_known": "That is not a kind of gap CX Desk knows, so the "
    "action was not saved.",
    "ck_gap_action_rater_dimension_known": "A RATER dimension is reliability, assurance, "
    "tangibles, empathy or responsiveness, so it was not saved.",
    "ck_gap_action_source_link": "An action links only to the kind of gap it answers, so it "
    "was not saved.",
    "ck_gap_action_rater_dimension_given": "An action on a RATER dimension names the "
    "dimension (and no other action does), so it was not saved.",
    "ck_gap_action_closed_dated": "A done or dropped action has the date it was closed, an "
    "open one has none, so it was not saved.",
    "ck_gap_action_closed_after_created": "An action cannot be closed before it was made, "
    "so it was not saved.",
    "ck_issue_title_not_blank": "An issue needs a title.",
    "ck_issue_status_known": "An issue is open or resolved, so it was not saved.",
    "ck_issue_raised_by_side_known": "An issue is raised by the client or found by our "
    "team, so it was not saved.",
    "ck_issue_resolved_dated": "A resolved issue has the date it was resolved, an open one "
    "has none, so it was not saved.",
    "ck_issue_resolution_given": "Say what was done to resolve the issue.",
    "ck_issue_on_rung_after_raised": "An issue cannot reach a level before it was raised, "
    "so it was not saved.",
    "ck_issue_resolved_after_rung": "An issue cannot be resolved before it reached its "
    "level, so it was not saved.",
    "ck_issue_step_kind_known": "That is not a step of an issue's history CX Desk knows.",
    "ck_you_said_we_did_said_not_blank": "Say what the client said.",
    "ck_you_said_we_did_said_source_known": "What the client said comes from a pulse check, "
    "a RATER comment, a workshop or is typed, so it was not saved.",
    "ck_you_said_we_did_said_link": "An entry links only to the kind of source it names, so "
    "it was not saved.",
    "ck_you_said_we_did_did_after_said": "What we did cannot be dated before the client "
    "said it, so it was not saved.",
    "ck_small_win_text_not_blank": "A small win needs some words.",
}

# Migration 0015's CHECK: an engagement's toolkit prints in one of the languages CX Desk has.
_LANGUAGE_MESSAGE = (
    "The toolkit prints in English, German, French, Spanish, Dutch, Portuguese or Polish "
    "(en, de, fr, es, nl, pt, pl), so the language was not saved."
)

_UNIQUE_MESSAGES = {
    "stakeholder_emotion": "That stakeholder already has a score for that touchpoint.",
    "emotion_revisit": "That milestone has been revisited already.",
    "issue_touchpoint": "That pain point is linked to the issue already.",
}


def _describe_raised(message: str) -> str | None:
    # Raised by migration 0003's triggers, which check against the answer's own quiz.
    if "outside the quiz scale" in message:
        return "That score is outside the quiz's scale, so it was not saved."
    if "quiz_mismatch" in message:
        return "That statement belongs to another quiz, so it was not saved."
    # Raised by migration 0014's triggers: closing the loop links within one engagement.
    if "loop_mismatch" in message:
        return "That belongs to another engagement, so it was not linked."
    if "rung_mismatch" in message:
        return "That level is on another engagement's escalation ladder, so it was not saved."
    # Raised by migration 0005's triggers: a map's rows stay within one engagement.
    if "stakeholder_mismatch" in message:
        return "That stakeholder belongs to another engagement, so the score was not saved."
    if "map_mismatch" in message:
        return "That belongs to the map of another engagement, so it was not saved."
    return None


def _describe_check(name: str) -> str | None:
    """Words for the CHECK constraint ``name``, most particular first."""
    if name in _LOOP_MESSAGES:
        return _LOOP_MESSAGES[name]
    if name == "ck_engagement_toolkit_language_known":
        return _LANGUAGE_MESSAGE
    if name.endswith("_emotion_range"):
        return _EMOTION
    if name == "ck_handoff_item_done_flag":
        return "A checklist item is either done or not, so it was not saved."
    if name == "ck_handoff_item_text_not_blank":
        return "A checklist item cannot be empty."
    named = re.fullmatch(r"ck_(map_phase|touchpoint|stakeholder)_name_not_blank", name)
    if named:
        return f"A {named[1].replace('map_', '')} needs a name."
    if name == "ck_stakeholder_influence_known":
        return "Influence is low, medium or high, so it was not saved."
    toolkit = _describe_toolkit_refusal(name)
    if toolkit:
        return toolkit
    if "_range" in name:
        return _OUT_OF_RANGE
    if "points_total" in name:
        return "Importance points must add up to exactly 100 (or all be left out)."
    blank = re.search(r"ck_\w+?_(name|title|text|reason|label)_not_blank", name)
    if blank:
        what = {
            "text": "statement",
            "reason": "reason for an override",
            "label": "band label",
        }.get(blank[1], blank[1])
        return f"A {what} cannot be empty."
    if "_known" in name:
        return "That choice is not one CX Desk knows."
    return None


# Migration 0006's CHECKs on the brand and the escalation ladder, checked before the
# generic "_not_blank" / "_known" / "_range" wordings above would catch them less clearly.
_BRAND_MESSAGES = {
    "ck_brand_single_row": "A workspace has one brand; change it instead of adding another.",
    "ck_brand_firm_name_not_blank": "The firm needs a name.",
    "_colour_hex": "A colour must look like #1F4E79, so it was not saved.",
    "ck_brand_page_size_known": "The page size is A4 or US Letter, so it was not saved.",
    "ck_brand_logo_kind_known": "A logo is a PNG, JPEG or SVG file, so it was not saved.",
    "ck_brand_logo_complete": "A logo needs both its file and its kind.",
    "ck_brand_logo_size": "The logo is larger than 2 MB; use a smaller file.",
    "ck_escalation_level_name_not_blank": "A rung of the escalation ladder needs a name.",
}
_LENGTH = re.compile(r"ck_(brand|escalation_level)_(\w+?)_length")


def _describe_toolkit_refusal(name: str) -> str | None:
    for part, message in _BRAND_MESSAGES.items():
        if part in name:
            return message
    long = _LENGTH.search(name)
    if long:
        what = long[2].replace("_", " ")
        where = "brand" if long[1] == "brand" else "escalation rung"
        return f"The {where}'s {what} is too long, so it was not saved."
    return None
