"""Every user text field at the longest length the store accepts prints whole, in every
section of the toolkit (a 767-character "delivered" once made ReportLab raise
"Flowable <Table> too large" and the whole export failed).

The engagement below has one row of everything a person can type; then every text
column the engagement file format knows (``engagement_schema``: the store's own limits)
is filled to its maximum, each with its own numbered tokens, so the PDF's extracted text
shows that each field printed all of its words, in order, whatever page they ran onto.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from cxdesk.cli_export import EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, main
from cxdesk.models.brand import TEXT_MAX as BRAND_TEXT_MAX
from cxdesk.models.brand import Brand
from cxdesk.models.edition import INTERNAL_EDITION
from cxdesk.models.engagement_schema import CLIENT_FIELDS, ENGAGEMENT_FIELDS, SECTIONS, Text
from cxdesk.models.quadrant import Axis
from cxdesk.models.servqual import DIMENSIONS, RespondentSide
from cxdesk.models.toolkit import ToolkitData
from cxdesk.reports.document import build_toolkit
from cxdesk.store import expectations, journey_map, pulse, quizzes, rater, workshop, workspace
from cxdesk.store.brand import load_brand, save_brand
from cxdesk.store.database import Database
from cxdesk.store.escalation import add_level
from cxdesk.store.overview import set_override
from cxdesk.store.toolkit import load_toolkit_data

TODAY = date(2026, 3, 2)
# Realistic words between the numbered tokens: hyphenated words and Polish and Greek names
# must survive wrapping as well as plain letters.
FILLER = ("Wójcik-Żuławska", "re-keying", "Ελένη", "Παπαδοπούλου", "appointments")


@dataclass(frozen=True)
class Field:
    table: str
    column: str
    limit: int
    code: str  # the prefix of this field's numbered tokens

    @property
    def key(self) -> str:
        return f"{self.table}.{self.column}"


def filled(code: str, limit: int) -> str:
    """``limit`` characters: "<code>0001 Wójcik-Żuławska re-keying <code>0002 …", always
    ending on a numbered token so a lost ending shows."""
    words: list[str] = []
    size = -1
    n = 0
    while True:
        n += 1
        token = f"{code}{n:04d}"
        if size + 1 + len(token) > limit:
            break
        words.append(token)
        size += 1 + len(token)
        extra = FILLER[n % len(FILLER)]
        if size + 1 + len(extra) + 1 + len(code) + 4 > limit:
            continue
        words.append(extra)
        size += 1 + len(extra)
    out = " ".join(words)
    return out + "x" * (limit - len(out)) if len(out) < limit else out


def all_text_fields() -> list[Field]:
    """Every free-text column of an engagement, with the store's limit for it."""
    found: list[tuple[str, str, int]] = [
        *(("client", f, spec.limit) for f, spec in CLIENT_FIELDS if isinstance(spec, Text)),
        *(("engagement", f, spec.limit) for f, spec in ENGAGEMENT_FIELDS if isinstance(spec, Text)),
        *(("brand", f, limit) for f, limit in BRAND_TEXT_MAX.items()),
    ]
    for section in SECTIONS:
        found += [(section.table, f, s.limit) for f, s in section.fields if isinstance(s, Text)]
    # Codes of capital letters only: no digit or hyphen that could be mistaken for a token's.
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    codes = [a + b for a in letters for b in letters]
    return [Field(t, c, limit, f"Q{codes[i]}") for i, (t, c, limit) in enumerate(found)]


FIELDS = {f.key: f for f in all_text_fields()}

