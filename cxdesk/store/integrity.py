"""The consultant's words for a change the database's constraints or triggers refused."""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError


def describe_integrity_error(exc: IntegrityError) -> str:
    """What the consultant is told when the database refused a change (``exc``)."""
    text = str(exc.orig)
    # Raised by migration 0003's triggers, which check against the answer's own quiz.
    if "outside the quiz scale" in text:
        return "That score is outside the quiz's scale, so it was not saved."
    if "quiz_mismatch" in text:
        return "That statement belongs to another quiz, so it was not saved."
    # Raised by migration 0005's triggers: a map's rows stay within one engagement.
    if "stakeholder_mismatch" in text:
        return "That stakeholder belongs to another engagement, so the score was not saved."
    if "map_mismatch" in text:
        return "That belongs to the map of another engagement, so it was not saved."
    if "_emotion_range" in text or re.search(r"NOT NULL constraint failed: \w+\.emotion", text):
        return "An emotion goes from -3 to +3, so it was not saved."
    if "ck_handoff_item_done_flag" in text:
        return "A checklist item is either done or not, so it was not saved."
    if "ck_handoff_item_text_not_blank" in text:
        return "A checklist item cannot be empty."
    named = re.search(r"ck_(map_phase|touchpoint|stakeholder)_name_not_blank", text)
    if named:
        return f"A {named[1].replace('map_', '')} needs a name."
    if "ck_stakeholder_influence_known" in text:
        return "Influence is low, medium or high, so it was not saved."
    if "UNIQUE constraint failed: stakeholder_emotion." in text:
        return "That stakeholder already has a score for that touchpoint."
    if "UNIQUE constraint failed: emotion_revisit." in text:
        return "That milestone has been revisited already."
    toolkit = _describe_toolkit_refusal(text)
    if toolkit:
        return toolkit
    if "_range" in text:
        return "That value is out of range, so it was not saved."
    if "points_total" in text:
        return "Importance points must add up to exactly 100 (or all be left out)."
    blank = re.search(r"ck_\w+?_(name|title|text|reason|label)_not_blank", text)
    if blank:
        what = {
            "text": "statement",
            "reason": "reason for an override",
            "label": "band label",
        }.get(blank[1], blank[1])
        return f"A {what} cannot be empty."
    if "_known" in text:
        return "That choice is not one CX Desk knows."
    if "FOREIGN KEY" in text:
        return "What this edit refers to no longer exists (it may have been deleted)."
    return f"The edit was refused by the database ({text})."


# Migration 0006's CHECKs on the brand and the escalation ladder, checked before the
# generic "_not_blank" / "_known" / "_range" wordings above would catch them less clearly.
_BRAND_MESSAGES = {
    "ck_brand_single_row": "A workspace has one brand; change it instead of adding another.",
    "ck_brand_firm_name_not_blank": "The firm needs a name.",
    "_colour_hex": "A colour must look like #1F4E79, so it was not saved.",
    "ck_brand_page_size_known": "The page size is A4 or US Letter, so it was not saved.",
    "ck_brand_logo_kind_known": "A logo is a PNG, JPEG or SVG file, so it was not saved.",
    "ck_brand_logo_complete": "A logo needs both its file and its kind.",
    "ck_brand_logo_size": "The logo is larger than 2 MB; use a smaller file.",
    "ck_escalation_level_name_not_blank": "A rung of the escalation ladder needs a name.",
}
_LENGTH = re.compile(r"ck_(brand|escalation_level)_(\w+?)_length")


def _describe_toolkit_refusal(text: str) -> str | None:
    for name, message in _BRAND_MESSAGES.items():
        if name in text:
            return message
    long = _LENGTH.search(text)
    if long:
        what = long[2].replace("_", " ")
        where = "brand" if long[1] == "brand" else "escalation rung"
        return f"The {where}'s {what} is too long, so it was not saved."
    return None
