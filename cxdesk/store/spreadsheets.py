"""Exporting an engagement's tables to spreadsheets: XLSX (one sheet each) and CSV.

The sheets: the expectation matrix, RATER responses, pulse checks, quiz results, and
closing the loop's actions, issue log, "you said, we did" and small wins
(:mod:`cxdesk.store.loop_sheets`).

The sheets are built from one consistent read (:func:`load_toolkit_data`), then written
anywhere (a worker thread included: nothing here touches the database after the read).
Every file is written to a temporary name and renamed, so a failed export never leaves
half a file. Typed cells: numbers as numbers, dates as dates. No text becomes a formula:
XLSX cells are written as strings explicitly (marked as text where they could read as a
formula), and CSV text that a spreadsheet could take for a formula (= + - @, a tab, their
full-width forms, also after leading whitespace) gets a leading quote, which the import
removes again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select

from cxdesk.atomic_files import atomic_path
from cxdesk.models.engagement_entities import Engagement
from cxdesk.models.feedback_entities import RaterAssessment, RaterRespondent
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.portfolio import PortfolioLine
from cxdesk.models.quiz import SessionMode
from cxdesk.models.servqual import DIMENSIONS, RespondentSide, ScoringMode
from cxdesk.models.sheet_columns import (
    MATRIX_COLUMNS,
    RATER_COLUMNS,
    could_be_formula,
    engagement_tag,
    format_row_id,
    guard_formula,
)
from cxdesk.models.toolkit import ToolkitData
from cxdesk.store.database import Database
from cxdesk.store.errors import EngagementGone

Cell = str | int | float | date | None

MATRIX_SHEET = "Expectation matrix"
RATER_SHEET = "RATER responses"
PULSE_SHEET = "Pulse checks"
QUIZ_SHEET = "Quiz results"
PORTFOLIO_SHEET = "Portfolio"
# The quiz sheet's "Collected by": answers per person (laptop, phones) or counts of hands.
COLLECTED_BY = {
    SessionMode.LAPTOP: "Each person",
    SessionMode.HANDS: "Show of hands",
    SessionMode.PHONES: "Each person, on phones",
}
# Closing the loop's sheets' titles (cxdesk.store.loop_sheets), written here too so
# this module needs no import of that one at load time (it imports Sheet from here).
ACTIONS_SHEET = "Actions"
ISSUES_SHEET = "Issue log"
SAID_SHEET = "You said, we did"
WINS_SHEET = "Small wins"
SHEET_TITLES = (
    MATRIX_SHEET,
    RATER_SHEET,
    PULSE_SHEET,
    QUIZ_SHEET,
    ACTIONS_SHEET,
    ISSUES_SHEET,
    SAID_SHEET,
    WINS_SHEET,
)

# Characters XML 1.0 (so XLSX) cannot hold; a typed control character is dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


# --- building the sheets -----------------------------------------------------------


def load_sheets(db: Database, engagement_id: int, today: date | None = None) -> list[Sheet]:
    """The eight sheets of one engagement, from a single read transaction; ``today`` (the
    caller's clock by default) says which actions are overdue and how long issues sat."""
    from cxdesk.models.edition import INTERNAL_EDITION
    from cxdesk.store.loop_sheets import loop_sheets, read_loop
    from cxdesk.store.toolkit import OneReading, load_toolkit_data

    with db.reading() as s:
        # The respondents' ids in the same read as their responses (and in their order:
        # position, id), so each RATER row carries the id of the person it shows.
        # Everything: the sheets are the team's own data, read back by the import.
        data = load_toolkit_data(
            cast(Database, OneReading(s)), engagement_id, edition=INTERNAL_EDITION
        )
        created_at = s.scalar(select(Engagement.created_at).where(Engagement.id == engagement_id))
        respondent_ids: dict[int, list[int]] = {}
        for assessment_id, respondent_id in s.execute(
            select(RaterRespondent.assessment_id, RaterRespondent.id)
            .join(RaterAssessment, RaterAssessment.id == RaterRespondent.assessment_id)
            .where(RaterAssessment.engagement_id == engagement_id)
            .order_by(RaterRespondent.position, RaterRespondent.id)
        ):
            respondent_ids.setdefault(assessment_id, []).append(respondent_id)
        loop = read_loop(s, engagement_id, today or date.today())
    if created_at is None:
        raise EngagementGone
    tag = engagement_tag(engagement_id, created_at)
    return [*engagement_sheets(data, tag, respondent_ids), *loop_sheets(loop, tag)]


def engagement_sheets(
    data: ToolkitData, tag: str, respondent_ids: Mapping[int, Sequence[int]] | None = None
) -> list[Sheet]:
    """The first four sheets (the loop's come from :func:`loop_sheets.loop_sheets`).

    ``tag``: the engagement's :func:`engagement_tag`, written into each row's ID;
    ``respondent_ids``: each assessment's respondent ids in the order of its responses."""
    return [
        matrix_sheet(data, tag),
        rater_sheet(data, tag, respondent_ids or {}),
        pulse_sheet(data),
        quiz_sheet(data),
    ]


def matrix_sheet(data: ToolkitData, tag: str) -> Sheet:
    rows = []
    for number, item in enumerate(data.items, start=1):
        values: dict[str, Cell] = {
            "position": number,
            "delivery_gap": item.delivery_gap,
            "perceived_gap": item.perceived_gap,
            "status": ExpectationStatus(item.status).label,
            # Re-importing the sheet updates these rows instead of adding copies.
            "id": format_row_id(item.id, tag),
        }
        rows.append(
            tuple(
                values[c.key] if c.key in values else getattr(item, c.key) for c in MATRIX_COLUMNS
            )
        )
    return Sheet(MATRIX_SHEET, tuple(c.header for c in MATRIX_COLUMNS), tuple(rows))


def _number(value: float | None) -> Cell:
    """A whole score as an int (so "4", not "4.0"), a statement mean as a float."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def rater_sheet(
    data: ToolkitData, tag: str = "", respondent_ids: Mapping[int, Sequence[int]] | None = None
) -> Sheet:
    """One row per respondent; with ``tag`` and the ids, each row's CX Desk ID lets a
    re-import update that respondent instead of adding a copy."""
    milestones = {m.id: m.name for m in data.milestones}
    rows = []
    for assessment, responses in data.assessments:
        known = (respondent_ids or {}).get(assessment.id, ())
        # The ids only when they are exactly this assessment's responses (same read).
        ids: Sequence[int | None] = (
            known if tag and len(known) == len(responses) else [None] * len(responses)
        )
        for response, respondent_id in zip(responses, ids, strict=True):
            values: dict[str, Cell] = {
                "assessment": assessment.title,
                "held_on": assessment.held_on,
                "milestone": milestones.get(assessment.milestone_id or -1, ""),
                "scoring": ScoringMode(assessment.scoring).label,
                "name": response.name,
                "side": RespondentSide(response.side).label,
                "id": None if respondent_id is None else format_row_id(respondent_id, tag),
            }
            for d in DIMENSIONS:
                score = response.score(d)
                values[f"{d.value}_expectation"] = _number(score.expectation)
                values[f"{d.value}_perception"] = _number(score.perception)
                values[f"{d.value}_points"] = (
                    None if response.points is None else response.points[d]
                )
            rows.append(tuple(values[c.key] for c in RATER_COLUMNS))
    return Sheet(RATER_SHEET, tuple(c.header for c in RATER_COLUMNS), tuple(rows))


PULSE_HEADERS = (
    "Taken on",
    "Milestone",
    "Respondent",
    "Side",
    "Confidence",
    "CSAT",
    "What's working",
    "What's not working",
)


def pulse_sheet(data: ToolkitData) -> Sheet:
    milestones = {m.id: m.name for m in data.milestones}
    rows = tuple(
        (
            p.taken_on,
            milestones.get(p.milestone_id or -1, ""),
            p.respondent,
            RespondentSide(p.side).label,
            p.confidence,
            p.csat,
            p.working,
            p.not_working,
        )
        for p in data.pulses
    )
    return Sheet(PULSE_SHEET, PULSE_HEADERS, rows)


def quiz_sheet(data: ToolkitData) -> Sheet:
    """One row per statement of each workshop session: mean and how many chose each score."""
    scores = sorted(
        {
            score
            for session in data.sessions
            for score in range(session.quiz.scale_min, session.quiz.scale_max + 1)
        }
    )
    headers = (
        "Session",
        "Held on",
        "Quiz",
        "Collected by",
        "Statement number",
        "Statement",
        "Answers",
        "Mean score",
        *(f"Chose {s}" for s in scores),
        "Room average total",
        "Room band",
    )
    rows = []
    for session in data.sessions:
        results = session.results
        mode = COLLECTED_BY[session.session.session_mode]
        for index, statement in enumerate(session.quiz.statements):
            counts = results.distributions[index] if index < len(results.distributions) else {}
            mean = results.means[index] if index < len(results.means) else None
            rows.append(
                (
                    session.session.title,
                    session.session.held_on,
                    session.quiz.title,
                    mode,
                    index + 1,
                    statement.text,
                    sum(counts.values()),
                    None if mean is None else round(mean, 2),
                    *(counts.get(s) if s in counts else None for s in scores),
                    None if results.room_average is None else round(results.room_average, 2),
                    results.room_band.label if results.room_band else "",
                )
            )
    return Sheet(QUIZ_SHEET, headers, tuple(rows))


def portfolio_sheet(lines: Sequence[PortfolioLine]) -> Sheet:
    """The portfolio as the engagement lead sees it: one row per engagement, in order."""
    headers = (
        "Client",
        "Engagement",
        "Phase",
        "Quadrant now",
        "Since",
        "Quadrant then",
        "Direction",
        "Trailing expectations",
        "Open handoff items",
        "Last client pulse",
        "Confidence (1-10)",
        "CSAT (1-5)",
        "Last changed (UTC)",
        "Last changed by",
    )
    rows = []
    for line in lines:
        move, pulse = line.quadrant, line.last_pulse
        known_direction = move.before is not None
        rows.append(
            (
                line.client,
                line.name,
                line.phase.label,
                move.now.label if move.now else None,
                move.since or None,
                move.before.label if move.before else None,
                move.direction.value if known_direction else None,
                line.trailing,
                line.open_handoff_items,
                pulse.taken_on if pulse else None,
                _number(pulse.mean_confidence) if pulse else None,
                _number(pulse.mean_csat) if pulse else None,
                line.last_touched.at,
                line.last_touched.by or None,
            )
        )
    return Sheet(PORTFOLIO_SHEET, headers, tuple(rows))


# --- writing -----------------------------------------------------------------------


def _atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename over ``path``."""
    with atomic_path(Path(path)) as temp:
        write(temp)
    return Path(path)


def _width(values: Sequence[Cell], header: str) -> float:
    longest = len(header)
    for value in values[:500]:  # enough to size a column; a 50,000-row sheet stays quick
        text = value.isoformat() if isinstance(value, date) else str(value or "")
        longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
    return float(min(max(longest + 2, 8), 60))


def write_xlsx(sheets: Sequence[Sheet], path: Path) -> Path:
    """One worksheet per sheet: bold frozen header row, typed cells, widths set."""

    def write(temp: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        if book.active is not None:
            book.remove(book.active)
        bold = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        for sheet in sheets:
            ws = book.create_sheet(sheet.title[:31])
            ws.append([_xlsx_value(h) for h in sheet.headers])
            for cell in ws[1]:
                cell.font = bold
            ws.freeze_panes = "A2"
            for values in sheet.rows:
                ws.append([_xlsx_value(v) for v in values])
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # text is text: "=cmd|…" never a formula
                        if could_be_formula(cell.value):
                            # Excel's own "this is text" mark: editing the cell and
                            # pressing Enter keeps it text instead of running it.
                            cell.quotePrefix = True
                        if "\n" in cell.value:
                            cell.alignment = wrap
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
            for index, header in enumerate(sheet.headers, start=1):
                column = [r[index - 1] for r in sheet.rows]
                ws.column_dimensions[get_column_letter(index)].width = _width(column, header)
        if not sheets:
            book.create_sheet("Empty")
        book.save(temp)

    return _atomic_write(path, write)


def _xlsx_value(value: Cell) -> Any:
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    if isinstance(value, datetime):
        return value
    return value


def csv_text(sheet: Sheet) -> str:
    """The sheet as CSV text (Excel's dialect: commas, CRLF, quotes where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([guard_formula(h) for h in sheet.headers])
    for values in sheet.rows:
        writer.writerow([_csv_value(v) for v in values])
    return out.getvalue()


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return guard_formula(value)
    return str(value)


def write_csv(sheet: Sheet, path: Path) -> Path:
    """UTF-8 with a byte-order mark, so Excel shows "Zoë" and "Ελένη" right."""
    data = csv_text(sheet).encode("utf-8-sig")

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return _atomic_write(path, write)


def csv_name(stem: str, sheet: Sheet) -> str:
    return f"{stem} - {sheet.title}.csv"


def write_csv_files(sheets: Sequence[Sheet], folder: Path, stem: str) -> list[Path]:
    """One CSV file per sheet in ``folder``: "<stem> - Expectation matrix.csv"…"""
    return [write_csv(sheet, Path(folder) / csv_name(stem, sheet)) for sheet in sheets]


def safe_file_stem(text: str) -> str:
    """A file name from a client or engagement name (no slashes, colons…)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return " ".join(cleaned.split()).strip(" .")[:80] or "CX Desk export"
