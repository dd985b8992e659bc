"""Operations: every change the app makes to the data, with no Qt.

An :class:`Operation` is a label (what Edit > Undo says) and a function that changes
the database through the store. :func:`perform` runs it in one transaction with a
journal attached (:mod:`cxdesk.store.journal`), so the store captures every row's
before-image as it writes; the result, :class:`Done`, holds the operation's value, the
rows it changed and a :class:`ChangeSet` for the screens. :func:`revert` puts those
rows back, again in one transaction, and returns the :class:`Done` that reverts the
revert (the redo). A revert over somebody's later change is refused
(:class:`~cxdesk.store.journal.Conflict`) and writes nothing.

The UI runs operations through one undo command and reacts to one ``changed``
signal carrying the ChangeSet (``cxdesk.ui.workspace``). Anything that changes the data
from another thread (a phone's answer, an import on a worker) calls :func:`perform`
there and hands the Done to the UI.
"""

from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.operation import Done, Operation, perform, revert
from cxdesk.store.errors import EditRefused
from cxdesk.store.journal import Conflict

__all__ = ["ChangeSet", "Conflict", "Done", "EditRefused", "Operation", "perform", "revert"]
