"""The schema versions this build of CX Desk knows, and how it marks its files as its own."""

from __future__ import annotations

# Written to the SQLite header (PRAGMA application_id) so a CX Desk database can be told
# from any other SQLite file without reading its tables: "CXDK" in ASCII.
APPLICATION_ID = 0x4358444B

# Every Alembic revision this build ships, oldest first. A file stamped with a revision
# not listed here was written by a newer CX Desk and is refused. A test checks that
# this tuple matches the migration scripts, so it cannot drift.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_feedback",
    "0003_quiz",
    "0004_workshop_ids",
    "0005_journey_map",
    "0006_toolkit",
    "0007_last_change",
    "0008_storable_text",
    "0009_row_versions",
    "0010_phones_sessions",
    "0011_pulse_side",
    "0012_survey_ids",
    "0013_changed_by",
    "0014_closing_loop",
    "0015_toolkit_language",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
