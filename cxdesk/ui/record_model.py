"""One Qt table model over frozen records: columns declared, rows keyed, minimal change signals.

Every table of records (the matrix's expectations, RATER respondents, pulse checks, the
client's stakeholders, a quiz draft's statements and bands) is a :class:`RecordTableModel`
that declares its :class:`Column` specs and a key. The model holds the records as the store
returned them; :meth:`RecordTableModel.apply` moves it to a fresh list with the smallest
set of row signals (removed and inserted runs in place, moved rows moved, changed rows
repainted), so a view keeps its selection, current cell, scroll position and open editor
while other rows come and go.

Each column compiles its readers into one role -> function table when it is declared, so
``data()`` is a dict look-up and one call per cell: typing into the 1,000-item matrix
repaints through it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as declared
from itertools import compress
from operator import attrgetter, eq, ne
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import Qt as TextQt  # QtGui's Qt holds the rich-text helpers

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex
"""What Qt hands a model's methods: a plain or a persistent index."""

R = TypeVar("R")
Reader: TypeAlias = Callable[[Any], Any]

RecordRole = Qt.ItemDataRole.UserRole + 1
"""Any cell's record (the whole row), for proxies and actions that work on rows."""
SortRole = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column as a person expects (unscored last, text case-blind)."""
FIRST_TABLE_ROLE = Qt.ItemDataRole.UserRole + 3
"""The first role number a table may give a meaning of its own."""

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_WHOLE_ROW = -1  # dataChanged over every column


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column of a record table: its header and how a record is read, shown and edited.

    Readers take the row's record. ``value`` is what an edit starts from and writes back
    (by default the record's ``field``); ``display`` and ``sort`` fall back to it.
    ``kind`` is a tag of the table's own (an enum) that its view and delegates use to pick
    an editor; the model does not look at it.
    """

    field: str
    """The record attribute the column shows and an edit changes ("" for a computed one)."""
    title: str
    help: str = ""
    """The header's tooltip: what the column means."""
    kind: Any = None
    width: int = 0
    editable: bool = False
    value: Callable[[R], Any] | None = None
    display: Callable[[R], Any] | None = None
    sort: Callable[[R], Any] | None = None
    tooltip: Callable[[R], Any] | None = None
    """A cell's tooltip; text from the data is shown as typed (see :func:`plain_tip`)."""
    rich_tooltip: bool = False
    """Whether ``tooltip`` returns markup of the app's own, shown as rich text."""
    accessible: Callable[[R], Any] | None = None
    """What a screen reader says for a cell; ``None``: Qt reads the shown text."""
    align: Qt.AlignmentFlag | None = None
    tidy: Callable[[Any], Any] | None = None
    """Applied to a typed value before it is saved (spaces trimmed or collapsed)."""
    roles: Mapping[int, Callable[[R], Any]] = declared(default_factory=dict)
    """Readers for any other role (background, font, a table's own roles)."""
    readers: dict[int, Reader] = declared(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        value = self.value or (attrgetter(self.field) if self.field else _nothing)
        readers: dict[int, Reader] = {_EDIT: value, _DISPLAY: self.display or value}
        readers[SortRole] = self.sort or value
        if self.tooltip is not None:
            tooltip = self.tooltip
            readers[_TOOLTIP] = tooltip if self.rich_tooltip else lambda r: plain_tip(tooltip(r))
        if self.accessible is not None:
            readers[_ACCESSIBLE] = self.accessible
        if self.align is not None:
            alignment = int(self.align)
            readers[_ALIGN] = lambda _record: alignment
        readers.update(self.roles)
        object.__setattr__(self, "readers", readers)  # frozen: set once, here


def plain_tip(text: Any) -> Any:
    """A tooltip that shows ``text`` as typed, even text that looks like markup.

    Qt renders a tooltip as rich text when it *might* be (``<b>`` anywhere in it), so
    what a phone, a client's sheet or a typed note holds could restyle, load images into
    or stretch the consultant's tooltip. Text Qt would take as markup is escaped (lines
    kept); other text, the usual case, is returned unchanged. Non-text passes through.
    """
    if isinstance(text, str) and TextQt.mightBeRichText(text):
        return TextQt.convertFromPlainText(text, TextQt.WhiteSpaceMode.WhiteSpaceNormal)
    return text


def _nothing(_record: Any) -> None:
    return None


def collapse_spaces(value: Any) -> Any:
    """A one-line value as typed, with runs of spaces (and pasted line breaks) as one."""
    return " ".join(value.split()) if isinstance(value, str) else value


def strip_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A flat table of frozen records, one row each, in the order given.

    A table declares ``columns`` (and ``key`` when its records are not keyed by ``id``),
    either as class attributes or in the constructor. Edits go through :meth:`edit`: the
    default replaces the record in the model (a draft kept on screen until saved); a
    table over the workspace sends the edit there and shows it once the store reports it.
    """

    columns: ClassVar[Sequence[Column[Any]]] = ()
    key: Callable[[Any], Hashable] = staticmethod(attrgetter("id"))
    numbered_rows: ClassVar[bool] = False
    """Whether the vertical header numbers the rows 1, 2, 3 (else it shows nothing)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        columns: Sequence[Column[R]] | None = None,
        key: Callable[[R], Hashable] | None = None,
    ) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)  # type: ignore[misc]  # an instance's own columns
        if key is not None:
            self.key = key
        self._rows: list[R] = []
        self._row_of: dict[Hashable, int] = {}

    # -- the records -----------------------------------------------------------------

    def records(self) -> list[R]:
        return list(self._rows)

    def record(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, key: Hashable) -> int | None:
        return self._row_of.get(key)

    def record_of(self, key: Hashable) -> R | None:
        row = self._row_of.get(key)
        return None if row is None else self._rows[row]

    def column_of(self, field_name: str) -> int:
        """The column that shows ``field_name`` (a table's fields are unique)."""
        for number, column in enumerate(self.columns):
            if column.field == field_name:
                return number
        raise KeyError(field_name)

    def reset(self, records: Sequence[R]) -> None:
        """Show other records altogether (another engagement: the one place a reset is right)."""
        self.beginResetModel()
        self._rows = list(records)
        self._reindex()
        self.endResetModel()

    def update_record(self, record: R) -> bool:
        """One record changed (a cell was saved): repaint its row only. ``False`` if absent."""
        row = self._row_of.get(self.key(record))
        if row is None:
            return False
        self._rows[row] = record
        self._emit_changed(row, row)
        return True

    def apply(self, fresh: Sequence[R]) -> None:
        """Move to ``fresh`` with targeted signals: removed, moved, inserted, changed rows."""
        key = self.key
        fresh_keys = list(map(key, fresh))  # map: no Python-level loop for attrgetter keys
        if len(fresh_keys) == len(self._rows) and all(map(eq, map(key, self._rows), fresh_keys)):
            self._apply_changes(fresh)  # the usual case: the same rows, some changed
            return
        wanted = set(fresh_keys)
        self._remove_rows_not_in(wanted)
        self._move_rows_into(fresh_keys)
        self._insert_rows_of(fresh, fresh_keys)
        self._apply_changes(fresh)

    def _remove_rows_not_in(self, wanted: set[Hashable]) -> None:
        key = self.key
        row = len(self._rows) - 1
        while row >= 0:  # bottom-up, a run at a time, so the rows above keep their numbers
            if key(self._rows[row]) in wanted:
                row -= 1
                continue
            last = row
            while row > 0 and key(self._rows[row - 1]) not in wanted:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        self._reindex()

    def _move_rows_into(self, fresh_keys: Sequence[Hashable]) -> None:
        """Put the rows both lists share into ``fresh_keys``' order, moving as few as can be:
        the longest run already in order stays, every other row moves once, next to the row
        it follows in ``fresh_keys``."""
        current = [self.key(r) for r in self._rows]
        position = {k: row for row, k in enumerate(current)}
        target = [k for k in fresh_keys if k in position]
        if target == current:
            return
        staying = _longest_increasing([position[k] for k in target])
        stays = {target[i] for i in staying}
        keys = list(current)
        for number, k in enumerate(target):
            if k in stays:
                continue
            source = keys.index(k)
            after = keys.index(target[number - 1]) + 1 if number else 0
            if after in (source, source + 1):
                stays.add(k)
                continue
            self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), after)
            moved = self._rows.pop(source)
            keys.pop(source)
            landing = after - 1 if source < after else after
            self._rows.insert(landing, moved)
            keys.insert(landing, k)
            self.endMoveRows()
            stays.add(k)
        self._reindex()

    def _insert_rows_of(self, fresh: Sequence[R], fresh_keys: Sequence[Hashable]) -> None:
        known = self._row_of
        row = 0
        while row < len(fresh):
            if fresh_keys[row] in known:
                row += 1
                continue
            end = row
            while end + 1 < len(fresh) and fresh_keys[end + 1] not in known:
                end += 1
            self.beginInsertRows(QModelIndex(), row, end)
            self._rows[row:row] = fresh[row : end + 1]
            self.endInsertRows()
            row = end + 1
        self._reindex()

    def _apply_changes(self, fresh: Sequence[R]) -> None:
        """Same keys in the same order: repaint each run of rows whose record changed."""
        changed = list(compress(range(len(fresh)), map(ne, fresh, self._rows)))
        self._rows = list(fresh)
        for first, last in _runs(changed):
            self._emit_changed(first, last)

    def repaint_rows(self, rows: Iterable[int]) -> None:
        """Rows whose shown values changed for a reason outside their records (rows in order)."""
        for first, last in _runs(list(rows)):
            self._emit_changed(first, last)

    def _emit_changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def _reindex(self) -> None:
        key = self.key
        self._row_of = {key(r): row for row, r in enumerate(self._rows)}

    # -- editing ---------------------------------------------------------------------

    def edit(self, record: R, column: Column[R], value: Any) -> bool:
        """Save a typed ``value`` (already tidied). The default keeps it in the model."""
        changed = replace(record, **{column.field: value})  # type: ignore[type-var]
        if changed == record:
            return True
        self.update_record(changed)
        return True

    # -- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if self.numbered_rows and role == _DISPLAY and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == _DISPLAY:
            return column.title
        if role == _TOOLTIP:
            return column.help or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        record = self._rows[row]
        if role == RecordRole:
            return record
        reader = self.columns[index.column()].readers.get(role)
        return None if reader is None else reader(record)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != _EDIT or not index.isValid() or index.row() >= len(self._rows):
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        column = self.columns[index.column()]
        if column.tidy is not None:
            value = column.tidy(value)
        return self.edit(self._rows[index.row()], column, value)


def _runs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    start = previous = None
    for row in rows:
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None and previous is not None:
            yield start, previous
        start = previous = row
    if start is not None and previous is not None:
        yield start, previous


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """The indices of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # tails[n]: the smallest last value of an increasing run of n + 1
    tail_at: list[int] = []  # ... and its index in values
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        n = bisect.bisect_left(tails, value)
        if n == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[n] = value
            tail_at[n] = i
        previous[i] = tail_at[n - 1] if n else -1
    chain: list[int] = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        chain.append(i)
        i = previous[i]
    return chain[::-1]
