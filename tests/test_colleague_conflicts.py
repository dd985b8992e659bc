"""Two consultants on one workspace (two Database objects: two PostgreSQL roles on one
server database, or two people on one SQLite file): an edit or an undo over the other's
later change is refused in words saying who made that change, when, and what it changed,
and nothing of either is lost."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cxdesk.models.feedback_entities import PulseCheck
from cxdesk.models.quiz import Band
from cxdesk.models.records import ItemRecord
from cxdesk.models.tables import metadata
from cxdesk.ops import Conflict, feedback, journey, matrix, perform, revert, toolkit
from cxdesk.ops import quizzes as quiz_ops
from cxdesk.store import brand as brand_store
from cxdesk.store import escalation, expectations, pulse, rater, workshop, workspace
from cxdesk.store import journey_map as journey_store
from cxdesk.store import quizzes as quizzes_store
from cxdesk.store.database import Database, make_engine, open_database
from cxdesk.store.editor import EDITOR
from cxdesk.store.errors import StaleRow
from cxdesk.store.sqlite_file import SQLiteFile
from tests.postgres_server import PostgresServer
from tests.store_reads import get_item


def consultant_on_file(path: Path, name: str) -> Database:
    """``name`` working on the SQLite file at ``path`` (the file lock is one process's; two
    people on one file in a shared folder open it from two computers)."""
    engine = make_engine(path).execution_options(**{EDITOR: name})
    return Database(SQLiteFile(path), engine, created=False)


def role_url(server: PostgresServer, url: str, role: str) -> str:
    database = urlsplit(url).path.lstrip("/").split("?")[0]
    server.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'")
    server.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; "
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        database=database,
    )
    return f"postgresql+psycopg://{role}:pw@/{database}?host={server.socket_dir}"


@pytest.fixture
def team(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Database, Database]]:
    """Ana and Ben on one workspace, each through their own Database."""
    if backend == "sqlite":
        path = tmp_path / "team.cxdb"
        open_database(path, backup_folder=tmp_path / "backups").close()
        ana, ben = consultant_on_file(path, "Ana"), consultant_on_file(path, "Ben")
        yield ana, ben
        ana.engine.dispose()
        ben.engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url: str = request.getfixturevalue("postgres_url")
    open_database(url).close()  # the owner makes the schema
    database = urlsplit(url).path.lstrip("/")
    ana, ben = (
        open_database(role_url(server, url, "ana")),
        open_database(role_url(server, url, "ben")),
    )
    try:
        yield ana, ben
    finally:
        ana.close()
        ben.close()
        for role in ("ana", "ben"):
            server.execute(f"DROP OWNED BY {role} CASCADE", database=database)
            server.execute(f"DROP ROLE {role}")


def name_of(db: Database, backend: str) -> str:
    """Who ``db`` edits as: the role on PostgreSQL ("ana"), the name on a file ("Ana")."""
    if backend == "postgresql":
        return str(db.engine.url.username)
    return str(db.engine.get_execution_options()[EDITOR])


def clock(at: datetime | None) -> str:
    """A stored time (naive UTC) as the words show it: this computer's HH:MM."""
    assert at is not None
    return at.replace(tzinfo=UTC).astimezone().strftime("%H:%M")


def one_item(db: Database) -> ItemRecord:
    client = workspace.add_client(db, "Harbourline")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    return expectations.add_item(db, engagement.id, expects="Weekly status", owner="Ana")


