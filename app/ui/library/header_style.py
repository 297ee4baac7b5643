"""Sort arrows in the calls table's header that point the usual way and never sit on the header text.

Fusion draws Qt's sort indicator inverted for what a reviewer expects (▲ while the dates ran newest first) and,
in a right-aligned column such as Length, on top of the last letters. This proxy draws the header itself: the
label in the room left of the arrow, and ▲ for ascending (oldest, shortest, lowest first), ▼ for descending.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

ARROW = 8  # px, the arrow's width
GAP = 4  # px between the label and the arrow, and after the arrow


def arrow_rect(section: QRect) -> QRect:
    """Where the arrow goes in a section: at its right edge, vertically centred."""
    size = min(ARROW, max(4, section.height() // 2))
    return QRect(section.right() - GAP - size + 1, section.center().y() - size // 2, size, size)


def section_rect(header: QHeaderView, section: int) -> QRect:
    return QRect(header.sectionViewportPosition(section), 0, header.sectionSize(section), header.height())


class SortArrowStyle(QProxyStyle):
    """The application's style, with the header's sort arrow drawn as described above.

    Both the label and the arrow are placed from the section's own rectangle, so that it works alike whether the
    base style draws the header or a style sheet does (the calls table has one: it then calls these pieces).
    """

    def drawControl(
        self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        if (
            element == QStyle.ControlElement.CE_HeaderLabel
            and isinstance(option, QStyleOptionHeader)
            and isinstance(widget, QHeaderView)
            and option.sortIndicator != QStyleOptionHeader.SortIndicator.None_
        ):
            arrow = arrow_rect(section_rect(widget, option.section))
            label = QStyleOptionHeader(option)
            label.rect = QRect(option.rect)
            label.rect.setRight(min(option.rect.right(), arrow.left() - GAP - 1))  # the text stops short of it
            option = label
        super().drawControl(element, option, painter, widget)

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(widget, QHeaderView):
            arrow = QStyleOptionHeader(option) if isinstance(option, QStyleOptionHeader) else QStyleOptionHeader()
            if not isinstance(option, QStyleOptionHeader):
                arrow.initFrom(widget)
            arrow.rect = arrow_rect(section_rect(widget, widget.sortIndicatorSection()))
            ascending = widget.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            # The base styles draw SortUp as ▲: give it the direction of the sort, not QHeaderView's inverted mapping.
            arrow.sortIndicator = (
                QStyleOptionHeader.SortIndicator.SortUp if ascending else QStyleOptionHeader.SortIndicator.SortDown
            )
            option = arrow
        super().drawPrimitive(element, option, painter, widget)

    def sizeFromContents(
        self, kind: QStyle.ContentsType, option: QStyleOption, size: QSize, widget: QWidget | None = None
    ) -> QSize:
        """A section sized to its contents leaves room for the arrow beside the text."""
        result = super().sizeFromContents(kind, option, size, widget)
        if kind == QStyle.ContentsType.CT_HeaderSection:
            result.setWidth(result.width() + ARROW + 2 * GAP)
        return result
