"""Stored words the app seeded and nobody changed, said in the toolkit's language.

An engagement starts with the default journey phases, handoff checklists and escalation
ladder written into its rows, and a workspace with a default brand; until the consultant
edits them they are the app's words, not the user's, and print in the toolkit's language
like the rest of the page. Anything typed (a renamed phase, a reworded checklist item or
rung, the firm's own name) prints exactly as typed: user text is never translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cxdesk.language import Translator
from cxdesk.models.brand import Brand
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.journey_map import DEFAULT_CHECKLIST_ITEMS, DEFAULT_PHASES, JourneyMap


def phase_name(name: str, tr: Translator) -> str:
    return tr.gettext(name) if name in DEFAULT_PHASES else name


def handoff_item_text(text: str, tr: Translator) -> str:
    """A handoff checklist item in ``tr``'s language while it is a default item, word for
    word; as stored once reworded."""
    return tr.gettext(text) if text in DEFAULT_CHECKLIST_ITEMS else text


def journey_in(journey: JourneyMap, tr: Translator) -> JourneyMap:
    """The map with its default-named phases and default checklist items in ``tr``'s
    language."""
    phases = tuple(
        replace(
            p,
            name=phase_name(p.name, tr),
            handoff=tuple(
                replace(item, text=handoff_item_text(item.text, tr)) for item in p.handoff
            ),
        )
        for p in journey.phases
    )
    return replace(journey, phases=phases)


def brand_in(brand: Brand, tr: Translator) -> Brand:
    """The brand with its firm name in ``tr``'s language while it is still the default
    ("Your consultancy"): a placeholder the app wrote, not the firm's name."""
    if brand.firm_name != Brand().firm_name:
        return brand
    return replace(brand, firm_name=tr.gettext(brand.firm_name))


def ladder_in(ladder: Sequence[Sequence[str]], tr: Translator) -> list[tuple[str, ...]]:
    """A stored ladder's words (name, trigger, owner, response time, channel per rung) in
    ``tr``'s language when it is still the default ladder, word for word; else as stored."""
    rows = [tuple(rung) for rung in ladder]
    if rows != [tuple(rung) for rung in DEFAULT_LADDER]:
        return rows
    return [tuple(tr.gettext(words) for words in rung) for rung in rows]
