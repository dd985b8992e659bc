"""``cxdesk export``: what a person can get wrong ends in one clear message and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.cli_export import (
    EXIT_OK,
    EXIT_REFUSED,
    ExportProblem,
    main,
    match_engagement,
    safe_file_name,
    toolkit_file_name,
)
from cxdesk.models.records import ClientRecord, EngagementRecord
from cxdesk.reports.sections import SECTIONS
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement

LIGHT = "cover,kickoff,feedback,escalation"  # sections that print without helper data


def export(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_db(db: Database, db_path: Path) -> Path:
    """A closed database holding the demo engagement (the command opens it itself)."""
    add_demo_engagement(db)
    client = workspace.add_client(db, "Northwind Traders")
    workspace.add_engagement(db, client.id, "Customer portal audit")
    db.close()
    return db_path


def test_list_sections(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = export("--list-sections", capsys=capsys)
    assert code == EXIT_OK
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [spec.key for spec in SECTIONS]
    assert "needs an engagement" in out


def test_writes_the_chosen_sections(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "toolkit.pdf"
    target.parent.mkdir()
    code, out, err = export(
        "--db", str(demo_db), "--engagement", DEMO_ENGAGEMENT, "--out", str(target),
        "--sections", "escalation,cover", "-s", "kickoff", capsys=capsys,
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    pages = len(PdfReader(target).pages)
    assert out == f"Wrote {target} ({pages} pages)\n"
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    # Toolkit order, whatever the order asked in.
    positions = [text.index(t) for t in ("Kickoff expectation alignment", "escalation ladder")]
    assert positions == sorted(positions)
    assert DEMO_CLIENT in text
    assert "Expectation matrix" not in text
    assert sorted(p.name for p in target.parent.iterdir()) == ["toolkit.pdf"]


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        (DEMO_ENGAGEMENT.upper(), DEMO_ENGAGEMENT),
        (f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}", DEMO_ENGAGEMENT),
        ("portal rollout", DEMO_ENGAGEMENT),
        ("audit", "Customer portal audit"),
        ("northwind", "Customer portal audit"),
    ],
)
def test_engagement_by_name(wanted: str, found: str) -> None:
    candidates = [
        (ClientRecord(1, DEMO_CLIENT), EngagementRecord(7, 1, DEMO_ENGAGEMENT, "kickoff", None)),
        (
            ClientRecord(2, "Northwind Traders"),
            EngagementRecord(9, 2, "Customer portal audit", "kickoff", None),
        ),
    ]
    assert match_engagement(candidates, wanted)[1].name == found
    assert match_engagement(candidates, "9")[1].id == 9


def test_engagement_by_id(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = export(
        "--db", str(demo_db), "-e", "1", "-o", str(tmp_path / "one"), "-s", "cover",
        capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_OK
    assert (tmp_path / "one.pdf").exists()  # a bare name gets ".pdf"
    assert "(1 page)" in out


def test_unknown_engagement_lists_the_candidates(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.pdf"
    code, out, err = export(
        "--db", str(demo_db), "--engagement", "Warehouse move", "--out", str(target),
        capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_REFUSED
    assert out == ""
    assert "No engagement matches “Warehouse move”" in err
    assert f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}" in err
    assert "Northwind Traders / Customer portal audit" in err
    assert not target.exists()


def test_ambiguous_engagement_lists_the_matches(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = export(
        "--db", str(demo_db), "--engagement", "customer portal", "--out",
        str(tmp_path / "x.pdf"), capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_REFUSED
    assert "matches 2 engagements" in err
    assert DEMO_ENGAGEMENT in err
    assert "Customer portal audit" in err


def test_no_engagement_named(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = export("--db", str(demo_db), "--out", str(tmp_path / "x.pdf"), capsys=capsys)
    assert code == EXIT_REFUSED
    assert "--engagement NAME_OR_ID" in err
    assert "--blank" in err
    assert DEMO_ENGAGEMENT in err


def test_bad_section_name_lists_the_known(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = export(
        "--db", str(demo_db), "-e", DEMO_ENGAGEMENT, "-o", str(tmp_path / "x.pdf"),
        "--sections", "cover,budget", capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_REFUSED
    assert "Unknown section: budget" in err
    assert "Known sections: " + ", ".join(s.key for s in SECTIONS) in err
    assert not (tmp_path / "x.pdf").exists()


def test_blank_and_engagement_together(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = export(
        "--db", str(demo_db), "--blank", "-e", DEMO_ENGAGEMENT, "-o", str(tmp_path / "x.pdf"),
        capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_REFUSED
    assert "not both" in err


def test_blank_with_a_section_that_needs_an_engagement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = export(
        "--blank", "-o", str(tmp_path / "x.pdf"), "-s", "kickoff,matrix,rater", capsys=capsys
    )
    assert code == EXIT_REFUSED
    assert "matrix, rater need an engagement's data" in err
    assert "kickoff" in err  # what can print blank is listed


def test_blank_templates_need_no_database(
    tmp_path: Path, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blank.pdf"
    code, out, err = export("--blank", "-o", str(target), "-s", LIGHT, capsys=capsys)
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith(f"Wrote {target} (")
    # No database was created for it: the default brand printed.
    assert not list(private_data_dir.glob("*.cxdb"))
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Your consultancy" in text


def test_page_size_override(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for size, points in (("Letter", (612, 792)), ("a4", (595, 842))):
        target = tmp_path / f"{size}.pdf"
        code, _, _ = export(
            "--db", str(demo_db), "--blank", "-o", str(target), "-s", LIGHT,
            "--page-size", size, capsys=capsys,
        )  # fmt: skip
        assert code == EXIT_OK
        for page in PdfReader(target).pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == points


def test_out_folder_gets_the_default_name(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, _, _ = export(
        "--db", str(demo_db), "-e", DEMO_ENGAGEMENT, "-o", str(folder), "-s", "cover",
        capsys=capsys,
    )  # fmt: skip
    assert code == EXIT_OK
    expected = f"{DEMO_CLIENT} – {DEMO_ENGAGEMENT} – Expectation Management Toolkit.pdf"
    assert [p.name for p in folder.iterdir()] == [expected]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/x.pdf", "does not exist"),
        ("a-file/x.pdf", "is not a folder"),
        ("a-folder-named.pdf", None),  # a folder: the default name goes inside it
    ],
)
def test_unwritable_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str | None
) -> None:
    (tmp_path / "a-file").write_text("notes")
    (tmp_path / "a-folder-named.pdf").mkdir()
    code, _, err = export("--blank", "-o", str(tmp_path / where), "-s", "cover", capsys=capsys)
    if message is None:
        assert code == EXIT_OK
        assert len(list((tmp_path / "a-folder-named.pdf").iterdir())) == 1
    else:
        assert code == EXIT_REFUSED
        assert message in err
        assert err.startswith("cxdesk export: Cannot write ")


def test_write_failure_at_the_end_is_worded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk import atomic_files

    def full_disk(*_args: object, **_kwargs: object) -> tuple[int, Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_files, "_create_temp", full_disk)
    code, _, err = export("--blank", "-o", str(tmp_path / "x.pdf"), "-s", "cover", capsys=capsys)
    assert code == EXIT_REFUSED
    assert "No space left on device" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "cxdesk-data"] or not list(tmp_path.iterdir())


def test_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.cxdb"
    code, _, err = export(
        "--db", str(missing), "-e", "1", "-o", str(tmp_path / "x.pdf"), capsys=capsys
    )
    assert code == EXIT_REFUSED
    assert "There is no CX Desk database at" in err
    assert not missing.exists()  # not created by asking


def test_foreign_file_refused_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "notes.cxdb"
    foreign.write_bytes(b"Quarterly report\nnot a database\n")
    code, _, err = export(
        "--db", str(foreign), "-e", "1", "-o", str(tmp_path / "x.pdf"), capsys=capsys
    )
    assert code == EXIT_REFUSED
    assert "not a database at all" in err
    assert "has not been changed" in err
    assert foreign.read_bytes() == b"Quarterly report\nnot a database\n"


def test_database_open_in_the_app_is_refused(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_demo_engagement(db)  # ``db`` stays open: it holds the lock, as a running app does
    code, _, err = export(
        "--db", str(db_path), "-e", DEMO_ENGAGEMENT, "-o", str(tmp_path / "x.pdf"), capsys=capsys
    )
    assert code == EXIT_REFUSED
    assert "already open in another CX Desk window" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = export("--page-size", "A3", "--blank", capsys=capsys)
    assert code == 2
    assert "invalid choice" in err
    code, _, err = export("--blank", capsys=capsys)
    assert code == EXIT_REFUSED
    assert "--out FILE.pdf" in err


def test_default_file_names() -> None:
    client = ClientRecord(1, 'R&D <core>: "Zoë" / Łukasiewicz?')
    engagement = EngagementRecord(2, 1, "Phase 2\\3 | pilot*\x07", "kickoff", None)
    name = toolkit_file_name(client, engagement)
    assert name == (
        "R&D core Zoë Łukasiewicz – Phase 2 3 pilot – Expectation Management Toolkit.pdf"
    )
    assert toolkit_file_name(None, None) == "Expectation Management Toolkit – blank templates.pdf"
    long = toolkit_file_name(
        ClientRecord(1, "Ελένη " * 80), EngagementRecord(2, 1, "a" * 300, "", None)
    )
    assert len(long.encode("utf-8")) <= 210
    assert long.endswith(".pdf")
    assert "Ελένη" in long
    assert "aaaa" in long  # a long client name still leaves room for the engagement
    assert safe_file_name("...") == "Expectation Management Toolkit.pdf"
    assert safe_file_name(" CON. ") == "CON.pdf"


def test_match_refuses_an_empty_name() -> None:
    with pytest.raises(ExportProblem, match="empty"):
        match_engagement([], "  ")


def test_the_command_runs_without_qt(tmp_path: Path, private_data_dir: Path) -> None:
    """``python -m cxdesk export`` (a subprocess, as a script would run it) imports no Qt."""
    target = tmp_path / "blank.pdf"
    code = (
        "import sys\n"
        "from cxdesk.app import main\n"
        f"rc = main(['export', '--blank', '--out', {str(target)!r}, '--sections', 'cover'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ, CXDESK_DATA_DIR=str(private_data_dir))
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {target} (1 page)")
    failed = subprocess.run(
        [sys.executable, "-m", "cxdesk", "export", "--blank", "-s", "matrix", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert failed.returncode == EXIT_REFUSED
    assert failed.stderr.startswith("cxdesk export: matrix needs an engagement's data")


def test_a_long_list_of_candidates_is_cut() -> None:
    candidates = [
        (ClientRecord(n, f"Client {n}"), EngagementRecord(n, n, f"Rollout {n}", "kickoff", None))
        for n in range(1, 61)
    ]
    with pytest.raises(ExportProblem) as refused:
        match_engagement(candidates, "Warehouse")
    assert "Client 40 / Rollout 40" in refused.value.message
    assert "Client 41 / Rollout 41" not in refused.value.message
    assert "… and 20 more" in refused.value.message
