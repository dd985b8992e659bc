"""Writing a file the person chose all at once, with the permissions any program's output has.

Every export (the PDF toolkit, ``.cxdesk`` files, XLSX, CSV, quiz files) is written to
a temporary file beside the target, flushed to disk and only then renamed over it: a
failed or cancelled export never leaves half a file under the real name, never destroys
the previous one, and leaves no temporary file behind.

``tempfile.mkstemp`` creates its file owner-only (0600) whatever the umask, and the
rename carried that over: every export was unreadable to the consultant's colleagues on
a shared machine or folder. Here the temporary file is created with mode 0666 and the
kernel takes the umask off, exactly as for a file ``open(path, "w")`` creates (022 gives
0644, 077 gives 0600; a folder's default ACL applies too). The umask is never read with
``os.umask``: reading it means setting it, and for that instant every file another
thread creates (the database's journal, a backup) would get the wrong mode.

Not for the database and its backups: SQLite creates those itself, and backups go in
CX Desk's own data folder (see :mod:`cxdesk.store.backups`).

No Qt, no ReportLab: used by the store and the reports alike.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["TEMP_SUFFIX", "atomic_file", "atomic_path", "write_atomically"]

# Temporary files are hidden (a leading dot) and end in this, beside the target.
TEMP_SUFFIX = ".part"
_NEW_FILE_MODE = 0o666  # less the umask, applied by the kernel: what open(..., "w") gives
_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL  # never reuse (or follow a link planted at) an existing name
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOINHERIT", 0)
)


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new, empty file beside ``target`` (same folder, so the rename is atomic)."""
    stem = target.name[:60]  # a long name plus the suffix must still fit the file system
    for _attempt in range(100):
        temp = target.with_name(f".{stem}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(temp, _FLAGS, _NEW_FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder for this."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_path(path: Path) -> None:
    """Flush what a library wrote to ``path`` (by its own handle) to the disk."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(temp: Path) -> None:
    with contextlib.suppress(OSError):  # the write's own error is the one to report
        temp.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary file's path for a library that writes to a file name (ReportLab,
    openpyxl); when the block ends without an exception it replaces ``target``.

    On any exception (a cancel included) the temporary file is removed and ``target``
    is left as it was.
    """
    target = Path(target)
    fd, temp = _create_temp(target)
    os.close(fd)  # the library opens it by name; it keeps the mode it was created with
    try:
        yield temp
        _fsync_path(temp)
        os.replace(temp, target)
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(target.parent)


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``target``'s content to; it replaces ``target`` when the
    block ends without an exception, and is removed on any exception."""
    target = Path(target)
    fd, temp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        _discard(temp)
        raise
    _fsync_folder(target.parent)


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` all at once; returns ``target``."""
    with atomic_file(target) as out:
        out.write(data)
    return Path(target)
