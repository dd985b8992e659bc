"""The order in which clients and engagements are listed: by name as a reader expects,
the same on a laptop's SQLite file and a team's PostgreSQL server.

SQL's ``ORDER BY lower(name)`` was not: SQLite lowercases ASCII only and compares code
points, so "Äpfel", "éclair" and "Łódź" came after "Zebra"; PostgreSQL lowercases them
and then orders by the server's collation, which a server chooses (C, en_US, pl_PL...).
Names are ordered in Python instead, after reading, by a key that depends on no locale:
letters by their base letter first (accents and case aside), then with their accents,
then as written, so "Äpfel" sits with "apple" under A and the order is total.

Unicode decomposes most accented Latin letters (é = e + ´) but not those drawn as one
shape (Ł, Ø, Đ, Æ...); :data:`_BASE_LETTERS` spells those as the letters a reader looks
them up under. A full collation (ICU) would order every script by its own rules; that
is a large dependency for a list of client names, and this key keeps the two backends
and every machine in one order.
"""

from __future__ import annotations

import unicodedata

# Latin letters with no decomposition, as the base letters they are filed under.
_BASE_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "ŀ": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def name_key(name: str) -> tuple[str, str, str]:
    """What a list of names is sorted by: base letters, then accents, then as written."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    base = "".join(c for c in folded if not unicodedata.combining(c)).translate(_BASE_LETTERS)
    return base, folded, name


def name_order_text(name: str, id_: int) -> str:
    """:func:`name_key` and then ``id_`` as one string that sorts the same way by code
    points (what a Qt view's sort role compares); NUL, which no stored name holds,
    separates the parts."""
    return "\0".join((*name_key(name), f"{id_:020d}"))
