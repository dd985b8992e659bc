"""A session answered on phones travels and prints as one of people with their answers:
the engagement file keeps its mode and answers, the spreadsheet and the PDF say how the
answers were collected."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.edition import INTERNAL_EDITION
from cxdesk.models.quiz import SessionMode
from cxdesk.ops import imports, perform
from cxdesk.reports.document import build_toolkit
from cxdesk.store import quizzes, workshop, workspace
from cxdesk.store import spreadsheets as sp
from cxdesk.store.database import Database, open_database
from cxdesk.store.engagement_file import export_engagement, read_engagement_file
from cxdesk.store.toolkit import load_toolkit_data

DAY = date(2026, 3, 12)


def phones_session(db: Database) -> tuple[int, int]:
    """(engagement, session): two phones answered the built-in quiz, one of them all of it."""
    client = workspace.add_client(db, "Harbourline")
    engagement = workspace.add_engagement(db, client.id, "Portal").id
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, engagement, "Town hall", DAY, SessionMode.PHONES)
    ana = workshop.add_participant(db, session.id, "Ana")
    phone = workshop.add_participant(db, session.id)
    for statement, score in zip(quiz.statements, (5, 4, 4, 3, 5), strict=True):
        workshop.record_answer(db, ana.id, statement.id, score)
    workshop.record_answer(db, phone.id, quiz.statements[0].id, 2)
    workshop.update_session(db, session.id, "revealed", True)
    return engagement, session.id


def test_the_engagement_file_carries_a_phones_session(db: Database, tmp_path: Path) -> None:
    engagement, session = phones_session(db)
    path = tmp_path / "portal.cxdesk"
    export_engagement(db.path, engagement, path)
    with open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "backups") as other:
        done = perform(other, imports.import_engagement_file(read_engagement_file(path)))
        (imported,) = workshop.list_sessions(other, done.value.engagement_ids[0])
        assert imported.session_mode is SessionMode.PHONES
        data = workshop.load_session_results(other, imported.id)
        original = workshop.load_session_results(db, session)
        assert data is not None
        assert original is not None
        assert data.answers == original.answers
        assert [p.name for p in data.participants] == ["Ana", ""]


def test_the_spreadsheet_and_the_pdf_say_the_answers_came_from_phones(
    db: Database, tmp_path: Path
) -> None:
    engagement, _session = phones_session(db)
    (quiz_sheet,) = [s for s in sp.load_sheets(db, engagement) if s.title == sp.QUIZ_SHEET]
    collected = quiz_sheet.headers.index("Collected by")
    assert {row[collected] for row in quiz_sheet.rows} == {"Each person, on phones"}

    out = tmp_path / "quiz.pdf"
    data = load_toolkit_data(db, engagement, edition=INTERNAL_EDITION)  # each person's row
    build_toolkit(data, DEFAULT_BRAND, out, sections=["quiz"])
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert re.search(r"answers collected by each person on their phone · 2 taking part", text)
    assert "incomplete (1 of 5)" in text  # the phone that stopped is not scored zero
