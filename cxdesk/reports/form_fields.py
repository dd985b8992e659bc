"""Fillable PDF form fields: typed text in any European script, names a person can read.

ReportLab's AcroForm (5.x) gives a text field one of the standard 14 fonts (its
``makeFont`` refuses any other), in PDFDocEncoding. A viewer draws what is typed into a
field in the font the field names, and neither that font nor its encoding has "ł", "Ω" or
"Ж": typed Polish, Greek or Cyrillic come out as "?" (pypdf's fill) or as missing glyphs.
So the fields are written here with ReportLab's PDF objects: their default appearance
names a composite font (Type0, Identity-H) of DejaVu Sans's European scripts, embedded
whole with its cmap, its widths and a ToUnicode map, so that a viewer can encode and draw
whatever is typed in those scripts (``resources/fonts/make_form_font.py`` says which).

Names are hierarchical, one parent field per dot, so ``kickoff.expectation.3.because`` is
the fully qualified name every reader and tool shows, as the PDF format means it (it does
not allow a period inside one field's own name, which ReportLab writes as given).

Tick boxes are radio groups (one value of several: a score of 1-7, one cause of five)
whose ticked look is a drawn cross, so they need no font; a tick can be taken back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from cxdesk.resources import resource

FONT_FILE = "DejaVuSans-forms.ttf"
FONT_NAME = "DejaVuSans"  # the embedded font's PostScript name
FONT_KEY = "CXSans"  # its name in the form's resources and in every field's appearance
TICK_KEY = "ZaDb"  # ZapfDingbats: what a viewer redraws a tick box's cross with
TICK_CROSS = "8"  # ZapfDingbats' cross, matching the drawn one
PART = re.compile(r"^[A-Za-z0-9_-]+$")  # one part of a field name, one export value
_PRINT = 4  # annotation flag: printed with the page
_MULTILINE = 1 << 12
_RADIO = 1 << 15
_FORM_KEY = "_cxdesk_form"  # where a canvas keeps its fields' bookkeeping


class FieldNameError(ValueError):
    """A field name that is malformed or already used in this document (a bug)."""


@dataclass(frozen=True)
class FormFont:
    """The form font's file and what an appearance needs of it, read once per process."""

    data: bytes
    glyphs: dict[int, int]  # code point -> glyph id
    widths: tuple[int, ...]  # advance of each glyph id, in thousandths of the size
    ascent: float
    descent: float
    cap_height: float
    bbox: tuple[float, float, float, float]
    stem_v: float

    def encode(self, text: str) -> str:
        """``text`` as the hex glyph ids an Identity-H show-text operator takes (a
        character the font lacks shows as its empty box, glyph 0)."""
        return "".join(f"{self.glyphs.get(ord(ch), 0):04X}" for ch in text)

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[self.glyphs.get(ord(ch), 0)] for ch in text) * size / 1000

    def to_unicode(self) -> str:
        """The ToUnicode CMap: glyph id -> character, so text copies out and a viewer can
        find the glyph for a character typed into a field."""
        first: dict[int, int] = {}
        for code, glyph in sorted(self.glyphs.items()):
            first.setdefault(glyph, code)
        pairs = sorted(first.items())
        blocks = []
        for start in range(0, len(pairs), 100):  # at most 100 entries a block
            chunk = pairs[start : start + 100]
            lines = "\n".join(
                f"<{g:04X}> <{chr(c).encode('utf-16-be').hex().upper()}>" for g, c in chunk
            )
            blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )


@lru_cache(maxsize=1)
def form_font() -> FormFont:
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = resource("fonts", FONT_FILE)
    ttf = TTFontFile(str(path))
    scale = 1000 / ttf.unitsPerEm
    advances = [round(advance * scale) for advance, _lsb in ttf.hmetrics]
    # Glyphs past the last metric share its advance (the 'hmtx' table's rule).
    advances += [advances[-1]] * (ttf.numGlyphs - len(advances))
    return FormFont(
        data=path.read_bytes(),
        glyphs=dict(ttf.charToGlyph),
        widths=tuple(advances),
        ascent=ttf.ascent,
        descent=ttf.descent,
        cap_height=ttf.capHeight,
        bbox=tuple(ttf.bbox),
        stem_v=ttf.stemV,
    )


