"""The dialogs outside importing: scorecard PDF, rubric file, library file, a model to process again with (tests
replace them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_scorecard_path(parent: QWidget | None, default: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Export PDF scorecard", str(default), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def ask_rubric(parent: QWidget | None, start: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Choose a rubric", start, "Rubric (*.toml);;All files (*)")
    return Path(name) if name else None


def ask_library_file(parent: QWidget | None, start: str = "") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Library file (an existing one, or a new name)",
        start,
        "CallCoach library (*.sqlite);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


def ask_model(parent: QWidget | None, models: list[str], current: str) -> str | None:
    """Which Whisper model to process a call again with (the current setting first)."""
    from PySide6.QtWidgets import QInputDialog

    choices = [current, *(m for m in models if m != current)]
    name, ok = QInputDialog.getItem(
        parent, "Process again", "Transcribe and analyse this call again with:", choices, 0, False
    )
    return name if ok and name else None
