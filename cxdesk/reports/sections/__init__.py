"""The toolkit's sections, in the order they print, and the helpers every section shares.

Each section module exposes ``build(data, brand, tr) -> list[Flowable]``: it starts with its
own heading (``heading(key, brand, tr)``: the title, plus an entry in the PDF's outline) and
ends without a page break; the document puts one between sections. Modules are imported
only when their section is built, so this registry is cheap to import (the export dialog
and the command line list it without loading ReportLab).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

from cxdesk.language import ENGLISH, N_, Translator

# A section is built in the language its Translator speaks (English when none is given).
SectionBuilder = Callable[["ToolkitData | None", "Brand", Translator], "list[Flowable]"]


@dataclass(frozen=True)
class SectionSpec:
    key: str  # command-line name
    title: str  # the heading printed and shown in the picker, in English (tr.gettext)
    module: str  # imported lazily; exposes build(data, brand, tr) -> list[Flowable]
    blank_ok: bool  # can print with data=None (blank templates)
    needs_engagement: bool
    # A sheet to write on (cxdesk.reports.worksheets): part of the blank templates, and
    # in an engagement's toolkit only when chosen.
    worksheet: bool = False


def _spec(key: str, title: str, *, blank_ok: bool, module: str | None = None) -> SectionSpec:
    return SectionSpec(key, title, f"{__name__}.{module or key}", blank_ok, not blank_ok)


def _worksheet(key: str, title: str, module: str) -> SectionSpec:
    return SectionSpec(key, title, f"cxdesk.reports.worksheets.{module}", True, False, True)


SECTIONS: tuple[SectionSpec, ...] = (
    _spec("cover", N_("Cover"), blank_ok=True),
    _spec("kickoff", N_("Kickoff expectation alignment"), blank_ok=True),
    _spec("matrix", N_("Expectation matrix"), blank_ok=False),
    _spec("rater", N_("RATER scorecard"), blank_ok=False),
    _worksheet("rater-sheet", N_("RATER scorecard sheet"), "rater_sheet"),
    _spec("quiz", N_("CX self-assessment quiz"), blank_ok=True),
    _spec("journey", N_("Client emotion map"), blank_ok=False),
    _worksheet("emotion-canvas", N_("Emotion map canvas"), "emotion_canvas"),
    _spec("feedback", N_("Feedback-loop questions"), blank_ok=True),
    _worksheet("pulse-cards", N_("Pulse-check cards"), "pulse_cards"),
    _spec("escalation", N_("Issue escalation ladder"), blank_ok=True),
    _worksheet("action-log", N_("Action and issue log"), "action_log"),
    # Closing the loop: an engagement's own actions, its log and wins (the blank sheet
    # for the kickoff binder is the worksheet above).
    _spec("actions", N_("Actions and owners"), blank_ok=False),
    _spec("you-said-we-did", N_("You said, we did"), blank_ok=False, module="you_said"),
    _spec("issue-log", N_("Issue log"), blank_ok=False, module="issue_log"),
    _spec("small-wins", N_("Small wins"), blank_ok=False, module="small_wins"),
    _spec("quadrant", N_("Project Experience Quadrant"), blank_ok=False),
)
_BY_KEY = {spec.key: spec for spec in SECTIONS}


def section(key: str) -> SectionSpec:
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(_BY_KEY)
        raise KeyError(f"Unknown section {key!r}; known sections: {known}.") from None


def builder(spec: SectionSpec) -> SectionBuilder:
    return cast(SectionBuilder, import_module(spec.module).build)


# --- shared pieces ----------------------------------------------------------------


def heading(key: str, brand: Brand, tr: Translator = ENGLISH, title: str | None = None) -> Flowable:
    """The section's h1 (its registry title in ``tr``'s language unless ``title`` is given),
    with an outline entry so the PDF's sidebar lists the sections."""
    from cxdesk.reports.flowables import OutlinedHeading
    from cxdesk.reports.styles import styles_for

    spec = section(key)
    return OutlinedHeading(
        title or tr.gettext(spec.title), styles_for(brand).h1, outline_key=f"section-{key}", level=0
    )


def subheading(text: str, brand: Brand, *, key: str | None = None) -> Flowable:
    """An h2; with ``key`` (unique in the document) it is also listed in the outline."""
    from cxdesk.reports.flowables import OutlinedHeading
    from cxdesk.reports.styles import styles_for

    return OutlinedHeading(text, styles_for(brand).h2, outline_key=key, level=1)


def nothing_yet(text: str, brand: Brand) -> Flowable:
    """The line an empty engagement gets instead of an empty chart ("Nothing recorded
    yet — …")."""
    from reportlab.platypus import Paragraph

    from cxdesk.reports.styles import styles_for
    from cxdesk.reports.text import para

    return Paragraph(para(text), styles_for(brand).muted)
