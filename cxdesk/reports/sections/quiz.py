"""The CX self-assessment quiz section: a printable sheet for a paper workshop, then the
results of every workshop session of the engagement.

The sheet needs no database: blank, it prints the built-in quiz from
``cxdesk.models.quiz.BUILT_IN_QUIZ`` (five statements, rated 1-5, and bands).
Results say what the quiz tab says: a participant who skipped a statement is incomplete,
never scored as zero; the room's band is the band of its average rounded down.

Each person's row prints when the edition allows it: always in the internal edition; in
the client edition only when the consultant ticked it, and then unnamed ("Participant
n", numbered by the read in an order that does not follow who sat down first).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.edition import EditionChoice
from cxdesk.models.quiz import BUILT_IN_QUIZ, QuizDefinition, SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.models.workshop_results import WorkshopResults
from cxdesk.reports.chart_parts import key_figures, signed, strong
from cxdesk.reports.charts import quiz_distribution
from cxdesk.reports.flowables import WriteInLine
from cxdesk.reports.fonts import BODY
from cxdesk.reports.sections import heading, nothing_yet, subheading
from cxdesk.reports.styles import ToolkitStyles, data_table, styles_for
from cxdesk.reports.text import para

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from cxdesk.models.brand import Brand
    from cxdesk.models.toolkit import ToolkitData

SEED_QUESTION = N_("How aligned is your delivery to customer expectations?")
ROWS_LEFT_OUT = N_(
    "Everyone's answers count in the results above; no one's own answers are printed "
    "in this edition."
)
EMPTY = N_(
    "No workshop session recorded yet — run the quiz with the client's team in the app "
    "(or on the sheet above) and each session's results print here."
)


def build(data: ToolkitData | None, brand: Brand, tr: Translator = ENGLISH) -> list[Flowable]:
    st = styles_for(brand)
    _ = tr.gettext
    if data is not None and data.quiz is not None and not data.quiz.built_in:
        quiz = data.quiz.definition  # the consultant's own words, never translated
    else:
        quiz = built_in_quiz(tr)
    story: list[Flowable] = [heading("quiz", brand, tr), *quiz_sheet(quiz, brand, st, tr)]
    if data is None:
        return story
    if not data.sessions:  # a line, not a page of its own
        results = subheading(_("Workshop results"), brand, key="quiz-results")
        return [*story, KeepTogether([results, nothing_yet(_(EMPTY), brand)])]
    # The sheet is a handout to photocopy: the results start on a page of their own.
    story += [PageBreak(), heading("quiz", brand, tr, _("Workshop results"))]
    for n, session in enumerate(data.sessions):
        earlier = [s for s in data.sessions[:n] if s.quiz.id == session.quiz.id]
        previous = earlier[-1] if earlier else None
        story += session_results(session, previous, brand, st, data.edition, tr)
    return story


def built_in_quiz(tr: Translator) -> QuizDefinition:
    """The built-in quiz in ``tr``'s language, for a sheet not yet filled in. A session
    keeps the words it was run with (stored with it): those are never translated."""
    quiz = BUILT_IN_QUIZ
    return replace(
        quiz,
        title=tr.gettext(quiz.title),
        statements=tuple(tr.gettext(s) for s in quiz.statements),
        bands=tuple(
            replace(b, label=tr.gettext(b.label), advice=tr.gettext(b.advice)) for b in quiz.bands
        ),
    )


# --- the sheet -----------------------------------------------------------------------


def quiz_sheet(
    quiz: QuizDefinition, brand: Brand, st: ToolkitStyles, tr: Translator = ENGLISH
) -> list[Flowable]:
    """One page to photocopy: who, the statements with a box per score, total, bands."""
    _ = tr.gettext
    low, high = quiz.scale_min, quiz.scale_max
    intro = _(SEED_QUESTION) if quiz.title == _(BUILT_IN_QUIZ.title) else ""
    title = ParagraphStyle("sheet_title", parent=st.h2, fontSize=15, leading=19, spaceBefore=0)
    story: list[Flowable] = [Paragraph(para(quiz.title), title)]
    if intro:
        story.append(Paragraph(para(intro), st.subtitle))
    story += [Spacer(0, 4), _who(st, tr), Spacer(0, 8)]
    story.append(
        Paragraph(
            para(
                _(
                    "Rate each statement from {low} (not at all true of us) to {high} "
                    "(completely true of us): tick one box per statement, then add up your "
                    "total."
                ).format(low=low, high=high)
            ),
            st.body,
        )
    )
    statement = ParagraphStyle("sheet_statement", parent=st.body, fontSize=10.5, leading=14)
    boxes_w = _boxes_width(low, high)
    rows = [
        [
            Paragraph(f"<b>{n}</b>", statement),
            Paragraph(para(text), statement),
            score_boxes(low, high, st),
        ]
        for n, text in enumerate(quiz.statements, 1)
    ]
    table = Table(rows, colWidths=[18, st.frame_width - 18 - boxes_w, boxes_w], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, st.rule),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, strong(st.primary)),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("LEFTPADDING", (-1, 0), (-1, -1), 0),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ]
    )
    lowest, highest = quiz.total_range
    story += [table, Spacer(0, 10), _total_line(lowest, highest, st, tr), Spacer(0, 14)]
    meaning = subheading(_("What your total means"), brand)
    story.append(KeepTogether([meaning, bands_table(quiz, st, tr)]))
    return story


def _who(st: ToolkitStyles, tr: Translator) -> Flowable:
    label = ParagraphStyle("who", parent=st.small, textColor=st.muted_ink)
    widths = [st.frame_width * share for share in (0.42, 0.33, 0.25)]
    lines = [
        WriteInLine(text, w - 12, label_style=label, line_gap=20, rule=st.ink, text_colour=st.ink)
        for text, w in zip(
            (tr.gettext("Name"), tr.gettext("Team / role"), tr.gettext("Date")), widths, strict=True
        )
    ]
    table = Table([lines], colWidths=widths, hAlign="LEFT")
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 12)])
    return table


def _box_size(low: int, high: int) -> tuple[float, float]:
    return (20.0, 7.0) if high - low < 7 else (15.0, 3.0)


def _boxes_width(low: int, high: int) -> float:
    size, gap = _box_size(low, high)
    return (high - low + 1) * (size + gap)


def score_boxes(low: int, high: int, st: ToolkitStyles) -> Drawing:
    """A box per score to tick, the score printed faintly inside so a tick still reads."""
    size, gap = _box_size(low, high)
    d = Drawing(_boxes_width(low, high), size)
    for n, score in enumerate(range(low, high + 1)):
        x = n * (size + gap) + gap / 2
        d.add(Rect(x, 0, size, size, fillColor=None, strokeColor=st.ink, strokeWidth=0.9))
        d.add(
            String(
                x + size / 2,
                size / 2 - 3,
                str(score),
                fontName=BODY,
                fontSize=size * 0.42,
                fillColor=st.muted_ink,
                textAnchor="middle",
            )
        )
    return d


def _total_line(lowest: int, highest: int, st: ToolkitStyles, tr: Translator) -> Flowable:
    box = Drawing(64, 26)
    box.add(Rect(0, 0, 64, 26, fillColor=None, strokeColor=strong(st.primary), strokeWidth=1.4))
    label = ParagraphStyle("total", parent=st.body, fontSize=11, leading=14)
    cells = [
        [
            Paragraph("<b>" + para(tr.gettext("Your total")) + "</b>", label),
            box,
            Paragraph(
                para(
                    tr.gettext("out of {highest} (lowest possible {lowest})").format(
                        highest=highest, lowest=lowest
                    )
                ),
                st.muted,
            ),
        ]
    ]
    table = Table(cells, colWidths=[80, 74, st.frame_width - 154], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    return table


def bands_table(quiz: QuizDefinition, st: ToolkitStyles, tr: Translator = ENGLISH) -> Flowable:
    _ = tr.gettext
    rows: list[list[object]] = [[_("Total"), _("What it means"), _("What next")]]
    for band in sorted(quiz.bands, key=lambda b: b.high, reverse=True):
        rows.append([f"{band.low}–{band.high}", band.label, band.advice])
    widths = [st.frame_width * share for share in (0.14, 0.36, 0.5)]
    return data_table(rows, widths, st)


# --- results ------------------------------------------------------------------------


def day(value: date, tr: Translator = ENGLISH) -> str:
    return tr.short_date(value)


def one(value: float, tr: Translator = ENGLISH) -> str:
    return tr.decimal(value)


def session_results(
    data: SessionResultsData,
    earlier: SessionResultsData | None,
    brand: Brand,
    st: ToolkitStyles,
    edition: EditionChoice,
    tr: Translator = ENGLISH,
) -> list[Flowable]:
    _ = tr.gettext
    results = data.results
    quiz = data.quiz.definition
    session = data.session
    hands = session.session_mode is SessionMode.HANDS
    title = subheading(f"{session.title} — {day(session.held_on, tr)}", brand, key="quiz-session")
    how = {
        SessionMode.LAPTOP: _("answers collected by each person at the laptop"),
        SessionMode.HANDS: _("answers collected by show of hands"),
        SessionMode.PHONES: _("answers collected by each person on their phone"),
    }[session.session_mode]
    people = session.participant_count if hands else len(data.participants)
    taking_part = tr.counted("{count} taking part", "{count} taking part", people)
    about = Paragraph(para(f"{quiz.title} · {how} · {taking_part}"), st.muted)
    answered = any(sum(d.values()) for d in results.distributions)
    if not answered:
        return [title, about, nothing_yet(_("No answers recorded in this session yet."), brand)]
    chart = quiz_distribution(
        quiz.statements,
        results.distributions,
        results.means,
        results.weakest,
        (quiz.scale_min, quiz.scale_max),
        st,
        st.frame_width,
        tr,
    )
    figures = _figures(data, results, earlier, st, tr)
    story: list[Flowable] = [
        KeepTogether([title, about, figures, Spacer(0, 10), chart, Spacer(0, 6)]),
        *_findings(quiz, results, st, tr),
    ]
    if not hands and data.participants:
        if edition.prints_participant_rows:
            story.append(participants_table(data, results, st, tr))
        else:
            story.append(Paragraph(para(_(ROWS_LEFT_OUT)), st.muted))
    elif hands:
        story.append(
            Paragraph(
                para(
                    _(
                        "Counted by show of hands: nobody's own total is recorded, so the room "
                        "average is the sum of the statements' means."
                    )
                ),
                st.muted,
            )
        )
    return story


def _figures(
    data: SessionResultsData,
    results: WorkshopResults,
    earlier: SessionResultsData | None,
    st: ToolkitStyles,
    tr: Translator,
) -> Drawing:
    _ = tr.gettext
    _lowest, highest = data.quiz.definition.total_range
    average = results.room_average
    change = "–"
    change_label = _("change since the previous session")
    if earlier is not None and earlier.results.room_average is not None and average is not None:
        change = signed(average - earlier.results.room_average, 1, tr)
        change_label = _("since “{title}” ({day})").format(
            title=earlier.session.title, day=day(earlier.session.held_on, tr)
        )
    # Every statement of a tie (none while all are alike): as the quiz tab names them.
    weakest = results.weakest
    tied = len(weakest) > 1
    figures = [
        (
            "–" if average is None else one(average, tr),
            _("room average, out of {highest}").format(highest=highest),
        ),
        (
            tr.integer(results.finished),
            tr.ngettext(
                "person who answered every statement",
                "people who answered every statement",
                results.finished,
            ),
        ),
        (
            tr.ngettext("No. {numbers}", "Nos. {numbers}", len(weakest)).format(
                numbers=", ".join(str(i + 1) for i in weakest)
            )
            if weakest
            else "–",
            _("the weakest statements, tied (lowest mean)")
            if tied
            else _("the weakest statement (lowest mean)"),
        ),
        (change, change_label),
    ]
    drawing = Drawing(st.frame_width, 52)
    drawing.add(key_figures(figures, strong(st.primary), st.ink, st.muted_ink, st.frame_width))
    return drawing


def _findings(
    quiz: QuizDefinition, results: WorkshopResults, st: ToolkitStyles, tr: Translator
) -> list[Flowable]:
    _ = tr.gettext
    lines = []
    label = _("Tied weakest statement") if len(results.weakest) > 1 else _("Weakest statement")
    for weakest in results.weakest:
        mean = results.means[weakest]
        lines.append(
            f"<b>{para(label)}:</b> {weakest + 1}. "
            f"{para(quiz.statements[weakest])}"
            + (
                " " + para(_("(mean {mean})").format(mean=one(mean, tr)))
                if mean is not None
                else ""
            )
        )
    band = results.room_band
    if band is not None:
        advice = f" {para(band.advice)}" if band.advice else ""
        words = para(_("The room's band: {band}.").format(band=band.label))
        lines.append(f"<b>{words}</b>{advice}")
    return [Paragraph(line, st.body) for line in lines]


def participants_table(
    data: SessionResultsData, results: WorkshopResults, st: ToolkitStyles, tr: Translator = ENGLISH
) -> Flowable:
    _ = tr.gettext
    count = len(data.quiz.statements)
    rows: list[list[object]] = [["#", _("Participant"), _("Answers"), _("Total"), _("Band")]]
    for n, (person, answers, total, band) in enumerate(
        zip(data.participants, data.answers, results.totals, results.bands, strict=True), 1
    ):
        given = sum(a is not None for a in answers)
        rows.append(
            [
                str(n),
                person.name or _("Participant {number}").format(number=person.position + 1),
                " · ".join("–" if a is None else str(a) for a in answers),
                str(total)
                if total is not None
                else _("incomplete ({given} of {count})").format(given=given, count=count),
                band.label if band else "–",
            ]
        )
    widths = [st.frame_width * share for share in (0.06, 0.3, 0.22, 0.14, 0.28)]
    return data_table(rows, widths, st, right_cols=(0,))
