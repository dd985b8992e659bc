"""The consultant firm's brand for the PDF toolkit: one plain value, checked on the way in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cxdesk.language import N_


class PageSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"

    @property
    def label(self) -> str:
        return "A4" if self is PageSize.A4 else "US Letter"


class LogoKind(StrEnum):
    PNG = "png"
    JPEG = "jpeg"
    SVG = "svg"


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_MAX_BYTES = 2 * 1024 * 1024  # a logo, not a photo album; keeps the database small
TEXT_MAX = {"firm_name": 120, "consultant": 120, "footer": 200, "contact": 200}


@dataclass(frozen=True, slots=True)
class Brand:
    firm_name: str = N_("Your consultancy")  # printed in the toolkit's language while untouched
    consultant: str = ""  # "Prepared by" on the cover; blank = the firm
    primary: str = "#1F4E79"  # headings, header band, chart series 1
    accent: str = "#E07A1F"  # highlights, chart series 2
    footer: str = "Expectation Management Toolkit"
    contact: str = ""
    page_size: PageSize = PageSize.A4
    logo: bytes | None = None  # the file's bytes, checked by cxdesk.reports.logo
    logo_kind: LogoKind | None = None


DEFAULT_BRAND = Brand()


def brand_problem(brand: Brand) -> str | None:
    """Why this brand cannot be stored, in the user's words; None when it can."""
    if not brand.firm_name.strip():
        return "The firm needs a name."
    for field, limit in TEXT_MAX.items():
        if len(getattr(brand, field)) > limit:
            return f"The {field.replace('_', ' ')} is longer than {limit} characters."
    for field in ("primary", "accent"):
        if not HEX_COLOUR.match(getattr(brand, field)):
            return f"The {field} colour must look like #1F4E79."
    if (brand.logo is None) != (brand.logo_kind is None):
        return "A logo needs both its file and its kind."
    if brand.logo is not None and len(brand.logo) > LOGO_MAX_BYTES:
        return "The logo is larger than 2 MB; use a smaller file."
    return None
