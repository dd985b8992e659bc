"""The client edition of the toolkit: no participant's name, no note, none of our team's
names or own scores anywhere in its text, whatever the names are; the internal edition
prints them all and says "Internal — not for the client" on every page.

The PDFs' text is read with pypdf and, where installed, pdftotext: two extractors, so a
name one of them would miss (split across lines, drawn in pieces) is still looked for.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.models.brand import DEFAULT_BRAND
from cxdesk.models.client_edition import for_edition
from cxdesk.models.edition import (
    CLIENT_EDITION,
    INTERNAL_EDITION,
    INTERNAL_MARK,
    Edition,
    EditionChoice,
)
from cxdesk.models.servqual import DIMENSIONS, RespondentSide
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.document import build_toolkit
from cxdesk.store import (
    expectations,
    issues,
    journey_map,
    loop_log,
    pulse,
    quizzes,
    rater,
    workshop,
    workspace,
)
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2026, 3, 2)
# The sections that print an engagement's people and notes (the others have none).
PEOPLE_SECTIONS = ["cover", "matrix", "rater", "quiz", "journey", "feedback", "quadrant"]
BOTH_TICKS = EditionChoice(Edition.CLIENT, participant_rows=True, team_vs_client=True)
CHOICES = {
    "client": CLIENT_EDITION,
    "client+rows": EditionChoice(participant_rows=True),
    "client+team": EditionChoice(team_vs_client=True),
    "client+both": BOTH_TICKS,
}


@dataclass(frozen=True)
class People:
    """Everyone and every note the hostile engagement holds."""

    participants: tuple[str, ...]  # the workshop's, at the laptop in this order
    team: tuple[str, ...]  # our team's RATER respondents
    clients: tuple[str, ...]  # the client's RATER respondents
    pulse_client: str  # a client's named pulse check
    pulse_team: str  # one of our team's pulse checks, and its words
    team_words: str
    stakeholders: tuple[str, ...]
    notes: tuple[str, str, str]  # a matrix row's, the assessment's, a stakeholder's


HOSTILE = People(
    participants=(
        "Zoë O'Brien <b>&amp;",
        "Grzegorz Brzęczyszczykiewicz",
        "Αλέξανδρος Παπαδόπουλος",
        # Names that are words the toolkit prints anyway: only the comparison with other
        # names (test_the_client_edition_is_the_same_whoever_took_part) can tell.
        "Will",
        "May",
        "Page",
    ),
    team=("Łucja Wąsowska-Kołodziej", "Δημήτρης Οικονόμου", "Rose", "Total"),
    clients=("Ксения Иванова", "Client"),
    pulse_client="Zoë O'Brien <b>&amp;",
    pulse_team="Wit Stwosz",
    team_words="Między nami: the sponsor never reads our Friday update",
    stakeholders=("Jędrzej Śniadecki", "Νίκη Αντωνίου"),
    notes=(
        "Nota: dyrektor się waha <i>&amp;</i> pilnować budżetu",
        "Σημείωση: they scored us low to get a discount",
        "Ask & <b>escalate</b> quietly via her deputy",
    ),
)
# The same engagement with everyone and everything noted called something else.
OTHERS = People(
    participants=tuple(f"Other person {n}" for n in range(1, 7)),
    team=tuple(f"Other colleague {n}" for n in range(1, 5)),
    clients=("Other client 1", "Other client 2"),
    pulse_client="Other pulse person",
    pulse_team="Other colleague 5",
    team_words="Other words of ours",
    stakeholders=("Other stakeholder 1", "Other stakeholder 2"),
    notes=("Other note 1", "Other note 2", "Other note 3"),
)
COMMON_WORDS = {"Will", "May", "Page", "Rose", "Total", "Client"}
# The participants' answers at the laptop, in the order they sat down.
ANSWERS = ((3, 2, 3, 3, 2), (4, 2, 3, 4, 3), (5, 5, 4, 5, 4), (2, 1, 2, 2, 1), (3, 3, 3, 3, 3))


def fill(db: Database, people: People) -> int:
    """An engagement with every kind of name and note a person types."""
    client = workspace.add_client(db, "Szpital Pomorze")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja", start_date=TODAY)
    eid = engagement.id
    milestone = workspace.add_milestone(db, eid, "Pilot", TODAY + timedelta(days=20))
    for n in range(2):
        expectations.add_item(
            db,
            eid,
            expects=f"Online booking works for clinic {n + 1}",
            owner="Ops desk",  # kept in the client edition: who answers for it
            notes=people.notes[0] if n == 0 else "",
            expected_level=4,
            delivered_level=3,
            experienced_level=2 + n,
        )
    assessment = rater.add_assessment(db, eid, "Pilot check", held_on=TODAY, milestone_id=None)
    rater.update_assessment(db, assessment.id, "notes", people.notes[1])
    sides = [(n, RespondentSide.TEAM, 1) for n in people.team]
    sides += [(n, RespondentSide.CLIENT, -1) for n in people.clients]
    for name, side, shift in sides:
        respondent = rater.add_respondent(db, assessment.id, name, side)
        for n, dimension in enumerate(DIMENSIONS):
            rater.update_respondent(db, respondent.id, f"{dimension.value}_expectation", 6)
            score = max(1, min(7, 5 + shift - n % 2))
            rater.update_respondent(db, respondent.id, f"{dimension.value}_perception", score)
    pulse.add_pulse(
        db,
        eid,
        TODAY,
        respondent=people.pulse_client,
        confidence=6,
        csat=3,
        working="Clear plan",
        not_working="Too many calls",
        milestone_id=milestone.id,
    )
    ours = pulse.add_pulse(
        db, eid, TODAY, respondent=people.pulse_team, confidence=9, working=people.team_words
    )
    pulse.update_pulse(db, ours.id, "side", RespondentSide.TEAM.value)
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, eid, "Kickoff workshop", TODAY)
    for name, answers in zip(people.participants, (*ANSWERS, ANSWERS[0]), strict=True):
        person = workshop.add_participant(db, session.id, name)
        for statement, score in zip(quiz.statements, answers, strict=True):
            workshop.record_answer(db, person.id, statement.id, score)
    phases = journey_map.add_default_phases(db, eid)
    touchpoint = journey_map.add_touchpoint(
        db, phases[1].id, name="Go-live call", pain_points="Nobody called back", emotion=-2
    )
    for n, name in enumerate(people.stakeholders):
        note = people.notes[2] if n == 0 else ""
        person = journey_map.add_stakeholder(db, eid, name, role="Board", notes=note)
        journey_map.set_stakeholder_emotion(db, touchpoint.id, person.id, -3 + n)
    return eid


def texts(path: Path) -> list[str]:
    """Each extractor's text of the whole PDF: pypdf's, and pdftotext's where installed."""
    found = ["\n".join(page.extract_text() or "" for page in PdfReader(path).pages)]
    if shutil.which("pdftotext"):
        run = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        found.append(run.stdout.decode("utf-8"))
    return found


