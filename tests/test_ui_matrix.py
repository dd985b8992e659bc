"""The Expectation Matrix driven through its widgets, checked in the database and on screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.models.journey import ExpectationStatus
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.matrix.columns import COLUMN_INDEX, COLUMNS
from cxdesk.ui.matrix.model import ExpectationTableModel, ItemRole
from tests.ops_helpers import Colleague
from tests.store_reads import get_item
from tests.ui_helpers import open_editor, type_into_cell, when_dialog_opens


def settings_for(folder: Path) -> QSettings:
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def matrix(window: MainWindow):  # type: ignore[no-untyped-def]
    assert window.page is not None
    return window.page.matrix


def test_add_type_score_undo_redo(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = matrix(window)
    assert tab.isVisible()
    assert tab.model.rowCount() == 0
    assert "No expectations yet" in tab.summary.text()

    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rowCount() == 1
    # Adding opens the editor on "Client expects": type straight away, Enter saves.
    editor = open_editor(tab.view)
    qtbot.keyClicks(editor, "Weekly status they can forward")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    [item] = expectations.list_items(db, engagement_id)
    assert item.expects == "Weekly status they can forward"

    # Digits score level cells directly.
    for field, digit in (
        ("expected_level", "4"),
        ("delivered_level", "3"),
        ("experienced_level", "2"),
    ):
        tab.view.setCurrentIndex(tab.index_of(item.id, field))
        qtbot.keyClicks(tab.view, digit)
    item = get_item(db, item.id)
    assert (item.expected_level, item.delivered_level, item.experienced_level) == (4, 3, 2)
    gap_index = tab.index_of(item.id, "perceived_gap")
    assert gap_index.data() == "▼ -2"
    assert tab.index_of(item.id, "delivery_gap").data() == "▼ -1"
    assert "1 trailing" in tab.summary.text()

    # Undo three times: the levels go back, one by one, in the database.
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    item = get_item(db, item.id)
    assert (item.expected_level, item.delivered_level, item.experienced_level) == (None,) * 3
    assert tab.index_of(item.id, "perceived_gap").data() == "–"
    window.redo_action.trigger()
    assert get_item(db, item.id).expected_level == 4


def test_out_of_range_digit_is_refused(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id, expects="x", expected_level=3)
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    tab.view.setCurrentIndex(tab.index_of(item.id, "expected_level"))
    qtbot.keyClicks(tab.view, "9")
    assert get_item(db, item.id).expected_level == 3
    assert "1-5" in tab.summary.text()
    # The cost (sacrifice) column takes 0-4: 0 is fine there, 5 is not.
    tab.view.setCurrentIndex(tab.index_of(item.id, "sacrifice_level"))
    qtbot.keyClicks(tab.view, "5")
    assert get_item(db, item.id).sacrifice_level is None
    qtbot.keyClicks(tab.view, "0")
    assert get_item(db, item.id).sacrifice_level == 0


def test_level_editor_offers_only_valid_levels(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id, expects="x")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    index = tab.index_of(item.id, "delivered_level")
    tab.view.setCurrentIndex(index)
    tab.view.edit(index)
    combo = open_editor(tab.view)
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values == [None, 1, 2, 3, 4, 5]
    combo.setCurrentIndex(5)
    combo.activated.emit(5)
    assert get_item(db, item.id).delivered_level == 5


def test_multiline_text_and_unicode(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id)
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    index = tab.index_of(item.id, "notes")
    tab.view.setCurrentIndex(index)
    tab.view.edit(index)
    editor = open_editor(tab.view)
    qtbot.keyClicks(editor, "First line")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    # keyClicks cannot type non-ASCII (Qt asserts); insert it as an input method would.
    editor.insertPlainText("Ελένη, Фёдор & R&D <core>")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert get_item(db, item.id).notes == "First line\nΕλένη, Фёдор & R&D <core>"


def test_status_owner_and_filter(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    a = expectations.add_item(
        db, engagement_id, expects="Fast portal", expected_level=4, experienced_level=2
    )
    b = expectations.add_item(
        db, engagement_id, expects="Clear invoices", expected_level=3, experienced_level=4
    )
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    type_into_cell(qtbot, window, b.id, "owner", "  Marco   D. ")
    assert get_item(db, b.id).owner == "Marco D."

    qtbot.keyClicks(tab.search, "invoice")
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.index(0, 0).data(ItemRole).id == b.id
    tab.search.clear()
    tab.trailing_only.click()
    assert [tab.proxy.index(r, 0).data(ItemRole).id for r in range(tab.proxy.rowCount())] == [a.id]
    tab.trailing_only.click()
    tab.status_filter.setCurrentIndex(tab.status_filter.findData(ExpectationStatus.MET.value))
    assert tab.proxy.rowCount() == 0
    tab.status_filter.setCurrentIndex(0)
    assert tab.proxy.rowCount() == 2


def test_sorting_by_gap(qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int) -> None:
    for expected, experienced in ((3, 5), (4, 1), (2, None), (3, 3)):
        expectations.add_item(
            db, engagement_id, expected_level=expected, experienced_level=experienced
        )
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    tab.view.sortByColumn(COLUMN_INDEX["perceived_gap"], Qt.SortOrder.AscendingOrder)
    shown = [tab.proxy.index(r, COLUMN_INDEX["perceived_gap"]).data() for r in range(4)]
    assert shown == ["▼ -3", "● 0", "▲ +2", "–"]  # unscored sorts last, never as zero
    assert not tab.up_action.isEnabled()  # reordering only makes sense in manual order


def test_delete_and_reorder_with_undo(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    ids = [expectations.add_item(db, engagement_id, expects=t).id for t in ("A", "B", "C")]
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.index_of(ids[2], "expects"))
    qtbot.keyClick(
        tab.view,
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["A", "C", "B"]
    assert [tab.proxy.index(r, 1).data() for r in range(3)] == ["A", "C", "B"]
    # the moved row stays selected
    assert tab.view.currentIndex().data(ItemRole).id == ids[2]

    tab.view.setCurrentIndex(tab.index_of(ids[0], "expects"))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["C", "B"]
    assert tab.model.rowCount() == 2
    window.undo_action.trigger()
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["A", "C", "B"]
    assert get_item(db, ids[0]) is not None  # same id is back
    window.undo_action.trigger()
    assert [i.expects for i in expectations.list_items(db, engagement_id)] == ["A", "B", "C"]
    assert [tab.proxy.index(r, 1).data() for r in range(3)] == ["A", "B", "C"]


def test_revalidate_at_milestone_feeds_heatmap(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id, expected_level=4, experienced_level=2)
    workspace.add_milestone(db, engagement_id, "Kickoff")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    charts = tab.ensure_charts()
    assert tab.milestone_state.text() == "Not revalidated yet."
    tab.view.setFocus()
    # Ctrl+R asks the day the revalidation describes (today: the milestone has no due
    # date); Enter records it.
    when_dialog_opens(qtbot, lambda dialog: qtbot.keyClick(dialog.as_of.line, Qt.Key.Key_Return))
    qtbot.keyClick(tab.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    [snapshot] = expectations.list_snapshots(db, engagement_id)
    assert snapshot.item_id == item.id
    assert snapshot.levels.perceived_gap == -2
    assert tab.milestone_state.text().startswith("Revalidated")
    qtbot.waitUntil(lambda: charts.heatmap.columns == ["Kickoff", "Now"])
    assert charts.heatmap.grid == [[-2, -2]]
    assert charts.levels.series()["Expected"] == [4.0]
    assert charts.levels.series()["Experienced"] == [2.0]

    # Charts follow edits live.
    tab.view.setCurrentIndex(tab.index_of(item.id, "experienced_level"))
    qtbot.keyClicks(tab.view, "5")
    qtbot.waitUntil(lambda: charts.heatmap.grid == [[-2, 1]])
    assert charts.levels.series()["Experienced"] == [5.0]

    window.undo_action.trigger()  # the level edit
    window.undo_action.trigger()  # the revalidation
    assert expectations.list_snapshots(db, engagement_id) == []
    assert tab.milestone_state.text() == "Not revalidated yet."


def second_default_size():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    return QSize(1280, 800)


def test_edits_survive_closing_and_reopening(
    qtbot: QtBot, db_path: Path, private_data_dir: Path, tmp_path: Path
) -> None:
    db = open_database(db_path)
    engagement_id = add_demo_engagement(db)
    first = MainWindow(db, settings_for(private_data_dir))
    qtbot.addWidget(first)
    first.show()
    tab = matrix(first)
    assert tab.engagement_id == engagement_id
    item = tab.model.item(0)
    type_into_cell(qtbot, first, item.id, "expects", "Rewritten during the workshop")
    first.resize(1010, 690)
    size_at_close = first.size()
    assert size_at_close != second_default_size()
    first.close()  # no save prompt: there is nothing unsaved

    again = open_database(db_path)
    second = MainWindow(again, settings_for(private_data_dir))
    qtbot.addWidget(second)
    second.show()
    assert matrix(second).engagement_id == engagement_id  # last engagement restored
    assert matrix(second).model.item(0).expects == "Rewritten during the workshop"
    # The offscreen screen is narrower than the window, so Qt fits the width to it;
    # the height shows the saved geometry came back.
    assert second.height() == size_at_close.height()
    second.close()


def test_refused_edit_explains_and_keeps_data(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    item = expectations.add_item(db, engagement_id, expects="keep me")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    # Someone deleted the row behind the window's back (another path into the data).
    expectations.delete_items(db, [item.id])
    index = tab.index_of(item.id, "expects")
    assert tab.model.setData(tab.proxy.mapToSource(index), "new text")
    assert warnings
    assert "no longer exists" in warnings[0]
    assert not window.ws.undo_stack.canUndo()  # nothing half-done on the undo stack


def test_table_model_passes_qtmodeltester(qtmodeltester, db: Database, engagement_id: int) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.ui.workspace import Workspace

    add_demo_engagement(db)
    ws = Workspace(db)
    model = ExpectationTableModel(ws)
    demo = workspace.list_clients(db)[0][1][0]
    model.load(demo.id)
    assert model.rowCount() == 8
    assert model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model, force_py=True)
    # and after an edit and a structural change
    ws.edit_item(model.item(0), "expected_level", 1)
    ws.add_item(demo.id, 0, expects="first")
    qtmodeltester.check(model, force_py=True)
    assert model.item(0).expects == "first"


def test_proxy_passes_qtmodeltester(
    qtmodeltester, window: MainWindow, db: Database, engagement_id: int
) -> None:  # type: ignore[no-untyped-def]
    for text in ("a", "b", "c"):
        expectations.add_item(db, engagement_id, expects=text)
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    tab.proxy.set_search("b")
    qtmodeltester.check(tab.proxy, force_py=True)


def test_charts_follow_a_switch_to_dark(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    from PySide6.QtGui import QColor, QPalette

    expectations.add_item(db, engagement_id, expected_level=3, experienced_level=4)
    matrix(window).show_engagement(engagement_id)
    charts = matrix(window).ensure_charts()
    qtbot.waitUntil(lambda: charts.levels.series()["Experienced"] == [4.0])
    app = QApplication.instance()
    light = app.palette()
    assert charts.levels.plot.backgroundBrush().color().lightness() > 128
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: charts.levels.plot.backgroundBrush().color().lightness() < 64)
        assert charts.heatmap.plot.backgroundBrush().color().lightness() < 64
        assert charts.levels.series()["Experienced"] == [4.0]  # redrawn, not emptied
    finally:
        app.setPalette(light)


def test_a_hidden_matrix_reads_its_engagement_when_shown(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    client = workspace.add_client(db, "Other client")
    other = workspace.add_engagement(db, client.id, "Warehouse")
    expectations.add_item(db, other.id, expects="Dock doors booked online")
    window.navigator.reload()
    page = window.page
    page.tabs.setCurrentWidget(page.overview)

    assert window.navigator.select_engagement(other.id)
    tab = matrix(window)
    assert tab.model.rowCount() == 0  # not read while nobody looks at it

    page.tabs.setCurrentWidget(tab)
    assert [i.expects for i in tab.model.items()] == ["Dock doors booked online"]
    assert tab.engagement_id == other.id


def test_a_level_typed_on_a_text_cell_never_goes_into_the_text(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id, expects="Weekly steering report")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    index = tab.index_of(item.id, "expects")
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClicks(tab.view, "4")
    assert tab.view.state() != QAbstractItemView.State.EditingState
    assert expectations.list_items(db, engagement_id)[0].expects == "Weekly steering report"
    assert tab.index_of(item.id, "expects").data() == "Weekly steering report"
    assert "F2 or Enter" in tab.summary.text()
    # Enter edits it on purpose, and then digits are text like any other.
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    editor = open_editor(tab.view)
    qtbot.keyClicks(editor, " x4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    assert expectations.list_items(db, engagement_id)[0].expects == "Weekly steering report x4"


def test_undo_over_a_colleagues_later_change_is_refused_in_words_and_keeps_it(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = expectations.add_item(db, engagement_id, expects="Weekly status")
    second = expectations.add_item(db, engagement_id, expects="Monthly review")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    type_into_cell(qtbot, window, first.id, "expects", "Weekly status, forwarded")

    # Ana changes the same expectation after the person's edit, on another device.
    colleague(ExpectationItem, first.id, notes="Ana: agreed on Friday")

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(warnings) == 1
    assert "An expectation was changed after this step" in warnings[0]
    assert "nothing was changed" in warnings[0]
    kept = get_item(db, first.id)
    assert kept is not None
    assert (kept.expects, kept.notes) == ("Weekly status, forwarded", "Ana: agreed on Friday")
    assert not window.ws.undo_stack.canUndo()  # the refused step is not offered again

    # The undo history goes on working: a new edit is undone as usual.
    type_into_cell(qtbot, window, second.id, "owner", "Ola")
    assert get_item(db, second.id).owner == "Ola"  # type: ignore[union-attr]
    assert window.undo_action.text() == "&Undo Edit owner"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_item(db, second.id).owner == ""  # type: ignore[union-attr]
    assert tab.index_of(second.id, "owner").data() == ""
    assert len(warnings) == 1


def test_an_edit_on_a_row_a_colleague_changed_since_is_refused_and_shows_their_change(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    item = expectations.add_item(db, engagement_id, expects="Weekly status")
    tab = matrix(window)
    tab.show_engagement(engagement_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    colleague(ExpectationItem, item.id, expects="Weekly status (Ana)")

    type_into_cell(qtbot, window, item.id, "expects", "Mine")
    assert len(warnings) == 1
    assert re.match(  # the colleague's engine writes as this computer's person: "You"
        r"You changed this expectation's “Client expects” at \d\d:\d\d \(Weekly status → "
        r"Weekly status \(Ana\)\) in another window or on another device, after your screen "
        r"showed it",
        warnings[0],
    )
    assert get_item(db, item.id).expects == "Weekly status (Ana)"  # type: ignore[union-attr]
    # The screen now shows the row as it is, so typing again saves over what it shows.
    assert tab.index_of(item.id, "expects").data() == "Weekly status (Ana)"
    type_into_cell(qtbot, window, item.id, "expects", "Mine")
    assert get_item(db, item.id).expects == "Mine"  # type: ignore[union-attr]
    assert len(warnings) == 1
