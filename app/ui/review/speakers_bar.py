"""Who is the agent on this call, and a one-click swap when the choice was made automatically and is wrong.

Transcripts whose speakers are "spk_0"/"spk_1" or people's names, and recordings, get their agent chosen from
what each speaker says. The reviewer sees that choice here, above the call, and can swap it; the swap re-runs
the analysis (like a transcript correction) and is kept with the call.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from callcoach.core.model import SpeakerChoice
from callcoach.core.palette import WARN
from callcoach.core.speaker_roles import describe_choice
from callcoach.ui.review.style import MUTED


class SpeakersBar(QWidget):
    swap_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("speakers_bar")
        self.label = QLabel()
        self.label.setObjectName("speakers_line")
        self.label.setWordWrap(True)
        self.swap = QPushButton("Swap agent and customer")
        self.swap.setObjectName("swap_speakers")
        self.swap.setToolTip("The agent was chosen wrongly: swap the two speakers and analyse the call again")
        self.swap.clicked.connect(self.swap_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.swap)
        self.hide()

    def show_choice(self, choice: SpeakerChoice | None, can_swap: bool) -> None:
        """Shown unless the file itself names agent and customer: then there is no choice to show."""
        if choice is None or choice.how == "named":
            self.hide()
            return
        self.label.setText(describe_choice(choice))
        unsure = choice.how == "automatic" and not choice.confident
        self.label.setStyleSheet(f"color: {WARN if unsure else MUTED};")
        self.swap.setVisible(can_swap)
        self.show()
