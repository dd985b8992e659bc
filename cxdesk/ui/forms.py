"""Form rows whose label mnemonics work whatever the field is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLayout, QWidget


def add_labelled_row(
    form: QFormLayout, text: str, field: QWidget | QLayout, buddy: QWidget | None = None
) -> QLabel:
    """``form.addRow(text, field)``, with the label's ``&`` a working mnemonic.

    ``QFormLayout.addRow(str, QLayout)`` makes a label with no buddy, and a label with
    no buddy draws its ``&`` literally ("&Date:"). The buddy is ``buddy``, else the
    field, else the first widget in the field's layout that takes focus.
    """
    label = QLabel(text)
    target = buddy if buddy is not None else _focus_target(field)
    if target is not None:
        label.setBuddy(target)
    form.addRow(label, field)
    return label


def _focus_target(field: QWidget | QLayout) -> QWidget | None:
    if isinstance(field, QWidget):
        return field
    for index in range(field.count()):
        item = field.itemAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return widget
        inner = item.layout() if item is not None else None
        if inner is not None and (found := _focus_target(inner)) is not None:
            return found
    return None


def grow_to_fit(dialog: QDialog) -> None:
    """Make ``dialog`` tall enough for a sentence that just appeared in it: a dialog does
    not grow by itself for wrapped text, and a cut sentence says nothing."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalSizeHint().height())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)