def squeezed(text: str) -> str:
    """Without whitespace: a name wrapped over two lines reads whole again."""
    return re.sub(r"\s+", "", text)


def leaks(path: Path, secrets: set[str]) -> list[str]:
    """The secrets found in the PDF's text, by any extractor, even wrapped."""
    extracted = texts(path)
    return sorted(
        secret
        for secret in secrets
        if any(secret in text or squeezed(secret) in squeezed(text) for text in extracted)
    )


def export(data: ToolkitData, out: Path, sections: list[str] | None = None) -> Path:
    build_toolkit(data, DEFAULT_BRAND, out, sections=sections)
    return out


def secrets_of(people: People) -> set[str]:
    named = {
        *people.participants,
        *people.team,
        *people.clients,
        people.pulse_client,
        people.pulse_team,
        people.team_words,
        *people.stakeholders,
        *people.notes,
    }
    return named - COMMON_WORDS


@pytest.fixture
def hostile(db: Database) -> Iterator[tuple[Database, int]]:
    return db, fill(db, HOSTILE)


@pytest.fixture
def others(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    other = open_database(tmp_path / "others.cxdb", backup_folder=tmp_path / "others-backups")
    try:
        yield other, fill(other, OTHERS)
    finally:
        other.close()


# -- the hostile engagement ----------------------------------------------------------------


@pytest.mark.parametrize("ticks", list(CHOICES))
def test_no_name_note_or_team_score_reaches_the_client_edition(
    hostile: tuple[Database, int], tmp_path: Path, ticks: str
) -> None:
    db, eid = hostile
    data = load_toolkit_data(db, eid, today=TODAY, edition=CHOICES[ticks])
    out = export(data, tmp_path / "client.pdf")
    assert leaks(out, secrets_of(HOSTILE)) == []
    text = texts(out)[0]
    assert "Ops desk" in text  # the owner column stays: who answers for the expectation
    assert "Kickoff workshop" in text
    assert "Pilot check" in text
    assert INTERNAL_MARK not in text


def test_the_internal_edition_prints_every_name_and_note(
    hostile: tuple[Database, int], tmp_path: Path
) -> None:
    """What the client edition leaves out is really there to leave out."""
    db, eid = hostile
    data = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
    out = export(data, tmp_path / "internal.pdf")
    assert leaks(out, secrets_of(HOSTILE) | COMMON_WORDS) == sorted(
        secrets_of(HOSTILE) | COMMON_WORDS
    )


def test_the_client_edition_is_the_same_whoever_took_part(
    hostile: tuple[Database, int], others: tuple[Database, int], tmp_path: Path
) -> None:
    """Renaming everyone (to "Will", "Page", "Total" too) and rewording every note changes
    nothing in the client edition's text, both ticks on: no name or note is in it at all.
    The internal edition's text changes, so the comparison sees them when they are there."""
    for choice, same in ((BOTH_TICKS, True), (INTERNAL_EDITION, False)):
        pdfs = [
            export(load_toolkit_data(db, eid, today=TODAY, edition=choice), tmp_path / f"{n}.pdf")
            for n, (db, eid) in enumerate((hostile, others))
        ]
        extracted = [texts(pdf) for pdf in pdfs]
        assert (extracted[0] == extracted[1]) is same, choice


def test_participants_print_as_numbers_only_when_ticked(
    hostile: tuple[Database, int], tmp_path: Path
) -> None:
    db, eid = hostile
    quiz = ["quiz"]
    plain = texts(export(load_toolkit_data(db, eid, today=TODAY), tmp_path / "a.pdf", quiz))[0]
    assert "Participant 1" not in plain
    assert "no one's own answers are printed" in " ".join(plain.split())
    rows = load_toolkit_data(db, eid, today=TODAY, edition=EditionChoice(participant_rows=True))
    ticked = " ".join(texts(export(rows, tmp_path / "b.pdf", quiz))[0].split())
    answers = r"((?:[\d–]\s*·\s*){4}[\d–])"
    numbered = re.findall(rf"Participant (\d)\s*{answers}\s*(\d+|incomplete)", ticked)
    assert [n for n, _answers, _total in numbered] == ["1", "2", "3", "4", "5", "6"]
    # Highest total first, not in the order people sat down (which the room saw).
    totals = [int(total) for _n, _answers, total in numbered]
    assert totals == sorted(totals, reverse=True) == [23, 16, 15, 13, 13, 8]


def test_team_vs_client_prints_only_when_ticked(
    hostile: tuple[Database, int], tmp_path: Path
) -> None:
    db, eid = hostile
    sections = ["rater", "quadrant"]
    plain = " ".join(
        texts(export(load_toolkit_data(db, eid), tmp_path / "a.pdf", sections))[0].split()
    )
    for ours in ("Our team", "our team's gap", "Team − client", "Team vs client difference"):
        assert ours not in plain
    assert "2 respondents from the client" in plain
    ticked_data = load_toolkit_data(db, eid, edition=EditionChoice(team_vs_client=True))
    ticked = " ".join(texts(export(ticked_data, tmp_path / "b.pdf", sections))[0].split())
    for ours in ("Our team's gap", "Team − client", "Team vs client difference", "Our team"):
        assert ours in ticked
    # The comparison is our side's mean per dimension, never anyone's own row.
    assert "Each respondent's gaps" not in ticked


def test_every_page_of_the_internal_edition_is_marked(
    hostile: tuple[Database, int], tmp_path: Path
) -> None:
    db, eid = hostile
    out = export(load_toolkit_data(db, eid, edition=INTERNAL_EDITION), tmp_path / "i.pdf")
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    assert len(pages) > 5
    assert all(INTERNAL_MARK in page for page in pages)  # the cover too
    assert "INTERNAL EDITION" in pages[0]
    assert PdfReader(out).metadata.title.endswith(f"({INTERNAL_MARK})")  # type: ignore[union-attr]
    client = export(load_toolkit_data(db, eid), tmp_path / "c.pdf", ["cover", "matrix"])
    first = " ".join((PdfReader(client).pages[0].extract_text() or "").split())
    assert "CLIENT EDITION" in first


# -- the demo engagement -------------------------------------------------------------------


def test_the_demo_client_edition_names_nobody(db: Database, tmp_path: Path) -> None:
    eid = add_demo_engagement(db, today=TODAY)
    # The demo has no notes on its rows and assessments: give one of each.
    first = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
    expectations.update_item(db, first.items[0].id, "notes", "Priya thinks they want a discount")
    assessment = first.assessments[-1][0]
    rater.update_assessment(db, assessment.id, "notes", "Marco ran this one; scores felt polite")
    everything = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
    assert everything.journey is not None
    participants = {p.name for s in everything.sessions for p in s.participants if p.name}
    team = {r.name for _a, said in everything.assessments for r in said if r.side == "team"}
    respondents = {r.name for _a, said in everything.assessments for r in said if r.name}
    pulsing = {p.respondent for p in everything.pulses if p.respondent}
    stakeholders = {s.name for s in everything.journey.stakeholders}
    notes = {i.notes for i in everything.items if i.notes}
    notes |= {a.notes for a, _said in everything.assessments if a.notes}
    notes |= {s.notes for s in everything.journey.stakeholders if s.notes}
    assert participants
    assert team
    assert pulsing
    assert stakeholders
    assert len(notes) >= 3
    secrets = participants | respondents | pulsing | stakeholders | notes
    assert leaks(export(everything, tmp_path / "internal.pdf"), secrets) == sorted(secrets)
    # Our team's respondents own rows of the demo's matrix: the owner column (kept, it
    # says who answers for an expectation) names them, as owners. Renaming every person
    # and rewording every note below shows they reach the client edition in no other way.
    owners = {i.owner for i in everything.items}
    assert team & owners
    # So are the owners of actions and issues (ours or the client's): assignments.
    owners |= {a.record.owner_name for a in everything.actions}
    owners |= {i.record.owner for i in everything.issues}
    owners |= {step.owner for i in everything.issues for step in i.steps}
    client_texts = {}
    for name, choice in CHOICES.items():
        out = export(load_toolkit_data(db, eid, today=TODAY, edition=choice), tmp_path / "c.pdf")
        assert leaks(out, secrets - owners) == [], name
        client_texts[name] = texts(out)
    rename_everyone(db, everything)
    renamed = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
    assert leaks(export(renamed, tmp_path / "renamed.pdf"), secrets - owners) == []
    for name, choice in CHOICES.items():
        out = export(load_toolkit_data(db, eid, today=TODAY, edition=choice), tmp_path / "c.pdf")
        assert texts(out) == client_texts[name], name


def rename_everyone(db: Database, data: ToolkitData) -> None:
    """Every person of ``data`` called "Renamed n", every note reworded."""
    count = iter(range(1, 1000))
    for session in data.sessions:
        for person in session.participants:
            workshop.rename_participant(db, person.id, f"Renamed {next(count)}")
    for assessment, _said in data.assessments:
        if assessment.notes:
            rater.update_assessment(db, assessment.id, "notes", f"Renamed {next(count)}")
        for respondent in rater.list_respondents(db, assessment.id):
            rater.update_respondent(db, respondent.id, "name", f"Renamed {next(count)}")
    for answer in data.pulses:
        pulse.update_pulse(db, answer.id, "respondent", f"Renamed {next(count)}")
    for item in data.items:
        if item.notes:
            expectations.update_item(db, item.id, "notes", f"Renamed {next(count)}")
    assert data.journey is not None
    for person in data.journey.stakeholders:
        journey_map.update_stakeholder(db, person.id, "name", f"Renamed {next(count)}")
        journey_map.update_stakeholder(db, person.id, "notes", f"Renamed {next(count)}")
    # Closing the loop: who raised an issue, an issue's details, who said what.
    for issue in data.issues:
        for field in ("raised_by", "details"):
            if getattr(issue.record, field):
                issues.update_issue(db, issue.id, field, f"Renamed {next(count)}")
    for entry in data.said:
        if entry.said_by:
            loop_log.update_said(db, entry.id, "said_by", f"Renamed {next(count)}")


# -- the read ------------------------------------------------------------------------------


def test_every_part_of_the_toolkit_data_was_decided_for_the_client_edition() -> None:
    """A new kind of data in the toolkit must be decided on in ``client_edition`` first:
    this list names what was (its module docstring says how)."""
    decided = {
        "client", "engagement", "printed_on", "milestones", "items", "snapshots",
        "assessments", "pulses", "quiz", "sessions", "journey", "escalation", "overview",
        "edition", "team_gaps", "actions", "evidence", "issues", "said", "wins",
    }  # fmt: skip
    assert {f.name for f in fields(ToolkitData)} == decided


def test_the_client_edition_is_never_given_what_it_leaves_out(
    hostile: tuple[Database, int],
) -> None:
    db, eid = hostile
    everything = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
    data = for_edition(everything, CLIENT_EDITION)
    assert data == load_toolkit_data(db, eid, today=TODAY)  # the read's default
    assert data.edition == CLIENT_EDITION
    assert everything.edition == INTERNAL_EDITION
    assert all(not i.notes and i.changed_by is None for i in data.items)
    assert [i.owner for i in data.items] == [i.owner for i in everything.items]
    for assessment, responses in data.assessments:
        assert not assessment.notes
        assert responses
        assert all(r.side is RespondentSide.CLIENT and not r.name for r in responses)
    assert data.team_gaps == {}
    assert [(p.respondent, p.is_client) for p in data.pulses] == [("", True)]
    assert all(not p.name for s in data.sessions for p in s.participants)
    assert sorted(data.sessions[0].answers) == sorted(everything.sessions[0].answers)
    assert data.journey is not None
    assert not data.journey.stakeholders
    assert all(not t.stakeholder_emotions for t in data.journey.touchpoints())
    ticked = for_edition(everything, EditionChoice(team_vs_client=True))
    (assessment, _), *_ = everything.assessments
    assert set(ticked.team_gaps) == {assessment.id}
    assert ticked.team_gaps[assessment.id].keys() == set(DIMENSIONS)
    # The internal edition is the read as it is, marked as such.
    assert for_edition(replace(everything, edition=CLIENT_EDITION), INTERNAL_EDITION) == everything