@pytest.mark.both_backends
def test_who_changed_a_row_is_each_consultant(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    item = one_item(ana)
    assert item.changed_by == name_of(ana, backend)
    edited = expectations.update_item(ben, item.id, "owner", "Ben", version=item.version)
    assert edited.changed_by == name_of(ben, backend)
    assert get_item(ana, item.id) == edited  # what Ana reads back: Ben, at that time


@pytest.mark.both_backends
def test_an_edit_over_a_colleagues_later_edit_is_refused_naming_who_when_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    item = one_item(ana)
    on_bens_screen = get_item(ben, item.id)
    assert on_bens_screen is not None

    # Ana hands the expectation to Ben; Ben's screen still shows her as its owner.
    anas = perform(ana, matrix.edit_item(item, "owner", "Ben"))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, matrix.edit_item(on_bens_screen, "notes", "Call on Tuesday"))  # type: ignore[arg-type]

    who = name_of(ana, backend)
    assert refused.value.message == (
        f"{who} changed this expectation's owner at {clock(anas.value.changed_at)} "
        "(Ana → Ben) after your screen showed it, so your edit was not saved over their "
        "change. The screen now shows the expectation as it is: make your edit again if "
        "it still applies."
    )
    now = get_item(ben, item.id)
    assert now is not None
    assert (now.owner, now.notes, now.changed_by) == ("Ben", "", who)  # nothing lost


@pytest.mark.both_backends
def test_several_fields_and_long_text_are_named_without_quoting_them(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    item = one_item(ana)
    shown = get_item(ben, item.id)
    assert shown is not None
    long_text = "Weekly status, sent every Friday before noon to the whole steering group"
    expectations.update_item(ana, item.id, "expects", long_text)
    expectations.update_item(ana, item.id, "expected_level", 4)
    with pytest.raises(
        StaleRow,
        match=re.escape(
            f"{name_of(ana, backend)} changed this expectation's “Client expects” and expected "
            "level at "
        ),
    ) as refused:
        perform(ben, matrix.edit_item(shown, "owner", "Ola"))  # type: ignore[arg-type]
    assert long_text not in refused.value.message  # named, not quoted
    assert "(" not in refused.value.message.split(" after ")[0]


@pytest.mark.both_backends
def test_an_undo_over_a_colleagues_later_edit_is_refused_naming_who_when_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    item = one_item(ana)
    bens = perform(ben, matrix.edit_item(item, "owner", "Ben"))  # type: ignore[arg-type]
    # Ana, from the row as it is now (Ben its owner), writes a note.
    anas = perform(ana, matrix.edit_item(bens.value, "notes", "Call on Tuesday"))  # type: ignore[arg-type]

    with pytest.raises(Conflict) as refused:
        revert(ben, bens)
    assert refused.value.message == (
        f"An expectation was changed after this step: {name_of(ana, backend)} changed its "
        f"notes at {clock(anas.value.changed_at)} (empty → Call on Tuesday). Undoing it now "
        "would overwrite that change, so nothing was changed."
    )
    now = get_item(ben, item.id)
    assert now is not None
    assert (now.owner, now.notes) == ("Ben", "Call on Tuesday")


@pytest.mark.both_backends
def test_an_undo_over_ones_own_change_elsewhere_says_it_was_you(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, _ben = team
    item = one_item(ana)
    first = perform(ana, matrix.edit_item(item, "owner", "Ben"))  # type: ignore[arg-type]
    # The same person, in another window (the same role, the same name on the file).
    expectations.update_item(ana, item.id, "owner", "Cleo")
    with pytest.raises(
        Conflict,
        match=r"^An expectation was changed after this step \(here, in another window or on "
        r"another device\): you changed its owner at \d\d:\d\d \(Ben → Cleo\)\. Undoing",
    ):
        revert(ana, first)


# On SQLite (the window is the same on both backends; the store's part runs on both above).
def test_bens_matrix_is_told_who_changed_the_row_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana, ben = team
    item = one_item(ana)
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == item.engagement_id)
    tab = window.page.matrix
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    from tests.ui_helpers import type_into_cell

    anas = perform(ana, matrix.edit_item(item, "owner", "Ben"))  # type: ignore[arg-type]
    type_into_cell(qtbot, window, item.id, "notes", "Call on Tuesday")
    assert len(warnings) == 1
    assert warnings[0].startswith(
        f"Ana changed this expectation's owner at {clock(anas.value.changed_at)} (Ana → Ben) "
        "after your screen showed it, so your edit was not saved"
    )
    # The screen shows the row as it is now, and who changed it.
    assert tab.index_of(item.id, "owner").data() == "Ben"
    assert get_item(ana, item.id).notes == ""  # type: ignore[union-attr]

    # Ben's own edit, then Ana's, then Ben's undo: refused, in the same words.
    type_into_cell(qtbot, window, item.id, "notes", "Call on Tuesday")
    bens_row = get_item(ben, item.id)
    assert bens_row is not None
    assert bens_row.notes == "Call on Tuesday"
    later = perform(ana, matrix.edit_item(bens_row, "owner", "Cleo"))  # type: ignore[arg-type]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert warnings[1] == (
        "An expectation was changed after this step: Ana changed its owner at "
        f"{clock(later.value.changed_at)} (Ben → Cleo). Undoing it now would overwrite that "
        "change, so nothing was changed."
    )
    assert get_item(ben, item.id).notes == "Call on Tuesday"  # type: ignore[union-attr]
    assert tab.index_of(item.id, "owner").data() == "Cleo"  # Ana's, shown behind the words


