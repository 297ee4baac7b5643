"""Where imported files come from: the file and folder dialogs, and files dropped on the window.

The dialogs are plain functions (tests replace them); expanding folders and hashing files happens later in
the import job, off the GUI thread, so dropping a folder of a day's recordings never blocks the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from callcoach.transcripts import TRANSCRIPT_SUFFIXES
from callcoach.ui.settings import AppSettings


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


class ImportActions(QObject):
    """The "Import files…" and "Import folder…" actions of the menu and toolbar; `paths_chosen` carries the pick."""

    paths_chosen = Signal(list)  # list[Path]

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
            self.paths_chosen.emit(paths)

    def choose_folder(self) -> None:
        folder = ask_folder(self._widget, self.settings.import_folder)
        if folder is not None:
            self.settings.import_folder = str(folder)
            self.paths_chosen.emit([folder])
