"""The toolkit's language: catalogues complete and in step with the sources, placeholders
kept, Babel's dates and numbers, and the command line's --language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cxdesk.cli_export import main
from cxdesk.language import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Translator,
    UnknownLanguage,
    available_languages,
    catalogue_path_parts,
    translator,
)
from cxdesk.language_sources import ROOT, extract_toolkit, placeholders
from cxdesk.resources import resource_dir

TEMPLATE = ROOT / "resources" / "locale" / "toolkit.pot"


def _ids(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_the_template_holds_every_string_the_pdf_prints() -> None:
    """A word added to a section (or a model label) without updating the catalogues fails
    here: run ``python -m cxdesk.language_sources``, then translate the new entries."""
    extracted = {_ids(m.id) for m in extract_toolkit() if m.id}
    with TEMPLATE.open("rb") as f:
        template = {_ids(m.id) for m in read_po(f) if m.id}
    assert sorted(extracted - template) == [], "missing from resources/locale/toolkit.pot"
    assert sorted(template - extracted) == [], "no longer printed: update the catalogues"


def catalogue_problems(po: Path, locale: str) -> list[str]:
    """Why a language's catalogue cannot print the toolkit in full: an entry missing,
    untranslated or fuzzy, or one whose ``{placeholders}`` differ from the source's."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale)
    problems = []
    for message in extract_toolkit():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if found is None or not found.string or found.fuzzy:
            problems.append(f"not translated: {ids[0]!r}")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(strings):
            problems.append(f"a plural form missing: {ids[0]!r}")
        for text in strings:
            if placeholders(text) not in [placeholders(i) for i in ids]:
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    return problems


@pytest.mark.parametrize("code", [c for c in available_languages() if c != DEFAULT_LANGUAGE])
def test_each_offered_language_is_complete(code: str) -> None:
    po = resource_dir().joinpath(*catalogue_path_parts(code))
    assert catalogue_problems(po, translator(code).locale) == []


def test_a_missing_entry_and_a_changed_placeholder_are_found(tmp_path: Path) -> None:
    po = tmp_path / "toolkit.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Page {number} of "\nmsgstr "Seite {nummer} von "\n',
        encoding="utf-8",
    )
    problems = catalogue_problems(po, "de_DE")
    assert "placeholders differ: 'Page {number} of ' -> 'Seite {nummer} von '" in problems
    assert "not translated: 'Expectation Management Toolkit'" in problems


def test_dates_numbers_and_plurals_follow_the_language() -> None:
    english = Translator()
    assert english.long_date(date(2026, 12, 6)) == "6 December 2026"  # as before Babel
    assert english.short_date(date(2026, 12, 6)) == "6 Dec 2026"
    assert english.decimal(-1.25, 1, signed=True) == "−1.2"
    assert english.decimal(1.5, 1, signed=True) == "+1.5"
    assert english.counted("{count} row", "{count} rows", 1) == "1 row"
    assert english.counted("{count} row", "{count} rows", 1200) == "1,200 rows"
    assert english.spoken_list(["Reliability", "Assurance", "Empathy"]) == (
        "Reliability, Assurance and Empathy"
    )
    # The locales' own conventions, from CLDR, with no catalogue needed.
    german = Translator("de")
    assert german.decimal(4.5) == "4,5"
    assert german.long_date(date(2026, 12, 6)) == "6. Dezember 2026"
    polish = Translator("pl")
    assert polish.long_date(date(2026, 12, 6)) == "6 grudnia 2026"
    assert Translator("fr").percent(85) == "85\xa0%"


def test_an_unknown_language_is_refused_in_words() -> None:
    with pytest.raises(UnknownLanguage, match=r"Unknown language “xx”\. Choose one of: en"):
        translator("xx")
    assert set(available_languages()) <= set(LANGUAGES)


def test_the_command_line_refuses_an_unknown_language_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--blank", "--out", str(tmp_path / "x.pdf"), "--language", "klingon"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Unknown language “klingon”. Choose one of: en (English)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_line_prints_in_the_language_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "en.pdf"
    code = main(["--blank", "--out", str(out), "--language", "EN", "--sections", "cover"])
    assert code == 0
    assert out.exists()
