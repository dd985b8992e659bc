"""The toolkit's closing-the-loop sections: "Actions and owners" (open and overdue first),
"You said, we did", the "Issue log" (by rung) and "Small wins", chosen like the other
sections on the command line and in the export dialog; hostile and non-Latin text
prints as typed; the client edition leaves out what is ours; long text splits."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.cli_export import main
from cxdesk.models.actions import ActionStatus, OwnerSide
from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.edition import CLIENT_EDITION, INTERNAL_EDITION, EditionChoice
from cxdesk.models.escalation import EscalationLevel
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.sections import SECTIONS
from cxdesk.reports.sections.issue_log import by_rung
from cxdesk.store import actions, escalation, issues, loop_log
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data
from cxdesk.ui.main_window import MainWindow
from tests.loop_rows import HOSTILE, add_loop_rows

TODAY = date(2026, 3, 2)
LOOP_KEYS = ["actions", "you-said-we-did", "issue-log", "small-wins"]
TITLES = ["Actions and owners", "You said, we did", "Issue log", "Small wins"]


def squashed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pypdf_text(pdf: Path) -> str:
    return squashed(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages))


def pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    return squashed(done.stdout.decode("utf-8"))


def export(db: Database, engagement_id: int, out: Path, edition: EditionChoice) -> str:
    data = load_toolkit_data(db, engagement_id, TODAY, edition=edition)
    build_toolkit(data, DEFAULT_BRAND, out, sections=LOOP_KEYS)
    return pdftotext(out)


def test_the_four_sections_are_in_the_registry_for_an_engagement() -> None:
    specs = {spec.key: spec for spec in SECTIONS}
    assert [specs[key].title for key in LOOP_KEYS] == TITLES
    assert all(specs[key].needs_engagement and not specs[key].worksheet for key in LOOP_KEYS)
    keys = [spec.key for spec in SECTIONS]
    assert keys.index("action-log") < keys.index("actions") < keys.index("quadrant")


def test_the_demo_engagement_prints_its_loop(db: Database, tmp_path: Path) -> None:
    engagement = add_demo_engagement(db, TODAY)
    rows = add_loop_rows(db, engagement, TODAY)
    text = export(db, engagement, tmp_path / "demo.pdf", INTERNAL_EDITION)
    history = pypdf_text(tmp_path / "demo.pdf")  # pdftotext reads the columns side by side
    for title in TITLES:
        assert title in text
    # An action: owner and side, due, overdue, status, cause, its gap, what was done.
    assert "Add the PO number" in text
    assert "Send the sponsor a one-page summary" in text
    assert "Knowledge gap (cognition)" in text
    assert "Gap: Expectation: Ελένη Παπαδοπούλου" in text
    assert "Gap: Deleted after its action" in text or "Deleted after its action (deleted)" in text
    assert "From the issue: Invoices lack the PO number" in text
    assert "Did it work?" in text
    assert "Our team" in text
    assert "Client" in text
    # The issue log: the rung, days on it, too long, the dated history.
    assert "Invoices lack the PO number" in text
    assert "Raised by Ben (Our team) on 16 Feb 2026" in text
    assert "16 Feb 2026 · Raised · Level 2: Engagement manager" in history
    assert "days on the rung" in text
    assert "Too long:" in text
    # "You said, we did" and the wins, with what they are about.
    assert "Not answered yet: we are on it." in text
    assert "Pilot live on time" in text
    assert "Touchpoint: Go-live" in text
    assert len(rows.actions) == 10


def test_hostile_and_non_latin_text_prints_as_typed(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    add_loop_rows(db, engagement_id, TODAY)
    out = tmp_path / "hostile.pdf"
    text = export(db, engagement_id, out, INTERNAL_EDITION)
    extracted = pypdf_text(out)
    for words in HOSTILE[:5]:
        assert words in text, words
    assert "line one line two line three" in text
    assert "@SUM(1+1) and +1 and -1" in text
    assert "顧客の声" in extracted  # a fallback font; Hebrew drawn right to left
    assert "Kick-off 顧客" in extracted
    assert "<core>" in text
    assert "&amp;" not in text


def test_actions_print_open_and_overdue_first(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    def add(title: str, due: date | None, status: ActionStatus = ActionStatus.OPEN) -> None:
        row = actions.add_action(db, engagement_id, title, due_on=due, owner_name="Ana")
        if status is not ActionStatus.OPEN:
            actions.set_status(db, row.id, status)

    add("Done long ago", date(2026, 1, 1), ActionStatus.DONE)
    add("Open without a date", None)
    add("Late by two days", date(2026, 2, 28))
    add("Due next week", date(2026, 3, 9))
    add("Late by a week", date(2026, 2, 23), ActionStatus.IN_PROGRESS)
    add("Dropped", date(2026, 2, 1), ActionStatus.DROPPED)
    text = export(db, engagement_id, tmp_path / "order.pdf", CLIENT_EDITION)
    assert "4 open actions · 2 overdue, as of 2 March 2026." in text
    # Read in the page's order (pdftotext's reading order takes the bands out of it).
    printed = pypdf_text(tmp_path / "order.pdf")
    table = printed[printed.index("as of 2 March 2026.") :]
    order = [
        "Overdue",
        "Late by a week",
        "Late by two days",
        "Open and in progress",
        "Due next week",
        "Open without a date",
        "Done and dropped",
        "Done long ago",
        "Dropped",
    ]
    places = [table.index(title) for title in order]
    assert places == sorted(places)
    assert "7 days overdue" in text
    assert "2 days overdue" in text
    assert "Did it work?" not in text  # a typed action has no gap to measure


def test_the_issue_log_prints_by_rung(db: Database, engagement_id: int, tmp_path: Path) -> None:
    def raise_on(title: str, rung: int, on: date) -> int:
        ladder = list(_ladder(db, engagement_id))
        return issues.raise_issue(db, engagement_id, title, on, rung=ladder[rung].id).id

    low = raise_on("On the first rung", 0, date(2026, 2, 20))
    raise_on("On the third rung", 2, date(2026, 3, 1))
    raise_on("Second rung, longest there", 1, date(2026, 2, 10))
    raise_on("Second rung, newer", 1, date(2026, 2, 27))
    gone = raise_on("Resolved one", 3, date(2026, 2, 1))
    issues.resolve_issue(db, gone, date(2026, 2, 2), "Fixed the feed")
    issues.escalate_issue(db, low, date(2026, 2, 21), note="Nobody answered")
    issues.escalate_issue(db, low, date(2026, 2, 22))
    data = load_toolkit_data(db, engagement_id, TODAY, edition=INTERNAL_EDITION)
    assert [i.record.title for i in by_rung(data.issues)] == [
        "On the first rung",  # escalated twice: on the third rung since 22 Feb
        "On the third rung",
        "Second rung, longest there",
        "Second rung, newer",
        "Resolved one",
    ]
    text = export(db, engagement_id, tmp_path / "rungs.pdf", INTERNAL_EDITION)
    printed = pypdf_text(tmp_path / "rungs.pdf")
    table = printed[printed.index("as of 2 March 2026.") :]
    order = [
        "Level 3: Delivery director · time allowed: Within 2 working days",
        "On the first rung",
        "On the third rung",
        "Level 2: Engagement manager · time allowed: Within 1 working day",
        "Second rung, longest there",
        "Second rung, newer",
        "Resolved one",
    ]
    places = [table.index(title) for title in order]
    assert places == sorted(places)
    # The history, dated, with the note (internal) and the rung it was on.
    assert "21 Feb 2026 · Escalated · Level 2: Engagement manager" in text
    assert "Nobody answered" in text
    assert "What was done: Fixed the feed" in text
    assert "Too long: " in text


def _ladder(db: Database, engagement_id: int) -> list[EscalationLevel]:
    return list(escalation.ensure_ladder(db, engagement_id).levels)


def test_the_client_edition_leaves_out_our_notes_and_who_said_what(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    add_loop_rows(db, engagement_id, TODAY)
    issue = issues.raise_issue(
        db, engagement_id, "Slow answers", date(2026, 2, 20), raised_by="Cleo Client",
        details="INTERNAL-DETAILS the sponsor is unhappy", owner="Dana Owner",
    )  # fmt: skip
    issues.escalate_issue(db, issue.id, date(2026, 2, 23), note="INTERNAL-STEP-NOTE")
    loop_log.add_said(db, engagement_id, date(2026, 2, 24), "Please call first", said_by="Kim")
    internal = export(db, engagement_id, tmp_path / "internal.pdf", INTERNAL_EDITION)
    client = export(db, engagement_id, tmp_path / "client.pdf", CLIENT_EDITION)
    ours = ["INTERNAL-DETAILS", "INTERNAL-STEP-NOTE", "Kim", "(Helen)", "· Helen", "Cleo"]
    for words in ours:
        assert words in internal, words
        assert words not in client, words
    # An owner is an assignment: it stays. Who raised an issue is unnamed, as feedback is.
    for words in ("Dana Owner", "Raised by the client on 20 Feb 2026", "Please call first"):
        assert words in client
    # The pain point is still named, without whose score it was.
    assert "Pain point: Kick-off 顧客" in pypdf_text(tmp_path / "client.pdf")


def test_a_5000_character_what_was_done_splits_across_pages(
    db: Database, engagement_id: int, tmp_path: Path
) -> None:
    long = ("Zażółć gęślą jaźń — we walked every depot " * 120)[:5000]
    row = actions.add_action(db, engagement_id, "Long story", owner_name="Ana")
    actions.set_status(db, row.id, ActionStatus.DONE, outcome=long)
    issues.raise_issue(db, engagement_id, "Long issue", date(2026, 2, 2), details=long)
    loop_log.add_said(db, engagement_id, date(2026, 2, 3), long, we_did=long)
    loop_log.add_win(db, engagement_id, date(2026, 2, 4), long)
    out = tmp_path / "long.pdf"
    data = load_toolkit_data(db, engagement_id, TODAY, edition=INTERNAL_EDITION)
    result = build_toolkit(data, DEFAULT_BRAND, out, sections=LOOP_KEYS)
    assert result.pages > 4
    text = pypdf_text(out)
    assert "What was done · did it work? (continued):" in text
    assert text.count("we walked every depot") >= 4 * 100


def test_the_command_line_exports_the_chosen_loop_sections(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engagement = add_demo_engagement(db, TODAY)
    add_loop_rows(db, engagement, TODAY)
    db.close()
    out = tmp_path / "loop.pdf"
    code = main(
        [
            "--db",
            str(db_path),
            "--out",
            str(out),
            "-e",
            str(engagement),
            "-s",
            "issue-log,small-wins",
            "--edition",
            "internal",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = pypdf_text(out)
    assert "Issue log" in text
    assert "Small wins" in text
    assert "Actions and owners" not in text
    assert "You said, we did" not in text
    assert "Invoices lack the PO number" in text
    assert "Pilot live on time" in text
    assert main(["--list-sections"]) == 0
    listed = capsys.readouterr().out
    assert all(key in listed for key in LOOP_KEYS)


@pytest.fixture
def window_engagement(db: Database) -> int:
    engagement = add_demo_engagement(db, TODAY)
    add_loop_rows(db, engagement, TODAY)
    return engagement


def test_the_export_dialog_prints_only_the_ticked_loop_sections(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.export_toolkit(blank=False)
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    for key, box in dialog.boxes.items():
        assert box.isEnabled()
        if box.isChecked() != (key in ("actions", "you-said-we-did")):
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Space)  # as a person ticks through the list
    assert dialog.boxes["actions"].text().endswith("Actions and owners")
    target = tmp_path / "dialog.pdf"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(window.exporter.finished, timeout=60_000) as done:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result is not None
    assert result.sections == ("actions", "you-said-we-did")
    text = pypdf_text(target)
    assert "Actions and owners" in text
    assert "You said, we did" in text
    assert "Issue log" not in text
    assert "Small wins" not in text


def test_nothing_yet_says_how_to_start(db: Database, engagement_id: int, tmp_path: Path) -> None:
    text = export(db, engagement_id, tmp_path / "empty.pdf", CLIENT_EDITION)
    assert "No actions yet" in text
    assert "No issues logged" in text
    assert "Nothing logged yet" in text
    assert "No small wins logged yet" in text
    assert OwnerSide.OURS.value not in text.split()
