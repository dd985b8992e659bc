"""One rule for storable text: what the store accepts, every export carries back unchanged.

A NUL in a client name used to be stored, and the .cxdesk file made from it was then
refused by CX Desk's own import; a lone surrogate raised UnicodeEncodeError from the
store. Now the store refuses, by every path (an edit, an ORM flush, a Core insert, an
import), with its refusal naming the field -- and whatever it accepts round-trips through
.cxdesk export and import, XLSX and CSV, and prints in the PDF.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import insert, select

from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.constraints import storable, unstorable_message
from cxdesk.models.engagement_entities import NAME_MAX, Client, ExpectationItem
from cxdesk.models.sheet_columns import unguard_formula
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.engagement_file import (
    export_engagement,
    import_engagement_file,
    read_engagement_file,
)
from cxdesk.store.engagement_import import Resolution
from cxdesk.store.errors import EditRefused
from cxdesk.store.spreadsheets import MATRIX_SHEET, csv_text, load_sheets, write_xlsx

TEXT_FIELDS = (
    "expects",
    "needs",
    "planned",
    "delivered",
    "experienced",
    "sacrifice",
    "owner",
    "notes",
)
# Whatever a paste, a file or a phone can spell: every code point, surrogates included,
# and often the characters the rule is about, so each example meets them.
NASTY = ["\x00", "\ud800", "\udfff", "\x0b", "\x1b", "\x7f", "\x85", "\r", "\t", "\n", "\ufffe"]
NASTY += ["\uffff", "\u2028", "=", "+", "'", "-", "@", " ", '"', ",", ";", "Ż", "Ω", "中", "😀"]
ANY_TEXT = st.text(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY)), max_size=30
)


def _refusal_is_right(text: str, *, name: bool) -> bool:
    """A refusal is right when the text breaks the rule, or is a blank or too long name."""
    if not storable(text):
        return True
    return name and (not text.split() or len(" ".join(text.split())) > NAME_MAX)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Acme\x00 Ltd", "a NUL character (U+0000)"),
        ("Zo\ud800ë", "a broken character (half of a surrogate pair, U+D800)"),
        ("bell\x07", "a control character (U+0007)"),
        ("\uffff", "a noncharacter (U+FFFF)"),
    ],
)
def test_every_path_refuses_with_the_field_named(db: Database, text: str, words: str) -> None:
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Kickoff")
    item = expectations.add_item(db, engagement.id, expects="Fast answers")
    with pytest.raises(EditRefused, match=re.escape(f"There is {words} in the client's name")):
        workspace.add_client(db, text)
    with pytest.raises(EditRefused, match=re.escape(f"There is {words} in the client's name")):
        workspace.rename_client(db, client.id, text)
    with pytest.raises(EditRefused, match="in the expectation item's notes,"):
        expectations.update_item(db, item.id, "notes", text)

    def set_notes_through_the_orm() -> None:  # no store helper: the ORM flush itself
        with db.transaction() as s:
            found = s.get(Client, client.id)
            assert found is not None
            found.notes = text

    def insert_many() -> None:  # a Core executemany, as an import writes
        with db.transaction() as s:
            s.execute(
                insert(ExpectationItem),
                [
                    {"engagement_id": engagement.id, "position": 5, "expects": "ok", "owner": ""},
                    {"engagement_id": engagement.id, "position": 6, "expects": "x", "owner": text},
                ],
            )

    def insert_whole_rows() -> None:  # every column, many rows: how undo re-inserts
        table = ExpectationItem.__table__
        with db.transaction() as s:
            row = dict(s.execute(select(table).where(table.c.id == item.id)).mappings().one())
            rows = [{**row, "id": 100 + n, "position": 10 + n} for n in range(3)]
            rows[2]["notes"] = text
            s.execute(table.insert(), rows)

    with pytest.raises(EditRefused, match="in the client's notes,"):
        set_notes_through_the_orm()
    with pytest.raises(EditRefused, match="in the expectation item's notes,"):
        insert_whole_rows()  # it named "the expectation item's %(140159932997968 param)s"
    with pytest.raises(EditRefused, match="in the expectation item's owner,"):
        insert_many()
    with db.reading() as s:  # nothing of any of it was written
        assert s.scalars(select(Client.name)).all() == ["Acme"]
        assert s.scalar(select(Client.notes)) == ""
        assert s.scalars(select(ExpectationItem.owner)).all() == [""]


def _matrix_cells_xlsx(path: Path) -> set[str]:
    book = load_workbook(path, read_only=True)
    try:
        sheet = book[MATRIX_SHEET]
        return {v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    finally:
        book.close()


def _matrix_cells_csv(db: Database, engagement_id: int) -> set[str]:
    sheet = next(s for s in load_sheets(db, engagement_id) if s.title == MATRIX_SHEET)
    reader = csv.reader(io.StringIO(csv_text(sheet), newline=""))
    return {unguard_formula(cell) for row in reader for cell in row}


def test_what_the_store_accepts_round_trips_through_every_export(tmp_path: Path) -> None:
    first = open_database(tmp_path / "first.cxdb", backup_folder=tmp_path / "b1")
    second = open_database(tmp_path / "second.cxdb", backup_folder=tmp_path / "b2")
    counter = iter(range(10**6))

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(name=ANY_TEXT, text=ANY_TEXT)
    def check(name: str, text: str) -> None:
        n = next(counter)
        # A name field (white space folded, not blank) ...
        try:
            client = workspace.add_client(first, name)
        except EditRefused:
            assert _refusal_is_right(name, name=True), repr(name)
            client = workspace.add_client(first, f"Client {n}")
        else:  # white space folded: control characters Python counts as spaces go too
            assert storable(client.name)
            assert client.name == " ".join(name.split())
        engagement = workspace.add_engagement(first, client.id, f"Engagement {n}")
        # ... multi-line free text (kept exactly as typed) ...
        try:
            item = expectations.add_item(first, engagement.id, **dict.fromkeys(TEXT_FIELDS, text))
        except EditRefused as refusal:
            message = refusal.message
            assert _refusal_is_right(text, name=False), repr(text)
            assert message == unstorable_message(text, "the expectation item's expects")
            return
        assert storable(text)
        for field in TEXT_FIELDS:
            assert getattr(item, field) == text
        # ... and a field no widget edits, through the ORM (an import writes it so too).
        with first.transaction() as s:
            row = s.get(Client, client.id)
            assert row is not None
            row.notes = text

        # .cxdesk: export, read back (the import's checks), import into another workspace.
        target = tmp_path / f"e{n}.cxdesk"
        export_engagement(first.path, engagement.id, target)
        file = read_engagement_file(target)
        (document,) = file.documents
        assert document.client == {"name": client.name, "notes": text}
        (carried,) = document.sections["expectation_items"]
        assert {f: carried[f] for f in TEXT_FIELDS} == dict.fromkeys(TEXT_FIELDS, text)
        result = import_engagement_file(second, file, {0: Resolution.COPY})
        (imported,) = expectations.list_items(second, result.engagement_ids[0])
        assert {f: getattr(imported, f) for f in TEXT_FIELDS} == dict.fromkeys(TEXT_FIELDS, text)
        target.unlink()

        # XLSX and CSV of the matrix hold the text as it is (a cell per field).
        sheet_path = tmp_path / f"e{n}.xlsx"
        write_xlsx(load_sheets(first, engagement.id), sheet_path)
        if text:
            assert text in _matrix_cells_xlsx(sheet_path)
            assert text in _matrix_cells_csv(first, engagement.id)
        sheet_path.unlink()

    try:
        check()
    finally:
        first.close()
        second.close()


# Letters the PDF's font has, so extracted text can be compared (other scripts'
# fonts: test_reports_scripts.py); the rule's allowed control characters and white
# space mixed in.
PRINTABLE = st.text(
    st.one_of(
        st.sampled_from("AaŻżŁłÓóΩωΣσЖжДд0123456789"),
        st.sampled_from([" ", "\t", "\n", "\r", "\x7f", "\x85"]),
    ),
    min_size=1,
    max_size=40,
)


def _squeezed(text: str) -> str:
    """Text without white space, soft breaks or hyphens: how it reads across line breaks."""
    return re.sub(r"[\s\x7f\x85\u00ad-]", "", text)


def test_accepted_text_prints_in_the_pdf(tmp_path: Path) -> None:
    from cxdesk.reports.document import build_toolkit
    from cxdesk.store.toolkit import load_toolkit_data

    db = open_database(tmp_path / "w.cxdb", backup_folder=tmp_path / "b")
    counter = iter(range(10**6))

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(name=PRINTABLE, text=st.one_of(PRINTABLE, ANY_TEXT))
    def check(name: str, text: str) -> None:
        n = next(counter)
        if not name.split():
            name = f"Client {n}"
        client = workspace.add_client(db, name)
        engagement = workspace.add_engagement(db, client.id, f"Engagement {n}")
        try:
            expectations.add_item(db, engagement.id, expects=text, notes=text)
        except EditRefused:
            assert not storable(text)
            return
        out = tmp_path / f"t{n}.pdf"
        build_toolkit(
            load_toolkit_data(db, engagement.id), DEFAULT_BRAND, out, sections=["cover", "matrix"]
        )
        printed = _squeezed("".join(page.extract_text() for page in PdfReader(out).pages))
        assert _squeezed(client.name) in printed
        if re.fullmatch(r"[AaŻżŁłÓóΩωΣσЖжДд0-9\s\x7f\x85]*", text):
            assert _squeezed(text) in printed
        out.unlink()

    try:
        check()
    finally:
        db.close()
