"""The rubric criteria of a call: weight, automatic score and the score after the reviewer's overrides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from callcoach.core.formatting import score
from callcoach.core.model import Scores
from callcoach.core.review import Override
from callcoach.ui.review.style import score_colour

COLUMNS = ("Criterion", "Weight", "Auto", "Score")
ID_ROLE = Qt.ItemDataRole.UserRole


class CriteriaTable(QTreeWidget):
    """A flat, non-scrolling table (a rubric has a handful of criteria): the panel around it scrolls."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("criteria")
        self.setAccessibleName("Criteria")
        self.setHeaderLabels(list(COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head = self.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)

    def set_criteria(self, scores: Scores, overrides: dict[str, Override], select: str | None = None) -> None:
        """Fill the rows; an overridden score is bold with a pencil, and its tooltip gives the reason."""
        self.clear()
        for c in scores.criteria:
            override = overrides.get(c.id)
            value = override.score if override else c.score
            item = QTreeWidgetItem([c.name, f"{c.weight:g}", score(c.score), score(value)])
            item.setData(0, ID_ROLE, c.id)
            tip = c.note
            if override:
                tip += f"\nOverridden by {override.reviewer or 'the reviewer'}: {override.reason}"
            for column in range(len(COLUMNS)):
                item.setToolTip(column, tip)
                if column:
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            fg, bg = score_colour(value, scores.pass_threshold)
            item.setForeground(3, QBrush(QColor(fg)))
            item.setBackground(3, QBrush(QColor(bg)))
            if override:
                font = item.font(3)
                font.setBold(True)
                item.setFont(3, font)
                item.setText(3, f"✎ {score(value)}")
            self.addTopLevelItem(item)
            if c.id == select:
                self.setCurrentItem(item)
        rows = self.topLevelItemCount()
        row_h = self.sizeHintForRow(0) if rows else 20
        self.setFixedHeight(self.header().sizeHint().height() + rows * row_h + 4)

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, criterion_id: str) -> bool:
        for i in range(self.topLevelItemCount()):
            if self.topLevelItem(i).data(0, ID_ROLE) == criterion_id:
                self.setCurrentItem(self.topLevelItem(i))
                return True
        return False
