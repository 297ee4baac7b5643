"""The calls of the library as a table (file, agent, date, length, status, score), and its sort/filter proxy.

Refreshes keep the reviewer's place: when the same calls come back (a status or score changed) the rows are
updated in place, and new calls are appended, so the selection and scroll position survive a reload.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from callcoach.core import palette
from callcoach.core.formatting import score
from callcoach.ui.library.call_item import CallItem
from callcoach.ui.review.style import BAD, GOOD, MUTED, WARN, clock, local_time

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the CallItem of the row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column correctly

STATUS_LABELS = {
    "queued": "Queued",
    "transcribing": "Transcribing",
    "analysed": "Analysed",
    "attention": "Needs attention",
    "reviewed": "Reviewed",
    "failed": "Failed",
}
STATUS_COLOURS = {
    "queued": MUTED,
    "transcribing": WARN,
    "analysed": palette.LINK,
    "attention": WARN,
    "reviewed": GOOD,
    "failed": BAD,
}

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CALL = 0
    AGENT = 1
    DATE = 2
    LENGTH = 3
    STATUS = 4
    SCORE = 5


HEADERS = {
    Column.CALL: "Call",
    Column.AGENT: "Agent",
    Column.DATE: "Date",
    Column.LENGTH: "Length",
    Column.STATUS: "Status",
    Column.SCORE: "Score",
}


class CallTableModel(QAbstractTableModel):
    # An Agent cell was edited (F2, or typing on it): (call id, the name typed; "" clears it). The model changes
    # nothing itself: the owner stores it (for every selected call) and the next listing shows it.
    agent_edited = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._calls: list[CallItem] = []
        self._progress: dict[int, float] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- data in -------------------------------------------------------------------------------------------
    def set_calls(self, calls: Sequence[CallItem]) -> None:
        old_ids = [c.id for c in self._calls]
        new_ids = [c.id for c in calls]
        if new_ids[: len(old_ids)] == old_ids and old_ids:
            changed = [i for i, (a, b) in enumerate(zip(self._calls, calls, strict=False)) if a != b]
            self._calls[: len(old_ids)] = calls[: len(old_ids)]
            for row in changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
            if len(new_ids) > len(old_ids):
                self.beginInsertRows(QModelIndex(), len(old_ids), len(new_ids) - 1)
                self._calls.extend(calls[len(old_ids) :])
                self.endInsertRows()
        else:
            self.beginResetModel()
            self._calls = list(calls)
            self.endResetModel()
        live = {c.id for c in self._calls if c.status == "transcribing"}
        self._progress = {k: v for k, v in self._progress.items() if k in live}

    def set_progress(self, call_id: int, fraction: float | None) -> None:
        """A call's transcription progress, shown in its status cell (None: no longer in progress)."""
        if fraction is None:
            self._progress.pop(call_id, None)
        else:
            self._progress[call_id] = fraction
        row = self.row_of(call_id)
        if row is not None:
            index = self.index(row, Column.STATUS)
            self.dataChanged.emit(index, index)

    def calls(self) -> list[CallItem]:
        return list(self._calls)

    def row_of(self, call_id: int) -> int | None:
        return next((i for i, c in enumerate(self._calls) if c.id == call_id), None)

    def agents(self) -> list[str]:
        return sorted({c.agent for c in self._calls if c.agent}, key=str.casefold)

    # --- Qt model ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._calls)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(Column(section))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == Column.AGENT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != Column.AGENT or role != Qt.ItemDataRole.EditRole:
            return False
        call = self._calls[index.row()]
        name = str(value or "").strip()
        if name != (call.agent or ""):
            self.agent_edited.emit(call.id, name)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.EditRole and index.column() == Column.AGENT:
            call = self._calls[index.row()]
            return call.agent or call.agent_said or ""  # the name said on the call, offered
        call, column = self._calls[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(call, column)
        if role == ITEM_ROLE:
            return call
        if role == SORT_ROLE:
            return _sort_key(call, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(call, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(call, column)
        if role == Qt.ItemDataRole.FontRole and column in (Column.CALL, Column.SCORE):
            return self._bold
        return None

    def _text(self, call: CallItem, column: Column) -> str:
        if column == Column.CALL:
            return call.name
        if column == Column.AGENT:
            return call.agent or (f"{call.agent_said}?" if call.agent_said else "—")  # "Priya?": said, not set
        if column == Column.DATE:
            return local_time(call.when) if call.when else "—"
        if column == Column.LENGTH:
            return clock(call.duration) if call.duration is not None else "—"
        if column == Column.STATUS:
            label = STATUS_LABELS.get(call.status, call.status)
            fraction = self._progress.get(call.id)
            return f"{label} {fraction:.0%}" if fraction is not None and call.status == "transcribing" else label
        if call.overall is None:
            return "no score" if call.status == "attention" else "—"
        verdict = "" if call.passed is None else ("  pass" if call.passed else "  fail")
        return f"{score(call.overall)}{verdict}"

    def _tooltip(self, call: CallItem, column: Column) -> str:
        if call.status == "failed" and call.reason:
            return f"Failed: {call.reason}"
        if column == Column.AGENT and not call.agent and call.agent_said:
            return f"The agent says their name is {call.agent_said}; press F2 (or Call ▸ Assign agent…) to set it"
        if column == Column.AGENT:
            return "Press F2 to set the agent (of every selected call)"
        if call.status == "attention" and call.reason:
            return f"Needs attention (no automatic score): {call.reason}"
        if column == Column.CALL:
            return call.file
        if column == Column.DATE:
            return "Recorded" if call.recorded_at else "Imported (recording date unknown)"
        if call.openable:
            return "Double-click or press Enter to review"
        return ""

    def _colour(self, call: CallItem, column: Column) -> QBrush | None:
        if column == Column.STATUS:
            return QBrush(QColor(STATUS_COLOURS.get(call.status, MUTED)))
        if column == Column.SCORE and call.passed is not None:
            return QBrush(QColor(GOOD if call.passed else BAD))
        if column in (Column.AGENT, Column.DATE, Column.LENGTH) or not call.openable:
            return QBrush(QColor(MUTED))
        return None


def _alignment(column: Column) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column in (Column.LENGTH, Column.SCORE) else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


def _sort_key(call: CallItem, column: Column):
    """Sortable values; None for an unknown one ("—"), which CallFilterProxy puts last in either direction."""
    if column == Column.CALL:
        return call.name.casefold()
    if column == Column.AGENT:
        return (call.agent or "").casefold()
    if column == Column.DATE:
        return call.when.timestamp() if call.when else None
    if column == Column.LENGTH:
        return call.duration
    if column == Column.STATUS:
        return list(STATUS_LABELS).index(call.status) if call.status in STATUS_LABELS else len(STATUS_LABELS)
    return call.overall


class CallFilterProxy(QSortFilterProxyModel):
    """Filter by agent and status, and search the file name and agent (case-insensitive)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._agent: str | None = None
        self._status: str | None = None
        self._search = ""

    def set_agent(self, agent: str | None) -> None:
        self._refilter(agent=agent or None)

    def set_status(self, status: str | None) -> None:
        self._refilter(status=status or None)

    def set_search(self, text: str) -> None:
        self._refilter(search=text.strip().casefold())

    def _refilter(self, **values: str | None) -> None:
        if all(getattr(self, f"_{key}") == value for key, value in values.items()):
            return
        modern = hasattr(self, "beginFilterChange")  # Qt 6.10+; invalidateFilter() is deprecated there
        if modern:
            self.beginFilterChange()
        for key, value in values.items():
            setattr(self, f"_{key}", value)
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def lessThan(self, left: Index, right: Index) -> bool:
        """By SORT_ROLE, with unknown values (None) after the known ones whichever way the column is sorted."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            if (a is None) == (b is None):  # both unknown: by name, so the order is stable and readable
                return left.siblingAtColumn(Column.CALL).data(SORT_ROLE) < right.siblingAtColumn(Column.CALL).data(
                    SORT_ROLE
                )
            # Qt reverses lessThan for a descending sort: an unknown value must be "smaller" there to stay last.
            return (b is None) == (self.sortOrder() == Qt.SortOrder.AscendingOrder)
        return a < b

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        call: CallItem = self.sourceModel().index(source_row, 0, source_parent).data(ITEM_ROLE)
        if self._agent is not None and call.agent != self._agent:
            return False
        if self._status is not None and call.status != self._status:
            return False
        return not self._search or self._search in f"{call.file}\n{call.agent or ''}".casefold()

    def call_at(self, row: int) -> CallItem:
        return self.index(row, 0).data(ITEM_ROLE)