class _Raw(PDFObject):  # type: ignore[misc]
    """PDF source written as given (a reference ReportLab's form holds as text)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, _document: Any) -> bytes:
        return self.text.encode("latin-1")


@dataclass
class _Node:
    """A parent field: ``kickoff.expectation`` for ``kickoff.expectation.3.because``."""

    ref: PDFObjectReference
    kids: PDFArray


@dataclass
class _Form:
    """One document's fields: the name tree, the fonts, appearances shared between fields."""

    canvas: Any
    nodes: dict[str, _Node] = field(default_factory=dict)
    terminals: set[str] = field(default_factory=set)
    font: PDFObjectReference | None = None
    tick_font: PDFObjectReference | None = None
    appearances: dict[str, PDFObjectReference] = field(default_factory=dict)

    def __post_init__(self) -> None:
        acro = self.canvas.acroForm
        # ReportLab's form writes its own resources only for its own (standard) fonts;
        # these entries take their place and name both its fonts and ours.
        acro.extras["DR"] = _Resources(self)
        acro.extras["DA"] = PDFString(f"/{FONT_KEY} 0 Tf 0 g")

    @property
    def doc(self) -> Any:
        return self.canvas._doc

    def place(self, name: str, obj: PDFDictionary) -> PDFObjectReference:
        """Give the field its own name's last part, hang it under its parents (made on
        first use) and return its reference. Malformed or repeated names are refused."""
        parts = name.split(".")
        if not all(PART.match(p) for p in parts):
            raise FieldNameError(f"Field name {name!r}: each part must be letters, digits, _ or -.")
        if name in self.terminals or name in self.nodes:
            raise FieldNameError(f"Field name {name!r} is used twice in this document.")
        obj.dict["T"] = PDFString(parts[-1])
        parent = self._parent(".".join(parts[:-1]))
        if parent is not None:
            obj.dict["Parent"] = parent.ref
        ref = self.doc.Reference(obj)
        (parent.kids.sequence if parent is not None else self.canvas.acroForm.fields).append(ref)
        self.terminals.add(name)
        return ref

    def _parent(self, name: str) -> _Node | None:
        if not name:
            return None
        if name in self.terminals:
            raise FieldNameError(f"Field name {name!r} is a field, so it cannot have parts.")
        node = self.nodes.get(name)
        if node is None:
            head, _, last = name.rpartition(".")
            grand = self._parent(head)
            kids = PDFArray([])
            entries: dict[str, Any] = {"T": PDFString(last), "Kids": kids}
            if grand is not None:
                entries["Parent"] = grand.ref
            node = _Node(self.doc.Reference(PDFDictionary(entries)), kids)
            (grand.kids.sequence if grand is not None else self.canvas.acroForm.fields).append(
                node.ref
            )
            self.nodes[name] = node
        return node

    def font_ref(self) -> PDFObjectReference:
        if self.font is None:
            self.font = _embed_font(self.doc)
        return self.font

    def tick_font_ref(self) -> PDFObjectReference:
        if self.tick_font is None:
            self.tick_font = self.doc.Reference(
                PDFDictionary(
                    {
                        "Type": PDFName("Font"),
                        "Subtype": PDFName("Type1"),
                        "BaseFont": PDFName("ZapfDingbats"),
                        "Name": PDFName(TICK_KEY),
                    }
                )
            )
        return self.tick_font

    def appearance(
        self,
        width: float,
        height: float,
        content: str,
        *,
        font: bool = False,
        shared: bool = False,
    ) -> PDFObjectReference:
        """A form XObject of ``width`` x ``height`` drawing ``content``. A ``shared`` one is
        written once for every identical use (the tick boxes' crosses). A text field's is
        its own: a tool filling the field may write its new text into that very object
        (pypdf does), which would then show in every field sharing it."""
        key = f"{width:.2f} {height:.2f} {font}\n{content}"
        ref = self.appearances.get(key) if shared else None
        if ref is None:
            entries: dict[str, Any] = {
                "Type": PDFName("XObject"),
                "Subtype": PDFName("Form"),
                "BBox": PDFArray([0, 0, round(width, 2), round(height, 2)]),
            }
            if font:
                entries["Resources"] = PDFDictionary(
                    {"Font": PDFDictionary({FONT_KEY: self.font_ref()})}
                )
            stream = PDFStream(PDFDictionary(entries), content, filters=[PDFZCompress])
            ref = self.doc.Reference(stream)
            if shared:
                self.appearances[key] = ref
        return ref


