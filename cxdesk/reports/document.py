"""Assemble the toolkit PDF: sections in order, header band and footer, written atomically.

The PDF is built into a temporary file beside the target and renamed over it only when
complete, so a cancelled or failed export never leaves a half-written file at the target
(and never destroys the previous one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxdesk.atomic_files import atomic_path
from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.brand import Brand
from cxdesk.models.edition import INTERNAL_MARK
from cxdesk.models.template_layout import DEFAULT_LAYOUT, TemplateLayout
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.sections import SECTIONS, SectionSpec, builder, section

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

    from cxdesk.reports.styles import ToolkitStyles

TOOLKIT_TITLE = N_("Expectation Management Toolkit")
Progress = Callable[[int, int, str], None]
COVER_MARK_TOP = 24.0  # points from the cover's top edge to the internal mark's strip


class ExportCancelled(Exception):
    """The user cancelled; nothing was written at the target."""


@dataclass(frozen=True)
class ToolkitResult:
    path: Path
    pages: int
    sections: tuple[str, ...]  # the keys printed, in order
    # Characters no font has (printed as boxes), in order of appearance: the export's
    # summary names them instead of leaving the boxes to be found on paper.
    unprintable: tuple[str, ...] = ()


def chosen_sections(
    data: ToolkitData | None, keys: Sequence[str] | None, tr: Translator = ENGLISH
) -> list[SectionSpec]:
    """The sections to print, in toolkit order. Blank (no data): only blank templates;
    asking for one that needs an engagement is a ValueError naming it. An engagement's
    toolkit has the worksheets only when they are asked for."""
    if keys is None:
        if data is None:
            return [s for s in SECTIONS if s.blank_ok]
        return [s for s in SECTIONS if not s.worksheet]
    wanted = {section(k).key for k in keys}  # KeyError for an unknown key
    if not wanted:
        raise ValueError("Choose at least one section to export.")
    specs = [s for s in SECTIONS if s.key in wanted]
    if data is None:
        missing = [s for s in specs if not s.blank_ok]
        if missing:
            names = ", ".join(f"{s.key} ({tr.gettext(s.title)})" for s in missing)
            raise ValueError(f"These sections need an engagement, not blank templates: {names}.")
    return specs


def document_title(data: ToolkitData | None, tr: Translator = ENGLISH) -> str:
    toolkit = tr.gettext(TOOLKIT_TITLE)
    if data is None:
        blank = tr.gettext("blank templates")
        return f"{toolkit} — {blank}"
    title = f"{toolkit} — {data.client.name} — {data.engagement.name}"
    # The viewer's title bar says it too: the last thing seen before pressing Send.
    return f"{title} ({tr.gettext(INTERNAL_MARK)})" if data.edition.is_internal else title


def build_toolkit(
    data: ToolkitData | None,
    brand: Brand,
    out: Path,
    *,
    sections: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    layout: TemplateLayout | None = None,
    language: Translator = ENGLISH,
) -> ToolkitResult:
    """Write the toolkit to ``out``, its words, dates and numbers in ``language``.
    ``progress(done, total, title)`` is called before the
    first section (done 0) and after each section is laid out; ``cancelled()`` is checked
    between sections (ExportCancelled). OSError when the target cannot be written.
    ``layout``: how the templates are laid out (the kickoff's rows); the default's if None."""
    from dataclasses import replace

    from cxdesk.reports.fonts import counting_unprintable
    from cxdesk.reports.worksheets import laid_out

    with counting_unprintable() as unprintable, laid_out(layout or DEFAULT_LAYOUT):
        result = _build_toolkit(
            data,
            brand,
            out,
            sections=sections,
            progress=progress,
            cancelled=cancelled,
            tr=language,
        )
    return replace(result, unprintable=tuple(unprintable))


def _build_toolkit(
    data: ToolkitData | None,
    brand: Brand,
    out: Path,
    *,
    sections: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    tr: Translator = ENGLISH,
) -> ToolkitResult:
    from cxdesk.reports.seeded import brand_in

    specs = chosen_sections(data, sections, tr)
    brand = brand_in(brand, tr)  # the default firm name is the app's words: translated
    out = Path(out)
    total = len(specs)
    report = progress or (lambda _done, _total, _title: None)
    stop = cancelled or (lambda: False)

    def check() -> None:
        if stop():
            raise ExportCancelled("Export cancelled.")

    check()
    from cxdesk.reports.flowables import SectionStart

    report(0, total, tr.gettext(specs[0].title))
    flowables: list[Flowable] = []
    for index, spec in enumerate(specs):
        check()
        if index:
            flowables.extend(_section_break(spec))
        flowables.append(SectionStart(index, tr.gettext(spec.title)))
        flowables.extend(builder(spec)(data, brand, tr))

    with atomic_path(out) as temp:
        pages = _layout(data, brand, specs, flowables, temp, report, check, tr)
        check()
    return ToolkitResult(out, pages, tuple(s.key for s in specs))


def _section_break(spec: SectionSpec) -> list[Flowable]:
    from reportlab.platypus import NextPageTemplate, PageBreak

    return [NextPageTemplate("body"), PageBreak()]


def _layout(
    data: ToolkitData | None,
    brand: Brand,
    specs: list[SectionSpec],
    flowables: list[Flowable],
    target: Path,
    report: Progress,
    check: Callable[[], None],
    tr: Translator,
) -> int:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from cxdesk.reports.flowables import SectionStart
    from cxdesk.reports.styles import styles_for

    styles = styles_for(brand)
    band = _PageDecoration(data, brand, styles, tr)
    frame = Frame(
        styles.margin_side,
        styles.margin_bottom,
        styles.frame_width,
        styles.page_height - band.frame_top - styles.margin_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    cover_frame = Frame(
        styles.margin_side,
        styles.margin_bottom,
        styles.frame_width,
        styles.page_height - styles.margin_bottom - styles.margin_side,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="cover",
    )
    body = PageTemplate("body", [frame], onPage=band.body_page)
    cover = PageTemplate("cover", [cover_frame], onPage=band.cover_page)
    templates = [cover, body] if specs[0].key == "cover" else [body, cover]

    class ToolkitDocument(BaseDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Flowable) -> None:
            # A section's first flowable has been laid out: the one before it is done.
            if isinstance(flowable, SectionStart) and flowable.index:
                check()
                report(flowable.index, len(specs), tr.gettext(specs[flowable.index].title))

    document = ToolkitDocument(
        str(target),
        pagesize=(styles.page_width, styles.page_height),
        title=document_title(data, tr),
        author=brand.firm_name,
        subject=data.client.name if data is not None else "",
        creator="CX Desk",
        keywords=[tr.gettext(s.title) for s in specs],
        leftMargin=styles.margin_side,
        rightMargin=styles.margin_side,
        topMargin=styles.margin_top,
        bottomMargin=styles.margin_bottom,
    )
    document.addPageTemplates(templates)
    counted = _counting_canvas(band)
    document.build(flowables, canvasmaker=counted)
    report(len(specs), len(specs), tr.gettext(specs[-1].title))
    return int(counted.last_page_count)


class _PageDecoration:
    """The header band and the static part of the footer; the page count is drawn by the
    canvas once the total is known."""

    def __init__(
        self, data: ToolkitData | None, brand: Brand, styles: ToolkitStyles, tr: Translator
    ) -> None:
        from cxdesk.reports.page_band import (
            BAND_CLEARANCE,
            MARK_HEIGHT,
            footer_layout,
            header_layout,
        )
        from cxdesk.reports.text import plain

        self.styles = styles
        self.tr = tr
        # Every page of the internal edition, the cover too, says it is not for the client.
        self.mark = (
            tr.gettext(INTERNAL_MARK) if data is not None and data.edition.is_internal else None
        )
        self.firm = plain(brand.firm_name).replace("\n", " ")
        if data is None:
            self.context = tr.gettext(TOOLKIT_TITLE)
        else:
            self.context = plain(f"{data.client.name} · {data.engagement.name}").replace("\n", " ")
        # The footer is the brand's words; left at its default (the toolkit's title), it
        # is said in the toolkit's language like the title itself.
        words = tr.gettext(TOOLKIT_TITLE) if brand.footer == Brand().footer else brand.footer
        footer = plain(words).replace("\n", " ")
        contact = plain(brand.contact).replace("\n", " ")
        # Laid out once: names wrap (and the type shrinks) instead of being cut.
        self.header = header_layout(self.firm, self.context, styles)
        self.footer_blocks = footer_layout(footer, contact, styles)
        # The body frame starts under the band: at the style's margin, or lower when a
        # long engagement name made the band taller than the margin allows.
        marked = MARK_HEIGHT if self.mark else 0.0
        self.frame_top = max(styles.margin_top, self.header.band_height + BAND_CLEARANCE + marked)

    def cover_page(self, canvas: Canvas, _doc: Any) -> None:
        # The cover is the one page without the band, footer and page number; the
        # internal edition's mark is on it all the same.
        if self.mark:
            from cxdesk.reports.page_band import draw_mark

            canvas.saveState()
            # Clear of the edge a printer cannot print on (about 5 mm), above the logo.
            draw_mark(canvas, self.mark, COVER_MARK_TOP, self.styles)
            canvas.restoreState()

    def body_page(self, canvas: Canvas, _doc: Any) -> None:
        from cxdesk.reports.page_band import ACCENT_RULE, draw_footer, draw_header, draw_mark

        canvas.saveState()
        draw_header(canvas, self.header, self.styles)
        if self.mark:
            draw_mark(canvas, self.mark, self.header.band_height + ACCENT_RULE, self.styles)
        draw_footer(canvas, self.footer_blocks, self.styles)
        self._draw_folio(canvas)
        canvas.restoreState()

    def _draw_folio(self, canvas: Canvas) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from cxdesk.reports.fonts import BODY

        s = self.styles
        # "Page n of " is drawn now; the total is a form filled in when the document ends,
        # right-aligned by reserving room for up to four digits.
        label = self.tr.gettext("Page {number} of ").format(
            number=self.tr.integer(canvas.getPageNumber())
        )
        right = s.page_width - s.margin_side - stringWidth("0000", BODY, 8)
        canvas.setFillColor(s.muted_ink)
        canvas.setFont(BODY, 8)
        canvas.drawRightString(right, s.margin_bottom - 24, label)
        canvas.saveState()
        canvas.translate(right, s.margin_bottom - 24)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()

    def draw_total(self, canvas: Canvas, pages: int) -> None:
        from cxdesk.reports.fonts import BODY

        canvas.setFillColor(self.styles.muted_ink)
        canvas.setFont(BODY, 8)
        canvas.drawString(0, 0, str(pages))


_TOTAL_FORM = "cxPageTotal"


def _counting_canvas(band: _PageDecoration) -> Any:
    """A canvas class that, on saving, defines the "of m" form every folio refers to.

    Each page's footer draws "Page n of" and then a form XObject whose content (the total)
    is only known at the end; pages are not held back, so outline entries and form fields
    keep pointing at the right page.
    """
    from reportlab.pdfgen.canvas import Canvas

    class CountingCanvas(Canvas):  # type: ignore[misc]
        last_page_count = 0

        def save(self) -> None:
            pages = self.getPageNumber() - 1  # the document has just shown its last page
            type(self).last_page_count = pages
            self.beginForm(_TOTAL_FORM)
            band.draw_total(self, pages)
            self.endForm()
            super().save()

    return CountingCanvas
