"""CHECK constraints shared by the entities, so a bound is stated once and named predictably."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the tables only: the text rules below serve start-up too
    from sqlalchemy import CheckConstraint


def range_check(column: str, low: int, high: int) -> CheckConstraint:
    """A whole number from ``low`` to ``high``, or NULL (not scored yet)."""
    from sqlalchemy import CheckConstraint

    # The CAST equality refuses 3.5 or '4x' that SQLite's loose typing would otherwise
    # store in an INTEGER column; it is portable SQL (PostgreSQL accepts it too).
    return CheckConstraint(
        f"{column} IS NULL OR ({column} = CAST({column} AS INTEGER)"
        f" AND {column} BETWEEN {low} AND {high})",
        name=f"{column}_range",
    )


def not_blank(column: str) -> CheckConstraint:
    from sqlalchemy import CheckConstraint

    return CheckConstraint(f"length(trim({column})) > 0", name=f"{column}_not_blank")


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    from sqlalchemy import CheckConstraint

    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_known")


# The one rule for text CX Desk stores, in every field and by every way in (typing,
# paste, .cxdesk/spreadsheet/quiz-file imports, later phones): the store checks it once,
# on every statement it sends (cxdesk.store.database), and the file readers check it
# before they write. Refused, because some export cannot carry them as they are:
# - NUL and the other C0 control characters except tab, line feed and carriage return:
#   XML 1.0, so XLSX, cannot hold them (openpyxl refuses them), some readers cut text at
#   a NUL, and a PDF prints nothing for them. Tab, LF and CR go through every export
#   (multi-line notes are normal; names have their white space folded anyway).
# - lone surrogates (U+D800-U+DFFF on their own): not Unicode text, UTF-8 cannot encode
#   them (SQLite, JSON files and CSV are UTF-8); JSON escapes and some pastes spell them.
# - U+FFFE and U+FFFF: noncharacters that XML 1.0 excludes.
# DEL, C1 controls, other noncharacters and private-use characters are allowed: every
# export carries them unchanged.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def storable(text: str) -> bool:
    """Whether ``text`` keeps the rule above (so every export can carry it as it is)."""
    return UNSTORABLE.search(text) is None


def _storable_character(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code in (0x0B, 0x0C):  # vertical tab, form feed: a line break (PowerPoint's is \v)
        return "\n"
    if code < 0x20:  # its picture (␛ for ESC): seen, kept apart, never blank
        return chr(0x2400 + code)
    return "\ufffd"  # a broken character or a noncharacter: the replacement character


def storable_version(text: str) -> str:
    """``text`` made storable, for text CX Desk kept before the rule above: what older
    releases stored or wrote into ``.cxdesk`` files (a line break pasted from PowerPoint
    is U+000B). Line-break-like controls become line breaks, other control characters
    their visible pictures (U+2400 block), anything else refused U+FFFD. Typing and
    importing other people's files are refused instead, saying why."""
    return UNSTORABLE.sub(_storable_character, text)


def unstorable_character(text: str) -> str | None:
    """Words for the first character of ``text`` the rule refuses, or None when storable."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "a NUL character (U+0000)"
    if code < 0x20:
        return f"a control character (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"a broken character (half of a surrogate pair, U+{code:04X})"
    return f"a noncharacter (U+{code:04X})"


def unstorable_message(text: str, what: str) -> str | None:
    """The refusal for ``text`` as ``what`` ("the client's name"), or None when storable."""
    character = unstorable_character(text)
    if character is None:
        return None
    return (
        f"There is {character} in {what}, which CX Desk cannot store or export. Remove it "
        "(retype the text if you cannot see it) and try again; nothing was saved."
    )
