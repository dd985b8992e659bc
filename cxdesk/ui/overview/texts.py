"""What the Overview says in words: the current point's numbers, hints, empty states.

Plain functions of the models' values (no widgets), so the wording is easy to test.
"""

from __future__ import annotations

from html import escape

from cxdesk.models.quadrant import MIDPOINT, AxisScore, ExperienceParts, PathPoint

VALUE_HINT = "Score expected and delivered levels in the Expectation Matrix to place value"
EXPERIENCE_HINT = "run a RATER assessment or a pulse check to place experience"
EMPTY_TEXT = (
    "<p>The Project Experience Quadrant places the engagement by the value delivered "
    "(across) and the client's experience (up), at each milestone and now.</p>"
    "<p>• Score expected and delivered levels in the Expectation Matrix to place value.<br>"
    "• Run a RATER assessment with client respondents, or a pulse check, to place "
    "experience.</p>"
)

PULSE_EMPTY_TEXT = (
    "No pulse checks yet: record the client's confidence (1-10) and CSAT (1-5) in the "
    "Pulse checks tab to see their trend here."
)


def axis_number(value: float) -> str:
    """One decimal, or two where one would round across the line between low and high
    (4.96 is low, and must not read "5.0" beside a low quadrant's name)."""
    text = f"{value:.1f}"
    if (value < MIDPOINT) != (float(text) < MIDPOINT):
        text = f"{value:.2f}"
        if (value < MIDPOINT) != (float(text) < MIDPOINT):
            text = f"{value:.3f}"
    return text


def experience_parts_text(parts: ExperienceParts) -> str:
    """Like "mean of SERVQUAL 3.3, CSAT 7.5, confidence 6.7" (only the parts there are)."""
    named = [
        f"{name} {value:.1f}"
        for name, value in (
            ("SERVQUAL", parts.servqual),
            ("CSAT", parts.csat),
            ("confidence", parts.confidence),
        )
        if value is not None
    ]
    return "mean of " + ", ".join(named) if named else ""


def axis_html(name: str, score: AxisScore, how: str = "") -> str:
    """One axis of the current point: the score, how it was computed, any manual override."""
    computed = "" if score.computed is None else axis_number(score.computed)
    if how and computed:
        computed += f" = {how}"
    if score.override is not None:  # score.is_overridden, narrowed for mypy
        was = f"computed {computed}" if computed else "no computed score"
        when = f" since {score.overridden_on:%d %b %Y}" if score.overridden_on else ""
        return (
            f"<b>{name} {axis_number(score.override)}</b> "
            f"<i>(manual{when}; {escape(was)})</i><br>"
            f"&nbsp;&nbsp;Reason: “{escape(score.reason)}”"
        )
    if score.computed is None:
        return f"<b>{name}:</b> no data yet"
    how_text = f" = {escape(how)}" if how else ""
    return f"<b>{name} {axis_number(score.computed)}</b>{how_text}"


def point_html(point: PathPoint) -> str:
    return "<br>".join(
        (
            axis_html("Value delivered", point.value),
            axis_html(
                "Experience", point.experience, experience_parts_text(point.experience_parts)
            ),
        )
    )


def missing_advice(point: PathPoint) -> str:
    """What to do to place a point that lacks an axis."""
    hints = []
    if point.value.effective is None:
        hints.append(VALUE_HINT)
    if point.experience.effective is None:
        hints.append(EXPERIENCE_HINT)
    text = "; ".join(hints)
    return text[:1].upper() + text[1:] + "." if text else ""
