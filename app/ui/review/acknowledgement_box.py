"""The agent's answer to a review: acknowledge it, or dispute it with a comment saying what is wrong.

Reviewers see the answer read-only; in agent mode the buttons are live, under the name the answer is recorded in
(with a way to change it). A dispute without a comment is refused inline (storage refuses it too, with the same rule).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from callcoach.core.review import Acknowledgement
from callcoach.ui.review.style import BAD, GOOD, MUTED, WARN, local_time


class AcknowledgementBox(QWidget):
    acknowledged = Signal(str, str)  # (status: "acknowledged" | "disputed", comment)
    change_agent_requested = Signal()  # "Not you?": the owner asks for the agent's name again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setObjectName("ack_status")
        self.status.setWordWrap(True)
        self.identity = QLabel()
        self.identity.setObjectName("answering_as")
        self.change_agent_button = QPushButton("Not you?")
        self.change_agent_button.setObjectName("change_agent")
        self.change_agent_button.setFlat(True)
        self.change_agent_button.setToolTip("Answer this review in another agent's name")
        self.change_agent_button.clicked.connect(self.change_agent_requested)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("ack_comment")
        self.editor.setPlaceholderText("Your comment (required to dispute a score)")
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 3 + 12)
        self.editor.setTabChangesFocus(True)
        self.acknowledge_button = QPushButton("Acknowledge")
        self.acknowledge_button.setObjectName("acknowledge")
        self.dispute_button = QPushButton("Dispute…")
        self.dispute_button.setObjectName("dispute")
        self.acknowledge_button.clicked.connect(lambda: self.answer("acknowledged"))
        self.dispute_button.clicked.connect(lambda: self.answer("disputed"))
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {BAD};")
        self.message.setWordWrap(True)
        self.message.hide()

        identity = QHBoxLayout()
        identity.addWidget(self.identity)
        identity.addWidget(self.change_agent_button)
        identity.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dispute_button)
        buttons.addWidget(self.acknowledge_button)
        self._input = QWidget()
        input_layout = QVBoxLayout(self._input)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addLayout(identity)
        input_layout.addWidget(self.editor)
        input_layout.addLayout(buttons)
        input_layout.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self._input)
        self.set_acknowledgement(None)

    def set_agent_mode(self, agent_mode: bool) -> None:
        self._input.setVisible(agent_mode)

    def set_agent(self, name: str) -> None:
        """Who the answer is recorded as (agent mode)."""
        self.identity.setText(f"You answer as <b>{_escape(name)}</b>" if name else "Who is answering?")

    def set_acknowledgement(self, ack: Acknowledgement | None) -> None:
        if ack is None:
            self.status.setText("The agent has not answered this review yet.")
            self.status.setStyleSheet(f"color: {MUTED};")
            return
        verb = "Acknowledged" if ack.status == "acknowledged" else "Disputed"
        text = f"<b>{verb}</b> by {ack.agent or 'the agent'}, {local_time(ack.at)}"
        if ack.comment:
            text += f"<br>“{_escape(ack.comment)}”"
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {GOOD if ack.status == 'acknowledged' else WARN};")

    def answer(self, status: str) -> bool:
        """Emit the agent's answer; a dispute needs a comment, else it is refused with an inline message."""
        comment = self.editor.toPlainText().strip()
        if status == "disputed" and not comment:
            self.message.setText("Say what is wrong with the review: a dispute needs a comment.")
            self.message.show()
            self.editor.setFocus()
            return False
        self.message.hide()
        self.acknowledged.emit(status, comment)
        self.editor.clear()
        return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
