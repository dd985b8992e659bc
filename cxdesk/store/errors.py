"""Why a database file was refused, or an edit was not saved, in words a consultant reads."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class RefusalReason(StrEnum):
    NOT_SQLITE = "not_sqlite"
    NOT_CXDESK = "not_cxdesk"
    DAMAGED = "damaged"
    NEWER_VERSION = "newer_version"
    ALREADY_OPEN = "already_open"
    READ_ONLY = "read_only"
    UNREADABLE = "unreadable"
    SERVER_URL = "server_url"


_TITLES = {
    RefusalReason.NOT_SQLITE: "Not a CX Desk database",
    RefusalReason.NOT_CXDESK: "Not a CX Desk database",
    RefusalReason.DAMAGED: "Damaged database",
    RefusalReason.NEWER_VERSION: "Made by a newer CX Desk",
    RefusalReason.ALREADY_OPEN: "Already open",
    RefusalReason.READ_ONLY: "Cannot write here",
    RefusalReason.UNREADABLE: "Cannot open the file",
    RefusalReason.SERVER_URL: "Not a workspace's address",
}


def not_a_workspace(place: str, what_it_is: str, instead: str) -> str:
    """The one shape in which a file and a server's database that are not CX Desk's are
    refused: "The file “crm.db” is not a CX Desk workspace: it is a database made by
    another program. Choose…", "The database “sales” on db.example.com is not a CX Desk
    workspace: it holds another program's tables. Give…". ``place`` names it ("The file
    “crm.db”"), ``what_it_is`` says what it is instead, ``instead`` what to do."""
    return f"{place} is not a CX Desk workspace: {what_it_is}. {instead}"


_SERVER_TITLES = {
    RefusalReason.READ_ONLY: "No permission",
    RefusalReason.UNREADABLE: "Cannot open the team workspace",
}


class DatabaseRefused(Exception):
    """The file cannot be used as a workspace. It has not been modified."""

    def __init__(
        self, reason: RefusalReason, path: Path, detail: str, *, name: str | None = None
    ) -> None:
        self.reason = reason
        self.path = path
        self.detail = detail
        # What the message calls the workspace: a server's is its display name ("cxdesk
        # on db.example.com"), never its address, which may hold a password.
        self.name = str(path) if name is None else name
        super().__init__(f"{self.name}: {detail}")

    @property
    def title(self) -> str:
        if self.name != str(self.path):  # a server's workspace: no file to speak of
            return _SERVER_TITLES.get(self.reason, _TITLES[self.reason])
        return _TITLES[self.reason]

    @property
    def message(self) -> str:
        # A server URL names no file: there is none to leave unchanged, and none was made.
        if self.reason is RefusalReason.SERVER_URL:
            untouched = "Nothing was created."
        elif self.name != str(self.path):  # a server's workspace: no file
            untouched = "The database has not been changed."
        else:
            untouched = "The file has not been changed."
        return f"CX Desk cannot open “{self.name}”.\n\n{self.detail}\n\n{untouched}"


class EditRefused(Exception):
    """An edit broke a rule of the data (a score out of range, a blank name...).

    Nothing was written; ``message`` says what to do instead.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class StaleRow(EditRefused):
    """An edit made on a screen that showed an older state of the row: somebody (another
    window, a phone, a colleague) changed it since. Nothing was written."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Someone changed this {what} after your screen showed it, in another window "
            "or on another device, so your edit was not saved over their change. The "
            "screen now shows the row as it is: make your edit again if it still applies."
        )


class EngagementGone(Exception):
    """The engagement asked for was deleted meanwhile (an export, a spreadsheet, the toolkit).

    Its own type so callers catch only this case: a ``LookupError`` caught instead took
    every ``KeyError`` and ``IndexError`` of a bug for it (and told an import's bug as
    "Cannot export").
    """

    def __init__(self) -> None:
        super().__init__("That engagement no longer exists (it may have been deleted).")
