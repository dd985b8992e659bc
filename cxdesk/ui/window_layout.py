"""How the main window arranges a workspace, shared by the window and its first frame.

The first frame at start-up (:mod:`cxdesk.ui.first_frame`) and the window once the store
has loaded (:mod:`cxdesk.ui.main_window`) put the same parts in the same places with
these functions, and start from the same remembered settings, so the one replaces the
other without anything moving.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from cxdesk.ui.tabs import TabKey

LAST_TAB_KEY = "window/tab"  # the tab in front when the window last showed one


def remembered_tab(settings: QSettings) -> TabKey | None:
    """The tab in front when the window last showed one (None: never, or unreadable).

    Stored as its TabKey value: a tab's number shifts when tabs are inserted, and a person
    would reopen on the wrong one. Older versions stored the number: read once as before
    (the registry's order) and stored again as the key."""
    value = settings.value(LAST_TAB_KEY)
    if value is None:
        return None
    text = str(value)
    if text in TabKey._value2member_map_:
        return TabKey(text)
    if not text.isdecimal():
        return None
    from cxdesk.ui.tab_registry import ENGAGEMENT_TABS

    key = ENGAGEMENT_TABS[min(int(text), len(ENGAGEMENT_TABS) - 1)].key
    remember_tab(settings, key)
    return key


def remember_tab(settings: QSettings, key: TabKey) -> None:
    settings.setValue(LAST_TAB_KEY, key.value)


def last_engagement_key(database_path: Path) -> str:
    """The setting that remembers the engagement last shown from ``database_path``."""
    # QSettings keys cannot hold slashes from paths; a hash keeps one entry per file.
    digest = hashlib.sha1(str(database_path).encode(), usedforsecurity=False).hexdigest()
    return f"engagement/last-{digest[:16]}"


def engagement_area(navigator: QWidget, right: QWidget) -> QSplitter:
    """The clients panel on the left, ``right`` (an engagement or the welcome) beside it."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(navigator)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([260, 1000])
    return splitter


def page_layout(page: QWidget, heading: QWidget, tabs: QTabWidget) -> None:
    """An engagement's page: its heading above its tabs."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 0)
    layout.addWidget(heading)
    layout.addWidget(tabs, 1)


class EmptyState(QWidget):
    """What the window shows when no engagement is chosen: a welcome and the first steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(
            "<h2>Welcome to CX Desk</h2>"
            "<p>Close the gap between what your client expected, what you delivered and "
            "what they experienced.</p>"
            "<p>Start with a client, then add the engagement you are working on.</p>"
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_client = QPushButton("New client…")
        self.new_engagement = QPushButton("New engagement…")
        self.demo = QPushButton("Add a demo engagement to explore")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(text)
        for button in (self.new_client, self.new_engagement, self.demo):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.new_client, self.new_engagement, self.demo)
