"""``cxdesk export`` and the blank templates: the kickoff's row count and the worksheets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.cli_export import EXIT_OK, EXIT_REFUSED, main
from cxdesk.reports.sections import SECTIONS
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement


def export(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expectation_rows(path: Path) -> int:
    names = PdfReader(path).get_fields() or {}
    return len([n for n in names if n.startswith("kickoff.expectation.") and n.endswith(".owner")])


@pytest.mark.parametrize(("given", "rows"), [((), 12), (("--kickoff-rows", "20"), 20)])
def test_the_kickoff_rows_are_chosen_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: tuple[str, ...], rows: int
) -> None:
    target = tmp_path / "kickoff.pdf"
    code, out, err = export(
        "--blank", "--db", str(tmp_path / "none.sqlite"), "-s", "kickoff", "-o", str(target),
        *given, capsys=capsys,
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith(f"Wrote {target}")
    assert expectation_rows(target) == rows


@pytest.mark.parametrize("value", ["0", "61", "-4", "twelve", "12.5", "", "9" * 5000])
def test_a_bad_row_count_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    target = tmp_path / "kickoff.pdf"
    code, out, err = export(
        "--blank", "-s", "kickoff", "-o", str(target), "--kickoff-rows", value, capsys=capsys
    )
    assert code == EXIT_REFUSED
    assert out == ""
    assert "argument --kickoff-rows: The kickoff template" in err
    assert "1 to 60" in err
    assert "Traceback" not in err
    assert len(err) < 800  # the usage line and one sentence, not a 5,000-digit echo
    assert not target.exists()


def test_the_command_refuses_a_bad_row_count_without_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "kickoff.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "cxdesk", "export", "--blank", "-s", "kickoff",
         "--kickoff-rows", "lots", "-o", str(target)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == EXIT_REFUSED
    assert "must be a whole number from 1 to 60, not “lots”" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()


WORKSHEETS = [spec.key for spec in SECTIONS if spec.worksheet]
TITLES = [spec.title for spec in SECTIONS if spec.worksheet]


def outline(path: Path) -> list[str]:
    return [e.title for e in PdfReader(path).outline if not isinstance(e, list)]


def test_the_worksheets_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = export("--list-sections", capsys=capsys)
    assert code == EXIT_OK
    listed = {line.split()[0]: line for line in out.splitlines()}
    for key in WORKSHEETS:
        assert "blank worksheet; in an engagement's toolkit when named" in listed[key]


def test_the_blank_templates_have_the_worksheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blank.pdf"
    code, _, err = export(
        "--blank", "--db", str(tmp_path / "none.sqlite"), "-o", str(target), capsys=capsys
    )
    assert (code, err) == (EXIT_OK, "")
    assert all(title in outline(target) for title in TITLES)


def test_an_engagement_gets_a_worksheet_when_it_is_named(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_demo_engagement(db)
    db.close()
    everything = tmp_path / "toolkit.pdf"
    code, _, err = export(
        "--db", str(db_path), "-e", DEMO_ENGAGEMENT, "-o", str(everything), capsys=capsys
    )
    assert (code, err) == (EXIT_OK, "")
    assert not any(title in outline(everything) for title in TITLES)
    named = tmp_path / "sheets.pdf"
    code, _, err = export(
        "--db", str(db_path), "-e", DEMO_ENGAGEMENT, "-s", ",".join(reversed(WORKSHEETS)),
        "-o", str(named), capsys=capsys,
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert outline(named) == TITLES  # in toolkit order
    assert DEMO_CLIENT in PdfReader(named).pages[0].extract_text()  # the page's header band
