"""Engagement files (.cxdesk): export, import with new ids, round trips, conflicts, undo."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cxdesk.models.brand import Brand, LogoKind
from cxdesk.models.engagement_schema import SECTIONS
from cxdesk.models.tables import metadata
from cxdesk.ops import imports, perform, revert
from cxdesk.store import brand as brand_store
from cxdesk.store import engagement_import, expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.engagement_file import (
    EngagementFileRefused,
    ExportCancelled,
    export_engagement,
    export_workspace,
    import_engagement_file,
    read_engagement_file,
)
from cxdesk.store.engagement_import import Resolution, find_conflicts
from cxdesk.store.errors import EngagementGone
from tests.store_reads import database_hash, import_path

# On PostgreSQL the workspace exported from and imported into is the server's (``db``);
# the one it goes to or comes from (``_fresh``) a SQLite file, as on a consultant's laptop.
pytestmark = pytest.mark.both_backends

TRICKY = [
    "Zoë Łukasiewicz",
    "Ελένη",
    "Фёдор",
    "R&D <core>",
    "x" * 300,
    "line one\nline two",
    "=cmd|' /C calc'!A0",
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _documents(path: Path) -> dict[str, object]:
    """Every entry's JSON, without what differs between two exports (the export's time)."""
    with zipfile.ZipFile(path) as zf:
        out: dict[str, object] = {}
        for name in zf.namelist():
            data = zf.read(name)
            out[name] = json.loads(data) if name.endswith(".json") else data
    manifest = out["manifest.json"]
    assert isinstance(manifest, dict)
    manifest.pop("created_at")
    return out


def _fresh(tmp_path: Path, name: str) -> Database:
    return open_database(tmp_path / f"{name}.cxdb", backup_folder=tmp_path / "backups")


# Columns a file does not carry: the row's own id and its link to the engagement (both
# made anew on import), which quiz a quiz was copied from (another quiz, not here), and
# a row's version (how often it changed in this workspace: imported rows start anew).
# Who changed a row last and when (schema 0013) stay with the workspace: an imported
# engagement's rows say who imported them, and when.
NOT_CARRIED = {
    "id",
    "engagement_id",
    "client_id",
    "copied_from_id",
    "quiz.created_at",
    "version",
    "changed_by",
    "changed_at",
}


def test_the_format_carries_every_column_of_an_engagements_tables() -> None:
    missing = []
    for section in SECTIONS:
        table = metadata().tables[section.table]
        carried = {section.column(name) for name, _spec in section.fields}
        for column in table.columns:
            name = column.name
            if not {name, f"{table.name}.{name}"} & (carried | NOT_CARRIED):
                missing.append(f"{table.name}.{name}")
    assert missing == []


def test_every_section_is_documented() -> None:
    doc = (Path(__file__).parent.parent / "resources/formats/cxdesk-file.md").read_text("utf-8")
    for section in SECTIONS:
        assert f"`{section.key}`" in doc, section.key
        for field, _spec in section.fields:
            assert f"`{field}`" in doc, (section.key, field)


def test_demo_round_trip_equal_content(db: Database, tmp_path: Path) -> None:
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    first = tmp_path / "demo.cxdesk"
    summary = export_engagement(db, engagement_id, first)
    assert summary.engagements == 1
    assert first.stat().st_size == summary.size
    content = _documents(first)
    document = content["engagements/0001.json"]
    assert isinstance(document, dict)
    # Every part of the demo is in the file.
    for key in (
        "milestones",
        "expectation_items",
        "expectation_snapshots",
        "rater_assessments",
        "rater_respondents",
        "pulse_checks",
        "quizzes",
        "quiz_statements",
        "workshop_sessions",
        "quiz_answers",
        "hands_tallies",
        "map_phases",
        "touchpoints",
        "stakeholders",
        "handoff_items",
    ):
        assert document[key], key

    other = _fresh(tmp_path, "other")
    try:
        result = import_path(other, first)
        (new_id,) = result.engagement_ids
        second = tmp_path / "again.cxdesk"
        export_engagement(other, new_id, second)
        assert _documents(second) == content
        assert [c.name for c, _e in workspace.list_clients(other)] == [DEMO_CLIENT]
    finally:
        other.close()


def test_tricky_strings_and_the_whole_workspace_with_brand(db: Database, tmp_path: Path) -> None:
    add_demo_engagement(db, today=date(2026, 3, 1))
    for text in TRICKY:
        client = workspace.add_client(db, text[:200] if len(text) < 250 else "Long client")
        engagement = workspace.add_engagement(db, client.id, text[:200])
        workspace.add_milestone(db, engagement.id, text[:200])
        expectations.add_item(db, engagement.id, expects=text, notes=text, owner=text[:200])
    brand_store.save_brand(
        db, Brand(firm_name="Ελένη & Co <R&D>", logo=PNG, logo_kind=LogoKind.PNG)
    )
    first = tmp_path / "all.cxdesk"
    assert export_workspace(db, first).engagements == 1 + len(TRICKY)
    content = _documents(first)
    assert content["brand/logo.png"] == PNG

    other = _fresh(tmp_path, "other")
    try:
        done = perform(other, imports.import_engagement_file(read_engagement_file(first)))
        result = done.value
        assert result.brand_applied
        stored = brand_store.stored_brand(other)
        assert stored is not None
        assert stored.logo == PNG
        assert stored.firm_name.startswith("Ελένη")
        second = tmp_path / "again.cxdesk"
        export_workspace(other, second)
        assert _documents(second) == content
        items = expectations.list_items(other, result.engagement_ids[-1])
        assert {i.expects for i in items} <= set(TRICKY)
        # Undone, the import takes its brand with it; redone, brings it back.
        undone = revert(other, done)
        assert brand_store.stored_brand(other) is None
        revert(other, undone)
        assert brand_store.stored_brand(other) == stored
    finally:
        other.close()


def test_importing_twice_asks_then_copies_or_replaces_with_undo(
    db: Database, tmp_path: Path
) -> None:
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    path = tmp_path / "demo.cxdesk"
    export_engagement(db, engagement_id, path)
    file = read_engagement_file(path)
    (conflict,) = find_conflicts(db, file.names)
    assert (conflict.client, conflict.engagement, conflict.existing_id) == (
        DEMO_CLIENT,
        DEMO_ENGAGEMENT,
        engagement_id,
    )
    with pytest.raises(EngagementFileRefused, match="choose to import a copy or to replace"):
        import_engagement_file(db, file)

    copy = import_engagement_file(db, file, {0: Resolution.COPY}, today=date(2026, 12, 6))
    names = [e.name for _c, es in workspace.list_clients(db) for e in es]
    assert sorted(names) == [DEMO_ENGAGEMENT, f"{DEMO_ENGAGEMENT} (imported 2026-12-06)"]
    assert len(workspace.list_clients(db)) == 1  # the same client, not a second one
    assert copy.created_client_ids == ()
    assert copy.created_quiz_ids == ()  # the built-in quiz is shared, not copied

    done = perform(db, imports.import_engagement_file(file, {0: Resolution.REPLACE}))
    replaced = done.value
    assert workspace.get_engagement(db, engagement_id) is None
    assert replaced.replaced_ids == (engagement_id,)
    undone = revert(db, done)
    assert workspace.get_engagement(db, engagement_id) is not None
    assert workspace.get_engagement(db, replaced.engagement_ids[0]) is None
    revert(db, undone)
    assert workspace.get_engagement(db, engagement_id) is None
    assert workspace.get_engagement(db, replaced.engagement_ids[0]) is not None


def test_undo_of_an_import_into_an_empty_workspace_leaves_it_empty(
    db: Database, tmp_path: Path
) -> None:
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    path = tmp_path / "demo.cxdesk"
    export_engagement(db, engagement_id, path)
    other = _fresh(tmp_path, "other")
    try:
        done = perform(other, imports.import_engagement_file(read_engagement_file(path)))
        assert len(done.value.created_client_ids) == 1
        undone = revert(other, done)
        assert workspace.list_clients(other) == []
        revert(other, undone)
        assert [c.name for c, _e in workspace.list_clients(other)] == [DEMO_CLIENT]
    finally:
        other.close()


def test_a_workspace_with_twin_names_comes_back_as_it_was(db: Database, tmp_path: Path) -> None:
    """Two "Kickoff"s of one client, and "Acme" beside "ACME": the app allows both, so a
    workspace file holding them imports into an empty workspace unchanged, asking nothing."""
    acme = workspace.add_client(db, "Acme")
    workspace.add_engagement(db, acme.id, "Kickoff")
    workspace.add_engagement(db, acme.id, "Kickoff")
    shouting = workspace.add_client(db, "ACME")
    workspace.add_engagement(db, shouting.id, "Kickoff")
    path = tmp_path / "all.cxdesk"
    export_workspace(db, path)
    other = _fresh(tmp_path, "other")
    try:
        import_path(other, path)
        shape = sorted(
            (c.name, sorted(e.name for e in engagements))
            for c, engagements in workspace.list_clients(other)
        )
        assert shape == [("ACME", ["Kickoff"]), ("Acme", ["Kickoff", "Kickoff"])]
    finally:
        other.close()


def test_export_writes_through_a_temporary_name(db: Database, tmp_path: Path) -> None:
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    target = tmp_path / "out.cxdesk"
    target.write_bytes(b"the old file")
    with pytest.raises(EngagementGone):
        export_engagement(db, engagement_id + 999, target)
    assert target.read_bytes() == b"the old file"  # a failed export leaves it alone
    assert sorted(p.name for p in tmp_path.glob("*out.cxdesk*")) == ["out.cxdesk"]
    export_engagement(db, engagement_id, target)
    assert zipfile.is_zipfile(target)


def test_entries_are_compressed(db: Database, tmp_path: Path) -> None:
    """Every entry was stored raw (a ZipInfo's own compression is STORED): a 640,000-row
    workspace made a file of 120 MB, which import then refused as over its 50 MB limit."""
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    for n in range(300):
        expectations.add_item(
            db, engagement_id, expects=f"Weekly status note number {n}", owner="Zoë"
        )
    path = tmp_path / "all.cxdesk"
    export_workspace(db, path)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert path.stat().st_size * 5 < sum(i.file_size for i in infos)


def test_rows_keep_their_links_across_write_batches(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are written many per statement; with batches of 3 every section crosses a
    batch boundary, and each ref must still find the row made for it."""
    monkeypatch.setattr(engagement_import, "WRITE_BATCH", 3)
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    first = tmp_path / "demo.cxdesk"
    export_engagement(db, engagement_id, first)
    other = _fresh(tmp_path, "other")
    try:
        (new_id,) = import_path(other, first).engagement_ids
        second = tmp_path / "again.cxdesk"
        export_engagement(other, new_id, second)
        assert _documents(second) == _documents(first)
    finally:
        other.close()


def test_import_reports_progress_and_a_cancel_leaves_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engagement_import, "WRITE_BATCH", 5)
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    path = tmp_path / "demo.cxdesk"
    export_engagement(db, engagement_id, path)
    file = read_engagement_file(path)
    total = file.rows
    assert total == engagement_import.row_count(file.documents)
    assert total > 20
    other = _fresh(tmp_path, "other")
    try:
        before = database_hash(other.path)
        seen: list[tuple[int, int]] = []

        def cancel_after_a_few() -> bool:
            return len(seen) >= 3

        with pytest.raises(engagement_import.ImportCancelled):
            import_engagement_file(
                other, file, progress=lambda n, t: seen.append((n, t)), cancelled=cancel_after_a_few
            )
        assert database_hash(other.path) == before
        assert workspace.list_clients(other) == []

        seen.clear()
        import_engagement_file(other, file, progress=lambda n, t: seen.append((n, t)))
        done = [n for n, _t in seen]
        assert done == sorted(done)
        assert done[-1] == total
        assert {t for _n, t in seen} == {total}
        assert [c.name for c, _e in workspace.list_clients(other)] == [DEMO_CLIENT]
    finally:
        other.close()


def test_reading_reports_each_engagement_and_can_be_cancelled(db: Database, tmp_path: Path) -> None:
    for name in ("Acme", "Ελένη & Co", "Фёдор"):
        workspace.add_engagement(db, workspace.add_client(db, name).id, "Kickoff")
    path = tmp_path / "all.cxdesk"
    export_workspace(db, path)
    seen: list[tuple[int, int]] = []
    file = read_engagement_file(path, progress=lambda n, t: seen.append((n, t)))
    assert len(file.documents) == 3
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    with pytest.raises(engagement_import.ImportCancelled):
        read_engagement_file(path, cancelled=lambda: True)


def test_a_cancelled_workspace_export_writes_nothing(db: Database, tmp_path: Path) -> None:
    for name in ("Acme", "Ελένη & Co", "Фёдор"):
        workspace.add_engagement(db, workspace.add_client(db, name).id, "Kickoff")
    target = tmp_path / "all.cxdesk"
    target.write_bytes(b"the old file")
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        export_workspace(
            db, target, progress=lambda n, _t: seen.append(n), cancelled=lambda: len(seen) >= 2
        )
    assert seen == [1, 2]
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir() if "all" in p.name) == ["all.cxdesk"]