@pytest.mark.both_backends
def test_a_pulse_check_and_an_assessment_edited_over_a_colleague_say_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    check = pulse.add_pulse(ana, engagement_id, date(2026, 12, 1), respondent="Eve", csat=2)
    assessment = rater.add_assessment(ana, engagement_id, "RATER at Kickoff")
    pulse.update_pulse(ana, check.id, "csat", 5, check.version)
    with ana.reading() as s:
        row = s.get(PulseCheck, check.id)
        assert row is not None
        at = row.changed_at
    rater.update_assessment(ana, assessment.id, "title", "RATER at Go-live", assessment.version)
    who = name_of(ana, backend)

    with pytest.raises(StaleRow) as refused:
        perform(ben, feedback.edit_pulse(check, "confidence", 9))  # type: ignore[arg-type]
    assert refused.value.message.startswith(
        f"{who} changed this pulse check's CSAT at {clock(at)} (2 → 5) after your screen showed it"
    )
    with pytest.raises(StaleRow, match=re.escape(f"{who} changed this assessment's title at ")):
        perform(ben, feedback.edit_assessment(assessment, "notes", "Mine"))  # type: ignore[arg-type]
    assert pulse.list_pulses(ben, engagement_id)[0].confidence is None  # nothing of Ben's


def stamp(db: Database, table: str, row_id: int) -> datetime | None:
    """When the row was last changed, as stored (naive UTC)."""
    rows = metadata().tables[table]
    with db.reading() as s:
        found = s.execute(select(rows.c.changed_at).where(rows.c.id == row_id)).scalar()
    assert found is None or isinstance(found, datetime)
    return found


@pytest.mark.both_backends
def test_journey_map_edits_over_a_colleague_say_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    phases = perform(ana, journey.add_default_phases(engagement_id)).value
    point = perform(ana, journey.add_touchpoint(engagement_id, phases[0].id, name="Webinar")).value
    person = perform(ana, journey.add_stakeholder(engagement_id, "Marta", "CFO")).value
    item = journey_store.load_map(ana, engagement_id).phases[1].handoff[0]
    who = name_of(ana, backend)

    anas = perform(ana, journey.edit_touchpoint(point, "name", "Kick-off webinar")).value  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, journey.edit_touchpoint(point, "channel", "Email"))  # type: ignore[arg-type]
    assert refused.value.message == (
        f"{who} changed this touchpoint's name at {clock(stamp(ana, 'touchpoint', point.id))} "
        "(Webinar → Kick-off webinar) after your screen showed it, so your edit was not saved "
        "over their change. The screen now shows the touchpoint as it is: make your edit "
        "again if it still applies."
    )
    assert journey_store.load_map(ben, engagement_id).touchpoint(point.id).channel == ""  # type: ignore[union-attr]

    perform(ana, journey.edit_touchpoint(anas, "pain_points", "No agenda"))  # type: ignore[arg-type]
    with pytest.raises(
        StaleRow, match=re.escape(f"{who} changed this touchpoint's name and “Pain points” at ")
    ):
        perform(ben, journey.edit_touchpoint(point, "needs", "A plan"))  # type: ignore[arg-type]

    perform(ana, journey.rename_phase(phases[0], "Pre-sales"))  # type: ignore[arg-type]
    with pytest.raises(
        StaleRow,
        match=re.escape(f"{who} changed this phase's name at ")
        + r"\d\d:\d\d"
        + re.escape(" (Marketing & Sales → Pre-sales) after your screen showed it"),
    ):
        perform(ben, journey.rename_phase(phases[0], "Sales"))  # type: ignore[arg-type]

    perform(ana, journey.edit_stakeholder(person, "role", "COO"))  # type: ignore[arg-type]
    with pytest.raises(StaleRow, match=re.escape(f"{who} changed this stakeholder's role at ")):
        perform(ben, journey.edit_stakeholder(person, "notes", "Sceptical"))  # type: ignore[arg-type]

    perform(ana, journey.set_handoff_item_done(item, True))  # type: ignore[arg-type]
    with pytest.raises(
        StaleRow,
        match=re.escape(f"{who} changed this handoff item's tick at ")
        + r"\d\d:\d\d"
        + re.escape(" (no → yes) after your screen"),
    ):
        perform(ben, journey.edit_handoff_item(item, "Mine"))  # type: ignore[arg-type]
    assert journey_store.load_map(ben, engagement_id).phases[1].handoff[0].text == item.text


