"""Dates as people type them, read the same in every date box."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxdesk.models.typed_dates import read_typed_date

TODAY = date(2026, 12, 7)
NOV_2 = date(2026, 11, 2)


@pytest.mark.parametrize(
    "text",
    [
        "2 Nov 2026",
        "2 nov 2026",
        "2 November 2026",
        "2nd November 2026",
        "2nd of November, 2026",
        "Nov 2 2026",
        "Nov. 2, 2026",
        "November 2nd, 2026",
        "2026-11-02",
        "2026/11/2",
        "2026.11.02",
        "Mon 2 Nov 2026",  # what the boxes display reads back
        "Monday, 2 November 2026",
        "2/11/2026",
        "2.11.2026",
        "02-11-26",
        "2 Nov",  # this year
        "2 Nov 26",
        "  2 Nov 2026  ",
    ],
)
def test_day_first_forms(text: str) -> None:
    assert read_typed_date(text, day_first=True, today=TODAY).value == NOV_2


@pytest.mark.parametrize("text", ["11/2/2026", "11/02/26", "Nov 2 2026", "2026-11-02"])
def test_month_first_locales(text: str) -> None:
    assert read_typed_date(text, day_first=False, today=TODAY).value == NOV_2


def test_numeric_order_follows_the_locale_unless_only_one_reading_exists() -> None:
    assert read_typed_date("3/4/2026", day_first=True, today=TODAY).value == date(2026, 4, 3)
    assert read_typed_date("3/4/2026", day_first=False, today=TODAY).value == date(2026, 3, 4)
    only = read_typed_date("11/30/2026", day_first=True, today=TODAY)
    assert only.value == date(2026, 11, 30)
    assert only.note == "month first"


def test_locale_month_names() -> None:
    polish = {"listopada": 11, "listopad": 11, "lis": 11}
    reading = read_typed_date("2 listopada 2026", day_first=True, today=TODAY, months=polish)
    assert reading.value == NOV_2


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "No date"),
        ("31 Feb 2026", "no day 31"),
        ("30/2/2026", "no day 30"),
        ("2 Nov 20266", "year"),
        ("13/13/2026", "no month 13"),
        ("November 2026", "which day"),
        ("2 Nov Dec 2026", "two months"),
        ("next week", "not a date"),
        ("2 Novembre 2026", "not a date"),
        ("1 2 3 4", "not a date"),
        ("2026-11-99999999999999999999", "not a date"),
        ("2026-0-0", "no month 0"),
        ("0 Nov 2026", "no day 0"),
        ("2 Nov 0000", "year 0"),
    ],
)
def test_what_cannot_be_read_says_why(text: str, words: str) -> None:
    reading = read_typed_date(text, day_first=True, today=TODAY)
    assert reading.value is None
    assert words in reading.problem


def test_two_digit_years_are_the_nearest_such_year() -> None:
    assert read_typed_date("2/11/26", day_first=True, today=TODAY).value == NOV_2
    assert read_typed_date("2 Nov 99", day_first=True, today=TODAY).value == date(1999, 11, 2)
    assert read_typed_date("2 Nov 70", day_first=True, today=TODAY).value == date(2070, 11, 2)


def test_relative_words() -> None:
    assert read_typed_date("Today", day_first=True, today=TODAY).value == TODAY
    assert read_typed_date("yesterday", day_first=True, today=TODAY).value == date(2026, 12, 6)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTH_NAMES += ("September", "October", "November", "December")
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@given(day=dates, day_first=st.booleans())
def test_every_written_form_of_a_date_reads_back_as_that_date(day: date, day_first: bool) -> None:
    name = MONTH_NAMES[day.month - 1]
    numeric = (day.day, day.month) if day_first else (day.month, day.day)
    forms = [
        f"{day.day} {name[:3]} {day.year}",
        f"{day.day} {name} {day.year}",
        f"{name} {day.day}, {day.year}",
        f"{day:%a} {day.day} {name[:3]} {day.year}",
        f"{day.isoformat()}",
        f"{numeric[0]}/{numeric[1]}/{day.year}",
        f"{numeric[0]:02}.{numeric[1]:02}.{day.year}",
    ]
    for text in forms:
        assert read_typed_date(text, day_first=day_first, today=TODAY).value == day, text


@given(first=st.integers(1, 31), second=st.integers(1, 31), day_first=st.booleans())
def test_numbers_are_never_silently_read_the_other_way_round(
    first: int, second: int, day_first: bool
) -> None:
    """A numeric date is read in the locale's order; the other order only when the
    locale's cannot be a date, and then the reading says so."""
    reading = read_typed_date(f"{first}/{second}/2026", day_first=day_first, today=TODAY)
    as_locale = (first, second) if day_first else (second, first)  # (day, month)
    if reading.value is None:
        assert reading.problem
        return
    got = (reading.value.day, reading.value.month)
    if got == as_locale:
        assert reading.note in ("", "day first" if day_first else "month first")
    else:
        assert got == (as_locale[1], as_locale[0])
        assert reading.note == ("month first" if day_first else "day first")


# Mostly what date boxes get: digits, separators, month and weekday words, ordinals.
typed = st.lists(
    st.one_of(
        st.text(alphabet="0123456789", min_size=1, max_size=25),
        st.sampled_from(["/", "-", ".", " ", ",", "nov", "May", "mon", "2nd", "of", "today"]),
        st.text(max_size=3),
    ),
    max_size=8,
).map("".join)


@given(text=typed, day_first=st.booleans())
def test_any_text_is_a_date_or_a_sentence_saying_why_not(text: str, day_first: bool) -> None:
    reading = read_typed_date(text, day_first=day_first, today=TODAY)
    assert (reading.value is None) == bool(reading.problem)
