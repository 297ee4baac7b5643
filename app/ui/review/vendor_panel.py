"""What the transcription service reported about the call (Amazon's sentiment, interruptions, issues...), beside
CallCoach's own figures, with the rows where they disagree marked (core.vendor_compare; the PDF marks the same).

It sits under the coaching moments, folded to one line that says how many figures disagree: the moments are
what a reviewer works through, the comparison is opened when wanted."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from callcoach.core.model import Analysis
from callcoach.core.palette import WARN
from callcoach.core.vendor_compare import compare
from callcoach.ui.review.style import MUTED


class VendorPanel(QGroupBox):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("vendor_panel")
        self._outer = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("vendor_summary")
        self.summary.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setObjectName("vendor_toggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._unfold)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.toggle)
        self._outer.addLayout(head)
        self._content = QWidget()
        self._outer.addWidget(self._content)
        self._unfold(False)
        self.hide()

    def _unfold(self, shown: bool) -> None:
        self.toggle.setText("Hide" if shown else "Show")
        self._content.setVisible(shown)

    def set_analysis(self, analysis: Analysis) -> None:
        """Show this call's comparison; what the previous call showed is gone at once (not at the next loop)."""
        self._content.setParent(None)
        self._content.deleteLater()
        self._content = QWidget()
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self._content)
        self._content.hide()  # filled while hidden, then shown as the fold says: its labels show with it
        comparison = compare(analysis)
        if comparison is None:
            self.hide()
            return
        self.setTitle(f"{comparison.source} reported")
        self.summary.setText(comparison.summary)
        self.summary.setStyleSheet(f"color: {WARN if comparison.disagreements else MUTED};")
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
        self._content.setVisible(self.toggle.isChecked())
        self.show()

    def text(self) -> str:
        """Everything the panel says, for tests and accessibility."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
