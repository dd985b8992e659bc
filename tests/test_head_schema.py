"""A new workspace is given the head schema at once (cxdesk/store/head_schema.py) instead
of replaying every migration: it must be the very database the migrations make."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from cxdesk.store import head_schema
from cxdesk.store.database import open_database
from cxdesk.store.schema import HEAD_REVISION
from tests.head_schema_source import build_by_migrations, built, statements_of

REGENERATE = "run `uv run python -m tests.head_schema_source` and commit the file it writes"


def test_the_head_schema_is_the_head_revisions() -> None:
    # Were it older, new workspaces would quietly go back to replaying the migrations.
    assert head_schema.REVISION == HEAD_REVISION, REGENERATE


def test_the_head_schema_is_what_the_migrations_leave(tmp_path: Path) -> None:
    path = tmp_path / "by-migrations.cxdb"
    build_by_migrations(path)
    assert list(head_schema.STATEMENTS) == statements_of(path), REGENERATE


def test_a_new_workspace_is_the_database_the_migrations_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_migrations = tmp_path / "by-migrations.cxdb"
    build_by_migrations(by_migrations)

    def not_for_a_new_file(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a new workspace must not replay the migrations")

    monkeypatch.setattr(command, "upgrade", not_for_a_new_file)
    new = tmp_path / "new.cxdb"
    with open_database(new, backup_folder=tmp_path / "backups") as db:
        assert db.created is True

    made, expected = built(new), built(by_migrations)
    # Every table, index and trigger (a quiz's scale, a map within one engagement), each
    # with the very text the migrations left: later migrations rebuild tables by editing
    # that text, so equal in meaning would not be enough.
    assert made.objects == expected.objects
    assert [kind for kind, *_ in made.objects].count("trigger") == 35
    # The revision stamp, the change counter's first row, SQLite's AUTOINCREMENT counters.
    assert made.rows == expected.rows
    assert made.rows["alembic_version"] == [(HEAD_REVISION,)]
    assert made.pragmas == expected.pragmas
    assert made.integrity == [("ok",)]
    assert made.foreign_key_problems == []
