"""Storing the firm's brand (cxdesk.store.brand): the default until one is saved, one row,
exact round trips of any text, refusals that write nothing, and the database's own CHECKs."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from cxdesk.models.brand import DEFAULT_BRAND, LOGO_MAX_BYTES, TEXT_MAX, Brand, LogoKind, PageSize
from cxdesk.store import brand as store
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from tests.raw_rows import long_text

pytestmark = pytest.mark.both_backends

TRICKY = ("Zoë Łukasiewicz", "Ελένη", "Фёдор", "R&D <core>", '<img src="http://x/y.png"/>')


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def rows(db: Database) -> list[Any]:
    with db.reading() as s:
        return list(s.execute(text("SELECT * FROM brand")).all())


def refused(message: str) -> Any:
    return pytest.raises(EditRefused, match=f"^{re.escape(message)}$")


def test_a_new_workspace_prints_with_the_default_brand(db: Database) -> None:
    assert store.stored_brand(db) is None
    assert store.load_brand(db) == DEFAULT_BRAND
    assert rows(db) == []


def test_a_brand_is_saved_and_read_back_exactly(db: Database) -> None:
    logo = png_bytes()
    brand = Brand(
        firm_name="Zoë Łukasiewicz & Partners <R&D>",
        consultant="Ελένη Фёдор",
        primary="#0b6e4f",
        accent="#F2A541",
        footer='<img src="http://x/y.png"/> ' + "a" * 150,
        contact="hello@zl.eu · +48 22 555 0100",
        page_size=PageSize.LETTER,
        logo=logo,
        logo_kind=LogoKind.PNG,
    )
    stored = store.save_brand(db, brand)
    # Colours are kept in one spelling (upper case), everything else exactly as given.
    assert stored == replace(brand, primary="#0B6E4F")
    assert store.load_brand(db) == stored
    assert store.stored_brand(db) == stored
    (row,) = rows(db)
    assert row.id == 1
    assert row.logo == logo


def test_saving_again_replaces_the_one_row_and_reset_forgets_it(db: Database) -> None:
    store.save_brand(db, replace(DEFAULT_BRAND, firm_name="First"))
    store.save_brand(db, replace(DEFAULT_BRAND, firm_name="Second", page_size=PageSize.LETTER))
    assert len(rows(db)) == 1
    assert store.load_brand(db).firm_name == "Second"
    store.reset_brand(db)
    assert rows(db) == []
    assert store.load_brand(db) == DEFAULT_BRAND


def test_the_page_size_and_logo_kind_may_come_as_plain_text(db: Database) -> None:
    brand = Brand(page_size="Letter", logo=png_bytes(), logo_kind="png")  # type: ignore[arg-type]
    stored = store.save_brand(db, brand)
    assert stored.page_size is PageSize.LETTER
    assert stored.logo_kind is LogoKind.PNG


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"firm_name": "   "}, "The firm needs a name."),
        ({"firm_name": "x" * 121}, "The firm name is longer than 120 characters."),
        ({"consultant": "x" * 121}, "The consultant is longer than 120 characters."),
        ({"footer": "x" * 201}, "The footer is longer than 200 characters."),
        ({"contact": "x" * 201}, "The contact is longer than 200 characters."),
        ({"primary": "#12345"}, "The primary colour must look like #1F4E79."),
        ({"accent": "orange"}, "The accent colour must look like #1F4E79."),
        ({"primary": "#GGGGGG"}, "The primary colour must look like #1F4E79."),
        ({"logo": b"\x89PNG"}, "A logo needs both its file and its kind."),
        ({"logo_kind": LogoKind.SVG}, "A logo needs both its file and its kind."),
        (
            {"logo": b"x" * (LOGO_MAX_BYTES + 1), "logo_kind": LogoKind.PNG},
            "The logo is larger than 2 MB; use a smaller file.",
        ),
        ({"page_size": "A3"}, "The page size is A4 or US Letter."),
        ({"logo": b"<svg/>", "logo_kind": "gif"}, "A logo is a PNG, JPEG or SVG file."),
        ({"firm_name": 42}, "The firm name must be text."),
        ({"logo": "not bytes", "logo_kind": LogoKind.PNG}, "A logo is the bytes of an image file."),
        (
            {"contact": "a\x00b"},
            "The contact contains characters that cannot be stored (a broken character or a "
            "NUL): retype it.",
        ),
        (
            {"footer": "broken \ud800"},
            "The footer contains characters that cannot be stored (a broken character or a "
            "NUL): retype it.",
        ),
    ],
)
def test_a_bad_brand_is_refused_and_nothing_is_written(
    db: Database, change: dict[str, Any], message: str
) -> None:
    before = store.save_brand(db, replace(DEFAULT_BRAND, firm_name="Kept"))
    with refused(message):
        store.save_brand(db, replace(DEFAULT_BRAND, **change))
    assert store.load_brand(db) == before


def test_only_a_brand_can_be_saved(db: Database) -> None:
    with refused("A brand is needed here."):
        store.save_brand(db, {"firm_name": "x"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sql", "values", "message"),
    [
        (
            "INSERT INTO brand (id, firm_name, primary_colour, accent_colour) "
            "VALUES (2, 'Other', '#000000', '#FFFFFF')",
            {},
            "A workspace has one brand; change it instead of adding another.",
        ),
        ("UPDATE brand SET firm_name = '  '", {}, "The firm needs a name."),
        (
            "UPDATE brand SET firm_name = :text",
            {"text": long_text(121)},
            "The brand's firm name is too long, so it was not saved.",
        ),
        (
            "UPDATE brand SET contact = :text",
            {"text": long_text(201)},
            "The brand's contact is too long, so it was not saved.",
        ),
        ("UPDATE brand SET primary_colour = 'navy'", {}, "A colour must look like #1F4E79"),
        ("UPDATE brand SET accent_colour = '#12345'", {}, "A colour must look like #1F4E79"),
        ("UPDATE brand SET page_size = 'A3'", {}, "The page size is A4 or US Letter"),
        (
            "UPDATE brand SET logo = :logo, logo_kind = 'gif'",
            {"logo": b"\x89"},
            "A logo is a PNG, JPEG or SVG file",
        ),
        (
            "UPDATE brand SET logo = :logo",
            {"logo": b"\x89"},
            "A logo needs both its file and its kind.",
        ),
        ("UPDATE brand SET logo_kind = 'png'", {}, "A logo needs both its file and its kind."),
        (
            "UPDATE brand SET logo = :logo, logo_kind = 'png'",
            {"logo": bytes(LOGO_MAX_BYTES + 1)},
            "The logo is larger than 2 MB; use a smaller file.",
        ),
    ],
)
def test_the_database_refuses_a_bad_brand_written_around_the_store(
    db: Database, sql: str, values: dict[str, Any], message: str
) -> None:
    # Values are bound, not made in SQL: neither engine's SQL for them runs on the other.
    before = store.save_brand(db, DEFAULT_BRAND)
    with pytest.raises(EditRefused, match=re.escape(message)), db.transaction() as s:
        s.execute(text(sql), values)
    assert store.load_brand(db) == before


def test_the_database_accepts_the_edges(db: Database) -> None:
    edge = Brand(
        firm_name="x" * TEXT_MAX["firm_name"],
        consultant="y" * TEXT_MAX["consultant"],
        primary="#000000",
        accent="#ffffff",
        footer="",
        contact="z" * TEXT_MAX["contact"],
        logo=b"\x89PNG" + b"\x00" * (LOGO_MAX_BYTES - 4),
        logo_kind=LogoKind.PNG,
    )
    assert store.load_brand(db) != edge
    store.save_brand(db, edge)
    assert store.load_brand(db) == replace(edge, accent="#FFFFFF")


short_text = st.text(max_size=130)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(firm=short_text, consultant=short_text, footer=st.text(max_size=210), contact=short_text)
def test_any_text_is_stored_exactly_or_refused_cleanly(
    db: Database, firm: str, consultant: str, footer: str, contact: str
) -> None:
    before = store.load_brand(db)
    brand = replace(
        DEFAULT_BRAND, firm_name=firm, consultant=consultant, footer=footer, contact=contact
    )
    stored = attempt(lambda: store.save_brand(db, brand))
    if isinstance(stored, EditRefused):
        assert stored.message
        assert store.load_brand(db) == before
    else:
        assert stored == brand
        assert store.load_brand(db) == brand


def attempt(save: Callable[[], Brand]) -> Brand | EditRefused:
    """The stored brand, or the refusal."""
    try:
        return save()
    except EditRefused as refusal:
        return refusal


@pytest.mark.parametrize("name", TRICKY)
def test_the_tricky_strings_survive(db: Database, name: str) -> None:
    store.save_brand(db, replace(DEFAULT_BRAND, firm_name=name, footer=name, contact=name))
    brand = store.load_brand(db)
    assert (brand.firm_name, brand.footer, brand.contact) == (name, name, name)
