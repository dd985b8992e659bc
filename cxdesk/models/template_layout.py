"""How the printable templates are laid out: what the consultant chooses when exporting.

Checked here, without Qt or ReportLab, so the export dialog, ``cxdesk export`` and the
report builder agree on the same limits and the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

KICKOFF_ROWS_DEFAULT = 12  # a kickoff workshop hears a dozen expectations, not five
KICKOFF_ROWS_MIN = 1
KICKOFF_ROWS_MAX = 60  # five pages of rows: past that, the matrix is the place


@dataclass(frozen=True, slots=True)
class TemplateLayout:
    """``kickoff_rows``: the empty rows to write in, in the kickoff template's tables of
    expectations and of revalidation dates."""

    kickoff_rows: int = KICKOFF_ROWS_DEFAULT

    def __post_init__(self) -> None:
        problem = kickoff_rows_problem(self.kickoff_rows)
        if problem is not None:
            raise ValueError(problem)


def kickoff_rows_problem(rows: int) -> str | None:
    """Why ``rows`` cannot be the kickoff template's row count; None when it can."""
    if not KICKOFF_ROWS_MIN <= rows <= KICKOFF_ROWS_MAX:
        return (
            f"The kickoff template takes {KICKOFF_ROWS_MIN} to {KICKOFF_ROWS_MAX} rows to write "
            f"in; {rows} is out of range."
        )
    return None


def parse_kickoff_rows(text: str) -> int:
    """The row count a person typed ("12"); ValueError with the words to show when it
    is not a whole number in range."""
    cleaned = text.strip()
    shown = cleaned if len(cleaned) <= 20 else cleaned[:20] + "…"
    try:
        rows = int(cleaned)
    except ValueError:
        raise ValueError(
            f"The kickoff template's row count must be a whole number from {KICKOFF_ROWS_MIN} "
            f"to {KICKOFF_ROWS_MAX}, not “{shown}”."
        ) from None
    problem = kickoff_rows_problem(rows)
    if problem is not None:
        raise ValueError(problem)
    return rows


DEFAULT_LAYOUT = TemplateLayout()
