"""The language an engagement's toolkit prints in is the workspace's (schema 0015), not one
laptop's: a column with the database's own CHECK, set by an undoable, versioned operation
(a colleague's change since is refused in words, as a rename is), carried in .cxdesk
files (an older file without it imports as no language chosen), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from cxdesk.language import LANGUAGES
from cxdesk.models.engagement_schema import DOCUMENT_VERSION
from cxdesk.models.records import EngagementRecord
from cxdesk.models.toolkit_language import ToolkitLanguage
from cxdesk.ops import Conflict, perform, revert
from cxdesk.ops import workspace as workspace_ops
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.engagement_file import (
    export_engagement,
    import_engagement_file,
    read_engagement_file,
)
from cxdesk.store.engagement_import import Resolution
from cxdesk.store.errors import EditRefused, StaleRow
from tests.test_colleague_conflicts import name_of
from tests.test_colleague_conflicts import team as team  # the fixture: Ana and Ben

pytestmark = pytest.mark.both_backends

REFUSED = (
    "The toolkit prints in English, German, French, Spanish, Dutch, Portuguese or Polish "
    "(en, de, fr, es, nl, pt, pl), so the language was not saved."
)


def rollout(db: Database) -> EngagementRecord:
    client = workspace.add_client(db, "Harbourline")
    return workspace.add_engagement(db, client.id, "Rollout")


def stored(db: Database, engagement_id: int) -> EngagementRecord:
    found = workspace.get_engagement(db, engagement_id)
    assert found is not None
    return found


def test_the_codes_the_database_allows_are_the_toolkits_languages() -> None:
    assert [code.value for code in ToolkitLanguage] == list(LANGUAGES)


def test_a_new_engagement_has_no_language_chosen_and_any_of_the_seven_is_kept(
    db: Database,
) -> None:
    engagement = rollout(db)
    assert engagement.toolkit_language is None
    assert workspace.toolkit_language(db, engagement.id) is None
    for code in LANGUAGES:
        workspace.set_toolkit_language(db, engagement.id, code)
        assert workspace.toolkit_language(db, engagement.id) == code
    workspace.set_toolkit_language(db, engagement.id, None)
    assert workspace.toolkit_language(db, engagement.id) is None


@pytest.mark.parametrize("code", ["xx", "EN", "pl_PL", ""])
def test_the_database_refuses_a_language_the_toolkit_cannot_print_in_words(
    db: Database, code: str
) -> None:
    engagement = rollout(db)
    workspace.set_toolkit_language(db, engagement.id, "de")
    with pytest.raises(EditRefused) as refused:
        workspace.set_toolkit_language(db, engagement.id, code)
    assert refused.value.message == REFUSED
    # Nothing lost: the language chosen before stands; so does a statement by hand.
    assert workspace.toolkit_language(db, engagement.id) == "de"
    with pytest.raises(EditRefused, match=re.escape(REFUSED)), db.transaction() as s:
        s.execute(text("UPDATE engagement SET toolkit_language = 'xx'"))
    assert workspace.toolkit_language(db, engagement.id) == "de"


def test_choosing_a_language_is_one_step_undone_and_redone(db: Database) -> None:
    engagement = rollout(db)
    operation = workspace_ops.set_toolkit_language(engagement, "pl", "Polski")
    assert operation is not None
    assert operation.label == "Toolkit language: Polski"
    done = perform(db, operation)
    assert done.value.toolkit_language == "pl"
    assert stored(db, engagement.id).toolkit_language == "pl"
    assert [(c.table, c.id) for c in done.changes] == [("engagement", engagement.id)]
    back = revert(db, done)
    assert stored(db, engagement.id).toolkit_language is None
    revert(db, back)
    assert stored(db, engagement.id).toolkit_language == "pl"
    # The same language again is no step at all.
    assert workspace_ops.set_toolkit_language(stored(db, engagement.id), "pl", "Polski") is None


def test_a_language_chosen_over_a_colleagues_change_is_refused_in_words(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = rollout(ana)  # both screens show it with no language chosen
    perform(ana, workspace_ops.set_toolkit_language(shown, "de", "Deutsch"))  # type: ignore[arg-type]
    assert stored(ben, shown.id).toolkit_language == "de"  # Ben sees Ana's choice
    with pytest.raises(StaleRow) as refused:
        perform(ben, workspace_ops.set_toolkit_language(shown, "fr", "Français"))  # type: ignore[arg-type]
    assert refused.value.message.startswith(
        f"{name_of(ana, backend)} changed this engagement's toolkit language at "
    )
    assert "(none chosen → Deutsch) after your screen showed it, so your edit was not saved" in (
        refused.value.message
    )
    assert stored(ben, shown.id).toolkit_language == "de"  # Ana's choice stands
    # From the engagement as it is now, Ben's choice is saved; Ana's undo is then refused.
    anas = perform(ana, workspace_ops.set_toolkit_language(stored(ana, shown.id), "es", "Español"))  # type: ignore[arg-type]
    perform(ben, workspace_ops.set_toolkit_language(stored(ben, shown.id), "nl", "Nederlands"))  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        revert(ana, anas)
    assert stored(ana, shown.id).toolkit_language == "nl"


def test_a_cxdesk_file_carries_the_language(db: Database, tmp_path: Path) -> None:
    engagement = rollout(db)
    workspace.set_toolkit_language(db, engagement.id, "pl")
    path = tmp_path / "rollout.cxdesk"
    export_engagement(db, engagement.id, path)
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("engagements/0001.json"))
    assert document["version"] == DOCUMENT_VERSION
    assert document["engagement"]["toolkit_language"] == "pl"

    (copy,) = import_engagement_file(
        db, read_engagement_file(path), {0: Resolution.COPY}
    ).engagement_ids
    assert workspace.toolkit_language(db, copy) == "pl"

    # A file written before version 3 has no toolkit_language: no language chosen.
    older = tmp_path / "older.cxdesk"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(older, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "engagements/0001.json":
                del document["engagement"]["toolkit_language"]
                document["version"] = 2
                data = json.dumps(document).encode()
            elif item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["format_version"] = 2
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    (again,) = import_engagement_file(
        db, read_engagement_file(older), {0: Resolution.COPY}
    ).engagement_ids
    assert workspace.toolkit_language(db, again) is None
