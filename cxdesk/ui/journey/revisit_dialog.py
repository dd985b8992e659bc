"""Choosing the milestone at which to record the map's emotions (for before/after)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from cxdesk.models.journey_map import RevisitRecord
from cxdesk.models.records import MilestoneRecord

TEXT_WIDTH = 440
GO_TO_MATRIX = 2
"""The dialog's result when the consultant asks to go and add milestones."""


def local_time(moment: datetime) -> datetime:
    """The store keeps UTC; the consultant reads their own clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def revisit_label(revisit: RevisitRecord) -> str:
    """``"Kickoff (14 Sep 2026)"``: how a revisit is named in the Compare box."""
    return f"{revisit.milestone_name} ({local_time(revisit.taken_at):%d %b %Y})"


class RevisitDialog(QDialog):
    """Pick one of the engagement's milestones; says so plainly when there are none, and
    warns when the milestone already has a revisit that this one would replace."""

    def __init__(
        self,
        milestones: Sequence[MilestoneRecord],
        revisits: Sequence[RevisitRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Revisit the map at a milestone")
        self.milestones = list(milestones)
        self.revisits = {r.milestone_id: r for r in revisits}

        intro = QLabel(
            "Record how the client, and each stakeholder, feels at every touchpoint now. "
            "Later, compare the map with this moment to see what changed."
        )
        intro.setWordWrap(True)
        intro.setFixedWidth(TEXT_WIDTH)
        self.milestone = QComboBox()
        for m in self.milestones:
            due = f" · due {m.due_date:%d %b %Y}" if m.due_date else ""
            done = " · revisited" if m.id in self.revisits else ""
            self.milestone.addItem(f"{m.name}{due}{done}", m.id)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setFixedWidth(TEXT_WIDTH)
        # Room for the longest state, so the dialog does not jump as milestones are chosen.
        self.state.setMinimumHeight(3 * self.state.fontMetrics().lineSpacing() + 4)
        self.state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        form = QFormLayout(self)
        form.addRow(intro)
        self.buttons = QDialogButtonBox()
        if self.milestones:
            form.addRow("&Milestone:", self.milestone)
            form.addRow(self.state)
            ok = self.buttons.addButton("Revisit now", QDialogButtonBox.ButtonRole.AcceptRole)
            ok.setDefault(True)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.milestone.currentIndexChanged.connect(self._update_state)
            self.milestone.setCurrentIndex(self._default_index())
            self._update_state()
        else:
            self.milestone.hide()
            self.state.setText(
                "This engagement has no milestones yet. Milestones are added in the "
                "Expectation Matrix tab (Milestones > New milestone…), where expectations "
                "are revalidated at the same moments."
            )
            form.addRow(self.state)
            go = self.buttons.addButton(
                "Go to the Expectation Matrix", QDialogButtonBox.ButtonRole.ActionRole
            )
            go.clicked.connect(lambda: self.done(GO_TO_MATRIX))
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _default_index(self) -> int:
        """The first milestone not revisited yet (the one being reached), else the last."""
        pending = [i for i, m in enumerate(self.milestones) if m.id not in self.revisits]
        return pending[0] if pending else len(self.milestones) - 1

    def _update_state(self, *_args: object) -> None:
        chosen = self.chosen()
        earlier = self.revisits.get(chosen.id) if chosen else None
        if earlier is None:
            self.state.setText("Not revisited at this milestone yet.")
        else:
            when = local_time(earlier.taken_at)
            self.state.setText(
                f"⚠ Already revisited on {when:%d %b %Y, %H:%M}. Revisiting again replaces "
                "those emotions with today's (Edit > Undo brings them back)."
            )

    def chosen(self) -> MilestoneRecord | None:
        milestone_id = self.milestone.currentData()
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def replaces(self) -> bool:
        chosen = self.chosen()
        return chosen is not None and chosen.id in self.revisits
