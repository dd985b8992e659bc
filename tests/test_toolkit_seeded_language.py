"""Words the app wrote and nobody changed print in the toolkit's language (issue 20, part 2):
the default handoff checklists, the default firm name, the day a pulse number is compared
with, and the PDF's default file name. What the consultant typed prints as typed."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cxdesk.cli_export import EXIT_OK, toolkit_file_name
from cxdesk.cli_export import main as command_line
from cxdesk.language import ENGLISH, translator
from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.edition import INTERNAL_EDITION
from cxdesk.models.journey_map import DEFAULT_CHECKLIST_ITEMS, HandoffItemRecord
from cxdesk.models.overview import _pulse_numbers
from cxdesk.models.records import PulseRecord
from cxdesk.reports.document import build_toolkit
from cxdesk.reports.sections import SECTIONS
from cxdesk.reports.sections.quadrant import _direction
from cxdesk.reports.seeded import brand_in, handoff_item_text
from cxdesk.store.database import Database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2026, 12, 8)
GERMAN = translator("de")


def text_of(pdf: Path) -> str:
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    return re.sub(r"\s+", " ", run.stdout.decode("utf-8").replace("\u00ad", ""))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_german_demo_toolkit_has_no_english_defaults(db: Database, tmp_path: Path) -> None:
    engagement = add_demo_engagement(db, today=TODAY)
    data = load_toolkit_data(db, engagement, today=TODAY, edition=INTERNAL_EDITION)
    assert data.journey is not None
    seeded = {i.text for p in data.journey.phases for i in p.handoff} & DEFAULT_CHECKLIST_ITEMS
    assert seeded  # the demo keeps some of the default items
    out = tmp_path / "de.pdf"
    build_toolkit(data, DEFAULT_BRAND, out, sections=[s.key for s in SECTIONS], language=GERMAN)
    text = text_of(out)
    for english in seeded:
        assert english not in text
        assert GERMAN.gettext(english) in text
    assert "Your consultancy" not in text
    assert "Ihre Beratung" in text
    # No date in English's form ("05 Dec 2026") anywhere.
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", text)


def test_typed_words_print_as_typed() -> None:
    [default, *_] = sorted(DEFAULT_CHECKLIST_ITEMS)
    assert handoff_item_text(default, GERMAN) == GERMAN.gettext(default) != default
    assert handoff_item_text(default + " ", GERMAN) == default + " "
    assert handoff_item_text("Unsere eigene Liste", GERMAN) == "Unsere eigene Liste"
    item = HandoffItemRecord(1, 1, 1, 0, default)
    assert item.text == default  # stored as seeded: translated only when printed
    assert brand_in(DEFAULT_BRAND, GERMAN).firm_name == "Ihre Beratung"
    ours = replace(DEFAULT_BRAND, firm_name="Nordlicht Consulting")
    assert brand_in(ours, GERMAN) == ours
    assert brand_in(DEFAULT_BRAND, ENGLISH) == DEFAULT_BRAND


def test_the_day_a_pulse_number_is_compared_with_is_in_the_language() -> None:
    pulses = [
        PulseRecord(1, 1, None, date(2026, 3, 5), confidence=6, csat=3),
        PulseRecord(2, 1, None, date(2026, 4, 9), confidence=8, csat=4),
    ]
    confidence, _csat = _pulse_numbers([], pulses)
    assert confidence.since_day == date(2026, 3, 5)
    assert _direction(confidence, GERMAN) == "▲ besser seit 05.03.2026"
    assert _direction(confidence, translator("pl")).endswith("5 mar 2026")
    assert _direction(confidence, ENGLISH) == "▲ better since 5 Mar 2026"
    assert confidence.since == "05 Mar 2026"  # the window's own (English) words, unchanged


def test_the_default_file_name_is_in_the_toolkits_language(
    db: Database,
    db_path: Path,
    open_window: Callable[[Database], Any],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    add_demo_engagement(db)
    polish = f"{DEMO_CLIENT} – {DEMO_ENGAGEMENT} – Zestaw narzędzi do zarządzania oczekiwaniami.pdf"
    window = open_window(db)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    window.export_toolkit()
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert Path(dialog.path.text()).name.endswith("Expectation Management Toolkit.pdf")
    dialog.language.setCurrentIndex(dialog.language.findData("pl"))
    assert Path(dialog.path.text()).name == polish
    dialog.blank.setChecked(True)
    assert Path(dialog.path.text()).name == (
        "Zestaw narzędzi do zarządzania oczekiwaniami – puste szablony.pdf"
    )
    dialog.reject()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())

    folder = tmp_path / "out"
    folder.mkdir()
    engagement = f"{DEMO_CLIENT} / {DEMO_ENGAGEMENT}"
    args = ["--db", str(db_path), "-e", engagement, "-o", str(folder), "--sections", "cover"]
    assert command_line([*args, "--language", "pl"]) == EXIT_OK
    assert [p.name for p in folder.iterdir()] == [polish]
    assert toolkit_file_name(None, None) == "Expectation Management Toolkit – blank templates.pdf"
