"""Who is editing, in the name a colleague would recognise: "changed by Ana Silva, 10:42".

On a team workspace (PostgreSQL) the store records the role each person logs in with
(the server says who, nobody can claim another's name). On a SQLite file there is no
login to the database: the person logged in to the computer made the change. Their full
name, as the system keeps it, is what a consultant expects to read ("Ana Silva", not
"asilva" or "ANA-LAPTOP\\asilva"); the login name when the system keeps none.
"""

from __future__ import annotations

import getpass
import sys
from functools import cache

from sqlalchemy import Connection

from cxdesk.models.base import EDITOR_MAX

# An engine's execution option naming who edits through it on a SQLite file, instead of
# the computer's login (two people on one file in the tests; a "Your name" setting could
# use it). On PostgreSQL the server's role is who, always.
EDITOR = "cxdesk_editor"


def editor_of(conn: Connection) -> str | None:
    """Who edits through ``conn`` on a SQLite file: its engine's :data:`EDITOR`, else the
    person logged in to this computer."""
    named = conn.get_execution_options().get(EDITOR)
    return str(named)[:EDITOR_MAX] if named else local_editor()


@cache
def local_editor() -> str | None:
    """The person logged in to this computer, by full name when known; None when the
    system cannot say (a service account without a login name)."""
    name = _full_name() or _login()
    if not name:
        return None
    return " ".join(name.split())[:EDITOR_MAX] or None


def _login() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name, no passwd entry
        return None


def _full_name() -> str | None:
    if sys.platform == "win32":
        return _windows_display_name()
    try:
        import pwd
    except ImportError:
        return None
    try:
        entry = pwd.getpwnam(getpass.getuser())
    except (OSError, KeyError, ImportError):
        return None
    # GECOS: "Full Name,Room,Phone,...": the name is the first field.
    return entry.pw_gecos.split(",")[0].strip() or None


def _windows_display_name() -> str | None:  # pragma: no cover - Windows only
    import ctypes

    name_display = 3  # EXTENDED_NAME_FORMAT's NameDisplay: "Ana Silva"
    size = ctypes.c_ulong(0)
    secur32 = ctypes.WinDLL("secur32")  # type: ignore[attr-defined,unused-ignore]
    secur32.GetUserNameExW(name_display, None, ctypes.byref(size))
    if not size.value:
        return None
    buffer = ctypes.create_unicode_buffer(size.value)
    if not secur32.GetUserNameExW(name_display, buffer, ctypes.byref(size)):
        return None
    return buffer.value or None