class _Resources(PDFObject):  # type: ignore[misc]
    """The form's default resources, written when the document is: the fonts the fields'
    appearances name (ours, the tick boxes', and any ReportLab field's)."""

    def __init__(self, form: _Form) -> None:
        self.form = form

    def format(self, document: Any) -> bytes:
        acro = self.form.canvas.acroForm
        fonts: dict[str, Any] = {name: _Raw(ref) for name, ref in acro.fonts.items()}
        if self.form.font is not None:
            fonts[FONT_KEY] = self.form.font
        if self.form.tick_font is not None:
            fonts[TICK_KEY] = self.form.tick_font
        entries: dict[str, Any] = {"Font": PDFDictionary(fonts)}
        if acro.fonts:  # ReportLab's standard fonts name its encoding
            entries["Encoding"] = PDFDictionary({"RLAFencoding": _Raw(acro.encRefStr)})
        return PDFDictionary(entries).format(document)  # type: ignore[no-any-return]


def _form(canvas: Any) -> _Form:
    form = getattr(canvas, _FORM_KEY, None)
    if form is None:
        form = _Form(canvas)
        setattr(canvas, _FORM_KEY, form)
    return form


def _embed_font(doc: Any) -> PDFObjectReference:
    font = form_font()
    program = PDFStream(
        PDFDictionary({"Length1": len(font.data)}), font.data, filters=[PDFZCompress]
    )
    descriptor = PDFDictionary(
        {
            "Type": PDFName("FontDescriptor"),
            "FontName": PDFName(FONT_NAME),
            "Flags": 32,  # non-symbolic: Latin text
            "FontBBox": PDFArray([round(v) for v in font.bbox]),
            "ItalicAngle": 0,
            "Ascent": round(font.ascent),
            "Descent": round(font.descent),
            "CapHeight": round(font.cap_height),
            "StemV": round(font.stem_v),
            "FontFile2": doc.Reference(program),
        }
    )
    widths = PDFArray(_width_runs(font.widths))
    descendant = PDFDictionary(
        {
            "Type": PDFName("Font"),
            "Subtype": PDFName("CIDFontType2"),
            "BaseFont": PDFName(FONT_NAME),
            "CIDSystemInfo": PDFDictionary(
                {
                    "Registry": PDFString("Adobe"),
                    "Ordering": PDFString("Identity"),
                    "Supplement": 0,
                }
            ),
            "FontDescriptor": doc.Reference(descriptor),
            "DW": 1000,
            "W": widths,
            "CIDToGIDMap": PDFName("Identity"),  # character codes are glyph ids
        }
    )
    to_unicode = PDFStream(PDFDictionary({}), font.to_unicode(), filters=[PDFZCompress])
    return doc.Reference(
        PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("Type0"),
                "BaseFont": PDFName(FONT_NAME),
                "Encoding": PDFName("Identity-H"),
                "DescendantFonts": PDFArray([doc.Reference(descendant)]),
                "ToUnicode": doc.Reference(to_unicode),
            }
        )
    )


def _width_runs(widths: Sequence[int], run: int = 16) -> list[Any]:
    """The /W array as ``first [w w ...]`` runs: short lines in the file."""
    out: list[Any] = []
    for first in range(0, len(widths), run):
        chunk = PDFArray(widths[first : first + run])
        chunk.multiline = False
        out += [first, chunk]
    return out


def _rgb(colour: Color) -> str:
    return f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f}"


def _rect(canvas: Any, x: float, y: float, width: float, height: float) -> PDFArray:
    left, bottom = canvas.absolutePosition(x, y)
    return PDFArray([round(v, 2) for v in (left, bottom, left + width, bottom + height)])


