"""Which screen the presenter goes on: the projector, not the laptop, when there is one."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QInputDialog, QWidget


def describe_screen(screen: QScreen, here: QScreen | None) -> str:
    size = screen.geometry()
    model = " ".join(x for x in (screen.manufacturer(), screen.model()) if x).strip()
    text = f"{screen.name()}{f' — {model}' if model else ''} ({size.width()}×{size.height()})"
    return text + (" — CX Desk is on this one" if screen is here else "")


def choose_screen(parent: QWidget | None) -> tuple[bool, QScreen | None]:
    """Which screen to present on: asked when there are several, defaulting to one the
    main window is not on (the projector). ``(False, None)`` when the person cancels."""
    screens = QGuiApplication.screens()
    if len(screens) <= 1:
        return True, (screens[0] if screens else None)
    here = parent.window().screen() if parent is not None else QGuiApplication.primaryScreen()
    default = next((s for s in screens if s is not here), screens[0])
    names = [describe_screen(s, here) for s in screens]
    name, ok = QInputDialog.getItem(
        parent,
        "Present on which screen?",
        "Show the presenter view full screen on:",
        names,
        screens.index(default),
        False,
    )
    if not ok or name not in names:
        return False, None
    return True, screens[names.index(name)]
