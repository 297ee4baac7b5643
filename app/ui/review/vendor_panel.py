"""What the transcription service reported about the call (Amazon's sentiment, interruptions, issues...), beside
CallCoach's own figures, with the rows where they disagree marked (core.vendor_compare; the PDF marks the same)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from callcoach.core.model import Analysis
from callcoach.core.palette import WARN
from callcoach.core.vendor_compare import compare
from callcoach.ui.review.style import MUTED


class VendorPanel(QGroupBox):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("vendor_panel")
        self._outer = QVBoxLayout(self)
        self._content = QWidget()
        self._outer.addWidget(self._content)
        self.hide()

    def set_analysis(self, analysis: Analysis) -> None:
        """Show this call's comparison; what the previous call showed is gone at once (not at the next loop)."""
        self._content.setParent(None)
        self._content.deleteLater()
        self._content = QWidget()
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self._content)
        comparison = compare(analysis)
        if comparison is None:
            self.hide()
            return
        self.setTitle(f"{comparison.source} reported")
        intro = QLabel(comparison.summary)
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED};")
        self._layout.addWidget(intro)
        grid = QGridLayout()
        for column, title in enumerate(("", "CallCoach", "Service")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, column)
        for number, row in enumerate(comparison.rows, start=1):
            cells = (row.measure, row.ours, row.theirs + ("  ⚠ differs" if row.differs else ""))
            for column, text in enumerate(cells):
                label = QLabel(text)
                label.setObjectName(f"vendor_row_{number}_{column}")
                if row.differs:
                    label.setStyleSheet(f"color: {WARN}; font-weight: bold;")
                grid.addWidget(label, number, column)
        self._layout.addLayout(grid)
        for title, items in comparison.lists:
            label = QLabel(f"<b>{title}</b><br>" + "<br>".join(f"• {_escape(item)}" for item in items))
            label.setWordWrap(True)
            label.setObjectName(f"vendor_list_{title.lower().replace(' ', '_')}")
            self._layout.addWidget(label)
        self.show()

    def text(self) -> str:
        """Everything the panel says, for tests and accessibility."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
