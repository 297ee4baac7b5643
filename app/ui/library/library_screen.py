"""The library screen: every call with agent, date, length, status and score; search, filters, the queue.

Files and folders dropped anywhere on the screen are imported. Double-click or Enter on an analysed call
opens it for review; on a failed call the reason is shown instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callcoach.core import palette
from callcoach.ui.library.call_item import CallItem
from callcoach.ui.library.call_table_model import STATUS_LABELS, CallFilterProxy, CallTableModel, Column
from callcoach.ui.library.header_style import SortArrowStyle
from callcoach.ui.library.import_actions import paths_from_mime
from callcoach.ui.library.queue_panel import QueuePanel
from callcoach.ui.review.style import MUTED, SELECTION

ALL = ""
EMPTY_TEXT = (
    "<h2>No calls yet</h2><p>Drop recordings (wav, mp3, m4a, flac, ogg…) or transcripts (vtt, srt, json) here,"
    "<br>or use <b>Import files…</b> / <b>Import folder…</b> in the toolbar.</p>"
)


class LibraryScreen(QWidget):
    open_requested = Signal(int)  # call id of an analysed call the reviewer chose
    files_dropped = Signal(list)  # list[Path]: files and folders dropped on the screen
    notice = Signal(str)  # a sentence for the status bar
    assign_requested = Signal(list, str)  # (call ids, agent name; "" clears it): an Agent cell was edited

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("library_screen")
        self.setAcceptDrops(True)
        self.model = CallTableModel(self)
        self.model.agent_edited.connect(self._agent_edited)
        self.proxy = CallFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search file or agent…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.agent_filter = QComboBox()
        self.agent_filter.setObjectName("agent_filter")
        self.agent_filter.setAccessibleName("Agent filter")
        self.agent_filter.addItem("All agents", ALL)
        self.agent_filter.currentIndexChanged.connect(self._filter_changed)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName("Status filter")
        self.status_filter.addItem("Any status", ALL)
        for status, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, status)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.count = QLabel()
        self.count.setObjectName("call_count")
        self.count.setStyleSheet(f"color: {MUTED};")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.agent_filter, 1)
        bar.addWidget(self.status_filter, 1)
        bar.addStretch(1)
        bar.addWidget(self.count)

        self.table = self._make_table()
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("library_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {MUTED}; border: 2px dashed {palette.DROP_BORDER}; border-radius: 8px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.queue = QueuePanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.queue)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 320])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.set_calls([])

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("calls")
        table.setAccessibleName("Calls")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several calls: assign, delete
        # Only the Agent cell edits, with F2 or by typing on it; a double-click still opens the call.
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
        table.setStyleSheet(
            f"QTableView {{ selection-background-color: {SELECTION}; selection-color: black; outline: 0; }}"
        )
        head = table.horizontalHeader()
        head.setHighlightSections(False)
        self._header_style = SortArrowStyle()  # kept: a widget does not own the style it is given
        head.setStyle(self._header_style)
        head.setSectionResizeMode(Column.CALL, QHeaderView.ResizeMode.Stretch)
        for column in (Column.AGENT, Column.DATE, Column.LENGTH, Column.STATUS, Column.SCORE):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column, width in ((Column.AGENT, 150), (Column.DATE, 150), (Column.LENGTH, 70), (Column.STATUS, 130)):
            table.setColumnWidth(column, width)
        table.setColumnWidth(Column.SCORE, 90)
        table.activated.connect(self._activated)  # Enter, and double-click (or the platform's activation click)
        return table

    # --- data ----------------------------------------------------------------------------------------------
    def set_calls(self, calls: Sequence[CallItem]) -> None:
        self.model.set_calls(calls)
        self.queue.set_calls(calls)
        current = self.agent_filter.currentData()
        agents = self.model.agents()
        if agents != [self.agent_filter.itemData(i) for i in range(1, self.agent_filter.count())]:
            self.agent_filter.blockSignals(True)
            self.agent_filter.clear()
            self.agent_filter.addItem("All agents", ALL)
            for name in agents:
                self.agent_filter.addItem(name, name)
            self.agent_filter.setCurrentIndex(max(0, self.agent_filter.findData(current)))
            self.agent_filter.blockSignals(False)
            self._filter_changed()
        self._show_count()

    def visible_calls(self) -> list[CallItem]:
        """The calls in the table as shown: filtered and sorted."""
        return [self.proxy.call_at(row) for row in range(self.proxy.rowCount())]

    def select_call(self, call_id: int) -> bool:
        row = self.model.row_of(call_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def selected_calls(self) -> list[CallItem]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        calls = [self.proxy.call_at(row) for row in rows]
        return [c for c in calls if c is not None]

    def selected_call(self) -> CallItem | None:
        index = self.table.currentIndex()
        return self.proxy.call_at(index.row()) if index.isValid() else None

    def open_call(self, call: CallItem) -> None:
        if call.openable:
            self.open_requested.emit(call.id)
        elif call.status == "failed":
            self.notice.emit(f"{call.name} failed: {call.reason or 'no reason recorded'}")
        else:
            self.notice.emit(f"{call.name} is {call.status}: it can be reviewed once it is analysed.")

    # --- internals -----------------------------------------------------------------------------------------
    def _agent_edited(self, call_id: int, name: str) -> None:
        """An edited Agent cell sets the agent of every selected call when the edited one is among them."""
        selected = [c.id for c in self.selected_calls()]
        ids = selected if call_id in selected else [call_id]
        self.assign_requested.emit(ids, name)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_call(self.proxy.call_at(index.row()))

    def _filter_changed(self, *_args) -> None:
        self.proxy.set_search(self.search.text())
        self.proxy.set_agent(self.agent_filter.currentData() or None)
        self.proxy.set_status(self.status_filter.currentData() or None)
        self._show_count()

    def _show_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(f"{total} call{'s' if total != 1 else ''}" if shown == total else f"{shown} of {total}")
        self.stack.setCurrentWidget(self.table if total else self.empty)

    # --- drag and drop -------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()
