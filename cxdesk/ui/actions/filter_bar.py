"""The Actions tab's filter row: which actions to show, whose, put down to which of the
five gaps, on which kind of gap, and words typed (Ctrl+F)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit

from cxdesk.models.actions import SourceKind
from cxdesk.models.five_gaps import CAUSES
from cxdesk.ui.actions.filters import Showing

EVERY_OWNER = "Every owner"
NO_OWNER = "No owner named"


@dataclass(frozen=True, slots=True)
class FilterRow:
    showing: QComboBox
    owner: QComboBox
    cause: QComboBox
    kind: QComboBox
    search: QLineEdit
    row: QHBoxLayout  # the boxes with their labels (the search goes on the tools row)

    def offer_owners(self, owners: Iterable[str]) -> bool:
        """Offer the owners named on the actions ("" for none), the chosen one kept;
        True when the list changed (the filter is then to be applied again)."""
        names = sorted(set(owners), key=str.casefold)
        wanted = [EVERY_OWNER, *(o or NO_OWNER for o in names)]
        box = self.owner
        if wanted == [box.itemText(i) for i in range(box.count())]:
            return False
        chosen = box.currentData()
        blocked = box.blockSignals(True)
        box.clear()
        box.addItem(EVERY_OWNER, None)
        for owner in names:
            box.addItem(owner or NO_OWNER, owner)
        box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
        box.blockSignals(blocked)
        return True


def filter_row(changed: Callable[..., None]) -> FilterRow:
    """The filter boxes, each calling ``changed`` when the consultant changes it."""
    showing = QComboBox()
    for show in Showing:
        showing.addItem(show.label, show.value)
    showing.setToolTip("Open (or in progress), overdue, done or dropped, or all")
    showing.currentIndexChanged.connect(changed)
    owner = QComboBox()
    owner.setToolTip("Only one owner's actions")
    owner.currentIndexChanged.connect(changed)
    cause = QComboBox()
    cause.addItem("Every cause", None)
    for gap in CAUSES:
        cause.addItem(gap.label, gap.value)
        cause.setItemData(cause.count() - 1, gap.label_with_synonym, Qt.ItemDataRole.ToolTipRole)
    cause.addItem("No cause named", "")
    cause.setToolTip("Only the actions put down to one of the five gaps")
    cause.currentIndexChanged.connect(changed)
    kind = QComboBox()
    kind.addItem("Every source", None)
    for source in SourceKind:
        kind.addItem(source.label, source.value)
    kind.setToolTip("Only the actions on one kind of gap")
    kind.currentIndexChanged.connect(changed)
    search = QLineEdit()
    search.setPlaceholderText("Filter actions (Ctrl+F)")
    search.setClearButtonEnabled(True)
    search.textChanged.connect(changed)
    row = QHBoxLayout()
    for label, box in (
        ("&Show:", showing),
        ("O&wner:", owner),
        ("&Cause:", cause),
        ("So&urce:", kind),
    ):
        name = QLabel(label)
        name.setBuddy(box)
        # Narrow enough for 1024 px beside the clients panel; the list opens wide.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        row.addWidget(name)
        row.addWidget(box, 1)
    return FilterRow(showing, owner, cause, kind, search, row)
