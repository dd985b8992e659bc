"""A refused edit or undo told as the change that stands in its way: who, when, what.

The store refuses an edit over a newer row (:class:`~cxdesk.store.errors.StaleRow`) and
an undo over a row changed since the step (:class:`~cxdesk.store.journal.Conflict`) in
general words; here the operations, which know what the screen showed (the edited
record) or what the step left (:attr:`Done.left`), read the row as it is now and say
"Ana changed this expectation's owner at 10:42 (Ben → Cleo)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from typing import Any, TypeVar

from sqlalchemy import select

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN
from cxdesk.models.brand import Brand
from cxdesk.models.journey import JourneyPhase
from cxdesk.models.journey_map import TouchpointRecord
from cxdesk.models.overview import NOW
from cxdesk.models.quadrant import Axis
from cxdesk.models.records import QuizRecord, ShownOverride
from cxdesk.models.sheet_columns import SheetKind, column
from cxdesk.models.tables import metadata
from cxdesk.models.workshop_entities import Quiz
from cxdesk.store import brand as brand_store
from cxdesk.store import quizzes
from cxdesk.store.changed_meanwhile import (
    ChangedMeanwhile,
    FieldChange,
    RowChanged,
    change_made,
    row_changed,
    undo_words,
)
from cxdesk.store.database import Database
from cxdesk.store.errors import StaleRow
from cxdesk.store.journal import ROW_NOUNS, Collision, Conflict, RowChange
from cxdesk.store.only_moved import accepting, content_unchanged

Row = Mapping[str, Any]
T = TypeVar("T")
_MATRIX_TEXTS = ("expects", "needs", "planned", "delivered", "experienced")
# "this pulse check's CSAT", "this assessment's title": fields as their tabs name them.
_OWN_WORDS: dict[str, Mapping[str, str]] = {
    "pulse_check": {
        "taken_on": "date",
        "respondent": "respondent",
        "confidence": "confidence",
        "csat": "CSAT",
        "working": "“What's working”",
        "not_working": "“What's not working”",
        "side": "side",
    },
    "rater_assessment": {
        "title": "title",
        "held_on": "date",
        "scoring": "way of scoring",
        "notes": "notes",
    },
    # The journey map's, the toolkit's ladder's and a workshop session's, as their
    # editors name them: "this touchpoint's name", "this escalation level's owner".
    "map_phase": {"name": "name"},
    "touchpoint": {
        "name": "name",
        "channel": "channel",
        "sees_does": "“Sees / does”",
        "thinks_feels": "“Thinks & feels”",
        "needs": "“Needs”",
        "emotion": "emotion",
        "pain_points": "“Pain points”",
        "opportunities": "“Opportunities”",
        "owner_team": "owning team",
    },
    "stakeholder": {"name": "name", "role": "role", "influence": "influence", "notes": "notes"},
    "handoff_item": {"text": "text", "done": "tick"},
    "escalation_level": {
        "name": "name",
        "trigger": "trigger",
        "owner": "owner",
        "response_time": "response time",
        "channel": "channel",
    },
    "workshop_session": {
        "title": "title",
        "held_on": "date",
        "participant_count": "number of participants",
        "mode": "mode",
        "revealed": "results shown",
    },
    "workshop_participant": {"name": "name"},
    # The navigator's and the engagement heading's; a RATER statement as its tab shows it.
    "client": {"name": "name"},
    "engagement": {
        "name": "name",
        "journey_phase": "journey phase",
        "start_date": "start date",
        "toolkit_language": "toolkit language",
    },
    "rater_statement": {"text": "text"},
    # Closing the loop's, as the Actions view, the issue log and the two logs name them.
    "gap_action": {
        "title": "title",
        "cause": "cause",
        "owner_name": "owner",
        "owner_side": "owner's side",
        "due_on": "due date",
        "status": "status",
        "outcome": "“What was done”",
    },
    "issue": {
        "title": "title",
        "details": "details",
        "raised_by": "“Raised by”",
        "raised_by_side": "side",
        "raised_on": "date raised",
        "owner": "owner",
        "on_rung_since": "level",
        "status": "status",
        "resolved_on": "date resolved",
        "resolution": "resolution",
    },
    "you_said_we_did": {
        "said_on": "date",
        "said": "“You said”",
        "said_by": "“Said by”",
        "said_source": "source",
        "we_did": "“We did”",
        "did_on": "date done",
    },
    "small_win": {"won_on": "date", "text": "text"},
}


def _phase_label(value: Any) -> Any:
    try:
        return JourneyPhase(value).label
    except ValueError:
        return value  # not one the app knows: told as stored


def _language_name(value: Any) -> Any:
    """ "Deutsch" for "de", as the export dialog offers it; "none chosen" for NULL."""
    from cxdesk.language import LANGUAGES

    if value is None:
        return "none chosen"
    return LANGUAGES.get(value, value)


# Values the screen shows in words of its own, by table and field (as labelled above):
# "(Marketing & Sales → Implementation)", not "(marketing_sales → implementation)".
_VALUE_WORDS: dict[str, Mapping[str, Callable[[Any], Any]]] = {
    "engagement": {"journey phase": _phase_label, "toolkit language": _language_name},
}


def _as_shown(table: str, change: RowChanged) -> RowChanged:
    """``change`` with its values in the screen's words."""
    words = _VALUE_WORDS.get(table)
    if not words:
        return change
    fields = tuple(
        replace(f, before=words[f.label](f.before), now=words[f.label](f.now))
        if f.label in words
        else f
        for f in change.fields
    )
    return replace(change, fields=fields)


