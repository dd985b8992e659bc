"""The emotion map in three sentences: pain points to fix, handoff status, change since a revisit.

Rich text for a QLabel (and reusable by reports). Every name a person typed is escaped.
"""

from __future__ import annotations

from html import escape
from statistics import fmean

from cxdesk.models.emotion_curve import OVERALL_NAME, EmotionCurve, HandoffMark
from cxdesk.models.journey_map import JourneyMap, emotion_label
from cxdesk.models.wording import counted

MAX_NAMED = 5  # pain points named in the sentence; the rest are counted
MAX_PEOPLE = 2  # stakeholders named per pain point besides the client overall


def signed(value: float, digits: int = 1) -> str:
    text = f"{value:+.{digits}f}" if round(value, digits) else f"{0:.{digits}f}"
    return text.replace("-", "\u2212")


def _score(value: int) -> str:
    return minus(f"{value:+d}") if value else "0"


def minus(text: str) -> str:
    return text.replace("-", "\u2212")


def summary_html(journey: JourneyMap, curve: EmotionCurve) -> str:
    if journey.is_empty:
        return "No journey yet: add the phases to start the map."
    parts = [_pain_sentence(journey, curve), _handoff_sentence(curve.handoffs)]
    if curve.compared_with is not None:
        parts.append(_change_sentence(curve))
    # The pain list ends in its own block; the other sentences follow as paragraphs.
    return "".join(p if p.endswith("</ul>") else f"<p>{p}</p>" for p in parts if p)


def _pain_sentence(journey: JourneyMap, curve: EmotionCurve) -> str:
    if not any(s.points for s in curve.series):
        return (
            "<b>No emotions scored yet.</b> Score how the client feels at each touchpoint "
            "(\u22123 angry to +3 delighted) to find the pain points."
        )
    if not curve.pain_points:
        return "<b>No pain points:</b> nothing is scored below neutral."
    by_touchpoint: dict[int, list[tuple[str, int]]] = {}
    for p in curve.pain_points:
        by_touchpoint.setdefault(p.touchpoint_id, []).append((p.series_name, p.score))
    x_of = {p.touchpoint_id: p.x for p in curve.pain_points}

    def rank(t: int) -> tuple[int, int, int]:
        # The lowest first; the client's own score breaks a tie, then the journey order.
        overall = [s for n, s in by_touchpoint[t] if n == OVERALL_NAME]
        return (min(s for _n, s in by_touchpoint[t]), overall[0] if overall else 0, x_of[t])

    ordered = sorted(by_touchpoint, key=rank)
    named = []
    for touchpoint_id in ordered[:MAX_NAMED]:
        record = journey.touchpoint(touchpoint_id)
        name = record.name if record is not None else "?"
        who = [
            "client " + minus(emotion_label(score))
            if series == OVERALL_NAME
            else f"{escape(series)} {minus(str(score))}"
            # The client first, then the unhappiest people: the ones named if space runs out.
            for series, score in sorted(
                by_touchpoint[touchpoint_id], key=lambda e: (e[0] != OVERALL_NAME, e[1])
            )
        ]
        if len(who) > MAX_PEOPLE + 1:  # a side panel: name a few, count the rest
            who = [*who[: MAX_PEOPLE + 1], f"{len(who) - MAX_PEOPLE - 1} more"]
        named.append(f"<li><b>{escape(name)}</b>: {', '.join(who)}</li>")
    more = len(ordered) - MAX_NAMED
    if more > 0:
        named.append(f"<li>and {more} more</li>")
    # A list, lowest first: the side panel is narrow and a sentence of names is unreadable.
    return "<b>Fix before they fester:</b><ul style='margin-left:-20px'>" + "".join(named) + "</ul>"


def _handoff_sentence(marks: tuple[HandoffMark, ...]) -> str:
    if not marks:
        return ""
    states = []
    for mark in marks:
        if mark.risky:
            state = f"\u26a0 {mark.open_items} of {mark.total_items} open \u2014 risky"
        elif mark.total_items:
            state = "\u2713 ready"
        else:
            state = "no checklist yet"
        states.append(f"{escape(mark.label)}: {state}")
    return "<b>Handoffs:</b> " + "; ".join(states) + "."


def _change_sentence(curve: EmotionCurve) -> str:
    since = escape(curve.compared_with or "")
    overall = curve.series[0] if curve.series else None
    now = {p.touchpoint_id: p.score for p in overall.points} if overall else {}
    then = {p.touchpoint_id: p.score for p in overall.before} if overall else {}
    both = [t for t in now if t in then]
    if not both:
        return f"<b>Since {since}:</b> no touchpoint has the client's emotion scored both times."
    change = fmean(now[t] for t in both) - fmean(then[t] for t in both)
    better = sum(1 for t in both if now[t] > then[t])
    worse = sum(1 for t in both if now[t] < then[t])
    text = (
        f"<b>Since {since}:</b> the client's mean emotion moved {signed(change)} over "
        f"{counted(len(both), 'touchpoint')} scored both times "
        f"({better} better, {worse} worse)"
    )
    if worse:
        x_of = {p.touchpoint_id: p.x for p in overall.points} if overall else {}
        drop = min((t for t in both if now[t] < then[t]), key=lambda t: (now[t] - then[t], x_of[t]))
        record = curve.slots[x_of[drop]].touchpoint
        name = record.name if record is not None else "?"
        text += (
            f"; biggest drop: <b>{escape(name)}</b> "
            f"({_score(then[drop])} \u2192 {_score(now[drop])})"
        )
    return text + "."
