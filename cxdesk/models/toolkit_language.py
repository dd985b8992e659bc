"""The languages an engagement's toolkit may print in, as the database and .cxdesk files
know them (schema 0015's CHECK): the codes of ``cxdesk.language.LANGUAGES``, which a test
keeps equal. Pure values: no Qt, no SQLAlchemy, no catalogues."""

from __future__ import annotations

from enum import StrEnum


class ToolkitLanguage(StrEnum):
    ENGLISH = "en"
    GERMAN = "de"
    FRENCH = "fr"
    SPANISH = "es"
    DUTCH = "nl"
    PORTUGUESE = "pt"
    POLISH = "pl"