def field_words(table: str) -> Mapping[str, str] | None:
    """The fields of ``table`` in the screen's words, where a tab names them."""
    if table == "expectation_item":
        from cxdesk.ops.matrix import FIELD_LABELS  # the matrix's own words (imports us)

        # "this expectation's owner", but "this expectation's “Client expects”": a text
        # column by its title on screen ("what the client expects" reads badly there).
        return {
            name: f"“{column(SheetKind.MATRIX, name).screen_title}”"
            if name in _MATRIX_TEXTS
            else label
            for name, label in FIELD_LABELS.items()
        }
    if table in _OWN_WORDS:
        return _OWN_WORDS[table]
    if table == "rater_respondent":  # as the RATER tab's columns: "Empathy perception"
        fields = metadata().tables[table].c.keys()
        words = {"name": "name", "side": "side"}
        for name in fields:
            dimension, _, kind = name.partition("_")
            if kind in ("expectation", "perception", "points"):
                words[name] = f"{dimension.capitalize()} {kind}"
        return words
    return None


def edit_told(db: Database, table: str, shown: Any, what: str, run: Callable[[], T]) -> T:
    """``run()``, an edit of ``shown`` (the record the screen showed): when the store
    refuses it as stale, the refusal names who changed the row, when and what."""
    try:
        return run()
    except StaleRow as stale:
        if isinstance(stale, ChangedMeanwhile):
            raise
        refused = stale
    # The row may only have moved since (see cxdesk.store.only_moved): then it is the row
    # the screen shows, and the edit goes ahead at the version its place took.
    values = asdict(shown)
    if values.get(VERSION_COLUMN) is not None:
        with db.reading() as session:
            found = content_unchanged(session.connection(), metadata().tables[table], values)
        if found is not None:
            with accepting(table, values["id"], values[VERSION_COLUMN], found):
                try:
                    return run()
                except StaleRow as again:
                    if isinstance(again, ChangedMeanwhile):
                        raise
                    refused = again
    raise (changed_meanwhile(db, table, shown, what) or refused) from None


def changed_meanwhile(db: Database, table: str, shown: Any, what: str) -> ChangedMeanwhile | None:
    """The refusal of an edit made from ``shown`` (the record the screen showed), told as
    the change made since; None when the row is gone (the store's words say so)."""
    with db.reading() as session:
        change = row_changed(
            session.connection(),
            metadata().tables[table],
            shown.id,
            asdict(shown),
            field_words(table),
        )
    return None if change is None else ChangedMeanwhile(what, _as_shown(table, change), table)


# A quiz's rows, by the column naming the quiz: the newest change of any says who and when.
_QUIZ_ROWS = (("quiz", "id"), ("quiz_statement", "quiz_id"), ("quiz_band", "quiz_id"))


