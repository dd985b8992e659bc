"""The words and chart inputs of the scorecard: the summary line, chooser labels, the trend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cxdesk.models.records import AssessmentRecord, MilestoneRecord
from cxdesk.models.servqual import RaterDimension, RaterResponse, ScorecardSummary, dimension_gaps
from cxdesk.models.wording import counted, spoken_list

TrendPoint = tuple[str, Mapping[RaterDimension, float | None]]


def signed(value: float) -> str:
    """A gap with its sign, minus as a real minus sign; never NaN."""
    text = f"{value:+.1f}"
    return text.replace("-", "−")


def assessment_label(assessment: AssessmentRecord, milestones: Mapping[int, str]) -> str:
    parts = [assessment.title]
    if assessment.held_on:
        parts.append(f"{assessment.held_on:%d %b %Y}")
    if assessment.milestone_id is not None and assessment.milestone_id in milestones:
        parts.append(milestones[assessment.milestone_id])
    return " · ".join(parts)


def milestone_names(milestones: Sequence[MilestoneRecord]) -> dict[int, str]:
    return {m.id: m.name for m in milestones}


def summary_text(summary: ScorecardSummary | None) -> str:
    if summary is None:
        return ""
    if summary.is_empty:
        return (
            "No respondents yet: press Ctrl+N to add someone from the client, "
            "Ctrl+T for someone on our team."
        )
    n = summary.respondents
    parts = [counted(n, "respondent")]
    if summary.unweighted is None:
        parts.append("unweighted score: needs every dimension scored by someone")
    else:
        parts.append(f"unweighted score {signed(summary.unweighted)}")
    if summary.weighted is None:
        parts.append("weighted score: needs a respondent who scored every dimension they weigh")
    else:
        parts.append(
            f"weighted score {signed(summary.weighted)} "
            f"(weighted by {summary.weighted_respondents} of {counted(n, 'respondent')})"
        )
    if summary.experience_gaps:
        value = summary.gaps[summary.experience_gaps[0]]
        assert value is not None
        names = spoken_list([d.label for d in summary.experience_gaps])
        tied = "tied at " if len(summary.experience_gaps) > 1 else ""
        parts.append(f"the experience gap: {names} ({tied}{signed(value)})")
    elif any(v is not None for v in summary.gaps.values()):
        parts.append("no experience gap: perception meets or beats expectation everywhere")
    difference = summary.sides.overall_difference
    if difference is not None and difference != 0:
        direction = "above" if difference > 0 else "below"
        parts.append(f"our team rates it {abs(difference):.1f} {direction} the client")
    if summary.incomplete:
        k = summary.incomplete
        parts.append(
            f"{counted(k, 'incomplete respondent')} (left out of the dimensions they did not score)"
        )
    return " · ".join(parts)


def trend_points(
    loaded: Sequence[tuple[AssessmentRecord, Sequence[RaterResponse]]],
    milestones: Mapping[int, str],
) -> list[TrendPoint]:
    """One point per assessment, oldest first, with its gaps.

    Labelled by its milestone when it has one (the axis is "across milestones" and the
    names are short), else by its title.
    """
    points: list[TrendPoint] = []
    for assessment, responses in loaded:
        name = milestones.get(assessment.milestone_id) if assessment.milestone_id else None
        points.append((name or assessment.title, dimension_gaps(responses)))
    return points
