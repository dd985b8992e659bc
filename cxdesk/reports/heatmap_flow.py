"""The before/after heatmap in the toolkit's flow: it shares the page with what precedes it.

The heatmap was one drawing kept whole with its heading, so when the levels chart left
less room than all its rows, it went to a page of its own: a dozen rows, then two thirds
of the page empty before the next section. Now it takes the room there is:

- all its rows, lowered (down to :data:`MIN_ROW` points, from :data:`FULL_ROW`) when that
  is what lets them stay on this page;
- else as many rows at full height as fit, at least :data:`MIN_ROWS`, and the rest on the
  next page under the column heads again (a long matrix's heatmap runs over pages so);
- else, with not even that much room, all of it on the next page with its heading
  (:class:`HeatmapStart` keeps the heading and its sentence with the first rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn

from cxdesk.language import ENGLISH, Translator
from cxdesk.reports.charts import HEATMAP_ROW, gap_heatmap
from cxdesk.reports.styles import ToolkitStyles

FULL_ROW = HEATMAP_ROW  # points: the row's height when there is room
MIN_ROW = 12.0  # points: the lowest a row goes to stay on the page (its type is 7.5 points)
MIN_ROWS = 6  # fewer rows than this at a page's foot read as a stray: they wait instead

HeatmapRows = Sequence[tuple[str, Sequence[int | None]]]


class SharedHeatmap(Flowable):  # type: ignore[misc]
    """The heatmap's ``rows`` (label, one gap per column) under ``columns``, as tall as its
    rows need, lowering them or continuing on the next page to share its page."""

    def __init__(
        self,
        rows: HeatmapRows,
        columns: Sequence[str],
        st: ToolkitStyles,
        width: float,
        tr: Translator = ENGLISH,
        row_height: float = FULL_ROW,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.columns = list(columns)
        self.st = st
        self.width = width
        self.tr = tr
        self.row_height = row_height
        # Column heads and the key: what every part of the heatmap has besides its rows.
        self.frame_height = float(gap_heatmap([], self.columns, st, width, tr).height)

    def _part(self, rows: HeatmapRows, row_height: float = FULL_ROW) -> SharedHeatmap:
        return SharedHeatmap(rows, self.columns, self.st, self.width, self.tr, row_height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.frame_height + self.row_height * len(self.rows)

    def can_start(self, avail_height: float) -> bool:
        """Whether some of it can go in ``avail_height`` (see :meth:`split`)."""
        room = avail_height - self.frame_height
        return room >= min(len(self.rows) * MIN_ROW, MIN_ROWS * FULL_ROW)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.frame_height
        count = len(self.rows)
        if count and room >= count * MIN_ROW:  # all of it here, its rows a little lower
            return [self._part(self.rows, min(FULL_ROW, room / count))]
        fit = int(room // FULL_ROW)
        if fit < MIN_ROWS:
            return []  # the next page
        return [self._part(self.rows[:fit]), self._part(self.rows[fit:])]

    def draw(self) -> None:
        drawing = gap_heatmap(
            self.rows, self.columns, self.st, self.width, self.tr, row_height=self.row_height
        )
        drawing.drawOn(self.canv, 0, 0)


class HeatmapStart(KeepTogether):  # type: ignore[misc]
    """The heatmap's heading (and the sentences under it) kept with its first rows: on this
    page when the heatmap can start here, else all of it on the next page. The last of
    ``flowables`` is the :class:`SharedHeatmap`."""

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        *lead, heatmap = self._content
        _w, lead_height = _listWrapOn(lead, avail_width, self.canv)
        if isinstance(heatmap, SharedHeatmap) and heatmap.can_start(avail_height - lead_height):
            return list(self._content)  # the heatmap lowers its rows or continues overleaf
        return super().split(avail_width, avail_height)  # type: ignore[no-any-return]