@pytest.mark.both_backends
def test_a_ladder_rung_and_a_workshop_session_edited_over_a_colleague_say_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    escalation.ensure_ladder(ana, engagement_id)  # a stored ladder: its rungs have versions
    rung = escalation.list_levels(ana, engagement_id)[0]
    quiz = quizzes_store.add_quiz(
        ana, "Expectations check", 1, 5, ["We know the plan"], [Band(1, 5, "All", "")]
    )
    session = workshop.add_session(ana, quiz.id, engagement_id, "Kick-off", date(2026, 12, 1))
    who = name_of(ana, backend)

    perform(ana, toolkit.edit_level(rung, "owner", "Delivery lead"))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, toolkit.edit_level(rung, "channel", "Phone"))  # type: ignore[arg-type]
    assert refused.value.message.startswith(
        f"{who} changed this escalation level's owner at "
        f"{clock(stamp(ana, 'escalation_level', rung.id))} after your screen showed it"
    )

    perform(ana, quiz_ops.edit_session(session, "title", "Kick-off workshop"))  # type: ignore[arg-type]
    with pytest.raises(
        StaleRow,
        match=re.escape(f"{who} changed this workshop session's title at ")
        + r"\d\d:\d\d"
        + re.escape(" (Kick-off → Kick-off workshop) after your screen showed it"),
    ):
        perform(ben, quiz_ops.edit_session(session, "participant_count", 12))  # type: ignore[arg-type]
    assert workshop.get_session(ben, session.id).participant_count == 0  # type: ignore[union-attr]


