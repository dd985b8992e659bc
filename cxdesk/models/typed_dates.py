"""Reading a date the way a person types it: "2 Nov 2026", "Nov 2, 2026", "2/11/2026".

One reader for every date box of the app (and any later front end), so each box takes
the same forms and says the same things. Plain values only: the caller passes the
locale's preference for numeric dates (day first or month first), its month names and
today's date, and shows the result back to the person (what was understood, or why
nothing was).

Accepted, ignoring case, commas, dots after abbreviations, ordinals (2nd) and a leading
or trailing weekday ("Mon 2 Nov 2026", what the boxes display):

- a month by name with a day and an optional year, in either order: 2 Nov 2026,
  2 November 2026, Nov 2 2026, November 2nd, 2026, 2 Nov (this year);
- ISO: 2026-11-02, 2026/11/02, 2026.11.02;
- numbers in the locale's order: 2/11/2026, 2.11.26, 2-11-2026, 2/11 (this year); a
  reading that only works the other way round (11/30/2026 where the day comes first)
  is taken that way, since it cannot mean anything else;
- today, yesterday, tomorrow.

A two-digit year is the one nearest today (26 is 2026, 99 is 1999).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta

ENGLISH_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
ENGLISH_WEEKDAYS = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    }
)
RELATIVE = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
EXAMPLES = "2 Nov 2026, Nov 2 2026, 2026-11-02"
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
_SPLIT = re.compile(r"[\s,/\-.]+")


@dataclass(frozen=True, slots=True)
class DateReading:
    """A typed date read: ``value``, or None with ``problem`` saying why in a sentence."""

    value: date | None
    problem: str = ""
    note: str = ""  # how an all-numeric date was read (day or month first)


def read_typed_date(
    text: str,
    *,
    day_first: bool,
    today: date,
    months: Mapping[str, int] | None = None,
    weekdays: frozenset[str] = frozenset(),
) -> DateReading:
    """Read ``text`` as a date. ``months`` adds the locale's month names (lower case,
    number 1-12) to the English ones; ``weekdays`` adds its weekday names to ignore."""
    names = {**ENGLISH_MONTHS, **{k.lower().rstrip("."): v for k, v in (months or {}).items()}}
    skip = ENGLISH_WEEKDAYS | {w.lower().rstrip(".") for w in weekdays}
    cleaned = text.strip().lower()
    if not cleaned:
        return DateReading(None, "No date typed.")
    if cleaned in RELATIVE:
        return DateReading(today + timedelta(days=RELATIVE[cleaned]))
    tokens = [t for t in _SPLIT.split(cleaned) if t]
    words: list[int] = []  # month numbers given by name
    numbers: list[str] = []
    for token in tokens:
        ordinal = _ORDINAL.match(token)
        if ordinal:
            token = ordinal.group(1)
        if token.isdecimal() and token.isascii():
            numbers.append(token)
        elif token in names:
            words.append(names[token])
        elif token in skip or token == "of":  # "2nd of November"
            continue
        else:
            return DateReading(None, f"“{text.strip()}” is not a date; type it like {EXAMPLES}.")
    if len(words) > 1:
        return DateReading(None, f"“{text.strip()}” names two months.")
    if words:
        return _with_month_name(text.strip(), words[0], numbers, today)
    return _numeric(text.strip(), numbers, day_first, today)


def _with_month_name(text: str, month: int, numbers: list[str], today: date) -> DateReading:
    if not numbers:
        return DateReading(None, f"“{text}”: which day of the month?")
    if len(numbers) > 2:
        return DateReading(None, f"“{text}” has too many numbers for a date.")
    day_text, year_text = numbers[0], numbers[1] if len(numbers) == 2 else None
    if year_text is not None and len(day_text) == 4:  # "2026 Nov 2"
        day_text, year_text = year_text, day_text
    if len(day_text) > 2:
        return DateReading(None, f"“{text}”: which day of the month?")
    year = today.year if year_text is None else _year(year_text, today)
    if year is None:
        return DateReading(None, f"“{text}”: the year should have 4 digits (or 2).")
    return _make(text, year, month, int(day_text))


def _numeric(text: str, numbers: list[str], day_first: bool, today: date) -> DateReading:
    if len(numbers) == 3 and len(numbers[0]) == 4:  # ISO: year, month, day
        if any(len(n) > 2 for n in numbers[1:]):
            return DateReading(None, f"“{text}” is not a date; type it like {EXAMPLES}.")
        return _make(text, int(numbers[0]), int(numbers[1]), int(numbers[2]))
    if len(numbers) not in (2, 3) or any(len(n) > 2 for n in numbers[:2]):
        return DateReading(None, f"“{text}” is not a date; type it like {EXAMPLES}.")
    year = today.year if len(numbers) == 2 else _year(numbers[2], today)
    if year is None:
        return DateReading(None, f"“{text}”: the year should have 4 digits (or 2).")
    first, second = int(numbers[0]), int(numbers[1])
    preferred = (first, second) if day_first else (second, first)
    other = (preferred[1], preferred[0])
    for (day, month), note in (
        (preferred, "day first" if day_first else "month first"),
        (other, "month first" if day_first else "day first"),
    ):
        reading = _make(text, year, month, day)
        if reading.value is not None:
            return DateReading(reading.value, note=note if first != second else "")
    return _make(text, year, preferred[1], preferred[0])  # the locale's reading's problem


def _year(text: str, today: date) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:  # the century that puts it nearest today: 26 is 2026, 99 is 1999
        century = today.year // 100 * 100
        candidates = (century - 100 + int(text), century + int(text), century + 100 + int(text))
        return min(candidates, key=lambda year: abs(year - today.year))
    return None


def _make(text: str, year: int, month: int, day: int) -> DateReading:
    # Every part is checked by range before date() sees it: a huge number would raise
    # OverflowError, and year 0 would be blamed on the day.
    if not 1 <= month <= 12:
        return DateReading(None, f"“{text}”: there is no month {month}.")
    if not MINYEAR <= year <= MAXYEAR:
        return DateReading(None, f"“{text}”: the year {year} is out of range.")
    if not 1 <= day <= monthrange(year, month)[1]:
        return DateReading(None, f"“{text}” is not a date: that month has no day {day}.")
    return DateReading(date(year, month, day))
