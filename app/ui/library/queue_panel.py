"""The processing queue beside the calls table: the call in hand with its progress, what waits, what failed and why.

A waiting call can be removed from the library (Remove, or the list's context menu); the call in hand can be
skipped (Skip): it goes back to the queue and the run goes on with the next call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcoach.ui.library.call_item import CallItem
from callcoach.ui.review.style import BAD, INK, MUTED, PANEL, RULE

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def short_reason(file: str, reason: str | None) -> str:
    """A failure reason without the file path it starts with: the list already names the file."""
    if not reason:
        return "no reason recorded"
    if reason.startswith(file):
        rest = reason[len(file) :]
        line = re.match(r":(\d+):\s*", rest)
        return f"line {line.group(1)}: {rest[line.end() :]}" if line else rest.lstrip(": ")
    return reason


class QueuePanel(QFrame):
    stop_requested = Signal()
    resume_requested = Signal()
    retry_requested = Signal()
    call_selected = Signal(int)  # a failed call was clicked: show it in the table
    remove_requested = Signal(int)  # a waiting call's id: take it out of the queue (and the library)
    skip_requested = Signal()  # cancel the call in hand only

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_panel")
        self.setMinimumWidth(260)
        self._running = False
        self._current: int | None = None
        self._names: dict[int, str] = {}
        self._waiting = 0

        self.state = QLabel()
        self.state.setObjectName("queue_state")
        self.state.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("queue_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("queue_stop")
        self.stop_button.setToolTip("Stop processing: the call in hand goes back to the queue; finished calls stay")
        self.stop_button.clicked.connect(self._stop_or_resume)

        self.skip_button = QPushButton("Skip")
        self.skip_button.setObjectName("queue_skip")
        self.skip_button.setToolTip("Cancel this call only: it stays in the queue and processing goes on with the next")
        self.skip_button.clicked.connect(self.skip_requested)

        self.waiting = QListWidget()
        self.waiting.setObjectName("queue_waiting")
        self.waiting.setAccessibleName("Calls waiting to be processed")
        self.waiting.setSpacing(1)
        self.waiting.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.waiting.customContextMenuRequested.connect(self._waiting_menu)
        self.waiting.itemSelectionChanged.connect(self._update_remove)
        self.waiting_title = _heading("Waiting")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("queue_remove")
        self.remove_button.setToolTip("Take the selected call out of the queue and the library (the file stays)")
        self.remove_button.clicked.connect(self._remove_selected)
        self.failed = QListWidget()
        self.failed.setObjectName("queue_failed")
        self.failed.setAccessibleName("Failed calls and why")
        self.failed.setWordWrap(True)
        self.failed.setSpacing(3)
        self.failed.itemClicked.connect(lambda item: self.call_selected.emit(item.data(ID_ROLE)))
        self.failed_title = _heading("Failed")
        self.retry_button = QPushButton("Retry failed")
        self.retry_button.setObjectName("queue_retry")
        self.retry_button.setToolTip("Queue every failed call again (after fixing the files)")
        self.retry_button.clicked.connect(self.retry_requested)

        top = QHBoxLayout()
        top.addWidget(_heading("Processing"))
        top.addStretch(1)
        top.addWidget(self.stop_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.skip_button)
        waiting_head = QHBoxLayout()
        waiting_head.addWidget(self.waiting_title)
        waiting_head.addStretch(1)
        waiting_head.addWidget(self.remove_button)
        failed_head = QHBoxLayout()
        failed_head.addWidget(self.failed_title)
        failed_head.addStretch(1)
        failed_head.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addLayout(progress_row)
        layout.addLayout(waiting_head)
        layout.addWidget(self.waiting, 1)
        layout.addLayout(failed_head)
        layout.addWidget(self.failed, 2)
        layout.addStretch(0)  # takes the room only while both lists are hidden
        self._failed_widgets: list[QWidget] = [self.failed_title, self.retry_button, self.failed]
        self.setStyleSheet(
            f"QFrame#queue_panel {{ background: {PANEL}; border: 1px solid {RULE}; border-radius: 6px; }}"
        )
        self.set_calls([])

    # --- data in -------------------------------------------------------------------------------------------
    def set_calls(self, calls: Sequence[CallItem]) -> None:
        """The queue's part of the library listing: queued, transcribing and failed calls."""
        self._names = {c.id: c.name for c in calls}
        waiting = [c for c in calls if c.status in ("queued", "transcribing") and c.id != self._current]
        self._waiting = len(waiting)
        self.waiting.clear()
        for c in waiting:
            elsewhere = c.status == "transcribing" and not self._running
            item = QListWidgetItem(c.name + ("  (in another process)" if elsewhere else ""))
            item.setData(ID_ROLE, c.id)
            item.setData(STATUS_ROLE, c.status)
            item.setToolTip(c.file)
            item.setForeground(QBrush(QColor(MUTED)))
            self.waiting.addItem(item)
        self.waiting_title.setText(f"Waiting ({len(waiting)})")
        self._show_waiting()
        failed = [c for c in calls if c.status == "failed"]
        self.failed.clear()
        for c in failed:
            item = QListWidgetItem(f"{c.name}\n{short_reason(c.file, c.reason)}")
            item.setData(ID_ROLE, c.id)
            item.setToolTip(f"{c.file}\n\n{c.reason or ''}")
            item.setForeground(QBrush(QColor(BAD)))
            self.failed.addItem(item)
        self.failed_title.setText(f"Failed ({len(failed)})")
        for widget in self._failed_widgets:
            widget.setVisible(bool(failed))
        self._show_state()

    def set_running(self, running: bool) -> None:
        self._running = running
        if not running:
            self._current = None
        self._show_state()

    def set_current(self, call_id: int | None) -> None:
        self._current = call_id
        self.progress.setValue(0)
        for i in range(self.waiting.count()):  # the call in hand leaves the waiting list
            if self.waiting.item(i).data(ID_ROLE) == call_id:
                self.waiting.takeItem(i)
                self._waiting -= 1
                self.waiting_title.setText(f"Waiting ({self._waiting})")
                self._show_waiting()
                break
        self._show_state()

    def set_progress(self, call_id: int, fraction: float) -> None:
        if call_id == self._current:
            self.progress.setValue(round(fraction * 1000))
            self.progress.setFormat(f"{fraction:.0%}")

    def waiting_ids(self) -> list[int]:
        return [self.waiting.item(i).data(ID_ROLE) for i in range(self.waiting.count())]

    def select_waiting(self, call_id: int) -> bool:
        for i in range(self.waiting.count()):
            if self.waiting.item(i).data(ID_ROLE) == call_id:
                self.waiting.setCurrentRow(i)
                return True
        return False

    def waiting_menu(self, item: QListWidgetItem) -> QMenu:
        """The context menu of a waiting call (built here so tests can trigger its actions)."""
        menu = QMenu(self)
        remove = menu.addAction("Remove from queue")
        remove.setEnabled(item.data(STATUS_ROLE) == "queued")
        call_id = item.data(ID_ROLE)
        remove.triggered.connect(lambda: self.remove_requested.emit(call_id))
        return menu

    def failed_reasons(self) -> list[str]:
        return [self.failed.item(i).text() for i in range(self.failed.count())]

    # --- display -------------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        busy = self._running and self._current is not None
        self.progress.setVisible(busy)
        if busy:
            assert self._current is not None
            name = self._names.get(self._current, f"call {self._current}")
            self.state.setText(f"Working on <b>{_escape(Path(name).name)}</b>")
        elif self._running:
            self.state.setText("Looking for queued calls…")
        elif self._waiting:
            self.state.setText(f"Stopped: {self._waiting} call{'s' if self._waiting != 1 else ''} waiting.")
        elif self.failed.count():  # not "every call is processed" above a list of failures
            n = self.failed.count()
            self.state.setText(
                f"Nothing waiting; {n} call{'s' if n != 1 else ''} failed (below): fix the file, then Retry failed."
            )
        else:
            self.state.setText("Every call is processed. Drop recordings or transcripts here to add more.")
        self.state.setStyleSheet(f"color: {INK if busy else MUTED};")
        self.skip_button.setVisible(busy)
        self.stop_button.setText("Stop" if self._running else "Resume")
        self.stop_button.setVisible(self._running or self._waiting > 0)

    def _show_waiting(self) -> None:
        for widget in (self.waiting_title, self.waiting):
            widget.setVisible(self._waiting > 0)
        self._update_remove()

    def _update_remove(self) -> None:
        item = self.waiting.currentItem()
        self.remove_button.setVisible(self._waiting > 0)
        self.remove_button.setEnabled(
            item is not None and item.isSelected() and item.data(STATUS_ROLE) == "queued" and self._waiting > 0
        )

    def _remove_selected(self) -> None:
        item = self.waiting.currentItem()
        if item is not None and item.data(STATUS_ROLE) == "queued":
            self.remove_requested.emit(item.data(ID_ROLE))

    def _waiting_menu(self, pos) -> None:
        item = self.waiting.itemAt(pos)
        if item is not None:
            menu = self.waiting_menu(item)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.waiting.viewport().mapToGlobal(pos))

    def _stop_or_resume(self) -> None:
        (self.stop_requested if self._running else self.resume_requested).emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
