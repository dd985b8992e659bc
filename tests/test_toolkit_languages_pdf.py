"""The demo toolkit printed in each language: every word it asks for is in the catalogues,
each language's section titles are on its pages, and no English sentence of the catalogue
is left among them."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cxdesk.language import DEFAULT_LANGUAGE, Translator, available_languages, translator
from cxdesk.language_sources import ROOT
from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.edition import CLIENT_EDITION, INTERNAL_EDITION
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.document import build_toolkit, chosen_sections
from cxdesk.reports.sections import SECTIONS
from cxdesk.resources import resource_dir
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2026, 12, 8)
LANGUAGES = [code for code in available_languages() if code != DEFAULT_LANGUAGE]
# English words a translated toolkit keeps on purpose, and why.
KEPT_IN_ENGLISH = {
    # Practitioners know the quadrants and RATER dimensions by their English names: each
    # language prints its own name with the English one in brackets.
    "Stellar Success",
    "Style > Substance",
    "Hidden Hero",
    "Total Misfire",
    "Reliability",
    "Assurance",
    "Tangibles",
    "Empathy",
    "Responsiveness",
}


@dataclass(frozen=True)
class RecordingTranslator(Translator):
    """English, noting every message it is asked for."""

    asked: list[str] = field(default_factory=list, compare=False)

    def gettext(self, message: str) -> str:
        self.asked.append(message)
        return super().gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        self.asked.append(singular)
        return super().ngettext(singular, plural, count)


def template_ids() -> set[str]:
    with (ROOT / "resources" / "locale" / "toolkit.pot").open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def catalogue(code: str) -> dict[str, str]:
    """msgid -> msgstr (the first form of a plural)."""
    with resource_dir().joinpath("locale", code, "LC_MESSAGES", "toolkit.po").open("rb") as f:
        found = read_po(f)
    out = {}
    for m in found:
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            out[key] = m.string if isinstance(m.string, str) else m.string[0]
    return out


def demo(db: Database, *, internal: bool) -> ToolkitData:
    engagement = add_demo_engagement(db, today=TODAY)
    edition = INTERNAL_EDITION if internal else CLIENT_EDITION
    return load_toolkit_data(db, engagement, today=TODAY, edition=edition)


def text_of(pdf: Path) -> str:
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    return words(run.stdout.decode("utf-8"))


def words(text: str) -> str:
    # One space between words, hyphenation at line ends undone as pdftotext leaves it.
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def all_sections() -> list[str]:
    return [s.key for s in SECTIONS]


def test_every_word_the_toolkit_asks_for_is_in_the_catalogues(db: Database, tmp_path: Path) -> None:
    """A word translated through a variable (a tuple of captions, a table's headers) must
    be marked where it is written, or extraction misses it and it prints in English."""
    recording = RecordingTranslator()
    data = demo(db, internal=True)
    build_toolkit(
        data, DEFAULT_BRAND, tmp_path / "i.pdf", sections=all_sections(), language=recording
    )
    client = load_toolkit_data(db, data.engagement.id, today=TODAY, edition=CLIENT_EDITION)
    build_toolkit(client, DEFAULT_BRAND, tmp_path / "c.pdf", language=recording)
    build_toolkit(None, DEFAULT_BRAND, tmp_path / "b.pdf", language=recording)
    worded = {m for m in recording.asked if any(c.isalpha() for c in m)}  # "#" says itself
    missing = sorted(worded - template_ids())
    assert missing == []


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("internal", [False, True], ids=["client", "internal"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_the_demo_toolkit_speaks_the_language(
    db: Database, tmp_path: Path, code: str, internal: bool
) -> None:
    tr = translator(code)
    data = demo(db, internal=internal)
    out = tmp_path / f"{code}.pdf"
    build_toolkit(data, DEFAULT_BRAND, out, sections=all_sections(), language=tr)
    text = text_of(out)
    # Every section's title, in the language (the cover's is in the outline only).
    for spec in chosen_sections(data, all_sections()):
        if spec.key != "cover":
            assert words(tr.gettext(spec.title)) in text, spec.key
    # No sentence or label of the catalogue left in English. The demo's own words, typed
    # in English, are the engagement's and print as typed; so do the words of the quiz
    # its workshops were run with (a session keeps the language it was run in).
    run_with = {
        text
        for s in data.sessions
        for text in (
            s.quiz.title,
            *s.quiz.definition.statements,
            *(b.label for b in s.quiz.bands),
            *(b.advice for b in s.quiz.bands),
        )
    }
    left = [
        english
        for english, said in catalogue(code).items()
        if said != english
        and " " in english.strip()
        and len(english) >= 12
        and english not in KEPT_IN_ENGLISH | run_with
        and "{" not in english
        and words(english) in text
    ]
    assert left == []
    # Its dates: the cover's, in the language's own words.
    assert tr.long_date(TODAY) in text
