"""Every file CX Desk writes for the person follows the umask.

The exports were written through ``tempfile.mkstemp`` (always 0600) and renamed, so a
PDF, a .cxdesk file, a spreadsheet or a quiz file came out owner-only whatever the
umask: colleagues on a shared machine or folder could not open them. Each export is
made here under umask 022 and 077 and must get 0644 and 0600, over an older owner-only
file too; a failed or cancelled write leaves the target as it was and no temporary file.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxdesk import atomic_files
from cxdesk.atomic_files import atomic_file, atomic_path, write_atomically
from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.store import engagement_file, expectations, quizzes, workspace
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database
from cxdesk.store.toolkit import load_toolkit_data

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for the test; the old one comes back after it."""
    old = os.umask(0o022)
    os.umask(old)

    def set_umask(value: int) -> None:
        os.umask(value)

    yield set_umask
    os.umask(old)


@pytest.fixture
def engagement_id(db: Database) -> int:
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja")
    expectations.add_item(db, engagement.id, None, expects="Morning re-keying", needs="Speed")
    return engagement.id


def _pdf(db: Database, engagement_id: int, target: Path) -> None:
    from cxdesk.reports.document import build_toolkit

    build_toolkit(load_toolkit_data(db, engagement_id), DEFAULT_BRAND, target, sections=["matrix"])


def _cxdesk(db: Database, engagement_id: int, target: Path) -> None:
    engagement_file.export_engagement(db.path, engagement_id, target)


def _workspace_file(db: Database, _engagement_id: int, target: Path) -> None:
    engagement_file.export_workspace(db.path, target)


def _xlsx(db: Database, engagement_id: int, target: Path) -> None:
    sp.write_xlsx(sp.load_sheets(db, engagement_id), target)


def _csv(db: Database, engagement_id: int, target: Path) -> None:
    sp.write_csv(sp.load_sheets(db, engagement_id)[0], target)


def _quiz_json(db: Database, _engagement_id: int, target: Path) -> None:
    """The quiz library's Export button, through its own code (the dialog answered)."""
    from PySide6.QtWidgets import QFileDialog, QWidget

    from cxdesk.ui.quiz.quiz_files_ui import QuizFiles

    built_in = quizzes.ensure_built_in_quiz(db)
    parent = QWidget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
        assert QuizFiles(parent).choose_and_export(db, built_in) == target
    parent.deleteLater()


EXPORTS = {
    "toolkit.pdf": _pdf,
    "engagement.cxdesk": _cxdesk,
    "workspace.cxdesk": _workspace_file,
    "sheets.xlsx": _xlsx,
    "matrix.csv": _csv,
    "quiz.json": _quiz_json,
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_every_export_gets_the_mode_the_umask_gives(
    name: str,
    mask: int,
    expected: int,
    db: Database,
    engagement_id: int,
    tmp_path: Path,
    umask: Callable[[int], None],
    qapp: object,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    fresh, over_old = folder / name, folder / f"again-{name}"
    over_old.write_bytes(b"an export made by an older CX Desk")
    over_old.chmod(0o600)
    umask(mask)

    EXPORTS[name](db, engagement_id, fresh)
    EXPORTS[name](db, engagement_id, over_old)

    assert oct(_mode(fresh)) == oct(expected)
    # Exporting again over an owner-only file from before the fix gives it the normal mode.
    assert oct(_mode(over_old)) == oct(expected)
    assert over_old.read_bytes() != b"an export made by an older CX Desk"
    assert sorted(p.name for p in folder.iterdir()) == sorted([fresh.name, over_old.name])


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_cancelled_pdf_leaves_the_old_file_and_no_temporary_one(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    from cxdesk.reports.document import ExportCancelled, build_toolkit

    target = tmp_path / "out" / "toolkit.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the earlier toolkit")
    progress: list[int] = []
    with pytest.raises(ExportCancelled):
        build_toolkit(
            load_toolkit_data(db, engagement_id),
            DEFAULT_BRAND,
            target,
            sections=["cover", "matrix"],
            progress=lambda done, _total, _title: progress.append(done),
            cancelled=lambda: len(progress) >= 2,  # once the first section was laid out
        )
    assert progress[:2] == [0, 1]  # the PDF was being written when it was cancelled
    assert target.read_bytes() == b"the earlier toolkit"
    assert _only(target.parent) == ["toolkit.pdf"]


def test_a_failed_engagement_file_leaves_no_temporary_file(
    db: Database, engagement_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "engagement.cxdesk"
    target.parent.mkdir()

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("zipfile.ZipFile.writestr", full_disk)
    with pytest.raises(OSError, match="No space left"):
        engagement_file.export_engagement(db.path, engagement_id, target)
    assert _only(target.parent) == []


@pytest.mark.parametrize("how", ["file", "path"])
def test_an_exception_while_writing_removes_the_temporary_file(tmp_path: Path, how: str) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"kept")
    seen: list[Path] = []

    def write_half() -> None:
        if how == "file":
            with atomic_file(target) as out:
                out.write(b"half")
                seen.extend(p for p in tmp_path.iterdir() if p != target)
                raise KeyboardInterrupt  # Ctrl+C, a cancel: any exception at all
        with atomic_path(target) as temp:
            temp.write_bytes(b"half")
            seen.append(temp)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_half()
    # The temporary file was beside the target (a rename, never a copy across disks)...
    assert seen[0].parent == tmp_path
    assert seen[0].name.startswith(".report.csv.")
    assert seen[0].name.endswith(atomic_files.TEMP_SUFFIX)
    # ... and is gone; the target is untouched.
    assert _only(tmp_path) == ["report.csv"]
    assert target.read_bytes() == b"kept"


def test_a_library_that_writes_by_name_keeps_the_mode(
    tmp_path: Path, umask: Callable[[int], None]
) -> None:
    umask(0o027)
    with atomic_path(tmp_path / "book.xlsx") as temp, temp.open("wb") as f:
        f.write(b"PK")  # as openpyxl and ReportLab do: open by name, truncate and write
    assert oct(_mode(tmp_path / "book.xlsx")) == oct(0o640)
    assert write_atomically(tmp_path / "a.json", b"{}") == tmp_path / "a.json"
    assert oct(_mode(tmp_path / "a.json")) == oct(0o640)
