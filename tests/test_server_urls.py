"""A --db value that is a server URL is refused in words, exit 2, and nothing is created.

Taken as a path, ``postgresql+psycopg://user@host/db`` made a SQLite file (in a folder
named ``postgresql+psycopg:``) in the current folder, and the app opened that instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxdesk.cli_export import EXIT_REFUSED, main
from cxdesk.store.database import open_database
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.paths import is_database_url

URLS = [
    "postgresql+psycopg://cx:secret@db.example.com:5432/cxdesk",
    "sqlite:///workspace.cxdb",
    "mysql://localhost/cx",
]
SENTENCE = "CX Desk opens SQLite files; server URLs are not supported yet"


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("url", URLS)
def test_the_app_refuses_a_server_url(url: str, tmp_path: Path, private_data_dir: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    env = dict(
        os.environ,
        CXDESK_DATA_DIR=str(private_data_dir),
        CXDESK_HEADLESS="1",
        QT_QPA_PLATFORM="offscreen",
    )
    result = subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", url],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=here,
        check=False,
    )
    assert result.returncode == 2
    assert SENTENCE in result.stderr
    assert "Traceback" not in result.stderr
    assert _listing(here) == []  # no "postgresql+psycopg:" folder, no database file
    assert not private_data_dir.exists() or not list(private_data_dir.glob("*.cxdb"))


@pytest.mark.parametrize("url", URLS)
def test_export_refuses_a_server_url(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code = main(["--db", url, "--blank", "--out", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert SENTENCE in err
    assert _listing(here) == []
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("url", URLS)
def test_the_store_refuses_a_url_that_reaches_it(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other caller (File > Open, a script) gets the same refusal from open_database,
    even after Path() has folded the URL's "//" into "/"."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseRefused) as refused:
        open_database(Path(url))
    assert refused.value.reason is RefusalReason.SERVER_URL
    assert SENTENCE in refused.value.message
    assert "Nothing was created" in refused.value.message
    assert _listing(tmp_path) == [] or _listing(tmp_path) == ["cxdesk-data"]


@pytest.mark.parametrize(
    "path", ["workspace.cxdb", "C:/Users/ana/workspace.cxdb", "/tmp/a:b/x.cxdb", "data/x.cxdb"]
)
def test_paths_are_still_paths(path: str) -> None:
    assert not is_database_url(path)
