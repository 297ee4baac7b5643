"""The transcript of a call: follows playback, seeks on click, lets a reviewer fix a line or its speaker.

Correcting text or speaker only emits `segment_edited(id, speaker, text)`; re-running the analysis is the
owner's decision (ReviewScreen does it through callcoach.ui.review.reanalysis when it has a task runner).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu

from callcoach.core.model import SPEAKERS, Finding, Segment
from callcoach.ui.review.delegates import LAYOUT_BATCH
from callcoach.ui.review.style import speaker_label
from callcoach.ui.review.transcript_delegate import TranscriptDelegate
from callcoach.ui.review.transcript_model import Roles, TranscriptModel


class TranscriptView(QListView):
    seek_requested = Signal(float)  # seconds: the start of the line the user clicked
    segment_edited = Signal(int, str, str)  # (segment id, speaker, text)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._model = TranscriptModel(self)
        self._delegate = TranscriptDelegate(self)
        self.setModel(self._model)
        self.setItemDelegate(self._delegate)
        self.setObjectName("transcript")
        self.setAccessibleName("Transcript")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Measuring 1,000 wrapped rows takes ~100 ms: lay them out in batches between events, never in one stall.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self._laid_out_width = -1
        self.setMouseTracking(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.follow_playback = True
        self._playing_row = -1

        self._model.modelReset.connect(self._delegate.clear_cache)
        self._model.dataChanged.connect(lambda *_: self._delegate.clear_cache())
        self._model.segment_edited.connect(self.segment_edited)
        self.clicked.connect(self._seek_to)
        self.activated.connect(self._seek_to)
        self.customContextMenuRequested.connect(self._context_menu)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-wrap at once when the width changes: the next paint lays out first, so rows never overlap."""
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_out_width:
            self._laid_out_width = self.viewport().width()
            self.scheduleDelayedItemsLayout()

    def transcript_model(self) -> TranscriptModel:
        return self._model

    def set_segments(self, segments: Sequence[Segment], findings: Iterable[Finding] = ()) -> None:
        self._playing_row = -1
        self._model.set_segments(segments, findings)
        self.scrollToTop()

    def set_editable(self, editable: bool) -> None:
        """Agents review read-only: their own transcript is evidence, not something they correct."""
        self._model.editable = editable

    def set_position(self, seconds: float) -> None:
        """Select the line being spoken at `seconds` and, when following playback, scroll it into view."""
        row = self._model.row_at(seconds)
        if row == self._playing_row or row < 0:
            return
        self._playing_row = row
        index = self._model.index(row)
        if self.state() == QAbstractItemView.State.EditingState:
            return  # never yank the line a reviewer is correcting
        selection = self.selectionModel()
        if not self.follow_playback:  # highlight only: making it current would scroll the view
            selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
        in_view = self.viewport().rect().contains(self.visualRect(index))
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not in_view:  # centre the spoken line, with what follows in view, rather than creep along the edge
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def playing_row(self) -> int:
        return self._playing_row

    def _seek_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seek_requested.emit(float(index.data(Roles.START)))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Play from here", lambda: self._seek_to(index))
        if self._model.editable:
            menu.addAction("Correct the text…", lambda: self.edit(index))
            current = index.data(Roles.SPEAKER)
            for speaker in SPEAKERS:
                if speaker != current:
                    menu.addAction(
                        f"Spoken by the {speaker_label(speaker).lower()}",
                        lambda s=speaker: self._model.setData(index, s, Roles.SPEAKER),
                    )
        menu.exec(self.viewport().mapToGlobal(pos))
