"""Which of a team workspace's changes this open workspace made itself, for the polling
change feed (where LISTEN is refused).

Polling sees only that something changed, not who changed it, and re-read this window's
own edits as if a colleague had made them (a reload of every screen after each edit).
Every transaction that writes a team workspace rewrites the one ``last_change`` row
just before it commits (:mod:`cxdesk.store.last_change`), so that row's versions, in
order, are every writing transaction there was: PostgreSQL names each version by the
transaction that wrote it (the row's ``xmin``). While the feed polls, each commit of
this engine notes the version it replaced (read with the row locked, so nobody's commit
can slip in between) and the version it left. Between two polls, the changes were all
this window's own exactly when the version now there leads back to the one seen before
through this window's links alone; one transaction of anybody else breaks the chain.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Links kept: a window that edits more than this between two polls (a second apart)
# gets one reload more, nothing worse.
KEEP = 10_000


class OwnWrites:
    """One engine's committed writes as links between ``last_change`` row versions."""

    def __init__(self) -> None:
        self._replaced: OrderedDict[str, str] = OrderedDict()  # left -> replaced
        self._lock = threading.Lock()
        # Set by a polling feed: only then do commits pay for noting their link (one
        # more statement each); a listening feed hears origins instead.
        self.watched = threading.Event()

    def note(self, replaced: str, left: str) -> None:
        """A commit of this engine replaced the row version ``replaced`` with ``left``."""
        with self._lock:
            self._replaced[left] = replaced
            while len(self._replaced) > KEEP:
                self._replaced.popitem(last=False)

    def only_own(self, seen: str | None, now: str | None) -> bool:
        """Whether every write from row version ``seen`` to ``now`` was this engine's."""
        with self._lock:
            while now != seen:
                # Each link is taken as it is followed: a chain never comes back to it.
                replaced = self._replaced.pop(now, None) if now is not None else None
                if replaced is None:
                    return False  # somebody else's transaction
                now = replaced
            return True


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, OwnWrites] = weakref.WeakKeyDictionary()
_MAKING = threading.Lock()


def own_writes(engine: Engine) -> OwnWrites:
    """The writes of ``engine`` (made when first asked for)."""
    with _MAKING:
        found = _BY_ENGINE.get(engine)
        if found is None:
            found = _BY_ENGINE[engine] = OwnWrites()
        return found
