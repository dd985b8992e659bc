"""The pulse summary: the latest day's numbers and what is not working (to act on)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxdesk.models.pulse import PulsePoint, pulse_trend
from cxdesk.models.records import PulseRecord
from cxdesk.models.wording import counted

LATEST_NOT_WORKING = 6
ANSWER_CHARS = 160


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None or round(now - before, 1) == 0:
        return ""
    arrow = "▲" if now > before else "▼"
    return f" ({arrow} {now - before:+.1f})"


def _number(value: float | None, scale: int) -> str:
    return "–" if value is None else f"{value:.1f} / {scale}"


def summary_html(pulses: Sequence[PulseRecord]) -> str:
    """Latest day's mean confidence and CSAT, % satisfied, change since the day before:
    the client's answers (as the trend); our team's are counted apart."""
    team = sum(1 for p in pulses if not p.is_client)
    ours = f"{counted(team, 'response')} from our team (not in these numbers)" if team else ""
    pulses = [p for p in pulses if p.is_client]
    trend = pulse_trend(p.score for p in pulses)
    if not trend:
        return ours
    latest: PulsePoint = trend[-1]
    before = trend[-2] if len(trend) > 1 else None
    n = latest.responses
    lines = [
        f"<b>Latest check: {latest.taken_on:%d %b %Y}</b> ({counted(n, 'response')})",
        "Confidence "
        + _number(latest.mean_confidence, 10)
        + _change(latest.mean_confidence, before.mean_confidence if before else None),
        "CSAT "
        + _number(latest.mean_csat, 5)
        + _change(latest.mean_csat, before.mean_csat if before else None)
        + (f" · {latest.csat_percent:.0f}% satisfied" if latest.csat_percent is not None else ""),
    ]
    if before is not None:
        lines.append(f"<small>Changes are since {before.taken_on:%d %b %Y}.</small>")
    total = len(pulses)
    lines.append(f"{counted(total, 'response')} over {counted(len(trend), 'day')}")
    if ours:
        lines.append(ours)
    return "<br>".join(lines)


def not_working_html(pulses: Sequence[PulseRecord]) -> str:
    """The latest "not working" answers, newest first: what the consultant acts on."""
    answered = [p for p in pulses if p.not_working.strip()]
    answered.sort(key=lambda p: (p.taken_on, p.id), reverse=True)
    if not answered:
        return "<b>Not working</b><br><i>Nobody has said what's not working yet.</i>"
    items = []
    for p in answered[:LATEST_NOT_WORKING]:
        text = " ".join(p.not_working.split())
        if len(text) > ANSWER_CHARS:
            text = text[: ANSWER_CHARS - 1] + "…"
        who = f" · {escape(p.respondent)}" if p.respondent else ""
        if not p.is_client:
            who += " · our team"
        items.append(f"<li><small>{p.taken_on:%d %b}{who}</small><br>{escape(text)}</li>")
    more = len(answered) - LATEST_NOT_WORKING
    tail = f"<small>… and {more} earlier (see the table).</small>" if more > 0 else ""
    return (
        "<b>Latest “not working” answers</b>"
        f"<ul style='margin-left:-20px'>{''.join(items)}</ul>{tail}"
    )
