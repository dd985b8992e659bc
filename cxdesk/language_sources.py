"""Which source files hold the toolkit's words, and the catalogue template made from them.

Babel extracts every string marked ``tr.gettext(...)``, ``tr.ngettext(...)``,
``tr.counted(...)`` or ``N_(...)`` from the reports and from the model modules whose
labels print in the PDF. ``python -m cxdesk.language_sources`` writes the template
(resources/locale/toolkit.pot) and merges it into every language's toolkit.po, new
entries left empty for the translator; the tests compare each catalogue with a fresh
extraction, so a word printed in the PDF cannot be missing from a language.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
# The model modules whose labels (quadrants, RATER dimensions, bands, the five gaps,
# statuses, the built-in quiz and ladder) reach the PDF.
TOOLKIT_SOURCES = (
    "cxdesk/reports",
    "cxdesk/models/actions.py",
    "cxdesk/models/brand.py",
    "cxdesk/models/edition.py",
    "cxdesk/models/escalation.py",
    "cxdesk/models/five_gaps.py",
    "cxdesk/models/journey.py",
    "cxdesk/models/overview.py",
    "cxdesk/models/journey_map.py",
    "cxdesk/models/pulse.py",
    "cxdesk/models/quadrant.py",
    "cxdesk/models/quiz.py",
    "cxdesk/models/servqual.py",
)
KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "counted": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "_": None,
}
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields a message fills in, sorted: a translation keeps the same."""
    return sorted(_PLACEHOLDER.findall(text))


def extract_toolkit() -> Catalog:
    """Every message the toolkit PDF prints, extracted from the sources now."""
    from babel.messages.extract import extract_from_file

    catalog = Catalog(domain="toolkit", project="CX Desk", charset="utf-8")
    for source in TOOLKIT_SOURCES:
        path = ROOT / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            found = extract_from_file(
                "python", str(file), keywords=KEYWORDS, comment_tags=("Translators:",)
            )
            for line, message, comments, context in found:
                where = (str(file.relative_to(ROOT)), line)
                catalog.add(message, locations=[where], auto_comments=comments, context=context)
    return catalog


def update_catalogues() -> None:
    """Write the template and merge it into every language's catalogue."""
    from babel.messages.pofile import read_po, write_po

    from cxdesk.language import _LOCALES, DEFAULT_LANGUAGE, catalogue_path_parts

    template = extract_toolkit()
    locale_dir = ROOT / "resources" / "locale"
    with (locale_dir / "toolkit.pot").open("wb") as out:
        write_po(out, template, omit_header=False, sort_output=False, width=100)
    for code, locale in _LOCALES.items():
        if code == DEFAULT_LANGUAGE:
            continue
        po = locale_dir.joinpath(*catalogue_path_parts(code)[1:])
        if not po.exists():
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True)


if __name__ == "__main__":
    update_catalogues()
