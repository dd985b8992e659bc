"""Stored words the app seeded and nobody changed, said in the toolkit's language.

An engagement starts with the default journey phases and escalation ladder written into
its rows; until the consultant edits them they are the app's words, not the user's, and
print in the toolkit's language like the rest of the page. Anything typed (a renamed
phase, a rung reworded) prints exactly as typed: user text is never translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cxdesk.language import Translator
from cxdesk.models.escalation import DEFAULT_LADDER
from cxdesk.models.journey_map import DEFAULT_PHASES, JourneyMap


def phase_name(name: str, tr: Translator) -> str:
    return tr.gettext(name) if name in DEFAULT_PHASES else name


def journey_in(journey: JourneyMap, tr: Translator) -> JourneyMap:
    """The map with its default-named phases named in ``tr``'s language."""
    phases = tuple(replace(p, name=phase_name(p.name, tr)) for p in journey.phases)
    return replace(journey, phases=phases)


def ladder_in(ladder: Sequence[Sequence[str]], tr: Translator) -> list[tuple[str, ...]]:
    """A stored ladder's words (name, trigger, owner, response time, channel per rung) in
    ``tr``'s language when it is still the default ladder, word for word; else as stored."""
    rows = [tuple(rung) for rung in ladder]
    if rows != [tuple(rung) for rung in DEFAULT_LADDER]:
        return rows
    return [tuple(tr.gettext(words) for words in rung) for rung in rows]
