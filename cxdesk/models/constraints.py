"""CHECK constraints shared by the entities, so a bound is stated once and named predictably."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


def range_check(column: str, low: int, high: int) -> CheckConstraint:
    """A whole number from ``low`` to ``high``, or NULL (not scored yet)."""
    # The CAST equality refuses 3.5 or '4x' that SQLite's loose typing would otherwise
    # store in an INTEGER column; it is portable SQL (PostgreSQL accepts it too).
    return CheckConstraint(
        f"{column} IS NULL OR ({column} = CAST({column} AS INTEGER)"
        f" AND {column} BETWEEN {low} AND {high})",
        name=f"{column}_range",
    )


def not_blank(column: str) -> CheckConstraint:
    return CheckConstraint(f"length(trim({column})) > 0", name=f"{column}_not_blank")


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_known")


def storable(text: str) -> bool:
    """Text SQLite keeps as given: valid UTF-8 (no lone surrogate, which JSON and some
    pastes can spell) and no NUL (it would cut the text short in some readers)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text