# What each section prints (the rest, like an expectation's notes or a client's notes,
# the toolkit does not print by design).
PRINTED = {
    "cover": ("client.name", "engagement.name", "brand.consultant", "brand.firm_name"),
    "kickoff": (
        "client.name",
        "engagement.name",
        "expectation_item.expects",
        "expectation_item.needs",
        "milestone.name",
        "brand.firm_name",
    ),
    "matrix": tuple(
        f"expectation_item.{f}"
        for f in (
            "expects",
            "needs",
            "planned",
            "delivered",
            "experienced",
            "sacrifice",
            "owner",
        )
    ),
    "rater": ("rater_assessment.title",),
    "quiz": (
        "quiz.title",
        "quiz_statement.text",
        "quiz_band.label",
        "quiz_band.advice",
        "workshop_session.title",
        "workshop_participant.name",
    ),
    "journey": (
        "map_phase.name",
        "stakeholder.name",
        "stakeholder.role",
        "handoff_item.text",
        *(
            f"touchpoint.{f}"
            for f in (
                "name",
                "channel",
                "sees_does",
                "thinks_feels",
                "needs",
                "pain_points",
                "opportunities",
                "owner_team",
            )
        ),
    ),
    "feedback": ("pulse_check.respondent", "pulse_check.working", "pulse_check.not_working"),
    "escalation": tuple(
        f"escalation_level.{f}" for f in ("name", "trigger", "owner", "response_time", "channel")
    ),
    "quadrant": ("quadrant_override.reason",),
}
# On every page but the cover: the header band and the footer.
EVERY_PAGE = ("client.name", "engagement.name", "brand.firm_name", "brand.footer", "brand.contact")


def one_of_everything(db: Database) -> int:
    """An engagement with one row (or the fewest that print) of every kind of record."""
    save_brand(db, Brand(contact="Contact"))  # a stored brand row, for its text to fill
    client = workspace.add_client(db, "Client")
    eid = workspace.add_engagement(db, client.id, "Engagement", start_date=TODAY).id
    first = workspace.add_milestone(db, eid, "Kickoff", TODAY)
    expectations.add_item(
        db, eid, expects="x", expected_level=4, delivered_level=3, experienced_level=2
    )
    expectations.update_item(db, expectations.list_items(db, eid)[0].id, "sacrifice_level", 2)
    expectations.revalidate(db, first.id)
    assessment = rater.add_assessment(db, eid, "Review", milestone_id=first.id, held_on=TODAY)
    rater.add_statement(db, assessment.id, DIMENSIONS[0], "Statement")
    for side in (RespondentSide.CLIENT, RespondentSide.TEAM):
        person = rater.add_respondent(db, assessment.id, "Person", side)
        for dimension in DIMENSIONS:
            rater.update_respondent(db, person.id, f"{dimension.value}_expectation", 6)
            rater.update_respondent(db, person.id, f"{dimension.value}_perception", 4)
    pulse.add_pulse(db, eid, TODAY, confidence=7, csat=4, working="w", not_working="n")
    quiz = quizzes.ensure_built_in_quiz(db)
    session = workshop.add_session(db, quiz.id, eid, "Workshop", TODAY)
    person = workshop.add_participant(db, session.id, "Participant")
    for n, statement in enumerate(quiz.statements):
        workshop.record_answer(db, person.id, statement.id, 1 + n % 5)
    before = journey_map.add_phase(db, eid, "Before")
    after = journey_map.add_phase(db, eid, "After")
    journey_map.add_handoff_item(db, after.id, "Hand over")
    stakeholder = journey_map.add_stakeholder(db, eid, "Stakeholder", role="Role")
    for phase, emotion in ((before, -2), (after, 2)):
        point = journey_map.add_touchpoint(db, phase.id, name="Touchpoint", emotion=emotion)
        journey_map.set_stakeholder_emotion(db, point.id, stakeholder.id, -emotion)
    add_level(db, eid, name="Rung", trigger="t")
    set_override(db, eid, None, Axis.EXPERIENCE, 6.5, "Reason")
    workspace.add_milestone(db, eid, "Later", TODAY + timedelta(days=30))
    return eid


def fill_to_the_limit(db: Database) -> None:
    """Every text column of every row, at its field's maximum length."""
    with db.transaction() as s:
        for field in FIELDS.values():
            s.execute(
                text(f"UPDATE {field.table} SET {field.column} = :value"),
                {"value": filled(field.code, field.limit)},
            )


@dataclass(frozen=True)
class Longest:
    path: Path  # the database, closed
    engagement_id: int
    data: ToolkitData
    brand: Brand


@pytest.fixture(scope="module")
def longest(tmp_path_factory: pytest.TempPathFactory) -> Longest:
    from cxdesk.store.database import open_database

    path = tmp_path_factory.mktemp("longest") / "longest.cxdb"
    db = open_database(path, backup_folder=path.parent / "backups")
    try:
        eid = one_of_everything(db)
        fill_to_the_limit(db)
        # The internal edition: every field a person typed prints there.
        data = load_toolkit_data(db, eid, today=TODAY, edition=INTERNAL_EDITION)
        return Longest(path, eid, data, load_brand(db))
    finally:
        db.close()


