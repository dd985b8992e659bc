"""The consultant firm's brand for the PDF toolkit: one row per workspace, or the default.

The store checks what it can without ReportLab (``brand_problem``: names, colours, sizes);
whether a logo's bytes are really a usable image is checked by ``cxdesk.reports.logo``
where the file is chosen, since this layer may not import the PDF libraries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from cxdesk.models.base import table_of
from cxdesk.models.brand import (
    DEFAULT_BRAND,
    TEXT_MAX,
    Brand,
    LogoKind,
    PageSize,
    brand_problem,
)
from cxdesk.models.constraints import storable
from cxdesk.models.toolkit_entities import BrandRow
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.workspace import ROW_LOCK, choice

BRAND = table_of(BrandRow)
ROW_ID = 1  # the brand table's only row


def check_brand(brand: Brand) -> Brand:
    """``brand`` with its enums made exact, or :class:`EditRefused` saying what is wrong."""
    if not isinstance(brand, Brand):
        raise EditRefused("A brand is needed here.")
    for field in (*TEXT_MAX, "primary", "accent"):
        value = getattr(brand, field)
        if not isinstance(value, str):
            raise EditRefused(f"The {field.replace('_', ' ')} must be text.")
        if not storable(value):
            raise EditRefused(
                f"The {field.replace('_', ' ')} contains characters that cannot be stored "
                "(a broken character or a NUL): retype it."
            )
    if brand.logo is not None and not isinstance(brand.logo, bytes):
        raise EditRefused("A logo is the bytes of an image file.")
    page_size = choice(PageSize, brand.page_size, "The page size is A4 or US Letter.")
    kind = (
        None
        if brand.logo_kind is None
        else choice(LogoKind, brand.logo_kind, "A logo is a PNG, JPEG or SVG file.")
    )
    problem = brand_problem(brand)
    if problem:
        raise EditRefused(problem)
    return Brand(
        firm_name=brand.firm_name,
        consultant=brand.consultant,
        primary=brand.primary.upper(),
        accent=brand.accent.upper(),
        footer=brand.footer,
        contact=brand.contact,
        page_size=page_size,
        logo=brand.logo,
        logo_kind=kind,
    )


def _row_values(brand: Brand) -> dict[str, Any]:
    return {
        "firm_name": brand.firm_name,
        "consultant": brand.consultant,
        "primary_colour": brand.primary,
        "accent_colour": brand.accent,
        "footer": brand.footer,
        "contact": brand.contact,
        "page_size": brand.page_size.value,
        "logo": brand.logo,
        "logo_kind": brand.logo_kind.value if brand.logo_kind else None,
    }


def _brand_of(row: Any) -> Brand:
    return Brand(
        firm_name=row.firm_name,
        consultant=row.consultant,
        primary=row.primary_colour,
        accent=row.accent_colour,
        footer=row.footer,
        contact=row.contact,
        page_size=PageSize(row.page_size),
        logo=row.logo,
        logo_kind=LogoKind(row.logo_kind) if row.logo_kind else None,
    )


def stored_brand(db: Database) -> Brand | None:
    """The brand saved in this workspace; None when it still uses the default."""
    with db.reading() as s:
        row = s.execute(select(BRAND).where(BRAND.c.id == ROW_ID)).first()
        return _brand_of(row) if row is not None else None


def load_brand(db: Database) -> Brand:
    """The brand the toolkit prints with: the saved one, or ``DEFAULT_BRAND``."""
    return stored_brand(db) or DEFAULT_BRAND


def save_brand(db: Database, brand: Brand, shown: Brand | None = None) -> Brand:
    """Store ``brand`` (replacing the one saved before); the brand as stored.

    Refused with :class:`EditRefused` (nothing written) when ``brand_problem`` or the
    database objects: a blank firm name, a colour that is not ``#RRGGBB``... Given
    ``shown`` (the brand as the dialog showed it), refused (:class:`StaleRow`) when
    somebody saved another since: every field is written, so theirs would go unseen.
    """
    brand = check_brand(brand)
    values = _row_values(brand)
    with db.transaction() as s:
        # Held to the commit: a colleague's save not committed yet is waited for, then
        # compared with (see get_or_refuse). A first save has no row to hold: two at once
        # meet on its key, and one is refused.
        row = s.execute(
            select(BRAND).where(BRAND.c.id == ROW_ID).with_for_update(**ROW_LOCK)
        ).first()
        if shown is not None and (_brand_of(row) if row is not None else DEFAULT_BRAND) != shown:
            raise StaleRow("brand")
        if row is None:
            s.execute(BRAND.insert().values(id=ROW_ID, **values))
        else:
            s.execute(BRAND.update().where(BRAND.c.id == ROW_ID).values(**values))
    return brand


def reset_brand(db: Database) -> None:
    """Forget the saved brand: the workspace prints with ``DEFAULT_BRAND`` again."""
    with db.transaction() as s:
        s.execute(delete(BRAND))
