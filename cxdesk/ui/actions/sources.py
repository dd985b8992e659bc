"""Where gaps are seen: the matrix's rows, a RATER dimension, a pulse check's "what's not
working", a pain point on the emotion map, an open handoff checklist item, each given its
:class:`~cxdesk.ui.actions.links.GapLink` when its tab is built (``tab_registry``), so the
tabs themselves stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt

from cxdesk.models.actions import ActionSource, SourceKind
from cxdesk.models.servqual import RaterDimension
from cxdesk.ui.actions.links import GapLink
from cxdesk.ui.record_model import RecordRole

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView

    from cxdesk.ui.journey.handoffs import HandoffGroup
    from cxdesk.ui.journey.tab import JourneyTab
    from cxdesk.ui.matrix.tab import ExpectationMatrixTab
    from cxdesk.ui.pulse.tab import PulseTab
    from cxdesk.ui.rater.tab import RaterTab


def _select(view: QAbstractItemView, index: QModelIndex) -> bool:
    if not index.isValid():
        return False
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.scrollTo(index)
    return True


def _record_id(index: QModelIndex) -> int | None:
    record = index.data(RecordRole)
    return None if record is None else int(record.id)


def link_matrix(tab: ExpectationMatrixTab) -> GapLink:
    def source_at(index: QModelIndex) -> ActionSource | None:
        row_id = _record_id(index)
        return None if row_id is None else ActionSource(SourceKind.EXPECTATION, row_id)

    def select(source: ActionSource) -> bool:
        tab.search.clear()  # a row the filter hides could not be shown
        assert source.record_id is not None
        return _select(tab.view, tab.index_of(source.record_id, "expects"))

    return GapLink(
        tab.ws,
        tab.view,
        engagement=lambda: tab.engagement_id,
        source_at=source_at,
        select=select,
        kinds={SourceKind.EXPECTATION},
        measures={"expectation_item", "expectation_snapshot", "milestone"},
        what="expectation",
    )


def link_pulse(tab: PulseTab) -> GapLink:
    def source_at(index: QModelIndex) -> ActionSource | None:
        row_id = _record_id(index)
        return None if row_id is None else ActionSource(SourceKind.PULSE_CHECK, row_id)

    def select(source: ActionSource) -> bool:
        assert source.record_id is not None
        return _select(tab.view, tab.index_of(source.record_id, "not_working"))

    return GapLink(
        tab.ws,
        tab.view,
        engagement=lambda: tab.engagement_id,
        source_at=source_at,
        select=select,
        kinds={SourceKind.PULSE_CHECK},
        measures={"pulse_check"},
        what="pulse check",
    )


def link_rater(tab: RaterTab) -> GapLink:
    from cxdesk.ui.rater.columns import DimensionRole

    def dimension_at(index: QModelIndex) -> RaterDimension | None:
        model: QAbstractItemModel | None = tab.view.model()
        if model is None or not index.isValid():
            return None
        found = model.headerData(index.column(), Qt.Orientation.Horizontal, DimensionRole)
        if isinstance(found, RaterDimension):
            return found
        return RaterDimension(found) if found else None

    def at(kind: SourceKind) -> Callable[[QModelIndex], ActionSource | None]:
        def source_at(index: QModelIndex) -> ActionSource | None:
            assessment, dimension = tab.current_assessment(), dimension_at(index)
            if assessment is None or dimension is None:
                return None
            return ActionSource(kind, assessment.id, dimension=dimension.value)

        return source_at

    def select(source: ActionSource) -> bool:
        chooser = tab.chooser
        found = chooser.findData(source.record_id)
        if found < 0:
            return False
        chooser.setCurrentIndex(found)
        model = tab.view.model()
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal, DimensionRole)
            value = header.value if isinstance(header, RaterDimension) else header
            if value == source.dimension:
                tab.view.setCurrentIndex(model.index(0, column))
                return True
        return True

    gap_at = at(SourceKind.RATER_GAP)
    disagreement_at = at(SourceKind.RATER_DISAGREEMENT)
    return GapLink(
        tab.ws,
        tab.view,
        engagement=lambda: tab.engagement_id,
        source_at=gap_at,
        select=select,
        kinds={SourceKind.RATER_GAP, SourceKind.RATER_DISAGREEMENT},
        what="dimension",
        others=[("New action for the &team-vs-client disagreement…", disagreement_at)],
        badges=False,  # a row is a respondent, not a gap: the count is in the menu
    )


def link_map(tab: JourneyTab) -> GapLink:
    """A pain point on the emotion map: the current column's touchpoint, scored by the
    stakeholder of the current lane (the client overall on any other lane)."""
    from cxdesk.ui.journey.grid_lanes import LaneKind

    grid = tab.grid

    def source_at(index: QModelIndex) -> ActionSource | None:
        slot = grid.grid_model.slot(index.column()) if index.isValid() else None
        if slot is None or slot.touchpoint is None:
            return None
        lane = grid.grid_model.lane(index.row())
        who = (
            lane.stakeholder.id
            if lane and lane.kind is LaneKind.STAKEHOLDER and lane.stakeholder
            else None
        )
        return ActionSource(SourceKind.PAIN_POINT, slot.touchpoint.id, stakeholder_id=who)

    def select(source: ActionSource) -> bool:
        assert source.record_id is not None
        return grid.select_touchpoint(source.record_id)

    return GapLink(
        tab.ws,
        grid,
        engagement=lambda: tab.engagement_id,
        source_at=source_at,
        select=select,
        kinds={SourceKind.PAIN_POINT},
        what="pain point",
        badges=False,  # a column is a touchpoint: the count is in the menu
    )


def link_handoffs(tab: JourneyTab) -> None:
    """An open item of a handoff checklist, on the emotion map's Handoffs side tab: each
    boundary's checklist gets its link when its group is made (boundaries come and go with
    the phases); a ticked item is no gap. Going to an item brings the Handoffs tab forward."""
    for group in tab.handoffs.groups.values():
        link_handoff_group(tab, group)  # the link lives with the group's list
    tab.handoffs.groupMade.connect(lambda group: link_handoff_group(tab, group))


def link_handoff_group(tab: JourneyTab, group: HandoffGroup) -> GapLink:
    from cxdesk.models.journey_map import HandoffItemRecord

    def source_at(index: QModelIndex) -> ActionSource | None:
        item = index.data(RecordRole) if index.isValid() else None
        if not isinstance(item, HandoffItemRecord) or item.done:
            return None
        return ActionSource(SourceKind.HANDOFF_ITEM, item.id)

    def select(source: ActionSource) -> bool:
        model = group.model
        row = next((r for r, i in enumerate(model.items) if i.id == source.record_id), None)
        if row is None:
            return False
        tab.side.setCurrentWidget(tab.handoffs)
        group.view.setCurrentIndex(model.index(row, 0))
        tab.handoffs.scroll_area.ensureWidgetVisible(group.view)
        return True

    return GapLink(
        tab.ws,
        group.view,
        engagement=lambda: tab.engagement_id,
        source_at=source_at,
        select=select,
        kinds={SourceKind.HANDOFF_ITEM},
        measures={"handoff_item"},
        what="handoff item",
        # An item's words wrap across the narrow side panel: a badge would cover them.
        # The count is in the context menu ("Show actions for this gap (1)").
        badges=False,
    )
