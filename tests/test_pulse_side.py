"""Pulse checks have a side (the client's people or our own team): schema 0011, the store,
the engagement file and the spreadsheet carry it, and the client's alone are what the
trend, the summary and the Overview count."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from cxdesk.models.overview import build_overview
from cxdesk.models.servqual import RespondentSide
from cxdesk.ops import feedback as ops
from cxdesk.ops import perform
from cxdesk.store import database, migrate, pulse, spreadsheets, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.engagement_file import (
    export_engagement,
    import_engagement_file,
    read_engagement_file,
)
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from cxdesk.ui.pulse.summary import not_working_html, summary_html
from tests.migration_helpers import downgrade

OLDER = "0010_phones_sessions"
DAY = date(2026, 3, 2)


def read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def older_workspace(path: Path) -> Path:
    """A workspace at schema 0010 with two pulse checks."""
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, OLDER)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in (
                "INSERT INTO client (id, name, notes, created_at) "
                "VALUES (1, 'Acme', '', '2026-01-05 09:00:00')",
                "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
                "VALUES (1, 1, 'Portal', 'implementation', '2026-01-05 09:00:00')",
                "INSERT INTO pulse_check (id, engagement_id, taken_on, respondent, confidence, "
                "csat, working, not_working, created_at) VALUES (1, 1, '2026-01-06', 'Dana', 7, "
                "4, 'Demos', '', '2026-01-06 09:00:00')",
                "INSERT INTO pulse_check (id, engagement_id, taken_on, respondent, confidence, "
                "csat, working, not_working, created_at) VALUES (2, 1, '2026-01-06', '', NULL, "
                "2, '', 'Meetings', '2026-01-06 09:00:00')",
            ):
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    return path


def refused_side(path: Path, side: str) -> bool:
    """Whether the file's own schema refuses a pulse check of ``side`` (the CHECK)."""
    with closing(sqlite3.connect(path)) as conn:
        try:
            conn.execute(
                "INSERT INTO pulse_check (engagement_id, taken_on, created_at, side) "
                "VALUES (1, '2026-01-09', '2026-01-09', ?)",
                (side,),
            )
        except sqlite3.IntegrityError as error:
            return "ck_pulse_check_side_known" in str(error)
        finally:
            conn.rollback()
        return False


def test_a_0010_workspace_gains_the_side_and_its_pulse_checks_are_the_clients(
    tmp_path: Path,
) -> None:
    path = older_workspace(tmp_path / "older.cxdb")
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        stored = pulse.list_pulses(db, 1)
        assert [(p.id, p.side, p.confidence, p.not_working) for p in stored] == [
            (1, "client", 7, ""),
            (2, "client", None, "Meetings"),
        ]
        team = pulse.add_pulse(db, 1, DAY, confidence=9, side=RespondentSide.TEAM)
        assert team.side == "team"
    assert read(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert refused_side(path, "vendor")
    assert not refused_side(path, "team")
    assert read(path, "PRAGMA integrity_check") == [("ok",)]

    # Going back drops the column; every pulse check stays.
    downgrade(path, OLDER)
    assert read(path, "SELECT id, confidence FROM pulse_check ORDER BY id") == [
        (1, 7),
        (2, None),
        (team.id, 9),
    ]
    columns = [row[1] for row in read(path, "PRAGMA table_info(pulse_check)")]
    assert "side" not in columns
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert {p.side for p in pulse.list_pulses(db, 1)} == {"client"}


def test_the_store_sets_and_refuses_a_side(db: Database, engagement_id: int) -> None:
    record = pulse.add_pulse(db, engagement_id, DAY, csat=4)
    assert record.side == "client"
    done = perform(db, ops.edit_pulse(record, "side", "team"))  # type: ignore[arg-type]
    assert done.value.side == "team"
    assert done.label == "Edit pulse-check side"
    with pytest.raises(EditRefused, match="client's or our team's"):
        pulse.update_pulse(db, record.id, "side", "vendor")
    with pytest.raises(EditRefused, match="client's or our team's"):
        pulse.add_pulse(db, engagement_id, DAY, csat=4, side="both")
    # The side is not an answer: a response of a side alone is empty.
    with pytest.raises(EditRefused, match="no answers yet"):
        pulse.add_pulse(db, engagement_id, DAY, side="team")
    assert [p.side for p in pulse.list_pulses(db, engagement_id)] == ["team"]


def _pulses(db: Database, engagement_id: int) -> None:
    pulse.add_pulse(db, engagement_id, DAY, respondent="Dana", confidence=4, csat=2)
    pulse.add_pulse(db, engagement_id, DAY, respondent="Our PM", confidence=10, csat=5, side="team")
    pulse.add_pulse(db, engagement_id, DAY, not_working="Slow replies", side="team")


def test_the_engagement_file_and_the_spreadsheet_carry_the_side(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    _pulses(db, engagement_id)
    file = tmp_path / "out.cxdesk"
    export_engagement(db.path, engagement_id, file)
    with zipfile.ZipFile(file) as zf:
        document = json.loads(zf.read("engagements/0001.json"))
    assert [p["side"] for p in document["pulse_checks"]] == ["client", "team", "team"]

    other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "backups")
    try:
        result = import_engagement_file(other, read_engagement_file(file))
        imported = pulse.list_pulses(other, result.engagement_ids[0])
        assert [(p.respondent, p.side) for p in imported] == [
            ("Dana", "client"),
            ("Our PM", "team"),
            ("", "team"),
        ]
    finally:
        other.close()

    [sheet] = [s for s in spreadsheets.load_sheets(db, engagement_id) if s.title == "Pulse checks"]
    side = sheet.headers.index("Side")
    assert sheet.headers[side - 1] == "Respondent"
    assert [row[side] for row in sheet.rows] == ["Client", "Our team", "Our team"]


def test_a_file_written_before_pulse_checks_had_a_side_reads_them_as_the_clients(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    _pulses(db, engagement_id)
    file = tmp_path / "out.cxdesk"
    export_engagement(db.path, engagement_id, file)
    older = tmp_path / "older.cxdesk"
    with zipfile.ZipFile(file) as src, zipfile.ZipFile(older, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "engagements/0001.json":
                document = json.loads(data)
                for row in document["pulse_checks"]:
                    del row["side"]
                data = json.dumps(document).encode()
            dst.writestr(name, data)
    other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "backups")
    try:
        result = import_engagement_file(other, read_engagement_file(older))
        imported = pulse.list_pulses(other, result.engagement_ids[0])
        assert [p.side for p in imported] == ["client"] * 3
    finally:
        other.close()


def test_the_overview_and_the_summary_count_the_clients_pulse_checks(
    db: Database, engagement_id: int
) -> None:
    _pulses(db, engagement_id)
    pulses = pulse.list_pulses(db, engagement_id)
    milestones = workspace.list_milestones(db, engagement_id)
    overview = build_overview(milestones, [], [], [], pulses)
    numbers = {n.name: n for n in overview.key_numbers}
    assert numbers["Client confidence (1-10)"].value == 4.0
    assert numbers["CSAT (1-5)"].value == 2.0
    client_only = [p for p in pulses if p.side == "client"]
    assert build_overview(milestones, [], [], [], pulses) == build_overview(
        milestones, [], [], [], client_only
    )

    summary = summary_html(pulses)
    assert "Confidence 4.0 / 10" in summary
    assert "2 responses from our team (not in these numbers)" in summary
    assert "Slow replies" in not_working_html(pulses)
    assert "our team" in not_working_html(pulses)
    only_team = [p for p in pulses if p.side == "team"]
    assert summary_html(only_team) == "2 responses from our team (not in these numbers)"
