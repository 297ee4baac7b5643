"""What the painted list delegates share: word-wrapped text flags and a cache of measured row heights."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate

WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)


LAYOUT_BATCH = 100  # rows a long list measures per step of its batched layout (~10 ms), between events


class HeightCachingDelegate(QStyledItemDelegate):
    """Measuring wrapped text is the slow part of a long list: keep each row's height per (row, width)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[int, int], int] = {}

    def clear_cache(self) -> None:
        """Forget measured heights: call on model reset or when a row's text changes."""
        self._heights.clear()
