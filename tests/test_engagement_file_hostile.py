"""Hostile .cxdesk files: each refused cleanly, naming what is wrong, the database unchanged."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cxdesk.models.engagement_schema import (
    SECTION_BY_KEY,
    Choice,
    Day,
    Decimal,
    Field,
    Flag,
    Moment,
    Ref,
    Text,
    Whole,
)
from cxdesk.models.tables import metadata
from cxdesk.store import engagement_json, expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.engagement_file import (
    FILE_MAX_BYTES,
    FORMAT_VERSION,
    EngagementFileRefused,
    export_engagement,
    import_engagement_file,
    read_engagement_bytes,
    read_engagement_file,
)
from tests.loop_rows import add_loop_rows
from tests.store_reads import database_hash

ENTRY = "engagements/0001.json"


@pytest.fixture(scope="module")
def valid_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo engagement exported once (plus a little of everything the demo lacks)."""
    folder = tmp_path_factory.mktemp("source")
    db = open_database(folder / "source.cxdb", backup_folder=folder / "backups")
    try:
        engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
        add_loop_rows(db, engagement_id)  # every kind of closing the loop's rows
        target = folder / "demo.cxdesk"
        export_engagement(db.path, engagement_id, target)
        return target.read_bytes()
    finally:
        db.close()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A workspace with something in it, shared by the (many) hypothesis examples."""
    folder = tmp_path_factory.mktemp("target")
    db = open_database(folder / "target.cxdb", backup_folder=folder / "backups")
    client = workspace.add_client(db, "Existing client")
    workspace.add_engagement(db, client.id, "Existing engagement")
    yield db
    db.close()


def _content(db: Database) -> list[Any]:
    with db.reading() as s:
        return [
            (t.name, sorted(tuple(map(repr, r)) for r in s.execute(select(t))))
            for t in metadata().sorted_tables
        ]


def _refused(db: Database, data: bytes, match: str | None = None) -> EngagementFileRefused:
    """Read and (if it got that far) import ``data``: it must be refused, nothing written."""
    before_hash, before = database_hash(db.path), _content(db)
    with pytest.raises(EngagementFileRefused) as caught:
        import_engagement_file(db, read_engagement_bytes(data, Path("hostile.cxdesk")))
    assert database_hash(db.path) == before_hash
    assert _content(db) == before
    message = caught.value.message
    assert "hostile.cxdesk" in message
    assert "Nothing was imported" in message
    if match is not None:
        assert match in message, message
    return caught.value


def _rezip(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    change(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return out.getvalue()


def _edit_json(data: bytes, entry: str, edit: Callable[[Any], None]) -> bytes:
    def change(entries: dict[str, bytes]) -> None:
        value = json.loads(entries[entry])
        edit(value)
        entries[entry] = json.dumps(value).encode()

    return _rezip(data, change)


# --- named cases ---------------------------------------------------------------------


def test_a_valid_file_reads(valid_file: bytes) -> None:
    file = read_engagement_bytes(valid_file)
    assert file.kind == "engagement"
    assert len(file.documents) == 1


def test_not_a_zip_at_all(target: Database) -> None:
    _refused(target, b"PK\x03\x04 this is not really a zip", "not a readable zip")
    _refused(target, "Ελένη".encode(), "not a .cxdesk file")


def test_truncated(target: Database, valid_file: bytes) -> None:
    _refused(target, valid_file[: len(valid_file) // 2])


def test_path_traversal_absolute_and_unknown_entries(target: Database, valid_file: bytes) -> None:
    for name, why in (
        ("../../evil.json", "outside the file"),
        ("/etc/cron.d/evil", "outside the file"),
        ("C:/evil.json", "outside the file"),
        ("engagements/evil.exe", "not part of a .cxdesk file"),
        ("engagements/", "not part of a .cxdesk file"),
    ):
        data = _rezip(valid_file, lambda e, n=name: e.__setitem__(n, b"{}"))
        _refused(target, data, why)


def test_duplicate_entry_names(target: Database, valid_file: bytes) -> None:
    out = io.BytesIO(valid_file)
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(out, "a") as zf:
        zf.writestr(ENTRY, b"{}")
    _refused(target, out.getvalue(), "twice")


def test_an_entry_the_manifest_does_not_list(target: Database, valid_file: bytes) -> None:
    data = _rezip(valid_file, lambda e: e.__setitem__("engagements/0002.json", b"{}"))
    _refused(target, data, "not listed in the manifest")


def test_zip_bomb(target: Database, valid_file: bytes) -> None:
    data = _rezip(valid_file, lambda e: e.__setitem__(ENTRY, b" " * (20 * 2**20)))
    _refused(target, data, "zip bomb")


def test_too_large_a_file(target: Database, tmp_path: Path) -> None:
    big = tmp_path / "big.cxdesk"
    with big.open("wb") as f:
        f.truncate(FILE_MAX_BYTES + 1)
    before = database_hash(target.path)
    with pytest.raises(EngagementFileRefused, match="at most 50 MB"):
        read_engagement_file(big)
    assert database_hash(target.path) == before


def test_a_newer_format_is_refused_politely(target: Database, valid_file: bytes) -> None:
    data = _edit_json(
        valid_file, "manifest.json", lambda m: m.update(format_version=FORMAT_VERSION + 1)
    )
    refusal = _refused(target, data, "made by a newer CX Desk")
    assert refusal.title == "Made by a newer CX Desk"
    assert "Update CX Desk" in refusal.message
    data = _edit_json(valid_file, ENTRY, lambda d: d.update(version=9))
    _refused(target, data, "newer CX Desk")


def test_strict_json(target: Database, valid_file: bytes) -> None:
    def replace(raw: bytes) -> bytes:
        return _rezip(valid_file, lambda e: e.__setitem__(ENTRY, raw))

    _refused(target, replace(b'{"format": 1, "format": 2}'), "appears twice")
    _refused(target, replace(b'{"x": NaN}'), "NaN is not a number")
    _refused(target, replace(b"[" * 100_000 + b"]" * 100_000), "nested")
    _refused(target, replace(b'{"format": "cxdesk-engagement",'), "not valid JSON (line 1")
    _refused(target, replace(b"\xff\xfe{}"), "not UTF-8")


def test_messages_name_the_entry_the_path_and_why(target: Database, valid_file: bytes) -> None:
    cases: list[tuple[Callable[[Any], None], str]] = [
        (
            lambda d: d["expectation_items"][2].update(expected_level=9),
            "expectation_items[2].expected_level: must be from 1 to 5, not 9",
        ),
        (lambda d: d["milestones"][0].update(name="  "), "milestones[0].name: must not be empty"),
        (lambda d: d["pulse_checks"][0].update(csat="5"), "csat: must be a whole number"),
        (lambda d: d["expectation_items"][0].update(colour="red"), "does not know: colour"),
        (
            lambda d: d["expectation_snapshots"][0].update(item=999),
            "names expectation_items ref 999, not in the file",
        ),
        (
            lambda d: d["rater_respondents"][0].update(reliability_points=1, assurance_points=1),
            "importance points must add up to 100",
        ),
        (lambda d: d["quiz_answers"][0].update(score=0), "outside its quiz's scale (1-5)"),
        (
            lambda d: d["hands_tallies"][0].update(session=1),
            "whose mode is not “hands”",
        ),
        (lambda d: d["milestones"][1].update(ref=d["milestones"][0]["ref"]), "is used twice"),
        (lambda d: d["client"].update(name="a\x00b"), "cannot be stored"),
        (lambda d: d["engagement"].update(start_date="2026-02-30"), "date like 2026-03-31"),
        (lambda d: d.pop("touchpoints"), "missing touchpoints"),
    ]
    for edit, message in cases:
        _refused(target, _edit_json(valid_file, ENTRY, edit), message)


def test_text_an_older_release_wrote_is_made_storable(tmp_path: Path, valid_file: bytes) -> None:
    """Before the one rule for storable text, CX Desk stored and exported a vertical tab
    (PowerPoint's line break) or an ESC: the person's own older files must still open."""

    def older(d: Any) -> None:
        d["milestones"][0].update(name="Kickoff\x1b")
        d["expectation_items"][0].update(notes="First line\x0bsecond line")

    db = open_database(tmp_path / "w.cxdb", backup_folder=tmp_path / "backups")
    try:
        import_engagement_file(db, read_engagement_bytes(_edit_json(valid_file, ENTRY, older)))
        [(_client, [engagement])] = workspace.list_clients(db)
        milestones = [m.name for m in workspace.list_milestones(db, engagement.id)]
        notes = [item.notes for item in expectations.list_items(db, engagement.id)]
    finally:
        db.close()
    assert "Kickoff\u241b" in milestones  # ␛: seen, kept apart from a plain "Kickoff"
    assert "First line\nsecond line" in notes


def test_a_problem_found_mid_import_rolls_everything_back(
    target: Database, valid_file: bytes
) -> None:
    """Quiz bands are checked while writing, after the engagement and its client went in."""

    def break_bands(d: Any) -> None:
        d["quiz_bands"][0].update(low=-5)  # bands no longer cover each total once

    _refused(target, _edit_json(valid_file, ENTRY, break_bands), "quizzes[0]")


# --- hypothesis --------------------------------------------------------------------------

_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_are_refused(target: Database, data: bytes) -> None:
    _refused(target, data)


@_SETTINGS
@given(cut=st.integers(min_value=0, max_value=10**9))
def test_truncated_files_are_refused(target: Database, valid_file: bytes, cut: int) -> None:
    _refused(target, valid_file[: cut % len(valid_file)])


def _wrong_values(spec: Field) -> list[Any]:
    return [v for v in _wrong_or_null(spec) if v is not None or not getattr(spec, "nullable", 0)]


def _wrong_or_null(spec: Field) -> list[Any]:
    if isinstance(spec, Text):
        return [12, None, ["text"], "x" * (spec.limit + 1)]
    if isinstance(spec, Whole):
        return ["3", 3.5, True, spec.low - 1, spec.high + 1]
    if isinstance(spec, Decimal):
        return ["5", None, spec.high + 0.5, spec.low - 1]
    if isinstance(spec, Choice):
        return ["nonsense", 1, None]
    if isinstance(spec, Day):
        return ["2026-13-01", "yesterday", 20260101, "2026-01-01T10:00:00"]
    if isinstance(spec, Moment):
        return ["tomorrow at noon", 5, "2026-01-01T10:00:00+02:00"]
    if isinstance(spec, Flag):
        return [1, "true", None]
    assert isinstance(spec, Ref)
    return [10**6, "1", -1]


@_SETTINGS
@given(st.data())
def test_one_value_mutated_is_refused(target: Database, valid_file: bytes, data: Any) -> None:
    document = json.loads(read_entry(valid_file, ENTRY))
    sections = [k for k in SECTION_BY_KEY if document[k]]
    key = data.draw(st.sampled_from(sections))
    section = SECTION_BY_KEY[key]
    index = data.draw(st.integers(0, len(document[key]) - 1))
    field, spec = data.draw(st.sampled_from(section.fields))
    wrong = data.draw(st.sampled_from(_wrong_values(spec)))

    def mutate(d: Any) -> None:
        d[key][index][field] = wrong

    _refused(target, _edit_json(valid_file, ENTRY, mutate), f"{key}[{index}].{field}")


def read_entry(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


_ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-03-31", "2026-03-31T14:05:00", "2026-03-31T14:05:00+02:00", " ", ""])
    | st.sampled_from(
        ["\x00", "a\ud800", "x" * 201, "journey", "laptop", "2199-12-31", "1899-12-31"]
    ),
    lambda inner: st.lists(inner, max_size=2),
    max_leaves=3,
)
_ALL_SPECS = sorted(
    {spec for section in SECTION_BY_KEY.values() for _name, spec in section.fields}, key=repr
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(_ALL_SPECS), value=_ANY_JSON)
def test_the_quick_check_agrees_with_check_value(spec: Field, value: Any) -> None:
    """Rows are checked by a quick path for the common valid value (a large import spent
    its time in check_value); whatever it passes, check_value passes the same way."""
    quick = engagement_json._quick_check(spec)(value)
    if quick is engagement_json._SLOW:
        return
    assert quick == engagement_json.check_value(spec, value, "here")
    assert type(quick) is type(engagement_json.check_value(spec, value, "here"))
