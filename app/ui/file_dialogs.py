"""The save and open dialogs outside importing: scorecard PDF, rubric file, library file (tests replace them)."""

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
