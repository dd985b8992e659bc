"""How a count is said: “1 person”, “2 people”, never “1 people”."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun in the form the count takes.

    Every “n things” a person reads goes through here, so that one of anything is never
    written as a plural (“1 people”, “of 1 statements”). ``plural`` defaults to the
    singular with an “s”.
    """
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count} {noun}"
