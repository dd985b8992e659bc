"""The journey grid's lanes (its rows) and how they look: the touchpoint fields in the
familiar journey-map order, one emotion lane per stakeholder, and the emotion colours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from cxdesk.models.journey_map import (
    TOUCHPOINT_FIELD_LABELS,
    JourneyMap,
    PhaseRecord,
    StakeholderRecord,
)
from cxdesk.ui import theme

PLACEHOLDER = "Add a touchpoint…"
NOT_SCORED = "–"
SCORE_KEYS = "type 0-3, or - then 1-3; Delete clears"


class LaneKind(Enum):
    PHASE = auto()  # the phase band, spanned across its columns
    LINE = auto()  # one-line text: name, channel, owning team
    TEXT = auto()  # a few sentences
    EMOTION = auto()  # the client's overall emotion
    STAKEHOLDER = auto()  # one stakeholder's emotion


@dataclass(frozen=True, slots=True)
class Lane:
    kind: LaneKind
    title: str
    help: str
    lines: float  # row height in text lines
    field: str = ""  # the touchpoint field shown (LINE, TEXT, EMOTION)
    stakeholder: StakeholderRecord | None = None

    @property
    def key(self) -> tuple[LaneKind, str, int | None]:
        """Identifies the lane across reloads (stakeholder lanes come and go)."""
        return (self.kind, self.field, self.stakeholder.id if self.stakeholder else None)

    @property
    def is_emotion(self) -> bool:
        return self.kind in (LaneKind.EMOTION, LaneKind.STAKEHOLDER)


def _text(field: str, help: str, kind: LaneKind = LaneKind.TEXT, lines: float = 3) -> Lane:
    return Lane(kind, TOUCHPOINT_FIELD_LABELS[field], help, lines, field)


PHASE_LANE = Lane(
    LaneKind.PHASE,
    "Phase",
    "The journey's phases; ⚠ marks a handoff into the phase with open checklist items. "
    "Double-click to rename, drag onto another phase to move it.",
    1.7,
)
_BEFORE_EMOTIONS = (
    _text("name", "What the moment is called", LaneKind.LINE, 2),
    _text("channel", "Where it happens: meeting, e-mail, portal, phone…", LaneKind.LINE, 1.2),
    _text("sees_does", "What the client sees and does at this touchpoint"),
    _text("thinks_feels", "What the client thinks and feels here"),
    _text("needs", "What the client needs from us at this point"),
)
EMOTION_LANE = Lane(
    LaneKind.EMOTION,
    "Emotion",
    f"How the client feels overall, -3 angry to +3 delighted: {SCORE_KEYS}",
    1.5,
    "emotion",
)
_AFTER_EMOTIONS = (
    _text("pain_points", "What hurts here: fix it before it festers"),
    _text("opportunities", "What we could do better or differently"),
    _text("owner_team", "Which team on our side owns this moment", LaneKind.LINE, 1.2),
)


def lanes_for(stakeholders: tuple[StakeholderRecord, ...]) -> tuple[Lane, ...]:
    """The rows of the map: one emotion lane per stakeholder after the client's own."""
    personal = tuple(
        Lane(
            LaneKind.STAKEHOLDER,
            f"Emotion · {s.name}",
            f"How {s.display_name} ({s.influence} influence) feels here: {SCORE_KEYS}",
            1.5,
            stakeholder=s,
        )
        for s in stakeholders
    )
    return (PHASE_LANE, *_BEFORE_EMOTIONS, EMOTION_LANE, *personal, *_AFTER_EMOTIONS)


# -- colours ---------------------------------------------------------------------

_BLEND = {1: 0.28, 2: 0.5, 3: 0.74}  # how far a score's hue covers the table's base


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (WCAG ratio)."""
    lum = luminance(background)
    return QColor("#000000") if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else QColor("#ffffff")


def emotion_colours(score: int | None, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """Background and text colour of a scored cell: the Okabe-Ito vermillion (negative) or
    blue (positive) mixed into the palette's base, stronger the further from neutral, so
    it reads on light and dark tables; 0 is a faint grey, unscored is the plain base."""
    palette = palette or QGuiApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    if score is None:
        return base, palette.color(QPalette.ColorRole.PlaceholderText)
    if score == 0:
        background = mix(base, theme.NEUTRAL, 0.22)
    else:
        background = mix(base, theme.TRAILING if score < 0 else theme.AHEAD, _BLEND[abs(score)])
    return background, readable_on(background)


def band_tint(band: int, palette: QPalette | None = None) -> QColor | None:
    """Every other phase band slightly shaded, so the bands read as blocks."""
    if band % 2 == 0:
        return None
    palette = palette or QGuiApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    return mix(base, palette.color(QPalette.ColorRole.Text), 0.045)


def handoff_badge(phase: PhaseRecord, *, short: bool = False) -> str:
    """What the phase lane shows of the handoff into the phase: "⚠ 3 open", "✓ ready".

    ``short`` ("⚠ 3", "✓") leaves a narrow phase room for its name; the tooltip says more.
    """
    if not phase.handoff:
        return ""
    if phase.open_items:
        return f"⚠ {phase.open_items}" if short else f"⚠ {phase.open_items} open"
    return "✓" if short else "✓ ready"


def handoff_tooltip(journey: JourneyMap, phase: PhaseRecord) -> str:
    index = next((i for i, p in enumerate(journey.phases) if p.id == phase.id), 0)
    into = (
        f"{journey.phases[index - 1].name} → {phase.name}"
        if index > 0
        else f"Into {phase.name} (no phase before it)"
    )
    total = len(phase.handoff)
    if not total:
        state = "no checklist yet" if index > 0 else ""
    elif phase.open_items:
        state = f"{phase.open_items} of {total} checklist items open — risky"
    else:
        state = f"all {total} checklist items done — ready"
    lines = [f"Phase “{phase.name}”"]
    if state:
        lines.append(f"Handoff {into}: {state}")
    lines.append("Double-click to rename; drag onto another phase to move it.")
    return "\n".join(lines)


def short_title(title: str, limit: int = 28) -> str:
    """Lane names stay narrow: a long stakeholder name must not eat the map's width."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
