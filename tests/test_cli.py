"""The command line: refusals give a clear message and a non-zero exit; files untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def run_cxdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, CXDESK_DATA_DIR=str(data_dir), CXDESK_HEADLESS="1", QT_QPA_PLATFORM="offscreen"
    )
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Quarterly report\nnot a database\n", "not a database at all"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a database at all"),
    ],
)
def test_foreign_file_is_refused_untouched(
    tmp_path: Path, private_data_dir: Path, content: bytes, expected: str
) -> None:
    target = tmp_path / "notes.cxdb"
    target.write_bytes(content)
    result = run_cxdesk("--db", str(target), data_dir=private_data_dir)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "has not been changed" in result.stderr
    assert target.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cxdesk-data", "notes.cxdb"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["notes.cxdb"]


def test_other_sqlite_database_is_refused(tmp_path: Path, private_data_dir: Path) -> None:
    target = tmp_path / "crm.db"
    with sqlite3.connect(target) as conn:
        conn.execute("create table contacts (name text)")
    before = target.read_bytes()
    result = run_cxdesk("--db", str(target), data_dir=private_data_dir)
    assert result.returncode == 2
    assert "is not a CX Desk workspace: it is a database made by another program" in result.stderr
    assert target.read_bytes() == before


def test_help_and_version(private_data_dir: Path) -> None:
    result = run_cxdesk("--help", data_dir=private_data_dir)
    assert result.returncode == 0
    assert "--db PATH" in result.stdout
    version = run_cxdesk("--version", data_dir=private_data_dir)
    assert version.returncode == 0
    assert version.stdout.startswith("CX Desk ")


def test_shipped_resources_are_found() -> None:
    from cxdesk.resources import resource

    icon = resource("icons", "cxdesk.svg")
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<svg")
