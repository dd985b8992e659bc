"""Clients and engagements in the side panel, driven by keyboard and mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QSplitter
from pytestqt.qtbot import QtBot

from cxdesk.models.journey import JourneyPhase
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from tests.store_reads import get_item
from tests.ui_helpers import when_dialog_opens


def answer_name(qtbot: QtBot, text: str) -> None:
    def act(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit)
        field.selectAll()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, act)


def names(window: MainWindow) -> list[list[str]]:
    model = window.navigator.proxy
    out = []
    for row in range(model.rowCount()):
        client = model.index(row, 0)
        out.append(
            [client.data()]
            + [model.index(r, 0, client).data() for r in range(model.rowCount(client))]
        )
    return out


def test_empty_workspace_invites_a_first_client(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    assert window.stack.currentWidget() is window.empty
    assert window.empty_new_client.isVisible()
    answer_name(qtbot, "Acme Foods")
    qtbot.mouseClick(window.empty_new_client, Qt.MouseButton.LeftButton)
    assert [c.name for c, _ in workspace.list_clients(db)] == ["Acme Foods"]
    assert names(window) == [["Acme Foods"]]


def test_create_engagement_rename_and_undo(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    client = workspace.add_client(db, "Acme Foods")
    window.navigator.reload()
    window.navigator.select_client(client.id)

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.findChild(QLineEdit), "Data platform")
        dialog.phase.setCurrentIndex(dialog.phase.findData(JourneyPhase.IMPLEMENTATION.value))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_dialog_opens(qtbot, fill)
    qtbot.mouseClick(window.navigator.new_engagement_button, Qt.MouseButton.LeftButton)
    [(_, [engagement])] = workspace.list_clients(db)
    assert engagement.name == "Data platform"
    assert engagement.journey_phase == JourneyPhase.IMPLEMENTATION.value

    window.navigator.select_engagement(engagement.id)
    assert window.stack.currentWidget() is window.page
    assert window.page.title.text() == "Acme Foods — Data platform"

    window.navigator.tree.setFocus()
    answer_name(qtbot, "Data platform v2")
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_F2)
    assert workspace.get_engagement(db, engagement.id).name == "Data platform v2"
    assert names(window) == [["Acme Foods", "Data platform v2"]]
    assert window.page.title.text() == "Acme Foods — Data platform v2"

    window.activateWindow()  # the dialog had the focus; shortcuts need the window active
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workspace.get_engagement(db, engagement.id).name == "Data platform"
    assert names(window) == [["Acme Foods", "Data platform"]]


def test_journey_phase_is_saved_and_undoable(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Rollout")
    window.navigator.reload()
    window.navigator.select_engagement(engagement.id)
    combo = window.page.phase
    combo.setCurrentIndex(combo.findData(JourneyPhase.SUPPORT_SUCCESS.value))
    combo.activated.emit(combo.currentIndex())
    assert workspace.get_engagement(db, engagement.id).journey_phase == "support_success"
    window.undo_action.trigger()
    assert workspace.get_engagement(db, engagement.id).journey_phase == "marketing_sales"
    assert combo.currentData() == "marketing_sales"


def test_delete_client_asks_cascades_and_undo_restores_everything(
    qtbot: QtBot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Rollout")
    item = expectations.add_item(db, engagement.id, expects="On time", expected_level=4)
    window.navigator.reload()
    window.navigator.select_client(client.id)
    asked: list[str] = []

    def no(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    window.navigator.tree.setFocus()
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Delete)
    assert "its 1 engagement" in asked[0]
    assert workspace.get_client(db, client.id) is not None  # "No" deletes nothing

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Delete)
    assert workspace.get_client(db, client.id) is None
    assert get_item(db, item.id) is None
    assert names(window) == []

    window.undo_action.trigger()
    assert names(window) == [["Acme", "Rollout"]]
    assert get_item(db, item.id).expected_level == 4
    window.redo_action.trigger()
    assert workspace.get_client(db, client.id) is None


def test_search_filters_clients_and_engagements(window: MainWindow, db: Database) -> None:
    for client_name, engagement_name in (("Acme", "Portal"), ("Globex", "CRM"), ("Initech", "TPS")):
        client = workspace.add_client(db, client_name)
        workspace.add_engagement(db, client.id, engagement_name)
    window.navigator.reload()
    window.navigator.search.setText("crm")
    assert names(window) == [["Globex", "CRM"]]
    window.navigator.search.setText("ini")
    assert names(window) == [["Initech", "TPS"]]
    window.navigator.search.clear()
    assert len(names(window)) == 3


def test_blank_name_cannot_be_confirmed(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    seen: list[bool] = []

    def act(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit)
        qtbot.keyClicks(field, "   ")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen.append(ok.isEnabled())
        dialog.reject()

    when_dialog_opens(qtbot, act)
    window.navigator.new_client()
    assert seen == [False]
    assert workspace.list_clients(db) == []


def test_navigator_model_passes_qtmodeltester(
    qtmodeltester, window: MainWindow, db: Database
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    workspace.add_engagement(db, client.id, "Portal")
    window.navigator.reload()
    qtmodeltester.check(window.navigator.proxy, force_py=True)


def test_redoing_a_client_delete_never_leaves_its_engagement_on_screen(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    client = workspace.add_client(db, "Gone Ltd")
    engagement = workspace.add_engagement(db, client.id, "Vanishing act")
    window.navigator.reload()
    window.ws.delete_client(client)
    window.undo_action.trigger()
    assert window.navigator.select_engagement(engagement.id)
    assert window.page.engagement is not None
    assert window.page.engagement.id == engagement.id
    window.redo_action.trigger()  # the client (and its engagement) go again
    shown = window.page.engagement
    assert shown is None or shown.id != engagement.id


def test_a_new_client_is_selected_and_its_new_engagement_opens(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    older = workspace.add_client(db, "Aardvark Ltd")  # sorts first: must not be chosen
    workspace.add_engagement(db, older.id, "Old work")
    window.navigator.reload()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    answer_name(qtbot, "Pomorze Zdrowie")
    qtbot.keyClick(window, Qt.Key.Key_C, shift_ctrl)  # File > New client
    client = next(c for c, _ in workspace.list_clients(db) if c.name == "Pomorze Zdrowie")
    current = window.navigator.current_client()
    assert current is not None
    assert current.id == client.id
    assert window.navigator.tree.currentIndex().data() == "Pomorze Zdrowie"

    window.activateWindow()  # the dialog had the focus; shortcuts need the window active
    qtbot.waitUntil(window.isActiveWindow)
    answer_name(qtbot, "eRejestracja")
    qtbot.keyClick(window, Qt.Key.Key_N, shift_ctrl)  # File > New engagement: no refusal
    engagements = dict(workspace.list_clients(db))
    [engagement] = next(e for c, e in engagements.items() if c.id == client.id)
    assert engagement.name == "eRejestracja"
    # It is open: selected in the navigator and shown on the page.
    assert window.navigator.current_engagement() == engagement
    assert window.stack.currentWidget() is window.page
    assert window.page.title.text() == "Pomorze Zdrowie — eRejestracja"


def test_long_names_that_begin_alike_stay_apart_in_a_narrow_panel(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    client = workspace.add_client(db, "Pomorze Zdrowie Hospital Group (Gdańsk)")
    first = "Pomorze Zdrowie e-Rejestracja rollout – phase 1"
    second = "Pomorze Zdrowie e-Rejestracja rollout – phase 2"
    for name in (first, second):
        workspace.add_engagement(db, client.id, name)
    navigator = window.navigator
    assert navigator is not None
    navigator.reload()
    navigator.select_client(client.id)  # the engagement rows drawn unselected, alike
    splitter = navigator.parentWidget()
    assert isinstance(splitter, QSplitter)
    narrow = navigator.minimumSizeHint().width()  # as narrow as the panel goes
    splitter.setSizes([narrow, splitter.width() - narrow])
    tree = navigator.tree
    qtbot.waitUntil(lambda: navigator.width() == narrow)
    model = navigator.proxy
    parent = model.index(0, 0)
    rows = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    assert [row.data() for row in rows] == [first, second]

    # Too long for the panel: both are cut, and yet the rows look different on screen.
    metrics = tree.fontMetrics()
    rects = [tree.visualRect(row) for row in rows]
    assert all(metrics.horizontalAdvance(first) > rect.width() for rect in rects)
    pixels = tree.viewport().grab()
    drawn = [pixels.copy(rect).toImage() for rect in rects]
    assert drawn[0] != drawn[1]  # cut at the end, both read "Pomorze Zdrowie e-Rej…"

    # The whole name is in the tooltip, and stays right after a rename.
    assert [row.data(Qt.ItemDataRole.ToolTipRole) for row in rows] == [
        f"Engagement: {first}",
        f"Engagement: {second}",
    ]
    renamed = "Pomorze Zdrowie Hospital Group (Gdańsk, Gdynia)"

    def rename(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit)
        field.setText(renamed)  # not typed: key clicks carry ASCII only
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, rename)
    navigator.rename_action.trigger()  # the client is selected: it is renamed
    assert [c.name for c, _ in workspace.list_clients(db)] == [renamed]
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"Client: {renamed}"
