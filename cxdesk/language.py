"""The languages CX Desk prints in, and the Translator that says its words in one of them.

Words come from gettext catalogues in resources/locale/<code>/LC_MESSAGES/<domain>.po (one
domain per area: ``toolkit`` for the PDF, later ``app`` for the window), compiled in
memory when first used, so a fresh clone or an edited .po never meets a stale .mo. The
English source strings are the catalogue's keys: English needs no catalogue. Dates,
numbers, lists and plural rules come from Babel's CLDR data for the language's locale.

A Translator is a plain value handed to whatever prints (the toolkit's sections get it
beside the brand), never a process-wide setting, so two exports in two languages can run
side by side.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from io import BytesIO

LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "nl": "Nederlands",
    "pt": "Português",
    "pl": "Polski",
}
"""Every language the toolkit prints in, by code, with its own name for itself."""

DEFAULT_LANGUAGE = "en"
TOOLKIT_DOMAIN = "toolkit"

# The CLDR locale whose dates and numbers each language uses: British English writes
# "6 December 2026" (unambiguous on both sides of the Atlantic), European Portuguese.
_LOCALES = {
    "en": "en_GB",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "nl": "nl_NL",
    "pt": "pt_PT",
    "pl": "pl_PL",
}
MINUS = "−"  # U+2212: a real minus sign, as the toolkit's numbers always printed


class UnknownLanguage(ValueError):
    """A language code CX Desk has no catalogue for; the message lists the known ones."""

    def __init__(self, code: str, available: dict[str, str] | None = None) -> None:
        offered = LANGUAGES if available is None else available
        known = ", ".join(f"{c} ({name})" for c, name in offered.items())
        super().__init__(f"Unknown language “{code}”. Choose one of: {known}.")
        self.code = code


def available_languages(domain: str = TOOLKIT_DOMAIN) -> dict[str, str]:
    """The languages with a catalogue for ``domain`` (English always): what a chooser
    offers. The catalogue tests make sure each one shipped is complete."""
    from cxdesk.resources import resource_dir

    base = resource_dir()
    return {
        code: name
        for code, name in LANGUAGES.items()
        if code == DEFAULT_LANGUAGE or base.joinpath(*catalogue_path_parts(code, domain)).exists()
    }


def known_language(code: str, domain: str = TOOLKIT_DOMAIN) -> str:
    """The code, lower-cased, when CX Desk prints in it; UnknownLanguage otherwise."""
    cleaned = code.strip().lower()
    if cleaned not in available_languages(domain):
        raise UnknownLanguage(code, available_languages(domain))
    return cleaned


def catalogue_path_parts(code: str, domain: str = TOOLKIT_DOMAIN) -> tuple[str, ...]:
    """Where a language's catalogue is under resources/."""
    return ("locale", code, "LC_MESSAGES", f"{domain}.po")


@cache
def _catalogue(code: str, domain: str) -> gettext.NullTranslations:
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from cxdesk.resources import resource

    with resource(*catalogue_path_parts(code, domain)).open("rb") as po:
        catalog = read_po(po, locale=_LOCALES[code], domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: a guess never prints
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Translator:
    """One language's words, dates and numbers."""

    code: str = DEFAULT_LANGUAGE
    domain: str = TOOLKIT_DOMAIN
    _catalogue: gettext.NullTranslations = field(
        default_factory=gettext.NullTranslations, compare=False, repr=False
    )

    @property
    def locale(self) -> str:
        return _LOCALES[self.code]

    @property
    def name(self) -> str:
        return LANGUAGES[self.code]

    # -- words ---------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as said in ``context``: "short" is the form for a narrow column."""
        return self._catalogue.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form ``count`` takes in this language (Polish has three)."""
        return self._catalogue.ngettext(singular, plural, count)

    def counted(self, singular: str, plural: str, count: int) -> str:
        """``ngettext`` with ``{count}`` filled in, written as this language writes numbers."""
        return self.ngettext(singular, plural, count).format(count=self.integer(count))

    def spoken_list(self, items: list[str]) -> str:
        """“A, B and C” in this language's words."""
        if len(items) < 2:
            return "".join(items)
        from babel.lists import format_list

        return str(format_list(items, locale=self.locale))

    # -- dates and numbers -----------------------------------------------------------

    def long_date(self, day: date | None) -> str:
        """Like "6 December 2026" / "6. Dezember 2026" / "6 grudnia 2026"."""
        if day is None:
            return ""
        from babel.dates import format_date

        return str(format_date(day, "long", locale=self.locale))

    def short_date(self, day: date | None) -> str:
        """Like "6 Dec 2026", for table cells."""
        if day is None:
            return ""
        from babel.dates import format_date

        return str(format_date(day, "medium", locale=self.locale))

    def integer(self, value: int) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=self.locale)).replace("-", MINUS)

    def decimal(self, value: float, digits: int = 1, *, signed: bool = False) -> str:
        """``value`` to ``digits`` places ("4,5" in German), with a real minus sign; with
        ``signed`` a plus sign on positives ("+1,5")."""
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        text = str(format_decimal(round(value, digits) + 0.0, pattern, locale=self.locale))
        text = text.replace("-", MINUS)
        if signed and round(value, digits) > 0:
            text = "+" + text
        return text

    def percent(self, value: float) -> str:
        """A percentage given as 0-100, whole ("85 %" in French, "85%" in English)."""
        from babel.numbers import format_percent

        return str(format_percent(value / 100, locale=self.locale)).replace("-", MINUS)


@cache
def translator(code: str = DEFAULT_LANGUAGE, domain: str = TOOLKIT_DOMAIN) -> Translator:
    """The Translator for a language code (UnknownLanguage for one CX Desk lacks)."""
    code = known_language(code, domain)
    return Translator(code, domain, _catalogue(code, domain))


ENGLISH = Translator()


def N_(message: str) -> str:
    """Marks a string for the catalogues where it is defined; it is translated where it is
    printed (``translator.gettext(label)``)."""
    return message
