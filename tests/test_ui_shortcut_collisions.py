"""No key does two things at once: with each tab in front, the shortcuts Qt would weigh
for a key press (QAction and QShortcut) are collected with where they apply, and two with
the same keys whose places overlap fail the test (Qt would call the key ambiguous and do
neither). Every key a tab offers is listed in Help > Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui import shortcuts_help
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import TabKey

WINDOW = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db)


@dataclass(frozen=True)
class Active:
    keys: str
    what: str
    place: QWidget | None  # None: the whole window; else the widget (and, if wide, below)
    wide: bool  # WidgetWithChildrenShortcut: focus anywhere under ``place``

    def overlaps(self, other: Active) -> bool:
        if self.place is None or other.place is None:
            return True
        if self.place is other.place:
            return True
        return (self.wide and self.place.isAncestorOf(other.place)) or (
            other.wide and other.place.isAncestorOf(self.place)
        )


def _sequences(item: QAction | QShortcut) -> list[QKeySequence]:
    found = item.shortcuts() if isinstance(item, QAction) else [item.key()]
    return [k for k in found if not k.isEmpty()]


def active_shortcuts(window: QWidget) -> Iterator[Active]:
    """The shortcuts that could fire in ``window`` as it is on screen now."""
    seen: set[int] = set()
    items: list[QAction | QShortcut] = [
        *window.findChildren(QAction),
        *window.findChildren(QShortcut),
    ]
    for menu in window.findChildren(QMenu):
        items += menu.actions()
    for item in items:
        if id(item) in seen or not _sequences(item):
            continue
        seen.add(id(item))
        context = item.shortcutContext()
        if isinstance(item, QShortcut):
            parent = item.parent()
            widgets = [parent] if isinstance(parent, QWidget) else []
        else:
            widgets = [w for w in item.associatedObjects() if isinstance(w, QWidget)]
        for widget in widgets:
            if isinstance(widget, (QMenu, QMenuBar)):
                if context not in WINDOW:
                    continue  # the same action on its own widget is what counts
                place: QWidget | None = None
            elif not widget.isVisible() or widget.window() is not window:
                continue
            else:
                place = None if context in WINDOW else widget
            for keys in _sequences(item):
                yield Active(
                    keys.toString(),
                    (item.text() if isinstance(item, QAction) else item.objectName())
                    or type(item.parent()).__name__,
                    place,
                    context == Qt.ShortcutContext.WidgetWithChildrenShortcut,
                )
            break  # one place per item is enough to weigh it


def collisions(window: QWidget) -> list[str]:
    found = list(active_shortcuts(window))
    clashes = []
    for i, one in enumerate(found):
        for other in found[i + 1 :]:
            if one.keys == other.keys and one.overlaps(other):
                clashes.append(f"{one.keys}: {one.what!r} and {other.what!r}")
    return clashes


@pytest.mark.parametrize("key", [spec.key for spec in ENGAGEMENT_TABS])
def test_no_two_shortcuts_share_a_key_with_a_tab_in_front(
    qtbot: QtBot, window, window_engagement: int, key: TabKey
) -> None:  # type: ignore[no-untyped-def]
    window.page.show_view(key)
    qtbot.waitUntil(lambda: window.page.tabs.currentWidget() is window.page.tab(key))
    assert collisions(window) == []


def test_a_clash_is_found(qtbot: QtBot, window, window_engagement: int) -> None:  # type: ignore[no-untyped-def]
    """The check itself: a second Ctrl+G beside the Actions tab's Go to the gap."""
    window.page.show_view(TabKey.ACTIONS)
    tab = window.page.actions_view
    extra = QAction("Another G", tab.view)
    extra.setShortcut(QKeySequence("Ctrl+G"))
    extra.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    tab.view.addAction(extra)
    assert collisions(window) == ["Ctrl+G: 'Go &to the gap' and 'Another G'"]


def _help_keys() -> str:
    return " ".join(
        k for side in (shortcuts_help.LEFT, shortcuts_help.RIGHT) for _, ks in side for k, _w in ks
    )


@pytest.mark.parametrize("key", [TabKey.ACTIONS, TabKey.ISSUES, TabKey.LOOP_LOG, TabKey.OVERVIEW])
def test_the_help_lists_every_key_of_the_closing_the_loop_tabs(
    qtbot: QtBot, window, window_engagement: int, key: TabKey
) -> None:  # type: ignore[no-untyped-def]
    window.page.show_view(key)
    tab = window.page.tab(key)
    assert isinstance(tab, QObject)
    listed = _help_keys()
    for active in active_shortcuts(window):
        if active.place is not None and (active.place is tab or tab.isAncestorOf(active.place)):
            assert active.keys in listed, f"{active.keys} ({active.what}) is not in the help"
    assert "Ctrl+Shift+G" in listed
    assert "Ctrl+G" in listed
    assert "Ctrl+1 … Ctrl+9" in listed
