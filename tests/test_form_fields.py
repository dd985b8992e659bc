"""The toolkit's fillable fields take Polish, Greek and Cyrillic, and have readable names.

How a field's typed text is checked, as a person would meet it: a tool fills the field
(pypdf, as pdftk or a script would) and a viewer draws it (Poppler's pdftoppm, the engine
of Evince and Okular), both from the font the field names. Before the fix that font was
Helvetica in PDFDocEncoding: pypdf drew "Za?ó??" and Poppler found no glyph for "ż", "λ"
or "Ж" ("couldn't find a font for character"). The drawn text is read back by decoding
the appearance pypdf wrote through the embedded font's own ToUnicode map, and the page is
rendered to check that ink lands in the field and Poppler complains of no character.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject, TextStringObject
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from cxdesk.reports.form_fields import (
    FONT_KEY,
    FieldNameError,
    form_font,
    text_field,
    tick_group,
)

TYPED = "Zażółć gęślą jaźń · Ελληνικά · Кириллица"
LINES = "Первая строка\nΔεύτερη γραμμή ąęśćżźń"
PAGE = (400.0, 300.0)
NAME_RECT = (20.0, 230.0, 360.0, 30.0)  # x, y, width, height of the one-line field
NOTES_RECT = (20.0, 150.0, 360.0, 60.0)


def form_page(path: Path) -> None:
    canvas = Canvas(str(path), pagesize=PAGE)
    text_field(canvas, "kickoff.expectation.3.because", *NAME_RECT, ink=black, font_size=12)
    text_field(canvas, "kickoff.expectation.3.expects", *NOTES_RECT, ink=black, multiline=True)
    boxes = [(str(n), 20.0 + 20 * n, 100.0, 13.0) for n in range(1, 8)]
    tick_group(canvas, "rater.reliability.expectation", boxes, ink=black)
    canvas.showPage()
    canvas.save()


def filled(source: Path, out: Path, values: dict[str, str]) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    writer.write(out)
    return out


def shown_text(pdf: Path, partial_name: str) -> str:
    """The text a field's appearance draws, decoded through the form font's glyphs."""
    by_glyph = {
        glyph: chr(code) for code, glyph in sorted(form_font().glyphs.items(), reverse=True)
    }
    page = PdfReader(pdf).pages[0]
    for annotation in page["/Annots"]:
        widget = annotation.get_object()
        if widget.get("/T") == partial_name:
            stream = widget["/AP"]["/N"].get_object().get_data().decode("latin-1")
            lines = []
            for hexes in re.findall(r"<([0-9A-Fa-f]+)>\s*Tj", stream):
                glyphs = [int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4)]
                lines.append("".join(by_glyph.get(g, "\ufffd") for g in glyphs))
            return "\n".join(lines)
    raise AssertionError(f"no field {partial_name}")


def rendered(pdf: Path, tmp_path: Path) -> tuple[Image.Image, str]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("Poppler's pdftoppm is not installed")
    stem = tmp_path / pdf.stem
    done = subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", str(pdf), str(stem)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return Image.open(f"{stem}.png").convert("L"), done.stderr


def dark_pixels(image: Image.Image, rect: tuple[float, float, float, float]) -> int:
    x, y, width, height = rect
    top = PAGE[1] - y - height  # PDF's y runs up, the image's down (72 dpi: 1 px a point)
    box = image.crop((int(x), int(top), int(x + width), int(top + height)))
    return sum(box.histogram()[:128])


def test_fields_have_the_names_a_person_reads(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    form_page(path)
    fields = PdfReader(path).get_fields() or {}
    assert fields["kickoff.expectation.3.because"]["/FT"] == "/Tx"
    assert fields["kickoff.expectation.3.expects"]["/FT"] == "/Tx"
    assert fields["rater.reliability.expectation"]["/FT"] == "/Btn"
    # Each name's parts are parent fields, as the PDF format has them (no "." in /T).
    for annotation in PdfReader(path).pages[0]["/Annots"]:
        assert "." not in str(annotation.get_object().get("/T", ""))


def test_the_fields_name_an_embedded_unicode_font(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    form_page(path)
    reader = PdfReader(path)
    form = reader.trailer["/Root"]["/AcroForm"]
    font = form["/DR"]["/Font"][f"/{FONT_KEY}"].get_object()
    assert font["/Subtype"] == "/Type0"
    descendant = font["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded, not the viewer's guess
    widgets = {a.get_object().get("/T"): a.get_object() for a in reader.pages[0]["/Annots"]}
    assert widgets["because"]["/DA"].startswith(f"/{FONT_KEY} 12 Tf")
    for char in "łżΩλЖщ«»€":
        assert ord(char) in form_font().glyphs, char


def test_text_typed_in_polish_greek_and_cyrillic_is_drawn(tmp_path: Path) -> None:
    blank = tmp_path / "form.pdf"
    form_page(blank)
    out = filled(
        blank,
        tmp_path / "filled.pdf",
        {"kickoff.expectation.3.because": TYPED, "kickoff.expectation.3.expects": LINES},
    )
    assert shown_text(out, "because") == TYPED
    assert shown_text(out, "expects") == LINES
    image, complaints = rendered(out, tmp_path)
    assert "couldn't find a font" not in complaints
    assert dark_pixels(image, NAME_RECT) > 200
    assert dark_pixels(image, NOTES_RECT) > 200


def test_a_viewer_drawing_the_field_itself_finds_every_character(tmp_path: Path) -> None:
    """Poppler draws a field from its font when the file asks it to (NeedAppearances),
    as a viewer does while a person types."""
    blank = tmp_path / "form.pdf"
    form_page(blank)
    writer = PdfWriter(clone_from=PdfReader(blank))
    for annotation in writer.pages[0]["/Annots"]:
        widget = annotation.get_object()
        if widget.get("/T") == "because":
            widget[NameObject("/V")] = TextStringObject(TYPED)
            del widget["/AP"]
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    out = tmp_path / "typed.pdf"
    writer.write(out)
    image, complaints = rendered(out, tmp_path)
    assert "couldn't find a font" not in complaints
    assert dark_pixels(image, NAME_RECT) > 200


def test_a_tick_box_is_ticked_and_shows_its_cross(tmp_path: Path) -> None:
    blank = tmp_path / "form.pdf"
    form_page(blank)
    empty, _ = rendered(blank, tmp_path)
    out = filled(blank, tmp_path / "ticked.pdf", {"rater.reliability.expectation": "/5"})
    assert (PdfReader(out).get_fields() or {})["rater.reliability.expectation"]["/V"] == "/5"
    image, _ = rendered(out, tmp_path)
    fifth = (120.0, 100.0, 13.0, 13.0)
    assert dark_pixels(empty, fifth) == 0
    assert dark_pixels(image, fifth) > 10


def test_a_name_used_twice_or_malformed_is_refused(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "x.pdf"))
    text_field(canvas, "sheet.row.1.owner", 0, 0, 10, 10, ink=black)
    with pytest.raises(FieldNameError, match="used twice"):
        text_field(canvas, "sheet.row.1.owner", 0, 0, 10, 10, ink=black)
    with pytest.raises(FieldNameError, match="cannot have parts"):
        text_field(canvas, "sheet.row.1.owner.first", 0, 0, 10, 10, ink=black)
    with pytest.raises(FieldNameError, match="letters, digits"):
        text_field(canvas, "sheet..owner", 0, 0, 10, 10, ink=black)


def test_fields_of_one_size_each_show_their_own_text(tmp_path: Path) -> None:
    """A filling tool may write a field's new look into the field's own appearance object:
    two fields must not share one, or both show the last text written."""
    path = tmp_path / "pair.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    text_field(canvas, "sheet.name", 20, 200, 160, 24, ink=black)
    text_field(canvas, "sheet.role", 200, 200, 160, 24, ink=black)
    canvas.showPage()
    canvas.save()
    out = filled(path, tmp_path / "filled.pdf", {"sheet.name": "Ελένη", "sheet.role": "Фёдор"})
    assert shown_text(out, "name") == "Ελένη"
    assert shown_text(out, "role") == "Фёдор"