def quiz_edit_told(db: Database, shown: QuizRecord, run: Callable[[], T]) -> T:
    """``run()``, an edit of the whole quiz ``shown`` (as the editor showed it): refused
    over a later change in words naming who changed the quiz, its statements or its bands
    last (their rows are rewritten whole: the newest of them says who and when)."""
    try:
        return run()
    except StaleRow as stale:
        if isinstance(stale, ChangedMeanwhile):
            raise
        with db.reading() as session:
            conn = session.connection()
            stored = session.get(Quiz, shown.id)
            if stored is None:
                raise stale from None  # gone: the store's words say so
            now = quizzes.quiz_record(session, stored)
            tables = metadata().tables
            newest = None
            for name, key in (
                ("quiz", "id"),
                ("quiz_statement", "quiz_id"),
                ("quiz_band", "quiz_id"),
            ):
                table = tables[name]
                row = conn.execute(
                    select(table.c.changed_by, table.c.changed_at, table.c.version)
                    .where(table.c[key] == shown.id, table.c.changed_at.is_not(None))
                    .order_by(table.c.changed_at.desc())
                    .limit(1)
                ).first()
                if row is not None and (newest is None or row.changed_at > newest.changed_at):
                    newest = row
            before, after = quizzes.quiz_content(shown), quizzes.quiz_content(now)
            fields = tuple(
                FieldChange(name, before[name], after[name])
                for name in before
                if before[name] != after[name]
            )
            change = change_made(
                conn,
                newest.changed_by if newest is not None else None,
                newest.changed_at if newest is not None else None,
                fields,
                newest.version if newest is not None else 0,
            )
        raise ChangedMeanwhile("quiz", change, "quiz") from None


# The brand's fields as its dialog names them: "this brand's primary colour".
_BRAND_WORDS = {
    "firm_name": "firm name",
    "consultant": "“Prepared by”",
    "primary": "primary colour",
    "accent": "accent colour",
    "footer": "footer",
    "contact": "contact",
    "page_size": "page size",
    "logo": "logo",
    "logo_kind": "logo",
}


def brand_edit_told(db: Database, shown: Brand | None, run: Callable[[], T]) -> T:
    """``run()``, a save of the brand over ``shown`` (as the dialog showed it): refused
    over a colleague's later save in words naming who saved it, when and what changed."""
    try:
        return run()
    except StaleRow as stale:
        if isinstance(stale, ChangedMeanwhile) or shown is None:
            raise
        table = metadata().tables["brand"]
        with db.reading() as session:
            conn = session.connection()
            row = conn.execute(
                select(table.c.changed_by, table.c.changed_at, table.c.version)
            ).first()
        now = brand_store.load_brand(db)
        fields: dict[str, FieldChange] = {}
        for name, label in _BRAND_WORDS.items():
            before, after = getattr(shown, name), getattr(now, name)
            if before != after and label not in fields:
                quoted = not isinstance(before, bytes) and not isinstance(after, bytes)
                fields[label] = (
                    FieldChange(label, before, after)
                    if quoted
                    else FieldChange(
                        label,
                        "\n",
                        "\n",  # a logo is named, never quoted
                    )
                )
        with db.reading() as session:
            change = change_made(
                session.connection(),
                row.changed_by if row is not None else None,
                row.changed_at if row is not None else None,
                tuple(fields.values()),
                row.version if row is not None else 0,
            )
        raise ChangedMeanwhile("brand", change, "brand") from None


# --- a stakeholder's emotion at a touchpoint: a cell of the map, told as such -----------

_SCORES = "stakeholder_emotion"


def emotion_edit_told(
    db: Database, touchpoint: TouchpointRecord, stakeholder_id: int, run: Callable[[], T]
) -> T:
    """``run()``, a score set or cleared from ``touchpoint`` as the map showed it: refused
    over a later change of that score in words naming whose emotion, where, who changed it,
    when and from what ("Ana changed Finance's emotion at “Invoice” at 10:42 (-1 → +2)")."""
    try:
        return run()
    except StaleRow as stale:
        if isinstance(stale, ChangedMeanwhile):
            raise
        shown = touchpoint.stakeholder_emotions.get(stakeholder_id)
        told = _score_change(db, touchpoint.id, stakeholder_id, shown)
        if told is None:
            raise stale from None  # the touchpoint or the stakeholder is gone
        change, subject = told
        raise ChangedMeanwhile("emotion", change, _SCORES, subject=subject) from None


