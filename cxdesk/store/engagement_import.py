"""Writing checked engagement documents into a workspace: all of them in one transaction, or none.

Every row gets a new id; the file's refs only say which new row points at which. A quiz
already in the workspace with the same content (the built-in one, usually) is used as is
rather than copied. When the workspace already has an engagement of the same name for a
client of the same name, the caller must say what to do with it first
(:func:`find_conflicts`, :class:`Resolution`): import as a dated copy, or replace it (the
old one is deleted in the same transaction, so undoing the import brings it back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.brand import Brand
from cxdesk.models.engagement_entities import NAME_MAX, Client, Engagement
from cxdesk.models.engagement_schema import SECTIONS, EngagementDocument, FileProblem, Ref, Row
from cxdesk.models.quiz import Band
from cxdesk.models.tables import metadata
from cxdesk.models.toolkit_entities import BrandRow
from cxdesk.models.workshop_entities import Quiz
from cxdesk.store.database import Database
from cxdesk.store.engagement_json import QUIZ_SECTIONS
from cxdesk.store.errors import EditRefused
from cxdesk.store.integrity import describe_integrity_error
from cxdesk.store.quizzes import built_in_quiz, check_quiz, quiz_records

Progress = Callable[[int, int], None]
WRITE_BATCH = 2_000  # rows per executemany: progress and Cancel every few milliseconds


class ImportCancelled(Exception):
    """The person cancelled the import; its transaction rolled back, nothing was written."""


class Resolution(StrEnum):
    COPY = "copy"  # import beside the existing one, named "… (imported 2026-12-06)"
    REPLACE = "replace"  # delete the existing one (undoably), then import


@dataclass(frozen=True, slots=True)
class Conflict:
    index: int  # which document
    client: str
    engagement: str
    existing_id: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    engagement_ids: tuple[int, ...]  # one per document, in the file's order
    created_client_ids: tuple[int, ...]
    created_quiz_ids: tuple[int, ...]
    replaced_ids: tuple[int, ...]
    brand_applied: bool


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _engagements(s: Session) -> list[tuple[int, str, str]]:
    """(id, engagement name, client name) of every engagement, oldest first."""
    found = s.execute(
        select(Engagement.id, Engagement.name, Client.name)
        .join(Client, Client.id == Engagement.client_id)
        .order_by(Engagement.id)
    ).all()
    return [(eid, ename, cname) for eid, ename, cname in found]


def _existing(s: Session, client: str, engagement: str) -> int | None:
    return _matching(_engagements(s), client, engagement)


def _matching(found: Sequence[tuple[int, str, str]], client: str, engagement: str) -> int | None:
    return next(
        (
            eid
            for eid, ename, cname in found
            if _key(cname) == _key(client) and _key(ename) == _key(engagement)
        ),
        None,
    )


def find_conflicts(db: Database, names: Sequence[tuple[str, str]]) -> list[Conflict]:
    """Which of the (client, engagement) ``names`` (a file's, in its order) are already
    in the workspace."""
    with db.reading() as s:
        conflicts = []
        for i, (client, name) in enumerate(names):
            existing = _existing(s, client, name)
            if existing is not None:
                conflicts.append(Conflict(i, client, name, existing))
        return conflicts


def copy_name(s: Session, client_id: int | None, name: str, today: date) -> str:
    """``name (imported 2026-12-06)``, numbered if even that is taken, within NAME_MAX."""
    taken = set()
    if client_id is not None:
        taken = {
            _key(n)
            for n in s.scalars(select(Engagement.name).where(Engagement.client_id == client_id))
        }
    for n in range(1, 1000):
        suffix = f" (imported {today.isoformat()}{'' if n == 1 else f' #{n}'})"
        candidate = name[: NAME_MAX - len(suffix)].rstrip() + suffix
        if _key(candidate) not in taken:
            return candidate
    raise EditRefused("Too many imported copies of that engagement already exist.")


def document_rows(document: EngagementDocument) -> int:
    """How many rows importing ``document`` writes (what its progress counts)."""
    return sum(len(rows) for key, rows in document.sections.items() if key not in QUIZ_SECTIONS)


def row_count(documents: Sequence[EngagementDocument]) -> int:
    return sum(document_rows(d) for d in documents)


def import_documents(
    db: Database,
    documents: Iterable[EngagementDocument],
    resolutions: Mapping[int, Resolution],
    brand: Brand | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    total_rows: int | None = None,
) -> ImportResult:
    """Write every document (and ``brand`` when the workspace has none) in one transaction.

    Raises :class:`FileProblem` (or :class:`EditRefused`) with nothing written. A
    conflict without a resolution is refused: the person must be asked first.
    ``documents`` may be a stream (each one written before the next is read; then say
    ``total_rows``). ``progress(rows written, rows in all)`` is called after each batch; when
    ``cancelled()`` turns true the transaction rolls back and :class:`ImportCancelled`
    is raised, so a cancelled import leaves the workspace as it was.
    """
    today = today or date.today()
    if total_rows is None:
        documents = list(documents)
        total_rows = row_count(documents)
    total = total_rows
    written = 0

    def step(rows: int) -> None:
        nonlocal written
        written += rows
        if cancelled is not None and cancelled():
            raise ImportCancelled
        if progress is not None:
            progress(written, total)

    with db.transaction() as s:
        engagement_ids: list[int] = []
        clients: list[int] = []
        quiz_ids: list[int] = []
        replaced_ids: list[int] = []
        # Conflicts and client matches are with what was here before the import: a
        # workspace file may itself hold two "Kickoff"s of one client, or "Acme" and
        # "ACME" (the app allows both), and must come back as it was.
        before = _engagements(s)
        before_clients = [tuple(r) for r in s.execute(select(Client.id, Client.name)).all()]
        made_clients: dict[str, int] = {}  # exact name in the file -> client made here
        for i, doc in enumerate(documents):
            existing = _matching(before, doc.client["name"], doc.engagement["name"])
            name = doc.engagement["name"]
            if existing is not None:
                resolution = resolutions.get(i)
                if resolution is None:
                    raise EditRefused(
                        f"“{name}” of “{doc.client['name']}” is already in this workspace: "
                        "choose to import a copy or to replace it."
                    )
                if resolution is Resolution.REPLACE:
                    # Deleted with everything under it (ON DELETE CASCADE); an operation's
                    # journal keeps it all, so undoing the import brings it back.
                    engagements = table_of(Engagement)
                    s.execute(engagements.delete().where(engagements.c.id == existing))
                    replaced_ids.append(existing)
            client_id = made_clients.get(doc.client["name"])
            if client_id is None:
                client_id = _client_id(before_clients, doc.client)
            if client_id is None:
                client_id = _insert(s, "client", dict(doc.client))
                clients.append(client_id)
                made_clients[doc.client["name"]] = client_id
            elif existing is not None and resolutions.get(i) is Resolution.COPY:
                name = copy_name(s, client_id, name, today)
            engagement_ids.append(_write_document(s, doc, client_id, name, quiz_ids, step))
        brand_applied = brand is not None and _apply_brand(s, brand)
    return ImportResult(
        tuple(engagement_ids),
        tuple(clients),
        tuple(quiz_ids),
        tuple(replaced_ids),
        brand_applied,
    )


def _client_id(found: Sequence[tuple[Any, ...]], client: Row) -> int | None:
    return next((cid for cid, cname in found if _key(cname) == _key(client["name"])), None)


def _insert(s: Session, table_name: str, values: dict[str, Any]) -> int:
    table = metadata().tables[table_name]
    result = cast(CursorResult[Any], s.execute(table.insert().values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _write_document(
    s: Session,
    doc: EngagementDocument,
    client_id: int,
    name: str,
    quiz_ids: list[int],
    step: Callable[[int], None],
) -> int:
    engagement_id = _insert(
        s, "engagement", {**doc.engagement, "client_id": client_id, "name": name}
    )
    ids: dict[str, dict[int, int]] = {}
    _write_quizzes(s, doc, ids, quiz_ids)
    for section in SECTIONS:
        if section.key in QUIZ_SECTIONS:
            continue
        table = metadata().tables[section.table]
        own = {"engagement_id": engagement_id} if "engagement_id" in table.c else {}
        mapped = ids.setdefault(section.key, {})
        columns = [(field, section.column(field), spec) for field, spec in section.fields]
        rows = doc.sections[section.key]
        try:
            # Many rows per statement (executemany, batched by SQLAlchemy's
            # insertmanyvalues): one statement per row made a 640,000-row workspace take
            # minutes. RETURNING in parameter order gives each ref its new id.
            for start in range(0, len(rows), WRITE_BATCH):
                batch = rows[start : start + WRITE_BATCH]
                values = []
                for row in batch:
                    item = dict(own)
                    for field, column, spec in columns:
                        value = row[field]
                        if isinstance(spec, Ref) and value is not None:
                            value = ids[spec.section][value]
                        item[column] = value
                    values.append(item)
                if section.has_ref:
                    made = s.execute(
                        table.insert().returning(table.c.id, sort_by_parameter_order=True),
                        values,
                    ).scalars()
                    mapped.update(zip((r["ref"] for r in batch), made, strict=True))
                else:
                    s.execute(table.insert(), values)
                step(len(batch))
        except IntegrityError as exc:
            raise FileProblem(
                f"{doc.entry}: {section.key}", describe_integrity_error(exc).rstrip(".")
            ) from exc
    return engagement_id


def _write_quizzes(
    s: Session, doc: EngagementDocument, ids: dict[str, dict[int, int]], created: list[int]
) -> None:
    """Map the file's quizzes to identical ones in the workspace, or add them (never as
    built-in: a workspace has one built-in quiz)."""
    quiz_map = ids.setdefault("quizzes", {})
    statement_map = ids.setdefault("quiz_statements", {})
    if not doc.sections["quizzes"]:
        return
    if any(q["built_in"] for q in doc.sections["quizzes"]):
        built_in_quiz(s)  # so the file's built-in quiz can be matched with this one's
    known: dict[tuple[Any, ...], tuple[int, list[int]]] = {}
    for record in quiz_records(s, s.scalars(select(Quiz).order_by(Quiz.id)).all()):
        content = (
            record.title,
            record.scale_min,
            record.scale_max,
            tuple(st.text for st in record.statements),
            tuple(record.bands),
        )
        known.setdefault(content, (record.id, [st.id for st in record.statements]))
    for i, quiz in enumerate(doc.sections["quizzes"]):
        statements = sorted(
            (r for r in doc.sections["quiz_statements"] if r["quiz"] == quiz["ref"]),
            key=lambda r: (r["position"], r["ref"]),
        )
        bands = sorted(
            (
                Band(b["low"], b["high"], b["label"], b["advice"])
                for b in doc.sections["quiz_bands"]
                if b["quiz"] == quiz["ref"]
            ),
            key=lambda b: b.low,
        )
        texts = tuple(r["text"] for r in statements)
        try:
            check_quiz(quiz["title"], quiz["scale_min"], quiz["scale_max"], texts, bands)
        except EditRefused as refusal:
            raise FileProblem(f"{doc.entry}: quizzes[{i}]", refusal.message.rstrip(".")) from None
        content = (quiz["title"], quiz["scale_min"], quiz["scale_max"], texts, tuple(bands))
        if content in known:
            quiz_id, statement_ids = known[content]
        else:
            values = {k: quiz[k] for k in ("title", "scale_min", "scale_max")}
            quiz_id = _insert(s, "quiz", {**values, "built_in": False})
            statement_ids = [
                _insert(
                    s,
                    "quiz_statement",
                    {"quiz_id": quiz_id, "position": r["position"], "text": r["text"]},
                )
                for r in statements
            ]
            for band in bands:
                _insert(
                    s,
                    "quiz_band",
                    {
                        "quiz_id": quiz_id,
                        "low": band.low,
                        "high": band.high,
                        "label": band.label,
                        "advice": band.advice,
                    },
                )
            created.append(quiz_id)
            known[content] = (quiz_id, statement_ids)
        quiz_map[quiz["ref"]] = quiz_id
        statement_map.update(zip((r["ref"] for r in statements), statement_ids, strict=True))


def _apply_brand(s: Session, brand: Brand) -> bool:
    """The file's brand, only when this workspace still prints with the default one."""
    table = table_of(BrandRow)
    if s.scalar(select(func.count()).select_from(table)):
        return False
    s.execute(
        table.insert().values(
            id=1,
            firm_name=brand.firm_name,
            consultant=brand.consultant,
            primary_colour=brand.primary,
            accent_colour=brand.accent,
            footer=brand.footer,
            contact=brand.contact,
            page_size=brand.page_size.value,
            logo=brand.logo,
            logo_kind=brand.logo_kind.value if brand.logo_kind else None,
        )
    )
    return True
