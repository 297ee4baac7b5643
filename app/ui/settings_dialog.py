"""The Settings dialog: who you are, transcription model and agent channel, rubric, library location, redaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcoach.core.user import login_name
from callcoach.transcription.models import ModelInfo, list_models
from callcoach.ui import file_dialogs
from callcoach.ui.review.style import BAD, MUTED
from callcoach.ui.settings import AGENT_CHANNELS, AppSettings

CHANNEL_LABELS = {
    "auto": "Decide from what is said (auto)",
    "left": "Left channel is the agent",
    "right": "Right channel is the agent",
}


def _model_label(m: ModelInfo) -> str:
    state = "ready" if m.path else ("assembled on first use" if m.installed else "not installed")
    language = "English" if m.english_only else "multilingual"
    return f"{m.name}{' (default)' if m.is_default else ''} — {language}, {state}"


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED};")
    return label


def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent=None, models: list[ModelInfo] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("CallCoach settings")
        self.setMinimumWidth(560)
        self.settings = settings
        self.changed: set[str] = set()

        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setObjectName("user_name")
        self.user_name.setPlaceholderText(login_name())
        self.agent_mode = QCheckBox("Agent mode: scores are read-only; acknowledge or dispute a review")
        self.agent_mode.setObjectName("agent_mode")
        self.agent_mode.setChecked(settings.agent_mode)

        self.model = QComboBox()
        self.model.setObjectName("model")
        self.model.setEditable(True)  # or the path of a local CTranslate2 Whisper model folder
        for m in models if models is not None else list_models():
            self.model.addItem(_model_label(m), m.name)
        index = self.model.findData(settings.model)
        if index >= 0:
            self.model.setCurrentIndex(index)
        else:
            self.model.setEditText(settings.model)
        self.preload = QCheckBox(
            "Load the model when CallCoach starts (no pause when the first recording is transcribed)"
        )
        self.preload.setObjectName("preload_model")
        self.preload.setChecked(settings.preload_model)
        self.possible = QDoubleSpinBox()
        self.possible.setObjectName("possible_below")
        self.possible.setRange(0.0, 1.0)
        self.possible.setSingleStep(0.05)
        self.possible.setDecimals(2)
        self.possible.setValue(settings.possible_below)
        self.channel = QComboBox()
        self.channel.setObjectName("agent_channel")
        for value in AGENT_CHANNELS:
            self.channel.addItem(CHANNEL_LABELS[value], value)
        self.channel.setCurrentIndex(AGENT_CHANNELS.index(settings.agent_channel))

        self.rubric = QLineEdit(settings.rubric)
        self.rubric.setObjectName("rubric")
        self.rubric.setPlaceholderText("the bundled default rubric")
        rubric_button = QPushButton("Browse…")
        rubric_button.clicked.connect(self._browse_rubric)

        self.library = QLineEdit(settings.library_location)
        self.library.setObjectName("library_location")
        self.library.setPlaceholderText("the default library in your data folder")
        library_button = QPushButton("Browse…")
        library_button.clicked.connect(self._browse_library)

        self.redact = QCheckBox("Redact card, account and phone numbers and e-mail addresses in PDF scorecards")
        self.redact.setObjectName("redact")
        self.redact.setChecked(settings.redact)

        self.error = QLabel()
        self.error.setStyleSheet(f"color: {BAD};")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Your name", self.user_name)
        form.addRow("", self.agent_mode)
        form.addRow("Transcription model", self.model)
        form.addRow("", _note("Or type the path of a local CTranslate2 Whisper model folder."))
        form.addRow("", self.preload)
        form.addRow("Agent channel", self.channel)
        form.addRow("Rubric file", _with_button(self.rubric, rubric_button))
        form.addRow("Possible below", self.possible)
        form.addRow(
            "", _note("Findings the detectors are less sure of than this (0-1) are shown as possible, not scored.")
        )
        form.addRow("Library", _with_button(self.library, library_button))
        form.addRow("", _note("A file, or a database URL such as postgresql+psycopg://host/callcoach for a team."))
        form.addRow("Scorecards", self.redact)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_note("Model, channel and rubric apply to calls processed from now on."))
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen_model(self) -> str:
        text = self.model.currentText()
        index = self.model.findText(text)
        return str(self.model.itemData(index)) if index >= 0 else text.strip()

    def _browse_rubric(self) -> None:
        path = file_dialogs.ask_rubric(self, self.rubric.text())
        if path is not None:
            self.rubric.setText(str(path))

    def _browse_library(self) -> None:
        path = file_dialogs.ask_library_file(self, self.library.text())
        if path is not None:
            self.library.setText(str(path))

    def accept(self) -> None:
        """Check, then store what changed; `changed` names the settings that did."""
        rubric = self.rubric.text().strip()
        if rubric and not Path(rubric).expanduser().is_file():
            self._fail(f"No rubric file at {rubric}.")
            return
        if not self.chosen_model():
            self._fail("Choose a transcription model.")
            return
        values = {
            "user_name": self.user_name.text().strip(),
            "agent_mode": self.agent_mode.isChecked(),
            "model": self.chosen_model(),
            "preload_model": self.preload.isChecked(),
            "agent_channel": self.channel.currentData(),
            "rubric": rubric,
            "possible_below": round(self.possible.value(), 2),
            "library_location": self.library.text().strip(),
            "redact": self.redact.isChecked(),
        }
        s = self.settings
        self.changed = {key for key, value in values.items() if getattr(s, key) != value}
        if "user_name" in self.changed and not values["user_name"] and s.user_name == login_name():
            self.changed.discard("user_name")  # empty means the login name, which it already is
        for key in self.changed:
            setattr(s, key, values[key])
        s.sync()
        super().accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