def _score_change(
    db: Database, touchpoint_id: int, stakeholder_id: int, before: int | None
) -> tuple[RowChanged, str] | None:
    """The stakeholder's score at the touchpoint now, as a change from ``before``, and what
    to call it ("Finance's emotion at “Invoice”"); None when either of them is gone.

    Who and when are the score row's; a cleared score is no row, so nobody is named."""
    tables = metadata().tables
    scores, points, people = tables[_SCORES], tables["touchpoint"], tables["stakeholder"]
    with db.reading() as session:
        conn = session.connection()
        point = conn.execute(select(points.c.name).where(points.c.id == touchpoint_id)).scalar()
        person = conn.execute(select(people.c.name).where(people.c.id == stakeholder_id)).scalar()
        if point is None or person is None:
            return None
        now = (
            conn.execute(
                select(scores).where(
                    scores.c.touchpoint_id == touchpoint_id,
                    scores.c.stakeholder_id == stakeholder_id,
                )
            )
            .mappings()
            .first()
        )
        emotion = None if now is None else now["emotion"]
        change = change_made(
            conn,
            None if now is None else now[CHANGED_BY_COLUMN],
            None if now is None else now[CHANGED_AT_COLUMN],
            (FieldChange("emotion", _score(before), _score(emotion)),),
            0 if now is None else now[VERSION_COLUMN],
        )
    return change, f"{person}'s emotion at “{point}”"


def _score(emotion: int | None) -> str:
    """As the map's cell shows it: "+2", "0", "-1"; "not scored"."""
    if emotion is None:
        return "not scored"
    return f"{emotion:+d}" if emotion else "0"


def _score_undo_told(
    db: Database, conflict: Conflict, first: RowChange, left: Mapping[tuple[str, int], Row]
) -> Conflict | None:
    """An undo refused over a later change of a score (``first``, the step's row in the
    way, or the row made since in place of one the step cleared), told as that cell's
    change since the step; None when it cannot be told so (the row was not kept)."""
    if isinstance(conflict, Collision):
        with db.reading() as session:
            table = metadata().tables[_SCORES]
            made = (
                session.connection()
                .execute(select(table).where(table.c.id == first.id))
                .mappings()
                .first()
            )
        if made is None:
            return None
        touchpoint_id, stakeholder_id, step_left = (
            made["touchpoint_id"],
            made["stakeholder_id"],
            None,
        )
    else:
        was = left.get((first.table, first.id))
        if was is None:
            return None
        touchpoint_id, stakeholder_id = was["touchpoint_id"], was["stakeholder_id"]
        step_left = was["emotion"]
    told = _score_change(db, touchpoint_id, stakeholder_id, step_left)
    if told is None:
        return None
    change, subject = told
    words = undo_words("", change, len(conflict.changes) - 1, subject=subject)
    return Conflict(words, conflict.changes)


# --- the Overview's manual score of one axis at one point, told as such --------------

_OVERRIDES = "quadrant_override"


def override_edit_told(
    db: Database,
    engagement_id: int,
    milestone_id: int | None,
    axis: Axis,
    shown: ShownOverride | None,
    run: Callable[[], T],
) -> T:
    """``run()``, a manual score set or cleared from ``shown`` (as the Overview showed
    it): refused over a later change of it in words naming which score, who changed it,
    when, and from what ("Ana changed the manual experience score at “Now” at 10:42
    (6.5 → 8.0)")."""
    try:
        return run()
    except StaleRow as stale:
        if isinstance(stale, ChangedMeanwhile) or shown is None:
            raise
        told = _override_change(db, engagement_id, milestone_id, Axis(axis), shown)
        if told is None:
            raise stale from None  # the milestone is gone
        change, subject = told
        raise ChangedMeanwhile("manual score", change, _OVERRIDES, subject=subject) from None


