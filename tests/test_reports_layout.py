"""The PDF prints the client's words as they were typed.

Every line the PDF draws is read back with its position (pypdf's text visitor). The lines
of one table column start at the same x, so a column's lines read top to bottom are the
cells' text as wrapped: each stored value must appear there whole. A hyphen dropped at a
line break ("Morning rekeying") or a name cut inside a word ("Wójcik-Żuła / wska",
"Παπαδ / οπούλου", "appointment / s") fails, and so does a word broken at its hyphen
("re- / keying"), which a reader (and most PDF readers' copy) takes for hyphenation.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from cxdesk.models.brand import Brand
from cxdesk.models.edition import INTERNAL_EDITION
from cxdesk.reports.document import build_toolkit
from cxdesk.store import expectations, journey_map, pulse, workspace
from cxdesk.store.database import Database
from cxdesk.store.escalation import add_level
from cxdesk.store.toolkit import load_toolkit_data
from tests.test_reports_page_band import Line, drawn_lines

TODAY = date(2026, 3, 2)
CLIENT = "Pomorze Zdrowie Hospital Group (Gdańsk)"
ENGAGEMENT = "e-Rejestracja: patient self-registration rollout"
FIRM = "Kowalski & Nowak Customer Experience Partners"
POLISH = "Małgorzata Wójcik-Żuławska"
GREEK = "Ελένη Παπαδοπούλου"
REKEYING = "Morning re-keying"
# Values typed into the narrow columns of every table, as a consultant would.
STORED = (
    f"{REKEYING} of appointments stops",
    "Fewer appointments lost at reception",
    "Self-registration kiosks in 14 clinics",
    "Kiosks in 3 of 14 clinics; re-keying at 7:30",
    "Queues before 8:00 and appointments re-keyed",
    "Evening re-keying by the day-shift team",
    POLISH,
    GREEK,
)


def columns(lines: list[Line]) -> list[str]:
    """The text of each column of each page: lines that start at the same x, top to
    bottom, one space between lines (as a reader reads a wrapped cell)."""
    grouped: dict[tuple[int, float], list[Line]] = defaultdict(list)
    for line in lines:
        grouped[(line.page, round(line.x, 1))].append(line)
    return [
        " ".join(line.text for line in sorted(group, key=lambda line: -line.y))
        for group in grouped.values()
    ]


def engagement(db: Database) -> int:
    client = workspace.add_client(db, CLIENT)
    eid = workspace.add_engagement(db, client.id, ENGAGEMENT, start_date=TODAY).id
    workspace.add_milestone(db, eid, "Kickoff", TODAY)
    expectations.add_item(
        db,
        eid,
        expects=STORED[0],
        needs=STORED[1],
        planned=STORED[2],
        delivered=STORED[3],
        experienced=STORED[4],
        sacrifice=STORED[5],
        owner=POLISH,
        expected_level=4,
        delivered_level=3,
        experienced_level=2,
    )
    expectations.add_item(db, eid, expects=STORED[1], needs=REKEYING, owner=GREEK)
    phase = journey_map.add_phase(db, eid, "Registration")
    journey_map.add_stakeholder(db, eid, GREEK, role="Head of patient services")
    journey_map.add_touchpoint(
        db,
        phase.id,
        name=REKEYING,
        emotion=-1,
        sees_does=STORED[0],
        thinks_feels=STORED[4],
        needs=STORED[1],
        pain_points=STORED[3],
        opportunities=STORED[2],
        owner_team=POLISH,
    )
    pulse.add_pulse(
        db, eid, TODAY, respondent=POLISH, confidence=7, csat=4, working=STORED[5], not_working=""
    )
    add_level(db, eid, name=REKEYING, trigger=STORED[3], owner=GREEK, channel=STORED[2])
    return eid


@pytest.mark.parametrize("key", ["kickoff", "matrix", "journey", "feedback", "escalation"])
def test_every_cell_prints_the_words_and_hyphens_that_were_stored(
    db: Database, tmp_path: Path, key: str
) -> None:
    # The internal edition: every field a person typed prints there.
    data = load_toolkit_data(db, engagement(db), today=TODAY, edition=INTERNAL_EDITION)
    out = tmp_path / f"{key}.pdf"
    build_toolkit(data, Brand(firm_name=FIRM), out, sections=[key])
    lines = drawn_lines(out)
    texts = columns(lines)
    printed = [value for value in STORED if any(value in column for column in texts)]
    assert printed, "no stored value found in any column"
    # No line holds a piece of a stored word: "re-" or "keying" alone, "Wójcik-Żuła",
    # "appointment" (its "s" on the next line).
    stored_words = {word for value in STORED for word in value.split()}
    for line in lines:
        for token in line.text.split():
            pieces = [w for w in stored_words if w != token and _piece_of(token, w)]
            assert token in stored_words or not pieces, (key, line, pieces)
    # What each section shows, whole, in one column.
    shown = {
        "kickoff": STORED[:2],
        "matrix": STORED,
        "journey": (*STORED[:5], POLISH, GREEK, REKEYING),
        "feedback": (POLISH, STORED[5]),
        "escalation": (REKEYING, STORED[3], GREEK),
    }[key]
    for value in shown:
        assert any(value in column for column in texts), (key, value, texts)
    assert "rekeying" not in " ".join(texts)


def _piece_of(token: str, word: str) -> bool:
    """``token`` is the start or the end of ``word``, as when a word is cut at a line's
    end (short tokens and words left out: "on" starts "only" and is a word of its own)."""
    if len(token) < 3 or len(word) < 6 or word.startswith(f"{token}-"):
        return False  # "day" is a word of its own, and "day-shift" cut leaves "shift" too
    return word.startswith(token) or word.endswith(token)
