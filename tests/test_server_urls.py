"""``--db`` takes a file's path or a team workspace's PostgreSQL address (issue 18).

A PostgreSQL address opens the team workspace, in the app and in ``cxdesk export``;
another kind of URL is refused in words, exit 2, and nothing is created (taken as a
path, ``mysql://host/db`` made a SQLite file in a folder named ``mysql:``). A password
in the address is never printed, and there is never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxdesk.cli_export import EXIT_OK, EXIT_REFUSED, main
from cxdesk.store.database import open_database
from cxdesk.store.demo import DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.paths import is_database_url
from tests.postgres_server import PostgresServer

REFUSED_URLS = [
    "sqlite:///workspace.cxdb",
    "mysql://cx:s3cret@localhost/cx",
    "https://cx:s3cret@example.com/workspace.cxdb",
]
SENTENCE = "CX Desk opens SQLite files and PostgreSQL servers"
PASSWORD = "s3cret"


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _run_app(url: str, cwd: Path, data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        CXDESK_DATA_DIR=str(data_dir),
        CXDESK_HEADLESS="1",
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_the_app_refuses_another_kind_of_url(
    url: str, tmp_path: Path, private_data_dir: Path
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = _run_app(url, here, private_data_dir)
    assert result.returncode == 2
    assert SENTENCE in result.stderr
    assert f"“{url.split(':')[0]}” is not a kind of database" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert _listing(here) == []  # no "mysql:" folder, no database file
    assert not private_data_dir.exists() or not list(private_data_dir.glob("*.cxdb"))


def test_the_app_opens_a_team_workspace(
    postgres_url: str, tmp_path: Path, private_data_dir: Path
) -> None:
    """An empty database becomes a workspace with the demo engagement; the window shows
    it (the run ends once it is ready) and nothing is made in the current folder."""
    here = tmp_path / "here"
    here.mkdir()
    result = _run_app(postgres_url, here, private_data_dir, CXDESK_BENCHMARK_EXIT="1")
    assert result.returncode == 0, result.stderr
    assert "CXDESK-BENCHMARK ready" in result.stdout
    assert "Traceback" not in result.stderr
    assert _listing(here) == []
    with open_database(postgres_url) as db:
        from cxdesk.store.workspace import list_clients

        names = [e.name for _client, engagements in list_clients(db) for e in engagements]
    assert names == [DEMO_ENGAGEMENT]


def test_the_app_says_why_a_server_refused(
    postgres_server: PostgresServer, tmp_path: Path, private_data_dir: Path
) -> None:
    postgres_server.execute(f"CREATE ROLE ana LOGIN PASSWORD 'right{PASSWORD}'")
    try:
        url = f"postgresql+psycopg://ana:{PASSWORD}@/postgres?host={postgres_server.socket_dir}"
        result = _run_app(url, tmp_path, private_data_dir)
    finally:
        postgres_server.execute("DROP ROLE ana")
    assert result.returncode == 2
    assert "did not accept the password of “ana”" in result.stderr
    assert "CX Desk cannot open “postgres on this computer”" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    log = (private_data_dir / "cxdesk.log").read_text(encoding="utf-8")
    assert PASSWORD not in log


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_export_refuses_another_kind_of_url(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code = main(["--db", url, "--blank", "--out", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert SENTENCE in err
    assert PASSWORD not in err
    assert _listing(here) == []
    assert not (tmp_path / "out.pdf").exists()


def test_export_writes_a_team_workspaces_toolkit(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_database(postgres_url) as db:
        add_demo_engagement(db)
    out = tmp_path / "toolkit.pdf"
    code = main(["--db", postgres_url, "--engagement", DEMO_ENGAGEMENT, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    assert f"Wrote {out}" in captured.out
    assert out.read_bytes().startswith(b"%PDF")


def test_export_reads_a_team_workspace_named_by_a_service_file(
    postgres_url: str,
    postgres_server: PostgresServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's postgresql+psycopg:///?service=cx: libpq reads where from the
    service file (the address names no database)."""
    from sqlalchemy import make_url

    services = tmp_path / "pg_service.conf"
    database = make_url(postgres_url).database
    services.write_text(
        f"[cx]\nhost={postgres_server.socket_dir}\ndbname={database}\nuser=postgres\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with open_database(postgres_url) as db:
        add_demo_engagement(db)
    out = tmp_path / "toolkit.pdf"
    url = "postgresql+psycopg:///?service=cx"
    code = main(["--db", url, "--engagement", DEMO_ENGAGEMENT, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    assert out.read_bytes().startswith(b"%PDF")
    with open_database(url) as db:
        assert db.display_name == "service “cx”"


def test_export_makes_no_workspace_in_an_empty_database(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", postgres_url, "--blank", "--out", str(tmp_path / "t.pdf")])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert "holds no CX Desk workspace yet" in err
    assert not (tmp_path / "t.pdf").exists()
    import psycopg

    with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql")) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)


def test_export_says_why_a_server_refused(
    postgres_server: PostgresServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://ana:{PASSWORD}@/postgres?host={postgres_server.socket_dir}"
    code = main(["--db", url, "--blank", "--out", str(tmp_path / "t.pdf")])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert "did not accept the password of “ana”" in err  # no such role: the same words
    assert "The database has not been changed." in err
    assert PASSWORD not in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg://ana:s3cret@db:port/cx", "not a database address CX Desk can read"),
        ("postgresql+psycopg://ana:s3cret@db", "names no database"),
    ],
)
def test_a_malformed_address_is_refused_without_its_password(url: str, words: str) -> None:
    with pytest.raises(DatabaseRefused) as refused:
        open_database(url)
    assert refused.value.reason is RefusalReason.SERVER_URL
    assert words in refused.value.message
    assert PASSWORD not in refused.value.message
    assert PASSWORD not in str(refused.value)


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://cx:s3cret@db.example.com:5432/cxdesk", *REFUSED_URLS]
)
def test_the_store_refuses_a_url_made_a_path(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller that made the address a Path (which folds its "//") is refused in words
    by open_database, and nothing is created."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseRefused) as refused:
        open_database(Path(url))
    assert refused.value.reason is RefusalReason.SERVER_URL
    assert "must be given as text" in refused.value.message
    assert "Nothing was created" in refused.value.message
    assert PASSWORD not in refused.value.message
    assert _listing(tmp_path) == [] or _listing(tmp_path) == ["cxdesk-data"]


@pytest.mark.parametrize(
    "path", ["workspace.cxdb", "C:/Users/ana/workspace.cxdb", "/tmp/a:b/x.cxdb", "data/x.cxdb"]
)
def test_paths_are_still_paths(path: str) -> None:
    assert not is_database_url(path)


@pytest.mark.parametrize(
    ("libpq_says", "words"),
    [
        (
            "failed to resolve host 'db.example.com': [Errno -2] Name or service not known",
            "No server called “db.example.com” could be found",
        ),
        (
            'connection to server at "10.0.0.9", port 5432 failed: received invalid response '
            "to SSL negotiation: H",
            "What answers at db.example.com port 5432 is not a PostgreSQL server",
        ),
    ],
)
def test_a_server_that_is_not_found_or_not_postgresql_is_told_so(
    libpq_says: str, words: str
) -> None:
    """Both were told as an SSL failure or a timeout ('could not be reached within 5
    seconds'), though libpq knew at once what was wrong."""
    import psycopg

    from cxdesk.store.server_database import connection_refusal, parse_url

    _reason, detail = connection_refusal(
        psycopg.OperationalError(libpq_says), parse_url("postgresql://ana@db.example.com/cx")
    )
    assert words in detail