# On SQLite (the window is the same on both backends; the words are tested on both above).
def test_bens_emotion_map_is_told_who_renamed_the_touchpoint_and_shows_it(
    qtbot: QtBot,
    open_window,  # type: ignore[no-untyped-def]
    team: tuple[Database, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cxdesk.ui.tabs import TabKey
    from tests.ui_helpers import open_editor

    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    phases = perform(ana, journey.add_default_phases(engagement_id)).value
    point = perform(ana, journey.add_touchpoint(engagement_id, phases[0].id, name="Webinar")).value
    window = open_window(ben)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    tab = window.page.tab(TabKey.MAP)
    window.page.tabs.setCurrentWidget(tab)
    grid = tab.grid
    name_row = grid.grid_model.field_row("name")
    qtbot.waitUntil(lambda: grid.select_touchpoint(point.id, "name"))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    # Ana renames it; Ben, whose map still says "Webinar", renames it too.
    perform(ana, journey.edit_touchpoint(point, "name", "Kick-off webinar"))  # type: ignore[arg-type]
    assert grid.select_touchpoint(point.id, "name")
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = open_editor(grid)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Recorded webinar")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(warnings))

    at = clock(stamp(ana, "touchpoint", point.id))
    assert warnings == [
        f"Ana changed this touchpoint's name at {at} (Webinar → Kick-off "
        "webinar) after your screen showed it, so your edit was not saved over their change. "
        "The screen now shows the touchpoint as it is: make your edit again if it still applies."
    ]
    stored = journey_store.load_map(ben, engagement_id).touchpoint(point.id)
    assert stored is not None
    assert stored.name == "Kick-off webinar"  # Ana's, not lost
    # Ben's map shows the name as it is now, behind the words.
    column = next(
        i
        for i, slot in enumerate(grid.grid_model.slots)
        if slot.touchpoint is not None and slot.touchpoint.id == point.id
    )
    qtbot.waitUntil(
        lambda: grid.grid_model.index(name_row, column).data() == "Kick-off webinar"  # type: ignore[arg-type]
    )
    grid.grab().save("/tmp/taskJ/bens_map.png")


@pytest.mark.both_backends
def test_a_quiz_edited_over_a_colleagues_later_edit_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    bands = [Band(1, 10, "All", "")]
    quiz = quizzes_store.add_quiz(ana, "Expectations check", 1, 5, ["Plan", "Roles"], bands)
    # Ana rewords a statement; Ben's editor still shows the quiz as it was.
    perform(ana, quiz_ops.update_quiz(quiz, quiz.title, 1, 5, ["Plan", "Who does what"], bands))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, quiz_ops.update_quiz(quiz, "Kick-off check", 1, 5, ["Plan", "Roles"], bands))  # type: ignore[arg-type]
    assert re.match(
        re.escape(f"{name_of(ana, backend)} changed this quiz's statements at ")
        + r"\d\d:\d\d"
        + re.escape(" after your screen showed it, so your edit was not saved over their"),
        refused.value.message,
    ), refused.value.message
    now = quizzes_store.get_quiz(ben, quiz.id)
    assert now is not None
    assert (now.title, [st.text for st in now.statements]) == (
        "Expectations check",
        ["Plan", "Who does what"],
    )  # Ana's kept, nothing of Ben's written


@pytest.mark.both_backends
def test_brand_settings_saved_over_a_colleagues_later_save_say_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    shown = brand_store.load_brand(ben)  # Ben opens Brand settings: the default brand
    perform(ana, toolkit.save_brand(replace(shown, firm_name="Harbour CX"), shown))
    with pytest.raises(StaleRow) as refused:
        perform(ben, toolkit.save_brand(replace(shown, footer="Confidential"), shown))
    assert re.match(
        re.escape(f"{name_of(ana, backend)} changed this brand's firm name at ")
        + r"\d\d:\d\d"
        + re.escape(f" ({shown.firm_name} → Harbour CX) after your screen showed it"),
        refused.value.message,
    ), refused.value.message
    now = brand_store.load_brand(ben)
    assert (now.firm_name, now.footer) == ("Harbour CX", shown.footer)  # Ana's, not Ben's


@pytest.mark.both_backends
def test_a_participant_renamed_over_a_colleagues_rename_says_who_and_what(
    team: tuple[Database, Database], backend: str
) -> None:
    ana, ben = team
    engagement_id = one_item(ana).engagement_id
    quiz = quizzes_store.add_quiz(
        ana, "Expectations check", 1, 5, ["Plan"], [Band(1, 5, "All", "")]
    )
    session = workshop.add_session(ana, quiz.id, engagement_id, "Kick-off", date(2026, 12, 1))
    person = workshop.add_participant(ana, session.id, "Dee")
    perform(ana, quiz_ops.rename_participant(person, "Dana", engagement_id))  # type: ignore[arg-type]
    with pytest.raises(StaleRow) as refused:
        perform(ben, quiz_ops.rename_participant(person, "Dina", engagement_id))  # type: ignore[arg-type]
    assert re.match(
        re.escape(f"{name_of(ana, backend)} changed this participant's name at ")
        + r"\d\d:\d\d"
        + re.escape(" (Dee → Dana) after your screen showed it"),
        refused.value.message,
    ), refused.value.message
    [now] = workshop.participants_by_id(ben, [person.id])
    assert now.name == "Dana"  # Ana's kept