def text_field(
    canvas: Any,
    name: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    ink: Color,
    font_size: float = 10,
    multiline: bool = False,
    value: str = "",
    tooltip: str = "",
) -> None:
    """A text field over ``x, y, width, height`` (in the canvas's current coordinates),
    transparent and borderless: on paper the page's own lines and boxes show through.
    ``value`` pre-fills it (one line per line of text, cut at the field's edge)."""
    form = _form(canvas)
    form.font_ref()  # in the form's resources: what a viewer draws typed text with
    entries: dict[str, Any] = {
        "Type": PDFName("Annot"),
        "Subtype": PDFName("Widget"),
        "FT": PDFName("Tx"),
        "Rect": _rect(canvas, x, y, width, height),
        "F": _PRINT,
        "Ff": _MULTILINE if multiline else 0,
        "DA": PDFString(f"/{FONT_KEY} {font_size:g} Tf {_rgb(ink)} rg"),
        "V": PDFString(value),
        "P": form.doc.thisPageRef(),
        "AP": PDFDictionary(
            {"N": _text_appearance(form, width, height, value, font_size, ink, multiline)}
        ),
    }
    if tooltip:
        entries["TU"] = PDFString(tooltip)
    widget = PDFDictionary(entries)
    canvas._addAnnotation(widget)
    form.place(name, widget)


def _text_appearance(
    form: _Form,
    width: float,
    height: float,
    value: str,
    size: float,
    ink: Color,
    multiline: bool,
) -> PDFObjectReference:
    if not value:
        return form.appearance(width, height, "/Tx BMC\nEMC")
    font = form_font()
    lines = value.splitlines() if multiline else [" ".join(value.split())]
    leading = size * 1.15
    if multiline:
        top = height - 2 - size * font.ascent / 1000
    else:
        top = (height - size * font.cap_height / 1000) / 2
    shown = [f"2 {top:.2f} Td"]
    for number, line in enumerate(lines):
        if number:
            shown.append(f"0 {-leading:.2f} Td")
        shown.append(f"<{font.encode(line)}> Tj")
    content = "\n".join(
        [
            "/Tx BMC",
            "q",
            f"1 1 {width - 2:.2f} {height - 2:.2f} re W n",  # clipped to the field
            "BT",
            f"/{FONT_KEY} {size:g} Tf",
            f"{_rgb(ink)} rg",
            *shown,
            "ET",
            "Q",
            "EMC",
        ]
    )
    return form.appearance(width, height, content, font=True)


def tick_group(
    canvas: Any,
    name: str,
    boxes: Sequence[tuple[str, float, float, float]],
    *,
    ink: Color,
    tooltip: str = "",
) -> None:
    """Boxes of which at most one is ticked, each ``(value, x, y, size)`` in the canvas's
    current coordinates: the field's value is the ticked box's ``value`` (a score, a
    cause). The page draws the boxes; ticked, a box shows a cross in ``ink``."""
    form = _form(canvas)
    kids = PDFArray([])
    entries: dict[str, Any] = {
        "FT": PDFName("Btn"),
        "Ff": _RADIO,  # and not "no toggle to off": a tick can be taken back
        "V": PDFName("Off"),
        "Kids": kids,
        "DA": PDFString(f"/{TICK_KEY} 0 Tf {_rgb(ink)} rg"),
    }
    if tooltip:
        entries["TU"] = PDFString(tooltip)
    group = form.place(name, PDFDictionary(entries))
    form.tick_font_ref()
    for value, x, y, size in boxes:
        if not PART.match(value) or value == "Off":
            raise FieldNameError(f"Tick box value {value!r} in {name!r} is not a plain word.")
        inset = size * 0.22
        far = size - inset
        cross = (
            f"q {_rgb(ink)} RG 1.6 w 1 J {inset:.2f} {inset:.2f} m {far:.2f} {far:.2f} l "
            f"{inset:.2f} {far:.2f} m {far:.2f} {inset:.2f} l S Q"
        )
        widget = PDFDictionary(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Widget"),
                "Parent": group,
                "Rect": _rect(canvas, x, y, size, size),
                "F": _PRINT,
                "AS": PDFName("Off"),
                "P": form.doc.thisPageRef(),
                "MK": PDFDictionary({"CA": PDFString(TICK_CROSS)}),
                "AP": PDFDictionary(
                    {
                        "N": PDFDictionary(
                            {
                                value: form.appearance(size, size, cross, shared=True),
                                "Off": form.appearance(size, size, "", shared=True),
                            }
                        )
                    }
                ),
            }
        )
        canvas._addAnnotation(widget)
        kids.sequence.append(form.doc.Reference(widget))
