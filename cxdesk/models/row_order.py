"""Where a row moved from a person's screen goes, checked against the order as it is now.

A move is made on a screen that may be stale: a colleague may have moved, added or
deleted rows since it was drawn. "Move to index 4" would then land somewhere else than
the person saw (indexes shift with every row added above), and "move up" could even move
the row down. So a move is taken as what the person saw happen: the row passes over the
rows between its place and where it is dropped, as the screen showed them (moving a row
up passes the one above it), or, into another parent, lands between the two rows it was
dropped between. That is done when those rows still stand as shown, wherever the rest
went meanwhile (a row added at the top does not matter); otherwise the move is refused
and :class:`Disorder` says which change stands in the way. Plain values, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum


class Upset(StrEnum):
    """How the rows a move needs differ from the screen's."""

    MOVED_ITSELF = "moved itself"  # the row being moved is elsewhere now
    MOVED = "moved"  # a row it passes over (or lands next to) is elsewhere now
    ADDED = "added"  # a row the screen did not show stands among them now
    GONE = "gone"  # a row it passes over (or lands next to) is no longer under the parent


@dataclass(frozen=True, slots=True)
class Disorder:
    """Why a move cannot be done as the screen showed it: ``row_id`` is the row in the way."""

    upset: Upset
    row_id: int


def move_within(
    current: Sequence[int], moved: int, to: int, shown: Sequence[int] | None
) -> list[int] | Disorder:
    """The parent's rows (``current``, in order now) with ``moved`` at index ``to`` of the
    order the screen showed (``shown``, ``moved`` among them); a :class:`Disorder` when the
    rows it passes over no longer stand next to it as shown. Without ``shown`` (no screen:
    a script), ``to`` is an index in the current order."""
    if shown is None or moved not in shown:
        rest = [row for row in current if row != moved]
        rest.insert(max(0, min(to, len(rest))), moved)
        return rest
    shown = list(shown)
    start = shown.index(moved)
    end = max(0, min(to, len(shown) - 1))
    if end == start:
        return list(current)
    passed = shown[start + 1 : end + 1] if end > start else shown[end:start]
    expected = [moved, *passed] if end > start else [*passed, moved]
    if moved in current:
        at = current.index(moved)
        first = at if end > start else at - len(passed)
        if first >= 0 and list(current[first : first + len(expected)]) == expected:
            rest = [row for row in current if row != moved]
            if end > start:
                rest.insert(rest.index(passed[-1]) + 1, moved)
            else:
                rest.insert(rest.index(passed[0]), moved)
            return rest
    return _disorder(current, shown, moved, passed)


def land_between(current: Sequence[int], to: int, shown: Sequence[int] | None) -> int | Disorder:
    """Where a row coming from another parent goes in this one's ``current`` order: between
    the rows it was dropped between on the screen (``shown``, at index ``to``), which must
    still stand next to each other (or at the same end) as shown. Without ``shown``, ``to``
    is an index in the current order."""
    if shown is None:
        return max(0, min(to, len(current)))
    shown = list(shown)
    to = max(0, min(to, len(shown)))
    before = shown[to - 1] if to > 0 else None
    after = shown[to] if to < len(shown) else None
    for row in (before, after):
        if row is not None and row not in current:
            return Disorder(Upset.GONE, row)
    if before is None and after is None:
        return 0 if not current else Disorder(Upset.ADDED, current[0])
    if before is None:
        assert after is not None
        at = current.index(after)
        return 0 if at == 0 else _between(current, shown, [], after, 0, at)
    if after is None:
        at = current.index(before) + 1
        if at == len(current):
            return at
        return _between(current, shown, [], before, at, len(current))
    lo, hi = current.index(before), current.index(after)
    if hi == lo + 1:
        return hi
    return _between(current, shown, [before, after], before, min(lo, hi) + 1, max(lo, hi))


def _between(
    current: Sequence[int], shown: Sequence[int], pair: list[int], near: int, lo: int, hi: int
) -> Disorder:
    """What stands between the rows a row was to land between (``current[lo:hi]``)."""
    for row in current[lo:hi]:
        if row not in shown:
            return Disorder(Upset.ADDED, row)
    out = _out_of_place(current, shown)
    for row in (*current[lo:hi], *pair):
        if row in out:
            return Disorder(Upset.MOVED, row)
    return Disorder(Upset.MOVED, current[lo] if lo < hi else near)


def _disorder(
    current: Sequence[int], shown: Sequence[int], moved: int, passed: Sequence[int]
) -> Disorder:
    if moved not in current:
        return Disorder(Upset.MOVED_ITSELF, moved)
    for row in passed:
        if row not in current:
            return Disorder(Upset.GONE, row)
    places = [current.index(row) for row in (moved, *passed)]
    span = current[min(places) : max(places) + 1]
    for row in span:
        if row not in shown:
            return Disorder(Upset.ADDED, row)
    out = _out_of_place(current, shown)
    if moved in out:
        return Disorder(Upset.MOVED_ITSELF, moved)
    for row in span:
        if row in out:
            return Disorder(Upset.MOVED, row)
    return Disorder(Upset.MOVED_ITSELF, moved)


def _out_of_place(current: Sequence[int], shown: Sequence[int]) -> set[int]:
    """The rows that moved between ``shown`` and ``current``: those outside their longest
    run of rows still in the shown order (the fewest moves that explain the change)."""
    both = [row for row in current if row in set(shown)]
    before = [row for row in shown if row in set(both)]
    matcher = SequenceMatcher(None, before, both, autojunk=False)
    kept = {
        row
        for block in matcher.get_matching_blocks()
        for row in both[block.b : block.b + block.size]
    }
    return set(both) - kept
