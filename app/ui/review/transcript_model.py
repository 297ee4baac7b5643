"""A list model over a call's segments: one row per utterance, with roles the delegate and tests read.

The model never mutates the Analysis it was given: an edit replaces the row's Segment with a copy and emits
`segment_edited`, and whoever owns the call decides whether to re-run the analysis (see reanalysis.py).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from callcoach.core.model import SPEAKERS, Finding, Segment
from callcoach.ui.review.style import clock, kind_label, speaker_label, tag_label

Index = QModelIndex | QPersistentModelIndex


class Roles(IntEnum):
    SEGMENT_ID = Qt.ItemDataRole.UserRole + 1
    SPEAKER = Qt.ItemDataRole.UserRole + 2
    START = Qt.ItemDataRole.UserRole + 3
    END = Qt.ItemDataRole.UserRole + 4
    TEXT = Qt.ItemDataRole.UserRole + 5
    TAGS = Qt.ItemDataRole.UserRole + 6
    SENTIMENT = Qt.ItemDataRole.UserRole + 7
    FINDING_KINDS = Qt.ItemDataRole.UserRole + 8  # kinds of the findings that happen on this line
    TAG_SCORES = Qt.ItemDataRole.UserRole + 9  # the learned detectors' confidence per tag


class TranscriptModel(QAbstractListModel):
    segment_edited = Signal(int, str, str)  # (segment id, speaker, text) after a user edit

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._segments: list[Segment] = []
        self._starts: list[float] = []
        self._kinds: dict[int, list[str]] = {}
        self._by_id: dict[int, Segment] = {}
        self.editable = True

    def set_segments(self, segments: Sequence[Segment], findings: Iterable[Finding] = ()) -> None:
        """Replace the whole transcript with one model reset (cheap for a 1-hour call, no per-row signals)."""
        self.beginResetModel()
        self._segments = sorted(segments, key=lambda s: (s.start, s.id))
        self._starts = [s.start for s in self._segments]
        self._kinds = {}
        by_id = self._by_id = {s.id: s for s in self._segments}
        for f in findings:
            cited = sorted((by_id[i] for i in f.segment_ids if i in by_id), key=lambda s: s.start)
            if not cited:
                continue
            # Mark the line where the moment happens, not every line cited as context: less noise.
            anchor = max((s for s in cited if s.start <= f.start + 0.01), key=lambda s: s.start, default=cited[0])
            kinds = self._kinds.setdefault(anchor.id, [])
            if f.kind not in kinds:
                kinds.append(f.kind)
        self.endResetModel()

    def segment(self, row: int) -> Segment:
        return self._segments[row]

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def row_at(self, seconds: float) -> int:
        """The row being spoken at `seconds`: the last segment started by then (-1 before the first one)."""
        return bisect.bisect_right(self._starts, seconds) - 1

    # --- QAbstractItemModel -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._segments)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._segments):
            return None
        s = self._segments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:  # also what copy, search and screen readers get
            return f"{clock(s.start)} {speaker_label(s.speaker)}: {s.text}"
        if role in (Qt.ItemDataRole.EditRole, Roles.TEXT):
            return s.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(s)
        return {
            Roles.SEGMENT_ID: s.id,
            Roles.SPEAKER: s.speaker,
            Roles.START: s.start,
            Roles.END: s.end,
            Roles.TAGS: s.tags,
            Roles.TAG_SCORES: s.tag_scores,
            Roles.SENTIMENT: s.sentiment,
            Roles.FINDING_KINDS: self._kinds.get(s.id, []),
        }.get(role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if self.editable and index.isValid() else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit a line's text (EditRole) or speaker (Roles.SPEAKER); emits segment_edited if it changed."""
        if not index.isValid() or not self.editable:
            return False
        s = self._segments[index.row()]
        if role in (Qt.ItemDataRole.EditRole, Roles.TEXT):
            text = str(value).strip()
            if not text or text == s.text:
                return False
            edited = dataclasses.replace(s, text=text, words=[])  # word timings no longer match the text
        elif role == Roles.SPEAKER:
            if value not in SPEAKERS or value == s.speaker:
                return False
            edited = dataclasses.replace(s, speaker=value)
        else:
            return False
        self._segments[index.row()] = edited
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        self.segment_edited.emit(edited.id, edited.speaker, edited.text)
        return True

    def roleNames(self) -> dict[int, bytes]:
        names = super().roleNames()
        names.update({int(r): r.name.lower().encode() for r in Roles})
        return names

    def _tooltip(self, s: Segment) -> str:
        parts = [f"{speaker_label(s.speaker)}, {clock(s.start)}–{clock(s.end)}"]
        if s.sentiment is not None:
            parts.append(f"sentiment {s.sentiment:+.2f}")
        if s.tags:
            parts.append("tags: " + ", ".join(tag_label(t, s.tag_scores.get(t)) for t in s.tags))
        restated = self._by_id.get(s.restates) if s.restates is not None else None
        if restated is not None:
            parts.append(f"restates the customer at {clock(restated.start)}: “{restated.text}”")
        kinds = self._kinds.get(s.id)
        if kinds:
            parts.append("findings: " + ", ".join(kind_label(k) for k in kinds))
        return "\n".join(parts)
