"""Imports as operations: a .cxdesk engagement file, a spreadsheet of expectations or of
RATER responses, each written in one transaction and undone as one step.

They are performed on a worker thread (the UI's task runner), with progress and
Cancel where the file is big, and the resulting Done is put on the undo stack; undo
and redo are the generic revert of every row the import wrote, replaced or updated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from cxdesk.ops.operation import Operation
from cxdesk.store import engagement_file, sheet_import
from cxdesk.store.engagement_file import EngagementFile
from cxdesk.store.engagement_import import ImportResult, Resolution

Progress = Callable[[int, int], None]


def import_engagement_file(
    file: EngagementFile,
    resolutions: Mapping[int, Resolution] | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Operation[ImportResult]:
    """Every engagement of ``file`` (and its brand when the workspace has none), with
    the engagements it replaces removed, as one step: “Import “Kickoff””."""
    what = file.listed[0].engagement if len(file.listed) == 1 else file.path.name
    return Operation(
        f"Import “{what}”",
        lambda db: engagement_file.import_engagement_file(
            db, file, resolutions, today, progress, cancelled
        ),
    )


def import_sheet(preview: sheet_import.ImportPreview) -> Operation[sheet_import.ImportResult]:
    """The ready rows of a previewed spreadsheet: “Import: update 6 expectations, add 2”."""
    return Operation(
        preview.describe(),
        lambda db: sheet_import.import_rows(db, preview),
        preview.target.engagement_id,
    )
