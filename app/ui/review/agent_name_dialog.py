"""Who agent mode acts as: asked (or confirmed) when entering it, since acknowledgements and disputes are
recorded under that name, never under the reviewer's or the computer's login name.

The name is required; the call's agent, else the name the agent gave on the call, is offered first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class AgentNameDialog(QDialog):
    def __init__(self, parent: QWidget | None, default: str, choices: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("agent_name_dialog")
        self.setWindowTitle("Agent mode")
        label = QLabel(
            "Agent mode acts in the agent's name: an acknowledgement or a dispute is recorded under it.\n\n"
            "Who is answering this review?"
        )
        label.setWordWrap(True)
        self.name = QComboBox()
        self.name.setObjectName("agent_name")
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.setAccessibleName("Agent's name")
        for choice in dict.fromkeys(n.strip() for n in (default, *choices) if n.strip()):
            self.name.addItem(choice)
        self.name.setEditText(default.strip())
        line = self.name.lineEdit()
        if line is not None:
            line.setPlaceholderText("The agent's name (required)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.editTextChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self._check()

    def value(self) -> str:
        return " ".join(self.name.currentText().split())

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.value()))


def ask_agent_name(parent: QWidget | None, default: str, choices: Sequence[str] = ()) -> str | None:
    """The agent's name, or None when the user cancels (tests replace this function)."""
    dialog = AgentNameDialog(parent, default, choices)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value() else None
