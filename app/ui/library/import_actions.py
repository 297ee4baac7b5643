"""Where imported files come from: the file and folder dialogs, and files dropped on the window.

After the files, a small dialog asks who is on them: the agent's name (for the agent filter and reports) and,
for transcripts whose speakers are spk_0/SPEAKER_01 or people's names, which speaker is the agent (left empty,
it is chosen from what each says). The dialogs are plain functions (tests replace them); expanding folders and
hashing files happens later in the import job, off the GUI thread, so dropping a folder of a day's recordings
never blocks the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit, QWidget

from callcoach.transcripts import TRANSCRIPT_SUFFIXES
from callcoach.transcripts.speakers import SpeakerOptions
from callcoach.ui.settings import AppSettings


@dataclass(frozen=True)
class ImportChoice:
    """What the user said about the calls being imported."""

    agent: str | None = None  # the agent's name, for every call imported
    speakers: SpeakerOptions | None = None  # which speaker of a transcript is the agent; None: decided from it


def _patterns(suffixes: tuple[str, ...]) -> str:
    return " ".join(f"*{s}" for s in suffixes)


def call_file_filter() -> str:
    from callcoach.audio.decode import AUDIO_SUFFIXES

    both = AUDIO_SUFFIXES + TRANSCRIPT_SUFFIXES
    return ";;".join(
        (
            f"Calls ({_patterns(both)})",
            f"Recordings ({_patterns(AUDIO_SUFFIXES)})",
            f"Transcripts ({_patterns(TRANSCRIPT_SUFFIXES)})",
            "All files (*)",
        )
    )


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drag (web links and other data are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def ask_files(parent: QWidget | None, start: str = "") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Import calls", start, call_file_filter())
    return [Path(n) for n in names]


def ask_folder(parent: QWidget | None, start: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Import every call in a folder", start)
    return Path(name) if name else None


class ImportDialog(QDialog):
    """Agent name and agent speaker for the files being imported; both may stay empty."""

    def __init__(self, parent: QWidget | None, count: int, agent: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle("Import calls")
        self.agent = QLineEdit(agent)
        self.agent.setObjectName("import_agent")
        self.agent.setPlaceholderText("none (set it later with Call ▸ Assign agent…)")
        self.agent_speaker = QLineEdit()
        self.agent_speaker.setObjectName("import_agent_speaker")
        self.agent_speaker.setPlaceholderText("chosen from what each speaker says")
        self.agent_speaker.setToolTip(
            "For transcripts whose speakers are not named Agent and Customer: the agent as the file names them, "
            "e.g. spk_1, SPEAKER_00, B or a Zoom name"
        )
        form = QFormLayout(self)
        what = "this item" if count == 1 else f"these {count} items"
        form.addRow(QLabel(f"Import {what} into the library."))
        form.addRow("Agent on these calls:", self.agent)
        form.addRow("Agent speaker in transcripts:", self.agent_speaker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> ImportChoice:
        agent, speaker = self.agent.text().strip(), self.agent_speaker.text().strip()
        return ImportChoice(agent or None, SpeakerOptions(agent=speaker) if speaker else None)


def ask_import_choice(parent: QWidget | None, count: int, agent: str = "") -> ImportChoice | None:
    """Who is on the calls being imported; None when the user cancels the import."""
    dialog = ImportDialog(parent, count, agent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ImportActions(QObject):
    """The "Import files…" and "Import folder…" actions of the menu and toolbar; `paths_chosen` carries the pick."""

    paths_chosen = Signal(list, object)  # list[Path], ImportChoice

    def __init__(self, parent_widget: QWidget, settings: AppSettings) -> None:
        super().__init__(parent_widget)
        self._widget, self.settings = parent_widget, settings
        self.files = QAction("Import files…", self)
        self.files.setShortcut(QKeySequence.StandardKey.Open)
        self.files.setToolTip("Add recordings or transcripts to the library (Ctrl+O); you can also drop them here")
        self.files.triggered.connect(self.choose_files)
        self.folder = QAction("Import folder…", self)
        self.folder.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.folder.setToolTip("Add every recording and transcript in a folder and its subfolders")
        self.folder.triggered.connect(self.choose_folder)

    def choose_files(self) -> None:
        paths = ask_files(self._widget, self.settings.import_folder)
        if paths:
            self.settings.import_folder = str(paths[0].parent)
            self._chosen(paths)

    def choose_folder(self) -> None:
        folder = ask_folder(self._widget, self.settings.import_folder)
        if folder is not None:
            self.settings.import_folder = str(folder)
            self._chosen([folder])

    def _chosen(self, paths: list[Path]) -> None:
        choice = ask_import_choice(self._widget, len(paths))
        if choice is not None:
            self.paths_chosen.emit(paths, choice)
