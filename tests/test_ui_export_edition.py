"""File > Export toolkit…: the edition (for the client, or internal) and its two ticks,
remembered per engagement, and the same PDF as ``cxdesk export`` for the same choice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from cxdesk.cli_export import EXIT_OK
from cxdesk.cli_export import main as command_line
from cxdesk.models.edition import INTERNAL_MARK, Edition, EditionChoice
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.ui.export_dialog import ExportDialog
from cxdesk.ui.main_window import MainWindow

OTHER = "Portal audit"


@pytest.fixture
def window_engagement(db: Database) -> int:
    """The demo engagement in front, and another engagement beside it."""
    demo = add_demo_engagement(db)
    client = workspace.add_client(db, "Northwind Traders")
    workspace.add_engagement(db, client.id, OTHER)
    return demo


def open_export(window: MainWindow, qtbot: QtBot) -> ExportDialog:
    window.export_toolkit()
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def export(window: MainWindow, qtbot: QtBot, dialog: ExportDialog, target: Path) -> None:
    dialog.path.setText(str(target))
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        click(qtbot, dialog.ok)
    assert done.args[0] is not None, window.exporter.last_error


def shown(dialog: ExportDialog) -> tuple[str, bool, bool, bool]:
    """The edition, both ticks and whether the ticks can be changed, as on the screen."""
    edition = "internal" if dialog.internal.isChecked() else "client"
    assert dialog.for_client.isChecked() != dialog.internal.isChecked()
    rows, team = dialog.participant_rows, dialog.team_vs_client
    assert rows.isEnabled() == team.isEnabled()
    return edition, rows.isChecked(), team.isChecked(), rows.isEnabled()


def close(dialog: ExportDialog, qtbot: QtBot) -> None:
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_edition_is_remembered_per_engagement(
    window: MainWindow, qtbot: QtBot, db: Database, tmp_path: Path, window_engagement: int
) -> None:
    dialog = open_export(window, qtbot)
    assert shown(dialog) == ("client", False, False, True)  # the default: for the client
    assert dialog.path.text().endswith("Expectation Management Toolkit.pdf")
    click(qtbot, dialog.participant_rows)
    click(qtbot, dialog.internal)
    assert shown(dialog) == ("internal", True, False, False)  # everything: nothing to tick
    assert dialog.path.text().endswith("Expectation Management Toolkit (internal).pdf")
    target = tmp_path / "ours.pdf"
    export(window, qtbot, dialog, target)
    pages = [page.extract_text() or "" for page in PdfReader(target).pages]
    assert all(INTERNAL_MARK in page for page in pages)

    again = open_export(window, qtbot)
    assert again is not dialog
    assert shown(again) == ("internal", True, False, False)
    close(again, qtbot)

    assert window.navigator is not None
    other = next(e for _c, es in workspace.list_clients(db) for e in es if e.name == OTHER)
    assert window.navigator.select_engagement(other.id)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == other.id)
    elsewhere = open_export(window, qtbot)
    assert shown(elsewhere) == ("client", False, False, True)
    click(qtbot, elsewhere.team_vs_client)
    close(elsewhere, qtbot)  # cancelled: nothing remembered for it

    assert window.navigator.select_engagement(window_engagement)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == window_engagement)
    back = open_export(window, qtbot)
    assert shown(back) == ("internal", True, False, False)
    click(qtbot, back.for_client)  # the ticks come back as they were left
    assert shown(back) == ("client", True, False, True)
    export(window, qtbot, back, tmp_path / "theirs.pdf")
    assert window.navigator.select_engagement(other.id)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == other.id)
    assert shown(open_export(window, qtbot)) == ("client", False, False, True)


def test_blank_templates_have_no_edition(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, window_engagement: int
) -> None:
    dialog = open_export(window, qtbot)
    click(qtbot, dialog.internal)
    click(qtbot, dialog.blank)
    assert not dialog.edition_box.isEnabled()
    assert "no edition" in dialog.edition_box.toolTip()
    assert dialog.path.text().endswith("Expectation Management Toolkit – blank templates.pdf")
    export(window, qtbot, dialog, tmp_path / "blank.pdf")
    text = " ".join(page.extract_text() or "" for page in PdfReader(tmp_path / "blank.pdf").pages)
    assert INTERNAL_MARK not in text
    # A blank export says nothing about the engagement's edition.
    assert shown(open_export(window, qtbot))[0] == "client"


def normalised(path: Path) -> bytes:
    """The PDF without what differs between two runs of the same build: its creation and
    modification dates and its file identifier."""
    data = path.read_bytes()
    data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 (D:0)", data)
    return re.sub(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", b"/ID [<0><0>]", data)


@pytest.mark.parametrize(
    "choice",
    [
        EditionChoice(),
        EditionChoice(participant_rows=True, team_vs_client=True),
        EditionChoice(Edition.INTERNAL),
    ],
    ids=["client", "client-ticked", "internal"],
)
def test_the_dialog_and_the_command_line_write_the_same_pdf(
    db: Database,
    db_path: Path,
    open_window: Callable[[Database], Any],
    qtbot: QtBot,
    tmp_path: Path,
    choice: EditionChoice,
) -> None:
    add_demo_engagement(db)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    dialog = open_export(window, qtbot)
    if choice.participant_rows:
        click(qtbot, dialog.participant_rows)
    if choice.team_vs_client:
        click(qtbot, dialog.team_vs_client)
    if choice.is_internal:
        click(qtbot, dialog.internal)
    assert dialog.choice().edition == choice
    from_dialog = tmp_path / "dialog.pdf"
    export(window, qtbot, dialog, from_dialog)
    window.close()  # and with it the database: the command opens the file itself
    qtbot.waitUntil(lambda: not window.isVisible())

    args = ["--edition", choice.edition.value]
    args += ["--participant-rows"] * choice.participant_rows
    args += ["--team-vs-client"] * choice.team_vs_client
    from_command = tmp_path / "command.pdf"
    code = command_line(
        [
            "--db",
            str(db_path),
            "-e",
            f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}",
            "-o",
            str(from_command),
            *args,
        ]
    )
    assert code == EXIT_OK
    assert normalised(from_dialog) == normalised(from_command)


def test_a_remembered_edition_is_used_only_for_its_own_engagement(tmp_path: Path) -> None:
    """Settings hand-edited or from another engagement that got the same id (SQLite gives
    the highest id again once its engagement is deleted) fall back to the client edition."""
    from PySide6.QtCore import QSettings

    from cxdesk.models.records import EngagementRecord
    from cxdesk.ui.edition_memory import EditionMemory

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    memory = EditionMemory(settings, tmp_path / "a.cxdb")
    gone = EngagementRecord(7, 1, "Rollout", "implementation", None)
    internal = EditionChoice(Edition.INTERNAL, participant_rows=True)
    memory.remember(gone, internal)
    assert memory.recall(gone) == internal
    assert EditionMemory(settings, tmp_path / "b.cxdb").recall(gone) == EditionChoice()
    successor = EngagementRecord(7, 1, "Audit", "implementation", None)
    assert memory.recall(successor) == EditionChoice()
    for stored in ("{", "[]", '{"engagement": "Rollout", "edition": "secret"}', 42):
        settings.setValue(f"toolkit-edition/{memory._workspace}-7", stored)
        assert memory.recall(gone) == EditionChoice(), stored
