"""Engagement files (.cxdesk): one engagement, or the whole workspace, in a documented zip.

A .cxdesk file is a zip holding ``manifest.json``, one ``engagements/NNNN.json`` per
engagement (see :mod:`cxdesk.models.engagement_schema`) and, for a workspace, the brand
(``brand/brand.json`` and its logo as ``brand/logo.png|jpeg|svg``). The format is
documented in ``resources/formats/cxdesk-file.md``.

Export reads through its own read-only SQLite connection, in one transaction, so it can
run on a worker thread while the window keeps editing; the file is written under a
temporary name and renamed, so a half-written file never carries the real name.

Import treats the file as hostile: size and entry limits, only the expected entry
names, zip-bomb checks, strict JSON, every value checked as the store checks it, and
then one transaction for all of it (:mod:`cxdesk.store.engagement_import`). Any problem
is an :class:`EngagementFileRefused` naming the entry, the place in it and why.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from cxdesk import __version__
from cxdesk.atomic_files import atomic_file
from cxdesk.models.brand import LOGO_MAX_BYTES, Brand, LogoKind, PageSize
from cxdesk.models.engagement_entities import Client, Engagement
from cxdesk.models.engagement_schema import EngagementDocument, FileProblem, Text
from cxdesk.models.toolkit_entities import BrandRow
from cxdesk.store.brand import check_brand
from cxdesk.store.database import Database
from cxdesk.store.engagement_import import (
    ImportCancelled,
    ImportResult,
    Resolution,
    document_rows,
    import_documents,
)
from cxdesk.store.engagement_json import check_document, check_value, engagement_document
from cxdesk.store.errors import EditRefused, EngagementGone

FORMAT = "cxdesk"
# 2: closing the loop (actions, issues, the two logs; see engagement_schema). A reader of
# version 1 refuses a version-2 file as made by a newer CX Desk, rather than reading its
# engagements without their actions; this one still reads version 1. 3: an engagement's
# toolkit language (schema 0015), which a version-2 reader would refuse as a key it does
# not know: it says "made by a newer CX Desk" instead.
FORMAT_VERSION = 3
SUFFIX = ".cxdesk"
FILE_MAX_BYTES = 50 * 1024 * 1024
ENTRIES_MAX = 2_002  # the manifest, a brand and its logo, and up to 1,999 engagements
ENTRY_MAX_BYTES = 64 * 1024 * 1024  # uncompressed
TOTAL_MAX_BYTES = 256 * 1024 * 1024  # uncompressed, all entries
RATIO_MAX = 200  # uncompressed / compressed, for entries past RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MANIFEST = "manifest.json"
BRAND_ENTRY = "brand/brand.json"
_ENGAGEMENT_ENTRY = re.compile(r"engagements/[0-9]{4,6}\.json")
_LOGO_ENTRY = re.compile(r"brand/logo\.(png|jpeg|svg)")
_MANIFEST_KEYS = ("format", "format_version", "app_version", "created_at", "kind", "engagements")
_BRAND_FIELDS = (
    ("firm_name", Text(120, True)),
    ("consultant", Text(120)),
    ("primary", Text(7, True)),
    ("accent", Text(7, True)),
    ("footer", Text(200)),
    ("contact", Text(200)),
    ("page_size", Text(8, True)),
)
Progress = Callable[[int, int], None]


class EngagementFileRefused(EditRefused):
    """The file cannot be imported; nothing was written. ``title`` suits a dialog's title."""

    def __init__(self, path: Path, why: str, *, title: str = "Cannot import this file") -> None:
        self.path = path
        self.title = title
        super().__init__(f"CX Desk cannot import “{path.name}”.\n\n{why}\n\nNothing was imported.")


@dataclass(frozen=True, slots=True)
class ListedEngagement:
    """One engagement of a checked file: its entry, its names, and how many rows it has."""

    entry: str
    client: str
    engagement: str
    rows: int  # what importing it writes (quizzes apart): the import's progress counts them


