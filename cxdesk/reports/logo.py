"""The firm's logo: checked before it is stored, and drawn scaled into the toolkit.

PNG and JPEG go through Pillow (fully decoded, so a truncated file is caught here and not
halfway through an export); SVG through svglib. An SVG that points at other files or URLs
is refused: a logo must be self-contained, and an export must never fetch anything.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from cxdesk.models.brand import LOGO_MAX_BYTES, Brand, LogoKind

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import Flowable

MAX_PIXELS = 40_000_000  # a 6000 × 6000 logo is already absurd; more is a decompression bomb
_NOT_AN_IMAGE = "This file is not a PNG, JPEG or SVG image."
_DAMAGED = "The logo file is damaged or incomplete; export it again from your design tool."
_TOO_BIG = "The logo is larger than 2 MB; use a smaller file."
_EXTERNAL = (
    "This SVG refers to other files or web addresses; save it with everything embedded "
    "(or as PNG) and choose it again."
)
_URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def _sniff(data: bytes) -> LogoKind | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return LogoKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return LogoKind.JPEG
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return LogoKind.SVG
    return None


def check_logo(data: bytes) -> LogoKind:
    """The kind of this logo file, or ValueError saying (to the user) why it cannot be used."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(_TOO_BIG)
    kind = _sniff(data)
    if kind is None:
        raise ValueError(_NOT_AN_IMAGE)
    if kind is LogoKind.SVG:
        _check_svg(data)
    else:
        _check_bitmap(data, kind)
    return kind


def _check_bitmap(data: bytes, kind: LogoKind) -> None:
    from PIL import Image

    expected = "PNG" if kind is LogoKind.PNG else "JPEG"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValueError("The logo has too many pixels; use one under 6000 × 6000.")
            if probe.format != expected:
                raise ValueError(_DAMAGED)
            probe.verify()  # checksums; load() below catches what verify() cannot
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except ValueError:
        raise
    except Exception as error:  # Pillow raises many types for bad files; all mean "damaged"
        raise ValueError(_DAMAGED) from error
    if width < 1 or height < 1:
        raise ValueError(_DAMAGED)


def _local_reference(value: str) -> bool:
    value = value.strip()
    return value == "" or value.startswith("#") or value.lower().startswith("data:")


def _check_svg(data: bytes) -> None:
    # A DOCTYPE can declare entities (external files, or exponential expansion): refuse
    # it instead of parsing it; design tools do not need one for a logo.
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise ValueError(_EXTERNAL)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ValueError(_DAMAGED) from error
    if not root.tag.endswith("svg"):
        raise ValueError(_NOT_AN_IMAGE)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not _local_reference(value):
                raise ValueError(_EXTERNAL)
            if "url(" in value.lower() and not all(
                _local_reference(u) for u in _URL_IN_CSS.findall(value)
            ):
                raise ValueError(_EXTERNAL)
        text = element.text or ""
        if element.tag.endswith("style") and (
            "@import" in text.lower()
            or not all(_local_reference(u) for u in _URL_IN_CSS.findall(text))
        ):
            raise ValueError(_EXTERNAL)
    if _svg_drawing(data) is None:
        raise ValueError(_DAMAGED)


def _svg_drawing(data: bytes) -> Drawing | None:
    import logging

    from svglib.svglib import svg2rlg

    # svglib logs (not raises) what it cannot draw; that is noise for a logo check.
    logger = logging.getLogger("svglib")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception:  # malformed SVG surfaces as assorted lxml/svglib errors
        return None
    finally:
        logger.setLevel(previous)
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        return None
    return drawing


def _fit(width: float, height: float, max_w: float, max_h: float) -> float:
    return min(max_w / width, max_h / height)


def logo_flowable(brand: Brand, max_w: float, max_h: float) -> Flowable | None:
    """The brand's logo scaled (aspect kept) to fit ``max_w`` × ``max_h`` points; None
    without a logo, or when a stored logo can no longer be drawn (the toolkit still prints)."""
    if brand.logo is None or brand.logo_kind is None:
        return None
    if brand.logo_kind is LogoKind.SVG:
        drawing = _svg_drawing(brand.logo)
        if drawing is None:
            return None
        scale = _fit(drawing.width, drawing.height, max_w, max_h)
        drawing.scale(scale, scale)
        drawing.width *= scale
        drawing.height *= scale
        drawing.hAlign = "LEFT"
        return drawing
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    try:
        reader = ImageReader(io.BytesIO(brand.logo))
        width, height = reader.getSize()
    except Exception:
        return None
    scale = _fit(width, height, max_w, max_h)
    image = Image(io.BytesIO(brand.logo), width * scale, height * scale, mask="auto")
    image.hAlign = "LEFT"
    return image
