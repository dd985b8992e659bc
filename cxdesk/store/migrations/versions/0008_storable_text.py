"""text stored before the one rule for storable text is made storable

Revision ID: 0008_storable_text
Revises: 0007_last_change
Create Date: 2026-12-07 13:20:00.000000

Older releases refused only NUL, so a workspace can hold a vertical tab (the line break
PowerPoint puts on the clipboard), an ESC or another C0 control character. The store now
refuses those on every statement, undo's re-inserts included: deleting such a row and
undoing the delete failed, and the row stayed deleted. This data step rewrites every
text value that breaks the rule, once: U+000B and U+000C become a line break, other C0
controls their visible pictures (U+2400 block: distinct, never blank, so no name
becomes empty or equal to another), U+FFFE/U+FFFF the replacement character. Values that
keep the rule are not touched. No schema change; downgrade leaves the text as it is.

The cleaning is written out here rather than imported, so this step stays what it was
whatever the application's rule becomes later.
"""

import re

from alembic import op

revision = '0008_storable_text'
down_revision = '0007_last_change'
branch_labels = None
depends_on = None

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _one(found: "re.Match[str]") -> str:
    code = ord(found.group())
    if code in (0x0B, 0x0C):
        return "\n"
    if code < 0x20:
        return chr(0x2400 + code)
    return "\ufffd"


def _clean(value: object) -> object:
    return _REFUSED.sub(_one, value) if isinstance(value, str) else value


def _refused(value: object) -> int:
    return int(isinstance(value, str) and _REFUSED.search(value) is not None)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.connection.driver_connection  # the sqlite3 connection, for its functions
    assert sqlite is not None
    sqlite.create_function("cx_refused", 1, _refused, deterministic=True)
    sqlite.create_function("cx_clean", 1, _clean, deterministic=True)
    tables = [
        name
        for (name,) in sqlite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ]
    for table in tables:
        columns = [
            row[1]
            for row in sqlite.execute(f'PRAGMA table_info("{table}")')
            if "CHAR" in row[2].upper() or "TEXT" in row[2].upper()
        ]
        for column in columns:
            bind.exec_driver_sql(
                f'UPDATE "{table}" SET "{column}" = cx_clean("{column}") '
                f'WHERE cx_refused("{column}")'
            )


def downgrade() -> None:
    pass  # the cleaned text keeps the rule of every release: nothing to undo
