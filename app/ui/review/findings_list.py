"""The coaching moments of a call, each one click away from its evidence in the recording.

A card per finding: time and kind (in the kind's timeline colour), what happened, and what to try instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QStyle

from callcoach.core import palette
from callcoach.core.model import Finding
from callcoach.ui.review.delegates import LAYOUT_BATCH, WRAP, HeightCachingDelegate
from callcoach.ui.review.style import GOOD, INK, MUTED, SELECTION, clock, finding_label, kind_colour, kind_label

Index = QModelIndex | QPersistentModelIndex
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
PAD, INDENT, GAP = 7, 22, 2


class _FindingDelegate(HeightCachingDelegate):
    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        bold, italic = QFont(base), QFont(base)
        bold.setBold(True)
        italic.setItalic(True)
        return base, bold, italic

    @staticmethod
    def _try(finding: Finding) -> str:
        return f"Try: {finding.suggestion}" if finding.suggestion else ""

    def sizeHint(self, option, index: Index) -> QSize:
        width = max(160, _row_width(self.parent(), option))
        key = (index.row(), width)
        finding: Finding | None = index.data(FINDING_ROLE)
        if finding is None:  # the "nothing found" line
            return super().sizeHint(option, index) + QSize(0, 2 * PAD)
        if key not in self._heights:
            base, bold, italic = self._fonts(option.font)
            w = width - INDENT - PAD
            height = PAD + QFontMetrics(bold).height() + GAP
            height += QFontMetrics(base).boundingRect(QRect(0, 0, w, 100_000), WRAP, finding.detail).height()
            if finding.suggestion:
                height += (
                    GAP + QFontMetrics(italic).boundingRect(QRect(0, 0, w, 100_000), WRAP, self._try(finding)).height()
                )
            self._heights[key] = height + PAD
        return QSize(width, self._heights[key])

    def paint(self, painter: QPainter, option, index: Index) -> None:
        finding: Finding | None = index.data(FINDING_ROLE)
        if finding is None:
            return super().paint(painter, option, index)
        painter.save()
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(SELECTION))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(palette.STRIPE))
        painter.setPen(QColor(palette.NON_TALK))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        base, bold, italic = self._fonts(option.font)
        colour = kind_colour(finding.kind)
        line_h = QFontMetrics(bold).height()
        y = rect.top() + PAD
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(rect.left() + 7, y + line_h / 2 - 4.5, 9, 9))
        painter.setFont(bold)
        painter.setPen(QColor(INK))
        stamp = clock(finding.start)
        left = rect.left() + INDENT
        painter.drawText(QRect(left, y, rect.width(), line_h), int(Qt.AlignmentFlag.AlignVCenter), stamp)
        left += QFontMetrics(bold).horizontalAdvance(stamp) + 8
        painter.setPen(colour)
        painter.drawText(
            QRect(left, y, rect.right() - left, line_h),
            int(Qt.AlignmentFlag.AlignVCenter),
            finding_label(finding.kind, finding.possible, finding.confidence),
        )
        y += line_h + GAP
        w = rect.width() - INDENT - PAD
        painter.setFont(base)
        painter.setPen(QColor(MUTED))
        detail = QFontMetrics(base).boundingRect(QRect(0, 0, w, 100_000), WRAP, finding.detail)
        painter.drawText(QRect(rect.left() + INDENT, y, w, detail.height()), WRAP, finding.detail)
        if finding.suggestion:
            y += detail.height() + GAP
            painter.setFont(italic)
            painter.setPen(QColor(GOOD))
            painter.drawText(QRect(rect.left() + INDENT, y, w, rect.bottom() - y), WRAP, self._try(finding))
        painter.restore()


class FindingsList(QListWidget):
    seek_requested = Signal(float)  # seconds: the start of the activated finding

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findings")
        self.setAccessibleName("Findings")
        self._delegate = _FindingDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLayoutMode(QListView.LayoutMode.Batched)  # hundreds of wrapped cards: measured between events
        self.setBatchSize(LAYOUT_BATCH)
        self._laid_out_width = -1
        self.setMouseTracking(True)
        self.setWordWrap(True)
        self.clicked.connect(self._activate)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-wrap the cards when the width changes, before the next paint (no overlapping rows)."""
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_out_width:
            self._laid_out_width = self.viewport().width()
            self.scheduleDelayedItemsLayout()

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.clear()
        self._delegate.clear_cache()
        for f in sorted(findings, key=lambda f: (f.start, f.kind)):
            item = QListWidgetItem(f"{clock(f.start)} {kind_label(f.kind)}: {f.detail}")
            item.setData(FINDING_ROLE, f)
            item.setToolTip(self._tooltip(f))
            self.addItem(item)
        if not findings:
            item = QListWidgetItem("No coaching moments found in this call.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def finding(self, row: int) -> Finding | None:
        item = self.item(row)
        return item.data(FINDING_ROLE) if item is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE) if index.isValid() else None
        if finding is not None:
            self.seek_requested.emit(float(finding.start))

    @staticmethod
    def _tooltip(f: Finding) -> str:
        who = f"{f.speaker}, {clock(f.start)}–{clock(f.end)}"
        return f"{kind_label(f.kind)} ({who})\n{f.detail}" + (f"\nTry: {f.suggestion}" if f.suggestion else "")


def _row_width(view, option) -> int:
    """Rows span the viewport: measure wrapping at the width the row will be painted at."""
    if isinstance(view, QAbstractItemView) and view.viewport().width() > 0:
        return view.viewport().width()
    return option.rect.width() or 600
