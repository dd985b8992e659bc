""".cxdesk files carry closing the loop (format version 2): actions, issues with their
steps and pain points, "you said, we did" and small wins travel with every field and
link; version-1 files (fixtures an older CX Desk wrote) still import; a newer file is
refused untouched; a damaged section imports nothing."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cxdesk.models.engagement_schema import DOCUMENT_VERSION, SECTION_BY_KEY, SECTIONS
from cxdesk.ops import imports, perform, revert
from cxdesk.store import workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.engagement_file import (
    FORMAT_VERSION,
    EngagementFileRefused,
    export_engagement,
    export_workspace,
    import_engagement_file,
    read_engagement_bytes,
    read_engagement_file,
)
from cxdesk.store.engagement_import import Resolution
from tests.loop_rows import FORMULA, HOSTILE, LOOP_TABLES, add_loop_rows, loop_content
from tests.raw_rows import counts, plain, user_data

pytestmark = pytest.mark.both_backends

V1 = Path(__file__).parent / "files" / "cxdesk-v1"
ENTRY = "engagements/0001.json"
LOOP_SECTIONS = ("issues", "issue_steps", "issue_touchpoints", "actions", "you_said_we_did")
NEW_SECTIONS = (*LOOP_SECTIONS, "small_wins")
REFS_SINCE_2 = ("pulse_checks", "handoff_items", "escalation_ladder")


def _fresh(tmp_path: Path, name: str) -> Database:
    return open_database(tmp_path / f"{name}.cxdb", backup_folder=tmp_path / "backups")


def _engagement_with_loop(db: Database) -> int:
    client = workspace.add_client(db, HOSTILE[1])
    engagement_id = workspace.add_engagement(db, client.id, HOSTILE[3]).id
    add_loop_rows(db, engagement_id)
    return engagement_id


def _loop(db: Database, engagement_id: int) -> dict[str, list[tuple[Any, ...]]]:
    with plain(db) as conn:
        return loop_content(conn, engagement_id)


def _document(path: Path | bytes, entry: str = ENTRY) -> Any:
    data = path if isinstance(path, bytes) else path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read(entry))


def _rezip(data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """``data`` with its JSON entries edited by ``change`` (entry name -> parsed JSON)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries: dict[str, Any] = {
            n: json.loads(zf.read(n)) if n.endswith(".json") else zf.read(n) for n in zf.namelist()
        }
    change(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, value in entries.items():
            zf.writestr(name, value if isinstance(value, bytes) else json.dumps(value))
    return out.getvalue()


def _refused(db: Database, data: bytes, match: str, title: str = "Cannot import this file") -> None:
    """Read and import ``data``: refused in words holding ``match``, nothing written."""
    before = user_data(db)
    with pytest.raises(EngagementFileRefused) as caught:
        import_engagement_file(db, read_engagement_bytes(data, Path("damaged.cxdesk")))
    assert match in caught.value.message, caught.value.message
    assert "Nothing was imported." in caught.value.message
    assert caught.value.title == title
    assert user_data(db) == before


# --- version 2: the loop travels ---------------------------------------------------------


def test_every_loop_row_field_and_link_survives_a_round_trip(db: Database, tmp_path: Path) -> None:
    engagement_id = _engagement_with_loop(db)
    expected = _loop(db, engagement_id)
    assert {table: len(rows) for table, rows in expected.items()} == {
        "issue": 3,
        "issue_step": 9,
        "issue_touchpoint": 2,
        "gap_action": 10,
        "you_said_we_did": 4,
        "small_win": 3,
    }
    first = tmp_path / "loop.cxdesk"
    export_engagement(db, engagement_id, first)
    document = _document(first)
    assert document["version"] == DOCUMENT_VERSION >= 2
    assert _document(first, "manifest.json")["format_version"] == FORMAT_VERSION >= 2
    assert all(document[key] for key in NEW_SECTIONS)
    assert all("ref" in row for key in REFS_SINCE_2 for row in document[key])
    assert FORMULA in json.dumps(document, ensure_ascii=False)  # as written, never escaped away

    other = _fresh(tmp_path, "other")
    try:
        (new_id,) = import_engagement_file(other, read_engagement_file(first)).engagement_ids
        assert _loop(other, new_id) == expected
        second = tmp_path / "again.cxdesk"
        export_engagement(other, new_id, second)
        assert _document(second) == document
    finally:
        other.close()
    # And into this backend's workspace, beside the original (a copy: the same names).
    copy = import_engagement_file(db, read_engagement_file(first), {0: Resolution.COPY})
    assert _loop(db, copy.engagement_ids[0]) == expected
    assert _loop(db, engagement_id) == expected


def test_the_demo_with_every_kind_of_loop_row_round_trips(db: Database, tmp_path: Path) -> None:
    """The demo engagement (with whatever loop it has of its own) and every kind of loop
    row with hostile text on top: the same content elsewhere, the same file again."""
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    add_loop_rows(db, engagement_id)
    expected = _loop(db, engagement_id)
    first = tmp_path / "demo.cxdesk"
    export_engagement(db, engagement_id, first)
    other = _fresh(tmp_path, "other")
    try:
        (new_id,) = import_engagement_file(other, read_engagement_file(first)).engagement_ids
        assert _loop(other, new_id) == expected
        second = tmp_path / "again.cxdesk"
        export_engagement(other, new_id, second)
        assert _document(second) == _document(first)
    finally:
        other.close()


def test_links_that_were_cut_stay_cut(db: Database, tmp_path: Path) -> None:
    """An action whose source was deleted keeps its words and no link; an issue step on
    a rung deleted since keeps the rung's name and no link."""
    engagement_id = _engagement_with_loop(db)
    path = tmp_path / "loop.cxdesk"
    export_engagement(db, engagement_id, path)
    document = _document(path)
    gone = [
        a for a in document["actions"] if a["source_label"].endswith("Deleted after its action")
    ]
    assert len(gone) == 1
    assert gone[0]["source_kind"] == "expectation"
    assert gone[0]["expectation_item"] is None
    unlinked = [s for s in document["issue_steps"] if s["rung"] is None]
    assert unlinked
    assert all(s["rung_name"] for s in unlinked)
    other = _fresh(tmp_path, "other")
    try:
        (new_id,) = import_engagement_file(other, read_engagement_file(path)).engagement_ids
        assert _loop(other, new_id) == _loop(db, engagement_id)
    finally:
        other.close()


def test_replacing_an_engagement_with_issues_and_undoing_it(db: Database, tmp_path: Path) -> None:
    """Replacing deletes the old engagement, its rungs with issues on them included."""
    engagement_id = _engagement_with_loop(db)
    path = tmp_path / "loop.cxdesk"
    export_engagement(db, engagement_id, path)
    before = _loop(db, engagement_id)
    data_before = user_data(db)
    done = perform(
        db, imports.import_engagement_file(read_engagement_file(path), {0: Resolution.REPLACE})
    )
    (new_id,) = done.value.engagement_ids
    assert done.value.replaced_ids == (engagement_id,)
    assert _loop(db, new_id) == before
    assert counts(db, LOOP_TABLES) == {t: len(rows) for t, rows in before.items()}
    revert(db, done)
    assert user_data(db) == data_before


def test_a_workspace_file_carries_every_engagements_loop(db: Database, tmp_path: Path) -> None:
    first = _engagement_with_loop(db)
    second = _engagement_with_loop(db)  # the same client name: a second engagement of it
    path = tmp_path / "all.cxdesk"
    assert export_workspace(db, path).engagements == 2
    other = _fresh(tmp_path, "other")
    try:
        result = import_engagement_file(other, read_engagement_file(path))
        assert [_loop(other, e) for e in result.engagement_ids] == [
            _loop(db, first),
            _loop(db, second),
        ]
    finally:
        other.close()


# --- version 1 still imports -------------------------------------------------------------


def test_a_version_1_engagement_file_imports_as_it_meant(db: Database, tmp_path: Path) -> None:
    v1 = V1 / "demo-v1.cxdesk"
    old = _document(v1)
    assert old["version"] == 1
    assert _document(v1, "manifest.json")["format_version"] == 1
    (new_id,) = import_engagement_file(db, read_engagement_file(v1)).engagement_ids
    assert all(rows == [] for rows in _loop(db, new_id).values())
    again = tmp_path / "again.cxdesk"
    export_engagement(db, new_id, again)
    # Exported again, it is the version-1 document in today's version: the rows that gained
    # a ref numbered in the file's order, the loop's sections empty, no toolkit language
    # chosen (version 3), nothing else changed.
    expected = dict(old, version=DOCUMENT_VERSION)
    expected["engagement"] = {**old["engagement"], "toolkit_language": None}
    for key in REFS_SINCE_2:
        expected[key] = [{"ref": n, **row} for n, row in enumerate(old[key], start=1)]
    for key in NEW_SECTIONS:
        expected[key] = []
    assert _document(again) == expected
    ladder = [row["name"] for row in expected["escalation_ladder"]]
    assert ladder[-1] == "Ελένη — Вице-президент"


def test_a_version_1_workspace_file_imports_with_its_brand(db: Database) -> None:
    file = read_engagement_file(V1 / "workspace-v1.cxdesk")
    assert file.names == [
        ("Harbourline Freight Co.", "Customer portal rollout"),
        ("Zoë Łukasiewicz <R&D>", "Фёдор & Ελένη"),
    ]
    result = import_engagement_file(db, file)
    assert result.brand_applied
    clients = {c.name: [e.name for e in es] for c, es in workspace.list_clients(db)}
    assert clients["Zoë Łukasiewicz <R&D>"] == ["Фёдор & Ελένη"]
    from cxdesk.store import expectations

    (item,) = expectations.list_items(db, result.engagement_ids[1])
    assert (item.expects, item.notes, item.owner) == ("=1+1", "line one\nline two", "Ελένη")


def test_a_version_1_file_from_before_pulse_sides_still_imports(db: Database) -> None:
    def before_sides(entries: dict[str, Any]) -> None:
        for row in entries[ENTRY]["pulse_checks"]:
            row.pop("side")

    data = _rezip((V1 / "demo-v1.cxdesk").read_bytes(), before_sides)
    (new_id,) = import_engagement_file(db, read_engagement_bytes(data)).engagement_ids
    from cxdesk.store import pulse

    sides = {p.side for p in pulse.list_pulses(db, new_id)}
    assert sides == {"client"}


def test_a_version_1_document_holds_only_version_1_sections(db: Database) -> None:
    v1 = (V1 / "demo-v1.cxdesk").read_bytes()

    def with_actions(entries: dict[str, Any]) -> None:
        entries[ENTRY]["actions"] = []

    _refused(db, _rezip(v1, with_actions), "has keys CX Desk does not know: actions")

    def with_refs(entries: dict[str, Any]) -> None:
        entries[ENTRY]["handoff_items"][0]["ref"] = 1

    _refused(db, _rezip(v1, with_refs), "handoff_items[0]: has keys CX Desk does not know: ref")


def test_a_version_2_document_must_have_every_section(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "loop.cxdesk"
    export_engagement(db, _engagement_with_loop(db), path)
    data = path.read_bytes()
    for key in NEW_SECTIONS:

        def without(entries: dict[str, Any], key: str = key) -> None:
            entries[ENTRY].pop(key)

        _refused(db, _rezip(data, without), f"is missing {key}")

    def without_refs(entries: dict[str, Any]) -> None:
        entries[ENTRY]["escalation_ladder"][0].pop("ref")

    _refused(db, _rezip(data, without_refs), "escalation_ladder[0]: is missing ref")


# --- newer files, damaged sections ---------------------------------------------------------


def test_a_newer_file_is_refused_untouched(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "loop.cxdesk"
    export_engagement(db, _engagement_with_loop(db), path)
    data = path.read_bytes()

    def newer_file(entries: dict[str, Any]) -> None:
        entries["manifest.json"]["format_version"] = FORMAT_VERSION + 1

    _refused(
        db,
        _rezip(data, newer_file),
        f"made by a newer CX Desk (file format version {FORMAT_VERSION + 1}; this one reads "
        f"version {FORMAT_VERSION}). Update CX Desk to open it.",
        title="Made by a newer CX Desk",
    )

    def newer_document(entries: dict[str, Any]) -> None:
        entries[ENTRY]["version"] = DOCUMENT_VERSION + 1
        entries[ENTRY]["surveys"] = []  # what a newer CX Desk might carry

    _refused(
        db,
        _rezip(data, newer_document),
        f"was made by a newer CX Desk (engagement version {DOCUMENT_VERSION + 1})",
    )


def _first(rows: list[dict[str, Any]], **wanted: Any) -> int:
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in wanted.items()))


DAMAGE: list[tuple[str, Callable[[Any], str]]] = []


def _damage(expected: str) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    """A way to damage a version-2 document; it returns the index it damaged, as text."""

    def register(edit: Callable[[Any], str]) -> Callable[[Any], str]:
        DAMAGE.append((expected, edit))
        return edit

    return register


@_damage("actions[{}].touchpoint: is set, but its source_kind is “expectation”")
def _link_of_another_kind(d: Any) -> str:
    i = _first(d["actions"], source_kind="expectation", expectation_item=1)
    d["actions"][i]["touchpoint"] = 1
    return str(i)


@_damage("actions[{}].rater_dimension: must be given for a RATER source_kind")
def _rater_without_dimension(d: Any) -> str:
    i = _first(d["actions"], source_kind="rater_gap")
    d["actions"][i]["rater_dimension"] = None
    return str(i)


@_damage("actions[{}].closed_at: must be given when done or dropped, and null otherwise")
def _done_undated(d: Any) -> str:
    i = _first(d["actions"], status="done")
    d["actions"][i]["closed_at"] = None
    return str(i)


@_damage("actions[{}].closed_at: is before created_at")
def _closed_before_made(d: Any) -> str:
    i = _first(d["actions"], status="done")
    d["actions"][i]["closed_at"] = "2020-01-01T00:00:00"
    return str(i)


@_damage("actions[{}].issue: names issues ref 99, not in the file")
def _missing_issue(d: Any) -> str:
    i = _first(d["actions"], source_kind="none")
    d["actions"][i]["issue"] = 99
    return str(i)


@_damage("actions[{}].cause: must be one of knowledge, standards, delivery")
def _unknown_cause(d: Any) -> str:
    d["actions"][0]["cause"] = "budget"
    return "0"


@_damage("issues[{}].rung: names escalation_ladder ref 42, not in the file")
def _missing_rung(d: Any) -> str:
    d["issues"][1]["rung"] = 42
    return "1"


@_damage("issues[{}].resolution: must say what was done: it is resolved")
def _resolved_without_words(d: Any) -> str:
    i = _first(d["issues"], status="resolved")
    d["issues"][i]["resolution"] = "   "
    return str(i)


@_damage("issues[{}].resolved_on: must be given when resolved, and null otherwise")
def _open_with_a_resolution_date(d: Any) -> str:
    i = _first(d["issues"], status="open")
    d["issues"][i]["resolved_on"] = "2026-02-20"
    return str(i)


@_damage("issues[{}].on_rung_since: is before raised_on")
def _on_rung_before_raised(d: Any) -> str:
    d["issues"][0]["on_rung_since"] = "2000-01-01"
    return "0"


@_damage("issue_steps[{}].kind: must be one of raised, escalated, resolved, reopened")
def _unknown_step(d: Any) -> str:
    d["issue_steps"][2]["kind"] = "forgotten"
    return "2"


@_damage("issue_touchpoints: has two rows for the same issue and touchpoint")
def _pain_point_twice(d: Any) -> str:
    d["issue_touchpoints"].append(dict(d["issue_touchpoints"][0]))
    return ""


@_damage("you_said_we_did[{}].pulse_check: is set, but its said_source is “typed”")
def _said_link_of_another_source(d: Any) -> str:
    i = _first(d["you_said_we_did"], said_source="typed")
    d["you_said_we_did"][i]["pulse_check"] = 1
    return str(i)


@_damage("you_said_we_did[{}].did_on: is before said_on")
def _did_before_said(d: Any) -> str:
    i = _first(d["you_said_we_did"], said_source="pulse")
    d["you_said_we_did"][i]["did_on"] = "2020-01-01"
    return str(i)


@_damage("you_said_we_did[{}].action: names actions ref 77, not in the file")
def _missing_action(d: Any) -> str:
    d["you_said_we_did"][0]["action"] = 77
    return "0"


@_damage("small_wins[{}].text: must not be empty")
def _blank_win(d: Any) -> str:
    d["small_wins"][1]["text"] = " \n "
    return "1"


@_damage("small_wins[{}].milestone: names milestones ref 9, not in the file")
def _missing_milestone(d: Any) -> str:
    d["small_wins"][0]["milestone"] = 9
    return "0"


def test_a_damaged_loop_section_imports_nothing(db: Database, tmp_path: Path) -> None:
    """Each damage refused with the entry, the row and why; a workspace file whose second
    engagement is damaged imports not even its first (one transaction)."""
    _engagement_with_loop(db)
    _engagement_with_loop(db)
    path = tmp_path / "all.cxdesk"
    export_workspace(db, path)
    data = path.read_bytes()
    second = "engagements/0002.json"
    assert len(DAMAGE) == 17
    for expected, edit in DAMAGE:
        where: list[str] = []

        def damage(
            entries: dict[str, Any], edit: Callable[[Any], str] = edit, where: list[str] = where
        ) -> None:
            where.append(edit(entries[second]))

        damaged = _rezip(data, damage)
        _refused(db, damaged, f"{second}: {expected.format(*where)}")


def test_every_new_section_is_in_the_format_description() -> None:
    doc = (Path(__file__).parents[1] / "resources/formats/cxdesk-file.md").read_text("utf-8")
    assert doc.startswith(f"# The `.cxdesk` engagement file — format version {FORMAT_VERSION}\n")
    assert "`toolkit_language`" in doc  # the engagement's field since version 3
    for key in NEW_SECTIONS:
        section = SECTION_BY_KEY[key]
        assert f"### `{key}`\n\nTable `{section.table}`." in doc, key
    for key in REFS_SINCE_2:
        assert f"### `{key}`\n\nTable `{SECTION_BY_KEY[key].table}`. Rows have a `ref`" in doc
    assert [s.key for s in SECTIONS][-6:] == list(NEW_SECTIONS)
