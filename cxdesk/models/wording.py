"""How a count or a list is said: “1 person”, “2 people”, never “1 people”; “A and B”."""

from __future__ import annotations

from collections.abc import Sequence


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun in the form the count takes.

    Every “n things” a person reads goes through here, so that one of anything is never
    written as a plural (“1 people”, “of 1 statements”). ``plural`` defaults to the
    singular with an “s”.
    """
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count:,} {noun}"


def spoken_list(items: Sequence[str]) -> str:
    """“Assurance”, “Assurance and Empathy”, “Reliability, Assurance and Empathy”.

    How a tie is named in a sentence: every one of it, the way a person would say them.
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
