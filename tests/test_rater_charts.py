"""The RATER scorecard charts draw exactly the scorecard's numbers, and say so when empty."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from cxdesk.models.servqual import (
    DIMENSIONS,
    DimensionScore,
    RaterDimension,
    RaterResponse,
    RespondentSide,
    summarise_scorecard,
)
from cxdesk.ui.rater.charts import RaterCharts

R, A, T, E, RESP = DIMENSIONS
TEAM, CLIENT = RespondentSide.TEAM, RespondentSide.CLIENT


def respondent(
    side: RespondentSide, pairs: list[tuple[int, int] | None], name: str = ""
) -> RaterResponse:
    """(expectation, perception) per dimension in RATER order; None leaves it unscored."""
    scores = {
        d: DimensionScore(*pair)
        for d, pair in zip(DIMENSIONS, pairs, strict=True)
        if pair is not None
    }
    return RaterResponse(side, scores, name=name)


# Two of our team rate themselves high; two client respondents experience much less,
# Empathy most of all: providers rate themselves above what clients experience.
ROOM = [
    respondent(TEAM, [(6, 6), (6, 7), (5, 6), (6, 6), (6, 6)]),
    respondent(TEAM, [(7, 6), (6, 6), (5, 5), (6, 7), (6, 5)]),
    respondent(CLIENT, [(7, 5), (6, 5), (5, 6), (7, 3), (6, 4)]),
    respondent(CLIENT, [(6, 5), (6, 6), (4, 5), (7, 4), (7, 5)]),
]


@pytest.fixture
def charts(qtbot) -> RaterCharts:  # type: ignore[no-untyped-def]
    widget = RaterCharts()
    qtbot.addWidget(widget)
    widget.resize(1000, 300)
    widget.show()
    return widget


def test_gap_bars_and_the_flagged_experience_gap(charts: RaterCharts) -> None:
    charts.set_summary(summarise_scorecard(ROOM))
    # Reliability: (0 - 1 - 2 - 1) / 4; Empathy: (0 + 1 - 4 - 3) / 4 = -1.5, the weakest.
    assert charts.gap_bars() == {R: -1.0, A: 0.0, T: 0.75, E: -1.5, RESP: -1.25}
    assert charts.flagged_dimensions() == (E,)
    assert charts.gaps.flag_texts[3].isVisible()
    assert "experience gap" in charts.gaps.flag_texts[3].toPlainText()
    assert "Empathy" in charts.gaps.header.text()
    assert charts.empty_states() == {"trend": charts.trend.empty.text()}


def test_tied_widest_disagreements_are_all_marked(charts: RaterCharts) -> None:
    # Team minus client: Reliability +2, Tangibles -2, the rest 0: both are the widest.
    charts.set_summary(
        summarise_scorecard(
            [
                respondent(TEAM, [(5, 7), (5, 5), (5, 5), (5, 5), (5, 5)]),
                respondent(CLIENT, [(5, 5), (5, 5), (5, 7), (5, 5), (5, 5)]),
            ]
        )
    )
    assert charts.sides_series()["Difference"] == [2.0, 0.0, -2.0, 0.0, 0.0]
    ticks = dict(charts.sides.plot.getAxis("left")._tickLevels[0])
    assert ticks[DIMENSIONS.index(R)] == "Reliability\n\u25b6 team +2.0 above client"
    assert ticks[DIMENSIONS.index(T)] == "Tangibles\n\u25b6 team 2.0 below client"
    assert list(charts.sides.band.opts["y"]) == [0, 2]  # both rows banded
    assert "Reliability (team +2.0) and Tangibles (team \u22122.0)" in charts.sides.header.text()


def test_no_flag_when_every_dimension_meets_expectations(charts: RaterCharts) -> None:
    charts.set_summary(
        summarise_scorecard([respondent(CLIENT, [(5, 5), (4, 6), (5, 6), (6, 6), (3, 4)])])
    )
    assert charts.flagged_dimensions() == ()
    assert not charts.gaps.flag_bar.isVisible()
    assert all(g is not None and g >= 0 for g in charts.gap_bars().values())
    assert "no experience gap" in charts.gaps.header.text()


def test_a_dimension_nobody_scored_is_not_a_zero_bar(charts: RaterCharts) -> None:
    partial = [
        respondent(CLIENT, [(6, 4), (5, 5), None, (6, 5), (5, 6)]),
        respondent(TEAM, [(6, 6), (5, 6), (4, None), (6, 6), (5, 5)]),  # T: E only
    ]
    charts.set_summary(summarise_scorecard(partial))
    bars = charts.gap_bars()
    assert bars[T] is None
    assert bars[R] == -1.0
    assert charts.gaps.values[DIMENSIONS.index(T)].toPlainText() == "not scored"
    assert charts.radar_series()["Perception"][DIMENSIONS.index(T)] is None
    assert "(not scored)" in charts.radar.spoke_labels[DIMENSIONS.index(T)].toPlainText()


def test_radar_draws_the_mean_expectation_and_perception(charts: RaterCharts) -> None:
    summary = summarise_scorecard(ROOM)
    charts.set_summary(summary)
    radar = charts.radar_series()
    assert radar["Expectation"] == pytest.approx([summary.means[d].expectation for d in DIMENSIONS])
    assert radar["Perception"] == pytest.approx([summary.means[d].perception for d in DIMENSIONS])
    assert radar["Expectation"][0] == pytest.approx(6.5)  # Reliability: (6 + 7 + 7 + 6) / 4
    assert [label.toPlainText() for label in charts.radar.spoke_labels] == [
        d.label for d in DIMENSIONS
    ]


def test_team_and_client_side_by_side_with_the_difference(charts: RaterCharts) -> None:
    charts.set_summary(summarise_scorecard(ROOM))
    sides = charts.sides_series()
    assert sides["Our team"] == [-0.5, 0.5, 0.5, 0.5, -0.5]
    assert sides["Client"] == [-1.5, -0.5, 1.0, -3.5, -2.0]
    assert sides["Difference"] == [1.0, 1.0, -0.5, 4.0, 1.5]
    ticks = dict(charts.sides.plot.getAxis("left")._tickLevels[0])
    assert ticks[DIMENSIONS.index(E)] == "Empathy\n\u25b6 team +4.0 above client"  # widest
    assert ticks[DIMENSIONS.index(T)] == "Tangibles\nteam 0.5 below client"
    assert charts.sides.band.isVisible()
    assert "above the client" in charts.sides.header.text()


def test_one_side_without_respondents_says_so(charts: RaterCharts) -> None:
    charts.set_summary(summarise_scorecard(ROOM[:2]))
    assert "No client respondents" in charts.sides.header.text()
    assert charts.sides_series()["Client"] == [None] * 5
    assert charts.sides_series()["Difference"] == [None] * 5
    assert not charts.sides.band.isVisible()
    assert "sides" not in charts.empty_states()  # our team's bars still show
    charts.set_summary(summarise_scorecard(ROOM[2:]))
    assert "No team respondents" in charts.sides.header.text()


def test_empty_states_for_no_summary_and_no_respondents(charts: RaterCharts) -> None:
    charts.set_summary(None)
    assert set(charts.empty_states()) == {"gaps", "radar", "sides", "trend"}
    assert charts.gap_bars() == dict.fromkeys(DIMENSIONS)
    assert charts.flagged_dimensions() == ()
    assert charts.radar_series() == {"Expectation": [None] * 5, "Perception": [None] * 5}
    charts.set_summary(summarise_scorecard(ROOM))
    charts.set_summary(summarise_scorecard([]))
    assert "Add a respondent" in charts.empty_states()["gaps"]
    assert charts.flagged_dimensions() == ()
    assert charts.sides_series()["Our team"] == [None] * 5


def test_trend_breaks_at_missing_values(charts: RaterCharts) -> None:
    points = [
        ("Kickoff", {R: -0.5, A: 0.2, T: 0.5, E: -2.5, RESP: -1.0}),
        ("Discovery", {R: -0.8, A: 0.0, E: -2.0, RESP: None}),
        ("Go-live", {R: -0.2, A: 0.4, T: 0.8, E: -1.5, RESP: -0.6}),
    ]
    charts.set_trend(points)
    trend = charts.trend_series()
    assert trend[R] == [-0.5, -0.8, -0.2]
    assert trend[T] == [0.5, None, 0.8]
    assert trend[RESP] == [-1.0, None, -0.6]
    assert charts.trend.lines[T].opts["connect"] == "finite"  # NaN breaks, never drops to 0
    labels = [text for _x, text in charts.trend.plot.getAxis("bottom")._tickLevels[0]]
    assert labels == ["Kickoff", "Discovery", "Go-live"]
    assert "trend" not in charts.empty_states()


def test_one_trend_point_is_markers_only_and_none_is_empty(charts: RaterCharts) -> None:
    charts.set_trend([("Kickoff", {E: -1.0})])
    assert charts.trend_series()[E] == [-1.0]
    assert charts.trend_series()[R] == [None]
    assert charts.trend.lines[E].opts["symbol"] is not None
    charts.set_trend([("Kickoff", dict.fromkeys(DIMENSIONS))])
    assert "trend" in charts.empty_states()
    charts.set_trend([])
    assert charts.trend_series() == {d: [] for d in DIMENSIONS}


def test_palette_switch_recolours_and_keeps_the_data(charts: RaterCharts, qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    charts.set_summary(summarise_scorecard(ROOM))
    charts.set_trend([("Kickoff", {E: -2.0}), ("Now", {E: -1.5})])
    before = (charts.gap_bars(), charts.radar_series(), charts.sides_series())
    light = app.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: charts.gaps.plot.backgroundBrush().color() == QColor("#1e1e1e"))
        assert charts.gaps.flag_texts[3].color == QColor("#f0f0f0")
        assert (charts.gap_bars(), charts.radar_series(), charts.sides_series()) == before
        assert charts.flagged_dimensions() == (E,)
        assert charts.trend_series()[E] == [-2.0, -1.5]
    finally:
        app.setPalette(light)


def test_a_hundred_point_trend_updates_in_milliseconds(charts: RaterCharts) -> None:
    summary = summarise_scorecard(ROOM * 250)  # 1,000 respondents
    points = [(f"Assessment {i}", dict(summary.gaps)) for i in range(100)]
    charts.set_summary(summary)
    charts.set_trend(points)
    start = time.perf_counter()
    for _ in range(10):
        charts.set_summary(summary)
        charts.set_trend(points)
    per_update = (time.perf_counter() - start) / 10
    assert per_update < 0.05, f"{per_update * 1000:.1f} ms"
    assert len(charts.trend_series()[RaterDimension.EMPATHY]) == 100
