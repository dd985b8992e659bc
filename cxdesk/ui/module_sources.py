"""PySide6 reads the source of every module imported after it: keep none of it in memory.

To support ``from __feature__ import snake_case``, PySide6 replaces ``__import__`` and,
after every import, asks whether the new module uses PySide6 by searching its whole
source, read with ``inspect.getsource``. That goes through ``linecache``, which then
holds every line of every module for the life of the process: about 35 MB once CX Desk
has shown every tab (SQLAlchemy, pyqtgraph, numpy and our own modules, 360,000 lines).
CX Desk uses no ``__feature__``, but the answer is kept as PySide6 computes it (the text
"PySide6" in the module's source); only the lines are not kept.
"""

from __future__ import annotations

import inspect
import linecache
import sys
from pathlib import Path
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the import hook this module changes)

# Where PySide6 6.x keeps the hook's test (shiboken6's embedded support package).
FEATURE_MODULE = "shibokensupport.feature"
TEST_NAME = "_mod_uses_pyside"


def mentions_pyside(module: ModuleType) -> bool:
    """PySide6's own test, the text "PySide6" in ``module``'s source, read once and let go."""
    try:
        path = inspect.getsourcefile(module)
    except TypeError:  # a built-in module, like sys
        return False
    if path is None:
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        pass
    # A module from a zip or an embedded archive: its loader has the source, if anyone.
    loader = getattr(module, "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    try:
        source = get_source(module.__name__) if get_source is not None else None
    except (ImportError, OSError):
        return False
    return source is not None and "PySide6" in source


def stop_keeping_sources() -> None:
    """Give PySide6's import hook :func:`mentions_pyside`, and drop the lines kept so far.

    A PySide6 whose hook is elsewhere (or gone) is left as it is.
    """
    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, TEST_NAME, None)):
        return
    setattr(feature, TEST_NAME, mentions_pyside)
    # A cache: whatever needs a line again (a traceback being printed) reads the file.
    linecache.clearcache()
