"""An engagement as a .cxdesk JSON document, and a document read back with every value checked.

:func:`engagement_document` turns one engagement's rows (read in one transaction) into
the shape :mod:`cxdesk.models.engagement_schema` documents, with the database's ids
replaced by refs numbered 1, 2, ... per section in id order: exporting, importing into
another database and exporting again gives the same JSON. :func:`check_document` is the
way back: it trusts nothing in the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.models.actions import LINK_COLUMNS, ActionStatus, SourceKind
from cxdesk.models.base import table_of
from cxdesk.models.constraints import UNSTORABLE, storable_version, unstorable_character
from cxdesk.models.engagement_entities import Client, Engagement
from cxdesk.models.engagement_schema import (
    CLIENT_FIELDS,
    DOCUMENT_FORMAT,
    DOCUMENT_VERSION,
    ENGAGEMENT_FIELDS,
    ENGAGEMENT_SINCE_ADDED,
    POINTS_FIELDS,
    ROWS_MAX,
    SECTION_BY_KEY,
    SECTIONS,
    Choice,
    Day,
    Decimal,
    EngagementDocument,
    Field,
    FileProblem,
    Flag,
    Moment,
    Ref,
    Row,
    Text,
    Whole,
    top_keys,
)
from cxdesk.models.issues import IssueStatus
from cxdesk.models.loop_log import SaidSource
from cxdesk.models.servqual import POINTS_TOTAL
from cxdesk.models.workshop_entities import Quiz, QuizBand, QuizStatement
from cxdesk.store import graveyard
from cxdesk.store.errors import EngagementGone

SECTION_OF_TABLE = {s.table: s for s in SECTIONS}
QUIZ_SECTIONS = ("quizzes", "quiz_statements", "quiz_bands")


# --- export ----------------------------------------------------------------------------


def _json_value(spec: Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(spec, Flag):
        return bool(value)
    if isinstance(spec, Decimal):
        return float(value)
    if isinstance(spec, Moment | Day) and isinstance(value, date | datetime):
        return value.isoformat()
    return value


def engagement_document(session: Session, engagement_id: int) -> dict[str, Any]:
    """Everything of one engagement (and its client's name) as a JSON-ready dict.

    Reads within ``session``'s transaction; raises :class:`EngagementGone` when it is gone.
    """
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementGone
    client = session.get(Client, engagement.client_id)
    assert client is not None  # foreign key
    captured = graveyard.capture(session, table_of(Engagement), [engagement_id])
    rows: dict[str, list[Row]] = {}
    for table, row in captured.rows:
        if table == "engagement":
            continue
        if table not in SECTION_OF_TABLE:  # a table added to the schema but not to the format
            raise LookupError(f"The .cxdesk format does not carry the table “{table}” yet.")
        rows.setdefault(table, []).append(row)
    quiz_ids = sorted({r["quiz_id"] for r in rows.get("workshop_session", [])})
    for entity, column in ((Quiz, "id"), (QuizStatement, "quiz_id"), (QuizBand, "quiz_id")):
        quiz_table = table_of(entity)
        found = session.execute(select(quiz_table).where(quiz_table.c[column].in_(quiz_ids)))
        rows[quiz_table.name] = [dict(r) for r in found.mappings()]
    document: dict[str, Any] = {
        "format": DOCUMENT_FORMAT,
        "version": DOCUMENT_VERSION,
        "client": {"name": client.name, "notes": client.notes},
        "engagement": {
            name: _json_value(spec, getattr(engagement, name)) for name, spec in ENGAGEMENT_FIELDS
        },
    }
    refs: dict[str, dict[int, int]] = {}
    for section in SECTIONS:
        ordered = sorted(rows.get(section.table, []), key=lambda r: r["id"])
        if section.has_ref:
            refs[section.key] = {r["id"]: n for n, r in enumerate(ordered, start=1)}
        out = []
        for row in ordered:
            item: dict[str, Any] = {"ref": refs[section.key][row["id"]]} if section.has_ref else {}
            for name, spec in section.fields:
                value = row[section.column(name)]
                if isinstance(spec, Ref):
                    item[name] = None if value is None else refs[spec.section][value]
                else:
                    item[name] = _json_value(spec, value)
            out.append(item)
        document[section.key] = out
    return document


# --- checking a document ---------------------------------------------------------------

# Text with no NUL and no broken (surrogate) character: what releases before the one rule
# for storable text could store and so write into a file.
_OLDER_RELEASES_WROTE = re.compile("[^\x00\ud800-\udfff]*", re.DOTALL)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_value(spec: Field, value: Any, where: str) -> Any:
    """``value`` as the store keeps it, or :class:`FileProblem`."""
    if value is None and getattr(spec, "nullable", False):
        return None
    if isinstance(spec, Text):
        if not isinstance(value, str):
            raise FileProblem(where, "must be text")
        if len(value) > spec.limit:
            raise FileProblem(where, f"is too long (at most {spec.limit:,} characters)")
        character = unstorable_character(value)
        if character is not None and _OLDER_RELEASES_WROTE.fullmatch(value):
            # A file an older CX Desk wrote, before the one rule for storable text (it
            # refused only NUL and broken characters): made storable, as schema 0008
            # does for the workspace itself, so the person's own files still open.
            value = storable_version(value)
        elif character is not None:  # the store's one rule: what it refuses, a file cannot bring
            raise FileProblem(where, f"holds {character}, which cannot be stored")
        if spec.required and not value.strip():
            raise FileProblem(where, "must not be empty")
        return value
    if isinstance(spec, Whole | Ref):
        if not _whole(value):
            raise FileProblem(where, "must be a whole number")
        if isinstance(spec, Whole) and not spec.low <= value <= spec.high:
            raise FileProblem(where, f"must be from {spec.low:,} to {spec.high:,}, not {value:,}")
        return value
    if isinstance(spec, Decimal):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FileProblem(where, "must be a number")
        if not spec.low <= value <= spec.high:  # NaN fails this too
            raise FileProblem(where, f"must be from {spec.low:g} to {spec.high:g}")
        return float(value)
    if isinstance(spec, Choice):
        allowed = [m.value for m in spec.kind]
        if value not in allowed:
            raise FileProblem(where, f"must be one of {', '.join(allowed)}")
        return str(value)
    if isinstance(spec, Flag):
        if not isinstance(value, bool):
            raise FileProblem(where, "must be true or false")
        return value
    if isinstance(spec, Day):
        day = _parse(date, value, where, "a date like 2026-03-31")
        if not spec.low <= day <= spec.high:
            raise FileProblem(where, f"is outside {spec.low.year}-{spec.high.year}")
        return day
    moment = _parse(datetime, value, where, "a date and time like 2026-03-31T14:05:00")
    if moment.tzinfo is not None:
        raise FileProblem(where, "must be UTC without a time zone suffix")
    return moment


def _parse(kind: type[date], value: Any, where: str, what: str) -> Any:
    if not isinstance(value, str) or len(value) > 40:
        raise FileProblem(where, f"must be {what}")
    try:
        parsed = kind.fromisoformat(value)
    except ValueError as exc:
        raise FileProblem(where, f"must be {what}") from exc
    if kind is date and isinstance(parsed, datetime):
        raise FileProblem(where, f"must be {what}")
    return parsed


_REF = Whole(1, 2**53)
_SLOW = object()  # what a quick check answers for anything it does not pass as it is


@cache
def _quick_check(spec: Field) -> Callable[[Any], Any]:
    """The common, valid value of ``spec`` passed (or parsed) without :func:`check_value`'s
    dispatch and messages; anything else gets ``_SLOW``, and check_value words the problem.

    A 640,000-row workspace spent most of its import here; parsed dates are shared (a
    snapshot's time repeats across a milestone's rows), which also saves their memory.
    """
    if isinstance(spec, Whole):
        low, high = spec.low, spec.high
        return lambda v: v if type(v) is int and low <= v <= high else _SLOW
    if isinstance(spec, Ref):
        return lambda v: v if type(v) is int else _SLOW
    if isinstance(spec, Text):
        limit, required = spec.limit, spec.required

        def text(v: Any) -> Any:
            if (
                type(v) is str
                and len(v) <= limit
                and UNSTORABLE.search(v) is None
                and (not required or (v and not v.isspace()))
            ):
                return v
            return _SLOW

        return text
    if isinstance(spec, Day | Moment):

        @lru_cache(maxsize=4096)
        def parsed(v: str) -> Any:
            try:
                return check_value(spec, v, "")
            except FileProblem:
                return _SLOW

        return lambda v: parsed(v) if type(v) is str else _SLOW
    return lambda _v: _SLOW


@cache
def _object_plan(
    fields: tuple[tuple[str, Field], ...], with_ref: bool
) -> tuple[frozenset[str], tuple[tuple[str, Field, Callable[[Any], Any]], ...]]:
    named = (*fields, ("ref", _REF)) if with_ref else fields
    return frozenset(n for n, _s in named), tuple((n, s, _quick_check(s)) for n, s in named)


def check_object(
    value: Any,
    fields: tuple[tuple[str, Field], ...],
    where: str,
    *,
    with_ref: bool = False,
    since_added: Mapping[str, object] | None = None,
) -> Row:
    """A flat object with exactly ``fields`` (and ``ref``), each checked; a field of
    ``since_added`` left out (a file written before it existed) takes its value there."""
    if not isinstance(value, dict):
        raise FileProblem(where, "must be an object ({...})")
    keys, plan = _object_plan(fields, with_ref)
    if value.keys() != keys:
        names = [name for name, _spec, _quick in plan]
        unknown = sorted(set(value) - keys)
        if unknown:
            raise FileProblem(where, f"has keys CX Desk does not know: {', '.join(unknown)}")
        older = since_added or {}
        missing = [n for n in names if n not in value and n not in older]
        if missing:
            raise FileProblem(where, f"is missing {', '.join(missing)}")
        value = {**{n: older[n] for n in names if n not in value}, **value}
    row = {}
    for name, spec, quick in plan:
        given = value[name]
        checked = quick(given)
        row[name] = check_value(spec, given, f"{where}.{name}") if checked is _SLOW else checked
    return row


def check_document(value: Any, entry: str) -> EngagementDocument:
    """An engagement document from a file, every value and reference checked.

    Raises :class:`FileProblem` naming ``entry``, the JSON path and what is wrong.
    """
    if not isinstance(value, dict):
        raise FileProblem(entry, "must be a JSON object ({...})")
    if value.get("format") != DOCUMENT_FORMAT:
        raise FileProblem(f"{entry}: format", f"must be “{DOCUMENT_FORMAT}”")
    version = value.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblem(f"{entry}: version", "must be a whole number, 1 or more")
    if version > DOCUMENT_VERSION:
        raise FileProblem(
            entry, f"was made by a newer CX Desk (engagement version {version}): update to open it"
        )
    keys = top_keys(version)  # a version-1 document has none of version 2's sections
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise FileProblem(entry, f"has keys CX Desk does not know: {', '.join(unknown)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise FileProblem(entry, f"is missing {', '.join(missing)}")
    client = check_object(value["client"], CLIENT_FIELDS, f"{entry}: client")
    engagement = check_object(
        value["engagement"],
        ENGAGEMENT_FIELDS,
        f"{entry}: engagement",
        since_added=ENGAGEMENT_SINCE_ADDED,
    )
    sections: dict[str, tuple[Row, ...]] = {}
    for section in SECTIONS:
        if not section.in_version(version):
            sections[section.key] = ()  # a document written before the section existed
            continue
        given = value[section.key]
        where = f"{entry}: {section.key}"
        if not isinstance(given, list):
            raise FileProblem(where, "must be a list ([...])")
        if len(given) > ROWS_MAX:
            raise FileProblem(where, f"has more than {ROWS_MAX:,} rows")
        since_added = dict(section.since_added)
        with_ref = section.has_ref_in(version)
        rows = tuple(
            check_object(
                item,
                section.fields,
                f"{where}[{i}]",
                with_ref=with_ref,
                since_added=since_added,
            )
            for i, item in enumerate(given)
        )
        if section.has_ref and not with_ref:
            # Rows nothing pointed at in that version: numbered as they come.
            rows = tuple({**row, "ref": n} for n, row in enumerate(rows, start=1))
        _check_refs(rows, section.key, sections, where)
        sections[section.key] = rows
    _check_rules(sections, entry)
    return EngagementDocument(entry, client, engagement, sections)


def _check_refs(
    rows: tuple[Row, ...], key: str, earlier: Mapping[str, tuple[Row, ...]], where: str
) -> None:
    section = SECTION_BY_KEY[key]
    if section.has_ref:
        seen: set[int] = set()
        for i, row in enumerate(rows):
            if row["ref"] in seen:
                raise FileProblem(f"{where}[{i}].ref", f"{row['ref']} is used twice")
            seen.add(row["ref"])
    targets = {
        name: {r["ref"] for r in earlier[spec.section]}
        for name, spec in section.fields
        if isinstance(spec, Ref)
    }
    for i, row in enumerate(rows):
        for name, refs in targets.items():
            if row[name] is not None and row[name] not in refs:
                target = dict(section.fields)[name]
                assert isinstance(target, Ref)
                raise FileProblem(
                    f"{where}[{i}].{name}",
                    f"names {target.section} ref {row[name]}, not in the file",
                )
    for fields in section.unique:
        counts = Counter(tuple(row[f] for f in fields) for row in rows)
        twice = [k for k, n in counts.items() if n > 1]
        if twice:
            raise FileProblem(
                where, f"has two rows for the same {' and '.join(fields)}: {twice[0]}"
            )


def _by_ref(rows: tuple[Row, ...]) -> dict[int, Row]:
    return {r["ref"]: r for r in rows}


def _check_rules(sections: Mapping[str, tuple[Row, ...]], entry: str) -> None:
    """The rules between rows that the database keeps with triggers or the store with code."""
    for i, row in enumerate(sections["rater_respondents"]):
        points = [row[f] for f in POINTS_FIELDS]
        if any(p is not None for p in points) and (None in points or sum(points) != POINTS_TOTAL):
            raise FileProblem(
                f"{entry}: rater_respondents[{i}]",
                f"importance points must add up to {POINTS_TOTAL} (or all be null)",
            )
    statements = _by_ref(sections["rater_statements"])
    respondents = _by_ref(sections["rater_respondents"])
    for i, row in enumerate(sections["rater_statement_scores"]):
        if (
            statements[row["statement"]]["assessment"]
            != respondents[row["respondent"]]["assessment"]
        ):
            raise FileProblem(
                f"{entry}: rater_statement_scores[{i}]",
                "scores a statement of another assessment than the respondent's",
            )
    quizzes = _by_ref(sections["quizzes"])
    for i, quiz in enumerate(sections["quizzes"]):
        if not quiz["scale_min"] < quiz["scale_max"]:
            raise FileProblem(f"{entry}: quizzes[{i}]", "scale_min must be below scale_max")
    quiz_statements = _by_ref(sections["quiz_statements"])
    sessions = _by_ref(sections["workshop_sessions"])
    participants = _by_ref(sections["workshop_participants"])
    for key in ("quiz_answers", "hands_tallies"):
        for i, row in enumerate(sections[key]):
            where = f"{entry}: {key}[{i}]"
            if key == "quiz_answers":
                session = sessions[participants[row["participant"]]["session"]]
            else:
                session = sessions[row["session"]]
            quiz = quizzes[session["quiz"]]
            # The store refuses mixing the ways (workshop.py): answers per person belong
            # to a session passing the laptop or answered on phones, tallies to hands.
            modes = ("laptop", "phones") if key == "quiz_answers" else ("hands",)
            if session["mode"] not in modes:
                wanted = " or ".join(f"“{mode}”" for mode in modes)
                raise FileProblem(where, f"belongs to a session whose mode is not {wanted}")
            if quiz_statements[row["statement"]]["quiz"] != session["quiz"]:
                raise FileProblem(where, "answers a statement of another quiz than its session's")
            if not quiz["scale_min"] <= row["score"] <= quiz["scale_max"]:
                raise FileProblem(
                    f"{where}.score",
                    f"is outside its quiz's scale ({quiz['scale_min']}-{quiz['scale_max']})",
                )
    _check_loop_rules(sections, entry)


# The links an action of each kind may have (a pain point also its stakeholder), and
# those of a "you said, we did" entry: the CHECKs of schema 0014, said as a file's place.
def _links_of(kind: SourceKind) -> frozenset[str]:
    column = kind.link_column
    if column is None:
        return frozenset()
    extra = {"stakeholder"} if kind is SourceKind.PAIN_POINT else set()
    return frozenset({column.removesuffix("_id"), *extra})


_ACTION_LINKS = {kind.value: _links_of(kind) for kind in SourceKind}
_RATER_KINDS = (SourceKind.RATER_GAP.value, SourceKind.RATER_DISAGREEMENT.value)
_CLOSED = (ActionStatus.DONE.value, ActionStatus.DROPPED.value)


def _check_loop_rules(sections: Mapping[str, tuple[Row, ...]], entry: str) -> None:
    """Closing the loop's rules within a row (version 2), each named by its field."""
    links = [c.removesuffix("_id") for c in LINK_COLUMNS]
    for i, row in enumerate(sections["actions"]):
        where = f"{entry}: actions[{i}]"
        kind = row["source_kind"]
        for link in links:
            if row[link] is not None and link not in _ACTION_LINKS[kind]:
                raise FileProblem(f"{where}.{link}", f"is set, but its source_kind is “{kind}”")
        if (kind in _RATER_KINDS) != (row["rater_dimension"] is not None):
            raise FileProblem(
                f"{where}.rater_dimension",
                "must be given for a RATER source_kind, and null for any other",
            )
        if (row["status"] in _CLOSED) != (row["closed_at"] is not None):
            raise FileProblem(
                f"{where}.closed_at", "must be given when done or dropped, and null otherwise"
            )
        if row["closed_at"] is not None and row["closed_at"] < row["created_at"]:
            raise FileProblem(f"{where}.closed_at", "is before created_at")
    resolved = IssueStatus.RESOLVED.value
    for i, row in enumerate(sections["issues"]):
        where = f"{entry}: issues[{i}]"
        if (row["status"] == resolved) != (row["resolved_on"] is not None):
            raise FileProblem(
                f"{where}.resolved_on", "must be given when resolved, and null otherwise"
            )
        if row["status"] == resolved and not row["resolution"].strip():
            raise FileProblem(f"{where}.resolution", "must say what was done: it is resolved")
        if row["on_rung_since"] < row["raised_on"]:
            raise FileProblem(f"{where}.on_rung_since", "is before raised_on")
        if row["resolved_on"] is not None and row["resolved_on"] < row["on_rung_since"]:
            raise FileProblem(f"{where}.resolved_on", "is before on_rung_since")
    said_links = {s.link_column.removesuffix("_id"): s.value for s in SaidSource if s.link_column}
    for i, row in enumerate(sections["you_said_we_did"]):
        where = f"{entry}: you_said_we_did[{i}]"
        for link, source in said_links.items():
            if row[link] is not None and row["said_source"] != source:
                raise FileProblem(
                    f"{where}.{link}", f"is set, but its said_source is “{row['said_source']}”"
                )
        if row["did_on"] is not None and row["did_on"] < row["said_on"]:
            raise FileProblem(f"{where}.did_on", "is before said_on")
