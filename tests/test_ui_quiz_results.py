"""The workshop results panel and chart, driven with real session results from a database."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import QuizRecord, SessionResultsData
from cxdesk.store import quizzes as qz
from cxdesk.store import workshop as wk
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.ui.quiz.participants import ParticipantsModel, rows_of
from cxdesk.ui.quiz.results import ResultsPanel

MINUS = "\u2212"
ANSWERS: list[list[int | None]] = [
    [5, 4, 2, 5, 5],  # 21
    [3, 4, 1, 5, 4],  # 17
    [5, None, 2, None, 4],  # incomplete (3 of 5)
]
EARLIER: list[list[int | None]] = [[3, 3, 3, 3, 3], [3, 3, 2, 4, 3]]  # 15, 15


class Room:
    def __init__(self, db: Database) -> None:
        self.db = db
        client = ws.add_client(db, "Harbourline Freight Co.")
        self.engagement = ws.add_engagement(db, client.id, "Customer portal rollout").id
        self.quiz: QuizRecord = qz.ensure_built_in_quiz(db)

    def laptop(
        self, title: str, day: date, answers: list[list[int | None]], names: tuple[str, ...] = ()
    ) -> SessionResultsData:
        session = wk.add_session(db := self.db, self.quiz.id, self.engagement, title, day)
        for n, row in enumerate(answers):
            person = wk.add_participant(db, session.id, names[n] if n < len(names) else "")
            for statement, score in zip(self.quiz.statements, row, strict=True):
                if score is not None:
                    wk.record_answer(db, person.id, statement.id, score)
        return self.load(session.id)

    def hands(self, title: str, people: int, tallies: list[dict[int, int]]) -> SessionResultsData:
        session = wk.add_session(
            self.db,
            self.quiz.id,
            self.engagement,
            title,
            date(2026, 5, 2),
            SessionMode.HANDS,
            people,
        )
        for statement, tally in zip(self.quiz.statements, tallies, strict=False):
            wk.record_tally(self.db, session.id, statement.id, tally)
        return self.load(session.id)

    def load(self, session_id: int) -> SessionResultsData:
        data = wk.load_session_results(self.db, session_id)
        assert data is not None
        return data


@pytest.fixture
def room(db: Database) -> Room:
    return Room(db)


@pytest.fixture
def panel(qtbot) -> Iterator[ResultsPanel]:  # type: ignore[no-untyped-def]
    widget = ResultsPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def test_pass_the_laptop_results_with_an_earlier_session(panel: ResultsPanel, room: Room) -> None:
    before = room.laptop("Kickoff workshop", date(2026, 3, 12), EARLIER)
    data = room.laptop("Mid-project check", date(2026, 5, 2), ANSWERS, names=("Dana",))
    panel.set_data(data, before)

    assert panel.average.text() == "19.0"  # (21 + 17) / 2: the incomplete one is left out
    assert panel.out_of.text() == "out of 25"
    assert panel.band.text() == "Strong foundation, needs polish"
    assert panel.advice.text().startswith("Pick the lowest-scored statement")
    assert panel.progress.text() == "2 of 3 finished; 1 incomplete"
    assert panel.change.text() == (
        "+4.0 since \u201cKickoff workshop\u201d on 12 Mar 2026 (was 15.0)"
    )
    summary = panel.summary_text()
    assert "Weakest: 3. We adapt delivery based on client feedback\u2014even mid-project" in summary
    assert "(mean 1.7)" in summary
    assert "Strongest: 4. Our team understands the customer\u2019s why, not just what" in summary

    assert panel.table.isVisible()
    assert panel.participant_rows() == [
        ("Dana", "21", "Experience-first delivery pro"),
        ("Participant 2", "17", "Strong foundation, needs polish"),
        ("Participant 3", "incomplete (3 of 5)", "\u2013"),
    ]

    chart = panel.chart
    assert chart is not None
    series = chart.series()
    assert series[0] == {1: 0, 2: 0, 3: 1, 4: 0, 5: 2}
    assert series[1] == {1: 0, 2: 0, 3: 0, 4: 2, 5: 0}  # the skip is not a score
    assert series[2] == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0}
    assert chart.means()[1] == pytest.approx(4.0)
    assert chart.flagged() == {"weakest": (2,), "strongest": (3,)}
    assert chart.previous_means() == pytest.approx([3.0, 3.0, 2.5, 3.5, 3.0])
    labels = chart.statement_labels()
    assert labels[0] == "1. We co-create success definitions with the customer"
    tip = chart.row_boxes[2].toolTip()
    assert tip.startswith("3. We adapt delivery based on client feedback\u2014even mid-project")
    assert "Score 2: 2 people (67%)" in tip
    assert "Kickoff workshop, 12 Mar 2026: 2.5" in tip
    assert "\u25c7 Kickoff workshop, 12 Mar 2026" in chart.legend.text()
    assert chart.mean_labels[2].textItem.toPlainText() == "mean 1.7 \u00b7 was 2.5"


def test_counts_are_written_in_segments_wide_enough(panel: ResultsPanel, room: Room) -> None:
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS)
    panel.set_data(data)
    chart = panel.chart
    assert chart is not None
    counts = chart.visible_counts()
    assert counts[1] == ["", "", "", "2", ""]
    assert counts[2] == ["1", "2", "", "", ""]
    assert chart.segment_colours()[0] != chart.segment_colours()[-1]


def test_a_new_answer_updates_rows_without_resetting_the_table(
    panel: ResultsPanel, room: Room, qtbot
) -> None:  # type: ignore[no-untyped-def]
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS)
    panel.set_data(data)
    chart = panel.chart
    third = data.participants[2]
    wk.record_answer(room.db, third.id, room.quiz.statements[1].id, 1)
    with (
        qtbot.assertNotEmitted(panel.model.modelReset),
        qtbot.waitSignal(panel.model.dataChanged),
    ):
        panel.set_data(room.load(data.session.id))
    assert panel.participant_rows()[2] == ("Participant 3", "incomplete (4 of 5)", "\u2013")
    assert panel.chart is chart  # built once
    assert chart.series()[1] == {1: 1, 2: 0, 3: 0, 4: 2, 5: 0}
    wk.record_answer(room.db, third.id, room.quiz.statements[3].id, 2)
    panel.set_data(room.load(data.session.id))
    assert panel.participant_rows()[2] == (
        "Participant 3",
        "14",
        "Big opportunity to elevate client engagement",
    )
    assert panel.progress.text() == "3 people, all finished"
    assert panel.average.text() == "17.3"  # (21 + 17 + 14) / 3


def test_show_of_hands_fully_and_partly_tallied(panel: ResultsPanel, room: Room) -> None:
    tallies = [{3: 4, 4: 8}, {2: 2, 3: 10}, {1: 6, 2: 6}, {5: 12}, {4: 12}]
    partial = room.hands("Kickoff", 12, tallies[:3])
    panel.set_data(partial)
    assert panel.average.text() == "\u2013"
    assert panel.out_of.text() == "no average yet"
    assert panel.band.text() == "12 people; 3 of 5 statements tallied"
    assert "still to count statements 4, 5" in panel.advice.text()
    assert not panel.table.isVisible()  # no one's own answers in a show of hands
    chart = panel.chart
    assert chart is not None
    assert chart.series()[3] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert chart.visible_counts()[3][0] == "not tallied yet"
    assert chart.flagged() == {"weakest": (2,), "strongest": (0,)}

    full = room.hands("Kickoff again", 12, tallies)
    panel.set_data(full)
    # 3.67 + 2.83 + 1.5 + 5 + 4 = 17.0
    assert panel.average.text() == "17.0"
    assert panel.band.text() == "Strong foundation, needs polish"
    assert panel.progress.text() == "12 people, all 5 statements tallied"
    assert chart.series()[3] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 12}
    assert chart.flagged() == {"weakest": (2,), "strongest": (3,)}
    assert chart.visible_counts()[3][4] == "12"


def test_tied_statements_are_all_flagged_on_the_panel_and_the_projector(qtbot, room: Room) -> None:  # type: ignore[no-untyped-def]
    # Statements 1 and 3 share the lowest mean (2.5), 2 and 4 the highest (4.5).
    data = room.laptop("Retro", date(2026, 5, 2), [[2, 5, 2, 5, 3], [3, 4, 3, 4, 3]])
    normal = ResultsPanel()
    large = ResultsPanel(large=True)  # what the presenter shows on the projector
    for widget, size in ((normal, (900, 600)), (large, (1920, 1080))):
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        widget.set_data(data)
    summary = normal.summary_text().splitlines()
    assert "Tied weakest: 1. We co-create success definitions with the customer (mean 2.5)" in (
        summary
    )
    assert any(line.startswith("Tied weakest: 3. We adapt delivery") for line in summary)
    assert any(line.startswith("Tied strongest: 2. ") for line in summary)
    assert any(line.startswith("Tied strongest: 4. ") for line in summary)
    for widget in (normal, large):
        chart = widget.chart
        assert chart is not None
        assert chart.flagged() == {"weakest": (0, 2), "strongest": (1, 3)}
    # A later session with one weakest hides the second name again.
    single = room.laptop("Later", date(2026, 6, 2), [[2, 5, 3, 4, 3]])
    large.set_data(single)
    assert large.chart is not None
    assert large.chart.flagged() == {"weakest": (0,), "strongest": (1,)}
    for widget in (normal, large):
        widget.close()


def test_empty_states(panel: ResultsPanel, room: Room) -> None:
    assert panel.summary_text() == "Choose a session to see its results."
    assert panel.chart is None  # nothing to draw: pyqtgraph not needed yet
    empty = room.laptop("Retro", date(2026, 5, 2), [])
    panel.set_data(empty)
    assert panel.summary_text() == (
        "No answers yet in \u201cRetro\u201d. The results appear here as people answer."
    )
    hands = room.hands("Kickoff", 12, [])
    panel.set_data(hands)
    assert panel.summary_text().startswith("No hands counted yet in \u201cKickoff\u201d.")
    one = room.laptop("Solo", date(2026, 5, 3), [[3, None, None, None, None]])
    panel.set_data(one)
    assert panel.out_of.text() == "no average yet"
    assert "No one has answered all 5 statements yet" in panel.summary_text()
    assert panel.chart is not None
    assert panel.chart.flagged() == {"weakest": (), "strongest": ()}
    panel.set_data(None)
    assert panel.summary_text() == "Choose a session to see its results."


def test_projector_shows_band_counts_not_names(qtbot, room: Room) -> None:  # type: ignore[no-untyped-def]
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS, names=("Dana", "Lee"))
    normal = ResultsPanel()
    large = ResultsPanel(large=True)
    for widget, size in ((normal, (900, 600)), (large, (1920, 1080))):
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        widget.set_data(data)
    assert not large.table.isVisible()
    assert large.bands.isVisible()
    assert large.bands.text().splitlines() == [
        "1 person: Experience-first delivery pro",
        "1 person: Strong foundation, needs polish",
        "0 people: Big opportunity to elevate client engagement",
        "1 incomplete",
    ]
    assert "Dana" not in large.summary_text()
    assert large.average.font().pixelSize() > 2 * normal.average.font().pixelSize()
    assert large.chart is not None
    assert normal.chart is not None
    assert large.chart.font_px >= 28  # read from the back of the room at 1080 lines
    large.resize(1280, 720)
    qtbot.waitUntil(lambda: large.chart is not None and large.chart.font_px < 28)
    assert large.chart.font_px >= 18
    for widget in (normal, large):
        widget.close()


def test_palette_switch_recolours_and_keeps_the_data(
    panel: ResultsPanel, room: Room, qtbot
) -> None:  # type: ignore[no-untyped-def]
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS)
    panel.set_data(data)
    chart = panel.chart
    assert chart is not None
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
    ):
        dark.setColor(role, QColor(colour))
    before = chart.labels[0].textItem.defaultTextColor().name()
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: chart.labels[0].textItem.defaultTextColor().name() == "#f0f0f0")
        assert chart.plot.backgroundBrush().color().name() == "#1e1e1e"
        assert chart.series() == [dict(d) for d in data.results.distributions]
        assert chart.flagged() == {"weakest": (2,), "strongest": (3,)}
        panel.grab()  # paints in the dark scheme without error
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: chart.labels[0].textItem.defaultTextColor().name() == before)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Base) == light.color(
        QPalette.ColorRole.Base
    )


def test_narrow_panel_puts_the_participants_under_the_chart(
    panel: ResultsPanel, room: Room, qtbot
) -> None:  # type: ignore[no-untyped-def]
    panel.set_data(room.laptop("Retro", date(2026, 5, 2), ANSWERS))
    assert panel.splitter.orientation().name == "Horizontal"
    panel.resize(700, 500)
    qtbot.waitUntil(lambda: panel.splitter.orientation().name == "Vertical")
    chart = panel.chart
    assert chart is not None
    table_top = panel.table.mapTo(panel, QPoint(0, 0)).y()
    assert table_top > chart.mapTo(panel, QPoint(0, 0)).y()


def test_participants_model_passes_qtmodeltester(qtmodeltester, room: Room) -> None:  # type: ignore[no-untyped-def]
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS, names=("Dana",))
    model = ParticipantsModel()
    model.set_rows(rows_of(data, data.results))
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_results_module_does_not_import_pyqtgraph() -> None:
    code = (
        "import sys; import cxdesk.ui.quiz.results; "
        "print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "False"]


def test_the_projector_chart_follows_each_answer_row_by_row(qtbot, room: Room) -> None:  # type: ignore[no-untyped-def]
    before = room.laptop("Kickoff workshop", date(2026, 3, 12), EARLIER)
    data = room.laptop("Mid-project check", date(2026, 5, 2), ANSWERS)
    large = ResultsPanel(large=True)
    qtbot.addWidget(large)
    large.resize(1920, 1080)
    large.show()
    qtbot.waitExposed(large)
    large.set_data(data, before)
    chart = large.chart
    assert chart is not None

    def drawn_as(data: SessionResultsData) -> None:
        results = data.results
        for row, counts in enumerate(results.distributions):
            people = sum(counts.values())
            shares = [100 * n / people if people else 0.0 for n in counts.values()]
            assert chart.drawn_shares()[row] == pytest.approx(shares)
            written = [str(n) if n else "" for n in counts.values()] if people else None
            if written is not None:  # every segment here is wide enough for its count
                assert chart.visible_counts()[row] == written
        assert chart.drawn_means() == pytest.approx(list(results.means))
        mean_words = [m.textItem.toPlainText() for m in chart.mean_labels]
        assert mean_words[2] == f"mean {results.means[2]:.1f} \u00b7 was 2.5"

    drawn_as(data)
    third = data.participants[2]
    # The incomplete participant answers, changes an answer, then clears one; the
    # projector is given each answer applied in memory, as the tab and presenter do.
    for statement, score in ((1, 5), (3, 1), (1, 2), (0, None), (2, 5)):
        changed = data.with_answer(third.id, room.quiz.statements[statement].id, score)
        assert changed is not None
        data = changed
        large.set_data(data, before)
        drawn_as(data)
    assert data.answers[2] == (None, 2, 5, 1, 4)
    large.resize(1280, 720)  # another projector: type and rows measured again
    qtbot.waitUntil(lambda: chart.font_px < 28)
    drawn_as(data)
    large.close()


def test_the_participants_table_follows_answers_applied_in_memory(
    panel: ResultsPanel, room: Room
) -> None:
    data = room.laptop("Retro", date(2026, 5, 2), ANSWERS, names=("Dana",))
    panel.set_data(data)
    third, statements = data.participants[2], room.quiz.statements
    for statement, score in ((1, 4), (3, 2), (0, None), (0, 1)):
        changed = data.with_answer(third.id, statements[statement].id, score)
        assert changed is not None
        data = changed
        panel.set_data(data)
        fresh = ParticipantsModel()
        fresh.set_rows(rows_of(data, data.results))  # made from nothing, as before
        assert [panel.model.row(r) for r in range(3)] == [fresh.row(r) for r in range(3)]
    assert panel.participant_rows()[2] == (
        "Participant 3",
        "13",
        "Big opportunity to elevate client engagement",
    )
    # Read again from the database (new records, Dana renamed; the answers above were
    # only applied in memory): every row made again from what is stored.
    renamed = wk.rename_participant(room.db, data.participants[0].id, "Dee")
    panel.set_data(room.load(data.session.id))
    assert panel.participant_rows()[0][0] == renamed.name
    assert panel.participant_rows()[2][1] == "incomplete (3 of 5)"
