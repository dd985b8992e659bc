"""One line of user text drawn without a Paragraph: page header and footer, chart labels,
the fast table cells. The counterpart of ``text.para()`` for those paths.

Each line is cut into runs drawn one after another: right-to-left text reordered for
display and Arabic joined (``bidi.visual``), each character in a font that has it
(DejaVu Sans, else a fallback; a character no font has is counted for the export's
summary). A line that is plain ASCII is one run in the caller's font, at no cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxdesk.reports import fonts
from cxdesk.reports.text import font_runs, plain

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

Run = tuple[str, str]  # (font name, text)


def runs(line: str, font: str) -> list[Run]:
    """``line`` as drawn, left to right: (font, text) runs. ``font`` is the line's face
    (DejaVu Sans regular, bold or oblique)."""
    line = plain(line).replace("\n", " ")
    if line.isascii():
        return [(font, line)] if line else []
    from cxdesk.reports.bidi import visual

    merged: list[Run] = []
    for fallback, text in font_runs(visual(line)):
        face = _face(fallback, font)
        if merged and merged[-1][0] == face:  # Arabic in DejaVu's upright face, say
            merged[-1] = (face, merged[-1][1] + text)
        else:
            merged.append((face, text))
    return merged


def _face(fallback: str | None, font: str) -> str:
    if fallback is None:
        return font
    if fallback == fonts.SCRIPTS:  # Arabic, Hebrew: DejaVu's upright face of that weight
        return fonts.BOLD if font in (fonts.BOLD, fonts.BOLD_ITALIC) else fonts.BODY
    return fallback


def width(line: str, font: str, size: float) -> float:
    """How wide ``line`` is drawn in ``font`` at ``size``, fallback runs included."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(text, face, size) for face, text in runs(line, font)))


def draw(
    canvas: Canvas, x: float, y: float, line: str, font: str, size: float, anchor: str = "start"
) -> None:
    """``canvas.drawString`` (or Right/Centred, by ``anchor``: start, end, middle) for user
    text. Leaves the canvas in ``font``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = runs(line, font)
    total = sum(stringWidth(text, face, size) for face, text in parts)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    for face, text in parts:
        canvas.setFont(face, size)
        canvas.drawString(x, y, text)
        x += stringWidth(text, face, size)
    canvas.setFont(font, size)


def put(text_object: PDFTextObject, line: str, font: str, size: float, leading: float) -> None:
    """``text_object.textLine(line)`` for user text: the runs, then a new line. Leaves the
    text object in ``font``."""
    parts = runs(line, font)
    if len(parts) <= 1 and (not parts or parts[0][0] == font):
        text_object.textLine(parts[0][1] if parts else "")
        return
    for face, text in parts:
        text_object.setFont(face, size, leading)
        text_object.textOut(text)
    text_object.setFont(font, size, leading)
    text_object.textLine("")


def shape(
    x: float,
    y: float,
    line: str,
    font: str,
    size: float,
    anchor: str = "start",
    **style: Any,
) -> String | Group:
    """A reportlab.graphics ``String`` for user text; a Group of Strings when the line
    needs more than one font. ``style`` is passed on (fillColor...)."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = runs(line, font)
    if len(parts) <= 1:
        face, text = parts[0] if parts else (font, "")
        return String(x, y, text, fontName=face, fontSize=size, textAnchor=anchor, **style)
    total = sum(stringWidth(text, face, size) for face, text in parts)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for face, text in parts:
        group.add(String(x, y, text, fontName=face, fontSize=size, **style))
        x += stringWidth(text, face, size)
    return group