def tokens_of(code: str, extracted: str) -> list[str]:
    return re.findall(rf"{code}\d{{4}}", extracted)


def expected_tokens(field: Field) -> list[str]:
    return tokens_of(field.code, filled(field.code, field.limit))


def joined(extracted: str) -> str:
    """Lines that end in a hyphen joined to the next (a word broken at its hyphen)."""
    return re.sub(r"-\s*\n\s*", "-", extracted)


@pytest.mark.parametrize("key", list(PRINTED))
def test_every_field_at_its_limit_prints_whole(longest: Longest, tmp_path: Path, key: str) -> None:
    out = tmp_path / f"{key}.pdf"
    result = build_toolkit(longest.data, longest.brand, out, sections=[key])
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert result.pages == len(pages)
    everything = "\n".join(pages)
    for name in PRINTED[key]:
        if name in EVERY_PAGE and key != "cover":
            continue  # checked page by page below
        field = FIELDS[name]
        found, wanted = tokens_of(field.code, everything), expected_tokens(field)
        # At least one whole copy, in order (a name may also print cut short in a chart's
        # label, and a milestone's name once per milestone).
        assert " ".join(wanted) in " ".join(found), f"{name}: {len(found)} of {len(wanted)}"
    if key != "cover":  # the header band and the footer, whole on every page
        for number, page in enumerate(pages, 1):
            for name in EVERY_PAGE:
                field = FIELDS[name]
                wanted = " ".join(expected_tokens(field))
                assert wanted in " ".join(tokens_of(field.code, page)), (name, number)
    # The words between the tokens are whole: the hyphen of a word broken at it is kept.
    assert "Wójcik-Żuławska" in joined(everything) or key in {"cover", "rater"}


def test_a_long_expectation_exports_from_the_command_line(longest: Longest, tmp_path: Path) -> None:
    path, eid = longest.path, longest.engagement_id
    out = tmp_path / "toolkit.pdf"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(
            ["--db", str(path), "-e", str(eid), "-o", str(out), "-s", "kickoff,matrix"],
            stdout=stdout,
            stderr=stderr,
        )
    assert (code, stderr.getvalue()) == (EXIT_OK, "")
    assert out.exists()


def test_an_unexpected_failure_is_a_sentence_and_exit_2(
    longest: Longest,
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A bug anywhere in the build (here: ReportLab's own LayoutError, the error the long
    expectation raised) ends in one sentence on stderr, not a traceback; the traceback
    goes to the log file."""
    from reportlab.platypus.doctemplate import LayoutError

    import cxdesk.reports.document as document

    def broken(*_args: object, **_kwargs: object) -> int:
        raise LayoutError("Flowable <Table@0x7f 1 rows x 9 cols> too large on page 3")

    monkeypatch.setattr(document, "_layout", broken)
    path, eid = longest.path, longest.engagement_id
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "toolkit.pdf"
    code = main(["--db", str(path), "-e", str(eid), "-o", str(out), "-s", "matrix"])
    captured = capfd.readouterr()
    assert code == EXIT_REFUSED
    assert captured.out == ""
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cxdesk export: the toolkit could not be built")
    assert "nothing was written" in lines[0]
    log = private_data_dir / "cxdesk.log"
    assert str(log) in lines[0]
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert "LayoutError" in log.read_text(encoding="utf-8")
    assert list(folder.iterdir()) == []  # no PDF, no temporary file


def test_ctrl_c_during_an_export_is_a_sentence_and_leaves_nothing(
    longest: Longest,
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    import cxdesk.reports.document as document

    def interrupted(*_args: object, **_kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(document, "_layout", interrupted)
    folder = tmp_path / "out"
    folder.mkdir()
    path, eid = longest.path, longest.engagement_id
    code = main(["--db", str(path), "-e", str(eid), "-o", str(folder / "t.pdf"), "-s", "matrix"])
    captured = capfd.readouterr()
    assert code == EXIT_INTERRUPTED
    assert captured.err == "cxdesk export: interrupted; nothing was written.\n"
    assert list(folder.iterdir()) == []