@dataclass(frozen=True, slots=True)
class EngagementFile:
    """A checked .cxdesk file, ready to import: nothing in it is trusted any more.

    It keeps the file's bytes and what the questions before an import need, not the
    engagements read from it: a 640,000-row workspace held as Python rows took 700 MB.
    The import reads each engagement again (:meth:`iter_documents`, the same checks) and
    writes it before reading the next.
    """

    path: Path
    kind: str  # "engagement" or "workspace"
    app_version: str
    created_at: str
    listed: tuple[ListedEngagement, ...]
    brand: Brand | None
    data: bytes = field(repr=False)

    @property
    def names(self) -> list[tuple[str, str]]:
        """(client, engagement) of each engagement, in the file's order."""
        return [(e.client, e.engagement) for e in self.listed]

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.listed)

    def iter_documents(self) -> Iterator[EngagementDocument]:
        """Each engagement read and checked again, one at a time."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            for listed in self.listed:
                yield check_document(_json_entry(zf, zf.getinfo(listed.entry)), listed.entry)

    @property
    def documents(self) -> tuple[EngagementDocument, ...]:
        """Every engagement at once (tests, small files); an import streams them."""
        return tuple(self.iter_documents())


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    engagements: int
    size: int


# --- export ----------------------------------------------------------------------------


# What an export reads: a SQLite file's path, or an open workspace (a team workspace on
# a server has no file: it is read through its engine).
ExportSource = Path | Database


@contextmanager
def _read_only(source: ExportSource) -> Iterator[Session]:
    """One read transaction on its own connection (made on, and used by, this thread)."""
    if isinstance(source, Database):
        from cxdesk.store.workspace_kind import is_team_workspace

        if not is_team_workspace(source):
            source = source.path
        else:
            # PostgreSQL: REPEATABLE READ is one snapshot for the whole export (READ
            # COMMITTED would see a colleague's edit half-way); READ ONLY writes nothing.
            snapshot = source.engine.execution_options(isolation_level="REPEATABLE READ")
            with Session(snapshot) as session, session.begin():
                session.connection().exec_driver_sql("SET TRANSACTION READ ONLY")
                yield session
            return
    db_path = source
    uri = f"{Path(db_path).absolute().as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")  # one snapshot for the whole export

    try:
        with Session(engine) as session, session.begin():
            yield session
    finally:
        engine.dispose()


class ExportCancelled(Exception):
    """The person cancelled the export: no file was written (an old one is left as it was)."""


def export_engagement(
    db_path: ExportSource, engagement_id: int, target: Path, progress: Progress | None = None
) -> ExportSummary:
    """Write one engagement (with its client's name) to ``target``;
    :class:`EngagementGone` when it was deleted."""
    return _export(db_path, [engagement_id], target, workspace=False, progress=progress)


def export_workspace(
    db_path: ExportSource,
    target: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Write every engagement of the workspace, and its brand and logo, to ``target``.

    ``progress(engagements written, engagements)``; when ``cancelled()`` turns true
    between two engagements, :class:`ExportCancelled` is raised and nothing is written.
    """
    return _export(db_path, None, target, workspace=True, progress=progress, cancelled=cancelled)


def _export(
    db_path: ExportSource,
    engagement_ids: list[int] | None,
    target: Path,
    *,
    workspace: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportSummary:
    listed = []
    # Each engagement goes into the zip as soon as it is made, so only one is in memory
    # (a 640,000-row workspace held 120 MB of JSON at once); the manifest, which lists
    # them, comes last: zip entries are found by name, in any order.
    with (
        _read_only(db_path) as s,
        atomic_file(Path(target)) as raw,
        zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        if engagement_ids is None:
            engagement_ids = list(
                s.scalars(
                    select(Engagement.id)
                    .join(Client, Client.id == Engagement.client_id)
                    .order_by(Client.name, Engagement.name, Engagement.id)
                )
            )
        for n, engagement_id in enumerate(engagement_ids, start=1):
            if cancelled is not None and cancelled():
                raise ExportCancelled  # atomic_file removes what was written so far
            if s.get(Engagement, engagement_id) is None:  # deleted before this snapshot
                raise EngagementGone
            document = engagement_document(s, engagement_id)
            name = f"engagements/{n:04d}.json"
            _write_entry(zf, name, _dump(document))
            listed.append(
                {
                    "entry": name,
                    "client": document["client"]["name"],
                    "engagement": document["engagement"]["name"],
                }
            )
            del document
            if progress:
                progress(n, len(engagement_ids))
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "kind": "workspace" if workspace else "engagement",
            "engagements": listed,
        }
        brand = s.get(BrandRow, 1) if workspace else None
        if brand is not None:
            manifest["brand"] = BRAND_ENTRY
            _write_entry(zf, BRAND_ENTRY, _dump(_brand_json(brand)))
            if brand.logo is not None and brand.logo_kind is not None:
                _write_entry(zf, f"brand/logo.{brand.logo_kind}", bytes(brand.logo))
        _write_entry(zf, MANIFEST, _dump(manifest))
    return ExportSummary(target, len(listed), target.stat().st_size)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _brand_json(row: BrandRow) -> dict[str, Any]:
    return {
        "firm_name": row.firm_name,
        "consultant": row.consultant,
        "primary": row.primary_colour,
        "accent": row.accent_colour,
        "footer": row.footer,
        "contact": row.contact,
        "page_size": row.page_size,
    }


def _write_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    # A fixed date, so the same workspace gives the same bytes. A ZipInfo carries its own
    # compression (STORED unless told): without it every entry was stored raw, and a
    # large workspace's file outgrew what import accepts.
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


# --- reading a file --------------------------------------------------------------------

# What a damaged or hostile zip can raise from zipfile, zlib and struct while being read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
)


def read_engagement_file(
    path: Path, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> EngagementFile:
    """``path`` read and checked whole, or :class:`EngagementFileRefused` saying why.

    ``progress(entries checked, entries)`` after each engagement; when ``cancelled()``
    turns true, :class:`~cxdesk.store.engagement_import.ImportCancelled` is raised.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > FILE_MAX_BYTES:
            raise FileProblem(
                "",
                f"The file is {size / 2**20:,.1f} MB; a .cxdesk file can be at most "
                f"{FILE_MAX_BYTES // 2**20} MB.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise EngagementFileRefused(path, f"The file could not be read ({exc.strerror}).") from exc
    except FileProblem as problem:
        raise EngagementFileRefused(path, problem.why) from None
    return read_engagement_bytes(data, path, progress, cancelled)


def read_engagement_bytes(
    data: bytes,
    path: Path = Path("file.cxdesk"),
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> EngagementFile:
    """The same as :func:`read_engagement_file` for bytes already in memory."""
    try:
        if len(data) > FILE_MAX_BYTES:
            raise FileProblem("", f"a .cxdesk file can be at most {FILE_MAX_BYTES // 2**20} MB")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return _read_zip(zf, data, path, progress, cancelled)
        except FileProblem:
            raise
        except _ZIP_ERRORS as exc:
            raise FileProblem(
                "", "it is not a .cxdesk file, or it is damaged (not a readable zip)"
            ) from exc
    except _NewerFormat as newer:
        raise EngagementFileRefused(path, str(newer), title="Made by a newer CX Desk") from None
    except FileProblem as problem:
        raise EngagementFileRefused(path, describe(problem)) from None


def describe(problem: FileProblem) -> str:
    """``entry: path.in.json: why.`` -- or just the sentence when it is about the whole file."""
    if problem.where:
        return f"{problem.where}: {problem.why}."
    return f"{problem.why[0].upper()}{problem.why[1:]}".rstrip(".") + "."


class _NewerFormat(Exception):
    pass


def _check_entries(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > ENTRIES_MAX:
        raise FileProblem("", f"it holds {len(infos):,} entries, more than a .cxdesk file can")
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if (
            name.startswith(("/", "\\"))
            or ".." in name.replace("\\", "/").split("/")
            or ":" in name
        ):
            raise FileProblem(name, "this entry's path points outside the file; it is refused")
        if name in found:
            raise FileProblem(name, "this entry is in the file twice")
        expected = name in (MANIFEST, BRAND_ENTRY) or _ENGAGEMENT_ENTRY.fullmatch(name)
        if not (expected or _LOGO_ENTRY.fullmatch(name)):
            raise FileProblem(name, "this entry is not part of a .cxdesk file")
        if info.flag_bits & 0x1:
            raise FileProblem(name, "this entry is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileProblem(name, "this entry is compressed in a way CX Desk does not read")
        if info.file_size > ENTRY_MAX_BYTES:
            raise FileProblem(name, f"this entry is larger than {ENTRY_MAX_BYTES // 2**20} MB")
        if info.file_size > RATIO_FROM and info.file_size > RATIO_MAX * max(info.compress_size, 1):
            raise FileProblem(name, "this entry expands suspiciously much (a zip bomb?)")
        total += info.file_size
        if total > TOTAL_MAX_BYTES:
            raise FileProblem("", f"it expands to more than {TOTAL_MAX_BYTES // 2**20} MB")
        found[name] = info
    if MANIFEST not in found:
        raise FileProblem("", f"it is not a .cxdesk file (no {MANIFEST})")
    return found


def _entry_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    # The sizes in the zip's directory may lie: never read more than the limit.
    with zf.open(info) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(info.filename, "this entry is larger than it says")
    return data


def _json_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    raw = _entry_bytes(zf, info, ENTRY_MAX_BYTES)
    try:
        return json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError:
        raise FileProblem(info.filename, "this entry is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FileProblem(
            info.filename, f"this entry is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError) as exc:
        reason = (
            str(exc) if isinstance(exc, _JsonProblem) else "it is nested or sized beyond reason"
        )
        raise FileProblem(info.filename, f"this entry is not acceptable JSON: {reason}") from None


class _JsonProblem(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonProblem(f"the key “{key[:40]}” appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _JsonProblem(f"{name} is not a number")


def _read_zip(
    zf: zipfile.ZipFile,
    data: bytes,
    path: Path,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> EngagementFile:
    found = _check_entries(zf)
    manifest = _json_entry(zf, found[MANIFEST])
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise FileProblem(MANIFEST, f"it is not a .cxdesk file (no “format”: “{FORMAT}”)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblem(f"{MANIFEST}: format_version", "must be a whole number, 1 or more")
    if version > FORMAT_VERSION:
        raise _NewerFormat(
            f"“{path.name}” was made by a newer CX Desk (file format version {version}; this "
            f"one reads version {FORMAT_VERSION}). Update CX Desk to open it."
        )
    unknown = sorted(set(manifest) - {*_MANIFEST_KEYS, "brand"})
    if unknown:
        raise FileProblem(MANIFEST, f"it has keys CX Desk does not know: {', '.join(unknown)}")
    missing = [k for k in _MANIFEST_KEYS if k not in manifest]
    if missing:
        raise FileProblem(MANIFEST, f"it is missing {', '.join(missing)}")
    for key in ("app_version", "created_at"):
        check_value(Text(100), manifest[key], f"{MANIFEST}: {key}")
    kind = manifest["kind"]
    if kind not in ("engagement", "workspace"):
        raise FileProblem(f"{MANIFEST}: kind", "must be engagement or workspace")
    listed = manifest["engagements"]
    if not isinstance(listed, list) or (kind == "engagement" and len(listed) != 1):
        raise FileProblem(f"{MANIFEST}: engagements", "must list the file's engagement entries")
    listed_engagements = []
    named = set()  # the engagement is checked, counted and dropped: see EngagementFile
    for i, item in enumerate(listed):
        if cancelled is not None and cancelled():
            raise ImportCancelled
        if progress is not None:
            progress(i, len(listed))
        where = f"{MANIFEST}: engagements[{i}]"
        if not isinstance(item, dict) or set(item) != {"entry", "client", "engagement"}:
            raise FileProblem(where, "must be an object with entry, client and engagement")
        entry = item["entry"]
        if (
            not isinstance(entry, str)
            or entry not in found
            or not _ENGAGEMENT_ENTRY.fullmatch(entry)
        ):
            raise FileProblem(f"{where}.entry", "names an engagement entry that is not in the file")
        if entry in named:
            raise FileProblem(f"{where}.entry", "lists the same entry twice")
        named.add(entry)
        document = check_document(_json_entry(zf, found[entry]), entry)
        if (item["client"], item["engagement"]) != (
            document.client["name"],
            document.engagement["name"],
        ):
            raise FileProblem(where, "does not match the engagement in its entry")
        listed_engagements.append(
            ListedEngagement(entry, item["client"], item["engagement"], document_rows(document))
        )
        del document
    if progress is not None:
        progress(len(listed), len(listed))
    brand = _read_brand(zf, found, manifest, kind)
    extra = sorted(set(found) - named - {MANIFEST} - ({BRAND_ENTRY} if brand else set()))
    extra = [
        e for e in extra if not (brand and brand.logo is not None and _LOGO_ENTRY.fullmatch(e))
    ]
    if extra:
        raise FileProblem(extra[0], "this entry is not listed in the manifest")
    return EngagementFile(
        path,
        kind,
        manifest["app_version"],
        manifest["created_at"],
        tuple(listed_engagements),
        brand,
        data,
    )


_LOGO_MAGIC = {LogoKind.PNG: b"\x89PNG\r\n\x1a\n", LogoKind.JPEG: b"\xff\xd8\xff"}


def _read_brand(
    zf: zipfile.ZipFile, found: Mapping[str, zipfile.ZipInfo], manifest: dict[str, Any], kind: str
) -> Brand | None:
    if "brand" not in manifest:
        return None
    if kind != "workspace" or manifest["brand"] != BRAND_ENTRY or BRAND_ENTRY not in found:
        raise FileProblem(f"{MANIFEST}: brand", f"must be “{BRAND_ENTRY}”, in a workspace file")
    from cxdesk.store.engagement_json import check_object

    values = check_object(_json_entry(zf, found[BRAND_ENTRY]), _BRAND_FIELDS, BRAND_ENTRY)
    logos = [name for name in found if _LOGO_ENTRY.fullmatch(name)]
    if len(logos) > 1:
        raise FileProblem(logos[1], "a brand has one logo")
    logo = logo_kind = None
    if logos:
        logo = _entry_bytes(zf, found[logos[0]], LOGO_MAX_BYTES)
        logo_kind = LogoKind(logos[0].rsplit(".", 1)[1])
        magic = _LOGO_MAGIC.get(logo_kind)
        looks_right = logo.startswith(magic) if magic else b"<svg" in logo[:4096]
        if not looks_right:
            raise FileProblem(logos[0], f"this is not a {logo_kind.value.upper()} image")
    try:
        page_size = PageSize(values["page_size"])
        return check_brand(
            Brand(
                firm_name=values["firm_name"],
                consultant=values["consultant"],
                primary=values["primary"],
                accent=values["accent"],
                footer=values["footer"],
                contact=values["contact"],
                page_size=page_size,
                logo=logo,
                logo_kind=logo_kind,
            )
        )
    except ValueError:
        raise FileProblem(f"{BRAND_ENTRY}: page_size", "must be A4 or Letter") from None
    except EditRefused as refusal:
        raise FileProblem(BRAND_ENTRY, refusal.message.rstrip(".")) from None


# --- importing -------------------------------------------------------------------------


def import_engagement_file(
    db: Database,
    file: EngagementFile,
    resolutions: Mapping[int, Resolution] | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Everything in ``file``, in one transaction with new ids; nothing when refused or
    cancelled (:class:`~cxdesk.store.engagement_import.ImportCancelled`).

    The brand of a workspace file is used only when this workspace has none of its own.
    """
    try:
        return import_documents(
            db,
            file.iter_documents(),
            resolutions or {},
            file.brand,
            today,
            progress,
            cancelled,
            total_rows=file.rows,
        )
    except FileProblem as problem:
        raise EngagementFileRefused(file.path, describe(problem)) from None
    except EngagementFileRefused:
        raise
    except EditRefused as refusal:
        raise EngagementFileRefused(file.path, refusal.message) from None
