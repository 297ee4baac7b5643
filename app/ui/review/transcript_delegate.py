"""Paints one transcript line: time column, speaker bar and name, tag and finding chips, wrapped text.

One delegate draws every row (no per-row widgets), and row heights are cached per width, so a 1-hour call
lays out once and scrolls without re-measuring text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStyle, QStyleOptionViewItem, QWidget

from callcoach.core import palette
from callcoach.ui.review.delegates import WRAP, HeightCachingDelegate
from callcoach.ui.review.style import (
    INK,
    MUTED,
    PANEL,
    SELECTION,
    clock,
    kind_colour,
    kind_label,
    speaker_colour,
    speaker_label,
    tag_label,
)
from callcoach.ui.review.transcript_model import Roles

Index = QModelIndex | QPersistentModelIndex

TIME_W = 52  # the mm:ss column
BAR_W = 3
TEXT_X = TIME_W + BAR_W + 10
PAD_Y, PAD_R, GAP = 6, 10, 3
CHIP_PAD, CHIP_GAP = 5, 4


class TranscriptDelegate(HeightCachingDelegate):
    # --- fonts ---------------------------------------------------------------------------------------------
    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        return base, bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = max(120, _row_width(self.parent(), option))
        key = (index.row(), width)
        height = self._heights.get(key)
        if height is None:
            text, bold, _ = self._fonts(option.font)
            text_w = width - TEXT_X - PAD_R
            text_h = (
                QFontMetrics(text).boundingRect(QRect(0, 0, text_w, 100_000), WRAP, index.data(Roles.TEXT)).height()
            )
            height = PAD_Y + QFontMetrics(bold).height() + GAP + text_h + PAD_Y
            self._heights[key] = height
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect = option.rect
        speaker = index.data(Roles.SPEAKER)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(SELECTION))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(palette.STRIPE))
        text_font, bold, small = self._fonts(option.font)
        header_h = QFontMetrics(bold).height()
        top = rect.top() + PAD_Y

        painter.setFont(text_font)
        painter.setPen(QColor(MUTED))
        time_rect = QRect(rect.left() + 6, top, TIME_W - 10, header_h)
        painter.drawText(
            time_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), clock(index.data(Roles.START))
        )
        painter.fillRect(
            QRect(rect.left() + TIME_W, rect.top() + 3, BAR_W, rect.height() - 6), speaker_colour(speaker, line=True)
        )

        painter.setFont(bold)
        painter.setPen(speaker_colour(speaker))
        name = speaker_label(speaker)
        painter.drawText(
            QRect(rect.left() + TEXT_X, top, rect.width(), header_h), int(Qt.AlignmentFlag.AlignVCenter), name
        )
        x = rect.left() + TEXT_X + QFontMetrics(bold).horizontalAdvance(name) + 10
        self._chips(painter, small, x, top, header_h, rect.right() - PAD_R, index)

        painter.setFont(text_font)
        painter.setPen(QColor(INK))
        text_rect = QRect(rect.left() + TEXT_X, top + header_h + GAP, rect.width() - TEXT_X - PAD_R, rect.height())
        painter.drawText(text_rect, WRAP, index.data(Roles.TEXT))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(speaker_colour(speaker)))
            painter.setBrush(Qt.BrushStyle.NoBrush)  # the chips left a fill brush: it would paint over the line
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()

    @staticmethod
    def _chips(painter: QPainter, font: QFont, x: int, top: int, height: int, right: int, index: Index) -> None:
        """Finding chips (kind colour) first, then tags (grey); chips that do not fit are left out."""
        metrics = QFontMetrics(font)
        painter.setFont(font)
        chip_h = metrics.height() + 2
        y = top + (height - chip_h) / 2
        kinds = index.data(Roles.FINDING_KINDS) or []
        chips = [(kind_label(k), kind_colour(k), True) for k in kinds]
        chips += [
            (label, QColor(MUTED), False)
            for label in tag_chips(index.data(Roles.TAGS) or [], index.data(Roles.TAG_SCORES) or {}, kinds)
        ]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for label, colour, strong in chips:
            w = metrics.horizontalAdvance(label) + 2 * CHIP_PAD
            if x + w > right:
                break
            chip = QRectF(x, y, w, chip_h)
            if strong:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(chip, chip_h / 2, chip_h / 2)
                painter.setPen(QColor("white"))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(PANEL))
                painter.drawRoundedRect(chip, chip_h / 2, chip_h / 2)
                painter.setPen(colour)
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), label)
            x += w + CHIP_GAP

    # --- editing the text of a line ------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(index.data(Roles.TEXT))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        header_h = QFontMetrics(self._fonts(option.font)[1]).height()
        top = rect.top() + PAD_Y + header_h + GAP - 2
        editor.setGeometry(rect.left() + TEXT_X - 4, top, rect.width() - TEXT_X, editor.sizeHint().height())


def _row_width(view, option) -> int:
    """Rows span the viewport: measure wrapping at the width the row will be painted at."""
    if isinstance(view, QAbstractItemView) and view.viewport().width() > 0:
        return view.viewport().width()
    return option.rect.width() or 600


def tag_chips(tags: list[str], scores: dict[str, float], kinds: list[str]) -> list[str]:
    """The grey tag chips of a line: a tag that is also one of the line's findings shows once, as the finding."""
    return [tag_label(t, scores.get(t)) for t in tags if t not in kinds]