def _override_change(
    db: Database,
    engagement_id: int,
    milestone_id: int | None,
    axis: Axis,
    before: ShownOverride,
) -> tuple[RowChanged, str] | None:
    """The manual score of ``axis`` at the milestone (None: now) as it is, as a change from
    ``before``, and what to call it; None when the milestone is gone. Who and when are the
    score row's; a cleared score is no row, so nobody is named."""
    tables = metadata().tables
    overrides, milestones = tables[_OVERRIDES], tables["milestone"]
    with db.reading() as session:
        conn = session.connection()
        point = (
            NOW
            if milestone_id is None
            else conn.execute(
                select(milestones.c.name).where(milestones.c.id == milestone_id)
            ).scalar()
        )
        if point is None:
            return None
        at_point = (
            overrides.c.milestone_id.is_(None)
            if milestone_id is None
            else overrides.c.milestone_id == milestone_id
        )
        now = (
            conn.execute(
                select(overrides)
                .where(
                    overrides.c.engagement_id == engagement_id,
                    at_point,
                    overrides.c.axis == axis.value,
                )
                .order_by(overrides.c.id.desc())
            )
            .mappings()
            .first()
        )
        after = ShownOverride(None) if now is None else ShownOverride(now["score"], now["reason"])
        subject = f"the manual {axis.label.lower()} score at “{point}”"
        fields: tuple[FieldChange, ...] = ()  # set again as it was: who and when alone
        if before.score != after.score:
            fields = (FieldChange("score", _manual(before.score), _manual(after.score)),)
        elif before.reason != after.reason:  # the same score with another reason
            subject = f"the reason for {subject}"
            fields = (FieldChange("reason", before.reason, after.reason),)
        change = change_made(
            conn,
            None if now is None else now[CHANGED_BY_COLUMN],
            None if now is None else now[CHANGED_AT_COLUMN],
            fields,
            0 if now is None else now[VERSION_COLUMN],
        )
    return change, subject


def _manual(score: float | None) -> str:
    """As the Overview shows it: "6.5"; "computed" when none is set by hand."""
    return "computed" if score is None else f"{score:.1f}"


def _override_undo_told(
    db: Database, conflict: Conflict, first: RowChange, left: Mapping[tuple[str, int], Row]
) -> Conflict | None:
    """An undo refused over a later change of a manual score (``first``, the step's row in
    the way, or one set since where the step cleared it), told as that score's change
    since the step; None when it cannot be told so (the row was not kept)."""
    row: Row | None
    if isinstance(conflict, Collision):
        with db.reading() as session:
            table = metadata().tables[_OVERRIDES]
            found = (
                session.connection()
                .execute(select(table).where(table.c.id == first.id))
                .mappings()
                .first()
            )
        row = None if found is None else dict(found)
        step_left = ShownOverride(None)  # the step had cleared it
    else:
        row = left.get((first.table, first.id))
        if row is not None:
            step_left = ShownOverride(row["score"], row["reason"])
    if row is None:
        return None
    told = _override_change(
        db, row["engagement_id"], row["milestone_id"], Axis(row["axis"]), step_left
    )
    if told is None:
        return None
    change, subject = told
    subject = f"{subject[:1].upper()}{subject[1:]}"
    words = undo_words("", change, len(conflict.changes) - 1, subject=subject)
    return Conflict(words, conflict.changes)


def told_undo(db: Database, conflict: Conflict, left: Mapping[tuple[str, int], Row]) -> Conflict:
    """``conflict`` (an undo refused) in words naming who changed the first row in the way,
    when and what, compared with the row as the step left it (``left``); as it was when
    that row is gone or was not kept."""
    found = [c for c in conflict.changes if c.after is not None]
    if not found:
        return conflict
    first: RowChange = found[0]
    if first.table == _SCORES:
        return _score_undo_told(db, conflict, first, left) or conflict
    if first.table == _OVERRIDES:
        return _override_undo_told(db, conflict, first, left) or conflict
    shown = left.get((first.table, first.id))
    with db.reading() as session:
        change = row_changed(
            session.connection(),
            metadata().tables[first.table],
            first.id,
            shown,
            field_words(first.table),
        )
    if change is None or (change.version == first.after and not isinstance(conflict, Collision)):
        return conflict  # gone, or not what stands in the way (a row lost to a cascade)
    change = _as_shown(first.table, change)
    words = undo_words(ROW_NOUNS.get(first.table, "a row"), change, len(conflict.changes) - 1)
    return Conflict(words, conflict.changes)
